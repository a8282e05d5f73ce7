package report

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/stanceshift/stanceshift/results"
)

// script is the report's only script. It reads nothing but the page's own data- attributes and
// form controls and only toggles the class "filtered" on provision sections. The Content
// Security Policy allows exactly this script (by its hash) and nothing else.
const script = `(function () {
  var form = document.getElementById("filters");
  if (!form) { return; }
  form.hidden = false;
  var sections = document.querySelectorAll("section.prov");
  function checked(name) {
    var out = {}, any = false;
    form.querySelectorAll("input[name=" + name + "]").forEach(function (b) { any = true; if (b.checked) { out[b.value] = true; } });
    return any ? out : null;
  }
  function apply() {
    var st = checked("status"), dir = checked("direction");
    var sel = form.querySelector("select[name=concept]");
    var concept = sel ? sel.value : "";
    var shown = 0;
    sections.forEach(function (s) {
      var ok = true;
      if (st && !st[s.getAttribute("data-status")]) { ok = false; }
      if (ok && dir) {
        ok = s.getAttribute("data-direction").split(" ").some(function (d) { return dir[d]; });
      }
      if (ok && concept) {
        ok = (" " + s.getAttribute("data-concepts") + " ").indexOf(" " + concept + " ") >= 0;
      }
      s.classList.toggle("filtered", !ok);
      if (ok) { shown++; }
    });
    var c = document.getElementById("shown");
    if (c) { c.textContent = shown + " of " + sections.length + " provision sections shown"; }
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();
})();`

var scriptHash = func() string {
	h := sha256.Sum256([]byte(script))
	return "sha256-" + base64.StdEncoding.EncodeToString(h[:])
}()

const css = `
:root{--ins:#0b5d1e;--del:#9b1c1c;--sc:#7a3b00;--ms:#1d3f8a}
body{font:15px/1.5 Georgia,"Times New Roman",serif;color:#111;max-width:60rem;margin:0 auto;padding:1rem 1.5rem}
h1,h2,h3,h4{font-family:Helvetica,Arial,sans-serif;line-height:1.2}
h2{border-bottom:2px solid #333;padding-bottom:.2rem;margin-top:2.5rem}
a{color:#0645ad}
nav.toc ol{padding-left:1.2rem}
.meta,.small{font:13px/1.4 Helvetica,Arial,sans-serif;color:#333}
ol.timeline{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0;border-left:3px solid #333}
ol.timeline li{flex:1 1 14rem;border:1px solid #888;padding:.4rem .6rem;position:relative}
ol.timeline li::before{content:"\25CF";position:absolute;left:-.9rem;top:.3rem}
section.prov{border:1px solid #999;border-left:5px solid #555;margin:1rem 0;padding:.5rem .8rem;break-inside:avoid}
section.prov.filtered{display:none}
section.prov:target{outline:3px solid #000}
.head{font:13px/1.4 Helvetica,Arial,sans-serif;display:flex;flex-wrap:wrap;gap:.3rem .8rem;align-items:baseline}
.badge{font:bold 12px Helvetica,Arial,sans-serif;border:1px solid #000;padding:0 .35rem;border-radius:3px;text-transform:uppercase;letter-spacing:.03em}
.b-added{border-style:double;border-width:3px}.b-deleted{border-style:dashed}.b-modified{background:#eee}
.b-unchanged{color:#555;border-color:#999}.b-moved,.b-split,.b-merged{border-style:dotted;border-width:2px}
.text{margin:.4rem 0;white-space:pre-wrap}
del{color:var(--del);background:#fde8e8;text-decoration:line-through;text-decoration-thickness:2px}
ins{color:var(--ins);background:#e6f4ea;text-decoration:underline;text-decoration-thickness:2px}
del::before{content:"[-";font-size:70%;opacity:.6}del::after{content:"-]";font-size:70%;opacity:.6}
ins::before{content:"{+";font-size:70%;opacity:.6}ins::after{content:"+}";font-size:70%;opacity:.6}
.ent{border-bottom:2px solid #444;padding-bottom:1px}
.ent::after{content:attr(data-t);font:9px Helvetica,Arial,sans-serif;vertical-align:super;margin-left:1px}
.con{border-bottom:2px dotted #000}
.ev{font-weight:bold}.ev-sc{color:var(--sc)}.ev-ms{color:var(--ms);font-style:italic}
.reuse{background:repeating-linear-gradient(135deg,#fff,#fff 3px,#ddd 3px,#ddd 5px)}
table{border-collapse:collapse;font:13px/1.4 Helvetica,Arial,sans-serif;margin:.3rem 0}
td,th{border:1px solid #bbb;padding:.15rem .4rem;text-align:left;vertical-align:top}
.dir-toward_state_centric{font-weight:bold}.dir-toward_multistakeholder{font-style:italic;font-weight:bold}
.changes{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:.5rem}
.changes div{border:1px solid #bbb;padding:.3rem .6rem}
#filters{font:13px Helvetica,Arial,sans-serif;border:1px solid #888;padding:.5rem;position:sticky;top:0;background:#fff;z-index:1}
#filters fieldset{display:inline-block;border:0;margin:0 1rem 0 0;padding:0}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #ccc}
.legend span{margin-right:1rem}
@media print{#filters{display:none}section.prov.filtered{display:block}section.prov{break-inside:avoid}
a{color:#000;text-decoration:none}body{max-width:none;font-size:11pt}h2{break-before:page}}
`

