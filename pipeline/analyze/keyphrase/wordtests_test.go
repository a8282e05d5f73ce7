package keyphrase

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// wordTestCases are inputs on which the ASCII loops of isAcronym, startsUpper and isWordText
// could part from their unicode versions: non-ASCII letters before, inside and after ASCII,
// marks, typographic hyphens and apostrophes, punctuation at the edges.
var wordTestCases = []struct{ name, in string }{
	{"empty", ""},
	{"lower", "measures"},
	{"capitalised", "Charter"},
	{"acronym", "ICANN"},
	{"acronym-slash", "A/RES"},
	{"one-upper", "A"},
	{"digits-first", "56th"},
	{"digits-only", "1999"},
	{"hyphen-inner", "confidence-building"},
	{"hyphen-edges", "-building"},
	{"period-inner", "U.S"},
	{"period-first", ".net"},
	{"apostrophe", "State's"},
	{"non-ascii-first", "Éire"},
	{"non-ascii-later", "São"},
	{"non-ascii-upper-later", "1Ñ"},
	{"non-ascii-acronym", "ÉU"},
	{"non-ascii-lower-after-upper", "ÉUé"},
	{"combining-mark", "cafe\u0301"},
	{"typographic-apostrophe", "State\u2019s"},
	{"typographic-hyphen", "co\u2010operation"},
	{"non-breaking-hyphen", "co\u2011operation"},
	{"symbol", "law§"},
	{"punctuation", "law,"},
	{"invalid-utf8", "a\xff"},
	{"greek-upper", "ΟΗΕ"},
	{"title-case-digraph", "ǅemal"},
	{"lower-then-upper", "eU"},
	{"upper-digits", "G77"},
	{"two-upper-digit-lower", "A1Bc"},
	{"apostrophe-first", "'tis"},
	{"hyphen-last", "self-"},
	{"period-last", "U.S."},
	{"only-punctuation", "-.'"},
	{"space-inside", "a b"},
	{"editorial-bracket", "[i]nternational"},
	{"bracketed-capitals", "State[S]"},
	{"digits-then-capitals", "12AB"},
}

func TestWordTestsMatchReference(t *testing.T) {
	for _, tc := range wordTestCases {
		t.Run(tc.name, func(t *testing.T) {
			checkWordTests(t, tc.in)
		})
	}
}

// checkWordTests compares the ASCII-first word tests with their rune-by-rune versions.
func checkWordTests(t *testing.T, s string) {
	t.Helper()
	if got, want := isAcronym(s), isAcronymUnicode(s); got != want {
		t.Errorf("isAcronym(%q) = %v, unicode version %v", s, got, want)
	}
	if got, want := startsUpper(s), startsUpperUnicode(s); got != want {
		t.Errorf("startsUpper(%q) = %v, unicode version %v", s, got, want)
	}
	if s != "" {
		if got, want := isWordText(s), isWordTextUnicode(s); got != want {
			t.Errorf("isWordText(%q) = %v, unicode version %v", s, got, want)
		}
	}
	sh := asciiShapeOf(s)
	ascii := true
	for i := 0; i < len(s); i++ {
		ascii = ascii && s[i] < utf8.RuneSelf
	}
	if (sh&shapeASCII != 0) != ascii {
		t.Fatalf("asciiShapeOf(%q) = %b: ASCII flag wrong", s, sh)
	}
	if !ascii {
		if sh != 0 {
			t.Errorf("asciiShapeOf(%q) = %b, want 0 for a non-ASCII word", s, sh)
		}
		return
	}
	for _, f := range []struct {
		name string
		flag uint8
		want bool
	}{
		{"hasUpper", shapeHasUpper, strings.ToLower(s) != s},
		{"startsUpper", shapeStartsUpper, startsUpperUnicode(s)},
		{"acronym", shapeAcronym, isAcronymUnicode(s)},
		{"word", shapeWord, s != "" && isWordTextUnicode(s)},
		{"bracket", shapeBracket, strings.ContainsAny(s, "[]")},
	} {
		if got := sh&f.flag != 0; got != f.want {
			t.Errorf("asciiShapeOf(%q) %s = %v, unicode version %v", s, f.name, got, f.want)
		}
	}
}

func FuzzWordTests(f *testing.F) {
	for _, tc := range wordTestCases {
		f.Add(tc.in)
	}
	f.Fuzz(checkWordTests)
}

// The word lists as maps, as candidates.go had them before lexFlags: the reference for
// TestLexFlags.
var (
	leadStopReference = map[string]bool{
		"such": true, "other": true, "certain": true, "various": true, "own": true, "further": true,
		"many": true, "several": true, "particular": true, "relevant": true,
	}
	stopNounReference = map[string]bool{
		"inter": true, "alia": true, "etc": true, "etc.": true, "i.e": true, "e.g": true, "i.e.": true,
		"e.g.": true, "viz": true, "viz.": true, "alia.": true, "not": true, "no": true,
		"january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
		"august": true, "september": true, "october": true, "november": true, "december": true,
	}
	lightNounReference = map[string]bool{
		"part": true, "regard": true, "time": true, "account": true, "respect": true, "view": true,
		"order": true, "basis": true, "way": true, "behalf": true, "accordance": true,
	}
	vbgModReference = map[string]bool{
		"existing": true, "emerging": true, "developing": true, "sponsoring": true, "governing": true,
		"building": true, "leading": true, "underlying": true, "remaining": true, "following": true,
		"evolving": true,
	}
)

func lexFlagsReference(w string) uint8 {
	var f uint8
	for _, l := range []struct {
		list map[string]bool
		flag uint8
	}{{leadStopReference, lexLead}, {stopNounReference, lexStop}, {lightNounReference, lexLight}, {vbgModReference, lexVBG}} {
		if l.list[w] {
			f |= l.flag
		}
	}
	return f
}

// TestLexFlags checks lexFlags on every word of the reference lists, on near misses (case,
// plural, prefix) and on every word of the gold corpus's texts.
func TestLexFlags(t *testing.T) {
	t.Run("lists", func(t *testing.T) {
		for _, l := range []map[string]bool{leadStopReference, stopNounReference, lightNounReference, vbgModReference} {
			for w := range l {
				if got, want := lexFlags(w), lexFlagsReference(w); got != want {
					t.Errorf("lexFlags(%q) = %b, want %b", w, got, want)
				}
			}
		}
	})
	t.Run("near-misses", func(t *testing.T) {
		for _, w := range []string{"", "Such", "times", "parts", "e", "i.", "etc..", "builds", "accord", "marches", "mayday"} {
			if got := lexFlags(w); got != 0 {
				t.Errorf("lexFlags(%q) = %b, want 0", w, got)
			}
		}
	})
	t.Run("gold-words", func(t *testing.T) {
		n := 0
		for _, r := range readGold(t) {
			for _, w := range strings.FieldsFunc(strings.ToLower(r.Text), func(r rune) bool { return r == ' ' || r == ',' || r == ';' }) {
				if got, want := lexFlags(w), lexFlagsReference(w); got != want {
					t.Errorf("lexFlags(%q) = %b, want %b", w, got, want)
				}
				n++
			}
		}
		if n < 500 {
			t.Fatalf("only %d words in the gold corpus", n)
		}
	})
}
