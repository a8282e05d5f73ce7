package pipeline

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/labels"
)

var (
	labelledOnce sync.Once
	labelledRes  *Result
	labelledLs   []labels.Label
	labelledErr  error
)

// wordsOnly turns the classifier's char n-gram block off in the tests of split mechanics, which do
// not depend on the features (the block makes each classifier fit several times slower; the refit
// tests and classify_test.go run with it).
var wordsOnly = new(bool)

// labelledSet runs the pipeline once on the committed labelled set (testdata/labels).
func labelledSet(t *testing.T) (*Result, []labels.Label) {
	t.Helper()
	labelledOnce.Do(func() {
		dir := filepath.Join("..", "testdata", "labels")
		c, err := corpus.Load(filepath.Join(dir, "governance.csv"))
		if err != nil {
			labelledErr = err
			return
		}
		if labelledLs, err = labels.ReadFile(filepath.Join(dir, "governance_labels.csv")); err != nil {
			labelledErr = err
			return
		}
		labelledRes, labelledErr = Run(context.Background(), c, Options{Workers: 2,
			Stance: StanceOptions{Models: []string{"dictionary"}}})
	})
	if labelledErr != nil {
		t.Fatal(labelledErr)
	}
	return labelledRes, labelledLs
}

// --splits computes only the splits asked for. The rows' split names and counts are checked, not
// their metrics: these tests never look at the test split's numbers.
func TestEvaluateSplits(t *testing.T) {
	r, ls := labelledSet(t)
	nTrain := len(labels.Filter(ls, labels.SplitTrain))
	tests := []struct {
		name   string
		models []string
		splits []string
		want   []string // model/split of every row, in order
	}{
		{"train and cv", []string{"dictionary", "classifier"}, []string{"train", "cv"},
			[]string{"classifier/cv", "classifier/train", "dictionary/train"}},
		{"cv only", []string{"classifier"}, []string{"cv"}, []string{"classifier/cv"}},
		{"train only, no cv", []string{"classifier", "dictionary"}, []string{"train"},
			[]string{"classifier/train", "dictionary/train"}},
		{"cv asked of a model without one", []string{"dictionary"}, []string{"cv"}, nil},
		{"all: the labels have none", []string{"dictionary"}, []string{"all"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := Evaluate(context.Background(), r, ls, EvalOptions{Models: tc.models, Splits: tc.splits, ClassifierCharNGrams: wordsOnly})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, row := range ev.Rows {
				got = append(got, row.Model+"/"+row.Split)
				if row.N != nTrain {
					t.Errorf("%s/%s: n %d, want the %d train labels", row.Model, row.Split, row.N, nTrain)
				}
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("rows %v, want %v", got, tc.want)
			}
			if len(ev.Confusion) != 9*len(tc.want) {
				t.Errorf("%d confusion rows, want %d", len(ev.Confusion), 9*len(tc.want))
			}
			for _, c := range ev.Confusion {
				if c.Split == labels.SplitTest {
					t.Errorf("confusion row of the test split: %+v", c)
				}
			}
		})
	}
	if _, err := Evaluate(context.Background(), r, ls, EvalOptions{Models: []string{"dictionary"}, Splits: []string{"train", "dev"}}); err == nil ||
		!strings.Contains(err.Error(), `unknown split "dev"`) {
		t.Errorf("unknown split: %v", err)
	}
}

// The train rows do not depend on which other splits are computed.
func TestEvaluateSplitsIndependent(t *testing.T) {
	r, ls := labelledSet(t)
	a, err := Evaluate(context.Background(), r, ls, EvalOptions{Models: []string{"dictionary", "classifier"}, Splits: []string{"train"}, ClassifierCharNGrams: wordsOnly})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Evaluate(context.Background(), r, ls, EvalOptions{Models: []string{"dictionary", "classifier"}, Splits: []string{"cv", "train"}, ClassifierCharNGrams: wordsOnly})
	if err != nil {
		t.Fatal(err)
	}
	var bTrain []any
	for _, row := range b.Rows {
		if row.Split == labels.SplitTrain {
			bTrain = append(bTrain, row)
		}
	}
	if len(a.Rows) != 2 || len(bTrain) != 2 || a.Rows[0] != bTrain[0] || a.Rows[1] != bTrain[1] {
		t.Errorf("train rows differ with and without cv:\n%+v\n%+v", a.Rows, bTrain)
	}
}

