package report

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/results"
)

var update = flag.Bool("update", false, "rewrite testdata/golden files")

func render(t testing.TB, dir string) []byte {
	t.Helper()
	r, err := Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestGoldenHTML pins report.html for testdata/fixture (the default corpus's reports plus
// synthetic stance, shift, concept and reuse reports). Run with -update after an intended change.
func TestGoldenHTML(t *testing.T) {
	got := render(t, "testdata/fixture")
	golden := filepath.Join("testdata", "golden", "fixture.html")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if bytes.Contains(got, []byte("ZgotmplZ")) {
		t.Errorf("html/template rejected a value (ZgotmplZ) in the fixture report")
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report.html differs from %s (%d vs %d bytes); run go test ./results/report -run Golden -update and review the diff", golden, len(got), len(want))
	}
}

// copyDir copies the CSV files of src into a new temporary folder, leaving out the names in skip.
func copyDir(t testing.TB, src string, skip ...string) string {
	t.Helper()
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".csv") || contains(skip, e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var optional = []string{"stance.csv", "document_scores.csv", "shifts.csv", "concept_mentions.csv", "concept_changes.csv", "reuse.csv"}

// TestSections checks what each report adds, by building with all of them and with each left out.
func TestSections(t *testing.T) {
	full := string(render(t, "testdata/fixture"))
	tests := []struct {
		name    string
		skip    []string
		present []string // in the full report, gone when skip is left out
		always  []string // in both
	}{
		{"stance", []string{"stance.csv"}, []string{"<th>confidence</th>", "evidence (dictionary): same role"}, []string{`id="prov-sco-code-2015:8"`}},
		{"shifts", []string{"shifts.csv"}, []string{`name="direction"`, "charts/shift-sco-code-of-conduct-dictionary.svg"}, []string{"charts/similarity-sco-code-of-conduct.svg"}},
		{"document scores", []string{"document_scores.csv"}, []string{"Document score:", "charts/docscore-sco-code-of-conduct.svg"}, []string{"charts/provisions-sco-code-of-conduct.svg"}},
		{"concept mentions", []string{"concept_mentions.csv"}, []string{`name="concept"`, "concept equal_role", "charts/concepts.svg"}, []string{"charts/keyphrases.svg"}},
		{"concept changes", []string{"concept_changes.csv"}, []string{"Concepts added", "Concepts dropped", "Concepts kept"}, []string{"Key phrases added"}},
		{"reuse", []string{"reuse.csv"}, []string{"reuses <a href=\"#prov-wcit-2012-res3:E\">", `title="text reused from wcit-2012-res3:E"`}, []string{"Key phrases dropped"}},
		{"all optional", optional, []string{"<th>model</th>"}, []string{`name="status"`, `title="entity STATE CHN" data-t="state"`, "<del>", "<ins>", `id="prov-tunis-agenda-2005:35"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(render(t, copyDir(t, "testdata/fixture", tt.skip...)))
			for _, s := range tt.present {
				if !strings.Contains(full, s) && !strings.Contains(full, strings.TrimSuffix(strings.TrimPrefix(s, "charts/"), ".svg")) {
					t.Errorf("full report lacks %q", s)
				}
				if strings.Contains(got, s) {
					t.Errorf("without %v the report still has %q", tt.skip, s)
				}
			}
			for _, s := range tt.always {
				if !strings.Contains(got, s) {
					t.Errorf("without %v the report lacks %q", tt.skip, s)
				}
			}
		})
	}
}

// TestEveryProvisionAnchored checks the documented anchor of every provision appears exactly once.
func TestEveryProvisionAnchored(t *testing.T) {
	in, err := readInputs("testdata/fixture")
	if err != nil {
		t.Fatal(err)
	}
	html := string(render(t, "testdata/fixture"))
	for _, p := range in.provs {
		if n := strings.Count(html, `id="`+Anchor(p.ID)+`"`); n != 1 {
			t.Errorf("%s: anchor %q appears %d times", p.ID, Anchor(p.ID), n)
		}
	}
	if strings.Contains(html, "Notes</h2>") {
		t.Errorf("the fixture's diffs and offsets should all map; notes section present")
	}
}

func TestAnchor(t *testing.T) {
	tests := []struct{ name, id, want string }{
		{"plain", "sco-code-2015:8", "prov-sco-code-2015:8"},
		{"at and dot", "gpl@2.v:iv", "prov-gpl@2.v:iv"},
		{"space and tilde", "a b~", "prov-a~20b~7E"},
		{"markup", `"><x`, "prov-~22~3E~3Cx"},
		{"utf8", "é", "prov-~C3~A9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Anchor(tt.id); got != tt.want {
				t.Errorf("Anchor(%q) = %q, want %q", tt.id, got, tt.want)
			}
		})
	}
}

// escapeIDPlain is escapeID as it was: a new string, built a byte at a time.
func escapeIDPlain(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._:@-", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "~%02X", c)
		}
	}
	return b.String()
}

// FuzzEscapeID: escapeID gives escapeIDPlain's string.
func FuzzEscapeID(f *testing.F) {
	for _, s := range []string{"", "sco-code-2015:8", "gpl@2.v:iv", "a b~", `"><x`, "é", "x\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := escapeID(s), escapeIDPlain(s); got != want {
			t.Fatalf("escapeID(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestBuildErrors: a malformed or missing report is an error naming the file and line.
func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		content string // "" removes the file
		want    string
	}{
		{"missing documents", "documents.csv", "", "report: open"},
		{"missing provisions", "provisions.csv", "", "provisions.csv"},
		{"empty file", "alignment.csv", " ", "alignment.csv: line 1: empty file"},
		{"header lacks column", "stance.csv", "provision_id,doc_id,model,score\n", "stance.csv: line 1: header lacks column(s) se, ci_low, ci_high, label, confidence, evidence"},
		{"duplicate column", "reuse.csv", "score,score\n", `reuse.csv: line 1: duplicate column "score"`},
		{"bad float", "shifts.csv", "instrument,from_provision,to_provision,status,model,score_from,score_to,delta,direction,evidence_added,evidence_removed\ni,a,b,modified,m,0.1,x,0,none,,\n", `shifts.csv: line 2: column score_to: "x" is not a finite number`},
		{"infinite float", "document_scores.csv", "doc_id,instrument,version,model,score,se,ci_low,ci_high,rescaled_lbg,rescaled_mv\nd,i,1,m,Inf,,,,,\n", `line 2: column score: "Inf" is not a finite number`},
		{"negative offset", "entities.csv", "provision_id,doc_id,start,end,text,type,canonical_id,source\np,d,-1,2,x,STATE,X,g\n", `entities.csv: line 2: column start: "-1" is not a non-negative integer`},
		{"ragged row", "concept_mentions.csv", "provision_id,doc_id,concept,start,end,matched_text\np,d,c,0,1\n", "concept_mentions.csv: record on line 2: wrong number of fields"},
		{"bad quote", "reuse.csv", "source_provision,target_provision,source_doc,target_doc,score,aligned_words,source_start,source_end,target_start,target_end,source_passage,target_passage\na,b,c,d,1,1,0,1,0,1,\"x\"y,z\n", "reuse.csv: parse error on line 2"},
		{"bad evidence", "stance.csv", "provision_id,doc_id,model,score,se,ci_low,ci_high,label,confidence,evidence\np,d,m,1,,,,neutral,,nocolon\n", `stance.csv: line 2: column evidence: "nocolon" is not term:contribution`},
		{"multi-line record line", "stance.csv", "provision_id,doc_id,model,score,se,ci_low,ci_high,label,confidence,evidence\n\"p\nq\",d,m,1,,,,neutral,,\np,d,m,z,,,,neutral,,\n", `stance.csv: line 4: column score`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyDir(t, "testdata/fixture")
			path := filepath.Join(dir, tt.file)
			var err error
			if tt.content == "" {
				err = os.Remove(path)
			} else {
				err = os.WriteFile(path, []byte(strings.TrimSpace(tt.content)+"\n"), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = Build(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "report: ") {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

var (
	tagRE    = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>`)
	quotedRE = regexp.MustCompile(`"[^"]*"`)
	allowed  = map[string]bool{"html": true, "head": true, "meta": true, "title": true, "style": true, "body": true,
		"header": true, "h1": true, "h2": true, "h3": true, "h4": true, "p": true, "span": true, "del": true, "ins": true,
		"code": true, "nav": true, "ol": true, "ul": true, "li": true, "a": true, "form": true, "fieldset": true,
		"legend": true, "label": true, "input": true, "select": true, "option": true, "button": true, "main": true,
		"section": true, "div": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
		"figure": true, "img": true, "figcaption": true, "q": true, "strong": true, "br": true, "script": true}
)

// TestEscaping builds testdata/xss, whose texts, diff, ids, entities, evidence, concepts and
// passages carry <script>, "><img onerror> and javascript: payloads, and checks none of them
// becomes markup.
func TestEscaping(t *testing.T) {
	html := string(render(t, "testdata/xss"))
	if n := strings.Count(strings.ToLower(html), "<script"); n != 1 {
		t.Errorf("%d <script tags, want 1 (the report's own)", n)
	}
	if !strings.Contains(html, "<script>"+script+"</script>") {
		t.Errorf("the report's own script is not intact")
	}
	for _, m := range tagRE.FindAllStringSubmatch(html, -1) {
		name, attrs := strings.ToLower(m[2]), m[3]
		if !allowed[name] {
			t.Errorf("unexpected element <%s%s>", m[2], attrs)
		}
		bare := quotedRE.ReplaceAllString(attrs, `""`)
		if regexp.MustCompile(`(?i)\son[a-z]+\s*=`).MatchString(bare) {
			t.Errorf("event-handler attribute in %s", m[0])
		}
		if strings.Contains(bare, "'") || strings.Contains(bare, "=") && !regexp.MustCompile(`^(\s+[a-z-]+(="")?)*\s*/?$`).MatchString(bare) {
			t.Errorf("unquoted or odd attribute in %s", m[0])
		}
		for _, v := range quotedRE.FindAllString(attrs, -1) {
			lv := strings.ToLower(v)
			if strings.Contains(lv, "javascript:") && (strings.Contains(m[0], "href=") || strings.Contains(m[0], "src=")) &&
				regexp.MustCompile(`(?i)(href|src)="javascript:`).MatchString(m[0]) {
				t.Errorf("javascript: URL in %s", m[0])
			}
		}
		if name == "img" && !strings.Contains(attrs, `src="data:image/svg&#43;xml;base64,`) {
			t.Errorf("img that is not a chart: %s", m[0])
		}
	}
	for _, want := range []string{
		"&lt;script&gt;window.__xss=1&lt;/script&gt;",                          // provision text, diff
		"&#34;&gt;&lt;img src=x onerror=window.__xss=2&gt;",                    // text
		"ea&gt;&lt;/style&gt;&lt;/script&gt;&lt;svg onload=window.__xss=4&gt;", // added provision
		`<del>States shall <span class="ev ev-sc"`,                             // diff parsed, evidence term highlighted
	} {
		if !strings.Contains(html, want) {
			t.Errorf("escaped payload %q not found", want)
		}
	}
	if strings.Contains(html, "ZgotmplZ") {
		t.Logf("note: html/template replaced an unsafe value with ZgotmplZ")
	}
}

// TestDeterministic: the same CSVs give byte-identical HTML, SVG and PNG.
func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		src := copyDir(t, "testdata/fixture")
		names, err := Write(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			data, err := os.ReadFile(filepath.Join(src, n))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Dir(filepath.Join(d, n)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(d, n), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	names, _ := filepath.Glob(filepath.Join(a, "*", "*"))
	names = append(names, filepath.Join(a, "report.html"))
	if len(names) < 10 {
		t.Fatalf("only %d files written", len(names))
	}
	for _, n := range names {
		rel, _ := filepath.Rel(a, n)
		x, _ := os.ReadFile(n)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs (%v)", rel, err)
		}
	}
}

// TestWrite checks the files Write reports exist, charts come in SVG and PNG, stale charts are
// removed and a cancelled context leaves report.html as it was.
func TestWrite(t *testing.T) {
	dir := copyDir(t, "testdata/fixture")
	stale := filepath.Join(dir, "charts", "old-chart.svg")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("<svg/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	names, err := Write(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if names[len(names)-1] != "report.html" {
		t.Errorf("last file %q, want report.html", names[len(names)-1])
	}
	nsvg, npng := 0, 0
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Ext(n) {
		case ".svg":
			nsvg++
			if !bytes.Contains(b, []byte("<svg")) {
				t.Errorf("%s is not SVG", n)
			}
		case ".png":
			npng++
			if !bytes.HasPrefix(b, []byte("\x89PNG")) {
				t.Errorf("%s is not PNG", n)
			}
		}
	}
	// 5 instruments x (document score) + 2 models x shift (one instrument with versions) + concepts.
	if nsvg != 8 || npng != 8 {
		t.Errorf("%d SVG, %d PNG charts, want 8 each: %v", nsvg, npng, names)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale chart not removed: %v", err)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	if n := bytes.Count(html, []byte(`<img src="data:image/svg&#43;xml;base64,`)); n != nsvg {
		t.Errorf("%d inline charts, want %d", n, nsvg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := os.WriteFile(filepath.Join(dir, "provisions.csv"), []byte("provision_id,doc_id,instrument,version,ordinal,marker,section,provenance,text\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(ctx, dir); err == nil {
		t.Errorf("cancelled Write succeeded")
	}
	after, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	if !bytes.Equal(after, html) {
		t.Errorf("cancelled Write changed report.html")
	}
}

func TestFindTerm(t *testing.T) {
	tests := []struct {
		name, text, term string
		want             [][2]int
	}{
		{"word", "All States must", "states", [][2]int{{4, 10}}},
		{"stem", "statesman", "states", [][2]int{{0, 9}}}, // single word, no whole-word match: stem to word end
		{"whole word preferred", "states statesman", "states", [][2]int{{0, 6}}},
		{"phrase", "the same role in", "same role", [][2]int{{4, 13}}},
		{"phrase not a stem", "the same roles", "same role", nil},
		{"glob", "equal responsibility for", "equal responsibilit*", [][2]int{{0, 20}}},
		{"two matches", "Internet and internet", "internet", [][2]int{{0, 8}, {13, 21}}},
		{"empty term", "abc", "*", nil},
		{"unicode text", "São Paulo", "paulo", [][2]int{{5, 10}}},
		{"no match", "abc", "xyz", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findTerm(tt.text, tt.term)
			if len(got) != len(tt.want) {
				t.Fatalf("findTerm(%q, %q) = %v, want %v", tt.text, tt.term, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("findTerm(%q, %q) = %v, want %v", tt.text, tt.term, got, tt.want)
				}
			}
			// findTermLower appends to the matches it is given (the stem's second search
			// included: it starts when the whole-word search added nothing)
			before := [][2]int{{-1, -1}}
			appended := findTermLower(before, tt.text, strings.ToLower(tt.text), tt.term)
			if !slices.Equal(appended, append([][2]int{{-1, -1}}, tt.want...)) {
				t.Errorf("findTermLower(%v, %q, %q) = %v, want %v after it", before, tt.text, tt.term, appended, tt.want)
			}
		})
	}
}

// TestRenderDiff checks annotations land on the right words of a diff whose white space differs
// from the texts, and that a diff that does not spell its text is detected.
func TestRenderDiff(t *testing.T) {
	from := "To seek to establish governance."
	to := "States are to be governance."
	diff := "[-To seek-] {+States are+} to [-establish-] {+be+} governance."
	segs := ParseDiff(diff)
	views, fok, tok := renderDiff(segs, from, to,
		[]span{{3, 7, "ev", "seek"}}, []span{{0, 6, "ent", "States"}, {17, 27, "con", "gov"}})
	if !fok || !tok {
		t.Fatalf("mapping failed: %v %v", fok, tok)
	}
	var got []string
	for _, v := range views {
		for _, p := range v.Pieces {
			if p.Class != "" {
				got = append(got, v.Op+":"+p.Class+":"+p.Text)
			}
		}
	}
	want := []string{"del:ev:seek", "ins:ent:States", "eq:con:governance"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("annotated pieces %q, want %q", got, want)
	}
	if _, fok, tok := renderDiff(segs, "something else", to, nil, nil); fok || !tok {
		t.Errorf("mismatched earlier text: fromOK=%v toOK=%v, want false true", fok, tok)
	}
}

// TestFmtRounded: fmtNum and fmtSigned give what they gave through results.FormatRounded.
func TestFmtRounded(t *testing.T) {
	old := func(f float64, signed bool) string {
		if math.IsNaN(f) {
			return "–"
		}
		s := results.FormatRounded(f, 3)
		if signed && f > 0 && s != "0" {
			return "+" + s
		}
		return s
	}
	values := []float64{0, math.Copysign(0, -1), 1, -1, 0.0004, -0.0004, 0.0005, -0.0005, 0.1, 0.25, -0.125, 100, 1e21, -1e-9,
		123456.7891, math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, math.SmallestNonzeroFloat64}
	rng := rand.New(rand.NewPCG(9, 10))
	for range 20000 {
		values = append(values, (rng.Float64()-0.5)*math.Pow(10, float64(rng.IntN(12)-6)))
	}
	for _, f := range values {
		for _, signed := range []bool{false, true} {
			want := old(f, signed)
			got := fmtNum(f)
			if signed {
				got = fmtSigned(f)
			}
			if got != want {
				t.Fatalf("%v (signed %v): %q, want %q", f, signed, got, want)
			}
			// appended after a term, as evidence's Shown is made
			if got := string(appendRounded([]byte("term "), f, signed)); got != "term "+want {
				t.Fatalf("appendRounded(\"term \", %v, %v) = %q, want %q", f, signed, got, "term "+want)
			}
		}
	}
}

func TestMergeSorted(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b []string
		want []string
	}{
		{"both empty", nil, nil, []string{}},
		{"one empty", []string{"a", "c"}, nil, []string{"a", "c"}},
		{"other empty", nil, []string{"b"}, []string{"b"}},
		{"equal", []string{"a", "b"}, []string{"a", "b"}, []string{"a", "b"}},
		{"interleaved", []string{"a", "c", "e"}, []string{"b", "c", "d", "f"}, []string{"a", "b", "c", "d", "e", "f"}},
		{"prefixes", []string{"con", "con_x"}, []string{"co", "con"}, []string{"co", "con", "con_x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := mergeSorted(tc.a, tc.b); !slices.Equal(got, tc.want) {
				t.Errorf("mergeSorted(%q, %q) = %q, want %q", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

// FuzzConceptKey: conceptKey is the concept's fields (strings.Fields) joined by "_", for ASCII
// ids with and without white space and for Unicode spaces (U+0085, U+00A0, U+3000).
func FuzzConceptKey(f *testing.F) {
	for _, s := range []string{"", "sovereignty", "role_of_states", "human rights", " a\tb\n", "a\u00a0b", "x\u0085y", "\u3000", "é", "\xff a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, c string) {
		if got, want := conceptKey(c), strings.Join(strings.Fields(c), "_"); got != want {
			t.Fatalf("conceptKey(%q) = %q, want %q", c, got, want)
		}
	})
}

// fixed3Seeds are values of FuzzAppendFixed3: exact ties of thousandths (half to even), their
// neighbours, zeros, values rounding to zero, and the ends of appendFixed3's own path.
var fixed3Seeds = []float64{0, math.Copysign(0, -1), 0.0625, -0.0625, 0.1875, 0.3125, 1.0625, 2.4375, 1e-300, -1e-300,
	math.SmallestNonzeroFloat64, 0.0005, -0.0005, 0.0004999999, 0.00050000001, 0.9995, 999999999999.9995, 1e12,
	math.Nextafter(1e12, 0), -math.Nextafter(1e12, 0), 123456.7891, math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64,
	math.Nextafter(0.0625, 1), math.Nextafter(0.0625, 0), 0.25, 0.2499999999999999, 4503599627.3705, 0.1 + 0.2}

// FuzzAppendFixed3: appendFixed3 appends what strconv.AppendFloat(dst, f, 'f', 3, 64) does.
func FuzzAppendFixed3(f *testing.F) {
	for _, v := range fixed3Seeds {
		f.Add(math.Float64bits(v))
	}
	f.Fuzz(func(t *testing.T, bits uint64) {
		checkFixed3(t, math.Float64frombits(bits))
	})
}

// TestAppendFixed3 runs FuzzAppendFixed3's check on its seeds, on every exact tie of
// thousandths below 20 and its neighbours, and on random values of every magnitude.
func TestAppendFixed3(t *testing.T) {
	values := slices.Clone(fixed3Seeds)
	for k := 125; k < 40000; k += 250 { // k/2000: a thousandth and a half, exactly
		v := float64(k) / 2000
		values = append(values, v, -v, math.Nextafter(v, 0), math.Nextafter(v, 1))
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for range 200000 {
		values = append(values, math.Float64frombits(rng.Uint64()), (rng.Float64()-0.5)*math.Pow(10, float64(rng.IntN(30)-15)))
	}
	for _, v := range values {
		checkFixed3(t, v)
	}
}

func checkFixed3(t *testing.T, v float64) {
	t.Helper()
	want := strconv.AppendFloat([]byte("x "), v, 'f', 3, 64)
	if got := appendFixed3([]byte("x "), v); !bytes.Equal(got, want) {
		t.Fatalf("appendFixed3(%v [%#x]) = %q, want %q", v, math.Float64bits(v), got, want)
	}
}
