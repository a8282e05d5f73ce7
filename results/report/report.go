package report

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Report is the tracked-changes report built from one output folder's CSV files. Build it with
// Build; it is not safe for concurrent use.
type Report struct {
	in    *inputs
	page  *pageView
	notes []string
	split bool // one page per instrument (see Options.Pages)
	eager bool // build every row up front even when split (tests compare the two)
	noPNG bool // Options.NoPNG

	// Lazy building of a split report's rows (see buildPage).
	lazyDropped int                // annotations on unknown provisions
	buildRows   func(iv *instView) // builds one instrument's rows and links
	finishNotes func()             // adds the notes once every row was built
	notesDone   bool

	chartsOnce sync.Once
	charts     []chart
	chartsErr  error
	inst       *instRows // built on first use by byInst

	// global is set when the report is one instrument's share of a streamed build (stream.go):
	// which provisions exist and where their pages are comes from it, not from r.in.
	global     *streamIndex
	lazyCounts func() (dropped, unmapped int) // a lazy report's counts for the notes so far

	// blocks gives the page build's arenas their blocks (nil: allocated): a streamed build's
	// instrument report, whose rows are dropped once its page is written, gives them back
	blocks *pageBlocks
}

// Files lists the CSV reports Build read, in a fixed order (documents.csv, provisions.csv, then
// the optional ones that were present).
func (r *Report) Files() []string { return append([]string(nil), r.in.files...) }

// Instruments lists the instruments in documents.csv order.
func (r *Report) Instruments() []string {
	var out []string
	for _, iv := range r.page.Instruments {
		out = append(out, iv.Name)
	}
	return out
}

// Build reads the CSV reports in dir and assembles the report. documents.csv and provisions.csv
// are required; every other report is optional and its section or feature is left out when the
// file is absent. A malformed file is an error naming the file and line.
func Build(dir string) (*Report, error) { return BuildWith(dir, Options{}) }

// Page layouts (Options.Pages).
const (
	// PagesAuto is one page up to MaxInstrumentsOnePage instruments, PagesSplit above.
	PagesAuto = "auto"
	// PagesOne puts every instrument in report.html.
	PagesOne = "one"
	// PagesSplit makes report.html an index of the instruments, each on its own page
	// instruments/inst-<instrument>.html.
	PagesSplit = "split"
)

// CheckPages returns an error unless pages is a layout Options.Pages accepts: "", PagesAuto,
// PagesOne or PagesSplit. Callers check a user's value with it before doing any work.
func CheckPages(pages string) error {
	switch pages {
	case "", PagesAuto, PagesOne, PagesSplit:
		return nil
	}
	return fmt.Errorf("report: pages %q: expected %s, %s or %s", pages, PagesAuto, PagesOne, PagesSplit)
}

// MaxInstrumentsOnePage is the largest number of instruments PagesAuto puts on one page. A
// corpus of a few hundred instruments gave a report.html of over a hundred megabytes (10 MB of
// text), which browsers open slowly if at all; one page per instrument keeps each page to the
// size of its instrument.
const MaxInstrumentsOnePage = 20

// Options configure BuildWith.
type Options struct {
	// Pages is PagesAuto (also ""), PagesOne or PagesSplit.
	Pages string
	// NoPNG writes the charts as SVG only (charts/*.svg; the pages show the SVG either way): no
	// charts/*.png, whose drawing and encoding are about a third of the report's CPU time
	// (207 -> 141 s for the 100MB bench output).
	NoPNG bool
	// Note, when set, is called with each note of report.html's Notes section (annotations or
	// stance rows that were not shown, diffs that did not spell their texts), in order, once
	// the report is written: they are what a hand-edited CSV that does not fit the others
	// leaves out of the report.
	Note func(note string)
	// Progress, when set, is called with ProgressStage, done 0, when a split report starts its
	// instrument pages and again after each page is written (done of total pages), from one
	// goroutine at a time: on an archive corpus the pages are most of a run's time. Before the
	// pages it is called with IndexStage for the pass that reads the CSV reports first.
	Progress func(stage string, done, total int)
}

// ProgressStage is the stage name Options.Progress is called with for the instrument pages.
const ProgressStage = "report (instrument pages)"

// IndexStage is the stage name Options.Progress is called with, before the pages of a split
// report, for its first pass over the CSV reports (their rows' ids, statuses and concepts),
// counting MiB of the files it scans.
const IndexStage = "report: read the CSVs (MiB)"

// BuildWith is Build with options.
func BuildWith(dir string, opt Options) (*Report, error) { return buildWith(dir, opt, false) }

// buildWith builds the report; eager builds a split report's rows up front too (for tests: the
// pages must not depend on it).
func buildWith(dir string, opt Options, eager bool) (*Report, error) {
	in, err := readInputs(dir)
	if err != nil {
		return nil, err
	}
	r := &Report{in: in, eager: eager, noPNG: opt.NoPNG}
	switch opt.Pages {
	case "", PagesAuto:
		insts := map[string]bool{}
		for _, d := range in.docs {
			insts[d.Instrument] = true
		}
		r.split = len(insts) > MaxInstrumentsOnePage
	case PagesOne:
	case PagesSplit:
		r.split = true
	default:
		return nil, CheckPages(opt.Pages)
	}
	r.page = r.buildPage()
	return r, nil
}

// Split reports whether the report has one page per instrument.
func (r *Report) Split() bool { return r.split }

// PageFile is the file name, under instruments/, of an instrument's page when the report is
// split: "inst-" followed by the name with every byte outside [A-Za-z0-9._-] written as "~" and
// two upper-case hex digits, then ".html" (one-to-one, and safe on every file system).
func PageFile(instrument string) string {
	var b strings.Builder
	b.WriteString("inst-")
	for i := 0; i < len(instrument); i++ {
		c := instrument[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' && i > 0 || c == '_' || c == '-' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "~%02X", c)
		}
	}
	b.WriteString(".html")
	return b.String()
}

// The view model handed to the template. Every string in it is plain text (html/template escapes
// it for its context); only Script and the chart data URIs are trusted values.

type pageView struct {
	Title       string
	Files       []string
	Instruments []*instView
	Statuses    []string
	Directions  []string
	Concepts    []string
	Notes       []string
	Charts      []chartView // corpus-wide charts
	HasStance   bool
	HasShifts   bool
}

type instView struct {
	Name     string
	Anchor   string
	File     string     // its page under instruments/ when the report is split
	singles  []alignRow // lazy: the single-version provisions' rows to build
	built    bool       // lazy: its rows were built once (and counted in the notes)
	Versions []versionView
	Pairs    []*pairView
	Single   []*rowView // provisions not in any alignment row
	Charts   []chartView
}

type versionView struct {
	DocID, Anchor, Version, Date, Title, Role string
	NProvisions, NWords                       int
	Scores                                    []string
	TopPhrases                                []string
}

type pairView struct {
	Anchor                         string
	FromDoc, ToDoc, FromVer, ToVer string
	KPAdded, KPDropped             []string
	ConceptsAdded, ConceptsDropped []string
	ConceptsKept                   []string
	Rows                           []*rowView
	NByStatus                      []string

	aligns []alignRow // lazy: the rows to build
}

