package report

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCoverIndex: coverIndex.appendAt gives what coverAt gives, offset by offset, including
// offsets outside the text, spans past its ends, empty and nested spans.
func TestCoverIndex(t *testing.T) {
	for _, tc := range []struct {
		name  string
		n     int
		spans []span
	}{
		{"no spans", 10, nil},
		{"empty text", 0, []span{{Start: 0, End: 3}}},
		{"one span", 10, []span{{Start: 2, End: 5}}},
		{"nested and touching", 20, []span{{Start: 0, End: 20}, {Start: 3, End: 8}, {Start: 8, End: 12}, {Start: 5, End: 6}}},
		{"empty and reversed spans", 10, []span{{Start: 4, End: 4}, {Start: 7, End: 2}, {Start: 1, End: 3}}},
		{"spans past both ends", 10, []span{{Start: -5, End: 2}, {Start: 8, End: 30}, {Start: 12, End: 15}}},
		{"duplicates", 10, []span{{Start: 1, End: 4}, {Start: 1, End: 4}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkCover(t, tc.spans, tc.n)
		})
	}
	t.Run("random", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for range 300 {
			n := rng.IntN(80)
			spans := make([]span, rng.IntN(12))
			for i := range spans {
				a := rng.IntN(n+10) - 5
				spans[i] = span{Start: a, End: a + rng.IntN(20)}
			}
			checkCover(t, spans, n)
		}
	})
}

func checkCover(t *testing.T, spans []span, n int) {
	t.Helper()
	c := newCoverIndex(spans, n)
	for off := -2; off < n+25; off++ {
		for _, base := range []int{0, 7} {
			want := coverAt([]int{99}, spans, off, base)
			if got := c.appendAt([]int{99}, off, base); !slices.Equal(got, want) {
				t.Fatalf("spans %v, n %d, offset %d, base %d: %v, coverAt %v", spans, n, off, base, got, want)
			}
		}
	}
}
