package segment

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

type golden struct {
	Text       string             `json:"text"`
	Provisions []corpus.Provision `json:"provisions"`
	Warnings   []corpus.Warning   `json:"warnings"`
}

// fixture is a realistic document in testdata/ with facts checked besides its golden file.
type fixture struct {
	file    string
	docID   string
	ids     string            // all provision IDs in order, without the doc prefix
	absent  []string          // strings that must not be in the normalised text (page furniture)
	present []string          // strings that must be (joined wraps and hyphenations)
	subs    map[string]string // provision ID -> its sub-item markers
	section map[string]corpus.Section
}

var fixtures = []fixture{
	{
		file:  "un_maritime_code.txt",
		docID: "A-66-359",
		ids:   "p1 p2 p3 p4 p5 p6 p7 p8 a b c d e f g h i a-2 b-2",
		absent: []string{"A/66/359", "11-49688", "*1149688*", "160911", "Draft code of conduct for maritime safety",
			"\n2\n", "\n3\n", "\n4", "informa-", "communica-"},
		present: []string{
			"environmental information it sets out.",
			"the importance of confidence-building and of the timely exchange",
			"the cross-border assistance",
			"watchkeeping officers",
			"the welfare of seafarers, the well-being",
			"classification societies",
			"publish the contact details of that point in the notices to mariners",
			"\nAnnex to the letter dated 12 September 2011 from the Permanent Representatives of Freedonia, Sylvania and Tomainia to the United Nations addressed to the Secretary-General\n",
			"\nPurpose and scope\n",
		},
		subs: map[string]string{"c": "i ii iii"},
		section: map[string]corpus.Section{"p1": corpus.Preamble, "p8": corpus.Preamble, "a": corpus.Operative,
			"i": corpus.Operative, "a-2": corpus.Annex, "b-2": corpus.Annex},
	},
	{
		file:    "port_inspection_agreement.txt",
		docID:   "psi",
		ids:     "p1 p2 p3 p4 1 2 2bis 3 4 5 1-2 2-2 3-2",
		absent:  []string{"\r"},
		present: []string{"\nArticle 2 bis\nRelationship with regional arrangements\n", "\nArt. 4 - Confidentiality\nInspection records"},
		subs:    map[string]string{"1": "a b c", "2": "1 2 a b 3", "3": "1 2 a b c"},
		section: map[string]corpus.Section{"p4": corpus.Preamble, "1": corpus.Operative, "5": corpus.Operative, "1-2": corpus.Annex},
	},
}

func TestFixtures(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", fx.file))
			if err != nil {
				t.Fatal(err)
			}
			res := Segment(fx.docID, string(raw), Options{})
			checkInvariants(t, fx.docID, string(raw), res)

			var ids []string
			byID := map[string]corpus.Provision{}
			for _, p := range res.Provisions {
				id := strings.TrimPrefix(p.ID, fx.docID+":")
				ids = append(ids, id)
				byID[id] = p
			}
			if got := strings.Join(ids, " "); got != fx.ids {
				t.Errorf("ids\n got %s\nwant %s", got, fx.ids)
			}
			for _, s := range fx.absent {
				if strings.Contains(res.Text, s) {
					t.Errorf("normalised text still holds %q", s)
				}
			}
			for _, s := range fx.present {
				if !strings.Contains(res.Text, s) {
					t.Errorf("normalised text lacks %q", s)
				}
			}
			for id, want := range fx.subs {
				var got []string
				for _, s := range byID[id].SubItems {
					got = append(got, s.Marker)
				}
				if strings.Join(got, " ") != want {
					t.Errorf("%s: sub-items %v, want %s", id, got, want)
				}
			}
			for id, want := range fx.section {
				if byID[id].Section != want {
					t.Errorf("%s: section %q, want %q", id, byID[id].Section, want)
				}
			}

			got, err := json.MarshalIndent(golden{res.Text, res.Provisions, res.Warnings}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", strings.TrimSuffix(fx.file, ".txt")+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("segmentation differs from %s (run go test -update after checking the change):\n%s", path, firstDiff(string(got), string(want)))
			}
		})
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + itoa(i+1) + ":\n got " + a + "\nwant " + b
		}
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }
