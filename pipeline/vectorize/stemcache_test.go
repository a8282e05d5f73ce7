package vectorize

import (
	"bufio"
	"os"
	"strings"
	"sync"
	"testing"
)

// TestCachedStem checks that the cache never changes a stem: for every word of docs.txt and the
// stem pairs, CachedStem equals Stem on a cold and on a warm cache, from several goroutines at
// once (run with -race to check the synchronisation too), and a cached result does not share
// memory with the caller's string.
func TestCachedStem(t *testing.T) {
	words := []string{"", "a", "''s", "generously", "States", "information"}
	for _, p := range stemPairs {
		words = append(words, p.word)
	}
	words = append(words, docsWords(t)...)
	for _, pass := range []string{"cold", "warm"} {
		t.Run(pass, func(t *testing.T) {
			var wg sync.WaitGroup
			for g := 0; g < 4; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for _, w := range words {
						if got, want := CachedStem(w), Stem(w); got != want {
							t.Errorf("CachedStem(%q) = %q, Stem gives %q", w, got, want)
						}
					}
				}()
			}
			wg.Wait()
		})
	}
}

func BenchmarkCachedStem(b *testing.B) {
	words := strings.Fields("the States shall cooperate in combating criminal and terrorist activities " +
		"which use information and communications technologies including networks")
	for _, tc := range []struct {
		name string
		fn   func(string) string
	}{{"plain", Stem}, {"cached", CachedStem}} {
		b.Run(tc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for _, w := range words {
					tc.fn(w)
				}
			}
		})
	}
}

// docsWords returns the lower-cased white-space-separated words of testdata/docs.txt, in order.
func docsWords(t testing.TB) []string {
	t.Helper()
	f, err := os.Open("testdata/docs.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var words []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		words = append(words, strings.Fields(strings.ToLower(sc.Text()))...)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return words
}
