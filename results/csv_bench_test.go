package results

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchWords are the words the benchmark rows are built from: the policy vocabulary of the
// bench corpus, so field lengths are like those of the 10MB run's reports.
var benchWords = strings.Fields("noting the digital divide in line with their national legislation and cooperation " +
	"private sector civil society critical information infrastructure full respect for human rights prevention " +
	"of conflict within jurisdiction multilateral transparent democratic states should coordinate incident response")

func benchPhrase(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = benchWords[r.IntN(len(benchWords))]
	}
	return strings.Join(ws, " ")
}

func benchEvidence(r *rand.Rand, n int) string {
	terms := make([]string, n)
	contrib := make([]float64, n)
	for i := range terms {
		terms[i] = benchWords[r.IntN(len(benchWords))]
		contrib[i] = r.NormFloat64() * 0.05
	}
	return EvidenceString(terms, contrib)
}

// benchRows builds n rows of each of the reports that dominate the bytes a run writes
// (keyphrases.csv, stance.csv, provisions.csv, alignment.csv, concept_mentions.csv, shifts.csv
// at 10 MB of input), with the shapes of those reports' rows.
type benchRowSet struct {
	stance     []StanceRow
	keyphrases []KeyphraseRow
	provisions []ProvisionRow
	alignment  []AlignmentRow
	mentions   []ConceptMentionRow
	shifts     []ShiftRow
}

func benchRows(n int) benchRowSet {
	r := rand.New(rand.NewPCG(1, 2))
	var s benchRowSet
	for i := range n {
		doc := fmt.Sprintf("code-%05d-%d", i/500, 2000+i%7)
		prov := fmt.Sprintf("%s:p%d", doc, i%500)
		text := benchPhrase(r, 10+r.IntN(30)) + ", " + benchPhrase(r, 5+r.IntN(10)) + "."
		s.stance = append(s.stance, StanceRow{ProvisionID: prov, DocID: doc, Model: "lss", Score: r.NormFloat64() * 0.1,
			SE: r.Float64() * 0.05, CILow: r.NormFloat64() * 0.1, CIHigh: r.NormFloat64() * 0.1, Label: "multistakeholder",
			Confidence: r.Float64(), Evidence: benchEvidence(r, 1+r.IntN(10))})
		s.keyphrases = append(s.keyphrases, KeyphraseRow{Scope: "provision", ScopeID: prov, Rank: 1 + i%10,
			Phrase: benchPhrase(r, 1+r.IntN(4)), Score: r.Float64() * 40, Count: 1 + r.IntN(40), FirstStart: r.IntN(20000)})
		s.provisions = append(s.provisions, ProvisionRow{ProvisionID: prov, DocID: doc, Instrument: doc[:10], Version: doc[11:],
			Ordinal: i % 500, Marker: fmt.Sprintf("p%d", i%500), Section: "operative", Provenance: "source",
			Start: i * 150, End: i*150 + len(text), NWords: 20, Text: text})
		s.alignment = append(s.alignment, AlignmentRow{Instrument: doc[:10], FromDoc: doc, ToDoc: doc, FromProvision: prov,
			ToProvision: prov, Status: "modified", Similarity: r.Float64(), WordsAdded: r.IntN(10), WordsDeleted: r.IntN(10), Diff: text})
		s.mentions = append(s.mentions, ConceptMentionRow{ProvisionID: prov, DocID: doc, Concept: "capacity_building",
			Start: r.IntN(300), End: r.IntN(300), MatchedText: benchPhrase(r, 2)})
		s.shifts = append(s.shifts, ShiftRow{Instrument: doc[:10], FromProvision: prov, ToProvision: prov, Status: "unchanged",
			Model: "dictionary", ScoreFrom: r.NormFloat64() * 0.1, ScoreTo: r.NormFloat64() * 0.1, Delta: r.NormFloat64() * 0.01,
			Direction: "none", EvidenceAdded: benchEvidence(r, r.IntN(3)), EvidenceRemoved: benchEvidence(r, r.IntN(3))})
	}
	return s
}

func benchEncode[T Row](b *testing.B, rows []T) {
	var buf bytes.Buffer
	if err := EncodeRows(&buf, rows); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := EncodeRows(&buf, rows); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeRows encodes 10,000 rows of each large report, as the pipeline's csvSink does
// per instrument (EncodeRows into a reused buffer).
func BenchmarkEncodeRows(b *testing.B) {
	s := benchRows(10000)
	b.Run("stance", func(b *testing.B) { benchEncode(b, s.stance) })
	b.Run("keyphrases", func(b *testing.B) { benchEncode(b, s.keyphrases) })
	b.Run("provisions", func(b *testing.B) { benchEncode(b, s.provisions) })
	b.Run("alignment", func(b *testing.B) { benchEncode(b, s.alignment) })
	b.Run("concept_mentions", func(b *testing.B) { benchEncode(b, s.mentions) })
	b.Run("shifts", func(b *testing.B) { benchEncode(b, s.shifts) })
}

// BenchmarkCSVStr appends fields of the lengths and kinds that make up most of the largest
// reports: ids, single words, key phrases, labels, and a long provision text.
func BenchmarkCSVStr(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	fields := []struct {
		name string
		strs []string
	}{
		{"id", []string{"code-00012-2003:p147", "code-00012-2003", "cyber-00007-2019:p12"}},
		{"word", []string{"lss", "noting", "the", "rights", "states"}},
		{"phrase", []string{benchPhrase(r, 1), benchPhrase(r, 2), benchPhrase(r, 3), benchPhrase(r, 2)}},
		{"label", []string{"provision", "multistakeholder", "dictionary", "modified"}},
		{"text", []string{benchPhrase(r, 30) + ", " + benchPhrase(r, 8) + "."}},
	}
	for _, f := range fields {
		b.Run(f.name, func(b *testing.B) {
			dst := make([]byte, 0, 1<<16)
			for b.Loop() {
				dst = dst[:0]
				for range 100 {
					for _, s := range f.strs {
						dst = csvStr(dst, s)
					}
				}
			}
		})
	}
}