var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"statusLabel": func(s string) string { return orDefault(statusLabels[s], s) },
	"arrow":       func(s string) string { return orDefault(arrows[s], s) },
	"conceptKey":  conceptKey,
	"provisions": func(iv *instView) int { // provisions over all versions
		n := 0
		for _, v := range iv.Versions {
			n += v.NProvisions
		}
		return n
	},
}).Parse(pageTemplate))

// The page template, in parts: the instrument sections between "head" and "tail" are written by
// writePage itself, their headings (instView.writeHead, pairView.writeHead), provision rows
// (rowView.writeRow) and charts (chartView.write). The rows, one per provision and version pair,
// are most of a page; executing a template per row spent its time in reflection, and the row's
// string was copied into the page (a quarter of the report's CPU at 10 MB, then 9% with the row
// written by a method the template called); the headings' templates, executed per instrument and
// version pair, were a quarter of writing a page's HTML at 100 MB after that. TestGoldenHTML pins
// the pages' bytes.
const pageTemplate = `{{define "head"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src '{{.ScriptHash}}'">
<title>{{.Page.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<header>
<h1>{{.Page.Title}}</h1>{{with .Home}}
<p class="meta"><a href="{{.}}">← all instruments</a></p>{{end}}
<p class="meta">Built from {{range $i, $f := .Page.Files}}{{if $i}}, {{end}}{{$f}}{{end}}.
{{if .Split}}One page per instrument: <code>instruments/inst-&lt;instrument&gt;.html</code>, each provision at <code>#prov-&lt;provision id&gt;</code>{{else}}Each provision has a stable anchor: <code>report.html#prov-&lt;provision id&gt;</code>{{end}} (bytes outside letters, digits and <code>._:@-</code> written as <code>~XX</code>{{if .Split}}; in page names, outside <code>._-</code>{{end}}).</p>
<p class="meta legend">Key: <span><del>deleted</del></span> <span><ins>inserted</ins></span>
<span><span class="ent" data-t="TYPE">entity</span></span> <span><span class="con">concept</span></span>
<span><span class="ev ev-sc">state-centric evidence</span></span> <span><span class="ev ev-ms">multistakeholder evidence</span></span>
<span><span class="reuse">reused passage</span></span></p>
</header>
<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>
{{if .Index}}<li><a href="#instruments">Instruments</a> ({{len .Page.Instruments}}, one page each)</li>
{{else}}{{range .Page.Instruments}}<li><a href="#{{.Anchor}}">{{.Name}}</a>{{if .Pairs}}<ol>{{range .Pairs}}<li><a href="#{{.Anchor}}">{{.FromVer}} → {{.ToVer}}</a></li>{{end}}</ol>{{end}}</li>
{{end}}{{end}}{{if .Global}}<li><a href="#charts">Charts across the corpus</a></li>{{end}}{{if .Page.Notes}}<li><a href="#notes">Notes</a></li>{{end}}
</ol></nav>
{{if not .Index}}<form id="filters" hidden aria-label="Filters">
{{with .Page.Statuses}}<fieldset><legend>Alignment status</legend>{{range .}}<label><input type="checkbox" name="status" value="{{.}}" checked> {{statusLabel .}}</label> {{end}}</fieldset>{{end}}
{{with .Page.Directions}}<fieldset><legend>Direction of shift</legend>{{range .}}<label><input type="checkbox" name="direction" value="{{.}}" checked> {{arrow .}}</label> {{end}}</fieldset>{{end}}
{{with .Page.Concepts}}<fieldset><legend>Concept</legend><select name="concept"><option value="">any</option>{{range .}}<option value="{{conceptKey .}}">{{.}}</option>{{end}}</select></fieldset>{{end}}
<button type="reset">Show all</button> <span id="shown" class="small"></span>
</form>{{end}}
<main>
{{if .Index}}<section id="instruments"><h2>Instruments</h2>
<table><thead><tr><th>instrument</th><th>versions</th><th>provisions</th><th>version pairs</th></tr></thead><tbody>
{{range .Page.Instruments}}{{$inst := .}}<tr><td><a href="instruments/{{.File}}">{{.Name}}</a></td><td>{{range $i, $v := .Versions}}{{if $i}}, {{end}}{{$v.Version}}{{end}}</td><td>{{provisions .}}</td><td>{{range $i, $p := .Pairs}}{{if $i}}; {{end}}<a href="instruments/{{$inst.File}}#{{$p.Anchor}}">{{$p.FromVer}} → {{$p.ToVer}}</a>{{end}}</td></tr>
{{end}}</tbody></table></section>
{{end}}{{end}}{{define "tail"}}
{{with .Page.Notes}}<section id="notes"><h2>Notes</h2><ul>{{range .}}<li>{{.}}</li>{{end}}</ul></section>{{end}}
</main>
<script>{{.Script}}</script>
</body>
</html>


{{end}}`

