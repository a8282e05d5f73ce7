package entities

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// unMembers is the 193 UN Member States as ISO 3166-1 alpha-3 codes, written out independently
// of gazetteer.yaml so that a lost or added entry shows up here.
const unMembers = `AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA
BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK
DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY
HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY
LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL
NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM
SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO
TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE`

var observers = []string{"PSE", "VAT"}

func TestDefaultStates(t *testing.T) {
	g := mustDefault(t)
	want := strings.Fields(unMembers)
	if len(want) != 193 {
		t.Fatalf("test list has %d codes, want 193", len(want))
	}
	slices.Sort(want)
	var members, obs []string
	for _, e := range g.Entries() {
		if e.Type != TypeState {
			continue
		}
		if slices.Contains(observers, e.ID) {
			obs = append(obs, e.ID)
		} else {
			members = append(members, e.ID)
		}
	}
	slices.Sort(members)
	slices.Sort(obs)
	if len(members) != 193 {
		t.Errorf("%d member States, want 193", len(members))
	}
	if !slices.Equal(members, want) {
		for _, c := range want {
			if !slices.Contains(members, c) {
				t.Errorf("missing member %s", c)
			}
		}
		for _, c := range members {
			if !slices.Contains(want, c) {
				t.Errorf("unexpected STATE %s", c)
			}
		}
	}
	if !slices.Equal(obs, observers) {
		t.Errorf("observer States %v, want %v", obs, observers)
	}
}

func TestDefaultEntries(t *testing.T) {
	g := mustDefault(t)
	counts := map[string]int{}
	for _, e := range g.Entries() {
		counts[e.Type]++
		seen := map[string]bool{e.Name: true}
		for _, a := range e.Aliases {
			if seen[a] {
				t.Errorf("%s (line %d): alias %q written twice", e.ID, e.Line, a)
			}
			seen[a] = true
		}
	}
	for _, typ := range Types() {
		if counts[typ] == 0 {
			t.Errorf("no entries of type %s", typ)
		}
	}
	t.Logf("entries per type: %v", counts)
}

// Every surface form the task names must resolve to its entry.
func TestDefaultAliases(t *testing.T) {
	g := mustDefault(t)
	tests := []struct{ text, id string }{
		{"Russian Federation", "RUS"}, {"Russia", "RUS"},
		{"People's Republic of China", "CHN"}, {"China", "CHN"},
		{"United States of America", "USA"}, {"United States", "USA"}, {"USA", "USA"}, {"U.S.", "USA"},
		{"United Kingdom of Great Britain and Northern Ireland", "GBR"}, {"United Kingdom", "GBR"}, {"UK", "GBR"},
		{"Iran (Islamic Republic of)", "IRN"}, {"Iran", "IRN"},
		{"Republic of Korea", "KOR"}, {"South Korea", "KOR"},
		{"Democratic People's Republic of Korea", "PRK"}, {"North Korea", "PRK"},
		{"Türkiye", "TUR"}, {"Turkey", "TUR"}, {"Côte d'Ivoire", "CIV"}, {"Cote d'Ivoire", "CIV"},
		{"Holy See", "VAT"}, {"State of Palestine", "PSE"},
		{"United Nations", "igo:un"}, {"UN", "igo:un"}, {"U.N.", "igo:un"},
		{"General Assembly", "igo:unga"}, {"Security Council", "igo:unsc"}, {"ITU", "igo:itu"},
		{"SCO", "igo:sco"}, {"Shanghai Cooperation Organization", "igo:sco"}, {"OSCE", "igo:osce"},
		{"Council of Europe", "igo:coe"}, {"European Union", "igo:eu"}, {"EU", "igo:eu"},
		{"African Union", "igo:au"}, {"ASEAN", "igo:asean"}, {"OAS", "igo:oas"}, {"NATO", "igo:nato"},
		{"BRICS", "igo:brics"}, {"G7", "igo:g7"}, {"G20", "igo:g20"}, {"OECD", "igo:oecd"},
		{"UNESCO", "igo:unesco"}, {"UNIDIR", "igo:unidir"}, {"Human Rights Council", "igo:hrc"},
		{"Group of Governmental Experts", "igo:gge"}, {"GGE", "igo:gge"},
		{"Open-ended Working Group", "igo:oewg"}, {"OEWG", "igo:oewg"},
		{"ICANN", "org:icann"}, {"IETF", "org:ietf"}, {"ISOC", "org:isoc"}, {"W3C", "org:w3c"},
		{"IANA", "org:iana"}, {"regional Internet registries", "org:rir"},
		{"WSIS", "forum:wsis"}, {"WCIT", "forum:wcit"}, {"WCIT-12", "forum:wcit"},
		{"IGF", "forum:igf"}, {"Internet Governance Forum", "forum:igf"}, {"NETmundial", "forum:netmundial"},
		{"London Process", "forum:gccs"}, {"GCCS", "forum:gccs"}, {"Paris Call", "forum:paris-call"},
		{"Charter of the United Nations", "instrument:un-charter"}, {"UN Charter", "instrument:un-charter"},
		{"ICCPR", "instrument:iccpr"}, {"International Covenant on Civil and Political Rights", "instrument:iccpr"},
		{"Universal Declaration of Human Rights", "instrument:udhr"}, {"UDHR", "instrument:udhr"},
		{"Tunis Agenda", "instrument:tunis-agenda"}, {"Geneva Declaration of Principles", "instrument:geneva-declaration"},
		{"International Telecommunication Regulations", "instrument:itrs"}, {"ITRs", "instrument:itrs"},
		{"Budapest Convention", "instrument:budapest-convention"}, {"Convention on Cybercrime", "instrument:budapest-convention"},
		{"Tallinn Manual", "instrument:tallinn-manual"},
		{"Code of Conduct for Information Security", "instrument:sco-code-of-conduct"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got := g.Find(tc.text)
			if len(got) != 1 || got[0].Start != 0 || got[0].End != len(tc.text) || got[0].CanonicalID != tc.id {
				t.Errorf("Find(%q) = %+v, want the whole text as %s", tc.text, got, tc.id)
			}
		})
	}
	for _, absent := range []string{"Secretary-General", "Munich Security Conference", "Korea", "America", "States"} {
		if got := g.Find(absent); len(got) != 0 {
			t.Errorf("Find(%q) = %+v, want nothing (deliberately absent)", absent, got)
		}
	}
}

