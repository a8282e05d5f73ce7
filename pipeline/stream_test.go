package pipeline

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/corpus/defaultcorpus"
	"github.com/stanceshift/stanceshift/models/labels"
)

// streamCases are corpora and options on which Stream must write exactly what Run and
// WriteReports write. Together they exercise every corpus-wide piece Stream rebuilds: reference
// documents (echoes) and positions (Wordscores) in the default corpus, the LSS stride sample
// (a small cap), the classifier (labels of a table corpus), reuse, skipped documents.
func streamCases(t *testing.T) []struct {
	name string
	c    func() *corpus.Corpus
	opt  Options
} {
	t.Helper()
	def := func() *corpus.Corpus {
		c, err := corpus.LoadManifest(defaultcorpus.FS(), corpus.ManifestName, "embedded")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	dir := filepath.Join("..", "testdata", "labels")
	sup := func() *corpus.Corpus {
		c, err := corpus.Load(filepath.Join(dir, "supplement.csv"))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ls, err := labels.ReadFile(filepath.Join(dir, "supplement_labels.csv")) // train-only labels
	if err != nil {
		t.Fatal(err)
	}
	return []struct {
		name string
		c    func() *corpus.Corpus
		opt  Options
	}{
		{"default corpus, with the matrix", def, Options{Workers: 2, EmitMatrix: true}},
		{"default corpus, one worker, LSS on 12 sentences", def, Options{Workers: 1, Stance: StanceOptions{LSSMaxSentences: 12}}},
		{"default corpus, wordscores and dictionary only", def, Options{Workers: 3, Stance: StanceOptions{Models: []string{"wordscores", "dictionary"}}}},
		{"table corpus with labels (classifier)", sup, Options{Workers: 2, Stance: StanceOptions{Labels: ls}}},
		{"skipped document", testCorpus, Options{Workers: 3}},
		{"warnings of documents and of the fits", warnCorpus, Options{Workers: 2, Stance: StanceOptions{Labels: ls}}},
	}
}

func TestStreamEqualsRun(t *testing.T) {
	for _, tc := range streamCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			res, err := Run(ctx, tc.c(), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			wantDir, gotDir := t.TempDir(), t.TempDir()
			names, err := res.WriteReports(ctx, wantDir)
			if err != nil {
				t.Fatal(err)
			}
			if tc.opt.EmitMatrix {
				more, err := res.WriteMatrix(ctx, wantDir)
				if err != nil {
					t.Fatal(err)
				}
				names = append(names, more...)
			}
			st, err := Stream(ctx, tc.c(), gotDir, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(st.Reports, names) {
				t.Errorf("reports %q, Run wrote %q", st.Reports, names)
			}
			if !reflect.DeepEqual(st.Counts, res.Counts()) {
				t.Errorf("counts %v, Run %v", st.Counts, res.Counts())
			}
			if !reflect.DeepEqual(st.Warnings, res.Warnings) || !reflect.DeepEqual(st.Inputs, res.Inputs) || len(st.Skipped) != len(res.Skipped) {
				t.Errorf("warnings, inputs or skipped differ:\n%v %v %v\n%v %v %v", st.Warnings, st.Inputs, st.Skipped, res.Warnings, res.Inputs, res.Skipped)
			}
			rows := 0
			for _, name := range names {
				want, err := os.ReadFile(filepath.Join(wantDir, name))
				if err != nil {
					t.Fatal(err)
				}
				got, err := os.ReadFile(filepath.Join(gotDir, name))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from Run's (%d bytes, want %d)%s", name, len(got), len(want), firstDiff(got, want))
				}
				rows += bytes.Count(want, []byte("\n")) - 1
			}
			if rows < 10 {
				t.Fatalf("only %d rows compared", rows)
			}
			if left := tempFiles(t, gotDir); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// warnCorpus has documents with reading warnings (Windows-1252 bytes) in two instruments, and
// too little text for LSS and no labelled provision: warnings from documents and from fits.
func warnCorpus() *corpus.Corpus {
	fsys := fstest.MapFS{
		"x@1.txt": {Data: []byte("(a) States shall cooperate in caf\xe9s.\n(b) Other parties shall help.\n")},
		"x@2.txt": {Data: []byte("(a) States shall cooperate in caf\xe9s and \x93networks\x94.\n")},
		"w@1.txt": {Data: []byte("1. The private sector na\xefvely shares.\n")},
	}
	c, err := corpus.LoadDirectory(fsys, "mem")
	if err != nil {
		panic(err)
	}
	return c
}

// The corpora above must cover what they claim, or the equality proves less than it says.
func TestStreamCasesCover(t *testing.T) {
	cases := streamCases(t)
	res, err := Run(context.Background(), cases[0].c(), cases[0].opt)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, ms := range res.Scores {
		have[ms.Name] = true
	}
	if !have["wordscores"] || !have["lss"] || len(res.Echoes) == 0 || len(res.Reused) == 0 {
		t.Errorf("default corpus: models %v, %d echoes, %d reuses", have, len(res.Echoes), len(res.Reused))
	}
	if n := len(lssSentences(res, 0)); n <= 12 {
		t.Errorf("default corpus has %d LSS sentences: a cap of 12 does not sample", n)
	}
	res, err = Run(context.Background(), cases[3].c(), cases[3].opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.Scores[0].Name != "classifier" {
		t.Errorf("labelled table: models %v", res.Scores)
	}
	res, err = Run(context.Background(), cases[5].c(), cases[5].opt)
	if err != nil {
		t.Fatal(err)
	}
	fromDocs, fromFits := 0, 0
	for _, w := range res.Warnings {
		if w.Path != "" {
			fromDocs++
		} else {
			fromFits++
		}
	}
	if fromDocs < 3 || fromFits < 2 {
		t.Errorf("warnings: %d from documents, %d from fits: %v", fromDocs, fromFits, res.Warnings)
	}
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return "\nline " + strconv.Itoa(i+1) + ":\n got  " + la[i] + "\n want " + lb[i]
		}
	}
	return ""
}

func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out
}

// An error or a cancellation leaves the folder as it was: no report, no temporary file.
func TestStreamLeavesNothingOnError(t *testing.T) {
	for _, tc := range []struct {
		name string
		ctx  func() context.Context
		opt  Options
		is   error
	}{
		{"cancelled", func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, Options{}, context.Canceled},
		{"strict", context.Background, Options{Strict: true}, ErrStrict},
		{"model that cannot run", context.Background, Options{Stance: StanceOptions{Models: []string{"wordscores"}}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			old := filepath.Join(dir, "stance.csv")
			if err := os.WriteFile(old, []byte("earlier run\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Stream(tc.ctx(), testCorpus(), dir, tc.opt)
			if err == nil || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Fatalf("err = %v, want %v", err, tc.is)
			}
			ents, _ := os.ReadDir(dir)
			if len(ents) != 1 {
				var names []string
				for _, e := range ents {
					names = append(names, e.Name())
				}
				t.Errorf("folder holds %v", names)
			}
			if b, _ := os.ReadFile(old); string(b) != "earlier run\n" {
				t.Errorf("stance.csv changed: %q", b)
			}
		})
	}
}

// Cancelled in the second pass, after rows were written to the temporary files: nothing stays.
func TestStreamCancelledMidway(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := false
	opt := Options{Workers: 1, Progress: func(stage string, done, total int) {
		if strings.HasPrefix(stage, "analyze+score+write") && done > 0 {
			seen = true
			cancel()
		}
	}}
	_, err := Stream(ctx, warnCorpus(), dir, opt)
	if !seen || !errors.Is(err, context.Canceled) {
		t.Fatalf("seen %v, err = %v", seen, err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("folder holds %d entries, first %s", len(ents), ents[0].Name())
	}
}

// The reuse postings' temporary files are removed, after a complete run and after an error.
func TestStreamRemovesSpill(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	if _, err := Stream(context.Background(), warnCorpus(), t.TempDir(), Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := Stream(context.Background(), testCorpus(), t.TempDir(), Options{Strict: true}); err == nil {
		t.Fatal("strict run on a corpus with an empty file: no error")
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("left in TMPDIR: %s", ents[0].Name())
	}
}

// provisionRows is the number of rows of provisions.csv in dir.
func provisionRows(t *testing.T, dir string) int {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "provisions.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return len(rows) - 1
}

// Stream reports its stages to Options.Progress, in order: the first pass a document a call,
// the fits a model a call (none when no model asked for has one), the second pass an
// instrument's provisions a call, up to every provision of provisions.csv.
func TestStreamProgress(t *testing.T) {
	embedded := func() *corpus.Corpus {
		c, err := corpus.LoadManifest(defaultcorpus.FS(), corpus.ManifestName, "embedded")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, tc := range []struct {
		name   string
		corpus func() *corpus.Corpus
		models []string
		fit    string // the fit stage's line; "" for none
	}{
		// testCorpus: 4 documents in 3 instruments; c@1, an instrument of its own, is
		// unreadable. LSS (too little text: a warning), the classifier (no labels) and
		// Wordscores (no positions) are tried.
		{"every model", testCorpus, nil, "fit (models) 3/3"},
		{"dictionary only", testCorpus, []string{"dictionary"}, ""},
		{"dictionary and lss", embedded, []string{"dictionary", "lss"}, "fit (models) 1/1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			progress, stages := progressLog(t)
			dir := t.TempDir()
			opt := Options{Workers: 3, Progress: progress, Stance: StanceOptions{Models: tc.models}}
			c := tc.corpus()
			if _, err := Stream(context.Background(), c, dir, opt); err != nil {
				t.Fatal(err)
			}
			n := provisionRows(t, dir)
			want := []string{fmt.Sprintf("read+analyze (documents) %d/%d", len(c.Documents), len(c.Documents))}
			if tc.fit != "" {
				want = append(want, tc.fit)
			}
			want = append(want, fmt.Sprintf("analyze+score+write (provisions) %d/%d", n, n))
			if got := stages(); !slices.Equal(got, want) {
				t.Errorf("progress %q, want %q", got, want)
			}
		})
	}
}

// TestStreamProgressVersionRuns: with runs of several versions (versionRuns: one worker, an
// instrument of 16 versions, so runs of 2) the first pass still counts its documents one at a
// time.
func TestStreamProgressVersionRuns(t *testing.T) {
	files := map[string]string{}
	for v := 1; v <= 16; v++ {
		files[fmt.Sprintf("code@%02d.txt", v)] = fmt.Sprintf("1. States shall cooperate in version %d.\n\n2. Stakeholders shall be consulted.\n", v)
	}
	c := memCorpus(t, files)
	if runs := versionRuns(orderedDocs(c), 1); len(runs) == len(c.Documents) {
		t.Fatalf("versionRuns gave one document per run (%v): the test needs longer runs", runs)
	}
	progress, stages := progressLog(t)
	if _, err := Stream(context.Background(), c, t.TempDir(), Options{Workers: 1, Progress: progress}); err != nil {
		t.Fatal(err)
	}
	want := []string{"read+analyze (documents) 16/16", "fit (models) 3/3", "analyze+score+write (provisions) 32/32"}
	if got := stages(); !slices.Equal(got, want) {
		t.Errorf("progress %q, want %q", got, want)
	}
}

// A model asked for by name that cannot be fitted stops Stream with Run's error (LSS's first
// when both fail, though LSS is fitted beside the second pass), and leaves no file.
func TestStreamModelErrors(t *testing.T) {
	for _, m := range [][]string{{"lss"}, {"classifier"}, {"lss", "classifier"}, {"dictionary", "lss"}} {
		t.Run(strings.Join(m, ","), func(t *testing.T) {
			opt := Options{Workers: 2, Stance: StanceOptions{Models: m}}
			_, want := Run(context.Background(), testCorpus(), opt)
			dir := t.TempDir()
			_, got := Stream(context.Background(), testCorpus(), dir, opt)
			if want == nil || got == nil || got.Error() != want.Error() {
				t.Fatalf("Stream: %v\nRun:    %v", got, want)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 0 {
				t.Errorf("%d files left", len(ents))
			}
		})
	}
}
