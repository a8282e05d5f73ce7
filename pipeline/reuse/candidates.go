package reuse

import (
	"cmp"
	"math/bits"
	"slices"
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
// and sorted. A sequence of fewer than n words gives one shingle of all of them.
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

type posting struct {
	h uint64
	p int32
}

// radixSort sorts postings by h, stably (so postings appended in provision order stay in
// provision order within a hash), with four 16-bit passes (a comparison sort when small).
func radixSort(a []posting) []posting {
	if len(a) < 1<<14 { // the 512 KiB of counts would dominate
		slices.SortStableFunc(a, func(x, y posting) int { return cmp.Compare(x.h, y.h) })
		return a
	}
	b := make([]posting, len(a))
	var count [1 << 16]int
	for shift := 0; shift < 64; shift += 16 {
		clear(count[:])
		for _, x := range a {
			count[(x.h>>shift)&0xFFFF]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, x := range a {
			d := (x.h >> shift) & 0xFFFF
			b[count[d]] = x
			count[d]++
		}
		a, b = b, a
	}
	return a
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
	total := 0
	for i := range seqs {
		total += len(seqs[i].ids) // an upper bound on the shingles of i
	}
	var hs []uint64
	return candidatesOf(len(seqs), total, func(i int) []uint64 {
		hs = shingleHashes(hs[:0], seqs[i].ids, o.Shingle)
		return hs
	}, inst, o)
}

// candidatesOf is the candidate search over n provisions whose shingle hashes (distinct,
// sorted) shingles(i) gives, in provision order; total bounds their number (a capacity hint).
func candidatesOf(n, total int, shingles func(i int) []uint64, inst []int32, o *Options) ([][2]int, candStats) {
	var st candStats
	posts := make([]posting, 0, total)
	for i := 0; i < n; i++ {
		for _, h := range shingles(i) {
			posts = append(posts, posting{h, int32(i)})
		}
	}
	st.Shingles = len(posts)
	posts = radixSort(posts)

	// Kept groups (shingles of document frequency 2..MaxDF) as ranges of posts, and for each
	// provision the positions in posts of its kept postings (CSR by provision).
	start := make([]int32, n+1)
	groupEnd := make([]int32, len(posts)) // end of the group of a kept posting
	for lo := 0; lo < len(posts); {
		hi := lo + 1
		for hi < len(posts) && posts[hi].h == posts[lo].h {
			hi++
		}
		switch d := hi - lo; {
		case d > o.MaxDF:
			st.Dropped++
		case d >= 2:
			for x := lo; x < hi; x++ {
				groupEnd[x] = int32(hi)
				start[posts[x].p+1]++
			}
		}
		lo = hi
	}
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	mine := make([]int32, start[n])
	fill := slices.Clone(start[:n])
	for x := range posts {
		if groupEnd[x] > 0 {
			p := posts[x].p
			mine[fill[p]] = int32(x)
			fill[p]++
		}
	}

	// For each provision i, count the later provisions j sharing its kept shingles: within a
	// group provisions are in increasing order, so the partners j > i follow i's posting.
	count := make([]int32, n)
	var touched []int32
	var out [][2]int
	for i := 0; i < n; i++ {
		touched = touched[:0]
		for _, x := range mine[start[i]:start[i+1]] {
			for y := x + 1; y < groupEnd[x]; y++ {
				j := posts[y].p
				if inst[j] == inst[i] {
					continue
				}
				st.Comparisons++
				if count[j] == 0 {
					touched = append(touched, j)
				}
				count[j]++
			}
		}
		slices.Sort(touched)
		for _, j := range touched {
			if int(count[j]) >= o.MinShared {
				out = append(out, [2]int{i, int(j)})
			}
			count[j] = 0
		}
	}
	st.Pairs = len(out)
	return out, st
}
