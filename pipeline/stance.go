package pipeline

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/dictionary"
	"github.com/stanceshift/stanceshift/models/labels"
	"github.com/stanceshift/stanceshift/models/lss"
	"github.com/stanceshift/stanceshift/models/wordscores"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
	"github.com/stanceshift/stanceshift/results"
)

// DefaultShiftBand is the dead band of shifts.csv: a change of score smaller than this (on the
// model's own scale) is direction "none".
const DefaultShiftBand = 0.1

// StanceOptions configure the stance models.
type StanceOptions struct {
	// Models to run by name (models.Name*); empty means every model whose inputs exist: dictionary
	// and lss always, wordscores when at least two documents have distinct reference positions,
	// classifier when labels cover provisions of the corpus.
	Models []string
	// Dictionary is the stance and concept dictionary; nil means the embedded default.
	Dictionary *dictionary.Model
	// Labels are hand labels (by provision id) to train the classifier on.
	Labels []labels.Label
	// ShiftBand is the dead band for shift directions; 0 means DefaultShiftBand.
	ShiftBand float64
	// LSSDims is the number of LSS dimensions; 0 means DefaultLSSDims (capped by the data).
	LSSDims int
	// LSSMaxSentences caps the sentences LSS is fitted on; 0 means DefaultLSSMaxSentences.
	LSSMaxSentences int
}

// LSS defaults for the pipeline. LSX's default is 300 dimensions; the randomized SVD costs about
// sentences x (k+10)^2 per orthonormalisation, which at 300 dimensions dominated a whole run
// (measured: 12 of 30 CPU-seconds on a 10 MB corpus), so the pipeline uses 100 dimensions and
// fits on at most 50,000 sentences taken at an even stride (every sentence is still scored).
const (
	DefaultLSSDims         = 100
	DefaultLSSMaxSentences = 50000
)

// ModelScores are one model's scores for the whole corpus.
type ModelScores struct {
	Name string
	// Prov[d][i] scores Docs[d].Provisions[i]; Doc[d] scores Docs[d] as a whole.
	Prov [][]models.Score
	Doc  []models.Score
	// LBG and MV are Wordscores' rescaled document scores (nil for other models).
	LBG, MV []float64
}

// ConceptMention is a concept found in a provision (offsets into the provision's text).
type ConceptMention = dictionary.Mention

// Stance runs the stance models and the concept matcher: per-provision maps once the models are
// fitted (the fits are corpus-wide reductions). Vectorize must have run.
func (r *Result) Stance(ctx context.Context, opt StanceOptions, tf vectorize.Options, workers int) error {
	start := time.Now()
	dict := opt.Dictionary
	if dict == nil {
		dict = dictionary.Default()
	}
	want := map[string]bool{}
	for _, m := range opt.Models {
		want[m] = true
	}
	auto := len(opt.Models) == 0
	texts := r.modelTexts()

	// Concepts: per provision.
	r.Concepts = make([][][]ConceptMention, len(r.Docs))
	if err := forEach(ctx, len(r.Docs), workers, func(d int) error {
		r.Concepts[d] = make([][]ConceptMention, len(texts[d]))
		for i, t := range texts[d] {
			r.Concepts[d][i] = dict.Concepts(t)
		}
		return nil
	}, r.stageProgress("concepts (documents)", len(r.Docs))); err != nil {
		return err
	}

	var scorers []models.Scorer
	if auto || want[models.NameDictionary] {
		scorers = append(scorers, dict)
	}
	if auto || want[models.NameLSS] {
		m, err := fitLSS(r, dict, opt.LSSDims, opt.LSSMaxSentences, workers)
		switch {
		case err == nil:
			scorers = append(scorers, m)
		case auto:
			r.Warnings = append(r.Warnings, corpus.Warning{Msg: fmt.Sprintf("lss not run: %v", err)})
		default:
			return fmt.Errorf("pipeline: lss: %w", err)
		}
	}
	if auto || want[models.NameClassifier] {
		m, err := r.fitClassifier(opt.Labels, dict, tf)
		switch {
		case err == nil:
			scorers = append(scorers, m)
		case auto && len(opt.Labels) > 0:
			r.Warnings = append(r.Warnings, corpus.Warning{Msg: fmt.Sprintf("classifier not run: %v", err)})
		case !auto:
			return fmt.Errorf("pipeline: classifier: %w", err)
		}
	}
	r.Scores = nil
	for _, s := range scorers {
		ms := ModelScores{Name: s.Name(), Prov: make([][]models.Score, len(r.Docs)), Doc: make([]models.Score, len(r.Docs))}
		if err := forEach(ctx, len(r.Docs), workers, func(d int) error {
			ms.Prov[d], ms.Doc[d] = models.ScoreAll(s, texts[d])
			return nil
		}, r.stageProgress("stance: "+s.Name()+" (documents)", len(r.Docs))); err != nil {
			return err
		}
		r.Scores = append(r.Scores, ms)
	}
	if auto || want[models.NameWordscores] {
		ms, err := r.wordscores(ctx, tf, workers)
		switch {
		case err == nil:
			r.Scores = append(r.Scores, ms)
		case !auto:
			return fmt.Errorf("pipeline: wordscores: %w", err)
		}
	}
	sort.SliceStable(r.Scores, func(i, j int) bool { return r.Scores[i].Name < r.Scores[j].Name })
	r.ShiftBand = opt.ShiftBand
	if r.ShiftBand <= 0 {
		r.ShiftBand = DefaultShiftBand
	}
	r.Stages = append(r.Stages, results.Stage{Name: "stance", Seconds: time.Since(start).Seconds(), Items: len(r.Scores)})
	return nil
}

