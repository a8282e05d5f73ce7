package pipeline

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/corpus/defaultcorpus"
	"github.com/stanceshift/stanceshift/pipeline/analyze"
	"github.com/stanceshift/stanceshift/pipeline/analyze/postag"
)

// memoVersions returns three versions of an instrument made of the default corpus's provisions,
// each a presplit document: the provisions as they are; every third one edited and the fifth
// dropped; the second version with its first provision repeated and an empty one added.
func memoVersions(t *testing.T, c *corpus.Corpus) []*DocResult {
	t.Helper()
	var texts []string
	for _, doc := range orderedDocs(c) {
		d, err := readOne(c, doc, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range d.Provisions {
			texts = append(texts, p.Text)
		}
	}
	v2 := make([]string, 0, len(texts))
	for i, s := range texts {
		switch {
		case i == 4:
		case i%3 == 0:
			v2 = append(v2, s+" As amended in 2016.")
		default:
			v2 = append(v2, s)
		}
	}
	v3 := append(append([]string(nil), v2...), v2[0], "")
	var out []*DocResult
	for k, v := range [][]string{texts, v2, v3} {
		d := &corpus.Document{ID: fmt.Sprintf("memo-%d", k+1), Instrument: "memo"}
		for i, s := range v {
			d.Presplit = append(d.Presplit, corpus.Provision{ID: fmt.Sprintf("%s:%d", d.ID, i+1), DocID: d.ID, Marker: fmt.Sprint(i + 1), Text: s})
		}
		out = append(out, must(PresplitDocument(d, "memo.csv", "")))
	}
	return out
}

// TestAnalyzeMemoEqualsAnalyze runs analyzeMemo over each instrument's versions, as the passes
// of Stream do, and compares every document's analyses and warnings with Analyze's, and its
// tokens' numbers with the pass's numbering of their texts. A provision found in the memo must
// share the memo's analysis (so the test fails when the memo is bypassed), and the versions
// that share provisions must find them there.
func TestAnalyzeMemoEqualsAnalyze(t *testing.T) {
	an, c := analyzerAndDefaultCorpus(t)
	var defaultDocs []*DocResult
	for _, doc := range orderedDocs(c) {
		d, err := readOne(c, doc, "")
		if err != nil {
			t.Fatal(err)
		}
		defaultDocs = append(defaultDocs, d)
	}
	def, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		docs    []*DocResult
		tokens  bool // analyzeMemo with Tokens (the first pass), else with Analyze
		minHits int  // provisions whose analysis must come from the memo
	}{
		{"default corpus", defaultDocs, false, 2},
		{"three versions", memoVersions(t, c), false, 40},
		{"default corpus, tokens", defaultDocs, true, 2},
		{"three versions, tokens", memoVersions(t, c), true, 40},
	} {
		t.Run(tt.name, func(t *testing.T) {
			plain := (*DocResult).Analyze
			if tt.tokens {
				plain = (*DocResult).AnalyzeTokens
			}
			var memo analysisMemo
			var fn func(string) (analyze.Provision, []int32, error)
			var numbering func(string) (int32, bool) // token text -> number, the pass's
			hits := 0
			for i, got := range tt.docs {
				if i == 0 || got.Doc.Instrument != tt.docs[i-1].Doc.Instrument {
					memo = analysisMemo{}
					if tt.tokens { // as the first pass does for a version run
						toks := &tokenIDs{}
						fn, numbering = toks.analysis(an), toks.numberOf
					} else { // as the second pass does for an instrument
						w := newWordTerms(def, nil)
						fn, numbering = w.analysis(an, &postag.Words{}, &firstSentences{}), w.numberOf
					}
				}
				want := *got
				want.Warnings = append([]corpus.Warning(nil), got.Warnings...)
				plain(&want, an)
				known := map[string]analyze.Provision{}
				for k, v := range memo.cur {
					known[k] = v.an
				}
				var prev *DocResult // the document before, in the same memo
				if i > 0 && got.Doc.Instrument == tt.docs[i-1].Doc.Instrument {
					prev = tt.docs[i-1]
				}
				got.analyzeMemo(fn, &memo)
				checkKeptFrom(t, got, prev, known)
				if !reflect.DeepEqual(got.Analyses, want.Analyses) || !reflect.DeepEqual(got.Warnings, want.Warnings) {
					t.Fatalf("%s: analyzeMemo differs from Analyze", got.Doc.ID)
				}
				for j, p := range got.Provisions {
					toks := got.Analyses[j].Tokens
					if len(got.tokenNums[j]) != len(toks) {
						t.Fatalf("%s: provision %s: %d numbers for %d tokens", got.Doc.ID, p.ID, len(got.tokenNums[j]), len(toks))
					}
					for k, tok := range toks {
						if n, ok := numbering(tok.Text); !ok || got.tokenNums[j][k] != n {
							t.Fatalf("%s: provision %s token %d %q numbered %d, the pass's number %d (%v)", got.Doc.ID, p.ID, k, tok.Text, got.tokenNums[j][k], n, ok)
						}
					}
					if k, ok := known[p.Text]; ok && len(k.Tokens) > 0 {
						if &got.Analyses[j].Tokens[0] != &k.Tokens[0] {
							t.Fatalf("%s: provision %s analysed again, not taken from the memo", got.Doc.ID, p.ID)
						}
						hits++
					}
				}
			}
			if hits < tt.minHits {
				t.Errorf("%d provisions from the memo, want at least %d", hits, tt.minHits)
			}
		})
	}
}

