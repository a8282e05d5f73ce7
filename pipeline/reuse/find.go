package reuse

import (
	"cmp"
	"slices"

	"github.com/stanceshift/stanceshift/internal/par"
)

// Reuse is a passage shared by two provisions of different instruments.
type Reuse struct {
	// Source and Target are provision ids; the source is the earlier document.
	Source, Target       string
	SourceDoc, TargetDoc string
	// Score is the Smith-Waterman score; AlignedWords the number of identical aligned content
	// words (stop words are not aligned).
	Score        float64
	AlignedWords int
	// SourceStart..TargetEnd are byte offsets of the aligned passages into each provision's Text.
	SourceStart, SourceEnd, TargetStart, TargetEnd int
	SourcePassage, TargetPassage                   string
}

// before reports whether provision document x comes before y: by date when both dates are
// known and differ on their common prefix ("2012" vs "2012-12-14" is a tie), then by Order.
func before(x, y *Provision) bool {
	if c := compareDates(x.Date, y.Date); c != 0 {
		return c < 0
	}
	return x.Order < y.Order
}

// compareDates compares two dates on their common prefix; unknown dates compare equal to all.
func compareDates(a, b string) int {
	if a == "" || b == "" {
		return 0
	}
	n := min(len(a), len(b))
	return cmp.Compare(a[:n], b[:n])
}

// Find reports the passages reused between provisions of different instruments: the pairs
// Candidates proposes, aligned with LocalAlign, kept when the score reaches MinScore and at
// least MinWords identical words are aligned. Of each pair the provision of the earlier
// document (see Provision.Date and Order) is the source. The result is sorted by score
// (highest first), then by the source's and the target's position in provs.
func Find(provs []Provision, opt Options) []Reuse {
	o := opt.withDefaults()
	workers := max(o.Workers, 1)
	seqs := make([]seq, len(provs))
	parallel(len(provs), workers, func(_, lo, hi int) {
		in := newInterner(&o)
		for i := lo; i < hi; i++ {
			seqs[i] = in.prepareProvision(&provs[i])
		}
	})
	pairs, _ := candidates(seqs, instrumentKeys(provs), &o)
	// Each chunk of pairs is aligned by one goroutine into its own slice; the slices are joined
	// in chunk order and sorted below, so the result does not depend on the number of workers.
	chunks := make([][]hit, nChunks(len(pairs), workers))
	parallel(len(pairs), workers, func(chunk, lo, hi int) {
		sc := newScorer(&o)
		var row, frow []cell
		var hits []hit
		for _, p := range pairs[lo:hi] {
			s, t := p[0], p[1]
			if before(&provs[t], &provs[s]) {
				s, t = t, s
			}
			var l local
			l, row, frow = alignIDs(seqs[s].ids, seqs[t].ids, &sc, row, frow)
			if l.aEnd == 0 || l.score < o.MinScore || l.ident < o.MinWords {
				continue
			}
			ss, se := seqs[s].span(l.aStart, l.aEnd)
			ts, te := seqs[t].span(l.bStart, l.bEnd)
			hits = append(hits, hit{si: s, ti: t, r: Reuse{
				Source: provs[s].ID, Target: provs[t].ID,
				SourceDoc: provs[s].DocID, TargetDoc: provs[t].DocID,
				Score: l.score, AlignedWords: l.ident,
				SourceStart: ss, SourceEnd: se, TargetStart: ts, TargetEnd: te,
				SourcePassage: provs[s].Text[ss:se], TargetPassage: provs[t].Text[ts:te],
			}})
		}
		chunks[chunk] = hits
	})
	return sortHits(chunks)
}

// hit is a kept pair: the reuse and its source's and target's input positions.
type hit struct {
	r      Reuse
	si, ti int
}

// sortHits joins the chunks' hits and orders them as Find returns them: by score (highest
// first), then by the source's and the target's input position. It sorts small keys that
// point at the hits, not the hits (160 bytes with pointers, moved with write barriers at every
// swap); the pairs are distinct, so the order is total and either sort gives it.
func sortHits(chunks [][]hit) []Reuse {
	n := 0
	for _, c := range chunks {
		n += len(c)
	}
	keys := make([]hitKey, 0, n)
	for ci, c := range chunks {
		for k := range c {
			keys = append(keys, hitKey{c[k].r.Score, c[k].si, c[k].ti, int32(ci), int32(k)})
		}
	}
	slices.SortFunc(keys, func(x, y hitKey) int {
		if c := cmp.Compare(y.score, x.score); c != 0 {
			return c
		}
		if c := cmp.Compare(x.si, y.si); c != 0 {
			return c
		}
		return cmp.Compare(x.ti, y.ti)
	})
	out := make([]Reuse, len(keys))
	for i, k := range keys {
		out[i] = chunks[k.chunk][k.k].r
	}
	return out
}

// hitKey is what sortHits orders a hit by, and where the hit is: chunks[chunk][k].
type hitKey struct {
	score    float64
	si, ti   int
	chunk, k int32
}

// parallel splits [0, n) into contiguous chunks and runs fn(chunk, lo, hi) on each, on at most
// workers goroutines (in the caller's when there is one chunk, numbered 0). There are up to
// chunksPerWorker chunks per worker, taken in order by whichever goroutine is free: alignment
// costs vary by pair (the product of the two provisions' lengths), and with one chunk per
// worker the second CPU idled while the first finished a costlier half. Callers keep per-chunk
// results in a slice of nChunks(n, workers) and order them by content (sortHits), so the output
// does not depend on the chunking.
func parallel(n, workers int, fn func(chunk, lo, hi int)) {
	chunks := nChunks(n, workers)
	par.Each(chunks, workers, func(c int) { fn(c, c*n/chunks, (c+1)*n/chunks) })
}

// chunksPerWorker is how many chunks parallel cuts the work into per worker.
const chunksPerWorker = 16

// nChunks is the number of chunks parallel runs fn on: one with one worker or fewer than two
// items per worker, else up to chunksPerWorker per worker, at least two items each.
func nChunks(n, workers int) int {
	if workers <= 1 || n < 2*workers {
		return 1
	}
	return min(workers*chunksPerWorker, n/2)
}
