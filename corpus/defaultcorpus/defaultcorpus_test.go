package defaultcorpus

import (
	"bytes"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

const seedPath = "../../testdata/seed/justsecurity-sco-code-2015.txt"

func loadSeed(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile(seedPath)
	if err != nil {
		tb.Fatalf("read seed: %v", err)
	}
	return normalize(string(b))
}

func loadManifest(tb testing.TB) manifest {
	tb.Helper()
	data, err := fs.ReadFile(FS(), ManifestName)
	if err != nil {
		tb.Fatalf("read manifest: %v", err)
	}
	m, err := parseManifest(data)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func readText(tb testing.TB, path string) string {
	tb.Helper()
	b, err := fs.ReadFile(FS(), path)
	if err != nil {
		tb.Fatalf("read %s: %v", path, err)
	}
	return string(b)
}

func docByID(tb testing.TB, m manifest, id string) document {
	tb.Helper()
	for _, d := range m.Documents {
		if d.ID == id {
			return d
		}
	}
	tb.Fatalf("no document %q in manifest", id)
	return document{}
}

func TestManifestValid(t *testing.T) {
	m := loadManifest(t)
	for _, err := range validateManifest(m, FS()) {
		t.Error(err)
	}
	// Every text is named by the manifest (no orphans) and vice versa.
	entries, err := fs.ReadDir(FS(), "texts")
	if err != nil {
		t.Fatal(err)
	}
	var onDisk, named []string
	for _, e := range entries {
		onDisk = append(onDisk, "texts/"+e.Name())
	}
	for _, d := range m.Documents {
		named = append(named, d.Path)
	}
	slices.Sort(named)
	if !slices.Equal(onDisk, named) {
		t.Errorf("texts/ holds %v, manifest names %v", onDisk, named)
	}
}

// TestManifestExpected pins the facts the brief fixes for each document.
func TestManifestExpected(t *testing.T) {
	m := loadManifest(t)
	pos := func(f float64) *float64 { return &f }
	tests := []struct {
		id, instrument, date, role, symbol string
		position                           *float64
		quoted                             []string
	}{
		{"sco-code-2011", "sco-code-of-conduct", "2011-09-12", "", "A/66/359", nil, []string{"b", "h"}},
		{"sco-code-2015", "sco-code-of-conduct", "2015-01-09", "", "A/69/723", nil, []string{"9", "10"}},
		{"wcit-2012-res3", "wcit-2012-res3", "2012-12-14", "reference", "", pos(1), []string{"E"}},
		{"gge-2013", "gge-2013", "2013-06-24", "reference", "A/68/98", nil, []string{"19"}},
		{"tunis-agenda-2005", "tunis-agenda-2005", "2005-11-18", "reference", "", pos(-1), nil},
		{"netmundial-2014", "netmundial-2014", "2014-04-24", "reference", "", pos(-1), nil},
	}
	if len(m.Documents) != len(tests) {
		t.Errorf("manifest has %d documents, want %d", len(m.Documents), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			d := docByID(t, m, tt.id)
			if d.Instrument != tt.instrument || d.Date != tt.date || d.Role != tt.role {
				t.Errorf("got instrument %q date %q role %q, want %q %q %q",
					d.Instrument, d.Date, d.Role, tt.instrument, tt.date, tt.role)
			}
			if d.Metadata["symbol"] != tt.symbol {
				t.Errorf("symbol = %q, want %q", d.Metadata["symbol"], tt.symbol)
			}
			switch {
			case (d.Position == nil) != (tt.position == nil):
				t.Errorf("position = %v, want %v", d.Position, tt.position)
			case d.Position != nil && *d.Position != *tt.position:
				t.Errorf("position = %v, want %v", *d.Position, *tt.position)
			}
			if !slices.Equal(d.Quoted, tt.quoted) {
				t.Errorf("quoted = %v, want %v", d.Quoted, tt.quoted)
			}
			if d.Provenance != "paraphrased" {
				t.Errorf("provenance = %q, want paraphrased (the official texts are not shipped)", d.Provenance)
			}
			if !strings.Contains(d.Metadata["text_status"], "not the official text") {
				t.Errorf("metadata text_status %q does not say it is not the official text", d.Metadata["text_status"])
			}
		})
	}
}

// TestValidateManifestRejects shows the manifest checks can fail.
func TestValidateManifestRejects(t *testing.T) {
	good := `name: x
documents:
  - id: a
    instrument: i
    version: "1"
    date: 2011-09-12
    title: t
    path: texts/sco-code-2011.txt
    provenance: paraphrased
`
	tests := []struct {
		name, yaml, wantErr string
	}{
		{"valid", good, ""},
		{"unknown key", good + "    colour: red\n", "field colour not found"},
		{"duplicate id", good + strings.TrimPrefix(good, "name: x\ndocuments:\n"), "duplicate id"},
		{"bad date", strings.Replace(good, "2011-09-12", "2011-13-01", 1), "month out of range"},
		{"short date", strings.Replace(good, "2011-09-12", "2011", 1), "not YYYY-MM-DD"},
		{"missing file", strings.Replace(good, "sco-code-2011", "nope", 1), "file does not exist"},
		{"bad id", strings.Replace(good, "id: a", "id: A b", 1), "does not match"},
		{"bad provenance", strings.Replace(good, "paraphrased", "guessed", 1), "provenance"},
		{"position without reference", good + "    position: 1.0\n", "non-reference"},
		{"position out of range", good + "    role: reference\n    position: 2.5\n", "outside [-1, 1]"},
		{"repeated quoted marker", good + "    quoted: [b, b]\n", "repeated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := parseManifest([]byte(tt.yaml))
			var msgs []string
			if err != nil {
				msgs = append(msgs, err.Error())
			} else {
				for _, e := range validateManifest(m, FS()) {
					msgs = append(msgs, e.Error())
				}
			}
			all := strings.Join(msgs, "\n")
			if tt.wantErr == "" {
				if all != "" {
					t.Fatalf("unexpected errors:\n%s", all)
				}
				return
			}
			if !strings.Contains(all, tt.wantErr) {
				t.Fatalf("errors %q do not mention %q", all, tt.wantErr)
			}
		})
	}
}

