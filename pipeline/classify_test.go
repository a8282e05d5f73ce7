package pipeline

import (
	"math"
	"testing"

	"github.com/stanceshift/stanceshift/models/dictionary"
)

// TestFeaturizerDictWeight: the three dictionary features are the dictionary's score and
// evidence sums times DictWeight, absent at weight 0; the TF-IDF features do not change.
func TestFeaturizerDictWeight(t *testing.T) {
	r := defaultResult(t)
	texts := r.modelTexts()
	tf, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	var withDict int // provisions whose dictionary score is defined and non-zero
	for _, tc := range []struct {
		name   string
		weight float64
	}{
		{"weight 1 (the dictionary's own values)", 1},
		{"weight 0.1", 0.1},
		{"weight 0: TF-IDF only", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref := &Featurizer{Vocab: r.Vocabulary, TF: tf, Dict: dictionary.Default(), DictWeight: 1}
			f := *ref
			f.DictWeight = tc.weight
			n := r.Vocabulary.Len()
			withDict = 0
			for d := range texts {
				for _, tx := range texts[d] {
					want, got := ref.Features(tx), f.Features(tx)
					nLex := 0
					for nLex < len(want.Idx) && want.Idx[nLex] < n {
						nLex++
					}
					if len(got.Idx) < nLex {
						t.Fatalf("%s: %d features, %d TF-IDF features at weight 1", tx.ID, len(got.Idx), nLex)
					}
					for i := range nLex {
						if got.Idx[i] != want.Idx[i] || got.Val[i] != want.Val[i] {
							t.Fatalf("%s: TF-IDF feature %d differs", tx.ID, i)
						}
					}
					rest := got.Idx[nLex:]
					if tc.weight == 0 {
						if len(rest) != 0 {
							t.Fatalf("%s: %d dictionary features at weight 0", tx.ID, len(rest))
						}
						continue
					}
					if len(rest) != 3 || rest[0] != n || rest[2] != n+2 {
						t.Fatalf("%s: dictionary feature indexes %v, want %d..%d", tx.ID, rest, n, n+2)
					}
					for k := range 3 {
						if w := tc.weight * want.Val[nLex+k]; math.Abs(got.Val[nLex+k]-w) > 1e-15 {
							t.Fatalf("%s: %s = %v, want %v", tx.ID, f.FeatureName(n+k), got.Val[nLex+k], w)
						}
					}
					if want.Val[nLex] != 0 {
						withDict++
					}
				}
			}
			if tc.weight != 0 && withDict < 10 {
				t.Errorf("only %d provisions with a dictionary score: the case does not exercise the weight", withDict)
			}
		})
	}
	for _, tc := range []struct {
		in, want float64
	}{{0, DefaultClassifierDictWeight}, {-1, 0}, {0.5, 0.5}, {2, 2}} {
		if got := classifierDictWeight(tc.in); got != tc.want {
			t.Errorf("classifierDictWeight(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
