package labels

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
)

// MaxHeldoutJaccard bounds the word-set overlap of any heldout provision with any provision of the
// other labelled sets: the heldout set was written blind to them, after the models were tuned on
// them, and a near copy would carry their tuning into the one evaluation it exists for.
const MaxHeldoutJaccard = 0.4

// TestHeldout checks the heldout set (testdata/labels/heldout*.csv, HELDOUT.md): well-formed,
// every label split=heldout, ids prefixed ho- and apart from the other four sets, no near
// duplicate of their provisions, exactly 100 labels per stance with both magnitudes on each side,
// every project concept at least 10 times, versioned instruments and several styles, and
// HELDOUT.md's citations and counts.
func TestHeldout(t *testing.T) {
	ls, provs, c := readSet(t, "heldout.csv", "heldout_labels.csv")
	s := Summarize(ls)

	t.Run("clean", func(t *testing.T) {
		checkScoresAndSplit(t, "heldout_labels.csv", ls, SplitHeldout, " (scored by the final models, never trained on)")
	})

	t.Run("provisions match labels one to one", func(t *testing.T) {
		oneToOne(t, ls, provs, "heldout_labels.csv", "heldout.csv")
	})

	t.Run("ids", func(t *testing.T) { checkIDs(t, c, "ho-") })

	t.Run("separate from the other sets", func(t *testing.T) {
		cls, cprovs, _ := committed(t)
		sls, sprovs, _ := readSet(t, "supplement.csv", "supplement_labels.csv")
		vls, vprovs, _ := readSet(t, "validation.csv", "validation_labels.csv")
		dls, dprovs, _ := readSet(t, "development.csv", "development_labels.csv")
		if _, err := Merge(Set{"governance_labels.csv", cls}, Set{"supplement_labels.csv", sls}, Set{"validation_labels.csv", vls},
			Set{"development_labels.csv", dls}, Set{"heldout_labels.csv", ls}); err != nil {
			t.Error(err)
		}
		checkNearDuplicates(t, ls, provs, []map[string]corpus.Provision{cprovs, sprovs, vprovs, dprovs}, MaxHeldoutJaccard, "provision of another labelled set")
	})

	t.Run("texts", func(t *testing.T) { checkTexts(t, ls, provs) })

	t.Run("size, balance and concepts", func(t *testing.T) {
		for _, c := range s.Stances {
			if c.Total != 100 || c.Heldout != c.Total {
				t.Errorf("%s: %d labels (%d heldout), want 100, all heldout", c.Stance, c.Total, c.Heldout)
			}
		}
		mags := map[float64]int{}
		for _, l := range ls {
			mags[*l.Score]++
		}
		for _, v := range []float64{1, 0.5, -0.5, -1} {
			if mags[v] < 40 {
				t.Errorf("score %v: %d labels, want at least 40 (both magnitudes on each side)", v, mags[v])
			}
		}
		checkConceptsAndVersions(t, s, c, 30, 8)
	})

	t.Run("styles", func(t *testing.T) {
		checkStyles(t, provs, []style{
			{"treaty or bill article or section", regexp.MustCompile(`^(Article|Section) \d`), 100},
			{"code of conduct", regexp.MustCompile(`^(Subscribing States|Signator(y|ies) )`), 40},
			{"UN or conference resolution", regexp.MustCompile(`^(Calls|Encourages|Invites|Recognizes|Affirms|Expresses|Decides|Stresses|Urges|Requests|Notes|Reaffirms|Welcomes|Emphasizes|Acknowledges)\b`), 20},
			{"national strategy", regexp.MustCompile(`^(The Government|[A-Z][a-z]+ will)\b`), 15},
		})
	})

	t.Run("HELDOUT.md cites existing provisions", func(t *testing.T) {
		checkCitations(t, "HELDOUT.md", "ho-", "heldout.csv", provs, 60)
	})

	t.Run("HELDOUT.md quotes the counts", func(t *testing.T) {
		var b bytes.Buffer
		if err := s.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		checkBlock(t, "HELDOUT.md", "<!-- heldout-counts:begin (written by go test ./models/labels -update) -->\n", "<!-- heldout-counts:end -->", b.Bytes())
	})
}