// Split validation is held out exactly like test: no model trains on it, --splits accepts it,
// and the cv split runs on the train labels only. Built from the committed set's train labels
// alone (a quarter of them relabelled), so the test split is not scored here either.
func TestEvaluateValidationSplit(t *testing.T) {
	r, all := labelledSet(t)
	train := labels.Filter(all, labels.SplitTrain)
	relabel := func(split string) []labels.Label {
		ls := append([]labels.Label(nil), train...)
		for i := range ls {
			if i%4 == 0 {
				ls[i].Split = split
			}
		}
		return ls
	}
	nHeld := (len(train) + 3) / 4
	models := []string{"dictionary", "wordscores", "classifier"}
	val, err := Evaluate(context.Background(), r, relabel(labels.SplitValidation), EvalOptions{Models: models, Splits: []string{"train", "cv", "validation"}, ClassifierCharNGrams: wordsOnly})
	if err != nil {
		t.Fatal(err)
	}
	held, err := Evaluate(context.Background(), r, relabel(labels.SplitTest), EvalOptions{Models: models, Splits: []string{"train", "cv", "test"}, ClassifierCharNGrams: wordsOnly})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, row := range val.Rows {
		got = append(got, row.Model+"/"+row.Split)
		want := len(train) - nHeld
		if row.Split == labels.SplitValidation {
			want = nHeld
		}
		if row.N != want {
			t.Errorf("%s/%s: n %d, want %d", row.Model, row.Split, row.N, want)
		}
	}
	if want := "classifier/cv classifier/train classifier/validation dictionary/train dictionary/validation wordscores/train wordscores/validation"; strings.Join(got, " ") != want {
		t.Errorf("rows %v, want %s", got, want)
	}
	if len(val.Rows) != len(held.Rows) {
		t.Fatalf("%d rows with validation, %d with the same labels held out as test", len(val.Rows), len(held.Rows))
	}
	for i := range val.Rows {
		a, b := val.Rows[i], held.Rows[i]
		if b.Split == labels.SplitTest {
			b.Split = labels.SplitValidation
		}
		if a != b {
			t.Errorf("validation and test hold out differently:\n%+v\n%+v", a, b)
		}
	}
}

// Which rows each fit uses (relabelledTrain: a train/validation/test split drawn from the committed
// set's train provisions, so the committed test split is never scored): the train and validation
// splits are scored by fits on the train split only, the test split by fits on train +
// validation; the nested cv stays on the train split.
func TestEvaluateRefit(t *testing.T) {
	r, ls := relabelledTrain(t)
	ids := func(split string) []string {
		var out []string
		for _, doc := range r.modelTexts() {
			for _, tx := range doc {
				for _, l := range ls {
					if l.ProvisionID == tx.ID && (split == "" && labels.TrainsFinal(l.Split) || l.Split == split) {
						out = append(out, tx.ID)
					}
				}
			}
		}
		return out
	}
	trainIDs, finalIDs := ids(labels.SplitTrain), ids("")
	withScore := func(want []string) []string { // Wordscores' references: labels with a gold score
		score := map[string]bool{}
		for _, l := range ls {
			score[l.ProvisionID] = l.Score != nil
		}
		return slices.DeleteFunc(slices.Clone(want), func(id string) bool { return !score[id] })
	}
	on := true
	ev, err := Evaluate(context.Background(), r, ls, EvalOptions{Models: []string{"wordscores", "classifier"}, ClassifierCharNGrams: &on})
	if err != nil {
		t.Fatal(err)
	}
	var fits []string
	for _, f := range ev.Fits {
		fits = append(fits, f.String())
	}
	want := []string{
		fmt.Sprintf("wordscores: train, validation fitted on train (%d provisions)", len(withScore(trainIDs))),
		fmt.Sprintf("wordscores: test fitted on train + validation (%d provisions)", len(withScore(finalIDs))),
		fmt.Sprintf("classifier: cv fitted on train (%d provisions)", len(trainIDs)),
		fmt.Sprintf("classifier: train, validation fitted on train (%d provisions)", len(trainIDs)),
		fmt.Sprintf("classifier: test fitted on train + validation (%d provisions)", len(finalIDs)),
	}
	if !slices.Equal(fits, want) {
		t.Fatalf("fits\n%s\nwant\n%s", strings.Join(fits, "\n"), strings.Join(want, "\n"))
	}
	for _, tc := range []struct {
		name string
		fit  EvalFit
		want []string
	}{
		{"wordscores' validation model has no validation row", ev.Fits[0], withScore(trainIDs)},
		{"wordscores' test model has every train and validation row", ev.Fits[1], withScore(finalIDs)},
		{"the nested cv stays on the train split", ev.Fits[2], trainIDs},
		{"the classifier's validation model has no validation row", ev.Fits[3], trainIDs},
		{"the classifier's test model has every train and validation row", ev.Fits[4], finalIDs},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !slices.Equal(tc.fit.IDs, tc.want) {
				t.Errorf("%s: fitted on %d provisions, want %d", tc.fit, len(tc.fit.IDs), len(tc.want))
			}
		})
	}

	// The predictions behind the rows: the validation model does not see validation gold (rotating
	// those labels leaves the validation predictions as they are), the test model does (dropping
	// the validation labels changes the test predictions).
	predicted := func(ev *Evaluation, model, split string) map[string]int {
		out := map[string]int{}
		for _, c := range ev.Confusion {
			if c.Model == model && c.Split == split {
				out[c.Predicted] += c.N
			}
		}
		return out
	}
	rotated := slices.Clone(ls)
	next := map[string]string{models.StateCentric: models.Multistakeholder, models.Multistakeholder: models.Neutral, models.Neutral: models.StateCentric}
	for i := range rotated {
		if rotated[i].Split == labels.SplitValidation {
			rotated[i].Stance = next[rotated[i].Stance]
			if s := rotated[i].Score; s != nil {
				v := -*s
				rotated[i].Score = &v
			}
		}
	}
	noVal := slices.DeleteFunc(slices.Clone(ls), func(l labels.Label) bool { return l.Split == labels.SplitValidation })
	for _, model := range []string{"wordscores", "classifier"} {
		evRot, err := Evaluate(context.Background(), r, rotated, EvalOptions{Models: []string{model}, ClassifierCharNGrams: &on, Splits: []string{"validation", "test"}})
		if err != nil {
			t.Fatal(err)
		}
		evNoVal, err := Evaluate(context.Background(), r, noVal, EvalOptions{Models: []string{model}, ClassifierCharNGrams: &on, Splits: []string{"test"}})
		if err != nil {
			t.Fatal(err)
		}
		t.Run(model+": validation gold does not reach the validation predictions", func(t *testing.T) {
			a, b := predicted(ev, model, labels.SplitValidation), predicted(evRot, model, labels.SplitValidation)
			if !maps.Equal(a, b) {
				t.Errorf("validation predictions moved with the validation labels: %v -> %v", a, b)
			}
		})
		t.Run(model+": validation gold reaches the test predictions", func(t *testing.T) {
			if a, b := predicted(ev, model, labels.SplitTest), predicted(evNoVal, model, labels.SplitTest); maps.Equal(a, b) {
				t.Errorf("test predictions the same with and without the validation labels: %v", a)
			}
		})
	}
}

