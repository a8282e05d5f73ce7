package lss

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/james-bowman/sparse"
)

// FormatV1 tags the JSON written by Save.
const FormatV1 = "stanceshift-lss/1"

// Defaults of Options.
const (
	// DefaultK is LSX's default number of SVD dimensions.
	DefaultK = 300
	// DefaultNeutralBand is the half-width of the neutral band, in standard deviations of the
	// training sentences' raw scores.
	DefaultNeutralBand = 0.25
	// DefaultEvidence is the number of evidence terms returned per score.
	DefaultEvidence = 10
)

// Options configures Fit. The zero value gives LSX's defaults (k = 300, no rescaling).
type Options struct {
	// K is the number of SVD dimensions (LSX's k): 0 means DefaultK. It is capped by
	// min(sentences, terms) and then by the numerical rank of the matrix.
	K int
	// Seed, Oversample, PowerIters and ExactMaxCells are passed to TruncatedSVD (see
	// SVDOptions for their zero values).
	Seed                   uint64
	Oversample, PowerIters int
	ExactMaxCells          int
	// Rescale makes Score and ScoreDocument return z-scores: (raw - TrainMean) / TrainSD, where
	// the mean and sample standard deviation are those of the raw scores of the training
	// sentences (LSX's predict(rescaling = TRUE) standardises over the set it scores; Predict
	// does exactly that for a batch).
	Rescale bool
	// MinCount: terms occurring fewer times in the corpus get no polarity (they still shape the
	// SVD and can serve as seeds). 0 means 1.
	MinCount int
	// MinN is LSX's min_n: a text with fewer than MinN polarity-bearing tokens is scored as if
	// padded with zero-polarity tokens up to MinN. 0 means no padding.
	MinN int
	// NeutralBand is the half-width of the band labelled Neutral, in training standard
	// deviations: 0 means DefaultNeutralBand, a negative value means no band.
	NeutralBand float64
	// Evidence is the number of evidence terms per score: 0 means DefaultEvidence, a negative
	// value means none.
	Evidence int
	// Workers bounds the goroutines of the SVD products (0 means GOMAXPROCS); results do not
	// depend on it.
	Workers int
}

// SeedPattern is one seed as given to Fit.
type SeedPattern struct {
	Pattern  string  `json:"pattern"`
	Polarity float64 `json:"polarity"`
	// Matches is the number of corpus terms the pattern matched (0: dropped).
	Matches int `json:"matches"`
}

// WeightedSeed is one corpus term used as a seed, with its weight in the polarity sum.
type WeightedSeed struct {
	Term   string  `json:"term"`
	Weight float64 `json:"weight"`
}

// Model is a fitted LSS model. All exported fields are saved as JSON.
type Model struct {
	Format string `json:"format"`
	// Terms are the scored terms, sorted; Polarities and Frequency are parallel to Terms.
	// (The polarity vector is named Polarities because Polarity is the look-up method.)
	Terms      []string  `json:"terms"`
	Polarities []float64 `json:"polarities"`
	Frequency  []float64 `json:"frequency"`
	// Seeds are the seed patterns as given, sorted by pattern; SeedsWeighted the matched
	// terms, sorted, with weights; SeedsMissing the patterns that matched nothing (dropped).
	Seeds         []SeedPattern  `json:"seeds"`
	SeedsWeighted []WeightedSeed `json:"seeds_weighted"`
	SeedsMissing  []string       `json:"seeds_missing"`
	// K is the number of dimensions used; KRequested what Options.K asked for.
	K              int       `json:"k"`
	KRequested     int       `json:"k_requested"`
	SingularValues []float64 `json:"singular_values"`
	SVDMethod      string    `json:"svd_method"`
	SVDSeed        uint64    `json:"svd_seed"`
	Oversample     int       `json:"oversample"`
	PowerIters     int       `json:"power_iters"`
	// Sentences and Vocabulary are the dimensions of the sentence-term matrix.
	Sentences  int `json:"sentences"`
	Vocabulary int `json:"vocabulary"`
	// TrainMean and TrainSD describe the raw scores of the training sentences that had at least
	// one polarity term (TrainScored of them); TrainSD is 1 when fewer than two were scored or
	// their scores did not vary.
	TrainScored int     `json:"train_scored"`
	TrainMean   float64 `json:"train_mean"`
	TrainSD     float64 `json:"train_sd"`
	Rescale     bool    `json:"rescale"`
	MinN        int     `json:"min_n"`
	NeutralBand float64 `json:"neutral_band"`
	Evidence    int     `json:"evidence"`

	index map[string]int
}

