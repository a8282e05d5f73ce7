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
