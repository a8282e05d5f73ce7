package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// runCLI runs the CLI in-process and returns the exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantMsg string
	}{
		{"no command", nil, "no command given"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown flag", []string{"run", "--colour"}, "flag provided but not defined: -colour"},
		{"stray argument", []string{"run", "extra"}, "unexpected argument(s) extra"},
		{"bad workers", []string{"run", "--workers", "0"}, "--workers must be at least 1"},
		{"bad workers (eval)", []string{"eval", "--labels", "x.csv", "--workers", "0"}, "--workers must be at least 1"},
		{"negative dictionary weight (run)", []string{"run", "--classifier-dict-weight", "-1"}, "--classifier-dict-weight must be a finite number >= 0"},
		{"infinite dictionary weight (eval)", []string{"eval", "--labels", "x.csv", "--classifier-dict-weight", "+Inf"}, "--classifier-dict-weight must be a finite number >= 0"},
		{"NaN dictionary weight (eval)", []string{"eval", "--labels", "x.csv", "--classifier-dict-weight", "NaN"}, "--classifier-dict-weight must be a finite number >= 0"},
		{"infinite shift band", []string{"run", "--corpus", "absent.csv", "--shift-band", "+Inf"}, "--shift-band must be a finite number >= 0, got +Inf"},
		{"NaN shift band", []string{"run", "--corpus", "absent.csv", "--shift-band", "NaN"}, "--shift-band must be a finite number >= 0, got NaN"},
		{"negative shift band", []string{"run", "--corpus", "absent.csv", "--shift-band", "-0.1"}, "--shift-band must be a finite number >= 0, got -0.1"},
		{"bad report pages (run)", []string{"run", "--corpus", "absent.csv", "--report-pages", "two"}, `--report-pages: expected auto, one or split, got "two"`},
		{"bad pages (report)", []string{"report", "--out", "absent", "--pages", "two"}, `--pages: expected auto, one or split, got "two"`},
		{"empty out (run)", []string{"run", "--out", ""}, "run: --out is empty: expected a folder"},
		{"empty out (report)", []string{"report", "--out="}, "report: --out is empty: expected a folder"},
		{"empty out (eval)", []string{"eval", "--labels", "x.csv", "--out", ""}, "eval: --out is empty"},
		{"empty out (agree)", []string{"agree", "--labels", "a.csv", "--labels", "b.csv", "--out", ""}, "agree: --out is empty"},
		{"empty out (train-entities)", []string{"train-entities", "--spans", "x.jsonl", "--out", ""}, "train-entities: --out is empty"},
		{"keep-going and strict", []string{"run", "--keep-going", "--strict"}, "cannot be used together"},
		{"corpus without validate", []string{"corpus"}, "expected 'corpus validate [PATH]'"},
		{"validate two paths", []string{"corpus", "validate", "a", "b"}, "unexpected argument(s) b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr, tt.wantMsg) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.wantMsg)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"help", "run"}, {"run", "--help"}, {"corpus", "validate", "-h"}, {"help", "version"},
		// every command of the main usage, through "help COMMAND" as it says
		{"help", "corpus"}, {"help", "corpus", "validate"}, {"corpus", "--help"}, {"corpus", "-h"}, {"help", "eval"}, {"help", "agree"}, {"help", "report"}, {"help", "train-entities"}} {
		code, stdout, stderr := runCLI(t, args...)
		if code != exitOK {
			t.Errorf("%v: exit %d", args, code)
		}
		if !strings.Contains(stdout+stderr, "Example") {
			t.Errorf("%v: help without examples: %s%s", args, stdout, stderr)
		}
	}
}

// TestRunHelpNamesEveryReport checks that run --help names every CSV report a run writes (it
// once named four of sixteen).
func TestRunHelpNamesEveryReport(t *testing.T) {
	code, _, stderr := runCLI(t, "run", "--help")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, name := range append(defaultCorpusReports, "errors.csv", "run.json", "report.html", "charts/") {
		if !strings.Contains(stderr, name) {
			t.Errorf("run --help does not name %s", name)
		}
	}
}

// TestHelpFlagsHeading checks that a command's help has a "Flags:" heading exactly when the
// command has flags (version and corpus validate printed the heading with nothing under it).
func TestHelpFlagsHeading(t *testing.T) {
	tests := []struct {
		args      []string
		wantFlags bool
	}{
		{[]string{"help", "version"}, false},
		{[]string{"help", "corpus"}, true},
		{[]string{"corpus", "validate", "--help"}, true},
		{[]string{"help", "run"}, true},
		{[]string{"help", "report"}, true},
		{[]string{"help", "eval"}, true},
		{[]string{"help", "agree"}, true},
		{[]string{"help", "train-entities"}, true},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCLI(t, tt.args...)
		help := stdout + stderr
		if code != exitOK {
			t.Errorf("%v: exit %d", tt.args, code)
		}
		if got := strings.Contains(help, "\nFlags:\n"); got != tt.wantFlags {
			t.Errorf("%v: Flags heading %v, want %v:\n%s", tt.args, got, tt.wantFlags, help)
		}
		if strings.HasSuffix(strings.TrimRight(help, "\n"), "Flags:") {
			t.Errorf("%v: empty Flags heading", tt.args)
		}
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runCLI(t, "version")
	if code != exitOK || !strings.HasPrefix(stdout, "stanceshift 0.") {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
}

// defaultCorpusReports are the CSV reports a run on the default corpus writes, by name.
var defaultCorpusReports = []string{"alignment.csv", "concept_changes.csv", "concept_mentions.csv", "document_scores.csv", "documents.csv", "entities.csv", "keyphrase_changes.csv", "keyphrases.csv", "provisions.csv", "references.csv", "reuse.csv", "shifts.csv", "stance.csv", "summary.csv", "terms.csv", "warnings.csv"}

// TestRunDefaultCorpusGolden pins the reports for the embedded default corpus.
func TestRunDefaultCorpusGolden(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "run", "--out", out, "--workers", "2")
	if code != exitOK {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	want := defaultCorpusReports
	files, _ := filepath.Glob(filepath.Join(out, "*.csv"))
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("reports %v, want %v", names, want)
	}
	for _, name := range names {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, name, got)
	}
	if _, err := os.Stat(filepath.Join(out, "errors.csv")); !os.IsNotExist(err) {
		t.Errorf("errors.csv written for a clean run")
	}
	golden(t, "run.json", normaliseRunJSON(t, filepath.Join(out, "run.json")))
}

// normaliseRunJSON blanks what legitimately differs between runs and machines: timings, the Go
// version, dependency versions (pinned by go.mod), the output folder and the worker count.
func normaliseRunJSON(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("run.json is not JSON: %v", err)
	}
	m["go_version"] = "GO"
	m["dependencies"] = "DEPS"
	if opts, ok := m["options"].(map[string]any); ok {
		opts["out"] = "OUT"
	}
	stages, _ := m["stages"].([]any)
	for _, s := range stages {
		s.(map[string]any)["seconds"] = 0
	}
	b, _ = json.MarshalIndent(m, "", "  ")
	return append(b, '\n')
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/stanceshift -run Golden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s; diff them, then run with -update if the change is intended\n--- got (first 2000 bytes)\n%.2000s", name, path, got)
	}
}