type rowView struct {
	Anchor       string
	ExtraAnchors []string
	From, To     string
	FromHref     template.URL // "#prov-..." (escapeID output only: safe)
	ToHref       template.URL
	Status       string
	StatusLabel  string
	Similarity   string
	WordsAdded   int
	WordsDeleted int
	Aligned      bool
	Segs         []segView
	Fallback     []fallbackView
	Shifts       []shiftView
	Stances      []stanceView
	Reuse        []reuseView
	Concepts     []string
	Entities     int
	DataDir      string
	DataConcepts string

	// Repeat, when set, links to the row above that shows this row's text, annotations and
	// stance rows (RepeatOf names its provision): an unchanged provision kept through several
	// versions is shown in full once per page and by its head and that link after (markRepeats).
	Repeat   template.URL
	RepeatOf string

	inst    string        // the instrument whose page shows the row
	text    *renderedText // lazy: Segs and Fallback, shared with the page's rows of equal text
	same    bool          // unchanged, both sides with one text, the same annotations and the same stance rows
	showsTo bool          // the later side's text is shown with its annotations as they are (no diff)
}

// renderedText is a row's diff rendered against its sides' annotations (rowView's Segs and
// Fallback), shared by the rows of one page build whose diff, texts and annotations are equal
// (texts, in buildPage): a provision kept from version to version with the same annotations is
// in one such row per version pair (rendering each again was a third of the rows' CPU at 10 MB).
type renderedText struct {
	fromText, toText string
	fromSpans        []span
	toSpans          []span
	segs             []segView
	fallback         []fallbackView
	mapped           bool // the diff spells both sides' texts
	rows             int  // the rows showing it
	// where writeRow first wrote segs, when rows > 1: page[start:end] (the page's buffer only
	// grows while it is written, so those bytes stay where they are; copying them out was a
	// tenth of the bytes the rows allocated)
	page       *bytes.Buffer
	start, end int
}

// renders reports whether rt is the diff rendered from these texts and annotations.
func (rt *renderedText) renders(fromText, toText string, fromSpans, toSpans []span) bool {
	return rt.fromText == fromText && rt.toText == toText && slices.Equal(rt.fromSpans, fromSpans) && slices.Equal(rt.toSpans, toSpans)
}

type fallbackView struct {
	Label string
	Seg   segView
}

type shiftView struct {
	Model, From, To, Delta, Direction, Arrow string
	EvidenceAdded, EvidenceRemoved           string
}

type stanceView struct {
	Model, Side, Provision, Score, CI, Label, Confidence, Evidence string

	cells *writtenCells // lazy: where its cells after Side were written, shared by its copies
}

// writtenCells are bytes writeRow wrote into a page, page[start:end], to be copied where the
// same bytes come again (the page's buffer only grows while it is written, so they stay where
// they are). A provision of a middle version is in two rows, the later side of one and the
// earlier side of the next, with the same stance rows but for their Side: escaping their cells
// again was a quarter of writeRow's CPU at 100 MB.
type writtenCells struct {
	page       *bytes.Buffer
	start, end int
}

// cellBlockLen is the writtenCells of a block handed out to a page's stance views (one
// allocation per provision was 0.7% of the report's allocations at 10 MB).
const cellBlockLen = 1024

type reuseView struct {
	Direction, Other, Score, Words, Passage string
	Href                                    template.URL
}

// fmtNum is a score as the page shows it: results.FormatRounded(f, 3), "–" for NaN.
func fmtNum(f float64) string { return fmtRounded(f, false) }

// fmtSigned is fmtNum with a "+" before a positive number that does not round to 0.
func fmtSigned(f float64) string { return fmtRounded(f, true) }

// fmtRounded formats f as results.FormatRounded(f, 3) does, in a stack buffer, and allocates
// only the string: the page formats a score, its interval and every evidence term's
// contribution (FormatRounded, its trimmed copy and the "+" concatenation were 2% of the
// report's CPU at 10 MB). TestFmtRounded compares it with FormatRounded.
func fmtRounded(f float64, signed bool) string {
	var buf [64]byte
	return string(appendRounded(buf[:0], f, signed))
}

// appendRounded appends fmtRounded(f, signed) to dst.
func appendRounded(dst []byte, f float64, signed bool) []byte {
	if math.IsNaN(f) {
		return append(dst, "–"...)
	}
	n := len(dst)
	b := appendFixed3(append(dst, 0), f) // b[n]: room for a "+"
	i := len(b)
	for i > n+1 && b[i-1] == '0' { // trimZeros
		i--
	}
	if i > n+1 && b[i-1] == '.' {
		i--
	}
	b = b[:i]
	s := b[n+1:]
	if string(s) == "-0" {
		return append(b[:n], '0')
	}
	if signed && f > 0 && string(s) != "0" {
		b[n] = '+'
		return b
	}
	return append(b[:n], s...)
}

// appendFixed3 is strconv.AppendFloat(dst, f, 'f', 3, 64) (FuzzAppendFixed3 compares them): for
// a finite f under 1e12 in magnitude, the thousandths nearest to it, ties to even, found from
// f*1000 rounded (p) and its rounding error (e, exact by math.FMA) instead of strconv's decimal
// conversion of the binary value (a fiftieth of the instructions of building the pages and
// reading their rows at 10 MB: a page's scores, intervals and evidence terms).
func appendFixed3(dst []byte, f float64) []byte {
	a := math.Abs(f)
	if !(a < 1e12) { // NaN, the infinities and large numbers
		return strconv.AppendFloat(dst, f, 'f', 3, 64)
	}
	p := float64(a * 1000)
	e := math.FMA(a, 1000, -p) // a*1000 is p+e
	fl := math.Floor(p)
	n := uint64(fl)
	// a*1000 is fl+0.5+d+e. d is exact: p-fl is, and so is its difference with 0.5 when p is
	// 0.25 or more (a multiple of p's ulp, which is more than |e|, or 0); under 0.25, d is under
	// -0.25 however rounded, and |e| tiny.
	if d := p - fl - 0.5; d > 0 || d == 0 && (e > 0 || e == 0 && n&1 == 1) {
		n++
	}
	if math.Signbit(f) {
		dst = append(dst, '-')
	}
	dst = strconv.AppendUint(dst, n/1000, 10)
	k := n % 1000
	return append(dst, '.', byte('0'+k/100), byte('0'+k/10%10), byte('0'+k%10))
}

// reuseNumbers are a reuse row's score (fmtNum) and aligned words (fmt.Sprint), made one
// string.
func reuseNumbers(u *reuseRow) (score, words string) {
	var buf [48]byte
	b := appendRounded(buf[:0], u.Score, false)
	n := len(b)
	s := string(strconv.AppendInt(b, int64(u.AlignedWords), 10))
	return s[:n], s[n:]
}

// Anchor returns the id attribute of a provision's section: "prov-" followed by the provision id
// with every byte outside [A-Za-z0-9._:@-] written as "~" and two upper-case hex digits (so
// "sco-code-2015:8" gives "prov-sco-code-2015:8"). The mapping is one-to-one and stable across
// runs, so a paper can cite report.html#prov-<id>.
func Anchor(provisionID string) string { return "prov-" + escapeID(provisionID) }

// fragment is the link to a provision's anchor. It is a trusted URL: "#" followed by bytes from
// [A-Za-z0-9._:@~-] only, so it can neither leave the page nor carry a scheme.
func fragment(provisionID string) template.URL { return template.URL("#" + Anchor(provisionID)) }

