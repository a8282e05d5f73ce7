package classifier

import (
	"math"
	"slices"
	"strings"

	"github.com/stanceshift/stanceshift/models"
)

// MaxEvidence is the number of features listed in Score.Evidence.
const MaxEvidence = 10

// z95 is the standard normal quantile at 0.975.
const z95 = 1.959963984540054

var _ models.Scorer = (*Model)(nil)

// WithFeaturizer returns a copy of m that scores texts through f (m itself is not changed; the
// copy shares W and B, which are never modified). When m has no FeatureNames, the copy takes them
// from f. f must be the featurizer the model was trained with: features f reports outside
// [0, m.Dim) are ignored.
func WithFeaturizer(m *Model, f Featurizer) models.Scorer {
	if m == nil {
		return (*Model)(nil)
	}
	c := *m
	c.feat = f
	if len(c.FeatureNames) == 0 && f != nil && f.Dim() == m.Dim {
		c.FeatureNames = make([]string, m.Dim)
		for i := range c.FeatureNames {
			c.FeatureNames[i] = f.FeatureName(i)
		}
	}
	return &c
}

// Name returns models.NameClassifier.
func (m *Model) Name() string { return models.NameClassifier }

// Range returns [-1, 1], the range of P(state_centric) − P(multistakeholder).
func (m *Model) Range() (lo, hi float64) { return -1, 1 }

// classIndex returns the positions of the state-centric and multistakeholder classes (-1 if absent).
func classIndex(classes []string) (sc, ms int) {
	sc, ms = -1, -1
	for i, c := range classes {
		switch c {
		case models.StateCentric:
			sc = i
		case models.Multistakeholder:
			ms = i
		}
	}
	return sc, ms
}

func signedScore(p []float64, sc, ms int) float64 {
	s := 0.0
	if sc >= 0 {
		s += p[sc]
	}
	if ms >= 0 {
		s -= p[ms]
	}
	return s
}

// scored is one featurized, predicted text.
type scored struct {
	x     Vec
	proba []float64
}

// predictText featurizes and predicts t; ok is false when there is nothing to score.
func (m *Model) predictText(t models.Text) (scored, bool) {
	if m == nil || m.feat == nil || len(m.Classes) == 0 {
		return scored{}, false
	}
	x := m.feat.Features(t)
	n := min(len(x.Idx), len(x.Val))
	nonzero := false
	for k := 0; k < n; k++ {
		if j := x.Idx[k]; j >= 0 && j < m.Dim && x.Val[k] != 0 {
			nonzero = true
		}
	}
	if !nonzero {
		return scored{}, false
	}
	p := m.PredictProba(x)
	if math.IsNaN(p[0]) {
		return scored{}, false
	}
	return scored{x: x, proba: p}, true
}

// Score scores one provision: Score = P(state_centric) − P(multistakeholder), Label the most
// probable class, Confidence its probability, SE and CI NaN. A text with no feature inside the
// model (or a model without a featurizer) gets models.NaNScore(). Evidence lists up to MaxEvidence
// features by |x_j·(w_sc,j − w_ms,j)/T|, their contribution to the calibrated log-odds of
// state_centric over multistakeholder (not a share of Score, which is not linear in them).
func (m *Model) Score(t models.Text) models.Score {
	s, ok := m.predictText(t)
	if !ok {
		return models.NaNScore()
	}
	out := m.baseScore(s.proba)
	contrib := m.contributions(s.x, nil, 1)
	out.Evidence = m.evidence(contrib, &t)
	return out
}

func (m *Model) baseScore(p []float64) models.Score {
	sc, ms := classIndex(m.Classes)
	a := argmax(p)
	n := math.NaN()
	return models.Score{Score: signedScore(p, sc, ms), SE: n, CILow: n, CIHigh: n,
		Label: m.Classes[a], Confidence: p[a]}
}

// contrib accumulates per-feature values and log-odds contributions.
type contrib struct {
	count, value float64
}

