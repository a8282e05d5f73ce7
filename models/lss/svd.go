package lss

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"

	"github.com/stanceshift/stanceshift/internal/par"
)

// Defaults of SVDOptions.
const (
	// DefaultOversample is p in Halko, Martinsson and Tropp (2011): extra columns of the test
	// matrix beyond k.
	DefaultOversample = 10
	// DefaultPowerIters is q, the number of power (subspace) iterations.
	DefaultPowerIters = 2
	// DefaultExactMaxCells is the largest matrix (rows*cols) that TruncatedSVD decomposes with
	// ExactSVD instead of the randomized algorithm. At 250,000 cells the smaller side is at most
	// 500, a Gram matrix of at most 2 MB (500 x 500: 0.36-0.53 s on the 2-core development
	// machine, BenchmarkExactSVD500, against 0.05-0.10 s for RandomizedSVD with k = 100); above it
	// the dense eigendecomposition's O(min(m,n)^3) cost grows quickly while the randomized
	// algorithm's cost grows with the number of non-zeros.
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
	// Workers bounds the goroutines used for sparse-dense products; 0 means GOMAXPROCS. The
	// work is split in a way that does not depend on Workers, so neither does the result.
	Workers int
	// SkipU (RandomizedSVD and TruncatedSVD) leaves u nil: when rows > cols it is the one big
	// dense output, and LSS does not use it.
	SkipU bool

	// ctx, set by FitNumberedContext, stops RandomizedSVD between its sparse-dense products
	// once done (its results are then nil); nil never stops it.
	ctx context.Context
}

func (o SVDOptions) done() bool { return o.ctx != nil && o.ctx.Err() != nil }

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
// cols x k (a singular value of 0, below rounding noise, has a zero column on the larger side).
// k is clamped to min(rows, cols). Matrices with at most opt.ExactMaxCells cells use
// ExactSVD (MethodExact), larger ones RandomizedSVD (MethodRandomized). Signs are
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
		if opt.SkipU {
			u = nil
		}
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

// ExactSVD returns the k leading singular triplets of a from the dense eigendecomposition
// (gonum's EigenSym) of the Gram matrix of its smaller side, a'a or aa' (formed from the CSR
// arrays, min(rows, cols) squared cells), the other side's vectors being a*v/sigma or
// a'*u/sigma; singular values at or below the rounding noise of the Gram matrix are 0. It is
// RandomizedSVD with the whole space as the basis. It does not use gonum's mat.SVD: on one of
// the test matrices (randomSparse(200, 700, 12, 11)) gonum v0.17.0's SVD returns 22.615 as the
// largest singular value where LAPACK (numpy) and the Gram matrix's eigenvalues give 23.097
// (TestExactSVDLargestValue). k is clamped to min(rows, cols); the results are nil when k < 1
// or the decomposition fails. Signs are canonical as in TruncatedSVD.
func ExactSVD(a *sparse.CSR, k int) (u *mat.Dense, s []float64, v *mat.Dense) {
	if a == nil {
		return nil, nil, nil
	}
	r, c := a.Dims()
	k = min(k, r, c)
	if k < 1 {
		return nil, nil, nil
	}
	P := rawCSR(a)
	if c > r {
		P = P.transpose()
	}
	small := P.cols
	id := make([]float64, small*small)
	for i := range small {
		id[i*small+i] = 1
	}
	g := gramOp{p: P, l: small, workers: 1}
	gq := make([]float64, small*small)
	g.apply(id, gq)
	return ritz(P, id, gq, small, k, c > r, false, 1)
}