// escapeID is s with every byte outside [A-Za-z0-9._:@-] written as "~" and two upper-case hex
// digits: s itself when it has none (most ids; a new string built a byte at a time was 4% of
// the objects the report allocated at 10 MB). FuzzEscapeID compares it with the byte-at-a-time
// construction.
func escapeID(s string) string {
	i := 0
	for i < len(s) && idByte(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, i, len(s)+16)
	copy(b, s)
	for ; i < len(s); i++ {
		if c := s[i]; idByte(c) {
			b = append(b, c)
		} else {
			b = append(b, '~', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}

// idByte reports whether escapeID keeps c as it is.
func idByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '@' || c == '-'
}

// slug makes a class name or file name part from free text: lower-case letters, digits and '-'.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 40 {
		out = strings.TrimSuffix(out[:40], "-")
	}
	if out == "" {
		out = "x"
	}
	return out
}

var statusLabels = map[string]string{
	"unchanged": "unchanged", "modified": "modified", "moved": "moved", "split": "split",
	"merged": "merged", "added": "added", "deleted": "deleted", "unaligned": "single version",
}

var arrows = map[string]string{
	"toward_state_centric":    "→ state-centric",
	"toward_multistakeholder": "→ multistakeholder",
	"none":                    "no shift",
}

func (r *Report) buildPage() *pageView {
	in := r.in
	p := &pageView{Title: "stanceshift: tracked changes", Files: in.files,
		HasStance: in.has["stance.csv"], HasShifts: in.has["shifts.csv"]}

	provs := newPageProvs(in)
	docVersion := map[string]string{}
	for _, d := range in.docs {
		docVersion[d.DocID] = d.Version
	}

	// Annotations per provision: built for every provision up front on a one-page report; on a
	// split report (lazy) built per provision when its row is built, from per-provision indexes
	// of the annotation rows, so only one instrument's annotations are in memory at a time (all
	// of them were most of the memory of a 100 MB report).
	lazy := r.split && !r.eager
	spans := map[string][]span{}
	var spansFor func(pp *pageProv) []span
	forgetEvidence := func() {}
	if lazy {
		spansFor, forgetEvidence = r.lazySpans(provs)
	} else {
		spansFor = func(pp *pageProv) []span { return spans[pp.id] }
	}
	for _, e := range in.entities {
		if lazy {
			break
		}
		spans[e.ProvisionID] = append(spans[e.ProvisionID], span{e.Start, e.End,
			"ent ent-" + slug(e.Type), "entity " + e.Type + " " + e.CanonicalID})
	}
	for _, m := range in.mentions {
		if lazy {
			break
		}
		spans[m.ProvisionID] = append(spans[m.ProvisionID], span{m.Start, m.End, "con", "concept " + m.Concept})
	}
	stanceDropped := 0 // stance rows on provisions provisions.csv does not have
	for _, s := range in.stance {
		pr := provs.get(s.ProvisionID).row
		if pr == nil && !lazy {
			stanceDropped++
		}
		if pr == nil || lazy {
			continue
		}
		for _, ev := range s.Evidence {
			cls, side := "ev ev-ms", "multistakeholder"
			if ev.Contribution > 0 {
				cls, side = "ev ev-sc", "state-centric"
			}
			for _, m := range findTerm(pr.Text, ev.Term) {
				spans[s.ProvisionID] = append(spans[s.ProvisionID], span{m[0], m[1], cls, evidenceTitle(s.Model, ev, side)})
			}
		}
	}
	for _, u := range in.reuse {
		if !lazy {
			spans[u.Target] = append(spans[u.Target], span{u.TargetStart, u.TargetEnd, "reuse", "text reused from " + u.Source})
			spans[u.Source] = append(spans[u.Source], span{u.SourceStart, u.SourceEnd, "reuse", "text reused in " + u.Target})
		}
	}
	dropped, unmapped := stanceDropped, 0
	for id, ss := range spans {
		text := ""
		if pr := provs.row(id); pr != nil {
			text = pr.Text
		}
		var bad int
		spans[id], bad = validSpans(text, ss)
		dropped += bad
	}
	if lazy {
		dropped = r.lazyDropped // annotations on unknown provisions; the others are counted as built
	}
	finish := func() { // the notes, once every row is built
		r.notes = append(r.notes, countNotes(dropped, unmapped)...)
	}
	shiftsOf := map[[2]string][]int32{}
	for i, s := range in.shifts {
		k := [2]string{s.From, s.To}
		shiftsOf[k] = append(shiftsOf[k], int32(i))
	}

	// Anchors: each provision id gets one, at its first appearance in the page.
	anchored := map[string]bool{}
	claim := func(id string) string {
		if id == "" || anchored[id] {
			return ""
		}
		anchored[id] = true
		return Anchor(id)
	}
	// Anchors are claimed while building; hrefs are resolved after, when every anchor is known.
	var allRows []*rowView

	statuses := map[string]bool{}
	directions := map[string]bool{}
	concepts := map[string]bool{}

	// On a lazy report, each provision's annotations (checked against its text) and their cover
	// index, once per page build: a provision of a middle version is the later side of one row
	// and the earlier side of the next (building them twice was a tenth of the report's CPU at
	// 10 MB). Kept in pageProv.side while buildRows builds one instrument's rows (memoRows;
	// memo lists the entries that have one).
	memoRows := false
	var memo []*pageProv
	// With memoRows: the rows' rendered diffs by diff (those of several texts or annotations in
	// turn).
	var texts map[string][]*renderedText
	annotationsOf := func(pp *pageProv, text string) *sideAnnotations {
		if sa := pp.side; sa != nil {
			return sa
		}
		sa := &sideAnnotations{}
		sa.spans, dropped = r.validLazy(pp, text, spansFor(pp), dropped)
		if memoRows {
			pp.side = sa
			memo = append(memo, pp)
		}
		return sa
	}
	// stanceViews are a provision's stance rows as the table shows them (Side left empty), by
	// model; on a lazy report once per page build (pageProv.stances, kept while memoRows), as a
	// provision of a middle version is in two rows.
	var cellBlock []writtenCells // the memo's views' cells, handed out a block at a time
	var byModel []int32          // a provision's stance rows in model order, reused
	stanceViews := func(pp *pageProv, id string) []stanceView {
		if pp.stanced {
			return pp.stances
		}
		ss := append(byModel[:0], pp.stance...)
		byModel = ss
		slices.SortStableFunc(ss, func(a, b int32) int { return strings.Compare(in.stance[a].Model, in.stance[b].Model) })
		vs := make([]stanceView, 0, len(ss))
		for _, k := range ss {
			s := &in.stance[k]
			// the score, its interval (when it has one) and the confidence, as fmtSigned and
			// fmtNum format them, made one string (a string per number, and the interval's
			// concatenation, were a tenth of the objects a page build allocated at 10 MB)
			var buf [96]byte
			b := appendRounded(buf[:0], s.Score, true)
			score := len(b)
			if !math.IsNaN(s.CILow) || !math.IsNaN(s.CIHigh) {
				b = append(appendRounded(append(b, '['), s.CILow, false), ", "...)
				b = append(appendRounded(b, s.CIHigh, false), ']')
			}
			ci := len(b)
			nums := string(appendRounded(b, s.Conf, false))
			vs = append(vs, stanceView{Model: s.Model, Provision: id,
				Score: nums[:score], CI: nums[score:ci], Label: s.Label, Confidence: nums[ci:], Evidence: joinEvidence(s.Evidence)})
		}
		if memoRows {
			if len(cellBlock)+len(vs) > cap(cellBlock) {
				cellBlock = make([]writtenCells, 0, max(cellBlockLen, len(vs)))
			}
			n := len(cellBlock)
			cellBlock = cellBlock[:n+len(vs)]
			for i := range vs {
				vs[i].cells = &cellBlock[n+i]
			}
			pp.stances, pp.stanced = vs, true
			memo = append(memo, pp)
		}
		return vs
	}
	// conceptList is a provision's concepts, sorted, and their keys joined as a row's
	// data-concepts has them, made once per provision.
	conceptList := func(pp *pageProv) provConcepts {
		if !pp.listed {
			pc := provConcepts{names: pp.concepts}
			keys := make([]string, len(pc.names))
			for i, c := range pc.names {
				keys[i] = conceptKey(c)
			}
			pc.keys = strings.Join(keys, " ")
			pp.conceptList, pp.listed = pc, true
		}
		return pp.conceptList
	}
	arena := pieceArena{blocks: r.blocks}                            // the rows' diff pieces
	coverMem := coverScratch{blockLen: coverBlock, blocks: r.blocks} // the cover indexes' working memory
	newRow := func(a alignRow, aligned bool) *rowView {
		rv := &rowView{inst: a.Instrument, From: a.From, To: a.To, Status: a.Status, Aligned: aligned,
			WordsAdded: a.WordsAdded, WordsDeleted: a.WordsDeleted}
		rv.StatusLabel = statusLabels[a.Status]
		if rv.StatusLabel == "" {
			rv.StatusLabel = a.Status
		}
		if aligned {
			rv.Similarity = fmtNum(a.Similarity)
		}
		statuses[a.Status] = true
		for _, id := range []string{a.To, a.From} {
			if an := claim(id); an != "" {
				if rv.Anchor == "" {
					rv.Anchor = an
				} else {
					rv.ExtraAnchors = append(rv.ExtraAnchors, an)
				}
			}
		}
		pf, pt := provs.get(a.From), provs.get(a.To)
		fromText, toText := "", ""
		if pf.row != nil {
			fromText = pf.row.Text
		}
		if pt.row != nil {
			toText = pt.row.Text
		}
		var fs, ts []span
		var fa, ta *sideAnnotations // lazy only
		if lazy {
			fa, ta = annotationsOf(pf, fromText), annotationsOf(pt, toText)
			fs, ts = fa.spans, ta.spans
		} else {
			fs, ts = spansFor(pf), spansFor(pt)
		}
		switch {
		case a.From != "" && a.To != "" && a.Diff != "":
			var rt *renderedText
			for _, c := range texts[a.Diff] {
				if c.renders(fromText, toText, fs, ts) {
					rt = c
					break
				}
			}
			if rt == nil {
				segs := ParseDiff(a.Diff)
				fc := fa.coverOf(fromText, &coverMem)
				if ta != nil && ta.cover == nil && fromText == toText && slices.Equal(fs, ts) {
					ta.cover = fc // equal texts and annotations: one cover index (renderDiffCovered)
				}
				views, fok, tok := renderDiffCovered(segs, fromText, toText, fs, ts, fc, ta.coverOf(toText, &coverMem), &arena)
				rt = &renderedText{fromText: fromText, toText: toText, fromSpans: fs, toSpans: ts, segs: views, mapped: fok && tok}
				if !fok && len(fs) > 0 {
					rt.fallback = append(rt.fallback, fallbackView{"Earlier text, annotated", renderTextCovered("eq", fromText, fs, fa.coverOf(fromText, &coverMem))})
				}
				if !tok && len(ts) > 0 {
					rt.fallback = append(rt.fallback, fallbackView{"Later text, annotated", renderTextCovered("eq", toText, ts, ta.coverOf(toText, &coverMem))})
				}
				if texts != nil {
					texts[a.Diff] = append(texts[a.Diff], rt)
				}
			}
			rt.rows++
			rv.Segs, rv.Fallback = rt.segs, rt.fallback
			if texts != nil {
				rv.text = rt
			}
			if !rt.mapped {
				unmapped++
			}
		case a.To != "" && a.From != "":
			rv.Segs = []segView{renderTextCovered("eq", toText, ts, ta.coverOf(toText, &coverMem))}
		case a.To != "":
			op := "ins"
			if !aligned {
				op = "eq"
			}
			rv.Segs = []segView{renderTextCovered(op, toText, ts, ta.coverOf(toText, &coverMem))}
		case a.From != "":
			rv.Segs = []segView{renderTextCovered("del", fromText, fs, fa.coverOf(fromText, &coverMem))}
		}
		// Stance and shifts. The directions sorted and deduplicated in a slice (a map per row,
		// and the concepts' below, were a tenth of building the rows at 10 MB).
		var dbuf [8]string
		dirs := dbuf[:0]
		for _, k := range shiftsOf[[2]string{a.From, a.To}] {
			s := &in.shifts[k]
			var buf [64]byte // the scores and the change, one string (as the stance views')
			b := appendRounded(buf[:0], s.ScoreFrom, false)
			from := len(b)
			b = appendRounded(b, s.ScoreTo, false)
			to := len(b)
			nums := string(appendRounded(b, s.Delta, true))
			rv.Shifts = append(rv.Shifts, shiftView{Model: s.Model, From: nums[:from], To: nums[from:to],
				Delta: nums[to:], Direction: s.Direction, Arrow: orDefault(arrows[s.Direction], s.Direction),
				EvidenceAdded: s.EvidenceAdded, EvidenceRemoved: s.EvidenceRemoved})
			dirs = append(dirs, s.Direction)
		}
		slices.SortStableFunc(rv.Shifts, func(a, b shiftView) int { return strings.Compare(a.Model, b.Model) })
		if len(dirs) == 0 {
			dirs = append(dirs, "unscored")
		}
		slices.Sort(dirs)
		dirs = slices.Compact(dirs)
		for _, d := range dirs {
			directions[d] = true
		}
		rv.DataDir = strings.Join(dirs, " ")
		var fromViews, toViews []stanceView
		if a.From != "" {
			fromViews = stanceViews(pf, a.From)
		}
		if a.To != "" {
			toViews = stanceViews(pt, a.To)
		}
		sides := fromText == toText && slices.Equal(fs, ts)
		rv.showsTo = aligned && a.To != "" && (a.From == "" || sides)
		rv.same = rv.showsTo && a.Status == "unchanged" && a.From != "" && sameStances(fromViews, toViews)
		if n := len(fromViews) + len(toViews); n > 0 {
			rv.Stances = make([]stanceView, 0, n)
		}
		for _, side := range []struct {
			label string
			views []stanceView
		}{{"earlier", fromViews}, {"later", toViews}} {
			if !aligned {
				side.label = "text"
			}
			for _, v := range side.views {
				v.Side = side.label
				rv.Stances = append(rv.Stances, v)
			}
		}
		// Concepts and entities: a side's list when the other adds none, shared with the
		// provision's other rows (the rows only read it; a copy per row was 1.5% of the objects
		// a page build allocated at 10 MB).
		fc, tc := conceptList(pf), conceptList(pt)
		switch {
		case len(fc.names) == 0 || slices.Equal(fc.names, tc.names):
			rv.Concepts, rv.DataConcepts = tc.names, tc.keys
		case len(tc.names) == 0:
			rv.Concepts, rv.DataConcepts = fc.names, fc.keys
		default:
			rv.Concepts = mergeSorted(fc.names, tc.names)
			var cslugs []string
			for _, c := range rv.Concepts {
				cslugs = append(cslugs, conceptKey(c))
			}
			rv.DataConcepts = strings.Join(cslugs, " ")
		}
		if rv.Concepts == nil {
			rv.Concepts = []string{}
		}
		for _, c := range rv.Concepts {
			concepts[c] = true
		}
		// Reuse: where this provision's text came from, and where it went.
		for _, k := range pt.reuseTo {
			u := &in.reuse[k]
			score, words := reuseNumbers(u)
			rv.Reuse = append(rv.Reuse, reuseView{Direction: "reuses", Other: u.Source, Score: score,
				Words: words, Passage: u.SourcePassage})
		}
		if a.To == "" || !aligned {
			for _, k := range pf.reuseFrom {
				u := &in.reuse[k]
				score, words := reuseNumbers(u)
				rv.Reuse = append(rv.Reuse, reuseView{Direction: "reused in", Other: u.Target, Score: score,
					Words: words, Passage: u.TargetPassage})
			}
		}
		if !aligned {
			for _, k := range pt.reuseFrom {
				u := &in.reuse[k]
				score, words := reuseNumbers(u)
				rv.Reuse = append(rv.Reuse, reuseView{Direction: "reused in", Other: u.Target, Score: score,
					Words: words, Passage: u.TargetPassage})
			}
		}
		allRows = append(allRows, rv)
		return rv
	}
	// aggregate records what newRow(a) adds to the page-wide filter lists, without building the
	// row (lazy reports need the lists before their rows are built).
	aggregate := func(a alignRow) {
		statuses[a.Status] = true
		n := 0
		for _, k := range shiftsOf[[2]string{a.From, a.To}] {
			s := &in.shifts[k]
			directions[s.Direction] = true
			n++
		}
		if n == 0 {
			directions["unscored"] = true
		}
		for _, id := range []string{a.From, a.To} {
			for _, c := range provs.get(id).concepts {
				concepts[c] = true
			}
		}
	}

	// Per-document and per-pair rows, indexed once (scanning them per document and per pair was
	// quadratic: most of the report's build time on a corpus of hundreds of documents).
	docScoresOf := map[string][]docScoreRow{}
	for _, sc := range in.docScores {
		docScoresOf[sc.DocID] = append(docScoresOf[sc.DocID], sc)
	}
	topPhrases := map[string][]string{}
	for _, k := range in.keyphrases {
		if k.Scope == "document" && len(topPhrases[k.ScopeID]) < 5 {
			topPhrases[k.ScopeID] = append(topPhrases[k.ScopeID], k.Phrase)
		}
	}
	type versionKey struct{ instrument, from, to string }
	kpChangesOf := map[versionKey][]keyphraseChange{}
	for _, c := range in.kpChanges {
		k := versionKey{c.Instrument, c.FromVersion, c.ToVersion}
		kpChangesOf[k] = append(kpChangesOf[k], c)
	}
	conceptChangesOf := map[versionKey][]conceptChange{}
	for _, c := range in.conceptChanges {
		k := versionKey{c.Instrument, c.FromVersion, c.ToVersion}
		conceptChangesOf[k] = append(conceptChangesOf[k], c)
	}

	// Instruments in documents.csv order, with their versions.
	instIndex := map[string]*instView{}
	for _, d := range in.docs {
		iv := instIndex[d.Instrument]
		if iv == nil {
			iv = &instView{Name: d.Instrument, Anchor: "inst-" + escapeID(d.Instrument)}
			instIndex[d.Instrument] = iv
			p.Instruments = append(p.Instruments, iv)
		}
		vv := versionView{DocID: d.DocID, Anchor: "doc-" + escapeID(d.DocID), Version: d.Version, Date: d.Date,
			Title: d.Title, Role: d.Role, NProvisions: d.NProvisions, NWords: d.NWords}
		for _, s := range docScoresOf[d.DocID] {
			txt := s.Model + ": " + fmtSigned(s.Score)
			if !math.IsNaN(s.CILow) || !math.IsNaN(s.CIHigh) {
				txt += " [" + fmtNum(s.CILow) + ", " + fmtNum(s.CIHigh) + "]"
			}
			if !math.IsNaN(s.LBG) {
				txt += ", LBG " + fmtSigned(s.LBG)
			}
			if !math.IsNaN(s.MV) {
				txt += ", MV " + fmtSigned(s.MV)
			}
			vv.Scores = append(vv.Scores, txt)
		}
		sort.Strings(vv.Scores)
		vv.TopPhrases = topPhrases[d.DocID]
		iv.Versions = append(iv.Versions, vv)
	}

	// Alignment rows, grouped by instrument and version pair in file order.
	inAlign := map[string]bool{}
	pairIndex := map[[3]string]*pairView{}
	for _, a := range in.align {
		iv := instIndex[a.Instrument]
		if iv == nil {
			iv = &instView{Name: a.Instrument, Anchor: "inst-" + escapeID(a.Instrument)}
			instIndex[a.Instrument] = iv
			p.Instruments = append(p.Instruments, iv)
		}
		k := [3]string{a.Instrument, a.FromDoc, a.ToDoc}
		pv := pairIndex[k]
		if pv == nil {
			pv = &pairView{Anchor: "pair-" + escapeID(a.FromDoc) + "--" + escapeID(a.ToDoc), FromDoc: a.FromDoc, ToDoc: a.ToDoc,
				FromVer: orDefault(docVersion[a.FromDoc], a.FromDoc), ToVer: orDefault(docVersion[a.ToDoc], a.ToDoc)}
			pairIndex[k] = pv
			iv.Pairs = append(iv.Pairs, pv)
			vk := versionKey{a.Instrument, docVersion[a.FromDoc], docVersion[a.ToDoc]}
			for _, c := range kpChangesOf[vk] {
				switch c.Change {
				case "added":
					pv.KPAdded = append(pv.KPAdded, c.Phrase)
				case "dropped":
					pv.KPDropped = append(pv.KPDropped, c.Phrase)
				}
			}
			for _, c := range conceptChangesOf[vk] {
				switch c.Change {
				case "added":
					pv.ConceptsAdded = append(pv.ConceptsAdded, withProvs(c.Concept, c.ToProvisions))
				case "dropped":
					pv.ConceptsDropped = append(pv.ConceptsDropped, withProvs(c.Concept, c.FromProvisions))
				case "kept":
					pv.ConceptsKept = append(pv.ConceptsKept, c.Concept)
				}
			}
		}
		if lazy {
			pv.aligns = append(pv.aligns, a)
			aggregate(a)
		} else {
			pv.Rows = append(pv.Rows, newRow(a, true))
		}
		inAlign[a.From] = true
		inAlign[a.To] = true
	}
	for _, pv := range pairIndex {
		n := map[string]int{}
		for _, rv := range pv.Rows {
			n[rv.StatusLabel]++
		}
		for _, a := range pv.aligns {
			n[orDefault(statusLabels[a.Status], a.Status)]++
		}
		for _, k := range sortedKeys(boolKeys(n)) {
			pv.NByStatus = append(pv.NByStatus, fmt.Sprintf("%d %s", n[k], k))
		}
	}
	// Provisions that no alignment row mentions (single-version instruments).
	for _, pr := range in.provs {
		if inAlign[pr.ID] {
			continue
		}
		iv := instIndex[pr.Instrument]
		if iv == nil {
			iv = &instView{Name: pr.Instrument, Anchor: "inst-" + escapeID(pr.Instrument)}
			instIndex[pr.Instrument] = iv
			p.Instruments = append(p.Instruments, iv)
		}
		a := alignRow{Instrument: pr.Instrument, To: pr.ID, Status: "unaligned"}
		if lazy {
			iv.singles = append(iv.singles, a)
			aggregate(a)
		} else {
			iv.Single = append(iv.Single, newRow(a, false))
		}
	}
	// Hrefs, now that every anchor is claimed. On a split report a provision of another
	// instrument is on that instrument's page, a sibling file.
	link := func(id, from string) template.URL {
		if r.global != nil {
			if inst, ok := r.global.provisionInstrument(id); ok && inst != from {
				return template.URL(PageFile(inst)) + fragment(id)
			}
			return fragment(id)
		}
		if pr := provs.row(id); r.split && pr != nil && pr.Instrument != from {
			return template.URL(PageFile(pr.Instrument)) + fragment(id)
		}
		return fragment(id)
	}
	// Every id of every row gets an anchor (at its first row), so on a lazy report the set is
	// known before the rows are built.
	willAnchor := anchored
	if r.global != nil {
		willAnchor = nil // r.global.anchored below
	} else if lazy {
		willAnchor = map[string]bool{}
		for _, iv := range p.Instruments {
			for _, pv := range iv.Pairs {
				for _, a := range pv.aligns {
					willAnchor[a.From], willAnchor[a.To] = true, true
				}
			}
			for _, a := range iv.singles {
				willAnchor[a.To] = true
			}
		}
		delete(willAnchor, "")
	}
	will := func(id string) bool { return willAnchor[id] }
	if r.global != nil {
		will = r.global.anchored
	}
	// hrefOf is link(id, from) when id gets an anchor, "" when it does not, remembered per
	// provision and instrument (a middle version's provision is in two rows; looking it up in
	// the streamed build's corpus-wide index twice for each was 3% of building a page at 10 MB).
	hrefOf := func(id, from string) template.URL {
		pp := provs.get(id)
		if pp.linked && pp.linkFrom == from {
			return pp.href
		}
		var href template.URL
		if will(id) {
			href = link(id, from)
		}
		pp.linked, pp.linkFrom, pp.href = true, from, href
		return href
	}
	links := func() {
		for _, rv := range allRows {
			rv.FromHref = hrefOf(rv.From, rv.inst)
			rv.ToHref = hrefOf(rv.To, rv.inst)
			for i := range rv.Reuse {
				rv.Reuse[i].Href = hrefOf(rv.Reuse[i].Other, rv.inst)
			}
		}
		allRows = nil
	}
	if r.split {
		for _, iv := range p.Instruments {
			iv.File = PageFile(iv.Name)
		}
	}
	if lazy {
		r.buildRows = func(iv *instView) {
			// Building again (a page written twice) must give the same anchors and count
			// nothing twice: the instrument's anchors are released first (no other
			// instrument's row names its provisions) and the counts restored after.
			again, d0, u0 := iv.built, dropped, unmapped
			for _, pv := range iv.Pairs {
				for _, a := range pv.aligns {
					delete(anchored, a.From)
					delete(anchored, a.To)
				}
			}
			for _, a := range iv.singles {
				delete(anchored, a.To)
			}
			memoRows = true
			texts = map[string][]*renderedText{}
			for _, pv := range iv.Pairs {
				pv.Rows = nil
				for _, a := range pv.aligns {
					pv.Rows = append(pv.Rows, newRow(a, true))
				}
			}
			iv.Single = nil
			for _, a := range iv.singles {
				iv.Single = append(iv.Single, newRow(a, false))
			}
			markRepeats(iv)
			for _, pp := range memo {
				pp.side, pp.stances, pp.stanced = nil, nil, false
			}
			memoRows, memo, texts = false, nil, nil
			forgetEvidence()
			links()
			if again {
				dropped, unmapped = d0, u0
			}
			iv.built = true
		}
		r.finishNotes = finish
		r.lazyCounts = func() (int, int) { return dropped, unmapped }
	} else {
		for _, iv := range p.Instruments {
			markRepeats(iv)
		}
		links()
		finish()
	}
	p.Statuses = orderStatuses(statuses)
	if in.has["shifts.csv"] {
		p.Directions = sortedKeys(directions)
	}
	p.Concepts = sortedKeys(concepts)
	return p
}

