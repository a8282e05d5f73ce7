package pipeline

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// wordIDFFixture returns the TF-IDF options, a small vocabulary and the answer WordIDF gave
// for it before it had a memo.
func wordIDFFixture(t testing.TB) (vectorize.Options, *vectorize.Vocabulary, func(string) float64) {
	tf, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	df := vectorize.NewDF()
	df.Add(vectorize.Terms([]string{"measures", "security", "internet"}, tf))
	df.Add(vectorize.Terms([]string{"governance"}, tf))
	df.Add(vectorize.Terms([]string{"security", "peace"}, tf))
	v := df.Extract(tf)
	v.BuildIndex()
	direct := func(w string) float64 {
		single := tf
		single.Bigrams = false
		if t := vectorize.Terms([]string{w}, single); len(t) == 1 {
			if k, ok := v.Index(t[0]); ok {
				return v.IDF[k]
			}
		}
		return 1
	}
	return tf, v, direct
}

// FuzzWordIDF checks WordIDF's memo against the direct answer on arbitrary words, each asked
// twice (computed, then memoised) among others that share its memo's shard.
func FuzzWordIDF(f *testing.F) {
	f.Add("security measures of the internet")
	f.Add("peace \xff MEASURE governance governances")
	tf, v, direct := wordIDFFixture(f)
	f.Fuzz(func(t *testing.T, s string) {
		idf := WordIDF(v, tf)
		words := append(strings.Fields(s), s, "")
		for range 2 {
			for _, w := range words {
				if got, want := idf(w), direct(w); got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
					t.Fatalf("WordIDF(%q) = %v, want %v", w, got, want)
				}
			}
		}
	})
}

// TestWordIDFMemo checks that WordIDF's memo changes no answer: each word gets the IDF of its
// term, asked once or many times, from several goroutines at once, and a word that is a slice
// of a longer text is answered as the same word on its own.
func TestWordIDFMemo(t *testing.T) {
	tf, v, direct := wordIDFFixture(t)
	text := "measures of security"
	for _, tc := range []struct {
		name string
		word string
		term bool // has a term in v
	}{
		{"term", "security", true},
		{"stemmed-term", "measures", true},
		{"stem-shared", "measure", true},
		{"slice-of-text", text[:8], true},
		{"stop-word", "of", false},
		{"unseen", "zebra", false},
		{"empty", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idf := WordIDF(v, tf)
			want := direct(tc.word)
			if (want != 1) != tc.term {
				t.Fatalf("direct(%q) = %v: the vocabulary does not hold what the case says", tc.word, want)
			}
			var wg sync.WaitGroup
			got := make([]float64, 8)
			for g := range got {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range 3 {
						got[g] = idf(tc.word)
					}
				}()
			}
			wg.Wait()
			for g, x := range got {
				if x != want {
					t.Errorf("goroutine %d: WordIDF(%q) = %v, want %v", g, tc.word, x, want)
				}
			}
		})
	}
	if got := WordIDF(nil, tf)("security"); got != 1 {
		t.Errorf("nil vocabulary: %v, want 1", got)
	}
}
