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
