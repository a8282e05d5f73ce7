package reuse

import (
	"cmp"
	"math/bits"
	"slices"
	"sync"
)

// candStats counts the work Candidates did, for tests and benchmarks.
type candStats struct {
	Shingles    int // (shingle, provision) postings indexed
	Dropped     int // distinct shingles dropped for exceeding MaxDF
	Comparisons int // co-occurrences counted: pairs of different instruments sharing a kept shingle
	Pairs       int // candidate pairs returned
}

// instrumentKeys gives each provision a dense instrument number: Instrument, or its DocID when
// Instrument is empty (so such documents are treated as instruments of their own).
func instrumentKeys(provs []Provision) []int32 {
	ids := make(map[string]int32)
	out := make([]int32, len(provs))
	for i := range provs {
		k := "i:" + provs[i].Instrument
		if provs[i].Instrument == "" {
			k = "d:" + provs[i].DocID
		}
		id, ok := ids[k]
		if !ok {
			id = int32(len(ids))
			ids[k] = id
		}
		out[i] = id
	}
	return out
}

// shingleHashes appends the hashes of the n-grams of ids (content-word hashes), deduplicated
// and sorted. A sequence of fewer than n words gives one shingle of all of them. dst may be
// ids[:0]: the hash of the n-gram at k is written at k once the n-gram is read.
func shingleHashes(dst []uint64, ids []uint64, n int) []uint64 {
	start := len(dst)
	if len(ids) == 0 {
		return dst
	}
	n = min(n, len(ids))
	for i := 0; i+n <= len(ids); i++ {
		h := uint64(n)
		for _, id := range ids[i : i+n] {
			h = bits.RotateLeft64(h, 27) ^ id
			h *= 0x9E3779B97F4A7C15
		}
		dst = append(dst, h^h>>29)
	}
	tail := dst[start:]
	slices.Sort(tail)
	tail = slices.Compact(tail)
	return dst[:start+len(tail)]
}

// comparePostings orders postings by hash, then provision.
func comparePostings(x, y Posting) int {
	if c := cmp.Compare(x.H, y.H); c != 0 {
		return c
	}
	return cmp.Compare(x.P, y.P)
}

// sortPostings writes src to dst (of the same length) sorted by hash, then provision (but for
// the hashes of more than maxDF postings, below): one
// counting pass that scatters the postings into buckets by the top bits on which their hashes
// differ (which order the buckets as the hashes), then each bucket sorted on its own, most of
// them holding a posting or two. Postings equal on both are interchangeable, so the order is
// the one a stable sort by hash of postings in provision order gives. A stable merge sort
// (below 16 Ki postings, the size of a partition of the 10MB bench corpus) and four 16-bit
// radix passes, then a sort of each hash's provisions, were 0.27 s and 0.08 s of 15 s of CPU
// samples on that corpus.
//
// A hash of more than maxDF postings is dropped by groups.add whatever the order of its
// provisions, so they are left in the scatter's order (src's): a bucket holding only such a
// hash is not sorted, and a bucket that insertion does not sort is sorted by hash and then each
// hash of at most maxDF postings by provision (sortBucket). On the 10MB bench corpus the
// buckets insertion did not sort held 291,090 postings, 288,347 of them of hashes above
// DefaultMaxDF (260,380 in buckets of one hash), which the comparison sort ordered for nothing.
func sortPostings(dst, src []Posting, maxDF int) {
	n := len(src)
	if n < 256 {
		copy(dst, src)
		slices.SortFunc(dst, comparePostings)
		return
	}
	or, and := uint64(0), ^uint64(0)
	for _, x := range src {
		or |= x.H
		and &= x.H
	}
	width := bits.Len64(or ^ and) // the hashes agree above bit width-1
	nb := min(width, 16, bits.Len(uint(n))-1)
	shift := width - nb
	mask := uint64(1)<<nb - 1
	count := make([]int32, 1<<nb+1)
	for _, x := range src {
		count[(x.H>>shift)&mask+1]++
	}
	for k := 1; k < len(count); k++ {
		count[k] += count[k-1]
	}
	next := slices.Clone(count[:len(count)-1])
	for _, x := range src {
		k := (x.H >> shift) & mask
		dst[next[k]] = x
		next[k]++
	}
	for k := 0; k+1 < len(count); k++ {
		b := dst[count[k]:count[k+1]]
		if len(b) <= 1 || len(b) > maxDF && oneHash(b) {
			continue
		}
		if !insertionSort(b, 4*len(b)) {
			sortBucket(b, maxDF)
		}
	}
}

// oneHash reports whether the postings of b (not empty) all have the same hash.
func oneHash(b []Posting) bool {
	h := b[0].H
	for _, x := range b[1:] {
		if x.H != h {
			return false
		}
	}
	return true
}

