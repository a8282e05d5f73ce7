package segment

import (
	"fmt"
	"strconv"

	"github.com/stanceshift/stanceshift/corpus"
)

// Options tune Segment.
type Options struct {
	// Provenance returns the provenance for a marker; nil (or an empty result) means
	// corpus.ProvenanceSource.
	Provenance func(marker string) string
}

// Result is the segmentation of one document.
type Result struct {
	Text       string             // the normalised document text; every Provision has Text == Result.Text[Start:End]
	Provisions []corpus.Provision // in document order, Ordinal 1..n, ID "<docID>:<marker>"
	Warnings   []corpus.Warning   // Line = 1-based line of the raw input; Path left empty (caller fills it)
}

// Segment normalises raw and splits it into provisions. It never fails: problems in the input
// are reported as warnings. See the package documentation for the rules.
func Segment(docID, raw string, opt Options) Result {
	paras, text, warns := normalize(raw)
	res := Result{Text: text, Warnings: warns}
	s := &segmenter{docID: docID, opt: opt, paras: paras, res: &res,
		last: make(styleVals, 0, 8), marks: make(map[string]markUse, len(paras))}
	s.run()
	return res
}

type subRec struct {
	marker string
	start  int
	para   int
	st     style
}

type openProv struct {
	p      corpus.Provision
	marked bool
	subs   []subRec
}

type segmenter struct {
	docID string
	opt   Options
	paras []para
	res   *Result

	top          style
	topSet       bool
	cur          *openProv
	slot         openProv // what cur points to while a provision is open: one per document
	seenOp       bool     // an operative provision has been made
	inAnnex      bool
	pCount       int
	markedCount  int
	last         styleVals          // last value seen per style (non-top styles reset per top provision)
	marks        map[string]markUse // marker -> line of its first provision, provisions with it
	lookahead    []string           // next same-case same-form letter/roman token after each paragraph
	headingCount int
	lone         []bool         // lone[i]: paragraph i's marker style occurs only once (see classify)
	anyRecurring bool           // some marker style occurs more than once
	capped       map[string]int // warnings emitted per capped kind
}

// markUse is how a marker has been used so far: the line of its first provision and the number
// of provisions with it (one map, looked up once per provision).
type markUse struct{ line, n int }

func (s *segmenter) run() {
	paras := s.paras
	if len(paras) == 0 {
		s.warn(0, "segment: empty document: no text after normalisation; no provisions")
		return
	}
	s.classify()
	n := 0 // an upper bound on the number of provisions, to allocate once
	for i := range paras {
		if !paras[i].heading {
			n++
		}
	}
	s.res.Provisions = make([]corpus.Provision, 0, min(n, 1+len(s.res.Text)/16))
	for i := 0; i < len(paras); i++ {
		p := &paras[i]
		switch {
		case p.heading:
			s.close()
			s.headingCount++
			if s.seenOp && isAnnexHeading(p.text) {
				// the annex has its own numbering: its first marker sets its top level
				s.inAnnex, s.topSet = true, false
				s.last = s.last[:0]
			}
		case p.marked:
			s.markedPara(i)
		case s.cur != nil && s.cur.marked:
			s.cur.p.End = p.end() // continuation of the open provision
		default:
			s.close()
			s.pCount++
			s.open("p"+strconv.Itoa(s.pCount), false, p.start, p.end(), p.line)
		}
	}
	s.close()
	s.summarize()
	if s.markedCount == 0 {
		if len(s.res.Provisions) == 0 && s.headingCount > 0 {
			// only heading-like paragraphs: keep them rather than lose the document
			for i := range paras {
				s.pCount++
				s.open("p"+strconv.Itoa(s.pCount), false, paras[i].start, paras[i].end(), paras[i].line)
				s.close()
			}
		}
		if found := s.markersFound(); found > 0 {
			// markers without text of their own (each warned about above), or inline items
			s.warn(0, fmt.Sprintf("segment: %d provision marker(s) found but none starts a provision with text; %d unmarked paragraphs kept as provisions", found, len(s.res.Provisions)))
		} else {
			s.warn(0, fmt.Sprintf("segment: no provision markers found; %d unmarked paragraphs kept as provisions", len(s.res.Provisions)))
		}
	}
}

// markersFound counts the paragraphs classify took as marked.
func (s *segmenter) markersFound() int {
	n := 0
	for i := range s.paras {
		if s.paras[i].marked {
			n++
		}
	}
	return n
}

