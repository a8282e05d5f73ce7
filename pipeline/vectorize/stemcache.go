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
var stems struct {
	m sync.Map // string -> string
	n atomic.Int64
}

// CachedStem returns Stem(word), memoised.
func CachedStem(word string) string {
	if s, ok := stems.m.Load(word); ok {
		return s.(string)
	}
	s := Stem(word)
	if stems.n.Load() < stemCacheMax {
		// Clone the key and value: word is often a slice of a whole document's text, which the
		// cache must not keep alive.
		if _, loaded := stems.m.LoadOrStore(strings.Clone(word), strings.Clone(s)); !loaded {
			stems.n.Add(1)
		}
	}
	return s
}
