package pipeline

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models/labels"
)

var (
	labelledOnce sync.Once
	labelledRes  *Result
	labelledLs   []labels.Label
	labelledErr  error
)

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
			ev, err := Evaluate(r, ls, EvalOptions{Models: tc.models, Splits: tc.splits})
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
	if _, err := Evaluate(r, ls, EvalOptions{Models: []string{"dictionary"}, Splits: []string{"train", "dev"}}); err == nil ||
		!strings.Contains(err.Error(), `unknown split "dev"`) {
		t.Errorf("unknown split: %v", err)
	}
}

// The train rows do not depend on which other splits are computed.
func TestEvaluateSplitsIndependent(t *testing.T) {
	r, ls := labelledSet(t)
	a, err := Evaluate(r, ls, EvalOptions{Models: []string{"dictionary", "classifier"}, Splits: []string{"train"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Evaluate(r, ls, EvalOptions{Models: []string{"dictionary", "classifier"}, Splits: []string{"cv", "train"}})
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
	val, err := Evaluate(r, relabel(labels.SplitValidation), EvalOptions{Models: models, Splits: []string{"train", "cv", "validation"}})
	if err != nil {
		t.Fatal(err)
	}
	held, err := Evaluate(r, relabel(labels.SplitTest), EvalOptions{Models: models, Splits: []string{"train", "cv", "test"}})
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
