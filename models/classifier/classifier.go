package classifier

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/optimize"

	"github.com/stanceshift/stanceshift/models"
)

// FormatV1 tags the JSON written by Save.
const FormatV1 = "stanceshift-classifier/v1"

// Calibration methods (Options.Calibrate).
const (
	CalibrateTemperature = "temperature"
	CalibrateNone        = "none"
)

// Class weighting schemes (Options.ClassWeight).
const (
	ClassWeightNone     = "none"
	ClassWeightBalanced = "balanced"
)

// Defaults applied to zero Options fields.
const (
	DefaultC       = 1.0
	DefaultMaxIter = 1000
	DefaultTol     = 1e-6
	DefaultFolds   = 5
)

// maxParams bounds (Dim+1)·classes so that a bad dim cannot exhaust memory.
const maxParams = 1 << 27

// Vec is a sparse feature vector: Val[k] is the value of feature Idx[k]. For training, Idx must be
// strictly ascending, within [0, dim), and every value finite.
type Vec struct {
	Idx []int
	Val []float64
}

// Featurizer turns a text into the sparse features the model was trained on. The caller builds it
// (TF-IDF weights, dictionary hits, ...) and must use the same one for training and scoring.
type Featurizer interface {
	Features(t models.Text) Vec
	Dim() int
	FeatureName(i int) string
}

// Options controls Train and CrossValidate. The zero value is usable: C = 1, MaxIter = 1000,
// Tol = 1e-6, Folds = 5, Calibrate = "temperature", ClassWeight = "none".
type Options struct {
	// C is the inverse regularisation strength (scikit-learn convention): the objective is
	// Σ_i w_i·logloss_i + ||W||²/(2C). Zero means DefaultC; it must be finite and > 0 otherwise.
	C float64
	// MaxIter bounds the L-BFGS major iterations (0 means DefaultMaxIter).
	MaxIter int
	// Tol stops L-BFGS when the infinity norm of the gradient of the objective divided by Σ_i w_i
	// falls below it (0 means DefaultTol).
	Tol float64
	// Folds is the number of stratified folds for cross-validation and for fitting the temperature
	// (0 means DefaultFolds; at least 2).
	Folds int
	// Seed fixes the fold assignment.
	Seed uint64
	// Calibrate is "temperature" (the default when empty) or "none".
	Calibrate string
	// ClassWeight is "none" (the default when empty) or "balanced": w_i = n / (K · n_{y_i}).
	ClassWeight string
	// FeatureNames optionally names the dim features; stored in the model for inspection.
	FeatureNames []string
}

// FitInfo records how the optimiser ended.
type FitInfo struct {
	C           float64
	ClassWeight string
	Samples     int
	Iterations  int
	FuncEvals   int
	// Objective is the scikit-learn objective Σ_i w_i·logloss_i + ||W||²/(2C) at the solution.
	Objective float64
	// GradNorm is the infinity norm of the gradient of Objective/Σ_i w_i at the solution.
	GradNorm float64
	// Converged is GradNorm <= Tol.
	Converged bool
	Tol       float64
	Status    string
}

// Calibration records how Temperature was chosen.
type Calibration struct {
	Method string
	Folds  int
	Seed   uint64
	// ECEBefore and ECEAfter are the out-of-fold expected calibration errors (10 bins) without
	// and with the cross-fitted temperature (see CVResult).
	ECEBefore, ECEAfter float64
}

// Model is a fitted multinomial logistic regression. Probabilities are softmax((W·x + B)/T).
type Model struct {
	Format  string
	Classes []string // sorted, unique
	Dim     int
	// W[k][j] is the weight of feature j for class k; Σ_k W[k][j] = 0 at the optimum.
	W [][]float64
	// B[k] is the intercept of class k, centred so that Σ_k B[k] = 0.
	B []float64
	// Temperature T > 0 divides the logits (1 when uncalibrated).
	Temperature  float64
	FeatureNames []string `json:",omitempty"`
	Fit          FitInfo
	Calibration  *Calibration `json:",omitempty"`
	// CharNGrams is the character n-gram block of the features, when the caller's featurizer
	// has one (set by the caller after Train; see CharNGrams): saved with the model so that a
	// loaded model can rebuild its featurizer. Models without it (every model saved before the
	// field existed) save and load as before.
	CharNGrams *CharNGrams `json:",omitempty"`
	// WordBigrams is the word-bigram block of the features, saved and loaded as CharNGrams is.
	// Models without it (every model saved before the field existed) save and load as before.
	WordBigrams *WordBigrams `json:",omitempty"`

	feat Featurizer // set by WithFeaturizer; never saved
}