// modelTexts turns every provision into what the models score: its text and tokens. It is built
// once and shared by scoring, classifier training and eval; the tokens are shared, not copied.
func (r *Result) modelTexts() [][]models.Text {
	if r.texts != nil {
		return r.texts
	}
	out := make([][]models.Text, len(r.Docs))
	for d, doc := range r.Docs {
		out[d] = make([]models.Text, len(doc.Provisions))
		for i, p := range doc.Provisions {
			t := models.Text{ID: p.ID, Text: p.Text}
			if i < len(doc.Analyses) {
				t.Tokens = doc.Analyses[i].Tokens
			}
			out[d][i] = t
		}
	}
	r.texts = out
	return out
}

// lssSeeds takes the dictionary's single-word stance patterns with |weight| >= 0.5 as LSS seed
// words, with the sign of their weight (LSS seeds are a small set of clearly polar words).
func lssSeeds(dict *dictionary.Model) map[string]float64 {
	seeds := map[string]float64{}
	for _, e := range dict.Spec().Stance {
		if math.Abs(e.Weight) < 0.5 {
			continue
		}
		for _, p := range e.Patterns {
			if strings.ContainsAny(p, " -") {
				continue
			}
			seeds[strings.ToLower(p)] = math.Copysign(1, e.Weight)
		}
	}
	return seeds
}

// lssSentences is the sentence-level term lists LSS is fitted on: each sentence of each
// provision, lower-cased words without scikit-learn's English stop words; at most max of them
// (max <= 0: all), taken at an even stride over the corpus (the choice of strideSample in the tests). Only the
// chosen sentences are built: at 100 MB the whole list was a transient gigabyte.
func lssSentences(r *Result, max int) [][]string {
	stop := vectorize.StopWordSet(vectorize.EnglishStopWords...)
	// each visits every non-empty sentence in corpus order; build(k) says whether the terms of
	// sentence k are wanted, emit receives them.
	each := func(build func(k int) bool, emit func(terms []string)) {
		n := 0
		for _, d := range r.Docs {
			for _, an := range d.Analyses {
				k := 0
				for _, s := range an.Sentences {
					want := build(n)
					var terms []string
					found := false
					for ; k < len(an.Tokens) && an.Tokens[k].Start < s.End; k++ {
						t := an.Tokens[k]
						if t.Start < s.Start || !hasWordRune(t.Text) {
							continue
						}
						if w := strings.ToLower(t.Text); !stop[w] {
							found = true
							if want {
								terms = append(terms, w)
							}
						}
					}
					if found {
						if want {
							emit(terms)
						}
						n++
					}
				}
			}
		}
	}
	total := 0
	each(func(int) bool { total++; return false }, nil)
	if max <= 0 || max > total {
		max = total
	}
	// The chosen ordinals are i*total/max for i = 0..max-1 , increasing.
	out := make([][]string, 0, max)
	each(func(k int) bool { return len(out) < max && k == len(out)*total/max }, func(terms []string) {
		out = append(out, terms)
	})
	return out
}

func fitLSS(r *Result, dict *dictionary.Model, k, maxSentences, workers int) (*lss.Model, error) {
	if k <= 0 {
		k = DefaultLSSDims
	}
	if maxSentences <= 0 {
		maxSentences = DefaultLSSMaxSentences
	}
	return lss.Fit(lssSentences(r, maxSentences), lssSeeds(dict), lss.Options{K: k, Seed: 1, Workers: workers})
}

