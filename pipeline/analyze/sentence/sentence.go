package sentence

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/internal/roman"
)

// Span is one sentence: text[Start:End], with no whitespace at either end.
type Span struct{ Start, End int }

// Split returns the sentences of text as byte spans, in order.
//
// Its slice starts with room for one sentence per period, and one more: appending the spans to
// a nil slice grew it one, two, four spans at a time (growslice was a twentieth of the
// splitter's instructions on the 10MB bench corpus, 2.6 sentences a provision).
func Split(text string) []Span {
	spans := AppendSplit(make([]Span, 0, 1+strings.Count(text, ".")), text)
	if len(spans) == 0 {
		return nil // as appending to nil left it
	}
	return spans
}

// AppendSplit appends the sentences of text to dst and returns the extended slice. It
// allocates only when dst must grow.
func AppendSplit(dst []Span, text string) []Span {
	s := splitter{text: text, dst: dst, tok: -1, prevStart: -1}
	s.run()
	return s.dst
}

// splitter holds the state of one left-to-right pass.
type splitter struct {
	text string
	dst  []Span

	start   int  // start of the current sentence (may point at whitespace)
	content bool // the current sentence holds a non-space byte

	tok       int  // start of the current token (-1 before the first)
	lineStart bool // the current token is the first on its line
	// prevStart, prevEnd: the token before the current one (prevStart -1 when none).
	prevStart, prevEnd int

	mark marker // list marker that opened the current sentence, if any

	// slowSpaces turns off run's fast paths for white space: the single space, and skipping
	// spaceAt for ASCII bytes above ' ' (tests compare both).
	slowSpaces bool
}

// emit closes the current sentence at pos (trimmed of whitespace; dropped if empty) and
// starts the next one there.
func (s *splitter) emit(pos int) {
	if pos <= s.start {
		return
	}
	a, b := s.start, pos
	for a < b {
		sp, size := spaceAt(s.text, a)
		if !sp {
			break
		}
		a += size
	}
	for b > a {
		r, size := utf8.DecodeLastRuneInString(s.text[a:b])
		if !isSpace(r) {
			break
		}
		b -= size
	}
	if a < b {
		s.dst = append(s.dst, Span{a, b})
	}
	s.start = pos
	s.content = false
	s.mark = marker{}
}

func (s *splitter) run() {
	t := s.text
	n := len(t)
	i := 0
	newTok := true
	s.lineStart = true
	for i < n {
		c := t[i]
		// Fast path: one ASCII space between two ASCII non-space bytes, the
		// commonest white space, is what spaceRun would return as a run of
		// length 1 without line breaks (spaceAt and spaceRun took 20% of
		// BenchmarkSplit's CPU).
		if c == ' ' && i+1 < n && t[i+1] > ' ' && t[i+1] < utf8.RuneSelf && !s.slowSpaces {
			if s.tok >= 0 && s.tok < i {
				s.prevStart, s.prevEnd = s.tok, i
			}
			s.lineStart = s.tok < 0
			newTok = true
			i++
			continue
		}
		// An ASCII byte above ' ' is no space: spaceAt, not inlined, is asked only about the
		// others (it was called at the start of every token; slowSpaces asks it always).
		if c <= ' ' || c >= utf8.RuneSelf || s.slowSpaces {
			if sp, _ := spaceAt(t, i); sp {
				j, nl, _ := spaceRun(t, i)
				if nl >= 2 {
					s.emit(i) // a blank line always ends a sentence
				}
				if s.tok >= 0 && s.tok < i {
					s.prevStart, s.prevEnd = s.tok, i
				}
				s.lineStart = nl > 0 || s.tok < 0
				newTok = true
				i = j
				continue
			}
		}
		if newTok {
			newTok = false
			s.tok = i
			if !mayOpenItem(t, i, s.lineStart) {
				// Fall through: an ordinary word.
			} else if next, ok := s.tokenStart(i); ok {
				i = next
				continue
			}
		}
		s.content = true
		if wordByte[c] {
			// Fast path through the rest of an ASCII word.
			for i++; i < n && wordByte[t[i]]; i++ {
			}
			continue
		}
		switch {
		case c == '.' || c == '?' || c == '!':
			i = s.terminator(i)
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRuneInString(t[i:])
			if r == '…' || isExclaim(r) {
				i = s.terminator(i)
			} else {
				i += size
			}
		}
	}
	s.emit(n)
}