// write writes the segment as the page shows it, in <del> or <ins> by its Op.
func (sg segView) write(b *bytes.Buffer) {
	switch sg.Op {
	case "del":
		b.WriteString("<del>")
		sg.writePieces(b)
		b.WriteString("</del>")
	case "ins":
		b.WriteString("<ins>")
		sg.writePieces(b)
		b.WriteString("</ins>")
	default:
		sg.writePieces(b)
	}
}

// writePieces writes each annotated run as a span with its classes, titles and entity type.
// Every value is escaped as html/template escapes text and quoted attribute values (the page
// was rendered by a template doing exactly that; writing the runs here is most of a page's
// rendering time saved, and the output is the same bytes).
func (sg segView) writePieces(b *bytes.Buffer) {
	for _, p := range sg.Pieces {
		if p.Class == "" {
			escapeHTML(b, p.Text)
			continue
		}
		b.WriteString(`<span class="`)
		escapeHTML(b, p.Class)
		b.WriteString(`" title="`)
		escapeHTML(b, p.Title)
		b.WriteByte('"')
		if p.EntType != "" {
			b.WriteString(` data-t="`)
			escapeHTML(b, p.EntType)
			b.WriteByte('"')
		}
		b.WriteByte('>')
		escapeHTML(b, p.Text)
		b.WriteString("</span>")
	}
}

// escapeHTML writes s escaped as html/template escapes a string in HTML text or a quoted
// attribute (its htmlReplacementTable: NUL, quotes, '&', '+', '<' and '>'; every other byte
// as it is). A string of escapeScan bytes or more, a provision's text, is searched for each of
// those bytes with strings.IndexByte, which looks at many bytes at once, and for each again past
// the one written: the page's text went through one table load per byte, 5% of the report's CPU
// at 10 MB. FuzzEscapeHTML compares it with the loop over the bytes.
func escapeHTML(b *bytes.Buffer, s string) {
	if len(s) < escapeScan {
		escapeHTMLShort(b, s)
		return
	}
	var next [len(htmlSpecials)]int // the next of each special byte at or after last; -1: none
	for k := range htmlSpecials {
		next[k] = strings.IndexByte(s, htmlSpecials[k])
	}
	last := 0
	for {
		k, at := -1, len(s)
		for j, n := range next {
			if n >= 0 && n < at {
				k, at = j, n
			}
		}
		if k < 0 {
			break
		}
		b.WriteString(s[last:at])
		b.WriteString(htmlReplacements[k])
		last = at + 1
		if n := strings.IndexByte(s[last:], htmlSpecials[k]); n >= 0 {
			next[k] = last + n
		} else {
			next[k] = -1
		}
	}
	b.WriteString(s[last:])
}

