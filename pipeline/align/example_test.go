package align_test

import (
	"fmt"
	"strings"

	"github.com/stanceshift/stanceshift/pipeline/align"
)

func ExampleWordDiff() {
	a := strings.Fields("States shall cooperate in combating crime.")
	b := strings.Fields("States should cooperate fully in combating crime.")
	diff, inserted, deleted := align.WordDiff(a, b)
	fmt.Println(diff)
	fmt.Println("inserted:", inserted)
	fmt.Println("deleted:", deleted)
	// Output:
	// States [-shall-] {+should+} cooperate {+fully+} in combating crime.
	// inserted: [should fully]
	// deleted: [shall]
}

func ExampleAlign() {
	// Vectors over a toy vocabulary: 0 weapons, 1 governance, 2 multilateral, 3 confidence.
	from := []align.Item{
		{ID: "2011:b", Marker: "b", Ordinal: 1, Text: "Not to proliferate information weapons.",
			Vec: align.SparseVec{Idx: []int{0}, Val: []float64{1}}},
		{ID: "2011:g", Marker: "g", Ordinal: 2, Text: "To establish multilateral Internet governance.",
			Vec: align.SparseVec{Idx: []int{1, 2}, Val: []float64{0.6, 0.8}}},
	}
	to := []align.Item{
		{ID: "2015:8", Marker: "8", Ordinal: 1, Text: "Internet governance is to be multilateral.",
			Vec: align.SparseVec{Idx: []int{1, 2}, Val: []float64{0.6, 0.8}}},
		{ID: "2015:10", Marker: "10", Ordinal: 2, Text: "To develop confidence-building measures.",
			Vec: align.SparseVec{Idx: []int{3}, Val: []float64{1}}},
	}
	for _, p := range align.Align(from, to, align.DefaultOptions()) {
		line := fmt.Sprintf("%-7s -> %-7s %-8s %.2f %s", p.From, p.To, p.Status, p.Similarity, p.Diff)
		fmt.Println(strings.TrimSpace(line))
	}
	// Output:
	// 2011:b  ->         deleted  0.00
	// 2011:g  -> 2015:8  modified 1.00 [-To establish multilateral Internet governance.-] {+Internet governance is to be multilateral.+}
	// -> 2015:10 added    0.00
}
