package lss

import (
	"cmp"
	"github.com/stanceshift/stanceshift/internal/textkey"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/stanceshift/stanceshift/models"
)

var _ models.Scorer = (*Model)(nil)

// Name returns models.NameLSS.
func (m *Model) Name() string { return models.NameLSS }

// Range is (-Inf, +Inf) for a rescaled model (z-scores). For a raw model it is [-W, W], W the
// sum of |weight| over SeedsWeighted: a term's polarity is a weighted sum of cosines, so
// |polarity| <= W, and a score is a weighted mean of polarities.
func (m *Model) Range() (lo, hi float64) {
	if m.Rescale {
		return math.Inf(-1), math.Inf(1)
	}
	var w float64
	for _, s := range m.SeedsWeighted {
		w += math.Abs(s.Weight)
	}
	return -w, w
}

// Score scores one provision from its tokens (lower-cased here): the frequency-weighted mean
// polarity of the tokens the model knows (LSX's predict), rescaled with the training mean and
// SD when Model.Rescale. It is models.NaNScore() when no token has a polarity.
func (m *Model) Score(t models.Text) models.Score {
	var acc accumulator
	for _, tok := range t.Tokens {
		acc.add(m, strings.ToLower(tok.Text), tok.Start, tok.End)
	}
	center, scale := m.center()
	return m.finish(&acc, m.raw(&acc), center, scale, m.band())
}

// ScoreDocument scores a document as one text made of all its provisions' tokens (LSX scores
// whatever unit its dfm rows are). Evidence carries Start = End = -1. Note that with Rescale
// the z units are those of training sentences, whose scores vary more than documents'.
func (m *Model) ScoreDocument(provisions []models.Text) models.Score {
	var acc accumulator
	for _, p := range provisions {
		for _, tok := range p.Tokens {
			acc.add(m, strings.ToLower(tok.Text), -1, -1)
		}
	}
	center, scale := m.center()
	return m.finish(&acc, m.raw(&acc), center, scale, m.band())
}

// ScoreAll returns what Score gives for each provision and what ScoreDocument gives for them all,
// looking each token up once instead of twice (models.BatchScorer).
func (m *Model) ScoreAll(provisions []models.Text) ([]models.Score, models.Score) {
	return m.ScoreAllMemo(provisions, nil)
}

// Memo holds, per provision text, what ScoreAllMemo computed of it: the provision's score and
// its model terms with their counts. NewMemo makes one; it is not safe for concurrent use.
type Memo struct {
	// the entries by text, or by the text's number (ScoreAllMemoKeyed)
	kept textkey.Table[*memoEntry]
	// room for later entries and their hits, carved from shared blocks (reserve, keep): one
	// allocation per block instead of two per provision
	entries []memoEntry
	hits    []hit
	// the evidence of the scores computed with the memo, carved from shared blocks
	// (evidenceSlice): one allocation per block instead of one per provision
	evidence []models.Evidence
}

// memoBlock is the most entries that a Memo allocates at once; a block of hits (a text
// has a few) holds four times as many, or one text's.
const memoBlock = 128

// blockSize is the size of a Memo's next block when it holds n entries: as many as it holds,
// between 8 and memoBlock, so that an instrument with few provisions allocates little.
func blockSize(n int) int { return min(memoBlock, max(8, n)) }

// reserve copies hits into the memo's block of hits and returns where they start, for the
// entry that keep adds next.
func (mm *Memo) reserve(hits []hit) int {
	if cap(mm.hits)-len(mm.hits) < len(hits) {
		mm.hits = make([]hit, 0, max(4*blockSize(mm.kept.Len()), len(hits)))
	}
	from := len(mm.hits)
	mm.hits = append(mm.hits, hits...)
	return from
}

// keep adds the entry of text, numbered key by the caller (-1: not numbered): its score and
// the hits that reserve copied from from on.
func (mm *Memo) keep(text string, key int32, score models.Score, from int) {
	if len(mm.entries) == cap(mm.entries) {
		mm.entries = make([]memoEntry, 0, blockSize(mm.kept.Len()))
	}
	mm.entries = append(mm.entries, memoEntry{score: score, hits: mm.hits[from:len(mm.hits):len(mm.hits)]})
	mm.kept.Put(text, key, &mm.entries[len(mm.entries)-1])
}

