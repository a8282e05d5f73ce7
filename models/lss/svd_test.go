package lss

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"
)

// denseToCSR stores every non-zero of d in a CSR.
func denseToCSR(d *mat.Dense) *sparse.CSR {
	r, c := d.Dims()
	indptr := []int{0}
	var ind []int
	var data []float64
	for i := range r {
		for j := range c {
			if x := d.At(i, j); x != 0 {
				ind = append(ind, j)
				data = append(data, x)
			}
		}
		indptr = append(indptr, len(ind))
	}
	return sparse.NewCSR(r, c, indptr, ind, data)
}

// gapMatrix is U diag(s) V' with random orthonormal U (r x len(s)) and V (c x len(s)).
func gapMatrix(r, c int, s []float64, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 1))
	orth := func(rows, cols int) *mat.Dense {
		g := mat.NewDense(rows, cols, nil)
		for i := range rows {
			for j := range cols {
				g.Set(i, j, rng.NormFloat64())
			}
		}
		var qr mat.QR
		qr.Factorize(g)
		var q mat.Dense
		qr.QTo(&q)
		return mat.DenseCopyOf(q.Slice(0, rows, 0, cols))
	}
	u, v := orth(r, len(s)), orth(c, len(s))
	var us mat.Dense
	us.Mul(u, mat.NewDiagDense(len(s), s))
	var a mat.Dense
	a.Mul(&us, v.T())
	return &a
}

// randomSparse is an r x c matrix with about perRow non-zero counts (1..3) per row, columns
// drawn with a Zipf-like skew as in text.
func randomSparse(r, c, perRow int, seed uint64) *sparse.CSR {
	rng := rand.New(rand.NewPCG(seed, 2))
	indptr := make([]int, 1, r+1)
	var ind []int
	var data []float64
	cols := make([]int, 0, perRow)
	for range r {
		cols = cols[:0]
		for range perRow {
			// Skewed column choice: squares of uniforms favour low indices.
			u := rng.Float64()
			cols = append(cols, int(u*u*float64(c)))
		}
		slices.Sort(cols)
		cols = slices.Compact(cols)
		for _, j := range cols {
			ind = append(ind, j)
			data = append(data, float64(1+rng.IntN(3)))
		}
		indptr = append(indptr, len(ind))
	}
	return sparse.NewCSR(r, c, indptr, ind, data)
}

// maxOrthError is max |Q'Q - I| over the entries.
func maxOrthError(q *mat.Dense) float64 {
	_, k := q.Dims()
	var g mat.Dense
	g.Mul(q.T(), q)
	worst := 0.0
	for i := range k {
		for j := range k {
			want := 0.0
			if i == j {
				want = 1
			}
			worst = max(worst, math.Abs(g.At(i, j)-want))
		}
	}
	return worst
}

// sinLargestAngle is the sine of the largest principal angle between the column spaces of two
// matrices with orthonormal columns.
func sinLargestAngle(a, b *mat.Dense) float64 {
	var g mat.Dense
	g.Mul(a.T(), b)
	var svd mat.SVD
	if !svd.Factorize(&g, mat.SVDNone) {
		return math.NaN()
	}
	s := svd.Values(nil)
	c := min(s[len(s)-1], 1)
	return math.Sqrt(1 - c*c)
}

// residual is ||A - U S V'||_F.
func residual(a *mat.Dense, u *mat.Dense, s []float64, v *mat.Dense) float64 {
	var us mat.Dense
	us.Mul(u, mat.NewDiagDense(len(s), s))
	var approx mat.Dense
	approx.Mul(&us, v.T())
	approx.Sub(a, &approx)
	return mat.Norm(&approx, 2)
}