// classify finds markers and headings and the lookahead used for letter/roman ambiguity.
func (s *segmenter) classify() {
	paras := s.paras
	hasOther := false
	for i := range paras {
		if m, ok := parseMarker(paras[i].text); ok {
			paras[i].m, paras[i].marked = m, true
			if !m.upper() {
				hasOther = true
			}
		}
	}
	for i := range paras {
		p := &paras[i]
		if !p.marked {
			p.heading = headingText(p.text)
			continue
		}
		if hasOther && p.m.upper() && p.m.form != fHalf {
			if rest := p.text[p.m.textOff:]; rest != "" && !isAnnexHeading(rest) && headingText(rest) {
				p.heading, p.marked = true, false
			}
		}
	}
	// the first word marker ("Article", "Section", ...) makes its style the top level
	for i := range paras {
		if paras[i].marked && paras[i].m.kind == kWord {
			s.top, s.topSet = paras[i].m.style(), true
			break
		}
	}
	// A marker whose (unambiguous) style occurs only once, met before the top level is set
	// while another style recurs, is an inline item of the paragraph before it: a lone "(1)"
	// that opens a list in a preamble ("... with two steps:\n(1) assert ..., and (2) offer
	// ...") must not make the real sections ("0.", "1.", ...) its sub-items. See markedPara.
	count := make(styleCounts, 0, 8)
	for i := range paras {
		if paras[i].marked {
			count.add(paras[i].m.style())
		}
	}
	s.lone = make([]bool, len(paras))
	for i := range paras {
		if paras[i].marked {
			n := count.get(paras[i].m.style())
			if n > 1 {
				s.anyRecurring = true
			}
			s.lone[i] = !paras[i].m.amb && n == 1
		}
	}
	s.lookahead = make([]string, len(paras))
	var next [6]string
	for i := len(paras) - 1; i >= 0; i-- {
		p := &paras[i]
		if !p.marked || p.m.kind == kNumber || p.m.kind == kWord {
			continue
		}
		slot := int(p.m.form)
		if p.m.upper() {
			slot += 3
		}
		s.lookahead[i] = next[slot]
		next[slot] = p.m.value
	}
}

// resolve returns the style of a marked paragraph, deciding letter or roman for ambiguous
// tokens: first by the next marker of the same case and punctuation (after "(i)", "(ii)" means
// roman and "(j)" means letter), then by what the letter and roman sequences in scope expect
// next ("(i)" right after "(h)" is a letter; "(i)" inside "(c)" is roman), then by default
// (a single letter is a letter, a longer token a roman numeral).
func (s *segmenter) resolve(i int) style {
	m := s.paras[i].m
	if !m.amb {
		return m.style()
	}
	lk, rk := kLowerLetter, kLowerRoman
	if m.upper() {
		lk, rk = kUpperLetter, kUpperRoman
	}
	letter, roman := style{lk, m.form, ""}, style{rk, m.form, ""}
	if nx := s.lookahead[i]; nx != "" {
		nl, nr := successor(lk, m.value), successor(rk, m.value)
		if nx == nl && nx != nr {
			return letter
		}
		if nx == nr && nx != nl {
			return roman
		}
	}
	if successor(lk, s.last.get(letter)) == m.value {
		return letter
	}
	if successor(rk, s.last.get(roman)) == m.value {
		return roman
	}
	if len(m.value) == 1 {
		return letter
	}
	return roman
}

func (s *segmenter) markedPara(i int) {
	p := &s.paras[i]
	st := s.resolve(i)
	if !s.topSet {
		if s.lone[i] && s.anyRecurring && s.cur != nil {
			// an inline item of the paragraph before it (see classify)
			s.cur.subs = append(s.cur.subs, subRec{marker: p.m.value, start: p.start + p.m.textOff, para: i, st: st})
			s.cur.p.End = p.end()
			return
		}
		s.top, s.topSet = st, true
	}
	if st != s.top && s.cur != nil && s.cur.marked {
		// a sub-item: stays in the parent's text
		s.cur.subs = append(s.cur.subs, subRec{marker: p.m.value, start: p.start + p.m.textOff, para: i, st: st})
		s.cur.p.End = p.end()
		s.last.set(st, p.m.value)
		return
	}
	s.close()
	start, end := p.start+p.m.textOff, p.end()
	if start >= end {
		// a marker alone on its line ("Article 5"): its text starts with the next paragraph,
		// which may be a title ("Purpose and scope") rather than a heading
		if i+1 >= len(s.paras) || s.paras[i+1].marked && s.resolve(i+1) == s.top ||
			s.paras[i+1].heading && isAnnexHeading(s.paras[i+1].text) {
			s.warn(p.line, fmt.Sprintf("segment: marker %q has no text; skipped", p.m.value))
			return
		}
		n := &s.paras[i+1]
		n.heading = false
		start, end = n.start, n.start
		if !n.marked {
			end = n.end()
		}
	}
	if st == s.top {
		if prev := s.last.get(st); prev != "" { // a marker's value is never empty
			if exp := successor(st.k, prev); exp != "" && exp != p.m.value && s.marks[p.m.value].line == 0 &&
				(st.k != kWord || isDigits(p.m.value)) {
				if s.allow(kindGap) {
					s.warn(p.line, fmt.Sprintf("segment: marker %q follows %q (expected %q)", p.m.value, prev, exp))
				}
			}
		}
		s.last.keep(s.top)
	}
	s.last.set(st, p.m.value)
	s.markedCount++
	s.seenOp = true
	s.open(p.m.value, true, start, end, p.line)
}

