package segment

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/corpus"
)

// line is one cleaned input line.
type line struct {
	text      string // cleaned: no control characters, single spaces, trimmed
	num       int    // 1-based line of the raw input
	pageBreak bool   // a form feed came before this line on the same or an earlier raw line
	soft      bool   // the line ended in a soft hyphen (U+00AD) right after a letter
	furniture bool   // page header or footer, dropped
}

// para is one paragraph of the normalised text.
type para struct {
	text  string
	line  int // raw line of its first line
	start int // byte offset in the normalised text
	// filled in by the segmenter
	m       marker
	marked  bool
	heading bool
}

func (p *para) end() int { return p.start + len(p.text) }

// Normalize returns the normalised text of raw (see the package documentation) and the warnings
// met on the way. It is the Text of Segment's Result.
func Normalize(raw string) (string, []corpus.Warning) {
	_, text, warns := normalize(raw)
	return text, warns
}

// normalize splits raw into cleaned lines, drops page furniture and builds paragraphs; it
// returns them with the normalised text (the paragraphs joined by "\n"), of which each
// paragraph's text is a substring.
func normalize(raw string) ([]para, string, []corpus.Warning) {
	lines, warns := splitLines(raw)
	markFurniture(lines)
	markRunningTitles(lines)
	paras, text := buildParas(lines)
	return paras, text, warns
}

