package keyphrase

import (
	"github.com/stanceshift/stanceshift/internal/textkey"
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
	Tags []string
	// Nums, when not nil, numbers the tokens' texts: Nums[i] is the number of Text[Tokens[i].Start:
	// Tokens[i].End], from 0 up, in one numbering for every provision of a call (of a Session:
	// of all its calls), equal texts with equal numbers and different ones with different
	// numbers. What a token's text gives (its lower case and word tests, the IDF of the lower
	// case, the forms of the candidates made of such tokens) is then found by number, not by
	// string. Nil: every token is read from its text. Results are the same either way.
	Nums      []int32
	Sentences []Sentence
	// TextNum, when not 0, numbers Text for a Session: 1 + the text's number, equal numbers for
	// equal texts and different ones for different texts over every call of the Session. The
	// session then finds what it keeps of the provision by that number, in a slice, instead of
	// by the text in a map (the pipeline's second pass numbers the distinct provision texts of an
	// instrument once, for all its memos). 0: found by the text. Results are the same either way.
	TextNum int32
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
	sc := getDocScratch(formsHint(provs))
	defer putDocScratch(sc)
	sc.idf = idf
	sc.reserveOccurrences(provs)
	occs := sc.occs[:0]
	base, sentBase := 0, 0
	for _, p := range provs {
		cs, ns := sc.candidates(p.Text, p.Tokens, p.Tags, p.Nums, p.Sentences, opt.MaxWords)
		for _, c := range cs {
			occs = append(occs, occurrence{form: c.form, sentence: int32(sentBase + min(c.sentence, ns-1)),
				pos: base + c.start, scopePos: p.Offset + c.start})
		}
		base += len(p.Text)
		sentBase += ns
	}
	sc.occs = occs
	return sc.rank(occs, total, sentBase, opt)
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
func (sc *docScratch) rank(occs []occurrence, total, nSents int, opt Options) []Phrase {
	return sc.rankTo(nil, occs, 0, 0, total, nSents, opt)
}

// rankTo is rank appending the phrases to dst (with dst nil they get a slice of their own,
// empty, not nil, when there are none), of occurrences placed in a larger scope whose pos and
// scopePos are base and offset more than in their own (ExtractAll's provisions, ranked in the
// document's occurrences without a copy placed in the provision, as there was). Their sentence
// ordinals are taken as they are: a ranking compares them only with each other.
func (sc *docScratch) rankTo(dst []Phrase, occs []occurrence, base, offset, total, nSents int, opt Options) []Phrase {
	if cap(sc.groups) < len(sc.keys) { // at most one group per key: no growing by append
		sc.groups, sc.order = make([]group, 0, len(sc.keys)), make([]ranked, 0, len(sc.keys))
	}
	groups := sc.groups[:0]
	if len(sc.textN) < len(sc.texts) {
		sc.textN = make([]int32, len(sc.texts)+len(sc.texts)/4)
	}
	textN := sc.textN
	// The passes over the occurrences read a form's formRef and its key's keyGroup, small
	// entries of dense slices, instead of the forms and keys themselves (as they did: the
	// passes were most of rankTo's 1.16 s in the lead's profile of the 100MB bench corpus's run).
	refs, keyGroup := sc.formRefs, sc.keyGroup
	for i, o := range occs {
		r := &refs[o.form]
		gi := keyGroup[r.key]
		if gi < 0 { // the key is ""
			continue
		}
		if gi == 0 {
			groups = append(groups, group{key: r.key, first: int32(i), lastSent: -1})
			gi = int32(len(groups))
			keyGroup[r.key] = gi
		}
		g := &groups[gi-1]
		g.count++
		g.proper = g.proper || r.proper
		if o.sentence != g.lastSent { // ordinals never decrease: a new one is a new sentence
			g.sents++
			g.lastSent = o.sentence
		}
		textN[r.text]++
	}
	// Representative: the most frequent display text (a text has one key, so its count in the
	// ranking is its count in the group), ties by earliest occurrence. A text's count is read at
	// its first occurrence and then cleared: once read, the group's repN is at least that count,
	// so a later occurrence of the text could not have won, and textN is all zeros after the pass.
	for _, o := range occs {
		r := &refs[o.form]
		n := textN[r.text]
		if n == 0 { // the key "", or the text's count already read
			continue
		}
		textN[r.text] = 0
		if g := &groups[keyGroup[r.key]-1]; n > g.repN {
			g.rep, g.repN = o.form, n
		}
	}
	order := sc.order[:0]
	for i := range groups {
		g := &groups[i]
		rel := float64(occs[g.first].pos-base) / float64(total)
		g.score = score(sc.formSpecs[g.rep], int(refs[g.rep].content), g.count, rel, g.sents, nSents, g.proper)
		order = append(order, ranked{score: g.score, g: int32(i)})
	}
	textOf := func(g *group) string { return sc.texts[refs[g.rep].text].text }
	sc.sortRanked(order, groups)
	// The containment rule, then TopN: a phrase's fate depends only on the phrases ranked
	// before it, so the walk stops at TopN kept phrases.
	limit := len(order)
	if opt.TopN > 0 {
		limit = min(limit, opt.TopN)
	}
	kept := sc.kept[:0]
	for _, r := range order {
		if len(kept) == limit {
			break
		}
		g := &groups[r.g]
		if !opt.KeepContained {
			// g covers the groups after it; the last phrase kept has none that count
			if drop := g.covered; drop || len(kept)+1 < limit {
				sc.cover(groups, g)
				if drop {
					continue
				}
			}
		}
		kept = append(kept, r.g)
	}
	out := dst
	if out == nil {
		out = make([]Phrase, 0, len(kept))
	}
	for _, i := range kept {
		g := &groups[i]
		out = append(out, Phrase{Text: textOf(g), Score: g.score, Count: g.count, FirstStart: occs[g.first].scopePos - offset})
	}
	for i := range groups {
		keyGroup[groups[i].key] = 0
	}
	sc.groups, sc.order, sc.kept = groups, order, kept
	return out
}

// compareRanked orders two groups of a ranking: by score, higher first, then by the text shown,
// then by key (distinct groups have distinct keys, so no two compare equal).
func (sc *docScratch) compareRanked(groups []group, a, b ranked) int {
	if a.score != b.score {
		if a.score > b.score {
			return -1
		}
		return 1
	}
	ga, gb := &groups[a.g], &groups[b.g]
	if c := strings.Compare(sc.texts[sc.formRefs[ga.rep].text].text, sc.texts[sc.formRefs[gb.rep].text].text); c != 0 {
		return c
	}
	return strings.Compare(sc.keys[ga.key].key, sc.keys[gb.key].key)
}

// sortRanked sorts a ranking's groups by compareRanked. Scores are positive and finite, and the
// bits of such floats order as the floats do: each group is sorted as one integer, its score's
// bits (inverted: higher first) but for the low rankIndexBits, which hold its index, by
// slices.Sort, and only the runs of groups whose scores agree in the other bits (nearly all of
// them one group long) are sorted again by compareRanked. slices.SortFunc with compareRanked for
// every comparison, as it was, took 0.38 of rankTo's 1.76 s in the lead's profile of the 100MB
// bench corpus's run. FuzzSortRanked compares it with slices.SortFunc.
func (sc *docScratch) sortRanked(order []ranked, groups []group) {
	cmpRanked := func(a, b ranked) int { return sc.compareRanked(groups, a, b) }
	if len(order) < 2 {
		return
	}
	if len(order) > rankIndexMask+1 {
		slices.SortFunc(order, cmpRanked)
		return
	}
	keys := sc.rankKeys[:0]
	for _, r := range order {
		if !(r.score > 0 && r.score <= math.MaxFloat64) { // not positive and finite: no integer order
			slices.SortFunc(order, cmpRanked)
			return
		}
		keys = append(keys, ^math.Float64bits(r.score)&^rankIndexMask|uint64(r.g))
	}
	slices.Sort(keys)
	for i, k := range keys {
		g := int32(k & rankIndexMask)
		order[i] = ranked{score: groups[g].score, g: g}
	}
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j]|rankIndexMask == keys[i]|rankIndexMask {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(order[i:j], cmpRanked)
		}
		i = j
	}
	sc.rankKeys = keys
}

