package align

import (
	"hash/maphash"
	"math"
	"slices"
	"unicode/utf8"
	"unsafe"
)

// maxWordSymbols is the number of distinct words a pair may have for WordDiff to diff it: the
// number of code points outside the surrogate block, to which the words were once mapped to be
// diffed as rune strings (see WordDiff).
const maxWordSymbols = utf8.MaxRune + 1 - (0xE000 - 0xD800)

// WordDiff compares two token sequences word by word and renders the merged text in wdiff
// notation: unchanged words plain, each run of deleted words as "[-...-]" and each run of
// inserted words as "{+...+}", the deletion first where both happen at the same spot, one
// space between tokens. inserted and deleted list the inserted and deleted words in order
// (nil when none).
//
// Words are compared exactly as written (case-sensitive, punctuation attached as the caller
// tokenised it), so "States" -> "states" is a change. The diff is diffmatchpatch's
// DiffMainRunes (Myers' O(ND) bisection, no timeout, so the output does not depend on machine
// speed) with each distinct word standing for one rune, as diffmatchpatch.DiffLinesToRunes does
// for lines: the same steps, taken on word numbers and on ranges of the two sequences instead
// of rune strings (see wordDiffer), give the same edits. The result is cleaned at word level:
// an unchanged run is folded into the change around it when it is strictly shorter, in words,
// than the larger side of the edit both before and after it (diffmatchpatch's
// DiffCleanupSemantic rule, with < instead of <= so that one kept word between one-word edits
// stays visible; its character-class boundary shifting is not used, since it would read
// meaning into the arbitrary code points that stand for words), then merged as
// diffmatchpatch's DiffCleanupMerge merges. A pair with more distinct words than there are
// such runes is reported as a whole replacement. Words are not escaped: a token that itself
// contains "[-" or "{+" makes the rendering ambiguous.
func WordDiff(a, b []string) (diff string, inserted, deleted []string) {
	var d wordDiffer
	return d.diff(a, b)
}

// opKind is the kind of an edit.
type opKind int8

const (
	opDelete opKind = -1
	opEqual  opKind = 0
	opInsert opKind = 1
)

// edit is one operation of a diff of two word sequences a and b, over n words: deleted words
// a[i:i+n], inserted words b[j:j+n], or equal words a[i:i+n] == b[j:j+n]. i and j are where
// the edit starts in a and in b whatever its kind, so the edits of a diff, in order, take a
// and b from start to end.
//
// diffmatchpatch keeps each operation's text as a string; every string its diff and cleanup
// steps build is a stretch of one of the two texts (they only cut, join neighbours and shift
// an edit over an equal stretch beside it), so a range stands for it, and the steps' string
// comparisons become comparisons of word numbers.
type edit struct {
	op      opKind
	i, j, n int32
}

// wordDiffer computes WordDiff with buffers reused from one call to the next: Align keeps one
// for all its pairs (a map, rune slices and operations per pair were most of the stage's
// garbage). The words of each call are numbered afresh in a table sized to them (wordTable):
// the diff depends only on which words are equal, so any one-to-one numbering gives the same
// result.
type wordDiffer struct {
	sym    wordTable
	wa, wb []string // a pair's two sides, during diffWords
	ia, ib []int32  // their word numbers (between their common prefix and suffix)
	v1, v2 []int    // diffBisect's paths
	rev    []int32  // the two stretches bisect diffs, reversed
	ops    []wordOp
	edits  []edit // the edits of diffWords, appended by main, compute, bisect and split
	buf    []byte
	// the blocks that render cuts the texts and word lists it returns from (one allocation
	// per block, not two per pair): what it hands out is never written again, so a block is
	// only appended to, and replaced when full; AlignVersions drops them when done, so that a
	// pooled differ does not keep an earlier instrument's words alive
	texts []byte
	lists []string
}

// textBlock and listBlock are the sizes of the blocks of texts (bytes) and of word lists
// (words) that render cuts its results from; a longer result gets a block of its own size.
const (
	textBlock = 8192
	listBlock = 256
)

