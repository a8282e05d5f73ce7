package lss

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/models"
)

// zipfCorpus is n sentences of about 20 terms from a vocabulary of v, Zipf-distributed.
func zipfCorpus(n, v int, seed uint64) [][]string {
	rng := rand.New(rand.NewPCG(seed, 3))
	z := rand.NewZipf(rng, 1.1, 2, uint64(v-1))
	words := make([]string, v)
	for i := range words {
		words[i] = fmt.Sprintf("t%05d", i)
	}
	out := make([][]string, n)
	for i := range out {
		s := make([]string, 20)
		for j := range s {
			s[j] = words[z.Uint64()]
		}
		out[i] = s
	}
	return out
}

// BenchmarkFit: 20,000 sentences of 20 terms over a 5,000-term Zipf vocabulary, k = 100.
func BenchmarkFit(b *testing.B) {
	sentences := zipfCorpus(20_000, 5_000, 1)
	seeds := map[string]float64{"t00010": 1, "t00011": 1, "t00020": -1, "t00021": -1}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Fit(sentences, seeds, Options{K: 100}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScore scores one 60-token provision with a 5,000-term model.
func BenchmarkScore(b *testing.B) {
	sentences := zipfCorpus(5_000, 5_000, 1)
	m, err := Fit(sentences, map[string]float64{"t00010": 1, "t00020": -1}, Options{K: 50})
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for i, w := range zipfCorpus(3, 5_000, 2) {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(strings.ToUpper(strings.Join(w, " ")))
	}
	in := models.Text{Text: sb.String(), Tokens: tokens(sb.String())}
	b.ReportAllocs()
	for b.Loop() {
		m.Score(in)
	}
}

// BenchmarkScoreAll scores 200 provisions of 60 capitalised tokens with a 5,000-term model
// (one provision score each and the document score, as the pipeline does per version).
func BenchmarkScoreAll(b *testing.B) {
	sentences := zipfCorpus(5_000, 5_000, 1)
	m, err := Fit(sentences, map[string]float64{"t00010": 1, "t00020": -1}, Options{K: 50})
	if err != nil {
		b.Fatal(err)
	}
	var provisions []models.Text
	for i := range 200 {
		var sb strings.Builder
		for j, w := range zipfCorpus(3, 5_000, uint64(i+2)) {
			if j > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(strings.ToUpper(strings.Join(w, " ")))
		}
		provisions = append(provisions, models.Text{Text: sb.String(), Tokens: tokens(sb.String())})
	}
	b.ReportAllocs()
	for b.Loop() {
		m.ScoreAll(provisions)
	}
}