// RandomizedSVD returns approximations of the k leading singular triplets of the sparse matrix
// a (rows x cols): u is rows x k with orthonormal columns, s descends, v is cols x k with
// orthonormal columns. It is Halko, Martinsson and Tropp (2011), algorithms 4.4 and 5.3
// (randomized subspace iteration, then Rayleigh-Ritz), run on the Gram matrix of the smaller
// side so that every dense basis has min(rows, cols) rows:
//
//   - P is a when cols <= rows (then G = a'a, cols x cols, and the basis found is v's), else a'
//     (G = aa', and the basis is u's). G is never formed: G*X is computed as P'(P*X).
//   - Omega is a Gaussian test matrix (min(rows, cols) x l, l = min(k+p, rows, cols)) drawn
//     from a PCG generator seeded with opt.Seed.
//   - Q = orth(G*Omega), then q power iterations Q = orth(G*Q) (CholeskyQR2, falling back to
//     Householder QR; see qrWork). G^(q+1)*Omega spans the same space as the classic scheme's
//     A'(AA')^q*A*Omega, so the subspace is as accurate as Halko et al.'s algorithm 4.4.
//   - T = Q'GQ (l x l) is decomposed densely (gonum's EigenSym): the top k eigenpairs give the
//     small side's singular vectors Q*W and the singular values sqrt(lambda).
//   - The other side's vectors are P*(Q*W)/sigma, one sparse product. Its columns are
//     orthonormal because W diagonalises T (to rounding: the error grows as sigma_1/sigma_i).
//
// Eigenvalues at or below l*min(rows,cols)*eps*lambda_1 (rounding noise in T) are reported as
// singular value 0, with a zero column on the other side. Only the basis of the smaller side is
// dense, so the work and memory of the dense steps grow with min(rows, cols), not with the
// number of sentences (a 50,000-sentence sample over 3,531 terms: 3.3 s before, see
// BENCHMARKS.md). G*X runs in fixed chunks of P's rows whose partial sums are added in chunk
// order, so the result is bit-identical for any opt.Workers.
//
// k is clamped to min(rows, cols); the results are nil when k < 1 or a contains a non-finite
// value. With opt.SkipU, u is nil (and not computed). Signs are canonical as in TruncatedSVD.
// The same input and options give bit-identical results on a given platform.
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
	P := rawCSR(a) // big x small
	if n > m {
		P = P.transpose()
	}
	small := P.cols

	// Omega: small x l, row-major, filled row by row from one stream.
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	q := make([]float64, small*l)
	for i := range q {
		q[i] = rng.NormFloat64()
	}
	g := gramOp{p: P, l: l, workers: workers}
	y := make([]float64, small*l)
	ws := qrWork{workers: workers}
	for range opt.powerIters() + 1 {
		if opt.done() {
			return nil, nil, nil
		}
		g.apply(q, y)
		q, y = y, q
		ws.orthonormalize(q, small, l)
	}
	if opt.done() {
		return nil, nil, nil
	}
	g.apply(q, y) // y = GQ
	return ritz(P, q, y, l, k, n > m, opt.SkipU, workers)
}

