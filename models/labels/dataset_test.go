package labels

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
)

var update = flag.Bool("update", false, "rewrite the counts block of testdata/labels/README.md")

const dataDir = "../../testdata/labels"

var wordRE = regexp.MustCompile(`[\p{L}\p{N}]+`)

func words(s string) []string { return wordRE.FindAllString(strings.ToLower(s), -1) }

// committed reads the committed labelled set and its provisions table.
func committed(t testing.TB) ([]Label, map[string]corpus.Provision, *corpus.Corpus) {
	t.Helper()
	return readSet(t, "governance.csv", "governance_labels.csv")
}

func TestCommittedSet(t *testing.T) {
	ls, provs, c := committed(t)
	s := Summarize(ls)

	t.Run("clean", func(t *testing.T) {
		checkScores(t, "governance_labels.csv", ls)
	})

	t.Run("provisions match labels one to one", func(t *testing.T) {
		oneToOne(t, ls, provs, "governance_labels.csv", "governance.csv")
	})

	t.Run("documents", func(t *testing.T) {
		inst := map[string]int{}
		for _, d := range c.Documents {
			if d.Instrument == d.ID || d.Version == "" {
				t.Errorf("document %s: instrument %q, version %q: want both set", d.ID, d.Instrument, d.Version)
			}
			inst[d.Instrument]++
		}
		multi := 0
		for _, n := range inst {
			if n > 1 {
				multi++
			}
		}
		t.Logf("%d documents, %d instruments, %d with more than one version", len(c.Documents), len(inst), multi)
		if len(c.Documents) < 20 || len(inst) < 12 || multi < 8 {
			t.Errorf("want at least 20 documents, 12 instruments and 8 instruments with several versions")
		}
	})

	t.Run("class balance", func(t *testing.T) {
		lo, hi := math.MaxInt, 0
		for _, c := range s.Stances {
			t.Logf("%-16s %3d labels, %3d test", c.Stance, c.Total, c.Test)
			lo, hi = min(lo, c.Total), max(hi, c.Total)
		}
		if s.Total < 270 {
			t.Errorf("%d labels, want at least 270", s.Total)
		}
		if float64(hi) > 1.4*float64(lo) {
			t.Errorf("class counts range from %d to %d: more than 40%% apart", lo, hi)
		}
	})

	t.Run("concepts", func(t *testing.T) {
		for _, cc := range s.Concepts {
			t.Logf("%-30s %3d", cc.Concept, cc.Count)
			if !cc.Known {
				t.Errorf("concept %q is not a project concept id", cc.Concept)
			} else if cc.Count < 8 {
				t.Errorf("concept %s appears %d times, want at least 8", cc.Concept, cc.Count)
			}
		}
	})

	t.Run("split follows the documented rule", func(t *testing.T) {
		share := float64(s.Test) / float64(s.Total)
		t.Logf("test split: %d of %d (%.1f%%)", s.Test, s.Total, 100*share)
		if share < 0.27 || share > 0.33 {
			t.Errorf("test share %.3f, want 0.27-0.33", share)
		}
		for _, c := range s.Stances {
			if sh := float64(c.Test) / float64(c.Total); sh < 0.25 || sh > 0.35 {
				t.Errorf("%s: test share %.3f, want 0.25-0.35", c.Stance, sh)
			}
		}
		re := append([]Label(nil), ls...)
		if err := AssignSplits(re, DefaultTestFraction); err != nil {
			t.Fatal(err)
		}
		for i := range ls {
			if re[i].Split != ls[i].Split {
				t.Errorf("governance_labels.csv:%d: %s is %s, the rule says %s", ls[i].Line, ls[i].ProvisionID, ls[i].Split, re[i].Split)
			}
		}
	})

	t.Run("texts", func(t *testing.T) {
		lens := checkTexts(t, ls, provs)
		if len(lens) > 0 {
			t.Logf("words per provision: min %d, median %d, max %d", lens[0], lens[len(lens)/2], lens[len(lens)-1])
			if lens[len(lens)-1] < 80 || lens[0] > 15 {
				t.Errorf("lengths do not vary enough: want some under 15 words and some over 80")
			}
		}
	})

	t.Run("styles", func(t *testing.T) {
		checkStyles(t, provs, []style{
			{"treaty article or section", regexp.MustCompile(`^(Article|Section) \d`), 20},
			{"UN or conference resolution", regexp.MustCompile(`^(Calls upon|Invites|Requests|Encourages|Decides|Welcomes|Considers|Urges|Expresses|Stresses|Condemns|Reaffirms|Recalling|Affirming|Recognising|Considering|Noting|Observing|Convinced|Instructs|Resolves|Affirms|Notes|Recognises)\b`), 20},
			{"national strategy", regexp.MustCompile(`^(The Government will|The State will|The Republic will|We will|Our approach|The State )`), 20},
			{"code of conduct", regexp.MustCompile(`^(To|Not to) [a-z]`), 20},
		})
	})

	t.Run("near paraphrases with opposite labels", func(t *testing.T) {
		// Pairs whose word sets overlap heavily (Jaccard >= 0.4) but whose stances are
		// opposite poles: a bag-of-words model cannot separate them.
		type item struct {
			id, stance string
			set        map[string]bool
		}
		var items []item
		for _, l := range ls {
			set := map[string]bool{}
			for _, w := range words(provs[l.ProvisionID].Text) {
				set[w] = true
			}
			items = append(items, item{l.ProvisionID, l.Stance, set})
		}
		n := 0
		for i := range items {
			for j := i + 1; j < len(items); j++ {
				a, b := items[i], items[j]
				if a.stance == b.stance || a.stance == models.Neutral || b.stance == models.Neutral {
					continue
				}
				inter := 0
				for w := range a.set {
					if b.set[w] {
						inter++
					}
				}
				if jac := float64(inter) / float64(len(a.set)+len(b.set)-inter); jac >= 0.4 {
					n++
				}
			}
		}
		t.Logf("%d state-centric/multistakeholder pairs with word-set Jaccard >= 0.4", n)
		if n < 10 {
			t.Errorf("%d opposite-label near-paraphrase pairs, want at least 10", n)
		}
	})

	t.Run("README cites existing provisions", func(t *testing.T) {
		readme, err := os.ReadFile(filepath.Join(dataDir, "README.md"))
		if err != nil {
			t.Fatal(err)
		}
		cited := regexp.MustCompile("`([a-z0-9-]+:[A-Za-z0-9]+)`").FindAllStringSubmatch(string(readme), -1)
		if len(cited) < 30 {
			t.Errorf("README cites %d provisions, want the hard cases listed", len(cited))
		}
		_, hprovs, _ := readSet(t, "heldout.csv", "heldout_labels.csv")
		for _, m := range cited {
			if strings.HasPrefix(m[1], "sup-") || strings.HasPrefix(m[1], "val-") || strings.HasPrefix(m[1], "dev-") {
				continue // the other sets', checked by TestSupplement, TestValidation and TestDevelopment
			}
			if strings.HasPrefix(m[1], "ho-") { // "Second annotator (heldout set)"
				if _, ok := hprovs[m[1]]; !ok {
					t.Errorf("README cites %s, which is not in heldout.csv", m[1])
				}
				continue
			}
			if _, ok := provs[m[1]]; !ok {
				t.Errorf("README cites %s, which is not in governance.csv", m[1])
			}
		}
	})

	t.Run("README quotes the counts", func(t *testing.T) {
		var b bytes.Buffer
		if err := s.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		checkBlock(t, "README.md", "<!-- counts:begin (written by go test ./models/labels -update) -->\n", "<!-- counts:end -->", b.Bytes())
	})
}

func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(dataDir, "governance_labels.csv"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read(bytes.NewReader(data), "governance_labels.csv"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAssignSplits(b *testing.B) {
	ls := synthetic(10000)
	for b.Loop() {
		if err := AssignSplits(ls, DefaultTestFraction); err != nil {
			b.Fatal(err)
		}
	}
}

// oneToOne checks that every label names a provision of the table and every provision has a label.
func oneToOne(t *testing.T, ls []Label, provs map[string]corpus.Provision, labelsFile, table string) {
	t.Helper()
	labelled := map[string]bool{}
	for _, l := range ls {
		labelled[l.ProvisionID] = true
		if _, ok := provs[l.ProvisionID]; !ok {
			t.Errorf("%s:%d: %s is not in %s", labelsFile, l.Line, l.ProvisionID, table)
		}
	}
	for id, p := range provs {
		if !labelled[id] {
			t.Errorf("%s:%d: %s has no label", table, p.Line, id)
		}
	}
}
