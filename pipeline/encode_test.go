package pipeline

import (
	"bytes"
	"math"
	"slices"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/pipeline/analyze/keyphrase"
	"github.com/stanceshift/stanceshift/results"
)

// encodeCase is an instrument's versions whose provisions share phrase slices, scores and
// concept mentions the way a keyphrase.Session and the second pass's memos share them, or
// differ from them.
type encodeCase struct {
	name string
	r    *Result
}

// encodeCases builds the Results of TestEncodersMatchRows.
func encodeCases() []encodeCase {
	phrases := func(n int, text string) []keyphrase.Phrase {
		ps := make([]keyphrase.Phrase, n)
		for k := range ps {
			ps[k] = keyphrase.Phrase{Text: text + string(rune('a'+k)), Score: 1.0 / float64(k+3), Count: k + 1, FirstStart: 7 * k}
		}
		return ps
	}
	doc := func(id string, provs []corpus.Provision, ps [][]keyphrase.Phrase) *DocResult {
		return &DocResult{Doc: &corpus.Document{ID: id}, Provisions: provs, Phrases: ps, DocPhrases: phrases(12, id+" doc ")}
	}
	prov := func(id, text string) corpus.Provision { return corpus.Provision{ID: id, Text: text} }
	score := func(s float64, ev ...models.Evidence) models.Score {
		return models.Score{Score: s, SE: math.NaN(), CILow: s - 0.1, CIHigh: s + 0.1, Label: "Neutral", Confidence: 0.5, Evidence: ev}
	}
	ev := func(term string, c float64) models.Evidence { return models.Evidence{Term: term, Contribution: c} }

	shared := phrases(12, "kept, \"quoted\" ") // more than KeyphraseTopN, quotes in the phrases
	few := phrases(3, "few ")
	kept := func() *Result {
		d1 := doc("x@1", []corpus.Provision{prov("x@1:1", "kept"), prov("x@1:2", "short"), prov("x@1:3", "gone")},
			[][]keyphrase.Phrase{shared, few, phrases(2, "gone ")})
		d2 := doc("x@2", []corpus.Provision{prov("x@2,\"1\"", "kept"), prov("x@2:2", "short"), prov("x@2:3", "new")},
			[][]keyphrase.Phrase{shared, few, phrases(5, "new ")})
		d3 := doc("x@3", []corpus.Provision{prov("x@3:1", "kept"), prov("x@3:2", "short")},
			[][]keyphrase.Phrase{shared, few[:2]}) // the same first element, fewer phrases
		mentions := []ConceptMention{{Concept: "sovereignty", Start: 0, End: 4, Matched: "kept"},
			{Concept: "multistakeholder", Start: 2, End: 9, Matched: "a \"b\", c"}}
		concepts := [][][]ConceptMention{
			{mentions, nil, mentions[1:]},
			{mentions, slices.Clone(mentions[:1]), nil}, // kept, then equal mentions in a slice of their own
			{mentions[:1]}, // the same first element, fewer mentions
		}
		return &Result{Docs: []*DocResult{d1, d2, d3}, Concepts: concepts, Scores: []ModelScores{
			{Name: "dictionary", Prov: [][]models.Score{
				{score(0.5, ev("a", 1), ev("b, \"c\"", -0.5)), score(math.NaN()), score(0.1)},
				{score(0.5, ev("a", 1), ev("b, \"c\"", -0.5)), score(math.NaN()), score(0.2)},
				{score(0.5, ev("a", 1), ev("b, \"c\"", -0.25)), score(math.NaN())}, // kept, other evidence
			}},
			{Name: "lss", Prov: [][]models.Score{
				{score(0.25), score(1), score(0)},
				{score(0.25), score(1), score(0.3)},
				{score(0.75), score(1)}, // kept, another score
			}},
		}}
	}
	return []encodeCase{
		{"no documents", &Result{}},
		{"documents without phrases or scores", &Result{Docs: []*DocResult{{Doc: &corpus.Document{ID: "e@1"},
			Provisions: []corpus.Provision{prov("e@1:1", "t")}}}}},
		{"kept provisions, changed ones, quotes and NaN", kept()},
		{"fewer phrase lists than provisions", &Result{Docs: []*DocResult{doc("y@1",
			[]corpus.Provision{prov("y@1:1", "a"), prov("y@1:2", "b")}, [][]keyphrase.Phrase{few})}}},
	}
}

// The encoders Stream uses for keyphrases.csv, stance.csv and concept_mentions.csv must give the bytes of the rows
// the Result's builders give, copying or not.
func TestEncodersMatchRows(t *testing.T) {
	for _, tc := range encodeCases() {
		t.Run(tc.name, func(t *testing.T) {
			checkEncoder(t, "keyphrases", tc.r.KeyphraseRows(), tc.r.encodeKeyphraseRows)
			checkEncoder(t, "stance", tc.r.StanceRows(), tc.r.encodeStanceRows)
			checkEncoder(t, "concept mentions", tc.r.ConceptMentionRows(), tc.r.encodeConceptMentionRows)
		})
	}
}

// checkEncoder checks that encode appends to a buffer (after what it holds) the bytes
// results.EncodeRows appends for rows.
func checkEncoder[R results.Row](t *testing.T, name string, rows []R, encode func(*bytes.Buffer)) {
	t.Helper()
	var want, got bytes.Buffer
	got.WriteString("before\n") // rows are appended after what the buffer holds
	want.WriteString("before\n")
	if err := results.EncodeRows(&want, rows); err != nil {
		t.Fatal(err)
	}
	encode(&got)
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("%s:%s", name, firstDiff(got.Bytes(), want.Bytes()))
	}
}
