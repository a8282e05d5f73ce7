package entities

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Entity is one gazetteer match. Start and End are byte offsets into the text given to Find,
// and Text == text[Start:End].
type Entity struct {
	Start, End  int
	Text        string
	Type        string
	CanonicalID string
	Source      string // SourceGazetteer
}

// tokKind classifies a token.
type tokKind uint8

const (
	tokWord    tokKind = iota // a run of letters, digits and combining marks
	tokPunct                  // one punctuation or symbol rune
	tokInvalid                // one byte of invalid UTF-8; never matches
)

// caseMode is how an alias's words are compared with the text's.
type caseMode uint8

const (
	modeFold       caseMode = iota // case-insensitive (names of two or more words)
	modeInitialCap                 // case-insensitive, but a capital initial must stay a capital
	modeExact                      // case-sensitive, or the alias in all capitals (short one-word names)
)

// maxAliasTokens bounds the length of an alias and so the work per text position.
const maxAliasTokens = 48

// alias is one compiled surface form.
type alias struct {
	mode  caseMode
	cap   bool     // modeInitialCap: the alias starts with an upper-case letter
	words []string // modeExact: the alias's tokens as written (punctuation tokens are "")
	upper []string // modeExact: the same in upper case
}

// accept is what a trie node that ends one or more aliases of one entry holds.
type accept struct {
	entry   int32
	aliases []alias
}

// matcher is a trie over normalised tokens. Token strings are interned to int32 ids; an edge
// below the root is a map entry keyed by (node, token id), the root's edges are a slice
// indexed by token id (every token of a text is looked up there, and half of them are in the
// vocabulary). Node 0 is the root.
type matcher struct {
	vocab    map[string]int32
	words    vocabTable // vocab for the text's tokens
	root     []int32    // root[id]: the root's child by token id, 0: none
	edges    map[uint64]int32
	accepts  []*accept // accepts[node]: the aliases that end at node, nil: none
	nodes    int32
	maxDepth int
	types    []string // per entry
	ids      []string // per entry
}

func edgeKey(node, tok int32) uint64 { return uint64(uint32(node))<<32 | uint64(uint32(tok)) }