func (d *wordDiffer) diff(a, b []string) (string, []string, []string) {
	if len(a) == 0 && len(b) == 0 {
		return "", nil, nil
	}
	if cap(d.ops) < len(a)+len(b) { // sized for the largest pair so far, not grown by append
		d.ia, d.ib, d.ops = make([]int32, 0, len(a)), make([]int32, 0, len(b)), make([]wordOp, 0, len(a)+len(b))
		n := len(a) + len(b) + 8
		for _, w := range a {
			n += len(w)
		}
		for _, w := range b {
			n += len(w)
		}
		d.buf = make([]byte, 0, n)
	}
	ops := d.ops[:0]
	if slices.Equal(a, b) {
		// The diff of equal sequences is one equality: no need to encode and diff them.
		for _, w := range a {
			ops = append(ops, wordOp{opEqual, w})
		}
		d.ops = ops
		return d.render(ops)
	}
	if len(a)+len(b) > maxWordSymbols && distinctWords(a, b) > maxWordSymbols {
		// More distinct words than runes: report a whole replacement, as when they were diffed
		// as rune strings.
		for _, w := range a {
			ops = append(ops, wordOp{opDelete, w})
		}
		for _, w := range b {
			ops = append(ops, wordOp{opInsert, w})
		}
		d.ops = ops
		return d.render(ops)
	}
	for _, e := range d.diffWords(a, b) {
		switch e.op {
		case opInsert:
			for _, w := range b[e.j : e.j+e.n] {
				ops = append(ops, wordOp{opInsert, w})
			}
		default:
			for _, w := range a[e.i : e.i+e.n] {
				ops = append(ops, wordOp{e.op, w})
			}
		}
	}
	d.ops = ops
	return d.render(ops)
}

// distinctWords is the number of distinct words of a and b together.
func distinctWords(a, b []string) int {
	seen := make(map[string]bool)
	for _, w := range a {
		seen[w] = true
	}
	for _, w := range b {
		seen[w] = true
	}
	return len(seen)
}

// diffWords is the diff of the differing word sequences a and b, cleaned by cleanupWords: it
// is diffmatchpatch's DiffMainRunes on their runes, with the common prefix and suffix, which
// that trims first, trimmed on the words, so that only the words between them are numbered
// (looking a word up in the table was a third of the diff's time on the 10MB bench corpus).
// Only the diff of the middle stretch compares word numbers; the merges compare words.
func (d *wordDiffer) diffWords(a, b []string) []edit {
	p := commonPrefix(a, b)
	s := commonSuffix(a[p:], b[p:])
	la, lb := int32(len(a)), int32(len(b))
	d.sym.reset(len(a) + len(b) - 2*int(p+s))
	d.ia = slices.Grow(d.ia[:0], len(a))[:len(a)]
	d.ib = slices.Grow(d.ib[:0], len(b))[:len(b)]
	d.encode(d.ia[p:la-s], a[p:la-s])
	d.encode(d.ib[p:lb-s], b[p:lb-s])
	d.wa, d.wb = a, b
	diffs := d.edits[:0]
	if p != 0 {
		diffs = append(diffs, edit{opEqual, 0, 0, p})
	}
	diffs = d.compute(diffs, p, la-s, p, lb-s)
	if s != 0 {
		diffs = append(diffs, edit{opEqual, la - s, lb - s, s})
	}
	diffs = cleanupWords(a, b, cleanupMerge(a, b, diffs))
	d.wa, d.wb = nil, nil
	d.edits = diffs
	return diffs
}

// encode sets dst[k] to the number of word ws[k], numbering new words.
func (d *wordDiffer) encode(dst []int32, ws []string) {
	for k, w := range ws {
		dst[k] = d.sym.number(w)
	}
}

// wordTable numbers the distinct words of one diff in order of first appearance: an
// open-addressing hash table (linear probing) at most half full, emptied and sized for each
// call by reset. A map shared by all of an aligner's pairs, which grew to every word of the
// instrument, was a third of diffWords' time (its lookups missed the caches); the table of one
// pair's differing stretch stays in them.
type wordTable struct {
	slots []wordSlot // a power of two of them
	words []string   // the words by number
}

