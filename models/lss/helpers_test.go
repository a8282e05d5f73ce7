package lss

import (
	"fmt"
	"math/rand/v2"
	"unicode"

	"github.com/stanceshift/stanceshift/models"
)

// tokens splits s into runs of letters and digits, with byte offsets (tests only: the pipeline
// tokenises for real).
func tokens(s string) []models.Token {
	var out []models.Token
	start := -1
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, models.Token{Text: s[start:i], Start: start, End: i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, models.Token{Text: s[start:], Start: start, End: len(s)})
	}
	return out
}

func text(id, s string) models.Text { return models.Text{ID: id, Text: s, Tokens: tokens(s)} }

// Vocabulary of the synthetic corpus.
var (
	stateWords = []string{"sovereignty", "sovereign", "states", "intergovernmental", "territorial",
		"noninterference", "itu", "control"}
	msWords = []string{"stakeholders", "stakeholder", "civil", "private", "bottom", "icann", "igf",
		"open"}
	// Seeds among the words above; the other side words must acquire the seeds' sign.
	syntheticSeeds = map[string]float64{
		"sovereign*": 1, "states": 1,
		"stakeholder*": -1, "civil": -1,
		"absentword": 1, "nothere*": -1,
	}
)

func fillers() []string {
	out := make([]string, 40)
	for i := range out {
		out[i] = fmt.Sprintf("w%02d", i)
	}
	return out
}

// syntheticCorpus has n state-centric and n multistakeholder sentences (3 side words and 4
// fillers each, fillers shared by both sides) and n/2 filler-only sentences, interleaved.
func syntheticCorpus(n int, seed uint64) [][]string {
	rng := rand.New(rand.NewPCG(seed, 99))
	fill := fillers()
	pick := func(from []string, k int) []string {
		out := make([]string, k)
		for i := range out {
			out[i] = from[rng.IntN(len(from))]
		}
		return out
	}
	var out [][]string
	for i := range n {
		out = append(out, append(pick(stateWords, 3), pick(fill, 4)...))
		out = append(out, append(pick(msWords, 3), pick(fill, 4)...))
		if i%2 == 0 {
			out = append(out, pick(fill, 5))
		}
	}
	return out
}
