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

// TestRenderMemo: renderDiff and renderText, which reuse the last byte's annotation while the
// cover sets do not change, give the pieces of the plain per-byte computation (coverAt and
// joinSpans for every byte), on random texts, diffs and spans.
func TestRenderMemo(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	words := []string{"States", "shall", "cooperate", "é", "ICT", "  ", "\n", "all", "stakeholders"}
	randText := func() string {
		var b []byte
		for range rng.IntN(12) {
			if len(b) > 0 {
				b = append(b, ' ')
			}
			b = append(b, words[rng.IntN(len(words))]...)
		}
		return string(b)
	}
	randSpans := func(n int) []span {
		ss := make([]span, rng.IntN(6))
		for i := range ss {
			a := rng.IntN(n+6) - 3
			ss[i] = span{Start: a, End: a + rng.IntN(15), Class: []string{"ent ent-org", "con", "kp"}[rng.IntN(3)], Title: words[rng.IntN(3)]}
		}
		return ss
	}
	plainKey := func(spans []span, off func(b int) []int) func(b int) (string, string) {
		return func(b int) (string, string) {
			var ss []span
			for _, i := range off(b) {
				ss = append(ss, spans[i])
			}
			return joinSpans(ss)
		}
	}
	for i := range 400 {
		// A diff of two texts: equal, deleted and inserted runs.
		var segs []Segment
		var from, to string
		for range rng.IntN(5) + 1 {
			w := randText()
			op := []Op{Equal, Delete, Insert}[rng.IntN(3)]
			segs = append(segs, Segment{Op: op, Text: w + " "})
			if op != Insert {
				from += w + " "
			}
			if op != Delete {
				to += w + " "
			}
		}
		fs, ts := randSpans(len(from)), randSpans(len(to))
		views, fok, tok := renderDiff(segs, from, to, fs, ts)
		fromPos, _ := mapSide(segs, from, Insert)
		toPos, _ := mapSide(segs, to, Delete)
		all := append(append([]span(nil), fs...), ts...)
		for k, sg := range segs {
			want := pieces(sg.Text, plainKey(all, func(b int) []int {
				var idx []int
				if fok {
					idx = coverAt(idx, fs, fromPos[k][b], 0)
				}
				if tok {
					idx = coverAt(idx, ts, toPos[k][b], len(fs))
				}
				return idx
			}))
			if !slices.Equal(views[k].Pieces, want) {
				t.Fatalf("case %d, segment %d %q: %+v, want %+v", i, k, sg.Text, views[k].Pieces, want)
			}
		}
		text := randText()
		spans := randSpans(len(text))
		got := renderText("eq", text, spans)
		want := pieces(text, plainKey(spans, func(b int) []int { return coverAt(nil, spans, b, 0) }))
		if !slices.Equal(got.Pieces, want) {
			t.Fatalf("case %d, text %q: %+v, want %+v", i, text, got.Pieces, want)
		}
	}
}
