package dictionary

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/models"
)

// patWord is one word of a compiled pattern: a literal, or a glob with * (any run of characters,
// possibly empty) and ? (exactly one character).
type patWord struct {
	s    string
	glob bool
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// asciiClass classifies bytes for splitWords' inner loop: asciiLowerDigit for a-z and 0-9,
// 0 for every other byte (which takes the general path).
var asciiClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = asciiLowerDigit
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = asciiLowerDigit
	}
	return t
}()

const asciiLowerDigit = 1

// parsePattern lower-cases a pattern and splits it into words exactly as text is split into
// words (see splitWords): runs of letters, digits and marks, so "confidence-building measure*"
// becomes [confidence building measure*]. * and ? are glob characters inside a word.
func parsePattern(p string) ([]patWord, error) {
	if !utf8.ValidString(p) {
		return nil, fmt.Errorf("pattern %q is not valid UTF-8", p)
	}
	var out []patWord
	lower := strings.ToLower(p)
	start := -1
	flush := func(end int) error {
		if start < 0 {
			return nil
		}
		w := lower[start:end]
		start = -1
		glob := strings.ContainsAny(w, "*?")
		if glob && strings.Trim(w, "*?") == "" {
			return fmt.Errorf("bad glob %q in pattern %q: a word cannot be only wildcards", w, p)
		}
		if glob && strings.Contains(w, "**") {
			return fmt.Errorf("bad glob %q in pattern %q: repeated *", w, p)
		}
		out = append(out, patWord{s: w, glob: glob})
		return nil
	}
	for i, r := range lower {
		if isWordRune(r) || r == '*' || r == '?' {
			if start < 0 {
				start = i
			}
			continue
		}
		if err := flush(i); err != nil {
			return nil, err
		}
	}
	if err := flush(len(lower)); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("pattern %q has no words", p)
	}
	if len(out) > maxPatternWords {
		return nil, fmt.Errorf("pattern %q has %d words, at most %d", p, len(out), maxPatternWords)
	}
	return out, nil
}

// globMatch reports whether word matches the glob g (both lower-case), rune by rune.
func globMatch(g, w string) bool {
	gi, wi := 0, 0
	starG, starW := -1, 0
	for wi < len(w) {
		if gi < len(g) {
			gr, gs := utf8.DecodeRuneInString(g[gi:])
			wr, ws := utf8.DecodeRuneInString(w[wi:])
			switch {
			case gr == '*':
				starG, starW = gi, wi
				gi += gs
				continue
			case gr == '?' || gr == wr:
				gi += gs
				wi += ws
				continue
			}
		}
		if starG < 0 {
			return false
		}
		_, ws := utf8.DecodeRuneInString(w[starW:])
		starW += ws
		wi = starW
		gi = starG + 1
	}
	for gi < len(g) && g[gi] == '*' {
		gi++
	}
	return gi == len(g)
}

// Boundary kinds before a word.
const (
	brkNone   = 0
	brkComma  = 1
	brkClause = 2
)

// word is one normalised word of a text: lower-cased, with byte offsets into the text, and
// what the matchers' lexicon knows of it (set by lexicon.annotate, or by splitWordsBuf given the
// lexicon).
type word struct {
	s          string
	start, end int
	id         int32 // lexicon word id, -1 when the word is in no pattern and no scope list
	pset       int32 // lexicon prefix set id: the "lit*" globs the word matches; 0 for none
	brk        uint8 // boundary between the previous word and this one
	starts     uint8 // the bits of the matchers whose walks can start here (lexicon.starts)
	tok        int32 // index of the word's token in the text's Tokens
}

// abbrev are words after which a full stop does not end a clause.
var abbrev = map[string]bool{
	"art": true, "arts": true, "para": true, "paras": true, "par": true, "no": true, "nos": true,
	"vol": true, "pp": true, "cf": true, "res": true, "doc": true, "sec": true, "ch": true,
	"op": true, "mr": true, "mrs": true, "dr": true, "st": true,
}

// boundaryScanner accumulates the punctuation seen between two words.
type boundaryScanner struct {
	brk   uint8
	dot   bool   // a full stop seen, waiting for white space
	prev  string // the previous word, lower-cased, when it is a slice of the text
	prevB []byte // the previous word, lower-cased, when it was lower-cased into the arena
}