func TestRandomizedSVDMatchesExactOnSpectralGap(t *testing.T) {
	tests := []struct {
		name string
		r, c int
		s    []float64
		k    int
	}{
		{"tall rank 5 of 5", 80, 40, []float64{100, 70, 50, 30, 20}, 5},
		{"wide gap after 4", 30, 90, []float64{50, 40, 30, 20, 1e-3, 1e-3, 5e-4}, 4},
		{"square gap after 3 with tail", 60, 60, []float64{9, 6, 3, 0.01, 0.009, 0.008, 0.007, 0.006, 0.005, 0.004, 0.003, 0.002, 0.001, 0.001, 0.001}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := gapMatrix(tc.r, tc.c, tc.s, 7)
			sa := denseToCSR(a)
			eu, es, ev := ExactSVD(sa, tc.k)
			ru, rs, rv := RandomizedSVD(sa, tc.k, SVDOptions{Seed: 1})
			if len(rs) != tc.k || len(es) != tc.k {
				t.Fatalf("got %d randomized and %d exact values, want %d", len(rs), len(es), tc.k)
			}
			worst := 0.0
			for i := range tc.k {
				worst = max(worst, math.Abs(rs[i]-es[i])/es[i])
				if rel := math.Abs(rs[i]-es[i]) / es[i]; rel > 1e-6 {
					t.Errorf("sigma_%d: randomized %v exact %v (rel %.2g)", i, rs[i], es[i], rel)
				}
				if rel := math.Abs(es[i]-tc.s[i]) / tc.s[i]; rel > 1e-9 {
					t.Errorf("sigma_%d: exact %v planted %v", i, es[i], tc.s[i])
				}
			}
			t.Logf("max relative sigma error %.2g, sin(angle) V %.2g U %.2g", worst, sinLargestAngle(rv, ev), sinLargestAngle(ru, eu))
			if a := sinLargestAngle(rv, ev); a > 1e-6 {
				t.Errorf("right subspaces: sin(largest angle) = %.3g", a)
			}
			if a := sinLargestAngle(ru, eu); a > 1e-6 {
				t.Errorf("left subspaces: sin(largest angle) = %.3g", a)
			}
			// Distinct singular values and canonical signs: the vectors themselves agree.
			var diff mat.Dense
			diff.Sub(rv, ev)
			if d := mat.Norm(&diff, math.Inf(1)); d > 1e-6 {
				t.Errorf("V differs from the exact V by %.3g (max row sum)", d)
			}
		})
	}
}

func TestRandomizedSVDSparseText(t *testing.T) {
	tests := []struct {
		name      string
		r, c, per int
		k         int
		opt       SVDOptions
		// maxExcess bounds ||A - A_k||_F / optimum - 1 (optimum from the exact SVD).
		maxExcess float64
	}{
		{"default q=2 k=10", 300, 200, 8, 10, SVDOptions{Seed: 3}, 0.01},
		{"q=0 k=10 is looser", 300, 200, 8, 10, SVDOptions{Seed: 3, PowerIters: -1}, 0.1},
		{"k near min dim", 120, 40, 6, 35, SVDOptions{Seed: 3}, 1e-6},
		{"k above min dim is clamped", 50, 20, 5, 100, SVDOptions{Seed: 3}, 1e-6},
		{"wide: basis on the rows' side", 200, 700, 12, 20, SVDOptions{Seed: 3}, 0.01},
		{"wide, k near min dim", 40, 150, 9, 36, SVDOptions{Seed: 3}, 1e-6},
		{"several Gram chunks", 3000, 400, 12, 30, SVDOptions{Seed: 3, Workers: 2}, 0.02},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := randomSparse(tc.r, tc.c, tc.per, 11)
			dense := a.ToDense()
			u, s, v := RandomizedSVD(a, tc.k, tc.opt)
			k := min(tc.k, tc.r, tc.c)
			if ur, uc := u.Dims(); ur != tc.r || uc != k {
				t.Fatalf("u is %d x %d, want %d x %d", ur, uc, tc.r, k)
			}
			if vr, vc := v.Dims(); vr != tc.c || vc != k || len(s) != k {
				t.Fatalf("v is %d x %d and %d values, want %d x %d", vr, vc, len(s), tc.c, k)
			}
			if e := maxOrthError(u); e > 1e-10 {
				t.Errorf("U'U - I: %.3g", e)
			}
			if e := maxOrthError(v); e > 1e-10 {
				t.Errorf("V'V - I: %.3g", e)
			}
			if !slices.IsSortedFunc(s, func(a, b float64) int { return -cmpFloat(a, b) }) {
				t.Errorf("singular values not descending: %v", s)
			}
			all := gramSpectrum(t, dense)
			var tail float64
			for _, x := range all[k:] {
				tail += x * x
			}
			opt := math.Sqrt(tail)
			got := residual(dense, u, s, v)
			excess := got/math.Max(opt, 1e-300) - 1
			if opt < 1e-9*all[0] {
				excess = got / all[0]
			}
			t.Logf("residual %.6g, optimum %.6g, excess %.3g; sigma_1 %.6g vs %.6g", got, opt, excess, s[0], all[0])
			if excess > tc.maxExcess {
				t.Errorf("residual excess %.3g > %.3g", excess, tc.maxExcess)
			}
		})
	}
}