// wordSlot is one slot of a wordTable: id is the word's number plus one (0: empty), h the
// high bits of its hash, compared before the strings.
type wordSlot struct {
	h  uint32
	id int32
}

// wordSeed is the seed of wordTable's hashes (the numbering does not depend on it).
var wordSeed = maphash.MakeSeed()

// reset empties t and sizes it for up to n distinct words.
func (t *wordTable) reset(n int) {
	size := 16
	for size < 2*n {
		size *= 2
	}
	if cap(t.slots) >= size {
		t.slots = t.slots[:size]
		clear(t.slots)
	} else {
		t.slots = make([]wordSlot, size)
	}
	t.words = t.words[:0]
}

// number returns the number of w, numbering it next if it is new. t holds fewer words than
// reset was told.
func (t *wordTable) number(w string) int32 {
	h := maphash.String(wordSeed, w)
	mask := uint64(len(t.slots) - 1)
	hi := uint32(h >> 32)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.id == 0 {
			t.words = append(t.words, w)
			id := int32(len(t.words))
			*sl = wordSlot{hi, id}
			return id - 1
		}
		if sl.h == hi && t.words[sl.id-1] == w {
			return sl.id - 1
		}
	}
}

// main is diffmatchpatch's diffMainRunes on a[i0:i1] and b[j0:j1], a stretch of the words
// diffWords numbered.
func (d *wordDiffer) main(dst []edit, i0, i1, j0, j1 int32) []edit {
	a, b := d.ia[i0:i1], d.ib[j0:j1]
	if slices.Equal(a, b) {
		if len(a) > 0 {
			return append(dst, edit{opEqual, i0, j0, int32(len(a))})
		}
		return dst
	}
	p := commonPrefix(a, b)
	a, b = a[p:], b[p:]
	s := commonSuffix(a, b)
	start := len(dst) // this stretch's edits are dst[start:]
	if p != 0 {
		dst = append(dst, edit{opEqual, i0, j0, p})
	}
	dst = d.compute(dst, i0+p, i1-s, j0+p, j1-s)
	if s != 0 {
		dst = append(dst, edit{opEqual, i1 - s, j1 - s, s})
	}
	return append(dst[:start], cleanupMerge(d.wa, d.wb, dst[start:])...)
}

// compute is diffmatchpatch's diffCompute on a[i0:i1] and b[j0:j1], which have no common
// prefix or suffix, with no timeout (so no half match). It appends the edits to dst, as main,
// bisect and split do (a slice of edits per call were half of the stage's allocations).
func (d *wordDiffer) compute(dst []edit, i0, i1, j0, j1 int32) []edit {
	a, b := d.ia[i0:i1], d.ib[j0:j1]
	la, lb := int32(len(a)), int32(len(b))
	switch {
	case la == 0:
		return append(dst, edit{opInsert, i0, j0, lb})
	case lb == 0:
		return append(dst, edit{opDelete, i0, j0, la})
	}
	if la > lb {
		if k := index(a, b); k >= 0 { // b inside a
			return append(dst, edit{opDelete, i0, j0, k}, edit{opEqual, i0 + k, j0, lb}, edit{opDelete, i0 + k + lb, j1, la - k - lb})
		}
	} else if k := index(b, a); k >= 0 { // a inside b
		return append(dst, edit{opInsert, i0, j0, k}, edit{opEqual, i0, j0 + k, la}, edit{opInsert, i1, j0 + k + la, lb - k - la})
	}
	if min(la, lb) == 1 {
		return append(dst, edit{opDelete, i0, j0, la}, edit{opInsert, i1, j0, lb})
	}
	return d.bisect(dst, i0, i1, j0, j1)
}

// bisect is diffmatchpatch's diffBisect on a[i0:i1] and b[j0:j1]: the middle snake of Myers'
// O(ND) algorithm (middleSnake), then the two halves diffed on their own.
func (d *wordDiffer) bisect(dst []edit, i0, i1, j0, j1 int32) []edit {
	if x, y, ok := d.middleSnake(d.ia[i0:i1], d.ib[j0:j1]); ok {
		return d.split(dst, i0, i1, j0, j1, int32(x), int32(y))
	}
	// No commonality at all.
	return append(dst, edit{opDelete, i0, j0, i1 - i0}, edit{opInsert, i1, j0, j1 - j0})
}

