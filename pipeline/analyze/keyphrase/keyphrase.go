package keyphrase

import (
	"math"
	"slices"
	"strings"

	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// Defaults for Options.
const (
	DefaultTopN     = 10
	DefaultMaxWords = 6
	maxMaxWords     = 16
)

// Options control extraction. The zero value means the defaults.
type Options struct {
	// TopN is the number of phrases returned: 0 means DefaultTopN, a negative value means all.
	TopN int
	// MaxWords is the longest phrase in words, connectors included ("Charter of the United
	// Nations" has 5): 0 means DefaultMaxWords; values above 16 are taken as 16.
	MaxWords int
	// KeepContained turns off the containment rule (a phrase inside a higher-scoring longer
	// phrase with the same count is dropped). Near-duplicates are merged either way.
	KeepContained bool
}

func (o Options) norm() Options {
	if o.TopN == 0 {
		o.TopN = DefaultTopN
	}
	if o.MaxWords <= 0 {
		o.MaxWords = DefaultMaxWords
	}
	if o.MaxWords > maxMaxWords {
		o.MaxWords = maxMaxWords
	}
	return o
}

// Phrase is a key phrase of a scope (a provision or a document).
type Phrase struct {
	// Text is the display form: words joined by single spaces; a word keeps its case when it is
	// an acronym ("ICANN"), tagged NNP/NNPS and capitalised ("Charter", "United Nations"), or
	// capitalised and not the first word of its sentence; every other word is lower-cased.
	// Hyphens inside words are kept. Of the merged surface forms, the most frequent one is
	// shown (ties: the earliest).
	Text string
	// Score is the key-ness, higher is better; see the package doc for the formula. It is
	// comparable between phrases of one call, not across calls with different scopes.
	Score float64
	// Count is the number of occurrences in the scope, all merged forms together.
	Count int
	// FirstStart is the byte offset of the first occurrence in the scope's text (for a
	// document: ProvisionInput.Offset plus the offset in the provision).
	FirstStart int
}

// ProvisionInput is one provision of a document for ExtractDocument and ExtractAll, in the
// analyser's own types (package analyze's Provision: tokens, tags and sentences), so that a
// document is read without copying its tokens.
type ProvisionInput struct {
	ID     string
	Offset int // byte offset of Text in the document's text (corpus.Provision.Start)
	Text   string
	// Tokens are the provision's tokens; their Text is informational, the surface form is
	// always Text[Start:End].
	Tokens []tokenize.Token
	// Tags[i] is the Penn Treebank tag of Tokens[i]; a token without one has tag "".
	Tags      []string
	Sentences []Sentence
}

// occurrence is a candidate placed in its scope.
type occurrence struct {
	form     int32 // index into docScratch.forms
	sentence int32 // sentence ordinal in the scope
	pos      int   // offset in the scope's provisions taken together (for Pos)
	scopePos int   // FirstStart value if this is the first occurrence
}

// Extract returns the key phrases of one provision, best first (ties by Text). idf gives the
// corpus inverse document frequency of a lower-cased word; nil means no IDF (every word 1).
func Extract(text string, toks []Token, sents []Sentence, idf func(term string) float64, opt Options) []Phrase {
	ts, tags := splitTagged(toks)
	return ExtractDocument([]ProvisionInput{{Text: text, Tokens: ts, Tags: tags, Sentences: sents}}, idf, opt)
}

// ExtractDocument returns the key phrases of a document, its provisions taken together as one
// scope in the order given: counts add up over provisions, positions run through the
// concatenated provisions and sentence ordinals continue from one provision to the next.
func ExtractDocument(provs []ProvisionInput, idf func(string) float64, opt Options) []Phrase {
	opt = opt.norm()
	total := 0
	for _, p := range provs {
		total += len(p.Text)
	}
	if total == 0 {
		return nil
	}
	sc := newDocScratch(formsHint(provs))
	occs := make([]occurrence, 0, candidatesHint(provs))
	base, sentBase := 0, 0
	for _, p := range provs {
		cs, ns := sc.candidates(p.Text, p.Tokens, p.Tags, p.Sentences, opt.MaxWords)
		for _, c := range cs {
			occs = append(occs, occurrence{form: c.form, sentence: int32(sentBase + min(c.sentence, ns-1)),
				pos: base + c.start, scopePos: p.Offset + c.start})
		}
		base += len(p.Text)
		sentBase += ns
	}
	return sc.rank(occs, total, sentBase, idf, opt)
}

// group is the occurrences of one merge key in a ranking.
type group struct {
	key      int32 // index into docScratch.keys
	first    int32 // index of the first occurrence
	rep      int32 // the form shown: its text is the most frequent, ties by earliest occurrence
	repN     int32 // occurrences of rep's text
	count    int
	sents    int   // distinct sentence ordinals
	lastSent int32 // the last occurrence's sentence ordinal
	proper   bool
	covered  bool // a sub-phrase of a longer phrase ranked before it, with the same count
	score    float64
}

// rank merges the occurrences (in scope order: provision, then start, so that sentence
// ordinals never decrease) by key, scores the groups and returns the phrases, best first.
// total is the length of the scope's text, nSents its number of sentences. The groups live
// in sc's buffers; only the returned phrases are new.
func (sc *docScratch) rank(occs []occurrence, total, nSents int, idf func(string) float64, opt Options) []Phrase {
	groups := sc.groups[:0]
	if len(sc.textN) < len(sc.texts) {
		sc.textN = make([]int32, len(sc.texts)+len(sc.texts)/4)
	}
	textN := sc.textN
	for i, o := range occs {
		f := &sc.forms[o.form]
		k := &sc.keys[sc.texts[f.text].key]
		if k.key == "" {
			continue
		}
		if k.group == 0 {
			groups = append(groups, group{key: sc.texts[f.text].key, first: int32(i), lastSent: -1})
			k.group = int32(len(groups))
		}
		g := &groups[k.group-1]
		g.count++
		g.proper = g.proper || f.proper
		if o.sentence != g.lastSent { // ordinals never decrease: a new one is a new sentence
			g.sents++
			g.lastSent = o.sentence
		}
		textN[f.text]++
	}
	// Representative: the most frequent display text (a text has one key, so its count in the
	// ranking is its count in the group), ties by earliest occurrence.
	for _, o := range occs {
		f := &sc.forms[o.form]
		k := &sc.keys[sc.texts[f.text].key]
		if k.group == 0 {
			continue
		}
		if g := &groups[k.group-1]; textN[f.text] > g.repN {
			g.rep, g.repN = o.form, textN[f.text]
		}
	}
	for _, o := range occs {
		textN[sc.forms[o.form].text] = 0
	}
	order := sc.order[:0]
	for i := range groups {
		g := &groups[i]
		rel := float64(occs[g.first].pos) / float64(total)
		g.score = score(sc.spec(g.rep, idf), len(sc.forms[g.rep].content), g.count, rel, g.sents, nSents, g.proper)
		order = append(order, int32(i))
	}
	textOf := func(g *group) string { return sc.texts[sc.forms[g.rep].text].text }
	slices.SortFunc(order, func(i, j int32) int {
		a, b := &groups[i], &groups[j]
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		if c := strings.Compare(textOf(a), textOf(b)); c != 0 {
			return c
		}
		return strings.Compare(sc.keys[a.key].key, sc.keys[b.key].key)
	})
	// The containment rule, then TopN: a phrase's fate depends only on the phrases ranked
	// before it, so the walk stops at TopN kept phrases.
	limit := len(order)
	if opt.TopN > 0 {
		limit = min(limit, opt.TopN)
	}
	kept := sc.kept[:0]
	for _, i := range order {
		if len(kept) == limit {
			break
		}
		g := &groups[i]
		if !opt.KeepContained {
			drop := g.covered
			sc.cover(groups, g)
			if drop {
				continue
			}
		}
		kept = append(kept, i)
	}
	out := make([]Phrase, len(kept))
	for n, i := range kept {
		g := &groups[i]
		out[n] = Phrase{Text: textOf(g), Score: g.score, Count: g.count, FirstStart: occs[g.first].scopePos}
	}
	for i := range groups {
		sc.keys[groups[i].key].group = 0
	}
	sc.groups, sc.order, sc.kept = groups, order, kept
	return out
}

// cover applies the containment rule for g, the next group in rank order: every group whose
// key is a contiguous word sequence of g's key and whose count is g's is covered (dropped when
// its turn comes), whether g itself is covered or not. The sub-phrases are substrings of the
// key (words joined by single spaces), looked up without building them.
func (sc *docScratch) cover(groups []group, g *group) {
	if sc.keys[g.key].words < 2 {
		return // a one-word key has no sub-phrase: no need to scan it
	}
	key := sc.keys[g.key].key
	sc.starts, sc.ends = wordSpans(key, sc.starts[:0], sc.ends[:0])
	for i := range sc.starts {
		for j := i; j < len(sc.ends); j++ {
			if j-i+1 == len(sc.starts) {
				continue // the whole key
			}
			if kid, ok := sc.keyIDs[key[sc.starts[i]:sc.ends[j]]]; ok {
				if h := sc.keys[kid].group; h != 0 && groups[h-1].count == g.count {
					groups[h-1].covered = true
				}
			}
		}
	}
}

// wordSpans appends the byte spans of the space-separated words of key.
func wordSpans(key string, starts, ends []int) ([]int, []int) {
	in := false
	for i := 0; i < len(key); i++ {
		switch {
		case key[i] == ' ' && in:
			ends = append(ends, i)
			in = false
		case key[i] != ' ' && !in:
			starts = append(starts, i)
			in = true
		}
	}
	if in {
		ends = append(ends, len(key))
	}
	return starts, ends
}

// spec returns Spec of a form's content words (1 without idf), memoised per form.
func (sc *docScratch) spec(id int32, idf func(string) float64) float64 {
	f := &sc.forms[id]
	if !f.specOK {
		f.spec, f.specOK = 1.0, true
		if idf != nil && len(f.content) > 0 {
			sum, top := 0.0, 0.0
			for _, w := range f.content {
				v := clampIDF(idf(w))
				sum += v
				top = max(top, v)
			}
			f.spec = 0.5*top + 0.5*sum/float64(len(f.content))
		}
	}
	return f.spec
}

// score computes S = Spec · Freq · Pos · Spread · Case · Len (see the package doc) of a group
// of count occurrences in sents of the scope's nSents sentences, the first at relative position
// rel, with nContent content words.
func score(spec float64, nContent, count int, rel float64, sents, nSents int, proper bool) float64 {
	freq := 1 + math.Log(float64(count))
	if rel < 0 || rel > 1 || math.IsNaN(rel) {
		rel = 1
	}
	pos := 1 + 0.5*(1-rel)
	spread := 1.0
	if nSents > 1 {
		spread = 1 + 0.5*float64(sents-1)/float64(nSents-1)
	}
	cs := 1.0
	if proper {
		cs = 1.25
	}
	return spec * freq * pos * spread * cs * lengthFactor(nContent)
}

// lengthFactor favours phrases of two and three content words: 1, 1.25, 1.5, then 0.2 less
// for each further word (1.3, 1.1, 0.9, ...), never below 0.5.
func lengthFactor(n int) float64 {
	switch {
	case n <= 1:
		return 1
	case n <= 3:
		return 1 + 0.25*float64(n-1)
	}
	return max(0.5, 1.5-0.2*float64(n-3))
}

// clampIDF maps an IDF value into [0.01, 100]; NaN counts as 1.
func clampIDF(v float64) float64 {
	switch {
	case math.IsNaN(v):
		return 1
	case v < 0.01:
		return 0.01
	case v > 100:
		return 100
	}
	return v
}

// ExtractAll returns what Extract gives for each provision (with provOpt) and what
// ExtractDocument gives for the whole document (with docOpt), finding each provision's candidates
// once instead of twice. Both options must have the same MaxWords (candidates depend on it);
// otherwise the two are computed separately.
func ExtractAll(provs []ProvisionInput, idf func(string) float64, provOpt, docOpt Options) (perProv [][]Phrase, doc []Phrase) {
	provOpt, docOpt = provOpt.norm(), docOpt.norm()
	perProv = make([][]Phrase, len(provs))
	if provOpt.MaxWords != docOpt.MaxWords {
		for i, p := range provs {
			perProv[i] = ExtractDocument([]ProvisionInput{{Text: p.Text, Tokens: p.Tokens, Tags: p.Tags, Sentences: p.Sentences}}, idf, provOpt)
		}
		return perProv, ExtractDocument(provs, idf, docOpt)
	}
	total := 0
	for _, p := range provs {
		total += len(p.Text)
	}
	// One scratch for the document: forms, texts, keys and the IDF-based specificity are
	// shared by the provisions' rankings and the document's; one buffer serves every
	// provision's own ranking (rank keeps nothing of it).
	sc := newDocScratch(formsHint(provs))
	var own []occurrence
	occs := make([]occurrence, 0, candidatesHint(provs))
	base, sentBase := 0, 0
	for i, p := range provs {
		if len(p.Text) == 0 {
			sentBase++ // as ExtractDocument counts it: one empty sentence
			continue
		}
		cs, ns := sc.candidates(p.Text, p.Tokens, p.Tags, p.Sentences, provOpt.MaxWords)
		own = own[:0]
		for _, c := range cs {
			s := min(c.sentence, ns-1)
			own = append(own, occurrence{form: c.form, sentence: int32(s), pos: c.start, scopePos: c.start})
			occs = append(occs, occurrence{form: c.form, sentence: int32(sentBase + s), pos: base + c.start,
				scopePos: p.Offset + c.start})
		}
		perProv[i] = sc.rank(own, len(p.Text), ns, idf, provOpt)
		base += len(p.Text)
		sentBase += ns
	}
	if total == 0 {
		return perProv, nil
	}
	return perProv, sc.rank(occs, total, sentBase, idf, docOpt)
}
