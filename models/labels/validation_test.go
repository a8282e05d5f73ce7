package labels

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
)

// MaxValidationJaccard bounds the word-set overlap of any validation provision with any provision
// of the committed set or of the supplement: the validation set is new text, so that a score on it
// says how a model does on provisions it was not tuned on.
const MaxValidationJaccard = 0.4

// TestValidation checks the validation set (testdata/labels/validation*.csv): well-formed, every
// label split=validation, ids apart from the other sets, no near duplicate of a committed or
// supplementary provision, exactly balanced, every concept, several styles, the README's counts.
func TestValidation(t *testing.T) {
	ls, provs, c := readSet(t, "validation.csv", "validation_labels.csv")
	cls, cprovs, _ := committed(t)
	sls, sprovs, _ := readSet(t, "supplement.csv", "supplement_labels.csv")
	s := Summarize(ls)

	t.Run("clean", func(t *testing.T) {
		checkScoresAndSplit(t, "validation_labels.csv", ls, SplitValidation, "")
	})

	t.Run("provisions match labels one to one", func(t *testing.T) {
		oneToOne(t, ls, provs, "validation_labels.csv", "validation.csv")
	})

	t.Run("separate from the other sets", func(t *testing.T) {
		if _, err := Merge(Set{"governance_labels.csv", cls}, Set{"supplement_labels.csv", sls}, Set{"validation_labels.csv", ls}); err != nil {
			t.Error(err)
		}
		for _, d := range c.Documents {
			if !strings.HasPrefix(d.ID, "val-") || !strings.HasPrefix(d.Instrument, "val-") {
				t.Errorf("document %s (instrument %s): want ids starting with val-", d.ID, d.Instrument)
			}
		}
	})

	t.Run("no near duplicate of a committed or supplementary provision", func(t *testing.T) {
		checkNearDuplicates(t, ls, provs, []map[string]corpus.Provision{cprovs, sprovs}, MaxValidationJaccard, "committed or supplementary provision")
	})

	t.Run("texts", func(t *testing.T) { checkTexts(t, ls, provs) })

	t.Run("size, balance and concepts", func(t *testing.T) {
		if s.Total < 240 {
			t.Errorf("%d labels, want at least 240", s.Total)
		}
		for _, c := range s.Stances {
			if c.Total != s.Total/3 || c.Validation != c.Total {
				t.Errorf("%s: %d labels (%d validation), want %d, all validation (even classes)", c.Stance, c.Total, c.Validation, s.Total/3)
			}
		}
		checkConceptsAndVersions(t, s, c, 20, 5)
	})

	t.Run("styles", func(t *testing.T) {
		checkStyles(t, provs, []style{
			{"treaty article or section", regexp.MustCompile(`^(Article|Section) \d`), 40},
			{"numbered paragraph of a decree or order", regexp.MustCompile(`^\d+\. `), 8},
			{"UN or conference resolution", regexp.MustCompile(`^[A-Z][a-z]+(s|ing)\b.*[,;]$`), 30},
			{"national strategy or doctrine", regexp.MustCompile(`^(The Government|The State|We will)`), 30},
			{"code of conduct", regexp.MustCompile(`^(To|Not to) [a-z]`), 15},
		})
	})

	t.Run("README cites existing provisions", func(t *testing.T) {
		checkCitations(t, "README.md", "val-", "validation.csv", provs, 20)
	})

	t.Run("README quotes the counts", func(t *testing.T) {
		var b bytes.Buffer
		if err := s.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		checkBlock(t, "README.md", "<!-- validation-counts:begin (written by go test ./models/labels -update) -->\n", "<!-- validation-counts:end -->", b.Bytes())
	})
}
