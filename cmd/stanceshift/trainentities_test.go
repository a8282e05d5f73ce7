package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/pipeline/analyze/entities"
)

const trainSpansFile = "../../pipeline/analyze/entities/testdata/train_spans.jsonl"

func TestTrainEntities(t *testing.T) {
	out := filepath.Join(t.TempDir(), "model")
	var stdout, stderr bytes.Buffer
	err := cmdTrainEntities(context.Background(), []string{"--spans", trainSpansFile, "--out", out, "--name", "docsymbols"}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("%v\nstderr: %s", err, stderr.String())
	}
	for _, want := range []string{`trained "docsymbols" on 60 texts`, "DOCSYMBOL            56", "total                56", "model saved in " + out} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
		}
	}
	m, err := entities.LoadModel(out)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name() != "docsymbols" {
		t.Errorf("loaded model named %q", m.Name())
	}
	text := "The Assembly took note of the report in resolution A/RES/76/19."
	es := m.Find(text)
	if len(es) != 1 || es[0].Text != "A/RES/76/19" || es[0].Type != "DOCSYMBOL" {
		t.Errorf("Find(%q) = %+v", text, es)
	}
}

func TestTrainEntitiesErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"text\": \"a\"}\n{\"text\": \"ab\", \"entities\": [{\"start\": 0, \"end\": 5, \"type\": \"X\"}]}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.jsonl")
	if err := os.WriteFile(empty, []byte("{\"text\": \"No entities here.\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		usage bool
		msg   string
	}{
		{"no spans flag", []string{"--out", dir}, true, "--spans is required"},
		{"no out flag", []string{"--spans", bad}, true, "--out is required"},
		{"stray argument", []string{"--spans", bad, "--out", dir, "extra"}, true, "unexpected argument(s) extra"},
		{"unknown flag", []string{"--model", "x"}, true, "flag provided but not defined"},
		{"missing file", []string{"--spans", filepath.Join(dir, "absent.jsonl"), "--out", dir}, false, "no such file"},
		{"bad span", []string{"--spans", bad, "--out", dir}, false, "bad.jsonl:2: malformed span file"},
		{"no usable spans", []string{"--spans", empty, "--out", dir}, false, "--spans " + empty + ": entities: train: no usable spans"},
		{"spans is a folder", []string{"--spans", dir, "--out", dir}, false, "--spans " + dir + " is a folder, expected a JSON Lines file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := cmdTrainEntities(context.Background(), tt.args, &stdout, &stderr)
			var ue usageError
			if err == nil || errors.As(err, &ue) != tt.usage || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %v (usage error: %v), want %q (usage error: %v)", err, errors.As(err, &ue), tt.msg, tt.usage)
			}
		})
	}
	var stdout, stderr bytes.Buffer
	if err := cmdTrainEntities(context.Background(), []string{"--help"}, &stdout, &stderr); !errors.Is(err, flag.ErrHelp) ||
		!strings.Contains(stderr.String(), "Examples:") {
		t.Errorf("--help: %v, %q", err, stderr.String())
	}
}