// escapeScan is the length from which escapeHTML searches the special bytes one by one.
const escapeScan = 64

// htmlSpecials are the bytes escapeHTML replaces, by htmlReplacements.
const htmlSpecials = "\x00\"&'+<>"

var htmlReplacements = [len(htmlSpecials)]string{"\uFFFD", "&#34;", "&amp;", "&#39;", "&#43;", "&lt;", "&gt;"}

// escapeHTMLShort is escapeHTML for a short string: a loop over its blocks of eight bytes,
// looking at the bytes of a block only when html8 finds a special byte in it, and at the last
// bytes (a block ending at the string's end). A loop over every byte was 2% of the report's CPU
// at 100 MB.
func escapeHTMLShort(b *bytes.Buffer, s string) {
	last, i := 0, 0
	for ; i+8 <= len(s); i += 8 {
		if html8(load8(s, i)) {
			last = escapeBytes(b, s, last, i, i+8)
		}
	}
	if i < len(s) && (len(s) < 8 || html8(load8(s, len(s)-8))) {
		last = escapeBytes(b, s, last, i, len(s))
	}
	b.WriteString(s[last:])
}

// escapeBytes writes s[last:] up to each special byte of s[from:to], and its replacement; it
// returns the offset after the last one (last when there is none).
func escapeBytes(b *bytes.Buffer, s string, last, from, to int) int {
	for j := from; j < to; j++ {
		if htmlSpecial[s[j]] {
			b.WriteString(s[last:j])
			b.WriteString(htmlReplacements[strings.IndexByte(htmlSpecials, s[j])])
			last = j + 1
		}
	}
	return last
}

// load8 returns the eight bytes of s from i, the first in the low byte (one bounds check and
// one load).
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// html8 reports whether one of the eight bytes of v is one escapeHTML replaces (htmlSpecials).
// A byte of v equals c where v^c has a zero byte, which (x-lsb)&^x&msb finds (non-zero exactly
// when some byte is zero: a borrow only marks bytes above a true one). '&' and '\” differ only
// in their lowest bit, '<' and '>' only in their second: with that bit set first, one test
// finds either.
func html8(v uint64) bool {
	const lsb, msb = 0x0101010101010101, 0x8080808080808080
	q, p := v^('"'*lsb), v^('+'*lsb)
	amp := (v | lsb) ^ ('\'' * lsb)
	lt := (v | 2*lsb) ^ ('>' * lsb)
	return ((v-lsb)&^v|(q-lsb)&^q|(p-lsb)&^p|(amp-lsb)&^amp|(lt-lsb)&^lt)&msb != 0
}

// htmlSpecial marks the bytes escapeHTML replaces: one load per byte, not the switch.
var htmlSpecial = [256]bool{0: true, '"': true, '&': true, '\'': true, '+': true, '<': true, '>': true}

type pageData struct {
	Page       *pageView
	CSS        template.CSS
	Script     template.JS
	ScriptHash string
	Global     []chartView
	Split      bool         // the report has one page per instrument
	Index      bool         // this page is the index of a split report
	Home       template.URL // on an instrument page: the index
}

// WriteHTML writes report.html: one self-contained file (inline CSS, one inline script, charts as
// base64 SVG data URIs), deterministic for given CSV files. When the report is split (Split),
// report.html is the index of the instruments, with the corpus-wide charts, and each instrument's
// page is written by WriteInstrumentHTML.
func (r *Report) WriteHTML(w io.Writer) error {
	byInst, global, err := r.chartViews()
	if err != nil {
		return err
	}
	if r.finishNotes != nil && !r.notesDone {
		// a lazy split report: the notes count what the rows showed, so every row is built once
		// (WriteWith has built them all by now, page by page, and this does nothing more)
		for _, iv := range r.page.Instruments {
			if !iv.built {
				r.buildRows(iv)
				dropRows(iv)
			}
		}
		r.finishNotes()
		r.notesDone = true
	}
	r.page.Notes = r.notes
	d := pageData{Page: r.page, CSS: template.CSS(css), Script: template.JS(script), ScriptHash: scriptHash,
		Global: global, Split: r.split, Index: r.split}
	for _, iv := range r.page.Instruments {
		iv.Charts = nil
		if !r.split {
			iv.Charts = byInst[iv.Name]
		}
	}
	return execute(w, d)
}

