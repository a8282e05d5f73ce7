package main

import (
	"runtime"
	"testing"
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
