package report

import (
	"encoding/binary"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is one annotation on a provision text: byte offsets [Start, End) into the text, a CSS
// class and a tooltip.
type span struct {
	Start, End int
	Class      string
	Title      string
}

// piece is a run of text with one set of annotations, ready for the template.
type piece struct {
	Text    string
	Class   string
	Title   string
	EntType string // entType(Class)
}

// segView is one diff segment as rendered: Op is "eq", "del" or "ins".
type segView struct {
	Op     string
	Pieces []piece
}

// validSpans drops spans outside text or not on rune boundaries and reports how many it dropped.
// When it drops none it returns spans itself (copying every provision's spans was 5% of the
// bytes the report allocated at 10 MB); otherwise a new slice.
func validSpans(text string, spans []span) ([]span, int) {
	valid := func(s span) bool {
		return s.Start >= 0 && s.End <= len(text) && s.Start < s.End && runeStart(text, s.Start) && runeStart(text, s.End)
	}
	first := 0
	for first < len(spans) && valid(spans[first]) {
		first++
	}
	if first == len(spans) {
		return spans, 0
	}
	out := append(make([]span, 0, len(spans)-1), spans[:first]...)
	bad := 0
	for _, s := range spans[first:] {
		if !valid(s) {
			bad++
			continue
		}
		out = append(out, s)
	}
	return out, bad
}

func runeStart(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}

// spells reports whether the bytes of the diff segments that belong to one version (Equal plus
// Delete for the earlier, Equal plus Insert for the later: every segment whose Op is not other)
// spell that version's text. The diff and the text may differ in white space only; every other
// byte must match in order. A segment the text has as it is at the current byte (most: a diff's
// white space is mostly its texts') is passed over at once, compared as a whole; others a byte at
// a time (every byte so was a fiftieth of building a page's instructions at 10 MB: the texts
// are spelled twice per rendered diff). FuzzRenderDiff compares it with mapSide.
func spells(segs []Segment, text string, other Op) bool {
	t := 0
	for _, sg := range segs {
		if sg.Op == other {
			continue
		}
		if strings.HasPrefix(text[t:], sg.Text) {
			// the byte-at-a-time loop would match the same bytes, stopping before the
			// segment's trailing white space, which the next byte compared skips in the text
			t += len(sg.Text)
			continue
		}
		for j := 0; j < len(sg.Text); j++ {
			c := sg.Text[j]
			if isSpace(c) {
				continue
			}
			for t < len(text) && isSpace(text[t]) {
				t++
			}
			if t >= len(text) || text[t] != c {
				return false
			}
			t++
		}
	}
	for t < len(text) && isSpace(text[t]) {
		t++
	}
	return t == len(text)
}

// sideCursor walks one version's text beside the diff bytes that spell it (spells is true): each
// non-space byte of a segment of that version is the text's next non-space byte. cover is the
// text's cover index; nil for a side that is not shown, whose bytes are in no span.
type sideCursor struct {
	text  string
	cover *coverIndex
	t     int // the next text byte
	k     int // the stretch of cover that holds the last byte returned, or an earlier one
}

// next returns the cover set of the text byte that the diff's next non-space byte is, and moves
// past it.
func (c *sideCursor) next() int32 {
	if c.cover == nil {
		return 0
	}
	for isSpace(c.text[c.t]) {
		c.t++
	}
	c.k = c.cover.stretchFrom(c.k, c.t)
	c.t++
	return c.cover.ids[c.k]
}

// wordSet returns, for a word of the diff (bytes none of which is white space) at the cursor, the
// cover set of its text bytes and the cursor after it (t, k), when the text has the word's bytes
// in a row (no white space between them) within one stretch: next for each of its bytes would
// give that set. ok is false otherwise. A cursor without a cover index gives 0 and stays.
func (c *sideCursor) wordSet(w string) (id int32, t, k int, ok bool) {
	if c.cover == nil {
		return 0, c.t, c.k, true
	}
	t = c.t
	for isSpace(c.text[t]) {
		t++
	}
	if len(c.text)-t < len(w) || c.text[t:t+len(w)] != w {
		return 0, 0, 0, false
	}
	k = c.cover.stretchFrom(c.k, t)
	if k+1 < len(c.cover.starts) && c.cover.starts[k+1] < t+len(w) {
		return 0, 0, 0, false
	}
	return c.cover.ids[k], t + len(w), k, true
}

// peek is next without moving.
func (c *sideCursor) peek() int32 {
	if c.cover == nil {
		return 0
	}
	t := c.t
	for isSpace(c.text[t]) {
		t++
	}
	return c.cover.ids[c.cover.stretchFrom(c.k, t)]
}

// isSpace reports whether c is white space the diff and its texts may differ in: ' ', '\n',
// '\t' or '\r' (a table: four comparisons per byte were a twentieth of building a page's
// instructions).
func isSpace(c byte) bool { return spaceByte[c] }

var spaceByte = [256]bool{' ': true, '\n': true, '\t': true, '\r': true}

// renderDiff turns parsed segments into segment views with the annotations of the earlier text
// (on Equal and Delete bytes) and the later text (on Equal and Insert bytes). fromOK/toOK say
// whether each side could be mapped; an unmapped side contributes no annotations.
func renderDiff(segs []Segment, fromText, toText string, fromSpans, toSpans []span) (views []segView, fromOK, toOK bool) {
	return renderDiffCovered(segs, fromText, toText, fromSpans, toSpans, nil, nil, nil)
}

// renderDiffCovered is renderDiff with the sides' cover indexes, newCoverIndex(fromSpans,
// len(fromText)) and newCoverIndex(toSpans, len(toText)), given (nil: built here when needed). A
// provision of a middle version is the later side of one row and the earlier side of the next:
// its index is built once for both. The pieces are taken from arena (nil: one of the row's own).
//
// Each segment's pieces are those of pieces(sg.Text, key) where key(b) joins the spans covering
// the text bytes that byte b of the segment is on either side (white space in the diff is on
// no text byte), but computed a run at a time: white space is never annotated, so a run of it
// only asks whether the next word continues the current piece, and a word's bytes are looked
// up by the pair of their sides' cover sets, whose answers are remembered. (pieces with a
// per-byte key and two per-byte position tables was 15% of the report's CPU at 10 MB.)
// TestRenderMemo and FuzzRenderDiff compare it with the per-byte computation.
func renderDiffCovered(segs []Segment, fromText, toText string, fromSpans, toSpans []span, fromCover, toCover *coverIndex, arena *pieceArena) (views []segView, fromOK, toOK bool) {
	fromOK = spells(segs, fromText, Insert)
	toOK = spells(segs, toText, Delete)
	from, to := sideCursor{text: fromText}, sideCursor{text: toText}
	// An unchanged provision with the same annotations in both versions (most rows rendered)
	// has one cover index for both sides, built from equal spans, and a byte of both sides is in
	// one set of it: the pair's answer is that set's alone.
	same := fromText == toText && slices.Equal(fromSpans, toSpans)
	if fromOK {
		if fromCover == nil || fromCover.n != len(fromText) {
			fromCover = newCoverIndex(fromSpans, len(fromText))
		}
		from.cover = fromCover
	}
	if toOK {
		if toCover == nil || toCover.n != len(toText) {
			toCover = newCoverIndex(toSpans, len(toText))
		}
		to.cover = toCover
	}
	if arena == nil {
		arena = &pieceArena{}
	}
	a := pairAnswers{fromCover: fromCover, toCover: toCover, fromSpans: fromSpans, toSpans: toSpans, arena: arena,
		same: same && fromCover != nil && toCover != nil && fromCover.n == toCover.n, j: arena.j.fresh()}
	defer func() { arena.j = a.j }() // its slices, grown, for the next row
	views = make([]segView, 0, len(segs))
	for _, sg := range segs {
		f, t := &from, &to
		var none sideCursor
		switch sg.Op {
		case Insert:
			f = &none
		case Delete:
			t = &none
		}
		views = append(views, segView{Op: opName(sg.Op), Pieces: a.pieces(sg.Text, f, t)})
	}
	return views, fromOK, toOK
}

// pairAnswers joins the spans of a pair of cover sets (one per side of a diff) and remembers
// the latest answers: a word's pair is often the last word's, or the one before (white space
// looks ahead to the next word), or recurs a few words or a segment later.
type pairAnswers struct {
	fromCover, toCover *coverIndex
	fromSpans, toSpans []span
	// same: the sides' texts and spans are equal, so a set id stands for the same spans on
	// either side (their cover indexes are built alike, or are one)
	same bool
	j    spanJoiner
	// recent is a direct-mapped cache of the answers by pair (a map of every pair of a row was
	// an eighth of the bytes the report allocated at 10 MB and rarely hit: a cover set is one
	// stretch of text between two span ends, so most pairs are met by one word only)
	recent [16]pairAnswer
	// arena holds the pieces, each segment's a slice of one of its blocks
	arena *pieceArena
}

// pieceArena hands out the pieces of segments from blocks of pieceBlock pieces, each segment's
// pieces a slice of one block: block is the current block, its length the pieces handed out.
// A page's rows share one (a growing slice per row, copied at each doubling, was a tenth of the
// bytes the report allocated at 10 MB), and the spanJoiner their pairAnswers join with, whose
// slices are kept from row to row (a row's own were a sixth of the objects a page build
// allocated at 10 MB).
type pieceArena struct {
	block  []piece
	j      spanJoiner
	blocks *pageBlocks // where its blocks come from (nil: allocated)
}

// pieceBlock is the pieces of a pieceArena's block (64 KiB); a segment of more pieces gets a
// block of its own, twice its size.
const pieceBlock = 1024

// add appends p to the segment that starts at block[first], moving the segment to a new block
// when the current one is full, and returns where the segment now starts.
func (ar *pieceArena) add(first int, p piece) int {
	if len(ar.block) == cap(ar.block) {
		first = ar.grow(first)
	}
	ar.block = append(ar.block, p)
	return first
}

// grow moves the segment that starts at block[first] to a new block with room after it, and
// returns where it starts there (0). Out of add, which is inlined.
func (ar *pieceArena) grow(first int) int {
	n := len(ar.block) - first
	b := ar.blocks.pieceBlock(max(pieceBlock, 2*n+1))[:n]
	copy(b, ar.block[first:])
	ar.block = b
	return 0
}

type answer struct{ class, title, entType string }

type pairAnswer struct {
	from, to int32
	ok       bool
	answer
}

// of returns the classes, titles and entity type of the spans in the pair of cover sets.
func (a *pairAnswers) of(from, to int32) *answer {
	e := &a.recent[(uint32(from)*7+uint32(to))%uint32(len(a.recent))]
	if e.ok && e.from == from && e.to == to {
		return &e.answer
	}
	*e = pairAnswer{from: from, to: to, ok: true}
	a.j.idx = a.j.idx[:0]
	if from != 0 {
		a.j.idx = append(a.j.idx, a.fromCover.set(from)...)
	}
	if to != 0 && !(a.same && to == from) { // joinSpans of spans and copies of them is theirs
		for _, k := range a.toCover.set(to) {
			a.j.idx = append(a.j.idx, len(a.fromSpans)+k)
		}
	}
	if len(a.j.idx) > 0 {
		e.class, e.title = a.j.join2(a.fromSpans, a.toSpans)
		e.entType = entType(e.class)
	}
	return &e.answer
}

// pieces splits one segment's text into runs of equal annotation, as pieces does with a key
// that gives white space no annotation and a word's byte that of its sides' bytes (from and
// to, moved along the segment; a cursor without a cover index for a side the segment is not
// on).
func (a *pairAnswers) pieces(text string, from, to *sideCursor) []piece {
	ar := a.arena
	first := len(ar.block)
	var cur piece
	curFrom, curTo := int32(-1), int32(-1) // the pair of cur's last word; -1: white space
	start := 0                             // of cur in text
	have := false
	// step takes the word byte at j, whose sides' sets are f and t: a piece begins there when
	// its annotation is not cur's.
	step := func(j int, f, t int32) {
		if have && f == curFrom && t == curTo {
			return
		}
		ans := a.of(f, t)
		if !have || ans.class != cur.Class || ans.title != cur.Title {
			if have {
				cur.Text = text[start:j]
				first = ar.add(first, cur)
			}
			cur, have, start = piece{Class: ans.class, Title: ans.title, EntType: ans.entType}, true, j
		}
		curFrom, curTo = f, t
	}
	for j := 0; j < len(text); {
		if isSpace(text[j]) {
			n := j + 1
			for n < len(text) && isSpace(text[n]) {
				n++
			}
			if have && n < len(text) {
				// The run joins cur when the next word continues it.
				f, t := from.peek(), to.peek()
				if f == curFrom && t == curTo {
					j = n
					continue
				}
				if ans := a.of(f, t); ans.class == cur.Class && ans.title == cur.Title {
					j = n
					continue
				}
			}
			if !have || cur.Class != "" || cur.Title != "" {
				if have {
					cur.Text = text[start:j]
					first = ar.add(first, cur)
				}
				cur, have, start = piece{}, true, j
			}
			curFrom, curTo = -1, -1
			j = n
			continue
		}
		// A word: when each side's text has its bytes in a row within one stretch of its cover
		// (most words), its pair is that of its first byte, found once; otherwise a rune at a
		// time. (A rune at a time throughout was a tenth of building a page at 10 MB.)
		n := j + 1
		for n < len(text) && !isSpace(text[n]) {
			n++
		}
		word := text[j:n]
		if f, ft, fk, ok := from.wordSet(word); ok {
			if t, tt, tk, ok := to.wordSet(word); ok {
				from.t, from.k, to.t, to.k = ft, fk, tt, tk
				step(j, f, t)
				j = n
				continue
			}
		}
		for j < n {
			size := 1
			if text[j] >= utf8.RuneSelf {
				_, size = utf8.DecodeRuneInString(text[j:])
			}
			f, t := from.next(), to.next()
			for range size - 1 { // the rune's other bytes: each the next byte of either text
				from.next()
				to.next()
			}
			step(j, f, t)
			j += size
		}
	}
	if have {
		cur.Text = text[start:]
		first = ar.add(first, cur)
	}
	out := ar.block
	if len(out) == first {
		return nil
	}
	return out[first:len(out):len(out)]
}

// opName is a segment view's Op: "eq", "del", "ins", or "" for an Op that is none of these.
func opName(o Op) string {
	switch o {
	case Equal:
		return "eq"
	case Delete:
		return "del"
	case Insert:
		return "ins"
	}
	return ""
}

// coverAt appends to idx base plus the index of every span covering offset off (none when off
// is negative).
func coverAt(idx []int, spans []span, off, base int) []int {
	if off < 0 {
		return idx
	}
	for i, s := range spans {
		if s.Start <= off && off < s.End {
			idx = append(idx, base+i)
		}
	}
	return idx
}

// coverIndex answers coverAt for every offset of a text of n bytes without scanning the spans.
// The cover only changes where a span starts or ends, so the sets are computed once per stretch
// between those cuts: stretch k starts at starts[k] (starts[0] is 0) and ends where the next
// begins, and the spans covering its bytes are set(ids[k]), in index order. (coverAt per byte,
// every span for every byte of every provision, was 5% of the report's CPU at 100MB; a set id
// per byte, 4 bytes of index per byte of text, 4% at 10 MB.)
type coverIndex struct {
	spans  []span
	n      int
	starts []int
	ids    []int32
	// the sets, one after the other: set i is members[ends[i-1]:ends[i]] (set 0 is the empty
	// set; one slice, not one per set: the sets' allocations were half of the index's)
	members []int
	ends    []int32
}

// stretchFrom returns the stretch holding offset off (0 <= off < n), looking from stretch k on
// (k is that stretch or an earlier one: the callers walk the text forwards).
func (c *coverIndex) stretchFrom(k, off int) int {
	for k+1 < len(c.starts) && c.starts[k+1] <= off {
		k++
	}
	return k
}

// stretch returns the stretch holding offset off (0 <= off < n).
func (c *coverIndex) stretch(off int) int {
	k, found := slices.BinarySearch(c.starts, off)
	if !found {
		k--
	}
	return k
}

// set returns the spans of set id, in index order.
func (c *coverIndex) set(id int32) []int {
	if id == 0 {
		return nil
	}
	return c.members[c.ends[id-1]:c.ends[id]]
}

func newCoverIndex(spans []span, n int) *coverIndex {
	return newCoverIndexWith(spans, n, &coverScratch{})
}

// coverScratch is the working memory of newCoverIndexWith, kept from one index for the next (a
// page's provisions' indexes are built one after the other: allocating it per index was a
// third of their bytes).
type coverScratch struct {
	cuts, byStart, active []int
	// blocks of blockLen the indexes' slices are taken from (two allocations per index were a
	// quarter of building a page's at 10 MB); blockLen 0: no blocks, for an index of its own
	blockLen int
	ints     []int
	int32s   []int32
	blocks   *pageBlocks // where the blocks come from (nil: allocated)
}

// take returns n ints and n int32s (zero), each with capacity n, from sc's blocks if it has.
func (sc *coverScratch) take(n int) ([]int, []int32) {
	if sc.blockLen == 0 {
		return make([]int, n), make([]int32, n)
	}
	if len(sc.ints)+n > cap(sc.ints) {
		sc.ints = sc.blocks.intBlock(max(sc.blockLen, n))
	}
	if len(sc.int32s)+n > cap(sc.int32s) {
		sc.int32s = sc.blocks.int32Block(max(sc.blockLen, n))
	}
	i, j := len(sc.ints), len(sc.int32s)
	sc.ints, sc.int32s = sc.ints[:i+n], sc.int32s[:j+n]
	ints, int32s := sc.ints[i:i+n:i+n], sc.int32s[j:j+n:j+n]
	if sc.blocks != nil { // a block given again holds an earlier page's numbers
		clear(ints)
		clear(int32s)
	}
	return ints, int32s
}

// coverBlock is the ints (and int32s) of a page's coverScratch's blocks.
const coverBlock = 4096

// newCoverIndexWith is newCoverIndex with its working memory in sc.
func newCoverIndexWith(spans []span, n int, sc *coverScratch) *coverIndex {
	c := &coverIndex{spans: spans, n: n}
	if len(spans) == 0 || n == 0 {
		c.starts, c.ids, c.ends = []int{0}, []int32{0}, []int32{0}
		return c
	}
	// at most a stretch and a set per cut, the cuts at most the spans' ends and 0; starts and
	// the first m members share an allocation, as do ids and ends (four were a quarter of the
	// index's CPU at 100 MB)
	m := 2*len(spans) + 2
	ints, int32s := sc.take(2 * m)
	c.starts, c.members = ints[:1:m], ints[m:m:2*m]
	c.ids, c.ends = int32s[:1:m], int32s[m:m+1:2*m]
	cuts := append(sc.cuts[:0], 0)
	for _, s := range spans {
		for _, x := range [2]int{s.Start, s.End} {
			if x > 0 && x < n {
				cuts = append(cuts, x)
			}
		}
	}
	slices.Sort(cuts)
	cuts = append(slices.Compact(cuts), n)
	// A sweep over the cuts: spans join the active set (kept in index order) at the first cut
	// at or after their start and leave it at their end.
	byStart := sc.byStart[:0]
	for k := range spans {
		byStart = append(byStart, k)
	}
	slices.SortStableFunc(byStart, func(a, b int) int { return max(spans[a].Start, 0) - max(spans[b].Start, 0) })
	active := sc.active[:0]
	next := 0
	for i := 0; i+1 < len(cuts); i++ {
		lo := cuts[i]
		changed := false
		for ; next < len(byStart) && max(spans[byStart[next]].Start, 0) <= lo; next++ {
			if k := byStart[next]; spans[k].End > lo {
				at, _ := slices.BinarySearch(active, k)
				active = slices.Insert(active, at, k)
				changed = true
			}
		}
		kept := active[:0]
		for _, k := range active {
			if spans[k].End > lo {
				kept = append(kept, k)
			}
		}
		changed = changed || len(kept) != len(active)
		active = kept
		if changed {
			id := int32(0)
			if len(active) > 0 {
				c.members = append(c.members, active...)
				c.ends = append(c.ends, int32(len(c.members)))
				id = int32(len(c.ends) - 1)
			}
			if last := len(c.starts) - 1; c.starts[last] == lo {
				c.ids[last] = id
			} else {
				c.starts = append(c.starts, lo)
				c.ids = append(c.ids, id)
			}
		}
	}
	sc.cuts, sc.byStart, sc.active = cuts, byStart, active
	return c
}

// setID identifies the set of spans covering offset off: equal ids, equal sets. It is 0 (the
// empty set) when off is negative, and -1, equal to nothing, past the indexed text (appendAt
// scans the spans there).
func (c *coverIndex) setID(off int) int64 {
	switch {
	case off < 0:
		return 0
	case off >= c.n:
		return -1
	}
	return int64(c.ids[c.stretch(off)])
}

// appendAt is coverAt(idx, c's spans, off, base).
func (c *coverIndex) appendAt(idx []int, off, base int) []int {
	if off < 0 {
		return idx
	}
	if off >= c.n {
		return coverAt(idx, c.spans, off, base)
	}
	for _, k := range c.set(c.ids[c.stretch(off)]) {
		idx = append(idx, base+k)
	}
	return idx
}

// spanJoiner is joinSpans of the spans at the indexes in idx, remembering its last two answers:
// neighbouring bytes are mostly covered by the same spans (pieces looks ahead over white space,
// so the cover alternates between two sets there).
type spanJoiner struct {
	idx   []int
	cache [2]struct {
		idx          []int
		class, title string
		ok           bool
	}
	next int
	ss   []span
}

func (j *spanJoiner) join(spans []span) (string, string) { return j.join2(spans, nil) }

// fresh returns j with its answers forgotten (they are of another row's spans) and its slices
// kept.
func (j spanJoiner) fresh() spanJoiner {
	for i := range j.cache {
		j.cache[i].ok = false
	}
	j.next = 0
	return j
}

// join2 is join(append(spans, more...)) without building that slice (an index past spans is
// one of more).
func (j *spanJoiner) join2(spans, more []span) (string, string) {
	if len(j.idx) == 0 {
		return "", ""
	}
	for i := range j.cache {
		if c := &j.cache[i]; c.ok && slices.Equal(c.idx, j.idx) {
			return c.class, c.title
		}
	}
	j.ss = j.ss[:0]
	for _, i := range j.idx {
		if i < len(spans) {
			j.ss = append(j.ss, spans[i])
		} else {
			j.ss = append(j.ss, more[i-len(spans)])
		}
	}
	c := &j.cache[j.next]
	j.next = 1 - j.next
	c.idx = append(c.idx[:0], j.idx...)
	c.class, c.title = joinSpans(j.ss)
	c.ok = true
	return c.class, c.title
}

// renderText renders one text with its annotations as a single segment of the given op.
func renderText(op, text string, spans []span) segView {
	return renderTextCovered(op, text, spans, nil)
}

// renderTextCovered is renderText with newCoverIndex(spans, len(text)) given (nil: built here).
func renderTextCovered(op, text string, spans []span, cover *coverIndex) segView {
	var j spanJoiner
	if cover == nil {
		cover = newCoverIndex(spans, len(text))
	}
	lastID := int64(-1)
	var class, title string
	return segView{Op: op, Pieces: pieces(text, func(b int) (string, string) {
		if id := cover.setID(b); id < 0 || id != lastID {
			j.idx = cover.appendAt(j.idx[:0], b, 0)
			class, title = j.join(spans)
			lastID = id
		}
		return class, title
	})}
}

// pieces splits text into runs of equal (class, title), breaking only at rune starts. Bytes that
// are white space take the annotation of the byte before them when the byte after has the same
// one, so a multi-word entity is one run.
func pieces(text string, key func(j int) (string, string)) []piece {
	var out []piece
	var cur piece
	start := 0 // of cur in text
	have := false
	for j := 0; j < len(text); {
		_, size := utf8.DecodeRuneInString(text[j:])
		c, t := key(j)
		if isSpace(text[j]) && have {
			// look ahead to the next non-space byte
			n := j
			for n < len(text) && isSpace(text[n]) {
				n++
			}
			if n < len(text) {
				if nc, nt := key(n); nc == cur.Class && nt == cur.Title {
					c, t = nc, nt
				}
			}
		}
		if !have || c != cur.Class || t != cur.Title {
			if have {
				cur.Text = text[start:j]
				out = append(out, cur)
			}
			cur, have, start = piece{Class: c, Title: t, EntType: entType(c)}, true, j
		}
		j += size
	}
	if have {
		cur.Text = text[start:]
		out = append(out, cur)
	}
	return out
}

// entType is the short label shown after an entity: the type in an "ent ent-<type>" class.
func entType(class string) string {
	const p = "ent ent-"
	for i := 0; i+len(p) <= len(class); i++ {
		if class[i:i+len(p)] == p {
			j := i + len(p)
			k := j
			for k < len(class) && class[k] != ' ' {
				k++
			}
			return class[j:k]
		}
	}
	return ""
}

// joinSpans merges the classes and titles of the spans covering one byte, deduplicated and in a
// fixed order so output does not depend on input order.
func joinSpans(ss []span) (string, string) {
	if len(ss) == 0 {
		return "", ""
	}
	// joinSpans was 0.62 of 12.6 CPU-seconds of the 10 MB bench corpus's report, mostly its two
	// maps, strings.Fields and sorting the maps' keys. Fast path, no allocation: one span whose
	// class is already its own sorted, deduplicated field list.
	if len(ss) == 1 && canonicalClass(ss[0].Class) {
		return ss[0].Class, ss[0].Title
	}
	// The same, for copies of one span: in text common to both versions an annotation found in
	// both (an entity, a concept, an evidence term) covers each byte twice.
	if same(ss) && canonicalClass(ss[0].Class) {
		return ss[0].Class, ss[0].Title
	}
	// Several spans: their distinct classes and titles gathered in stack buffers, not maps (the
	// maps and strings.Fields' slices were most of joinSpans' allocations). One distinct class
	// already canonical is the classes joined, and one distinct title the titles (a concept's or
	// an evidence term's span over evidence spans of the same side: most calls). What is left to
	// join is joined into one string, the class then the title (a string for each, by
	// strings.Join, was 40% of joinSpans' CPU at 10 MB); the classes' fields are split, sorted
	// and deduplicated only for two or more classes (each span's, and sorting them all, were
	// half of joinSpans' instructions at 10 MB).
	var cbuf, tbuf [16]string
	classes, titles := cbuf[:0], tbuf[:0]
	for _, s := range ss {
		if !slices.Contains(classes, s.Class) {
			classes = append(classes, s.Class)
		}
		if s.Title != "" && !slices.Contains(titles, s.Title) {
			titles = append(titles, s.Title)
		}
	}
	class, title := "", ""
	if len(classes) == 1 && canonicalClass(classes[0]) {
		class, classes = classes[0], nil
	} else {
		var fbuf [16]string
		fields := fbuf[:0]
		for _, c := range classes {
			fields = appendFields(fields, c)
		}
		slices.Sort(fields)
		classes = slices.Compact(fields)
	}
	if len(titles) == 1 {
		title, titles = titles[0], nil
	} else {
		slices.Sort(titles)
	}
	if len(classes) == 0 && len(titles) == 0 {
		return class, title
	}
	var buf [256]byte
	b := buf[:0]
	for i, c := range classes {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, c...)
	}
	n := len(b)
	for i, t := range titles {
		if i > 0 {
			b = append(b, "; "...)
		}
		b = append(b, t...)
	}
	joined := string(b)
	if classes == nil {
		return class, joined
	}
	if titles == nil {
		return joined, title
	}
	return joined[:n], joined[n:]
}