// WriteInstrumentHTML writes the page of one instrument of a split report (see PageFile), with
// that instrument's charts inline; its links to other instruments' provisions are to their
// sibling pages, and it links back to ../report.html.
func (r *Report) WriteInstrumentHTML(w io.Writer, instrument string) error {
	return r.writeInstrumentHTML(instrument, func(d pageData) error { return execute(w, d) })
}

// writeInstrumentHTML is WriteInstrumentHTML with the page's data given to exec.
func (r *Report) writeInstrumentHTML(instrument string, exec func(pageData) error) error {
	var iv *instView
	for _, x := range r.page.Instruments {
		if x.Name == instrument {
			iv = x
		}
	}
	if iv == nil {
		return fmt.Errorf("report: no instrument %q", instrument)
	}
	charts, err := r.ensureCharts()
	if err != nil {
		return err
	}
	page := *r.page
	page.Title = r.page.Title + ": " + instrument
	page.Instruments = []*instView{iv}
	page.Notes = nil
	// Only this instrument's charts become data URIs (all of them, for every page, was most of
	// the memory and time of a split report).
	if r.buildRows != nil {
		r.buildRows(iv) // a lazy split report: this instrument's rows, dropped once written
		defer dropRows(iv)
	}
	iv.Charts = nil
	for _, c := range charts {
		if c.Instrument == instrument {
			iv.Charts = append(iv.Charts, c.view())
		}
	}
	defer func() { iv.Charts = nil }()
	return exec(pageData{Page: &page, CSS: template.CSS(css), Script: template.JS(script), ScriptHash: scriptHash,
		Split: true, Home: "../report.html"})
}

// view is the chart as the page shows it: its SVG inline as a data URI. The SVG is produced by
// gonum/plot, which escapes all text; as an <img> it cannot run script.
func (c chart) view() chartView {
	return chartView{Name: c.Name, Title: c.Title, Alt: c.Alt, svg: c.SVG, PNG: c.PNG != nil}
}

// write writes the chart's figure as the "chart" template that wrote it before did, byte for
// byte (TestChartHTMLMatchesTemplate): the SVG as a base64 data URI encoded straight into the
// page, its '+' escaped as html/template escapes a URL attribute (a URL of base64 needs no other
// escape). The template normalised and escaped a data URI made as a string for every page, 1%
// of the report's CPU at 100MB.
func (c chartView) write(b *bytes.Buffer) {
	b.WriteString(`<figure class="chart" id="chart-`)
	escapeHTML(b, c.Name)
	b.WriteString(`"><img src="data:image/svg&#43;xml;base64,`)
	var enc [4096]byte
	for data := c.svg; len(data) > 0; {
		n := min(len(data), 3*len(enc)/4) // a multiple of 3: no padding but at the end
		m := base64.StdEncoding.EncodedLen(n)
		base64.StdEncoding.Encode(enc[:m], data[:n])
		for e := enc[:m]; len(e) > 0; {
			i := bytes.IndexByte(e, '+')
			if i < 0 {
				b.Write(e)
				break
			}
			b.Write(e[:i])
			b.WriteString("&#43;")
			e = e[i+1:]
		}
		data = data[n:]
	}
	b.WriteString(`" alt="`)
	escapeHTML(b, c.Alt)
	b.WriteString(`"><figcaption class="small">`)
	escapeHTML(b, c.Title)
	b.WriteString(" (charts/")
	escapeHTML(b, c.Name)
	b.WriteString(".svg")
	if c.PNG {
		b.WriteString(", .png")
	}
	b.WriteString(")</figcaption></figure>\n")
}

