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

// TestScratchList: get hands out what put kept, the last kept first, then new zero values; put
// keeps at most max and ignores nil.
func TestScratchList(t *testing.T) {
	l := scratchList[int]{max: 2}
	a, b, c := new(int), new(int), new(int)
	*a, *b, *c = 1, 2, 3
	l.put(a)
	l.put(nil)
	l.put(b)
	l.put(c) // the list is full: dropped
	for _, tc := range []struct {
		name string
		want *int
	}{
		{"last kept", b},
		{"first kept", a},
	} {
		if got := l.get(); got != tc.want {
			t.Fatalf("%s: get = %p (%d), want %p", tc.name, got, *got, tc.want)
		}
	}
	if got := l.get(); got == a || got == b || got == c || *got != 0 {
		t.Fatalf("get of an empty list = %p (%d), want a new zero value", got, *got)
	}
}
