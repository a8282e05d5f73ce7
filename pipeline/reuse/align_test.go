package reuse

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// noStop scores every word alike, for tests of the bare algorithm.
var noStop = Options{StopWords: map[string]bool{}}

func TestLocalAlign(t *testing.T) {
	tests := []struct {
		name      string
		a, b      string
		opt       Options
		score     float64
		aS, aE    int
		bS, bE    int
		aligned   int
		wantPassA string // a's aligned words joined by spaces
		wantPassB string
	}{
		{name: "identical", a: "alpha beta gamma delta", b: "alpha beta gamma delta", opt: noStop,
			score: 8, aS: 0, aE: 4, bS: 0, bE: 4, aligned: 4},
		{name: "disjoint", a: "alpha beta", b: "gamma delta", opt: noStop},
		{name: "empty", a: "", b: "alpha", opt: noStop},
		{name: "one inserted word", a: "alpha beta gamma delta", b: "alpha beta extra gamma delta", opt: noStop,
			// 4 matches (8) and one gap of one word (GapOpen -1).
			score: 7, aS: 0, aE: 4, bS: 0, bE: 5, aligned: 4},
		{name: "substitution", a: "alpha beta gamma delta", b: "alpha beta other delta", opt: noStop,
			// 3 matches and a substitution (-0.5): cheaper than two gaps (-2).
			score: 5.5, aS: 0, aE: 4, bS: 0, bE: 4, aligned: 3},
		{name: "dear substitution gives way to gaps", a: "alpha beta gamma delta", b: "alpha beta other delta", opt: Options{StopWords: map[string]bool{}, Mismatch: -3},
			score: 4, aS: 0, aE: 4, bS: 0, bE: 4, aligned: 3},
		{name: "gap open vs extend: one long gap", a: "a1 a2 a3 a4 a5 a6", b: "a1 a2 a3 x1 x2 x3 x4 a4 a5 a6", opt: Options{StopWords: map[string]bool{}, GapOpen: -3, GapExtend: -0.25},
			// 6 matches (12) and one 4-word gap: -3 - 3*0.25 = -3.75.
			score: 8.25, aS: 0, aE: 6, bS: 0, bE: 10, aligned: 6},
		{name: "gap open vs extend: open too dear", a: "a1 a2 a3 a4 a5 a6", b: "a1 a2 a3 x1 x2 x3 x4 a4 a5 a6", opt: Options{StopWords: map[string]bool{}, GapOpen: -7, GapExtend: -0.25},
			// the gap (-7.75) costs more than the three words it joins gain: best is one half.
			score: 6, aS: 0, aE: 3, bS: 0, bE: 3, aligned: 3},
		{name: "case and punctuation", a: "The Internet, GOVERNANCE.", b: "the internet governance", opt: noStop,
			score: 6, aS: 0, aE: 3, bS: 0, bE: 3, aligned: 3},
		{name: "stop words neither score nor cost", a: "equal role of the internet", b: "equal role internet",
			// default stop words drop "of the": three matches, no gap.
			score: 6, aS: 0, aE: 5, bS: 0, bE: 3, aligned: 3},
		{name: "stop words score when not listed", a: "equal role of the internet", b: "equal role internet", opt: noStop,
			score: 4 + 2 - 1.5, aS: 0, aE: 5, bS: 0, bE: 3, aligned: 3},
		{name: "local window inside noise", a: "x y z norms derived from existing law q", b: "p norms derived from existing law r s", opt: noStop,
			score: 10, aS: 3, aE: 8, bS: 1, bE: 6, aligned: 5},
		{name: "stems off", a: "technologies developed", b: "technology developing", opt: noStop},
		{name: "stems on", a: "technologies developed", b: "technology developing", opt: Options{StopWords: map[string]bool{}, Stem: true},
			score: 4, aS: 0, aE: 2, bS: 0, bE: 2, aligned: 2},
		{name: "tokens that are not words are skipped", a: "alpha , . beta", b: "alpha beta", opt: noStop,
			score: 4, aS: 0, aE: 4, bS: 0, bE: 2, aligned: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := strings.Fields(tc.a), strings.Fields(tc.b)
			wa, wb := toWords(a), toWords(b)
			score, aS, aE, bS, bE, n := LocalAlign(wa, wb, tc.opt)
			if score != tc.score || aS != tc.aS || aE != tc.aE || bS != tc.bS || bE != tc.bE || n != tc.aligned {
				t.Errorf("LocalAlign = %v [%d,%d) [%d,%d) %d, want %v [%d,%d) [%d,%d) %d",
					score, aS, aE, bS, bE, n, tc.score, tc.aS, tc.aE, tc.bS, tc.bE, tc.aligned)
			}
			// Symmetry: the score does not depend on the order of the arguments.
			if s2, _, _, _, _, n2 := LocalAlign(wb, wa, tc.opt); s2 != score || n2 != n {
				t.Errorf("swapped: %v %d, want %v %d", s2, n2, score, n)
			}
		})
	}
}