// markRepeats sets Repeat on each unchanged row of iv (same text, annotations and stance rows
// on both sides) whose earlier provision a row above shows as its later side, text and
// annotations as they are (an unchanged, moved or added row, say) with its stance rows, or
// through a chain of such unchanged rows; in the order the page shows them. So a provision kept
// through several versions has its text and stance table shown once, and the rows after keep
// their head (status, links, similarity, scores and shifts), concepts and reuse, with a link to
// it.
func markRepeats(iv *instView) {
	type shownAt struct {
		id   string
		href template.URL
	}
	var shown map[string]shownAt
	for _, pv := range iv.Pairs {
		for _, rv := range pv.Rows {
			rv.Repeat, rv.RepeatOf = "", ""
			if rv.same {
				if at, ok := shown[rv.From]; ok {
					rv.Repeat, rv.RepeatOf = at.href, at.id
					shown[rv.To] = at
					continue
				}
			}
			if rv.showsTo && rv.Anchor != "" {
				if shown == nil {
					shown = map[string]shownAt{}
				}
				shown[rv.To] = shownAt{rv.To, template.URL("#" + rv.Anchor)}
			}
		}
	}
}

// sameStances reports whether two provisions' stance views (in model order) hold the same
// scores, intervals, labels, confidences and evidence.
func sameStances(a, b []stanceView) bool {
	return slices.EqualFunc(a, b, func(x, y stanceView) bool {
		return x.Model == y.Model && x.Score == y.Score && x.CI == y.CI && x.Label == y.Label &&
			x.Confidence == y.Confidence && x.Evidence == y.Evidence
	})
}