// rankIndexBits is the number of low bits of sortRanked's integers that hold the group's index.
const (
	rankIndexBits = 24
	rankIndexMask = 1<<rankIndexBits - 1
)

// ranked is a group's place in a ranking's sort: the score next to the group's index, so that
// most comparisons (scores differ) read only the slice being sorted, not the groups.
type ranked struct {
	score float64
	g     int32
}

// cover applies the containment rule for g, the next group in rank order: every group whose
// key is a contiguous word sequence of g's key and whose count is g's is covered (dropped when
// its turn comes), whether g itself is covered or not. The sub-phrases are substrings of the
// key, looked up without building them.
func (sc *docScratch) cover(groups []group, g *group) {
	if sc.keys[g.key].words < 2 {
		return // a one-word key has no sub-phrase
	}
	for _, kid := range sc.subKeys(g.key) {
		if h := sc.keyGroup[kid]; h > 0 && groups[h-1].count == g.count {
			groups[h-1].covered = true
		}
	}
}

// subKeys returns the ids of the keys of the document that are sub-phrases (subPhrases) of key
// kid. The list is computed on first use and kept: a key is ranked in its provisions' rankings
// and in the document's, and the lookups were most of cover's time. When keys were added since
// (a Session's next document; ExtractAll and ExtractDocument add none once ranking has begun),
// only the sub-phrases that were no key then are looked up again: keys are never removed, so
// those found stay found. A Session recomputed every ranked key's list for each document: 0.25 s
// of rankTo's 0.62 s in a profile of the 10MB bench corpus's run. The sub-phrases that were no
// key are kept as their spans in the key and their keyFilterBit (docScratch.miss[mergeKey.
// missFrom:missTo], filtered in place as they become keys), so that a new document looks up those
// and walks no other: the walk over all of them (subPhrases), marked in a bit mask, was 0.13 of
// subKeys' 0.18 s in the lead's profile of the 100MB bench corpus's run. Nearly all of them fail
// the filter again (in a Session over the 10MB bench corpus 3,282 of 191,569 passed, 529 were
// keys): their bit, kept, spares hashing them and reading the key's bytes.
func (sc *docScratch) subKeys(kid int32) []int32 {
	k := &sc.keys[kid]
	n := int32(len(sc.keys))
	if k.subsFor == n {
		return sc.subs[k.subFrom:k.subTo]
	}
	if k.subsFor == 0 { // first use: every sub-phrase looked up
		k.subFrom, k.missFrom = int32(len(sc.subs)), int32(len(sc.miss))
		subPhrases(k.key, func(start, end int) {
			sub := k.key[start:end]
			f := keyFilterBit(sub)
			if id, ok := sc.keyIDBit(sub, f); ok {
				sc.subs = append(sc.subs, id)
			} else {
				sc.miss = append(sc.miss, int32(start), int32(end), int32(f))
			}
		})
		k.subTo, k.missTo, k.subsFor = int32(len(sc.subs)), int32(len(sc.miss)), n
		return sc.subs[k.subFrom:k.subTo]
	}
	kept, copied := k.missFrom, false
	for m := k.missFrom; m < k.missTo; m += 3 {
		miss := sc.miss[m : m+3 : m+3]
		id, ok := int32(0), false
		// keyIDBit without the call for those that fail the filter ("" skips it)
		if f := uint32(miss[2]); sc.keyFilter[f/64]&(1<<(f%64)) != 0 || miss[0] == miss[1] {
			id, ok = sc.keyIDBit(k.key[miss[0]:miss[1]], f)
		}
		if !ok {
			copy(sc.miss[kept:kept+3], miss)
			kept += 3
			continue
		}
		if !copied { // the ids found before, then the new ones
			from := int32(len(sc.subs))
			sc.subs = append(sc.subs, sc.subs[k.subFrom:k.subTo]...)
			k.subFrom, copied = from, true
		}
		sc.subs = append(sc.subs, id)
	}
	if copied {
		k.subTo = int32(len(sc.subs))
	}
	k.missTo, k.subsFor = kept, n
	return sc.subs[k.subFrom:k.subTo]
}

