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
		for _, w := range Check("supplement_labels.csv", ls) {
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
			if l.Split != SplitTrain {
				t.Errorf("supplement_labels.csv:%d: %s has split %q, want train (the supplement never joins the test split)", l.Line, l.ProvisionID, l.Split)
			}
		}
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
		var csets []map[string]bool
		for _, p := range cprovs {
			csets = append(csets, wordSet(p.Text))
		}
		var best []float64
		for _, l := range ls {
			ws := wordSet(provs[l.ProvisionID].Text)
			m := 0.0
			for _, cs := range csets {
				m = math.Max(m, jaccard(ws, cs))
			}
			best = append(best, m)
			if m >= MaxSupplementJaccard {
				t.Errorf("%s: word-set Jaccard %.3f with a committed provision, want < %.1f", l.ProvisionID, m, MaxSupplementJaccard)
			}
		}
		sort.Float64s(best)
		t.Logf("closest committed provision, word-set Jaccard: median %.3f, max %.3f", best[len(best)/2], best[len(best)-1])
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
		if len(c.Documents) < 40 || multi < 10 {
			t.Errorf("want at least 40 documents and 10 instruments with several versions")
		}
	})

	t.Run("styles", func(t *testing.T) {
		styles := []struct {
			name string
			re   *regexp.Regexp
			min  int
		}{
			{"treaty article or section", regexp.MustCompile(`^(Article|Section) \d`), 60},
			{"numbered paragraph of a decree or order", regexp.MustCompile(`^\d+\. `), 10},
			{"UN or conference resolution", regexp.MustCompile(`^[A-Z][a-z]+(s|ing)\b.*[,;]$|^[a-z]+(s|ing)\b`), 40},
			{"national strategy or doctrine", regexp.MustCompile(`^(The Government|The State|The country|Our |We will|We reject|We support)`), 40},
			{"code of conduct", regexp.MustCompile(`^(To|Not to) [a-z]`), 40},
			{"statement or declaration", regexp.MustCompile(`^We(,| are| agree| believe| call| condemn| commit| express| oppose| stress| support| welcome| reaffirm)`), 20},
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
		for _, m := range regexp.MustCompile("`(sup-[a-z0-9-]+:[A-Za-z0-9]+)`").FindAllStringSubmatch(string(readme), -1) {
			n++
			if _, ok := provs[m[1]]; !ok {
				t.Errorf("README cites %s, which is not in supplement.csv", m[1])
			}
		}
		if n < 30 {
			t.Errorf("README cites %d supplementary provisions, want the hard cases listed", n)
		}
	})

	t.Run("README quotes the counts", func(t *testing.T) {
		var b bytes.Buffer
		if err := s.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		checkBlock(t, "<!-- supplement-counts:begin (written by go test ./models/labels -update) -->\n", "<!-- supplement-counts:end -->", b.Bytes())
	})
}

// checkBlock compares the block between begin and end in testdata/labels/README.md with want,
// and rewrites it with -update.
func checkBlock(t *testing.T, begin, end string, want []byte) {
	t.Helper()
	path := filepath.Join(dataDir, "README.md")
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