// provConcepts are a provision's concepts, sorted, and their conceptKeys joined by spaces.
type provConcepts struct {
	names []string
	keys  string
}

// mergeSorted returns the sorted union of a and b, each sorted and without repeats.
func mergeSorted(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case b[0] < a[0]:
			out, b = append(out, b[0]), b[1:]
		default:
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// evidenceTitle is the tooltip of an evidence term found in a provision's text.
func evidenceTitle(model string, ev evidence, side string) string {
	var buf [128]byte
	return string(appendEvidenceTitle(buf[:0], model, ev, side))
}

// appendEvidenceTitle appends evidenceTitle(model, ev, side) to dst.
func appendEvidenceTitle(dst []byte, model string, ev evidence, side string) []byte {
	dst = append(append(append(dst, "evidence ("...), model...), "): "...)
	return append(append(append(dst, ev.Shown...), ", "...), side...)
}

// joinEvidence is the stance table's evidence cell: the terms' Shown, separated by "; ".
func joinEvidence(evs []evidence) string {
	switch len(evs) {
	case 0:
		return ""
	case 1:
		return evs[0].Shown
	}
	n := 2 * (len(evs) - 1)
	for _, e := range evs {
		n += len(e.Shown)
	}
	var b strings.Builder
	b.Grow(n)
	for i, e := range evs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Shown)
	}
	return b.String()
}

