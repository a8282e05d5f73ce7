package report

import "sync"

// freeList keeps up to max buffers for reuse, each at most maxBytes. A sync.Pool would not do:
// the collector empties it every other cycle, every few hundred milliseconds of a report, and
// most of the buffers were allocated again (measured: 0.42 of 2.4 GB allocated at 10 MB). The
// list holds at most max * maxBytes bytes for the life of the process.
type freeList struct {
	mu       sync.Mutex
	max      int
	maxBytes int
	free     [][]byte
}

// get returns a buffer of length n (arbitrary contents): a kept one when one is large enough.
func (l *freeList) get(n int) []byte {
	b, _ := l.getKept(n)
	return b
}

// getKept is get, reporting whether the buffer is a kept one (else it is new, of zeros).
func (l *freeList) getKept(n int) ([]byte, bool) {
	l.mu.Lock()
	for i, b := range l.free {
		if cap(b) >= n {
			last := len(l.free) - 1
			l.free[i] = l.free[last]
			l.free[last] = nil
			l.free = l.free[:last]
			l.mu.Unlock()
			return b[:n], true
		}
	}
	l.mu.Unlock()
	return make([]byte, n), false
}

// largest returns the largest kept buffer at length 0, or nil when none is kept.
func (l *freeList) largest() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.free) == 0 {
		return nil
	}
	big := 0
	for i := range l.free {
		if cap(l.free[i]) > cap(l.free[big]) {
			big = i
		}
	}
	b := l.free[big]
	last := len(l.free) - 1
	l.free[big] = l.free[last]
	l.free[last] = nil
	l.free = l.free[:last]
	return b[:0]
}

// put keeps b for a later get, unless it is too large or the list is full (then the smallest
// of the list and b is dropped). b must not be used after.
func (l *freeList) put(b []byte) {
	if cap(b) > l.maxBytes || cap(b) == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.free) < l.max {
		l.free = append(l.free, b)
		return
	}
	small := 0
	for i := range l.free {
		if cap(l.free[i]) < cap(l.free[small]) {
			small = i
		}
	}
	if cap(b) > cap(l.free[small]) {
		l.free[small] = b
	}
}

// scratchList keeps up to max values of T for reuse (as freeList keeps buffers, and for its
// reason not a sync.Pool).
type scratchList[T any] struct {
	mu   sync.Mutex
	max  int
	free []*T
}

// get returns a kept value, or a new zero one.
func (l *scratchList[T]) get() *T {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.free); n > 0 {
		v := l.free[n-1]
		l.free[n-1] = nil
		l.free = l.free[:n-1]
		return v
	}
	return new(T)
}

// put keeps v for a later get, unless the list is full. v must not be used after.
func (l *scratchList[T]) put(v *T) {
	if v == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.free) < l.max {
		l.free = append(l.free, v)
	}
}

// pageBlocks hands out the blocks of a page build's arenas (pieceArena, spanArena, coverScratch)
// and keeps them, to give them again after recycle: an instrument page's blocks, allocated anew
// for every page, were 15% of the bytes a streamed report allocated at 10 MB (the collector's
// cycles come with the bytes allocated). A nil *pageBlocks allocates every block.
type pageBlocks struct {
	pieces, freePieces [][]piece
	spans, freeSpans   [][]span
	ints, freeInts     [][]int
	int32s, freeInt32s [][]int32
}

// pageBlockSets keeps the blocks of a few page builds (one per worker writing a page).
var pageBlockSets = scratchList[pageBlocks]{max: 4}

// maxKeptBlocks bounds the blocks of each kind recycle keeps (the rest are dropped): at most
// about 2 MB of pieces, 1.5 MB of spans and 1.5 MB of cover indexes per kept set.
const maxKeptBlocks = 32

// takeBlock returns a block of capacity at least n and length 0 from free (the last that is
// large enough), or a new one of capacity n, and records it in used.
func takeBlock[T any](free, used *[][]T, n int) []T {
	for i := len(*free) - 1; i >= 0; i-- {
		if b := (*free)[i]; cap(b) >= n {
			last := len(*free) - 1
			(*free)[i] = (*free)[last]
			(*free)[last] = nil
			*free = (*free)[:last]
			*used = append(*used, b)
			return b[:0]
		}
	}
	b := make([]T, 0, n)
	*used = append(*used, b)
	return b
}

func (pb *pageBlocks) pieceBlock(n int) []piece {
	if pb == nil {
		return make([]piece, 0, n)
	}
	return takeBlock(&pb.freePieces, &pb.pieces, n)
}

func (pb *pageBlocks) spanBlock(n int) []span {
	if pb == nil {
		return make([]span, 0, n)
	}
	return takeBlock(&pb.freeSpans, &pb.spans, n)
}

func (pb *pageBlocks) intBlock(n int) []int {
	if pb == nil {
		return make([]int, 0, n)
	}
	return takeBlock(&pb.freeInts, &pb.ints, n)
}

func (pb *pageBlocks) int32Block(n int) []int32 {
	if pb == nil {
		return make([]int32, 0, n)
	}
	return takeBlock(&pb.freeInt32s, &pb.int32s, n)
}

// recycle makes every block handed out free again, at most maxKeptBlocks of each kind: nothing
// may read or write them after. The pieces and spans are cleared (their strings would keep
// the page's texts and titles from the collector).
func (pb *pageBlocks) recycle() {
	if pb == nil {
		return
	}
	pb.freePieces, pb.pieces = recycleBlocks(pb.freePieces, pb.pieces, true)
	pb.freeSpans, pb.spans = recycleBlocks(pb.freeSpans, pb.spans, true)
	pb.freeInts, pb.ints = recycleBlocks(pb.freeInts, pb.ints, false)
	pb.freeInt32s, pb.int32s = recycleBlocks(pb.freeInt32s, pb.int32s, false)
}

// recycleBlocks moves the used blocks to free (cleared when clearing), keeping at most
// maxKeptBlocks, and returns the two lists.
func recycleBlocks[T any](free, used [][]T, clearing bool) ([][]T, [][]T) {
	for i, b := range used {
		if len(free) < maxKeptBlocks {
			if clearing {
				clear(b[:cap(b)])
			}
			free = append(free, b[:0])
		}
		used[i] = nil
	}
	return free, used[:0]
}
