package pipeline

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/pipeline/align"
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
		// evidence lists longer than evidenceShort, sharing some terms
		long := func(from, n int) []models.Evidence {
			ev := make([]models.Evidence, n)
			for k := range ev {
				ev[k] = models.Evidence{Term: "t" + strconv.Itoa(from+k), Contribution: float64(k) / 7}
			}
			return ev
		}
		pair := func(from, to string, st align.Status) align.Pair { return align.Pair{From: from, To: to, Status: st} }
		versions := []VersionPair{
			{Instrument: "x", From: d1, To: d2, FromIdx: 0, ToIdx: 1, Pairs: []align.Pair{
				pair("x@1:1", "x@2,\"1\"", align.Unchanged), pair("x@1:2", "x@2:2", align.Modified),
				pair("x@1:3", "", align.Deleted), pair("", "x@2:3", align.Added),
				pair("x@1:9", "x@2:3", align.Moved)}}, // an id no provision has
			{Instrument: "x", From: d2, To: d3, FromIdx: 1, ToIdx: 2, Pairs: []align.Pair{
				pair("x@2:3", "x@3:1", align.Split), pair("x@2,\"1\"", "x@3:1", align.Merged),
				pair("x@2:2", "x@3:2", align.Unchanged)}},
		}
		return &Result{Docs: []*DocResult{d1, d2, d3}, Concepts: concepts, Versions: versions, ShiftBand: 0.05, Scores: []ModelScores{
			{Name: "dictionary", Prov: [][]models.Score{
				{score(0.5, ev("a", 1), ev("b, \"c\"", -0.5)), score(math.NaN()), score(0.1, ev("a", 0.2), ev(" e:f", -1))},
				{score(0.5, ev("a", 1), ev("b, \"c\"", -0.5)), score(math.NaN()), score(0.2, ev("c;d", 0.3), ev("a", 0.1))},
				{score(0.5, ev("a", 1), ev("b, \"c\"", -0.25)), score(math.NaN())}, // kept, other evidence
			}},
			{Name: "lss", Prov: [][]models.Score{
				{score(0.25), score(1), score(0)},
				{score(0.25), score(1), score(0.3)},
				{score(0.75), score(1)}, // kept, another score
			}},
			{Name: "long", Prov: [][]models.Score{
				{score(0.1, long(0, 20)...), score(0.2, long(5, 20)...), score(0.3, long(0, 3)...)},
				{score(0.1, long(0, 20)...), score(0.4, long(10, 18)...), score(0.5, long(2, 17)...)},
				{score(0.2, long(1, 20)...), score(0.2, long(5, 20)...)},
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

// The encoders Stream uses for keyphrases.csv, stance.csv, shifts.csv and concept_mentions.csv must give the bytes of the rows
// the Result's builders give, copying or not.
func TestEncodersMatchRows(t *testing.T) {
	for _, tc := range encodeCases() {
		t.Run(tc.name, func(t *testing.T) {
			checkEncoder(t, "keyphrases", tc.r.KeyphraseRows(), tc.r.encodeKeyphraseRows)
			checkEncoder(t, "stance", tc.r.StanceRows(), tc.r.encodeStanceRows)
			checkEncoder(t, "concept mentions", tc.r.ConceptMentionRows(), tc.r.encodeConceptMentionRows)
			checkEncoder(t, "shifts", tc.r.ShiftRows(), tc.r.encodeShiftRows)
			// the stream's Results: the provision texts numbered (textMemo's numbering)
			numberTexts(tc.r)
			if !tc.r.textsNumbered() && len(tc.r.Docs) > 0 {
				t.Fatal("texts not numbered")
			}
			checkEncoder(t, "stance, texts numbered", tc.r.StanceRows(), tc.r.encodeStanceRows)
		})
	}
}

// numberTexts sets the textNums of r's documents: its distinct provision texts numbered in
// order of first occurrence, as the stream's second pass numbers an instrument's.
func numberTexts(r *Result) {
	nums := map[string]int32{}
	for _, d := range r.Docs {
		d.textNums = make([]int32, len(d.Provisions))
		for i, p := range d.Provisions {
			n, ok := nums[p.Text]
			if !ok {
				n = int32(len(nums))
				nums[p.Text] = n
			}
			d.textNums[i] = n
		}
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
