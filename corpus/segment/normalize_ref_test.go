package segment

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/corpus"
)

// The normalisation as it was before splitLines kept clean lines as substrings of the input,
// buildParas wrote every paragraph into the one normalised text and isFurniture split its line
// without strings.SplitSeq: normalizeRef is what FuzzNormalizeMatchesRef and
// TestNormalizeMatchesRef compare normalize with.

// normalizeRef is normalize, then joinParas, by the reference code.
func normalizeRef(raw string) ([]para, string, []corpus.Warning) {
	lines, warns := splitLinesRef(raw)
	for i := range lines {
		lines[i].furniture = isFurnitureRef(lines[i].text)
	}
	markRunningTitles(lines)
	paras := buildParasRef(lines)
	off := 0
	for i := range paras {
		paras[i].start = off
		off += len(paras[i].text) + 1
	}
	return paras, joinParasRef(paras), warns
}

// isFurnitureRef is isFurniture with strings.SplitSeq.
func isFurnitureRef(s string) bool {
	if s == "" || len(s) > 160 {
		return false
	}
	first, last := s, s[strings.LastIndexByte(s, ' ')+1:]
	if i := strings.IndexByte(s, ' '); i >= 0 {
		first = s[:i]
	}
	if isSymbol(first) || isSymbol(last) {
		if first == s || (countWords(s, 21) <= 20 && !endsTerminal(s)) {
			return true
		}
	}
	strong := false
	for t := range strings.SplitSeq(s, " ") {
		switch {
		case isSymbol(t), isJobNumber(t), isBarcode(t), isPageFraction(t):
			strong = true
		case isDigits(strings.Trim(t, "-")) && len(strings.Trim(t, "-")) <= 4:
			strong = true
		case isDigits(t) && len(t) == 6:
		case t == "-" || t == "\u2013" || t == "\u2014":
		case len(t) == 3 && t[0] == '(' && t[2] == ')' && t[1] >= 'A' && t[1] <= 'Z':
		case strings.EqualFold(t, "page"), strings.EqualFold(t, "of"):
		default:
			return false
		}
	}
	return strong
}

func joinParasRef(paras []para) string {
	n := 0
	for _, p := range paras {
		n += len(p.text) + 1
	}
	var b strings.Builder
	b.Grow(n)
	for i, p := range paras {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.text)
	}
	return b.String()
}

