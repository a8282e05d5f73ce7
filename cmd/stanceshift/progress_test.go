package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/corpus/defaultcorpus"
	"github.com/stanceshift/stanceshift/pipeline"
)

func TestProgressUnit(t *testing.T) {
	tests := []struct{ name, stage, want string }{
		{"documents", "read+analyze (documents)", "documents"},
		{"provisions", "analyze+score+write (provisions)", "provisions"},
		{"two words", "align (version pairs)", "version pairs"},
		{"last parentheses", "stance: lss (x) (documents)", "documents"},
		{"none", "reuse", "items"},
		{"empty parentheses", "reuse ()", "items"},
		{"not at the end", "reuse (pairs) done", "items"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := progressUnit(tc.stage); got != tc.want {
				t.Errorf("progressUnit(%q) = %q, want %q", tc.stage, got, tc.want)
			}
		})
	}
}

// TestProgressTo: the bars of a run of the default corpus, as a terminal would get them: each
// pass's stage drawn when it starts, with its total and its rate in its own unit; the second
// pass's total is every provision of provisions.csv. (A bar is cleared, not drawn full, once
// done reaches its total.)
func TestProgressTo(t *testing.T) {
	c, err := corpus.LoadManifest(defaultcorpus.FS(), corpus.ManifestName, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	update, finish := progressTo(&buf, 0)
	dir := t.TempDir()
	if _, err := pipeline.Stream(context.Background(), c, dir, pipeline.Options{Workers: 2, Progress: update}); err != nil {
		t.Fatal(err)
	}
	finish()
	n := len(readCSV(t, filepath.Join(dir, "provisions.csv"))) - 1
	out := buf.String()
	for _, want := range []string{
		fmt.Sprintf("read+analyze (documents)   0%% |%s| (0/%d, ", strings.Repeat(" ", 40), len(c.Documents)),
		" documents/s)",
		fmt.Sprintf("analyze+score+write (provisions)   0%% |%s| (0/%d, ", strings.Repeat(" ", 40), n),
		" provisions/s)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the progress output:\n%s", want, strings.ReplaceAll(out, "\r", "\n"))
		}
	}
	if strings.Contains(out, "items/") {
		t.Errorf("a stage without its unit in\n%s", strings.ReplaceAll(out, "\r", "\n"))
	}
}
