package pipeline

// The supervised classifier's features, training and the choice of its regularisation: kept
// apart from stance.go so feature work does not touch the stage code.

import (
	"fmt"
	"math"

	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/classifier"
	"github.com/stanceshift/stanceshift/models/dictionary"
	"github.com/stanceshift/stanceshift/models/labels"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// Featurizer gives the classifier TF-IDF features (the corpus vocabulary) plus three dictionary
// features: the dictionary score, and the summed state-centric and multistakeholder evidence,
// each times DictWeight (0: the three are left out and the model uses TF-IDF alone).
type Featurizer struct {
	Vocab      *vectorize.Vocabulary
	TF         vectorize.Options
	Dict       *dictionary.Model
	DictWeight float64
}

// DefaultClassifierDictWeight scales the classifier's three dictionary features by default: 0,
// so by default the classifier uses the TF-IDF features alone. Under the same L2 penalty a
// feature scaled by w costs 1/w^2 as much to use. Chosen by a rule written before the runs
// (testdata/labels/TUNING.md, "The classifier's dictionary-feature weight"), on the one comparison
// no tuning had read: with the dictionary as it was before it was tuned on the validation set,
// validation macro-F1 was 0.687 at weight 1, 0.720 at 0.25, 0.769 at 0.1 and 0.05 and 0.782 at 0;
// no positive weight came within 0.01 of the best. The dictionary features carry the dictionary's
// tuning: on provisions its tuners read they look decisive (the classifier then leans on them),
// on a writer they never saw they cost about 0.1 macro-F1.
// Give a positive weight (--classifier-dict-weight) to use them, e.g. with a dictionary of your
// own that was not tuned on your labels.
const DefaultClassifierDictWeight = 0.0

// classifierDictWeight resolves an options' weight: 0 means DefaultClassifierDictWeight, a
// negative value none.
func classifierDictWeight(w float64) float64 {
	switch {
	case w == 0:
		return DefaultClassifierDictWeight
	case w < 0:
		return 0
	}
	return w
}

// Dim is the number of features.
func (f *Featurizer) Dim() int { return f.Vocab.Len() + 3 }

// FeatureName names feature i.
func (f *Featurizer) FeatureName(i int) string {
	if i < f.Vocab.Len() {
		return f.Vocab.Terms[i]
	}
	return [...]string{"dict:score", "dict:state_centric", "dict:multistakeholder"}[i-f.Vocab.Len()]
}

// Features computes one provision's feature vector.
func (f *Featurizer) Features(t models.Text) classifier.Vec {
	words := make([]string, 0, len(t.Tokens))
	for _, tok := range t.Tokens {
		if hasWordRune(tok.Text) {
			words = append(words, tok.Text)
		}
	}
	idx, val := f.Vocab.Row(vectorize.Terms(words, f.TF), f.TF)
	n, w := f.Vocab.Len(), f.DictWeight
	if w == 0 {
		return classifier.Vec{Idx: idx, Val: val}
	}
	s := f.Dict.Score(t)
	var pos, neg float64
	for _, e := range s.Evidence {
		if e.Contribution > 0 {
			pos += e.Contribution
		} else {
			neg -= e.Contribution
		}
	}
	score := s.Score
	if math.IsNaN(score) {
		score = 0
	}
	idx = append(idx, n, n+1, n+2)
	val = append(val, w*score, w*pos, w*neg)
	return classifier.Vec{Idx: idx, Val: val}
}

// fitClassifier trains the classifier on the labelled provisions of this corpus.
func (r *Result) fitClassifier(ls []labels.Label, dict *dictionary.Model, dictWeight float64, tf vectorize.Options) (models.Scorer, error) {
	if len(ls) == 0 {
		return nil, fmt.Errorf("no labels (give --labels or `labels:` in the manifest)")
	}
	f := &Featurizer{Vocab: r.Vocabulary, TF: tf, Dict: dict, DictWeight: classifierDictWeight(dictWeight)}
	x, y := r.labelledFeatures(ls, f, "")
	if len(x) == 0 {
		return nil, fmt.Errorf("none of the %d labels names a provision of this corpus", len(ls))
	}
	copt := classifier.Options{ClassWeight: "balanced", Seed: 1}
	copt.C = SelectC(x, y, f.Dim(), copt)
	m, err := classifier.Train(x, y, f.Dim(), copt)
	if err != nil {
		return nil, err
	}
	return classifier.WithFeaturizer(m, f), nil
}

// labelledFeatures returns the features and gold labels of the labelled provisions (of one
// split, or all when split is empty), in provisions.csv order.
func (r *Result) labelledFeatures(ls []labels.Label, f *Featurizer, split string) ([]classifier.Vec, []string) {
	gold := map[string]string{}
	for _, l := range ls {
		if split == "" || l.Split == split {
			gold[l.ProvisionID] = l.Stance
		}
	}
	texts := r.modelTexts()
	var x []classifier.Vec
	var y []string
	for d := range texts {
		for _, t := range texts[d] {
			if g, ok := gold[t.ID]; ok {
				x = append(x, f.Features(t))
				y = append(y, g)
			}
		}
	}
	return x, y
}

// SelectC picks the classifier's C by cross-validated macro-F1 on the data it is given (in eval:
// the train split only), ties to the smaller C. Calibration does not change the argmax, so the
// search runs uncalibrated.
func SelectC(x []classifier.Vec, y []string, dim int, opt classifier.Options) float64 {
	cands := CandidateOptions(opt)
	sel, err := classifier.Select(x, y, dim, cands)
	if err != nil {
		return CGrid[0]
	}
	return cands[sel.Best].C
}

// CandidateOptions is opt with each C of CGrid, smallest first: what SelectC chooses among.
func CandidateOptions(opt classifier.Options) []classifier.Options {
	out := make([]classifier.Options, len(CGrid))
	for i, c := range CGrid {
		out[i] = opt
		out[i].C = c
	}
	return out
}