// writeHead writes the start of the instrument's section, its heading and timeline of versions,
// as the "instrument" template that wrote it before did, byte for byte: every string escaped as
// html/template escapes it in HTML text and quoted attributes (TestHeadsHTMLMatchTemplates).
func (iv *instView) writeHead(b *bytes.Buffer) {
	b.WriteString("\n<section class=\"instrument\" id=\"")
	escapeHTML(b, iv.Anchor)
	b.WriteString("\">\n<h2>")
	escapeHTML(b, iv.Name)
	b.WriteString("</h2>\n<ol class=\"timeline\" aria-label=\"Versions\">")
	for i := range iv.Versions {
		v := &iv.Versions[i]
		b.WriteString("\n<li id=\"")
		escapeHTML(b, v.Anchor)
		b.WriteString("\"><strong>")
		escapeHTML(b, v.Version)
		b.WriteString("</strong>")
		if v.Date != "" {
			b.WriteString(` <span class="small">(`)
			escapeHTML(b, v.Date)
			b.WriteString(")</span>")
		}
		b.WriteString("<br>\n<span class=\"small\">")
		escapeHTML(b, v.Title)
		if v.Role != "" {
			b.WriteString(" · ")
			escapeHTML(b, v.Role)
		}
		b.WriteString(" · ")
		b.WriteString(strconv.Itoa(v.NProvisions))
		b.WriteString(" provisions, ")
		b.WriteString(strconv.Itoa(v.NWords))
		b.WriteString(" words · <code>")
		escapeHTML(b, v.DocID)
		b.WriteString("</code></span>\n")
		if len(v.Scores) > 0 {
			b.WriteString(`<br><span class="small">Document score: `)
			writeList(b, v.Scores, "; ")
			b.WriteString("</span>")
		}
		b.WriteString("\n")
		if len(v.TopPhrases) > 0 {
			b.WriteString(`<br><span class="small">Key phrases: `)
			writeList(b, v.TopPhrases, ", ")
			b.WriteString("</span>")
		}
		b.WriteString("\n</li>")
	}
	b.WriteString("\n</ol>\n")
}

// writeHead writes the start of the version pair's section, its heading and the concepts and
// key phrases it added, dropped and kept, as the "pair" template that wrote it before did, byte
// for byte (TestHeadsHTMLMatchTemplates).
func (pv *pairView) writeHead(b *bytes.Buffer) {
	b.WriteString("\n<section class=\"pair\" id=\"")
	escapeHTML(b, pv.Anchor)
	b.WriteString("\">\n<h3>")
	escapeHTML(b, pv.FromVer)
	b.WriteString(" → ")
	escapeHTML(b, pv.ToVer)
	b.WriteString(` <span class="small">(<code>`)
	escapeHTML(b, pv.FromDoc)
	b.WriteString("</code> → <code>")
	escapeHTML(b, pv.ToDoc)
	b.WriteString("</code>; ")
	writeList(b, pv.NByStatus, ", ")
	b.WriteString(")</span></h3>\n")
	if len(pv.KPAdded) > 0 || len(pv.KPDropped) > 0 || len(pv.ConceptsAdded) > 0 || len(pv.ConceptsDropped) > 0 || len(pv.ConceptsKept) > 0 {
		b.WriteString("<div class=\"changes\">\n")
		for _, l := range [...]struct {
			heading string
			items   []string
		}{{"Concepts added", pv.ConceptsAdded}, {"Concepts dropped", pv.ConceptsDropped}} {
			if len(l.items) > 0 {
				b.WriteString("<div><h4>")
				b.WriteString(l.heading)
				b.WriteString("</h4><ul>")
				for _, s := range l.items {
					b.WriteString("<li>")
					escapeHTML(b, s)
					b.WriteString("</li>")
				}
				b.WriteString("</ul></div>")
			}
			b.WriteString("\n")
		}
		for _, l := range [...]struct {
			heading, sep string
			items        []string
		}{{"Concepts kept", ", ", pv.ConceptsKept}, {"Key phrases added", "; ", pv.KPAdded}, {"Key phrases dropped", "; ", pv.KPDropped}} {
			if len(l.items) > 0 {
				b.WriteString("<div><h4>")
				b.WriteString(l.heading)
				b.WriteString(`</h4><p class="small">`)
				writeList(b, l.items, l.sep)
				b.WriteString("</p></div>")
			}
			b.WriteString("\n")
		}
		b.WriteString("</div>")
	}
	b.WriteString("\n")
}

