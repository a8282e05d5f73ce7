package keyphrase

import (
	"cmp"
	"slices"
	"testing"
)

// FuzzCandidatesOrder checks that the candidates left unsorted when emitted in order are what
// sorting and compacting them, as candidates did for every provision, gives.
func FuzzCandidatesOrder(f *testing.F) {
	f.Add("such international measures and other relevant confidence-building measures of the United Nations", []byte{8, 13, 4, 1, 22, 10, 0, 7}, false)
	f.Add("private sector and civil society of the World Summit on the Information Society", []byte{5, 1, 0, 2, 3, 1, 3, 1}, true)
	f.Fuzz(func(t *testing.T, text string, b []byte, words bool) {
		toks, sents := fuzzTokens(text, b)
		if words {
			toks = wordTokens(text, b)
		}
		ts, tags := splitTagged(toks)
		sc := newDocScratch(8)
		cs, _ := sc.candidates(text, ts, tags, nil, sents, DefaultMaxWords)
		want := slices.Clone(cs)
		slices.SortStableFunc(want, func(a, b cand) int {
			return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
		})
		want = slices.CompactFunc(want, func(a, b cand) bool { return a.start == b.start && a.end == b.end })
		if !slices.Equal(cs, want) {
			t.Fatalf("candidates %v, sorted and compacted %v", cs, want)
		}
	})
}