// evidenceSlice returns n entries of evidence, cut from the memo's block (a nil memo makes
// them). Nothing appends to an evidence list (its capacity is its length) and every entry is
// written by evidence.
func (mm *Memo) evidenceSlice(n int) []models.Evidence {
	if mm == nil || n == 0 {
		return make([]models.Evidence, n)
	}
	if cap(mm.evidence)-len(mm.evidence) < n {
		mm.evidence = make([]models.Evidence, 0, max(8*blockSize(mm.kept.Len()), n))
	}
	from := len(mm.evidence)
	mm.evidence = mm.evidence[:from+n]
	return mm.evidence[from : from+n : from+n]
}

// NewMemo returns an empty memo.
func NewMemo() *Memo { return &Memo{} }

type memoEntry struct {
	score models.Score
	hits  []hit // in first-occurrence order
}

// ScoreAllMemo is ScoreAll that looks each provision's text up in memo first and keeps what
// it computes there (a nil memo keeps nothing). One memo serves the versions of an instrument,
// whose kept provisions repeat their text; the results are ScoreAll's provided that equal
// texts come with equal tokens (one analyser). The document's counts are the sums of its
// provisions' counts either way, and raw sums them in term order. With a memo, the evidence
// of a provision's score is shared, read-only: every provision of that text, in this call and
// later ones with the same memo, gets the same slice, which no one may change (the pipeline's
// report builders only read it).
func (m *Model) ScoreAllMemo(provisions []models.Text, memo *Memo) ([]models.Score, models.Score) {
	return m.ScoreAllMemoIndexed(provisions, nil, memo)
}

// ScoreAllMemoIndexed is ScoreAllMemo with the tokens' terms found by the caller: idx[i], when
// not nil, holds for each token of provisions[i] what TermIndex gives for it (its index into
// Terms, or -1), and the tokens of a provision with a nil idx[i] (or past the end of idx, or
// not as long as its tokens) are looked up here. The results are ScoreAllMemo's. A caller that numbers the distinct tokens of
// many texts (the versions of an instrument) asks TermIndex once per distinct token instead of
// once per token: the lookups were 0.63 s of ScoreAllMemo's 1.86 s in a profile of the 100 MB
// bench corpus's run.
func (m *Model) ScoreAllMemoIndexed(provisions []models.Text, idx [][]int32, memo *Memo) ([]models.Score, models.Score) {
	return m.ScoreAllMemoKeyed(provisions, idx, nil, memo)
}

// ScoreAllMemoKeyed is ScoreAllMemoIndexed with the provisions' texts numbered by the caller:
// keys[i] (>= 0) is the number of provisions[i].Text, equal numbers for equal texts and
// different ones for different texts over every call with memo (the second pass numbers the
// distinct provision texts of an instrument once, for all its memos). The memo then keeps a
// text's entry in a slice indexed by its number instead of a map keyed by the text, which it
// neither hashes nor compares: a provision past the end of keys (or with a negative key) is
// looked up by its text. The results are ScoreAllMemoIndexed's.
func (m *Model) ScoreAllMemoKeyed(provisions []models.Text, idx [][]int32, keys []int32, memo *Memo) ([]models.Score, models.Score) {
	center, scale := m.center()
	band := m.band()
	out := make([]models.Score, len(provisions))
	var acc, doc accumulator
	acc.memo, doc.memo = memo, memo // the scores' evidence from the memo's blocks
	// Dense positions instead of the map: ScoreAll adds every token of a version twice (its
	// provision and the document); the map's lookups and growth were 0.07 s of ScoreAll's
	// 0.42 s on the 10MB bench corpus.
	acc.slot, doc.slot = getSlots(len(m.Terms)), getSlots(len(m.Terms))
	defer func() {
		acc.reset()
		doc.reset()
		putSlots(acc.slot)
		putSlots(doc.slot)
	}()
	var buf [lowerBuf]byte
	for i, p := range provisions {
		if memo != nil {
			if e, _ := memo.kept.Get(p.Text, textkey.Key(keys, i)); e != nil {
				for _, h := range e.hits {
					doc.addN(h.idx, h.n)
				}
				out[i] = e.score // its evidence shared, read-only
				continue
			}
		}
		acc.reset()
		if i < len(idx) && idx[i] != nil && len(idx[i]) == len(p.Tokens) {
			for k, tok := range p.Tokens {
				if j := int(idx[i][k]); j >= 0 {
					acc.addIdx(j, tok.Start, tok.End)
				}
			}
		} else {
			for _, tok := range p.Tokens {
				if j, ok := m.lookupFold(tok.Text, &buf); ok {
					acc.addIdx(j, tok.Start, tok.End)
				}
			}
		}
		// The provision's counts go to the document's term by term, in first-occurrence order
		// (before raw sorts them), as a memoised provision's do: the same counts in the same
		// order as adding each token to both (whole numbers, so the float sums are exact), at
		// one addition per distinct term instead of one per token.
		for _, h := range acc.hits {
			doc.addN(h.idx, h.n)
		}
		var from int
		if memo != nil { // the hits in first-occurrence order: raw sorts them
			from = memo.reserve(acc.hits)
		}
		out[i] = m.finish(&acc, m.raw(&acc), center, scale, band)
		if memo != nil {
			memo.keep(p.Text, textkey.Key(keys, i), out[i], from)
		}
	}
	return out, m.finish(&doc, m.raw(&doc), center, scale, band)
}

