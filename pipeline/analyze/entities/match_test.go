package entities

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func mustDefault(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func mustLoad(t testing.TB, src string) *Gazetteer {
	t.Helper()
	g, err := Load(strings.NewReader(src), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// brief renders matches as "text=ID" for compact comparison.
func brief(es []Entity) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.Text+"="+e.CanonicalID)
	}
	return out
}

// checkInvariants fails t unless es satisfies Find's documented invariants for text.
func checkInvariants(t testing.TB, text string, es []Entity) {
	t.Helper()
	prevEnd := 0
	for i, e := range es {
		if e.Start < 0 || e.End > len(text) || e.Start >= e.End {
			t.Fatalf("entity %d span [%d,%d) out of range for %d bytes", i, e.Start, e.End, len(text))
		}
		if e.Start < prevEnd {
			t.Fatalf("entity %d [%d,%d) overlaps or precedes the previous one ending at %d", i, e.Start, e.End, prevEnd)
		}
		if e.Text != text[e.Start:e.End] || e.Source != SourceGazetteer || e.Type == "" || e.CanonicalID == "" {
			t.Fatalf("entity %d malformed: %+v", i, e)
		}
		prevEnd = e.End
	}
}

func TestFindDefault(t *testing.T) {
	g := mustDefault(t)
	tests := []struct {
		name string
		text string
		want []string
	}{
		// Case rules.
		{"multiword case-insensitive", "the united nations and the UNITED NATIONS", []string{"united nations=igo:un", "UNITED NATIONS=igo:un"}},
		{"short acronyms case-sensitive", "UN US ITU SCO UK", []string{"UN=igo:un", "US=USA", "ITU=igo:itu", "SCO=igo:sco", "UK=GBR"}},
		{"short acronyms not in lower case", "let us un-sco them; Itu, Un, Uk", []string{}},
		{"short name in capitals", "CHAD and Chad but not chad", []string{"CHAD=TCD", "Chad=TCD"}},
		{"long one-word name needs its capital", "China, CHINA, Unesco; fine china, turkey", []string{"China=CHN", "CHINA=CHN", "Unesco=igo:unesco"}},
		{"dotted acronyms", "U.N. and U.S. and U.K. and u.s.", []string{"U.N.=igo:un", "U.S.=USA", "U.K.=GBR"}},
		// Word boundaries.
		{"Oman not in Romania", "Romania", []string{"Romania=ROU"}},
		{"Niger not in Nigeria", "Nigeria and Niger", []string{"Nigeria=NGA", "Niger=NER"}},
		{"no match inside a word", "Chinas, Indiana, UNESCOs, ITUs, Omani", []string{}},
		{"digits are word characters", "G20 G200 G2", []string{"G20=igo:g20"}},
		// Tolerances.
		{"curly apostrophe", "Côte d’Ivoire and Cote d'Ivoire", []string{"Côte d’Ivoire=CIV", "Cote d'Ivoire=CIV"}},
		{"accents folded", "Turkiye, TÜRKIYE and São Tomé and Príncipe", []string{"Turkiye=TUR", "TÜRKIYE=TUR", "São Tomé and Príncipe=STP"}},
		{"hyphen or space", "Timor Leste, Timor-Leste, Guinea Bissau, G 20", []string{"Timor Leste=TLS", "Timor-Leste=TLS", "Guinea Bissau=GNB", "G 20=igo:g20"}},
		{"open-ended hyphen variants", "open ended working group; Open‑ended Working Group", []string{"open ended working group=igo:oewg", "Open‑ended Working Group=igo:oewg"}},
		{"line break and spaces inside a name", "the United\n   States of\r\nAmerica", []string{"United\n   States of\r\nAmerica=USA"}},
		{"leading the outside the span", "The Gambia and the Bahamas", []string{"Gambia=GMB", "Bahamas=BHS"}},
		{"possessive", "China's and Russia’s positions; the United States' view", []string{"China=CHN", "Russia=RUS", "United States=USA"}},
		{"hyphen prefix", "a non-UN process led by UN-backed experts", []string{"UN=igo:un", "UN=igo:un"}},
		{"punctuation breaks a name", "United. States", []string{}},
		// Priority.
		{"longest wins", "Democratic Republic of the Congo; Republic of the Congo; Congo", []string{"Democratic Republic of the Congo=COD", "Republic of the Congo=COG", "Congo=COG"}},
		{"longest wins inside", "Papua New Guinea, Equatorial Guinea, Guinea-Bissau, Guinea", []string{"Papua New Guinea=PNG", "Equatorial Guinea=GNQ", "Guinea-Bissau=GNB", "Guinea=GIN"}},
		{"instrument over body", "the Council of Europe Convention on Cybercrime", []string{"Council of Europe Convention on Cybercrime=instrument:budapest-convention"}},
		{"parenthesised UN name", "Iran (Islamic Republic of) and Iran", []string{"Iran (Islamic Republic of)=IRN", "Iran=IRN"}},
		{"DPRK and ROK", "Democratic People’s Republic of Korea and Republic of Korea", []string{"Democratic People’s Republic of Korea=PRK", "Republic of Korea=KOR"}},
		// Decisions.
		{"Secretary-General is not an entity", "the U.N. Secretary-General", []string{"U.N.=igo:un"}},
		{"States is generic", "Member States and States", []string{}},
		{"empty", "", []string{}},
		{"invalid UTF-8", "China\xff\xfeRussia \xffUN", []string{"China=CHN", "Russia=RUS", "UN=igo:un"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := g.Find(tc.text)
			checkInvariants(t, tc.text, got)
			if b := brief(got); !reflect.DeepEqual(b, tc.want) {
				t.Errorf("Find(%q)\n got %q\nwant %q", tc.text, b, tc.want)
			}
			if want := naiveFind(t, g, tc.text); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("Find and the reference disagree:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestFindOffsets(t *testing.T) {
	g := mustDefault(t)
	text := "In 2015, China’s draft and the UN Charter." // ’ is 3 bytes
	got := g.Find(text)
	want := []Entity{
		{Start: 9, End: 14, Text: "China", Type: TypeState, CanonicalID: "CHN", Source: SourceGazetteer},
		{Start: 33, End: 43, Text: "UN Charter", Type: TypeInstrument, CanonicalID: "instrument:un-charter", Source: SourceGazetteer},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

// A small gazetteer whose aliases overlap in every way the priority rule must settle.
const overlapYAML = `
entries:
  - {id: "igo:ab", type: IGO, name: "Alpha Beta"}
  - {id: "igo:bcd", type: IGO, name: "Beta Gamma Delta"}
  - {id: "igo:bc", type: IGO, name: "Beta Gamma"}
  - {id: "igo:cd", type: IGO, name: "Gamma Delta"}
  - {id: "igo:long", type: IGO, name: "Epsilonxxxxxxxx Zeta"}
  - {id: "igo:eta", type: IGO, name: "Zeta Eta"}
  - {id: "igo:kl", type: IGO, name: "Kappa Lamda"}
  - {id: "igo:lk", type: IGO, name: "Lamda Kappa"}
`

func TestFindPriority(t *testing.T) {
	g := mustLoad(t, overlapYAML)
	tests := []struct {
		name, text string
		want       []string
	}{
		// A leftmost-first scan would take "Alpha Beta" and lose the longer span.
		{"longer later span beats earlier shorter", "Alpha Beta Gamma Delta", []string{"Beta Gamma Delta=igo:bcd"}},
		// "Kappa Lamda" and "Lamda Kappa" are equally long; the one that starts first wins.
		{"equal length: earlier start wins", "Kappa Lamda Kappa", []string{"Kappa Lamda=igo:kl"}},
		{"equal length: earlier start wins, other order", "Lamda Kappa Lamda", []string{"Lamda Kappa=igo:lk"}},
		{"shorter prefix and suffix lose to the whole", "Beta Gamma Delta", []string{"Beta Gamma Delta=igo:bcd"}},
		{"length counted in bytes", "Epsilonxxxxxxxx Zeta Eta", []string{"Epsilonxxxxxxxx Zeta=igo:long"}},
		{"the loser's remainder can still match", "Alpha Beta Gamma Delta Zeta Eta", []string{"Beta Gamma Delta=igo:bcd", "Zeta Eta=igo:eta"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := g.Find(tc.text)
			checkInvariants(t, tc.text, got)
			if b := brief(got); !reflect.DeepEqual(b, tc.want) {
				t.Errorf("Find(%q) = %q, want %q", tc.text, b, tc.want)
			}
			if want := naiveFind(t, g, tc.text); !reflect.DeepEqual(got, want) {
				t.Errorf("Find and the reference disagree:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestFoldTables(t *testing.T) {
	if len(latin1Fold) != 0x20 || len(latinExtAFold) != 0x80 {
		t.Fatalf("fold tables have %d and %d runes, want 32 and 128", len(latin1Fold), len(latinExtAFold))
	}
	for _, tc := range []struct{ in, want string }{
		{"Côte", "cote"}, {"TÜRKIYE", "turkiye"}, {"São Tomé", "sao tome"}, {"Łódź", "lodz"},
		{"Ș Ț", "s t"}, {"Co\u0302te", "cote"}, {"Œuvre", "œuvre"},
	} {
		var b []byte
		for i := 0; ; {
			s, e, k, _ := nextToken(tc.in, i)
			if s >= len(tc.in) {
				break
			}
			if len(b) > 0 {
				b = append(b, ' ')
			}
			b = appendFold(b, tc.in[s:e], k)
			i = e
		}
		if string(b) != tc.want {
			t.Errorf("fold(%q) = %q, want %q", tc.in, b, tc.want)
		}
	}
}

func TestFindNilGazetteer(t *testing.T) {
	var g *Gazetteer
	if got := g.Find("China"); got != nil {
		t.Fatalf("nil gazetteer found %v", got)
	}
	empty := mustLoad(t, "entries: []\n")
	if got := empty.Find("China"); got != nil {
		t.Fatalf("empty gazetteer found %v", got)
	}
}

func TestFindConcurrent(t *testing.T) {
	g := mustDefault(t)
	text := strings.Repeat("The SCO, China and the ITU met at the IGF. ", 50)
	want := g.Find(text)
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			got := g.Find(text)
			if !reflect.DeepEqual(got, want) {
				errs <- fmt.Errorf("concurrent Find differs")
				return
			}
			errs <- nil
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
