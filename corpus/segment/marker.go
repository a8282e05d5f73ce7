package segment

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/internal/roman"
)

// kind is the numbering system of a marker.
type kind uint8

const (
	kNone kind = iota
	kNumber
	kLowerLetter
	kLowerRoman
	kUpperLetter
	kUpperRoman
	kWord // Article 5, Art. 5, Section 5, Sec. 5, Paragraph 5, § 5
)

// form is how a marker is punctuated.
type form uint8

const (
	fParen form = iota // (a)
	fHalf              // a)
	fDot               // 1.
	fWord              // Article 5
)

// marker is a provision marker found at the start of a line.
type marker struct {
	value string // as written without punctuation: "a", "iv", "12", "5bis"
	kind  kind   // for an ambiguous token, the letter kind
	amb   bool   // the token is both a letter and a roman numeral: "i", "v", "x", "ii", "C"
	form  form
	word  string // canonical word for kWord: "article", "section", "paragraph", "§"
	// textOff is the offset, in the line, of the text after the marker, its punctuation and spaces.
	textOff int
}

// style is a level of numbering: provisions of one style are siblings.
type style struct {
	k    kind
	f    form
	word string
}

func (m marker) style() style { return style{m.kind, m.form, m.word} }

// upper reports whether the marker is a capital letter or capital roman numeral.
func (m marker) upper() bool { return m.kind == kUpperLetter || m.kind == kUpperRoman }

// parseMarker recognises a provision marker at the start of s. It looks at a short prefix
// only. Recognised: "(a)", "a)", "(1)", "1)", "1.", "(iv)", "iv)", "(A)", "A)", "A.", "IV.",
// and the word markers "Article 5", "Art. 5", "ARTICLE 5.", "Article 5 bis", "Section 1.",
// "Sec. 1.", "Paragraph 5", "§ 5". The punctuation after the marker must be followed by a
// space or the end of the line. Numbers have at most three digits (so years are not markers);
// lower-case letters with a dot ("e.", "p.") are not markers. A word marker must be followed by
// the end of the line, a punctuation mark (. : - – —) or a capitalised word, so "Article 5 of
// the Charter" is a reference, not a marker.
func parseMarker(s string) (marker, bool) {
	if s == "" {
		return marker{}, false
	}
	if m, ok := parseWordMarker(s); ok {
		return m, true
	}
	f := fDot
	i := 0
	if s[0] == '(' {
		f, i = fParen, 1
	}
	j := i
	for j < len(s) && j-i <= 8 && (isASCIILetter(s[j]) || s[j] >= '0' && s[j] <= '9') {
		j++
	}
	if j == i || j >= len(s) || j-i > 8 {
		return marker{}, false
	}
	switch p := s[j]; {
	case f == fParen && p == ')':
	case f != fParen && p == ')':
		f = fHalf
	case f != fParen && p == '.':
		f = fDot
	default:
		return marker{}, false
	}
	k := j + 1
	if k < len(s) && s[k] != ' ' {
		return marker{}, false
	}
	for k < len(s) && s[k] == ' ' {
		k++
	}
	tok := s[i:j]
	m := marker{value: tok, form: f, textOff: k}
	switch {
	case isDigits(tok):
		if len(tok) > 3 {
			return marker{}, false
		}
		m.kind = kNumber
	case isLowerASCII(tok):
		if f == fDot {
			return marker{}, false
		}
		letter, roman := isLetterToken(tok), romanValue(tok) > 0
		switch {
		case letter && roman:
			m.kind, m.amb = kLowerLetter, true
		case letter:
			m.kind = kLowerLetter
		case roman:
			m.kind = kLowerRoman
		default:
			return marker{}, false
		}
	case isUpperASCII(tok):
		letter, roman := isLetterToken(tok), romanValue(strings.ToLower(tok)) > 0
		switch {
		case letter && roman:
			m.kind, m.amb = kUpperLetter, true
		case letter:
			m.kind = kUpperLetter
		case roman:
			m.kind = kUpperRoman
		default:
			return marker{}, false
		}
	default:
		return marker{}, false
	}
	return m, true
}

var wordMarkers = []struct{ prefix, word string }{
	{"article", "article"}, {"art.", "article"},
	{"section", "section"}, {"sec.", "section"},
	{"paragraph", "paragraph"},
	{"§", "§"},
}

var latinSuffixes = []string{"bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies"}

