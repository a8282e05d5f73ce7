package pipeline

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/corpus/defaultcorpus"
	"github.com/stanceshift/stanceshift/pipeline/align"
)

var (
	defaultOnce sync.Once
	defaultRes  *Result
	defaultErr  error
)

// defaultResult runs the pipeline once on the embedded default corpus.
func defaultResult(t *testing.T) *Result {
	t.Helper()
	defaultOnce.Do(func() {
		c, err := corpus.LoadManifest(defaultcorpus.FS(), corpus.ManifestName, "embedded")
		if err != nil {
			defaultErr = err
			return
		}
		defaultRes, defaultErr = Run(context.Background(), c, Options{Workers: 2})
	})
	if defaultErr != nil {
		t.Fatal(defaultErr)
	}
	return defaultRes
}

func findPair(t *testing.T, r *Result, from, to string) align.Pair {
	t.Helper()
	for _, vp := range r.Versions {
		for _, p := range vp.Pairs {
			if p.From == from && p.To == to {
				return p
			}
		}
	}
	t.Fatalf("no alignment pair %q -> %q", from, to)
	return align.Pair{}
}

// The seed commentary's reading of the 2011 and 2015 drafts, as far as alignment and key phrases
// carry it (the stance findings are tested with the models).
func TestSeedFindingsAlignment(t *testing.T) {
	r := defaultResult(t)
	t.Run("1: (g) became 8, which adds the same-role language", func(t *testing.T) {
		p := findPair(t, r, "sco-code-2011:g", "sco-code-2015:8")
		ins := strings.Join(p.Inserted, " ")
		if p.Status != align.Modified || !strings.Contains(ins, "same role") || !strings.Contains(ins, "equal responsibility") {
			t.Errorf("status %s, inserted %q", p.Status, ins)
		}
	})
	t.Run("2: (e) became 6 and keeps rights and responsibilities for information space", func(t *testing.T) {
		p := findPair(t, r, "sco-code-2011:e", "sco-code-2015:6")
		if p.Status != align.Unchanged && p.Status != align.Modified {
			t.Errorf("status %s", p.Status)
		}
		for _, w := range []string{"rights and responsibilities", "information space"} {
			if !strings.Contains(p.Diff, w) || strings.Contains(strings.Join(p.Deleted, " "), w) {
				t.Errorf("%q not kept: %s", w, p.Diff)
			}
		}
	})
	t.Run("3: (h) became 9, adding other interested parties, private sector and civil society", func(t *testing.T) {
		p := findPair(t, r, "sco-code-2011:h", "sco-code-2015:9")
		ins := strings.Join(p.Inserted, " ")
		for _, w := range []string{"interested parties", "civil-society"} {
			if !strings.Contains(ins, w) {
				t.Errorf("inserted %q lacks %q", ins, w)
			}
		}
		if strings.Contains(ins, "lead") || !strings.Contains(strings.Join(p.Deleted, " "), "lead") {
			t.Errorf("'lead' should be deleted: %s", p.Diff)
		}
	})
	t.Run("6: the information-weapons provision (b) is dropped", func(t *testing.T) {
		p := findPair(t, r, "sco-code-2011:b", "")
		if p.Status != align.Deleted {
			t.Errorf("status %s", p.Status)
		}
	})
	t.Run("7: confidence-building measures (10) are added", func(t *testing.T) {
		p := findPair(t, r, "", "sco-code-2015:10")
		if p.Status != align.Added {
			t.Errorf("status %s", p.Status)
		}
		if !hasChange(r, "confidence-building measures", "added") {
			t.Errorf("key phrase 'confidence-building measures' not reported added")
		}
	})
}

func hasChange(r *Result, phrase, change string) bool {
	for _, c := range r.KeyphraseChangeRows() {
		if strings.EqualFold(c.Phrase, phrase) && c.Change == change {
			return true
		}
	}
	return false
}

// Every provision of each version appears in the alignment of that version pair.
func TestAlignmentCoversEveryProvision(t *testing.T) {
	r := defaultResult(t)
	if len(r.Versions) != 1 {
		t.Fatalf("%d version pairs, want 1 (the SCO code)", len(r.Versions))
	}
	vp := r.Versions[0]
	seen := map[string]bool{}
	for _, p := range vp.Pairs {
		seen[p.From], seen[p.To] = true, true
	}
	for _, d := range []*DocResult{vp.From, vp.To} {
		for _, p := range d.Provisions {
			if !seen[p.ID] {
				t.Errorf("%s missing from the alignment", p.ID)
			}
		}
	}
}

func TestTFIDFOptions(t *testing.T) {
	for _, name := range []string{"", TFIDFDefault, TFIDFSklearn} {
		if _, err := TFIDFOptions(name); err != nil {
			t.Errorf("%q: %v", name, err)
		}
	}
	if _, err := TFIDFOptions("bm25"); err == nil || !strings.Contains(err.Error(), "bm25") {
		t.Errorf("unknown setting accepted: %v", err)
	}
}

// Every provision the default corpus marks as quoted is, as the real segmenter reads it, a
// verbatim quotation of the seed commentary (quotes folded to ASCII, white space collapsed).
func TestQuotedProvisionsAreVerbatim(t *testing.T) {
	seed, err := os.ReadFile("../testdata/seed/justsecurity-sco-code-2015.txt")
	if err != nil {
		t.Fatal(err)
	}
	fold := strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'")
	norm := func(s string) string { return strings.Join(strings.Fields(fold.Replace(s)), " ") }
	seedText := norm(string(seed))
	r := defaultResult(t)
	n := 0
	for _, d := range r.Docs {
		for _, p := range d.Provisions {
			if p.Provenance != corpus.ProvenanceQuoted {
				continue
			}
			n++
			if !strings.Contains(seedText, norm(p.Text)) {
				t.Errorf("%s is marked quoted but is not in the seed: %q", p.ID, p.Text)
			}
		}
	}
	if n < 6 {
		t.Errorf("only %d quoted provisions", n)
	}
}

