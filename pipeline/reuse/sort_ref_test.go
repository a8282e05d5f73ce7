package reuse

import (
	"cmp"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// radixSortRef and sortPostingsRef are the postings sort as it was before sortPostings (commit
// 564b487): a stable sort by hash of postings in provision order (candidatesOf), then, for
// postings read in any order (CandidatesOfPostings), each hash's postings sorted by provision.
// They are the reference sortPostings is checked against.
func radixSortRef(a []Posting) []Posting {
	if len(a) < 1<<14 {
		slices.SortStableFunc(a, func(x, y Posting) int { return cmp.Compare(x.H, y.H) })
		return a
	}
	b := make([]Posting, len(a))
	var count [1 << 16]int
	for shift := 0; shift < 64; shift += 16 {
		clear(count[:])
		for _, x := range a {
			count[(x.H>>shift)&0xFFFF]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, x := range a {
			d := (x.H >> shift) & 0xFFFF
			b[count[d]] = x
			count[d]++
		}
		a, b = b, a
	}
	return a
}

func sortPostingsRef(src []Posting) []Posting {
	posts := radixSortRef(slices.Clone(src))
	for lo := 0; lo < len(posts); {
		hi := lo + 1
		for hi < len(posts) && posts[hi].H == posts[lo].H {
			hi++
		}
		if hi-lo > 1 {
			slices.SortFunc(posts[lo:hi], func(x, y Posting) int { return cmp.Compare(x.P, y.P) })
		}
		lo = hi
	}
	return posts
}

// nearlySorted makes n postings as Stream's spill files give them: documents of 1 to 40
// provisions numbered in order, each provision with its 1 to 30 shingles out of distinct (a
// few frequent ones among them), the documents written in order but for a neighbour swapped now
// and then (two workers).
func nearlySorted(rng *rand.Rand, n, distinct int) []Posting {
	vals := make([]uint64, distinct)
	for k := range vals {
		vals[k] = rng.Uint64()>>6 | 13<<58
	}
	var docs [][]Posting
	p := int32(0)
	for total := 0; total < n; {
		var doc []Posting
		for range 1 + rng.IntN(40) {
			for range 1 + rng.IntN(30) {
				k := rng.IntN(distinct)
				if rng.IntN(3) == 0 {
					k = rng.IntN(min(distinct, 20)) // frequent shingles
				}
				doc = append(doc, Posting{vals[k], p})
			}
			p++
		}
		docs = append(docs, doc)
		total += len(doc)
	}
	for k := 1; k < len(docs); k++ {
		if rng.IntN(4) == 0 {
			docs[k-1], docs[k] = docs[k], docs[k-1]
		}
	}
	var out []Posting
	for _, d := range docs {
		out = append(out, d...)
	}
	return out
}

// randomPostings makes n postings with hashes drawn from distinct values (0: any), their top
// fixed bits set to top (as in a partition of pipeline.Stream's spill files), and provisions in
// [0, provs), in random order.
func randomPostings(rng *rand.Rand, n, distinct, fixed int, top uint64, provs int32) []Posting {
	vals := make([]uint64, max(distinct, 1))
	for k := range vals {
		vals[k] = rng.Uint64()
	}
	out := make([]Posting, n)
	for i := range out {
		h := rng.Uint64()
		if distinct > 0 {
			h = vals[rng.IntN(distinct)]
		}
		if fixed > 0 {
			h = h>>fixed | top<<(64-fixed)
		}
		out[i] = Posting{h, rng.Int32N(provs)}
	}
	return out
}

func TestSortPostingsMatchesRef(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name               string
		n, distinct, fixed int
		top                uint64
		provs              int32
	}{
		{name: "empty", n: 0, provs: 1},
		{name: "one", n: 1, provs: 5},
		{name: "small, all distinct", n: 200, provs: 100},
		{name: "just below the bucket pass", n: 255, distinct: 40, provs: 30},
		{name: "just at the bucket pass", n: 256, distinct: 40, provs: 30},
		{name: "every hash equal", n: 5000, distinct: 1, provs: 3000},
		{name: "two hashes", n: 5000, distinct: 2, provs: 3000},
		{name: "partition of six fixed bits", n: 12000, fixed: 6, top: 37, provs: 30000},
		{name: "partition with repeated shingles", n: 12000, distinct: 3000, fixed: 6, top: 5, provs: 800},
		{name: "above the old radix threshold", n: 70000, distinct: 20000, fixed: 6, top: 63, provs: 50000},
		{name: "hashes differing in low bits only", n: 3000, distinct: 500, fixed: 60, top: 9, provs: 1000},
		{name: "duplicated postings", n: 4000, distinct: 50, provs: 4},
	}
	for _, n := range []int{300, 5000, 40000} {
		tests = append(tests, struct {
			name               string
			n, distinct, fixed int
			top                uint64
			provs              int32
		}{name: "as spilled, " + strconv.Itoa(n), n: n, distinct: n / 4})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var src []Posting
			if strings.HasPrefix(tc.name, "as spilled") {
				src = nearlySorted(rng, tc.n, tc.distinct)
			} else {
				src = randomPostings(rng, tc.n, tc.distinct, tc.fixed, tc.top, tc.provs)
			}
			for _, maxDF := range []int{DefaultMaxDF, 1, 3, len(src)} {
				want := sortPostingsRef(src)
				got := make([]Posting, len(src))
				sortPostings(got, src, maxDF)
				if !slices.Equal(sortDropped(got, maxDF), want) {
					t.Fatalf("sortPostings (maxDF %d) differs from the reference (%d postings)", maxDF, len(src))
				}
				// In provision order (candidatesOf), the reference needs no second sort.
				inOrder := slices.Clone(src)
				slices.SortStableFunc(inOrder, func(x, y Posting) int { return cmp.Compare(x.P, y.P) })
				sortPostings(got, inOrder, maxDF)
				if stable := radixSortRef(slices.Clone(inOrder)); !slices.Equal(sortDropped(got, maxDF), stable) {
					t.Fatalf("sortPostings (maxDF %d) differs from the stable sort of postings in provision order", maxDF)
				}
			}
		})
	}
}

