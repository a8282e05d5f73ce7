package keyphrase

import (
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// docScratch is what the calls of one ExtractDocument or ExtractAll share: the document's
// candidate forms, display texts and merge keys, interned (the same phrases recur; joining each
// occurrence's text and computing its key were most of the cost of finding candidates, and a
// string or slice per occurrence most of the garbage), and buffers reused from one provision
// to the next and from one ranking to the next.
type docScratch struct {
	forms []form
	// formRefs[i] is forms[i]'s key, text, number of content words and Proper, what a ranking
	// reads of a form: twelve bytes a form, not a form's 40; formSpecs[i] is its Spec under the
	// call's idf (see idf)
	formRefs  []formRef
	formSpecs []float64
	textIDs   map[string]int32 // display text -> index into texts
	texts     []phraseText
	keyIDs    map[string]int32 // merge key -> index into keys
	keys      []mergeKey
	// keyGroup[k] is 1 + the index of key k's group in the ranking being built, 0: none, -1: the
	// key is "" (never ranked)
	keyGroup []int32
	// keyFilter has bit keyFilterBit(k) set for every key k but "" (keyIDBit)
	keyFilter *[1 << keyFilterLog / 64]uint64
	lowers    map[string]string // surface with upper case or non-ASCII -> strings.ToLower(surface)

	// The call's idf (nil: none), for the Spec of new forms (form). By the numbers of the tokens'
	// texts (ProvisionInput.Nums): what prepareWords makes of a token's text, and the forms of
	// candidates of such words.
	idf         func(string) float64
	numIDF      func(num int32) (float64, bool) // a Session's (Session.SetNumberedIDF), nil: none
	tokens      []tokenInfo
	tokenLowers []string  // the lower cases of the numbered tokens that have upper case or non-ASCII
	tokenIDF    []float64 // by token number: clampIDF of its lower case, NaN: not asked yet
	formSigs    sigTable  // formSig -> form id

	// candidates
	buf         []byte
	keyBuf      []byte
	contentFree []string // room for the content words of forms (contentWords)
	ss          []Sentence
	rs          []rawTok
	ws          []word
	cs          []cand
	units       []unit
	properOf    []bool

	// rank
	groups   []group
	order    []ranked
	rankKeys []uint64 // sortRanked's integers
	kept     []int32
	textN    []int32 // per text: occurrences in the ranking
	subs     []int32 // the keys' sub-phrase key ids, in the ranges of mergeKey
	miss     []int32 // the spans and filter bits of the keys' sub-phrases that are no key, in the ranges of mergeKey

	// ExtractDocument and ExtractAll
	occs  []occurrence     // the document's occurrences
	spans []provSpan       // the provisions' places in occs
	memos []*provisionMemo // a Session's memo of each provision of the call, nil: none
	// keptCands holds the candidates of a Session's memo, provisionMemo.from:to (one buffer, kept
	// with the pooled scratch, instead of a slice per provision text; cand holds no pointers)
	keptCands []cand
}

// form is one distinct candidate: a display text with its content words and case flag. Two
// occurrences with the same text can differ in which words are content words (a word tagged
// DT or JJ) and in Proper, so those are part of the form's identity.
type form struct {
	content []string // lower-cased content words, for IDF
	text    int32    // index into texts
	next    int32    // index of the text's next form, -1: none
	mask    uint16   // bit k: word k is a content word
	proper  bool     // holds a proper noun or an acronym kept in upper case
}

// formRef is what rank reads of a form (docScratch.formRefs).
type formRef struct {
	key, text int32 // texts[text].key; index into texts
	content   uint8 // len(form.content), at most maxMaxWords
	proper    bool
}

// phraseText is one distinct display text and its merge key.
type phraseText struct {
	text string
	key  int32 // index into keys
	form int32 // index of one of its forms (the others follow form.next), -1: none
}

// mergeKey is one distinct merge key (Key) of the document.
type mergeKey struct {
	key   string
	words int32 // number of words of key
	// docScratch.subs[subFrom:subTo] are the ids of the keys that are its sub-phrases (subKeys),
	// when subsFor == len(docScratch.keys); subsFor 0: not computed. docScratch.miss[missFrom:
	// missTo] holds the spans (start, end) in key and the keyFilterBit of the sub-phrases that were
	// no key then, three numbers each.
	subFrom, subTo, subsFor int32
	missFrom, missTo        int32
}

// scratchPool keeps emptied docScratch values for the next call: a document's scratch (its
// maps, forms, texts, keys, occurrences, word and ranking buffers) was a third of the bytes
// the package allocated, and the garbage collector's marking, which such allocation triggers,
// costs in proportion to the caller's live heap.
var scratchPool sync.Pool

// getDocScratch returns an empty scratch: one from scratchPool, or a new one for about forms
// distinct candidates (a size hint). Give it back with putDocScratch when nothing in it is
// needed any more.
func getDocScratch(forms int) *docScratch {
	if sc, ok := scratchPool.Get().(*docScratch); ok {
		return sc
	}
	return newDocScratch(forms)
}

// putDocScratch empties sc and puts it in scratchPool. What the calls return holds strings
// and slices of their own (texts and keys are immutable strings; Candidates clones the
// content words), never a buffer of sc.
func putDocScratch(sc *docScratch) {
	sc.reset()
	scratchPool.Put(sc)
}

// reset empties sc, keeping the capacity of its maps and buffers. References into the last
// document (texts, keys, words of its provisions) are cleared so that a pooled scratch keeps
// nothing of it alive; buffers without references are only cut to length zero.
func (sc *docScratch) reset() {
	clear(sc.textIDs)
	clear(sc.keyIDs)
	clear(sc.keyFilter[:])
	clear(sc.lowers)
	sc.formSigs.reset()
	clear(sc.tokens)
	clear(sc.tokenLowers)
	sc.idf, sc.numIDF, sc.tokens, sc.tokenLowers, sc.tokenIDF = nil, nil, sc.tokens[:0], sc.tokenLowers[:0], sc.tokenIDF[:0]
	clear(sc.forms)
	clear(sc.texts)
	clear(sc.keys)
	clear(sc.ws[:cap(sc.ws)])
	sc.forms, sc.texts, sc.keys = sc.forms[:0], sc.texts[:0], sc.keys[:0]
	sc.formRefs, sc.formSpecs, sc.keyGroup = sc.formRefs[:0], sc.formSpecs[:0], sc.keyGroup[:0]
	sc.contentFree = nil // its block holds the last document's words
	sc.subs, sc.miss = sc.subs[:0], sc.miss[:0]
	sc.occs, sc.keptCands = sc.occs[:0], sc.keptCands[:0]
	// textN is all zeros after each ranking; buf, keyBuf, ss, rs, cs, units, properOf, groups,
	// order, rankKeys and kept hold no references and are cut to length when used.
}

// newDocScratch returns an empty scratch for about forms distinct candidates (a size hint).
func newDocScratch(forms int) *docScratch {
	return &docScratch{
		forms:   make([]form, 0, forms),
		textIDs: make(map[string]int32, forms), texts: make([]phraseText, 0, forms),
		keyIDs: make(map[string]int32, forms), keys: make([]mergeKey, 0, forms),
		keyFilter: new([1 << keyFilterLog / 64]uint64),
		lowers:    map[string]string{},
	}
}

// reserveWords sizes the word buffers of prepareWords for the longest of provs at once,
// instead of once per provision longer than those before it.
func (sc *docScratch) reserveWords(provs []ProvisionInput) {
	n := 0
	for _, p := range provs {
		n = max(n, len(p.Tokens))
	}
	if cap(sc.rs) < n {
		sc.rs, sc.ws = make([]rawTok, 0, n), make([]word, 0, n)
	}
}

// reserveOccurrences sizes the document's occurrence buffer for provs (candidatesHint).
func (sc *docScratch) reserveOccurrences(provs []ProvisionInput) {
	if n := candidatesHint(provs); cap(sc.occs) < n {
		sc.occs = make([]occurrence, 0, n)
	}
}

// candidatesHint estimates the number of candidate occurrences of provisions: about one per
// two tokens (0.43 in the generated corpora of bench/), so that a document's occurrences are
// allocated once rather than grown.
func candidatesHint(provs []ProvisionInput) int {
	n := 0
	for _, p := range provs {
		n += len(p.Tokens)
	}
	return n / 2
}

// formsHint estimates the number of distinct candidates of provisions: about one per two
// tokens in one provision, fewer in a document, where phrases recur (one per ten tokens in
// the generated corpora of bench/, more in real text).
func formsHint(provs []ProvisionInput) int {
	n := 0
	for _, p := range provs {
		n += len(p.Tokens)
	}
	if len(provs) == 1 {
		return n / 2
	}
	return n / 8
}

// form returns the interned form of the candidate made of words [from, to) of ws: the display
// text (a word keeps its case when upperKeep holds and it is a content word, every other word
// is lower-cased; words joined by single spaces), its content words and Proper. It allocates
// only for a form not seen before in the document. A candidate of numbered words (word.num) is
// looked up first by those numbers and which words are content words and keep their case
// (formSig), which give its display text, content words and Proper: a lookup of a few integers
// instead of joining the text and looking it up by string (the string lookup, which the
// numbers' first occurrence still takes, was 0.31 of form's 0.89 s in the lead's profile of the
// 100MB bench corpus's run).
func (sc *docScratch) form(ws []word, from, to int) int32 {
	sig, h, numbered := formSigOf(ws, from, to)
	if numbered {
		if id, ok := sc.formSigs.get(&sig, h); ok {
			return id
		}
	}
	id := sc.formByText(ws, from, to)
	if numbered {
		sc.formSigs.put(&sig, h, id)
	}
	return id
}

// formSig identifies the form of a candidate of at most DefaultMaxWords words, each a numbered
// token (word.num): 1 + the numbers, 0 after the last word, and bit k set in content when word k
// is a content word, in keep when it is one that keeps its case (word.upperKeep).
type formSig struct {
	nums          [DefaultMaxWords]int32
	content, keep uint8
}

// formSigOf returns the formSig of words [from, to) of ws, its sigHash, computed as the words
// are read, and whether they have one.
func formSigOf(ws []word, from, to int) (sig formSig, h uint64, ok bool) {
	if to-from > len(sig.nums) {
		return sig, 0, false
	}
	for k := range to - from {
		w := &ws[from+k]
		if w.num < 0 {
			return sig, 0, false
		}
		sig.nums[k] = w.num + 1
		h = sigMix(h, sig.nums[k])
		if w.class == cNoun || w.class == cMod {
			sig.content |= 1 << k
			if w.upperKeep {
				sig.keep |= 1 << k
			}
		}
	}
	return sig, sigFinish(h, &sig), true
}

// formByText is form found by the candidate's display text.
func (sc *docScratch) formByText(ws []word, from, to int) int32 {
	b := sc.buf[:0]
	var content uint16 // bit k: word from+k is a content word (to-from <= maxMaxWords)
	proper := false
	for k := from; k < to; k++ {
		w := &ws[k]
		if k > from {
			b = append(b, ' ')
		}
		if w.class == cNoun || w.class == cMod {
			content |= 1 << (k - from)
			if w.upperKeep {
				proper = proper || w.upper
				b = append(b, w.surf...)
				continue
			}
		}
		b = append(b, w.lower...)
	}
	sc.buf = b
	// A form is found by its text, then by content mask and Proper among the text's forms
	// (nearly always one: in the 10MB bench corpus, 130,394 texts had 130,394 forms).
	t, ok := sc.textIDs[string(b)]
	if ok {
		for id := sc.texts[t].form; id >= 0; id = sc.forms[id].next {
			if f := &sc.forms[id]; f.mask == content && f.proper == proper {
				return id
			}
		}
	} else {
		t = sc.newText(string(b))
	}
	id := int32(len(sc.forms))
	f := form{text: t, mask: content, proper: proper, next: sc.texts[t].form}
	f.content = sc.contentWords(bits.OnesCount16(content))
	for k := from; k < to; k++ {
		if content&(1<<(k-from)) != 0 {
			f.content = append(f.content, ws[k].lower)
		}
	}
	// Spec now, from the words (1 without idf or content words): a numbered word's IDF is kept
	// by number. Before, rank computed it from the content words, asking idf by string.
	spec := 1.0
	if sc.idf != nil && len(f.content) > 0 {
		sum, top := 0.0, 0.0
		for k := from; k < to; k++ {
			if content&(1<<(k-from)) != 0 {
				v := sc.wordIDF(&ws[k])
				sum += v
				top = max(top, v)
			}
		}
		spec = 0.5*top + 0.5*sum/float64(len(f.content))
	}
	sc.forms = append(sc.forms, f)
	sc.formRefs = append(sc.formRefs, formRef{key: sc.texts[t].key, text: t, content: uint8(len(f.content)), proper: proper})
	sc.formSpecs = append(sc.formSpecs, spec)
	sc.texts[t].form = id
	return id
}

// wordIDF returns clampIDF(sc.idf(w.lower)), kept by the word's number when it has one. The
// first time, a numbered word that is its token's text (no bracket stripped), whose lower case
// is then the lower case of the text numbered w.num, asks sc.numIDF, when the Session has one,
// before sc.idf: an answer by number instead of a lookup by string (the idf's string lookups were
// 0.26 s of the key phrases' 3.47 s in the lead's profile of the 100MB bench corpus's run).
func (sc *docScratch) wordIDF(w *word) float64 {
	if w.num < 0 {
		return clampIDF(sc.idf(w.lower))
	}
	for int(w.num) >= len(sc.tokenIDF) {
		sc.tokenIDF = append(sc.tokenIDF, math.NaN())
	}
	v := sc.tokenIDF[w.num]
	if math.IsNaN(v) { // clampIDF gives no NaN
		raw, ok := 0.0, false
		if sc.numIDF != nil && len(w.surf) == w.end-w.start {
			raw, ok = sc.numIDF(w.num)
		}
		if !ok {
			raw = sc.idf(w.lower)
		}
		v = clampIDF(raw)
		sc.tokenIDF[w.num] = v
	}
	return v
}

// tokenInfo is what prepareWords makes of a numbered token's text (ProvisionInput.Nums), kept
// in docScratch.tokens by number when flags has infoKnown: its lower case (lower: 0 when it is
// the text itself, else 1 + its index in docScratch.tokenLowers), word tests and lexicon flags.
// Eight bytes, so that the numbers of a provision's tokens touch few cache lines.
type tokenInfo struct {
	lower int32
	flags uint8
	lex   uint8
}

// Flags of a tokenInfo.
const (
	infoKnown   uint8 = 1 << iota // lower, lex and the word tests are set
	infoUpper                     // word.upper
	infoWord                      // word.isWord
	infoAcronym                   // word.acronym
)

// maxTokenNum bounds the token numbers kept (docScratch.tokens is indexed by them): a larger
// number is taken as none.
const maxTokenNum = 1 << 24

// tokenInfo returns the tokenInfo of token number num, growing sc.tokens to hold it.
func (sc *docScratch) tokenInfo(num int32) *tokenInfo {
	if int(num) >= len(sc.tokens) {
		sc.tokens = slices.Grow(sc.tokens, int(num)+1-len(sc.tokens))[:int(num)+1]
	}
	return &sc.tokens[num]
}

// wordOf sets w's lower case, word tests and lexicon flags from t (infoKnown); surf is the
// token's text.
func (sc *docScratch) wordOf(t *tokenInfo, w *word, surf string) {
	w.surf, w.lower, w.lex = surf, surf, t.lex
	if t.lower > 0 {
		w.lower = sc.tokenLowers[t.lower-1]
	}
	w.upper, w.isWord, w.acronym = t.flags&infoUpper != 0, t.flags&infoWord != 0, t.flags&infoAcronym != 0
}

// setTokenInfo records in t what w, a word of one token whose text is w.surf, has of its text.
func (sc *docScratch) setTokenInfo(t *tokenInfo, w *word) {
	t.lex, t.flags = w.lex, infoKnown
	if w.lower != w.surf {
		sc.tokenLowers = append(sc.tokenLowers, w.lower)
		t.lower = int32(len(sc.tokenLowers))
	}
	if w.upper {
		t.flags |= infoUpper
	}
	if w.isWord {
		t.flags |= infoWord
	}
	if w.acronym {
		t.flags |= infoAcronym
	}
}

// contentWords returns an empty slice with room for n words, carved from a shared block: one
// allocation per block rather than one or more per form (the appends of a growing slice were
// a fifth of the package's allocations). A block holds twice the words of the forms so far,
// between 16 and maxContentBlock: a small provision allocates little, a document few blocks.
func (sc *docScratch) contentWords(n int) []string {
	if n == 0 {
		return nil
	}
	if cap(sc.contentFree)-len(sc.contentFree) < n {
		sc.contentFree = make([]string, 0, max(n, min(maxContentBlock, max(16, 2*len(sc.forms)))))
	}
	l := len(sc.contentFree)
	sc.contentFree = sc.contentFree[:l+n]
	return sc.contentFree[l : l : l+n]
}

// maxContentBlock is the largest number of content words allocated at once by contentWords.
const maxContentBlock = 1024

// newText interns a display text that is not interned yet, and its merge key.
func (sc *docScratch) newText(t string) int32 {
	// The key is built in a buffer and looked up before it is made a string: different
	// texts share keys ("Member States", "member state"), and a key equal to its text (a
	// lower-case text without plurals, articles or hyphens) shares the text's string.
	sc.keyBuf = appendKey(sc.keyBuf[:0], t)
	kid, ok := sc.keyIDs[string(sc.keyBuf)]
	if !ok {
		k := t
		if string(sc.keyBuf) != t {
			k = string(sc.keyBuf)
		}
		kid = int32(len(sc.keys))
		sc.keys = append(sc.keys, mergeKey{key: k, words: int32(keyWords(k))})
		sc.keyIDs[k] = kid
		if k == "" {
			sc.keyGroup = append(sc.keyGroup, -1)
		} else {
			sc.keyGroup = append(sc.keyGroup, 0)
			f := keyFilterBit(k)
			sc.keyFilter[f/64] |= 1 << (f % 64)
		}
	}
	id := int32(len(sc.texts))
	sc.texts = append(sc.texts, phraseText{text: t, key: kid, form: -1})
	sc.textIDs[t] = id
	return id
}

// keyWords returns the number of words of a key (words joined by single spaces).
func keyWords(k string) int {
	if k == "" {
		return 0
	}
	return strings.Count(k, " ") + 1
}

// lower returns strings.ToLower(s), memoised for the words that need a new string.
func (sc *docScratch) lower(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s // what strings.ToLower returns for lower-case ASCII
	}
	return sc.lowerMemo(s)
}

// lowerMemo returns strings.ToLower(s), memoised in sc.lowers.
func (sc *docScratch) lowerMemo(s string) string {
	l, ok := sc.lowers[s]
	if !ok {
		l = strings.ToLower(s)
		sc.lowers[s] = l
	}
	return l
}
