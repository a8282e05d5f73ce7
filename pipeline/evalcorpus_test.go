package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models/labels"
)

// EvaluateCorpus, which reads the corpus in one pass keeping only what eval needs, gives
// Evaluate's evaluation on Run's Result: every row, confusion cell and fit, for every model, on
// one and on two workers.
func TestEvaluateCorpusEqualsEvaluate(t *testing.T) {
	r, ls := labelledSet(t)
	tf, _ := TFIDFOptions(TFIDFDefault) // the vocabulary labelledSet's Run built
	tests := []struct {
		name    string
		workers int
		opt     EvalOptions
	}{
		{"every model, train and cv, one worker", 1, EvalOptions{Splits: []string{"train", "cv"}, ClassifierCharNGrams: wordsOnly}},
		{"every model, train and cv, two workers", 2, EvalOptions{Splits: []string{"train", "cv"}, ClassifierCharNGrams: wordsOnly}},
		{"lss and wordscores, every split", 2, EvalOptions{Models: []string{"lss", "wordscores"}}},
		{"dictionary alone", 2, EvalOptions{Models: []string{"dictionary"}, Splits: []string{"train"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.TF = tf
			want, err := Evaluate(context.Background(), r, ls, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			got, skipped, err := EvaluateCorpus(context.Background(), r.Corpus, ls, Options{Workers: tc.workers}, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(skipped) != 0 {
				t.Errorf("skipped %v", skipped)
			}
			if len(got.Rows) == 0 {
				t.Fatal("no rows")
			}
			if !reflect.DeepEqual(got.Rows, want.Rows) {
				t.Errorf("rows\n%+v\nwant\n%+v", got.Rows, want.Rows)
			}
			if !reflect.DeepEqual(got.Confusion, want.Confusion) {
				t.Errorf("confusion differs:\n%+v\nwant\n%+v", got.Confusion, want.Confusion)
			}
			if !reflect.DeepEqual(got.Fits, want.Fits) || got.Unmatched != want.Unmatched {
				t.Errorf("fits %v (%d unmatched), want %v (%d)", got.Fits, got.Unmatched, want.Fits, want.Unmatched)
			}
		})
	}
}

// A document that cannot be read is skipped and named; the labels of the others are still
// evaluated, and those of the skipped document count as unmatched.
func TestEvaluateCorpusSkipsBadDocument(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("code@2011.txt", "1. States shall respect the sovereignty of other States.\n\n2. All stakeholders, including civil society and the private sector, shall take part.\n")
	write("code@2015.txt", "1. States shall respect sovereignty and territorial integrity.\n\n2. Civil society and the technical community shall take part in an inclusive process.\n")
	write("plan@2012.txt", "\x00\x01\x02 not text\x00\x00")
	c, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	ls := []labels.Label{
		{ProvisionID: "code@2011:1", Stance: "state_centric"},
		{ProvisionID: "code@2015:2", Stance: "multistakeholder"},
		{ProvisionID: "plan@2012:1", Stance: "neutral"},
	}
	ev, skipped, err := EvaluateCorpus(context.Background(), c, ls, Options{Workers: 2}, EvalOptions{Models: []string{"dictionary"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 1 || !strings.Contains(skipped[0].Error(), "plan@2012.txt") {
		t.Errorf("skipped %v, want the binary plan@2012.txt", skipped)
	}
	if len(ev.Rows) != 1 || ev.Rows[0].N != 2 || ev.Unmatched != 1 {
		t.Errorf("rows %+v, %d unmatched; want one row of the 2 readable labels, 1 unmatched", ev.Rows, ev.Unmatched)
	}
	if _, _, err := EvaluateCorpus(context.Background(), c, ls, Options{Strict: true}, EvalOptions{Models: []string{"dictionary"}}); !errors.Is(err, ErrStrict) {
		t.Errorf("strict: %v, want ErrStrict", err)
	}
}

// The pass over the documents reports its progress: started (0), then each document once, up
// to all of them.
func TestEvaluateCorpusProgress(t *testing.T) {
	r, ls := labelledSet(t)
	progress, stages := progressLog(t)
	if _, _, err := EvaluateCorpus(context.Background(), r.Corpus, ls, Options{Workers: 2, Progress: progress}, EvalOptions{Models: []string{"dictionary"}}); err != nil {
		t.Fatal(err)
	}
	want := []string{fmt.Sprintf("read+analyze (documents) %d/%d", len(r.Docs), len(r.Docs))}
	if got := stages(); !slices.Equal(got, want) {
		t.Errorf("progress %q, want %q", got, want)
	}
}

// A cancelled context stops the pass over the documents with ctx's error.
func TestEvaluateCorpusCancelled(t *testing.T) {
	r, ls := labelledSet(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := EvaluateCorpus(ctx, r.Corpus, ls, Options{Workers: 2}, EvalOptions{Models: []string{"dictionary"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}
