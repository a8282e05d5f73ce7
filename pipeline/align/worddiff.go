package align

import (
	"slices"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// maxWordSymbols is the number of distinct words WordDiff can map to runes: every code point
// except the surrogate block, which a Go string cannot carry.
const maxWordSymbols = utf8.MaxRune + 1 - (0xE000 - 0xD800)

// wordRune maps the k-th distinct word to a rune, skipping the surrogates.
func wordRune(k int) rune {
	if k >= 0xD800 {
		k += 0xE000 - 0xD800
	}
	return rune(k)
}

// runeWord inverts wordRune.
func runeWord(r rune) int {
	k := int(r)
	if k >= 0xE000 {
		k -= 0xE000 - 0xD800
	}
	return k
}

// WordDiff compares two token sequences word by word and renders the merged text in wdiff
// notation: unchanged words plain, each run of deleted words as "[-...-]" and each run of
// inserted words as "{+...+}", the deletion first where both happen at the same spot, one
// space between tokens. inserted and deleted list the inserted and deleted words in order
// (nil when none).
//
// Words are compared exactly as written (case-sensitive, punctuation attached as the caller
// tokenised it), so "States" -> "states" is a change. Each distinct word is mapped to one rune
// (as diffmatchpatch.DiffLinesToRunes does for lines), the rune strings are diffed with
// diffmatchpatch's DiffMainRunes (Myers' O(ND) bisection, no timeout, so the output does not
// depend on machine speed), and the result is cleaned at word level: an unchanged run is folded
// into the change around it when it is strictly shorter, in words, than the larger side of the
// edit both before and after it (diffmatchpatch's DiffCleanupSemantic rule, with < instead of
// <= so that one kept word between one-word edits stays visible; its character-class boundary
// shifting is not used, since it would read meaning into the arbitrary code points that stand
// for words), then merged with DiffCleanupMerge. Words are not escaped: a token that itself
// contains "[-" or "{+" makes the rendering ambiguous.
func WordDiff(a, b []string) (diff string, inserted, deleted []string) {
	var d wordDiffer
	return d.diff(a, b)
}

// wordDiffer computes WordDiff with buffers reused from one call to the next: Align keeps one
// for all its pairs (a map, rune slices and operations per pair were most of the stage's
// garbage). The word-to-rune table is shared by the calls too: the diff depends only on which
// runes are equal, not on their values, so any one-to-one mapping gives the same result. It
// is emptied before a call that could fill it, so a call fails to encode exactly when the
// pair alone has more distinct words than there are runes.
type wordDiffer struct {
	dmp    *diffmatchpatch.DiffMatchPatch
	sym    map[string]rune
	words  []string // words[runeWord(r)] is the word of rune r
	ra, rb []rune
	ops    []wordOp
	buf    []byte
}

func (d *wordDiffer) diff(a, b []string) (string, []string, []string) {
	if len(a) == 0 && len(b) == 0 {
		return "", nil, nil
	}
	if cap(d.ops) < len(a)+len(b) { // sized for the largest pair so far, not grown by append
		d.ra, d.rb, d.ops = make([]rune, 0, len(a)), make([]rune, 0, len(b)), make([]wordOp, 0, len(a)+len(b))
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
			ops = append(ops, wordOp{diffmatchpatch.DiffEqual, w})
		}
		d.ops = ops
		return d.render(ops)
	}
	if d.sym == nil {
		d.sym = make(map[string]rune, len(a)+len(b)/2)
		d.dmp = diffmatchpatch.New()
		d.dmp.DiffTimeout = 0
	}
	if len(d.words)+len(a)+len(b) > maxWordSymbols {
		clear(d.sym)
		d.words = d.words[:0]
	}
	encode := func(rs []rune, ws []string) ([]rune, bool) {
		rs = rs[:0]
		for _, w := range ws {
			r, ok := d.sym[w]
			if !ok {
				if len(d.words) >= maxWordSymbols {
					return rs, false
				}
				r = wordRune(len(d.words))
				d.sym[w] = r
				d.words = append(d.words, w)
			}
			rs = append(rs, r)
		}
		return rs, true
	}
	var okA, okB bool
	d.ra, okA = encode(d.ra, a)
	d.rb, okB = encode(d.rb, b)
	if okA && okB {
		diffs := d.dmp.DiffMainRunes(d.ra, d.rb, false)
		diffs = cleanupWords(d.dmp, diffs)
		for _, df := range diffs {
			for _, r := range df.Text {
				ops = append(ops, wordOp{df.Type, d.words[runeWord(r)]})
			}
		}
	} else {
		// More distinct words than runes: report a whole replacement rather than fail.
		for _, w := range a {
			ops = append(ops, wordOp{diffmatchpatch.DiffDelete, w})
		}
		for _, w := range b {
			ops = append(ops, wordOp{diffmatchpatch.DiffInsert, w})
		}
	}
	d.ops = ops
	return d.render(ops)
}