// contributions adds x_j and x_j·(w_sc,j − w_ms,j)/T·scale per feature to acc (created if nil).
func (m *Model) contributions(x Vec, acc map[int]*contrib, scale float64) map[int]*contrib {
	if acc == nil {
		acc = make(map[int]*contrib)
	}
	sc, ms := classIndex(m.Classes)
	n := min(len(x.Idx), len(x.Val))
	for k := 0; k < n; k++ {
		j := x.Idx[k]
		if j < 0 || j >= m.Dim || x.Val[k] == 0 {
			continue
		}
		d := 0.0
		if sc >= 0 {
			d += m.W[sc][j]
		}
		if ms >= 0 {
			d -= m.W[ms][j]
		}
		c := acc[j]
		if c == nil {
			c = &contrib{}
			acc[j] = c
		}
		c.count += x.Val[k]
		c.value += x.Val[k] * d / m.Temperature * scale
	}
	return acc
}

// evidence turns contributions into at most MaxEvidence Evidence entries, sorted by |Contribution|
// descending then feature index; zero contributions are dropped. With t non-nil each term is
// located in t's tokens.
func (m *Model) evidence(acc map[int]*contrib, t *models.Text) []models.Evidence {
	idx := make([]int, 0, len(acc))
	for j, c := range acc {
		if c.value != 0 {
			idx = append(idx, j)
		}
	}
	slices.SortFunc(idx, func(a, b int) int {
		va, vb := math.Abs(acc[a].value), math.Abs(acc[b].value)
		switch {
		case va > vb:
			return -1
		case va < vb:
			return 1
		}
		return a - b
	})
	if len(idx) > MaxEvidence {
		idx = idx[:MaxEvidence]
	}
	var ev []models.Evidence
	for _, j := range idx {
		term := m.featureName(j)
		start, end := -1, -1
		if t != nil {
			start, end = locate(term, t.Tokens)
		}
		ev = append(ev, models.Evidence{Term: term, Start: start, End: end, Count: acc[j].count,
			Contribution: acc[j].value})
	}
	return ev
}

func (m *Model) featureName(j int) string {
	if m.feat != nil {
		return m.feat.FeatureName(j)
	}
	if j < len(m.FeatureNames) {
		return m.FeatureNames[j]
	}
	return ""
}

// locate returns the byte span of the first run of tokens matching the space-separated words of
// term (case-insensitively), or -1, -1.
func locate(term string, toks []models.Token) (start, end int) {
	words := strings.Fields(term)
	if len(words) == 0 {
		return -1, -1
	}
outer:
	for i := 0; i+len(words) <= len(toks); i++ {
		for k, w := range words {
			if !strings.EqualFold(toks[i+k].Text, w) {
				continue outer
			}
		}
		return toks[i].Start, toks[i+len(words)-1].End
	}
	return -1, -1
}

// ScoreDocument scores a document from its provisions: the provisions with something to score are
// scored as by Score and their probability vectors averaged; Score, Label and Confidence come from
// the mean vector (so Score is the mean provision score). SE is the sample standard deviation of the
// provision scores over √n (NaN for n < 2) and the interval Score ± 1.96·SE, clipped to [-1, 1].
// Evidence sums feature values (Count) over provisions and averages their contributions over the n
// scored provisions, with Start = End = -1. No scorable provision gives models.NaNScore().
func (m *Model) ScoreDocument(provisions []models.Text) models.Score {
	var scores []float64
	var mean []float64
	acc := make(map[int]*contrib)
	var xs []Vec
	for _, t := range provisions {
		s, ok := m.predictText(t)
		if !ok {
			continue
		}
		if mean == nil {
			mean = make([]float64, len(s.proba))
		}
		for i, p := range s.proba {
			mean[i] += p
		}
		sc, ms := classIndex(m.Classes)
		scores = append(scores, signedScore(s.proba, sc, ms))
		xs = append(xs, s.x)
	}
	n := len(scores)
	if n == 0 {
		return models.NaNScore()
	}
	for i := range mean {
		mean[i] /= float64(n)
	}
	for _, x := range xs {
		acc = m.contributions(x, acc, 1/float64(n))
	}
	out := m.baseScore(mean)
	if n >= 2 {
		mu := 0.0
		for _, s := range scores {
			mu += s
		}
		mu /= float64(n)
		v := 0.0
		for _, s := range scores {
			v += (s - mu) * (s - mu)
		}
		out.SE = math.Sqrt(v/float64(n-1)) / math.Sqrt(float64(n))
		out.CILow = math.Max(-1, out.Score-z95*out.SE)
		out.CIHigh = math.Min(1, out.Score+z95*out.SE)
	}
	out.Evidence = m.evidence(acc, nil)
	return out
}
