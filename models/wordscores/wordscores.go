package wordscores

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// FormatV1 identifies the serialised model layout written by Save and accepted by Load.
const FormatV1 = "stanceshift.wordscores/v1"

// Rescaling choices for PredictOptions.Rescaling.
const (
	RescaleNone = "none" // raw scores only (also selected by "")
	RescaleLBG  = "lbg"  // Laver, Benoit and Garry (2003) rescaling
	RescaleMV   = "mv"   // Martin and Vanberg (2008) rescaling
	RescaleBoth = "both" // LBG and MV
)

// DefaultLevel is the confidence level used when PredictOptions.Level is zero.
const DefaultLevel = 0.95

// Counts is one text's feature counts (possibly weighted; counts must be finite and >= 0).
type Counts map[string]float64

// Model is a fitted Wordscores model. All fields are exported and the model is JSON-serialisable
// through Save and Load; a Model obtained from Fit or Load is valid and must not be mutated.
type Model struct {
	// Format is FormatV1.
	Format string `json:"format"`
	// RefIDs and RefPositions are the reference texts' identifiers and a priori positions A_r,
	// in the order given to Fit.
	RefIDs       []string  `json:"ref_ids"`
	RefPositions []float64 `json:"ref_positions"`
	// Smooth is the pseudo-count added to every reference count before the word scores were computed.
	Smooth float64 `json:"smooth"`
	// WordScores holds S_w for every feature that has a score.
	WordScores map[string]float64 `json:"word_scores"`
	// RefRaw holds the raw scores of the reference texts themselves, computed from their unsmoothed
	// counts (as quanteda's predict on the training dfm does). MV rescaling anchors on them and the
	// default LBG pool includes them.
	RefRaw []float64 `json:"ref_raw"`
}

// FitOptions controls Fit.
type FitOptions struct {
	// Smooth is added to every count of every reference text, over the whole feature space, before
	// relative frequencies are computed (quanteda's smooth argument). 0 reproduces LBG (2003).
	Smooth float64
	// Vocabulary lists extra features that belong to the feature space although no reference text
	// contains them (in quanteda, the columns of the dfm that only virgin texts use). It matters only
	// when Smooth > 0: those features then receive a score and enlarge each reference's smoothed total.
	Vocabulary []string
}

// PredictOptions controls Predict.
type PredictOptions struct {
	// Level is the confidence level of the intervals; 0 means DefaultLevel (0.95).
	Level float64
	// Rescaling is one of "none" (or ""), "lbg", "mv", "both".
	Rescaling string
	// LBGVirginOnly selects the pool over which LBG rescaling takes the mean and standard deviation
	// of raw scores. false (the default) follows quanteda: all scored texts, i.e. the texts passed
	// to Predict plus every reference text not among them. true follows the paper (LBG 2003): only
	// the texts passed to Predict whose ID is not a reference ID.
	LBGVirginOnly bool
	// TopEvidence is how many word contributions to keep per text in Score.Evidence; 0 keeps none,
	// a negative value keeps all.
	TopEvidence int
}

// Contribution is one feature's share of a text's raw score.
type Contribution struct {
	Feature      string
	Count        float64 // count of the feature in the text
	WordScore    float64 // S_w
	Contribution float64 // F_wv * S_w; the contributions of a text sum to its raw score
}

// Score is the prediction for one text. Fields of a rescaling that was not requested are NaN, and
// so is everything but the counts when the text contains no scored feature (NScored == 0).
type Score struct {
	DocID string
	// Raw is S_v, SE its standard error, [CILow, CIHigh] the confidence interval Raw ± z·SE.
	Raw, SE, CILow, CIHigh float64
	// LBG-rescaled score, its SE (SE·m, m the LBG multiplier) and the interval endpoints rescaled.
	LBG, LBGSE, LBGCILow, LBGCIHigh float64
	// MV-rescaled score, its SE (SE·|slope|) and the interval endpoints rescaled.
	MV, MVSE, MVCILow, MVCIHigh float64
	// NScored is the total count of features with a word score (N_v); NDropped the total count of
	// features without one. ScoredFeatures and DroppedFeatures count distinct features.
	NScored, NDropped               float64
	ScoredFeatures, DroppedFeatures int
	// Evidence holds the largest contributions, by |Contribution| descending then Feature.
	Evidence []Contribution
}

