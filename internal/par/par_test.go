package par

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

// TestEach: every index exactly once, at most workers calls at a time, in order when inline.
func TestEach(t *testing.T) {
	for _, tc := range []struct {
		name       string
		n, workers int
		inline     bool // calls in index order on the caller's goroutine
	}{
		{"no items", 0, 4, true},
		{"one item", 1, 4, true},
		{"one worker", 50, 1, true},
		{"zero workers means one", 50, 0, true},
		{"two workers", 1000, 2, false},
		{"more workers than items", 3, 16, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var order []int
			var running, peak atomic.Int32
			Each(tc.n, tc.workers, func(i int) {
				r := running.Add(1)
				for p := peak.Load(); r > p && !peak.CompareAndSwap(p, r); p = peak.Load() {
				}
				mu.Lock()
				order = append(order, i)
				mu.Unlock()
				running.Add(-1)
			})
			if len(order) != tc.n {
				t.Fatalf("%d calls for %d items", len(order), tc.n)
			}
			sorted := slices.Sorted(slices.Values(order))
			for i, x := range sorted {
				if x != i {
					t.Fatalf("index %d called %v (sorted calls %v)", i, x, sorted)
				}
			}
			if tc.inline && !slices.IsSorted(order) {
				t.Errorf("inline calls out of order: %v", order)
			}
			if p := int(peak.Load()); p > max(tc.workers, 1) {
				t.Errorf("%d calls at once on %d workers", p, tc.workers)
			}
		})
	}
}

func ExampleEach() {
	squares := make([]int, 5) // one slot per item: the result does not depend on the scheduling
	Each(len(squares), 2, func(i int) { squares[i] = i * i })
	fmt.Println(squares)
	// Output: [0 1 4 9 16]
}
