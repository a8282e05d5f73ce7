package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAgreeGolden pins agree's table and both CSV files, for a small pair of files with every
// kind of difference (testdata/agree: a pole-to-pole disagreement, an undefined kappa on the train
// split, a provision only in each file, B without a split column) and for the repository's two
// labellings of the test split. Regenerate with go test ./cmd/stanceshift -run Golden -update.
func TestAgreeGolden(t *testing.T) {
	lab := filepath.Join("..", "..", "testdata", "labels")
	tests := []struct {
		name string
		args []string
	}{
		{"agree_fixture", []string{"--labels", filepath.Join("testdata", "agree", "a.csv"), "--labels", filepath.Join("testdata", "agree", "b.csv"),
			"--splits", "train,test,all"}},
		{"agree_governance", []string{"--labels", filepath.Join(lab, "governance_labels.csv"), "--labels", filepath.Join(lab, "annotator2_test_labels.csv"),
			"--splits", "test"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var first [2][]byte
			for run := range 2 { // byte-identical across runs
				out := t.TempDir()
				code, stdout, stderr := runCLI(t, append([]string{"agree", "--out", out}, tc.args...)...)
				if code != exitOK {
					t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
				}
				if stderr != "" {
					t.Errorf("stderr: %s", stderr)
				}
				for i, name := range []string{"agreement.csv", "agreement_confusion.csv"} {
					got, err := os.ReadFile(filepath.Join(out, name))
					if err != nil {
						t.Fatal(err)
					}
					if run == 0 {
						first[i] = got
						golden(t, tc.name+"_"+name, got)
					} else if !bytes.Equal(got, first[i]) {
						t.Errorf("%s differs between two runs", name)
					}
				}
				if run == 0 {
					golden(t, tc.name+"_stdout.txt", []byte(strings.ReplaceAll(stdout, out, "OUT")))
				}
			}
		})
	}

	t.Run("default splits", func(t *testing.T) {
		out := t.TempDir()
		code, _, stderr := runCLI(t, append([]string{"agree", "--out", out}, tests[0].args[:4]...)...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var got []string
		for _, r := range readCSV(t, filepath.Join(out, "agreement.csv"))[1:] {
			got = append(got, r[0])
		}
		if strings.Join(got, " ") != "train test" {
			t.Errorf("splits %v, want the shared provisions' splits, train test", got)
		}
	})
}

func TestAgreeErrors(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join("testdata", "agree", "a.csv"), filepath.Join("testdata", "agree", "b.csv")
	bad := filepath.Join(dir, "bad.csv")
	must(t, os.WriteFile(bad, []byte("provision_id,stance\ndoc-1:1,neutral\ndoc-1:2,pro-state\n"), 0o644))
	other := filepath.Join(dir, "other.csv")
	must(t, os.WriteFile(other, []byte("provision_id,stance\nelse-1:1,neutral\n"), 0o644))
	missing := filepath.Join(dir, "nope.csv")

	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"one file", []string{"--labels", a}, exitUsage, "--labels must be given exactly twice (A, then B), got 1"},
		{"three files", []string{"--labels", a, "--labels", b, "--labels", b}, exitUsage, "got 3"},
		{"unknown split", []string{"--labels", a, "--labels", b, "--splits", "test,cv"}, exitUsage, `unknown split "cv" (want one of train, validation, test, heldout, all)`},
		{"repeated split", []string{"--labels", a, "--labels", b, "--splits", "test,test"}, exitUsage, `"test" given twice`},
		{"stray argument", []string{"--labels", a, "--labels", b, "extra"}, exitUsage, "unexpected argument(s) extra"},
		{"missing file", []string{"--labels", a, "--labels", missing}, exitFailure, missing},
		{"invalid file names file and line", []string{"--labels", bad, "--labels", b}, exitFailure, bad + `:3: stance "pro-state"`},
		{"no overlap", []string{"--labels", a, "--labels", other}, exitFailure, "no provision is labelled in both sets (A: 9 labels, B: 1)"},
		{"no overlap in a requested split", []string{"--labels", a, "--labels", b, "--splits", "test,validation"}, exitFailure,
			"agreement on split validation: no provision is labelled in both sets"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, stdout, stderr := runCLI(t, append([]string{"agree", "--out", out}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.contains) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.code, tc.contains)
			}
			if stdout != "" {
				t.Errorf("stdout %q on error", stdout)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("output folder written on error")
			}
		})
	}

	t.Run("split differs", func(t *testing.T) {
		c := filepath.Join(dir, "c.csv")
		must(t, os.WriteFile(c, []byte("provision_id,stance,split\ndoc-1:1,neutral,train\ndoc-1:2,neutral,test\n"), 0o644))
		code, _, stderr := runCLI(t, "agree", "--out", t.TempDir(), "--labels", a, "--labels", c)
		if code != exitOK || !strings.Contains(stderr, "warning: split test: 1 shared provisions have another split in "+c) {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})

	t.Run("help", func(t *testing.T) {
		code, stdout, stderr := runCLI(t, "help", "agree")
		if code != exitOK || !strings.Contains(stdout+stderr, "Examples:") {
			t.Errorf("exit %d, help %q", code, stdout+stderr)
		}
	})
}
