package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// bin is the command built once for the tests: its flags are the process's global flag set
// (Beam's own flags among them), so each case runs it as a process.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "stanceshift-beam-test")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "stanceshift-beam")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		panic("go build: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// The command's inputs: each bad one is an error naming it (and its line), with exit status 1
// and no stack trace, before any job runs and without creating --out; good ones run on Prism.
func TestCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	table := filepath.Join("..", "..", "..", "testdata", "labels", "supplement.csv")
	all, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "labels", "supplement_labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var some strings.Builder // every third label: the classifier's fit is most of the run
	for i, line := range strings.SplitAfter(string(all), "\n") {
		if i == 0 || i%3 == 1 {
			some.WriteString(line)
		}
	}
	goodLabels := write("some_labels.csv", some.String())
	badDict := write("bad.yaml", "stance:\n  state_centric:\n    weight: heavy\n")
	badLabels := write("labels.csv", "provision_id,stance\nsup-code-alpha-2012:a,sideways\n")
	tests := []struct {
		name    string
		args    []string
		code    int
		want    string // in stderr (exit 1) or stdout (exit 0)
		outMade bool
	}{
		{"no flags", nil, 1, "--corpus and --out are required", false},
		{"a missing corpus", []string{"--corpus", filepath.Join(dir, "nowhere")}, 1, "nowhere", false},
		{"a dictionary that is not there", []string{"--corpus", table, "--dictionary", filepath.Join(dir, "none.yaml")}, 1, "none.yaml", false},
		{"a dictionary that does not parse", []string{"--corpus", table, "--dictionary", badDict}, 1, "bad.yaml:3", false},
		{"labels that do not parse", []string{"--corpus", table, "--hand-labels", badLabels}, 1, "labels.csv:2", false},
		{"-help", []string{"-help"}, 0, "", false},
		{"a table whose every row is skipped", []string{"--corpus", write("bad.csv", "doc_id,provision_id,text\n\"unclosed,1,x\nbad,row\n")},
			1, "1 input(s) skipped (see ", true},
		{"the same with --keep-going", []string{"--keep-going", "--corpus", filepath.Join(dir, "bad.csv")}, 0, "0 documents; 17 reports in", true},
		{"a table with labels and a dictionary", []string{"--corpus", table, "--hand-labels", goodLabels, "--dictionary",
			write("own.yaml", "stance:\n  state_centric:\n    weight: 1\n    sovereignty:\n      patterns: [sovereign*, states]\n  multistakeholder:\n    weight: -1\n    stakeholders:\n      patterns: [stakeholder*, civil society]\n")},
			0, "56 documents; 16 reports in", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := tc.args
			if tc.name != "no flags" && tc.name != "-help" {
				args = append(args, "--out", out)
			}
			cmd := exec.Command(bin, args...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			text := stderr.String()
			if tc.code == 0 {
				text = stdout.String()
			}
			if code != tc.code || !strings.Contains(text, tc.want) || strings.Contains(stderr.String(), "goroutine ") {
				t.Fatalf("exit %d, want %d and %q in\nstdout %s\nstderr %s", code, tc.code, tc.want, stdout.String(), stderr.String())
			}
			if _, err := os.Stat(out); (err == nil) != tc.outMade {
				t.Errorf("--out made: %v, want %v", err == nil, tc.outMade)
			}
			if tc.outMade && strings.Contains(tc.name, "labels") {
				b, err := os.ReadFile(filepath.Join(out, "stance.csv"))
				if err != nil || !bytes.Contains(b, []byte(",classifier,")) {
					t.Errorf("stance.csv has no classifier rows (%v)", err)
				}
			}
		})
	}
}