// toWords makes words of already split pieces (offsets into their concatenation with spaces).
func toWords(pieces []string) []Word {
	var out []Word
	off := 0
	for _, p := range pieces {
		out = append(out, Word{Text: p, Start: off, End: off + len(p)})
		off += len(p) + 1
	}
	return out
}

// globalAffine is the full-matrix Gotoh global alignment score of a and b (the oracle's
// building block): the best alignment using all of both.
func globalAffine(a, b []uint64, sc scorer) float64 {
	n, m := len(a), len(b)
	inf := math.Inf(-1)
	H := make([][]float64, n+1)
	E := make([][]float64, n+1)
	F := make([][]float64, n+1)
	for i := range H {
		H[i], E[i], F[i] = make([]float64, m+1), make([]float64, m+1), make([]float64, m+1)
	}
	gap := func(k int) float64 { return sc.open + float64(k-1)*sc.extend }
	for i := 0; i <= n; i++ {
		for j := 0; j <= m; j++ {
			switch {
			case i == 0 && j == 0:
				H[0][0], E[0][0], F[0][0] = 0, inf, inf
				continue
			case i == 0:
				E[0][j], F[0][j], H[0][j] = gap(j), inf, gap(j)
				continue
			case j == 0:
				F[i][0], E[i][0], H[i][0] = gap(i), inf, gap(i)
				continue
			}
			E[i][j] = math.Max(E[i][j-1]+sc.extend, H[i][j-1]+sc.open)
			F[i][j] = math.Max(F[i-1][j]+sc.extend, H[i-1][j]+sc.open)
			s := sc.mismatch
			if a[i-1] == b[j-1] {
				s = sc.match
			}
			H[i][j] = math.Max(H[i-1][j-1]+s, math.Max(E[i][j], F[i][j]))
		}
	}
	return H[n][m]
}

// bruteLocal is the best local alignment score by brute force: the best global score over
// every pair of non-empty windows (0 when none is positive).
func bruteLocal(a, b []uint64, sc scorer) float64 {
	best := 0.0
	for i0 := 0; i0 < len(a); i0++ {
		for i1 := i0 + 1; i1 <= len(a); i1++ {
			for j0 := 0; j0 < len(b); j0++ {
				for j1 := j0 + 1; j1 <= len(b); j1++ {
					best = math.Max(best, globalAffine(a[i0:i1], b[j0:j1], sc))
				}
			}
		}
	}
	return best
}

// TestAlignOracle checks the linear-memory alignment against brute force over every window
// with full Gotoh matrices, on random small inputs over small alphabets (so that matches,
// gaps and ties are frequent), for several score settings.
func TestAlignOracle(t *testing.T) {
	settings := []scorer{
		{match: 2, mismatch: -0.5, open: -1, extend: -0.5},
		{match: 2, mismatch: -1, open: -3, extend: -0.5},
		{match: 1, mismatch: -2, open: -2, extend: -0.25},
		{match: 3, mismatch: -0.25, open: -0.5, extend: -0.5},
	}
	r := rand.New(rand.NewPCG(1, 2))
	cases := 0
	for _, sc := range settings {
		for k := 0; k < 300; k++ {
			a := randIDs(r, 1+r.IntN(7), 1+r.IntN(4))
			b := randIDs(r, 1+r.IntN(7), 1+r.IntN(4))
			l, _, _ := alignIDs(a, b, &sc, nil, nil)
			want := bruteLocal(a, b, sc)
			if l.score != want {
				t.Fatalf("%+v a=%v b=%v: score %v, brute force %v", sc, a, b, l.score, want)
			}
			if want == 0 {
				if l != (local{}) {
					t.Fatalf("a=%v b=%v: empty alignment expected, got %+v", a, b, l)
				}
				continue
			}
			// The reported windows hold an alignment of the best score, start and end on a
			// match, and the number of matches cannot exceed either window.
			if g := globalAffine(a[l.aStart:l.aEnd], b[l.bStart:l.bEnd], sc); g != want {
				t.Fatalf("a=%v b=%v: window %+v scores %v globally, want %v", a, b, l, g, want)
			}
			if a[l.aStart] != b[l.bStart] || a[l.aEnd-1] != b[l.bEnd-1] {
				t.Fatalf("a=%v b=%v: window %+v does not start and end on a match", a, b, l)
			}
			if l.ident < 1 || l.ident > min(l.aEnd-l.aStart, l.bEnd-l.bStart) {
				t.Fatalf("a=%v b=%v: %d matches in %+v", a, b, l.ident, l)
			}
			cases++
		}
	}
	t.Logf("%d non-empty alignments checked", cases)
}

