package labels

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
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
		for _, w := range Check("validation_labels.csv", ls) {
			t.Errorf("%v", w)
		}
		for _, l := range ls {
			if l.Score == nil {
				t.Errorf("%s: no score", l.ProvisionID)
				continue
			}
			switch *l.Score {
			case -1, -0.5, 0, 0.5, 1:
			default:
				t.Errorf("%s: score %v, want one of -1, -0.5, 0, 0.5, 1", l.ProvisionID, *l.Score)
			}
			if l.Split != SplitValidation {
				t.Errorf("validation_labels.csv:%d: %s has split %q, want validation", l.Line, l.ProvisionID, l.Split)
			}
		}
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
		var others []map[string]bool
		for _, p := range cprovs {
			others = append(others, wordSet(p.Text))
		}
		for _, p := range sprovs {
			others = append(others, wordSet(p.Text))
		}
		var best []float64
		for _, l := range ls {
			ws := wordSet(provs[l.ProvisionID].Text)
			m := 0.0
			for _, o := range others {
				m = math.Max(m, jaccard(ws, o))
			}
			best = append(best, m)
			if m >= MaxValidationJaccard {
				t.Errorf("%s: word-set Jaccard %.3f with a committed or supplementary provision, want < %.1f", l.ProvisionID, m, MaxValidationJaccard)
			}
		}
		sort.Float64s(best)
		t.Logf("closest other provision, word-set Jaccard: median %.3f, max %.3f", best[len(best)/2], best[len(best)-1])
	})

	t.Run("texts", func(t *testing.T) {
		seen := map[string]string{}
		for _, l := range ls {
			w := words(provs[l.ProvisionID].Text)
			if len(w) < 10 || len(w) > 120 {
				t.Errorf("%s: %d words, want 10-120", l.ProvisionID, len(w))
			}
			key := strings.Join(w, " ")
			if other, dup := seen[key]; dup {
				t.Errorf("%s repeats the text of %s", l.ProvisionID, other)
			}
			seen[key] = l.ProvisionID
		}
	})

	t.Run("size, balance and concepts", func(t *testing.T) {
		if s.Total < 240 {
			t.Errorf("%d labels, want at least 240", s.Total)
		}
		for _, c := range s.Stances {
			if c.Total != s.Total/3 || c.Validation != c.Total {
				t.Errorf("%s: %d labels (%d validation), want %d, all validation (even classes)", c.Stance, c.Total, c.Validation, s.Total/3)
			}
		}
		for _, cc := range s.Concepts {
			if !cc.Known {
				t.Errorf("concept %q is not a project concept id", cc.Concept)
			} else if cc.Count < 10 {
				t.Errorf("concept %s appears %d times, want at least 10", cc.Concept, cc.Count)
			}
		}
		inst := map[string]int{}
		for _, d := range c.Documents {
			inst[d.Instrument]++
		}
		multi := 0
		for _, n := range inst {
			if n > 1 {
				multi++
			}
		}
		t.Logf("%d documents, %d instruments, %d with several versions", len(c.Documents), len(inst), multi)
		if len(c.Documents) < 20 || multi < 5 {
			t.Errorf("want at least 20 documents and 5 instruments with several versions")
		}
	})

	t.Run("styles", func(t *testing.T) {
		styles := []struct {
			name string
			re   *regexp.Regexp
			min  int
		}{
			{"treaty article or section", regexp.MustCompile(`^(Article|Section) \d`), 40},
			{"numbered paragraph of a decree or order", regexp.MustCompile(`^\d+\. `), 8},
			{"UN or conference resolution", regexp.MustCompile(`^[A-Z][a-z]+(s|ing)\b.*[,;]$`), 30},
			{"national strategy or doctrine", regexp.MustCompile(`^(The Government|The State|We will)`), 30},
			{"code of conduct", regexp.MustCompile(`^(To|Not to) [a-z]`), 15},
		}
		for _, st := range styles {
			n := 0
			for _, p := range provs {
				if st.re.MatchString(p.Text) {
					n++
				}
			}
			t.Logf("%-40s %3d provisions", st.name, n)
			if n < st.min {
				t.Errorf("style %q: %d provisions, want at least %d", st.name, n, st.min)
			}
		}
	})

	t.Run("README cites existing provisions", func(t *testing.T) {
		readme, err := os.ReadFile(filepath.Join(dataDir, "README.md"))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range regexp.MustCompile("`(val-[a-z0-9-]+:[A-Za-z0-9]+)`").FindAllStringSubmatch(string(readme), -1) {
			n++
			if _, ok := provs[m[1]]; !ok {
				t.Errorf("README cites %s, which is not in validation.csv", m[1])
			}
		}
		if n < 20 {
			t.Errorf("README cites %d validation provisions, want the hard cases listed", n)
		}
	})

	t.Run("README quotes the counts", func(t *testing.T) {
		var b bytes.Buffer
		if err := s.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		checkBlock(t, "<!-- validation-counts:begin (written by go test ./models/labels -update) -->\n", "<!-- validation-counts:end -->", b.Bytes())
	})
}