// Fit fits an LSS model. sentences are term lists (lower-cased here as well, so Fit and Score
// agree); empty terms are ignored. seeds maps a word or glob pattern ('*' any run, '?' one
// character) to a non-zero polarity: positive state-centric, negative multistakeholder.
// Patterns that match no corpus term are dropped and listed in Model.SeedsMissing; Fit fails
// when none matches. Fit numbers the distinct terms and fits as FitNumbered.
func Fit(sentences [][]string, seeds map[string]float64, opt Options) (*Model, error) {
	n := 0
	for _, s := range sentences {
		n += len(s)
	}
	ids := make(map[string]int32)
	var words []string
	flat := make([]int32, 0, n)
	num := make([][]int32, len(sentences))
	for i, s := range sentences {
		from := len(flat)
		for _, t := range s {
			id, ok := ids[t]
			if !ok {
				id = int32(len(words))
				ids[t] = id
				words = append(words, t)
			}
			flat = append(flat, id)
		}
		num[i] = flat[from:len(flat):len(flat)]
	}
	return FitNumbered(words, num, seeds, opt)
}

// FitNumbered is Fit on sentences given as indexes into words: the model fitted on the sentences
// of words[id] for each id (the same words under several numbers, or words equal once
// lower-cased, are one term). A caller that keeps its sentences numbered (the pipeline's
// packed sample) fits without building a term list per sentence, and the fit finds each token's
// column and model term by number, not through a map by string per token (three of them per
// token before, in the counts, the matrix and the training scores). An index outside words is
// an error.
func FitNumbered(words []string, sentences [][]int32, seeds map[string]float64, opt Options) (*Model, error) {
	return FitNumberedContext(context.Background(), words, sentences, seeds, opt)
}