func TestLookup(t *testing.T) {
	g := mustDefault(t)
	e, ok := g.Lookup("igo:itu")
	if !ok || e.Type != TypeIGO || e.Name != "International Telecommunication Union" || e.Line == 0 {
		t.Fatalf("Lookup(igo:itu) = %+v, %v", e, ok)
	}
	e.Aliases[0] = "changed"
	if again, _ := g.Lookup("igo:itu"); again.Aliases[0] == "changed" {
		t.Fatal("Lookup returned the gazetteer's own alias slice")
	}
	if _, ok := g.Lookup("XXX"); ok {
		t.Fatal("Lookup found XXX")
	}
	if g.File() != DefaultFile {
		t.Fatalf("File() = %q", g.File())
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		err      error
		line     int
		contains string
	}{
		{"empty file", "", ErrSyntax, 0, "empty file"},
		{"not YAML", "entries: [\n", ErrSyntax, 0, "yaml"},
		{"top level list", "- id: CHN\n", ErrSyntax, 1, "top level"},
		{"unknown top key", "entry: []\n", ErrUnknownKey, 1, `"entry"`},
		{"no entries key", "{}\n", ErrMissingField, 1, `"entries"`},
		{"entries not a list", "entries: 3\n", ErrSyntax, 1, "must be a list"},
		{"entry not a mapping", "entries:\n  - CHN\n", ErrSyntax, 2, "mapping"},
		{"unknown key", "entries:\n  - id: CHN\n    type: STATE\n    name: China\n    alias: [PRC]\n", ErrUnknownKey, 5, `"alias"`},
		{"repeated key", "entries:\n  - id: CHN\n    id: CHN\n", ErrSyntax, 3, "repeated"},
		{"missing id", "entries:\n  - type: STATE\n    name: China\n", ErrMissingField, 2, `"id"`},
		{"missing type", "entries:\n  - id: CHN\n    name: China\n", ErrMissingField, 2, `"type"`},
		{"missing name", "entries:\n  - id: CHN\n    type: STATE\n", ErrMissingField, 2, `"name"`},
		{"blank name", "entries:\n  - id: CHN\n    type: STATE\n    name: '  '\n", ErrMissingField, 2, `"name"`},
		{"unknown type", "entries:\n  - id: CHN\n    type: COUNTRY\n    name: China\n", ErrUnknownType, 2, `"COUNTRY"`},
		{"lower-case type", "entries:\n  - id: CHN\n    type: state\n    name: China\n", ErrUnknownType, 2, `"state"`},
		{"state id not alpha-3", "entries:\n  - id: CN\n    type: STATE\n    name: China\n", ErrBadID, 2, "alpha-3"},
		{"slug without type prefix", "entries:\n  - id: itu\n    type: IGO\n    name: ITU\n", ErrBadID, 2, `"itu"`},
		{"slug with wrong prefix", "entries:\n  - id: org:itu\n    type: IGO\n    name: ITU\n", ErrBadID, 2, `"org:itu"`},
		{"slug with capitals", "entries:\n  - id: igo:ITU\n    type: IGO\n    name: ITU\n", ErrBadID, 2, `"igo:ITU"`},
		{"name not a string", "entries:\n  - id: CHN\n    type: STATE\n    name: [China]\n", ErrSyntax, 4, `"name"`},
		{"aliases not a list", "entries:\n  - id: CHN\n    type: STATE\n    name: China\n    aliases: PRC\n", ErrSyntax, 5, "list"},
		{"YAML alias node", "entries:\n  - id: &x CHN\n    type: STATE\n    name: *x\n", ErrSyntax, 4, "aliases (*x)"},
		{"duplicate id", "entries:\n  - {id: CHN, type: STATE, name: China}\n  - {id: CHN, type: STATE, name: Cathay}\n", ErrDuplicateID, 3, "line 2"},
		{"alias claimed twice", "entries:\n  - {id: CHN, type: STATE, name: China}\n  - id: TWN\n    type: STATE\n    name: Taiwan\n    aliases: [Republic of China, Chine]\n  - id: ROC\n    type: STATE\n    name: Formosa\n    aliases:\n      - Republic of\n        China\n",
			ErrDuplicateAlias, 11, `entry "TWN" at line 6`},
		{"alias claimed twice after folding", "entries:\n  - {id: CIV, type: STATE, name: Côte d'Ivoire}\n  - {id: XCI, type: STATE, name: COTE D’IVOIRE}\n", ErrDuplicateAlias, 3, `"CIV"`},
		{"name equals another entry's alias", "entries:\n  - {id: 'igo:un', type: IGO, name: United Nations, aliases: [UN]}\n  - {id: 'igo:x', type: IGO, name: UN}\n", ErrDuplicateAlias, 3, "igo:un"},
		{"alias of punctuation only", "entries:\n  - {id: CHN, type: STATE, name: China, aliases: ['---', '()']}\n", ErrBadAlias, 2, `"---" in entry "CHN": no words`},
		{"second YAML document", "entries:\n  - {id: CHN, type: STATE, name: China}\n---\nentries:\n  - {id: FRA, type: STATE, name: France}\n", ErrSyntax, 3, "a second YAML document"},
		{"invalid UTF-8", "entries:\n  - {id: CHN, type: STATE, name: \"Ch\xffina\"}\n", ErrSyntax, 2, "UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(tc.src), "my.yaml")
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			var le *LoadError
			if !errors.As(err, &le) || !errors.Is(err, tc.err) {
				t.Fatalf("error %v (%T), want a *LoadError wrapping %v", err, err, tc.err)
			}
			if le.File != "my.yaml" || le.Line != tc.line {
				t.Errorf("error at %s:%d, want my.yaml:%d (%v)", le.File, le.Line, tc.line, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "entities: my.yaml") || !strings.Contains(msg, tc.contains) {
				t.Errorf("message %q lacks the prefix or %q", msg, tc.contains)
			}
		})
	}
}

