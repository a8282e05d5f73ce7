package keyphrase

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// FuzzSortRanked compares sortRanked with slices.SortFunc by compareRanked (the sort it
// replaced) on groups whose scores come from the fuzz bytes: equal scores, scores that differ
// only in the low bits sortRanked replaces by the group's index, texts shared by several
// groups, and scores that are not positive and finite.
func FuzzSortRanked(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{9, 9, 9, 9, 9, 9, 0, 1, 0, 2, 0, 3})
	f.Add([]byte{200, 1, 200, 2, 200, 3, 255, 255, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		sc := newDocScratch(0)
		var groups []group
		var order []ranked
		for i := 0; i+1 < len(b); i += 2 {
			// texts: a few shared display texts with distinct keys, as forms of one text differ
			text := fmt.Sprint("t", b[i+1]%5)
			sc.texts = append(sc.texts, phraseText{text: text})
			sc.formRefs = append(sc.formRefs, formRef{text: int32(len(sc.texts) - 1)})
			sc.keys = append(sc.keys, mergeKey{key: fmt.Sprint("k", i)})
			score := 1 + float64(b[i]%8)
			switch b[i+1] % 7 {
			case 0: // differs from score only in the lowest bits
				score = math.Float64frombits(math.Float64bits(score) + uint64(b[i]))
			case 1:
				score = float64(b[i]) * 1e-300
			case 2:
				if b[i] > 250 {
					score = []float64{math.Inf(1), math.NaN(), 0, -1, math.Copysign(0, -1)}[b[i]-251]
				}
			}
			g := int32(len(groups))
			groups = append(groups, group{key: g, rep: g, score: score})
			order = append(order, ranked{score: score, g: g})
		}
		want := slices.Clone(order)
		slices.SortFunc(want, func(a, b ranked) int { return sc.compareRanked(groups, a, b) })
		sc.sortRanked(order, groups)
		for i := range order {
			if order[i].g != want[i].g || math.Float64bits(order[i].score) != math.Float64bits(want[i].score) {
				t.Fatalf("sortRanked %v, slices.SortFunc %v", order, want)
			}
		}
	})
}
