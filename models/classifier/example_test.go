package classifier_test

import (
	"fmt"
	"strings"

	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/classifier"
)

// words is a tiny featurizer: one feature per vocabulary word, valued by its count.
type words []string

func (w words) Dim() int                 { return len(w) }
func (w words) FeatureName(i int) string { return w[i] }
func (w words) Features(t models.Text) classifier.Vec {
	var v classifier.Vec
	for j, word := range w {
		n := 0
		for _, tok := range t.Tokens {
			if strings.EqualFold(tok.Text, word) {
				n++
			}
		}
		if n > 0 {
			v.Idx = append(v.Idx, j)
			v.Val = append(v.Val, float64(n))
		}
	}
	return v
}

// tokens splits on spaces, keeping byte offsets (the pipeline's tokenizer does this in practice).
func tokens(s string) models.Text {
	t := models.Text{Text: s}
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if i > start {
				t.Tokens = append(t.Tokens, models.Token{Text: s[start:i], Start: start, End: i})
			}
			start = i + 1
		}
	}
	return t
}

func Example() {
	f := words{"sovereignty", "states", "stakeholders", "society", "session", "report"}
	train := map[string][]string{
		models.StateCentric:     {"sovereignty of states", "states and sovereignty", "sovereignty"},
		models.Multistakeholder: {"all stakeholders", "civil society and stakeholders", "society"},
		models.Neutral:          {"next session", "the report", "report to the session"},
	}
	var x []classifier.Vec
	var y []string
	for _, label := range []string{models.StateCentric, models.Multistakeholder, models.Neutral} {
		for _, s := range train[label] {
			x = append(x, f.Features(tokens(s)))
			y = append(y, label)
		}
	}
	m, err := classifier.Train(x, y, f.Dim(), classifier.Options{C: 10, Calibrate: classifier.CalibrateNone})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := classifier.WithFeaturizer(m, f)
	for _, text := range []string{"the sovereignty of states", "stakeholders and civil society", "the session report"} {
		sc := s.Score(tokens(text))
		fmt.Printf("%-32s %-16s %+.2f top=%s@%d\n", text, sc.Label, sc.Score, sc.Evidence[0].Term, sc.Evidence[0].Start)
	}
	// Output:
	// the sovereignty of states        state_centric    +0.94 top=sovereignty@4
	// stakeholders and civil society   multistakeholder -0.98 top=stakeholders@0
	// the session report               neutral          -0.00 top=session@4
}

// Choosing C by cross-validation and estimating the error of that choice honestly: in each outer
// fold, Select runs on the other folds only.
func ExampleNestedCrossValidate() {
	f := words{"sovereignty", "states", "stakeholders", "society", "session", "report"}
	var x []classifier.Vec
	var y []string
	add := func(label string, texts ...string) {
		for _, s := range texts {
			x = append(x, f.Features(tokens(s)))
			y = append(y, label)
		}
	}
	add(models.StateCentric, "sovereignty of states", "states and sovereignty", "sovereignty", "states", "sovereignty of the states", "the report on sovereignty")
	add(models.Multistakeholder, "all stakeholders", "civil society and stakeholders", "society", "stakeholders", "society and stakeholders", "the report of stakeholders")
	add(models.Neutral, "next session", "the report", "report to the session", "session", "report", "the session on states")
	var cands []classifier.Options
	for _, c := range []float64{0.01, 1, 100} {
		cands = append(cands, classifier.Options{C: c, Folds: 2, Seed: 1})
	}
	sel, err := classifier.Select(x, y, f.Dim(), cands)
	if err != nil {
		fmt.Println(err)
		return
	}
	cv, chosen, err := classifier.NestedCrossValidate(x, y, f.Dim(), classifier.Options{Folds: 3, Seed: 1, Calibrate: classifier.CalibrateNone}, cands)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("C chosen on all rows: %g\n", cands[sel.Best].C)
	for f, i := range chosen {
		fmt.Printf("outer fold %d chose C %g\n", f, cands[i].C)
	}
	fmt.Printf("nested macro-F1 %.2f over %d rows\n", cv.MacroF1, len(cv.Predictions))
	// Output:
	// C chosen on all rows: 0.01
	// outer fold 0 chose C 1
	// outer fold 1 chose C 0.01
	// outer fold 2 chose C 0.01
	// nested macro-F1 0.94 over 18 rows
}