// splitLines splits raw into lines on \n, \r\n and \r (each counts as one raw line), and on
// form feeds and U+2028/U+2029 (which do not advance the raw line number), cleaning each line.
//
// A line whose cleaning changes nothing but its outer spaces (most lines) is a substring of raw:
// its bytes are copied into b only from the first change on (dirty), so the common line costs
// neither a copy nor an allocation. Copying every line into b and then into a string was most
// of splitLines' time. TestNormalizeMatchesRef and FuzzNormalizeMatchesRef compare it with the
// version that copied (normalize_ref_test.go).
func splitLines(raw string) ([]line, []corpus.Warning) {
	raw = strings.TrimPrefix(raw, "\uFEFF")
	nl := strings.Count(raw, "\n")
	if nl == 0 {
		nl = strings.Count(raw, "\r")
	}
	lines := make([]line, 0, nl+1)
	var (
		warns []corpus.Warning
		// The cleaned line so far is raw[start:i] until dirty, then b.
		b         []byte
		start     int
		dirty     bool
		num       = 1
		ff        bool
		soft      bool
		lastSpace = true
		badN      int
		badLine   int
		ctrlN     int
		ctrlLine  int
	)
	// size is the length of the cleaned line so far, i the offset of the next raw byte.
	size := func(i int) int {
		if dirty {
			return len(b)
		}
		return i - start
	}
	// flush ends the line before raw[i]; the next line starts at next.
	flush := func(i, next int) {
		var t string
		if dirty {
			t = string(bytes.TrimRight(b, " "))
		} else {
			t = strings.TrimRight(raw[start:i], " ")
		}
		lines = append(lines, line{text: t, num: num, pageBreak: ff, soft: soft && t != ""})
		if t != "" {
			ff = false
		}
		b = b[:0]
		start, dirty = next, false
		soft = false
		lastSpace = true
	}
	// change makes the line dirty before raw[i], which cleaning changes.
	change := func(i int) {
		if !dirty {
			b = append(b, raw[start:i]...)
			dirty = true
		}
	}
	// drop removes raw[i:next] from the line: at the start of a clean line the line starts after it.
	drop := func(i, next int) {
		if !dirty && start == i {
			start = next
			return
		}
		change(i)
	}
	// space puts a space for the white space raw[i:next] (keeping raw[i] when it is ' ').
	space := func(i, next int) {
		switch {
		case lastSpace:
			drop(i, next)
		case raw[i] == ' ' && next == i+1:
			if dirty {
				b = append(b, ' ')
			}
			lastSpace = true
		default:
			change(i)
			b = append(b, ' ')
			lastSpace = true
		}
	}
	// put replaces raw[i:...] with s.
	put := func(i int, s string) {
		change(i)
		b = append(b, s...)
		lastSpace = false
		soft = false
	}
	for i := 0; i < len(raw); {
		c := raw[i]
		if printable[c] {
			// fast path: a run of printable ASCII, with single spaces between (what space
			// does with a space after a printable byte: keeps it)
			j := i + 1
			for j < len(raw) {
				if j+8 <= len(raw) && plainWord(load8(raw, j)) {
					j += 8 // eight bytes that the cases below would take one by one
				} else if printable[raw[j]] {
					j++
				} else if raw[j] == ' ' && j+1 < len(raw) && printable[raw[j+1]] {
					j += 2
				} else {
					break
				}
			}
			if dirty {
				b = append(b, raw[i:j]...)
			}
			lastSpace, soft = false, false
			i = j
			continue
		}
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				flush(i, i+1)
				num++
			case c == '\r':
				next := i + 1
				if next < len(raw) && raw[next] == '\n' {
					next++
				}
				flush(i, next)
				num++
				i = next
				continue
			case c == '\f':
				if size(i) > 0 {
					flush(i, i+1)
				} else {
					drop(i, i+1)
				}
				ff = true
			case c == ' ' || c == '\t':
				space(i, i+1)
			default: // the other C0 controls and DEL
				if ctrlN == 0 {
					ctrlLine = num
				}
				ctrlN++
				drop(i, i+1)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(raw[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			if badN == 0 {
				badLine = num
			}
			badN++
			put(i, "\uFFFD")
		case r == '\u2018' || r == '\u2019' || r == '\u201A' || r == '\u201B':
			put(i, "'")
		case r == '\u201C' || r == '\u201D' || r == '\u201E' || r == '\u201F':
			put(i, `"`)
		case r == '\u2010' || r == '\u2011':
			put(i, "-")
		case r == '\u00AD':
			if !lastSpace {
				soft = true
			}
			drop(i, i+n)
		case r == '\u200B' || r == '\u2060' || r == '\uFEFF':
			// zero-width characters: dropped
			drop(i, i+n)
		case r == '\u2028' || r == '\u2029':
			flush(i, i+n)
		case r >= 0x80 && r <= 0x9f:
			if ctrlN == 0 {
				ctrlLine = num
			}
			ctrlN++
			drop(i, i+n)
		case unicode.IsSpace(r):
			space(i, i+n)
		default:
			soft = false
			lastSpace = false
			if dirty {
				b = append(b, raw[i:i+n]...)
			}
		}
		i += n
	}
	if size(len(raw)) > 0 {
		flush(len(raw), len(raw))
	}
	if badN > 0 {
		warns = append(warns, corpus.Warning{Line: badLine,
			Msg: fmt.Sprintf("segment: invalid UTF-8: %d byte(s) replaced with U+FFFD", badN)})
	}
	if ctrlN > 0 {
		warns = append(warns, corpus.Warning{Line: ctrlLine,
			Msg: fmt.Sprintf("segment: removed %d control character(s)", ctrlN)})
	}
	return lines, warns
}

// load8 returns raw[j:j+8] as a little-endian word.
func load8(raw string, j int) uint64 {
	b := raw[j : j+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// plainWord reports whether the eight bytes of x (little-endian) are all taken by
// splitLines' fast path one by one: printable ASCII, or a space whose next byte is printable
// ASCII within x. It tests the eight at once (the byte-by-byte loop was most of splitLines'
// time); TestPlainWord and FuzzNormalizeMatchesRef check it.
func plainWord(x uint64) bool {
	const (
		lo = 0x0101010101010101
		hi = 0x8080808080808080
	)
	low7 := x &^ hi
	// high bit of each byte: the byte is in 0x21..0x7e
	graphic := (low7 + (0x80-0x21)*lo) &^ (low7 + lo) &^ x & hi
	// high bit of each byte: the byte is a space (exact zero-byte test of x^' ')
	y := x ^ 0x20*lo
	space := ^((y&^hi + 0x7f*lo) | y) & hi
	return graphic|space == hi && space&(space>>8) == 0 && space>>63 == 0
}

// printable[c] reports whether c is printable ASCII other than the space.
var printable = func() (t [256]bool) {
	for c := '!'; c < 0x7f; c++ {
		t[c] = true
	}
	return t
}()

// ---- page furniture ----

func markFurniture(lines []line) {
	for i := range lines {
		lines[i].furniture = isFurniture(lines[i].text)
	}
}

// isFurniture reports whether a whole line is a page header or footer: a document symbol alone
// or with a running title, or a line made only of job numbers, symbols, page numbers
// ("3", "- 3 -", "Page 3", "3/12", "Page 3 of 12"), language codes "(E)", dates "210911" and
// barcodes "*1500563*".
func isFurniture(s string) bool {
	if s == "" || len(s) > 160 {
		return false
	}
	// A document symbol holds two slashes and a page fraction one: in a line without a slash
	// (most lines) no token is either, and the first and last tokens are not looked at.
	slash := strings.IndexByte(s, '/') >= 0
	if slash {
		// s has single spaces and no outer spaces (see splitLines)
		first, last := s, s[strings.LastIndexByte(s, ' ')+1:]
		if i := strings.IndexByte(s, ' '); i >= 0 {
			first = s[:i]
		}
		if isSymbol(first) || isSymbol(last) {
			if first == s || (countWords(s, 21) <= 20 && !endsTerminal(s)) {
				return true
			}
		}
	}
	strong := false
	for rest, more := s, true; more; {
		// the tokens of s, split at its spaces as strings.SplitSeq splits (that iterator here
		// was half of isFurniture's time: most lines stop at their first token)
		t := rest
		if i := strings.IndexByte(rest, ' '); i >= 0 {
			t, rest = rest[:i], rest[i+1:]
		} else {
			more = false
		}
		// Each case below takes only tokens whose first byte furnitureStart holds (a symbol's,
		// a capital, only with a slash): a word of prose fails here, not after every case.
		if t == "" || !furnitureStart[t[0]] && !(slash && 'A' <= t[0] && t[0] <= 'Z') {
			return false
		}
		switch {
		case isSymbol(t), isJobNumber(t), isBarcode(t), isPageFraction(t):
			strong = true
		case isDigits(strings.Trim(t, "-")) && len(strings.Trim(t, "-")) <= 4:
			strong = true
		case isDigits(t) && len(t) == 6: // date stamp after a job number
		case t == "-" || t == "\u2013" || t == "\u2014":
		case len(t) == 3 && t[0] == '(' && t[2] == ')' && t[1] >= 'A' && t[1] <= 'Z':
		case strings.EqualFold(t, "page"), strings.EqualFold(t, "of"):
		default:
			return false
		}
	}
	return strong
}

// furnitureStart[c] reports whether a token of a furniture line other than a document symbol
// may start with the byte c: a digit (page and job numbers, fractions, dates), '-' ("- 3 -"),
// '*' (barcodes), '(' ("(E)"), 0xE2 (en and em dashes), or the first letter of "page" or "of"
// (strings.EqualFold folds no other rune to an ASCII p or o; TestFurnitureStart checks every
// first rune against isFurnitureRef).
var furnitureStart = func() (t [256]bool) {
	for _, c := range []byte("0123456789-*(\xe2pPoO") {
		t[c] = true
	}
	return t
}()

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isSymbol matches UN document symbols such as A/69/723, A/RES/70/237, E/CN.4/2005/L.10,
// S/2015/1: at least three slash-separated parts, the first 1-6 capital letters, the others
// letters, digits, dots or hyphens, one part all digits. A trailing "*" is allowed.
func isSymbol(t string) bool {
	t = strings.TrimRight(t, "*")
	if len(t) < 5 || len(t) > 40 || t[0] < 'A' || t[0] > 'Z' || strings.Count(t, "/") < 2 {
		return false
	}
	digitPart := false
	part, first := 0, true // length of the current part; whether it is the first
	allDigits := true
	for i := 0; i <= len(t); i++ {
		if i == len(t) || t[i] == '/' {
			if part == 0 {
				return false
			}
			digitPart = digitPart || allDigits
			part, first, allDigits = 0, false, true
			continue
		}
		c := t[i]
		switch {
		case first && (c < 'A' || c > 'Z' || part >= 6):
			return false
		case c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '.' || c == '-':
			allDigits = false
		default:
			return false
		}
		part++
	}
	return digitPart
}

// isJobNumber matches UN job numbers such as 15-00563.
func isJobNumber(t string) bool {
	return len(t) == 8 && t[2] == '-' && isDigits(t[:2]) && isDigits(t[3:])
}

func isBarcode(t string) bool {
	return len(t) >= 3 && t[0] == '*' && t[len(t)-1] == '*' && isDigits(t[1:len(t)-1])
}

func isPageFraction(t string) bool {
	i := strings.IndexByte(t, '/')
	return i > 0 && len(t) <= 9 && isDigits(t[:i]) && isDigits(t[i+1:])
}

// markRunningTitles drops short lines repeated three or more times next to page boundaries
// (a form feed or a furniture line, within two text lines).
func markRunningTitles(lines []line) {
	const reach = 2 // text lines on each side of a boundary
	const scan = 6  // lines looked at on each side, to stay linear
	const short = 100
	adj := make([]bool, len(lines))
	text := func(j int) bool { return lines[j].text != "" && !lines[j].furniture }
	any := false
	for b := range lines {
		if !lines[b].furniture && !lines[b].pageBreak {
			continue
		}
		for j, n := b, 0; j < len(lines) && j < b+scan && n < reach; j++ {
			if text(j) {
				adj[j] = len(lines[j].text) <= short
				any = any || adj[j]
				n++
			}
		}
		for j, n := b-1, 0; j >= 0 && j > b-scan && n < reach; j-- {
			if text(j) {
				adj[j] = len(lines[j].text) <= short
				any = any || adj[j]
				n++
			}
		}
	}
	if !any {
		return
	}
	count := map[string]int{}
	for j := range lines {
		if adj[j] {
			count[lines[j].text]++
		}
	}
	for j := range lines {
		if adj[j] && count[lines[j].text] >= 3 {
			lines[j].furniture = true
		}
	}
}

// ---- paragraphs ----

// wrapWidth estimates the width a hard-wrapped text was wrapped at: the 90th percentile of the
// lengths of lines of 20 to 200 bytes. It returns 0 when the text does not look hard-wrapped
// (fewer than four such lines, or more than a fifth of the text lines longer than 200 bytes).
func wrapWidth(lines []line) int {
	var hist [201]int
	n, long := 0, 0
	for _, l := range lines {
		if l.furniture || l.text == "" {
			continue
		}
		switch k := len(l.text); {
		case k > 200:
			long++
		case k >= 20:
			hist[k]++
			n++
		}
	}
	if n < 4 || long*5 > n+long {
		return 0
	}
	need := n - n*9/10
	for k := 200; k >= 20; k-- {
		need -= hist[k]
		if need <= 0 {
			return k
		}
	}
	return 0
}

// buildParas joins lines into paragraphs and returns them with the normalised text. The
// paragraphs are written one after the other, "\n" between them, into one buffer the size of
// the lines, which becomes the text; each paragraph's text is then a substring of it (a string
// per paragraph, and joining them, was a third of buildParas' time).
func buildParas(lines []line) ([]para, string) {
	w := wrapWidth(lines)
	// next[i]: index of the next text line after i, and whether a blank line or page boundary lies between.
	next := make([]int, len(lines))
	gap := make([]bool, len(lines))
	nx, g := -1, false
	for i := len(lines) - 1; i >= 0; i-- {
		next[i], gap[i] = nx, g
		l := lines[i]
		switch {
		case l.furniture || l.text == "":
			g = true
		default:
			nx, g = i, false
		}
		if l.pageBreak {
			g = true
		}
	}
	var dict *hyphenDict
	for _, l := range lines {
		if !l.furniture && strings.HasSuffix(l.text, "-") {
			dict = newHyphenDict(lines)
			break
		}
	}

	n := 0 // the text's length is at most this: each line and one separator
	for _, l := range lines {
		if !l.furniture && l.text != "" {
			n += len(l.text) + 1
		}
	}
	var (
		paras       []para
		out         = make([]byte, 0, n) // the normalised text
		pstart      int                  // where the open paragraph starts in out
		open        bool
		curLine     int
		curHeading  bool
		curAnnex    bool // the open paragraph is a long annex heading, which may wrap
		markerOnly  bool // the open paragraph is only a (non-word) marker
		wordOnly    bool // the open paragraph is only a word marker ("Article 5")
		prev        string
		prevSoft    bool
		blank       bool // blank line seen since the last text line
		boundary    bool // page boundary seen since the last text line
		afterText   = false
		prevEndTerm = true // endsTerminal(prev) once a paragraph is open (computed once per line)
		// lastVal is the value of the last marker of each style that started a paragraph, to
		// tell a wrapped line that happens to begin with "(2)" or "7." from a new item.
		lastVal = make(styleVals, 0, 8)
	)
	flush := func() {
		if open {
			paras = append(paras, para{line: curLine, start: pstart})
		}
		open = false
	}
	for i, l := range lines {
		if l.pageBreak {
			boundary = true
		}
		if l.furniture {
			boundary = true
			continue
		}
		if l.text == "" {
			blank = true
			continue
		}
		m, mk := parseMarker(l.text)
		nextLower := false
		if j := next[i]; j >= 0 && !gap[i] {
			nextLower = startsLower(lines[j].text)
		}
		// A line that fills the measure and runs straight into the next line is a wrapped
		// sentence, not a heading, however capitalised ("\"The Program\" refers to any ... under
		// this\nLicense. Each ...").
		fullAndRunsOn := w > 0 && len(l.text) >= w*8/10 && next[i] >= 0 && !gap[i]
		heading := !mk && (!afterText || blank || prevEndTerm || curHeading || wordOnly) && !nextLower && !fullAndRunsOn && headingLine(l.text)
		newPara := !open
		joinAnnex := false
		if open {
			switch {
			case curAnnex && !blank && !boundary && !mk && !prevEndTerm && headingLine(l.text):
				// a wrapped "Annex to the letter dated ... from the Permanent\nRepresentatives ..." heading
				joinAnnex = true
			case markerOnly:
				newPara = mk
			case wordOnly, curHeading, heading:
				newPara = true
			case mk:
				// A marker starts a new item after a blank line or page boundary, after a line
				// that ends a sentence or clause, or when it continues its own sequence; otherwise
				// it is a wrapped line that begins with a number ("... under section\n7. This ...").
				newPara = !crossRef(prev) && (blank || boundary || prevEndTerm || inSequence(m, lastVal))
			case blank && boundary:
				newPara = !(startsLower(l.text) || (!prevEndTerm && !headingText(l.text)))
			case blank:
				newPara = true
			case len(prev) > 200:
				newPara = prevEndTerm
			case prevEndTerm && !strings.HasSuffix(prev, "-"):
				// a sentence ends at the line end: a paragraph break unless the line was full
				newPara = w == 0 || len(prev) < w*8/10
			}
		}
		if newPara {
			flush()
			open = true
			curLine = l.num
			if len(paras) > 0 {
				out = append(out, '\n')
			}
			pstart = len(out)
			out = append(out, l.text...)
		} else {
			out = joinLine(out, pstart, l.text, prevSoft, dict)
		}
		curHeading = heading || joinAnnex
		if newPara {
			curAnnex = heading && isAnnexHeading(l.text) && countWords(l.text, 4) >= 4
		}
		markerOnly = false
		wordOnly = false
		if mk && newPara {
			lastVal.set(m.style(), m.value)
			if m.amb {
				lastVal.set(style{ambOther(m.kind), m.form, m.word}, m.value)
			}
			switch {
			case m.kind == kWord && (m.textOff >= len(l.text) || headingLine(l.text[m.textOff:])):
				// "Article 5" or "Article 5 - Title" ends its paragraph; a title may follow
				wordOnly = true
			case m.textOff >= len(l.text):
				markerOnly = true
			}
		}
		prev = l.text
		prevSoft = l.soft
		prevEndTerm = endsTerminal(l.text)
		afterText = true
		blank = false
		boundary = false
	}
	flush()
	text := string(out)
	for k := range paras {
		end := len(text)
		if k+1 < len(paras) {
			end = paras[k+1].start - 1
		}
		paras[k].text = text[paras[k].start:end]
	}
	return paras, text
}

// inSequence reports whether m is the successor of the last marker of its style (either style
// for an ambiguous letter/roman token), or the first value of a style not seen yet.
func inSequence(m marker, lastVal styleVals) bool {
	if successor(m.kind, lastVal.get(m.style())) == m.value {
		return true
	}
	k := ambOther(m.kind)
	return m.amb && successor(k, lastVal.get(style{k, m.form, m.word})) == m.value
}

// styleVals holds, for each style seen, the value of its last marker that started a paragraph
// ("" for a style not seen). It is a short list searched from the start: a document uses a
// handful of styles, and there are few (kinds, forms and canonical words are fixed sets); a
// map hashing the style was most of the cost of recording a marker. TestNormalizeMatchesRef
// and FuzzNormalizeMatchesRef compare it with the map (buildParasRef); the segmenter keeps its
// last values per style in one too (FuzzStyleLists compares its operations with a map's).
type styleVals []styleVal

type styleVal struct {
	s style
	v string
}

func (sv styleVals) get(s style) string {
	for _, e := range sv {
		if e.s == s {
			return e.v
		}
	}
	return ""
}

func (sv *styleVals) set(s style, v string) {
	for i := range *sv {
		if (*sv)[i].s == s {
			(*sv)[i].v = v
			return
		}
	}
	*sv = append(*sv, styleVal{s, v})
}

// keep removes every style but k.
func (sv *styleVals) keep(k style) {
	kept := (*sv)[:0]
	for _, e := range *sv {
		if e.s == k {
			kept = append(kept, e)
		}
	}
	*sv = kept
}

// styleCounts counts the markers of each style, in a short list as styleVals holds values
// (a map hashing the style was a third of the segmenter's map work).
type styleCounts []styleCount

type styleCount struct {
	s style
	n int
}

func (sc *styleCounts) add(s style) {
	for i := range *sc {
		if (*sc)[i].s == s {
			(*sc)[i].n++
			return
		}
	}
	*sc = append(*sc, styleCount{s, 1})
}

func (sc styleCounts) get(s style) int {
	for _, e := range sc {
		if e.s == s {
			return e.n
		}
	}
	return 0
}

// ambOther is the roman kind for a letter kind and the reverse.
func ambOther(k kind) kind {
	switch k {
	case kLowerLetter:
		return kLowerRoman
	case kUpperLetter:
		return kUpperRoman
	case kLowerRoman:
		return kLowerLetter
	case kUpperRoman:
		return kUpperLetter
	}
	return k
}

// joinLine appends a hard-wrapped line to the paragraph buf[start:]. A line ending in a soft
// hyphen is joined directly; a line ending in letter+"-" followed by a letter is joined by the
// hyphenation rule (see hyphenDict.keep); otherwise the lines are joined with one space.
func joinLine(buf []byte, start int, s string, soft bool, dict *hyphenDict) []byte {
	p := buf[start:]
	switch {
	case soft:
		return append(buf, s...)
	case len(p) >= 2 && p[len(p)-1] == '-' && isLetterBefore(p[:len(p)-1]) && startsLetter(s):
		left := lastWord(p[:len(p)-1])
		right := firstWord(s)
		if dict.keep(left, right) {
			return append(buf, s...)
		}
		return append(buf[:len(buf)-1], s...)
	}
	buf = append(buf, ' ')
	return append(buf, s...)
}

func isLetterBefore(b []byte) bool {
	r, _ := utf8.DecodeLastRune(b)
	return unicode.IsLetter(r)
}

func startsLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// lastWord returns the run of letters at the end of b, at most 64 bytes of it (so that joining
// many hyphenated lines stays linear).
func lastWord(b []byte) string {
	i := len(b)
	for i > 0 && len(b)-i < 64 {
		r, size := utf8.DecodeLastRune(b[:i])
		if !unicode.IsLetter(r) {
			break
		}
		i -= size
	}
	return string(b[i:])
}

// firstWord returns the run of letters at the start of s.
func firstWord(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) || i >= 64 {
			return s[:i]
		}
	}
	return s
}

// endsTerminal reports whether s ends a sentence or clause: its last character, after closing
// quotes and brackets, is one of . ; : , ? !
func endsTerminal(s string) bool {
	i := len(s)
	for i > 0 && (s[i-1] == '"' || s[i-1] == '\'' || s[i-1] == ')' || s[i-1] == ']') {
		i--
	}
	j := i
	for j > 0 && s[j-1] >= '0' && s[j-1] <= '9' && i-j < 3 {
		j-- // a footnote number after the punctuation: "... the Charter.12"
	}
	if j > 0 && isTerminal(s[j-1]) {
		return true
	}
	return i > 0 && isTerminal(s[i-1])
}

// asciiLower writes w lower-cased into buf and reports whether w is ASCII (and so whether
// buf holds strings.ToLower(w)); buf holds at least len(w) bytes.
func asciiLower(buf *[16]byte, w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return true
}

func isTerminal(c byte) bool {
	switch c {
	case '.', ';', ':', ',', '?', '!':
		return true
	}
	return false
}

// crossRef reports whether a line ending in s makes a marker-like start of the next line a
// cross-reference ("... paragraph\n(a) of ...") rather than a new provision.
func crossRef(s string) bool {
	i := strings.LastIndexByte(s, ' ')
	w := s[i+1:]
	var buf [16]byte
	if len(w) <= len(buf) && asciiLower(&buf, w) {
		w = string(buf[:len(w)]) // not kept: the switch compares it without allocating
	} else {
		w = strings.ToLower(w) // "İN" is "in" to unicode.ToLower
	}
	switch w {
	case "article", "articles", "art.", "paragraph", "paragraphs", "para.", "subparagraph",
		"subparagraphs", "section", "sections", "sec.", "chapter", "part", "rule", "rules",
		"regulation", "item", "items", "clause", "clauses", "annex", "point", "points", "no.",
		"resolution", "resolutions", "of", "in", "under", "see", "per":
		return true
	}
	return false
}
