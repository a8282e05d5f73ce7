package report

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
)

// writeRow writes one provision row of an instrument page (a <section class="prov">) as the
// "row" template that produced it before wrote it, byte for byte: every string escaped as
// html/template escapes it in HTML text and quoted attributes (escapeHTML), the links as it
// normalises a URL in an attribute (escapeURL). The pages have one row per provision and
// version pair, written straight into the page's buffer (writePage). TestRowHTMLMatchesTemplate
// checks the bytes against the template on random rows.
func (rv *rowView) writeRow(b *bytes.Buffer) {
	b.WriteString(`<section class="prov"`)
	if rv.Anchor != "" {
		b.WriteString(` id="`)
		escapeHTML(b, rv.Anchor)
		b.WriteByte('"')
	}
	b.WriteString(` data-status="`)
	escapeHTML(b, rv.Status)
	b.WriteString(`" data-direction="`)
	escapeHTML(b, rv.DataDir)
	b.WriteString(`" data-concepts="`)
	escapeHTML(b, rv.DataConcepts)
	b.WriteString("\">\n")
	for _, a := range rv.ExtraAnchors {
		b.WriteString(`<span id="`)
		escapeHTML(b, a)
		b.WriteString(`"></span>`)
	}
	b.WriteString("\n<div class=\"head\"><span class=\"badge b-")
	escapeHTML(b, rv.Status)
	b.WriteString(`">`)
	escapeHTML(b, rv.StatusLabel)
	b.WriteString("</span>\n")
	if rv.Aligned {
		b.WriteString("<span>")
		if rv.From != "" {
			writeLink(b, rv.From, rv.FromHref)
		} else {
			b.WriteString("—")
		}
		b.WriteString(" → ")
		if rv.To != "" {
			writeLink(b, rv.To, rv.ToHref)
		} else {
			b.WriteString("—")
		}
		b.WriteString("</span>\n")
		if rv.From != "" && rv.To != "" {
			b.WriteString("<span>similarity ")
			escapeHTML(b, rv.Similarity)
			b.WriteString("</span>")
		}
		b.WriteString("<span>+")
		b.WriteString(strconv.Itoa(rv.WordsAdded))
		b.WriteString(" / −")
		b.WriteString(strconv.Itoa(rv.WordsDeleted))
		b.WriteString(" words</span>")
	} else {
		b.WriteString("<span>")
		writeLink(b, rv.To, rv.ToHref)
		b.WriteString("</span>")
	}
	b.WriteString("\n")
	for _, s := range rv.Shifts {
		b.WriteString(`<span class="dir-`)
		escapeHTML(b, s.Direction)
		b.WriteString(`">`)
		escapeHTML(b, s.Model)
		b.WriteString(": ")
		escapeHTML(b, s.From)
		b.WriteString(" → ")
		escapeHTML(b, s.To)
		b.WriteString(" (")
		escapeHTML(b, s.Delta)
		b.WriteString(", ")
		escapeHTML(b, s.Arrow)
		b.WriteString(")</span>")
	}
	b.WriteString("\n</div>\n")
	if rv.Repeat != "" {
		rv.writeRepeat(b)
		return
	}
	b.WriteString("<div class=\"text\">")
	if t := rv.text; t != nil && t.page == b {
		b.Write(b.Bytes()[t.start:t.end])
	} else {
		start := b.Len()
		for _, sg := range rv.Segs {
			sg.write(b)
		}
		if t != nil && t.rows > 1 {
			t.page, t.start, t.end = b, start, b.Len()
		}
	}
	b.WriteString("</div>\n")
	for _, f := range rv.Fallback {
		b.WriteString(`<div class="small">`)
		escapeHTML(b, f.Label)
		b.WriteString(`:</div><div class="text">`)
		f.Seg.writePieces(b)
		b.WriteString("</div>")
	}
	b.WriteString("\n")
	rv.writeConcepts(b)
	b.WriteString("\n")
	if len(rv.Stances) > 0 {
		b.WriteString("<table><thead><tr><th>model</th><th>version</th><th>provision</th><th>score</th><th>CI</th><th>label</th><th>confidence</th><th>evidence</th></tr></thead><tbody>\n")
		for _, s := range rv.Stances {
			b.WriteString("<tr><td>")
			escapeHTML(b, s.Model)
			b.WriteString("</td><td>")
			escapeHTML(b, s.Side)
			b.WriteString("</td>")
			if c := s.cells; c != nil && c.page == b {
				b.Write(b.Bytes()[c.start:c.end])
				continue
			}
			start := b.Len()
			for _, v := range [...]string{s.Provision, s.Score, s.CI, s.Label, s.Confidence, s.Evidence} {
				b.WriteString("<td>")
				escapeHTML(b, v)
				b.WriteString("</td>")
			}
			b.WriteString("</tr>\n")
			if c := s.cells; c != nil {
				c.page, c.start, c.end = b, start, b.Len()
			}
		}
		b.WriteString("</tbody></table>")
	}
	b.WriteString("\n")
	rv.writeTail(b)
}

