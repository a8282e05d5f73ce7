package reuse

import (
	"math"
	"math/rand/v2"
	"testing"
)

// refCell, refBetter and alignIDsRef are alignIDs as it was before alignInt (commit f0a15fa),
// kept as the reference the fast path is checked against.
type refCell struct {
	s      float64
	ident  int32
	si, sj int32
}

func refBetter(x, y refCell) bool {
	if x.s != y.s {
		return x.s > y.s
	}
	return x.ident > y.ident
}

func alignIDsRef(a, b []uint64, sc *scorer) local {
	m := len(b)
	emptyCell := refCell{si: -1, sj: -1}
	row := make([]refCell, m+1)
	frow := make([]refCell, m+1)
	negInf := refCell{s: -1e308, si: -1, sj: -1}
	for j := range row {
		row[j] = emptyCell
		frow[j] = negInf
	}
	best := emptyCell
	bi, bj := 0, 0
	for i := 1; i <= len(a); i++ {
		ai := a[i-1]
		diag := row[0]
		row[0] = emptyCell
		e := negInf
		for j := 1; j <= m; j++ {
			up := row[j]
			eo := row[j-1]
			eo.s += sc.open
			e.s += sc.extend
			if refBetter(eo, e) {
				e = eo
			}
			f := frow[j]
			f.s += sc.extend
			fo := up
			fo.s += sc.open
			if refBetter(fo, f) {
				f = fo
			}
			frow[j] = f
			h := diag
			if h.si < 0 {
				h.si, h.sj = int32(i-1), int32(j-1)
			}
			if ai == b[j-1] {
				h.s += sc.match
				h.ident++
			} else {
				h.s += sc.mismatch
			}
			if refBetter(e, h) {
				h = e
			}
			if refBetter(f, h) {
				h = f
			}
			if !(h.s > 0) {
				h = emptyCell
			}
			diag = up
			row[j] = h
			if refBetter(h, best) {
				best, bi, bj = h, i, j
			}
		}
	}
	if best.si < 0 {
		return local{}
	}
	return local{score: best.s, aStart: int(best.si), aEnd: bi, bStart: int(best.sj), bEnd: bj,
		ident: int(best.ident)}
}

func TestIntSteps(t *testing.T) {
	tests := []struct {
		name   string
		sc     scorer
		la, lb int
		ok     bool
		unit   float64
	}{
		{"defaults, halves", scorer{match: 2, mismatch: -0.5, open: -1, extend: -0.5}, 10, 10, true, 0.5},
		{"whole numbers", scorer{match: 3, mismatch: -1, open: -4, extend: -1}, 10, 10, true, 1},
		{"quarters", scorer{match: 1, mismatch: -2, open: -2, extend: -0.25}, 10, 10, true, 0.25},
		{"2^-20", scorer{match: 1, mismatch: -1, open: -1, extend: math.Ldexp(-1, -20)}, 10, 10, true, math.Ldexp(1, -20)},
		{"2^-21 is too fine", scorer{match: 1, mismatch: -1, open: -1, extend: math.Ldexp(-1, -21)}, 10, 10, false, 0},
		{"tenths are not dyadic", scorer{match: 2, mismatch: -0.3, open: -1, extend: -0.5}, 10, 10, false, 0},
		{"too large a step", scorer{match: 1 << 21, mismatch: -1, open: -1, extend: -1}, 10, 10, false, 0},
		{"NaN", scorer{match: math.NaN(), mismatch: -1, open: -1, extend: -1}, 10, 10, false, 0},
		{"infinite gap", scorer{match: 2, mismatch: -1, open: math.Inf(-1), extend: -1}, 10, 10, false, 0},
		{"inputs at the word limit", scorer{match: 2, mismatch: -0.5, open: -1, extend: -0.5}, 1 << 20, 1 << 20, false, 0},
		{"inputs below the word limit", scorer{match: 2, mismatch: -0.5, open: -1, extend: -0.5}, 1 << 20, 1<<20 - 1, true, 0.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, ok := tc.sc.intSteps(tc.la, tc.lb)
			if ok != tc.ok || (ok && st.unit != tc.unit) {
				t.Fatalf("intSteps = %+v, %v; want ok %v, unit %v", st, ok, tc.ok, tc.unit)
			}
			if ok {
				units := func(k int64) float64 { return float64(k>>identBits) * st.unit }
				if units(st.match) != tc.sc.match || st.match&(1<<identBits-1) != 1 || units(st.mismatch) != tc.sc.mismatch ||
					units(st.open) != tc.sc.open || units(st.extend) != tc.sc.extend {
					t.Errorf("steps %+v do not give back %+v", st, tc.sc)
				}
			}
		})
	}
}

