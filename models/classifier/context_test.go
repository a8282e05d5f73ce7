package classifier

import (
	"context"
	"sync/atomic"
	"testing"
)

// countdownCtx is a context whose Err is nil for its first n calls and context.Canceled after:
// a cancellation that arrives in the middle of a fit, at the same point on every run.
type countdownCtx struct {
	context.Context
	n     int64
	calls atomic.Int64
}

func (c *countdownCtx) Err() error {
	if c.calls.Add(1) > c.n {
		return context.Canceled
	}
	return nil
}

// TestContextStopsFits: TrainContext and SelectContext return context.Canceled (not wrapped, not a
// model) once their context is done, before the fit or in the middle of it, and stop there: the
// context is asked only a few more times after it reported the cancellation, where a whole fit
// asks it once per evaluation of the objective (hundreds of times). An uncancelled context gives
// the model Train gives.
func TestContextStopsFits(t *testing.T) {
	x, y := synth(90, 20, 4, 1, 0.1, 5)
	cands := []Options{{C: 0.1, Seed: 1}, {C: 1, Seed: 1}, {C: 10, Seed: 1}}
	full := &countdownCtx{Context: context.Background(), n: 1 << 40}
	if _, err := TrainContext(full, x, y, 20, Options{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	whole := full.calls.Load()
	if whole < 100 {
		t.Fatalf("a whole training asked its context %d times; the test needs a longer fit", whole)
	}
	tests := []struct {
		name  string
		after int64 // calls before the cancellation shows
		run   func(ctx context.Context) error
	}{
		{"train, cancelled before", 0, func(ctx context.Context) error {
			_, err := TrainContext(ctx, x, y, 20, Options{Seed: 1})
			return err
		}},
		{"train, cancelled in calibration", 20, func(ctx context.Context) error {
			_, err := TrainContext(ctx, x, y, 20, Options{Seed: 1})
			return err
		}},
		{"train, cancelled in the final fit", whole - 10, func(ctx context.Context) error {
			_, err := TrainContext(ctx, x, y, 20, Options{Seed: 1})
			return err
		}},
		{"select, cancelled before", 0, func(ctx context.Context) error {
			_, err := SelectContext(ctx, x, y, 20, cands)
			return err
		}},
		{"select, cancelled in the second candidate", whole / 2, func(ctx context.Context) error {
			_, err := SelectContext(ctx, x, y, 20, cands)
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := &countdownCtx{Context: context.Background(), n: tc.after}
			err := tc.run(ctx)
			if err != context.Canceled {
				t.Fatalf("error %v, want context.Canceled itself", err)
			}
			// once cancelled, each fit of the folds (run in parallel) and of the candidates asks
			// a few more times, and returns at once: far from a whole fit's count
			if extra := ctx.calls.Load() - tc.after; extra > whole/10 {
				t.Errorf("the context was asked %d more times after it was cancelled (a whole training: %d)", extra, whole)
			}
		})
	}
	m1, err := TrainContext(context.Background(), x, y, 20, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Train(x, y, 20, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for k := range m1.W {
		if maxAbsDiff(m1.W[k], m2.W[k]) != 0 || m1.B[k] != m2.B[k] || m1.Temperature != m2.Temperature {
			t.Fatal("TrainContext and Train differ")
		}
	}
}
