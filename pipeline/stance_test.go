package pipeline

import (
	"slices"
	"testing"
)

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
