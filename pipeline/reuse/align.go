package reuse

import "math"

// scorer holds the scores in the form the inner loop uses.
type scorer struct {
	match, mismatch, open, extend float64
}

func newScorer(opt *Options) scorer {
	return scorer{match: opt.Match, mismatch: opt.Mismatch, open: opt.GapOpen, extend: opt.GapExtend}
}

// local is the result of a local alignment over kept-word indices: [aStart, aEnd) of a
// aligned with [bStart, bEnd) of b.
type local struct {
	score                      float64
	aStart, aEnd, bStart, bEnd int
	ident                      int
}

// alignIDs is Smith-Waterman with affine gaps (Gotoh 1982) over word hashes, in
// O(len(a)*len(b)) time and O(len(b)) memory. It keeps, in each of the three Gotoh states
// (H: any, E: gap in a, F: gap in b), the best alignment by (score, matched words)
// lexicographically, with its start carried along, so no traceback matrix is needed:
//
//	E[i][j] = best(E[i][j-1] + extend, H[i][j-1] + open)
//	F[i][j] = best(F[i-1][j] + extend, H[i-1][j] + open)
//	H[i][j] = best(H[i-1][j-1] + s(a[i], b[j]), E[i][j], F[i][j]), reset to empty when <= 0
//
// Comparing (score, matches) lexicographically keeps the recurrence exact, because adding the
// same step to two alignments never reverses their order; the comparison is strict, so the
// first candidate considered wins full ties. The reported alignment ends at the first cell in
// row-major order holding the best H.
//
// row and frow are buffers the caller may pass back in from the previous call (nil at first).
//
// The work is done by alignInt when the four scores are multiples of one power of two (the
// defaults are multiples of 0.5), the gap scores are not positive (as they are meant to be:
// alignInt relies on a gap out of an empty cell never scoring above zero) and the inputs are
// not huge, else by alignFloat. alignInt was written because this loop was the reuse stage's
// cost (10 MB bench corpus: alignIDs 0.56 s of 10.9 s of CPU samples, better 0.15 of that):
// see alignInt for why it gives the same result, bit for bit.
func alignIDs(a, b []uint64, sc *scorer, row []cell, frow []cell) (local, []cell, []cell) {
	if st, ok := sc.intSteps(len(a), len(b)); ok && st.open <= 0 && st.extend <= 0 {
		return alignInt(a, b, &st, row, frow)
	}
	return alignFloat(a, b, sc), row, frow
}

// identBits is the number of low bits of a cell's key that hold its matched words.
const identBits = 21

// intSteps are the scores as key increments: the score in units of unit, shifted above the
// matched-words count (match also adds one matched word).
type intSteps struct {
	match, mismatch, open, extend int64
	unit                          float64
}

// maxStepUnits bounds a step's magnitude in units, so that with fewer than 1<<identBits
// words in all no score (at most len(a)+len(b) steps) reaches 2^41 units, far inside a key.
const maxStepUnits = 1 << 20

// intSteps returns the scores as key increments, and false when they are not all whole
// multiples of one power of two 2^-k (k <= 20) of at most maxStepUnits units, or the inputs
// hold 1<<identBits words or more (NaN and infinite scores are never whole multiples).
func (sc *scorer) intSteps(la, lb int) (intSteps, bool) {
	if la+lb >= 1<<identBits {
		return intSteps{}, false
	}
	for k := 0; k <= 20; k++ {
		scale := math.Ldexp(1, k)
		var units [4]int64
		ok := true
		for i, x := range [4]float64{sc.match, sc.mismatch, sc.open, sc.extend} {
			u := x * scale // exact: a power-of-two scaling of a value this small
			if !(math.Abs(u) <= maxStepUnits) || u != math.Trunc(u) {
				ok = false
				break
			}
			units[i] = int64(u)
		}
		if ok {
			return intSteps{match: units[0]<<identBits | 1, mismatch: units[1] << identBits,
				open: units[2] << identBits, extend: units[3] << identBits, unit: 1 / scale}, true
		}
	}
	return intSteps{}, false
}

