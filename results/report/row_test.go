package report

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// rowTemplate is the "row" template the pages used before writeRow (html.go at 3b703ed), kept
// as the reference writeRow must reproduce byte for byte, with the branch for Repeat rows added
// since (the text, fallback and stance table replaced by a link).
var rowTemplate = template.Must(template.New("row").Parse(`<section class="prov"{{with .Anchor}} id="{{.}}"{{end}} data-status="{{.Status}}" data-direction="{{.DataDir}}" data-concepts="{{.DataConcepts}}">
{{range .ExtraAnchors}}<span id="{{.}}"></span>{{end}}
<div class="head"><span class="badge b-{{.Status}}">{{.StatusLabel}}</span>
{{if .Aligned}}<span>{{if .From}}{{if .FromHref}}<a href="{{.FromHref}}">{{.From}}</a>{{else}}{{.From}}{{end}}{{else}}—{{end}} → {{if .To}}{{if .ToHref}}<a href="{{.ToHref}}">{{.To}}</a>{{else}}{{.To}}{{end}}{{else}}—{{end}}</span>
{{if and .From .To}}<span>similarity {{.Similarity}}</span>{{end}}<span>+{{.WordsAdded}} / −{{.WordsDeleted}} words</span>{{else}}<span>{{if .ToHref}}<a href="{{.ToHref}}">{{.To}}</a>{{else}}{{.To}}{{end}}</span>{{end}}
{{range .Shifts}}<span class="dir-{{.Direction}}">{{.Model}}: {{.From}} → {{.To}} ({{.Delta}}, {{.Arrow}})</span>{{end}}
</div>
{{if .Repeat}}<div class="small repeat">Unchanged: text, annotations and stance rows as at <a href="{{.Repeat}}">{{.RepeatOf}}</a></div>
{{with .Concepts}}<div class="small">Concepts: {{range $i, $c := .}}{{if $i}}, {{end}}<span class="con">{{$c}}</span>{{end}}</div>{{end}}{{else}}<div class="text">{{.TextHTML}}</div>
{{range .Fallback}}<div class="small">{{.Label}}:</div><div class="text">{{.Seg.HTML}}</div>{{end}}
{{with .Concepts}}<div class="small">Concepts: {{range $i, $c := .}}{{if $i}}, {{end}}<span class="con">{{$c}}</span>{{end}}</div>{{end}}
{{with .Stances}}<table><thead><tr><th>model</th><th>version</th><th>provision</th><th>score</th><th>CI</th><th>label</th><th>confidence</th><th>evidence</th></tr></thead><tbody>
{{range .}}<tr><td>{{.Model}}</td><td>{{.Side}}</td><td>{{.Provision}}</td><td>{{.Score}}</td><td>{{.CI}}</td><td>{{.Label}}</td><td>{{.Confidence}}</td><td>{{.Evidence}}</td></tr>
{{end}}</tbody></table>{{end}}{{end}}
{{range .Shifts}}{{if or .EvidenceAdded .EvidenceRemoved}}<div class="small">{{.Model}} evidence{{with .EvidenceAdded}} added: <ins>{{.}}</ins>{{end}}{{with .EvidenceRemoved}} removed: <del>{{.}}</del>{{end}}</div>{{end}}{{end}}
{{range .Reuse}}<div class="small">{{.Direction}} {{if .Href}}<a href="{{.Href}}">{{.Other}}</a>{{else}}{{.Other}}{{end}} (score {{.Score}}, {{.Words}} aligned words): <q class="reuse">{{.Passage}}</q></div>{{end}}
</section>
`))