func TestLoadSameEntryDuplicates(t *testing.T) {
	// Forms of one entry that normalise alike are allowed; each keeps its own case rule.
	g := mustLoad(t, "entries:\n  - {id: CIV, type: STATE, name: Côte d'Ivoire, aliases: [Cote d'Ivoire, The Côte d’Ivoire]}\n  - {id: TCD, type: STATE, name: Chad, aliases: [CHAD]}\n")
	if got := brief(g.Find("cote d'ivoire, Chad, CHAD, chad")); !slices.Equal(got, []string{"cote d'ivoire=CIV", "Chad=TCD", "CHAD=TCD"}) {
		t.Fatalf("got %q", got)
	}
}

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{"g.yaml": {Data: []byte("entries:\n  - {id: 'forum:x', type: FORUM, name: Xylo Summit}\n")}}
	g, err := LoadFS(fsys, "g.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := brief(g.Find("the xylo  summit")); !slices.Equal(got, []string{"xylo  summit=forum:x"}) {
		t.Fatalf("got %q", got)
	}
	_, err = LoadFS(fsys, "missing.yaml")
	var le *LoadError
	if !errors.As(err, &le) || le.File != "missing.yaml" || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
	// The embedded default can be read back as a starting point for a user file.
	g2, err := LoadFS(DefaultFS(), DefaultFile)
	if err != nil || len(g2.Entries()) != len(mustDefault(t).Entries()) {
		t.Fatalf("reloading the default: %v", err)
	}
}

// An empty document after "---" (or "...") is not a second gazetteer.
func TestLoadTrailingEmptyDocument(t *testing.T) {
	for _, tail := range []string{"---\n", "...\n", "---\n# end\n"} {
		g := mustLoad(t, "entries:\n  - {id: CHN, type: STATE, name: China}\n"+tail)
		if len(g.Entries()) != 1 {
			t.Errorf("tail %q: %d entries", tail, len(g.Entries()))
		}
	}
}