// cell is one DP state of alignInt: the best alignment ending here in this state.
type cell struct {
	// key is the score, in units of intSteps.unit, shifted left by identBits, plus the matched
	// words: ordering keys is ordering (score, matched words) lexicographically.
	key int64
	// start is the alignment's start (kept-word indices) as si<<32 | sj; an empty cell of H
	// holds its own position, an empty cell of E or F (never read) any.
	start int64
}

// alignInt is alignIDs in integers. When every score is a whole multiple of 2^-k, every sum of
// them the recurrence forms is one too, and float64 computes it exactly (it is far below 2^53
// units), so alignFloat's scores are exact integers of units: alignInt computes the same
// numbers, compares them the same way and makes the same choices. Packing the matched words
// into the low bits of the key makes each of alignFloat's two-field comparisons one integer
// comparison, and a cell 16 bytes instead of 24.
func alignInt(a, b []uint64, st *intSteps, row []cell, frow []cell) (local, []cell, []cell) {
	m := len(b)
	if cap(row) < m+1 || cap(frow) < m+1 {
		row = make([]cell, m+1)
		frow = make([]cell, m+1)
	}
	row, frow = row[:m+1], frow[:m+1]
	empty := cell{start: -1}
	// negInf is below any real key (whose scores exceed -2^41 units), and far enough from the int64
	// limit that the steps added to it cannot overflow; in row 1 and column 1 a real
	// candidate (H + open) always replaces it, as -1e308 is replaced in alignFloat.
	negInf := cell{key: math.MinInt64 / 4, start: -1}
	// An empty cell of H (score <= 0) holds its own position as its start, the start of an
	// alignment that would begin with the diagonal step out of it: the diagonal step then
	// takes its start as it is. The starts of E and F out of an empty cell are never read, as
	// their scores stay at or below zero (alignIDs calls alignInt only for gap scores <= 0).
	for j := range row {
		row[j] = cell{start: int64(j)}
		frow[j] = negInf
	}
	match, mismatch, open, extend := st.match, st.mismatch, st.open, st.extend
	// hs[j] is H[.][j+1] and fs[j] F[.][j+1]; row[0], H[.][0], stays empty. Slicing all three to
	// len(b) lets the compiler drop the bounds checks of the inner loop.
	b = b[:m]
	hs, fs := row[1:m+1], frow[1:m+1]
	hs, fs = hs[:len(b)], fs[:len(b)]
	best := empty
	bi, bj := 0, 0
	for i := 1; i <= len(a); i++ {
		ai := a[i-1]
		diag := cell{start: int64(i-1) << 32} // H[i-1][0]
		// e is E[i][j+1], the gap consuming b[j] from the left: from H[i][j] (empty in
		// column 0 and below, for column 1), it is computed at the end of the step before,
		// when H[i][j] is at hand, which spares the loop a cell of registers to carry.
		e := negInf
		e.key += extend
		if empty.key+open > e.key {
			e = cell{empty.key + open, empty.start}
		}
		next := int64(i) << 32 // an empty cell's start in this row, but for its column
		rowMax := int64(0)     // the row's largest key (0: empty)
		for j := range b {
			up := hs[j] // H[i-1][j]
			// F: gap consuming a[i-1], from above.
			f := fs[j]
			f.key += extend
			if up.key+open > f.key {
				f = cell{up.key + open, up.start}
			}
			fs[j] = f
			// H: diagonal step.
			h := diag
			step := mismatch
			if ai == b[j] {
				step = match
			}
			h.key += step
			if e.key > h.key {
				h = e
			}
			if f.key > h.key {
				h = f
			}
			if h.key < 1<<identBits { // score <= 0
				h = cell{0, next | int64(j+1)}
			}
			diag = up
			hs[j] = h
			rowMax = max(rowMax, h.key)
			// E for the next column.
			e.key += extend
			if h.key+open > e.key {
				e = cell{h.key + open, h.start}
			}
		}
		// The best cell is the first, in row order, of the largest key: found in the row
		// again when it beats the best so far, rather than tracked (three more registers of
		// a loop that spills) at every cell.
		if rowMax > best.key {
			for j := range hs {
				if hs[j].key == rowMax {
					best, bi, bj = hs[j], i, j+1
					break
				}
			}
		}
	}
	if bi == 0 {
		return local{}, row, frow
	}
	return local{score: float64(best.key>>identBits) * st.unit,
		aStart: int(best.start >> 32), aEnd: bi, bStart: int(best.start & (1<<32 - 1)), bEnd: bj,
		ident: int(best.key & (1<<identBits - 1))}, row, frow
}