// middleSnake is diffBisect's search for the point (x, y) of r1 and r2 where its forward and
// reverse paths overlap; ok is false when they do not.
//
// A step of either search is a call of paths.step, the reverse one on r1 and r2 reversed, and
// diffBisect's tests for the first and last diagonals of a step (k == -d, k == d) are made by
// sentinels: in one function with bisect's state, its loop over the diagonals kept its values
// on the stack and took about 100 instructions per diagonal (cachegrind, 10MB bench corpus),
// most of the word diff's.
func (d *wordDiffer) middleSnake(r1, r2 []int32) (int, int, bool) {
	n1, n2 := len(r1), len(r2)
	maxD := (n1 + n2 + 1) / 2
	vOffset := maxD
	n := 2*maxD + 1 // diffBisect's vLength, and a slot for a sentinel
	if cap(d.v1) < n {
		d.v1, d.v2 = make([]int, n), make([]int, n)
	}
	v1, v2 := d.v1[:n], d.v2[:n]
	for k := range v1 {
		v1[k], v2[k] = -1, -1
	}
	v1[vOffset+1], v2[vOffset+1] = 0, 0
	rev := slices.Grow(d.rev[:0], n1+n2)[:n1+n2]
	for k, w := range r1 {
		rev[n1-1-k] = w
	}
	for k, w := range r2 {
		rev[n1+n2-1-k] = w
	}
	d.rev = rev
	// If the total number of words is odd, the front path collides with the reverse path.
	front := (n1-n2)%2 != 0
	fwd := paths{a: r1, b: r2, v: v1, other: v2, check: front}
	back := paths{a: rev[:n1], b: rev[n1:], v: v2, other: v1, check: !front}
	for dd := 0; dd < maxD; dd++ {
		if off, x, ok := fwd.step(dd); ok {
			return x, x - (off - vOffset), true
		}
		if off, _, ok := back.step(dd); ok {
			// The overlap is the front path's point on the diagonal.
			off1 := 2*vOffset + n1 - n2 - off
			x1 := v1[off1]
			return x1, vOffset + x1 - off1, true
		}
	}
	return 0, 0, false
}

// paths are the paths of one of diffBisect's two searches, from the start of a and b (the
// front paths; the reverse ones search the sequences reversed): v[vOffset+k] is the furthest x
// the search has reached on diagonal k = x-y, -1 for none, vOffset being half v's length
// (diffBisect's array and one slot); other holds the paths of the other search. kStart and
// kEnd are diffBisect's offsets for the start and end of the k loop, which keep the paths
// inside the grid.
type paths struct {
	a, b         []int32
	v, other     []int
	kStart, kEnd int
	check        bool // whether a path is checked for overlap with the other search's
}

// minInt is the sentinel of paths.step, below every path.
const minInt = math.MinInt

