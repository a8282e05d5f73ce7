package pipeline

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/pipeline/align"
)

// The gold alignment of the 2011 and 2015 drafts, written from the texts and the seed's reading:
// the covering letter revised, the 2011 statement of purpose and the information-weapons
// undertaking gone, the GGE and comments recitals new, (e) kept as 6, (g) revised into 8, (h)
// into 9, (f) (limitations on expression) replaced by a different provision 7 (the right to seek,
// receive and impart), and 10 (confidence-building) new.
func TestDefaultCorpusGoldAlignment(t *testing.T) {
	gold := []string{
		"sco-code-2011:p1 -> sco-code-2015:p1 modified",
		"sco-code-2011:p2 ->  deleted",
		" -> sco-code-2015:p2 added",
		" -> sco-code-2015:p3 added",
		"sco-code-2011:p3 -> sco-code-2015:p4 unchanged",
		"sco-code-2011:b ->  deleted",
		"sco-code-2011:e -> sco-code-2015:6 unchanged",
		"sco-code-2011:f ->  deleted",
		" -> sco-code-2015:7 added",
		"sco-code-2011:g -> sco-code-2015:8 modified",
		"sco-code-2011:h -> sco-code-2015:9 modified",
		" -> sco-code-2015:10 added",
	}
	r := defaultResult(t)
	var got []string
	for _, p := range r.Versions[0].Pairs {
		got = append(got, fmt.Sprintf("%s -> %s %s", p.From, p.To, p.Status))
	}
	if strings.Join(got, "\n") != strings.Join(gold, "\n") {
		t.Errorf("alignment\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(gold, "\n"))
	}
}

// Synthetic versions made from a real text (GPL-3's sections): each kind of change is detected
// with the right status by the whole pipeline (segmenter, TF-IDF, alignment).
func TestSyntheticVersionsOfARealText(t *testing.T) {
	raw, err := os.ReadFile("../testdata/licences/drafts/gpl@3.txt")
	if err != nil {
		t.Fatal(err)
	}
	base, err := ReadDocument(&corpus.Document{ID: "base"}, "gpl@3.txt", raw)
	if err != nil {
		t.Fatal(err)
	}
	var secs []string // the numbered sections 0..17, one paragraph each
	for _, p := range base.Provisions {
		if p.Section == corpus.Operative && !strings.HasPrefix(p.Marker, "p") {
			secs = append(secs, strings.Join(strings.Fields(p.Text), " "))
		}
	}
	if len(secs) != 18 {
		t.Fatalf("%d sections", len(secs))
	}
	write := func(paras []string) string {
		var b strings.Builder
		for i, p := range paras {
			fmt.Fprintf(&b, "%d. %s\n\n", i+1, p)
		}
		return b.String()
	}
	half := func(s string, first bool) string {
		w := strings.Fields(s)
		if first {
			return strings.Join(w[:len(w)/2], " ") + "."
		}
		return strings.Join(w[len(w)/2:], " ")
	}
	// Sections 1..12 as the original (sections 0, 13.. are too short or too alike to be useful).
	orig := append([]string(nil), secs[1:13]...)
	tests := []struct {
		name string
		edit func([]string) []string
		want []string // "from->to status", by original and new position (1-based)
	}{
		{"inserted provision", func(p []string) []string {
			return append(p[:6:6], append([]string{"States shall establish national points of contact for incidents and exchange information on threats to critical infrastructure."}, p[6:]...)...)
		}, []string{"->7 added"}},
		{"deleted provision", func(p []string) []string { return append(p[:4:4], p[5:]...) }, []string{"5-> deleted"}},
		{"light rewording", func(p []string) []string {
			q := append([]string(nil), p...)
			q[2] = strings.Replace(strings.Replace(q[2], "License", "Licence", 3), " the ", " this ", 2)
			return q
		}, []string{"3->3 modified"}},
		{"swapped order", func(p []string) []string {
			q := append([]string(nil), p...)
			q[1], q[9] = q[9], q[1]
			return q
		}, []string{"2->10 moved", "10->2 moved"}},
		{"split", func(p []string) []string {
			q := append([]string(nil), p[:3]...)
			q = append(q, half(p[3], true), half(p[3], false))
			return append(q, p[4:]...)
		}, []string{"4->4 split", "4->5 split"}},
		{"merge", func(p []string) []string {
			q := append([]string(nil), p[:7]...)
			q = append(q, p[7]+" "+p[8])
			return append(q, p[9:]...)
		}, []string{"8->8 merged", "9->8 merged"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := map[string]string{"gpl@1.txt": write(orig), "gpl@2.txt": write(tt.edit(orig))}
			c := memCorpus(t, fsys)
			r, err := Run(context.Background(), c, Options{Workers: 2, Stance: StanceOptions{Models: []string{"dictionary"}}})
			if err != nil {
				t.Fatal(err)
			}
			pos := func(id string) string {
				if id == "" {
					return ""
				}
				return id[strings.LastIndexByte(id, ':')+1:]
			}
			var changed []string
			for _, p := range r.Versions[0].Pairs {
				if p.Status == align.Unchanged {
					if pos(p.From) != pos(p.To) && tt.name != "inserted provision" && tt.name != "deleted provision" &&
						tt.name != "split" && tt.name != "merge" {
						t.Errorf("unchanged pair at different positions: %+v", p)
					}
					continue
				}
				changed = append(changed, fmt.Sprintf("%s->%s %s", pos(p.From), pos(p.To), p.Status))
			}
			sort.Strings(changed)
			sort.Strings(tt.want)
			if strings.Join(changed, " ") != strings.Join(tt.want, " ") {
				t.Errorf("changes %v, want %v", changed, tt.want)
			}
		})
	}
}

func memCorpus(t *testing.T, files map[string]string) *corpus.Corpus {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(dir+"/"+name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
