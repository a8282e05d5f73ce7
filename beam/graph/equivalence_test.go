package graph_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/stanceshift/stanceshift/beam/graph"
	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/corpus/defaultcorpus"
	"github.com/stanceshift/stanceshift/pipeline"
	"github.com/stanceshift/stanceshift/pipeline/align"
)

func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// equivalenceCases are the corpora TestEquivalence runs on; equivalence_large_test.go (build
// tag beamlarge) adds the generated 20 MB corpus.
var equivalenceCases = []struct {
	name   string
	corpus func(t *testing.T) string
}{
	{"default corpus", defaultCorpusDir},
}

// defaultCorpusDir writes the embedded default corpus to a directory: the Beam graph reads
// files through fileio, and both engines must see the same paths.
func defaultCorpusDir(t *testing.T) string {
	dir := t.TempDir()
	err := fs.WalkDir(defaultcorpus.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(defaultcorpus.FS(), p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestEquivalence runs the Beam graph on Prism and pipeline.Run in process on the same corpus
// and compares every CSV report, file by file, after the documented sort: the header first,
// then the records sorted bytewise. run.json (timings) and report.html (rebuilt from the CSVs
// by `stanceshift report`) are not compared: the Beam command writes neither.
func TestEquivalence(t *testing.T) {
	for _, tc := range equivalenceCases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir := tc.corpus(t)
			want, got := t.TempDir(), t.TempDir()

			c, err := corpus.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			res, err := pipeline.Run(ctx, c, pipeline.Options{Align: align.DefaultOptions()})
			if err != nil {
				t.Fatal(err)
			}
			wantNames, err := res.WriteReports(ctx, want)
			if err != nil {
				t.Fatal(err)
			}

			plan, err := graph.NewPlan(dir, "")
			if err != nil {
				t.Fatal(err)
			}
			p, s := beam.NewPipelineWithRoot()
			graph.Build(s, plan, graph.Config{Corpus: dir, Out: got, Shards: 3})
			if _, err := prism.Execute(ctx, p); err != nil {
				t.Fatalf("prism: %v", err)
			}
			gotNames, err := graph.Merge(ctx, got)
			if err != nil {
				t.Fatal(err)
			}

			if strings.Join(gotNames, ",") != strings.Join(wantNames, ",") {
				t.Errorf("reports written:\n beam       %v\n in process %v", gotNames, wantNames)
			}
			for _, name := range wantNames {
				compareReport(t, filepath.Join(want, name), filepath.Join(got, name))
			}
			left, _ := filepath.Glob(filepath.Join(got, "*-of-*.csv"))
			if len(left) > 0 {
				t.Errorf("shards left after Merge: %v", left)
			}
		})
	}
}

func compareReport(t *testing.T, wantPath, gotPath string) {
	t.Helper()
	name := filepath.Base(wantPath)
	wb, err := os.ReadFile(wantPath)
	if err != nil {
		t.Fatal(err)
	}
	gb, err := os.ReadFile(gotPath)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	want, got := graph.SplitRecords(wb), graph.SplitRecords(gb)
	if len(want) == 0 || len(got) == 0 {
		t.Errorf("%s: empty file (no header): in process %d records, beam %d", name, len(want), len(got))
		return
	}
	ws, gs := graph.SortedCSV(want[0], want[1:]), graph.SortedCSV(got[0], got[1:])
	if bytes.Equal(ws, gs) {
		t.Logf("%s: %d rows identical", name, len(want)-1)
		return
	}
	wr, gr := graph.SplitRecords(ws), graph.SplitRecords(gs)
	for i := 0; i < len(wr) && i < len(gr); i++ {
		if !bytes.Equal(wr[i], gr[i]) {
			t.Errorf("%s: %d rows in process, %d from beam; first difference at sorted record %d:\n in process %q\n beam       %q",
				name, len(wr)-1, len(gr)-1, i, wr[i], gr[i])
			return
		}
	}
	t.Errorf("%s: %d rows in process, %d from beam (one is a prefix of the other)", name, len(wr)-1, len(gr)-1)
}