// settings is Options after defaults and validation.
type settings struct {
	ctx         context.Context // nil: not cancellable (CrossValidate); set by TrainContext, SelectContext, NestedCrossValidateContext
	c           float64
	maxIter     int
	tol         float64
	folds       int
	seed        uint64
	calibrate   string
	classWeight string
	names       []string
}

func (o Options) resolve(dim int) (settings, error) {
	s := settings{c: o.C, maxIter: o.MaxIter, tol: o.Tol, folds: o.Folds, seed: o.Seed,
		calibrate: o.Calibrate, classWeight: o.ClassWeight, names: o.FeatureNames}
	if s.c == 0 {
		s.c = DefaultC
	}
	if !finite(s.c) || s.c < 0 {
		return s, fmt.Errorf("C must be finite and > 0, got %v", o.C)
	}
	if s.maxIter == 0 {
		s.maxIter = DefaultMaxIter
	}
	if s.maxIter < 0 {
		return s, fmt.Errorf("MaxIter must be >= 0, got %d", o.MaxIter)
	}
	if s.tol == 0 {
		s.tol = DefaultTol
	}
	if !finite(s.tol) || s.tol < 0 {
		return s, fmt.Errorf("Tol must be finite and >= 0, got %v", o.Tol)
	}
	if s.folds == 0 {
		s.folds = DefaultFolds
	}
	if s.folds < 2 {
		return s, fmt.Errorf("Folds must be >= 2, got %d", o.Folds)
	}
	switch s.calibrate {
	case "":
		s.calibrate = CalibrateTemperature
	case CalibrateTemperature, CalibrateNone:
	default:
		return s, fmt.Errorf("unknown Calibrate %q (want %q or %q)", o.Calibrate, CalibrateTemperature, CalibrateNone)
	}
	switch s.classWeight {
	case "":
		s.classWeight = ClassWeightNone
	case ClassWeightNone, ClassWeightBalanced:
	default:
		return s, fmt.Errorf("unknown ClassWeight %q (want %q or %q)", o.ClassWeight, ClassWeightNone, ClassWeightBalanced)
	}
	if len(s.names) != 0 && len(s.names) != dim {
		return s, fmt.Errorf("%d FeatureNames for dim %d", len(s.names), dim)
	}
	return s, nil
}

// dataset is validated training data with labels as class indices.
type dataset struct {
	x       []Vec
	y       []int
	classes []string
	dim     int
}

// checkData validates x, y and dim and returns the sorted classes and label indices.
func checkData(x []Vec, y []string, dim int) (dataset, error) {
	if len(x) != len(y) {
		return dataset{}, fmt.Errorf("%d feature vectors but %d labels", len(x), len(y))
	}
	if len(x) == 0 {
		return dataset{}, errors.New("no training samples")
	}
	if dim <= 0 {
		return dataset{}, fmt.Errorf("dim must be > 0, got %d", dim)
	}
	for i, v := range x {
		if len(v.Idx) != len(v.Val) {
			return dataset{}, fmt.Errorf("sample %d: %d indices but %d values", i, len(v.Idx), len(v.Val))
		}
		for k, j := range v.Idx {
			if j < 0 || j >= dim {
				return dataset{}, fmt.Errorf("sample %d: feature index %d outside [0, %d)", i, j, dim)
			}
			if k > 0 && j <= v.Idx[k-1] {
				return dataset{}, fmt.Errorf("sample %d: feature indices not strictly ascending at %d", i, k)
			}
			if !finite(v.Val[k]) {
				return dataset{}, fmt.Errorf("sample %d: feature %d has non-finite value %v", i, j, v.Val[k])
			}
		}
	}
	var classes []string
	for i, l := range y {
		if l == "" {
			return dataset{}, fmt.Errorf("sample %d: empty label", i)
		}
		classes = append(classes, l)
	}
	slices.Sort(classes)
	classes = slices.Compact(classes)
	if len(classes) < 2 {
		return dataset{}, fmt.Errorf("need at least 2 classes, got %d (%q)", len(classes), classes)
	}
	if int64(dim+1)*int64(len(classes)) > maxParams {
		return dataset{}, fmt.Errorf("dim %d with %d classes exceeds %d parameters", dim, len(classes), maxParams)
	}
	yi := make([]int, len(y))
	for i, l := range y {
		yi[i], _ = slices.BinarySearch(classes, l)
	}
	return dataset{x: x, y: yi, classes: classes, dim: dim}, nil
}

// Train fits the model on x (sparse rows over dim features) and labels y. Classes are the sorted
// distinct labels (at least two). With Calibrate = "temperature" it first runs CrossValidate with the
// same options to fit the temperature on out-of-fold logits, so every class needs at least Folds
// samples.
func Train(x []Vec, y []string, dim int, opt Options) (*Model, error) {
	return TrainContext(context.Background(), x, y, dim, opt)
}

