package sentence

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/jdkato/prose/v2"
	"gopkg.in/neurosnap/sentences.v1/english"
)

// goldenRule is one case of testdata/golden_rules_en.json (see testdata/README.md).
type goldenRule struct {
	Name   string   `json:"name"`
	Input  string   `json:"input"`
	Output []string `json:"output"`
}

func loadGoldenRules(t testing.TB) []goldenRule {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "golden_rules_en.json"))
	if err != nil {
		t.Fatalf("sentence: read golden rules: %v", err)
	}
	var rules []goldenRule
	if err := json.Unmarshal(b, &rules); err != nil {
		t.Fatalf("sentence: parse golden rules: %v", err)
	}
	if len(rules) != 49 {
		t.Fatalf("sentence: golden rules: got %d cases, want 49 (file changed?)", len(rules))
	}
	return rules
}

// collapseSpace trims s and turns each whitespace run into one space. The fixture itself
// writes the sentences of cases 40 and 41 with "\n" turned into " ".
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// stripListMarker removes a leading list marker ("1.) ", "2) ", "a. ") after collapseSpace.
// The fixture's inputs for cases 31-35 lost their first marker ("The first item 2.) ...")
// while the expected outputs kept it ("1.) The first item"); comparing without the
// leading marker is the only way those cases can match text that is actually in the input.
func stripListMarker(s string) string {
	if _, end, ok := parseMarker(s, 0); ok && end < len(s) {
		return s[end+1:]
	}
	return s
}

// goldenMatch compares got with want under a normalisation (applied to both).
func goldenMatch(got, want []string, norm func(string) string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if norm(got[i]) != norm(want[i]) {
			return false
		}
	}
	return true
}

func spanTexts(text string, spans []Span) []string {
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = text[sp.Start:sp.End]
	}
	return out
}

// proseSentences runs prose's own segmenter (its Punkt tokenizer with prose's English
// customisations). prose builds the tokenizer inside NewDocument, so there is no way to
// construct it once from outside the package; tokenisation, tagging and extraction are off.
func proseSentences(t *testing.T, text string) []string {
	t.Helper()
	doc, err := prose.NewDocument(text,
		prose.WithSegmentation(true), prose.WithTokenization(false),
		prose.WithTagging(false), prose.WithExtraction(false))
	if err != nil {
		t.Fatalf("sentence: prose: %v", err)
	}
	var out []string
	for _, s := range doc.Sentences() {
		out = append(out, s.Text)
	}
	return out
}

// Minimum passes on the fixture as shipped. Under whitespace normalisation 44 of the 49 cases
// are satisfiable at all (31-35 expect text that is not in their input); with the leading
// list marker also set aside, 47 are (33 and 35 expect "The first item" from an input that
// reads "The first item.").
const (
	minGoldenStrict = 44
	minGoldenMarker = 45
)

func TestGoldenRules(t *testing.T) {
	rules := loadGoldenRules(t)
	strictNorm := collapseSpace
	markerNorm := func(s string) string { return stripListMarker(collapseSpace(s)) }
	// The Punkt tokenizer prose builds on, with its English model, constructed once.
	punkt, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		t.Fatalf("sentence: punkt: %v", err)
	}
	var ours, oursMarker, theirs, theirsMarker, plain, plainMarker int
	for _, r := range rules {
		got := spanTexts(r.Input, Split(r.Input))
		ref := proseSentences(t, r.Input)
		var base []string
		for _, s := range punkt.Tokenize(r.Input) {
			base = append(base, strings.TrimSpace(s.Text))
		}
		if goldenMatch(base, r.Output, strictNorm) {
			plain++
		}
		if goldenMatch(base, r.Output, markerNorm) {
			plainMarker++
		}
		okStrict := goldenMatch(got, r.Output, strictNorm)
		okMarker := goldenMatch(got, r.Output, markerNorm)
		if okStrict {
			ours++
		}
		if okMarker {
			oursMarker++
		}
		if goldenMatch(ref, r.Output, strictNorm) {
			theirs++
		}
		if goldenMatch(ref, r.Output, markerNorm) {
			theirsMarker++
		}
		switch {
		case !okMarker:
			t.Logf("fail %q\n  input: %q\n  want:  %q\n  got:   %q", r.Name, r.Input, r.Output, got)
		case !okStrict:
			t.Logf("fail without marker normalisation %q: got %q", r.Name, got)
		}
	}
	t.Logf("golden rules, whitespace-normalised: Split %d/%d, prose %d/%d, punkt %d/%d",
		ours, len(rules), theirs, len(rules), plain, len(rules))
	t.Logf("golden rules, leading list marker also ignored: Split %d/%d, prose %d/%d, punkt %d/%d",
		oursMarker, len(rules), theirsMarker, len(rules), plainMarker, len(rules))
	if ours < minGoldenStrict {
		t.Errorf("whitespace-normalised: Split passes %d golden rules, want at least %d", ours, minGoldenStrict)
	}
	if oursMarker < minGoldenMarker {
		t.Errorf("marker-normalised: Split passes %d golden rules, want at least %d", oursMarker, minGoldenMarker)
	}
}

// TestGoldenNormalisers pins the two comparison helpers, so the counts above cannot pass
// because a normaliser went lax.
func TestGoldenNormalisers(t *testing.T) {
	tests := []struct {
		name, in, collapsed, stripped string
	}{
		{"newline", "a\ncut  off ", "a cut off", "a cut off"},
		{"dot-paren marker", "1.) The first item", "1.) The first item", "The first item"},
		{"paren marker", " 2)  The second ", "2) The second", "The second"},
		{"letter marker", "a. The first item", "a. The first item", "The first item"},
		{"bullet kept", "• 9. The first item", "• 9. The first item", "• 9. The first item"},
		{"no marker", "Hello World.", "Hello World.", "Hello World."},
		{"marker only", "1.", "1.", "1."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := collapseSpace(tt.in)
			if c != tt.collapsed {
				t.Errorf("collapseSpace(%q) = %q, want %q", tt.in, c, tt.collapsed)
			}
			if s := stripListMarker(c); s != tt.stripped {
				t.Errorf("stripListMarker(%q) = %q, want %q", c, s, tt.stripped)
			}
			if strings.IndexFunc(c, unicode.IsSpace) == 0 {
				t.Errorf("collapseSpace(%q) keeps leading space", tt.in)
			}
		})
	}
	if goldenMatch([]string{"a"}, []string{"a", "b"}, collapseSpace) {
		t.Error("goldenMatch accepted a length mismatch")
	}
	if goldenMatch([]string{"The first item."}, []string{"1) The first item"}, func(s string) string {
		return stripListMarker(collapseSpace(s))
	}) {
		t.Error("goldenMatch ignored a missing period")
	}
}
