package classifier

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestCrossValidateSeparable(t *testing.T) {
	x, y := synth(150, 30, 5, 2, 0, 21)
	r, err := CrossValidate(x, y, 30, Options{Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("accuracy %.3f, macro-F1 %.3f, ECE before %.3f after %.3f, T %.3f", r.Accuracy, r.MacroF1, r.ECEBefore, r.ECEAfter, r.Temperature)
	if r.MacroF1 <= 0.95 {
		t.Errorf("macro-F1 %.3f on a separable set, want > 0.95", r.MacroF1)
	}
	if len(r.Predictions) != len(x) {
		t.Fatalf("%d predictions for %d rows", len(r.Predictions), len(x))
	}
	total := 0
	for _, row := range r.Confusion {
		for _, c := range row {
			total += c
		}
	}
	if total != len(x) {
		t.Errorf("confusion matrix counts %d rows, want %d", total, len(x))
	}
	for i, p := range r.Predictions {
		if p.Index != i || p.Gold != y[i] {
			t.Fatalf("prediction %d: %+v, gold %q", i, p, y[i])
		}
		s := 0.0
		for _, v := range p.Proba {
			s += v
		}
		if math.Abs(s-1) > 1e-12 {
			t.Errorf("prediction %d: probabilities sum to %v", i, s)
		}
		if want := p.Proba[2] - p.Proba[0]; p.Score != want { // classes sorted: ms, neutral, sc
			t.Errorf("prediction %d: score %v, want P(sc)-P(ms) = %v", i, p.Score, want)
		}
	}
	if r.ECE != r.ECEAfter {
		t.Errorf("ECE %v should be the calibrated one %v by default", r.ECE, r.ECEAfter)
	}
}

func TestCrossValidateDeterministicAndStratified(t *testing.T) {
	x, y := synth(61, 15, 3, 1, 0.3, 2)
	opt := Options{Seed: 9, Folds: 4}
	a, err := CrossValidate(x, y, 15, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := CrossValidate(x, y, 15, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two cross-validations with the same seed differ")
	}
	// Fold sizes differ by at most one overall and per class.
	size := map[int]int{}
	perClass := map[string]map[int]int{}
	for _, p := range a.Predictions {
		size[p.Fold]++
		if perClass[p.Gold] == nil {
			perClass[p.Gold] = map[int]int{}
		}
		perClass[p.Gold][p.Fold]++
	}
	spread := func(m map[int]int) int {
		lo, hi := math.MaxInt, 0
		for f := 0; f < 4; f++ {
			lo, hi = min(lo, m[f]), max(hi, m[f])
		}
		return hi - lo
	}
	if spread(size) > 1 {
		t.Errorf("fold sizes %v", size)
	}
	for c, m := range perClass {
		if spread(m) > 1 {
			t.Errorf("class %s fold sizes %v", c, m)
		}
	}
	c, err := CrossValidate(x, y, 15, Options{Seed: 10, Folds: 4})
	if err != nil {
		t.Fatal(err)
	}
	same := true
	for i := range c.Predictions {
		if c.Predictions[i].Fold != a.Predictions[i].Fold {
			same = false
		}
	}
	if same {
		t.Error("a different seed gave the same folds")
	}
}

func TestCalibrationReducesECE(t *testing.T) {
	// Overlapping classes, many noise features, almost no regularisation: the raw model is
	// overconfident out of fold.
	x, y := synth(240, 60, 2, 0.6, 0.35, 17)
	r, err := CrossValidate(x, y, 60, Options{C: 1000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("ECE before %.4f after %.4f, T %.3f, folds T %v, accuracy %.3f", r.ECEBefore, r.ECEAfter, r.Temperature, r.FoldTemperatures, r.Accuracy)
	if r.Temperature <= 1 {
		t.Errorf("temperature %v, want > 1 for an overconfident model", r.Temperature)
	}
	if !(r.ECEAfter < r.ECEBefore/2) {
		t.Errorf("ECE %.4f -> %.4f, want at least halved", r.ECEBefore, r.ECEAfter)
	}
	n, err := CrossValidate(x, y, 60, Options{C: 1000, Seed: 3, Calibrate: CalibrateNone})
	if err != nil {
		t.Fatal(err)
	}
	if n.ECE != r.ECEBefore {
		t.Errorf("uncalibrated ECE %v, want ECEBefore %v", n.ECE, r.ECEBefore)
	}
	m, err := Train(x, y, 60, Options{C: 1000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if m.Temperature != r.Temperature || m.Calibration.ECEAfter != r.ECEAfter {
		t.Errorf("Train temperature %v / ECE %v, want the CV's %v / %v", m.Temperature, m.Calibration.ECEAfter, r.Temperature, r.ECEAfter)
	}
}

func TestCrossValidateErrors(t *testing.T) {
	x, y := synth(12, 6, 2, 1, 0, 1)
	for _, tc := range []struct {
		name string
		x    []Vec
		y    []string
		opt  Options
		want string
	}{
		{"fewer rows than folds per class", x, y, Options{Folds: 5}, `has 4 samples, fewer than 5 folds`},
		{"mismatched", x, y[:3], Options{}, "12 feature vectors but 3 labels"},
		{"bad option", x, y, Options{Calibrate: "x"}, "unknown Calibrate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CrossValidate(tc.x, tc.y, 6, tc.opt)
			if err == nil || !strings.HasPrefix(err.Error(), "classifier: cross-validate: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func nll(z [][]float64, y []int, temp float64) float64 {
	s := 0.0
	for i, zi := range z {
		s -= math.Log(softmaxT(zi, temp)[y[i]])
	}
	return s
}

func TestFitTemperature(t *testing.T) {
	over := [][]float64{{4, 0, 0}, {0, 4, 0}, {0, 0, 4}, {4, 0, 0}, {0, 4, 0}, {0, 0, 4}}
	for _, tc := range []struct {
		name string
		z    [][]float64
		y    []int
		want func(float64) bool
	}{
		{"overconfident", over, []int{0, 1, 2, 1, 0, 0}, func(T float64) bool { return T > 1 }},
		{"underconfident", [][]float64{{0.2, 0, 0}, {0, 0.2, 0}, {0, 0, 0.2}, {0.2, 0, 0}}, []int{0, 1, 2, 1}, func(T float64) bool { return T < 1 }},
		{"separable clamps at minimum", over, []int{0, 1, 2, 0, 1, 2}, func(T float64) bool { return T == minTemperature }},
		{"always wrong clamps at maximum", [][]float64{{1, 0}, {0, 1}}, []int{1, 0}, func(T float64) bool { return T == maxTemperature }},
		{"flat logits", [][]float64{{1, 1}, {2, 2}}, []int{0, 1}, func(T float64) bool { return T == 1 }},
		{"no rows", nil, nil, func(T float64) bool { return T == 1 }},
		{"label out of range", [][]float64{{1, 0}}, []int{2}, math.IsNaN},
		{"NaN logit", [][]float64{{math.NaN(), 0}}, []int{0}, math.IsNaN},
		{"mismatched", [][]float64{{1, 0}}, nil, math.IsNaN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			T := FitTemperature(tc.z, tc.y)
			if !tc.want(T) {
				t.Fatalf("T = %v", T)
			}
			if T > minTemperature && T < maxTemperature && T != 1 {
				f := nll(tc.z, tc.y, T)
				if f > nll(tc.z, tc.y, T*1.01) || f > nll(tc.z, tc.y, T/1.01) {
					t.Errorf("T = %v is not a minimum of the NLL", T)
				}
			}
		})
	}
}

func TestECE(t *testing.T) {
	for _, tc := range []struct {
		name    string
		conf    []float64
		correct []bool
		want    float64
	}{
		{"perfectly calibrated bin", []float64{0.75, 0.75, 0.75, 0.75}, []bool{true, true, true, false}, 0},
		{"overconfident", []float64{0.95, 0.95}, []bool{true, false}, 0.45},
		{"two bins", []float64{0.35, 0.95}, []bool{true, true}, (0.65 + 0.05) / 2},
		{"confidence one in last bin", []float64{1, 0.9}, []bool{true, true}, 0.05},
		{"empty", nil, nil, math.NaN()},
		{"mismatched", []float64{0.5}, nil, math.NaN()},
		{"out of range", []float64{1.5}, []bool{true}, math.NaN()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ECE(tc.conf, tc.correct)
			if math.IsNaN(tc.want) != math.IsNaN(got) || (!math.IsNaN(got) && math.Abs(got-tc.want) > 1e-12) {
				t.Errorf("ECE = %v, want %v", got, tc.want)
			}
		})
	}
}
