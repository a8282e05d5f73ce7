package lss

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// Defaults of SVDOptions.
const (
	// DefaultOversample is p in Halko, Martinsson and Tropp (2011): extra columns of the test
	// matrix beyond k.
	DefaultOversample = 10
	// DefaultPowerIters is q, the number of power (subspace) iterations.
	DefaultPowerIters = 2
	// DefaultExactMaxCells is the largest matrix (rows*cols) that TruncatedSVD decomposes with
	// gonum's dense LAPACK SVD instead of the randomized algorithm. 250,000 cells is a 2 MB dense
	// copy (for example 500 x 500, which gonum decomposed in 0.78 s on the 2-core development
	// machine, BenchmarkExactSVD500, against 0.04 s for RandomizedSVD with k = 100); above it the
	// dense copy and the O(m*n*min(m,n)) cost grow quickly while the randomized algorithm's cost
	// grows with the number of non-zeros.
	DefaultExactMaxCells = 250_000
)

// Method names reported by TruncatedSVD and stored in Model.SVDMethod.
const (
	MethodExact      = "exact"
	MethodRandomized = "randomized"
)

// SVDOptions configures RandomizedSVD and TruncatedSVD.
type SVDOptions struct {
	// Seed seeds the Gaussian test matrix (PCG generator); the same seed gives the same result.
	Seed uint64
	// Oversample is p: 0 means DefaultOversample, a negative value means none.
	Oversample int
	// PowerIters is q: 0 means DefaultPowerIters, a negative value means none.
	PowerIters int
	// ExactMaxCells (TruncatedSVD only): matrices with rows*cols at most this use the exact
	// dense SVD. 0 means DefaultExactMaxCells; a negative value never uses it.
	ExactMaxCells int
	// Workers bounds the goroutines used for sparse-dense products; 0 means GOMAXPROCS. Each
	// output row is computed by one goroutine in a fixed order, so the result does not depend
	// on Workers.
	Workers int
}

func (o SVDOptions) oversample() int {
	switch {
	case o.Oversample == 0:
		return DefaultOversample
	case o.Oversample < 0:
		return 0
	}
	return o.Oversample
}

func (o SVDOptions) powerIters() int {
	switch {
	case o.PowerIters == 0:
		return DefaultPowerIters
	case o.PowerIters < 0:
		return 0
	}
	return o.PowerIters
}

func (o SVDOptions) exactMaxCells() int {
	if o.ExactMaxCells == 0 {
		return DefaultExactMaxCells
	}
	return o.ExactMaxCells
}

func (o SVDOptions) workers() int {
	w := o.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	return max(w, 1)
}

// TruncatedSVD returns the k leading singular triplets of a: u is rows x k, s descends, v is
// cols x k. k is clamped to min(rows, cols). Matrices with at most opt.ExactMaxCells cells use
// gonum's dense SVD (MethodExact), larger ones RandomizedSVD (MethodRandomized). Signs are
// canonical: in each column of v the entry of largest magnitude (the first on ties) is positive.
func TruncatedSVD(a *sparse.CSR, k int, opt SVDOptions) (u *mat.Dense, s []float64, v *mat.Dense, method string, err error) {
	if a == nil {
		return nil, nil, nil, "", errors.New("lss: svd: nil matrix")
	}
	r, c := a.Dims()
	k = min(k, r, c)
	if k < 1 {
		return nil, nil, nil, "", fmt.Errorf("lss: svd: k must be at least 1 for a %d x %d matrix", r, c)
	}
	if err := checkFinite(a); err != nil {
		return nil, nil, nil, "", err
	}
	if lim := opt.exactMaxCells(); lim > 0 && r*c <= lim {
		u, s, v = ExactSVD(a, k)
		method = MethodExact
	} else {
		u, s, v = RandomizedSVD(a, k, opt)
		method = MethodRandomized
	}
	if s == nil {
		return nil, nil, nil, "", fmt.Errorf("lss: svd: %s SVD of a %d x %d matrix did not converge", method, r, c)
	}
	return u, s, v, method, nil
}

func checkFinite(a *sparse.CSR) error {
	for i, x := range a.RawMatrix().Data {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("lss: svd: non-finite value %v at non-zero %d", x, i)
		}
	}
	return nil
}

