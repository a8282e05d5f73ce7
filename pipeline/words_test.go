package pipeline

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// countWordsDecode is CountWords as it was before its ASCII fast path (every rune decoded and
// classified by the unicode tables): the reference FuzzWordRunes compares it with.
func countWordsDecode(s string) int {
	n := 0
	in := false
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWord(r):
			if !in {
				n++
				in = true
			}
		case in && (r == '\'' || r == '-' || r == '’') && i+size < len(s):
			next, _ := utf8.DecodeRuneInString(s[i+size:])
			in = isWord(next)
		default:
			in = false
		}
		i += size
	}
	return n
}

// hasWordRuneDecode is hasWordRune as it was before its ASCII fast path.
func hasWordRuneDecode(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
		i += n
	}
	return false
}

// TestIsWordRune checks the ASCII fast path of isWordRune against the unicode tables for every
// rune up to U+0400, the invalid ones around them and utf8.RuneError.
func TestIsWordRune(t *testing.T) {
	for r := rune(-2); r < 0x400; r++ {
		want := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		if got := isWordRune(r); got != want {
			t.Errorf("isWordRune(%U) = %v, want %v", r, got, want)
		}
	}
	if isWordRune(utf8.RuneError) {
		t.Error("isWordRune(RuneError) is true")
	}
}

func TestWordRunes(t *testing.T) {
	for _, tc := range []struct {
		name, s string
		words   int
		hasWord bool
	}{
		{name: "empty"},
		{name: "punctuation only", s: "-- ; ' ...", words: 0},
		{name: "ascii words", s: "States' confidence-building 3.5", words: 4, hasWord: true},
		{name: "latin-1 letters", s: "Ça va, naïve µ", words: 4, hasWord: true},
		{name: "combining mark after space", s: "a \u0301b", words: 2, hasWord: true},
		{name: "mark only", s: "\u0301", words: 1},
		{name: "invalid utf-8", s: "ab\xffcd \xc3", words: 2, hasWord: true},
		{name: "curly apostrophe", s: "States’ rights", words: 2, hasWord: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CountWords(tc.s); got != tc.words || got != countWordsDecode(tc.s) {
				t.Errorf("CountWords = %d, want %d (reference %d)", got, tc.words, countWordsDecode(tc.s))
			}
			if got := hasWordRune(tc.s); got != tc.hasWord || got != hasWordRuneDecode(tc.s) {
				t.Errorf("hasWordRune = %v, want %v", got, tc.hasWord)
			}
		})
	}
}

func FuzzWordRunes(f *testing.F) {
	for _, s := range []string{"", "States' confidence-building 3.5", "Ça va\u0301 \xff-x", "a’b - c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := CountWords(s), countWordsDecode(s); got != want {
			t.Fatalf("CountWords(%q) = %d, reference %d", s, got, want)
		}
		if got, want := hasWordRune(s), hasWordRuneDecode(s); got != want {
			t.Fatalf("hasWordRune(%q) = %v, reference %v", s, got, want)
		}
	})
}