func (b *boundaryScanner) feed(s string) {
	for _, r := range s {
		switch {
		case r == ';' || r == ':' || r == '?' || r == '!':
			b.brk = brkClause
		case r == ',':
			b.brk = max(b.brk, brkComma)
		case r == '.':
			b.dot = true
		case unicode.IsSpace(r):
			b.space()
		}
	}
}

// space ends a pending full stop: it ends a clause unless the previous word is a single letter
// or an abbreviation.
func (b *boundaryScanner) space() {
	if b.dot {
		var long bool
		if b.prevB != nil {
			long = utf8.RuneCount(b.prevB) > 1 && !abbrev[string(b.prevB)]
		} else {
			long = utf8.RuneCountInString(b.prev) > 1 && !abbrev[b.prev]
		}
		if long {
			b.brk = brkClause
		}
	}
	b.dot = false
}

// take returns the boundary before the word w (a slice of the text) and starts the next one.
func (b *boundaryScanner) take(w string) uint8 {
	k := b.brk
	b.brk, b.dot, b.prev, b.prevB = brkNone, false, w, nil
	return k
}

// takeBytes is take for a word lower-cased into the arena.
func (b *boundaryScanner) takeBytes(w []byte) uint8 {
	k := b.brk
	b.brk, b.dot, b.prev, b.prevB = brkNone, false, "", w
	return k
}

// splitWords turns a tokenised text into normalised words. Each token is split into runs of
// letters, digits and marks (so a hyphenated token "confidence-building" gives two words, as
// does a tokeniser that already split it), lower-cased. Punctuation in punctuation-only tokens,
// in the text between tokens (when offsets are valid) and inside tokens sets the boundary
// before the next word. Offsets come from the tokens; when a token's offsets do not fit the
// text, its words carry the token's own Start/End and the text between tokens is not read.
// A word already in lower-case ASCII (most words) is a slice of its token's text; the others
// are lower-cased into one arena that becomes one string per text. The words' lexicon fields
// are left for lexicon.annotate.
func splitWords(t models.Text, dst []word) []word {
	wb := wordBufPool.Get().(*wordBuf)
	defer wordBufPool.Put(wb)
	return splitWordsBuf(t, dst, wb, nil, nil, nil)
}

// wordBufPool holds the buffers of the calls of splitWords without one of their own.
var wordBufPool = sync.Pool{New: func() any { return new(wordBuf) }}

// wordBuf holds splitWords' buffers for reuse from one text to the next: the arena of
// lower-cased words (copied into one string per text) and the spans of its words. They were
// two of the three allocations of a provision's split, a fifth of the dictionary's allocations.
type wordBuf struct {
	arena []byte
	spans []int32
}