// TestQuotedProvisionsInSeed checks that every provision listed under "quoted" is, word for
// word, a quotation from the seed commentary.
func TestQuotedProvisionsInSeed(t *testing.T) {
	seed := loadSeed(t)
	m := loadManifest(t)
	n := 0
	for _, d := range m.Documents {
		text := readText(t, d.Path)
		for _, q := range d.Quoted {
			n++
			t.Run(d.ID+":"+q, func(t *testing.T) {
				prov, err := extractProvision(text, q)
				if err != nil {
					t.Fatal(err)
				}
				if strings.ContainsAny(prov, "“”\"") {
					t.Errorf("quoted provision %q contains quotation marks: a quoted provision is the quotation itself", prov)
				}
				if err := checkVerbatim(prov, seed, 8); err != nil {
					t.Error(err)
				}
			})
		}
	}
	if n == 0 {
		t.Fatal("no quoted provisions checked")
	}
}

// TestQuotedSpansInSeed checks that quotation marks anywhere in the texts always enclose the
// seed's own words.
func TestQuotedSpansInSeed(t *testing.T) {
	seed := loadSeed(t)
	m := loadManifest(t)
	total := 0
	for _, d := range m.Documents {
		t.Run(d.ID, func(t *testing.T) {
			spans, err := quotedSpans(readText(t, d.Path))
			if err != nil {
				t.Fatal(err)
			}
			total += len(spans)
			for _, s := range spans {
				if err := checkVerbatim(s, seed, 1); err != nil {
					t.Error(err)
				}
			}
		})
	}
	if total == 0 {
		t.Fatal("no quoted spans found in any text")
	}
}

// TestCheckersCanFail runs the extraction and verbatim checks on synthetic texts, so a broken
// checker (one that accepts anything) is caught.
func TestCheckersCanFail(t *testing.T) {
	seed := loadSeed(t)
	tests := []struct {
		name, text, marker string
		wantErr            bool
	}{
		{"exact", "(h) lead all elements of society, including its information and communication private\n" +
			"sectors, to understand their roles and responsibilities with regard to information security\n", "h", false},
		{"altered word", "(h) lead all elements of society, including its information and communication public\n" +
			"sectors, to understand their roles and responsibilities with regard to information security\n", "h", true},
		{"hyphenated wrap", "9. cooperate fully with other interested parties in encouraging a deeper under-\n" +
			"standing by all elements in society\n", "9", false},
		{"wrap at a real hyphen is not undone", "9. cooperate fully with other interested parties in encouraging a deeper\n" +
			"understanding by all elements in society, including the private sector and civil-\n" +
			"society institutions\n", "9", true},
		{"across a page break", "10. develop confidence-building measures aimed at increasing predictability and\n\n\n" +
			"2                     15-00368\n\fA/69/723\n\nreducing the likelihood of misunderstanding\n", "10", false},
		{"stops at next marker", "(b) [n]ot to . . . proliferate information weapons or related technologies\n" +
			"(c) and something else entirely\n", "b", false},
		{"runs into next paragraph", "(b) [n]ot to . . . proliferate information weapons or related technologies\n" +
			"and something else entirely\n", "b", true},
		{"missing marker", "(g) To seek to establish international Internet governance.\n", "h", true},
		{"duplicate marker", "(h) lead all elements of society\n\n(h) lead all elements of society\n", "h", true},
		{"too short", "(e) information space\n", "e", true},
		{"CRLF", "E. all governments should have an equal role and responsibility for international\r\n" +
			"Internet governance\r\n", "E", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prov, err := extractProvision(tt.text, tt.marker)
			if err == nil {
				err = checkVerbatim(prov, seed, 4)
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v (provision %q)", err, tt.wantErr, prov)
			}
		})
	}
}