// Two runs give byte-identical CSVs, whatever the number of workers.
func TestRunDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if code, _, stderr := runCLI(t, "run", "--out", a, "--workers", "1", "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := runCLI(t, "run", "--out", b, "--workers", "4", "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	files, _ := filepath.Glob(filepath.Join(a, "*.csv"))
	charts, _ := filepath.Glob(filepath.Join(a, "charts", "*.svg"))
	for _, c := range charts {
		files = append(files, c)
	}
	files = append(files, filepath.Join(a, "report.html"))
	if len(files) < 3 {
		t.Fatalf("only %d CSV files", len(files))
	}
	for _, f := range files {
		x, _ := os.ReadFile(f)
		rel, _ := filepath.Rel(a, f)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between runs (%v)", filepath.Base(f), err)
		}
	}
}

// One bad document in a batch: the others are reported, the bad one is in errors.csv with its
// path, the exit code is 1 unless --keep-going, and --strict stops without writing reports.
func TestRunBadDocumentInBatch(t *testing.T) {
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "code@2011.txt"), []byte("(a) States shall cooperate.\n(b) States shall share information.\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "code@2015.txt"), []byte("1. States shall cooperate.\n2. States shall build confidence.\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "broken@1.txt"), []byte("\x00\x01binary"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "empty@1.txt"), nil, 0o644))

	out := t.TempDir()
	code, _, stderr := runCLI(t, "run", "--corpus", dir, "--out", out)
	if code != exitFailure {
		t.Fatalf("exit %d, want 1; stderr %s", code, stderr)
	}
	if !strings.Contains(stderr, "broken@1.txt") || !strings.Contains(stderr, "--keep-going") {
		t.Errorf("stderr does not name the bad file or the way out: %s", stderr)
	}
	rows := readCSV(t, filepath.Join(out, "errors.csv"))
	if len(rows) != 3 || rows[0][0] != "path" {
		t.Fatalf("errors.csv = %v", rows)
	}
	if !strings.HasSuffix(rows[1][0], "broken@1.txt") || !strings.Contains(rows[1][2], "binary") ||
		!strings.HasSuffix(rows[2][0], "empty@1.txt") || !strings.Contains(rows[2][2], "empty") {
		t.Errorf("errors.csv rows %v", rows[1:])
	}
	docs := readCSV(t, filepath.Join(out, "documents.csv"))
	if len(docs) != 3 {
		t.Errorf("documents.csv has %d rows, want header + 2", len(docs))
	}

	out2 := t.TempDir()
	if code, _, _ := runCLI(t, "run", "--corpus", dir, "--out", out2, "--keep-going"); code != exitOK {
		t.Errorf("--keep-going: exit %d", code)
	}

	out3 := t.TempDir()
	code, _, stderr = runCLI(t, "run", "--corpus", dir, "--out", out3, "--strict")
	if code != exitFailure || !strings.Contains(stderr, "--strict") {
		t.Errorf("--strict: exit %d, stderr %s", code, stderr)
	}
	if entries, _ := os.ReadDir(out3); len(entries) != 0 {
		t.Errorf("--strict wrote files: %v", entries)
	}
}