// TestRowHTMLMatchesTemplate: writeRow writes exactly what the template wrote, for named rows
// and for random ones whose strings hold every character html/template escapes, non-ASCII and
// invalid UTF-8, and links that need percent-encoding.
func TestRowHTMLMatchesTemplate(t *testing.T) {
	seg := func(op string, texts ...string) segView {
		v := segView{Op: op}
		for i, s := range texts {
			p := piece{Text: s}
			if i%2 == 1 {
				p.Class, p.Title, p.EntType = "ent ent-org", "ITU <org> & \"x\"", "org"
			}
			v.Pieces = append(v.Pieces, p)
		}
		return v
	}
	named := []struct {
		name string
		rv   rowView
	}{
		{"empty", rowView{}},
		{"added provision", rowView{Anchor: "prov-a", Status: "added", StatusLabel: "added", To: "2015:7", ToHref: "#prov-2015%3A7",
			Segs: []segView{seg("ins", "Everyone has the right to ", "seek, receive", " and impart")}}},
		{"aligned pair", rowView{Anchor: "pair-1", ExtraAnchors: []string{"x1", "x\"2"}, Aligned: true, From: "(g)", To: "8",
			FromHref: "#p-g", ToHref: "inst-code.html#p-8", Status: "modified", StatusLabel: "modified", Similarity: "0.74",
			WordsAdded: 12, WordsDeleted: 3, DataDir: "toward_state_centric", DataConcepts: "sovereignty multilateralism",
			Segs:     []segView{seg("eq", "States "), seg("del", "should"), seg("ins", "shall")},
			Fallback: []fallbackView{{Label: "2011 text", Seg: seg("", "States should")}},
			Shifts: []shiftView{{Model: "dictionary", From: "0.5", To: "1", Delta: "+0.5", Direction: "toward_state_centric", Arrow: "→ state-centric",
				EvidenceAdded: "sovereign; same role", EvidenceRemoved: "other interested parties"}, {Model: "lss", From: "0.1", To: "0.1", Delta: "0"}},
			Stances:  []stanceView{{Model: "dictionary", Side: "to", Provision: "8", Score: "1", CI: "[0.2, 1]", Label: "state_centric", Confidence: "0.9", Evidence: "sovereign (+1)"}},
			Reuse:    []reuseView{{Direction: "reuses", Other: "wcit-res3:E", Href: "inst-wcit.html#p-E", Score: "0.8", Words: "40", Passage: "all governments should have an equal role"}, {Direction: "reused by", Other: "x"}},
			Concepts: []string{"sovereignty", "role_of_states"}}},
		{"aligned, one side missing", rowView{Aligned: true, From: "3", Status: "deleted", StatusLabel: "deleted"}},
		{"repeat", rowView{Anchor: "prov-2013:4", Aligned: true, From: "2012:4", To: "2013:4", FromHref: "#prov-2012:4", ToHref: "#prov-2013:4",
			Status: "unchanged", StatusLabel: "unchanged", Similarity: "1", Repeat: "#prov-2011:4", RepeatOf: "2011:4 <x>",
			Segs:     []segView{seg("eq", "States ", "shall")},
			Shifts:   []shiftView{{Model: "lss", From: "0.1", To: "0.1", Delta: "0", Direction: "none", Arrow: "no shift"}},
			Stances:  []stanceView{{Model: "lss", Side: "earlier", Provision: "2012:4", Score: "0.1"}},
			Reuse:    []reuseView{{Direction: "reuses", Other: "wcit-res3:E", Href: "inst-wcit.html#p-E", Score: "0.8", Words: "40", Passage: "p"}},
			Concepts: []string{"sovereignty"}}},
	}
	for _, tc := range named {
		t.Run(tc.name, func(t *testing.T) { checkRowHTML(t, &tc.rv) })
	}
	rng := rand.New(rand.NewPCG(7, 8))
	alphabet := []string{"a", "Z", "0", " ", "\"", "'", "&", "+", "<", ">", "\x00", "é", "—", "\xff", "%", "%2F", "#", "?", "=", "/", ":", "(", "\n", "javascript:", "\ufdd0"}
	str := func() string {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	strs := func() []string {
		out := make([]string, rng.IntN(3))
		for i := range out {
			out[i] = str()
		}
		return out
	}
	for i := range 500 {
		rv := rowView{Anchor: str(), ExtraAnchors: strs(), From: str(), To: str(), FromHref: template.URL(str()), ToHref: template.URL(str()),
			Status: str(), StatusLabel: str(), Similarity: str(), WordsAdded: rng.IntN(100), WordsDeleted: rng.IntN(100),
			Aligned: rng.IntN(2) == 0, DataDir: str(), DataConcepts: str(), Concepts: strs()}
		if rng.IntN(4) == 0 {
			rv.Repeat, rv.RepeatOf = template.URL(str()), str()
		}
		for range rng.IntN(3) {
			rv.Segs = append(rv.Segs, seg([]string{"eq", "del", "ins"}[rng.IntN(3)], strs()...))
		}
		for range rng.IntN(2) {
			rv.Fallback = append(rv.Fallback, fallbackView{Label: str(), Seg: seg("", strs()...)})
		}
		for range rng.IntN(3) {
			rv.Shifts = append(rv.Shifts, shiftView{Model: str(), From: str(), To: str(), Delta: str(), Direction: str(), Arrow: str(), EvidenceAdded: str(), EvidenceRemoved: str()})
		}
		for range rng.IntN(3) {
			rv.Stances = append(rv.Stances, stanceView{Model: str(), Side: str(), Provision: str(), Score: str(), CI: str(), Label: str(), Confidence: str(), Evidence: str()})
		}
		for range rng.IntN(3) {
			rv.Reuse = append(rv.Reuse, reuseView{Direction: str(), Other: str(), Score: str(), Words: str(), Passage: str(), Href: template.URL(str())})
		}
		if !checkRowHTML(t, &rv) {
			t.Fatalf("random row %d", i)
		}
	}
}

// TextHTML and HTML are what the reference template called for a row's text and a fallback
// segment (html.go before the rows were written by a method).
// TextHTML is the row's text: its diff segments, deleted ones in <del>, inserted ones in <ins>.
func (rv *rowView) TextHTML() template.HTML {
	var b bytes.Buffer
	for _, sg := range rv.Segs {
		sg.write(&b)
	}
	return template.HTML(b.String())
}

// HTML is the segment's text with its annotations, without a <del> or <ins> around it.
func (sg segView) HTML() template.HTML {
	var b bytes.Buffer
	sg.writePieces(&b)
	return template.HTML(b.String())
}

func checkRowHTML(t *testing.T, rv *rowView) bool {
	t.Helper()
	var want strings.Builder
	if err := rowTemplate.Execute(&want, rv); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	got.WriteString("before the row;") // writeRow appends
	rv.writeRow(&got)
	if got.String() != "before the row;"+want.String() {
		t.Errorf("writeRow:\n%s\ntemplate:\n%s", got.String(), want.String())
		return false
	}
	return true
}

// headTemplates are the "instrument" and "pair" templates the pages used before
// instView.writeHead and pairView.writeHead (html.go at 485de8a), kept as the references they
// must reproduce byte for byte.
var headTemplates = template.Must(template.New("heads").Parse(`{{define "instrument"}}
<section class="instrument" id="{{.Anchor}}">
<h2>{{.Name}}</h2>
<ol class="timeline" aria-label="Versions">{{range .Versions}}
<li id="{{.Anchor}}"><strong>{{.Version}}</strong>{{with .Date}} <span class="small">({{.}})</span>{{end}}<br>
<span class="small">{{.Title}}{{with .Role}} · {{.}}{{end}} · {{.NProvisions}} provisions, {{.NWords}} words · <code>{{.DocID}}</code></span>
{{with .Scores}}<br><span class="small">Document score: {{range $i, $s := .}}{{if $i}}; {{end}}{{$s}}{{end}}</span>{{end}}
{{with .TopPhrases}}<br><span class="small">Key phrases: {{range $i, $s := .}}{{if $i}}, {{end}}{{$s}}{{end}}</span>{{end}}
</li>{{end}}
</ol>
{{end}}{{define "pair"}}
<section class="pair" id="{{.Anchor}}">
<h3>{{.FromVer}} → {{.ToVer}} <span class="small">(<code>{{.FromDoc}}</code> → <code>{{.ToDoc}}</code>; {{range $i, $s := .NByStatus}}{{if $i}}, {{end}}{{$s}}{{end}})</span></h3>
{{if or .KPAdded .KPDropped .ConceptsAdded .ConceptsDropped .ConceptsKept}}<div class="changes">
{{with .ConceptsAdded}}<div><h4>Concepts added</h4><ul>{{range .}}<li>{{.}}</li>{{end}}</ul></div>{{end}}
{{with .ConceptsDropped}}<div><h4>Concepts dropped</h4><ul>{{range .}}<li>{{.}}</li>{{end}}</ul></div>{{end}}
{{with .ConceptsKept}}<div><h4>Concepts kept</h4><p class="small">{{range $i, $s := .}}{{if $i}}, {{end}}{{$s}}{{end}}</p></div>{{end}}
{{with .KPAdded}}<div><h4>Key phrases added</h4><p class="small">{{range $i, $s := .}}{{if $i}}; {{end}}{{$s}}{{end}}</p></div>{{end}}
{{with .KPDropped}}<div><h4>Key phrases dropped</h4><p class="small">{{range $i, $s := .}}{{if $i}}; {{end}}{{$s}}{{end}}</p></div>{{end}}
</div>{{end}}
{{end}}`))

// TestHeadsHTMLMatchTemplates: instView.writeHead and pairView.writeHead write exactly what the
// templates wrote, for named views and for random ones whose strings hold every character
// html/template escapes, non-ASCII and invalid UTF-8, with and without each optional part.
func TestHeadsHTMLMatchTemplates(t *testing.T) {
	check := func(t *testing.T, name string, data any, write func(*bytes.Buffer)) bool {
		t.Helper()
		var want strings.Builder
		if err := headTemplates.ExecuteTemplate(&want, name, data); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		got.WriteString("before;") // the heads append
		write(&got)
		if got.String() != "before;"+want.String() {
			t.Errorf("%s:\n%s\ntemplate:\n%s", name, got.String(), want.String())
			return false
		}
		return true
	}
	named := []struct {
		name string
		iv   instView
		pv   pairView
	}{
		{"empty", instView{}, pairView{}},
		{"one version, one pair", instView{Name: "WSIS Geneva <2003>", Anchor: "inst-wsis", Versions: []versionView{{DocID: "wsis-2003", Anchor: "doc-wsis-2003",
			Version: "2003", Date: "2003-12-12", Title: "Declaration & \"Principles\"", Role: "reference", NProvisions: 67, NWords: -1,
			Scores: []string{"dictionary: +0.1", "lss: -0.02 [-0.1, 0.05]"}, TopPhrases: []string{"information society", "ICT's"}}}},
			pairView{Anchor: "pair-a--b", FromDoc: "a", ToDoc: "b", FromVer: "2003", ToVer: "2005", NByStatus: []string{"3 modified", "1 added"},
				KPAdded: []string{"x+y"}, ConceptsKept: []string{"sovereignty", "role_of_states"}}},
		{"only dropped concepts", instView{Versions: []versionView{{}, {Date: "x"}}}, pairView{ConceptsDropped: []string{"c (p1, p2)"}}},
	}
	for _, tc := range named {
		t.Run(tc.name, func(t *testing.T) {
			check(t, "instrument", &tc.iv, tc.iv.writeHead)
			check(t, "pair", &tc.pv, tc.pv.writeHead)
		})
	}
	rng := rand.New(rand.NewPCG(11, 12))
	alphabet := []string{"a", "Z", "0", " ", "\"", "'", "&", "+", "<", ">", "\x00", "é", "—", "\xff", "%", "→", "\n", "\ufdd0"}
	str := func() string {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	strs := func() []string {
		out := make([]string, rng.IntN(4))
		for i := range out {
			out[i] = str()
		}
		if len(out) == 0 && rng.IntN(2) == 0 {
			return nil
		}
		return out
	}
	for i := range 300 {
		iv := instView{Name: str(), Anchor: str()}
		for range rng.IntN(4) {
			iv.Versions = append(iv.Versions, versionView{DocID: str(), Anchor: str(), Version: str(), Date: str(), Title: str(), Role: str(),
				NProvisions: rng.IntN(2000) - 5, NWords: rng.IntN(100000), Scores: strs(), TopPhrases: strs()})
		}
		pv := pairView{Anchor: str(), FromDoc: str(), ToDoc: str(), FromVer: str(), ToVer: str(), NByStatus: strs(),
			KPAdded: strs(), KPDropped: strs(), ConceptsAdded: strs(), ConceptsDropped: strs(), ConceptsKept: strs()}
		if !check(t, "instrument", &iv, iv.writeHead) || !check(t, "pair", &pv, pv.writeHead) {
			t.Fatalf("random views %d", i)
		}
	}
}

// escapeHTMLPlain is escapeHTML as it was: one table load per byte, the replacement by a switch.
func escapeHTMLPlain(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if !htmlSpecial[s[i]] {
			continue
		}
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		}
		b.WriteString(s[last:i])
		b.WriteString(repl)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// FuzzEscapeHTML: escapeHTML writes what escapeHTMLPlain writes, for short strings and for
// strings past escapeScan (s repeated).
func FuzzEscapeHTML(f *testing.F) {
	for _, s := range []string{"", "plain text", `a "quoted" & <tagged> 'x'+y`, "\x00nul", "é<ü>" + strings.Repeat("&", 70),
		strings.Repeat("States shall cooperate, ", 5) + `"` + strings.Repeat("x", 60) + "<>"} {
		f.Add(s, 1)
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		s = strings.Repeat(s, max(1, min(n, 20)))
		var got, want bytes.Buffer
		escapeHTML(&got, s)
		escapeHTMLPlain(&want, s)
		if got.String() != want.String() {
			t.Fatalf("escapeHTML(%q) = %q, want %q", s, got.String(), want.String())
		}
	})
}

// TestStanceCellsShared: rows whose stance views share their written cells (a provision's, in
// the rows it is in, each with its own Side) write what the template writes, in the order of a
// page, in another order, and into a second page's buffer, where the first page's cells are not
// copied.
func TestStanceCellsShared(t *testing.T) {
	cells := make([]writtenCells, 2)
	views := []stanceView{
		{Model: "dictionary", Provision: "8", Score: "+1", CI: "[0.2, 1]", Label: "state_centric", Confidence: "0.9",
			Evidence: "sovereign & <equal> " + strings.Repeat("role; ", 20), cells: &cells[0]},
		{Model: "lss", Provision: "8", Score: "-0.1", Label: "neutral", Confidence: "0.5", cells: &cells[1]},
	}
	withSide := func(side string) []stanceView {
		vs := slices.Clone(views)
		for i := range vs {
			vs[i].Side = side
		}
		return vs
	}
	rows := []rowView{
		{Aligned: true, From: "7", To: "8", Stances: withSide("later")},
		{Aligned: true, From: "8", To: "9", Stances: withSide("earlier")},
		{To: "8", Stances: withSide("text")},
	}
	for _, tc := range []struct {
		name  string
		order []int
	}{
		{"page order", []int{0, 1, 2}},
		{"other order", []int{2, 1, 0, 1}},
		{"second page", []int{1, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got bytes.Buffer
			var want strings.Builder
			for _, i := range tc.order {
				rows[i].writeRow(&got)
				if err := rowTemplate.Execute(&want, &rows[i]); err != nil {
					t.Fatal(err)
				}
			}
			if got.String() != want.String() {
				t.Errorf("writeRow:\n%s\ntemplate:\n%s", got.String(), want.String())
			}
			for i, c := range cells {
				if c.page != &got {
					t.Errorf("cells %d not kept for this page", i)
				}
			}
		})
	}
}

// TestHTML8: html8 finds a special byte in a block exactly when htmlSpecial marks one of its
// bytes, for every byte value at every position of blocks of plain text and of 0xff bytes.
func TestHTML8(t *testing.T) {
	for _, tc := range []struct {
		name  string
		block string
	}{
		{"text", "States s"},
		{"high bytes", "\xff\xff\xff\xff\xff\xff\xff\xff"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if html8(load8(tc.block, 0)) {
				t.Fatalf("html8(%q) = true", tc.block)
			}
			for pos := range 8 {
				for c := range 256 {
					s := []byte(tc.block)
					s[pos] = byte(c)
					if got := html8(load8(string(s), 0)); got != htmlSpecial[c] {
						t.Errorf("html8(%q) = %v, want %v", s, got, htmlSpecial[c])
					}
				}
			}
		})
	}
}