// writeList writes the strings escaped (escapeHTML), sep between them.
func writeList(b *bytes.Buffer, items []string, sep string) {
	for i, s := range items {
		if i > 0 {
			b.WriteString(sep)
		}
		escapeHTML(b, s)
	}
}

// dropRows lets go of a lazily built instrument's rows once its page is written.
func dropRows(iv *instView) {
	for _, pv := range iv.Pairs {
		pv.Rows = nil
	}
	iv.Single = nil
}

// chartViews renders the charts (once) and returns their views by instrument and the
// corpus-wide ones.
func (r *Report) chartViews() (map[string][]chartView, []chartView, error) {
	charts, err := r.ensureCharts()
	if err != nil {
		return nil, nil, err
	}
	known := map[string]bool{}
	for _, iv := range r.page.Instruments {
		known[iv.Name] = true
	}
	byInst := map[string][]chartView{}
	var global []chartView
	for _, c := range charts {
		cv := c.view()
		if c.Instrument != "" && known[c.Instrument] {
			byInst[c.Instrument] = append(byInst[c.Instrument], cv)
		} else {
			global = append(global, cv)
		}
	}
	return byInst, global, nil
}

func execute(w io.Writer, d pageData) error {
	buf := pageBuffer()
	defer releasePageBuffer(buf)
	if err := executeTo(buf, d); err != nil {
		return err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("report: writing HTML: %w", err)
	}
	return nil
}

// executeTo renders the page into buf; what it wrote is incomplete when it fails.
func executeTo(buf *bytes.Buffer, d pageData) error {
	if err := writePage(buf, d); err != nil {
		return fmt.Errorf("report: rendering HTML: %w", err)
	}
	return nil
}

// writePage writes the page: pageTemplate's parts, and between them the instrument sections
// (on every page but the index), their provision rows written by writeRow, and the charts.
func writePage(buf *bytes.Buffer, d pageData) error {
	if err := tmpl.ExecuteTemplate(buf, "head", d); err != nil {
		return err
	}
	if !d.Index {
		for _, iv := range d.Page.Instruments {
			iv.writeHead(buf)
			for _, c := range iv.Charts {
				c.write(buf)
			}
			buf.WriteString("\n")
			for _, pv := range iv.Pairs {
				pv.writeHead(buf)
				for _, rv := range pv.Rows {
					rv.writeRow(buf)
				}
				buf.WriteString("\n</section>\n")
			}
			buf.WriteString("\n")
			if len(iv.Single) > 0 {
				buf.WriteString(`<section class="pair"><h3>Provisions</h3>`)
				for _, rv := range iv.Single {
					rv.writeRow(buf)
				}
				buf.WriteString("</section>")
			}
			buf.WriteString("\n</section>\n")
		}
	}
	buf.WriteString("\n")
	if len(d.Global) > 0 {
		buf.WriteString(`<section id="charts"><h2>Charts across the corpus</h2>`)
		for _, c := range d.Global {
			c.write(buf)
		}
		buf.WriteString("</section>")
	}
	return tmpl.ExecuteTemplate(buf, "tail", d)
}

// Pages are rendered into buffers kept from one page for the next: an instrument page is
// megabytes, and growing a new buffer for each (twice: the template's and the file's) was a
// seventh of the bytes the report allocated at 10 MB. Four pages of up to 32 MB: a page for each
// of two workers and its copy in execute.
var pageBuffers = freeList{max: 4, maxBytes: 32 << 20}

// pageBuffer returns an empty buffer, the largest kept from an earlier page when there is one
// (the first kept, often a small page's, was grown again by a large page: 5% of the bytes the
// report allocated at 10 MB).
func pageBuffer() *bytes.Buffer { return bytes.NewBuffer(pageBuffers.largest()) }

// releasePageBuffer keeps b's memory for a later pageBuffer; b must not be used after.
func releasePageBuffer(b *bytes.Buffer) { pageBuffers.put(b.Bytes()[:0]) }

// Write builds the report from the CSV files in dir and writes dir/charts/*.svg and *.png,
// dir/report.html and, when the report is split (more than MaxInstrumentsOnePage instruments),
// dir/instruments/*.html, each atomically; instrument pages left from an earlier run are removed.
// It returns the files written, relative to dir.
func Write(ctx context.Context, dir string) ([]string, error) {
	return WriteWith(ctx, dir, Options{})
}