// run refuses to write its reports into the folder of drafts it reads (they would be inputs of
// the next run); a subfolder is fine, since drafts are read from the top of the folder only.
func TestRunOutIsCorpusFolder(t *testing.T) {
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "code@2011.txt"), []byte("(a) States shall cooperate.\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "code@2015.txt"), []byte("1. States shall cooperate.\n"), 0o644))
	for _, out := range []string{dir, dir + string(filepath.Separator) + "."} {
		code, _, stderr := runCLI(t, "run", "--corpus", dir, "--out", out, "--quiet", "--no-report")
		if code != exitUsage || !strings.Contains(stderr, "is the corpus folder") {
			t.Errorf("--out %s: exit %d, stderr %q", out, code, stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("files written into the corpus folder: %v", entries)
	}
	if code, _, stderr := runCLI(t, "run", "--corpus", dir, "--out", filepath.Join(dir, "out"), "--quiet", "--no-report"); code != exitOK {
		t.Errorf("--out a subfolder: exit %d, stderr %q", code, stderr)
	}
}

// A run leaves the folder describing itself only: the report.html, charts, instrument pages
// and matrix files of an earlier run with other options are removed when this run writes none;
// files stanceshift does not write stay.
func TestRunRemovesEarlierOutputs(t *testing.T) {
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "code@2011.txt"), []byte("(a) States shall cooperate.\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "code@2015.txt"), []byte("1. States shall cooperate with civil society.\n"), 0o644))
	out := t.TempDir()
	must(t, os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine\n"), 0o644))
	must(t, os.MkdirAll(filepath.Join(out, "charts", "mine"), 0o755))
	list := func() []string {
		var names []string
		filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if rel, _ := filepath.Rel(out, p); rel != "." {
				names = append(names, filepath.ToSlash(rel))
			}
			return err
		})
		return names
	}
	tests := []struct {
		name      string
		args      []string
		want, not []string
	}{
		{"every output", []string{"--emit-matrix", "--report-pages", "split"},
			[]string{"report.html", "charts/concepts.svg", "instruments", "matrix.mtx", "matrix_rows.txt", "matrix_cols.txt"}, nil},
		{"CSV only", []string{"--no-report"},
			[]string{"documents.csv", "run.json", "charts/mine"},
			[]string{"report.html", "charts/concepts.svg", "charts/concepts.png", "instruments", "matrix.mtx", "matrix_rows.txt", "matrix_cols.txt"}},
		{"one page again", []string{"--report-pages", "one"},
			[]string{"report.html", "charts/concepts.svg"}, []string{"instruments", "matrix.mtx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"run", "--corpus", dir, "--out", out, "--quiet"}, tt.args...)
			if code, _, stderr := runCLI(t, args...); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			got := list()
			for _, w := range append(tt.want, "notes.txt") {
				if !slices.Contains(got, w) {
					t.Errorf("%s missing; folder holds %v", w, got)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("%s left from the earlier run", n)
				}
			}
		})
	}
}

// A folder where a report file goes stops the run with an error naming it, before any report
// file is changed (the renames of the others used to have happened by then).
func TestRunReportPathIsFolder(t *testing.T) {
	tests := []struct{ name, path string }{
		{"a CSV report", "stance.csv"},
		{"report.html", "report.html"},
		{"a chart", "charts/concepts.svg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			must(t, os.MkdirAll(filepath.Join(out, filepath.FromSlash(tt.path), "x"), 0o755))
			must(t, os.WriteFile(filepath.Join(out, "documents.csv"), []byte("previous\n"), 0o644))
			code, _, stderr := runCLI(t, "run", "--out", out, "--quiet")
			want := filepath.Join(out, filepath.FromSlash(tt.path)) + " is a folder; expected a file"
			if code != exitFailure || !strings.Contains(stderr, want) || strings.Contains(stderr, "goroutine") {
				t.Fatalf("exit %d, stderr %q, want %q", code, stderr, want)
			}
			if strings.HasSuffix(tt.path, ".csv") {
				if b, _ := os.ReadFile(filepath.Join(out, "documents.csv")); string(b) != "previous\n" {
					t.Errorf("documents.csv changed: %.40q", b)
				}
			}
			if _, err := os.Stat(filepath.Join(out, "report.html")); tt.path != "report.html" && err == nil {
				t.Errorf("report.html written")
			}
		})
	}
}

