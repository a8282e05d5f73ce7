package report

import "testing"

// TestFreeListLargest: largest hands out the kept buffers from the largest down, empty, then nil.
func TestFreeListLargest(t *testing.T) {
	l := freeList{max: 4, maxBytes: 100}
	for _, n := range []int{10, 30, 20} {
		l.put(make([]byte, 5, n))
	}
	for _, want := range []int{30, 20, 10} {
		b := l.largest()
		if cap(b) != want || len(b) != 0 {
			t.Fatalf("largest: len %d cap %d, want len 0 cap %d", len(b), cap(b), want)
		}
	}
	if b := l.largest(); b != nil {
		t.Fatalf("largest of an empty list: cap %d, want nil", cap(b))
	}
}