// FitNumberedContext is FitNumbered stopped once ctx is done, between its steps (the terms'
// numbering, the matrix, each sparse-dense product of the randomized SVD, the term
// polarities, the training scores: at most about 0.2 s apart on the pipeline's default sample
// of sentences, where the SVD is 0.7 s of a 0.8 s fit); the error is then ctx's.
func FitNumberedContext(ctx context.Context, words []string, sentences [][]int32, seeds map[string]float64, opt Options) (*Model, error) {
	if err := checkOptions(opt); err != nil {
		return nil, err
	}
	workers := SVDOptions{Workers: opt.Workers}.workers()
	// Vocabulary: every non-empty term, sorted; counts over the corpus.
	colOf, vocab, counts, err := numberTerms(words, sentences)
	if err != nil {
		return nil, err
	}
	if len(vocab) == 0 {
		return nil, fmt.Errorf("lss: fit: no terms in %d sentences", len(sentences))
	}

	// Seeds: weights per LSX, each side summing to its mean |polarity|.
	patterns, weighted, missing, err := expandSeeds(seeds, vocab)
	if err != nil {
		return nil, err
	}
	if len(weighted) == 0 {
		return nil, errNoSeed(len(patterns), missing)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	a := buildMatrix(sentences, colOf, len(vocab), workers)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	kReq := opt.K
	if kReq == 0 {
		kReq = DefaultK
	}
	sopt := SVDOptions{Seed: opt.Seed, Oversample: opt.Oversample, PowerIters: opt.PowerIters,
		ExactMaxCells: opt.ExactMaxCells, Workers: opt.Workers, SkipU: true, ctx: ctx}
	_, s, v, method, err := TruncatedSVD(a, kReq, sopt)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("lss: fit: %w", err)
	}
	k := numericalRank(s, len(sentences), len(vocab))
	if k == 0 {
		return nil, errors.New("lss: fit: the sentence-term matrix has rank 0")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// Unit term vectors over the first k right singular vectors (LSX uses V unscaled).
	unit := make([][]float64, len(vocab))
	for j := range vocab {
		row := make([]float64, k)
		var ss float64
		for d := range k {
			row[d] = v.At(j, d)
			ss += row[d] * row[d]
		}
		if norm := math.Sqrt(ss); norm > 0 {
			for d := range row {
				row[d] /= norm
			}
		}
		unit[j] = row
	}
	// polarity(t) = sum_s w_s cos(t, s) = unit(t) . sum_s w_s unit(s).
	centroid := make([]float64, k)
	for _, ws := range weighted {
		j, _ := slices.BinarySearch(vocab, ws.Term) // a seed term is a vocabulary term
		u := unit[j]
		for d := range k {
			centroid[d] += ws.Weight * u[d]
		}
	}

	minCount := max(opt.MinCount, 1)
	m := &Model{
		Format:         FormatV1,
		Seeds:          patterns,
		SeedsWeighted:  weighted,
		SeedsMissing:   missing,
		K:              k,
		KRequested:     kReq,
		SingularValues: slices.Clone(s[:k]),
		SVDMethod:      method,
		SVDSeed:        opt.Seed,
		Oversample:     sopt.oversample(),
		PowerIters:     sopt.powerIters(),
		Sentences:      len(sentences),
		Vocabulary:     len(vocab),
		Rescale:        opt.Rescale,
		MinN:           opt.MinN,
		NeutralBand:    neutralBand(opt.NeutralBand),
		Evidence:       evidenceN(opt.Evidence),
	}
	termOf := make([]int32, len(vocab)) // column -> index into m.Terms, -1: below minCount
	for j, t := range vocab {
		termOf[j] = -1
		if counts[j] < minCount {
			continue
		}
		var p float64
		for d, c := range centroid {
			p += unit[j][d] * c
		}
		termOf[j] = int32(len(m.Terms))
		m.Terms = append(m.Terms, t)
		m.Polarities = append(m.Polarities, p)
		m.Frequency = append(m.Frequency, float64(counts[j]))
	}
	if len(m.Terms) == 0 {
		return nil, fmt.Errorf("lss: fit: no term occurs at least %d times", minCount)
	}
	m.buildIndex()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for id, c := range colOf { // word -> model term
		if c >= 0 {
			colOf[id] = termOf[c]
		}
	}
	m.trainStats(sentences, colOf, workers)
	return m, nil
}

func checkOptions(opt Options) error {
	switch {
	case opt.K < 0:
		return fmt.Errorf("lss: fit: K must be >= 0, got %d", opt.K)
	case opt.MinCount < 0:
		return fmt.Errorf("lss: fit: MinCount must be >= 0, got %d", opt.MinCount)
	case opt.MinN < 0:
		return fmt.Errorf("lss: fit: MinN must be >= 0, got %d", opt.MinN)
	case math.IsNaN(opt.NeutralBand) || math.IsInf(opt.NeutralBand, 0):
		return fmt.Errorf("lss: fit: NeutralBand must be finite, got %v", opt.NeutralBand)
	}
	return nil
}

func neutralBand(b float64) float64 {
	switch {
	case b == 0:
		return DefaultNeutralBand
	case b < 0:
		return 0
	}
	return b
}

func evidenceN(n int) int {
	switch {
	case n == 0:
		return DefaultEvidence
	case n < 0:
		return 0
	}
	return n
}

// numericalRank counts the singular values above max(rows, cols) * eps * s[0].
func numericalRank(s []float64, rows, cols int) int {
	if len(s) == 0 || !(s[0] > 0) {
		return 0
	}
	tol := float64(max(rows, cols)) * 0x1p-52 * s[0]
	k := 0
	for _, x := range s {
		if x > tol {
			k++
		}
	}
	return k
}

// expandSeeds validates the seeds, matches them against the sorted vocabulary and weights the
// matched terms. Each pattern on a side gets polarity / (matched patterns on that side), shared
// equally among the terms it matches; a term matched by several patterns sums their shares.
func expandSeeds(seeds map[string]float64, vocab []string) (patterns []SeedPattern, weighted []WeightedSeed, missing []string, err error) {
	if len(seeds) == 0 {
		return nil, nil, nil, errors.New("lss: fit: no seed words")
	}
	byPattern := map[string]float64{}
	for p, pol := range seeds {
		lp := strings.ToLower(strings.TrimSpace(p))
		switch {
		case lp == "":
			return nil, nil, nil, fmt.Errorf("lss: fit: empty seed pattern %q", p)
		case math.IsNaN(pol) || math.IsInf(pol, 0) || pol == 0:
			return nil, nil, nil, fmt.Errorf("lss: fit: seed %q: polarity must be finite and non-zero, got %v", p, pol)
		}
		if old, dup := byPattern[lp]; dup && old != pol {
			return nil, nil, nil, fmt.Errorf("lss: fit: seed %q given twice (after lower-casing) with polarities %v and %v", lp, old, pol)
		}
		byPattern[lp] = pol
	}
	keys := make([]string, 0, len(byPattern))
	for p := range byPattern {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	matches := make([][]string, len(keys))
	var nPos, nNeg int
	for i, p := range keys {
		matches[i] = matchVocab(p, vocab)
		pol := byPattern[p]
		patterns = append(patterns, SeedPattern{Pattern: p, Polarity: pol, Matches: len(matches[i])})
		switch {
		case len(matches[i]) == 0:
			missing = append(missing, p)
		case pol > 0:
			nPos++
		default:
			nNeg++
		}
	}
	w := map[string]float64{}
	for i, p := range keys {
		if len(matches[i]) == 0 {
			continue
		}
		pol := byPattern[p]
		side := nPos
		if pol < 0 {
			side = nNeg
		}
		share := pol / float64(side) / float64(len(matches[i]))
		for _, t := range matches[i] {
			w[t] += share
		}
	}
	terms := make([]string, 0, len(w))
	for t := range w {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	for _, t := range terms {
		if w[t] != 0 { // a term matched by patterns of both signs can cancel out
			weighted = append(weighted, WeightedSeed{Term: t, Weight: w[t]})
		}
	}
	return patterns, weighted, missing, nil
}

// matchVocab returns the vocabulary terms matching a glob pattern, in vocabulary order.
func matchVocab(pattern string, vocab []string) []string {
	if !strings.ContainsAny(pattern, "*?") {
		if i, ok := slices.BinarySearch(vocab, pattern); ok {
			return []string{vocab[i]}
		}
		return nil
	}
	var out []string
	for _, t := range vocab {
		if globMatch(pattern, t) {
			out = append(out, t)
		}
	}
	return out
}

// globMatch reports whether s matches pattern, where '*' matches any run of characters
// (including none) and '?' exactly one character; everything else matches itself. It runs in
// O(len(pattern) * len(s)) time.
func globMatch(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	pi, ti := 0, 0
	star, mark := -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// buildMatrix returns the sentence x term count matrix (column indices ascending in each row);
// colOf maps a word number to its column (-1: none). Rows are built in blocks on up to workers
// goroutines and joined in order, so the matrix does not depend on workers.
func buildMatrix(sentences [][]int32, colOf []int32, cols, workers int) *sparse.CSR {
	type block struct {
		rowLen []int // non-zeros per row
		ind    []int
		data   []float64
	}
	blocks := make([]block, blockCount(len(sentences), workers))
	forBlocks(len(sentences), len(blocks), func(b, lo, hi int) {
		var bl block
		var ids []int
		for _, s := range sentences[lo:hi] {
			ids = ids[:0]
			for _, w := range s {
				if c := colOf[w]; c >= 0 {
					ids = append(ids, int(c))
				}
			}
			slices.Sort(ids)
			n := len(bl.ind)
			for p := 0; p < len(ids); {
				q := p
				for q < len(ids) && ids[q] == ids[p] {
					q++
				}
				bl.ind = append(bl.ind, ids[p])
				bl.data = append(bl.data, float64(q-p))
				p = q
			}
			bl.rowLen = append(bl.rowLen, len(bl.ind)-n)
		}
		blocks[b] = bl
	})
	nnz := 0
	for _, bl := range blocks {
		nnz += len(bl.ind)
	}
	indptr := make([]int, 1, len(sentences)+1)
	ind := make([]int, 0, nnz)
	data := make([]float64, 0, nnz)
	for _, bl := range blocks {
		for _, n := range bl.rowLen {
			indptr = append(indptr, indptr[len(indptr)-1]+n)
		}
		ind = append(ind, bl.ind...)
		data = append(data, bl.data...)
	}
	return sparse.NewCSR(len(sentences), cols, indptr, ind, data)
}

// blockCount is the number of blocks forBlocks splits n items into for workers goroutines: one
// per worker, none smaller than 1,024 items.
func blockCount(n, workers int) int { return max(1, min(workers, n/1024)) }

// forBlocks runs f on blocks contiguous ranges [lo, hi) of n items, block b on its own goroutine
// (inline when there is one block).
func forBlocks(n, blocks int, f func(b, lo, hi int)) {
	if blocks <= 1 {
		f(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for b := range blocks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(b, b*n/blocks, (b+1)*n/blocks)
		}()
	}
	wg.Wait()
}

// numberTerms finds the vocabulary of the numbered sentences: the distinct non-empty
// lower-cased words they use, sorted (vocab), each one's number of occurrences (counts, parallel
// to vocab) and each word number's column in vocab (colOf, -1 for an empty word or one no
// sentence uses). Each word used is lower-cased once; the tokens are counted by number.
func numberTerms(words []string, sentences [][]int32) (colOf []int32, vocab []string, counts []int, err error) {
	// colOf holds, until the vocabulary is sorted, a word's term number in order of first
	// use + 1 (0: not met yet, -1: empty).
	colOf = make([]int32, len(words))
	byTerm := map[string]int32{}
	var terms []string
	var n []int
	for i, s := range sentences {
		for _, w := range s {
			if w < 0 || int(w) >= len(words) {
				return nil, nil, nil, fmt.Errorf("lss: fit: sentence %d: word number %d outside the %d words", i, w, len(words))
			}
			t := colOf[w]
			if t == 0 {
				t = -1
				if lw := strings.ToLower(words[w]); lw != "" {
					id, ok := byTerm[lw]
					if !ok {
						id = int32(len(terms))
						byTerm[lw] = id
						terms = append(terms, lw)
						n = append(n, 0)
					}
					t = id + 1
				}
				colOf[w] = t
			}
			if t > 0 {
				n[t-1]++
			}
		}
	}
	order := make([]int32, len(terms)) // columns in order of first use
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(terms[x], terms[y]) })
	col := make([]int32, len(terms)) // term number -> column
	vocab = make([]string, len(terms))
	counts = make([]int, len(terms))
	for j, t := range order {
		col[t] = int32(j)
		vocab[j], counts[j] = terms[t], n[t]
	}
	for w, t := range colOf {
		if t > 0 {
			colOf[w] = col[t-1]
		} else {
			colOf[w] = -1
		}
	}
	return colOf, vocab, counts, nil
}

// trainStats scores the training sentences (raw, as Score does; termOf maps a word number to
// its index in m.Terms, -1: none) and records the mean and sample standard deviation of the
// scores that are defined. The sentences are scored on up to workers goroutines; the
// statistics are summed in sentence order.
func (m *Model) trainStats(sentences [][]int32, termOf []int32, workers int) {
	raw := make([]float64, len(sentences))
	forBlocks(len(sentences), blockCount(len(sentences), workers), func(_, lo, hi int) {
		acc := accumulator{slot: getSlots(len(m.Terms))}
		defer func() { acc.reset(); putSlots(acc.slot) }()
		for i, s := range sentences[lo:hi] {
			acc.reset()
			for _, w := range s {
				if t := termOf[w]; t >= 0 {
					acc.addIdx(int(t), -1, -1)
				}
			}
			raw[lo+i] = m.raw(&acc).score
		}
	})
	scores := raw[:0]
	for _, r := range raw {
		if !math.IsNaN(r) {
			scores = append(scores, r)
		}
	}
	m.TrainScored = len(scores)
	m.TrainMean, m.TrainSD = meanSD(scores)
}

// meanSD returns the mean and sample standard deviation (n-1, as R's scale()) of x; the mean
// is 0 for an empty x, and the standard deviation 1 when it is undefined or zero.
func meanSD(x []float64) (mean, sd float64) {
	if len(x) == 0 {
		return 0, 1
	}
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, 1
	}
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	sd = math.Sqrt(ss / float64(len(x)-1))
	if !(sd > 0) || math.IsInf(sd, 0) {
		sd = 1
	}
	return mean, sd
}

func (m *Model) buildIndex() {
	m.index = make(map[string]int, len(m.Terms))
	for i, t := range m.Terms {
		m.index[t] = i
	}
}

// Polarity returns the polarity of a term (lower-cased first) and whether the model has it.
func (m *Model) Polarity(term string) (float64, bool) {
	if m == nil {
		return 0, false
	}
	i, ok := m.lookup(strings.ToLower(term))
	if !ok {
		return 0, false
	}
	return m.Polarities[i], true
}

// lookup finds a lower-cased term: through the index built by Fit and Load, or by binary
// search over the sorted Terms for a Model built by hand (so no method mutates the model and
// scoring is safe for concurrent use).
func (m *Model) lookup(term string) (int, bool) {
	if m.index != nil {
		i, ok := m.index[term]
		return i, ok
	}
	return slices.BinarySearch(m.Terms, term)
}

// TermIndex returns the index into Terms of the term of a token (the token lower-cased, as
// Score looks it up), or -1 when the model has no such term.
func (m *Model) TermIndex(token string) int32 {
	var buf [lowerBuf]byte
	if i, ok := m.lookupFold(token, &buf); ok {
		return int32(i)
	}
	return -1
}

// lowerBuf is the longest token lookupFold lower-cases on the stack.
const lowerBuf = 64

// lookupFold is lookup(strings.ToLower(tok)) without ToLower's allocation for an ASCII token
// with capitals: it lower-cases into buf and looks up string(buf[:n]), which the compiler does
// not copy for a map index. Non-ASCII and long tokens take strings.ToLower (whose ASCII
// mapping is the same A-Z -> a-z). strings.ToLower was 0.07 s of ScoreAll's 0.41 s on the
// 10MB bench corpus.
func (m *Model) lookupFold(tok string, buf *[lowerBuf]byte) (int, bool) {
	if m.index == nil || len(tok) > len(buf) {
		return m.lookup(strings.ToLower(tok))
	}
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c >= utf8.RuneSelf {
			return m.lookup(strings.ToLower(tok))
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	i, ok := m.index[string(buf[:len(tok)])]
	return i, ok
}

// maxNamedSeeds is how many of the missing seed patterns errNoSeed names.
const maxNamedSeeds = 8

// errNoSeed is Fit's error when none of n seed patterns occurs in the corpus: it names the first
// maxNamedSeeds of the missing ones and counts the rest (the default dictionary's 56 patterns
// made a warning of several hundred characters).
func errNoSeed(n int, missing []string) error {
	named := missing
	more := ""
	if len(missing) > maxNamedSeeds {
		named = missing[:maxNamedSeeds]
		more = fmt.Sprintf(" and %d more", len(missing)-maxNamedSeeds)
	}
	return fmt.Errorf("lss: fit: none of %d seed patterns occurs in the corpus (%s%s)", n, strings.Join(named, ", "), more)
}
