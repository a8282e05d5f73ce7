package lss

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// applyRef is gramOp.apply as it was before it added the chunks' buffers with floats.Add on
// the workers: the same chunks, each wave's buffers added element by element on one goroutine.
// The reference TestGramApplyMatchesRef checks apply against.
func (g *gramOp) applyRef(x, dst []float64) {
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
		for b := range wave {
			for i, v := range g.bufs[b] {
				dst[i] += v
			}
		}
	}
}

// TestGramApplyMatchesRef: apply gives applyRef's G*X bit for bit, for one chunk or several,
// with any number of workers, on an X with signed zeros and values of very different sizes.
func TestGramApplyMatchesRef(t *testing.T) {
	for _, tc := range []struct {
		name               string
		rows, cols, perRow int
		l                  int
		workers, minChunks int
	}{
		{"one chunk", 200, 50, 5, 7, 2, 1},
		{"several chunks, one worker", 8000, 300, 10, 30, 1, 3},
		{"several chunks, two workers", 8000, 300, 10, 30, 2, 3},
		{"several chunks, three workers, odd sizes", 9001, 1777, 9, 11, 3, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := randomSparse(tc.rows, tc.cols, tc.perRow, 9)
			rng := rand.New(rand.NewPCG(3, 4))
			x := make([]float64, tc.cols*tc.l)
			for i := range x {
				switch i % 11 {
				case 0:
					x[i] = math.Copysign(0, -1)
				case 1:
					x[i] = rng.NormFloat64() * 1e12
				default:
					x[i] = rng.NormFloat64()
				}
			}
			g := gramOp{p: rawCSR(a), l: tc.l, workers: tc.workers}
			got, want := make([]float64, len(x)), make([]float64, len(x))
			g.apply(x, got)
			if n := len(g.chunks) - 1; n < tc.minChunks {
				t.Fatalf("%d chunks, want at least %d", n, tc.minChunks)
			}
			g.applyRef(x, want)
			if !slices.EqualFunc(got, want, func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }) {
				t.Error("apply differs from applyRef")
			}
		})
	}
}
