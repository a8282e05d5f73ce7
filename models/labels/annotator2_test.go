package labels

import (
	"bytes"
	"path/filepath"
	"testing"
)

// secondAnnotation is one second, blind labelling of a held-out split: the file, the gold labels
// it is compared with and the README block that quotes the agreement.
type secondAnnotation struct {
	// file is the second annotator's labels file in testdata/labels.
	file string
	// split is the split it labels, every provision of it and no other.
	split string
	// goldFile names the gold labels file, for messages; gold reads it.
	goldFile string
	gold     func(t *testing.T) []Label
	// block is the name of the README block (<!-- block:begin ... --> ... <!-- block:end -->).
	block string
}

// secondAnnotations lists the second labellings checked by TestSecondAnnotator: the test split of
// the committed set (README "Second annotator (test split)") and the heldout set (README "Second
// annotator (heldout set)").
var secondAnnotations = []secondAnnotation{
	{
		file:     "annotator2_test_labels.csv",
		split:    SplitTest,
		goldFile: "governance_labels.csv",
		gold: func(t *testing.T) []Label {
			gold, _, _ := committed(t)
			return gold
		},
		block: "agreement",
	},
	{
		file:     "annotator2_heldout_labels.csv",
		split:    SplitHeldout,
		goldFile: "heldout_labels.csv",
		gold: func(t *testing.T) []Label {
			gold, err := ReadFile(filepath.Join(dataDir, "heldout_labels.csv"))
			if err != nil {
				t.Fatal(err)
			}
			return gold
		},
		block: "heldout-agreement",
	},
}

// TestSecondAnnotator checks each second annotator's labels (secondAnnotations) and pins their
// agreement with the gold labels: the README's agreement block is Agree's WriteMarkdown, so a
// change to either file that moves a number fails here (regenerate with go test ./models/labels
// -run TestSecondAnnotator -update, and say why in the README).
func TestSecondAnnotator(t *testing.T) {
	for _, sa := range secondAnnotations {
		t.Run(sa.file, func(t *testing.T) { checkSecondAnnotation(t, sa) })
	}
}

// checkSecondAnnotation checks one second labelling: a clean file (stance and a score on the
// scale, no concepts, sa.split on every row, sorted by provision_id), exactly the provisions of
// sa.split in the gold labels, and the README block quoting the agreement.
func checkSecondAnnotation(t *testing.T, sa secondAnnotation) {
	gold := sa.gold(t)
	second, err := ReadFile(filepath.Join(dataDir, sa.file))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("clean", func(t *testing.T) {
		for _, w := range Check(sa.file, second) {
			t.Errorf("%v", w)
		}
		for _, l := range second {
			if l.Split != sa.split || l.Concepts != nil || l.Score == nil {
				t.Errorf("%s:%d: %s: split %q, concepts %v, score %v; want %s, none, a score", sa.file, l.Line, l.ProvisionID, l.Split, l.Concepts, l.Score, sa.split)
				continue
			}
			switch *l.Score {
			case -1, -0.5, 0, 0.5, 1:
			default:
				t.Errorf("%s:%d: %s: score %v, want one of -1, -0.5, 0, 0.5, 1", sa.file, l.Line, l.ProvisionID, *l.Score)
			}
		}
		for i := 1; i < len(second); i++ {
			if second[i-1].ProvisionID >= second[i].ProvisionID {
				t.Errorf("%s:%d: %s is not after %s: want rows sorted by provision_id", sa.file, second[i].Line, second[i].ProvisionID, second[i-1].ProvisionID)
			}
		}
	})

	g, err := Agree(gold, second, sa.split)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("labels exactly the "+sa.split+" split", func(t *testing.T) {
		if n := len(Filter(gold, sa.split)); g.N != n || g.OnlyA != 0 || g.OnlyB != 0 || g.N != len(second) {
			t.Errorf("%d shared, %d only in %s's %s split, %d only in %s; want all %d %s provisions, no others",
				g.N, g.OnlyA, sa.goldFile, sa.split, g.OnlyB, sa.file, n, sa.split)
		}
	})

	t.Run("README quotes the agreement", func(t *testing.T) {
		var b bytes.Buffer
		if err := g.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		checkBlock(t, "README.md", "<!-- "+sa.block+":begin (written by go test ./models/labels -update) -->\n", "<!-- "+sa.block+":end -->", b.Bytes())
	})
}