// wordByte[c] reports whether run's fast path through an ASCII word takes the byte c: ASCII
// above ' ', other than the terminators '.', '?' and '!' (one table lookup per byte instead of
// five comparisons; TestWordByte).
var wordByte = func() (t [256]bool) {
	for c := '!'; c < utf8.RuneSelf; c++ {
		t[c] = c != '.' && c != '?' && c != '!'
	}
	return t
}()

// mayOpenItem is a cheap filter for tokenStart: it is false for tokens that cannot be a
// heading, a bullet or a list marker (most words): a token that starts a line, a byte of a
// longer rune, '(' or a digit may; a letter may when a '.' or ')' follows, or when it and the
// next byte are both Roman digits. It reads the two bytes' classes from itemClass (the tests
// compare it with the comparisons it replaced on every pair of bytes).
func mayOpenItem(t string, p int, lineStart bool) bool {
	c := itemClass[t[p]]
	if lineStart || c&itemAlways != 0 {
		return true
	}
	if c&itemLetter == 0 || p+1 >= len(t) {
		return false
	}
	d := itemClass[t[p+1]]
	return d&itemClose != 0 || c&d&itemRoman != 0
}

// Bits of itemClass.
const (
	itemAlways = 1 << iota // a byte of a longer rune, '(' or a digit
	itemLetter             // an ASCII letter
	itemRoman              // a Roman digit of either case (roman.IsDigit)
	itemClose              // '.' or ')'
)

var itemClass = func() (t [256]uint8) {
	for c := range 256 {
		b := byte(c)
		switch {
		case b >= utf8.RuneSelf, b == '(', b >= '0' && b <= '9':
			t[c] = itemAlways
		case isASCIILetter(b):
			t[c] = itemLetter
		case b == '.', b == ')':
			t[c] = itemClose
		}
		if roman.IsDigit(b) {
			t[c] |= itemRoman
		}
	}
	return t
}()

// tokenStart looks at the token starting at p for structure that the punctuation alone
// does not show: headings, bullets and list markers. It reports whether it consumed the
// token's start, and where scanning resumes.
func (s *splitter) tokenStart(p int) (int, bool) {
	t := s.text
	atStart := !s.content
	if s.lineStart {
		if end, ok := headingLine(t, p); ok {
			s.emit(p)
			s.content = true
			s.emit(end)
			return end, true
		}
	}
	bsize := bulletAt(t, p, s.lineStart)
	q := p + bsize
	if bsize > 0 {
		for q < len(t) && (t[q] == ' ' || t[q] == '\t') {
			q++
		}
	}
	m, mend, mok := parseMarker(t, q)
	if bsize == 0 && !mok {
		return p, false
	}
	brk := false
	switch {
	case atStart:
	case s.lineStart:
		switch s.lineContext() {
		case ctxReference:
			if bsize == 0 {
				return p, false
			}
		case ctxOpen:
			brk = true
		}
	case bsize > 0:
		brk = true // an inline bullet always opens an item
	case s.afterJoiner():
		// "States shall: 1. refrain ...; 2. cooperate": items inside one sentence.
	case s.mark.ok && succeeds(s.mark, m) && !lowerAfter(t, mend):
		brk = true // "a. The first item b. The second item"
	case m.style == styleDotParen && !lowerAfter(t, mend):
		brk = true // "2.)" is a list marker wherever it stands
	default:
		return p, false
	}
	if brk {
		s.emit(p)
	}
	if (brk || atStart) && mok {
		s.mark = m
	}
	s.content = true
	if mok {
		return mend, true
	}
	s.tok = q
	return q, true
}

const (
	ctxOpen      = iota // the previous line ended a phrase: a list item there opens a sentence
	ctxJoined           // the previous line leads into the item (":", ";", ",", "and", a kept period)
	ctxReference        // the previous line ends in a reference word: the number continues it
)