// Predict scores a batch. It ignores Model.Rescale: with rescale true the raw scores are
// standardised over the texts of this batch that have a score (mean 0, sample SD 1), exactly as
// LSX's predict(rescaling = TRUE); with rescale false they are raw. The neutral band is
// NeutralBand z units, or NeutralBand training SDs for raw scores.
func (m *Model) Predict(texts []models.Text, rescale bool) []models.Score {
	accs := make([]accumulator, len(texts))
	raws := make([]rawResult, len(texts))
	var defined []float64
	for i, t := range texts {
		for _, tok := range t.Tokens {
			accs[i].add(m, strings.ToLower(tok.Text), tok.Start, tok.End)
		}
		raws[i] = m.raw(&accs[i])
		if !math.IsNaN(raws[i].score) {
			defined = append(defined, raws[i].score)
		}
	}
	center, scale := 0.0, 1.0
	band := m.NeutralBand * m.TrainSD
	if rescale {
		center, scale = meanSD(defined)
		band = m.NeutralBand
	}
	out := make([]models.Score, len(texts))
	for i := range texts {
		out[i] = m.finish(&accs[i], raws[i], center, scale, band)
	}
	return out
}

func (m *Model) center() (center, scale float64) {
	if m.Rescale {
		return m.TrainMean, m.TrainSD
	}
	return 0, 1
}

// band is the neutral half-width in the units of Score: NeutralBand z units when rescaled,
// NeutralBand training SDs otherwise.
func (m *Model) band() float64 {
	if m.Rescale {
		return m.NeutralBand
	}
	return m.NeutralBand * m.TrainSD
}

// hit is one model term seen in a text.
type hit struct {
	idx        int     // index into Model.Terms
	n          float64 // occurrences
	start, end int     // first occurrence
}

// accumulator counts a text's model terms.
type accumulator struct {
	pos  map[int]int // term index -> position in hits
	slot []int32     // if not nil, used instead of pos: term index -> position in hits + 1
	hits []hit
	keys []uint64 // sortHits' buffers
	tmp  []hit
	memo *Memo // where evidence cuts its lists from (Memo.evidenceSlice); nil: allocated
}

func (a *accumulator) reset() {
	if a.slot != nil {
		for _, h := range a.hits {
			a.slot[h.idx] = 0
		}
	}
	clear(a.pos)
	a.hits = a.hits[:0]
}

// slotPool holds zeroed []int32 for accumulator.slot (as *[]int32).
var slotPool sync.Pool

// getSlots returns n zeroed slots.
func getSlots(n int) []int32 {
	if v, ok := slotPool.Get().(*[]int32); ok && cap(*v) >= n {
		return (*v)[:n]
	}
	return make([]int32, n)
}

