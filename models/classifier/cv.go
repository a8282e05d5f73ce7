package classifier

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
)

// ECEBins is the number of equal-width confidence bins of the expected calibration error.
const ECEBins = 10

// Temperature search range: T is clamped to [minTemperature, maxTemperature].
const (
	minTemperature float64 = 0.01
	maxTemperature float64 = 100
)

// Prediction is one out-of-fold prediction.
type Prediction struct {
	Index int    // row in the input
	Fold  int    // fold the row was held out in
	Gold  string // true label
	Label string // argmax of Proba
	// Proba is in CVResult.Classes order: calibrated with the cross-fitted temperature when
	// Calibrate = "temperature", raw otherwise.
	Proba []float64
	// Score is P(state_centric) − P(multistakeholder) (0 for a class the model lacks).
	Score float64
}

// ClassMetrics is precision, recall and F1 of one class.
type ClassMetrics struct {
	Class                 string
	Precision, Recall, F1 float64
	Support               int // gold count
}

// CVResult is the outcome of CrossValidate.
type CVResult struct {
	Classes     []string
	Folds       int
	Predictions []Prediction // out-of-fold, in input order
	Accuracy    float64
	MacroF1     float64
	PerClass    []ClassMetrics // in Classes order
	Confusion   [][]int        // [gold][predicted], Classes order
	// ECE is the expected calibration error (10 bins) of Predictions.
	ECE float64
	// ECEBefore is the ECE of the raw out-of-fold probabilities (T = 1). ECEAfter is the ECE after
	// cross-fitted temperature scaling: the rows of fold f are scaled by a temperature fitted on the
	// out-of-fold logits of the other folds, so it is an honest estimate.
	ECEBefore, ECEAfter float64
	// Temperature is fitted on all out-of-fold logits; Train uses it. FoldTemperatures are the
	// cross-fitted ones.
	Temperature      float64
	FoldTemperatures []float64
}

// CrossValidate runs stratified k-fold cross-validation (Options.Folds, deterministic given
// Options.Seed): each fold is predicted by a model trained on the other folds with the same C,
// class weighting and tolerance. Every class needs at least Folds samples.
func CrossValidate(x []Vec, y []string, dim int, opt Options) (CVResult, error) {
	d, err := checkData(x, y, dim)
	if err != nil {
		return CVResult{}, fmt.Errorf("classifier: cross-validate: %w", err)
	}
	s, err := opt.resolve(dim)
	if err != nil {
		return CVResult{}, fmt.Errorf("classifier: cross-validate: %w", err)
	}
	r, err := crossValidate(d, s)
	if err != nil {
		return CVResult{}, fmt.Errorf("classifier: cross-validate: %w", err)
	}
	return r, nil
}

// stratifiedFolds assigns each row a fold in [0, k): the rows of each class (classes in sorted
// order) are shuffled with a PCG seeded by (seed, class index) and dealt round-robin, the deal
// continuing from where the previous class stopped so that fold sizes differ by at most one.
func stratifiedFolds(y []int, nClasses, k int, seed uint64) []int {
	fold := make([]int, len(y))
	next := 0
	for c := 0; c < nClasses; c++ {
		var rows []int
		for i, l := range y {
			if l == c {
				rows = append(rows, i)
			}
		}
		rng := rand.New(rand.NewPCG(seed, uint64(c)))
		rng.Shuffle(len(rows), func(a, b int) { rows[a], rows[b] = rows[b], rows[a] })
		for _, r := range rows {
			fold[r] = next % k
			next++
		}
	}
	return fold
}

func crossValidate(d dataset, s settings) (CVResult, error) {
	return crossValidateWith(d, s, func(train []int) (*Model, error) { return fit(d, train, s) })
}