// lineContext classifies the token that ended the previous line.
func (s *splitter) lineContext() int {
	if s.prevStart < 0 {
		return ctxOpen
	}
	w := s.text[s.prevStart:s.prevEnd]
	r, _ := utf8.DecodeLastRuneInString(w)
	switch r {
	case ':', ';', ',', '.', '?', '!', '…':
		return ctxJoined
	}
	var buf [maxAbbrev]byte
	key, ok := lowerKey(&buf, w)
	if !ok {
		return ctxOpen
	}
	if lineJoiners[key] {
		return ctxJoined
	}
	if lineReferences[key] {
		return ctxReference
	}
	return ctxOpen
}

// afterJoiner reports whether the previous token ends in ":" or ";", leading into an inline
// list item. ("and" is not enough inline: "you and I. Did ...").
func (s *splitter) afterJoiner() bool {
	if s.prevStart < 0 {
		return false
	}
	w := s.text[s.prevStart:s.prevEnd]
	c := w[len(w)-1]
	return c == ':' || c == ';'
}

// cluster is a run of terminal punctuation and the closing quotes and brackets after it.
type cluster struct {
	end        int  // after the closers
	dots       int  // periods, counting "…" as three
	exclaim    bool // holds "?" or "!"
	spaced     bool // periods separated by single spaces (". . .")
	attached   bool // the first mark follows a non-space character
	bracketed  bool // "[...]" or "(...)": an omission, not a terminator
	quoteClose bool // the closers hold a quotation mark
}

func scanCluster(t string, i int) cluster {
	n := len(t)
	cl := cluster{}
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(t[:i])
		cl.attached = !isSpace(r)
	}
	j := i
loop:
	for j < n {
		c := t[j]
		switch {
		case c == '.':
			cl.dots++
			j++
		case c == '?' || c == '!':
			cl.exclaim = true
			j++
		case c == ' ' && cl.dots > 0 && !cl.exclaim && j+1 < n && t[j+1] == '.' &&
			(j+2 == n || t[j+2] == ' ' || t[j+2] == '.' || isCloserByte(t[j+2])):
			cl.spaced = true
			j++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(t[j:])
			switch {
			case r == '…':
				cl.dots += 3
			case isExclaim(r):
				cl.exclaim = true
			default:
				break loop
			}
			j += size
		default:
			break loop
		}
	}
	if cl.dots == 3 && i > 0 && j < n && (t[i-1] == '[' && t[j] == ']' || t[i-1] == '(' && t[j] == ')') {
		cl.bracketed = true
	}
	for j < n {
		r, size := utf8.DecodeRuneInString(t[j:])
		if !isCloser(r) {
			break
		}
		if r != ')' && r != ']' && r != '}' {
			cl.quoteClose = true
		}
		j += size
	}
	cl.end = j
	return cl
}

// terminator decides whether the punctuation at i ends a sentence and returns where
// scanning resumes.
func (s *splitter) terminator(i int) int {
	t := s.text
	cl := scanCluster(t, i)
	k := cl.end
	if k >= len(t) {
		return len(t)
	}
	if sp, _ := spaceAt(t, k); !sp {
		return k // "U.S.A", "3.5", "Jr.'s", "example.com", "mean...see"
	}
	r, nl, glued := spaceRun(t, k)
	if nl >= 2 || glued {
		return k // a blank line breaks in run(); a no-break space glues ("p.\u00a055")
	}
	nx := lookNext(t, r)
	if brk, pos := s.decide(i, cl, nx); brk {
		s.emit(pos)
		if pos < k {
			s.content = true
		}
	}
	return k
}

// decide applies the boundary rules to the cluster at i followed by nx. pos is where the
// sentence ends when brk is true.
func (s *splitter) decide(i int, cl cluster, nx next) (brk bool, pos int) {
	k := cl.end
	if cl.exclaim {
		return nx.kind != kLower, k // "Yahoo! in" stays
	}
	switch {
	case cl.dots >= 4:
		if nx.kind != kUpper {
			return false, k
		}
		if cl.attached && cl.spaced {
			return true, i + 1 // "compounds. . . . The": the period ends it, ". . ." opens the next
		}
		return true, k // "period . . . . Next", "that.... She"
	case cl.dots == 3:
		if cl.bracketed || cl.spaced {
			return false, k // "[...]" and ". . ." mark omissions inside a sentence
		}
		return nx.kind == kUpper, k
	}
	if cl.quoteClose && nx.paren {
		return false, k // a citation after a quotation: “... complex.” (Smith 55).
	}
	t := s.text
	w := trimWord(t[s.tok:i])
	if j := strings.LastIndexByte(w, '/'); j >= 0 {
		w = w[j+1:] // the last part of a document symbol: "A/70/10/Add" -> "Add"
	}
	switch wordClass(w) {
	case clsNever:
		return false, k
	case clsRef, clsRefRoman:
		if nx.kind != kUpper || nx.marker || looksRef(nx, wordClass(w) == clsRefRoman) {
			return false, k
		}
		return true, k
	case clsAmbiguous:
		return nx.kind == kUpper && !nx.marker && isStarter(nx.word), k
	}
	if nx.marker {
		return true, k
	}
	return nx.kind != kLower, k
}

