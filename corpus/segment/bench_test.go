package segment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchCorpus returns the texts of the corpus named by $STANCESHIFT_BENCH_CORPUS (a folder
// written by bench/gen: its texts/*.txt), skipping the benchmark when the variable is unset.
func benchCorpus(b *testing.B) []string {
	dir := os.Getenv("STANCESHIFT_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set STANCESHIFT_BENCH_CORPUS to a corpus written by bench/gen")
	}
	files, err := filepath.Glob(filepath.Join(dir, "texts", "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no texts under %s: %v", dir, err)
	}
	texts := make([]string, len(files))
	for i, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts[i] = string(raw)
	}
	return texts
}

// benchTexts runs fn over every text once per iteration, reporting bytes and allocations.
func benchTexts(b *testing.B, texts []string, fn func(string)) {
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			fn(t)
		}
	}
}

// realistic returns the UN fixture repeated to about n bytes: hard wraps, page furniture,
// hyphenation, headings and sub-items in realistic proportions.
func realistic(tb testing.TB, n int) string {
	b, err := os.ReadFile(filepath.Join("testdata", "un_maritime_code.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return strings.Repeat(string(b), n/len(b)+1)
}

func BenchmarkSegment(b *testing.B) {
	inputs := []struct {
		name string
		in   string
	}{
		{"un_fixture_4KB", realistic(b, 1)},
		{"un_repeated_1MB", realistic(b, 1<<20)},
		{"single_line_5MB", repeatTo("States shall cooperate and share information. ", fiveMB)},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.in)))
			b.ReportAllocs()
			for b.Loop() {
				Segment("bench", in.in, Options{})
			}
		})
	}
	b.Run("bench_corpus", func(b *testing.B) {
		benchTexts(b, benchCorpus(b), func(t string) { Segment("bench", t, Options{}) })
	})
}

// BenchmarkNormalize normalises the UN fixture repeated to 1 MiB ("un_repeated_1MB") and
// every text of $STANCESHIFT_BENCH_CORPUS ("bench_corpus", skipped when it is unset).
func BenchmarkNormalize(b *testing.B) {
	b.Run("un_repeated_1MB", func(b *testing.B) {
		benchTexts(b, []string{realistic(b, 1<<20)}, func(t string) { Normalize(t) })
	})
	b.Run("bench_corpus", func(b *testing.B) {
		benchTexts(b, benchCorpus(b), func(t string) { Normalize(t) })
	})
}

func BenchmarkParseMarker(b *testing.B) {
	lines := []string{"(a) To comply with the Charter;", "12. Decides to remain seized.", "Article 5 bis - Scope",
		"(iv) training;", "The States subscribing to this Code,", "A. Introduction"}
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			parseMarker(l)
		}
	}
}