// ExactSVD returns the k leading singular triplets of a from gonum's dense thin SVD (a is
// copied to a dense matrix). k is clamped to min(rows, cols); the results are nil when k < 1
// or the factorisation fails. Signs are canonical as in TruncatedSVD.
func ExactSVD(a *sparse.CSR, k int) (u *mat.Dense, s []float64, v *mat.Dense) {
	if a == nil {
		return nil, nil, nil
	}
	r, c := a.Dims()
	k = min(k, r, c)
	if k < 1 {
		return nil, nil, nil
	}
	var svd mat.SVD
	if !svd.Factorize(a.ToDense(), mat.SVDThin) {
		return nil, nil, nil
	}
	var uf, vf mat.Dense
	svd.UTo(&uf)
	svd.VTo(&vf)
	u = mat.DenseCopyOf(uf.Slice(0, r, 0, k))
	v = mat.DenseCopyOf(vf.Slice(0, c, 0, k))
	s = svd.Values(nil)[:k]
	canonicalSigns(u, v)
	return u, s, v
}

// RandomizedSVD returns approximations of the k leading singular triplets of the sparse matrix
// a (rows x cols): u is rows x k with orthonormal columns, s descends, v is cols x k with
// orthonormal columns. It is Halko, Martinsson and Tropp (2011), algorithm 4.4 followed by
// algorithm 5.1: a Gaussian test matrix Omega (cols x l, l = min(k+p, rows, cols)) drawn from a
// PCG generator seeded with opt.Seed; Y = A*Omega; q power iterations, each re-orthonormalising
// (Householder QR via gonum's LAPACK, thin Q) after multiplying by A' and by A; then with Q the
// orthonormal basis of the range, the small problem B' = A'Q (cols x l) is QR-factored as Q2*R
// and the l x l matrix R decomposed densely, giving V = Q2*U_R and U = Q*V_R. A is never
// densified: A*X and A'*X walk the CSR arrays (A' is built once as a second CSR).
//
// k is clamped to min(rows, cols); the results are nil when k < 1 or a contains a non-finite
// value. Signs are canonical as in TruncatedSVD. The same input and options give bit-identical
// results on a given platform, whatever opt.Workers.
func RandomizedSVD(a *sparse.CSR, k int, opt SVDOptions) (u *mat.Dense, s []float64, v *mat.Dense) {
	if a == nil {
		return nil, nil, nil
	}
	m, n := a.Dims()
	k = min(k, m, n)
	if k < 1 || checkFinite(a) != nil {
		return nil, nil, nil
	}
	l := min(k+opt.oversample(), m, n)
	workers := opt.workers()
	A := rawCSR(a)
	At := A.transpose()

	// Omega: n x l, row-major, filled row by row from one stream.
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	omega := make([]float64, n*l)
	for i := range omega {
		omega[i] = rng.NormFloat64()
	}

	qm := make([]float64, m*l) // basis of the range of A (m x l)
	qn := make([]float64, n*l) // basis of the range of A' (n x l)
	ws := qrWork{workers: workers}
	A.mulDense(omega, l, qm, workers)
	ws.orthonormalize(qm, m, l)
	for range opt.powerIters() {
		At.mulDense(qm, l, qn, workers)
		ws.orthonormalize(qn, n, l)
		A.mulDense(qn, l, qm, workers)
		ws.orthonormalize(qm, m, l)
	}

	// B' = A'Q = Q2 R; R = Ur S Vr'; A ~ (Q Vr) S (Q2 Ur)'.
	At.mulDense(qm, l, qn, workers)
	R := ws.qrThin(qn, n, l)
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(l, l, R), mat.SVDFull) {
		return nil, nil, nil
	}
	var ur, vr mat.Dense
	svd.UTo(&ur)
	svd.VTo(&vr)
	s = svd.Values(nil)[:k]
	u = mat.NewDense(m, k, nil)
	u.Mul(mat.NewDense(m, l, qm), vr.Slice(0, l, 0, k))
	v = mat.NewDense(n, k, nil)
	v.Mul(mat.NewDense(n, l, qn), ur.Slice(0, l, 0, k))
	canonicalSigns(u, v)
	return u, s, v
}

// canonicalSigns flips column pairs so that each column of v has its largest-magnitude entry
// (the first on ties) positive.
func canonicalSigns(u, v *mat.Dense) {
	n, k := v.Dims()
	m, _ := u.Dims()
	for j := range k {
		best, bi := -1.0, 0
		for i := range n {
			if x := math.Abs(v.At(i, j)); x > best {
				best, bi = x, i
			}
		}
		if v.At(bi, j) >= 0 {
			continue
		}
		for i := range n {
			v.Set(i, j, -v.At(i, j))
		}
		for i := range m {
			u.Set(i, j, -u.At(i, j))
		}
	}
}

