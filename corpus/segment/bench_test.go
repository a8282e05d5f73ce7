package segment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
}

func BenchmarkNormalize(b *testing.B) {
	in := realistic(b, 1<<20)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		Normalize(in)
	}
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
