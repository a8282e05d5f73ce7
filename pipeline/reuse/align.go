package reuse

// cell is one DP state: the best (by better) alignment ending here in this state.
type cell struct {
	s      float64 // score
	ident  int32   // matched words
	si, sj int32   // start (kept-word indices) of the alignment; -1 when empty
}

var emptyCell = cell{si: -1, sj: -1}

// better orders alignments: higher score, then more matched words. It is strict, so the first
// candidate considered wins full ties.
func better(x, y cell) bool {
	if x.s != y.s {
		return x.s > y.s
	}
	return x.ident > y.ident
}

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
// (H: any, E: gap in a, F: gap in b), the best alignment by better, with its start and match
// counts carried along, so no traceback matrix is needed:
//
//	E[i][j] = best(E[i][j-1] + extend, H[i][j-1] + open)
//	F[i][j] = best(F[i-1][j] + extend, H[i-1][j] + open)
//	H[i][j] = best(H[i-1][j-1] + s(a[i], b[j]), E[i][j], F[i][j]), reset to empty when <= 0
//
// Comparing (score, matches) lexicographically keeps the recurrence exact,
// because adding the same step to two alignments never reverses their order. The reported
// alignment ends at the first cell in row-major order holding the best H.
func alignIDs(a, b []uint64, sc *scorer, row []cell, frow []cell) (local, []cell, []cell) {
	m := len(b)
	if cap(row) < m+1 {
		row = make([]cell, m+1)
		frow = make([]cell, m+1)
	}
	row, frow = row[:m+1], frow[:m+1]
	negInf := cell{s: -1e308, si: -1, sj: -1}
	for j := range row {
		row[j] = emptyCell
		frow[j] = negInf
	}
	best := emptyCell
	bi, bj := 0, 0
	for i := 1; i <= len(a); i++ {
		ai := a[i-1]
		diag := row[0] // H[i-1][0]
		row[0] = emptyCell
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
				h = emptyCell
			}
			diag = up
			row[j] = h
			if better(h, best) {
				best, bi, bj = h, i, j
			}
		}
	}
	if best.si < 0 {
		return local{}, row, frow
	}
	return local{score: best.s, aStart: int(best.si), aEnd: bi, bStart: int(best.sj), bEnd: bj,
		ident: int(best.ident)}, row, frow
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