// open starts a provision; close finishes it.
func (s *segmenter) open(mk string, marked bool, start, end, line int) {
	sec := corpus.Preamble
	if marked || s.seenOp {
		sec = corpus.Operative
		if s.inAnnex {
			sec = corpus.Annex
		}
	}
	prov := corpus.ProvenanceSource
	if s.opt.Provenance != nil {
		if v := s.opt.Provenance(mk); v != "" {
			prov = v
		}
	}
	id := s.docID + ":" + mk
	u := s.marks[mk]
	u.n++
	if u.n > 1 {
		id += "-" + strconv.Itoa(u.n)
		if s.allow(kindDuplicate) {
			s.warn(line, fmt.Sprintf("segment: duplicate marker %q (first at line %d); id %q", mk, u.line, id))
		}
	} else {
		u.line = line
	}
	s.marks[mk] = u
	// close copies the provision out and the sub-items into new slices: the slot and its subs'
	// array serve the next provision
	s.slot = openProv{marked: marked, subs: s.slot.subs[:0], p: corpus.Provision{
		ID: id, DocID: s.docID, Marker: mk, Section: sec, Start: start, End: end,
		Provenance: prov, Line: line,
	}}
	s.cur = &s.slot
}

func (s *segmenter) close() {
	c := s.cur
	if c == nil {
		return
	}
	s.cur = nil
	p := c.p
	if p.Start >= p.End {
		// a marker alone whose following paragraph turned out to start a sibling
		s.warn(p.Line, fmt.Sprintf("segment: marker %q has no text; skipped", p.Marker))
		return
	}
	if len(c.subs) > 0 {
		// depth of a style: order of first appearance within this provision; an item ends
		// where the next item of the same or a shallower depth begins
		var styles []style
		depth := func(st style) int {
			for d, x := range styles {
				if x == st {
					return d
				}
			}
			styles = append(styles, st)
			return len(styles) - 1
		}
		p.SubItems = make([]corpus.SubItem, len(c.subs))
		var stack []int
		var depths = make([]int, len(c.subs))
		for k, sr := range c.subs {
			depths[k] = depth(sr.st)
			for len(stack) > 0 && depths[stack[len(stack)-1]] >= depths[k] {
				j := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				p.SubItems[j].End = s.paras[sr.para-1].end()
			}
			p.SubItems[k] = corpus.SubItem{Marker: sr.marker, Start: sr.start}
			stack = append(stack, k)
		}
		for _, j := range stack {
			p.SubItems[j].End = p.End
		}
		for k := range p.SubItems {
			if p.SubItems[k].End < p.SubItems[k].Start {
				p.SubItems[k].End = p.SubItems[k].Start
			}
		}
	}
	p.Text = s.res.Text[p.Start:p.End]
	p.Ordinal = len(s.res.Provisions) + 1
	s.res.Provisions = append(s.res.Provisions, p)
}

func (s *segmenter) warn(line int, msg string) {
	s.res.Warnings = append(s.res.Warnings, corpus.Warning{Line: line, Msg: msg})
}

// maxRepeatedWarnings caps the warnings of one kind (duplicate markers, numbering gaps) per
// document; the rest are counted in one summary warning.
const maxRepeatedWarnings = 20

// allow counts a warning of the given kind and reports whether it is to be emitted: only the
// first maxRepeatedWarnings of a kind are.
func (s *segmenter) allow(kind string) bool {
	if s.capped == nil {
		s.capped = map[string]int{}
	}
	s.capped[kind]++
	return s.capped[kind] <= maxRepeatedWarnings
}

// summarize adds one warning per kind that went over the cap, in a fixed order.
func (s *segmenter) summarize() {
	for _, kind := range []string{kindDuplicate, kindGap} {
		if n := s.capped[kind] - maxRepeatedWarnings; n > 0 {
			s.warn(0, fmt.Sprintf("segment: %d more %s warnings not shown", n, kind))
		}
	}
}

const (
	kindDuplicate = "duplicate-marker"
	kindGap       = "numbering-gap"
)
