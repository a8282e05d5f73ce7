package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// --splits computes only the named splits: eval.csv and confusion.csv have no other rows.
func TestEvalSplits(t *testing.T) {
	lab := filepath.Join("..", "..", "testdata", "labels")
	base := []string{"eval", "--labels", filepath.Join(lab, "governance_labels.csv"), "--corpus", filepath.Join(lab, "governance.csv"),
		"--classifier-char-ngrams=false", "--classifier-word-bigrams=false", "--models", "dictionary,classifier"} // words only: faster, and splits do not depend on features
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, append(base, "--out", out, "--splits", "train, cv")...)
	if code != exitOK {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	var got []string
	for _, r := range readCSV(t, filepath.Join(out, "eval.csv"))[1:] {
		got = append(got, r[0]+"/"+r[1])
	}
	if want := "classifier/cv classifier/train dictionary/train"; strings.Join(got, " ") != want {
		t.Errorf("eval.csv rows %v, want %s", got, want)
	}
	for _, r := range readCSV(t, filepath.Join(out, "confusion.csv"))[1:] {
		if r[1] != "train" && r[1] != "cv" {
			t.Fatalf("confusion.csv row of split %q", r[1])
		}
	}
	if strings.Contains(stdout, "test") {
		t.Errorf("stdout mentions the test split:\n%s", stdout)
	}

	usage := []struct {
		name, splits, want string
	}{
		{"unknown", "train,dev", `unknown split "dev"`},
		{"repeated", "cv,cv", `"cv" given twice`},
		{"empty item", "train,", `unknown split ""`},
	}
	for _, tc := range usage {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, append(base, "--out", t.TempDir(), "--splits", tc.splits)...)
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q, want usage error %q", code, stderr, tc.want)
			}
		})
	}
	t.Run("no rows", func(t *testing.T) {
		code, _, stderr := runCLI(t, append(base[:len(base)-1], "dictionary", "--out", t.TempDir(), "--splits", "cv")...)
		if code != exitFailure || !strings.Contains(stderr, "no labelled provision in the requested splits") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
	t.Run("gate on heldout", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(lab, "governance_labels.csv"))
		if err != nil {
			t.Fatal(err)
		}
		held := filepath.Join(t.TempDir(), "heldout_labels.csv")
		if err := os.WriteFile(held, []byte(strings.ReplaceAll(string(b), ",test\n", ",heldout\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{"eval", "--labels", held, "--corpus", filepath.Join(lab, "governance.csv"), "--models", "dictionary", "--splits", "train,heldout"}
		code, stdout, stderr := runCLI(t, append(args, "--out", t.TempDir(), "--min-macro-f1", "0.99")...)
		if code != exitFailure || !strings.Contains(stderr, "dictionary heldout macro-F1") || strings.Contains(stderr, "dictionary train macro-F1") {
			t.Errorf("exit %d, stderr %q, want the gate on heldout only", code, stderr)
		}
		if !strings.Contains(stdout, "heldout") {
			t.Errorf("stdout has no heldout row:\n%s", stdout)
		}
		if code, _, stderr := runCLI(t, append(args, "--out", t.TempDir(), "--min-macro-f1", "0.01")...); code != exitOK {
			t.Errorf("a gate every model passes: exit %d, stderr %q", code, stderr)
		}
	})
	t.Run("gate on cv when no test split is computed", func(t *testing.T) {
		code, _, stderr := runCLI(t, append(base, "--out", t.TempDir(), "--splits", "cv", "--min-macro-f1", "0.99")...)
		if code != exitFailure || !strings.Contains(stderr, "classifier cv macro-F1") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
}

// --classifier-char-ngrams reaches run's classifier (its evidence names char n-grams, or none
// with =false) and is recorded in run.json.
func TestRunCharNGramsFlag(t *testing.T) {
	lab := filepath.Join("..", "..", "testdata", "labels")
	for _, tc := range []struct {
		name     string
		flag     []string
		wantChar bool
	}{
		{"default: on", nil, true},
		{"=false: words only", []string{"--classifier-char-ngrams=false"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"run", "--corpus", filepath.Join(lab, "governance.csv"), "--labels", filepath.Join(lab, "governance_labels.csv"),
				"--models", "classifier", "--no-report", "--quiet", "--out", out}, tc.flag...)
			if code, stdout, stderr := runCLI(t, args...); code != exitOK {
				t.Fatalf("exit %d: %s %s", code, stdout, stderr)
			}
			rows := readCSV(t, filepath.Join(out, "stance.csv"))
			col := slices.Index(rows[0], "evidence")
			if col < 0 {
				t.Fatalf("stance.csv has no evidence column: %v", rows[0])
			}
			char := 0
			for _, r := range rows[1:] {
				if strings.Contains(r[col], "char[") {
					char++
				}
			}
			if got := char > 0; got != tc.wantChar {
				t.Errorf("%d of %d provisions have char n-gram evidence", char, len(rows)-1)
			}
			b, err := os.ReadFile(filepath.Join(out, "run.json"))
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf(`"classifier_char_ngrams": %v`, tc.wantChar); !strings.Contains(string(b), want) {
				t.Errorf("run.json lacks %s", want)
			}
		})
	}
	if code, _, stderr := runCLI(t, "eval", "--labels", "x.csv", "--classifier-char-ngrams=maybe"); code != exitUsage || !strings.Contains(stderr, "classifier-char-ngrams") {
		t.Errorf("a bad boolean: exit %d, stderr %q", code, stderr)
	}
}

// --classifier-word-bigrams reaches run's classifier (its evidence names bigrams by default, none
// with =false) and is recorded in run.json.
func TestRunWordBigramsFlag(t *testing.T) {
	lab := filepath.Join("..", "..", "testdata", "labels")
	for _, tc := range []struct {
		name        string
		flag        []string
		wantBigrams bool
	}{
		{"default: on", nil, true},
		{"=false: no bigrams", []string{"--classifier-word-bigrams=false"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"run", "--corpus", filepath.Join(lab, "governance.csv"), "--labels", filepath.Join(lab, "governance_labels.csv"),
				"--models", "classifier", "--classifier-char-ngrams=false", "--no-report", "--quiet", "--out", out}, tc.flag...)
			if code, stdout, stderr := runCLI(t, args...); code != exitOK {
				t.Fatalf("exit %d: %s %s", code, stdout, stderr)
			}
			rows := readCSV(t, filepath.Join(out, "stance.csv"))
			col := slices.Index(rows[0], "evidence")
			if col < 0 {
				t.Fatalf("stance.csv has no evidence column: %v", rows[0])
			}
			n := 0
			for _, r := range rows[1:] {
				if strings.Contains(r[col], "bigram[") {
					n++
				}
			}
			if got := n > 0; got != tc.wantBigrams {
				t.Errorf("%d of %d provisions have bigram evidence", n, len(rows)-1)
			}
			b, err := os.ReadFile(filepath.Join(out, "run.json"))
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf(`"classifier_word_bigrams": %v`, tc.wantBigrams); !strings.Contains(string(b), want) {
				t.Errorf("run.json lacks %s", want)
			}
		})
	}
	if code, _, stderr := runCLI(t, "eval", "--labels", "x.csv", "--classifier-word-bigrams=maybe"); code != exitUsage || !strings.Contains(stderr, "classifier-word-bigrams") {
		t.Errorf("a bad boolean: exit %d, stderr %q", code, stderr)
	}
}

// TestEvalInterrupted: an interrupted eval says so, exits 1 and writes nothing.
func TestEvalInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	labels := []string{"--labels", "../../testdata/labels/governance_labels.csv"}
	tests := []struct {
		name string
		args []string
		want string // %s: the --out folder
	}{
		{"while reading the table", []string{"--corpus", "../../testdata/labels/governance.csv"},
			"stanceshift: interrupted while reading ../../testdata/labels/governance.csv; nothing was written or changed\n"},
		{"while reading the documents (the embedded corpus)", nil,
			"stanceshift: interrupted; eval.csv and confusion.csv in %s were not written or changed\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			var so, se bytes.Buffer
			code := Main(ctx, append(append(append([]string{"eval"}, labels...), tc.args...), "--out", out), &so, &se)
			want := tc.want
			if strings.Contains(want, "%s") {
				want = fmt.Sprintf(want, out)
			}
			if code != exitFailure || se.String() != want {
				t.Errorf("exit %d, stderr %q, want %q", code, se.String(), want)
			}
			if files, _ := os.ReadDir(out); len(files) != 0 {
				t.Errorf("files written: %v", files)
			}
		})
	}
}
