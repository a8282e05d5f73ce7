package sentence

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestGoldenFiles splits whole documents and compares the sentences, one %q-quoted line
// each with its byte span, with testdata/<name>.golden. Run with -update after a deliberate
// change and review the diff.
func TestGoldenFiles(t *testing.T) {
	inputs := []struct{ name, path string }{
		{"legal_sample", filepath.Join("testdata", "legal_sample.txt")},
		{"seed_commentary", filepath.Join("..", "..", "..", "testdata", "seed", "justsecurity-sco-code-2015.txt")},
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			b, err := os.ReadFile(in.path)
			if err != nil {
				t.Fatalf("sentence: read %s: %v", in.path, err)
			}
			text := string(b)
			spans := Split(text)
			checkSpans(t, text, spans)
			var out strings.Builder
			for _, sp := range spans {
				fmt.Fprintf(&out, "%d-%d %q\n", sp.Start, sp.End, text[sp.Start:sp.End])
			}
			golden := filepath.Join("testdata", in.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
					t.Fatalf("sentence: write %s: %v", golden, err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("sentence: read %s (run with -update to create): %v", golden, err)
			}
			if got := out.String(); got != string(want) {
				gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
				for i := 0; i < len(gl) || i < len(wl); i++ {
					var g, w string
					if i < len(gl) {
						g = gl[i]
					}
					if i < len(wl) {
						w = wl[i]
					}
					if g != w {
						t.Fatalf("%s differs from %s at line %d:\n got: %s\nwant: %s", in.path, golden, i+1, g, w)
					}
				}
			}
		})
	}
}