// keyIDBit returns the id of key k, whose keyFilterBit is f, if k is a key of the scratch. Most
// of subKeys' sub-phrases are no key; keyFilter, which has the bit of every key, rejects most of
// those without hashing them for the map (subKeys' map lookups were 0.16 of its 0.34 s in the
// lead's profile of the 100MB bench corpus's run).
func (sc *docScratch) keyIDBit(k string, f uint32) (int32, bool) {
	if k != "" && sc.keyFilter[f/64]&(1<<(f%64)) == 0 {
		return 0, false
	}
	id, ok := sc.keyIDs[k]
	return id, ok
}

// keyFilterBit returns the bit of a non-empty key in docScratch.keyFilter: a mix of its length
// and its first, second and last bytes, which the keys of a document spread over the filter.
func keyFilterBit(k string) uint32 {
	if k == "" {
		return 0
	}
	h := uint32(len(k))*0x9E3779B1 ^ uint32(k[0])<<16 ^ uint32(k[len(k)/2])<<8 ^ uint32(k[len(k)-1])
	h *= 0x85EBCA6B
	return h >> (32 - keyFilterLog)
}

// keyFilterLog is the base-2 logarithm of the number of bits of docScratch.keyFilter.
const keyFilterLog = 16

// subPhrases calls f with every contiguous word sequence of key (words joined by single
// spaces, as Key gives them) but key itself, as the span key[start:end]. It finds the spaces as it
// goes (strings.IndexByte) instead of first collecting the word spans in slices, which took
// 0.13 of cover's 0.43 s of CPU samples in the 10MB stage benchmark (3 ops).
func subPhrases(key string, f func(start, end int)) {
	for i := 0; ; {
		for j := i; ; {
			e := strings.IndexByte(key[j:], ' ')
			end := len(key)
			if e >= 0 {
				end = j + e
			}
			if i > 0 || end < len(key) {
				f(i, end)
			}
			if e < 0 {
				break
			}
			j = end + 1
		}
		e := strings.IndexByte(key[i:], ' ')
		if e < 0 {
			return
		}
		i += e + 1
	}
}

