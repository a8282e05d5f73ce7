package sentence

import (
	"fmt"
	"testing"
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
