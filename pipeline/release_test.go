package pipeline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/corpus/defaultcorpus"
)

// TestReleaseTokens checks that Options.ReleaseTokens drops tokens and tags, keeps sentences and
// entities, and changes no byte of any report.
func TestReleaseTokens(t *testing.T) {
	run := func(release bool) (*Result, string) {
		c, err := corpus.LoadManifest(defaultcorpus.FS(), corpus.ManifestName, "embedded")
		if err != nil {
			t.Fatal(err)
		}
		r, err := Run(context.Background(), c, Options{Workers: 2, ReleaseTokens: release})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if _, err := r.WriteReports(context.Background(), dir); err != nil {
			t.Fatal(err)
		}
		return r, dir
	}
	kept, keptDir := run(false)
	released, releasedDir := run(true)
	var entities, sentences int
	for d, doc := range released.Docs {
		for i, an := range doc.Analyses {
			if an.Tokens != nil || an.Tags != nil {
				t.Fatalf("%s: tokens or tags kept", doc.Provisions[i].ID)
			}
			if len(an.Sentences) != len(kept.Docs[d].Analyses[i].Sentences) || len(an.Entities) != len(kept.Docs[d].Analyses[i].Entities) {
				t.Errorf("%s: sentences or entities lost", doc.Provisions[i].ID)
			}
			entities += len(an.Entities)
			sentences += len(an.Sentences)
		}
	}
	if entities == 0 || sentences == 0 {
		t.Fatalf("%d entities, %d sentences: the default corpus should have both", entities, sentences)
	}
	files, err := filepath.Glob(filepath.Join(keptDir, "*.csv"))
	if err != nil || len(files) < 10 {
		t.Fatalf("%d reports written (%v)", len(files), err)
	}
	for _, f := range files {
		a, _ := os.ReadFile(f)
		b, err := os.ReadFile(filepath.Join(releasedDir, filepath.Base(f)))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs when tokens are released (%v)", filepath.Base(f), err)
		}
	}
}
