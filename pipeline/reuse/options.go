package reuse

import (
	"math"

	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// Options tunes Candidates, LocalAlign and Find. The zero value of every numeric field means
// its default (the Default* constants); StopWords nil means DefaultStopWords (pass an empty,
// non-nil map to score every word alike).
type Options struct {
	// Shingle is the length, in content words, of the shingles indexed by Candidates.
	Shingle int
	// MaxDF is the document frequency (number of provisions) above which a shingle is too
	// common to index: it is dropped, so no shingle contributes more than MaxDF*(MaxDF-1)/2
	// pair comparisons.
	MaxDF int
	// MinShared is the number of distinct indexed shingles two provisions must share to be a
	// candidate pair.
	MinShared int

	// Match, Mismatch, GapOpen and GapExtend are the Smith-Waterman scores: a matched word
	// scores Match, a substitution Mismatch, and a gap of k words GapOpen + (k-1)*GapExtend.
	// Match should be positive, the others negative.
	Match, Mismatch, GapOpen, GapExtend float64
	// StopWords are lower-cased words left out before shingling and alignment: they neither
	// score when matched nor cost when inserted, deleted or substituted, so "of the" chains
	// count for nothing and "its" against "of the" breaks nothing.
	StopWords map[string]bool
	// Stem compares words by their Porter2 stem (vectorize.Stem) instead of their lower-cased
	// form, in shingles and in alignment.
	Stem bool

	// MinScore and MinWords are Find's thresholds: a reported reuse scores at least MinScore
	// and aligns at least MinWords identical content words.
	MinScore float64
	MinWords int

	// Workers is the number of goroutines Find prepares provisions and aligns candidate pairs
	// on; 0 or 1 means one. The result does not depend on it.
	Workers int

	// stops is the table of StopWords when withDefaults set them to the default stop words
	// (which no caller can reach, so the table cannot go stale); nil: look StopWords up.
	stops *stopTable
}

// Defaults, chosen as explained in the package documentation.
const (
	DefaultShingle   = 2
	DefaultMaxDF     = 50
	DefaultMinShared = 2
	DefaultMatch     = 2.0
	DefaultMismatch  = -0.5
	DefaultGapOpen   = -1.0
	DefaultGapExtend = -0.5
	DefaultMinScore  = 7.0
	DefaultMinWords  = 5
)

// DefaultStopWords returns a fresh set of the default stop words: scikit-learn's English list
// as shipped in vectorize.EnglishStopWords.
func DefaultStopWords() map[string]bool {
	m := make(map[string]bool, len(vectorize.EnglishStopWords))
	for _, w := range vectorize.EnglishStopWords {
		m[w] = true
	}
	return m
}

var (
	defaultStop      = DefaultStopWords()
	defaultStopTable = newStopTable(defaultStop)
)

func (o Options) withDefaults() Options {
	if o.Shingle <= 0 {
		o.Shingle = DefaultShingle
	}
	if o.MaxDF <= 0 {
		o.MaxDF = DefaultMaxDF
	}
	if o.MinShared <= 0 {
		o.MinShared = DefaultMinShared
	}
	o.Match = orDefault(o.Match, DefaultMatch)
	o.Mismatch = orDefault(o.Mismatch, DefaultMismatch)
	o.GapOpen = orDefault(o.GapOpen, DefaultGapOpen)
	o.GapExtend = orDefault(o.GapExtend, DefaultGapExtend)
	o.MinScore = orDefault(o.MinScore, DefaultMinScore)
	if o.MinWords <= 0 {
		o.MinWords = DefaultMinWords
	}
	o.stops = nil
	if o.StopWords == nil {
		o.StopWords, o.stops = defaultStop, defaultStopTable
	}
	return o
}

// orDefault maps 0 and NaN to def.
func orDefault(v, def float64) float64 {
	if v == 0 || math.IsNaN(v) {
		return def
	}
	return v
}

// EchoOptions tunes Echoes.
type EchoOptions struct {
	// Align configures the local alignment used in the similarity (see Options).
	Align Options
	// AlignWeight is the weight of the alignment share in the similarity; the content-word
	// overlap gets 1-AlignWeight. 0 means DefaultAlignWeight; a negative value means 0 (overlap
	// only). Values above 1 count as 1.
	AlignWeight float64
	// Threshold is the similarity at or above which a reference provision is echoed.
	Threshold float64
}

// Echo defaults, chosen as explained in the package documentation.
const (
	DefaultAlignWeight   = 0.5
	DefaultEchoThreshold = 0.45
)

func (o EchoOptions) withDefaults() EchoOptions {
	o.Align = o.Align.withDefaults()
	switch {
	case o.AlignWeight == 0 || math.IsNaN(o.AlignWeight):
		o.AlignWeight = DefaultAlignWeight
	case o.AlignWeight < 0:
		o.AlignWeight = 0
	case o.AlignWeight > 1:
		o.AlignWeight = 1
	}
	o.Threshold = orDefault(o.Threshold, DefaultEchoThreshold)
	return o
}