// Without validation labels there is one fit, used for every split, test included.
func TestEvaluateRefitNoValidation(t *testing.T) {
	r, ls := relabelledTrain(t)
	ls = slices.DeleteFunc(slices.Clone(ls), func(l labels.Label) bool { return l.Split == labels.SplitValidation })
	ev, err := Evaluate(context.Background(), r, ls, EvalOptions{Models: []string{"classifier"}, Splits: []string{"train", "test"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Fits) != 1 || strings.Join(ev.Fits[0].Scored, ",") != "train,test" || strings.Join(ev.Fits[0].On, ",") != "train" {
		t.Errorf("fits %v, want one on train scoring train and test", ev.Fits)
	}
}

// A heldout split is scored like test, by the final fit (train + validation), and never trained
// on: relabelling half of the test provisions heldout gives one final fit that scores both, on the
// same provisions as before, and the two splits' rows together hold the test split's predictions.
func TestEvaluateHeldout(t *testing.T) {
	r, ls := relabelledTrain(t)
	held := slices.Clone(ls)
	n := 0
	for i := range held {
		if held[i].Split == labels.SplitTest {
			if n%2 == 0 {
				held[i].Split = labels.SplitHeldout
			}
			n++
		}
	}
	opt := EvalOptions{Models: []string{"wordscores", "classifier"}, ClassifierCharNGrams: wordsOnly, Splits: []string{"validation", "test", "heldout"}}
	before, err := Evaluate(context.Background(), r, ls, opt)
	if err != nil {
		t.Fatal(err)
	}
	after, err := Evaluate(context.Background(), r, held, opt)
	if err != nil {
		t.Fatal(err)
	}
	var fits []string
	for i, f := range after.Fits {
		fits = append(fits, f.String())
		if b := before.Fits[i]; !slices.Equal(f.IDs, b.IDs) {
			t.Errorf("%s: fitted on %d provisions, with no heldout split on %d", f, len(f.IDs), len(b.IDs))
		}
	}
	for _, want := range []string{"wordscores: test, heldout fitted on train + validation", "classifier: test, heldout fitted on train + validation"} {
		if !slices.ContainsFunc(fits, func(f string) bool { return strings.HasPrefix(f, want) }) {
			t.Errorf("fits %q: none starts %q", fits, want)
		}
	}
	cells := func(ev *Evaluation, model string, splits ...string) map[[2]string]int {
		out := map[[2]string]int{}
		for _, c := range ev.Confusion {
			if c.Model == model && slices.Contains(splits, c.Split) {
				out[[2]string{c.Gold, c.Predicted}] += c.N
			}
		}
		return out
	}
	for _, model := range []string{"wordscores", "classifier"} {
		t.Run(model, func(t *testing.T) {
			a, b := cells(before, model, "test"), cells(after, model, "test", "heldout")
			if !maps.Equal(a, b) {
				t.Errorf("test + heldout confusion %v, want the test split's %v", b, a)
			}
			if len(cells(after, model, "heldout")) == 0 {
				t.Error("no heldout row")
			}
		})
	}
}