// score computes S = Spec · Freq · Pos · Spread · Case · Len (see the package doc) of a group
// of count occurrences in sents of the scope's nSents sentences, the first at relative position
// rel, with nContent content words.
func score(spec float64, nContent, count int, rel float64, sents, nSents int, proper bool) float64 {
	freq := freqFactor(count)
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

// freqFactor returns Freq = 1 + ln(count), from a table for the small counts that nearly all
// groups have (math.Log was half of score's time, called for every group of every ranking).
// The table holds the values math.Log gives, so scores are bit for bit the same.
func freqFactor(count int) float64 {
	if count >= 0 && count < len(freqTable) {
		return freqTable[count]
	}
	return 1 + math.Log(float64(count))
}

// freqTable[n] is 1 + math.Log(n).
var freqTable = func() (t [256]float64) {
	for n := range t {
		t[n] = 1 + math.Log(float64(n))
	}
	return t
}()

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

// provSpan is a provision's place in ExtractAll's occurrences of the document.
type provSpan struct {
	from, to       int // the provision's occurrences: occs[from:to]
	base           int // the provision's offset in the document's positions
	nSents, offset int // its number of sentences; ProvisionInput.Offset
	hasText        bool
}

// ExtractAll returns what Extract gives for each provision (with provOpt) and what
// ExtractDocument gives for the whole document (with docOpt), finding each provision's candidates
// once instead of twice. Both options must have the same MaxWords (candidates depend on it);
// otherwise the two are computed separately.
func ExtractAll(provs []ProvisionInput, idf func(string) float64, provOpt, docOpt Options) (perProv [][]Phrase, doc []Phrase) {
	provOpt, docOpt = provOpt.norm(), docOpt.norm()
	if provOpt.MaxWords != docOpt.MaxWords {
		perProv = make([][]Phrase, len(provs))
		for i, p := range provs {
			perProv[i] = ExtractDocument([]ProvisionInput{{Text: p.Text, Tokens: p.Tokens, Tags: p.Tags, Nums: p.Nums, Sentences: p.Sentences}}, idf, provOpt)
		}
		return perProv, ExtractDocument(provs, idf, docOpt)
	}
	sc := getDocScratch(formsHint(provs))
	defer putDocScratch(sc)
	return sc.extractAll(provs, idf, provOpt, docOpt, nil)
}

// Session is ExtractAll for a sequence of documents that share most of their provisions, such
// as the versions of one instrument: the documents' candidate forms, texts and keys are
// interned once for the session, and a provision whose Text an earlier document of the
// session had reuses that provision's candidates and phrases (in the 10MB bench corpus, 18,463
// of 33,512 provisions repeat an earlier version's text). The results are ExtractAll's
// (TestSessionMatchesExtractAll), provided that provisions with the same Text have the same
// Tokens, Tags and Sentences, as the analyser gives them. A Session is not safe for concurrent
// use; Close it when done.
type Session struct {
	sc               *docScratch
	idf              func(string) float64
	numIDF           func(num int32) (float64, bool) // SetNumberedIDF's, nil: none
	provOpt, docOpt  Options
	memo             *textkey.Table[*provisionMemo] // by text, or by ProvisionInput.TextNum-1
	separateRankings bool                           // the options' MaxWords differ: plain ExtractAll for each document
}

// provisionMemo is what a Session keeps of a provision, by its text: its candidates
// (keptCands[from:to] of the session's scratch), its number of sentences and its phrases (with
// provOpt).
type provisionMemo struct {
	from, to int
	nSents   int
	ranked   bool
	phrase   []Phrase
}

// NewSession returns a session that extracts with idf, provOpt and docOpt (see ExtractAll).
// idf must be a function of its word: the session asks it once per distinct word and keeps the
// answer (sessionIDF).
func NewSession(idf func(string) float64, provOpt, docOpt Options) *Session {
	provOpt, docOpt = provOpt.norm(), docOpt.norm()
	if idf != nil {
		idf = sessionIDF(idf)
	}
	return &Session{idf: idf, provOpt: provOpt, docOpt: docOpt, memo: &textkey.Table[*provisionMemo]{},
		separateRankings: provOpt.MaxWords != docOpt.MaxWords}
}

// sessionIDF returns idf memoised in a map of the session's own: the content words of a
// session's forms (an instrument's phrases) are far fewer than a corpus's words, whose memo
// the pipeline's idf shares between its workers under locks. Looking a word up in that larger
// map was 0.30 s of the key phrases' 3.50 s in a profile of the 100 MB bench corpus's run. The
// keys are the forms' content words, which the session's scratch keeps anyway.
func sessionIDF(idf func(string) float64) func(string) float64 {
	m := map[string]float64{}
	return func(w string) float64 {
		v, ok := m[w]
		if !ok {
			v = idf(w)
			m[w] = v
		}
		return v
	}
}

// SetNumberedIDF gives the session the IDF of its tokens' texts by number: f(n), when it reports
// true, is what the session's idf gives strings.ToLower of the text that ProvisionInput.Nums
// numbers n (every call's numbering must be the same), and the session takes it instead of asking
// idf with the word. It changes no result; it spares a lookup by string per distinct content
// word (a caller that numbers its tokens may know their IDF by number, as the pipeline's second
// pass does from its TF-IDF terms).
func (s *Session) SetNumberedIDF(f func(n int32) (float64, bool)) {
	s.numIDF = f
	if s.sc != nil {
		s.sc.numIDF = f
	}
}

// ExtractAll returns ExtractAll(provs, idf, provOpt, docOpt) of the session's idf and options.
// The phrases of a provision seen before are the slice returned then: callers must not modify
// returned phrases.
func (s *Session) ExtractAll(provs []ProvisionInput) (perProv [][]Phrase, doc []Phrase) {
	perProv, doc, _, _ = s.extractAll(provs, false)
	return perProv, doc
}

// ExtractAllKeys is ExtractAll that also returns the merge key of each document phrase,
// docKeys[i] == Key(doc[i].Text), which the session knows from ranking them (NewKeyedKeys takes
// them: a version's phrases are compared with the next version's by key). docKeys is nil when
// the options' MaxWords differ.
func (s *Session) ExtractAllKeys(provs []ProvisionInput) (perProv [][]Phrase, doc []Phrase, docKeys []string) {
	perProv, doc, docKeys, _ = s.extractAll(provs, true)
	return perProv, doc, docKeys
}

// ExtractAllKeyNums is ExtractAllKeys that also returns the session's number of each merge key:
// keyNums[i] numbers docKeys[i], equal numbers for equal keys in every call of the session
// (NewKeyedNumbered takes them). keyNums is nil when docKeys is.
func (s *Session) ExtractAllKeyNums(provs []ProvisionInput) (perProv [][]Phrase, doc []Phrase, docKeys []string, keyNums []int32) {
	return s.extractAll(provs, true)
}

func (s *Session) extractAll(provs []ProvisionInput, keys bool) (perProv [][]Phrase, doc []Phrase, docKeys []string, keyNums []int32) {
	if s.separateRankings {
		perProv, doc = ExtractAll(provs, s.idf, s.provOpt, s.docOpt)
		return perProv, doc, nil, nil
	}
	if s.sc == nil {
		s.sc = getDocScratch(formsHint(provs))
		s.sc.numIDF = s.numIDF
	}
	perProv, doc = s.sc.extractAll(provs, s.idf, s.provOpt, s.docOpt, s.memo)
	if keys && doc != nil {
		// the document's ranking was the scratch's last: its kept groups are doc's phrases
		docKeys, keyNums = make([]string, len(s.sc.kept)), make([]int32, len(s.sc.kept))
		for i, g := range s.sc.kept {
			k := s.sc.groups[g].key // the scratch interns keys for the session
			docKeys[i], keyNums[i] = s.sc.keys[k].key, k
		}
	}
	return perProv, doc, docKeys, keyNums
}

// Close gives the session's buffers back for reuse by later calls; the session must not be
// used after it.
func (s *Session) Close() {
	if s.sc != nil {
		putDocScratch(s.sc)
		s.sc = nil
	}
	s.memo = nil
}

// extractAll is ExtractAll with the same MaxWords in both options, in sc; memo, when not nil,
// holds the provisions of earlier calls in sc (a Session's) and gets this call's.
func (sc *docScratch) extractAll(provs []ProvisionInput, idf func(string) float64, provOpt, docOpt Options, memo *textkey.Table[*provisionMemo]) (perProv [][]Phrase, doc []Phrase) {
	perProv = make([][]Phrase, len(provs))
	total := 0
	for _, p := range provs {
		total += len(p.Text)
	}
	// One scratch for the document: forms, texts, keys, the IDF-based specificity and the
	// keys' sub-phrases are shared by the provisions' rankings and the document's; a provision
	// is ranked in its place among the document's occurrences (rankTo's base and offset). All
	// candidates are found
	// before the first ranking, so that every ranking sees every key of the document and the
	// containment rule's sub-phrase lookups are done once per key (subKeys), not once per
	// ranking; a ranking's result does not depend on keys it has no occurrence of.
	sc.idf = idf
	sc.reserveWords(provs)
	sc.reserveOccurrences(provs)
	spans := slices.Grow(sc.spans[:0], len(provs))[:len(provs)]
	occs := sc.occs[:0]
	memos := slices.Grow(sc.memos[:0], len(provs))[:len(provs)]
	base, sentBase := 0, 0
	for i := range provs {
		p := &provs[i]
		spans[i], memos[i] = provSpan{}, nil
		if len(p.Text) == 0 {
			sentBase++ // as ExtractDocument counts it: one empty sentence
			continue
		}
		var cs []cand
		var ns int
		var m *provisionMemo
		if memo != nil {
			m, _ = memo.Get(p.Text, p.TextNum-1) // TextNum 0: -1, by the text
		}
		if m != nil {
			cs, ns = sc.keptCands[m.from:m.to], m.nSents
			memos[i] = m
		} else {
			cs, ns = sc.candidates(p.Text, p.Tokens, p.Tags, p.Nums, p.Sentences, provOpt.MaxWords)
			if memo != nil {
				memos[i] = &provisionMemo{from: len(sc.keptCands), to: len(sc.keptCands) + len(cs), nSents: ns}
				sc.keptCands = append(sc.keptCands, cs...)
				memo.Put(p.Text, p.TextNum-1, memos[i])
			}
		}
		spans[i] = provSpan{from: len(occs), base: base, nSents: ns, offset: p.Offset, hasText: true}
		for _, c := range cs {
			occs = append(occs, occurrence{form: c.form, sentence: int32(sentBase + min(c.sentence, ns-1)),
				pos: base + c.start, scopePos: p.Offset + c.start})
		}
		spans[i].to = len(occs)
		base += len(p.Text)
		sentBase += ns
	}
	sc.spans, sc.occs = spans, occs
	// The provisions' phrases share one block, sized for the most they can have (no more
	// groups than occurrences, at most TopN): one allocation per document, not per provision.
	most := 0
	for i, sp := range spans {
		if memos[i] != nil && memos[i].ranked {
			continue
		}
		n := sp.to - sp.from
		if provOpt.TopN > 0 {
			n = min(n, provOpt.TopN)
		}
		most += n
	}
	block := make([]Phrase, 0, most)
	for i, p := range provs {
		sp := spans[i]
		if !sp.hasText {
			continue
		}
		if m := memos[i]; m != nil && m.ranked {
			perProv[i] = m.phrase
			continue
		}
		from := len(block)
		block = sc.rankTo(block, occs[sp.from:sp.to], sp.base, sp.offset, len(p.Text), sp.nSents, provOpt)
		perProv[i] = block[from:len(block):len(block)]
		if m := memos[i]; m != nil {
			m.phrase, m.ranked = perProv[i], true
		}
	}
	clear(memos)
	sc.memos = memos
	if total == 0 {
		return perProv, nil
	}
	return perProv, sc.rank(occs, total, sentBase, docOpt)
}
