package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
)

func TestLimitCPUs(t *testing.T) {
	prev := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(prev)
	tests := []struct {
		name    string
		workers int
		during  int
	}{
		{"fewer workers than CPUs lowers GOMAXPROCS", 1, 1},
		{"as many workers as CPUs leaves it", 4, 4},
		{"more workers than CPUs leaves it", 9, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			restore := limitCPUs(tc.workers)
			if got := runtime.GOMAXPROCS(0); got != tc.during {
				t.Errorf("GOMAXPROCS during the run = %d, want %d", got, tc.during)
			}
			restore()
			if got := runtime.GOMAXPROCS(0); got != 4 {
				t.Errorf("GOMAXPROCS after = %d, want 4 restored", got)
			}
		})
	}
}

func TestSetMemoryBudget(t *testing.T) {
	prevLimit := debug.SetMemoryLimit(-1)
	prevPercent := debug.SetGCPercent(100)
	defer func() {
		debug.SetMemoryLimit(prevLimit)
		debug.SetGCPercent(prevPercent)
	}()
	tests := []struct {
		name        string
		memLimit    string
		gogc        string
		input       int64
		resident    int64
		wantLimit   int64 // during the run; -1: unchanged
		wantPercent int   // during the run; 0: unchanged
	}{
		{"small corpus: the floor, GOGC off", "", "", 10 << 20, 0, MinMemoryLimit, -1},
		{"large corpus: 2.5 times the input, GOGC off", "", "", 1 << 30, 0, 5 << 29, -1},
		{"table in memory: its bytes on top of 2.5 times", "", "", 1 << 30, 3 << 29, 4 << 30, -1},
		{"small table in memory: on top of the floor", "", "", 1 << 20, 5 << 20, MinMemoryLimit + 5<<20, -1},
		{"GOGC set: the limit, GOGC kept", "", "50", 1 << 30, 0, 5 << 29, 0},
		{"GOMEMLIMIT set: both left to the runtime", "300MiB", "", 1 << 30, 1 << 30, -1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			beforeLimit := debug.SetMemoryLimit(-1)
			beforePercent := debug.SetGCPercent(100)
			restore := setMemoryBudget(tc.memLimit, tc.gogc, tc.input, tc.resident)
			wantLimit, wantPercent := tc.wantLimit, tc.wantPercent
			if wantLimit == -1 {
				wantLimit = beforeLimit
			}
			if wantPercent == 0 {
				wantPercent = 100
			}
			if got := debug.SetMemoryLimit(-1); got != wantLimit {
				t.Errorf("limit during the run %d, want %d", got, wantLimit)
			}
			if got := debug.SetGCPercent(wantPercent); got != wantPercent {
				t.Errorf("GC percent during the run %d, want %d", got, wantPercent)
			}
			restore()
			if got := debug.SetMemoryLimit(-1); got != beforeLimit {
				t.Errorf("limit after %d, want %d restored", got, beforeLimit)
			}
			if got := debug.SetGCPercent(100); got != 100 {
				t.Errorf("GC percent after %d, want 100 restored", got)
			}
			debug.SetGCPercent(beforePercent)
		})
	}
}

func TestReportInputBytes(t *testing.T) {
	dir := t.TempDir()
	if got := reportInputBytes(dir); got != 0 {
		t.Errorf("no provisions.csv: %d, want 0", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "provisions.csv"), make([]byte, 1234), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "stance.csv"), make([]byte, 99), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := reportInputBytes(dir); got != 1234 {
		t.Errorf("reportInputBytes = %d, want provisions.csv's 1234 bytes", got)
	}
}

func TestInputBytes(t *testing.T) {
	write := func(dir, name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	drafts := t.TempDir()
	write(drafts, "a@1.txt", "1. one provision.\n")
	write(drafts, "a@2.txt", "1. one provision, changed.\n")
	table := write(t.TempDir(), "t.csv", "doc_id,provision_id,text\nd,d:1,text\n")
	tests := []struct {
		name, path string
		want       int64
	}{
		{"directory of drafts: the drafts' files", drafts, int64(len("1. one provision.\n") + len("1. one provision, changed.\n"))},
		{"table: the table's file", table, int64(len("doc_id,provision_id,text\nd,d:1,text\n"))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := corpus.Load(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if got := inputBytes(c); got != tc.want {
				t.Errorf("inputBytes = %d, want %d", got, tc.want)
			}
		})
	}
}

// A corpus read from its files as the run goes has nothing resident; a provisions table has its
// rows in memory, at least their text.
func TestResidentBytes(t *testing.T) {
	drafts := t.TempDir()
	if err := os.WriteFile(filepath.Join(drafts, "a@1.txt"), []byte("1. one provision.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := corpus.Load(drafts)
	if err != nil {
		t.Fatal(err)
	}
	if got := residentBytes(c); got != 0 {
		t.Errorf("folder of drafts: %d resident bytes, want 0", got)
	}
	var b strings.Builder
	b.WriteString("doc_id,provision_id,text\n")
	text := strings.Repeat("States shall cooperate with all stakeholders. ", 20)
	for i := range 2000 {
		fmt.Fprintf(&b, "d%d,d%d:1,%s%d\n", i, i, text, i)
	}
	table := filepath.Join(t.TempDir(), "t.csv")
	if err := os.WriteFile(table, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err = corpus.Load(table)
	if err != nil {
		t.Fatal(err)
	}
	if got, min := residentBytes(c), int64(2000*len(text)); got < min {
		t.Errorf("table: %d resident bytes, want at least its texts' %d", got, min)
	}
	runtime.KeepAlive(c)
}
