package bench

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/pipeline"
)

// TestStreamEqualsRunGenerated checks, on a 2 MB corpus from the generator (many instruments,
// versions, reused clauses), that pipeline.Stream, which stanceshift run uses, writes the same
// CSV bytes as pipeline.Run and WriteReports. The LSS sample is capped below the corpus's
// sentences so the stride sample is drawn across documents.
func TestStreamEqualsRunGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and runs a 2 MB corpus twice")
	}
	dir := filepath.Join(t.TempDir(), "corpus")
	cmd := exec.Command("go", "run", "./bench/gen", "-size", "2MB", "-out", dir, "-seed", "3")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("bench/gen: %v\n%s", err, out)
	}
	opt := pipeline.Options{Workers: 2, Stance: pipeline.StanceOptions{LSSMaxSentences: 3000}}
	ctx := context.Background()
	load := func() *corpus.Corpus {
		c, err := corpus.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	res, err := pipeline.Run(ctx, load(), opt)
	if err != nil {
		t.Fatal(err)
	}
	want, got := t.TempDir(), t.TempDir()
	names, err := res.WriteReports(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Reused) == 0 || len(res.Versions) < 20 {
		t.Fatalf("%d reuses, %d version pairs: the corpus does not exercise reuse and alignment", len(res.Reused), len(res.Versions))
	}
	res = nil
	if _, err := pipeline.Stream(ctx, load(), got, opt); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		a, err := os.ReadFile(filepath.Join(want, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(got, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: Stream wrote %d bytes, Run %d, not the same", name, len(b), len(a))
		}
	}
}
