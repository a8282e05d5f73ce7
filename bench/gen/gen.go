package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Limits of the generated documents.
const (
	minProvisions = 20  // provisions per document, at least
	maxProvisions = 400 // and at most
	wrapTarget    = 88  // a line is broken before the word that would take it past this column
	wrapMin       = 76  // ... unless the line is shorter than this (keeps wrapped lines "full")
	poolSize      = 4096
	// StatsFile is written last: its presence means the corpus is complete.
	StatsFile = "generated.json"
	// ProvisionsFile holds one provision text per line, in document order.
	ProvisionsFile = "provisions.txt"
)

// Stats describes a generated corpus; it is written to StatsFile.
type Stats struct {
	Seed        uint64 `json:"seed"`
	TargetBytes int64  `json:"target_bytes"`
	TextBytes   int64  `json:"text_bytes"` // bytes of texts/*.txt
	Instruments int    `json:"instruments"`
	Documents   int    `json:"documents"`
	Provisions  int    `json:"provisions"`
	// ProvisionBytes is the size of provisions.txt.
	ProvisionBytes int64 `json:"provision_bytes"`
	// ReusedClauses counts sentences copied from another instrument's provision.
	ReusedClauses int `json:"reused_clauses"`
	// Changes between consecutive versions.
	Kept     int `json:"kept"`
	Reworded int `json:"reworded"`
	Moved    int `json:"moved"`
	Added    int `json:"added"`
	Deleted  int `json:"deleted"`
}

// provision is one paragraph: sentences that each end with their punctuation.
type provision struct {
	preamble bool
	sents    []string
}

func (p *provision) text() string { return strings.Join(p.sents, " ") }

func (p *provision) clone() *provision {
	return &provision{preamble: p.preamble, sents: append([]string(nil), p.sents...)}
}

// version is one version of an instrument.
type version struct {
	label, date string
	provs       []*provision // preamble first, then operative
}

// instrument is a text with its versions.
type instrument struct {
	name, kind, title string
	lettered          bool // operative paragraphs "(a)" rather than "1."
	session, number   int  // for the document symbol A/<session>/<number>
	versions          []version
}

// generator holds the random source and the pool of clauses other instruments may reuse.
type generator struct {
	r     *rand.Rand
	pool  []string // operative sentences of earlier instruments (a ring)
	next  int
	zipf  *rand.Zipf
	stats Stats
	cur   []string // sentences of the instrument being built (added to the pool after it)
}

func newGenerator(seed uint64) *generator {
	r := rand.New(rand.NewPCG(seed, 0x5ca1ab1e))
	return &generator{r: r, zipf: rand.NewZipf(r, 1.02, 100, uint64(len(lexicon)-1))}
}

// lexicon holds pseudo-words built from syllables, the same for every seed.
var lexicon = func() []string {
	syl := []string{"ka", "lo", "mi", "ra", "ve", "to", "sa", "ne", "ri", "do", "ba", "lu",
		"mar", "tin", "vel", "sor", "den", "gal", "ruk", "pel", "os", "an", "el", "ur"}
	r := rand.New(rand.NewPCG(0x1e81c0, 2))
	seen := map[string]bool{}
	var out []string
	for len(out) < 100000 {
		w := ""
		for n := 2 + r.IntN(4); n > 0; n-- {
			w += syl[r.IntN(len(syl))]
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, capitalize(w))
		}
	}
	return out
}()