// crossValidateWith is crossValidate with the per-fold training given by fitFold, which gets the
// rows of the other folds and must depend only on them.
func crossValidateWith(d dataset, s settings, fitFold func(train []int) (*Model, error)) (CVResult, error) {
	k := len(d.classes)
	counts := make([]int, k)
	for _, l := range d.y {
		counts[l]++
	}
	for c, n := range counts {
		if n < s.folds {
			return CVResult{}, fmt.Errorf("class %q has %d samples, fewer than %d folds (use fewer folds or Calibrate %q)",
				d.classes[c], n, s.folds, CalibrateNone)
		}
	}
	fold := stratifiedFolds(d.y, k, s.folds, s.seed)
	logits := make([][]float64, len(d.y))
	errs := make([]error, s.folds)

	// Folds are independent; each writes only its own rows, so the result does not depend on
	// scheduling.
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	for f := 0; f < s.folds; f++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(f int) {
			defer func() { <-sem; wg.Done() }()
			var train, test []int
			for i, ff := range fold {
				if ff == f {
					test = append(test, i)
				} else {
					train = append(train, i)
				}
			}
			m, err := fitFold(train)
			if err != nil {
				errs[f] = fmt.Errorf("fold %d: %w", f, err)
				return
			}
			for _, i := range test {
				logits[i] = m.Logits(d.x[i])
			}
		}(f)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return CVResult{}, err
		}
	}

	r := CVResult{Classes: append([]string(nil), d.classes...), Folds: s.folds}
	r.Temperature = FitTemperature(logits, d.y)
	r.FoldTemperatures = make([]float64, s.folds)
	for f := range r.FoldTemperatures {
		var lz [][]float64
		var ly []int
		for i, ff := range fold {
			if ff != f {
				lz = append(lz, logits[i])
				ly = append(ly, d.y[i])
			}
		}
		r.FoldTemperatures[f] = FitTemperature(lz, ly)
	}
	raw := make([][]float64, len(d.y))
	cal := make([][]float64, len(d.y))
	for i, z := range logits {
		raw[i] = softmaxT(z, 1)
		cal[i] = softmaxT(z, r.FoldTemperatures[fold[i]])
	}
	r.ECEBefore = eceOf(raw, d.y)
	r.ECEAfter = eceOf(cal, d.y)
	probs := raw
	r.ECE = r.ECEBefore
	if s.calibrate == CalibrateTemperature {
		probs = cal
		r.ECE = r.ECEAfter
	}
	sc, ms := classIndex(d.classes)
	gold := make([]string, len(d.y))
	pred := make([]string, len(d.y))
	r.Predictions = make([]Prediction, len(d.y))
	for i, p := range probs {
		gold[i] = d.classes[d.y[i]]
		pred[i] = d.classes[argmax(p)]
		r.Predictions[i] = Prediction{Index: i, Fold: fold[i], Gold: gold[i], Label: pred[i], Proba: p,
			Score: signedScore(p, sc, ms)}
	}
	r.Accuracy, r.MacroF1, r.PerClass, r.Confusion = Metrics(gold, pred, d.classes)
	return r, nil
}

// FitTemperature returns the T > 0 minimising the negative log-likelihood
// Σ_i −log softmax(z_i/T)[y_i] of labels y (class indices) given logits z. The NLL is convex in
// β = 1/T, so β is found by bisection on the sign of the derivative Σ_i (E_p[z_i] − z_i[y_i]) in
// log β; T is clamped to [0.01, 100] (separable logits push T towards 0). It returns 1 when there is
// nothing to fit (no rows, or every row's logits equal), and NaN for invalid input (mismatched
// lengths, a label outside a row, a non-finite logit).
func FitTemperature(z [][]float64, y []int) float64 {
	if len(z) != len(y) {
		return math.NaN()
	}
	for i, zi := range z {
		if y[i] < 0 || y[i] >= len(zi) {
			return math.NaN()
		}
		for _, v := range zi {
			if !finite(v) {
				return math.NaN()
			}
		}
	}
	deriv := func(beta float64) float64 {
		d := 0.0
		for i, zi := range z {
			lse := math.Inf(-1)
			for _, v := range zi {
				lse = logAddExp(lse, beta*v)
			}
			e := 0.0
			for _, v := range zi {
				e += math.Exp(beta*v-lse) * v
			}
			d += e - zi[y[i]]
		}
		return d
	}
	flat := true
	for _, zi := range z {
		for _, v := range zi {
			if v != zi[0] {
				flat = false
			}
		}
	}
	if len(z) == 0 || flat {
		return 1
	}
	lo, hi := math.Log(1/maxTemperature), math.Log(1/minTemperature)
	if deriv(math.Exp(lo)) >= 0 {
		return maxTemperature
	}
	if deriv(math.Exp(hi)) <= 0 {
		return minTemperature
	}
	for it := 0; it < 200 && hi-lo > 1e-12; it++ {
		mid := (lo + hi) / 2
		if deriv(math.Exp(mid)) > 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	return 1 / math.Exp((lo+hi)/2)
}

func logAddExp(a, b float64) float64 {
	if math.IsInf(a, -1) {
		return b
	}
	if a < b {
		a, b = b, a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// ECE returns the expected calibration error of predictions with confidence conf[i] (the
// probability of the predicted class) and correctness correct[i], over ECEBins equal-width bins of
// [0, 1] (a confidence of exactly 1 goes in the last bin): Σ_b (n_b/N)·|accuracy_b − mean conf_b|.
// It is NaN for no rows, mismatched lengths, or a confidence outside [0, 1] or NaN.
func ECE(conf []float64, correct []bool) float64 {
	if len(conf) == 0 || len(conf) != len(correct) {
		return math.NaN()
	}
	var n, acc, sum [ECEBins]float64
	for i, c := range conf {
		if !(c >= 0 && c <= 1) {
			return math.NaN()
		}
		b := min(int(c*ECEBins), ECEBins-1)
		n[b]++
		sum[b] += c
		if correct[i] {
			acc[b]++
		}
	}
	e := 0.0
	for b := range n {
		if n[b] > 0 {
			e += math.Abs(acc[b]-sum[b]) / float64(len(conf))
		}
	}
	return e
}

func eceOf(probs [][]float64, y []int) float64 {
	conf := make([]float64, len(probs))
	correct := make([]bool, len(probs))
	for i, p := range probs {
		a := argmax(p)
		conf[i] = p[a]
		correct[i] = a == y[i]
	}
	return ECE(conf, correct)
}
