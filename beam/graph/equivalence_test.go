package graph_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/stanceshift/stanceshift/beam/graph"
	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/corpus/defaultcorpus"
	"github.com/stanceshift/stanceshift/models/dictionary"
	"github.com/stanceshift/stanceshift/models/labels"
	"github.com/stanceshift/stanceshift/pipeline"
	"github.com/stanceshift/stanceshift/pipeline/align"
)

func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// equivalenceCases are the corpora TestEquivalence runs on; equivalence_large_test.go (build
// tag beamlarge) adds the generated 20 MB corpus.
type equivalenceCase struct {
	name   string
	corpus func(t *testing.T) string
	files  string                            // NewPlan's files: where the workers find the corpus ("" its own path)
	labels func(t *testing.T) []labels.Label // Plan.SetLabels, as --labels (nil: none, or the manifest's)
	// want is a report and text it must hold (both engines' copies), for the cases whose point
	// is a row of it
	want [2]string
}

var equivalenceCases = []equivalenceCase{
	{name: "default corpus", corpus: defaultCorpusDir},
	{name: "default corpus with bad inputs", corpus: badInputsDir},
	{name: "default corpus with its own dictionary (manifest dictionary:)", corpus: ownDictionaryDir},
	{name: "default corpus with a manifest's labels, too few to fit (the classifier's warning)", corpus: fewLabelsDir,
		want: [2]string{"warnings.csv", "classifier not run"}},
	{name: "provisions table (CSV)", corpus: supplementTable},
	{name: "provisions table with labels (the classifier; every third supplement label)", corpus: supplementTable, labels: supplementLabels,
		want: [2]string{"stance.csv", ",classifier,"}},
	{name: "provisions table (JSON Lines) with bad rows and interleaved documents", corpus: interleavedTable},
	{name: "provisions table read by the workers from a copy on memfs://", corpus: supplementTable, files: "memfs://copy/supplement.csv"},
	{name: "provisions table whose every row is bad (no document: the fits' warnings)", corpus: allBadTable,
		want: [2]string{"warnings.csv", "lss not run"}},
}