func parseWordMarker(s string) (marker, bool) {
	// Every prefix starts with 'a', 's', 'p' or '§' (0xC2 0xA7), and EqualFold matches an ASCII
	// prefix of the same length in bytes only with ASCII: most lines are rejected here.
	if s == "" || (s[0]|0x20 != 'a' && s[0]|0x20 != 's' && s[0]|0x20 != 'p' && s[0] != 0xC2) {
		return marker{}, false
	}
	var word string
	i := 0
	for _, w := range wordMarkers {
		if len(s) > len(w.prefix) && startsFold2(s, w.prefix) && strings.EqualFold(s[:len(w.prefix)], w.prefix) {
			word, i = w.word, len(w.prefix)
			break
		}
	}
	if word == "" {
		return marker{}, false
	}
	sp := i
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i == sp && word != "§" {
		return marker{}, false
	}
	// number: digits with an optional letter (5, 5a), or a roman numeral (IV)
	j := i
	for j < len(s) && j-i < 4 && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j > i {
		if j < len(s) && isASCIILetter(s[j]) && (j+1 == len(s) || !isASCIILetter(s[j+1])) {
			j++
		}
	} else {
		for j < len(s) && j-i < 8 && strings.IndexByte("IVXLCivxlc", s[j]) >= 0 {
			j++
		}
		if j == i || romanValue(strings.ToLower(s[i:j])) == 0 || (!isUpperASCII(s[i:j]) && !isLowerASCII(s[i:j])) {
			return marker{}, false
		}
	}
	if j < len(s) && (isASCIILetter(s[j]) || s[j] >= '0' && s[j] <= '9') {
		return marker{}, false
	}
	value := s[i:j]
	// optional Latin suffix: "Article 5 bis"
	k := j
	if k < len(s) && s[k] == ' ' {
		for _, suf := range latinSuffixes {
			e := k + 1 + len(suf)
			if e <= len(s) && strings.EqualFold(s[k+1:e], suf) && (e == len(s) || !isASCIILetter(s[e])) {
				value += strings.ToLower(suf)
				k = e
				break
			}
		}
	}
	m := marker{value: value, kind: kWord, form: fWord, word: word}
	switch {
	case k == len(s):
		m.textOff = k
		return m, true
	case s[k] == '.' || s[k] == ':' || s[k] == '-':
		k++
	case strings.HasPrefix(s[k:], "\u2013") || strings.HasPrefix(s[k:], "\u2014"):
		k += len("\u2013")
	case s[k] == ' ':
		t := strings.TrimLeft(s[k:], " ")
		if t == "" {
			break
		}
		if t[0] == '-' || strings.HasPrefix(t, "\u2013") || strings.HasPrefix(t, "\u2014") {
			_, size := utf8.DecodeRuneInString(t)
			k = len(s) - len(t) + size
			break
		}
		r, _ := utf8.DecodeRuneInString(t)
		if !unicode.IsUpper(r) && r != '(' && r != '"' && r != '\'' {
			return marker{}, false
		}
	default:
		return marker{}, false
	}
	if k < len(s) && s[k] != ' ' {
		return marker{}, false
	}
	for k < len(s) && s[k] == ' ' {
		k++
	}
	m.textOff = k
	return m, true
}

// startsFold2 reports whether s's first two bytes are prefix's up to ASCII case, which they are
// when strings.EqualFold matches s[:len(prefix)] with a word marker's prefix (an ASCII one, or
// "§", which folds to nothing else; TestWordMarkerFirstByte checks every rune in either place):
// the line "States ..." is rejected here, not after EqualFold with "section" and "sec.".
func startsFold2(s, prefix string) bool {
	return s[0]|0x20 == prefix[0]|0x20 && s[1]|0x20 == prefix[1]|0x20
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

func isUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return s != ""
}

// isLetterToken: one letter, or a doubled letter as used after z ("aa", "bb").
func isLetterToken(t string) bool {
	return len(t) == 1 || (len(t) == 2 && t[0] == t[1])
}

// romanValue returns the value of a canonical lower-case roman numeral from 1 to 100, else 0.
func romanValue(t string) int {
	v, upper, ok := roman.Parse(t)
	if !ok || upper || v > 100 {
		return 0
	}
	return v
}

func toRoman(v int) string { return roman.Format(v) }

// successor returns the value expected after prev in kind k; "" for the first one expected
// when prev is "". It returns "" when there is no obvious successor.
func successor(k kind, prev string) string {
	switch k {
	case kNumber:
		if prev == "" {
			return "1"
		}
		n, err := strconv.Atoi(prev)
		if err != nil {
			return ""
		}
		return strconv.Itoa(n + 1)
	case kLowerLetter, kUpperLetter:
		first := "a"
		if k == kUpperLetter {
			first = "A"
		}
		if prev == "" {
			return first
		}
		c := prev[0]
		if c == 'z' || c == 'Z' {
			return strings.Repeat(first, len(prev)+1)
		}
		return strings.Repeat(string(c+1), len(prev))
	case kLowerRoman, kUpperRoman:
		v := romanValue(strings.ToLower(prev))
		if prev != "" && v == 0 {
			return ""
		}
		r := toRoman(v + 1)
		if k == kUpperRoman {
			r = strings.ToUpper(r)
		}
		return r
	case kWord:
		if isDigits(prev) {
			n, _ := strconv.Atoi(prev)
			return strconv.Itoa(n + 1)
		}
	}
	return ""
}
