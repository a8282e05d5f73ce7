package align

import (
	"strings"
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
	if len(a) == 0 && len(b) == 0 {
		return "", nil, nil
	}
	sym := make(map[string]rune, len(a)+len(b)/2) // sized once: its growth was most of WordDiff's garbage
	words := make([]string, 0, len(a)+len(b)/2)
	encode := func(ws []string) ([]rune, bool) {
		rs := make([]rune, len(ws))
		for i, w := range ws {
			r, ok := sym[w]
			if !ok {
				if len(words) >= maxWordSymbols {
					return nil, false
				}
				r = wordRune(len(words))
				sym[w] = r
				words = append(words, w)
			}
			rs[i] = r
		}
		return rs, true
	}
	ra, okA := encode(a)
	rb, okB := encode(b)
	ops := make([]wordOp, 0, len(a)+len(b))
	if okA && okB {
		dmp := diffmatchpatch.New()
		dmp.DiffTimeout = 0
		diffs := dmp.DiffMainRunes(ra, rb, false)
		diffs = cleanupWords(dmp, diffs)
		for _, d := range diffs {
			for _, r := range d.Text {
				ops = append(ops, wordOp{d.Type, words[runeWord(r)]})
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
	return render(ops)
}

type wordOp struct {
	op   diffmatchpatch.Operation
	word string
}

// render writes ops in wdiff notation; within one change block (ops between two unchanged
// words) all deletions are written before all insertions.
func render(ops []wordOp) (string, []string, []string) {
	var sb strings.Builder
	var inserted, deleted []string
	var del, ins []string
	sep := func() {
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
	}
	flush := func() {
		if len(del) > 0 {
			sep()
			sb.WriteString("[-")
			sb.WriteString(strings.Join(del, " "))
			sb.WriteString("-]")
		}
		if len(ins) > 0 {
			sep()
			sb.WriteString("{+")
			sb.WriteString(strings.Join(ins, " "))
			sb.WriteString("+}")
		}
		del, ins = del[:0], ins[:0]
	}
	for _, o := range ops {
		switch o.op {
		case diffmatchpatch.DiffDelete:
			del = append(del, o.word)
			deleted = append(deleted, o.word)
		case diffmatchpatch.DiffInsert:
			ins = append(ins, o.word)
			inserted = append(inserted, o.word)
		default:
			flush()
			sep()
			sb.WriteString(o.word)
		}
	}
	flush()
	return sb.String(), inserted, deleted
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