// csr is the raw form of a CSR matrix used by the products.
type csr struct {
	rows, cols int
	indptr     []int
	ind        []int
	data       []float64
}

func rawCSR(a *sparse.CSR) csr {
	raw := a.RawMatrix()
	return csr{rows: raw.I, cols: raw.J, indptr: raw.Indptr, ind: raw.Ind, data: raw.Data}
}

// transpose builds A' as a CSR by a counting sort over columns; within each row of A' the
// original row indices ascend.
func (a csr) transpose() csr {
	t := csr{rows: a.cols, cols: a.rows, indptr: make([]int, a.cols+1)}
	nnz := a.indptr[a.rows]
	t.ind = make([]int, nnz)
	t.data = make([]float64, nnz)
	for _, j := range a.ind[:nnz] {
		t.indptr[j+1]++
	}
	for j := range a.cols {
		t.indptr[j+1] += t.indptr[j]
	}
	next := make([]int, a.cols)
	copy(next, t.indptr[:a.cols])
	for i := range a.rows {
		for p := a.indptr[i]; p < a.indptr[i+1]; p++ {
			j := a.ind[p]
			t.ind[next[j]] = i
			t.data[next[j]] = a.data[p]
			next[j]++
		}
	}
	return t
}

// mulDense sets dst (rows x l, row-major) to A*x where x is cols x l, row-major. Rows are split
// into contiguous blocks, one per worker; each row is accumulated in non-zero order.
func (a csr) mulDense(x []float64, l int, dst []float64, workers int) {
	rowsPer := (a.rows + workers - 1) / workers
	if workers == 1 || a.rows < 2*workers {
		a.mulRows(x, l, dst, 0, a.rows)
		return
	}
	var wg sync.WaitGroup
	for lo := 0; lo < a.rows; lo += rowsPer {
		hi := min(lo+rowsPer, a.rows)
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.mulRows(x, l, dst, lo, hi)
		}()
	}
	wg.Wait()
}

func (a csr) mulRows(x []float64, l int, dst []float64, lo, hi int) {
	for i := lo; i < hi; i++ {
		d := dst[i*l : (i+1)*l : (i+1)*l]
		clear(d)
		for p := a.indptr[i]; p < a.indptr[i+1]; p++ {
			w := a.data[p]
			xr := x[a.ind[p]*l : (a.ind[p]+1)*l]
			xr = xr[:len(d)]
			for t := range d {
				d[t] += w * xr[t]
			}
		}
	}
}

// qrWork holds workspace reused across orthonormalisations.
//
// Orthonormalisation first tries CholeskyQR2 (Fukaya et al. 2014): G = Y'Y (a level-3 gemm),
// R = chol(G), Y <- Y R^-1, twice. It costs two gemms and two triangular solves instead of
// Householder QR's long sequence of rank-1 updates, which for l < 128 columns gonum runs
// unblocked and which dominated the run time (about 11 of 17 s for a 50,000 x 20,000 matrix,
// k = 100). The second pass is accepted only when its Gram matrix is within 0.1 of the identity
// entrywise, which bounds the condition number of the first pass's output so that the result
// is orthonormal to working precision; otherwise (rank-deficient or ill-conditioned Y, where
// the Cholesky factorisation fails or is inaccurate) the original Y is restored and Householder
// QR (gonum's Dgeqrf + Dorgqr, thin Q) is used. Both paths are deterministic.
type qrWork struct {
	tau, work []float64
	orig      []float64 // copy of Y for the fallback
	g, r1     []float64 // Gram matrix / Cholesky factors, cols x cols
	fallbacks int       // Householder fallbacks taken (for tests)
	workers   int       // goroutines for the triangular solves (<= 1: one)
}

func grow(b []float64, n int) []float64 {
	if cap(b) < n {
		return make([]float64, n)
	}
	return b[:n]
}

func (w *qrWork) ensureHouseholder(g blas64.General) {
	w.tau = grow(w.tau, g.Cols)
	var q [1]float64
	lapack64.Geqrf(g, w.tau, q[:], -1)
	need := int(q[0])
	lapack64.Orgqr(g, w.tau, q[:], -1)
	need = max(need, int(q[0]), g.Cols, 1)
	w.work = grow(w.work, need)
}

