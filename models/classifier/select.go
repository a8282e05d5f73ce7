package classifier

import (
	"context"
	"errors"
	"fmt"
)

// Selection is the outcome of Select: the macro-F1 of each candidate's cross-validation, and the
// index of the best.
type Selection struct {
	Best    int
	MacroF1 []float64
}

// Select cross-validates each candidate on x, y (stratified folds from each candidate's Folds and
// Seed, uncalibrated: calibration does not change the argmax) and returns the one with the highest
// out-of-fold macro-F1, the first on ties (within 1e-12), so list candidates from the simplest
// (smallest C) up. A candidate whose cross-validation fails (too few rows of a class) scores −1;
// Select fails only when every candidate does.
func Select(x []Vec, y []string, dim int, candidates []Options) (Selection, error) {
	return SelectContext(context.Background(), x, y, dim, candidates)
}

// SelectContext is Select, stopped when ctx is done (the error is then ctx.Err(), as
// TrainContext's).
func SelectContext(ctx context.Context, x []Vec, y []string, dim int, candidates []Options) (Selection, error) {
	d, err := checkData(x, y, dim)
	if err != nil {
		return Selection{}, fmt.Errorf("classifier: select: %w", err)
	}
	sel, err := selectOn(ctx, d, allIndices(len(x)), candidates)
	if cerr := ctx.Err(); cerr != nil {
		return Selection{}, cerr
	}
	if err != nil {
		return Selection{}, fmt.Errorf("classifier: select: %w", err)
	}
	return sel, nil
}

// selectOn runs Select on the given rows of d; it stops once ctx is done.
func selectOn(ctx context.Context, d dataset, rows []int, candidates []Options) (Selection, error) {
	if len(candidates) == 0 {
		return Selection{}, errors.New("no candidate options")
	}
	sub := subset(d, rows)
	sel := Selection{Best: -1, MacroF1: make([]float64, len(candidates))}
	var firstErr error
	best := -1.0
	for i, c := range candidates {
		c.Calibrate = CalibrateNone
		s, err := c.resolve(d.dim)
		if err == nil {
			s.ctx = ctx
			var r CVResult
			r, err = crossValidate(sub, s)
			if ctx.Err() != nil {
				return sel, ctx.Err()
			}
			if err == nil {
				sel.MacroF1[i] = r.MacroF1
				if r.MacroF1 > best+1e-12 {
					best, sel.Best = r.MacroF1, i
				}
				continue
			}
		}
		sel.MacroF1[i] = -1
		if firstErr == nil {
			firstErr = fmt.Errorf("candidate %d: %w", i, err)
		}
	}
	if sel.Best < 0 {
		return sel, firstErr
	}
	return sel, nil
}

// subset returns the rows of d as a dataset of their own (same classes and dim, so class indices
// keep their meaning even if a class has no row there).
func subset(d dataset, rows []int) dataset {
	s := dataset{x: make([]Vec, len(rows)), y: make([]int, len(rows)), classes: d.classes, dim: d.dim}
	for i, r := range rows {
		s.x[i], s.y[i] = d.x[r], d.y[r]
	}
	return s
}

// NestedCrossValidate estimates the error of "choose the options by Select over candidates, then
// train" honestly: it cross-validates like CrossValidate with outer's Folds, Seed and Calibrate,
// and in each outer fold runs Select on the other folds' rows only (inner folds from each
// candidate's Folds and Seed), then fits the chosen candidate on those rows. Chosen[f] is the
// candidate index chosen in outer fold f. Selecting on all the data and reporting that
// selection's CrossValidate would reuse the held-out rows for the choice and read high.
func NestedCrossValidate(x []Vec, y []string, dim int, outer Options, candidates []Options) (CVResult, []int, error) {
	return NestedCrossValidateContext(context.Background(), x, y, dim, outer, candidates)
}

// NestedCrossValidateContext is NestedCrossValidate, stopped when ctx is done (the error is then
// ctx.Err(), as TrainContext's).
func NestedCrossValidateContext(ctx context.Context, x []Vec, y []string, dim int, outer Options, candidates []Options) (CVResult, []int, error) {
	d, err := checkData(x, y, dim)
	if err != nil {
		return CVResult{}, nil, fmt.Errorf("classifier: nested cross-validate: %w", err)
	}
	s, err := outer.resolve(dim)
	if err != nil {
		return CVResult{}, nil, fmt.Errorf("classifier: nested cross-validate: %w", err)
	}
	if len(candidates) == 0 {
		return CVResult{}, nil, errors.New("classifier: nested cross-validate: no candidate options")
	}
	cs := make([]settings, len(candidates))
	for i, c := range candidates {
		if cs[i], err = c.resolve(dim); err != nil {
			return CVResult{}, nil, fmt.Errorf("classifier: nested cross-validate: candidate %d: %w", i, err)
		}
		cs[i].ctx = ctx
	}
	s.ctx = ctx
	fold := stratifiedFolds(d.y, len(d.classes), s.folds, s.seed)
	chosen := make([]int, s.folds)
	r, err := crossValidateWith(d, s, func(train []int) (*Model, error) {
		sel, err := selectOn(ctx, d, train, candidates)
		if err != nil {
			return nil, err
		}
		// train is every row outside one fold: find which, to record the choice.
		in := make([]bool, s.folds)
		for _, i := range train {
			in[fold[i]] = true
		}
		for f, ok := range in {
			if !ok {
				chosen[f] = sel.Best
			}
		}
		return fit(d, train, cs[sel.Best])
	})
	if cerr := ctx.Err(); cerr != nil {
		return CVResult{}, nil, cerr
	}
	if err != nil {
		return CVResult{}, nil, fmt.Errorf("classifier: nested cross-validate: %w", err)
	}
	return r, chosen, nil
}