type wordOp struct {
	op   diffmatchpatch.Operation
	word string
}

// render writes ops in wdiff notation; within one change block (ops between two unchanged
// words) all deletions are written before all insertions. The inserted and deleted lists are
// allocated at their size; the text is built in d's buffer and copied once.
func (d *wordDiffer) render(ops []wordOp) (string, []string, []string) {
	nIns, nDel := 0, 0
	for _, o := range ops {
		switch o.op {
		case diffmatchpatch.DiffInsert:
			nIns++
		case diffmatchpatch.DiffDelete:
			nDel++
		}
	}
	var inserted, deleted []string
	if nIns > 0 {
		inserted = make([]string, 0, nIns)
	}
	if nDel > 0 {
		deleted = make([]string, 0, nDel)
	}
	b := d.buf[:0]
	sep := func() {
		if len(b) > 0 {
			b = append(b, ' ')
		}
	}
	// change writes the ops of one change block with the given operation, in order.
	change := func(block []wordOp, op diffmatchpatch.Operation, open, close string) {
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
		change(ops[start:end], diffmatchpatch.DiffDelete, "[-", "-]")
		change(ops[start:end], diffmatchpatch.DiffInsert, "{+", "+}")
	}
	for i, o := range ops {
		switch o.op {
		case diffmatchpatch.DiffDelete:
			deleted = append(deleted, o.word)
		case diffmatchpatch.DiffInsert:
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
	return string(b), inserted, deleted
}

// cleanupWords is the first pass of diffmatchpatch's DiffCleanupSemantic counted in words
// (one rune per word) and with a strict comparison: an equality strictly shorter than the
// larger side of the edits on both its sides becomes a deletion plus an insertion.
func cleanupWords(dmp *diffmatchpatch.DiffMatchPatch, diffs []diffmatchpatch.Diff) []diffmatchpatch.Diff {
	changes := false
	var equalities []int
	lastEq := ""
	var ins1, del1, ins2, del2 int
	for p := 0; p < len(diffs); p++ {
		d := diffs[p]
		if d.Type == diffmatchpatch.DiffEqual {
			equalities = append(equalities, p)
			ins1, del1 = ins2, del2
			ins2, del2 = 0, 0
			lastEq = d.Text
			continue
		}
		n := utf8.RuneCountInString(d.Text)
		if d.Type == diffmatchpatch.DiffInsert {
			ins2 += n
		} else {
			del2 += n
		}
		l := utf8.RuneCountInString(lastEq)
		if l > 0 && l < max(ins1, del1) && l < max(ins2, del2) {
			at := equalities[len(equalities)-1]
			diffs = append(diffs, diffmatchpatch.Diff{})
			copy(diffs[at+1:], diffs[at:])
			diffs[at] = diffmatchpatch.Diff{Type: diffmatchpatch.DiffDelete, Text: lastEq}
			diffs[at+1].Type = diffmatchpatch.DiffInsert
			equalities = equalities[:len(equalities)-1]
			if len(equalities) > 0 {
				equalities = equalities[:len(equalities)-1]
			}
			p = -1
			if len(equalities) > 0 {
				p = equalities[len(equalities)-1]
			}
			ins1, del1, ins2, del2 = 0, 0, 0, 0
			lastEq = ""
			changes = true
		}
	}
	if changes {
		diffs = dmp.DiffCleanupMerge(diffs)
	}
	return diffs
}