// splitWordsBuf is splitWords with its buffers taken from wb and left there for the next call
// (their bytes are copied out: the words hold none of them). With lx, it also sets the words'
// lexicon fields (id, pset, starts: what lx.annotate would set). When nums is not nil (one
// per token, equal numbers for equal token texts; lx must then be given), what the loop makes
// of a token's text is kept in byToken by the token's number (lexEntry): a token that is one
// word (most tokens) then becomes its word, lower-cased and looked up when its number was
// first seen, without its bytes being read again.
func splitWordsBuf(t models.Text, dst []word, wb *wordBuf, nums []int32, byToken *[]lexEntry, lx *lexicon) []word {
	var b boundaryScanner
	arena := wb.arena[:0] // lower-cased words
	spans := wb.spans[:0] // per arena word: its index in dst, its arena start and end
	defer func() { wb.arena, wb.spans = arena, spans }()
	var memo []lexEntry
	if len(nums) != len(t.Tokens) || lx == nil {
		nums = nil
	} else if nums != nil {
		memo = *byToken
		defer func() { *byToken = memo }()
	}
	prevEnd := -1
	for ti, tok := range t.Tokens {
		valid := tok.Start >= 0 && tok.Start <= tok.End && tok.End <= len(t.Text) &&
			tok.Start >= prevEnd && tok.End-tok.Start == len(tok.Text) && t.Text[tok.Start:tok.End] == tok.Text
		if valid {
			if prevEnd >= 0 {
				// most gaps are one space (feed's loop for one rune was a fifth of the split)
				if gap := t.Text[prevEnd:tok.Start]; gap == " " {
					b.space()
				} else {
					b.feed(gap)
				}
			}
			prevEnd = tok.End
		} else {
			b.space()
			prevEnd = len(t.Text) + 1 // stop reading gaps: offsets are no longer trusted
		}
		s := tok.Text
		if nums != nil && nums[ti] >= 0 {
			n := int(nums[ti])
			if n >= len(memo) {
				memo = append(memo, make([]lexEntry, n+1-len(memo))...)
			}
			e := &memo[n]
			if e.split == splitUnknown {
				e.split, e.word = splitKind(s)
				if e.split != splitOther {
					w := s
					if e.split == splitOneWord {
						w = e.word
					}
					e.id, e.pset = lx.lookup(w)
					e.starts = lx.starts(e.id, e.pset)
				}
			}
			if e.split != splitOther { // the loop below would give this one word
				w := s // splitOneLower: the token's own text
				if e.split == splitOneWord {
					w = e.word
				}
				dst = append(dst, word{s: w, start: tok.Start, end: tok.End, id: e.id, pset: e.pset, brk: b.take(w), starts: e.starts, tok: int32(ti)})
				continue
			}
		}
		i := 0
		for i < len(s) {
			r, size := rune(s[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
			if !isWordRune(r) {
				b.feed(s[i : i+size])
				i += size
				continue
			}
			j := i + size
			lower := r < utf8.RuneSelf && !('A' <= r && r <= 'Z') // the word so far is lower-case ASCII
			for j < len(s) {
				if c := asciiClass[s[j]]; c == asciiLowerDigit { // most bytes of most words
					j++
					continue
				}
				r, size = rune(s[j]), 1
				if r >= utf8.RuneSelf {
					r, size = utf8.DecodeRuneInString(s[j:])
					lower = false
				}
				if !isWordRune(r) {
					break
				}
				if 'A' <= r && r <= 'Z' {
					lower = false
				}
				j += size
			}
			st, en := tok.Start, tok.End
			if valid {
				st, en = tok.Start+i, tok.Start+j
			}
			if lower {
				w := word{s: s[i:j], start: st, end: en, brk: b.take(s[i:j]), tok: int32(ti)}
				if lx != nil {
					w.id, w.pset = lx.lookup(w.s)
					w.starts = lx.starts(w.id, w.pset)
				}
				dst = append(dst, w)
			} else {
				if cap(arena) == 0 {
					arena = make([]byte, 0, 64)
				}
				a := len(arena)
				arena = appendLower(arena, s[i:j])
				spans = append(spans, int32(len(dst)), int32(a), int32(len(arena)))
				w := word{start: st, end: en, brk: b.takeBytes(arena[a:len(arena):len(arena)]), tok: int32(ti)}
				if lx != nil {
					w.id, w.pset = lookupIn(lx, arena[a:])
					w.starts = lx.starts(w.id, w.pset)
				}
				dst = append(dst, w)
			}
			i = j
		}
	}
	if len(spans) > 0 {
		all := string(arena)
		for k := 0; k < len(spans); k += 3 {
			dst[spans[k]].s = all[spans[k+1]:spans[k+2]]
		}
	}
	return dst
}

// What splitWordsBuf's loop makes of a token's text (lexEntry.split).
const (
	splitUnknown  uint8 = iota // not known yet
	splitOneLower              // one word of lower-case ASCII letters and digits: the text itself
	splitOneWord               // one word, not all lower-case ASCII: the text lower-cased
	splitOther                 // anything else, split by the loop
)

// splitKind returns what splitWordsBuf's loop makes of a token's text s, and for splitOneWord
// the one word it makes (s lower-cased, as appendLower does; for splitOneLower it is s): s is
// one word when it is not empty and every rune is a word rune (no byte of it is fed to the
// boundary scanner).
func splitKind(s string) (uint8, string) {
	if s == "" {
		return splitOther, ""
	}
	i := 0
	for i < len(s) && asciiClass[s[i]] == asciiLowerDigit {
		i++
	}
	if i == len(s) {
		return splitOneLower, ""
	}
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if !isWordRune(r) {
			return splitOther, ""
		}
		i += size
	}
	return splitOneWord, string(appendLower(nil, s))
}

// appendLower appends s lower-cased to dst.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(dst, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// node is a trie node over words. Its edges are indexed by lexicon ids: exact by word id (the
// literal words), prefix by prefix id (the "lit*" globs); other globs are matched against the
// word itself.
type node struct {
	exact  edges
	prefix edges
	globs  []globEdge
	pats   []int32 // patterns ending here

	// Used while the matcher is built, then turned into exact and prefix by finish.
	exactB, prefixB map[int32]int32
}

// edges maps ids to child nodes: a table indexed by id for a node with many edges (the roots),
// two sorted slices searched linearly otherwise.
type edges struct {
	dense []int32 // child by id, -1 for none; nil when ids and kids are used
	ids   []int32 // ascending
	kids  []int32
}

// denseEdges is the number of edges from which a node's edges are a table indexed by id.
const denseEdges = 8

func makeEdges(m map[int32]int32, n int) edges {
	var e edges
	if len(m) >= denseEdges {
		e.dense = make([]int32, n)
		for i := range e.dense {
			e.dense[i] = -1
		}
		for id, c := range m {
			e.dense[id] = c
		}
		return e
	}
	for id := range m {
		e.ids = append(e.ids, id)
	}
	slices.Sort(e.ids)
	for _, id := range e.ids {
		e.kids = append(e.kids, m[id])
	}
	return e
}

// get returns the child along id, or -1.
func (e *edges) get(id int32) int32 {
	if e.dense != nil {
		return e.dense[id]
	}
	for k, x := range e.ids {
		if x == id {
			return e.kids[k]
		}
		if x > id {
			break
		}
	}
	return -1
}

func (e *edges) empty() bool { return e.dense == nil && len(e.ids) == 0 }

type globEdge struct {
	g     string
	child int32
}

// pattern is one compiled pattern.
type pattern struct {
	text    string  // as written in the dictionary
	entries []int32 // the keys it belongs to, in dictionary order
	words   int
	literal int // characters that are not wildcards: more is more specific
	order   int32
}

// Matcher finds dictionary patterns in tokenised text: case-insensitive, over words (see
// splitWords), with multiword and glob patterns. Overlapping matches are resolved so that the
// longest wins, then the leftmost; a multiword match never spans a comma or clause boundary.
// A Matcher is immutable and safe for concurrent use.
type Matcher struct {
	keys     []string
	nodes    []node
	patterns []pattern
	maxLen   int
	lex      *lexicon // shared by the matchers of a Model

	// bit is the matcher's bit in its lexicon's wordStart and psetStart, and so in a word's
	// starts: set when a walk from the root can start at the word (the root has an exact child
	// for its id, or a prefix child for one of its prefixes). The lexicon holds the words of
	// every matcher of a Model and the scope words, so most of a text's words have an id, and
	// the three matchers called walk for each of them; most such walks ended at the root. The
	// bits are found once per word (per distinct token with numbered tokens) instead of by two
	// table lookups per word and matcher (set by finish).
	bit uint8
}

// Mention is one match of a dictionary key in a text. Start and End are byte offsets into
// Text.Text; Matched is that span of the text (or the matched words joined by spaces when the
// tokens' offsets do not fit the text).
type Mention struct {
	Concept string
	Start   int
	End     int
	Matched string
}

// NewMatcher compiles entries (keys with patterns; weights are ignored). A pattern listed under
// several keys matches for all of them.
func NewMatcher(entries []Entry) (*Matcher, error) {
	m, err := newMatcher(entries, newLexicon())
	if err != nil {
		return nil, err
	}
	m.lex.freeze()
	m.finish()
	return m, nil
}

// newMatcher compiles entries, adding their words to lex. The matcher is usable once lex is
// frozen and finish has run.
func newMatcher(entries []Entry, lex *lexicon) (*Matcher, error) {
	m := &Matcher{nodes: []node{{}}, lex: lex, bit: lex.addMatcher()}
	if m.bit == 0 {
		return nil, fmt.Errorf("dictionary: more than %d matchers share a lexicon", maxMatchers)
	}
	byText := map[string]int32{}
	for ei, e := range entries {
		if e.Key == "" {
			return nil, fmt.Errorf("dictionary: entry %d has an empty key", ei)
		}
		if len(e.Patterns) == 0 {
			return nil, fmt.Errorf("dictionary: key %q has no patterns", e.Key)
		}
		m.keys = append(m.keys, e.Key)
		for _, p := range e.Patterns {
			pw, err := parsePattern(p)
			if err != nil {
				return nil, fmt.Errorf("dictionary: key %q: %w", e.Key, err)
			}
			norm := normKey(pw)
			if pi, ok := byText[norm]; ok {
				pt := &m.patterns[pi]
				if pt.entries[len(pt.entries)-1] != int32(ei) {
					pt.entries = append(pt.entries, int32(ei))
				}
				continue
			}
			pi := int32(len(m.patterns))
			byText[norm] = pi
			lit := 0
			for _, w := range pw {
				lit += utf8.RuneCountInString(w.s) - strings.Count(w.s, "*") - strings.Count(w.s, "?")
			}
			m.patterns = append(m.patterns, pattern{text: p, entries: []int32{int32(ei)}, words: len(pw), literal: lit, order: pi})
			m.maxLen = max(m.maxLen, len(pw))
			n := int32(0)
			for _, w := range pw {
				n = m.child(n, w)
			}
			m.nodes[n].pats = append(m.nodes[n].pats, pi)
		}
	}
	if len(m.patterns) == 0 {
		return nil, errors.New("dictionary: no patterns")
	}
	return m, nil
}

func normKey(pw []patWord) string {
	var sb strings.Builder
	for i, w := range pw {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(w.s)
	}
	return sb.String()
}

// child returns (creating it if needed) the child of n along w.
func (m *Matcher) child(n int32, w patWord) int32 {
	add := func() int32 {
		m.nodes = append(m.nodes, node{})
		return int32(len(m.nodes) - 1)
	}
	nd := &m.nodes[n]
	switch {
	case !w.glob:
		id := m.lex.addWord(w.s)
		if c, ok := nd.exactB[id]; ok {
			return c
		}
		c := add()
		nd = &m.nodes[n]
		if nd.exactB == nil {
			nd.exactB = map[int32]int32{}
		}
		nd.exactB[id] = c
		return c
	case strings.IndexAny(w.s, "*?") == len(w.s)-1 && w.s[len(w.s)-1] == '*':
		id := m.lex.addPrefix(w.s[:len(w.s)-1])
		if c, ok := nd.prefixB[id]; ok {
			return c
		}
		c := add()
		nd = &m.nodes[n]
		if nd.prefixB == nil {
			nd.prefixB = map[int32]int32{}
		}
		nd.prefixB[id] = c
		return c
	default:
		for _, g := range nd.globs {
			if g.g == w.s {
				return g.child
			}
		}
		c := add()
		nd = &m.nodes[n]
		nd.globs = append(nd.globs, globEdge{g: w.s, child: c})
		return c
	}
}

// finish turns the nodes' edge maps into edges, once m.lex is frozen.
func (m *Matcher) finish() {
	for k := range m.nodes {
		nd := &m.nodes[k]
		nd.exact = makeEdges(nd.exactB, len(m.lex.flags))
		nd.prefix = makeEdges(nd.prefixB, len(m.lex.prefixLit))
		nd.exactB, nd.prefixB = nil, nil
	}
	root := &m.nodes[0]
	for id := range m.lex.wordStart {
		if root.exact.get(int32(id)) >= 0 {
			m.lex.wordStart[id] |= m.bit
		}
	}
	for ps, ids := range m.lex.psets {
		for _, p := range ids {
			if root.prefix.get(p) >= 0 {
				m.lex.psetStart[ps] |= m.bit
			}
		}
	}
}

// Keys returns the matcher's keys in dictionary order.
func (m *Matcher) Keys() []string { return append([]string(nil), m.keys...) }

// hit is one selected match: words [start, end) and the pattern.
type hit struct {
	start, end int32
	pat        int32
}

// better reports whether pattern a beats pattern b for the same span.
func (m *Matcher) better(a, b int32) bool {
	pa, pb := &m.patterns[a], &m.patterns[b]
	if pa.literal != pb.literal {
		return pa.literal > pb.literal
	}
	return pa.order < pb.order
}

// sortHitsDirect is the most hits findTo sorts by insertion.
const sortHitsDirect = 12

// findBuf holds the buffers of one find call; it is pooled: the candidate table was the
// largest allocation of dictionary scoring.
type findBuf struct {
	cand  []int32 // every slot -1 between calls
	set   []int32 // the slots of cand set by this call
	taken []bool
}

var findPool = sync.Pool{New: func() any { return new(findBuf) }}

// finder is the state of one find call.
type finder struct {
	m    *Matcher
	ws   []word
	cand []int32 // cand[i*L + (len-1)] is the best pattern of that length starting at word i, or -1
	set  []int32 // the slots of cand that are not -1
}

// walk follows the words from word k on from node n, for matches starting at word i.
func (f *finder) walk(n int32, i, k int) {
	m, ws, L := f.m, f.ws, f.m.maxLen
	nd := &m.nodes[n]
	if k > i {
		for _, p := range nd.pats {
			slot := int32(i*L + k - i - 1)
			switch c := f.cand[slot]; {
			case c < 0:
				f.set = append(f.set, slot)
				f.cand[slot] = p
			case m.better(p, c):
				f.cand[slot] = p
			}
		}
	}
	if k >= len(ws) || k-i >= L || (k > i && ws[k].brk != brkNone) {
		return
	}
	w := &ws[k]
	if w.id >= 0 {
		if c := nd.exact.get(w.id); c >= 0 {
			f.walk(c, i, k+1)
		}
	}
	if w.pset > 0 && !nd.prefix.empty() {
		for _, p := range m.lex.psets[w.pset] {
			if c := nd.prefix.get(p); c >= 0 {
				f.walk(c, i, k+1)
			}
		}
	}
	for _, g := range nd.globs {
		if globMatch(g.g, w.s) {
			f.walk(g.child, i, k+1)
		}
	}
}

// find returns the selected matches in ws (annotated with m.lex), sorted by start. Every start
// contributes at most one candidate per length (the most specific pattern: most literal
// characters, then first in the dictionary); candidates are taken longest first, then leftmost,
// skipping any that overlap a match already taken. Work is O(len(ws) * maxLen * branching) for
// the walks, O(c log c) for the c candidates found: the candidate table is neither filled nor
// scanned whole (both were O(len(ws) * maxLen) for every text and matcher, a third of find).
func (m *Matcher) find(ws []word) []hit {
	return m.findTo(nil, ws)
}

// findTo is find, appending the matches to dst[:0] (a caller's buffer: the matches were a
// third of the dictionary's allocations).
func (m *Matcher) findTo(dst []hit, ws []word) []hit {
	hits := dst[:0]
	if len(ws) == 0 || m == nil || len(m.patterns) == 0 {
		return hits
	}
	L := m.maxLen
	buf := findPool.Get().(*findBuf)
	defer findPool.Put(buf)
	if len(buf.cand) < len(ws)*L {
		buf.cand = make([]int32, len(ws)*L)
		for i := range buf.cand {
			buf.cand[i] = -1
		}
	}
	f := finder{m: m, ws: ws, cand: buf.cand, set: buf.set[:0]}
	bit := m.bit
	if len(m.nodes[0].globs) > 0 {
		bit = 0 // a glob at the root can start at any word
	}
	for i := range ws {
		// Most words start no pattern of this matcher: skip them without a call.
		if bit == 0 || ws[i].starts&bit != 0 {
			f.walk(0, i, i)
		}
	}
	buf.set = f.set
	if len(f.set) == 0 {
		return hits
	}
	// Longest first, then leftmost: slot = start*L + len-1 becomes (L-len)*n + start, which
	// sorts as plain integers (slices.Sort) in that order, without a comparison function.
	n := int32(len(ws))
	for k, slot := range f.set {
		f.set[k] = (int32(L)-1-slot%int32(L))*n + slot/int32(L)
	}
	slices.Sort(f.set)
	if cap(buf.taken) < len(ws) {
		buf.taken = make([]bool, len(ws))
	}
	taken := buf.taken[:len(ws)]
	clear(taken)
	for _, key := range f.set {
		i, l := int(key%n), L-int(key/n)
		slot := i*L + l - 1
		p := f.cand[slot]
		f.cand[slot] = -1 // leave the table as found
		if slices.Contains(taken[i:i+l], true) {
			continue
		}
		for k := i; k < i+l; k++ {
			taken[k] = true
		}
		hits = append(hits, hit{start: int32(i), end: int32(i + l), pat: p})
	}
	// Hits do not overlap, so their starts are distinct and the order is total. A text has a
	// few: they are sorted by insertion, without a comparison function.
	if len(hits) > sortHitsDirect {
		slices.SortFunc(hits, func(a, b hit) int { return int(a.start) - int(b.start) })
		return hits
	}
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && hits[j].start < hits[j-1].start; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	return hits
}

// Match returns every mention of the matcher's keys in t, ordered by Start, then by key order.
func (m *Matcher) Match(t models.Text) []Mention {
	ws := splitWords(t, make([]word, 0, len(t.Tokens)+len(t.Tokens)/4+4))
	m.lex.annotate(ws)
	return m.matchWords(t, ws)
}

// matchWords is Match on t's words (splitWords, annotated with m.lex).
func (m *Matcher) matchWords(t models.Text, ws []word) []Mention {
	return m.matchHits(t, ws, m.find(ws), nil)
}

// matchHits is matchWords once the words' matches are found. With a memo, the list is cut from
// the memo's block of mentions (Memo.mentionRoom).
func (m *Matcher) matchHits(t models.Text, ws []word, hits []hit, memo *Memo) []Mention {
	if len(hits) == 0 {
		return nil
	}
	n := 0
	for _, h := range hits {
		n += len(m.patterns[h.pat].entries)
	}
	out := memo.mentionRoom(n)
	for _, h := range hits {
		matched := spanText(t, ws, h)
		for _, e := range m.patterns[h.pat].entries {
			out = append(out, Mention{Concept: m.keys[e], Start: ws[h.start].start, End: ws[h.end-1].end, Matched: matched})
		}
	}
	return memo.tookMentions(out)
}

// spanText returns the text of the words [h.start, h.end).
func spanText(t models.Text, ws []word, h hit) string {
	s, e := ws[h.start].start, ws[h.end-1].end
	if s >= 0 && s <= e && e <= len(t.Text) {
		return t.Text[s:e]
	}
	return phrase(ws, h)
}

// term is phrase(ws, h), sliced from text when text holds exactly that at the match's offsets
// (lower-case words separated by single spaces, as most matched terms are): no string is built.
func term(text string, ws []word, h hit) string {
	if h.end-h.start == 1 {
		return ws[h.start].s
	}
	s, e := ws[h.start].start, ws[h.end-1].end
	if s < 0 || s > e || e > len(text) {
		return phrase(ws, h)
	}
	seg, pos := text[s:e], 0
	for k := h.start; k < h.end; k++ {
		if k > h.start {
			if pos >= len(seg) || seg[pos] != ' ' {
				return phrase(ws, h)
			}
			pos++
		}
		if !strings.HasPrefix(seg[pos:], ws[k].s) {
			return phrase(ws, h)
		}
		pos += len(ws[k].s)
	}
	if pos != len(seg) {
		return phrase(ws, h)
	}
	return seg
}

// phrase joins the normalised words of a match with single spaces.
func phrase(ws []word, h hit) string {
	if h.end-h.start == 1 {
		return ws[h.start].s
	}
	n := int(h.end - h.start - 1)
	for k := h.start; k < h.end; k++ {
		n += len(ws[k].s)
	}
	var sb strings.Builder
	sb.Grow(n)
	for k := h.start; k < h.end; k++ {
		if k > h.start {
			sb.WriteByte(' ')
		}
		sb.WriteString(ws[k].s)
	}
	return sb.String()
}
