package pipeline

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/pipeline/analyze"
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// memoRun is what one memo gave a sequence of documents: per document, its analyses, token
// numbers, keptFrom marks and warnings, and the texts given to the analysis, in order.
type memoRun struct {
	analyses [][]analyze.Provision
	nums     [][][]int32
	kept     [][]int32
	warnings [][]corpus.Warning
	analysed []string
}

// fakeAnalysis returns an analysis function for the memo tests: a text's analysis is one token
// per word, numbered by the word's first occurrence across the calls; a text starting with "!"
// fails (as a provision the layer panics on), and the analysed texts are recorded in *seen.
func fakeAnalysis(seen *[]string) func(string) (analyze.Provision, []int32, error) {
	ids := map[string]int32{}
	return func(text string) (analyze.Provision, []int32, error) {
		*seen = append(*seen, text)
		if strings.HasPrefix(text, "!") {
			return analyze.Provision{}, nil, errors.New("fails")
		}
		var p analyze.Provision
		var nums []int32
		for _, w := range strings.Fields(text) {
			id, ok := ids[w]
			if !ok {
				id = int32(len(ids))
				ids[w] = id
			}
			p.Tokens = append(p.Tokens, tokenize.Token{Text: w})
			nums = append(nums, id)
		}
		return p, nums, nil
	}
}

// memoDocs makes one document per list of provision texts, all of one instrument.
func memoDocs(versions [][]string) []*DocResult {
	var out []*DocResult
	for k, texts := range versions {
		d := &DocResult{Doc: &corpus.Document{ID: fmt.Sprintf("v%d", k)}, SourcePath: "memo"}
		for i, t := range texts {
			d.Provisions = append(d.Provisions, corpus.Provision{ID: fmt.Sprintf("v%d:%d", k, i), Text: t})
		}
		out = append(out, d)
	}
	return out
}

// runMemo analyses docs in order through analysisMemo (keyed false, the reference) or textMemo,
// and checks textMemo's text numbers: equal for equal texts, different for different ones.
func runMemo(t testing.TB, docs []*DocResult, keyed bool) memoRun {
	var out memoRun
	fn := fakeAnalysis(&out.analysed)
	var old analysisMemo
	var m textMemo
	numOf := map[string]int32{}
	textOf := map[int32]string{}
	for _, d := range docs {
		d.Warnings = nil
		if keyed {
			d.analyzeTexts(fn, &m)
			for i, p := range d.Provisions {
				n := d.textNums[i]
				if k, ok := numOf[p.Text]; ok && k != n {
					t.Fatalf("%s: text %q numbered %d, before %d", d.Doc.ID, p.Text, n, k)
				}
				if s, ok := textOf[n]; ok && s != p.Text {
					t.Fatalf("%s: number %d given to %q and %q", d.Doc.ID, n, s, p.Text)
				}
				numOf[p.Text], textOf[n] = n, p.Text
			}
			for n, s := range m.slots { // analysisMemo holds the last two documents' only
				if s.doc < m.doc-1 && (s.a.an.Tokens != nil || s.a.nums != nil) {
					t.Fatalf("%s: text %q keeps the analysis of document %d", d.Doc.ID, textOf[int32(n)], s.doc)
				}
			}
			if m.texts() != len(numOf) {
				t.Fatalf("%s: %d texts numbered, %d distinct", d.Doc.ID, m.texts(), len(numOf))
			}
		} else {
			d.analyzeMemo(fn, &old)
		}
		out.analyses = append(out.analyses, d.Analyses)
		out.nums = append(out.nums, d.tokenNums)
		out.kept = append(out.kept, d.keptFrom)
		out.warnings = append(out.warnings, d.Warnings)
	}
	return out
}

// checkTextMemo compares textMemo with analysisMemo on the same documents.
func checkTextMemo(t testing.TB, versions [][]string) {
	t.Helper()
	want := runMemo(t, memoDocs(versions), false)
	got := runMemo(t, memoDocs(versions), true)
	if !slices.Equal(got.analysed, want.analysed) {
		t.Fatalf("texts analysed %q, analysisMemo's %q", got.analysed, want.analysed)
	}
	for k := range versions {
		if !reflect.DeepEqual(got.analyses[k], want.analyses[k]) || !reflect.DeepEqual(got.nums[k], want.nums[k]) {
			t.Fatalf("version %d: analyses %v %v, analysisMemo's %v %v", k, got.analyses[k], got.nums[k], want.analyses[k], want.nums[k])
		}
		if !slices.Equal(got.kept[k], want.kept[k]) {
			t.Fatalf("version %d: keptFrom %v, analysisMemo's %v", k, got.kept[k], want.kept[k])
		}
		if !reflect.DeepEqual(got.warnings[k], want.warnings[k]) {
			t.Fatalf("version %d: warnings %v, analysisMemo's %v", k, got.warnings[k], want.warnings[k])
		}
	}
}

// TestTextMemoMatchesAnalysisMemo checks that the second pass's textMemo gives what
// analysisMemo gives (analyses, numbers, keptFrom marks, warnings, the texts analysed, in
// order), and numbers the texts one to one.
func TestTextMemoMatchesAnalysisMemo(t *testing.T) {
	for _, tt := range []struct {
		name     string
		versions [][]string
	}{
		{"one document", [][]string{{"a b", "c", "a b"}}},
		{"kept from the previous version", [][]string{{"a b", "c d"}, {"c d", "e", "a b"}}},
		{"repeated in both versions", [][]string{{"x", "a", "x"}, {"x", "x", "a", "x"}}},
		{"repeated in the new version only", [][]string{{"a"}, {"b", "b", "a", "b"}}},
		{"back after a version without it", [][]string{{"a", "b"}, {"b"}, {"a", "b"}, {"c"}, {"a"}}},
		{"failing text", [][]string{{"!x", "a", "!x"}, {"!x", "a"}}},
		{"empty texts and documents", [][]string{{"", "a", ""}, {}, {"", "a"}}},
		{"many versions", [][]string{{"a", "b", "c"}, {"b", "c", "d"}, {"c", "d", "a"}, {"a", "a", "b"}, {"d", "b", "a", "c"}}},
	} {
		t.Run(tt.name, func(t *testing.T) { checkTextMemo(t, tt.versions) })
	}
}

// FuzzTextMemo compares textMemo with analysisMemo on versions made of the fuzzer's bytes: each
// byte is a provision whose text is one of a few (the low bits, "!" texts failing), and a byte
// with the high bit set starts a new version.
func FuzzTextMemo(f *testing.F) {
	for _, seed := range []string{"", "\x00\x01\x80\x01\x00", "\x03\x03\x80\x03\x80\x80\x03", "\x07\x00\x87\x07\x00"} {
		f.Add([]byte(seed))
	}
	texts := []string{"a", "b c", "c", "a b", "", "b", "!x", "!y"}
	f.Fuzz(func(t *testing.T, b []byte) {
		versions := [][]string{{}}
		for _, c := range b {
			if c&0x80 != 0 {
				versions = append(versions, []string{})
			}
			versions[len(versions)-1] = append(versions[len(versions)-1], texts[c&7])
		}
		checkTextMemo(t, versions)
	})
}