// ritz finishes both decompositions (Rayleigh-Ritz): q is an orthonormal basis (small x l) of
// the smaller side, gq = G*q. T = q'Gq (symmetrised) is decomposed by gonum's EigenSym; its top
// k eigenpairs give the small side's vectors q*W and sigma = sqrt(lambda), and the big side's
// vectors are P*(q*W)/sigma. wide says that the small side is u's (P is a'). Eigenvalues at or
// below l*small*eps*lambda_1 give sigma 0 and a zero column on the big side.
func ritz(P csr, q, gq []float64, l, k int, wide, skipU bool, workers int) (u *mat.Dense, s []float64, v *mat.Dense) {
	small := P.cols
	Q := blas64.General{Rows: small, Cols: l, Stride: l, Data: q}
	T := make([]float64, l*l)
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, Q, blas64.General{Rows: small, Cols: l, Stride: l, Data: gq}, 0,
		blas64.General{Rows: l, Cols: l, Stride: l, Data: T})
	for i := range l {
		for j := i + 1; j < l; j++ {
			x := (T[i*l+j] + T[j*l+i]) / 2
			T[i*l+j], T[j*l+i] = x, x
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(mat.NewSymDense(l, T), true) {
		return nil, nil, nil
	}
	lambda := eig.Values(nil) // ascending
	var w mat.Dense
	eig.VectorsTo(&w)
	// The top k, largest first.
	wk := mat.NewDense(l, k, nil)
	s = make([]float64, k)
	top := lambda[l-1]
	tol := float64(l*small) * 0x1p-52 * top
	for j := range k {
		src := l - 1 - j
		if x := lambda[src]; top > 0 && x > tol {
			s[j] = math.Sqrt(x)
		}
		for i := range l {
			wk.Set(i, j, w.At(i, src))
		}
	}
	vs := mat.NewDense(small, k, nil)
	vs.Mul(mat.NewDense(small, l, q), wk)

	var ub *mat.Dense // the big side, P*vs/s
	if !skipU || wide {
		ub = mat.NewDense(P.rows, k, nil)
		P.mulDense(vs.RawMatrix().Data, k, ub.RawMatrix().Data, workers)
		raw := ub.RawMatrix().Data
		for i := range P.rows {
			row := raw[i*k : (i+1)*k]
			for j, sj := range s {
				if sj > 0 {
					row[j] /= sj
				} else {
					row[j] = 0
				}
			}
		}
	}
	if wide {
		u, v = vs, ub
	} else {
		u, v = ub, vs
	}
	canonicalSigns(u, v)
	if skipU {
		u = nil
	}
	return u, s, v
}

// gramOp computes G*X = P'(P*X) for a big x small CSR P and X small x l,
// without forming G or P*X: P's rows are cut into chunks of about gramChunkNonZeros(small)
// non-zeros (fixed by the matrix, not by the number of workers); each chunk's contribution
// sum_i P_i' (P_i X) is accumulated into its own buffer, and the buffers are added to the result
// in chunk order, workers chunks at a time.
type gramOp struct {
	p       csr
	l       int
	workers int
	chunks  []int // row boundaries: chunk c is rows chunks[c] to chunks[c+1]
	bufs    [][]float64
}

// gramChunkNonZeros is the target number of non-zeros per chunk: at least 32,768, and at least
// 4 x small so that clearing and adding a chunk's small x l buffer stays a small part of its
// work (nnz x l x 4 flops).
func gramChunkNonZeros(small int) int { return max(1<<15, 4*small) }

func (g *gramOp) apply(x, dst []float64) {
	p, l := g.p, g.l
	if g.chunks == nil {
		target := gramChunkNonZeros(p.cols)
		g.chunks = []int{0}
		for i := range p.rows {
			if p.indptr[i+1]-p.indptr[g.chunks[len(g.chunks)-1]] >= target {
				g.chunks = append(g.chunks, i+1)
			}
		}
		if last := g.chunks[len(g.chunks)-1]; last < p.rows || p.rows == 0 {
			g.chunks = append(g.chunks, p.rows)
		}
		nb := min(g.workers, len(g.chunks)-1)
		g.bufs = make([][]float64, nb)
		for i := range g.bufs {
			g.bufs[i] = make([]float64, p.cols*l)
		}
	}
	clear(dst)
	nChunks := len(g.chunks) - 1
	for base := 0; base < nChunks; base += len(g.bufs) {
		wave := min(len(g.bufs), nChunks-base)
		var wg sync.WaitGroup
		for b := range wave {
			wg.Add(1)
			go func() {
				defer wg.Done()
				g.chunk(x, g.bufs[b], g.chunks[base+b], g.chunks[base+b+1])
			}()
		}
		wg.Wait()
		// dst += the wave's buffers in chunk order. Each element's additions run in that order
		// whoever adds it, so the elements are split into ranges among the workers, and a
		// range takes each buffer with floats.Add (x + 1*y is x + y exactly). The scalar loop
		// on one goroutine it replaced was 1.5% of the 10MB run's instructions.
		parts := min(g.workers, max(1, len(dst)/gramAddMin))
		par.Each(parts, parts, func(r int) {
			lo, hi := r*len(dst)/parts, (r+1)*len(dst)/parts
			for b := range wave {
				floats.Add(dst[lo:hi], g.bufs[b][lo:hi])
			}
		})
	}
}

// gramAddMin is the fewest elements of G*X that apply gives a goroutine of its own to add.
const gramAddMin = 1 << 14

// chunk sets buf (small x l) to sum over rows i in [lo, hi) of P_i' (P_i X).
func (g *gramOp) chunk(x, buf []float64, lo, hi int) {
	p, l := g.p, g.l
	clear(buf)
	r := make([]float64, l)
	for i := lo; i < hi; i++ {
		clear(r)
		for pp := p.indptr[i]; pp < p.indptr[i+1]; pp++ {
			floats.AddScaled(r, p.data[pp], x[p.ind[pp]*l:(p.ind[pp]+1)*l])
		}
		for pp := p.indptr[i]; pp < p.indptr[i+1]; pp++ {
			floats.AddScaled(buf[p.ind[pp]*l:(p.ind[pp]+1)*l], p.data[pp], r)
		}
	}
}

// canonicalSigns flips column pairs so that each column of v has its largest-magnitude entry
// (the first on ties) positive. u may be nil.
func canonicalSigns(u, v *mat.Dense) {
	n, k := v.Dims()
	m := 0
	if u != nil {
		m, _ = u.Dims()
	}
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
			floats.AddScaled(d, a.data[p], x[a.ind[p]*l:(a.ind[p]+1)*l])
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
	orig      []float64   // copy of Y for the fallback
	g         []float64   // Gram matrix, then its Cholesky factor, cols x cols
	parts     [][]float64 // gramUpper's per-chunk buffers
	fallbacks int         // Householder fallbacks taken (for tests)
	workers   int         // goroutines for the triangular solves (<= 1: one)
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

// cholQR2 orthonormalises a in place, or reports false with a restored to its input.
func (w *qrWork) cholQR2(a []float64, rows, cols int) bool {
	A := blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: a}
	w.orig = grow(w.orig, len(a))
	copy(w.orig, a)
	w.g = grow(w.g, cols*cols)
	for pass := range 2 {
		// G = A'A, upper triangle only (Potrf and the check below read no other).
		w.gramUpper(a, rows, cols)
		if pass == 1 {
			for i := range cols {
				for j := i; j < cols; j++ {
					want := 0.0
					if i == j {
						want = 1
					}
					if d := w.g[i*cols+j] - want; !(math.Abs(d) < 0.1) {
						copy(a, w.orig)
						return false
					}
				}
			}
		}
		t, ok := lapack64.Potrf(blas64.Symmetric{Uplo: blas.Upper, N: cols, Stride: cols, Data: w.g})
		if !ok {
			copy(a, w.orig)
			return false
		}
		t.Diag = blas.NonUnit
		w.trsmRows(t, A)
	}
	return true
}

// gramRows is the number of rows of A whose A_c'A_c gramUpper accumulates in one buffer.
const gramRows = 512

// gramUpper sets the upper triangle of w.g (cols x cols) to that of A'A for the rows x cols
// row-major a. The rows are cut into chunks of gramRows (fixed by the matrix, not by the number
// of workers); each chunk's sum of outer products a_r a_r' (upper triangle: row i of the chunk's
// buffer gets a_r[i] * a_r[i:], one axpy) goes to its own buffer, the chunks run on w.workers
// goroutines, and the buffers are added in chunk order, so the result is bit-identical for any
// number of workers.
//
// It replaced gonum's Dgemm(Trans, NoTrans, A, A): that computes both triangles, and for a
// cols x cols output (cols = k + oversample = 110) it parallelises over output blocks only, so
// one fit's Gram products took 0.42 s of CPU and gained nothing from a second CPU
// (BenchmarkLSSFitStage on the 10MB sample; gonum's Dsyrk, the symmetric kernel, is unblocked
// and single-threaded and was slower still).
func (w *qrWork) gramUpper(a []float64, rows, cols int) {
	chunks := (rows + gramRows - 1) / gramRows
	g := w.g[:cols*cols]
	if chunks == 0 {
		clear(g)
		return
	}
	if len(w.parts) < chunks {
		w.parts = append(w.parts, make([][]float64, chunks-len(w.parts))...)
	}
	one := func(c int) {
		buf := grow(w.parts[c], cols*cols)
		w.parts[c] = buf
		clear(buf)
		for r := c * gramRows; r < min(rows, (c+1)*gramRows); r++ {
			row := a[r*cols : (r+1)*cols]
			for i, x := range row {
				if x != 0 {
					floats.AddScaled(buf[i*cols+i:(i+1)*cols], x, row[i:])
				}
			}
		}
	}
	par.Each(chunks, w.workers, one)
	copy(g, w.parts[0][:cols*cols])
	for c := 1; c < chunks; c++ {
		p := w.parts[c]
		for i := range cols {
			floats.Add(g[i*cols+i:(i+1)*cols], p[i*cols+i:(i+1)*cols])
		}
	}
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
	if w.cholQR2(a, rows, cols) {
		return
	}
	w.fallbacks++
	g := blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: a}
	w.ensureHouseholder(g)
	lapack64.Geqrf(g, w.tau, w.work, len(w.work))
	lapack64.Orgqr(g, w.tau, w.work, len(w.work))
}
