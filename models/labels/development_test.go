package labels

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
)

// MaxDevelopmentJaccard bounds the word-set overlap of any development provision with any
// provision of the committed set, the supplement or the validation set: the development set is
// new text, written without reading those sets, and a near copy would let their tuning leak in.
const MaxDevelopmentJaccard = 0.4

// TestDevelopment checks the development set (testdata/labels/development*.csv), written blind to
// the dictionary and to the other labelled sets: well-formed, every label split=validation, ids
// prefixed dev- and apart from the other sets, no near duplicate of their provisions, at least 50
// labels per stance and classes within 10% of each other, every project concept at least 10 times
// and no other, several versioned instruments and styles, and the README's citations and counts.
func TestDevelopment(t *testing.T) {
	ls, provs, c := readSet(t, "development.csv", "development_labels.csv")
	s := Summarize(ls)

	t.Run("clean", func(t *testing.T) {
		checkScoresAndSplit(t, "development_labels.csv", ls, SplitValidation, " (the labels format has no development split; test stays the lead's)")
	})

	t.Run("provisions match labels one to one", func(t *testing.T) {
		oneToOne(t, ls, provs, "development_labels.csv", "development.csv")
	})

	t.Run("ids", func(t *testing.T) { checkIDs(t, c, "dev-") })

	t.Run("separate from the other sets", func(t *testing.T) {
		cls, cprovs, _ := committed(t)
		sls, sprovs, _ := readSet(t, "supplement.csv", "supplement_labels.csv")
		vls, vprovs, _ := readSet(t, "validation.csv", "validation_labels.csv")
		if _, err := Merge(Set{"governance_labels.csv", cls}, Set{"supplement_labels.csv", sls}, Set{"validation_labels.csv", vls}, Set{"development_labels.csv", ls}); err != nil {
			t.Error(err)
		}
		checkNearDuplicates(t, ls, provs, []map[string]corpus.Provision{cprovs, sprovs, vprovs}, MaxDevelopmentJaccard, "committed, supplementary or validation provision")
	})

	t.Run("texts", func(t *testing.T) { checkTexts(t, ls, provs) })

	t.Run("size, balance and concepts", func(t *testing.T) {
		if s.Total < 150 {
			t.Errorf("%d labels, want at least 150", s.Total)
		}
		lo, hi := s.Total, 0
		for _, c := range s.Stances {
			t.Logf("%-16s %3d labels", c.Stance, c.Total)
			if c.Total < 50 || c.Validation != c.Total {
				t.Errorf("%s: %d labels (%d validation), want at least 50, all validation", c.Stance, c.Total, c.Validation)
			}
			lo, hi = min(lo, c.Total), max(hi, c.Total)
		}
		if float64(hi) > 1.1*float64(lo) {
			t.Errorf("class counts range from %d to %d: more than 10%% apart", lo, hi)
		}
		seen := map[string]bool{}
		for _, cc := range s.Concepts {
			seen[cc.Concept] = true
		}
		for _, id := range ConceptIDs {
			if !seen[id] {
				t.Errorf("concept %s is never used", id)
			}
		}
		checkConceptsAndVersions(t, s, c, 20, 10)
	})

	t.Run("styles", func(t *testing.T) {
		checkStyles(t, provs, []style{
			{"treaty article or bill section", regexp.MustCompile(`^(Article|Section) \d`), 30},
			{"numbered paragraph of a report or principles", regexp.MustCompile(`^\d+\. `), 10},
			{"UN or conference resolution", regexp.MustCompile(`^[A-Z][a-z]+(s|ing)\b.*[,;]$`), 20},
			{"national strategy or doctrine", regexp.MustCompile(`^(The Government|The State|We will)`), 15},
			{"code of conduct", regexp.MustCompile(`^(To|Not to) [a-z]`), 20},
			{"statement, declaration or submission", regexp.MustCompile(`^(We,|The Ministers|We (accept|affirm|agree|ask|believe|call|caution|commit|condemn|express|insist|note|observe|oppose|point|recall|recognise|recommend|reject|stress|support|urge|welcome)) `), 20},
		})
	})

	t.Run("README cites existing provisions", func(t *testing.T) {
		checkCitations(t, "README.md", "dev-", "development.csv", provs, 20)
	})

	t.Run("README quotes the counts", func(t *testing.T) {
		var b bytes.Buffer
		if err := s.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		checkBlock(t, "README.md", "<!-- development-counts:begin (written by go test ./models/labels -update) -->\n", "<!-- development-counts:end -->", b.Bytes())
	})
}