// TrainContext is Train, stopped when ctx is done: the optimiser checks ctx before each
// evaluation of the objective, and the error is then ctx.Err() (unwrapped, so errors.Is finds
// context.Canceled).
func TrainContext(ctx context.Context, x []Vec, y []string, dim int, opt Options) (*Model, error) {
	d, err := checkData(x, y, dim)
	if err != nil {
		return nil, fmt.Errorf("classifier: train: %w", err)
	}
	s, err := opt.resolve(dim)
	if err != nil {
		return nil, fmt.Errorf("classifier: train: %w", err)
	}
	s.ctx = ctx
	var cal *Calibration
	temp := 1.0
	if s.calibrate == CalibrateTemperature {
		cv, err := crossValidate(d, s)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err != nil {
			return nil, fmt.Errorf("classifier: train: calibration: %w", err)
		}
		temp = cv.Temperature
		cal = &Calibration{Method: CalibrateTemperature, Folds: s.folds, Seed: s.seed,
			ECEBefore: cv.ECEBefore, ECEAfter: cv.ECEAfter}
	}
	m, err := fit(d, allIndices(len(x)), s)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("classifier: train: %w", err)
	}
	m.Temperature = temp
	m.Calibration = cal
	if len(s.names) > 0 {
		m.FeatureNames = slices.Clone(s.names)
	}
	return m, nil
}

