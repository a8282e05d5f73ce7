package pipeline

import (
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// TestWordTermsIDFOfMatchesWordIDF checks the IDF by token number that the second pass gives the
// key phrases (wordTerms.idfOf, through keyphrase.Session.SetNumberedIDF) against WordIDF of the
// token's lower case, on the default corpus's documents numbered and weighed by one wordTerms as
// the second pass does; and that it answers for some tokens exactly when the options give a term
// per token of its lower case (lower-casing, no bigrams) and the vocabulary has terms.
func TestWordTermsIDFOfMatchesWordIDF(t *testing.T) {
	r := defaultResult(t)
	def, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	noStem, noLower, bigrams := def, def, def
	noStem.Stem = false
	noLower.Lowercase = false
	bigrams.Bigrams = true
	for _, tc := range []struct {
		name    string
		opt     vectorize.Options
		empty   bool // an empty vocabulary
		answers bool
	}{
		{name: "default", opt: def, answers: true},
		{name: "sklearn", opt: vectorize.SklearnOptions(), answers: true},
		{name: "no stemming", opt: noStem, answers: true},
		{name: "no lower-casing", opt: noLower},
		{name: "bigrams", opt: bigrams},
		{name: "empty vocabulary", opt: def, empty: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acc := vectorize.NewDF()
			for _, d := range r.Docs {
				for _, p := range DocTerms(d, tc.opt) {
					acc.Add(p)
				}
			}
			v := acc.Extract(tc.opt)
			if tc.empty {
				v = &vectorize.Vocabulary{}
			}
			v.BuildIndex()
			w, wordIDF, answered := newWordTerms(tc.opt, v), WordIDF(v, tc.opt), 0
			for _, shared := range r.Docs {
				d := *shared // the shared result's own rows stay as they are
				numberDoc(&d, w.number)
				w.setVectors(&d)
				for j, an := range d.Analyses {
					for k, tok := range an.Tokens {
						got, ok := w.idfOf(d.tokenNums[j][k])
						if !ok {
							continue
						}
						answered++
						if want := wordIDF(strings.ToLower(tok.Text)); got != want {
							t.Fatalf("%s: token %q: idfOf %v, WordIDF of its lower case %v", d.Doc.ID, tok.Text, got, want)
						}
					}
				}
			}
			if (answered > 0) != tc.answers {
				t.Fatalf("idfOf answered for %d tokens; want answers: %v", answered, tc.answers)
			}
		})
	}
}