// countNotes are the notes on annotations that were not shown and diffs that did not spell
// their texts.
func countNotes(dropped, unmapped int) []string {
	var out []string
	if dropped == 1 {
		out = append(out, "1 annotation (an entity, concept, reuse passage or stance row) had offsets outside its provision's text or named a provision that provisions.csv does not have, and was not shown.")
	} else if dropped > 1 {
		out = append(out, fmt.Sprintf("%d annotations (entities, concepts, reuse passages or stance rows) had offsets outside their provision's text or named a provision that provisions.csv does not have, and were not shown.", dropped))
	}
	if unmapped == 1 {
		out = append(out, "1 diff did not spell its provisions' texts; its annotations are shown on the texts below the diff instead.")
	} else if unmapped > 1 {
		out = append(out, fmt.Sprintf("%d diffs did not spell their provisions' texts; their annotations are shown on the texts below the diff instead.", unmapped))
	}
	return out
}

// conceptKey is the token a concept id becomes in data-concepts (white space is the separator):
// its fields joined by "_", the id itself when it is ASCII without white space (most ids: their
// fields and join per concept and provision were a tenth of the objects a page build allocated
// at 10 MB). FuzzConceptKey compares it with the join of the fields.
func conceptKey(c string) string {
	for i := 0; i < len(c); i++ {
		if c[i] >= utf8.RuneSelf || asciiSpace(c[i]) {
			return strings.Join(strings.Fields(c), "_")
		}
	}
	return c
}

