package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/pipeline"
)

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// --labels and --corpus repeat: several labels files are merged (a provision labelled twice is
// an error naming both files), several provisions tables are merged (a document in two tables is
// an error naming both), and only tables can be merged.
func TestEvalSeveralFiles(t *testing.T) {
	dir := t.TempDir()
	tableA := writeFile(t, dir, "a.csv", "doc_id,provision_id,text,instrument,version\n"+
		"a-1,a-1:1,States shall exercise sovereign control over the information space within their borders.,a,1\n"+
		"a-1,a-1:2,The Parties shall exchange points of contact for incidents.,a,1\n")
	tableB := writeFile(t, dir, "b.csv", "doc_id,provision_id,text,instrument,version\n"+
		"b-1,b-1:1,Internet governance should be multistakeholder and bottom-up with all stakeholders in their respective roles.,b,1\n")
	tableDup := writeFile(t, dir, "dup.csv", "doc_id,provision_id,text\n"+
		"b-1,b-1:9,Another text for a document id that b.csv already has.\n")
	labelsA := writeFile(t, dir, "la.csv", "provision_id,stance,split\na-1:1,state_centric,test\na-1:2,neutral,test\n")
	labelsB := writeFile(t, dir, "lb.csv", "provision_id,stance,split\nb-1:1,multistakeholder,train\n")
	labelsClash := writeFile(t, dir, "lclash.csv", "provision_id,stance\nb-1:1,multistakeholder\na-1:2,state_centric\n")
	manifest := filepath.Join("..", "..", "testdata", "labels")

	tests := []struct {
		name     string
		labels   []string
		corpora  []string
		wantCode int
		wantN    map[string]int // dictionary rows of eval.csv: split -> n
		wantErr  []string       // substrings of stderr
	}{
		{name: "one labels file, one table", labels: []string{labelsA}, corpora: []string{tableA},
			wantN: map[string]int{"test": 2}},
		{name: "two labels files and two tables", labels: []string{labelsA, labelsB}, corpora: []string{tableA, tableB},
			wantN: map[string]int{"train": 1, "test": 2}},
		{name: "order of the files does not matter", labels: []string{labelsB, labelsA}, corpora: []string{tableB, tableA},
			wantN: map[string]int{"train": 1, "test": 2}},
		{name: "labels of a table that is not given are unmatched", labels: []string{labelsA, labelsB}, corpora: []string{tableA},
			wantN: map[string]int{"test": 2}, wantErr: []string{"1 of 3 labels name no provision"}},
		{name: "a provision labelled in two files", labels: []string{labelsA, labelsB, labelsClash}, corpora: []string{tableA, tableB},
			wantCode: exitFailure, wantErr: []string{"lclash.csv:2: duplicate id", "also labelled at " + labelsB + ":2", "lclash.csv:3:", "also labelled at " + labelsA + ":3"}},
		{name: "a document in two tables", labels: []string{labelsB}, corpora: []string{tableB, tableDup},
			wantCode: exitFailure, wantErr: []string{"dup.csv:2:", `document "b-1" is also in ` + tableB + ":2"}},
		{name: "only tables merge", labels: []string{labelsA}, corpora: []string{tableA, manifest},
			wantCode: exitUsage, wantErr: []string{"several --corpus can be merged only when each is a provisions table"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			args := []string{"eval", "--models", "dictionary", "--out", out}
			for _, l := range tc.labels {
				args = append(args, "--labels", l)
			}
			for _, c := range tc.corpora {
				args = append(args, "--corpus", c)
			}
			code, stdout, stderr := runCLI(t, args...)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d: %s %s", code, tc.wantCode, stdout, stderr)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q, want it to contain %q", stderr, w)
				}
			}
			if tc.wantN == nil {
				return
			}
			got := map[string]int{}
			for _, r := range readCSV(t, filepath.Join(out, "eval.csv"))[1:] {
				n, err := strconv.Atoi(r[2])
				if err != nil {
					t.Fatal(err)
				}
				got[r[1]] = n
			}
			if len(got) != len(tc.wantN) {
				t.Errorf("eval.csv splits %v, want %v", got, tc.wantN)
			}
			for s, n := range tc.wantN {
				if got[s] != n {
					t.Errorf("split %s: n = %d, want %d (all: %v)", s, got[s], n, got)
				}
			}
		})
	}
}

