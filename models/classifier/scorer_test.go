package classifier

import (
	"math"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/models"
)

// trainedStance trains on the small stance corpus with a bag-of-words featurizer.
func trainedStance(t testing.TB) (*Model, *bow) {
	t.Helper()
	texts, labels := stanceCorpus()
	f := newBow(vocabOf(texts)...)
	x := make([]Vec, len(texts))
	for i, tx := range texts {
		x[i] = f.Features(tx)
	}
	m, err := Train(x, labels, f.Dim(), Options{C: 10, Folds: 4, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return m, f
}

func TestScore(t *testing.T) {
	m, f := trainedStance(t)
	s := WithFeaturizer(m, f)
	if s.Name() != models.NameClassifier {
		t.Errorf("Name %q", s.Name())
	}
	if lo, hi := s.Range(); lo != -1 || hi != 1 {
		t.Errorf("Range %v %v", lo, hi)
	}
	if m.feat != nil || len(m.FeatureNames) != 0 {
		t.Error("WithFeaturizer modified the model it was given")
	}
	for _, tc := range []struct {
		name, text, label string
		sign              float64
		evidence          string // a term expected in the evidence, located in the text
	}{
		{"state-centric", "The sovereignty of States over their information space", models.StateCentric, 1, "sovereignty"},
		{"multistakeholder", "Civil society and the private sector in their respective roles", models.Multistakeholder, -1, "civil"},
		{"neutral", "The working group shall meet at the next session", models.Neutral, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tx := text(tc.name, tc.text)
			got := s.Score(tx)
			p := m.PredictProba(f.Features(tx))
			if want := p[2] - p[0]; got.Score != want {
				t.Errorf("score %v, want P(sc)-P(ms) = %v", got.Score, want)
			}
			if got.Label != tc.label {
				t.Errorf("label %q, want %q (score %v, probabilities %v)", got.Label, tc.label, got.Score, p)
			}
			if tc.sign != 0 && got.Score*tc.sign <= 0 {
				t.Errorf("score %v has the wrong sign", got.Score)
			}
			if got.Confidence != p[argmax(p)] || !math.IsNaN(got.SE) || !math.IsNaN(got.CILow) {
				t.Errorf("confidence %v (want %v), SE %v, CI %v", got.Confidence, p[argmax(p)], got.SE, got.CILow)
			}
			if len(got.Evidence) == 0 || len(got.Evidence) > MaxEvidence {
				t.Fatalf("%d evidence entries", len(got.Evidence))
			}
			found := tc.evidence == ""
			for i, e := range got.Evidence {
				if i > 0 && math.Abs(e.Contribution) > math.Abs(got.Evidence[i-1].Contribution) {
					t.Errorf("evidence not sorted by |contribution|: %+v", got.Evidence)
				}
				if e.Start >= 0 && !strings.EqualFold(tx.Text[e.Start:e.End], e.Term) {
					t.Errorf("evidence %q located at %q", e.Term, tx.Text[e.Start:e.End])
				}
				if e.Term == tc.evidence {
					found = true
					if e.Start < 0 || e.Contribution*tc.sign <= 0 {
						t.Errorf("evidence %+v: want located, contribution of sign %v", e, tc.sign)
					}
				}
			}
			if !found {
				t.Errorf("%q not in evidence %+v", tc.evidence, got.Evidence)
			}
		})
	}
	for _, tc := range []struct {
		name string
		s    models.Scorer
		text string
	}{
		{"unknown words", s, "Zzz qqq"},
		{"empty text", s, ""},
		{"no featurizer", m, "States sovereignty"},
		{"nil model", WithFeaturizer(nil, f), "States sovereignty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.s.Score(text("x", tc.text))
			if !math.IsNaN(got.Score) || got.Label != models.Neutral || got.Evidence != nil {
				t.Errorf("got %+v, want NaNScore", got)
			}
		})
	}
}

func TestScoreDocument(t *testing.T) {
	m, f := trainedStance(t)
	s := WithFeaturizer(m, f)
	provs := []models.Text{
		text("1", "States have sovereignty over the information space"),
		text("2", "Civil society and the private sector participate"),
		text("3", "qqq zzz"), // nothing to score: left out
		text("4", "Sovereign right of States to control information"),
	}
	doc := s.ScoreDocument(provs)
	var scores []float64
	for _, p := range provs {
		if sc := s.Score(p); !math.IsNaN(sc.Score) {
			scores = append(scores, sc.Score)
		}
	}
	if len(scores) != 3 {
		t.Fatalf("%d scorable provisions, want 3", len(scores))
	}
	mean := (scores[0] + scores[1] + scores[2]) / 3
	if math.Abs(doc.Score-mean) > 1e-12 {
		t.Errorf("document score %v, want the mean provision score %v", doc.Score, mean)
	}
	v := 0.0
	for _, x := range scores {
		v += (x - mean) * (x - mean)
	}
	if se := math.Sqrt(v/2) / math.Sqrt(3); math.Abs(doc.SE-se) > 1e-12 {
		t.Errorf("SE %v, want %v", doc.SE, se)
	}
	if doc.CILow < -1 || doc.CIHigh > 1 || doc.CILow > doc.Score || doc.CIHigh < doc.Score {
		t.Errorf("interval [%v, %v] around %v", doc.CILow, doc.CIHigh, doc.Score)
	}
	if doc.Label != models.StateCentric {
		t.Errorf("label %q, want state_centric (score %v)", doc.Label, doc.Score)
	}
	for _, e := range doc.Evidence {
		if e.Start != -1 || e.End != -1 {
			t.Errorf("document evidence %+v should not be located", e)
		}
	}
	one := s.ScoreDocument(provs[:1])
	if one.Score != s.Score(provs[0]).Score || !math.IsNaN(one.SE) {
		t.Errorf("one-provision document %+v", one)
	}
	if none := s.ScoreDocument(provs[2:3]); !math.IsNaN(none.Score) {
		t.Errorf("document with nothing to score: %+v", none)
	}
}

func TestLocate(t *testing.T) {
	tx := text("x", "The Private  Sector and civil society; private sector")
	for _, tc := range []struct {
		term       string
		start, end int
	}{
		{"private sector", 4, 19},
		{"civil society", 24, 37},
		{"and civil", 20, 29},
		{"society private", -1, -1}, // ";" is a token between them
		{"sector and", 13, 23},
		{"absent", -1, -1},
		{"", -1, -1},
		{"dict:sovereignty", -1, -1},
	} {
		t.Run(tc.term, func(t *testing.T) {
			s, e := locate(tc.term, tx.Tokens)
			if s != tc.start || e != tc.end {
				t.Errorf("locate = %d, %d, want %d, %d", s, e, tc.start, tc.end)
			}
		})
	}
}
