package pipeline

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/corpus/defaultcorpus"
)

// TestValidateMatchesRun: Validate finds the documents, counts, skipped inputs and warnings of
// Run's per-document stage, in Run's order, on corpora with skipped inputs (an empty file, a
// binary one), warnings (a Windows-1252 file, a quoted: marker no provision has) and none (the
// default corpus), with one and two workers. Under Strict it stops at the first input error as
// Run does.
func TestValidateMatchesRun(t *testing.T) {
	mixed := func() *corpus.Corpus {
		fsys := fstest.MapFS{
			"b@2.txt": {Data: []byte("1. States shall cooperate.\n2. States shall share r\xf4les.\n")},
			"b@1.txt": {Data: []byte("(a) States shall cooperate.\n")},
			"a@1.txt": {Data: []byte("Preamble text.\n(a) One.\n(b) Two.\n")},
			"c@1.txt": {Data: []byte{}},
			"d@1.txt": {Data: []byte("\x00\x01binary")},
		}
		c, err := corpus.LoadDirectory(fsys, "mem")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	quoted := func() *corpus.Corpus {
		fsys := fstest.MapFS{
			"corpus.yaml": {Data: []byte("documents:\n  - id: x-1\n    instrument: x\n    version: \"1\"\n    path: x1.txt\n    quoted: [\"(g)\"]\n")},
			"x1.txt":      {Data: []byte("(g) States shall cooperate.\n")},
		}
		c, err := corpus.LoadManifest(fsys, corpus.ManifestName, "mem")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	deflt := func() *corpus.Corpus {
		c, err := corpus.LoadManifest(defaultcorpus.FS(), corpus.ManifestName, "embedded")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name             string
		corpus           func() *corpus.Corpus
		skipped, warning int // expected counts, so that the comparison is not of two empty lists
	}{
		{"skipped inputs and a transcoded file", mixed, 2, 1},
		{"a quoted: marker no provision has", quoted, 0, 1},
		{"the default corpus (two gaps in marker sequences)", deflt, 0, 2},
	}
	for _, tc := range tests {
		for _, workers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s, %d workers", tc.name, workers), func(t *testing.T) {
				opt := Options{Workers: workers, Stance: StanceOptions{Models: []string{"dictionary"}}}
				res, err := Run(context.Background(), tc.corpus(), opt)
				if err != nil {
					t.Fatal(err)
				}
				v, err := Validate(context.Background(), tc.corpus(), opt)
				if err != nil {
					t.Fatal(err)
				}
				if len(v.Skipped) != tc.skipped || len(v.Warnings) != tc.warning {
					t.Errorf("%d skipped, %d warnings; want %d, %d: %v %v", len(v.Skipped), len(v.Warnings), tc.skipped, tc.warning, v.Skipped, v.Warnings)
				}
				if len(v.Docs) != len(res.Docs) || len(v.Docs) == 0 {
					t.Fatalf("%d documents, Run %d", len(v.Docs), len(res.Docs))
				}
				for i, d := range res.Docs { // each corpus() loads its own Documents: compare ids
					got, want := v.Docs[i], DocSummary{Doc: d.Doc, Provisions: len(d.Provisions), Words: d.Words}
					if got.Doc.ID != want.Doc.ID || got.Provisions != want.Provisions || got.Words != want.Words || want.Words == 0 {
						t.Errorf("document %d: %s %d %d, Run %s %d %d", i, got.Doc.ID, got.Provisions, got.Words, want.Doc.ID, want.Provisions, want.Words)
					}
				}
				if fmt.Sprint(v.Skipped) != fmt.Sprint(res.Skipped) {
					t.Errorf("skipped %v, Run %v", v.Skipped, res.Skipped)
				}
				if fmt.Sprint(v.Warnings) != fmt.Sprint(res.Warnings) {
					t.Errorf("warnings %v, Run %v", v.Warnings, res.Warnings)
				}
			})
		}
	}
	t.Run("strict", func(t *testing.T) {
		_, err := Validate(context.Background(), mixed(), Options{Strict: true})
		if !errors.Is(err, ErrStrict) {
			t.Errorf("error %v, want ErrStrict", err)
		}
	})
}