// The committed set with the supplement as extra training data: the test split is the committed
// one, the train split both files' train labels.
func TestEvalWithSupplement(t *testing.T) {
	lab := filepath.Join("..", "..", "testdata", "labels")
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "eval", "--models", "dictionary", "--out", out, "--splits", "train",
		"--labels", filepath.Join(lab, "governance_labels.csv"), "--labels", filepath.Join(lab, "supplement_labels.csv"),
		"--corpus", filepath.Join(lab, "governance.csv"), "--corpus", filepath.Join(lab, "supplement.csv"))
	if code != exitOK {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	want := 0
	for _, f := range []string{"governance_labels.csv", "supplement_labels.csv"} {
		for _, r := range readCSV(t, filepath.Join(lab, f))[1:] {
			if r[4] == "train" {
				want++
			}
		}
	}
	rows := readCSV(t, filepath.Join(out, "eval.csv"))
	if len(rows) != 2 || rows[1][1] != "train" || rows[1][2] != strconv.Itoa(want) {
		t.Errorf("eval.csv %v, want one dictionary/train row with n = %d", rows, want)
	}
	if strings.Contains(stderr, "name no provision") {
		t.Errorf("unmatched labels: %s", stderr)
	}
}

// run takes several --labels too, with the same duplicate check.
func TestRunSeveralLabels(t *testing.T) {
	dir := t.TempDir()
	table := writeFile(t, dir, "t.csv", "doc_id,provision_id,text\nd,d:1,States shall control the information space.\nd,d:2,All stakeholders in their respective roles.\n")
	l1 := writeFile(t, dir, "l1.csv", "provision_id,stance\nd:1,state_centric\n")
	l2 := writeFile(t, dir, "l2.csv", "provision_id,stance\nd:2,multistakeholder\n")
	l3 := writeFile(t, dir, "l3.csv", "provision_id,stance\nd:1,neutral\n")
	tests := []struct {
		name     string
		labels   []string
		wantCode int
		wantErr  string
	}{
		{"two files", []string{l1, l2}, exitOK, ""},
		{"duplicate", []string{l1, l3}, exitFailure, "l3.csv:2: duplicate id: provision_id \"d:1\" is also labelled at " + l1 + ":2"},
		{"empty path", []string{""}, exitUsage, "empty path"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"run", "--corpus", table, "--models", "dictionary", "--no-report", "--quiet", "--out", t.TempDir()}
			for _, l := range tc.labels {
				args = append(args, "--labels", l)
			}
			code, _, stderr := runCLI(t, args...)
			if code != tc.wantCode || !strings.Contains(stderr, tc.wantErr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.wantCode, tc.wantErr)
			}
		})
	}
}

// Several tables merged into one corpus keep each table's digest, taken as it was read: run.json
// records both without reading them again (a table rewritten after loading does not change it).
func TestMergedTablesKeepDigests(t *testing.T) {
	dir := t.TempDir()
	tables := map[string]string{
		"a.csv": "doc_id,provision_id,text\na-2011,1,States shall respect the sovereignty of other States.\n",
		"b.csv": "doc_id,provision_id,text\nb-2015,1,All stakeholders shall take part.\n",
	}
	var paths []string
	want := map[string]string{}
	for name, text := range tables {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
		sum := sha256.Sum256([]byte(text))
		want[p] = hex.EncodeToString(sum[:])
	}
	c, err := loadCorpora(context.Background(), paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if err := os.WriteFile(p, []byte("rewritten after loading\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := pipeline.Run(context.Background(), c, pipeline.Options{Workers: 1, Stance: pipeline.StanceOptions{Models: []string{"dictionary"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Inputs) != 2 {
		t.Fatalf("inputs %+v, want the two tables", res.Inputs)
	}
	for _, in := range res.Inputs {
		if in.SHA256 != want[in.Path] {
			t.Errorf("input %s: sha256 %s, want %s (the table as loaded)", in.Path, in.SHA256, want[in.Path])
		}
	}
}