func (g *generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// clause is a governance predicate: "<modal> <verb> <object> [<prep>]".
func (g *generator) predicate() string {
	s := g.pick(modals) + " "
	if g.chance(0.2) {
		s += g.pick(adverbs) + " "
	}
	s += g.pick(verbs) + " " + g.object()
	if g.chance(0.6) {
		s += " " + g.pick(preps)
	}
	return s
}

// name is a proper name from a Zipf-distributed lexicon ("the Talvero Forum"), so that the
// vocabulary keeps growing with the corpus as real vocabularies do (Heaps' law).
func (g *generator) name() string {
	return "the " + lexicon[g.zipf.Uint64()] + " " + g.pick(institutions)
}

// object is a governance object, sometimes a named body.
func (g *generator) object() string {
	if g.chance(0.25) {
		return g.name()
	}
	return g.pick(objects)
}

// ordinary is a sentence body in plain English with some governance objects.
func (g *generator) ordinary() string {
	obj := g.pick(objects)
	if g.chance(0.4) {
		obj = g.name()
	}
	s := g.pick(determiners) + " " + g.pick(adjectives) + " " + g.pick(nouns) + " " +
		g.pick(verbsS) + " the " + g.pick(nouns) + " of " + obj
	if g.chance(0.5) {
		s += ", and the " + g.pick(nouns) + " " + g.pick(verbsS) + " a " + g.pick(adjectives) +
			" " + g.pick(nouns)
	}
	return s
}

// sentence is one operative sentence ending with ".".
func (g *generator) sentence() string {
	var s string
	switch g.r.IntN(5) {
	case 0:
		s = g.pick(subjects) + " " + g.predicate()
	case 1:
		s = g.pick(subjects) + " " + g.pick(modals) + " " + g.pick(verbs) + " " + g.pick(objects) +
			" and " + g.pick(verbs) + " " + g.pick(objects) + ", " + g.pick(preps)
	case 2:
		s = g.ordinary()
	case 3:
		s = g.pick(connectives) + " " + g.pick(subjects) + " " + g.predicate()
	default:
		s = g.pick(subjects) + " " + g.pick(modals) + " " + g.pick(verbs) + " a " +
			g.pick(adjectives) + " " + g.pick(nouns) + " for " + g.object() + " " + g.pick(preps)
	}
	return capitalize(s) + "."
}

// reusable returns a sentence: most often new, sometimes copied from another instrument.
func (g *generator) reusable() string {
	if len(g.pool) > 0 && g.chance(0.06) {
		g.stats.ReusedClauses++
		return g.pool[g.r.IntN(len(g.pool))]
	}
	s := g.sentence()
	g.cur = append(g.cur, s)
	return s
}

// operative makes an operative provision: an opening sentence in the instrument's style and
// zero to three more.
func (g *generator) operative(lettered bool) *provision {
	var first string
	switch {
	case lettered:
		first = "To " + g.pick(verbs) + " " + g.pick(objects) + " " + g.pick(preps) + ";"
	case g.chance(0.5):
		first = g.pick(appealOpeners) + " " + g.pick(addressees) + " to " + g.pick(verbs) + " " +
			g.pick(objects) + " " + g.pick(preps) + "."
	default:
		first = g.pick(declareOpeners) + " " + g.pick(subjects) + " " + g.predicate() + "."
	}
	p := &provision{sents: []string{first}}
	for n := g.r.IntN(4); n > 0; n-- {
		p.sents = append(p.sents, g.reusable())
	}
	return p
}

// preambular makes a preamble paragraph, ending with a comma.
func (g *generator) preambular() *provision {
	s := g.pick(preambleOpeners) + " " + g.pick(objects)
	if g.chance(0.7) {
		s += " " + g.pick(preps)
	}
	if g.chance(0.5) {
		s += ", and " + g.pick(objects) + " " + g.pick(preps)
	}
	if g.chance(0.4) {
		s += ", as " + g.ordinary()
	}
	if g.chance(0.3) {
		s += ", including " + g.name()
	}
	return &provision{preamble: true, sents: []string{s + ","}}
}

// reword applies one to three edits to p: word substitutions, insertions, a sentence added
// or replaced.
func (g *generator) reword(p *provision) {
	for n := 1 + g.r.IntN(3); n > 0; n-- {
		i := g.r.IntN(len(p.sents))
		switch k := g.r.IntN(5); {
		case k <= 1:
			p.sents[i] = g.substitute(p.sents[i])
		case k == 2:
			p.sents[i] = g.insert(p.sents[i])
		case k == 3 && !p.preamble:
			p.sents = append(p.sents, g.reusable())
		case !p.preamble && len(p.sents) > 1 && i > 0:
			p.sents[i] = g.reusable()
		default:
			p.sents[i] = g.substitute(p.sents[i])
		}
	}
}

// substitute replaces one word of s (not the first) found in the substitution table.
func (g *generator) substitute(s string) string {
	words := strings.Split(s, " ")
	var cand []int
	for i := 1; i < len(words); i++ {
		if _, ok := substitutions[strings.TrimRight(words[i], ".,;")]; ok {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		return g.insert(s)
	}
	i := cand[g.r.IntN(len(cand))]
	core := strings.TrimRight(words[i], ".,;")
	words[i] = g.pick(substitutions[core]) + words[i][len(core):]
	return strings.Join(words, " ")
}

// insert puts an adverb before a verb or an adjective before a noun of s (or appends a
// prepositional phrase when there is neither).
func (g *generator) insert(s string) string {
	words := strings.Split(s, " ")
	var cand []int
	for i := 1; i < len(words); i++ {
		w := words[i]
		if isIn(w, verbs) || isIn(w, nouns) {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		end := len(s) - 1
		return s[:end] + " " + g.pick(preps) + s[end:]
	}
	i := cand[g.r.IntN(len(cand))]
	add := g.pick(adjectives)
	if isIn(words[i], verbs) {
		add = g.pick(adverbs)
	}
	words = append(words[:i], append([]string{add}, words[i:]...)...)
	return strings.Join(words, " ")
}

func isIn(w string, list []string) bool {
	for _, x := range list {
		if x == w {
			return true
		}
	}
	return false
}

// newInstrument builds instrument number idx with about perDoc provisions per version.
func (g *generator) newInstrument(idx, perDoc int) *instrument {
	kind := kinds[g.r.IntN(len(kinds))]
	in := &instrument{
		name:     fmt.Sprintf("%s-%05d", kind, idx),
		kind:     kind,
		title:    g.pick(titles),
		lettered: (kind == "code" || kind == "declaration") && perDoc <= 30,
		session:  50 + g.r.IntN(30),
		number:   100 + g.r.IntN(800),
	}
	perDoc = min(max(perDoc, minProvisions+4), maxProvisions-40)
	nPre := 2 + g.r.IntN(min(12, perDoc/5))
	provs := make([]*provision, 0, perDoc)
	for range nPre {
		provs = append(provs, g.preambular())
	}
	for len(provs) < perDoc {
		provs = append(provs, g.operative(in.lettered))
	}
	year := 1995 + g.r.IntN(18)
	nv := 3 + g.r.IntN(4)
	for v := range nv {
		if v > 0 {
			provs = g.evolve(provs, in.lettered)
			year += 1 + g.r.IntN(2)
		}
		in.versions = append(in.versions, version{
			label: strconv.Itoa(year),
			date:  fmt.Sprintf("%04d-%02d-%02d", year, 1+g.r.IntN(12), 1+g.r.IntN(28)),
			provs: provs,
		})
	}
	g.addToPool()
	return in
}

// addToPool makes the current instrument's sentences available to later instruments.
func (g *generator) addToPool() {
	for _, s := range g.cur {
		if len(g.pool) < poolSize {
			g.pool = append(g.pool, s)
			continue
		}
		g.pool[g.next] = s
		g.next = (g.next + 1) % poolSize
	}
	g.cur = g.cur[:0]
}

// evolve derives the next version: provisions kept, reworded, deleted, moved and added,
// keeping the count within [minProvisions, maxProvisions].
func (g *generator) evolve(prev []*provision, lettered bool) []*provision {
	out := make([]*provision, 0, len(prev)+8)
	n := len(prev)
	for _, p := range prev {
		switch u := g.r.Float64(); {
		case u < 0.05 && n > minProvisions+1:
			n--
			g.stats.Deleted++
		case u < 0.30:
			q := p.clone()
			g.reword(q)
			out = append(out, q)
			g.stats.Reworded++
		default:
			out = append(out, p)
			g.stats.Kept++
		}
	}
	nPre := 0
	for nPre < len(out) && out[nPre].preamble {
		nPre++
	}
	// moves: an operative provision taken out and put back elsewhere among the operative ones.
	nOp := len(out) - nPre
	for m := nOp / 25; m > 0 && nOp > 2; m-- {
		i := nPre + g.r.IntN(nOp)
		p := out[i]
		out = append(out[:i], out[i+1:]...)
		j := nPre + g.r.IntN(nOp)
		out = append(out[:j], append([]*provision{p}, out[j:]...)...)
		g.stats.Moved++
	}
	// additions: new or copied operative provisions, the odd preamble paragraph.
	for a := 1 + len(out)/20; a > 0 && len(out) < maxProvisions; a-- {
		var p *provision
		if g.chance(0.1) {
			p = g.preambular()
			i := g.r.IntN(nPre + 1)
			out = append(out[:i], append([]*provision{p}, out[i:]...)...)
			nPre++
		} else {
			p = g.operative(lettered)
			j := nPre + g.r.IntN(len(out)-nPre+1)
			out = append(out[:j], append([]*provision{p}, out[j:]...)...)
		}
		g.stats.Added++
	}
	return out
}

// render writes version v of in as a hard-wrapped UN-style text and returns the provision
// texts as the segmenter extracts them (one paragraph each, marker excluded).
func render(in *instrument, v int, buf *bytes.Buffer) []string {
	ver := in.versions[v]
	symbol := fmt.Sprintf("A/%d/%d", in.session+v, in.number+v)
	fmt.Fprintf(buf, "United Nations%*s\n", 76, symbol)
	fmt.Fprintf(buf, "General Assembly%*s\n", 58, "Distr.: General")
	fmt.Fprintf(buf, "%70s%s\n\n", "", longDate(ver.date))
	fmt.Fprintf(buf, "%s session\nAgenda item %d\n%s\n\n\n", capitalize(ordinal(in.session+v)),
		50+in.number%60, in.title)
	nOp := 0
	for _, p := range ver.provs {
		if !p.preamble {
			nOp++
		}
	}
	lettered := in.lettered && nOp <= 26
	texts := make([]string, 0, len(ver.provs))
	op := 0
	for i, p := range ver.provs {
		if i > 0 && i%30 == 0 {
			// a page break: footer with the job number, form feed, header with the symbol
			fmt.Fprintf(buf, "%02d-%05d (E)\n\f%s\n\n", in.session%100, in.number*7+i, symbol)
		}
		t := p.text()
		texts = append(texts, t)
		prefix := ""
		if !p.preamble {
			op++
			if lettered {
				prefix = "(" + string(rune('a'+op-1)) + ") "
			} else {
				prefix = strconv.Itoa(op) + ". "
			}
		}
		wrap(buf, prefix+t)
		buf.WriteByte('\n')
	}
	return texts
}

// wrap writes s broken at spaces into lines of about wrapTarget columns.
func wrap(buf *bytes.Buffer, s string) {
	n := 0
	for w := range strings.SplitSeq(s, " ") {
		switch {
		case n == 0:
		case n+1+len(w) > wrapTarget && n >= wrapMin:
			buf.WriteByte('\n')
			n = 0
		default:
			buf.WriteByte(' ')
			n++
		}
		buf.WriteString(w)
		n += len(w)
	}
	buf.WriteByte('\n')
}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"}

// longDate turns 2015-01-09 into "9 January 2015".
func longDate(d string) string {
	y, m, day := d[:4], d[5:7], d[8:10]
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(day)
	return fmt.Sprintf("%d %s %s", di, months[mi-1], y)
}

// ordinal spells session numbers 50..99 ("fiftieth", "sixty-ninth").
func ordinal(n int) string {
	tens := []string{"", "", "twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"}
	ones := []string{"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"}
	if n < 20 || n > 99 {
		return strconv.Itoa(n) + "th"
	}
	if n%10 == 0 {
		return tens[n/10] + "ieth"
	}
	return tens[n/10] + "y-" + ones[n%10]
}

// Generate writes a corpus of about target bytes of text into dir: corpus.yaml, texts/*.txt,
// provisions.txt and, last, generated.json. The same seed and target give the same bytes.
func Generate(dir string, target int64, seed uint64) (Stats, error) {
	if target <= 0 {
		return Stats{}, fmt.Errorf("gen: size must be positive, got %d", target)
	}
	if err := os.MkdirAll(filepath.Join(dir, "texts"), 0o755); err != nil {
		return Stats{}, fmt.Errorf("gen: %w", err)
	}
	if err := os.Remove(filepath.Join(dir, StatsFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return Stats{}, fmt.Errorf("gen: %w", err)
	}
	man, err := os.Create(filepath.Join(dir, "corpus.yaml"))
	if err != nil {
		return Stats{}, fmt.Errorf("gen: %w", err)
	}
	defer man.Close()
	pf, err := os.Create(filepath.Join(dir, ProvisionsFile))
	if err != nil {
		return Stats{}, fmt.Errorf("gen: %w", err)
	}
	defer pf.Close()
	mw, pw := bufio.NewWriter(man), bufio.NewWriter(pf)
	fmt.Fprintf(mw, "# Synthetic benchmark corpus written by bench/gen (seed %d, %d bytes of text requested).\n", seed, target)
	fmt.Fprintf(mw, "name: synthetic-seed%d-%d\ndocuments:\n", seed, target)

	g := newGenerator(seed)
	g.stats.Seed, g.stats.TargetBytes = seed, target
	var buf bytes.Buffer
	avgProv := 420.0 // bytes of text per provision, updated as we go
	for idx := 1; g.stats.TextBytes < target; idx++ {
		// documents of 20-400 provisions, log-uniform, the last ones sized to the remaining budget
		perDoc := int(math.Exp(math.Log(24) + g.r.Float64()*(math.Log(360)-math.Log(24))))
		if left := float64(target-g.stats.TextBytes) / (4.5 * avgProv); float64(perDoc) > left {
			perDoc = int(left)
		}
		in := g.newInstrument(idx, perDoc)
		g.stats.Instruments++
		for v := range in.versions {
			buf.Reset()
			texts := render(in, v, &buf)
			id := fmt.Sprintf("%s-%s", in.name, in.versions[v].label)
			rel := "texts/" + id + ".txt"
			if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), buf.Bytes(), 0o644); err != nil {
				return g.stats, fmt.Errorf("gen: %w", err)
			}
			fmt.Fprintf(mw, "  - id: %s\n    instrument: %s\n    version: %q\n    date: %s\n    title: %q\n    path: %s\n",
				id, in.name, in.versions[v].label, in.versions[v].date, in.title, rel)
			for _, t := range texts {
				pw.WriteString(t)
				pw.WriteByte('\n')
				g.stats.ProvisionBytes += int64(len(t) + 1)
			}
			g.stats.Documents++
			g.stats.Provisions += len(texts)
			g.stats.TextBytes += int64(buf.Len())
		}
		avgProv = float64(g.stats.TextBytes) / float64(g.stats.Provisions)
	}
	if err := mw.Flush(); err != nil {
		return g.stats, fmt.Errorf("gen: %w", err)
	}
	if err := pw.Flush(); err != nil {
		return g.stats, fmt.Errorf("gen: %w", err)
	}
	if err := man.Close(); err != nil {
		return g.stats, fmt.Errorf("gen: %w", err)
	}
	if err := pf.Close(); err != nil {
		return g.stats, fmt.Errorf("gen: %w", err)
	}
	js, _ := json.MarshalIndent(g.stats, "", "  ")
	tmp := filepath.Join(dir, StatsFile+".tmp")
	if err := os.WriteFile(tmp, append(js, '\n'), 0o644); err != nil {
		return g.stats, fmt.Errorf("gen: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, StatsFile)); err != nil {
		return g.stats, fmt.Errorf("gen: %w", err)
	}
	return g.stats, nil
}

// ParseSize reads a size such as "10MB", "100MB", "1GB", "500KB" or "12345" (bytes). Units are
// decimal: 1MB = 1,000,000 bytes.
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suf string
		m   int64
	}{{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}} {
		if strings.HasSuffix(t, u.suf) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suf)), u.m
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("gen: bad size %q: want a positive number of bytes with an optional KB, MB or GB suffix", s)
	}
	if n > math.MaxInt64/mult {
		return 0, fmt.Errorf("gen: size %q too large", s)
	}
	return n * mult, nil
}