// A cancelled run (Ctrl-C) writes nothing and says so, whether it stops in the pipeline (the
// embedded corpus) or while a provisions table is read.
func TestRunInterrupted(t *testing.T) {
	table := filepath.Join(t.TempDir(), "provisions.csv")
	must(t, os.WriteFile(table, []byte("doc_id,provision_id,text\na,1,States shall cooperate.\n"), 0o644))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"in the pipeline", nil, "stanceshift: interrupted; completed stages: "},
		{"while reading a table", []string{"--corpus", table}, "stanceshift: interrupted while reading " + table + "; nothing was written or changed\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			old := filepath.Join(out, "documents.csv")
			must(t, os.WriteFile(old, []byte("previous complete file\n"), 0o644))
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var so, se bytes.Buffer
			code := Main(ctx, append([]string{"run", "--out", out}, tc.args...), &so, &se)
			if code != exitFailure || !strings.HasPrefix(se.String(), tc.want) {
				t.Fatalf("exit %d, stderr %q, want it to start %q", code, se.String(), tc.want)
			}
			entries, _ := os.ReadDir(out)
			if len(entries) != 1 {
				t.Errorf("files left behind: %v", entries)
			}
			if b, _ := os.ReadFile(old); string(b) != "previous complete file\n" {
				t.Errorf("previous file changed: %q", b)
			}
		})
	}
}

