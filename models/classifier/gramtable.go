package classifier

import (
	"math"
	"math/bits"
	"sync"

	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// gramTable is the lookup index of a fitted block's features (CharNGrams, WordBigrams): an
// open-addressing hash table (linear probing) from a 64-bit FNV-1a hash of a feature's bytes to
// its column. Each slot holds the hash's top 32 bits, the column, and where the feature's bytes
// lie in one arena of all features, so a probe reads one slot and, on a tag match, the arena:
// the bytes are compared on every match, so a lookup allocates nothing and a hash collision never
// gives a wrong column. It also pools the scratch (rowScratch) a row is counted in, so that
// concurrent Row calls on one block share nothing mutable. Built by FitCharNGrams,
// FitWordBigrams and Load; a block without one (decoded by hand) searches Grams instead.
type gramTable struct {
	mask  uint64 // len(slot) - 1
	slot  []gramSlot
	arena []byte // every feature's bytes, in column order
	pool  sync.Pool
}

// gramSlot is one slot of a gramTable; col < 0 marks an empty slot.
type gramSlot struct {
	tag    uint32 // the hash's top 32 bits
	col    int32
	off, n uint32 // the feature is arena[off : off+n]
}

// FNV-1a, 64-bit.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnvAdd feeds b into the FNV-1a hash h.
func fnvAdd(h uint64, b []byte) uint64 {
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// fnvAddString feeds s into the FNV-1a hash h.
func fnvAddString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// home is the first slot probed for hash h: h times a 64-bit odd constant, high bits first,
// which spreads FNV's weaker low bits.
func (t *gramTable) home(h uint64) uint64 { return (h * 0x9E3779B97F4A7C15) >> 20 & t.mask }

// newGramTable indexes grams (distinct). A block too large for 32-bit offsets and columns gets
// no table (nil: its Row searches Grams).
func newGramTable(grams []string) *gramTable {
	total := 0
	for _, g := range grams {
		total += len(g)
	}
	if total > math.MaxUint32 || len(grams) > math.MaxInt32 {
		return nil
	}
	size := uint64(1) << bits.Len64(uint64(2*len(grams))) // at least twice the features: short probe runs
	t := &gramTable{mask: size - 1, slot: make([]gramSlot, size), arena: make([]byte, 0, total)}
	for p := range t.slot {
		t.slot[p].col = -1
	}
	for j, g := range grams {
		h := fnvAddString(fnvOffset, g)
		p := t.home(h)
		for t.slot[p].col >= 0 {
			p = (p + 1) & t.mask
		}
		t.slot[p] = gramSlot{tag: uint32(h >> 32), col: int32(j), off: uint32(len(t.arena)), n: uint32(len(g))}
		t.arena = append(t.arena, g...)
	}
	n := len(grams)
	t.pool.New = func() any { return &rowScratch{count: make([]int32, n), seen: make([]uint64, (n+63)/64)} }
	return t
}

// find returns the column of the feature whose bytes are g and whose hash is h.
func (t *gramTable) find(h uint64, g []byte) (int, bool) {
	tag := uint32(h >> 32)
	for p := t.home(h); ; p = (p + 1) & t.mask {
		e := &t.slot[p]
		if e.col < 0 {
			return 0, false
		}
		if e.tag == tag && int(e.n) == len(g) && string(t.arena[e.off:e.off+e.n]) == string(g) {
			return int(e.col), true
		}
	}
}

// rowScratch counts one text's features: count[j] is column j's count so far, seen has bit j
// set when count[j] > 0, and lo..hi bound the words of seen in use. Between rows every count and
// bit is zero. buf and starts are reused by the n-gram and bigram builders.
type rowScratch struct {
	count  []int32
	seen   []uint64
	lo, hi int
	nd     int // distinct columns
	buf    []byte
	starts []int
}

func (s *rowScratch) add(j int) {
	if s.count[j] == 0 {
		w := j >> 6
		if s.nd == 0 || w < s.lo {
			s.lo = w
		}
		if s.nd == 0 || w > s.hi {
			s.hi = w
		}
		s.seen[w] |= 1 << (j & 63)
		s.nd++
	}
	s.count[j]++
}

// row turns the counts into the block's TF-IDF row (vectorize.WeighCounts, L2), in ascending
// column order, exactly as vectorize.WeighColumns would from the list of columns, and leaves the
// scratch zeroed for the next row.
func (s *rowScratch) row(idf []float64, sublinear bool) (idx []int, val []float64) {
	if s.nd == 0 {
		return nil, nil
	}
	idx = make([]int, 0, s.nd)
	val = make([]float64, 0, s.nd)
	for w := s.lo; w <= s.hi; w++ {
		for b := s.seen[w]; b != 0; b &= b - 1 {
			j := w<<6 | bits.TrailingZeros64(b)
			idx = append(idx, j)
			val = append(val, float64(s.count[j]))
			s.count[j] = 0
		}
		s.seen[w] = 0
	}
	s.nd = 0
	return vectorize.WeighCounts(idx, val, idf, sublinear, vectorize.NormL2)
}
