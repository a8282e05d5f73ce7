package sentence

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/internal/roman"
)

// splitSlow is Split without run's single-space fast path: every white
// space goes through spaceAt and spaceRun.
func splitSlow(text string) []Span {
	s := splitter{text: text, tok: -1, prevStart: -1, slowSpaces: true}
	s.run()
	return s.dst
}

func TestFastSpaceMatchesSlow(t *testing.T) {
	cases := []struct{ name, in string }{
		{"words", "States shall cooperate. The Parties agree."},
		{"leading space", " a. B"},
		{"leading space, line start", " AAA! A"}, // the first token is at a line start
		{"trailing space", "a. B "},
		{"double space", "a.  B. c"},
		{"space then non-ASCII", "a. \u00a0B. \u201cC.\u201d"},
		{"space then newline", "a. \nB"},
		{"space before marker", "States shall: (a) x; (b) y. 1. Z ii. W"},
		{"abbreviations", "U.S. officials met e.g. Mr. Smith. Then p. 5 of the report."},
		{"seed", readSeed(t)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := Split(tc.in), splitSlow(tc.in); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("Split(%q) = %v, without the fast path %v", tc.in, got, want)
			}
		})
	}
}

// FuzzFastSpace: Split gives the same spans with and without the
// white-space fast paths.
func FuzzFastSpace(f *testing.F) {
	for _, s := range []string{"", " ", "a b", "a. B", " a", "a ", "a  b", "(a) x; (b) y.", "1. x 2. y",
		"U.S. A", "x\u00a0. y", "A. B. C.", "i. x ii. Y", "a .b", "a ?B !c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := Split(text), splitSlow(text); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("Split(%q) = %v, without the fast path %v", text, got, want)
		}
	})
}

// TestWordByte compares run's word-byte table with the comparisons it replaced.
func TestWordByte(t *testing.T) {
	for c := range 256 {
		b := byte(c)
		want := b > ' ' && b < utf8.RuneSelf && b != '.' && b != '?' && b != '!'
		if wordByte[b] != want {
			t.Errorf("wordByte[%#x] = %v, want %v", b, wordByte[b], want)
		}
	}
}

// mayOpenItemRef is mayOpenItem by comparisons, as it was before itemClass.
func mayOpenItemRef(t string, p int, lineStart bool) bool {
	c := t[p]
	switch {
	case lineStart, c >= utf8.RuneSelf, c == '(', c >= '0' && c <= '9':
		return true
	case !isASCIILetter(c) || p+1 >= len(t):
		return false
	}
	d := t[p+1]
	return d == '.' || d == ')' || roman.IsDigit(c) && roman.IsDigit(d)
}

// TestMayOpenItem compares mayOpenItem with mayOpenItemRef on every pair of bytes, at a line
// start or not, and on every byte at the text's end.
func TestMayOpenItem(t *testing.T) {
	for c := range 256 {
		for _, lineStart := range []bool{false, true} {
			last := string(rune(c))[:1]
			if got, want := mayOpenItem(last, 0, lineStart), mayOpenItemRef(last, 0, lineStart); got != want {
				t.Fatalf("mayOpenItem(%q, 0, %v) = %v, want %v", last, lineStart, got, want)
			}
			for d := range 256 {
				s := string([]byte{byte(c), byte(d)})
				if got, want := mayOpenItem(s, 0, lineStart), mayOpenItemRef(s, 0, lineStart); got != want {
					t.Fatalf("mayOpenItem(%q, 0, %v) = %v, want %v", s, lineStart, got, want)
				}
			}
		}
	}
}

// shortLineEndRef is shortLineEnd a byte at a time, as headingLine searched.
func shortLineEndRef(t string, p int) (int, bool) {
	e := p
	for e < len(t) && t[e] != '\n' && t[e] != '\r' {
		if e-p >= maxHeading {
			return 0, false
		}
		e++
	}
	return e, true
}

// FuzzShortLineEnd compares shortLineEnd with shortLineEndRef at every offset of the text.
func FuzzShortLineEnd(f *testing.F) {
	f.Add("Article 5\nThe States")
	f.Add(strings.Repeat("x", maxHeading) + "\r\n" + strings.Repeat("y", maxHeading+1))
	f.Add(strings.Repeat("z", maxHeading-1) + "\r")
	f.Add("\r\n\n\r")
	f.Fuzz(func(t *testing.T, s string) {
		for p := range len(s) {
			e, ok := shortLineEnd(s, p)
			we, wok := shortLineEndRef(s, p)
			if e != we || ok != wok {
				t.Fatalf("shortLineEnd(%q, %d) = %d, %v, want %d, %v", s, p, e, ok, we, wok)
			}
		}
	})
}

// TestASCIISpace compares asciiSpace, and the ASCII letters lookNext takes without decoding,
// with isSpace and unicode.IsLetter on every ASCII byte.
func TestASCIISpace(t *testing.T) {
	for c := range utf8.RuneSelf {
		if got, want := asciiSpace[c], isSpace(rune(c)); got != want {
			t.Errorf("asciiSpace[%#x] = %v, isSpace %v", c, got, want)
		}
		if got, want := isASCIILetter(byte(c)), unicode.IsLetter(rune(c)); got != want {
			t.Errorf("isASCIILetter(%#x) = %v, unicode.IsLetter %v", c, got, want)
		}
	}
}
