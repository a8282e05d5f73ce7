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
		args    []string // --out OUT is added unless noOut
		noOut   bool
		code    int
		want    string // in stdout or stderr
		outMade bool
		// classifier: stance.csv holds the classifier's rows
		classifier bool
	}{
		{name: "no flags", noOut: true, code: 1, want: "--corpus and --out are required"},
		{name: "a missing corpus", args: []string{"--corpus", filepath.Join(dir, "nowhere")}, code: 1, want: "nowhere"},
		{name: "a dictionary that is not there", args: []string{"--corpus", table, "--dictionary", filepath.Join(dir, "none.yaml")}, code: 1, want: "none.yaml"},
		{name: "a dictionary that does not parse", args: []string{"--corpus", table, "--dictionary", badDict}, code: 1, want: "bad.yaml:3"},
		{name: "labels that do not parse", args: []string{"--corpus", table, "--hand-labels", badLabels}, code: 1, want: "labels.csv:2"},
		{name: "-help", args: []string{"-help"}, noOut: true, code: 0, want: "-hand-labels"},
		{name: "a table whose every row is skipped", args: []string{"--corpus", write("bad.csv", "doc_id,provision_id,text\n\"unclosed,1,x\nbad,row\n")},
			code: 1, want: "1 input(s) skipped (see ", outMade: true},
		{name: "the same with --keep-going", args: []string{"--keep-going", "--corpus", filepath.Join(dir, "bad.csv")},
			code: 0, want: "0 documents; 17 reports in", outMade: true},
		{name: "a table with labels and a dictionary", args: []string{"--corpus", table, "--hand-labels", goodLabels, "--dictionary",
			write("own.yaml", "stance:\n  state_centric:\n    weight: 1\n    sovereignty:\n      patterns: [sovereign*, states]\n  multistakeholder:\n    weight: -1\n    stakeholders:\n      patterns: [stakeholder*, civil society]\n")},
			code: 0, want: "56 documents; 16 reports in", outMade: true, classifier: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := tc.args
			if !tc.noOut {
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
			if code != tc.code || !strings.Contains(stdout.String()+stderr.String(), tc.want) || strings.Contains(stderr.String(), "goroutine ") {
				t.Fatalf("exit %d, want %d and %q in\nstdout %s\nstderr %s", code, tc.code, tc.want, stdout.String(), stderr.String())
			}
			if _, err := os.Stat(out); (err == nil) != tc.outMade {
				t.Errorf("--out made: %v, want %v", err == nil, tc.outMade)
			}
			if tc.classifier {
				b, err := os.ReadFile(filepath.Join(out, "stance.csv"))
				if err != nil || !bytes.Contains(b, []byte(",classifier,")) {
					t.Errorf("stance.csv has no classifier rows (%v)", err)
				}
			}
		})
	}
}