// writeRepeat writes the rest of a Repeat row after its head: the link to the row showing its
// text, annotations and stance rows, then its concepts and the lines writeTail writes.
func (rv *rowView) writeRepeat(b *bytes.Buffer) {
	b.WriteString(`<div class="small repeat">Unchanged: text, annotations and stance rows as at <a href="`)
	escapeURL(b, string(rv.Repeat))
	b.WriteString(`">`)
	escapeHTML(b, rv.RepeatOf)
	b.WriteString("</a></div>\n")
	rv.writeConcepts(b)
	b.WriteString("\n")
	rv.writeTail(b)
}

// writeConcepts writes the row's concepts line, if it has concepts.
func (rv *rowView) writeConcepts(b *bytes.Buffer) {
	if len(rv.Concepts) > 0 {
		b.WriteString(`<div class="small">Concepts: `)
		for i, c := range rv.Concepts {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`<span class="con">`)
			escapeHTML(b, c)
			b.WriteString("</span>")
		}
		b.WriteString("</div>")
	}
}

// writeTail writes the row's evidence changes and reuse lines and ends the section.
func (rv *rowView) writeTail(b *bytes.Buffer) {
	for _, s := range rv.Shifts {
		if s.EvidenceAdded == "" && s.EvidenceRemoved == "" {
			continue
		}
		b.WriteString(`<div class="small">`)
		escapeHTML(b, s.Model)
		b.WriteString(" evidence")
		if s.EvidenceAdded != "" {
			b.WriteString(" added: <ins>")
			escapeHTML(b, s.EvidenceAdded)
			b.WriteString("</ins>")
		}
		if s.EvidenceRemoved != "" {
			b.WriteString(" removed: <del>")
			escapeHTML(b, s.EvidenceRemoved)
			b.WriteString("</del>")
		}
		b.WriteString("</div>")
	}
	b.WriteString("\n")
	for _, r := range rv.Reuse {
		b.WriteString(`<div class="small">`)
		escapeHTML(b, r.Direction)
		b.WriteString(" ")
		writeLink(b, r.Other, r.Href)
		b.WriteString(" (score ")
		escapeHTML(b, r.Score)
		b.WriteString(", ")
		escapeHTML(b, r.Words)
		b.WriteString(` aligned words): <q class="reuse">`)
		escapeHTML(b, r.Passage)
		b.WriteString("</q></div>")
	}
	b.WriteString("\n</section>\n")
}

// writeLink writes text as a link to href, or as plain text when href is empty.
func writeLink(b *bytes.Buffer, text string, href template.URL) {
	if href != "" {
		b.WriteString(`<a href="`)
		escapeURL(b, string(href))
		b.WriteString(`">`)
		escapeHTML(b, text)
		b.WriteString("</a>")
	} else {
		escapeHTML(b, text)
	}
}

// escapeURL writes u, a template.URL in a quoted attribute, as html/template does: normalised
// (every byte outside RFC 3986's unreserved and reserved characters percent-encoded, valid
// escapes kept), then escaped as attribute text.
func escapeURL(b *bytes.Buffer, u string) {
	const hex = "0123456789abcdef"
	var n strings.Builder
	last := 0
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case urlKept[c]:
			continue
		case c == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]):
			continue
		}
		n.WriteString(u[last:i])
		n.WriteByte('%')
		n.WriteByte(hex[c>>4])
		n.WriteByte(hex[c&15])
		last = i + 1
	}
	if last == 0 {
		escapeHTML(b, u)
		return
	}
	n.WriteString(u[last:])
	escapeHTML(b, n.String())
}

// urlKept marks the bytes escapeURL keeps as they are: RFC 3986's unreserved and reserved
// characters but '%' (a table: a search of the reserved ones per byte was two thirds of
// escapeURL's instructions at 10 MB).
var urlKept = func() (t [256]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$&*+,/:;=?@[]-._~", byte(c)) >= 0
	}
	return t
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