func withProvs(concept, provs string) string {
	if provs == "" {
		return concept
	}
	return concept + " (" + provs + ")"
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func boolKeys(m map[string]int) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

var statusOrder = []string{"unchanged", "modified", "moved", "split", "merged", "added", "deleted", "unaligned"}

// orderStatuses lists the statuses seen in the documented order, unknown ones after, sorted.
func orderStatuses(seen map[string]bool) []string {
	var out []string
	for _, s := range statusOrder {
		if seen[s] {
			out = append(out, s)
		}
	}
	var rest []string
	for s := range seen {
		if statusLabels[s] == "" {
			rest = append(rest, s)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// lazySpans returns the annotations of one provision, in the order the eager build appends them
// (entities, concepts, stance evidence, reuse passages, each in file order), from per-provision
// indexes of the annotation rows. It also counts, into r.lazyDropped, the annotations and
// stance rows on provisions that provisions.csv does not have (never shown, as on the eager
// build).
//
// The evidence terms' spans of a stance row are a function of the provision's text, the model
// and the evidence: a row whose text and evidence an earlier one had (a provision kept from the
// previous version) takes over its spans, remembered until forget is called (once per
// instrument's rows: finding the terms again was two thirds of lazySpans' CPU at 10 MB).
func (r *Report) lazySpans(provs *pageProvs) (spansOf func(pp *pageProv) []span, forget func()) {
	in := r.in
	for i := range provs.ps {
		pp := &provs.ps[i]
		if r.global != nil && !r.global.known(pp.id) || r.global == nil && pp.row == nil {
			r.lazyDropped += len(pp.ent) + len(pp.men) + len(pp.stance)
		}
		if r.global == nil && pp.row == nil { // a streamed build counts these once, in its index
			r.lazyDropped += len(pp.reuseTo) + len(pp.reuseFrom)
		}
	}
	// The classes of the entity types and the titles of the concepts, made once (slug per
	// entity was most of the entities' time).
	entClass := map[string]string{}
	conTitle := map[string]string{}
	var matches [][2]int // an evidence term's, reused
	var titles []byte    // a stance row's evidence titles, reused
	var titled [][3]int  // each term's title in titles and its spans' end in the row's spans
	var words [][2]int   // the provision's words (textWords), reused
	var lowerBuf []byte  // toLower's scratch
	evMemo := map[evidenceKey][]span{}
	copies := spanArena{blocks: r.blocks} // the spans handed out and remembered
	// The spans are gathered in scratch and copied out at their number: grown from the
	// entities', concepts' and reuse passages' number by the evidence terms' matches, they were
	// 5% of the bytes the report allocated at 10 MB.
	var scratch []span
	return func(pp *pageProv) []span {
		id := pp.id
		if id == "" {
			return nil
		}
		out := scratch[:0]
		for _, i := range pp.ent {
			e := in.entities[i]
			class, ok := entClass[e.Type]
			if !ok {
				class = "ent ent-" + slug(e.Type)
				entClass[e.Type] = class
			}
			out = append(out, span{e.Start, e.End, class, "entity " + e.Type + " " + e.CanonicalID})
		}
		for _, i := range pp.men {
			m := in.mentions[i]
			title, ok := conTitle[m.Concept]
			if !ok {
				title = "concept " + m.Concept
				conTitle[m.Concept] = title
			}
			out = append(out, span{m.Start, m.End, "con", title})
		}
		if pr := pp.row; pr != nil {
			lower := "" // pr.Text's, and its words, found at the first stance row not remembered
			for _, i := range pp.stance {
				st := &in.stance[i]
				if len(st.Evidence) == 0 {
					continue
				}
				k := evidenceKey{pr.Text, st.Model, &st.Evidence[0], len(st.Evidence)}
				if evs, ok := evMemo[k]; ok {
					out = append(out, evs...)
					continue
				}
				if lower == "" {
					lower, lowerBuf = toLower(pr.Text, lowerBuf)
					words = textWords(words[:0], lower)
				}
				// the row's titles (of the terms found) are made one string, each term's spans
				// given its part (a string per term was a tenth of the objects a page build
				// allocated at 10 MB)
				n := len(out)
				titles, titled = titles[:0], titled[:0]
				for _, ev := range st.Evidence {
					cls, side := "ev ev-ms", "multistakeholder"
					if ev.Contribution > 0 {
						cls, side = "ev ev-sc", "state-centric"
					}
					matches = findTermWords(matches[:0], pr.Text, lower, words, ev.Term)
					if len(matches) == 0 {
						continue
					}
					from := len(titles)
					titles = appendEvidenceTitle(titles, st.Model, ev, side)
					for _, m := range matches {
						out = append(out, span{m[0], m[1], cls, ""})
					}
					titled = append(titled, [3]int{from, len(titles), len(out)}) // its title, and its spans' end
				}
				if len(titled) > 0 {
					all, i := string(titles), n
					for _, tt := range titled {
						for ; i < tt[2]; i++ {
							out[i].Title = all[tt[0]:tt[1]]
						}
					}
				}
				evMemo[k] = copies.copy(out[n:])
			}
		}
		for _, i := range pp.reuse {
			u := in.reuse[i]
			if u.Target == id {
				out = append(out, span{u.TargetStart, u.TargetEnd, "reuse", "text reused from " + u.Source})
			}
			if u.Source == id {
				out = append(out, span{u.SourceStart, u.SourceEnd, "reuse", "text reused in " + u.Target})
			}
		}
		scratch = out
		return copies.copy(out)
	}, func() { clear(evMemo) }
}

// spanArena copies span slices into shared blocks of spanBlock spans (a slice allocated per
// provision was a sixth of lazySpans' CPU at 10 MB).
type spanArena struct {
	block  []span
	blocks *pageBlocks // where its blocks come from (nil: allocated)
}

// spanBlock is the spans of a spanArena's block (48 KiB).
const spanBlock = 1024

// copy returns a copy of ss (nil when ss is empty) whose capacity is its length, so that an
// append to it does not write into the block.
func (ar *spanArena) copy(ss []span) []span {
	if len(ss) == 0 {
		return nil
	}
	if len(ar.block)+len(ss) > cap(ar.block) {
		ar.block = ar.blocks.spanBlock(max(spanBlock, len(ss)))
	}
	n := len(ar.block)
	ar.block = append(ar.block, ss...)
	return ar.block[n:len(ar.block):len(ar.block)]
}

// evidenceKey identifies the evidence spans of one stance row: the provision's text, the model
// and the row's parsed evidence (evs, its first term, and n terms; a streamed build's rows of
// equal evidence text share it, table.evidence, and others' are never equal).
type evidenceKey struct {
	text, model string
	evs         *evidence
	n           int
}

// sideAnnotations are one provision's annotations on a lazy report, checked against its text,
// and their cover index, built on first use. A nil *sideAnnotations has no cover index (coverOf
// is nil: the renderers build their own).
type sideAnnotations struct {
	spans []span
	cover *coverIndex
}

// coverOf returns newCoverIndex(sa.spans, len(text)), built once (with working memory sc);
// text is the provision's text.
func (sa *sideAnnotations) coverOf(text string, sc *coverScratch) *coverIndex {
	if sa == nil {
		return nil
	}
	if sa.cover == nil {
		sa.cover = newCoverIndexWith(sa.spans, len(text), sc)
	}
	return sa.cover
}

// validLazy drops the annotations of provision pp that do not fit its text and adds their number
// to dropped the first time the provision is seen (a provision can be in two rows); those of an
// unknown provision (not in provisions.csv) were counted by lazySpans.
func (r *Report) validLazy(pp *pageProv, text string, ss []span, dropped int) ([]span, int) {
	ss, bad := validSpans(text, ss)
	if pp.row != nil && !pp.checked {
		pp.checked = true
		dropped += bad
	}
	return ss, dropped
}

// pageProvs indexes a page build's rows by provision id: every id that provisions.csv,
// alignment.csv or an annotation row names has an entry, found by one map lookup, with its rows
// of each report and what the build remembers of it. (A map for each kind of row and memo, a
// dozen lookups of each side's id per row built and as many maps grown while indexing, were a
// fifth of building a page at 10 MB.)
type pageProvs struct {
	ids map[string]int32
	ps  []pageProv
}

// pageProv is one provision id's entry in pageProvs.
type pageProv struct {
	id  string
	row *provRow // in provisions.csv (the last row of the id); nil: not there
	// its rows of entities.csv, concept_mentions.csv and stance.csv, and of reuse.csv as the
	// target, as the source and as either, as indexes into the inputs, in file order
	ent, men, stance          []int32
	reuseTo, reuseFrom, reuse []int32
	concepts                  []string // of its mentions, sorted, without repeats

	conceptList provConcepts // made once (listed)
	listed      bool
	checked     bool // validLazy counted its dropped annotations
	// the href of its anchor from a row of instrument linkFrom (linked: set; "": no anchor)
	linked   bool
	linkFrom string
	href     template.URL

	// memos of one instrument's rows on a lazy build (buildRows): its annotations and stance
	// views (stanced)
	side    *sideAnnotations
	stances []stanceView
	stanced bool
}

// newPageProvs indexes in's rows by provision id.
func newPageProvs(in *inputs) *pageProvs {
	t := &pageProvs{ids: make(map[string]int32, len(in.provs)+1)}
	t.ps = make([]pageProv, 0, len(in.provs)+1)
	for i := range in.provs {
		t.ps[t.add(in.provs[i].ID)].row = &in.provs[i]
	}
	t.add("") // a row's missing side
	for _, a := range in.align {
		t.add(a.From)
		t.add(a.To)
	}
	// The entries of each report's rows, then each entry's rows carved out of one slice per
	// report at their number (appending them to a slice per entry, grown from nothing, was a
	// fifth of the objects a page build allocated at 10 MB).
	ent := make([]int32, len(in.entities))
	for i, e := range in.entities {
		ent[i] = t.add(e.ProvisionID)
	}
	men := make([]int32, len(in.mentions))
	for i, m := range in.mentions {
		men[i] = t.add(m.ProvisionID)
	}
	st := make([]int32, len(in.stance))
	for i, s := range in.stance {
		st[i] = t.add(s.ProvisionID)
	}
	to, from := make([]int32, len(in.reuse)), make([]int32, len(in.reuse))
	var either, eitherRows []int32 // a row's target, and its source when another
	for i, u := range in.reuse {
		to[i], from[i] = t.add(u.Target), t.add(u.Source)
		either, eitherRows = append(either, to[i]), append(eitherRows, int32(i))
		if u.Source != u.Target {
			either, eitherRows = append(either, from[i]), append(eitherRows, int32(i))
		}
	}
	t.carve(ent, nil, func(pp *pageProv) *[]int32 { return &pp.ent })
	t.carve(men, nil, func(pp *pageProv) *[]int32 { return &pp.men })
	t.carve(st, nil, func(pp *pageProv) *[]int32 { return &pp.stance })
	t.carve(to, nil, func(pp *pageProv) *[]int32 { return &pp.reuseTo })
	t.carve(from, nil, func(pp *pageProv) *[]int32 { return &pp.reuseFrom })
	t.carve(either, eitherRows, func(pp *pageProv) *[]int32 { return &pp.reuse })
	// an entry's concepts, at most its mentions' number, in one slice too (a slice, not a
	// map per provision: a map was most of what indexing the mentions allocated)
	concepts := make([]string, len(in.mentions))
	at := 0
	for k := range t.ps {
		pp := &t.ps[k]
		if len(pp.men) == 0 {
			continue
		}
		pp.concepts = concepts[at : at : at+len(pp.men)]
		at += len(pp.men)
		for _, i := range pp.men {
			if c := in.mentions[i].Concept; !slices.Contains(pp.concepts, c) {
				pp.concepts = append(pp.concepts, c)
			}
		}
		slices.Sort(pp.concepts)
	}
	return t
}

// carve sets the field of each entry to its rows: row i of a report is entry ks[i]'s, and the
// row's number is rows[i] (nil: i). The entries' slices are cut from one, in order.
func (t *pageProvs) carve(ks, rows []int32, field func(pp *pageProv) *[]int32) {
	if len(ks) == 0 {
		return
	}
	n := make([]int32, len(t.ps))
	for _, k := range ks {
		n[k]++
	}
	all := make([]int32, len(ks))
	at := int32(0)
	for k, c := range n {
		if c > 0 {
			*field(&t.ps[k]) = all[at : at : at+c]
			at += c
		}
	}
	for i, k := range ks {
		row := int32(i)
		if rows != nil {
			row = rows[i]
		}
		f := field(&t.ps[k])
		*f = append(*f, row)
	}
}

// add returns the entry of id, added when it has none.
func (t *pageProvs) add(id string) int32 {
	k, ok := t.ids[id]
	if !ok {
		k = int32(len(t.ps))
		t.ids[id] = k
		t.ps = append(t.ps, pageProv{id: id})
	}
	return k
}

// get returns the entry of id; one with no rows when it has none.
func (t *pageProvs) get(id string) *pageProv {
	if k, ok := t.ids[id]; ok {
		return &t.ps[k]
	}
	return &pageProv{id: id}
}

// row returns the provisions.csv row of id (nil: none).
func (t *pageProvs) row(id string) *provRow { return t.get(id).row }
