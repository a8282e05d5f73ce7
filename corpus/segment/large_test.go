package segment

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

const (
	fiveMB = 5 << 20
	oneMB  = 1 << 20 // the line-heavy cases are smaller to keep the suite fast
)

func repeatTo(unit string, n int) string {
	return strings.Repeat(unit, n/len(unit))
}

// TestLargeInputs segments large inputs built to stress each stage: 5 MB on one line with no
// newline, and 1 MB of many lines of furniture, markers, sub-items and hyphens. The time limit is generous
// (machines are shared, -race is slow); the measured durations are logged.
func TestLargeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs skipped in -short mode")
	}
	cases := []struct {
		name      string
		in        string
		provs     int // expected number of provisions; -1: do not check
		checkText bool
	}{
		{"5MB single line", repeatTo("States shall cooperate and share information. ", fiveMB), 1, true},
		{"5MB single line of markers", "1. " + repeatTo("(a) (i) 1. ", fiveMB), 1, true},
		{"1MB of page numbers", repeatTo("3\n", oneMB), 0, false},
		{"1MB of sub-items", "1. Text:\n" + repeatTo("(a) x;\n", oneMB), 1, false},
		{"1MB of top-level items", repeatTo("(a) x;\n", oneMB), -1, false},
		{"1MB of hyphenated lines", "1. " + repeatTo("infor-\n", oneMB), 1, false},
		{"1MB of form feeds and titles", repeatTo("\fCode of conduct\n", oneMB), 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			runtime.GC()
			start, cpu0 := time.Now(), cpuTime()
			res := Segment("big", tc.in, Options{})
			d, cpu := time.Since(start), cpuTime()-cpu0
			t.Logf("%s: %d bytes in %v wall, %v CPU (%.0f MB/s of CPU), %d provisions, %d warnings",
				tc.name, len(tc.in), d.Round(time.Millisecond), cpu.Round(time.Millisecond),
				float64(len(tc.in))/cpu.Seconds()/1e6, len(res.Provisions), len(res.Warnings))
			// CPU time (all threads, GC included) is stable on a loaded machine where wall time is not.
			if cpu > 3*time.Second || d > 30*time.Second {
				t.Errorf("took %v wall, %v CPU", d, cpu)
			}
			if len(res.Warnings) > 2*maxRepeatedWarnings+4 {
				t.Errorf("%d warnings: repeated warnings are not capped", len(res.Warnings))
			}
			if tc.provs >= 0 && len(res.Provisions) != tc.provs {
				t.Errorf("%d provisions, want %d", len(res.Provisions), tc.provs)
			}
			if tc.checkText && len(res.Provisions) == 1 && len(res.Provisions[0].Text) < len(tc.in)-100 {
				t.Errorf("provision text is %d bytes, want about 5 MB", len(res.Provisions[0].Text))
			}
			checkInvariants(t, "big", tc.in, res)
		})
	}
}
