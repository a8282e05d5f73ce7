package align

import (
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// refWordRune maps the k-th distinct word to a rune, skipping the surrogates.
func refWordRune(k int) rune {
	if k >= 0xD800 {
		k += 0xE000 - 0xD800
	}
	return rune(k)
}

// refRuneWord inverts refWordRune.
func refRuneWord(r rune) int {
	k := int(r)
	if k >= 0xE000 {
		k -= 0xE000 - 0xD800
	}
	return k
}

// The reference's rune mapping must be one to one for it to be a reference.
func TestWordRuneRoundTrip(t *testing.T) {
	for _, k := range []int{0, 1, 0xD7FF, 0xD800, 0xDFFF, 0xE000, maxWordSymbols - 1} {
		r := refWordRune(k)
		if r >= 0xD800 && r <= 0xDFFF || r > 0x10FFFF || refRuneWord(r) != k {
			t.Errorf("k=%d: rune %U back %d", k, r, refRuneWord(r))
		}
		if s := string(r); []rune(s)[0] != r {
			t.Errorf("k=%d: rune %U does not survive a string", k, r)
		}
	}
}

// refWordDiff is WordDiff as it was before the diff was taken on word numbers (commit
// 564b487): the words mapped to runes and diffed with diffmatchpatch.DiffMainRunes, then
// cleaned with refCleanupWords and diffmatchpatch.DiffCleanupMerge. It is kept as the reference
// refWordDiffer is checked against.
func refWordDiff(a, b []string) (diff string, inserted, deleted []string) {
	var d refWordDiffer
	return d.diff(a, b)
}

// refWordDiffer computes refWordDiff with buffers reused from one call to the next. The
// word-to-rune table is shared by the calls too: the diff depends only on which runes are
// equal, not on their values, so any one-to-one mapping gives the same result. It is emptied
// before a call that could fill it, so a call fails to encode exactly when the pair alone has
// more distinct words than there are runes.
type refWordDiffer struct {
	dmp    *diffmatchpatch.DiffMatchPatch
	sym    map[string]rune
	words  []string // words[refRuneWord(r)] is the word of rune r
	ra, rb []rune
	ops    []refWordOp
	buf    []byte
}

func (d *refWordDiffer) diff(a, b []string) (string, []string, []string) {
	if len(a) == 0 && len(b) == 0 {
		return "", nil, nil
	}
	if cap(d.ops) < len(a)+len(b) { // sized for the largest pair so far, not grown by append
		d.ra, d.rb, d.ops = make([]rune, 0, len(a)), make([]rune, 0, len(b)), make([]refWordOp, 0, len(a)+len(b))
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
			ops = append(ops, refWordOp{diffmatchpatch.DiffEqual, w})
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
				r = refWordRune(len(d.words))
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
		diffs = refCleanupWords(d.dmp, diffs)
		for _, df := range diffs {
			for _, r := range df.Text {
				ops = append(ops, refWordOp{df.Type, d.words[refRuneWord(r)]})
			}
		}
	} else {
		// More distinct words than runes: report a whole replacement rather than fail.
		for _, w := range a {
			ops = append(ops, refWordOp{diffmatchpatch.DiffDelete, w})
		}
		for _, w := range b {
			ops = append(ops, refWordOp{diffmatchpatch.DiffInsert, w})
		}
	}
	d.ops = ops
	return d.render(ops)
}

type refWordOp struct {
	op   diffmatchpatch.Operation
	word string
}

// render writes ops in wdiff notation; within one change block (ops between two unchanged
// words) all deletions are written before all insertions. The inserted and deleted lists are
// allocated at their size; the text is built in d's buffer and copied once.
func (d *refWordDiffer) render(ops []refWordOp) (string, []string, []string) {
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
	change := func(block []refWordOp, op diffmatchpatch.Operation, open, close string) {
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

// refCleanupWords is the first pass of diffmatchpatch's DiffCleanupSemantic counted in words
// (one rune per word) and with a strict comparison: an equality strictly shorter than the
// larger side of the edits on both its sides becomes a deletion plus an insertion.
func refCleanupWords(dmp *diffmatchpatch.DiffMatchPatch, diffs []diffmatchpatch.Diff) []diffmatchpatch.Diff {
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

// wordSeqs reads two word sequences from data over a vocabulary of vocab words (each byte one
// word; a byte 255 ends the first sequence), so that the sequences share many words, repeat
// them and differ in the ways revisions do.
func wordSeqs(data []byte, vocab int) (a, b []string) {
	names := []string{"the", "States", "shall", "cooperate", "in", "a", "b", "c", "é", "ü", "x", "y"}
	word := func(c byte) string {
		k := int(c) % vocab
		if k < len(names) {
			return names[k]
		}
		return "w" + itoa(k)
	}
	cut := slices.Index(data, 255)
	if cut < 0 {
		cut = len(data) / 2
		for _, c := range data[:cut] {
			a = append(a, word(c))
		}
		// A revision of a: data's second half says, word by word, keep, drop, replace or insert.
		rest := data[cut:]
		for k, w := range a {
			if k >= len(rest) {
				b = append(b, w)
				continue
			}
			switch op := rest[k]; op % 4 {
			case 0, 1:
				b = append(b, w)
			case 2:
				b = append(b, word(op/4))
			case 3:
				b = append(b, word(op/4), w)
			}
		}
		return a, b
	}
	for _, c := range data[:cut] {
		a = append(a, word(c))
	}
	for _, c := range data[cut+1:] {
		b = append(b, word(c))
	}
	return a, b
}

func checkSameDiff(t *testing.T, d *wordDiffer, a, b []string) {
	t.Helper()
	want, wantIns, wantDel := refWordDiff(a, b)
	got, ins, del := d.diff(a, b)
	if got != want || !reflect.DeepEqual(ins, wantIns) || !reflect.DeepEqual(del, wantDel) {
		t.Fatalf("%q -> %q:\ngot  %q %q %q\nwant %q %q %q", a, b, got, ins, del, want, wantIns, wantDel)
	}
	if slices.Equal(a, b) {
		return
	}
	// The edits' ranges, which the cleanups rely on, must be right too.
	checkEdits(t, a, b, d.diffWords(a, b))
}

// checkEdits checks that diffs take a and b from start to end, each edit starting where the
// one before ended, and that equal edits are equal.
func checkEdits(t *testing.T, a, b []string, diffs []edit) {
	t.Helper()
	var i, j int32
	for k, e := range diffs {
		if e.i != i || e.j != j || e.n < 0 {
			t.Fatalf("edit %d %+v: want it at (%d, %d)", k, e, i, j)
		}
		if e.op != opInsert {
			i += e.n
		}
		if e.op != opDelete {
			j += e.n
		}
		if i > int32(len(a)) || j > int32(len(b)) {
			t.Fatalf("edit %d %+v runs past the ends (%d, %d)", k, e, len(a), len(b))
		}
		if e.op == opEqual && !slices.Equal(a[e.i:e.i+e.n], b[e.j:e.j+e.n]) {
			t.Fatalf("edit %d %+v: an equality of unequal words", k, e)
		}
	}
	if i != int32(len(a)) || j != int32(len(b)) {
		t.Fatalf("edits end at (%d, %d), want (%d, %d)", i, j, len(a), len(b))
	}
}

func TestWordDiffMatchesRef(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	var d wordDiffer // shared, as in Align
	for _, vocab := range []int{2, 3, 5, 12, 40, 250} {
		for _, n := range []int{0, 1, 2, 7, 30, 120, 500} {
			t.Run(itoa(vocab)+"/"+itoa(n), func(t *testing.T) {
				for range 40 {
					data := make([]byte, 2*n+rng.Intn(3))
					rng.Read(data)
					for k := range data {
						if data[k] == 255 {
							data[k] = 254
						}
					}
					if rng.Intn(3) == 0 && len(data) > 0 { // unrelated sequences
						data[rng.Intn(len(data))] = 255
					}
					a, b := wordSeqs(data, vocab)
					checkSameDiff(t, &d, a, b)
					checkSameDiff(t, &d, b, a)
				}
			})
		}
	}
	for _, p := range sco2015.provs {
		for _, q := range sco2011.provs {
			checkSameDiff(t, &d, strings.Fields(p[1]), strings.Fields(q[1]))
		}
	}
}

// FuzzWordDiffMatchesRef checks the word diff against the reference on sequences over a
// vocabulary of 2 to 17 words.
func FuzzWordDiffMatchesRef(f *testing.F) {
	f.Add([]byte("abcabba\xffcbabac"), uint8(3))
	f.Add([]byte("the states shall cooperate in good faith"), uint8(7))
	f.Add([]byte{0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 3, 2, 1, 0}, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, vocab uint8) {
		var d wordDiffer
		a, b := wordSeqs(data, 2+int(vocab%16))
		checkSameDiff(t, &d, a, b)
	})
}

// middleSnakeRef is the search of wordDiffer.bisect as it was before middleSnake (paths.step,
// sentinels, the reverse search on reversed sequences): diffmatchpatch's diffBisect loop as
// written there, returning the point where it split instead of splitting. It is kept as the
// reference middleSnake is checked against (TestMiddleSnakeMatchesRef,
// FuzzMiddleSnakeMatchesRef).
func middleSnakeRef(r1, r2 []int32) (x, y int, ok bool) {
	n1, n2 := len(r1), len(r2)
	maxD := (n1 + n2 + 1) / 2
	vOffset := maxD
	vLength := 2 * maxD
	v1, v2 := make([]int, vLength), make([]int, vLength)
	for k := range v1 {
		v1[k], v2[k] = -1, -1
	}
	v1[vOffset+1], v2[vOffset+1] = 0, 0
	delta := n1 - n2
	front := delta%2 != 0
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for dd := 0; dd < maxD; dd++ {
		for k1 := -dd + k1start; k1 <= dd-k1end; k1 += 2 {
			k1Offset := vOffset + k1
			var x1 int
			if k1 == -dd || (k1 != dd && v1[k1Offset-1] < v1[k1Offset+1]) {
				x1 = v1[k1Offset+1]
			} else {
				x1 = v1[k1Offset-1] + 1
			}
			y1 := x1 - k1
			for x1 < n1 && y1 < n2 && r1[x1] == r2[y1] {
				x1++
				y1++
			}
			v1[k1Offset] = x1
			if x1 > n1 {
				k1end += 2
			} else if y1 > n2 {
				k1start += 2
			} else if front {
				k2Offset := vOffset + delta - k1
				if k2Offset >= 0 && k2Offset < vLength && v2[k2Offset] != -1 {
					if x2 := n1 - v2[k2Offset]; x1 >= x2 {
						return x1, y1, true
					}
				}
			}
		}
		for k2 := -dd + k2start; k2 <= dd-k2end; k2 += 2 {
			k2Offset := vOffset + k2
			var x2 int
			if k2 == -dd || (k2 != dd && v2[k2Offset-1] < v2[k2Offset+1]) {
				x2 = v2[k2Offset+1]
			} else {
				x2 = v2[k2Offset-1] + 1
			}
			y2 := x2 - k2
			for x2 < n1 && y2 < n2 && r1[n1-x2-1] == r2[n2-y2-1] {
				x2++
				y2++
			}
			v2[k2Offset] = x2
			if x2 > n1 {
				k2end += 2
			} else if y2 > n2 {
				k2start += 2
			} else if !front {
				k1Offset := vOffset + delta - k2
				if k1Offset >= 0 && k1Offset < vLength && v1[k1Offset] != -1 {
					x1 := v1[k1Offset]
					y1 := vOffset + x1 - k1Offset
					if x1 >= n1-x2 {
						return x1, y1, true
					}
				}
			}
		}
	}
	return 0, 0, false
}

// symbols reads two sequences of word numbers from data over an alphabet of vocab numbers
// (each byte one number; a byte 255 ends the first sequence, else it is half of data).
func symbols(data []byte, vocab int) (r1, r2 []int32) {
	cut := slices.Index(data, 255)
	next := cut + 1
	if cut < 0 {
		cut, next = len(data)/2, len(data)/2
	}
	for _, c := range data[:cut] {
		r1 = append(r1, int32(int(c)%vocab))
	}
	for _, c := range data[next:] {
		r2 = append(r2, int32(int(c)%vocab))
	}
	return r1, r2
}

// checkMiddleSnake compares middleSnake with the reference on r1 and r2 when they are in
// bisect's domain: compute calls it with two or more words on either side.
func checkMiddleSnake(t *testing.T, d *wordDiffer, r1, r2 []int32) {
	t.Helper()
	if len(r1) < 2 || len(r2) < 2 {
		return
	}
	wx, wy, wok := middleSnakeRef(r1, r2)
	x, y, ok := d.middleSnake(r1, r2)
	if x != wx || y != wy || ok != wok {
		t.Fatalf("%v, %v: got (%d, %d, %v), want (%d, %d, %v)", r1, r2, x, y, ok, wx, wy, wok)
	}
}

// middleSnake finds diffBisect's split point: the same as the loop it replaced, for sequences
// of every shape (one much longer than the other, so that paths run off the grid; odd and even
// totals, so that either search checks for the overlap; nothing in common).
func TestMiddleSnakeMatchesRef(t *testing.T) {
	tests := []struct {
		name   string
		r1, r2 []int32
	}{
		{"nothing in common", []int32{1, 2, 3}, []int32{4, 5}},
		{"shortest", []int32{1, 2}, []int32{3, 4}},
		{"one in common", []int32{1, 2, 3, 4}, []int32{5, 3, 6}},
		{"swapped", []int32{1, 2}, []int32{2, 1}},
		{"contained", []int32{1, 2, 3, 4}, []int32{2, 3}},
		{"odd total", []int32{1, 2, 3, 4, 5}, []int32{1, 3, 5, 6}},
		{"even total", []int32{1, 2, 3, 4}, []int32{4, 3, 2, 1}},
		{"long insertion", []int32{1, 2}, []int32{3, 1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 2, 13}},
		{"long deletion", []int32{3, 1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 2, 13}, []int32{2, 1}},
		{"repeats", []int32{1, 1, 2, 1, 1, 2, 2}, []int32{2, 1, 2, 2, 1, 1}},
	}
	var d wordDiffer // shared, as in Align: its paths are reused
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkMiddleSnake(t, &d, tt.r1, tt.r2)
			checkMiddleSnake(t, &d, tt.r2, tt.r1)
		})
	}
	rng := rand.New(rand.NewSource(17))
	for _, vocab := range []int{2, 3, 5, 20, 200} {
		for _, n := range []int{1, 2, 5, 13, 40, 150} {
			t.Run(itoa(vocab)+"/"+itoa(n), func(t *testing.T) {
				for range 200 {
					r1, r2 := make([]int32, 2+rng.Intn(n)), make([]int32, 2+rng.Intn(3*n))
					for k := range r1 {
						r1[k] = int32(rng.Intn(vocab))
					}
					for k := range r2 {
						r2[k] = int32(rng.Intn(vocab))
					}
					checkMiddleSnake(t, &d, r1, r2)
					checkMiddleSnake(t, &d, r2, r1)
				}
			})
		}
	}
}

// FuzzMiddleSnakeMatchesRef checks middleSnake against the reference on sequences over an
// alphabet of 2 to 17 numbers.
func FuzzMiddleSnakeMatchesRef(f *testing.F) {
	f.Add([]byte("abcabba\xffcbabac"), uint8(3))
	f.Add([]byte("ab\xffcxxxxxxxxxxxxxxxxab"), uint8(15))
	f.Add([]byte{0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 3, 2, 1, 0}, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, vocab uint8) {
		var d wordDiffer
		r1, r2 := symbols(data, 2+int(vocab%16))
		checkMiddleSnake(t, &d, r1, r2)
		checkMiddleSnake(t, &d, r2, r1)
	})
}