// step is step dd of diffBisect's search over the diagonals k from -dd+kStart to dd-kEnd, by
// twos. It returns the offset of the diagonal and the x where a path reaches the other
// search's path on its diagonal (when check is set), ok false when none does.
//
// The path of diagonal k extends that of k+1 or k-1, whichever has reached further, but for
// k = -dd, which extends that of k+1, and k = dd, which extends that of k-1: the paths of
// their outer neighbours, which no step has reached yet (-1), are made minInt during the step,
// so that the comparison takes the other.
func (p *paths) step(dd int) (off, x int, ok bool) {
	a, b, v, other := p.a, p.b, p.v, p.other
	na, nb := len(a), len(b)
	vOffset := len(v) / 2
	first, last := vOffset-dd+p.kStart, vOffset+dd-p.kEnd
	if first > last {
		return 0, 0, false
	}
	lo, hi := vOffset-dd-1, vOffset+dd+1
	if dd == 0 {
		hi = lo // v[vOffset+1] is the path the first diagonal extends
	}
	v[lo], v[hi] = minInt, minInt
	// w holds the step's diagonals, at odd i (offset base+i), and their neighbours.
	base := first - 1
	w := v[base : last+2]
	ky := vOffset - base         // k = i - ky
	ko := vOffset + na - nb + ky // vOffset + delta - k = ko - i
	for i := 1; i < len(w)-1; i += 2 {
		x := max(w[i-1]+1, w[i+1]) // w[i+1] when w[i-1] < w[i+1]
		y := x + ky - i
		// The unsigned tests stop wherever diffBisect's signed ones do without indexing a or b
		// with a negative number (which it never does).
		if uint(x) < uint(na) && uint(y) < uint(nb) && a[x] == b[y] {
			x, y = snake(a, b, x+1, y+1)
		}
		w[i] = x
		if x > na {
			p.kEnd += 2 // ran off the right (the left, searching in reverse) of the graph
			w = w[:len(w)-2]
		} else if y > nb {
			p.kStart += 2 // ran off the bottom (the top) of the graph
		} else if p.check {
			// The other search's path on this diagonal is other[vOffset+delta-k] (diffBisect's
			// test that it is not -1 is left out: x <= na here), other's slot beyond diffBisect's
			// array -1.
			if o := ko - i; uint(o) < uint(len(other)) && x+other[o] >= na { // overlap
				v[lo], v[hi] = -1, -1
				return base + i, x, true
			}
		}
	}
	v[lo], v[hi] = -1, -1
	return 0, 0, false
}

// snake follows a path from (x, y) along the words a and b have in common, to the first pair
// of words that differ or the end of either. It is a function of its own so that paths.step's
// loop, in which paths seldom meet a snake, keeps its values in registers.
//
//go:noinline
func snake(a, b []int32, x, y int) (int, int) {
	for uint(x) < uint(len(a)) && uint(y) < uint(len(b)) && a[x] == b[y] {
		x++
		y++
	}
	return x, y
}

// split is diffmatchpatch's diffBisectSplit: the halves before and after (x, y), diffed on their
// own, joined.
func (d *wordDiffer) split(dst []edit, i0, i1, j0, j1, x, y int32) []edit {
	dst = d.main(dst, i0, i0+x, j0, j0+y)
	return d.main(dst, i0+x, i1, j0+y, j1)
}

// commonPrefix is the number of equal leading elements of a and b.
func commonPrefix[T comparable](a, b []T) int32 {
	n := min(len(a), len(b))
	for k := 0; k < n; k++ {
		if a[k] != b[k] {
			return int32(k)
		}
	}
	return int32(n)
}

// commonSuffix is the number of equal trailing elements of a and b.
func commonSuffix[T comparable](a, b []T) int32 {
	n := min(len(a), len(b))
	for k := 0; k < n; k++ {
		if a[len(a)-1-k] != b[len(b)-1-k] {
			return int32(k)
		}
	}
	return int32(n)
}

// index is the position of the first occurrence of sub in s, -1 when none.
func index(s, sub []int32) int32 {
	for k := 0; k+len(sub) <= len(s); k++ {
		if slices.Equal(s[k:k+len(sub)], sub) {
			return int32(k)
		}
	}
	return -1
}

// words is the stretch an edit stands for: its deleted or equal words of a, or its inserted
// words of b.
func (e edit) words(a, b []string) []string {
	if e.op == opInsert {
		return b[e.j : e.j+e.n]
	}
	return a[e.i : e.i+e.n]
}

