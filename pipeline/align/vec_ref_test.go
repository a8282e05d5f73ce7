package align

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"testing"
)

// cleanSortedRef is cleanSorted as it was before its passes were joined (commit 0c4107c): the
// check, then a copy of the values normalised by normalize. TestCleanSortedMatchesRef and
// FuzzCleanSortedMatchesRef check that the two give the same vectors, bit for bit.
func cleanSortedRef(v SparseVec, n int, buf []float64) (unitVec, []float64, bool) {
	for i := 0; i < n; i++ {
		if x := v.Val[i]; x == 0 || math.IsNaN(x) || math.IsInf(x, 0) || i > 0 && v.Idx[i] <= v.Idx[i-1] {
			return unitVec{}, buf, false
		}
	}
	if n == 0 {
		return unitVec{}, buf, true
	}
	k := len(buf)
	buf = append(buf, v.Val[:n]...)
	return normalize(unitVec{idx: v.Idx[:n:n], val: buf[k:len(buf):len(buf)]}), buf, true
}

// checkCleanSorted fails t unless cleanSorted and cleanSortedRef agree on v: ok, indices and
// values bit for bit, and the values appended to a buffer that has some already.
func checkCleanSorted(t *testing.T, v SparseVec) {
	t.Helper()
	n := min(len(v.Idx), len(v.Val))
	prefix := []float64{0.5, -2}
	got, gbuf, gok := cleanSorted(v, n, slices.Clone(prefix))
	want, _, wok := cleanSortedRef(v, n, slices.Clone(prefix))
	same := gok == wok && slices.Equal(got.idx, want.idx) && len(got.val) == len(want.val)
	for k := 0; same && k < len(want.val); k++ {
		same = math.Float64bits(got.val[k]) == math.Float64bits(want.val[k])
	}
	if !same {
		t.Fatalf("cleanSorted(%v) = %v %v, want %v %v", v, got, gok, want, wok)
	}
	if !slices.Equal(gbuf[:len(prefix)], prefix) || (len(want.val) > 0 && !slices.Equal(gbuf[len(gbuf)-len(got.val):], got.val)) {
		t.Fatalf("cleanSorted(%v): buffer %v", v, gbuf)
	}
}

func TestCleanSortedMatchesRef(t *testing.T) {
	cases := []struct {
		name string
		v    SparseVec
	}{
		{"empty", SparseVec{}},
		{"one value", SparseVec{Idx: []int{3}, Val: []float64{0.25}}},
		{"unit already", SparseVec{Idx: []int{1, 2}, Val: []float64{0.6, 0.8}}},
		{"negative values", SparseVec{Idx: []int{0, 5, 9}, Val: []float64{-3, 1e-3, 7}}},
		{"huge values", SparseVec{Idx: []int{0, 1}, Val: []float64{1e308, -1e308}}},
		{"tiny values", SparseVec{Idx: []int{0, 1, 2}, Val: []float64{5e-324, 1e-320, 2e-310}}},
		{"zero value", SparseVec{Idx: []int{0, 1}, Val: []float64{1, 0}}},
		{"NaN", SparseVec{Idx: []int{0, 1}, Val: []float64{1, math.NaN()}}},
		{"infinity", SparseVec{Idx: []int{0, 1}, Val: []float64{math.Inf(-1), 1}}},
		{"indices not ascending", SparseVec{Idx: []int{2, 1}, Val: []float64{1, 1}}},
		{"repeated index", SparseVec{Idx: []int{2, 2}, Val: []float64{1, 1}}},
		{"more values than indices", SparseVec{Idx: []int{4}, Val: []float64{1, 2}}},
	}
	rng := rand.New(rand.NewSource(7))
	for k := range 50 {
		var v SparseVec
		for t := range rng.Intn(60) {
			v.Idx = append(v.Idx, 2*t+rng.Intn(2))
			v.Val = append(v.Val, (rng.Float64()-0.3)*math.Pow(10, float64(rng.Intn(20)-10)))
		}
		cases = append(cases, struct {
			name string
			v    SparseVec
		}{"random " + itoa(k), v})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkCleanSorted(t, tc.v) })
	}
}

func FuzzCleanSortedMatchesRef(f *testing.F) {
	f.Add(int64(1), uint8(10), 1.0)
	f.Add(int64(2), uint8(1), 1e300)
	f.Add(int64(3), uint8(40), 1e-300)
	f.Fuzz(func(t *testing.T, seed int64, n uint8, scale float64) {
		rng := rand.New(rand.NewSource(seed))
		var v SparseVec
		for k := range int(n % 80) {
			v.Idx = append(v.Idx, 3*k+rng.Intn(3))
			v.Val = append(v.Val, (rng.Float64()-0.2)*scale)
		}
		checkCleanSorted(t, v)
	})
}

// The builtin min and max give math.Min's and math.Max's answers, bit for bit, when one
// operand is finite (they differ for an infinity and a NaN: math.Max(+Inf, NaN) is +Inf), as
// in the clamps of dotUnit and parts (0, 1 and -1 with any value), whatever the other.
func TestBuiltinClamps(t *testing.T) {
	values := []float64{0, math.Copysign(0, -1), 0.5, -0.5, 1, -1, 1.5, -1.5, math.Inf(1), math.Inf(-1),
		math.NaN(), math.SmallestNonzeroFloat64, math.MaxFloat64}
	for _, x := range []float64{0, 1, -1} {
		for _, y := range values {
			t.Run(fmt.Sprint(x, "/", y), func(t *testing.T) {
				for _, xy := range [][2]float64{{x, y}, {y, x}} {
					a, b := xy[0], xy[1]
					if got, want := max(a, b), math.Max(a, b); math.Float64bits(got) != math.Float64bits(want) &&
						!(math.IsNaN(got) && math.IsNaN(want)) {
						t.Errorf("max(%v, %v) = %v, math.Max %v", a, b, got, want)
					}
					if got, want := min(a, b), math.Min(a, b); math.Float64bits(got) != math.Float64bits(want) &&
						!(math.IsNaN(got) && math.IsNaN(want)) {
						t.Errorf("min(%v, %v) = %v, math.Min %v", a, b, got, want)
					}
				}
			})
		}
	}
}
