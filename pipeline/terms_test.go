package pipeline

import (
	"reflect"
	"testing"

	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// TestWordTermsMatchDocTerms checks the memoised terms and TF-IDF rows of the stream's passes
// against DocTerms and DocResult.SetVectors on the default corpus, under several options.
func TestWordTermsMatchDocTerms(t *testing.T) {
	r := defaultResult(t)
	def, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	noStem, noLower, minDF, bigrams := def, def, def, def
	noStem.Stem = false
	noLower.Lowercase = false
	minDF.MinDF = 3
	bigrams.Bigrams = true
	for _, tc := range []struct {
		name  string
		opt   vectorize.Options
		index bool // Vocabulary.BuildIndex, or the binary search of its sorted terms
		empty bool // an empty vocabulary
	}{
		{name: "default", opt: def, index: true},
		{name: "default, no index", opt: def},
		{name: "sklearn", opt: vectorize.SklearnOptions(), index: true},
		{name: "no stemming", opt: noStem, index: true},
		{name: "no lower-casing", opt: noLower, index: true},
		{name: "min df 3", opt: minDF, index: true},
		{name: "bigrams: DocTerms and SetVectors themselves", opt: bigrams, index: true},
		{name: "empty vocabulary", opt: def, empty: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acc, memoAcc := vectorize.NewDF(), vectorize.NewDF()
			w := newWordTerms(tc.opt, nil)
			for _, d := range r.Docs {
				want := DocTerms(d, tc.opt)
				if got := w.docTerms(d); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: docTerms differs from DocTerms", d.Doc.ID)
				}
				for _, p := range want {
					acc.Add(p)
				}
				newWordTerms(tc.opt, nil).addDF(d, memoAcc) // a memo per document, as in the first pass
			}
			if !reflect.DeepEqual(memoAcc, acc) {
				t.Fatalf("addDF counted N=%d, %d terms; Add over DocTerms N=%d, %d terms", memoAcc.N, len(memoAcc.DF), acc.N, len(acc.DF))
			}
			v := acc.Extract(tc.opt)
			if tc.empty {
				v = &vectorize.Vocabulary{}
			}
			if tc.index {
				v.BuildIndex()
			}
			w = newWordTerms(tc.opt, v)
			for _, shared := range r.Docs {
				d := *shared // the shared result's own rows stay as they are
				d.SetVectors(DocTerms(&d, tc.opt), v, tc.opt)
				want := d.Vecs
				w.setVectors(&d)
				if !reflect.DeepEqual(d.Vecs, want) {
					t.Fatalf("%s: setVectors differs from SetVectors", d.Doc.ID)
				}
				again := *shared // every provision text seen: the rows come from the memo
				w.setVectors(&again)
				if !reflect.DeepEqual(again.Vecs, want) {
					t.Fatalf("%s: setVectors of texts seen before differs from SetVectors", d.Doc.ID)
				}
				if tc.empty && !reflect.DeepEqual(want, make([]align.SparseVec, len(d.Provisions))) {
					t.Fatalf("%s: rows with an empty vocabulary", d.Doc.ID)
				}
			}
		})
	}
}