// checkKeptFrom checks d.keptFrom after analyzeMemo: a provision marked as the previous
// document's (prev) or as an earlier one of d has that provision's text and analysis; one marked
// as analysed has a text neither the memo (known: its texts before the call) nor an earlier
// provision of d had.
func checkKeptFrom(t *testing.T, d, prev *DocResult, known map[string]analyze.Provision) {
	t.Helper()
	if len(d.keptFrom) != len(d.Provisions) {
		t.Fatalf("%s: %d keptFrom marks for %d provisions", d.Doc.ID, len(d.keptFrom), len(d.Provisions))
	}
	for j, p := range d.Provisions {
		var src *DocResult
		k := int(d.keptFrom[j])
		switch {
		case k == noSource:
			if _, ok := known[p.Text]; ok {
				t.Fatalf("%s: provision %s marked as analysed, its text in the memo", d.Doc.ID, p.ID)
			}
			for _, q := range d.Provisions[:j] {
				if q.Text == p.Text {
					t.Fatalf("%s: provision %s marked as analysed, its text an earlier provision's", d.Doc.ID, p.ID)
				}
			}
			continue
		case k >= 0:
			src = prev
		default:
			src, k = d, -2-k
			if k >= j {
				t.Fatalf("%s: provision %s marked as taken from provision %d of its document", d.Doc.ID, p.ID, k)
			}
		}
		if src == nil || k >= len(src.Provisions) || src.Provisions[k].Text != p.Text ||
			!reflect.DeepEqual(src.Analyses[k], d.Analyses[j]) || !slices.Equal(src.tokenNums[k], d.tokenNums[j]) {
			t.Fatalf("%s: provision %s marked as taken from provision %d of another document or this one (%d), which differs", d.Doc.ID, p.ID, k, d.keptFrom[j])
		}
	}
}

func TestVersionRuns(t *testing.T) {
	docs := func(instruments ...string) []*corpus.Document {
		var out []*corpus.Document
		for _, in := range instruments {
			out = append(out, &corpus.Document{Instrument: in})
		}
		return out
	}
	many := make([]string, 32)
	for i := range many {
		many[i] = "a"
	}
	for _, tt := range []struct {
		name    string
		docs    []*corpus.Document
		workers int
		want    [][2]int
	}{
		{"none", nil, 2, nil},
		{"few documents: one each", docs("a", "a", "b"), 2, [][2]int{{0, 1}, {1, 2}, {2, 3}}},
		{"one instrument, cut at 32/16", docs(many...), 2, [][2]int{{0, 2}, {2, 4}, {4, 6}, {6, 8}, {8, 10}, {10, 12}, {12, 14}, {14, 16}, {16, 18}, {18, 20}, {20, 22}, {22, 24}, {24, 26}, {26, 28}, {28, 30}, {30, 32}}},
		{"instruments", docs(append(append([]string{"a", "a", "a"}, many[:13]...), "b", "c", "c")...), 1, [][2]int{{0, 2}, {2, 4}, {4, 6}, {6, 8}, {8, 10}, {10, 12}, {12, 14}, {14, 16}, {16, 17}, {17, 19}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionRuns(tt.docs, tt.workers); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("versionRuns = %v, want %v", got, tt.want)
			}
		})
	}
}

// analyzerAndDefaultCorpus returns a new Analyzer and the embedded default corpus, the inputs
// of the memo tests.
func analyzerAndDefaultCorpus(t *testing.T) (*analyze.Analyzer, *corpus.Corpus) {
	t.Helper()
	an, err := analyze.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := corpus.LoadManifest(defaultcorpus.FS(), corpus.ManifestName, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	return an, c
}

// numberOf returns the number t.numbers gave the token text s, if any.
func (t *tokenIDs) numberOf(s string) (int32, bool) { return numberIn(t.short, t.m, s) }

// numberOf returns the number w.number gave the token text s, if any.
func (w *wordTerms) numberOf(s string) (int32, bool) { return numberIn(w.short, w.m, s) }

// numberIn returns the number of the token text s in a numbering kept in short (short texts)
// and m (the others), if s has one.
func numberIn(short shortNums, m map[string]int32, s string) (int32, bool) {
	if k := shortKey(s); k >= 0 {
		if short.ids == nil || short.ids[k] == 0 {
			return 0, false
		}
		return short.ids[k] - 1, true
	}
	id, ok := m[s]
	return id, ok
}
