package labels

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
)

// Checks shared by the tests of the labelled sets (TestCommittedSet, TestSupplement,
// TestValidation).

// checkScores reports the file's Check warnings and labels without a gold score on the
// five-point scale.
func checkScores(t *testing.T, file string, ls []Label) {
	t.Helper()
	for _, w := range Check(file, ls) {
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
	}
}

// checkScoresAndSplit is checkScores, and reports labels whose split is not split (why says
// why that split).
func checkScoresAndSplit(t *testing.T, file string, ls []Label, split, why string) {
	t.Helper()
	checkScores(t, file, ls)
	for _, l := range ls {
		if l.Split != split {
			t.Errorf("%s:%d: %s has split %q, want %s%s", file, l.Line, l.ProvisionID, l.Split, split, why)
		}
	}
}

// checkNearDuplicates reports labelled provisions whose word-set Jaccard with any of others
// reaches max (others names them in the message).
func checkNearDuplicates(t *testing.T, ls []Label, provs map[string]corpus.Provision, others []map[string]corpus.Provision, max float64, what string) {
	t.Helper()
	var sets []map[string]bool
	for _, o := range others {
		for _, p := range o {
			sets = append(sets, wordSet(p.Text))
		}
	}
	var best []float64
	for _, l := range ls {
		ws := wordSet(provs[l.ProvisionID].Text)
		m := 0.0
		for _, o := range sets {
			m = math.Max(m, jaccard(ws, o))
		}
		best = append(best, m)
		if m >= max {
			t.Errorf("%s: word-set Jaccard %.3f with a %s, want < %.1f", l.ProvisionID, m, what, max)
		}
	}
	sort.Float64s(best)
	t.Logf("closest %s, word-set Jaccard: median %.3f, max %.3f", what, best[len(best)/2], best[len(best)-1])
}

// checkTexts reports provisions of fewer than 10 or more than 120 words, and repeated texts; it
// returns the word counts, sorted.
func checkTexts(t *testing.T, ls []Label, provs map[string]corpus.Provision) []int {
	t.Helper()
	seen := map[string]string{}
	var lens []int
	for _, l := range ls {
		w := words(provs[l.ProvisionID].Text)
		lens = append(lens, len(w))
		if len(w) < 10 || len(w) > 120 {
			t.Errorf("%s: %d words, want 10-120", l.ProvisionID, len(w))
		}
		key := strings.Join(w, " ")
		if other, dup := seen[key]; dup {
			t.Errorf("%s repeats the text of %s", l.ProvisionID, other)
		}
		seen[key] = l.ProvisionID
	}
	sort.Ints(lens)
	return lens
}

// checkIDs reports documents whose id or instrument lacks prefix, or whose id is not
// instrument-version.
func checkIDs(t *testing.T, c *corpus.Corpus, prefix string) {
	t.Helper()
	for _, d := range c.Documents {
		if !strings.HasPrefix(d.ID, prefix) || !strings.HasPrefix(d.Instrument, prefix) {
			t.Errorf("document %s (instrument %s): want ids starting with %s", d.ID, d.Instrument, prefix)
		}
		if want := d.Instrument + "-" + d.Version; d.ID != want {
			t.Errorf("document %s: want id %s (instrument-version)", d.ID, want)
		}
	}
}

// checkConceptsAndVersions reports unknown concepts and concepts seen fewer than 10 times, and
// sets with fewer than minDocs documents or minMulti instruments with several versions.
func checkConceptsAndVersions(t *testing.T, s Summary, c *corpus.Corpus, minDocs, minMulti int) {
	t.Helper()
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
	if len(c.Documents) < minDocs || multi < minMulti {
		t.Errorf("want at least %d documents and %d instruments with several versions", minDocs, minMulti)
	}
}

// style is a drafting style recognised by its opening words, and the least number of
// provisions a set must have in it.
type style struct {
	name string
	re   *regexp.Regexp
	min  int
}

func checkStyles(t *testing.T, provs map[string]corpus.Provision, styles []style) {
	t.Helper()
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
}

// checkCitations reports provision ids with the given prefix that doc (a file of testdata/labels)
// cites but table lacks, and fewer than min citations.
func checkCitations(t *testing.T, doc, prefix, table string, provs map[string]corpus.Provision, min int) {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(dataDir, doc))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range regexp.MustCompile("`("+prefix+"[a-z0-9-]+:[A-Za-z0-9]+)`").FindAllStringSubmatch(string(readme), -1) {
		n++
		if _, ok := provs[m[1]]; !ok {
			t.Errorf("%s cites %s, which is not in %s", doc, m[1], table)
		}
	}
	if n < min {
		t.Errorf("%s cites %d provisions of %s, want the hard cases listed (at least %d)", doc, n, table, min)
	}
}