func randIDs(r *rand.Rand, n, alphabet int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = uint64(r.IntN(alphabet))
	}
	return out
}

// TestAlignReusesBuffers checks that reusing the rows across calls of different sizes gives
// the same results as fresh rows.
func TestAlignReusesBuffers(t *testing.T) {
	sc := newScorer(&Options{Match: 2, Mismatch: -0.5, GapOpen: -1, GapExtend: -0.5})
	r := rand.New(rand.NewPCG(3, 4))
	var row, frow []cell
	for k := 0; k < 200; k++ {
		a, b := randIDs(r, 1+r.IntN(30), 5), randIDs(r, 1+r.IntN(30), 5)
		var got local
		got, row, frow = alignIDs(a, b, &sc, row, frow)
		want, _, _ := alignIDs(a, b, &sc, nil, nil)
		if got != want {
			t.Fatalf("a=%v b=%v: reused %+v, fresh %+v", a, b, got, want)
		}
	}
}

func FuzzLocalAlign(f *testing.F) {
	f.Add("all governments should have an equal role", "All States must play the same role", false)
	f.Add("", "x", true)
	f.Add("a a a a", "a a", false)
	f.Add("[i]nternational law, \u00e9t\u00e9 \xff\xfe", "international LAW ete", true)
	f.Fuzz(func(t *testing.T, x, y string, stem bool) {
		a, b := Tokenize(x), Tokenize(y)
		opt := Options{StopWords: map[string]bool{}, Stem: stem}
		score, aS, aE, bS, bE, n := LocalAlign(a, b, opt)
		if score < 0 || math.IsNaN(score) {
			t.Fatalf("score %v", score)
		}
		if aS < 0 || aS > aE || aE > len(a) || bS < 0 || bS > bE || bE > len(b) {
			t.Fatalf("ranges [%d,%d) of %d, [%d,%d) of %d", aS, aE, len(a), bS, bE, len(b))
		}
		if n > min(aE-aS, bE-bS) || (score > 0) != (n > 0) {
			t.Fatalf("score %v with %d matches in [%d,%d) [%d,%d)", score, n, aS, aE, bS, bE)
		}
		if s2, _, _, _, _, n2 := LocalAlign(b, a, opt); s2 != score || n2 != n {
			t.Fatalf("not symmetric: %v/%d vs %v/%d", score, n, s2, n2)
		}
		// A text aligned with itself matches all its words.
		in := newInterner(func() *Options { o := opt.withDefaults(); return &o }())
		k := len(in.prepare(a, -1).ids)
		if s, _, _, _, _, m := LocalAlign(a, a, opt); m != k || s != DefaultMatch*float64(k) {
			t.Fatalf("self alignment: %v/%d, want %v/%d", s, m, DefaultMatch*float64(k), k)
		}
	})
}

func BenchmarkLocalAlign(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	mk := func(n int) []Word {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = "w" + string(rune('a'+r.IntN(26))) + string(rune('a'+r.IntN(26)))
		}
		return toWords(ws)
	}
	x, y := mk(200), mk(200)
	opt := Options{StopWords: map[string]bool{}}
	b.ReportAllocs()
	for b.Loop() {
		LocalAlign(x, y, opt)
	}
}
