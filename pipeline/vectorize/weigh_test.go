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
	}{
		{name: "no columns", cols: nil, norm: NormL2},
		{name: "counts, no norm", cols: []int{3, 1, 3, 3}, norm: NormNone, idx: []int{1, 3}, val: []float64{2, 12}},
		{name: "sublinear, no norm", cols: []int{3, 1, 3, 3}, sublinear: true, norm: NormNone, idx: []int{1, 3}, val: []float64{2, (1 + math.Log(3)) * 4}},
		{name: "l2", cols: []int{0, 2, 2}, norm: NormL2, idx: []int{0, 2}, val: l2(1, 6)},
		{name: "l1", cols: []int{0, 2, 2}, norm: NormL1, idx: []int{0, 2}, val: []float64{1.0 / 7, 6.0 / 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx, val := WeighColumns(slices.Clone(tt.cols), idf, tt.sublinear, tt.norm)
			if !slices.Equal(idx, tt.idx) || len(val) != len(tt.val) {
				t.Fatalf("WeighColumns = %v, %v; want %v, %v", idx, val, tt.idx, tt.val)
			}
			for k := range val {
				if math.Abs(val[k]-tt.val[k]) > 1e-12 {
					t.Errorf("val[%d] = %v, want %v", k, val[k], tt.val[k])
				}
			}
		})
	}
}