// trimWord strips leading characters that are neither letters nor digits: "(p" -> "p",
// "“U.S" -> "U.S", "⁃9" -> "9".
func trimWord(w string) string {
	for len(w) > 0 {
		r, size := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		w = w[size:]
	}
	return w
}

// wordClass classifies the word before a period.
func wordClass(w string) uint8 {
	if w == "" {
		return clsNormal
	}
	if len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
		return clsAmbiguous // an initial: "Jonas E. Smith", "you and I. Did"
	}
	var buf [maxAbbrev]byte
	if key, ok := lowerKey(&buf, w); ok {
		if c, found := abbrevClass[key]; found {
			return c
		}
	}
	if len(w) == 1 && w[0] >= 'a' && w[0] <= 'z' {
		return clsAmbiguous
	}
	if isInitialism(w) {
		return clsAmbiguous // "U.S", "E.U", "U.S.A", "a.m"
	}
	return clsNormal
}

// isInitialism reports whether w is single ASCII letters joined by periods: "U.S.A".
func isInitialism(w string) bool {
	if len(w) < 3 || len(w)%2 == 0 {
		return false
	}
	for j := 0; j < len(w); j++ {
		c := w[j]
		if j%2 == 1 {
			if c != '.' {
				return false
			}
		} else if !isASCIILetter(c) {
			return false
		}
	}
	return true
}

// lowerKey ASCII-lowercases w into buf; ok is false when w is too long to be a table key.
func lowerKey(buf *[maxAbbrev]byte, w string) (string, bool) {
	if len(w) == 0 || len(w) > maxAbbrev {
		return "", false
	}
	for j := 0; j < len(w); j++ {
		c := w[j]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[j] = c
	}
	return string(buf[:len(w)]), true
}

const (
	kEnd = iota
	kLower
	kUpper
	kDigit
	kOther
)

// next describes the token after a candidate boundary.
type next struct {
	kind   int
	paren  bool   // opens with "(" or "["
	marker bool   // is a list marker such as "(b)" or "2."
	tok    string // the token with opening punctuation removed, at most maxNextTok bytes
	word   string // the leading letters of tok
}

const maxNextTok = 32

func lookNext(t string, r int) next {
	var nx next
	if r >= len(t) {
		return nx
	}
	if m, _, ok := parseMarker(t, r); ok && (m.style == styleParen || m.style == styleDotParen) {
		nx.marker = true
	}
	nx.paren = t[r] == '(' || t[r] == '['
	j := r
	for skipped := 0; j < len(t) && skipped < 4; skipped++ {
		rr, size := utf8.DecodeRuneInString(t[j:])
		if !isOpener(rr) {
			break
		}
		j += size
	}
	if j >= len(t) {
		nx.kind = kOther
		return nx
	}
	first, _ := utf8.DecodeRuneInString(t[j:])
	switch {
	case unicode.IsUpper(first) || unicode.IsTitle(first):
		nx.kind = kUpper
	case unicode.IsLower(first):
		nx.kind = kLower
	case unicode.IsDigit(first):
		nx.kind = kDigit
	default:
		nx.kind = kOther
	}
	// The token and its leading letters, an ASCII byte at a time without decoding it (the
	// decoding was most of lookNext's instructions).
	e := j
	for e < len(t) && e-j < maxNextTok {
		if c := t[e]; c < utf8.RuneSelf {
			if asciiSpace[c] {
				break
			}
			e++
			continue
		}
		rr, size := utf8.DecodeRuneInString(t[e:])
		if isSpace(rr) {
			break
		}
		e += size
	}
	nx.tok = t[j:e]
	w := 0
	for w < len(nx.tok) {
		if c := nx.tok[w]; c < utf8.RuneSelf {
			if !isASCIILetter(c) {
				break
			}
			w++
			continue
		}
		rr, size := utf8.DecodeRuneInString(nx.tok[w:])
		if !unicode.IsLetter(rr) {
			break
		}
		w += size
	}
	nx.word = nx.tok[:w]
	return nx
}