// chartTemplate is the "chart" template the pages used before chartView.write (html.go at
// 0c4107c), kept as the reference write must reproduce byte for byte; Src was the SVG's data URI.
var chartTemplate = template.Must(template.New("chart").Parse(`<figure class="chart" id="chart-{{.Name}}"><img src="{{.Src}}" alt="{{.Alt}}"><figcaption class="small">{{.Title}} (charts/{{.Name}}.svg{{if .PNG}}, .png{{end}})</figcaption></figure>
`))

// TestChartHTMLMatchesTemplate: chartView.write writes exactly what the template wrote, for
// SVGs of every length around write's chunks (with and without base64 padding, '+' and '/' in
// the encoding) and names, titles and alternative texts holding every character
// html/template escapes.
func TestChartHTMLMatchesTemplate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "Z", "0", " ", "\"", "'", "&", "+", "<", ">", "\x00", "é", "\xff", "%", "/", ":", "\n"}
	str := func() string {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	sizes := []int{0, 1, 2, 3, 4, 3071, 3072, 3073, 6144, 6145, 10000}
	for range 40 {
		sizes = append(sizes, rng.IntN(20000))
	}
	for i, n := range sizes {
		svg := make([]byte, n)
		for j := range svg {
			svg[j] = byte(rng.IntN(256))
		}
		if i%3 == 0 {
			svg = bytes.Repeat([]byte{0xfb, 0xef, 0xbe}, n/3) // "++++" in base64
		}
		c := chartView{Name: str(), Title: str(), Alt: str(), svg: svg, PNG: i%2 == 0}
		var want strings.Builder
		src := template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg))
		if err := chartTemplate.Execute(&want, map[string]any{"Name": c.Name, "Title": c.Title, "Alt": c.Alt, "Src": src, "PNG": c.PNG}); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		got.WriteString("before;") // write appends
		c.write(&got)
		if got.String() != "before;"+want.String() {
			t.Fatalf("SVG of %d bytes, chart %+v:\n%.300s\ntemplate:\n%.300s", n, c, got.String(), want.String())
		}
	}
}

// TestEscapeURLMatchesTemplate: escapeURL writes what html/template writes for a trusted URL in
// a quoted attribute, for URLs with every byte value and with valid and broken escapes.
func TestEscapeURLMatchesTemplate(t *testing.T) {
	tmpl := template.Must(template.New("a").Parse(`<a href="{{.}}">`))
	urls := []string{"", "#prov-a", "inst-x.html#prov-a:1", "%2F", "%2f%zz", "a%", "a%2", "%%41"}
	for c := range 256 {
		urls = append(urls, "p"+string([]byte{byte(c)})+"q")
	}
	for _, u := range urls {
		var want strings.Builder
		if err := tmpl.Execute(&want, template.URL(u)); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		got.WriteString(`<a href="`)
		escapeURL(&got, u)
		got.WriteString(`">`)
		if got.String() != want.String() {
			t.Errorf("escapeURL(%q) = %q, template %q", u, got.String(), want.String())
		}
	}
}