// wordscores fits Wordscores on the documents with a reference position (their term counts under
// the TF-IDF setting) and scores every document and provision.
func (r *Result) wordscores(ctx context.Context, tf vectorize.Options, workers int) (ModelScores, error) {
	ms := ModelScores{Name: models.NameWordscores}
	distinct := map[float64]bool{}
	for _, doc := range r.Docs {
		if doc.Doc.Position != nil {
			distinct[*doc.Doc.Position] = true
		}
	}
	if len(distinct) < 2 {
		return ms, fmt.Errorf("needs at least two documents with distinct reference positions (manifest `position:`), found %d", len(distinct))
	}
	counts := func(an []string) wordscores.Counts {
		c := wordscores.Counts{}
		for _, t := range vectorize.Terms(an, tf) {
			c[t]++
		}
		return c
	}
	docCounts := make([]wordscores.Counts, len(r.Docs))
	provCounts := make([][]wordscores.Counts, len(r.Docs))
	if err := forEach(ctx, len(r.Docs), workers, func(d int) error {
		doc := r.Docs[d]
		docCounts[d] = wordscores.Counts{}
		provCounts[d] = make([]wordscores.Counts, len(doc.Provisions))
		for i := range doc.Provisions {
			if i < len(doc.Analyses) {
				provCounts[d][i] = counts(WordTokens(doc.Analyses[i].Tokens))
				for t, n := range provCounts[d][i] {
					docCounts[d][t] += n
				}
			}
		}
		return nil
	}, nil); err != nil {
		return ms, err
	}
	var ids []string
	var refs []wordscores.Counts
	var pos []float64
	for d, doc := range r.Docs {
		if doc.Doc.Position != nil {
			ids = append(ids, doc.Doc.ID)
			refs = append(refs, docCounts[d])
			pos = append(pos, *doc.Doc.Position)
		}
	}
	m, err := wordscores.Fit(ids, refs, pos, wordscores.FitOptions{})
	if err != nil {
		return ms, err
	}
	docIDs := make([]string, len(r.Docs))
	for d, doc := range r.Docs {
		docIDs[d] = doc.Doc.ID
	}
	ds, err := m.Predict(docIDs, docCounts, wordscores.PredictOptions{Rescaling: "both", TopEvidence: 10})
	if err != nil {
		return ms, err
	}
	ms.Doc = make([]models.Score, len(r.Docs))
	ms.LBG = make([]float64, len(r.Docs))
	ms.MV = make([]float64, len(r.Docs))
	ms.Prov = make([][]models.Score, len(r.Docs))
	err = forEach(ctx, len(r.Docs), workers, func(d int) error {
		ms.Doc[d] = wsScore(ds[d])
		ms.LBG[d], ms.MV[d] = ds[d].LBG, ds[d].MV
		ids := make([]string, len(provCounts[d]))
		for i, p := range r.Docs[d].Provisions {
			ids[i] = p.ID
		}
		ps, err := m.Predict(ids, provCounts[d], wordscores.PredictOptions{TopEvidence: 10})
		if err != nil {
			return err
		}
		ms.Prov[d] = make([]models.Score, len(ps))
		for i := range ps {
			ms.Prov[d][i] = wsScore(ps[i])
		}
		return nil
	}, nil)
	return ms, err
}

// wsScore converts a Wordscores score. Raw Wordscores scores sit on the reference positions'
// scale but shrink toward the mean of the references, so the label uses a narrow dead band of 0.1
// on that scale; Confidence is the normal probability mass of the score's side, 2Φ(|s|/SE)-1.
func wsScore(s wordscores.Score) models.Score {
	out := models.Score{Score: s.Raw, SE: s.SE, CILow: s.CILow, CIHigh: s.CIHigh, Label: models.LabelFor(s.Raw, 0.1)}
	if !math.IsNaN(s.SE) && s.SE > 0 {
		// the probability mass of the normal interval on the side of the label
		out.Confidence = 2*normalCDF(math.Abs(s.Raw)/s.SE) - 1
	}
	for _, c := range s.Evidence {
		out.Evidence = append(out.Evidence, models.Evidence{Term: c.Feature, Start: -1, End: -1, Count: c.Count, Contribution: c.Contribution})
	}
	return out
}

func normalCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