// same reports whether every span of ss has the class and title of the first.
func same(ss []span) bool {
	for _, s := range ss[1:] {
		if s.Class != ss[0].Class || s.Title != ss[0].Title {
			return false
		}
	}
	return true
}

// appendFields is append(dst, strings.Fields(s)...) without the intermediate slice for ASCII s.
func appendFields(dst []string, s string) []string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return append(dst, strings.Fields(s)...)
		}
	}
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || asciiSpace(s[i]) {
			if start >= 0 {
				dst = append(dst, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	return dst
}

// asciiSpace is unicode.IsSpace for an ASCII byte.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// canonicalClass reports whether strings.Join of the sorted, deduplicated strings.Fields(class)
// is class itself: ASCII fields in strictly increasing order, separated by single spaces.
func canonicalClass(class string) bool {
	prev, start := "", 0
	for i := 0; i <= len(class); i++ {
		if i < len(class) {
			c := class[i]
			if c >= 0x80 || (c != ' ' && asciiSpace(c)) {
				return false
			}
			if c != ' ' {
				continue
			}
		}
		f := class[start:i]
		if f == "" || (start > 0 && f <= prev) {
			return false
		}
		prev, start = f, i+1
	}
	return true
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// findTerm returns the spans of an evidence term in text: case-insensitive, starting at a word
// start. A term ending in '*' is a prefix (a glob, as in the dictionary); otherwise the match must
// end at a word end, unless the term is a single word with no whole-word match, in which case it
// is taken as a stem and matches as a prefix ("govern" in "governance").
func findTerm(text, term string) [][2]int {
	return findTermLower(nil, text, strings.ToLower(text), term)
}

// findTermLower appends findTerm(text, term) to dst, with strings.ToLower(text) given (a
// provision's evidence terms are looked for in one lower-cased text, their matches in one
// slice).
func findTermLower(dst [][2]int, text, lt, term string) [][2]int {
	prefix := strings.HasSuffix(term, "*")
	term = strings.TrimSuffix(term, "*")
	term = strings.TrimSpace(term)
	if term == "" {
		return dst
	}
	lterm := strings.ToLower(term)
	if len(lt) != len(text) { // lower-casing changed byte lengths: offsets would not match
		return dst
	}
	find := func(asPrefix bool) [][2]int {
		out := dst
		for i := 0; i+len(lterm) <= len(lt); {
			k := strings.Index(lt[i:], lterm)
			if k < 0 {
				break
			}
			s := i + k
			e := s + len(lterm)
			if wordBoundary(lt, s) && (asPrefix || wordBoundary(lt, e)) {
				if asPrefix { // extend to the end of the word
					for e < len(lt) {
						r, size := utf8.DecodeRuneInString(lt[e:])
						if !isWordRune(r) {
							break
						}
						e += size
					}
				}
				out = append(out, [2]int{s, e})
				i = e
				continue
			}
			_, size := utf8.DecodeRuneInString(lt[s:])
			i = s + size
		}
		return out
	}
	if prefix {
		return find(true)
	}
	m := find(false)
	if len(m) == len(dst) && !strings.ContainsAny(lterm, " ") {
		m = find(true)
	}
	return m
}

// textWords appends the words of lt, its maximal runs of word runes (isWordRune, decoding as a
// range over lt does), as [start, end) byte offsets: a run of other runes skipped, then a word's
// run, each in a loop of its own (one loop asking of every rune whether a word starts or ends
// there was a hundredth of the report's instructions at 10 MB). FuzzTextWords compares it with
// that loop.
func textWords(dst [][2]int, lt string) [][2]int {
	i := 0
	for i < len(lt) {
		if c := lt[i]; c < utf8.RuneSelf {
			if !asciiWord[c] {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(lt[i:]); !isWordRune(r) {
			i += size
			continue
		}
		start := i
		for i < len(lt) {
			if c := lt[i]; c < utf8.RuneSelf {
				if !asciiWord[c] {
					break
				}
				i++
			} else if r, size := utf8.DecodeRuneInString(lt[i:]); isWordRune(r) {
				i += size
			} else {
				break
			}
		}
		dst = append(dst, [2]int{start, i})
	}
	return dst
}

// toLower is strings.ToLower(s), an ASCII s lower-cased eight bytes at a time in buf (scratch,
// returned for the next call) and made a string from it; any other s by strings.ToLower. (Its
// loops, a byte at a time, were a hundredth of the report's instructions at 10 MB: every
// provision with stance evidence is lower-cased to find the terms.) FuzzToLower compares it
// with strings.ToLower.
func toLower(s string, buf []byte) (string, []byte) {
	const lsb, msb = 0x0101010101010101, 0x8080808080808080
	buf = append(buf[:0], s...)
	var upper uint64 // high bits of the bytes A-Z
	i := 0
	for ; i+8 <= len(buf); i += 8 {
		v := binary.LittleEndian.Uint64(buf[i:])
		if v&msb != 0 {
			return strings.ToLower(s), buf
		}
		// Each byte is under 0x80: adding 0x80-'A' sets its high bit when it is 'A' or more,
		// adding 0x80-'Z'-1 when it is past 'Z', and no sum carries into the next byte.
		m := (v + (0x80-'A')*lsb) &^ (v + (0x80-'Z'-1)*lsb) & msb
		upper |= m
		binary.LittleEndian.PutUint64(buf[i:], v|m>>2) // 0x80>>2 is 'a'-'A'
	}
	for ; i < len(buf); i++ {
		c := buf[i]
		if c >= utf8.RuneSelf {
			return strings.ToLower(s), buf
		}
		if 'A' <= c && c <= 'Z' {
			buf[i] = c + 'a' - 'A'
			upper = msb
		}
	}
	if upper == 0 {
		return s, buf
	}
	return string(buf), buf
}

// findTermWords is findTermLower(dst, text, lt, term) with words = textWords(nil, lt). A term
// of word runes only starts at a word start and ends at a word end (or, as a prefix, the end of
// the word it starts), so its matches are the words equal to it (or beginning with it), found
// among the words without searching the text; other terms are searched as findTermLower does.
// (Searching the text once per evidence term was 3% of the report's CPU at 10 MB: a provision's
// stance rows name a few dozen terms.) FuzzFindTermWords compares it with findTermLower.
func findTermWords(dst [][2]int, text, lt string, words [][2]int, term string) [][2]int {
	t := strings.TrimSpace(strings.TrimSuffix(term, "*"))
	lterm := strings.ToLower(t)
	if t == "" || len(lt) != len(text) || !wordRunesOnly(lterm) {
		return findTermLower(dst, text, lt, term)
	}
	n := len(dst)
	if !strings.HasSuffix(term, "*") {
		for _, w := range words {
			if w[1]-w[0] == len(lterm) && lt[w[0]:w[1]] == lterm {
				dst = append(dst, w)
			}
		}
		if len(dst) > n {
			return dst
		}
	}
	// a prefix, or a single word with no whole-word match taken as a stem
	for _, w := range words {
		if w[1]-w[0] >= len(lterm) && lt[w[0]:w[0]+len(lterm)] == lterm {
			dst = append(dst, w)
		}
	}
	return dst
}

// asciiWord is isWordRune of each ASCII character: the letters and digits.
var asciiWord = func() (t [128]bool) {
	for c := range t {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

// wordRunesOnly reports whether s is made of word runes only (isWordRune).
func wordRunesOnly(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf && !asciiWord[r] || r >= utf8.RuneSelf && !isWordRune(r) {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordBoundary reports whether offset i of s is not inside a word.
func wordBoundary(s string, i int) bool {
	if i <= 0 || i >= len(s) {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i:])
	return !(isWordRune(before) && isWordRune(after))
}