func allIndices(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// sampleWeights returns w_i for the rows in rows, with "balanced" computed on those rows as
// scikit-learn does (n / (K · n_k), K the number of model classes).
func sampleWeights(d dataset, rows []int, scheme string) []float64 {
	w := make([]float64, len(rows))
	if scheme != ClassWeightBalanced {
		for i := range w {
			w[i] = 1
		}
		return w
	}
	counts := make([]int, len(d.classes))
	for _, r := range rows {
		counts[d.y[r]]++
	}
	for i, r := range rows {
		w[i] = float64(len(rows)) / (float64(len(d.classes)) * float64(counts[d.y[r]]))
	}
	return w
}

// objective is the scikit-learn multinomial objective over a subset of rows, with parameters
// laid out class by class as [W_k (dim values), B_k].
type objective struct {
	x     []Vec
	y     []int
	w     []float64 // sample weights
	k     int
	dim   int
	alpha float64 // 1/C
	wsum  float64

	// cache of the last evaluation (Func and Grad are called on the same point).
	lastX []float64
	lastF float64
	lastG []float64
	z     []float64
}

func newObjective(d dataset, rows []int, weights []float64, c float64) *objective {
	o := &objective{k: len(d.classes), dim: d.dim, alpha: 1 / c, w: weights}
	o.x = make([]Vec, len(rows))
	o.y = make([]int, len(rows))
	for i, r := range rows {
		o.x[i] = d.x[r]
		o.y[i] = d.y[r]
		o.wsum += weights[i]
	}
	o.z = make([]float64, o.k)
	return o
}

func (o *objective) nParams() int { return o.k * (o.dim + 1) }

// eval computes the raw (unscaled) objective and, if grad != nil, its gradient.
func (o *objective) eval(theta, grad []float64) float64 {
	stride := o.dim + 1
	if grad != nil {
		clear(grad)
	}
	loss := 0.0
	for i, v := range o.x {
		for c := 0; c < o.k; c++ {
			base := c * stride
			s := theta[base+o.dim]
			for n, j := range v.Idx {
				s += theta[base+j] * v.Val[n]
			}
			o.z[c] = s
		}
		lse := logSumExp(o.z)
		loss += o.w[i] * (lse - o.z[o.y[i]])
		if grad == nil {
			continue
		}
		for c := 0; c < o.k; c++ {
			r := math.Exp(o.z[c] - lse)
			if c == o.y[i] {
				r--
			}
			r *= o.w[i]
			if r == 0 {
				continue
			}
			base := c * stride
			grad[base+o.dim] += r
			for n, j := range v.Idx {
				grad[base+j] += r * v.Val[n]
			}
		}
	}
	pen := 0.0
	for c := 0; c < o.k; c++ {
		base := c * stride
		for j := 0; j < o.dim; j++ {
			t := theta[base+j]
			pen += t * t
			if grad != nil {
				grad[base+j] += o.alpha * t
			}
		}
	}
	return loss + 0.5*o.alpha*pen
}

// evalScaled evaluates objective/wsum with caching, as the optimiser sees it.
func (o *objective) evalScaled(theta []float64) {
	if o.lastX != nil && slices.Equal(o.lastX, theta) {
		return
	}
	if o.lastX == nil {
		o.lastX = make([]float64, len(theta))
		o.lastG = make([]float64, len(theta))
	}
	copy(o.lastX, theta)
	o.lastF = o.eval(theta, o.lastG) / o.wsum
	for i := range o.lastG {
		o.lastG[i] /= o.wsum
	}
}

func logSumExp(z []float64) float64 {
	m := math.Inf(-1)
	for _, v := range z {
		if v > m {
			m = v
		}
	}
	if math.IsInf(m, 0) || math.IsNaN(m) {
		return m
	}
	s := 0.0
	for _, v := range z {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// fit minimises the objective over the given rows with L-BFGS, starting from zero.
func fit(d dataset, rows []int, s settings) (*Model, error) {
	weights := sampleWeights(d, rows, s.classWeight)
	o := newObjective(d, rows, weights, s.c)
	p := optimize.Problem{
		Func: func(x []float64) float64 { o.evalScaled(x); return o.lastF },
		Grad: func(g, x []float64) { o.evalScaled(x); copy(g, o.lastG) },
	}
	if s.ctx != nil {
		// called before each evaluation: an error ends the minimisation there
		p.Status = func() (optimize.Status, error) {
			if err := s.ctx.Err(); err != nil {
				return optimize.Failure, err
			}
			return optimize.NotTerminated, nil
		}
	}
	set := &optimize.Settings{
		GradientThreshold: s.tol,
		MajorIterations:   s.maxIter,
		Converger:         &optimize.FunctionConverge{Absolute: 1e-14, Relative: 1e-14, Iterations: 50},
		Concurrent:        1,
	}
	theta0 := make([]float64, o.nParams())
	res, err := optimize.Minimize(p, theta0, set, &optimize.LBFGS{})
	if s.ctx != nil && s.ctx.Err() != nil {
		return nil, s.ctx.Err()
	}
	if res == nil {
		return nil, fmt.Errorf("optimiser: %w", err)
	}
	// A line search that cannot make progress near the optimum is reported as an error by gonum;
	// the location found is still the best one, and FitInfo records how close to optimal it is.
	theta := res.X
	for _, t := range theta {
		if !finite(t) {
			return nil, fmt.Errorf("optimiser produced non-finite parameters (status %v, err %v)", res.Status, err)
		}
	}
	g := make([]float64, len(theta))
	obj := o.eval(theta, g)
	gn := 0.0
	for _, v := range g {
		gn = math.Max(gn, math.Abs(v/o.wsum))
	}
	status := res.Status.String()
	if err != nil {
		status += ": " + err.Error()
	}
	k, stride := len(d.classes), d.dim+1
	m := &Model{Format: FormatV1, Classes: slices.Clone(d.classes), Dim: d.dim, Temperature: 1,
		W: make([][]float64, k), B: make([]float64, k)}
	meanB := 0.0
	for c := 0; c < k; c++ {
		m.W[c] = slices.Clone(theta[c*stride : c*stride+d.dim])
		m.B[c] = theta[c*stride+d.dim]
		meanB += m.B[c] / float64(k)
	}
	for c := range m.B {
		m.B[c] -= meanB
	}
	m.Fit = FitInfo{C: s.c, ClassWeight: s.classWeight, Samples: len(rows), Iterations: res.MajorIterations,
		FuncEvals: res.FuncEvaluations, Objective: obj, GradNorm: gn, Converged: gn <= s.tol, Tol: s.tol,
		Status: status}
	return m, nil
}

// Logits returns W·x + B, before the temperature. Entries of x outside [0, Dim) are ignored.
func (m *Model) Logits(x Vec) []float64 {
	z := slices.Clone(m.B)
	n := min(len(x.Idx), len(x.Val))
	for c := range z {
		w := m.W[c]
		for k := 0; k < n; k++ {
			if j := x.Idx[k]; j >= 0 && j < len(w) {
				z[c] += w[j] * x.Val[k]
			}
		}
	}
	return z
}

// PredictProba returns the calibrated class probabilities softmax(Logits(x)/T), in Classes order.
// Entries of x outside [0, Dim) are ignored; a non-finite value makes every probability NaN.
func (m *Model) PredictProba(x Vec) []float64 {
	return softmaxT(m.Logits(x), m.Temperature)
}

// softmaxT returns softmax(z/t); NaN everywhere if any logit is NaN or infinite.
func softmaxT(z []float64, t float64) []float64 {
	p := make([]float64, len(z))
	for _, v := range z {
		if !finite(v) {
			for i := range p {
				p[i] = math.NaN()
			}
			return p
		}
	}
	for i, v := range z {
		p[i] = v / t
	}
	lse := logSumExp(p)
	for i := range p {
		p[i] = math.Exp(p[i] - lse)
	}
	return p
}

// Predict returns the most probable class (the first in Classes order on ties).
func (m *Model) Predict(x Vec) string {
	p := m.PredictProba(x)
	return m.Classes[argmax(p)]
}

func argmax(p []float64) int {
	best := 0
	for i, v := range p {
		if v > p[best] {
			best = i
		}
	}
	return best
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