// FuzzSortPostings checks sortPostings against the reference on postings read from the input
// (9 bytes each: a hash, of which the first byte selects how many top bits are shared, and a
// provision byte), the runs of a hash of more than maxDF postings put in provision order first.
func FuzzSortPostings(f *testing.F) {
	f.Add([]byte("0123456789abcdefgh"), uint8(0), uint8(DefaultMaxDF))
	f.Add(make([]byte, 9*300), uint8(6), uint8(2))
	f.Fuzz(func(t *testing.T, b []byte, fixed, maxDF uint8) {
		fixed %= 64
		var src []Posting
		for ; len(b) >= 9; b = b[9:] {
			h := binary.LittleEndian.Uint64(b)
			if fixed > 0 {
				h >>= fixed
			}
			src = append(src, Posting{h, int32(b[8] % 16)})
		}
		for n := len(src); len(src) < 300 && n > 0; { // reach the bucket pass
			src = append(src, Posting{src[len(src)%n].H ^ uint64(len(src)%3), int32(len(src) % 5)})
		}
		want := sortPostingsRef(src)
		got := make([]Posting, len(src))
		sortPostings(got, src, int(maxDF))
		if !slices.Equal(sortDropped(got, int(maxDF)), want) {
			t.Fatalf("sortPostings (maxDF %d) differs from the reference on %d postings", maxDF, len(src))
		}
	})
}

// sortDropped sorts by provision, in place, the postings of each run of equal hashes of posts
// longer than maxDF (those sortPostings leaves in any order: groups.add drops them), and
// returns posts.
func sortDropped(posts []Posting, maxDF int) []Posting {
	for lo := 0; lo < len(posts); {
		hi := lo + 1
		for hi < len(posts) && posts[hi].H == posts[lo].H {
			hi++
		}
		if hi-lo > maxDF {
			slices.SortFunc(posts[lo:hi], func(x, y Posting) int { return cmp.Compare(x.P, y.P) })
		}
		lo = hi
	}
	return posts
}

// BenchmarkSortPostings sorts one partition of pipeline.Stream's postings (nearlySorted) of the
// 10MB bench corpus's size (12,000) and of the 100MB corpus's (120,000), with sortPostings and
// with the reference.
func BenchmarkSortPostings(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{12_000, 120_000} {
		src := nearlySorted(rng, n, n/3)
		dst := make([]Posting, len(src))
		b.Run(strconv.Itoa(n)+"/new", func(b *testing.B) {
			for b.Loop() {
				sortPostings(dst, src, DefaultMaxDF)
			}
		})
		b.Run(strconv.Itoa(n)+"/ref", func(b *testing.B) {
			for b.Loop() {
				sortPostingsRef(src)
			}
		})
	}
}

// sortHitsRef is sortHits as it was before it sorted keys (commit dc44e03): the hits joined,
// then sorted themselves.
func sortHitsRef(chunks [][]hit) []Reuse {
	var hits []hit
	for _, c := range chunks {
		hits = append(hits, c...)
	}
	slices.SortFunc(hits, func(x, y hit) int {
		if c := cmp.Compare(y.r.Score, x.r.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(x.si, y.si); c != 0 {
			return c
		}
		return cmp.Compare(x.ti, y.ti)
	})
	out := make([]Reuse, len(hits))
	for i, h := range hits {
		out[i] = h.r
	}
	return out
}

// TestSortHitsMatchesRef checks sortHits against the reference on chunks of hits of distinct
// pairs, many of them of equal scores (ties broken by the positions).
func TestSortHitsMatchesRef(t *testing.T) {
	tests := []struct {
		name           string
		chunks, perMax int
		scores         int // distinct scores drawn from
	}{
		{name: "empty", chunks: 0},
		{name: "one chunk", chunks: 1, perMax: 40, scores: 5},
		{name: "many chunks, ties", chunks: 32, perMax: 30, scores: 3},
		{name: "many chunks, distinct scores", chunks: 32, perMax: 30, scores: 1 << 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, uint64(tc.chunks)))
			seen := map[[2]int]bool{}
			chunks := make([][]hit, tc.chunks)
			for c := range chunks {
				for range rng.IntN(tc.perMax + 1) {
					si, ti := rng.IntN(200), rng.IntN(200)
					if seen[[2]int{si, ti}] {
						continue
					}
					seen[[2]int{si, ti}] = true
					r := Reuse{Source: "p" + strconv.Itoa(si), Target: "p" + strconv.Itoa(ti),
						Score: float64(rng.IntN(tc.scores)) / 2, AlignedWords: rng.IntN(50)}
					chunks[c] = append(chunks[c], hit{r: r, si: si, ti: ti})
				}
			}
			want := sortHitsRef(chunks)
			got := sortHits(chunks)
			if !slices.Equal(got, want) {
				t.Fatalf("sortHits differs from the reference (%d hits)", len(want))
			}
		})
	}
}
