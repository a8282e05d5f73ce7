package keyphrase

import (
	"math"
	"slices"
	"sort"
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

// ProvisionInput is one provision of a document for ExtractDocument.
type ProvisionInput struct {
	ID        string
	Offset    int // byte offset of Text in the document's text (corpus.Provision.Start)
	Text      string
	Tokens    []Token
	Sentences []Sentence
}

// occurrence is a candidate placed in its scope.
type occurrence struct {
	Candidate
	order    int     // global occurrence order (provision, then start)
	scopePos int     // FirstStart value if this is the first occurrence
	relPos   float64 // position in [0,1) of the scope
	sentence int     // global sentence ordinal
}

// Extract returns the key phrases of one provision, best first (ties by Text). idf gives the
// corpus inverse document frequency of a lower-cased word; nil means no IDF (every word 1).
func Extract(text string, toks []Token, sents []Sentence, idf func(term string) float64, opt Options) []Phrase {
	return ExtractDocument([]ProvisionInput{{Text: text, Tokens: toks, Sentences: sents}}, idf, opt)
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
	var occs []occurrence
	base, sentBase, nSents := 0, 0, 0
	keys := newKeyMemo()
	for _, p := range provs {
		cs := candidates(p.Text, p.Tokens, p.Sentences, opt.MaxWords, keys)
		ns := len(validSentences(p.Text, p.Sentences))
		if ns == 0 {
			ns = 1
		}
		for _, c := range cs {
			occs = append(occs, occurrence{
				Candidate: c, order: len(occs), scopePos: p.Offset + c.Start,
				relPos:   float64(base+c.Start) / float64(total),
				sentence: sentBase + min(c.Sentence, ns-1),
			})
		}
		base += len(p.Text)
		sentBase += ns
		nSents += ns
	}
	return rank(occs, nSents, idf, opt)
}

type group struct {
	key     string
	occs    []int32 // indexes into the occurrences being ranked (copies were most of the stage's garbage)
	text    string
	content []string
	count   int
	first   *occurrence
	proper  bool
	sents   []int // distinct sentence ordinals
	score   float64
}

func rank(occs []occurrence, nSents int, idf func(string) float64, opt Options) []Phrase {
	byKey := make(map[string]*group, len(occs)/2)
	slab := make([]group, 0, len(occs)) // one allocation for every group; never grows past len(occs)
	var groups []*group                 // in first-occurrence order: deterministic
	for i := range occs {
		o := &occs[i]
		if o.Key == "" {
			continue
		}
		g := byKey[o.Key]
		if g == nil {
			slab = append(slab, group{key: o.Key, first: o})
			g = &slab[len(slab)-1]
			byKey[o.Key] = g
			groups = append(groups, g)
		}
		g.occs = append(g.occs, int32(i))
		g.count++
		g.proper = g.proper || o.Proper
		if !slices.Contains(g.sents, o.sentence) {
			g.sents = append(g.sents, o.sentence)
		}
	}
	var n map[string]int
	for _, g := range groups {
		// representative: most frequent display form, ties by earliest occurrence
		rep := &occs[g.occs[0]]
		best := rep.Text
		if len(g.occs) > 1 {
			if n == nil {
				n = map[string]int{}
			} else {
				clear(n)
			}
			for _, i := range g.occs {
				n[occs[i].Text]++
			}
			bestN := 0
			for _, i := range g.occs {
				if c := n[occs[i].Text]; c > bestN {
					best, bestN, rep = occs[i].Text, c, &occs[i]
				}
			}
		}
		g.text, g.content = best, rep.Content
		g.score = score(g, nSents, idf)
	}
	sort.Slice(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if a.text != b.text {
			return a.text < b.text
		}
		return a.key < b.key
	})
	if !opt.KeepContained {
		groups = dropContained(groups)
	}
	if opt.TopN > 0 && len(groups) > opt.TopN {
		groups = groups[:opt.TopN]
	}
	out := make([]Phrase, len(groups))
	for i, g := range groups {
		out[i] = Phrase{Text: g.text, Score: g.score, Count: g.count, FirstStart: g.first.scopePos}
	}
	return out
}