// cleanupMerge is diffmatchpatch's DiffCleanupMerge on the edits of a and b: it merges the
// edits between two equalities into one deletion and one insertion, factors their common
// prefix and suffix out into the equalities, merges neighbouring equalities, and shifts a
// single edit between two equalities over one of them when that removes it, until no shift is
// left.
func cleanupMerge(a, b []string, diffs []edit) []edit {
	// A dummy equality at the end, where the edits end.
	end := edit{op: opEqual}
	if len(diffs) > 0 {
		l := diffs[len(diffs)-1]
		end.i, end.j = l.i, l.j
		if l.op != opInsert {
			end.i += l.n
		}
		if l.op != opDelete {
			end.j += l.n
		}
	}
	diffs = append(diffs, end)
	pointer := 0
	countDelete, countInsert := 0, 0
	var nDelete, nInsert int32 // words deleted and inserted since the last equality
	for pointer < len(diffs) {
		switch diffs[pointer].op {
		case opInsert:
			countInsert++
			nInsert += diffs[pointer].n
			pointer++
		case opDelete:
			countDelete++
			nDelete += diffs[pointer].n
			pointer++
		case opEqual:
			if countDelete+countInsert > 1 {
				x := pointer - countDelete - countInsert
				// The deleted words are a[di:di+nDelete], the inserted b[ij:ij+nInsert].
				di, ij := diffs[x].i, diffs[x].j
				if countDelete != 0 && countInsert != 0 {
					if c := commonPrefix(b[ij:ij+nInsert], a[di:di+nDelete]); c != 0 {
						if x > 0 && diffs[x-1].op == opEqual {
							diffs[x-1].n += c
						} else {
							diffs = slices.Insert(diffs, 0, edit{opEqual, di, ij, c})
							pointer++
						}
						di, ij, nDelete, nInsert = di+c, ij+c, nDelete-c, nInsert-c
					}
					if c := commonSuffix(b[ij:ij+nInsert], a[di:di+nDelete]); c != 0 {
						nDelete, nInsert = nDelete-c, nInsert-c
						diffs[pointer].i, diffs[pointer].j = di+nDelete, ij+nInsert
						diffs[pointer].n += c
					}
				}
				// Replace the edits by the merged ones.
				switch {
				case countDelete == 0:
					diffs = slices.Replace(diffs, pointer-countInsert, pointer,
						edit{opInsert, di, ij, nInsert})
				case countInsert == 0:
					diffs = slices.Replace(diffs, pointer-countDelete, pointer,
						edit{opDelete, di, ij, nDelete})
				default:
					diffs = slices.Replace(diffs, pointer-countDelete-countInsert, pointer,
						edit{opDelete, di, ij, nDelete}, edit{opInsert, di + nDelete, ij, nInsert})
				}
				pointer = pointer - countDelete - countInsert + 1
				if countDelete != 0 {
					pointer++
				}
				if countInsert != 0 {
					pointer++
				}
			} else if pointer != 0 && diffs[pointer-1].op == opEqual {
				// Merge this equality with the previous one.
				diffs[pointer-1].n += diffs[pointer].n
				diffs = slices.Delete(diffs, pointer, pointer+1)
			} else {
				pointer++
			}
			countInsert, countDelete = 0, 0
			nDelete, nInsert = 0, 0
		}
	}
	if diffs[len(diffs)-1].n == 0 {
		diffs = diffs[:len(diffs)-1] // the dummy
	}

	// Second pass: single edits between two equalities that can be shifted sideways to remove
	// an equality, e.g. A<ins>BA</ins>C -> <ins>AB</ins>AC.
	changes := false
	for pointer = 1; pointer < len(diffs)-1; pointer++ {
		prev, cur, next := &diffs[pointer-1], &diffs[pointer], &diffs[pointer+1]
		if prev.op != opEqual || next.op != opEqual {
			continue
		}
		w, pw, nw := cur.words(a, b), prev.words(a, b), next.words(a, b)
		if len(pw) <= len(w) && slices.Equal(w[len(w)-len(pw):], pw) {
			// Shift the edit over the previous equality.
			cur.i, cur.j = prev.i, prev.j
			next.i, next.j, next.n = next.i-prev.n, next.j-prev.n, next.n+prev.n
			diffs = slices.Delete(diffs, pointer-1, pointer)
			changes = true
		} else if len(nw) <= len(w) && slices.Equal(w[:len(nw)], nw) {
			// Shift the edit over the next equality.
			prev.n += next.n
			cur.i, cur.j = cur.i+next.n, cur.j+next.n
			diffs = slices.Delete(diffs, pointer+1, pointer+2)
			changes = true
		}
	}
	if changes {
		return cleanupMerge(a, b, diffs)
	}
	return diffs
}

