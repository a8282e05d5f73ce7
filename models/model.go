package models

import (
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
	"io"
	"math"
)

// Labels shared by every model and by labels files.
const (
	StateCentric     = "state_centric"
	Multistakeholder = "multistakeholder"
	Neutral          = "neutral"
)

// Model names, as used in --models and in every report's model column.
const (
	NameDictionary = "dictionary"
	NameWordscores = "wordscores"
	NameLSS        = "lss"
	NameClassifier = "classifier"
)

// Token is one word of a text with byte offsets into Text: the linguistic layer's token type
// itself, so a provision's tokens reach the models without a copy (a copy of every token was 15%
// of the live heap of a run before).
type Token = tokenize.Token

// Text is what a model scores: one provision, with its tokens already computed by the linguistic
// layer (so no model tokenises again).
type Text struct {
	ID     string
	Text   string
	Tokens []Token
}

// Evidence is one term or phrase that contributed to a score.
type Evidence struct {
	Term string
	// Start and End locate the first occurrence in the scored text (-1 when not located, e.g. for
	// a whole document).
	Start, End   int
	Count        float64
	Contribution float64 // signed: its share of the score
}

// Score is a model's verdict on one text or document.
type Score struct {
	Score         float64 // on the model's documented range; NaN when the text has nothing to score
	SE            float64 // standard error, NaN when the model gives none
	CILow, CIHigh float64 // 95% interval, NaN when the model gives none
	Label         string  // StateCentric, Multistakeholder or Neutral
	Confidence    float64 // in [0, 1]: a probability for the classifier, a documented proxy otherwise
	Evidence      []Evidence
}

// Scorer is a fitted model.
type Scorer interface {
	// Name is one of the Name* constants.
	Name() string
	// Range is the documented range of Score.Score.
	Range() (lo, hi float64)
	// Score scores one provision.
	Score(t Text) Score
	// ScoreDocument scores a whole document from its provisions.
	ScoreDocument(provisions []Text) Score
	// Save writes the fitted model as JSON.
	Save(w io.Writer) error
}

// BatchScorer is implemented by a Scorer that can score a document's provisions and the document
// together more cheaply than Score for each and ScoreDocument: ScoreAll(ps) must return exactly
// what those calls return.
type BatchScorer interface {
	ScoreAll(provisions []Text) (each []Score, document Score)
}

// ScoreAll scores each provision and the whole document with s, in one pass when s is a
// BatchScorer.
func ScoreAll(s Scorer, provisions []Text) ([]Score, Score) {
	if b, ok := s.(BatchScorer); ok {
		return b.ScoreAll(provisions)
	}
	each := make([]Score, len(provisions))
	for i, t := range provisions {
		each[i] = s.Score(t)
	}
	return each, s.ScoreDocument(provisions)
}

// NaNScore is a Score with every number missing, for texts a model cannot score.
func NaNScore() Score {
	n := math.NaN()
	return Score{Score: n, SE: n, CILow: n, CIHigh: n, Label: Neutral}
}

// LabelFor turns a signed score into a label with a symmetric dead band: scores within
// [-band, band] are Neutral.
func LabelFor(score, band float64) string {
	switch {
	case math.IsNaN(score):
		return Neutral
	case score > band:
		return StateCentric
	case score < -band:
		return Multistakeholder
	}
	return Neutral
}
