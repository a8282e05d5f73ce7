package labels

import (
	"bytes"
	"path/filepath"
	"testing"
)

// TestSecondAnnotator checks the second annotator's labels of the test split
// (annotator2_test_labels.csv) and pins their agreement with the committed labels: the README's
// agreement block is Agree's WriteMarkdown, so a change to either file that moves a number fails
// here (regenerate with go test ./models/labels -run TestSecondAnnotator -update, and say why in
// the README).
func TestSecondAnnotator(t *testing.T) {
	const file = "annotator2_test_labels.csv"
	gold, _, _ := committed(t)
	second, err := ReadFile(filepath.Join(dataDir, file))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("clean", func(t *testing.T) {
		for _, w := range Check(file, second) {
			t.Errorf("%v", w)
		}
		for _, l := range second {
			if l.Split != SplitTest || l.Concepts != nil || l.Score == nil {
				t.Errorf("%s:%d: %s: split %q, concepts %v, score %v; want test, none, a score", file, l.Line, l.ProvisionID, l.Split, l.Concepts, l.Score)
				continue
			}
			switch *l.Score {
			case -1, -0.5, 0, 0.5, 1:
			default:
				t.Errorf("%s:%d: %s: score %v, want one of -1, -0.5, 0, 0.5, 1", file, l.Line, l.ProvisionID, *l.Score)
			}
		}
		for i := 1; i < len(second); i++ {
			if second[i-1].ProvisionID >= second[i].ProvisionID {
				t.Errorf("%s:%d: %s is not after %s: want rows sorted by provision_id", file, second[i].Line, second[i].ProvisionID, second[i-1].ProvisionID)
			}
		}
	})

	g, err := Agree(gold, second, SplitTest)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("labels exactly the test split", func(t *testing.T) {
		if test := len(Filter(gold, SplitTest)); g.N != test || g.OnlyA != 0 || g.OnlyB != 0 || g.N != len(second) {
			t.Errorf("%d shared, %d only in governance_labels.csv's test split, %d only in %s; want all %d test provisions, no others",
				g.N, g.OnlyA, g.OnlyB, file, test)
		}
	})

	t.Run("README quotes the agreement", func(t *testing.T) {
		var b bytes.Buffer
		if err := g.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		checkBlock(t, "README.md", "<!-- agreement:begin (written by go test ./models/labels -update) -->\n", "<!-- agreement:end -->", b.Bytes())
	})
}