// gramSpectrum is the singular values of d, descending, from the eigenvalues of the dense Gram
// matrix of its smaller side (gonum's mat.SVD is wrong on one of the matrices used here; see
// TestExactSVDLargestValue).
func gramSpectrum(t *testing.T, d *mat.Dense) []float64 {
	t.Helper()
	r, c := d.Dims()
	var g mat.SymDense
	if r <= c {
		g.SymOuterK(1, d)
	} else {
		g.SymOuterK(1, d.T())
	}
	var eig mat.EigenSym
	if !eig.Factorize(&g, false) {
		t.Fatal("eigendecomposition failed")
	}
	vals := eig.Values(nil)
	out := make([]float64, len(vals))
	for i, x := range vals {
		out[len(vals)-1-i] = math.Sqrt(max(x, 0))
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func bits(d *mat.Dense) []uint64 {
	raw := d.RawMatrix().Data
	out := make([]uint64, len(raw))
	for i, x := range raw {
		out[i] = math.Float64bits(x)
	}
	return out
}

func TestRandomizedSVDDeterministic(t *testing.T) {
	// 8,000 x 300 with about 80,000 non-zeros: the Gram products run in several chunks, so the
	// worker counts below really split the work differently.
	a := randomSparse(8000, 300, 10, 5)
	g := gramOp{p: rawCSR(a), l: 30, workers: 7}
	g.apply(make([]float64, 300*30), make([]float64, 300*30))
	if n := len(g.chunks) - 1; n < 3 {
		t.Fatalf("%d Gram chunks; the test needs several", n)
	}
	u1, s1, v1 := RandomizedSVD(a, 20, SVDOptions{Seed: 42, Workers: 1})
	tests := []struct {
		name string
		opt  SVDOptions
		same bool
	}{
		{"same seed, one worker", SVDOptions{Seed: 42, Workers: 1}, true},
		{"same seed, two workers", SVDOptions{Seed: 42, Workers: 2}, true},
		{"same seed, seven workers", SVDOptions{Seed: 42, Workers: 7}, true},
		{"other seed", SVDOptions{Seed: 43, Workers: 1}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u2, s2, v2 := RandomizedSVD(a, 20, tc.opt)
			same := slices.Equal(bits(u1), bits(u2)) && slices.Equal(bits(v1), bits(v2))
			for i := range s1 {
				same = same && math.Float64bits(s1[i]) == math.Float64bits(s2[i])
			}
			if same != tc.same {
				t.Errorf("bit-identical = %v, want %v", same, tc.same)
			}
		})
	}
}

// TestExactSVDLargestValue checks ExactSVD against LAPACK on a matrix where gonum v0.17.0's
// mat.SVD is wrong (largest singular value 22.615). The reference values are numpy 1.x's
// np.linalg.svd (LAPACK gesdd) of randomSparse(200, 700, 12, 11).ToDense(), written out with
// %g and read back with np.loadtxt.
func TestExactSVDLargestValue(t *testing.T) {
	want := []float64{23.09731691, 15.08352388, 14.05638987, 13.27245871, 12.87181356}
	a := randomSparse(200, 700, 12, 11)
	tests := []struct {
		name string
		a    *sparse.CSR
	}{
		{"wide", a},
		{"tall (transpose)", sparse.NewCSR(700, 200, rawCSR(a).transpose().indptr, rawCSR(a).transpose().ind, rawCSR(a).transpose().data)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u, s, v := ExactSVD(tc.a, len(want))
			for i, w := range want {
				if math.Abs(s[i]-w) > 1e-7 {
					t.Errorf("sigma_%d = %.9f, LAPACK %.8f", i+1, s[i], w)
				}
			}
			if e := maxOrthError(u); e > 1e-10 {
				t.Errorf("U'U - I: %.3g", e)
			}
			if e := maxOrthError(v); e > 1e-10 {
				t.Errorf("V'V - I: %.3g", e)
			}
		})
	}
}

func TestRandomizedSVDSkipU(t *testing.T) {
	tests := []struct {
		name string
		r, c int
	}{
		{"tall", 400, 120},
		{"wide", 120, 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := randomSparse(tc.r, tc.c, 8, 4)
			_, s1, v1 := RandomizedSVD(a, 15, SVDOptions{Seed: 5})
			u, s2, v2 := RandomizedSVD(a, 15, SVDOptions{Seed: 5, SkipU: true})
			if u != nil {
				t.Error("SkipU returned a u")
			}
			if !slices.Equal(bits(v1), bits(v2)) || !slices.Equal(s1, s2) {
				t.Error("SkipU changed s or v")
			}
		})
	}
}