// Fit computes word scores from reference texts with known positions.
func Fit(refIDs []string, refs []Counts, positions []float64, opt FitOptions) (*Model, error) {
	n := len(refs)
	if len(refIDs) != n || len(positions) != n {
		return nil, fmt.Errorf("wordscores: fit: length mismatch: %d ids, %d texts, %d positions",
			len(refIDs), n, len(positions))
	}
	if n < 2 {
		return nil, fmt.Errorf("wordscores: fit: need at least 2 reference texts, got %d", n)
	}
	if math.IsNaN(opt.Smooth) || math.IsInf(opt.Smooth, 0) || opt.Smooth < 0 {
		return nil, fmt.Errorf("wordscores: fit: smooth must be finite and >= 0, got %v", opt.Smooth)
	}
	seen := make(map[string]bool, n)
	for i, id := range refIDs {
		if id == "" {
			return nil, fmt.Errorf("wordscores: fit: reference %d has an empty id", i)
		}
		if seen[id] {
			return nil, fmt.Errorf("wordscores: fit: duplicate reference id %q", id)
		}
		seen[id] = true
		if p := positions[i]; math.IsNaN(p) || math.IsInf(p, 0) {
			return nil, fmt.Errorf("wordscores: fit: reference %q has a non-finite position %v", id, p)
		}
	}
	allEqual := true
	for _, p := range positions[1:] {
		if p != positions[0] {
			allEqual = false
			break
		}
	}
	if allEqual {
		return nil, fmt.Errorf("wordscores: fit: all %d reference positions equal %v", n, positions[0])
	}

	// Feature space: every feature named by a reference (zero counts included) plus Vocabulary.
	space := make(map[string]bool)
	totals := make([]float64, n)
	for i, c := range refs {
		feats := sortedFeatures(c)
		for _, f := range feats {
			v := c[f]
			if err := checkCount(v); err != nil {
				return nil, fmt.Errorf("wordscores: fit: reference %q feature %q: %w", refIDs[i], f, err)
			}
			space[f] = true
			totals[i] += v
		}
		if totals[i] == 0 {
			return nil, fmt.Errorf("wordscores: fit: reference %q is empty (total count 0)", refIDs[i])
		}
		if math.IsInf(totals[i], 0) {
			return nil, fmt.Errorf("wordscores: fit: reference %q total count overflows", refIDs[i])
		}
	}
	for _, f := range opt.Vocabulary {
		space[f] = true
	}
	feats := make([]string, 0, len(space))
	for f := range space {
		feats = append(feats, f)
	}
	sort.Strings(feats)

	denom := make([]float64, n) // smoothed totals
	for i := range refs {
		denom[i] = totals[i] + opt.Smooth*float64(len(feats))
	}

	m := &Model{
		Format:       FormatV1,
		RefIDs:       append([]string(nil), refIDs...),
		RefPositions: append([]float64(nil), positions...),
		Smooth:       opt.Smooth,
		WordScores:   make(map[string]float64, len(feats)),
	}
	fwr := make([]float64, n)
	for _, f := range feats {
		sum := 0.0
		for i, c := range refs {
			fwr[i] = (c[f] + opt.Smooth) / denom[i]
			sum += fwr[i]
		}
		if sum == 0 {
			continue // absent from every reference: no score
		}
		s := 0.0
		for i := range refs {
			s += fwr[i] / sum * positions[i]
		}
		m.WordScores[f] = s
	}

	m.RefRaw = make([]float64, n)
	for i, c := range refs {
		sc := m.scoreOne(refIDs[i], c, sortedFeatures(c), 0)
		m.RefRaw[i] = sc.Raw
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	return m, nil
}

// Predict scores texts with the model. ids must be non-empty and unique; a text may use features
// the model does not know (they are dropped and counted). See PredictOptions for rescaling.
func (m *Model) Predict(ids []string, texts []Counts, opt PredictOptions) ([]Score, error) {
	if m == nil {
		return nil, errors.New("wordscores: predict: nil model")
	}
	if len(ids) != len(texts) {
		return nil, fmt.Errorf("wordscores: predict: length mismatch: %d ids, %d texts", len(ids), len(texts))
	}
	level := opt.Level
	if level == 0 {
		level = DefaultLevel
	}
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("wordscores: predict: level must be in (0, 1), got %v", opt.Level)
	}
	var doLBG, doMV bool
	switch opt.Rescaling {
	case "", RescaleNone:
	case RescaleLBG:
		doLBG = true
	case RescaleMV:
		doMV = true
	case RescaleBoth:
		doLBG, doMV = true, true
	default:
		return nil, fmt.Errorf("wordscores: predict: unknown rescaling %q (want none, lbg, mv or both)", opt.Rescaling)
	}
	seen := make(map[string]bool, len(ids))
	feats := make([][]string, len(texts))
	for i, id := range ids {
		if id == "" {
			return nil, fmt.Errorf("wordscores: predict: text %d has an empty id", i)
		}
		if seen[id] {
			return nil, fmt.Errorf("wordscores: predict: duplicate text id %q", id)
		}
		seen[id] = true
		feats[i] = sortedFeatures(texts[i])
		for _, f := range feats[i] {
			if err := checkCount(texts[i][f]); err != nil {
				return nil, fmt.Errorf("wordscores: predict: text %q feature %q: %w", id, f, err)
			}
		}
	}

	z := distuv.UnitNormal.Quantile(1 - (1-level)/2)
	out := make([]Score, len(texts))
	for i := range texts {
		s := m.scoreOne(ids[i], texts[i], feats[i], opt.TopEvidence)
		s.CILow = s.Raw - z*s.SE
		s.CIHigh = s.Raw + z*s.SE
		out[i] = s
	}

	if doMV {
		lo, hi, err := m.mvAnchors()
		if err != nil {
			return nil, err
		}
		aLo, aHi := m.RefPositions[lo], m.RefPositions[hi]
		sLo, sHi := m.RefRaw[lo], m.RefRaw[hi]
		slope := (aHi - aLo) / (sHi - sLo)
		f := func(x float64) float64 { return (x-sLo)*slope + aLo }
		for i := range out {
			s := &out[i]
			s.MV = f(s.Raw)
			s.MVSE = s.SE * math.Abs(slope)
			s.MVCILow, s.MVCIHigh = ordered(f(s.CILow), f(s.CIHigh))
		}
	}
	if doLBG {
		mean, mult, err := m.lbgParams(ids, out, opt.LBGVirginOnly)
		if err != nil {
			return nil, err
		}
		f := func(x float64) float64 { return (x-mean)*mult + mean }
		for i := range out {
			s := &out[i]
			s.LBG = f(s.Raw)
			s.LBGSE = s.SE * mult
			s.LBGCILow, s.LBGCIHigh = f(s.CILow), f(s.CIHigh)
		}
	}
	return out, nil
}