// refSettings are score settings for the comparison with alignIDsRef: the defaults, the
// settings of TestAlignOracle, fine powers of two, and settings that are not multiples of a
// power of two (alignFloat's path).
var refSettings = []scorer{
	{match: 2, mismatch: -0.5, open: -1, extend: -0.5},
	{match: 2, mismatch: -1, open: -3, extend: -0.5},
	{match: 1, mismatch: -2, open: -2, extend: -0.25},
	{match: 3, mismatch: -0.25, open: -0.5, extend: -0.5},
	{match: 1, mismatch: -0.0078125, open: -0.5, extend: -0.001953125},
	{match: 2, mismatch: -0.3, open: -1.1, extend: -0.7},
	{match: 0.1, mismatch: -0.2, open: -0.3, extend: -0.1},
}

// TestAlignIDsMatchesReference compares alignIDs, with buffers reused across calls, with the
// reference on random sequences over small alphabets (frequent matches, gaps and ties) and
// over large ones, for every setting of refSettings.
func TestAlignIDsMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var row, frow []cell
	for _, sc := range refSettings {
		for k := 0; k < 400; k++ {
			alphabet := []int{1, 2, 3, 5, 50}[k%5]
			a, b := randIDs(r, r.IntN(40), alphabet), randIDs(r, r.IntN(40), alphabet)
			var got local
			got, row, frow = alignIDs(a, b, &sc, row, frow)
			if want := alignIDsRef(a, b, &sc); got != want {
				t.Fatalf("%+v a=%v b=%v: %+v, reference %+v", sc, a, b, got, want)
			}
		}
	}
}

// FuzzAlignIDs compares alignIDs with the reference on fuzzed sequences (bytes modulo the
// alphabet size) and fuzzed scores (whole numbers over 2^k, or, with odd set, a setting that
// is not a multiple of a power of two).
func FuzzAlignIDs(f *testing.F) {
	f.Add([]byte("abcabcabd"), []byte("abdabc"), uint8(3), int8(4), int8(-1), int8(-2), int8(-1), uint8(1), false)
	f.Add([]byte("aaaa"), []byte("aa"), uint8(1), int8(1), int8(-1), int8(-1), int8(-1), uint8(0), true)
	f.Add([]byte{}, []byte("x"), uint8(2), int8(2), int8(0), int8(0), int8(0), uint8(5), false)
	f.Fuzz(func(t *testing.T, x, y []byte, alphabet uint8, match, mismatch, open, extend int8, k uint8, odd bool) {
		if alphabet == 0 {
			alphabet = 1
		}
		ids := func(p []byte) []uint64 {
			out := make([]uint64, len(p))
			for i, c := range p {
				out[i] = uint64(c % alphabet)
			}
			return out
		}
		a, b := ids(x), ids(y)
		scale := math.Ldexp(1, -int(k%12))
		sc := scorer{match: float64(match) * scale, mismatch: float64(mismatch) * scale,
			open: float64(open) * scale, extend: float64(extend) * scale}
		if odd {
			sc.mismatch -= 0.3
		}
		got, _, _ := alignIDs(a, b, &sc, nil, nil)
		if want := alignIDsRef(a, b, &sc); got != want {
			t.Fatalf("%+v a=%v b=%v: %+v, reference %+v", sc, a, b, got, want)
		}
	})
}
