package main

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
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
		wantLimit   int64 // during the run; -1: unchanged
		wantPercent int   // during the run; 0: unchanged
	}{
		{"small corpus: the floor, GOGC off", "", "", 10 << 20, MinMemoryLimit, -1},
		{"large corpus: 2.5 times the input, GOGC off", "", "", 1 << 30, 5 << 29, -1},
		{"GOGC set: the limit, GOGC kept", "", "50", 1 << 30, 5 << 29, 0},
		{"GOMEMLIMIT set: both left to the runtime", "300MiB", "", 1 << 30, -1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			beforeLimit := debug.SetMemoryLimit(-1)
			beforePercent := debug.SetGCPercent(100)
			restore := setMemoryBudget(tc.memLimit, tc.gogc, tc.input)
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