// scoreOne computes the raw score, SE, counts and evidence of one text, whose features are feats
// in sorted order; rescaled fields are NaN.
func (m *Model) scoreOne(id string, c Counts, feats []string, top int) Score {
	nan := math.NaN()
	s := Score{DocID: id, Raw: nan, SE: nan, CILow: nan, CIHigh: nan,
		LBG: nan, LBGSE: nan, LBGCILow: nan, LBGCIHigh: nan,
		MV: nan, MVSE: nan, MVCILow: nan, MVCIHigh: nan}
	scored := make([]string, 0, len(feats))
	for _, f := range feats {
		v := c[f]
		if v == 0 {
			continue
		}
		if _, ok := m.WordScores[f]; ok {
			s.NScored += v
			s.ScoredFeatures++
			scored = append(scored, f)
		} else {
			s.NDropped += v
			s.DroppedFeatures++
		}
	}
	if s.NScored == 0 || math.IsInf(s.NScored, 0) {
		return s
	}
	raw := 0.0
	for _, f := range scored {
		raw += c[f] / s.NScored * m.WordScores[f]
	}
	v := 0.0
	for _, f := range scored {
		d := m.WordScores[f] - raw
		v += c[f] / s.NScored * d * d
	}
	s.Raw = raw
	s.SE = math.Sqrt(v / s.NScored)
	if top != 0 {
		ev := make([]Contribution, len(scored))
		for i, f := range scored {
			w := m.WordScores[f]
			ev[i] = Contribution{Feature: f, Count: c[f], WordScore: w, Contribution: c[f] / s.NScored * w}
		}
		sort.SliceStable(ev, func(i, j int) bool {
			ai, aj := math.Abs(ev[i].Contribution), math.Abs(ev[j].Contribution)
			if ai != aj {
				return ai > aj
			}
			return ev[i].Feature < ev[j].Feature
		})
		if top > 0 && top < len(ev) {
			ev = ev[:top]
		}
		s.Evidence = ev
	}
	return s
}