// isHyphen reports the dash characters that join or separate words interchangeably with a space.
func isHyphen(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2212', '\uFE63', '\uFF0D':
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u2018', '\u02BC', '\u2032', '\uFF07', '`', '\u00B4':
		return true
	}
	return false
}

// nextToken returns the next token at or after byte i, or start == len(s) when none is left.
// Spaces, line breaks, hyphens and format characters separate tokens and are not tokens. ascii
// reports a word of ASCII letters and digits only.
func nextToken(s string, i int) (start, end int, kind tokKind, ascii bool) {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				break
			}
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '-' {
				i++
				continue
			}
			return i, i + 1, tokPunct, false
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i, i + 1, tokInvalid, false
		}
		if isWordRune(r) {
			break
		}
		if unicode.IsSpace(r) || isHyphen(r) || unicode.Is(unicode.Cf, r) {
			i += size
			continue
		}
		return i, i + size, tokPunct, false
	}
	start, ascii = i, true
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				i++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !isWordRune(r) {
			break
		}
		i += size
		ascii = false
	}
	return start, i, tokWord, ascii
}

// appendFold appends the normalised form of a token: words lower-cased with accents folded and
// combining marks dropped; apostrophe variants as "'"; other punctuation as is.
func appendFold(buf []byte, tok string, kind tokKind) []byte {
	if kind == tokPunct {
		r, _ := utf8.DecodeRuneInString(tok)
		if isApostrophe(r) {
			return append(buf, '\'')
		}
		return append(buf, tok...)
	}
	for i := 0; i < len(tok); {
		c := tok[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(tok[i:])
		i += size
		if unicode.IsMark(r) {
			continue
		}
		buf = utf8.AppendRune(buf, foldAccent(unicode.ToLower(r)))
	}
	return buf
}

// foldAccent maps common accented Latin letters (already lower-cased) to their base letter.
func foldAccent(r rune) rune {
	if r < 0xE0 || r > 0x17F {
		if r >= 0x218 && r <= 0x21B { // ș ț with comma below
			return commaBelowFold[r-0x218]
		}
		return r
	}
	if r <= 0xFF {
		return latin1Fold[r-0xE0]
	}
	return latinExtAFold[r-0x100]
}

// commaBelowFold covers U+0218..U+021B (Ș ș Ț ț).
var commaBelowFold = [4]rune{'s', 's', 't', 't'}

// latin1Fold covers U+00E0..U+00FF.
var latin1Fold = []rune("aaaaaaæceeeeiiiiðnooooo÷ouuuuyþy")

// latinExtAFold covers U+0100..U+017F (lower and upper case alternate; upper case never
// reaches here because the rune is lower-cased first, but the table is complete anyway).
var latinExtAFold = []rune("" +
	"aaaaaaccccccccdd" + // 0100-010F
	"ddeeeeeeeeeegggg" + // 0110-011F
	"gggghhhhiiiiiiii" + // 0120-012F
	"iiĳĳjjkkĸlllllll" + // 0130-013F
	"lllnnnnnnŉŋŋoooo" + // 0140-014F
	"ooœœrrrrrrssssss" + // 0150-015F
	"ssttttttuuuuuuuu" + // 0160-016F
	"uuuuwwyyyzzzzzzſ") // 0170-017F

// compile builds the trie and checks aliases across entries.
func compile(entries []Entry) (matcher, error) {
	m := matcher{
		vocab:   map[string]int32{},
		edges:   map[uint64]int32{},
		accepts: []*accept{nil},
		nodes:   1,
		types:   make([]string, len(entries)),
		ids:     make([]string, len(entries)),
	}
	type claim struct{ entry, line int }
	claimed := map[string]claim{}
	var buf []byte
	for ei, e := range entries {
		m.types[ei] = e.Type
		m.ids[ei] = e.ID
		forms := append([]string{e.Name}, e.Aliases...)
		for fi, form := range forms {
			line := e.nameLine
			if fi > 0 && fi-1 < len(e.aliasLines) {
				line = e.aliasLines[fi-1]
			}
			if line == 0 {
				line = e.Line
			}
			keys, a, err := compileAlias(form, &buf)
			if err != nil {
				return matcher{}, &LoadError{Line: line, Err: fmt.Errorf("%w: %q in entry %q: %v", ErrBadAlias, form, e.ID, err)}
			}
			joined := strings.Join(keys, "\x00")
			if c, ok := claimed[joined]; ok && c.entry != ei {
				return matcher{}, &LoadError{Line: line, Err: fmt.Errorf("%w: %q in entry %q is already claimed by entry %q at line %d",
					ErrDuplicateAlias, form, e.ID, entries[c.entry].ID, c.line)}
			} else if !ok {
				claimed[joined] = claim{ei, line}
			}
			node := int32(0)
			for _, k := range keys {
				id, ok := m.vocab[k]
				if !ok {
					id = int32(len(m.vocab))
					m.vocab[k] = id
				}
				child, ok := m.edges[edgeKey(node, id)]
				if !ok {
					child = m.nodes
					m.nodes++
					m.edges[edgeKey(node, id)] = child
					m.accepts = append(m.accepts, nil)
				}
				node = child
			}
			acc := m.accepts[node]
			if acc == nil {
				acc = &accept{entry: int32(ei)}
				m.accepts[node] = acc
			}
			acc.aliases = append(acc.aliases, a)
			m.maxDepth = max(m.maxDepth, len(keys))
		}
	}
	m.root = make([]int32, len(m.vocab))
	for k, child := range m.edges {
		if node, id := int32(k>>32), int32(uint32(k)); node == 0 {
			m.root[id] = child
		}
	}
	m.words = newVocabTable(m.vocab)
	return m, nil
}

// compileAlias tokenises one surface form: its normalised token keys and how to verify case.
func compileAlias(form string, buf *[]byte) ([]string, alias, error) {
	type tok struct {
		start, end int
		kind       tokKind
		key        string
	}
	var toks []tok
	for i := 0; ; {
		s, e, k, _ := nextToken(form, i)
		if s >= len(form) {
			break
		}
		i = e
		if k == tokInvalid {
			return nil, alias{}, fmt.Errorf("invalid UTF-8")
		}
		*buf = appendFold((*buf)[:0], form[s:e], k)
		if len(*buf) == 0 {
			return nil, alias{}, fmt.Errorf("a word of combining marks only")
		}
		toks = append(toks, tok{s, e, k, string(*buf)})
	}
	if len(toks) > 1 && toks[0].kind == tokWord && toks[0].key == "the" {
		toks = toks[1:]
	}
	if len(toks) == 0 {
		return nil, alias{}, fmt.Errorf("no words")
	}
	if len(toks) > maxAliasTokens {
		return nil, alias{}, fmt.Errorf("more than %d tokens", maxAliasTokens)
	}
	hasWord := false
	for _, t := range toks {
		hasWord = hasWord || t.kind == tokWord
	}
	if !hasWord {
		return nil, alias{}, fmt.Errorf("no words")
	}
	core := form[toks[0].start:toks[len(toks)-1].end]
	letters := 0
	for _, r := range core {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	oneWord := !strings.ContainsFunc(core, unicode.IsSpace)
	var a alias
	switch {
	case oneWord && letters <= 4:
		a.mode = modeExact
		a.words = make([]string, len(toks))
		a.upper = make([]string, len(toks))
		for i, t := range toks {
			if t.kind == tokWord {
				a.words[i] = form[t.start:t.end]
				a.upper[i] = strings.ToUpper(a.words[i])
			}
		}
	case oneWord:
		a.mode = modeInitialCap
		r, _ := utf8.DecodeRuneInString(core)
		a.cap = unicode.IsUpper(r)
	default:
		a.mode = modeFold
	}
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = t.key
	}
	return keys, a, nil
}

// token is one token of the text being searched.
type token struct {
	start, end int
	id         int32 // vocabulary id, -1 when the token occurs in no alias
	word       bool
}

// verify reports whether the text tokens satisfy the alias's case rule.
func (a *alias) verify(text string, toks []token) bool {
	switch a.mode {
	case modeInitialCap:
		if !a.cap {
			return true
		}
		r, _ := utf8.DecodeRuneInString(text[toks[0].start:])
		return unicode.IsUpper(r)
	case modeExact:
		asWritten, allCaps := true, true
		for i, t := range toks {
			if !t.word {
				continue
			}
			w := text[t.start:t.end]
			asWritten = asWritten && w == a.words[i]
			allCaps = allCaps && w == a.upper[i]
		}
		return asWritten || allCaps
	}
	return true
}

// tokenize appends the tokens of text to toks.
func (m *matcher) tokenize(toks []token, text string) []token {
	var arr [64]byte
	buf := arr[:0]
	for i := 0; ; {
		s, e, k, ascii := nextToken(text, i)
		if s >= len(text) {
			break
		}
		i = e
		id := int32(-1)
		if k != tokInvalid {
			buf, id = m.words.find(buf, text[s:e], k, ascii)
		}
		toks = append(toks, token{start: s, end: e, id: id, word: k == tokWord})
	}
	return toks
}

// vocabTable is the vocabulary of a matcher (normalised token -> id) as Find looks tokens up:
// a table of the one-byte tokens, and an open-addressing hash table for the others whose hash
// reads only the length and the two bytes at each end. It answers what the vocabulary map
// answers for appendFold of the token (TestVocabTableMatchesMap); the map's lookups were 0.61
// of the matcher's 1.34 s of CPU samples in a profile of a 100MB run.
type vocabTable struct {
	byte1 [utf8.RuneSelf]int32 // the id of each one-byte ASCII token, -1: none
	slots []int32              // 1 + id, 0: empty; the length is a power of two
	shift uint8                // 32 - log2(len(slots))
	keys  []string             // by id
}

// newVocabTable returns the table of vocab (normalised token -> id, ids 0..len-1).
func newVocabTable(vocab map[string]int32) vocabTable {
	bits := 4
	for 1<<bits < 4*len(vocab) {
		bits++
	}
	t := vocabTable{slots: make([]int32, 1<<bits), shift: uint8(32 - bits), keys: make([]string, len(vocab))}
	for k, id := range vocab {
		t.keys[id] = k
	}
	for id, k := range t.keys { // in id order: the table does not depend on the map's order
		i := t.slot(k)
		for t.slots[i] != 0 {
			i = (i + 1) & (len(t.slots) - 1)
		}
		t.slots[i] = int32(id) + 1
	}
	var buf []byte
	for c := range utf8.RuneSelf {
		kind := tokPunct
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			kind = tokWord
		}
		buf = appendFold(buf[:0], string(rune(c)), kind)
		t.byte1[c] = -1
		if id, ok := vocab[string(buf)]; ok {
			t.byte1[c] = id
		}
	}
	return t
}

// slot returns the first slot to probe for key k.
func (t *vocabTable) slot(k string) int {
	x := uint32(len(k))
	if n := len(k); n > 0 {
		x |= uint32(k[0])<<8 | uint32(k[n-1])<<16
		if n > 1 {
			x |= uint32(k[1]) << 24
			x ^= uint32(k[n-2]) << 4
		}
	}
	return int((x * 0x9E3779B1) >> t.shift)
}

// lookup returns the id of token tok of kind kind (not tokInvalid), -1 when it is in no
// alias. buf is scratch space for the normalised token, returned for reuse.
func (t *vocabTable) lookup(buf []byte, tok string, kind tokKind) ([]byte, int32) {
	if len(tok) == 1 && tok[0] < utf8.RuneSelf {
		return buf, t.byte1[tok[0]]
	}
	buf = appendFold(buf[:0], tok, kind)
	for i := t.slot(string(buf)); ; i = (i + 1) & (len(t.slots) - 1) {
		id := t.slots[i] - 1
		if id < 0 {
			return buf, -1
		}
		if t.keys[id] == string(buf) {
			return buf, id
		}
	}
}

// find returns the id of token tok of kind kind (not tokInvalid) and ascii, as nextToken gave
// them: lookup's answer. An ASCII word (letters and digits) has as normalised form (appendFold)
// its bytes ORed with 0x20 (letters lower-cased, digits as they are), and find computes its
// slot and compares it with the keys from those bytes, without writing the form out: appendFold
// was 0.16 of the matcher's 0.65 s of CPU samples in the lead's 100MB profile, and most tokens
// are in no alias.
func (t *vocabTable) find(buf []byte, tok string, kind tokKind, ascii bool) ([]byte, int32) {
	n := len(tok)
	if !ascii || n < 2 {
		return t.lookup(buf, tok, kind)
	}
	x := uint32(n) | uint32(tok[0]|0x20)<<8 | uint32(tok[n-1]|0x20)<<16 // as slot does
	x |= uint32(tok[1]|0x20) << 24
	x ^= uint32(tok[n-2]|0x20) << 4
	for i := int((x * 0x9E3779B1) >> t.shift); ; i = (i + 1) & (len(t.slots) - 1) {
		id := t.slots[i] - 1
		if id < 0 {
			return buf, -1
		}
		if k := t.keys[id]; len(k) == n && equalLower(k, tok) {
			return buf, id
		}
	}
}

// equalLower reports whether k equals the bytes of tok, of equal length, ORed with 0x20.
func equalLower(k, tok string) bool {
	i := 0
	for ; i+8 <= len(k); i += 8 {
		if load64(k, i) != load64(tok, i)|0x2020202020202020 {
			return false
		}
	}
	for ; i < len(k); i++ {
		if k[i] != tok[i]|0x20 {
			return false
		}
	}
	return true
}

// load64 returns s[i:i+8] as a little-endian word.
func load64(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// tokenPool holds token buffers of Find for reuse.
var tokenPool = sync.Pool{New: func() any { return new([]token) }}

// maxPooledTokens bounds the buffers kept in tokenPool (6 MiB).
const maxPooledTokens = 1 << 18

type candidate struct {
	first, last int // token range [first, last)
	start, end  int // byte span
	entry       int32
}

// Find returns the gazetteer entities in text, ordered by Start, non-overlapping. Where matches
// overlap, the longest span in bytes wins and, among equally long spans, the one that starts
// first. Find never panics; text need not be valid UTF-8.
func (g *Gazetteer) Find(text string) []Entity {
	if g == nil || len(g.m.edges) == 0 {
		return nil
	}
	m := &g.m
	pooled := tokenPool.Get().(*[]token)
	if cap(*pooled) < len(text)/6+1 { // about one token per six bytes
		*pooled = make([]token, 0, len(text)/6+1)
	}
	toks := m.tokenize((*pooled)[:0], text)
	defer func() {
		if cap(toks) <= maxPooledTokens {
			*pooled = toks
			tokenPool.Put(pooled)
		}
	}()
	var out []Entity
	// Candidates arrive ordered by first token. A cluster is a run of candidates whose token
	// ranges overlap transitively; the priority rule only ever compares candidates of one
	// cluster, so each cluster is settled on its own as soon as it closes.
	var cluster []candidate
	clusterEnd := 0 // token index past the cluster's furthest candidate
	var taken []bool
	for i := range toks {
		if len(cluster) > 0 && i >= clusterEnd {
			out, taken = m.settle(text, cluster, out, taken)
			cluster = cluster[:0]
		}
		node := int32(0)
		for j := i; j < len(toks) && j-i < m.maxDepth; j++ {
			id := toks[j].id
			if id < 0 {
				break
			}
			if node == 0 {
				node = m.root[id]
			} else {
				node = m.edges[edgeKey(node, id)] // 0 when there is no such edge
			}
			if node == 0 {
				break
			}
			acc := m.accepts[node]
			if acc == nil {
				continue
			}
			for k := range acc.aliases {
				if acc.aliases[k].verify(text, toks[i:j+1]) {
					cluster = append(cluster, candidate{first: i, last: j + 1, start: toks[i].start, end: toks[j].end, entry: acc.entry})
					clusterEnd = max(clusterEnd, j+1)
					break
				}
			}
		}
	}
	if len(cluster) > 0 {
		out, _ = m.settle(text, cluster, out, taken)
	}
	return out
}

// settle applies the priority rule to one cluster of overlapping candidates and appends the
// winners to out in text order. taken is scratch space, returned for reuse.
func (m *matcher) settle(text string, cluster []candidate, out []Entity, taken []bool) ([]Entity, []bool) {
	if len(cluster) == 1 {
		return append(out, m.entity(text, cluster[0])), taken
	}
	base := cluster[0].first
	span := 0
	for _, c := range cluster {
		span = max(span, c.last-base)
	}
	taken = slices.Grow(taken[:0], span)[:span]
	clear(taken)
	slices.SortStableFunc(cluster, func(a, b candidate) int {
		if la, lb := a.end-a.start, b.end-b.start; la != lb {
			return lb - la
		}
		return a.start - b.start
	})
	n := len(out)
	for _, c := range cluster {
		free := true
		for t := c.first; t < c.last && free; t++ {
			free = !taken[t-base]
		}
		if !free {
			continue
		}
		for t := c.first; t < c.last; t++ {
			taken[t-base] = true
		}
		out = append(out, m.entity(text, c))
	}
	slices.SortFunc(out[n:], func(a, b Entity) int { return a.Start - b.Start })
	return out, taken
}

func (m *matcher) entity(text string, c candidate) Entity {
	return Entity{
		Start: c.start, End: c.end, Text: text[c.start:c.end],
		Type: m.types[c.entry], CanonicalID: m.ids[c.entry], Source: SourceGazetteer,
	}
}
