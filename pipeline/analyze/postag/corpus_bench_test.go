package postag

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// BenchmarkTagBenchCorpus tags each distinct provision text of the corpus named by
// $STANCESHIFT_BENCH_CORPUS (its provisions.txt, one provision a line, as bench/gen writes it)
// once, in order, one call a provision, the words' lookups memoised in one Words: about what the
// pipeline's second pass tags (the provisions its memo lacks), with the phrases, reworded
// sentences and prediction-cache hits of a real corpus, which the benchmarks on ../tokenize's
// testdata lack (3% of their predictions hit the cache). Each iteration starts with new
// prediction caches, as a run does. Skipped when the variable is unset; bytes are the tagged
// provisions' bytes.
func BenchmarkTagBenchCorpus(b *testing.B) {
	dir := os.Getenv("STANCESHIFT_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set STANCESHIFT_BENCH_CORPUS to a corpus written by bench/gen")
	}
	raw, err := os.ReadFile(filepath.Join(dir, "provisions.txt"))
	if err != nil {
		b.Fatal(err)
	}
	seen := map[string]bool{}
	var texts [][]string
	bytes := 0
	for _, t := range strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n") {
		if seen[t] {
			continue
		}
		seen[t] = true
		bytes += len(t)
		var words []string
		for _, tok := range tokenize.Tokenize(t) {
			words = append(words, tok.ProseText())
		}
		texts = append(texts, words)
	}
	tg := defaultTaggerTNoGC(b)
	var dst []string
	b.SetBytes(int64(bytes))
	c0 := cpuClock()
	for b.Loop() {
		for len(tg.preds) > 0 { // each iteration starts without predictions, as a run does
			<-tg.preds
		}
		var c Words
		for _, words := range texts {
			dst = tg.AppendTagsCached(dst[:0], words, &c)
		}
	}
	reportCPU(b, c0, bytes)
}