func TestTruncatedSVDMethodAndErrors(t *testing.T) {
	small := randomSparse(30, 20, 4, 1)
	nan := sparse.NewCSR(2, 2, []int{0, 1, 2}, []int{0, 1}, []float64{1, math.NaN()})
	tests := []struct {
		name       string
		a          *sparse.CSR
		k          int
		opt        SVDOptions
		wantMethod string
		wantErr    bool
	}{
		{"small uses exact", small, 5, SVDOptions{}, MethodExact, false},
		{"threshold below size uses randomized", small, 5, SVDOptions{ExactMaxCells: 599}, MethodRandomized, false},
		{"threshold at size uses exact", small, 5, SVDOptions{ExactMaxCells: 600}, MethodExact, false},
		{"negative threshold never exact", small, 5, SVDOptions{ExactMaxCells: -1}, MethodRandomized, false},
		{"k zero", small, 0, SVDOptions{}, "", true},
		{"nil matrix", nil, 3, SVDOptions{}, "", true},
		{"non-finite value", nan, 1, SVDOptions{}, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, s, _, method, err := TruncatedSVD(tc.a, tc.k, tc.opt)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if method != tc.wantMethod {
				t.Errorf("method %q, want %q", method, tc.wantMethod)
			}
			if !tc.wantErr && len(s) != tc.k {
				t.Errorf("%d values, want %d", len(s), tc.k)
			}
		})
	}
	if u, s, v := RandomizedSVD(nan, 1, SVDOptions{}); u != nil || s != nil || v != nil {
		t.Error("RandomizedSVD on a NaN matrix returned results")
	}
}

func TestTransposeCSR(t *testing.T) {
	a := randomSparse(17, 9, 4, 3)
	at := rawCSR(a).transpose()
	d := a.ToDense()
	for j := range 9 {
		for p := at.indptr[j]; p < at.indptr[j+1]; p++ {
			if p > at.indptr[j] && at.ind[p-1] >= at.ind[p] {
				t.Fatalf("row %d of A' not ascending", j)
			}
			if got, want := at.data[p], d.At(at.ind[p], j); got != want {
				t.Fatalf("A'[%d,%d] = %v, want %v", j, at.ind[p], got, want)
			}
		}
	}
	if at.indptr[9] != a.NNZ() {
		t.Fatalf("A' has %d non-zeros, A has %d", at.indptr[9], a.NNZ())
	}
}

// BenchmarkRandomizedSVD: 50,000 x 20,000 with about 1M non-zeros, k = 100, p = 10, q = 2.
func BenchmarkRandomizedSVD(b *testing.B) {
	a := randomSparse(50_000, 20_000, 21, 9)
	b.Logf("matrix 50000 x 20000, %d non-zeros", a.NNZ())
	b.ReportAllocs()
	for b.Loop() {
		RandomizedSVD(a, 100, SVDOptions{Seed: 1})
	}
}

func BenchmarkExactSVD500(b *testing.B) {
	a := randomSparse(500, 500, 20, 9)
	b.ReportAllocs()
	for b.Loop() {
		ExactSVD(a, 100)
	}
}

func BenchmarkRandomizedSVD500(b *testing.B) {
	a := randomSparse(500, 500, 20, 9)
	b.ReportAllocs()
	for b.Loop() {
		RandomizedSVD(a, 100, SVDOptions{Seed: 1})
	}
}

// TestGramUpper checks gramUpper's upper triangle against A'A computed directly, and that it is
// bit-identical for any number of workers (the chunks are fixed by the row count).
func TestGramUpper(t *testing.T) {
	for _, tc := range []struct {
		name       string
		rows, cols int
		zeros      bool // a third of the entries zero
	}{
		{"one chunk", 300, 17, false},
		{"several chunks and a short last one", 3*gramRows + 101, 40, false},
		{"exactly two chunks, sparse rows", 2 * gramRows, 23, true},
		{"one row", 1, 5, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(tc.rows)))
			a := make([]float64, tc.rows*tc.cols)
			for i := range a {
				if !tc.zeros || rng.IntN(3) > 0 {
					a[i] = rng.NormFloat64()
				}
			}
			var want mat.Dense
			ad := mat.NewDense(tc.rows, tc.cols, a)
			want.Mul(ad.T(), ad)
			var first []uint64
			for _, workers := range []int{1, 2, 7} {
				w := qrWork{workers: workers, g: make([]float64, tc.cols*tc.cols)}
				for i := range w.g {
					w.g[i] = math.NaN() // the lower triangle may stay stale; the upper must not
				}
				w.gramUpper(a, tc.rows, tc.cols)
				var got []uint64
				for i := range tc.cols {
					for j := i; j < tc.cols; j++ {
						x := w.g[i*tc.cols+j]
						if d := math.Abs(x - want.At(i, j)); !(d <= 1e-10*(1+math.Abs(want.At(i, j)))) {
							t.Fatalf("workers %d: G[%d,%d] = %g, want %g", workers, i, j, x, want.At(i, j))
						}
						got = append(got, math.Float64bits(x))
					}
				}
				if first == nil {
					first = got
				} else if !slices.Equal(first, got) {
					t.Errorf("workers %d: not bit-identical to one worker's result", workers)
				}
			}
		})
	}
}
