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

// TestPageBlocks: blocks handed out come back after recycle, cleared (pieces and spans) and
// empty, each of at least the capacity asked; a block too small for a request is passed over;
// recycle keeps at most maxKeptBlocks of a kind; a nil *pageBlocks allocates.
func TestPageBlocks(t *testing.T) {
	pb := &pageBlocks{}
	p := pb.pieceBlock(8)
	p = append(p, piece{Text: "a", Class: "con"})
	s := append(pb.spanBlock(4), span{Start: 1, End: 2, Class: "ev", Title: "t"})
	small := pb.intBlock(2)
	i32 := pb.int32Block(3)
	pb.recycle()
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"piece block again, cleared", func() bool {
			q := pb.pieceBlock(8)
			return len(q) == 0 && cap(q) == cap(p) && &q[:1][0] == &p[0] && q[:1][0] == piece{}
		}()},
		{"span block again, cleared", func() bool {
			q := pb.spanBlock(2)
			return len(q) == 0 && cap(q) == cap(s) && &q[:1][0] == &s[0] && q[:1][0] == span{}
		}()},
		{"int block too small: a new one", func() bool {
			q := pb.intBlock(5)
			return cap(q) == 5 && &q[:1][0] != &small[:1][0]
		}()},
		{"int32 block again", func() bool {
			q := pb.int32Block(3)
			return cap(q) == cap(i32) && &q[:1][0] == &i32[:1][0]
		}()},
		{"nil allocates", func() bool {
			var none *pageBlocks
			none.recycle()
			return cap(none.pieceBlock(3)) == 3 && cap(none.spanBlock(2)) == 2 &&
				cap(none.intBlock(4)) == 4 && cap(none.int32Block(5)) == 5
		}()},
	} {
		if !tc.ok {
			t.Errorf("%s: no", tc.name)
		}
	}
	for range maxKeptBlocks + 5 {
		pb.spanBlock(1)
	}
	pb.recycle()
	if n := len(pb.freeSpans); n != maxKeptBlocks {
		t.Errorf("kept %d span blocks, want %d", n, maxKeptBlocks)
	}
}
