package classifier

import (
	"math"
	"slices"
)

// Metrics compares predicted labels with gold labels over classes, as scikit-learn's
// accuracy_score, precision_recall_fscore_support(labels=classes, zero_division=0) and
// confusion_matrix(labels=classes) do:
//
//   - accuracy is the share of rows with pred == gold (over every row, whatever its labels);
//   - per class, precision = TP/(TP+FP) and recall = TP/(TP+FN), 0 when the denominator is 0 (a
//     class never predicted has precision 0), F1 = 2PR/(P+R) or 0;
//   - macroF1 is the unweighted mean of the per-class F1 over classes, including classes with no
//     gold row;
//   - confusion[i][j] counts rows with gold classes[i] and prediction classes[j]; rows whose gold or
//     prediction is not in classes are left out of the matrix and the per-class counts.
//
// Mismatched lengths or no rows give NaN accuracy and macroF1 (and per-class zeros). Duplicate
// entries in classes count once, at their first position.
func Metrics(gold, pred []string, classes []string) (accuracy, macroF1 float64, perClass []ClassMetrics, confusion [][]int) {
	pos := make(map[string]int, len(classes))
	for i, c := range classes {
		if _, ok := pos[c]; !ok {
			pos[c] = i
		}
	}
	confusion = make([][]int, len(classes))
	for i := range confusion {
		confusion[i] = make([]int, len(classes))
	}
	perClass = make([]ClassMetrics, len(classes))
	for i, c := range classes {
		perClass[i].Class = c
	}
	if len(gold) != len(pred) || len(gold) == 0 {
		return math.NaN(), math.NaN(), perClass, confusion
	}
	correct := 0
	for i := range gold {
		if gold[i] == pred[i] {
			correct++
		}
		g, okg := pos[gold[i]]
		p, okp := pos[pred[i]]
		if okg && okp {
			confusion[g][p]++
		}
		if okg {
			perClass[g].Support++
		}
	}
	accuracy = float64(correct) / float64(len(gold))
	predicted := make([]int, len(classes))
	for _, p := range pred {
		if j, ok := pos[p]; ok {
			predicted[j]++
		}
	}
	sum := 0.0
	for i := range classes {
		if pos[classes[i]] != i { // duplicate: same counts as its first occurrence
			perClass[i] = perClass[pos[classes[i]]]
			sum += perClass[i].F1
			continue
		}
		tp := float64(confusion[i][i])
		cm := &perClass[i]
		cm.Precision = ratio(tp, float64(predicted[i]))
		cm.Recall = ratio(tp, float64(cm.Support))
		if cm.Precision+cm.Recall > 0 {
			cm.F1 = 2 * cm.Precision * cm.Recall / (cm.Precision + cm.Recall)
		}
		sum += cm.F1
	}
	if len(classes) == 0 {
		return accuracy, math.NaN(), perClass, confusion
	}
	return accuracy, sum / float64(len(classes)), perClass, confusion
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Spearman returns Spearman's rank correlation of a and b: the Pearson correlation of their ranks,
// ties getting the average rank (as scipy.stats.spearmanr). It is NaN for mismatched lengths, fewer
// than two values, any NaN value, or a constant input.
func Spearman(a, b []float64) float64 {
	if len(a) != len(b) || len(a) < 2 {
		return math.NaN()
	}
	for i := range a {
		if math.IsNaN(a[i]) || math.IsNaN(b[i]) {
			return math.NaN()
		}
	}
	ra, rb := ranks(a), ranks(b)
	n := float64(len(a))
	ma, mb := (n+1)/2, (n+1)/2 // mean rank is always (n+1)/2
	var sab, saa, sbb float64
	for i := range ra {
		da, db := ra[i]-ma, rb[i]-mb
		sab += da * db
		saa += da * da
		sbb += db * db
	}
	if saa == 0 || sbb == 0 {
		return math.NaN()
	}
	r := sab / math.Sqrt(saa*sbb)
	return math.Max(-1, math.Min(1, r))
}

// ranks returns 1-based ranks with ties averaged.
func ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(x, y int) int {
		switch {
		case v[x] < v[y]:
			return -1
		case v[x] > v[y]:
			return 1
		}
		return 0
	})
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = avg
		}
		i = j + 1
	}
	return r
}