func splitLinesRef(raw string) ([]line, []corpus.Warning) {
	raw = strings.TrimPrefix(raw, "\uFEFF")
	nl := strings.Count(raw, "\n")
	if nl == 0 {
		nl = strings.Count(raw, "\r")
	}
	lines := make([]line, 0, nl+1)
	var (
		warns     []corpus.Warning
		b         []byte
		num       = 1
		ff        bool
		soft      bool
		lastSpace = true
		badN      int
		badLine   int
		ctrlN     int
		ctrlLine  int
	)
	flush := func() {
		t := strings.TrimRight(string(b), " ")
		lines = append(lines, line{text: t, num: num, pageBreak: ff, soft: soft && t != ""})
		if t != "" {
			ff = false
		}
		b = b[:0]
		soft = false
		lastSpace = true
	}
	space := func() {
		if !lastSpace {
			b = append(b, ' ')
			lastSpace = true
		}
	}
	put := func(s string) {
		b = append(b, s...)
		lastSpace = false
		soft = false
	}
	for i := 0; i < len(raw); {
		c := raw[i]
		if c > ' ' && c < 0x7f {
			// fast path: a run of printable ASCII other than space
			j := i + 1
			for j < len(raw) && raw[j] > ' ' && raw[j] < 0x7f {
				j++
			}
			b = append(b, raw[i:j]...)
			lastSpace, soft = false, false
			i = j
			continue
		}
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '\n':
				flush()
				num++
			case c == '\r':
				flush()
				num++
				if i < len(raw) && raw[i] == '\n' {
					i++
				}
			case c == '\f':
				if len(b) > 0 {
					flush()
				}
				ff = true
			case c == ' ' || c == '\t':
				space()
			case c < 0x20 || c == 0x7f:
				if ctrlN == 0 {
					ctrlLine = num
				}
				ctrlN++
			default:
				b = append(b, c)
				lastSpace = false
				soft = false
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(raw[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			if badN == 0 {
				badLine = num
			}
			badN++
			put("\uFFFD")
		case r == '\u2018' || r == '\u2019' || r == '\u201A' || r == '\u201B':
			put("'")
		case r == '\u201C' || r == '\u201D' || r == '\u201E' || r == '\u201F':
			put(`"`)
		case r == '\u2010' || r == '\u2011':
			put("-")
		case r == '\u00AD':
			if !lastSpace {
				soft = true
			}
		case r == '\u200B' || r == '\u2060' || r == '\uFEFF':
			// zero-width characters: dropped
		case r == '\u2028' || r == '\u2029':
			flush()
		case r >= 0x80 && r <= 0x9f:
			if ctrlN == 0 {
				ctrlLine = num
			}
			ctrlN++
		case unicode.IsSpace(r):
			space()
		default:
			soft = false
			lastSpace = false
			b = utf8.AppendRune(b, r)
		}
	}
	if len(b) > 0 {
		flush()
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

func buildParasRef(lines []line) []para {
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

	var (
		paras       []para
		buf         []byte
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
		prevEndTerm = true
		// lastVal is the value of the last marker of each style that started a paragraph, to
		// tell a wrapped line that happens to begin with "(2)" or "7." from a new item.
		lastVal = map[style]string{}
	)
	flush := func() {
		if open {
			paras = append(paras, para{text: string(buf), line: curLine})
		}
		buf = buf[:0]
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
		heading := !mk && headingLine(l.text) && (!afterText || blank || prevEndTerm || curHeading || wordOnly) && !nextLower && !fullAndRunsOn
		newPara := !open
		joinAnnex := false
		if open {
			switch {
			case curAnnex && !blank && !boundary && !mk && !endsTerminal(prev) && headingLine(l.text):
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
				newPara = !crossRef(prev) && (blank || boundary || endsTerminal(prev) || inSequenceRef(m, lastVal))
			case blank && boundary:
				newPara = !(startsLower(l.text) || (!endsTerminal(prev) && !headingText(l.text)))
			case blank:
				newPara = true
			case len(prev) > 200:
				newPara = endsTerminal(prev)
			case endsTerminal(prev) && !strings.HasSuffix(prev, "-"):
				// a sentence ends at the line end: a paragraph break unless the line was full
				newPara = w == 0 || len(prev) < w*8/10
			}
		}
		if newPara {
			flush()
			open = true
			curLine = l.num
			buf = append(buf, l.text...)
		} else {
			buf = joinLineRef(buf, l.text, prevSoft, dict)
		}
		curHeading = heading || joinAnnex
		if newPara {
			curAnnex = heading && isAnnexHeading(l.text) && countWords(l.text, 4) >= 4
		}
		markerOnly = false
		wordOnly = false
		if mk && newPara {
			lastVal[m.style()] = m.value
			if m.amb {
				lastVal[style{ambOther(m.kind), m.form, m.word}] = m.value
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
	return paras
}

// inSequenceRef is inSequence over a map of the last value of each style.
func inSequenceRef(m marker, lastVal map[style]string) bool {
	kinds := []kind{m.kind}
	if m.amb {
		kinds = append(kinds, ambOther(m.kind))
	}
	for _, k := range kinds {
		if successor(k, lastVal[style{k, m.form, m.word}]) == m.value {
			return true
		}
	}
	return false
}

func joinLineRef(buf []byte, s string, soft bool, dict *hyphenDict) []byte {
	switch {
	case soft:
		return append(buf, s...)
	case len(buf) >= 2 && buf[len(buf)-1] == '-' && isLetterBefore(buf[:len(buf)-1]) && startsLetter(s):
		left := lastWord(buf[:len(buf)-1])
		right := firstWord(s)
		if dict.keep(left, right) {
			return append(buf, s...)
		}
		return append(buf[:len(buf)-1], s...)
	}
	buf = append(buf, ' ')
	return append(buf, s...)
}

// normalizeCases are inputs that exercise each branch of splitLines' cleaning, at the start,
// in the middle and at the end of a line, and buildParas' joins.
var normalizeCases = []struct {
	name string
	in   string
}{
	{"empty", ""},
	{"clean lines", "States shall cooperate.\nThey shall share information.\n"},
	{"outer spaces", "   leading\ntrailing   \n  both  \n \n"},
	{"double spaces", "two  spaces and\tone tab\t\tand two"},
	{"tab first", "\tStates shall\t"},
	{"unicode spaces", "a\u00a0b\u00a0\u00a0c\u2003\nd \u00a0e\u3000"},
	{"line ends", "a\r\nb\rc\n\rd\r\r\ne"},
	{"form feeds", "a\fb\n\f\fc\n \fd\f"},
	{"controls", "\x00a\x01b\x7f\n\x02\u0085c\u009f"},
	{"invalid bytes", "a\xffb\n\xfe\n\xc3"},
	{"quotes and hyphens", "\u2018a\u2019 \u201cb\u201d c\u2010d\u2011"},
	{"soft hyphen", "infor\u00ad\nmation \u00ad\n\u00adx co\u00ad \nop"},
	{"zero width", "\u200ba\u200bb\u2060\ufeff\n\ufeff"},
	{"bom", "\ufeffa\nb"},
	{"line separators", "a\u2028b\u2029\u2028c"},
	{"non-ASCII kept", "Résolution de l'Assemblée générale\n\u00e9t\u00e9 \u4e2d\u6587"},
	{"literal replacement char", "a\ufffdb"},
	{"hyphenation", "(a) the informa-\ntion and confidence-\nbuilding measures of the\ncyber-\nsecurity\n\n(b) next"},
	{"headings and markers", "Annex\n\nArticle 1\nScope\n\n1. The States.\n2. They\n(a) shall;\n(b) may."},
	{"spaces only", "   \n\t\n \u00a0 "},
}

func checkNormalizeMatchesRef(t *testing.T, raw string) {
	t.Helper()
	lines, warns := splitLines(raw)
	refLines, refWarns := splitLinesRef(raw)
	if !reflect.DeepEqual(lines, refLines) || !reflect.DeepEqual(warns, refWarns) {
		t.Fatalf("splitLines(%q) =\n%+v %v\nreference\n%+v %v", raw, lines, warns, refLines, refWarns)
	}
	paras, text, warns := normalize(raw)
	refParas, refText, refWarns := normalizeRef(raw)
	if text != refText || !reflect.DeepEqual(paras, refParas) || !reflect.DeepEqual(warns, refWarns) {
		t.Fatalf("normalize(%q) =\n%q %+v %v\nreference\n%q %+v %v", raw, text, paras, warns, refText, refParas, refWarns)
	}
}

// TestNormalizeMatchesRef compares splitLines and normalize with the reference code on
// normalizeCases, the segmentation cases and the fixtures.
func TestNormalizeMatchesRef(t *testing.T) {
	for _, tc := range normalizeCases {
		t.Run(tc.name, func(t *testing.T) { checkNormalizeMatchesRef(t, tc.in) })
	}
	for _, tc := range segCases {
		t.Run("segment/"+tc.name, func(t *testing.T) { checkNormalizeMatchesRef(t, tc.in) })
	}
	for _, fx := range fixtures {
		t.Run(fx.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", fx.file))
			if err != nil {
				t.Fatal(err)
			}
			checkNormalizeMatchesRef(t, string(b))
		})
	}
}

// FuzzNormalizeMatchesRef compares splitLines and normalize with the reference code.
func FuzzNormalizeMatchesRef(f *testing.F) {
	addSeeds(f)
	f.Fuzz(checkNormalizeMatchesRef)
}

// FuzzIsFurniture compares isFurniture with isFurnitureRef on any line, spaces where they
// may fall included.
func FuzzIsFurniture(f *testing.F) {
	for _, s := range []string{"A/69/723", "15-00563 (E) 210911", "*1500563*", "- 3 -", "Page 3 of 12", "3/12",
		"A/66/359 Draft code of conduct", "Noting the digital divide", "3 ", " 3", "Page  3", "-", "\u2013 4 \u2014"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isFurniture(s), isFurnitureRef(s); got != want {
			t.Errorf("isFurniture(%q) = %v, reference %v", s, got, want)
		}
	})
}

// TestFurnitureStart checks isFurniture's first-byte filter (furnitureStart) against
// isFurnitureRef: every rune as the first of "page" or "of" (the words strings.EqualFold
// compares), and every byte and dash as the first of a token of each kind furniture lines hold,
// alone, before and after other tokens, with and without a slash in the line.
func TestFurnitureStart(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := isFurniture(s), isFurnitureRef(s); got != want {
			t.Fatalf("isFurniture(%q) = %v, reference %v", s, got, want)
		}
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if utf8.ValidRune(r) {
			for _, rest := range []string{"age", "f"} {
				check(string(r) + rest + " 3")
			}
		}
	}
	rests := []string{"", "age", "f", "3", "-", "/69/723", "/RES/70/237*", "5-00563", "500563*", "/12", "10911",
		"E)", "\u2013", "3 -", "-3"}
	lines := []string{"%s", "%s 3", "Page %s", "3 of %s", "%s A/69/723", "A/69/723 %s", "%s 3/12"}
	firsts := []string{"\u2013", "\u2014", "\u2012", "\u00a0"}
	for c := range utf8.RuneSelf {
		firsts = append(firsts, string(rune(c)))
	}
	for _, first := range firsts {
		for _, rest := range rests {
			for _, l := range lines {
				check(fmt.Sprintf(l, first+rest))
			}
		}
	}
}

// crossRefRef is crossRef lower-casing every last word with strings.ToLower.
func crossRefRef(s string) bool {
	i := strings.LastIndexByte(s, ' ')
	switch strings.ToLower(s[i+1:]) {
	case "article", "articles", "art.", "paragraph", "paragraphs", "para.", "subparagraph",
		"subparagraphs", "section", "sections", "sec.", "chapter", "part", "rule", "rules",
		"regulation", "item", "items", "clause", "clauses", "annex", "point", "points", "no.",
		"resolution", "resolutions", "of", "in", "under", "see", "per":
		return true
	}
	return false
}

// FuzzCrossRef compares crossRef, which lower-cases an ASCII word itself, with crossRefRef.
func FuzzCrossRef(f *testing.F) {
	for _, s := range []string{"under Article", "in", "see SUBPARAGRAPHS", "the \u0130N", "x \u0130tem",
		"of the Charter", "para.", "a sixteen-byte-word", "subparagraphs!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := crossRef(s), crossRefRef(s); got != want {
			t.Errorf("crossRef(%q) = %v, reference %v", s, got, want)
		}
	})
}

// plainWordRef is plainWord byte by byte, as splitLines' loop takes them.
func plainWordRef(b [8]byte) bool {
	for k := 0; k < 8; k++ {
		switch {
		case printable[b[k]]:
		case b[k] == ' ' && k+1 < 8 && printable[b[k+1]]:
			k++
		default:
			return false
		}
	}
	return true
}

func TestPlainWord(t *testing.T) {
	// every byte class the tests tell apart: controls, the space, the ends of the printable
	// range, DEL, bytes of multi-byte runes
	alphabet := []byte{0x00, 0x1f, ' ', '!', 'a', '~', 0x7f, 0x80, 0xa0, 0xdf, 0xff}
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(b [8]byte) {
		x := load8(string(b[:]), 0)
		if got, want := plainWord(x), plainWordRef(b); got != want {
			t.Fatalf("plainWord(%q) = %v, want %v", b, got, want)
		}
	}
	for range 300000 {
		var b [8]byte
		for k := range b {
			b[k] = alphabet[rng.IntN(len(alphabet))]
		}
		check(b)
	}
	for c := range 256 { // each byte in each position among printable ones
		for k := range 8 {
			b := [8]byte{'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'}
			b[k] = byte(c)
			check(b)
		}
	}
}
