package labels

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
)

// readSet reads a labels file and its provisions table from testdata/labels.
func readSet(t testing.TB, table, labelsFile string) ([]Label, map[string]corpus.Provision, *corpus.Corpus) {
	t.Helper()
	ls, err := ReadFile(filepath.Join(dataDir, labelsFile))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dataDir, table))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := corpus.ReadTable(f, table)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Skipped {
		t.Errorf("%s: skipped row: %v", table, e)
	}
	for _, w := range c.Warnings {
		t.Errorf("%s: warning: %v", table, w)
	}
	provs := map[string]corpus.Provision{}
	for _, d := range c.Documents {
		for _, p := range d.Presplit {
			provs[p.ID] = p
		}
	}
	return ls, provs, c
}

// wordSet is the set of lower-cased letter/digit runs of s.
func wordSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range words(s) {
		set[w] = true
	}
	return set
}

func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// MaxSupplementJaccard bounds the word-set overlap of any supplementary provision with any
// provision of the committed set: the supplement is new text, not a rewording of the committed
// provisions (in particular not of its test split).
const MaxSupplementJaccard = 0.4

// TestSupplement checks the supplementary, train-only labelled set (testdata/labels/supplement*.csv):
// well-formed, every label train, no provision shared with or near-duplicating the committed set,
// balanced, every concept, several styles, and the counts block of the README up to date.
func TestSupplement(t *testing.T) {
	ls, provs, c := readSet(t, "supplement.csv", "supplement_labels.csv")
	cls, cprovs, _ := committed(t)
	s := Summarize(ls)

	t.Run("clean", func(t *testing.T) {
		checkScoresAndSplit(t, "supplement_labels.csv", ls, SplitTrain, " (the supplement never joins the test split)")
	})

	t.Run("provisions match labels one to one", func(t *testing.T) {
		oneToOne(t, ls, provs, "supplement_labels.csv", "supplement.csv")
	})

	t.Run("separate from the committed set", func(t *testing.T) {
		if _, err := Merge(Set{"governance_labels.csv", cls}, Set{"supplement_labels.csv", ls}); err != nil {
			t.Error(err)
		}
		committedDocs := map[string]bool{}
		for id := range cprovs {
			doc, _, _ := strings.Cut(id, ":")
			committedDocs[doc] = true
		}
		for _, d := range c.Documents {
			if !strings.HasPrefix(d.ID, "sup-") || !strings.HasPrefix(d.Instrument, "sup-") {
				t.Errorf("document %s (instrument %s): want ids starting with sup-", d.ID, d.Instrument)
			}
			if committedDocs[d.ID] {
				t.Errorf("document %s is also in governance.csv", d.ID)
			}
		}
	})

	t.Run("no near duplicate of a committed provision", func(t *testing.T) {
		checkNearDuplicates(t, ls, provs, []map[string]corpus.Provision{cprovs}, MaxSupplementJaccard, "committed provision")
	})

	t.Run("texts", func(t *testing.T) { checkTexts(t, ls, provs) })

	t.Run("size, balance and concepts", func(t *testing.T) {
		lo, hi := math.MaxInt, 0
		for _, c := range s.Stances {
			t.Logf("%-16s %3d labels", c.Stance, c.Total)
			lo, hi = min(lo, c.Total), max(hi, c.Total)
		}
		if s.Total < 450 {
			t.Errorf("%d labels, want at least 450", s.Total)
		}
		if float64(hi) > 1.2*float64(lo) {
			t.Errorf("class counts range from %d to %d: more than 20%% apart", lo, hi)
		}
		checkConceptsAndVersions(t, s, c, 40, 10)
	})

	t.Run("styles", func(t *testing.T) {
		checkStyles(t, provs, []style{
			{"treaty article or section", regexp.MustCompile(`^(Article|Section) \d`), 60},
			{"numbered paragraph of a decree or order", regexp.MustCompile(`^\d+\. `), 10},
			{"UN or conference resolution", regexp.MustCompile(`^[A-Z][a-z]+(s|ing)\b.*[,;]$|^[a-z]+(s|ing)\b`), 40},
			{"national strategy or doctrine", regexp.MustCompile(`^(The Government|The State|The country|Our |We will|We reject|We support)`), 40},
			{"code of conduct", regexp.MustCompile(`^(To|Not to) [a-z]`), 40},
			{"statement or declaration", regexp.MustCompile(`^We(,| are| agree| believe| call| condemn| commit| express| oppose| stress| support| welcome| reaffirm)`), 20},
		})
	})

	t.Run("README cites existing provisions", func(t *testing.T) {
		checkCitations(t, "README.md", "sup-", "supplement.csv", provs, 30)
	})

	t.Run("README quotes the counts", func(t *testing.T) {
		var b bytes.Buffer
		if err := s.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		checkBlock(t, "README.md", "<!-- supplement-counts:begin (written by go test ./models/labels -update) -->\n", "<!-- supplement-counts:end -->", b.Bytes())
	})
}

// checkBlock compares the block between begin and end in testdata/labels/README.md with want,
// and rewrites it with -update.
func checkBlock(t *testing.T, doc, begin, end string, want []byte) {
	t.Helper()
	path := filepath.Join(dataDir, doc)
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i, j := bytes.Index(readme, []byte(begin)), bytes.Index(readme, []byte(end))
	if i < 0 || j < i {
		t.Fatalf("%s: no %q ... %q block", path, strings.TrimSpace(begin), end)
	}
	if bytes.Equal(readme[i+len(begin):j], want) {
		return
	}
	if !*update {
		t.Fatalf("%s: block %q is stale (run go test ./models/labels -update); want:\n%s", path, strings.TrimSpace(begin), want)
	}
	out := append(append(append([]byte{}, readme[:i+len(begin)]...), want...), readme[j:]...)
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
}