// cleanupWords is the first pass of diffmatchpatch's DiffCleanupSemantic counted in words and
// with a strict comparison: an equality strictly shorter than the larger side of the edits on
// both its sides becomes a deletion plus an insertion.
func cleanupWords(a, b []string, diffs []edit) []edit {
	changes := false
	var equalities []int
	var lastEq int32 // words of the last equality; 0 when none
	var ins1, del1, ins2, del2 int32
	for p := 0; p < len(diffs); p++ {
		e := diffs[p]
		if e.op == opEqual {
			equalities = append(equalities, p)
			ins1, del1 = ins2, del2
			ins2, del2 = 0, 0
			lastEq = e.n
			continue
		}
		if e.op == opInsert {
			ins2 += e.n
		} else {
			del2 += e.n
		}
		if lastEq > 0 && lastEq < max(ins1, del1) && lastEq < max(ins2, del2) {
			at := equalities[len(equalities)-1]
			eq := diffs[at]
			diffs = slices.Insert(diffs, at, edit{opDelete, eq.i, eq.j, eq.n})
			diffs[at+1] = edit{opInsert, eq.i + eq.n, eq.j, eq.n}
			equalities = equalities[:len(equalities)-1]
			if len(equalities) > 0 {
				equalities = equalities[:len(equalities)-1]
			}
			p = -1
			if len(equalities) > 0 {
				p = equalities[len(equalities)-1]
			}
			ins1, del1, ins2, del2 = 0, 0, 0, 0
			lastEq = 0
			changes = true
		}
	}
	if changes {
		diffs = cleanupMerge(a, b, diffs)
	}
	return diffs
}

type wordOp struct {
	op   opKind
	word string
}

// render writes ops in wdiff notation; within one change block (ops between two unchanged
// words) all deletions are written before all insertions. The inserted and deleted lists are
// allocated at their size, together; the text is built in d's buffer and copied once.
func (d *wordDiffer) render(ops []wordOp) (string, []string, []string) {
	nIns, nDel := 0, 0
	for _, o := range ops {
		switch o.op {
		case opInsert:
			nIns++
		case opDelete:
			nDel++
		}
	}
	// Both lists are cut from one allocation, each with its own capacity (appending to one
	// never writes into the other).
	var inserted, deleted []string
	if n := nIns + nDel; n > 0 {
		if cap(d.lists)-len(d.lists) < n {
			d.lists = make([]string, 0, max(listBlock, n))
		}
		at := len(d.lists)
		d.lists = d.lists[:at+n]
		both := d.lists[at : at : at+n]
		if nIns > 0 {
			inserted = both[:0:nIns]
		}
		if nDel > 0 {
			deleted = both[nIns : nIns : nIns+nDel]
		}
	}
	b := d.buf[:0]
	sep := func() {
		if len(b) > 0 {
			b = append(b, ' ')
		}
	}
	// change writes the ops of one change block with the given operation, in order.
	change := func(block []wordOp, op opKind, open, close string) {
		first := true
		for _, o := range block {
			if o.op != op {
				continue
			}
			if first {
				sep()
				b = append(b, open...)
				first = false
			} else {
				b = append(b, ' ')
			}
			b = append(b, o.word...)
		}
		if !first {
			b = append(b, close...)
		}
	}
	start := 0 // first op of the current change block
	flush := func(end int) {
		change(ops[start:end], opDelete, "[-", "-]")
		change(ops[start:end], opInsert, "{+", "+}")
	}
	for i, o := range ops {
		switch o.op {
		case opDelete:
			deleted = append(deleted, o.word)
		case opInsert:
			inserted = append(inserted, o.word)
		default:
			flush(i)
			start = i + 1
			sep()
			b = append(b, o.word...)
		}
	}
	flush(len(ops))
	d.buf = b
	return d.text(b), inserted, deleted
}

// text returns string(b), its bytes copied into d's block of texts.
func (d *wordDiffer) text(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(d.texts)-len(d.texts) < len(b) {
		d.texts = make([]byte, 0, max(textBlock, len(b)))
	}
	at := len(d.texts)
	d.texts = append(d.texts, b...)
	return unsafe.String(&d.texts[at], len(b)) // those bytes are never written again
}