// putSlots returns slots, all zero again, to the pool.
func putSlots(s []int32) { slotPool.Put(&s) }

func (a *accumulator) add(m *Model, term string, start, end int) {
	if idx, ok := m.lookup(term); ok {
		a.addIdx(idx, start, end)
	}
}

func (a *accumulator) addIdx(idx, start, end int) {
	if a.slot != nil {
		if p := a.slot[idx]; p > 0 {
			a.hits[p-1].n++
			return
		}
		a.hits = append(a.hits, hit{idx: idx, n: 1, start: start, end: end})
		a.slot[idx] = int32(len(a.hits))
		return
	}
	if a.pos == nil {
		a.pos = map[int]int{}
	}
	if p, seen := a.pos[idx]; seen {
		a.hits[p].n++
		return
	}
	a.pos[idx] = len(a.hits)
	a.hits = append(a.hits, hit{idx: idx, n: 1, start: start, end: end})
}

// sortHits sorts a's hits by term index (the indexes are distinct): a few by insertion, more
// by sorting the indexes with the hits' positions as plain integers and then moving the hits
// into that order. Sorting the 32-byte hits through a comparison function was 0.28 s of the
// 100 MB bench corpus's second pass (a document's score sorts every term of the version).
func (a *accumulator) sortHits() {
	hs := a.hits
	if len(hs) <= sortHitsDirect { // insertion sort, without a comparison function
		for i := 1; i < len(hs); i++ {
			for j := i; j > 0 && hs[j].idx < hs[j-1].idx; j-- {
				hs[j], hs[j-1] = hs[j-1], hs[j]
			}
		}
		return
	}
	keys := a.keys[:0]
	for p, h := range hs {
		keys = append(keys, uint64(h.idx)<<32|uint64(p))
	}
	slices.Sort(keys)
	tmp := append(a.tmp[:0], hs...)
	for i, k := range keys {
		hs[i] = tmp[uint32(k)]
	}
	a.keys, a.tmp = keys, tmp
}

// sortHitsDirect is the most hits sortHits sorts as they are.
const sortHitsDirect = 12

// addN adds n occurrences of term idx not located in the text (a document's counts).
func (a *accumulator) addN(idx int, n float64) {
	if p := a.slot[idx]; p > 0 {
		a.hits[p-1].n += n
		return
	}
	a.hits = append(a.hits, hit{idx: idx, n: n, start: -1, end: -1})
	a.slot[idx] = int32(len(a.hits))
}

// rawResult is LSX's unscaled prediction for one text.
type rawResult struct {
	score float64 // sum(freq * polarity) / n, NaN when no model term occurs
	se    float64 // sqrt(var / n), NaN when n <= 1
	n     float64 // max(model-term tokens, MinN)
}

// raw computes LSX's fit and se.fit. Sums run in term order, so the result does not depend on
// token order beyond first occurrences. It sorts a's hits and leaves a's positions of terms
// (slot, pos) as they were, pointing at the hits' places before the sort: a takes no term after
// raw until it is reset, which does not read the positions (every caller scores a text, then
// resets or drops its accumulator; writing the positions back was a map assignment per term of
// every LSS training sentence).
func (m *Model) raw(a *accumulator) rawResult {
	if len(a.hits) == 0 {
		return rawResult{score: math.NaN(), se: math.NaN()}
	}
	a.sortHits()
	var total, sum, sum2 float64
	for _, h := range a.hits {
		p := m.Polarities[h.idx]
		total += h.n
		sum += h.n * p
		sum2 += h.n * p * p
	}
	n := max(total, float64(m.MinN))
	r := rawResult{score: sum / n, se: math.NaN(), n: n}
	if n > 1 {
		v := max(sum2/n-r.score*r.score, 0)
		r.se = math.Sqrt(v) / math.Sqrt(n)
	}
	return r
}