func TestQuotedSpansRejects(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
		wantErr    bool
	}{
		{"two spans", "6. States have “rights and responsibilities” for their “information space”.\n",
			[]string{"rights and responsibilities", "information space"}, false},
		{"span across wrap", "7. the right to “seek, receive\nand impart” information\n", []string{"seek, receive and impart"}, false},
		{"unbalanced", "7. the right to “seek, receive and impart information\n", nil, true},
		{"none", "plain text\n", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := quotedSpans(tt.text)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if !tt.wantErr && !slices.Equal(got, tt.want) {
				t.Fatalf("spans = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestMarkers pins the operative markers of every text, so a hard-wrapped line that happens
// to look like a marker, or a lost provision, is caught.
func TestMarkers(t *testing.T) {
	m := loadManifest(t)
	want := map[string][]string{
		"sco-code-2011":     {"b", "e", "f", "g", "h"},
		"sco-code-2015":     {"6", "7", "8", "9", "10"},
		"wcit-2012-res3":    {"E"},
		"gge-2013":          {"16", "19"},
		"tunis-agenda-2005": {"35"},
		"netmundial-2014":   {"1", "2", "3"},
	}
	for _, id := range sortedKeys(want) {
		t.Run(id, func(t *testing.T) {
			got := markersOf(readText(t, docByID(t, m, id).Path))
			if !slices.Equal(got, want[id]) {
				t.Errorf("markers = %v, want %v", got, want[id])
			}
		})
	}
}

// TestContent checks the provisions the brief requires, and the omissions that matter.
func TestContent(t *testing.T) {
	m := loadManifest(t)
	tests := []struct {
		name, doc, marker string // marker "" means the whole text
		phrase            string
		absent            bool
	}{
		{"2011 b information weapons", "sco-code-2011", "b", "proliferate information weapons", false},
		{"2011 e information space", "sco-code-2011", "e", `"information space"`, false},
		{"2011 g multilateral", "sco-code-2011", "g", "multilateral, transparent and democratic", false},
		{"2011 h lead", "sco-code-2011", "h", "lead all elements of society", false},
		{"2015 6 rights and responsibilities", "sco-code-2015", "6", `"rights and responsibilities"`, false},
		{"2015 7 seek receive impart", "sco-code-2015", "7", `"seek, receive and impart"`, false},
		{"2015 8 same role", "sco-code-2015", "8", "All States must play the same role", false},
		{"2015 8 multilateral", "sco-code-2015", "8", "multilateral, transparent and democratic", false},
		{"2015 9 other interested parties", "sco-code-2015", "9", "other interested parties", false},
		{"2015 10 CBMs", "sco-code-2015", "10", "confidence-building measures", false},
		{"2015 no information weapons", "sco-code-2015", "", "information weapons", true},
		{"2015 cites GGE norms", "sco-code-2015", "", `"norms derived from existing international law"`, false},
		{"2015 cites over time", "sco-code-2015", "", `"over time"`, false},
		{"2015 omits the Charter", "sco-code-2015", "", "Charter", true},
		{"2015 sponsors", "sco-code-2015", "", "Kazakhstan, Kyrgyzstan", false},
		{"WCIT E equal role", "wcit-2012-res3", "E", "equal role and responsibility", false},
		{"WCIT interoperability", "wcit-2012-res3", "", `"global interconnection and interoperability"`, false},
		{"GGE 16 over time", "gge-2013", "16", `"over time"`, false},
		{"GGE 19 Charter", "gge-2013", "19", "Charter of the United Nations", false},
		{"Tunis 35 respective roles", "tunis-agenda-2005", "35", "respective roles", false},
		{"NETmundial bottom-up", "netmundial-2014", "1", "bottom-up", false},
		{"NETmundial free flow", "netmundial-2014", "2", "free flow of information", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := readText(t, docByID(t, m, tt.doc).Path)
			hay := normalize(strings.Join(paragraphs(text), "\n"))
			if tt.marker != "" {
				p, err := extractProvision(text, tt.marker)
				if err != nil {
					t.Fatal(err)
				}
				hay = normalize(p)
			}
			if got := strings.Contains(hay, tt.phrase); got == tt.absent {
				t.Errorf("%s marker %q: contains %q = %v, want %v", tt.doc, tt.marker, tt.phrase, got, !tt.absent)
			}
		})
	}
}

var jobRe = regexp.MustCompile(`(?m)^\d{2}-\d{5} \(E\)\r?$`)

// TestLayout checks that each text looks like text extracted from the official PDFs.
func TestLayout(t *testing.T) {
	m := loadManifest(t)
	crlf, formFeed := 0, 0
	for _, d := range m.Documents {
		t.Run(d.ID, func(t *testing.T) {
			raw := readText(t, d.Path)
			if !utf8.ValidString(raw) || strings.ContainsRune(raw, 0) {
				t.Fatal("not valid UTF-8 text")
			}
			if strings.Contains(raw, "\r\n") {
				crlf++
				if strings.Count(raw, "\n") != strings.Count(raw, "\r\n") {
					t.Error("mixes CRLF and LF line endings")
				}
			}
			if strings.Contains(raw, "\f") {
				formFeed++
			}
			if !strings.HasSuffix(raw, "\n") {
				t.Error("does not end with a newline")
			}
			if strings.ContainsAny(raw, "\t\"") {
				t.Error("contains a tab or a straight double quote (use curly quotes for the seed's words)")
			}
			for i, l := range strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n") {
				l = strings.TrimPrefix(l, "\f")
				if n := utf8.RuneCountInString(l); n > 95 {
					t.Errorf("line %d has %d columns, want at most 95", i+1, n)
				}
				if strings.TrimRight(l, " ") != l {
					t.Errorf("line %d has trailing spaces", i+1)
				}
			}
			if hyphenBreaks(raw) == 0 {
				t.Error("no word is hyphenated across a line end")
			}
			if sym := d.Metadata["symbol"]; sym != "" {
				first, _, _ := strings.Cut(raw, "\n")
				if !strings.HasPrefix(first, "United Nations") || !strings.HasSuffix(strings.TrimRight(first, "\r"), sym) {
					t.Errorf("first line %q is not a UN header with %s", first, sym)
				}
				for _, want := range []string{"General Assembly", "Distr.: General", "session"} {
					if !strings.Contains(raw, want) {
						t.Errorf("header lacks %q", want)
					}
				}
				if !jobRe.MatchString(raw) {
					t.Error("no job-number footer like 11-49688 (E)")
				}
				for i, page := range bytes.Split([]byte(raw), []byte("\f"))[1:] {
					if !bytes.HasPrefix(page, []byte(sym+"\n")) && !bytes.HasPrefix(page, []byte(sym+"\r\n")) {
						t.Errorf("page %d does not start with the running header %s", i+2, sym)
					}
				}
			}
		})
	}
	if crlf == 0 || formFeed == 0 {
		t.Errorf("%d files use CRLF and %d use form feeds; want at least one of each", crlf, formFeed)
	}
}

// TestFurniture checks that page furniture is recognised and ordinary lines are not.
func TestFurniture(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"11-49688 (E)", true},
		{"2                                    11-49688", true},
		{"11-49688                                    3", true},
		{"A/66/359", true},
		{"- 1 -", true},
		{"1", true},
		{"1. Internet governance should be built", false},
		{"received on the draft circulated in 2011 (A/66/359).", false},
		{"Dubai, 2012", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			if got := isFurniture(tt.line); got != tt.want {
				t.Errorf("isFurniture(%q) = %v, want %v", tt.line, got, tt.want)
			}
		})
	}
}

func FuzzExtractProvision(f *testing.F) {
	m := loadManifest(f)
	for _, d := range m.Documents {
		text := readText(f, d.Path)
		for _, mk := range markersOf(text) {
			f.Add(text, mk)
		}
	}
	f.Add("(a)\n\f\r\n-\n", "a")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, text, marker string) {
		p, err := extractProvision(text, marker)
		if err != nil {
			return
		}
		if strings.Contains(p, "\n") {
			t.Errorf("provision %q spans lines after joining", p)
		}
		if n := normalize(p); normalize(n) != n {
			t.Errorf("normalize is not idempotent on %q", p)
		}
		_, _ = quotedSpans(text)
		_ = markersOf(text)
	})
}

func BenchmarkReadCorpus(b *testing.B) {
	m := loadManifest(b)
	for b.Loop() {
		for _, d := range m.Documents {
			if _, err := fs.ReadFile(FS(), d.Path); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkExtractProvision(b *testing.B) {
	text := readText(b, "texts/sco-code-2015.txt")
	for b.Loop() {
		if _, err := extractProvision(text, "10"); err != nil {
			b.Fatal(err)
		}
	}
}