// sortBucket sorts b by hash, then the postings of each hash of at most maxDF postings by
// provision; a more frequent hash's postings are left in any order.
func sortBucket(b []Posting, maxDF int) {
	slices.SortFunc(b, func(x, y Posting) int { return cmp.Compare(x.H, y.H) })
	for lo := 0; lo < len(b); {
		hi := lo + 1
		for hi < len(b) && b[hi].H == b[lo].H {
			hi++
		}
		if hi-lo > 1 && hi-lo <= maxDF {
			slices.SortFunc(b[lo:hi], func(x, y Posting) int { return cmp.Compare(x.P, y.P) })
		}
		lo = hi
	}
}

// insertionSort sorts a by comparePostings with at most limit moves and reports whether it
// finished (a is a permutation of itself either way). A bucket is mostly a posting or two; a
// large one is mostly one frequent shingle, whose provisions come in nearly increasing order
// (the spill files are written document after document, by a few workers), which insertion
// sorts in a few moves where a comparison sort took 0.16 s of the 10MB corpus's 0.21 s.
func insertionSort(a []Posting, limit int) bool {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && comparePostings(a[j], a[j-1]) < 0; j-- {
			if limit--; limit < 0 {
				return false
			}
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
	return true
}

// Candidates returns the pairs (i, j), i < j, of provisions of different instruments that may
// share a passage: those sharing at least MinShared distinct indexed shingles. A shingle is a
// run of Shingle consecutive content words (stop words removed, keys as in LocalAlign); a
// shingle found in more than MaxDF provisions is not indexed. It never compares all pairs: the
// work is a radix sort of the (shingle, provision) postings plus, per kept shingle of document
// frequency d, at most d*(d-1)/2 pair counts (so at most (MaxDF-1)/2 per posting). The result
// is sorted and deterministic.
func Candidates(provs []Provision, opt Options) [][2]int {
	o := opt.withDefaults()
	in := newInterner(&o)
	seqs := make([]seq, len(provs))
	for i := range provs {
		seqs[i] = in.prepareProvision(&provs[i])
	}
	pairs, _ := candidates(seqs, instrumentKeys(provs), &o)
	return pairs
}

func candidates(seqs []seq, inst []int32, o *Options) ([][2]int, candStats) {
	// The shingles of every provision, once, in one array (8 bytes per shingle).
	off := make([]int, len(seqs)+1)
	var flat []uint64
	for i := range seqs {
		flat = shingleHashes(flat, seqs[i].ids, o.Shingle)
		off[i+1] = len(flat)
	}
	return candidatesOf(len(seqs), len(flat), func(i int) []uint64 { return flat[off[i]:off[i+1]] }, inst, o)
}

// maxPartition bounds the postings candidatesOf sorts at once (16 bytes each, twice for the
// radix sort's second buffer): above it the shingles are taken in partitions by their hash's
// top bits, each sorted and grouped alone.
var maxPartition = 1 << 22 // a variable for the tests

// candidatesOf is the candidate search over n provisions whose shingle hashes (distinct,
// sorted) shingles(i) gives, in provision order; total is their number. shingles is called
// once per partition.
func candidatesOf(n, total int, shingles func(i int) []uint64, inst []int32, o *Options) ([][2]int, candStats) {
	var g groups
	parts, bits := 1, 0
	for total/parts > maxPartition {
		parts, bits = parts*2, bits+1
	}
	posts := make([]Posting, 0, min(total, maxPartition+maxPartition/4))
	var sorted []Posting
	for part := range parts {
		posts = posts[:0]
		for i := 0; i < n; i++ {
			for _, h := range shingles(i) {
				if bits == 0 || int(h>>(64-bits)) == part {
					posts = append(posts, Posting{h, int32(i)})
				}
			}
		}
		sorted = slices.Grow(sorted[:0], len(posts))[:len(posts)]
		sortPostings(sorted, posts, o.MaxDF)
		g.add(sorted, o)
	}
	return g.pairs(n, inst, o)
}

// Posting is one (shingle hash, provision) pair: H is a hash of Shingles, P the provision's
// position in Find's input order.
type Posting struct {
	H uint64
	P int32
}

// CandidatesOfPostings is Candidates for an engine that keeps the postings out of memory
// (pipeline.Stream spills them to disk in its first pass): partition(k), for k < parts, gives
// the postings of the k-th of parts disjoint sets of shingle hashes (every posting of a hash in
// the same partition), in any order. n is the number of provisions, inst[i] a number per
// InstrumentKey. Up to opt.Workers goroutines read and sort partitions, each at most one
// partition ahead of the one whose groups are gathered, so at most opt.Workers partitions are
// in memory at a time, plus the kept groups. partition is called from those goroutines, once
// per k; the first error is returned. A slice partition returns is CandidatesOfPostings' own:
// once sorted out of it, a worker sorts a later partition into it (a worker allocates for its
// first partition, or one longer than any it had before, where it made a copy of another type
// and the sorted copy for each).
func CandidatesOfPostings(n int, inst []int32, parts int, partition func(k int) ([]Posting, error), opt Options) ([][2]int, error) {
	o := opt.withDefaults()
	workers := max(min(o.Workers, parts), 1)
	type sorted struct {
		posts []Posting
		err   error
	}
	// Worker w takes partitions w, w+workers, ...; the groups are gathered in partition order,
	// so the kept groups (and the pairs) are those of one goroutine reading them in turn.
	outs := make([]chan sorted, workers)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range outs {
		outs[w] = make(chan sorted)
		wg.Go(func() {
			// The postings partition gave for the worker's previous partition, read by its
			// sort only: the next sort writes into them when they are long enough.
			var spare []Posting
			for k := w; k < parts; k += workers {
				var r sorted
				ps, err := partition(k)
				if err != nil {
					r.err = err
				} else {
					if cap(spare) >= len(ps) {
						r.posts = spare[:len(ps)]
					} else {
						r.posts = make([]Posting, len(ps))
					}
					sortPostings(r.posts, ps, o.MaxDF)
					spare = ps
				}
				select {
				case outs[w] <- r:
				case <-stop:
					return
				}
				if err != nil {
					return
				}
			}
		})
	}
	defer func() {
		close(stop)
		wg.Wait()
	}()
	var g groups
	for k := range parts {
		r := <-outs[k%workers]
		if r.err != nil {
			return nil, r.err
		}
		g.add(r.posts, &o)
	}
	pairs, _ := g.pairs(n, inst, &o)
	return pairs, nil
}

// groups gathers the kept groups (shingles of document frequency 2..MaxDF) of sorted
// postings, partition after partition: kept lists their provisions group after group (in
// increasing order within a group), groupEnd[x] is the end in kept of the group of kept[x].
type groups struct {
	kept, groupEnd []int32
	st             candStats
}

// add takes the groups of posts, sorted by hash and, within a hash of at most o.MaxDF
// postings, by provision (a more frequent hash is dropped, its postings in any order).
func (g *groups) add(posts []Posting, o *Options) {
	g.st.Shingles += len(posts)
	for lo := 0; lo < len(posts); {
		hi := lo + 1
		for hi < len(posts) && posts[hi].H == posts[lo].H {
			hi++
		}
		switch d := hi - lo; {
		case d > o.MaxDF:
			g.st.Dropped++
		case d >= 2:
			end := int32(len(g.kept) + d)
			for _, x := range posts[lo:hi] {
				g.kept = append(g.kept, x.P)
				g.groupEnd = append(g.groupEnd, end)
			}
		}
		lo = hi
	}
}

// pairs counts, for each provision i, the later provisions j of other instruments sharing its
// kept shingles, and keeps the pairs sharing at least MinShared.
func (g *groups) pairs(n int, inst []int32, o *Options) ([][2]int, candStats) {
	st := g.st
	kept, groupEnd := g.kept, g.groupEnd
	// For each provision the positions in kept of its postings (CSR by provision).
	start := make([]int32, n+1)
	for _, p := range kept {
		start[p+1]++
	}
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	mine := make([]int32, start[n])
	fill := slices.Clone(start[:n])
	for x, p := range kept {
		mine[fill[p]] = int32(x)
		fill[p]++
	}

	// For each provision i, count the later provisions j sharing its kept shingles: within a
	// group provisions are in increasing order, so the partners j > i follow i's posting.
	count := make([]int32, n)
	var touched []int32
	var out [][2]int
	comparisons := 0
	for i := 0; i < n; i++ {
		touched = touched[:0]
		ii := inst[i]
		for _, x := range mine[start[i]:start[i+1]] {
			for y := x + 1; y < groupEnd[x]; y++ {
				j := kept[y]
				if inst[j] == ii {
					continue
				}
				comparisons++
				if count[j] == 0 {
					touched = append(touched, j)
				}
				count[j]++
			}
		}
		// The partners sharing enough shingles, kept in place (most touched are not), then
		// sorted: sorting all the touched ones was most of the sort's work.
		sel := touched[:0]
		for _, j := range touched {
			if int(count[j]) >= o.MinShared {
				sel = append(sel, j)
			}
			count[j] = 0
		}
		slices.Sort(sel)
		for _, j := range sel {
			out = append(out, [2]int{i, int(j)})
		}
	}
	st.Comparisons += comparisons
	st.Pairs = len(out)
	return out, st
}