// An interrupted report (Ctrl-C) says so and leaves the folder as it was: no partial file, no
// empty charts/ folder.
func TestReportInterrupted(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "run", "--out", out, "--no-report", "--quiet"); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	before, _ := os.ReadDir(out)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, pages := range []string{"one", "split"} {
		var so, se bytes.Buffer
		code := Main(ctx, []string{"report", "--out", out, "--pages", pages}, &so, &se)
		if code != exitFailure || !strings.Contains(se.String(), "interrupted") || !strings.Contains(se.String(), "nothing in "+out+" was written or changed") {
			t.Errorf("--pages %s: exit %d, stderr %q", pages, code, se.String())
		}
		if after, _ := os.ReadDir(out); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("--pages %s: files left behind: %v, before %v", pages, after, before)
		}
	}
}

func TestRunMissingCorpus(t *testing.T) {
	code, _, stderr := runCLI(t, "run", "--corpus", filepath.Join(t.TempDir(), "nope.yaml"), "--out", t.TempDir())
	if code != exitFailure || !strings.Contains(stderr, "nope.yaml") || strings.Contains(stderr, "goroutine") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestValidate(t *testing.T) {
	code, stdout, stderr := runCLI(t, "corpus", "validate")
	if code != exitOK || !strings.Contains(stdout, "sco-code-2011") || !strings.Contains(stdout, "0 skipped") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "corpus.yaml"), []byte("documents:\n  - id: a\n    instrument: x\n    version: \"1\"\n    path: gone.txt\n    colour: red\n  - id: b\n    instrument: x\n    version: \"2\"\n    path: b.txt\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "b.txt"), []byte("1. Text."), 0o644))
	code, stdout, _ = runCLI(t, "corpus", "validate", dir)
	if code != exitFailure || !strings.Contains(stdout, `corpus.yaml:6: unknown document key "colour"`) || !strings.Contains(stdout, "1 documents read, 1 skipped") {
		t.Errorf("exit %d, stdout %s", code, stdout)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("validate wrote files: %v", entries)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Two versions of a licence the tool was not written for segment into their numbered sections.
func TestRunLicences(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := runCLI(t, "run", "--corpus", filepath.Join("..", "..", "testdata", "licences", "drafts"), "--out", out, "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readCSV(t, filepath.Join(out, "provisions.csv"))
	markers := map[string][]string{}
	for _, r := range rows[1:] {
		if r[6] == "operative" && !strings.HasPrefix(r[5], "p") {
			markers[r[1]] = append(markers[r[1]], r[5])
		}
	}
	seq := func(n int) string {
		var s []string
		for i := 0; i <= n; i++ {
			s = append(s, fmt.Sprint(i))
		}
		return strings.Join(s, " ")
	}
	if got := strings.Join(markers["gpl@2"], " "); got != seq(12) {
		t.Errorf("GPL-2 sections %q, want %q", got, seq(12))
	}
	if got := strings.Join(markers["gpl@3"], " "); got != seq(17) {
		t.Errorf("GPL-3 sections %q, want %q", got, seq(17))
	}
	// Section 2 of GPL-2 keeps its a) b) c) items; the wrapped "7." inside GPL-3 section 5 is text.
	for _, r := range rows[1:] {
		if r[0] == "gpl@2:2" && !strings.Contains(r[11], "a) You must cause the modified files") {
			t.Errorf("gpl@2:2 lost its sub-items: %.200s", r[11])
		}
		if r[0] == "gpl@3:5" && !strings.Contains(r[11], "under section 7. This requirement modifies") {
			t.Errorf("gpl@3:5 does not hold the wrapped '7.': %.300s", r[11])
		}
	}
	align := readCSV(t, filepath.Join(out, "alignment.csv"))
	statuses := map[string]int{}
	for _, r := range align[1:] {
		statuses[r[5]]++
	}
	if statuses["modified"] < 8 || statuses["added"] == 0 {
		t.Errorf("GPL-2 -> GPL-3 alignment statuses %v", statuses)
	}
}

// The labelled set is a regression test: eval writes its reports, and the gate fails the run when
// a model falls below it.
func TestEval(t *testing.T) {
	lab := filepath.Join("..", "..", "testdata", "labels")
	out := t.TempDir()
	args := []string{"eval", "--labels", filepath.Join(lab, "governance_labels.csv"), "--corpus", filepath.Join(lab, "governance.csv"),
		"--out", out, "--models", "dictionary,classifier"}
	code, stdout, stderr := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	rows := readCSV(t, filepath.Join(out, "eval.csv"))
	splits := map[string]bool{}
	for _, r := range rows[1:] {
		splits[r[0]+"/"+r[1]] = true
	}
	for _, want := range []string{"classifier/cv", "classifier/train", "classifier/test", "dictionary/train", "dictionary/test"} {
		if !splits[want] {
			t.Errorf("eval.csv lacks %s: %v", want, splits)
		}
	}
	conf := readCSV(t, filepath.Join(out, "confusion.csv"))
	if len(conf) != 1+5*9 {
		t.Errorf("confusion.csv has %d rows, want 45", len(conf)-1)
	}
	// The gate's runs leave the classifier's char n-grams and word bigrams out: several times
	// faster, and the gate does not depend on the features.
	code, _, stderr = runCLI(t, append(args, "--classifier-char-ngrams=false", "--classifier-word-bigrams=false", "--min-macro-f1", "0.99")...)
	if code != exitFailure || !strings.Contains(stderr, "below --min-macro-f1") {
		t.Errorf("gate: exit %d, stderr %q", code, stderr)
	}
	code, _, _ = runCLI(t, append(args, "--classifier-char-ngrams=false", "--classifier-word-bigrams=false", "--min-macro-f1", "0.5")...)
	if code != exitOK {
		t.Errorf("a gate every model passes failed: exit %d", code)
	}
	if code, _, stderr := runCLI(t, "eval", "--corpus", lab); code != exitUsage || !strings.Contains(stderr, "--labels is required") {
		t.Errorf("missing --labels: exit %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "run", "--models", "bayes"); code != exitUsage || !strings.Contains(stderr, `unknown model "bayes"`) {
		t.Errorf("bad --models: exit %d %q", code, stderr)
	}
}

func TestRunEntityModelMissing(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "model.gob")
	must(t, os.WriteFile(file, []byte("x"), 0o644))
	want := "expected prose (prose's built-in model) or a folder written by 'stanceshift train-entities --out DIR'"
	for _, tc := range []struct{ name, model, msg string }{
		{"missing", filepath.Join(dir, "nope"), "nope: no such folder; " + want},
		{"a file", file, "model.gob is a file; " + want},
		{"a folder that is not a model", dir, "is not a model folder ("},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, "run", "--entity-model", tc.model, "--out", t.TempDir())
			if code != exitFailure || !strings.Contains(stderr, "--entity-model: ") || !strings.Contains(stderr, tc.msg) || !strings.Contains(stderr, "train-entities") {
				t.Errorf("exit %d, stderr %q, want %q", code, stderr, tc.msg)
			}
		})
	}
}

// --emit-matrix writes the TF-IDF matrix beside the reports: one row per provisions.csv row,
// in that order, one column per terms.csv row, listed in run.json.
func TestRunEmitMatrix(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "run", "--out", out, "--emit-matrix", "--no-report", "--quiet"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	provs := readCSV(t, filepath.Join(out, "provisions.csv"))
	terms := readCSV(t, filepath.Join(out, "terms.csv"))
	rows, err := os.ReadFile(filepath.Join(out, "matrix_rows.txt"))
	must(t, err)
	ids := strings.Split(strings.TrimSuffix(string(rows), "\n"), "\n")
	if len(ids) != len(provs)-1 || ids[0] != provs[1][0] || ids[len(ids)-1] != provs[len(provs)-1][0] {
		t.Errorf("matrix_rows.txt: %d ids (first %q), provisions.csv %d rows", len(ids), ids[0], len(provs)-1)
	}
	mtx, err := os.ReadFile(filepath.Join(out, "matrix.mtx"))
	must(t, err)
	lines := strings.Split(strings.TrimSuffix(string(mtx), "\n"), "\n")
	var r, c, nnz int
	if _, err := fmt.Sscanf(lines[1], "%d %d %d", &r, &c, &nnz); err != nil || r != len(ids) || c != len(terms)-1 || nnz != len(lines)-2 || nnz == 0 {
		t.Errorf("matrix.mtx size line %q: %d x %d with %d entries; want %d x %d with %d", lines[1], r, c, nnz, len(ids), len(terms)-1, len(lines)-2)
	}
	ri, err := os.ReadFile(filepath.Join(out, "run.json"))
	must(t, err)
	for _, name := range []string{"matrix.mtx", "matrix_rows.txt", "matrix_cols.txt"} {
		if !strings.Contains(string(ri), `"`+name+`"`) {
			t.Errorf("run.json does not list %s", name)
		}
	}
}

// TestNoPNG: run --no-png draws the charts as SVG only; report rebuilds them with the PNGs, and
// report --no-png removes those again.
func TestNoPNG(t *testing.T) {
	out := t.TempDir()
	count := func() (svg, png int) {
		s, _ := filepath.Glob(filepath.Join(out, "charts", "*.svg"))
		p, _ := filepath.Glob(filepath.Join(out, "charts", "*.png"))
		return len(s), len(p)
	}
	for _, tc := range []struct {
		name    string
		args    []string
		wantPNG bool
	}{
		{"run --no-png", []string{"run", "--out", out, "--no-png", "--quiet"}, false},
		{"report", []string{"report", "--out", out}, true},
		{"report --no-png", []string{"report", "--out", out, "--no-png"}, false},
	} {
		if code, _, stderr := runCLI(t, tc.args...); code != exitOK {
			t.Fatalf("%s: exit %d: %s", tc.name, code, stderr)
		}
		svg, png := count()
		if svg == 0 || (png == svg) != tc.wantPNG || (!tc.wantPNG && png != 0) {
			t.Errorf("%s: %d SVG and %d PNG charts", tc.name, svg, png)
		}
	}
}

// TestReportNotes: report prints, as warnings, what a hand-edited CSV left out of report.html
// (a stance row on a provision provisions.csv does not have); report --quiet prints nothing.
func TestReportNotes(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "run", "--out", out, "--no-report", "--quiet"); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	code, _, stderr := runCLI(t, "report", "--out", out, "--no-png")
	if code != exitOK || stderr != "" {
		t.Fatalf("report over the run's own CSVs: exit %d, stderr %q", code, stderr)
	}
	name := filepath.Join(out, "stance.csv")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	row := slices.Clone(rows[1])
	row[0] = "deleted-by-hand:1"
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(append(rows, row)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "report", "--out", out, "--no-png", "--quiet")
	if code != exitOK || stdout != "" || stderr != "" {
		t.Errorf("report --quiet: exit %d, stdout %q, stderr %q; want nothing printed", code, stdout, stderr)
	}
	code, _, stderr = runCLI(t, "report", "--out", out, "--no-png")
	want := "stanceshift: warning: report.html: 1 annotation (an entity, concept, reuse passage or stance row) had offsets outside its provision's text or named a provision that provisions.csv does not have, and was not shown.\n"
	if code != exitOK || stderr != want {
		t.Errorf("report: exit %d, stderr %q, want %q", code, stderr, want)
	}
}