// looksRef reports whether nx continues a reference: a number, a document symbol
// ("A/RES/70/237") or a Roman numeral ("II", and "I" when romanI).
func looksRef(nx next, romanI bool) bool {
	if nx.kind == kDigit {
		return true
	}
	for j := 0; j < len(nx.tok); j++ {
		if c := nx.tok[j]; c == '/' || c >= '0' && c <= '9' {
			return true
		}
	}
	if nx.word == "" || len(nx.word) < len(nx.tok) && isASCIILetter(nx.tok[len(nx.word)]) {
		return false
	}
	if len(nx.word) < len(nx.tok) && nx.tok[len(nx.word)] == '.' {
		if c := wordClass(nx.word); c == clsRef || c == clsRefRoman {
			return true // a chained prefix: "Doc. No. 12"
		}
	}
	if len(nx.word) == 1 {
		// A lettered item ("par. g", "par. E)"); "A" and "I" are words unless punctuation
		// follows at once ("Annex A,") or the prefix takes Roman numerals ("Vol. I").
		switch {
		case nx.word == "I" && romanI:
			return true
		case nx.word == "A" || nx.word == "I":
			return len(nx.tok) > 1
		}
		return true
	}
	v, _ := romanValue(nx.word)
	return v > 0
}

func isStarter(word string) bool {
	var buf [maxAbbrev]byte
	key, ok := lowerKey(&buf, word)
	return ok && sentenceStarters[key]
}

// lowerAfter reports whether the first letter after the spaces at j is lowercase.
func lowerAfter(t string, j int) bool {
	for lim := 0; j < len(t) && lim < 16; lim++ {
		r, size := utf8.DecodeRuneInString(t[j:])
		if !isSpace(r) {
			return unicode.IsLower(r)
		}
		j += size
	}
	return false
}

// headingLine reports whether the line starting at p is a heading on its own ("Article 5",
// "ANNEX", "Chapter IV.", "II. GENERAL PROVISIONS") and returns the end of the line.
func headingLine(t string, p int) (int, bool) {
	e, ok := shortLineEnd(t, p)
	if !ok {
		return 0, false
	}
	line := t[p:e]
	if isCapsLine(line) {
		return e, true
	}
	// Split into at most two fields.
	f1 := line
	rest := ""
	for j := 0; j < len(line); j++ {
		if line[j] == ' ' || line[j] == '\t' {
			f1, rest = line[:j], line[j:]
			break
		}
	}
	for len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
		rest = rest[1:]
	}
	for len(rest) > 0 && (rest[len(rest)-1] == ' ' || rest[len(rest)-1] == '\t') {
		rest = rest[:len(rest)-1]
	}
	var buf [maxAbbrev]byte
	key, ok := lowerKey(&buf, f1)
	if !ok || !headingWords[key] {
		return 0, false
	}
	if rest == "" {
		return e, headingAlone[key]
	}
	if rest[len(rest)-1] == '.' {
		rest = rest[:len(rest)-1]
	}
	if rest == "" || len(rest) > 8 {
		return 0, false
	}
	digits := true
	for j := 0; j < len(rest); j++ {
		if rest[j] < '0' || rest[j] > '9' {
			digits = false
			break
		}
	}
	if digits {
		return e, true
	}
	if len(rest) == 1 && isASCIILetter(rest[0]) {
		return e, true
	}
	v, _ := romanValue(rest)
	return e, v > 0
}

// maxHeading is the longest line headingLine takes, in bytes.
const maxHeading = 64