// fcell is one DP state of alignFloat: the best (by better) alignment ending here in this
// state.
type fcell struct {
	s      float64 // score
	ident  int32   // matched words
	si, sj int32   // start (kept-word indices) of the alignment; -1 when empty
}

var emptyFCell = fcell{si: -1, sj: -1}

// better orders alignments: higher score, then more matched words. It is strict, so the first
// candidate considered wins full ties.
func better(x, y fcell) bool {
	if x.s != y.s {
		return x.s > y.s
	}
	return x.ident > y.ident
}

// alignFloat is alignIDs in float64, for scores alignInt cannot take. It allocates its rows:
// only options with scores that are not multiples of a power of two come here.
func alignFloat(a, b []uint64, sc *scorer) local {
	m := len(b)
	row := make([]fcell, m+1)
	frow := make([]fcell, m+1)
	negInf := fcell{s: -1e308, si: -1, sj: -1}
	for j := range row {
		row[j] = emptyFCell
		frow[j] = negInf
	}
	best := emptyFCell
	bi, bj := 0, 0
	for i := 1; i <= len(a); i++ {
		ai := a[i-1]
		diag := row[0] // H[i-1][0]
		row[0] = emptyFCell
		e := negInf
		for j := 1; j <= m; j++ {
			up := row[j] // H[i-1][j]
			// E: gap consuming b[j-1], from the left.
			eo := row[j-1]
			eo.s += sc.open
			e.s += sc.extend
			if better(eo, e) {
				e = eo
			}
			// F: gap consuming a[i-1], from above.
			f := frow[j]
			f.s += sc.extend
			fo := up
			fo.s += sc.open
			if better(fo, f) {
				f = fo
			}
			frow[j] = f
			// H: diagonal step.
			h := diag
			if h.si < 0 {
				h.si, h.sj = int32(i-1), int32(j-1)
			}
			if ai == b[j-1] {
				h.s += sc.match
				h.ident++
			} else {
				h.s += sc.mismatch
			}
			if better(e, h) {
				h = e
			}
			if better(f, h) {
				h = f
			}
			if !(h.s > 0) {
				h = emptyFCell
			}
			diag = up
			row[j] = h
			if better(h, best) {
				best, bi, bj = h, i, j
			}
		}
	}
	if best.si < 0 {
		return local{}
	}
	return local{score: best.s, aStart: int(best.si), aEnd: bi, bStart: int(best.sj), bEnd: bj,
		ident: int(best.ident)}
}

// LocalAlign finds the best local alignment of two word sequences: word-level Smith-Waterman
// with affine gaps (Gotoh), words compared by their letters and digits lower-cased (by their
// Porter2 stem under opt.Stem). Tokens that are not words (no letter or digit) and stop words
// are skipped: they neither score nor cost. It returns the score, the aligned ranges as indices
// into a and b ([aStart, aEnd) and [bStart, bEnd), from the first to the last matched word; all
// 0 when nothing scores above 0) and the number of identical (content) word pairs in the
// alignment. Time O(len(a)*len(b)), memory O(len(b)).
func LocalAlign(a, b []Word, opt Options) (score float64, aStart, aEnd, bStart, bEnd int, aligned int) {
	o := opt.withDefaults()
	in := newInterner(&o)
	sa, sb := in.prepare(a, -1), in.prepare(b, -1)
	sc := newScorer(&o)
	l, _, _ := alignIDs(sa.ids, sb.ids, &sc, nil, nil)
	if l.aEnd == 0 {
		return 0, 0, 0, 0, 0, 0
	}
	return l.score, int(sa.idx[l.aStart]), int(sa.idx[l.aEnd-1]) + 1,
		int(sb.idx[l.bStart]), int(sb.idx[l.bEnd-1]) + 1, l.ident
}
