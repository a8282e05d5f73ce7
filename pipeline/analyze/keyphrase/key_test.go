package keyphrase

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// keyReference is Key as it was written first (lower-cased copy, strings.Fields, strings.Join):
// the specification that FuzzKey holds the single-pass Key to.
func keyReference(s string) string {
	s = strings.ToValidUTF8(s, " ")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '[' || r == ']' || r == '"' || r == '\u201c' || r == '\u201d':
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '\u2019':
			b.WriteRune('\'')
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	out := words[:0]
	for _, w := range words {
		w = strings.TrimSuffix(w, "'s")
		w = strings.Trim(w, "'")
		if w == "" || w == "the" || w == "a" || w == "an" {
			continue
		}
		out = append(out, singularReference(w))
	}
	return strings.Join(out, " ")
}

func singularReference(w string) string {
	if utf8.RuneCountInString(w) <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"),
		strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	}
	return w
}

// keyCases are inputs on which Key's single pass could part from keyReference: word
// boundaries made by deleted runes, apostrophes at both ends, articles first, last and alone,
// plural endings at the rune-count limit, non-ASCII letters whose lower case is ASCII, and
// invalid UTF-8.
var keyCases = []struct{ name, in string }{
	{"empty", ""},
	{"spaces-only", "  \t\n "},
	{"brackets-join", "[i]nternational State[s]"},
	{"quotes-join", `"law"s “rule” of‘law’`},
	{"article-first", "the measures"},
	{"article-last", "measures of the"},
	{"article-only", "The"},
	{"articles-only", "a an the A"},
	{"article-after-dropped", "' the ''s a x"},
	{"possessive", "State's parties' rights"},
	{"possessive-twice", "x's's"},
	{"apostrophes", "''rock'n'roll'' ’tis ’ '"},
	{"apostrophe-s-only", "'s"},
	{"ies-short", "ties lies flies"},
	{"ies-four-runes", "éies"},
	{"ss-us-is", "access status basis ous"},
	{"sses-xes-ches-shes", "processes boxes matches wishes"},
	{"three-runes-multibyte", "ñás éés"},
	{"kelvin-lower-ascii", "\u212Aelvins İs"},
	{"combining-mark", "cafe\u0301s"},
	{"digits", "A/RES/56/183 10th"},
	{"invalid-utf8", "a\xffb \xfe\xfd measures\xff"},
	{"hyphens-dashes", "confidence-building—measures–x"},
	{"right-quote-apostrophe", "State\u2019s"},
	{"long", strings.Repeat("Internet Governance Forums, ", 8)},
}

func TestKeyMatchesReference(t *testing.T) {
	for _, tc := range keyCases {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := Key(tc.in), keyReference(tc.in); got != want {
				t.Errorf("Key(%q) = %q, reference %q", tc.in, got, want)
			}
		})
	}
}

func TestAppendKeyKeepsPrefix(t *testing.T) {
	for _, tc := range keyCases {
		t.Run(tc.name, func(t *testing.T) {
			got := string(appendKey([]byte("prefix "), tc.in))
			if want := "prefix " + keyReference(tc.in); got != want {
				t.Errorf("appendKey(%q) = %q, want %q", tc.in, got, want)
			}
		})
	}
}

func FuzzKey(f *testing.F) {
	for _, tc := range keyCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Key(s), keyReference(s); got != want {
			t.Fatalf("Key(%q) = %q, reference %q", s, got, want)
		}
	})
}
