package report

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// presenceFixture is n instruments of versions documents each ("i<k>-v<j>"), with concept "a"
// mentioned first[k] times in the first version and last[k] times in every later one.
func presenceFixture(versions int, first, last []float64) ([]*instView, map[string][]float64) {
	var ivs []*instView
	var row []float64
	for k := range first {
		iv := &instView{Name: fmt.Sprintf("i%d", k)}
		for j := range versions {
			iv.Versions = append(iv.Versions, versionView{DocID: fmt.Sprintf("i%d-v%d", k, j)})
			if j == 0 {
				row = append(row, first[k])
			} else {
				row = append(row, last[k])
			}
		}
		ivs = append(ivs, iv)
	}
	return ivs, map[string][]float64{"a": row}
}

func names(ivs []*instView) []string {
	var out []string
	for _, iv := range ivs {
		out = append(out, iv.Name)
	}
	return out
}

func TestLimitPresence(t *testing.T) {
	tests := []struct {
		name        string
		versions    int
		first, last []float64
		counts      bool
		max         int
		want        []string
		wantRow     []float64 // the selection's counts of "a"
		wantNote    string    // substring; "" means no note
	}{
		{"under the cap: all", 2, []float64{0, 1, 2}, []float64{0, 1, 2}, true, 6, []string{"i0", "i1", "i2"}, []float64{0, 0, 1, 1, 2, 2}, ""},
		{"over the cap: the most changed, in corpus order", 2, []float64{0, 5, 1, 0}, []float64{0, 0, 4, 1}, true, 4, []string{"i1", "i2"}, []float64{5, 0, 1, 4}, "the 2 instruments (of 4)"},
		{"equal change: more mentions first", 2, []float64{1, 4, 0}, []float64{2, 5, 0}, true, 2, []string{"i1"}, []float64{4, 5}, "the 1 instrument (of 3)"},
		{"no change at all: corpus order", 2, []float64{0, 0, 0}, []float64{0, 0, 0}, true, 4, []string{"i0", "i1"}, nil, "(of 3)"},
		{"one instrument wider than the cap is kept alone", 5, []float64{1, 9}, []float64{1, 0}, true, 3, []string{"i1"}, []float64{9, 0, 0, 0, 0}, "the 1 instrument (of 2)"},
		{"key phrases: the first instruments", 2, []float64{0, 5, 1}, []float64{0, 0, 4}, false, 4, []string{"i0", "i1"}, nil, "the first 2 instruments (of 3)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ivs, counts := presenceFixture(tc.versions, tc.first, tc.last)
			if !tc.counts {
				counts = nil
			}
			sel, selCounts, note := limitPresence(ivs, counts, tc.max)
			if got := names(sel); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("instruments %v, want %v", got, tc.want)
			}
			if got := selCounts["a"]; !reflect.DeepEqual(got, tc.wantRow) {
				t.Errorf("counts of a %v, want %v", got, tc.wantRow)
			}
			if (tc.wantNote == "") != (note == "") || !strings.Contains(note, tc.wantNote) {
				t.Errorf("note %q, want one containing %q", note, tc.wantNote)
			}
		})
	}
}

func TestPresenceChartTitleSaysSelection(t *testing.T) {
	n := MaxHeatMapDocuments/2 + 1 // two versions each: one instrument too many
	first, last := make([]float64, n), make([]float64, n)
	for k := range first {
		first[k], last[k] = 1, float64(k%3)
	}
	ivs, counts := presenceFixture(2, first, last)
	_, _, title, alt, _, _, ok := presenceChartOf(ivs, counts, nil)
	if !ok {
		t.Fatal("no chart")
	}
	for _, s := range []string{title, alt} {
		if !strings.Contains(s, fmt.Sprintf("(of %d)", n)) {
			t.Errorf("%q does not say that a selection is shown", s)
		}
	}
}