func provScore(t *testing.T, r *Result, model, id string) float64 {
	t.Helper()
	k, ok := r.provIndex()[id]
	if !ok {
		t.Fatalf("no provision %s", id)
	}
	for _, ms := range r.Scores {
		if ms.Name == model {
			return ms.Prov[k[0]][k[1]].Score
		}
	}
	t.Fatalf("no model %s", model)
	return 0
}

func conceptChange(r *Result, concept string) (string, bool) {
	for _, c := range r.ConceptChangeRows() {
		if c.Concept == concept {
			return c.Change, true
		}
	}
	return "", false
}

// The seed commentary's findings that need the stance models and concepts.
func TestSeedFindingsStance(t *testing.T) {
	r := defaultResult(t)
	t.Run("1: (g) and 8 both score state-centric", func(t *testing.T) {
		for _, id := range []string{"sco-code-2011:g", "sco-code-2015:8"} {
			if s := provScore(t, r, "dictionary", id); !(s > 0.25) {
				t.Errorf("%s dictionary score %v, want state-centric (> 0.25)", id, s)
			}
		}
	})
	t.Run("2: rights and responsibilities for information space kept (sovereignty concept)", func(t *testing.T) {
		if c, _ := conceptChange(r, "sovereignty"); c != "kept" {
			t.Errorf("sovereignty %q, want kept", c)
		}
	})
	t.Run("3: (h) to 9 moves toward multistakeholder", func(t *testing.T) {
		from, to := provScore(t, r, "dictionary", "sco-code-2011:h"), provScore(t, r, "dictionary", "sco-code-2015:9")
		if direction(to-from, DefaultShiftBand) != TowardMultistakeholder {
			t.Errorf("h %v -> 9 %v", from, to)
		}
		found := false
		for _, s := range r.ShiftRows() {
			if s.FromProvision == "sco-code-2011:h" && s.Model == "dictionary" {
				found = s.Direction == TowardMultistakeholder && strings.Contains(s.EvidenceAdded, "other interested parties")
			}
		}
		if !found {
			t.Errorf("shifts.csv does not show h -> 9 toward multistakeholder with 'other interested parties' added")
		}
	})
	t.Run("4: 7 brings seek, receive and impart (human rights online added)", func(t *testing.T) {
		if c, _ := conceptChange(r, "human_rights_online"); c != "added" {
			t.Errorf("human_rights_online %q, want added", c)
		}
	})
	t.Run("6: information weapons dropped", func(t *testing.T) {
		if c, _ := conceptChange(r, "information_weapons"); c != "dropped" {
			t.Errorf("information_weapons %q, want dropped", c)
		}
	})
	t.Run("7: confidence-building measures added", func(t *testing.T) {
		if c, _ := conceptChange(r, "confidence_building"); c != "added" {
			t.Errorf("confidence_building %q, want added", c)
		}
	})
	t.Run("reference texts fall on the right side", func(t *testing.T) {
		seen := 0
		defer func() {
			if seen != 2 {
				t.Errorf("checked %d of the dictionary and wordscores models", seen)
			}
		}()
		for _, ms := range r.Scores {
			if ms.Name != "dictionary" && ms.Name != "wordscores" {
				continue
			}
			seen++
			for d, doc := range r.Docs {
				s := ms.Doc[d].Score
				switch doc.Doc.ID {
				case "wcit-2012-res3":
					if !(s > 0) {
						t.Errorf("%s: WCIT Res. 3 scores %v", ms.Name, s)
					}
				case "tunis-agenda-2005", "netmundial-2014":
					if !(s < 0) {
						t.Errorf("%s: %s scores %v", ms.Name, doc.Doc.ID, s)
					}
				}
			}
		}
	})
}

func TestSeedFindingsReuse(t *testing.T) {
	r := defaultResult(t)
	t.Run("5: 2015 paragraph 8 reuses WCIT-12 Resolution 3 paragraph E", func(t *testing.T) {
		found := false
		for _, x := range r.Reused {
			if x.Source == "wcit-2012-res3:E" && x.Target == "sco-code-2015:8" {
				found = true
				for _, w := range []string{"equal", "responsibility for", "security", "continuity"} {
					if !strings.Contains(x.TargetPassage, w) || !strings.Contains(x.SourcePassage, w) {
						t.Errorf("shared passage lacks %q: %q / %q", w, x.SourcePassage, x.TargetPassage)
					}
				}
			}
			if strings.HasPrefix(x.Source, "sco-code") || x.Target == "sco-code-2011:g" {
				t.Errorf("unexpected reuse %s -> %s", x.Source, x.Target)
			}
		}
		if !found {
			t.Error("WCIT E -> 2015 8 not found")
		}
	})
	t.Run("8: the 2015 draft echoes GGE paragraph 16 but not paragraph 19", func(t *testing.T) {
		echoed := map[string]bool{}
		for _, e := range r.Echoes {
			if e.TargetDoc == "sco-code-2015" {
				echoed[e.ReferenceProvision] = e.Echoed
			}
			if e.ReferenceDoc == "gge-2013" && e.TargetDoc == "sco-code-2011" {
				t.Errorf("the 2011 draft predates the 2013 report but was compared with it")
			}
		}
		if !echoed["gge-2013:16"] || echoed["gge-2013:19"] {
			t.Errorf("gge-2013:16 echoed %v, gge-2013:19 echoed %v", echoed["gge-2013:16"], echoed["gge-2013:19"])
		}
	})
}
