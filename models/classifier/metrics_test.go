package classifier

import (
	"math"
	"reflect"
	"testing"

	"github.com/stanceshift/stanceshift/models"
)

// TestMetricsMatchSklearn checks Metrics against sklearn's accuracy_score,
// precision_recall_fscore_support(zero_division=0), f1_score(average="macro") and
// confusion_matrix on the fixture's named cases.
func TestMetricsMatchSklearn(t *testing.T) {
	for _, fc := range loadFixture(t).Metrics {
		t.Run(fc.Name, func(t *testing.T) {
			acc, f1, per, conf := Metrics(fc.Gold, fc.Pred, fc.Labels)
			if math.Abs(acc-fc.Accuracy) > 1e-12 || math.Abs(f1-fc.MacroF1) > 1e-12 {
				t.Errorf("accuracy %v macro-F1 %v, sklearn %v %v", acc, f1, fc.Accuracy, fc.MacroF1)
			}
			for i, c := range per {
				if c.Class != fc.Labels[i] || c.Support != fc.Support[i] ||
					math.Abs(c.Precision-fc.Precision[i]) > 1e-12 || math.Abs(c.Recall-fc.Recall[i]) > 1e-12 ||
					math.Abs(c.F1-fc.F1[i]) > 1e-12 {
					t.Errorf("class %d: %+v, sklearn P %v R %v F1 %v support %v", i, c, fc.Precision[i], fc.Recall[i], fc.F1[i], fc.Support[i])
				}
			}
			if !reflect.DeepEqual(conf, fc.Confusion) {
				t.Errorf("confusion %v, sklearn %v", conf, fc.Confusion)
			}
		})
	}
}

func TestMetricsTable(t *testing.T) {
	S, M, N := models.StateCentric, models.Multistakeholder, models.Neutral
	classes := []string{M, N, S}
	for _, tc := range []struct {
		name      string
		gold      []string
		pred      []string
		acc, f1   float64
		neutralP  float64 // precision of neutral
		confusion [][]int
	}{
		{"all correct", []string{S, M, N}, []string{S, M, N}, 1, 1, 1, [][]int{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}},
		// neutral is never predicted: precision 0 (not NaN), recall 0, F1 0, and it still counts in
		// the macro average: F1(ms) = 1, F1(sc) = 2·(2/3)·1/(2/3 + 1) = 0.8, so (1 + 0 + 0.8)/3.
		{"neutral never predicted", []string{S, S, M, N}, []string{S, S, M, S}, 0.75, (1 + 0 + 0.8) / 3, 0,
			[][]int{{1, 0, 0}, {0, 0, 1}, {0, 0, 2}}},
		{"mismatched lengths", []string{S}, nil, math.NaN(), math.NaN(), 0, [][]int{{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}},
		{"empty", nil, nil, math.NaN(), math.NaN(), 0, [][]int{{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acc, f1, per, conf := Metrics(tc.gold, tc.pred, classes)
			same := func(a, b float64) bool { return (math.IsNaN(a) && math.IsNaN(b)) || math.Abs(a-b) < 1e-12 }
			if !same(acc, tc.acc) || !same(f1, tc.f1) {
				t.Errorf("accuracy %v macro-F1 %v, want %v %v", acc, f1, tc.acc, tc.f1)
			}
			if per[1].Precision != tc.neutralP || math.IsNaN(per[1].F1) {
				t.Errorf("neutral %+v, want precision %v", per[1], tc.neutralP)
			}
			if !reflect.DeepEqual(conf, tc.confusion) {
				t.Errorf("confusion %v, want %v", conf, tc.confusion)
			}
		})
	}
}

func TestSpearmanMatchesScipy(t *testing.T) {
	for _, fc := range loadFixture(t).Spearman {
		t.Run(fc.Name, func(t *testing.T) {
			if got := Spearman(fc.A, fc.B); math.Abs(got-fc.Rho) > 1e-12 {
				t.Errorf("Spearman = %.15g, scipy %.15g", got, fc.Rho)
			}
		})
	}
}

func TestSpearmanEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b []float64
		want float64
	}{
		// By hand: ranks a = 1, 2.5, 2.5, 4; b = 1, 2, 3, 4 → r = 4.5/√(4.5·5) = 0.9486832980505138.
		{"one tie by hand", []float64{1, 2, 2, 3}, []float64{10, 20, 30, 40}, 0.9486832980505138},
		{"constant input", []float64{1, 1, 1}, []float64{1, 2, 3}, math.NaN()},
		{"one value", []float64{1}, []float64{2}, math.NaN()},
		{"mismatched", []float64{1, 2}, []float64{1}, math.NaN()},
		{"NaN value", []float64{1, math.NaN(), 3}, []float64{1, 2, 3}, math.NaN()},
		{"infinities rank", []float64{math.Inf(-1), 0, math.Inf(1)}, []float64{1, 2, 3}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Spearman(tc.a, tc.b)
			if math.IsNaN(tc.want) != math.IsNaN(got) || (!math.IsNaN(got) && math.Abs(got-tc.want) > 1e-12) {
				t.Errorf("Spearman = %v, want %v", got, tc.want)
			}
		})
	}
}
