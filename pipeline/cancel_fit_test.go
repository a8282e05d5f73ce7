package pipeline

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/corpus/defaultcorpus"
	"github.com/stanceshift/stanceshift/models"
)

// cancelInFit is a context that is cancelled from the moment the classifier's fit (or the
// function whose name contains in, when set) first asks it (when cancel is set; otherwise it
// only counts), at the same point on every run. after counts the calls from then on (all calls
// without cancel).
type cancelInFit struct {
	context.Context
	in      string
	cancel  bool
	hit     atomic.Bool
	after   atomic.Int64
	inModel atomic.Int64 // calls from the classifier package
}

func (c *cancelInFit) Err() error {
	if !c.hit.Load() || !c.cancel {
		pcs := make([]uintptr, 64)
		frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
		for {
			f, more := frames.Next()
			in := c.in
			if in == "" {
				in = "/models/classifier."
			}
			if strings.Contains(f.Function, in) {
				c.inModel.Add(1)
				c.hit.Store(true)
				break
			}
			if !more {
				break
			}
		}
	}
	if c.hit.Load() {
		c.after.Add(1)
		if c.cancel {
			return context.Canceled
		}
	}
	return nil
}

// TestCancelDuringClassifierFit: Ctrl-C while the classifier is fitted (15 s on
// testdata/labels/supplement.csv) stops the fit, not only the stages after it: Run, Stream and Evaluate
// return context.Canceled and their context is asked only a few times more once the fit saw the
// cancellation, where the whole fit asks it at each of its thousands of objective evaluations.
// Stream writes no file. Evaluate's fits (eval) stop the same way.
func TestCancelDuringClassifierFit(t *testing.T) {
	r, ls := labelledSet(t)
	c := r.Corpus
	opt := Options{Workers: 2, Stance: StanceOptions{Labels: ls}}
	whole := &cancelInFit{Context: context.Background()}
	if _, err := Run(whole, c, opt); err != nil {
		t.Fatal(err)
	}
	if whole.inModel.Load() < 1000 {
		t.Fatalf("the classifier's fit asked the context %d times; it should ask at each evaluation", whole.inModel.Load())
	}
	tests := []struct {
		name string
		run  func(ctx context.Context, dir string) error
	}{
		{"Run", func(ctx context.Context, _ string) error { _, err := Run(ctx, c, opt); return err }},
		{"Stream", func(ctx context.Context, dir string) error { _, err := Stream(ctx, c, dir, opt); return err }},
		{"Evaluate, nested cross-validation", func(ctx context.Context, _ string) error {
			_, err := Evaluate(ctx, r, ls, EvalOptions{Models: []string{"classifier"}, Splits: []string{"cv"}})
			return err
		}},
		{"Evaluate, train split", func(ctx context.Context, _ string) error {
			_, err := Evaluate(ctx, r, ls, EvalOptions{Models: []string{"classifier"}, Splits: []string{"train"}})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := &cancelInFit{Context: context.Background(), cancel: true}
			dir := t.TempDir()
			err := tc.run(ctx, dir)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("error %v, want context.Canceled", err)
			}
			t.Logf("asked %d times once cancelled; a whole fit asks %d times", ctx.after.Load(), whole.inModel.Load())
			if n := ctx.after.Load(); n > 200 {
				t.Errorf("the context was asked %d times once cancelled in the fit (a whole fit: %d)", n, whole.inModel.Load())
			}
			if files, _ := os.ReadDir(dir); len(files) != 0 {
				t.Errorf("files left in the output folder: %v", files)
			}
		})
	}
}

// TestCancelInFitStage: Ctrl-C during the fit stage's other long steps stops them, not only
// the stages after: the reuse candidate search (beside the model fits; 0.5 s at 100MB, growing
// with the corpus) at its next postings partition, the LSS fit (0.8 s on the default sample)
// at its next step or SVD product. The run returns context.Canceled, having asked the context
// from inside that step, and writes no file.
func TestCancelInFitStage(t *testing.T) {
	c, err := corpus.LoadManifest(defaultcorpus.FS(), corpus.ManifestName, "embedded")
	if err != nil {
		t.Fatal(err)
	}
	r, ls := labelledSet(t)
	stream := func(ctx context.Context, dir string) error {
		_, err := Stream(ctx, c, dir, Options{Workers: 2})
		return err
	}
	tests := []struct {
		name, in string
		run      func(ctx context.Context, dir string) error
	}{
		{"Stream, reuse candidates", "reuse.CandidatesOfPostings", stream},
		{"Stream, LSS fit", "/models/lss.", stream},
		{"EvaluateCorpus, LSS fit", "/models/lss.", func(ctx context.Context, _ string) error {
			_, _, err := EvaluateCorpus(ctx, r.Corpus, ls, Options{Workers: 2}, EvalOptions{Models: []string{models.NameLSS}})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := &cancelInFit{Context: context.Background(), in: tc.in, cancel: true}
			dir := t.TempDir()
			err := tc.run(ctx, dir)
			if !errors.Is(err, context.Canceled) || !ctx.hit.Load() {
				t.Fatalf("error %v, asked from %s: %v; want context.Canceled, asked", err, tc.in, ctx.hit.Load())
			}
			if files, _ := os.ReadDir(dir); len(files) != 0 {
				t.Errorf("files left in the output folder: %v", files)
			}
		})
	}
}