// finish turns a raw result into a models.Score. Confidence is a documented proxy:
// erf(|score| / (SE * sqrt 2)) = 2*Phi(|score|/SE) - 1, the two-sided normal confidence that the
// score differs from 0 (the training mean when rescaled); 0 when SE is undefined.
func (m *Model) finish(a *accumulator, r rawResult, center, scale, band float64) models.Score {
	if math.IsNaN(r.score) {
		return models.NaNScore()
	}
	s := models.Score{
		Score: (r.score - center) / scale,
		SE:    r.se / scale,
	}
	s.CILow, s.CIHigh = math.NaN(), math.NaN()
	if !math.IsNaN(s.SE) {
		s.CILow, s.CIHigh = s.Score-1.96*s.SE, s.Score+1.96*s.SE
	}
	s.Label = models.LabelFor(s.Score, band)
	switch {
	case math.IsNaN(s.SE):
		s.Confidence = 0
	case s.SE == 0:
		if s.Score != 0 {
			s.Confidence = 1
		}
	default:
		s.Confidence = math.Erf(math.Abs(s.Score) / (s.SE * math.Sqrt2))
	}
	s.Evidence = m.evidence(a, r.n, scale)
	return s
}

// evidence returns the terms with the largest |freq * polarity|, largest first (ties by term),
// with Contribution = freq * polarity / (n * scale): the contributions sum to the raw score
// divided by scale.
//
// It keeps the top m.Evidence terms by insertion into a short sorted list instead of sorting
// every matched term and cutting: topLess is a total order (terms are distinct), so the
// result is the full sort's first m.Evidence, ties included (TestEvidenceMatchesFullSort,
// FuzzEvidence). The full sort of models.Evidence was 0.15 s of 6.09 s CPU on the 10MB bench
// corpus (the document score sorts every matched term of a version). The list holds each
// kept hit's contribution and index, not its models.Evidence (five words, a string among
// them, moved at each insertion), and a hit whose |contribution| is below the last kept one's
// is passed over at one comparison: most hits of a document's score.
func (m *Model) evidence(a *accumulator, n, scale float64) []models.Evidence {
	if m.Evidence <= 0 {
		return nil
	}
	k := min(m.Evidence, len(a.hits))
	var room [DefaultEvidence]topHit
	top := room[:0]
	if k > len(room) {
		top = make([]topHit, 0, k)
	}
	for hi := range a.hits {
		h := &a.hits[hi]
		e := topHit{c: h.n * m.Polarities[h.idx] / (n * scale), hit: int32(hi)}
		if len(top) == k {
			// NaN is never below: it goes to the full comparison
			// (topLess is called only when the magnitudes are equal or one is NaN: see below)
			if ae, al := math.Abs(e.c), math.Abs(top[k-1].c); ae < al || !(ae > al) && !m.topLess(a, e, top[k-1]) {
				continue
			}
			top = top[:k-1]
		}
		i := len(top)
		top = top[:i+1]
		// while e goes before top[i-1]: a larger magnitude does (cmp.Compare's answer when
		// neither is NaN), a smaller one does not, and topLess decides the rest (equal
		// magnitudes, by term; a NaN). A call to topLess per comparison was most of
		// evidence's instructions.
		for i > 0 {
			if ae, ap := math.Abs(e.c), math.Abs(top[i-1].c); ae < ap || !(ae > ap) && !m.topLess(a, e, top[i-1]) {
				break
			}
			top[i] = top[i-1]
			i--
		}
		top[i] = e
	}
	// Exactly k long: the scores of every provision are kept until the reports are written.
	ev := a.memo.evidenceSlice(len(top))
	for i, t := range top {
		h := &a.hits[t.hit]
		ev[i] = models.Evidence{Term: m.Terms[h.idx], Start: h.start, End: h.end, Count: h.n, Contribution: t.c}
	}
	return ev
}

// topHit is a hit kept by evidence: its contribution and its index in accumulator.hits.
type topHit struct {
	c   float64
	hit int32
}

// topLess orders kept hits as their evidence is ordered: by |Contribution| descending, then by
// term.
func (m *Model) topLess(a *accumulator, x, y topHit) bool {
	if c := cmp.Compare(math.Abs(y.c), math.Abs(x.c)); c != 0 {
		return c < 0
	}
	return m.Terms[a.hits[x.hit].idx] < m.Terms[a.hits[y.hit].idx]
}
