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

func TestSetMemoryLimit(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(prev)
	tests := []struct {
		name  string
		env   string
		input int64
		want  int64 // during the run; -1: unchanged
	}{
		{"small corpus: the floor", "", 10 << 20, MinMemoryLimit},
		{"large corpus: 2.5 times the input", "", 1 << 30, 5 << 29},
		{"GOMEMLIMIT set: left to the runtime", "300MiB", 1 << 30, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := debug.SetMemoryLimit(-1)
			restore := setMemoryLimit(tc.env, tc.input)
			want := tc.want
			if want == -1 {
				want = before
			}
			if got := debug.SetMemoryLimit(-1); got != want {
				t.Errorf("limit during the run %d, want %d", got, want)
			}
			restore()
			if got := debug.SetMemoryLimit(-1); got != before {
				t.Errorf("limit after %d, want %d restored", got, before)
			}
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
