package vectorize

import (
	"math"
	"slices"
	"testing"
)

func TestWeighColumns(t *testing.T) {
	idf := []float64{1, 2, 3, 4}
	l2 := func(v ...float64) []float64 {
		var s float64
		for _, x := range v {
			s += x * x
		}
		for i := range v {
			v[i] /= math.Sqrt(s)
		}
		return v
	}
	tests := []struct {
		name      string
		cols      []int
		sublinear bool
		norm      string
		idx       []int
		val       []float64
		idf       []float64 // nil: idf above
	}{
		{name: "no columns", cols: nil, norm: NormL2},
		{name: "counts, no norm", cols: []int{3, 1, 3, 3}, norm: NormNone, idx: []int{1, 3}, val: []float64{2, 12}},
		{name: "sublinear, no norm", cols: []int{3, 1, 3, 3}, sublinear: true, norm: NormNone, idx: []int{1, 3}, val: []float64{2, (1 + math.Log(3)) * 4}},
		{name: "l2", cols: []int{0, 2, 2}, norm: NormL2, idx: []int{0, 2}, val: l2(1, 6)},
		{name: "l1", cols: []int{0, 2, 2}, norm: NormL1, idx: []int{0, 2}, val: []float64{1.0 / 7, 6.0 / 7}},
		// A row whose weights are all zero has norm 0: it stays zero rather than becoming 0/0.
		{name: "zero row stays zero, l2", cols: []int{1, 0, 1}, norm: NormL2, idx: []int{0, 1}, val: []float64{0, 0}, idf: []float64{0, 0}},
		{name: "zero row stays zero, l1", cols: []int{1}, norm: NormL1, idx: []int{1}, val: []float64{0}, idf: []float64{5, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := idf
			if tt.idf != nil {
				w = tt.idf
			}
			idx, val := WeighColumns(slices.Clone(tt.cols), w, tt.sublinear, tt.norm)
			if !slices.Equal(idx, tt.idx) || len(val) != len(tt.val) {
				t.Fatalf("WeighColumns = %v, %v; want %v, %v", idx, val, tt.idx, tt.val)
			}
			for k := range val {
				if !(math.Abs(val[k]-tt.val[k]) <= 1e-12) {
					t.Errorf("val[%d] = %v, want %v", k, val[k], tt.val[k])
				}
			}
		})
	}
}

// WeighCounts gives the bits of 1+ln(count) times idf for every count, below the precomputed
// table's end (256), at it and above it, and for a count that is not a whole number; and the
// same row as WeighColumns given the columns one by one.
func TestWeighCountsSublinear(t *testing.T) {
	for _, tc := range []struct {
		name   string
		counts []float64
	}{
		{"table", []float64{1, 2, 3, 7, 100, 255}},
		{"past the table", []float64{256, 257, 1000, 123456}},
		{"not whole", []float64{1.5, 2.25}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idx := make([]int, len(tc.counts))
			idf := make([]float64, len(tc.counts))
			for k := range idx {
				idx[k] = k
				idf[k] = 1.25 + float64(k)
			}
			_, got := WeighCounts(idx, slices.Clone(tc.counts), idf, true, NormNone)
			for k, c := range tc.counts {
				if want := (1 + math.Log(c)) * idf[k]; math.Float64bits(got[k]) != math.Float64bits(want) {
					t.Errorf("count %v: %v, want %v", c, got[k], want)
				}
			}
		})
	}
	var cols []int
	counts := []float64{1, 3, 300, 2}
	for j, c := range counts {
		for range int(c) {
			cols = append(cols, j)
		}
	}
	idf := []float64{1.5, 2, 0.5, 3}
	wi, wv := WeighColumns(cols, idf, true, NormL2)
	ci, cv := WeighCounts([]int{0, 1, 2, 3}, slices.Clone(counts), idf, true, NormL2)
	if !slices.Equal(wi, ci) || !slices.Equal(wv, cv) {
		t.Errorf("WeighColumns %v %v, WeighCounts %v %v", wi, wv, ci, cv)
	}
	if i, v := WeighCounts(nil, nil, idf, true, NormL2); i != nil || v != nil {
		t.Errorf("no column: %v %v", i, v)
	}
}