// WriteWith is Write with options. A split report is built in a stream, one instrument at a time
// (stream.go), when the CSV files are in the order stanceshift writes them; otherwise (and for
// one page) the files are read whole first. While the streamed build draws the corpus-wide heat
// map it sets the process's GC percent to 20 (runtime/debug, restored when it returns): a
// program running other work beside it shares that setting for those seconds.
func WriteWith(ctx context.Context, dir string, opt Options) ([]string, error) {
	switch opt.Pages {
	case "", PagesAuto, PagesSplit:
		g, err := indexInputs(ctx, dir, opt.Pages == PagesSplit, opt.Progress)
		if err != nil && !errors.Is(err, errNotGrouped) {
			return nil, err
		}
		if err == nil && g != nil {
			g.noPNG, g.note, g.progress = opt.NoPNG, opt.Note, opt.Progress
			names, err := writeStreamed(ctx, dir, g)
			if !errors.Is(err, errNotGrouped) {
				return names, err
			}
		}
	}
	return writeLoaded(ctx, dir, opt)
}

// writeLoaded is WriteWith from the whole files.
func writeLoaded(ctx context.Context, dir string, opt Options) ([]string, error) {
	r, err := BuildWith(dir, opt)
	if err != nil {
		return nil, err
	}
	batch := results.NewBatch()
	defer batch.Abort()
	charts, err := r.writeCharts(batch, dir)
	if err != nil {
		return nil, err
	}
	names := charts
	written := map[string]bool{}
	if r.split {
		if opt.Progress != nil {
			opt.Progress(ProgressStage, 0, len(r.page.Instruments))
		}
		for k, iv := range r.page.Instruments {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			buf := pageBuffer()
			if err := r.WriteInstrumentHTML(buf, iv.Name); err != nil {
				return nil, err
			}
			name := filepath.Join("instruments", iv.File)
			err := batch.Write(filepath.Join(dir, name), buf.Bytes())
			releasePageBuffer(buf)
			if err != nil {
				return nil, fmt.Errorf("report: %w", err)
			}
			written[iv.File] = true
			names = append(names, filepath.ToSlash(name))
			if opt.Progress != nil {
				opt.Progress(ProgressStage, k+1, len(r.page.Instruments))
			}
		}
	}
	var buf bytes.Buffer
	if err := r.WriteHTML(&buf); err != nil {
		return nil, err
	}
	if err := batch.Write(filepath.Join(dir, "report.html"), buf.Bytes()); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if err := batch.Commit(ctx); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	tellNotes(opt.Note, r.page.Notes)
	names = append(names, "report.html")
	if err := removeStaleCharts(dir, chartKeep(charts)); err != nil {
		return names, err
	}
	return names, removeStalePages(dir, written)
}

// tellNotes hands each note to note (Options.Note), if set.
func tellNotes(note func(string), notes []string) {
	if note == nil {
		return
	}
	for _, n := range notes {
		note(n)
	}
}

// Remove deletes what the report writes in dir (report.html, the charts and the instrument
// pages, and the charts and instruments folders when that leaves them empty), for a run whose
// CSV reports replace the ones an earlier report described. Other files are left alone.
func Remove(dir string) error {
	if err := results.Remove(dir, "report.html"); err != nil {
		return err
	}
	if err := removeStaleCharts(dir, nil); err != nil {
		return err
	}
	return removeStalePages(dir, nil)
}

// removeStalePages removes the instrument pages in dir/instruments that this run did not write
// (and the folder when it is left empty), so the folder describes the latest run only.
func removeStalePages(dir string, written map[string]bool) error {
	sub := filepath.Join(dir, "instruments")
	entries, err := os.ReadDir(sub)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	left := 0
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasPrefix(e.Name(), "inst-") && strings.HasSuffix(e.Name(), ".html") && !written[e.Name()] {
			if err := os.Remove(filepath.Join(sub, e.Name())); err != nil {
				return fmt.Errorf("report: %w", err)
			}
			continue
		}
		left++
	}
	if left == 0 {
		if err := os.Remove(sub); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}