// allBadTable is a table whose two rows are skipped (a quote never closed, a ragged row): no
// document is read, and both engines write the errors and the LSS fit's warning.
func allBadTable(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(path, []byte("doc_id,provision_id,text\n\"unclosed,1,x\nbad,row\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// supplementLabels is every third label of testdata/labels/supplement_labels.csv (all of split
// train): enough for the classifier's fit, at a third of its time.
func supplementLabels(t *testing.T) []labels.Label {
	all, err := labels.ReadFile(filepath.Join("..", "..", "testdata", "labels", "supplement_labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var ls []labels.Label
	for i, l := range all {
		if i%3 == 0 {
			ls = append(ls, l)
		}
	}
	return ls
}

// fewLabelsDir is the default corpus whose manifest names labels of one class only, which the
// classifier cannot be fitted on: both engines warn "classifier not run" and score with the
// other models.
func fewLabelsDir(t *testing.T) string {
	return defaultCorpusWith(t, "labels", "labels.csv", "provision_id,stance\ngge-2013:16,multistakeholder\nnetmundial-2014:1,multistakeholder\n")
}

// defaultCorpusWith is the default corpus with file name (holding text) beside its manifest,
// which names it under key (labels, dictionary).
func defaultCorpusWith(t *testing.T, key, name, text string) string {
	dir := defaultCorpusDir(t)
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := os.ReadFile(filepath.Join(dir, "corpus.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "corpus.yaml"), append([]byte(key+": "+name+"\n"), m...), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// supplementTable is testdata/labels/supplement.csv of the root module (56 documents, 527
// provisions), copied to a temporary directory (and to memfs://copy/, for the last case).
func supplementTable(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "labels", "supplement.csv"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "supplement.csv")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	memfs.Write("memfs://copy/supplement.csv", b)
	return path
}

// interleavedTable is supplement.csv as JSON Lines with its documents' rows interleaved (one
// row of each document in turn: no document's rows are together) and lines that are skipped
// (malformed JSON, a missing text, a duplicate provision id), so that errors.csv is compared too.
func interleavedTable(t *testing.T) string {
	f, err := os.Open(filepath.Join("..", "..", "testdata", "labels", "supplement.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, rows := recs[0], recs[1:]
	var order []string
	byDoc := map[string][][]string{}
	for _, r := range rows {
		if _, ok := byDoc[r[0]]; !ok {
			order = append(order, r[0])
		}
		byDoc[r[0]] = append(byDoc[r[0]], r)
	}
	var sb strings.Builder
	line := func(r []string) {
		m := map[string]string{}
		for i, h := range header {
			m[h] = r[i]
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		sb.Write(b)
		sb.WriteByte('\n')
	}
	for k := 0; ; k++ {
		wrote := false
		for _, id := range order {
			if k < len(byDoc[id]) {
				line(byDoc[id][k])
				wrote = true
			}
		}
		if !wrote {
			break
		}
		if k == 2 {
			sb.WriteString("{\"doc_id\": \"broken\n")
			sb.WriteString(`{"doc_id":"sup-code-alpha-2012","provision_id":"no-text"}` + "\n")
			line(byDoc[order[1]][0]) // its provision id again
		}
	}
	path := filepath.Join(t.TempDir(), "interleaved.jsonl")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// ownDictionaryDir is the default corpus whose manifest names a dictionary of its own: the
// embedded one with a narrower dead band and a state-centric class of two frequent words, which
// are also LSS seeds (with it, 13 of the 30 dictionary scores and 29 of the 30 LSS scores of
// the default corpus change).
func ownDictionaryDir(t *testing.T) string {
	y := string(dictionary.DefaultYAML())
	for _, e := range [][2]string{
		{"dead_band: 0.2 ", "dead_band: 0.05 "},
		{"  state_centric:\n    weight: 1.0\n", "  state_centric:\n    weight: 1.0\n    states_and_information:\n      weight: 1.0\n      patterns: [states, information]\n"},
	} {
		if !strings.Contains(y, e[0]) {
			t.Fatalf("the embedded dictionary lacks %q", e[0])
		}
		y = strings.Replace(y, e[0], e[1], 1)
	}
	return defaultCorpusWith(t, "dictionary", "own.yaml", y)
}

// badInputsDir is the default corpus plus a document whose file is missing, one that is
// binary, one in Windows-1252 and one at position 0 (gob alone would lose a pointer to 0):
// errors.csv and warnings.csv must match too.
func badInputsDir(t *testing.T) string {
	dir := defaultCorpusDir(t)
	files := map[string][]byte{
		"texts/binary.txt": {0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 0, 0, 0, 0, 3, 4},
		"texts/cp1252.txt": []byte("1. The States\x92 right to regulate \x93information space\x94.\n2. A second provision.\n"),
		"texts/zero.txt":   []byte("1. Governments and all stakeholders shall cooperate on the security of networks.\n"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.OpenFile(filepath.Join(dir, "corpus.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, d := range []string{
		"  - id: missing-2020\n    instrument: missing\n    version: \"2020\"\n    path: texts/missing.txt\n",
		"  - id: binary-2021\n    instrument: binary\n    version: \"2021\"\n    path: texts/binary.txt\n",
		"  - id: cp1252-2022\n    instrument: sco-code-of-conduct\n    version: \"2022\"\n    date: 2022-01-01\n    path: texts/cp1252.txt\n",
		"  - id: zero-2016\n    instrument: zero\n    version: \"2016\"\n    date: 2016-01-01\n    position: 0\n    path: texts/zero.txt\n",
	} {
		if _, err := f.WriteString("\n" + d); err != nil {
			t.Fatal(err)
		}
	}
	return dir
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
			opt := pipeline.Options{Align: align.DefaultOptions()}
			if c.Labels != "" { // as `stanceshift run` reads them
				b, err := c.ReadFile(c.Labels)
				if err != nil {
					t.Fatal(err)
				}
				if opt.Stance.Labels, err = labels.Read(bytes.NewReader(b), c.Labels); err != nil {
					t.Fatal(err)
				}
			}
			if tc.labels != nil {
				opt.Stance.Labels = tc.labels(t)
			}
			if c.Dictionary != "" {
				b, err := c.ReadFile(c.Dictionary)
				if err != nil {
					t.Fatal(err)
				}
				if opt.Stance.Dictionary, err = dictionary.ParseYAML(b, c.Dictionary); err != nil {
					t.Fatal(err)
				}
			}
			res, err := pipeline.Run(ctx, c, opt)
			if err != nil {
				t.Fatal(err)
			}
			wantNames, err := res.WriteReports(ctx, want)
			if err != nil {
				t.Fatal(err)
			}

			plan, err := graph.NewPlan(dir, tc.files)
			if err != nil {
				t.Fatal(err)
			}
			if tc.labels != nil {
				plan.SetLabels(tc.labels(t))
			}
			p, s := beam.NewPipelineWithRoot()
			graph.Build(s, plan, graph.Config{Out: got, Shards: 3})
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
			if tc.want[0] != "" {
				b, err := os.ReadFile(filepath.Join(got, tc.want[0]))
				if err != nil || !bytes.Contains(b, []byte(tc.want[1])) {
					t.Errorf("%s holds no %q (%v)", tc.want[0], tc.want[1], err)
				}
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

// A table whose copy read by the workers differs from the table the plan was made from (a
// row's text edited, same length): that document goes to errors.csv with the table's name and
// the row's line, as in `stanceshift run`; the other documents are reported.
func TestTableCopyChanged(t *testing.T) {
	ctx := context.Background()
	path := supplementTable(t)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const from, to = "sovereign prerogative", "sovereign prErogative" // in sup-code-alpha-2012:a, line 2
	if !bytes.Contains(b, []byte(from)) {
		t.Fatalf("%s lacks %q", path, from)
	}
	memfs.Write("memfs://changed/supplement.csv", bytes.Replace(b, []byte(from), []byte(to), 1))
	plan, err := graph.NewPlan(path, "memfs://changed/supplement.csv")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	p, s := beam.NewPipelineWithRoot()
	graph.Build(s, plan, graph.Config{Out: out, Shards: 2})
	if _, err := prism.Execute(ctx, p); err != nil {
		t.Fatalf("prism: %v", err)
	}
	if _, err := graph.Merge(ctx, out); err != nil {
		t.Fatal(err)
	}
	errs, err := os.ReadFile(filepath.Join(out, "errors.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs := graph.SplitRecords(errs)
	if len(recs) != 2 || !bytes.Contains(recs[1], []byte(path)) || !bytes.Contains(recs[1], []byte(",2,")) ||
		!bytes.Contains(recs[1], []byte("changed since it was loaded")) {
		t.Errorf("errors.csv:\n%s\nwant one row naming %s, line 2, changed since it was loaded", errs, path)
	}
	docs, err := os.ReadFile(filepath.Join(out, "documents.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(graph.SplitRecords(docs)) - 1; n != 55 || bytes.Contains(docs, []byte("sup-code-alpha-2012,")) {
		t.Errorf("documents.csv has %d rows (want 55, without sup-code-alpha-2012):\n%.400s", n, docs)
	}
}