// score computes S = Spec · Freq · Pos · Spread · Case · Len (see the package doc).
func score(g *group, nSents int, idf func(string) float64) float64 {
	spec := 1.0
	if idf != nil && len(g.content) > 0 {
		sum, top := 0.0, 0.0
		for _, w := range g.content {
			v := clampIDF(idf(w))
			sum += v
			top = max(top, v)
		}
		spec = 0.5*top + 0.5*sum/float64(len(g.content))
	}
	freq := 1 + math.Log(float64(g.count))
	rel := g.first.relPos
	if rel < 0 || rel > 1 || math.IsNaN(rel) {
		rel = 1
	}
	pos := 1 + 0.5*(1-rel)
	spread := 1.0
	if nSents > 1 {
		spread = 1 + 0.5*float64(len(g.sents)-1)/float64(nSents-1)
	}
	cs := 1.0
	if g.proper {
		cs = 1.25
	}
	return spec * freq * pos * spread * cs * lengthFactor(len(g.content))
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

// dropContained applies the containment rule to groups sorted best first: a phrase whose key
// is a contiguous word sequence of the key of a longer phrase ranked before it, with the same
// count, is dropped. Ranked-before phrases count even when they are dropped themselves.
func dropContained(groups []*group) []*group {
	// (sub-key, count) pairs of the longer phrases ranked so far: a set of pairs, not a list of
	// counts per sub-key (one slice per sub-key was most of this function's garbage)
	type keyCount struct {
		key   string
		count int
	}
	covered := map[keyCount]bool{}
	out := groups[:0:0]
	var starts, ends []int
	for _, g := range groups {
		drop := covered[keyCount{g.key, g.count}]
		// The sub-phrases of g are substrings of its key (words joined by single spaces), so
		// they are sliced, not joined: this loop allocated most of the stage's garbage.
		starts, ends = wordSpans(g.key, starts[:0], ends[:0])
		for i := range starts {
			for j := i; j < len(ends); j++ {
				if j-i+1 == len(starts) {
					continue
				}
				covered[keyCount{g.key[starts[i]:ends[j]], g.count}] = true
			}
		}
		if !drop {
			out = append(out, g)
		}
	}
	return out
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

// ExtractAll returns what Extract gives for each provision (with provOpt) and what
// ExtractDocument gives for the whole document (with docOpt), finding each provision's candidates
// once instead of twice. Both options must have the same MaxWords (candidates depend on it);
// otherwise the two are computed separately.
func ExtractAll(provs []ProvisionInput, idf func(string) float64, provOpt, docOpt Options) (perProv [][]Phrase, doc []Phrase) {
	provOpt, docOpt = provOpt.norm(), docOpt.norm()
	perProv = make([][]Phrase, len(provs))
	if provOpt.MaxWords != docOpt.MaxWords {
		for i, p := range provs {
			perProv[i] = Extract(p.Text, p.Tokens, p.Sentences, idf, provOpt)
		}
		return perProv, ExtractDocument(provs, idf, docOpt)
	}
	total := 0
	for _, p := range provs {
		total += len(p.Text)
	}
	// Candidates first, so the document's occurrences are allocated once at their final size;
	// one buffer serves every provision's own ranking (rank keeps nothing of it).
	keys := newKeyMemo()
	css := make([][]Candidate, len(provs))
	n := 0
	for i, p := range provs {
		if len(p.Text) > 0 {
			css[i] = candidates(p.Text, p.Tokens, p.Sentences, provOpt.MaxWords, keys)
			n += len(css[i])
		}
	}
	occs := make([]occurrence, 0, n)
	var own []occurrence
	base, sentBase := 0, 0
	for i, p := range provs {
		if len(p.Text) == 0 {
			sentBase++ // as ExtractDocument counts it: one empty sentence
			continue
		}
		cs := css[i]
		ns := len(validSentences(p.Text, p.Sentences))
		if ns == 0 {
			ns = 1
		}
		own = own[:0]
		for _, c := range cs {
			own = append(own, occurrence{Candidate: c, order: len(own), scopePos: c.Start,
				relPos: float64(c.Start) / float64(len(p.Text)), sentence: min(c.Sentence, ns-1)})
			occs = append(occs, occurrence{Candidate: c, order: len(occs), scopePos: p.Offset + c.Start,
				relPos: float64(base+c.Start) / float64(total), sentence: sentBase + min(c.Sentence, ns-1)})
		}
		perProv[i] = rank(own, ns, idf, provOpt)
		base += len(p.Text)
		sentBase += ns
	}
	if total == 0 {
		return perProv, nil
	}
	return perProv, rank(occs, sentBase, idf, docOpt)
}
