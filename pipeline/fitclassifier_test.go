package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/classifier"
	"github.com/stanceshift/stanceshift/models/dictionary"
	"github.com/stanceshift/stanceshift/models/labels"
)

// FitClassifier and ClassifierScorer, as another engine uses them (fit once, the model saved
// and loaded again where it scores), give the classifier scores Run gives: one provision's
// scores in every document of the supplement table, on a subset of its train labels (every
// third: the fit is the test's cost).
func TestFitClassifierEqualsRun(t *testing.T) {
	dir := filepath.Join("..", "testdata", "labels")
	c, err := corpus.Load(filepath.Join(dir, "supplement.csv"))
	if err != nil {
		t.Fatal(err)
	}
	all, err := labels.ReadFile(filepath.Join(dir, "supplement_labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var ls []labels.Label
	for i, l := range all {
		if i%3 == 0 {
			ls = append(ls, l)
		}
	}
	ctx := context.Background()
	opt := StanceOptions{Labels: ls, Models: []string{models.NameClassifier}}
	res, err := Run(ctx, c, Options{Workers: 2, Stance: opt})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Scores) != 1 || res.Scores[0].Name != models.NameClassifier {
		t.Fatalf("scores of %d models, want the classifier's", len(res.Scores))
	}
	named := map[string]bool{}
	for _, l := range ls {
		named[l.ProvisionID] = true
	}
	var texts []models.Text
	for _, d := range res.Docs {
		for _, tx := range DocTexts(d) {
			if named[tx.ID] {
				texts = append(texts, tx)
			}
		}
	}
	dict := dictionary.Default()
	tf, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	m, err := FitClassifier(ctx, res.Vocabulary, tf, dict, opt, texts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	loaded, err := classifier.Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	s := ClassifierScorer(loaded, res.Vocabulary, tf, dict, opt)
	for d, doc := range res.Docs {
		prov, whole := ScoreTexts(s, DocTexts(doc))
		// printed, not reflect.DeepEqual: the classifier's SE is NaN
		if fmt.Sprintf("%+v %+v", prov, whole) != fmt.Sprintf("%+v %+v", res.Scores[0].Prov[d], res.Scores[0].Doc[d]) {
			t.Fatalf("document %s: scores\n%+v %+v\nRun's\n%+v %+v", doc.Doc.ID, prov, whole, res.Scores[0].Prov[d], res.Scores[0].Doc[d])
		}
	}
}
