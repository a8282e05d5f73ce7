package lss

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/models"
)

// fuzzInput cuts a fuzz target's text into sentences ('\n' separates them, spaces terms) and
// makes its seed map: pos positive, neg negative unless it is pos.
func fuzzInput(corpus, pos, neg string) ([][]string, map[string]float64) {
	var sentences [][]string
	for _, line := range strings.Split(corpus, "\n") {
		sentences = append(sentences, strings.Fields(line))
	}
	seeds := map[string]float64{pos: 1}
	if neg != pos {
		seeds[neg] = -1
	}
	return sentences, seeds
}

// FuzzFit fits on sentences cut from arbitrary text ('\n' separates sentences, spaces terms)
// and scores the same text: no input may panic, and a fitted model must save, load and score
// the same way, with finite polarities within Range.
func FuzzFit(f *testing.F) {
	f.Add("states sovereignty\ncivil stakeholders", "states", "civil", 2)
	f.Add("", "states", "civil", 300)
	f.Add("\n\n\n", "states", "civil", 1)
	f.Add("states", "states", "civil", 300)
	f.Add("states states states\nstates", "sta*", "x", 5)
	f.Add("a b c\na b c\na b c", "a", "c", 300)
	f.Add("STATES Civil\ncivil states\n\u00e9t\u00e9 caf\u00e9", "*", "?", 0)
	f.Add("x y\nz", "**", "", -3)
	f.Fuzz(func(t *testing.T, corpus, pos, neg string, k int) {
		sentences, seeds := fuzzInput(corpus, pos, neg)
		m, err := Fit(sentences, seeds, Options{K: k % 400})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "lss: ") {
				t.Fatalf("error without package prefix: %v", err)
			}
			return
		}
		lo, hi := m.Range()
		for i, p := range m.Polarities {
			if math.IsNaN(p) || p < lo-1e-9 || p > hi+1e-9 {
				t.Fatalf("%q: polarity %v outside [%v, %v]", m.Terms[i], p, lo, hi)
			}
		}
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := Load(&buf)
		if err != nil {
			t.Fatal(err)
		}
		in := models.Text{Text: corpus, Tokens: tokens(corpus)}
		a, b := m.Score(in), back.Score(in)
		if math.Float64bits(a.Score) != math.Float64bits(b.Score) {
			t.Fatalf("score %v before save, %v after", a.Score, b.Score)
		}
		if !math.IsNaN(a.Score) && (a.Confidence < 0 || a.Confidence > 1) {
			t.Fatalf("confidence %v", a.Confidence)
		}
	})
}
