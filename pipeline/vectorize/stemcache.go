package vectorize

import (
	"strings"
	"sync"
	"sync/atomic"
)

// stemCacheMax bounds the stem cache: a corpus's vocabulary is far smaller (the 100 MB benchmark
// corpus has about 60,000 distinct words), and a long-lived process that sees more words than
// this simply stems the rest each time.
const stemCacheMax = 1 << 20

// stems memoises Stem across goroutines. Stemming is a pure function of the word, so the cache
// changes nothing but speed: the pipeline stems every word of every provision once per
// Terms call, and natural text repeats a small vocabulary (measured: Stem was 7% of the CPU of
// a 10 MB run before this cache).
//
// Reads go first to a plain map that is never written after it is published (snapshot), then
// to a sync.Map of the words stemmed since (pending); when pending holds as many words as the
// snapshot (at least snapshotMin, so a small vocabulary
// reaches the snapshot too), one goroutine merges both into a new snapshot. A plain map's
// lookup is cheaper than sync.Map's hash trie (sync.Map.Load was 0.20 s of vectorize.Terms'
// 0.46 s on the 10 MB bench corpus), and lookupStem can index it with string(bytes) without
// allocating. A word dropped from pending during a merge is only stemmed again: Stem is pure.
var stems struct {
	snapshot atomic.Pointer[map[string]string]
	pending  atomic.Pointer[sync.Map] // string -> string
	n        atomic.Int64             // words in pending
	total    atomic.Int64             // words cached, snapshot and pending
	merge    sync.Mutex
}

// snapshotMin is the pending size that first triggers a merge.
const snapshotMin = 16

func init() {
	stems.snapshot.Store(&map[string]string{})
	stems.pending.Store(new(sync.Map))
}

// lookupStem returns the cached stem of the word in b, without allocating on a snapshot hit.
func lookupStem(b []byte) (string, bool) {
	s, ok := (*stems.snapshot.Load())[string(b)]
	return s, ok
}

// CachedStem returns Stem(word), memoised.
func CachedStem(word string) string {
	if s, ok := (*stems.snapshot.Load())[word]; ok {
		return s
	}
	pending := stems.pending.Load()
	if s, ok := pending.Load(word); ok {
		return s.(string)
	}
	s := Stem(word)
	if stems.total.Load() < stemCacheMax {
		// Clone the key and value: word is often a slice of a whole document's text, which the
		// cache must not keep alive.
		if _, loaded := pending.LoadOrStore(strings.Clone(word), strings.Clone(s)); !loaded {
			stems.total.Add(1)
			if n := stems.n.Add(1); n >= snapshotMin && int(n) >= len(*stems.snapshot.Load()) {
				mergeStems()
			}
		}
	}
	return s
}

// mergeStems publishes a snapshot holding the old one and pending, and starts an empty pending.
// Copying on each doubling keeps the total copying linear in the vocabulary.
func mergeStems() {
	if !stems.merge.TryLock() {
		return // another goroutine is merging
	}
	defer stems.merge.Unlock()
	old, pending := *stems.snapshot.Load(), stems.pending.Load()
	if n := stems.n.Load(); n < snapshotMin || int(n) < len(old) {
		return // merged meanwhile
	}
	next := make(map[string]string, 2*len(old)+snapshotMin)
	for k, v := range old {
		next[k] = v
	}
	stems.pending.Store(new(sync.Map))
	stems.n.Store(0)
	pending.Range(func(k, v any) bool {
		next[k.(string)] = v.(string)
		return true
	})
	stems.snapshot.Store(&next)
	stems.total.Store(int64(len(next)))
}
