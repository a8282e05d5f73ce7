package pipeline

import (
	"slices"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/pipeline/analyze"
	"github.com/stanceshift/stanceshift/pipeline/analyze/sentence"
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// strideSample keeps at most n items taken at an even stride, in order (all of them when there
// are at most n): the reference for lssSentences and StridePicks.
func strideSample[T any](items []T, n int) []T {
	if len(items) <= n {
		return items
	}
	out := make([]T, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, items[StridePick(i, len(items), n)])
	}
	return out
}

// TestLSSSentences checks that building only the sampled sentences picks exactly the sentences an
// even-stride sample of the full list would.
func TestLSSSentences(t *testing.T) {
	r := defaultResult(t)
	all := lssSentences(r, 0)
	if len(all) < 20 {
		t.Fatalf("default corpus: %d sentences, expected at least 20", len(all))
	}
	for _, tc := range []struct {
		name string
		max  int
	}{
		{"all", len(all)},
		{"more than there are", len(all) + 10},
		{"one", 1},
		{"seven", 7},
		{"all but one", len(all) - 1},
		{"half", len(all) / 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := lssSentences(r, tc.max)
			want := strideSample(all, tc.max)
			if !slices.EqualFunc(got, want, func(a, b []string) bool { return slices.Equal(a, b) }) {
				t.Errorf("lssSentences(%d): %d sentences, the stride sample has %d (or they differ)", tc.max, len(got), len(want))
			}
		})
	}
}

// TestLSSSentencesSkipsEmpty checks the sample on sentences without any LSS term (only stop
// words or punctuation): they are neither returned nor counted, so the sample is exactly the even
// stride of the non-empty sentences (counting them made the sample short and shifted).
func TestLSSSentencesSkipsEmpty(t *testing.T) {
	var texts []string
	for i := range 12 {
		if i%3 == 1 {
			texts = append(texts, "It is of the.") // stop words only
		} else {
			texts = append(texts, "States cooperate number "+strings.Repeat("x", i+1)+".")
		}
	}
	text := strings.Join(texts, " ")
	an := analyze.Provision{Tokens: tokenize.Tokenize(text), Sentences: sentence.Split(text)}
	if len(an.Sentences) != 12 {
		t.Fatalf("%d sentences, the test needs 12", len(an.Sentences))
	}
	r := &Result{Docs: []*DocResult{{Analyses: []analyze.Provision{an}}}}
	all := LSSSentences(r.Docs[0])
	if len(all) != 8 {
		t.Fatalf("%d non-empty sentences, want 8: %q", len(all), all)
	}
	for _, max := range []int{0, 1, 3, 5, 7, 8, 20} {
		want := all
		if max > 0 {
			want = strideSample(all, max)
		}
		if got := lssSentences(r, max); !slices.EqualFunc(got, want, func(a, b []string) bool { return slices.Equal(a, b) }) {
			t.Errorf("max %d: %q, want %q", max, got, want)
		}
	}
}