// cholQR2 orthonormalises a in place and returns R (Y = Q R, cols x cols, row-major, upper
// triangular) or reports false with a restored to its input.
func (w *qrWork) cholQR2(a []float64, rows, cols int, wantR bool) ([]float64, bool) {
	A := blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: a}
	w.orig = grow(w.orig, len(a))
	copy(w.orig, a)
	w.g = grow(w.g, cols*cols)
	w.r1 = grow(w.r1, cols*cols)
	G := blas64.General{Rows: cols, Cols: cols, Stride: cols, Data: w.g}
	for pass := range 2 {
		// G = A'A. A Gemm, not a Syrk: gonum's Dsyrk is unblocked and single-threaded, and took
		// twice the time of the blocked, parallel Dgemm despite half the flops (measured: 4.7 s
		// against 2.3 s of CPU on a 10 MB corpus). Potrf and the check below read the upper
		// triangle only.
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, A, A, 0, G)
		if pass == 1 {
			for i := range cols {
				for j := i; j < cols; j++ {
					want := 0.0
					if i == j {
						want = 1
					}
					if d := w.g[i*cols+j] - want; !(math.Abs(d) < 0.1) {
						copy(a, w.orig)
						return nil, false
					}
				}
			}
		}
		t, ok := lapack64.Potrf(blas64.Symmetric{Uplo: blas.Upper, N: cols, Stride: cols, Data: w.g})
		if !ok {
			copy(a, w.orig)
			return nil, false
		}
		t.Diag = blas.NonUnit
		w.trsmRows(t, A)
		if pass == 0 {
			copy(w.r1, w.g)
		}
	}
	if !wantR {
		return nil, true
	}
	// R = R2 R1 (both upper triangular; Potrf leaves the strict lower part of G untouched,
	// so read only i <= k <= j).
	r := make([]float64, cols*cols)
	for i := range cols {
		for j := i; j < cols; j++ {
			var sum float64
			for k := i; k <= j; k++ {
				sum += w.g[i*cols+k] * w.r1[k*cols+j]
			}
			r[i*cols+j] = sum
		}
	}
	return r, true
}

// trsmRows sets A = A T^-1 for upper-triangular t, in row blocks on w.workers goroutines. Each
// row of the result depends only on that row of A and on t, and gonum solves it the same way
// whatever the block, so the result is bit-identical for any number of workers. (A single Trsm
// over 50,000 rows was a serial 1.1 s of a 10 MB run.)
func (w *qrWork) trsmRows(t blas64.Triangular, a blas64.General) {
	blocks := min(max(w.workers, 1), a.Rows/256)
	if blocks <= 1 {
		blas64.Trsm(blas.Right, blas.NoTrans, 1, t, a)
		return
	}
	var wg sync.WaitGroup
	for b := range blocks {
		lo, hi := b*a.Rows/blocks, (b+1)*a.Rows/blocks
		sub := blas64.General{Rows: hi - lo, Cols: a.Cols, Stride: a.Stride, Data: a.Data[lo*a.Stride : (hi-1)*a.Stride+a.Cols]}
		wg.Add(1)
		go func() {
			defer wg.Done()
			blas64.Trsm(blas.Right, blas.NoTrans, 1, t, sub)
		}()
	}
	wg.Wait()
}

// orthonormalize replaces the rows x cols (rows >= cols) row-major matrix a by an orthonormal
// basis of its column space (the thin Q of a QR factorisation).
func (w *qrWork) orthonormalize(a []float64, rows, cols int) {
	w.qr(a, rows, cols, false)
}

// qrThin is orthonormalize that also returns R (cols x cols, row-major).
func (w *qrWork) qrThin(a []float64, rows, cols int) []float64 {
	return w.qr(a, rows, cols, true)
}

func (w *qrWork) qr(a []float64, rows, cols int, wantR bool) []float64 {
	if r, ok := w.cholQR2(a, rows, cols, wantR); ok {
		return r
	}
	w.fallbacks++
	g := blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: a}
	w.ensureHouseholder(g)
	lapack64.Geqrf(g, w.tau, w.work, len(w.work))
	var r []float64
	if wantR {
		r = make([]float64, cols*cols)
		for i := range cols {
			copy(r[i*cols+i:(i+1)*cols], a[i*cols+i:(i+1)*cols])
		}
	}
	lapack64.Orgqr(g, w.tau, w.work, len(w.work))
	return r
}