// mvAnchors returns the indexes of the references with the lowest and highest positions. With ties
// the first such reference in model order is used.
func (m *Model) mvAnchors() (lo, hi int, err error) {
	for i, p := range m.RefPositions {
		if p < m.RefPositions[lo] {
			lo = i
		}
		if p > m.RefPositions[hi] {
			hi = i
		}
	}
	if m.RefRaw[hi] == m.RefRaw[lo] {
		return 0, 0, fmt.Errorf("wordscores: predict: mv rescaling undefined: extreme references %q and %q have the same raw score %v",
			m.RefIDs[lo], m.RefIDs[hi], m.RefRaw[lo])
	}
	return lo, hi, nil
}

// lbgParams returns the pool mean and the multiplier SD_r/SD_v of LBG rescaling.
func (m *Model) lbgParams(ids []string, scores []Score, virginOnly bool) (mean, mult float64, err error) {
	isRef := make(map[string]bool, len(m.RefIDs))
	for _, id := range m.RefIDs {
		isRef[id] = true
	}
	passed := make(map[string]bool, len(ids))
	var pool []float64
	for i, s := range scores {
		passed[ids[i]] = true
		if virginOnly && isRef[ids[i]] {
			continue
		}
		if s.NScored > 0 {
			pool = append(pool, s.Raw)
		}
	}
	if !virginOnly {
		for i, id := range m.RefIDs {
			if !passed[id] {
				pool = append(pool, m.RefRaw[i])
			}
		}
	}
	mean, sdv := meanSD(pool)
	_, sdr := meanSD(m.RefPositions)
	if len(pool) < 2 || sdv == 0 || math.IsNaN(sdv) {
		return 0, 0, fmt.Errorf("wordscores: predict: lbg rescaling undefined: %d scored texts in the pool with standard deviation %v (need >= 2 distinct raw scores)",
			len(pool), sdv)
	}
	return mean, sdr / sdv, nil
}

// meanSD returns the mean and the sample standard deviation (n-1 denominator, as R's sd).
func meanSD(x []float64) (mean, sd float64) {
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, math.NaN()
	}
	ss := 0.0
	for _, v := range x {
		d := v - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / float64(len(x)-1))
}

func ordered(a, b float64) (float64, float64) {
	if b < a {
		return b, a
	}
	return a, b
}

func checkCount(v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return fmt.Errorf("count must be finite and >= 0, got %v", v)
	}
	return nil
}

func sortedFeatures(c Counts) []string {
	fs := make([]string, 0, len(c))
	for f := range c {
		fs = append(fs, f)
	}
	sort.Strings(fs)
	return fs
}