// shortLineEnd returns the end of the line starting at p (its first '\n' or '\r', or the
// text's end), and false when the line is longer than maxHeading bytes. It looks for the two
// bytes with IndexByte in a window of maxHeading+1 bytes (a byte at a time, this search was
// most of tokenStart's instructions: a provision's first token starts a line, and most
// provisions are one line); FuzzShortLineEnd compares it with that loop.
func shortLineEnd(t string, p int) (int, bool) {
	win := t[p:min(len(t), p+maxHeading+1)]
	k := strings.IndexByte(win, '\n')
	if k >= 0 {
		win = win[:k]
	}
	if r := strings.IndexByte(win, '\r'); r >= 0 {
		k = r
	}
	switch {
	case k >= 0:
		return p + k, true
	case len(win) > maxHeading:
		return 0, false
	}
	return p + len(win), true
}

// isCapsLine reports whether line is written in capitals ("GENERAL PROVISIONS",
// "I. INTRODUCTION"): at least four letters, none lowercase, no sentence boundary after
// the first word, not ending in a mark that leads on (",", ";", ":").
func isCapsLine(line string) bool {
	letters := 0
	firstSpace := -1
	for j, r := range line {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsLetter(r):
			letters++
		case r == ' ' && firstSpace < 0:
			firstSpace = j
		case (r == '.' || r == '?' || r == '!') && firstSpace >= 0 && j+1 < len(line) && line[j+1] == ' ':
			return false // two capitalised sentences, not a heading
		}
	}
	if letters < 4 {
		return false
	}
	for len(line) > 0 && (line[len(line)-1] == ' ' || line[len(line)-1] == '\t') {
		line = line[:len(line)-1]
	}
	c := line[len(line)-1]
	return c != ',' && c != ';' && c != ':'
}

// bulletAt returns the byte size of a bullet at p, or 0. "-", "*" and dashes count only at
// the start of a line and before a space.
func bulletAt(t string, p int, lineStart bool) int {
	c := t[p]
	if c < utf8.RuneSelf {
		if lineStart && (c == '-' || c == '*') && p+1 < len(t) && (t[p+1] == ' ' || t[p+1] == '\t') {
			return 1
		}
		return 0
	}
	r, size := utf8.DecodeRuneInString(t[p:])
	switch r {
	case '•', '‣', '◦', '⁃', '▪', '●', '■', '□', '◆', '►', '▸', '∙':
		return size
	case '–', '—':
		if lineStart && p+size < len(t) && (t[p+size] == ' ' || t[p+size] == '\t') {
			return size
		}
	}
	return 0
}

// Whitespace and punctuation classes.

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'
	}
	return unicode.IsSpace(r)
}

// asciiSpace[c] is isSpace(rune(c)) for an ASCII byte c (TestASCIISpace).
var asciiSpace = func() (t [utf8.RuneSelf]bool) {
	for _, c := range []byte(" \t\n\r\v\f") {
		t[c] = true
	}
	return t
}()

// spaceAt reports whether a whitespace rune starts at i, and its size.
func spaceAt(t string, i int) (bool, int) {
	c := t[i]
	if c < utf8.RuneSelf {
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f', 1
	}
	r, size := utf8.DecodeRuneInString(t[i:])
	return unicode.IsSpace(r), size
}

// spaceRun scans the whitespace starting at i. It returns its end, the number of line
// breaks in it (a paragraph separator counts two) and whether it consists only of
// no-break spaces.
func spaceRun(t string, i int) (end, newlines int, glued bool) {
	glued = true
	for i < len(t) {
		c := t[i]
		if c < utf8.RuneSelf {
			switch c {
			case '\n':
				newlines++
			case '\r':
				if i+1 >= len(t) || t[i+1] != '\n' {
					newlines++
				}
			case ' ', '\t', '\v', '\f':
			default:
				return i, newlines, glued
			}
			glued = false
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(t[i:])
		if !unicode.IsSpace(r) {
			break
		}
		switch r {
		case '\u00a0', '\u202f', '\u2007':
		case '\u2029':
			newlines += 2
			glued = false
		case '\u2028', '\u0085':
			newlines++
			glued = false
		default:
			glued = false
		}
		i += size
	}
	return i, newlines, glued
}

func isExclaim(r rune) bool {
	switch r {
	case '?', '!', '‼', '⁇', '⁈', '⁉':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '}':
		return true
	}
	return false
}

func isCloserByte(c byte) bool {
	return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c >= utf8.RuneSelf
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '„', '‚', '«', '‹', '(', '[', '{', '¿', '¡':
		return true
	}
	return false
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
