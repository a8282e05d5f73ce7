package pipeline

import (
	"context"
	"fmt"
	"math"
	"slices"
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
	// Labels are hand labels (by provision id) to train the classifier on: every label but the
	// test and heldout splits' (labels.TrainsFinal).
	Labels []labels.Label
	// ShiftBand is the dead band for shift directions; 0 means DefaultShiftBand.
	ShiftBand float64
	// LSSDims is the number of LSS dimensions; 0 means DefaultLSSDims (capped by the data).
	LSSDims int
	// LSSMaxSentences caps the sentences LSS is fitted on; 0 means DefaultLSSMaxSentences.
	LSSMaxSentences int
	// ClassifierDictWeight scales the classifier's three dictionary features; 0 means
	// DefaultClassifierDictWeight, a negative value leaves them out (TF-IDF features only).
	ClassifierDictWeight float64
	// ClassifierCharNGrams adds the classifier's character n-gram block (Featurizer.Char) when
	// true and leaves it out when false; nil means DefaultClassifierCharNGrams.
	ClassifierCharNGrams *bool
	// ClassifierWordBigrams adds the classifier's word-bigram block (Featurizer.Bigrams) when
	// true and leaves it out when false; nil means DefaultClassifierWordBigrams.
	ClassifierWordBigrams *bool
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
		r.Concepts[d] = DocConcepts(dict, texts[d])
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
		m, err := r.fitClassifier(ctx, opt, dict, tf)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
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
			ms.Prov[d], ms.Doc[d] = ScoreTexts(s, texts[d])
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
// once and shared by scoring, classifier training and eval (it copies every token).
func (r *Result) modelTexts() [][]models.Text {
	if r.texts != nil {
		return r.texts
	}
	out := make([][]models.Text, len(r.Docs))
	for d, doc := range r.Docs {
		out[d] = DocTexts(doc)
	}
	r.texts = out
	return out
}

// DocTexts is one document's part of modelTexts: each provision's text and tokens as the models
// see them.
func DocTexts(doc *DocResult) []models.Text {
	out := make([]models.Text, len(doc.Provisions))
	for i, p := range doc.Provisions {
		t := models.Text{ID: p.ID, Text: p.Text}
		if i < len(doc.Analyses) {
			t.Tokens = doc.Analyses[i].Tokens // models.Token is the analyser's token type: shared, not copied
		}
		out[i] = t
	}
	return out
}

// DocConcepts is the per-document map of the concept matcher: the concept mentions of each
// provision (texts from DocTexts).
func DocConcepts(dict *dictionary.Model, texts []models.Text) [][]ConceptMention {
	out := make([][]ConceptMention, len(texts))
	for i, t := range texts {
		out[i] = dict.Concepts(t)
	}
	return out
}

// ScoreTexts is the per-document map of a fitted model: the score of each provision and of the
// document as a whole.
func ScoreTexts(s models.Scorer, texts []models.Text) ([]models.Score, models.Score) {
	return models.ScoreAll(s, texts) // one pass where the model is a models.BatchScorer
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
// provision, lower-cased words without scikit-learn's English stop words (LSSSentences per
// document); at most max of them (max <= 0: all), taken at an even stride (StridePick). Only the chosen
// sentences are built: at 100 MB the whole list was a transient gigabyte.
func lssSentences(r *Result, max int) [][]string {
	total := 0
	for _, d := range r.Docs {
		forLSSSentences(d, func() bool { total++; return false }, nil)
	}
	if max <= 0 || max > total {
		max = total
	}
	out := make([][]string, 0, max)
	k := 0 // ordinal of the sentence offered
	for _, d := range r.Docs {
		forLSSSentences(d, func() bool {
			want := len(out) < max && k == StridePick(len(out), total, max)
			k++
			return want
		}, func(terms []string) { out = append(out, slices.Clone(terms)) })
	}
	return out
}

var lssStop = vectorize.StopWordSet(vectorize.EnglishStopWords...)

// LSSSentences is one document's part of lssSentences, in order.
func LSSSentences(d *DocResult) [][]string {
	var out [][]string
	forLSSSentences(d, func() bool { return true }, func(terms []string) { out = append(out, slices.Clone(terms)) })
	return out
}

// forLSSSentences visits, in order, the sentences of d that have at least one LSS term (a word
// token that is not a stop word, lower-cased). For each it calls want; when want says so, emit
// receives the sentence's terms in a slice that is reused after emit returns.
func forLSSSentences(d *DocResult, want func() bool, emit func(terms []string)) {
	var terms []string
	var memo lssTerms
	memo.forSentences(d, nil, want, func(ids []int32) {
		terms = terms[:0]
		for _, id := range ids {
			terms = append(terms, memo.words[id])
		}
		emit(terms)
	})
}

// lssTerms memoises each token text's LSS term as an index into words, the distinct terms in
// order of first occurrence. Each distinct token text is lower-cased and looked up in the stop
// words once: strings.ToLower and the stop words were 0.18 s of the first pass on the 10 MB
// bench corpus, with a sentence's tokens visited twice; a second map from terms to their
// numbers, in the first pass's packing, was 0.55 s of 58.3 s on the 100 MB corpus. The memo is
// a map keyed by the token text, or, when the tokens come numbered (tokenIDs), a slice indexed
// by the number.
type lssTerms struct {
	memo    map[string]int32 // token text -> index into words, -1: no term
	byToken []int32          // token number -> index into words, -1: no term, unknownTerm
	byWord  map[string]int32 // lower-cased term -> index into words (per new token text)
	words   []string
	ids     []int32 // a sentence's terms, for emit
}

// reset empties m for another numbering of the token texts, as if new.
func (m *lssTerms) reset() {
	clear(m.memo)
	m.byToken = m.byToken[:0]
	clear(m.byWord)
	clear(m.words)
	m.words = m.words[:0]
}

// of returns the index into m.words of the token text t's term, or -1.
func (m *lssTerms) of(t string) int32 {
	if !hasWordRune(t) {
		return -1
	}
	w := strings.ToLower(t)
	if lssStop[w] {
		return -1
	}
	if m.byWord == nil {
		m.byWord = map[string]int32{}
	}
	id, ok := m.byWord[w]
	if !ok {
		id = int32(len(m.words))
		m.byWord[w] = id
		m.words = append(m.words, w)
	}
	return id
}

// forSentences is forLSSSentences with each term given as an index into m.words. With tok (d's
// tokens numbered by it: tokenNums), the tokens' terms are memoised by their numbers.
func (m *lssTerms) forSentences(d *DocResult, tok *tokenIDs, want func() bool, emit func(ids []int32)) {
	if tok == nil && m.memo == nil {
		m.memo = map[string]int32{}
	}
	for j := range d.Analyses {
		m.provisionSentences(d, j, tok, want, emit)
	}
}

// provisionSentences is forSentences for the sentences of d's provision j alone.
func (m *lssTerms) provisionSentences(d *DocResult, j int, tok *tokenIDs, want func() bool, emit func(ids []int32)) {
	an := &d.Analyses[j]
	ids := m.ids
	k := 0
	for _, s := range an.Sentences {
		lo := k
		for ; k < len(an.Tokens) && an.Tokens[k].Start < s.End; k++ {
		}
		ids = ids[:0]
		for i, t := range an.Tokens[lo:k] {
			if t.Start < s.Start {
				continue
			}
			var id int32
			if tok != nil {
				n := d.tokenNums[j][lo+i]
				for int(n) >= len(m.byToken) {
					m.byToken = append(m.byToken, unknownTerm)
				}
				if id = m.byToken[n]; id == unknownTerm {
					id = m.of(tok.texts[n])
					m.byToken[n] = id
				}
			} else {
				var ok bool
				if id, ok = m.memo[t.Text]; !ok {
					id = m.of(t.Text)
					m.memo[t.Text] = id
				}
			}
			if id >= 0 {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 && want() {
			emit(ids)
		}
	}
	m.ids = ids
}

func fitLSS(r *Result, dict *dictionary.Model, k, maxSentences, workers int) (*lss.Model, error) {
	if maxSentences <= 0 {
		maxSentences = DefaultLSSMaxSentences
	}
	return FitLSS(lssSentences(r, maxSentences), dict, k, workers)
}

// FitLSS is the LSS fit once the sentences are sampled: seeds from the dictionary (lssSeeds), k
// dimensions (0 means DefaultLSSDims), seed 1.
func FitLSS(sample [][]string, dict *dictionary.Model, k, workers int) (*lss.Model, error) {
	if k <= 0 {
		k = DefaultLSSDims
	}
	return lss.Fit(sample, lssSeeds(dict), lss.Options{K: k, Seed: 1, Workers: workers})
}

// FitLSSNumbered is FitLSS on sentences given as indexes into words (lss.FitNumberedContext),
// stopped once ctx is done.
func FitLSSNumbered(ctx context.Context, words []string, sample [][]int32, dict *dictionary.Model, k, workers int) (*lss.Model, error) {
	if k <= 0 {
		k = DefaultLSSDims
	}
	return lss.FitNumberedContext(ctx, words, sample, lssSeeds(dict), lss.Options{K: k, Seed: 1, Workers: workers})
}

// StridePick is the index of the i-th item an even-stride sample keeps out of total when
// keeping n < total: floor(i*total/n). An engine that sees the items in pieces keeps item g when g ==
// StridePick(i, total, n) for some i (StridePicks).
func StridePick(i, total, n int) int { return i * total / n }

// StridePicks lists the indexes in [lo, hi) that the even-stride sample keeps out of total items when
// keeping at most n, in order.
func StridePicks(lo, hi, total, n int) []int {
	var out []int
	if total <= n {
		for g := lo; g < hi; g++ {
			out = append(out, g)
		}
		return out
	}
	// the smallest i with i*total/n >= lo is ceil(lo*n/total)
	for i := (lo*n + total - 1) / total; i < n; i++ {
		g := StridePick(i, total, n)
		if g >= hi {
			break
		}
		out = append(out, g)
	}
	return out
}

// wordscores fits Wordscores on the documents with a reference position (their term counts under
// the TF-IDF setting) and scores every document and provision. Its steps are WordscoreCounts (per
// document), FitWordscores and PredictDocuments (corpus-wide) and PredictProvisions (per
// document).
func (r *Result) wordscores(ctx context.Context, tf vectorize.Options, workers int) (ModelScores, error) {
	ms := ModelScores{Name: models.NameWordscores}
	var ids []string
	var pos []float64
	for _, doc := range r.Docs {
		if doc.Doc.Position != nil {
			ids = append(ids, doc.Doc.ID)
			pos = append(pos, *doc.Doc.Position)
		}
	}
	if err := checkPositions(pos); err != nil {
		return ms, err // checked before counting every provision's terms for nothing
	}
	docCounts := make([]wordscores.Counts, len(r.Docs))
	provCounts := make([][]wordscores.Counts, len(r.Docs))
	if err := forEach(ctx, len(r.Docs), workers, func(d int) error {
		docCounts[d], provCounts[d] = WordscoreCounts(r.Docs[d], tf)
		return nil
	}, nil); err != nil {
		return ms, err
	}
	var refs []wordscores.Counts
	for d, doc := range r.Docs {
		if doc.Doc.Position != nil {
			refs = append(refs, docCounts[d])
		}
	}
	m, err := FitWordscores(ids, refs, pos)
	if err != nil {
		return ms, err
	}
	docIDs := make([]string, len(r.Docs))
	for d, doc := range r.Docs {
		docIDs[d] = doc.Doc.ID
	}
	ms.Doc, ms.LBG, ms.MV, err = PredictDocuments(m, docIDs, docCounts)
	if err != nil {
		return ms, err
	}
	ms.Prov = make([][]models.Score, len(r.Docs))
	err = forEach(ctx, len(r.Docs), workers, func(d int) error {
		var err error
		ms.Prov[d], err = PredictProvisions(m, r.Docs[d], provCounts[d])
		return err
	}, nil)
	return ms, err
}

// WordscoreCounts gives one document's term counts under the TF-IDF setting, of the whole
// document and of each provision (nil for a provision without an analysis).
func WordscoreCounts(doc *DocResult, tf vectorize.Options) (wordscores.Counts, []wordscores.Counts) {
	return wordscoreCounts(doc, DocTerms(doc, tf))
}

// wordscoreCounts is WordscoreCounts given the document's terms (DocTerms), which the stream
// has at hand already.
func wordscoreCounts(doc *DocResult, terms [][]string) (wordscores.Counts, []wordscores.Counts) {
	docCounts := wordscores.Counts{}
	provCounts := make([]wordscores.Counts, len(doc.Provisions))
	for i := range doc.Provisions {
		if i < len(doc.Analyses) {
			c := wordscores.Counts{}
			for _, t := range terms[i] {
				c[t]++
			}
			provCounts[i] = c
			for t, n := range c {
				docCounts[t] += n
			}
		}
	}
	return docCounts, provCounts
}

// checkPositions reports whether Wordscores can be fitted on reference documents at these
// positions: it needs at least two distinct ones.
func checkPositions(pos []float64) error {
	distinct := map[float64]bool{}
	for _, p := range pos {
		distinct[p] = true
	}
	if len(distinct) < 2 {
		return fmt.Errorf("needs at least two documents with distinct reference positions (manifest `position:`), found %d", len(distinct))
	}
	return nil
}

// FitWordscores fits Wordscores on the reference documents (ids, their WordscoreCounts and
// positions, in Result.Docs order). It needs at least two distinct positions.
func FitWordscores(ids []string, refs []wordscores.Counts, pos []float64) (*wordscores.Model, error) {
	if err := checkPositions(pos); err != nil {
		return nil, err
	}
	return wordscores.Fit(ids, refs, pos, wordscores.FitOptions{})
}

// PredictDocuments scores every document (ids and WordscoreCounts in Result.Docs order) with
// both rescalings; the rescalings depend on all the documents scored together.
func PredictDocuments(m *wordscores.Model, ids []string, counts []wordscores.Counts) (doc []models.Score, lbg, mv []float64, err error) {
	ds, err := m.Predict(ids, counts, wordscores.PredictOptions{Rescaling: "both", TopEvidence: 10})
	if err != nil {
		return nil, nil, nil, err
	}
	doc = make([]models.Score, len(ids))
	lbg = make([]float64, len(ids))
	mv = make([]float64, len(ids))
	for d := range ids {
		doc[d] = wsScore(ds[d])
		lbg[d], mv[d] = ds[d].LBG, ds[d].MV
	}
	return doc, lbg, mv, nil
}

// PredictProvisions scores each provision of one document (provCounts from WordscoreCounts),
// without rescaling.
func PredictProvisions(m *wordscores.Model, doc *DocResult, provCounts []wordscores.Counts) ([]models.Score, error) {
	ids := make([]string, len(provCounts))
	for i, p := range doc.Provisions {
		ids[i] = p.ID
	}
	ps, err := m.Predict(ids, provCounts, wordscores.PredictOptions{TopEvidence: 10})
	if err != nil {
		return nil, err
	}
	out := make([]models.Score, len(ps))
	for i := range ps {
		out[i] = wsScore(ps[i])
	}
	return out, nil
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
