package postag

import (
	"bytes"
	"cmp"
	"encoding/gob"
	"fmt"
	"math"
	"math/bits"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/jdkato/prose/v2"

	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// Asset names of prose's averaged-perceptron model (prose.AssetNames()).
const (
	AssetClasses = "model/AveragedPerceptron/classes.gob"
	AssetTags    = "model/AveragedPerceptron/tags.gob"
	AssetWeights = "model/AveragedPerceptron/weights.gob"
)

// maxClasses bounds the number of classes: class sets are uint64 bitmasks.
const maxClasses = 64

// Context words prose puts around a sequence, and its initial tag history.
const (
	start1, start2 = "-START-", "-START2-"
	end1, end2     = "-END-", "-END2-"
)

// Tagger is prose's averaged-perceptron part-of-speech tagger re-laid out for
// fast lookup. It is immutable after construction and safe for concurrent use.
type Tagger struct {
	classes []string // prose's class order; ties go to the earliest class
	nc      int

	dict map[string]tagRef // prose's tag dictionary (frequent unambiguous words)

	tags  []string         // tag id -> tag; id len(tags) is "a tag the model never saw"
	tagID map[string]int32 // tag -> id, for every tag the model can see as history
	unk   int32            // == len(tags)

	// Feature rows: a row's weights are rw[lo:hi], in ascending class order,
	// and its classes, one byte each, fill the rowClassWords(hi-lo) slots
	// before lo (see rowClasses); an empty span is an absent feature. One
	// array holding both, side by side, makes a row one run of memory: with
	// the classes and weights in two arrays, a row cost two cache misses.
	rw []float64

	// base[(p1*(unk+1)+p2)*nc+c] is bias + "i-1 tag" p1 + "i-2 tag" p2 +
	// "i tag+i-2 tag" p1 p2 for class c, summed in that order; baseMask has a
	// bit per class any of those rows has a weight for.
	base     []float64
	baseMask []uint64

	pref1 [256]span           // "i pref1" by first byte
	words map[string]wordRows // by normalized word
	sufs  map[string]sufRows  // by (at most) 3-byte suffix

	// "i-1 tag+i word" rows: a word's wordRows.tw spans entries of
	// twTags (the previous tag's id, ascending) and twRows.
	twTags []int32
	twRows []span

	// raw maps a raw word to its precomputed position info and, when a rule
	// or the tag dictionary fixes its tag, that tag. It holds every
	// dictionary word and every lower-case word of the word templates, so a
	// miss means "no dictionary tag".
	raw     map[string]int32
	entries []rawEntry

	edges    [4]posInfo // lookup of start1, start2, end1, end2: the context around a sequence
	startIDs [2]int32   // tag ids of start1, start2: the initial history

	pool sync.Pool // *scratch
	// preds keeps the prediction caches between calls. Unlike the scratch
	// buffers (a sync.Pool, which garbage collections empty), a cache is
	// worth keeping: at most maxPredCaches, as many as calls ran at once.
	preds chan *predCache
}

// maxPredCaches bounds the prediction caches a Tagger keeps.
const maxPredCaches = 16

type rawEntry struct {
	info  posInfo
	tag   string
	id    int32
	fixed bool
}

type tagRef struct {
	tag string
	id  int32
}

// span is a feature row: weights rw[lo&^rareRow:hi] of the Tagger, classes
// before them. lo's bit rareRow marks a row with a class the bias row has no
// weight for; hi alone names a row.
type span struct{ lo, hi uint32 }

// rareRow is the bit of span.lo that marks a row with a class outside the bias
// row's (builder.feature). Every history vector (base) has the bias row's
// classes, so predict adds the weights of an unmarked row without collecting
// its classes, which its history vector's class set already holds (in prose's
// model the bias row has 38 classes of the 45, and most rows none but those).
// A model's rows end below it.
const rareRow = 1 << 31

// start returns the index into rw of r's first weight.
func (r span) start() int { return int(r.lo &^ rareRow) }

// rowClassWords is the number of rw slots before a row of n weights that
// hold its n class bytes.
func rowClassWords(n int) int { return (n + 7) / 8 }

// rowClasses returns the classes of row r, the bytes of the slots before its
// weights. r must not be empty.
func (t *Tagger) rowClasses(r span) []uint8 {
	lo := r.start()
	n := int(r.hi) - lo
	return unsafe.Slice((*uint8)(unsafe.Pointer(&t.rw[lo-rowClassWords(n)])), n)
}

// wordRows holds what a normalized word contributes as a context word: its
// rows in the five word templates ("i word", "i-1 word", "i-2 word",
// "i+1 word", "i+2 word"), its "i-1 tag+i word" rows (entries tw.lo:tw.hi
// of the Tagger's twTags and twRows) and the rows of its suffix.
type wordRows struct {
	rows [5]span
	tw   span
	suf  sufRows
}

// sufRows holds the rows of a suffix in "i suffix", "i-1 suffix", "i+1 suffix".
type sufRows struct{ i, m1, p1 span }

var noWord = wordRows{}

var (
	defaultOnce   sync.Once
	defaultTagger *Tagger
	defaultErr    error
)

// Default returns the tagger built from prose's embedded model. The model is
// decoded once per process; every call returns the same *Tagger.
func Default() (*Tagger, error) {
	defaultOnce.Do(func() {
		defaultTagger, defaultErr = loadDefault()
	})
	return defaultTagger, defaultErr
}

// LoadProseModel decodes prose's averaged-perceptron assets: the class list,
// the tag dictionary and the weights (feature -> class -> weight).
func LoadProseModel() (classes []string, dict map[string]string, weights map[string]map[string]float64, err error) {
	if classes, dict, err = loadClassesAndDict(); err != nil {
		return
	}
	err = decodeAsset(AssetWeights, &weights)
	return
}

func loadClassesAndDict() (classes []string, dict map[string]string, err error) {
	if err = decodeAsset(AssetClasses, &classes); err != nil {
		return
	}
	err = decodeAsset(AssetTags, &dict)
	return
}

// decodeAsset gob-decodes prose's asset name into v.
func decodeAsset(name string, v any) error {
	b, err := prose.Asset(name)
	if err != nil {
		return assetErr(name, err)
	}
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(v); err != nil {
		return fmt.Errorf("postag: decoding prose asset %s: %w", name, err)
	}
	return nil
}

func assetErr(name string, err error) error {
	return fmt.Errorf("postag: reading prose asset %s: %w", name, err)
}

// New builds a Tagger from a model in prose's format: weights maps feature
// strings (as prose's featurize builds them) to per-class weights, dict is
// the tag dictionary and classes the class list whose order breaks ties.
// The maps are only read.
func New(weights map[string]map[string]float64, dict map[string]string, classes []string) (*Tagger, error) {
	b, err := newBuilder(dict, classes)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(weights))
	for k := range weights {
		keys = append(keys, k)
	}
	sort.Strings(keys) // reproducible layout
	var cls []uint8
	var w []float64
	for _, k := range keys {
		cls, w = cls[:0], w[:0]
		var dense [maxClasses]float64
		var m uint64
		for c, v := range weights[k] {
			i, ok := b.classIdx[c]
			if !ok {
				return nil, fmt.Errorf("postag: weight for unknown class %q (feature %q)", c, k)
			}
			dense[i], m = v, m|1<<uint(i)
		}
		for i := 0; i < b.t.nc; i++ {
			if m&(1<<uint(i)) != 0 {
				cls, w = append(cls, uint8(i)), append(w, dense[i])
			}
		}
		if err := b.feature(k, cls, w); err != nil {
			return nil, err
		}
	}
	return b.finish(), nil
}

// builder lays a model out as a Tagger. New and the weights stream decoder
// (load.go) share it: both call feature in ascending key order, so both
// build the same Tagger.
type builder struct {
	t         *Tagger
	classIdx  map[string]int
	dict      map[string]string
	dictWords []string // sorted
	bias      span
	biasMask  uint64 // the bias row's classes, once feature has added it
	tagFeats  []tagFeat
}

type tagFeat struct {
	kind int // 1 "i-1 tag", 2 "i-2 tag", 3 "i tag+i-2 tag", 4 "i-1 tag+i word"
	a, b string
	row  span
}

// newBuilder checks the classes and interns the tags of the classes, of the
// rules and of the dictionary.
func newBuilder(dict map[string]string, classes []string) (*builder, error) {
	if len(classes) == 0 || len(classes) > maxClasses {
		return nil, fmt.Errorf("postag: model has %d classes, want 1..%d", len(classes), maxClasses)
	}
	t := &Tagger{
		classes: append([]string(nil), classes...),
		nc:      len(classes),
		tagID:   map[string]int32{},
		words:   map[string]wordRows{},
		sufs:    map[string]sufRows{},
	}
	classIdx := make(map[string]int, len(classes))
	for i, c := range classes {
		if _, dup := classIdx[c]; dup {
			return nil, fmt.Errorf("postag: class %q listed twice", c)
		}
		classIdx[c] = i
		t.intern(c) // class i has tag id i
	}
	for _, s := range []string{start1, start2, "-", "SYM", "NN", "-NONE-", ""} {
		t.intern(s)
	}
	dictWords := make([]string, 0, len(dict))
	for w := range dict {
		dictWords = append(dictWords, w)
	}
	sort.Strings(dictWords) // reproducible tag ids
	t.dict = make(map[string]tagRef, len(dict))
	for _, w := range dictWords {
		t.dict[w] = tagRef{tag: dict[w], id: t.intern(dict[w])}
	}
	return &builder{t: t, classIdx: classIdx, dict: dict, dictWords: dictWords}, nil
}

// feature adds feature k's row: classes cls (ascending) with weights w.
// Features must come in ascending key order.
func (b *builder) feature(k string, cls []uint8, w []float64) error {
	t := b.t
	if len(cls) == 0 {
		return nil // no weights: contributes nothing, as in prose
	}
	lo := len(t.rw) + rowClassWords(len(cls))
	if lo+len(w) >= rareRow {
		return fmt.Errorf("postag: more than %d weights", rareRow)
	}
	t.rw = append(t.rw, make([]float64, rowClassWords(len(cls)))...)
	t.rw = append(t.rw, w...)
	row := span{uint32(lo), uint32(len(t.rw))}
	copy(t.rowClasses(row), cls)
	var m uint64
	for _, c := range cls {
		m |= 1 << (c & 63)
	}
	if k == "bias" {
		b.biasMask = m
	}
	if m&^b.biasMask != 0 { // the bias row comes first in key order; a row before it is marked
		row.lo |= rareRow
	}
	switch {
	case k == "bias":
		b.bias = row
	case cut(k, "i suffix "), cut(k, "i-1 suffix "), cut(k, "i+1 suffix "):
		arg := k[strings.IndexByte(k, ' ')+len("suffix ")+1:]
		s := t.sufs[arg]
		switch k[:strings.IndexByte(k, ' ')] {
		case "i":
			s.i = row
		case "i-1":
			s.m1 = row
		default:
			s.p1 = row
		}
		t.sufs[arg] = s
	case cut(k, "i pref1 "):
		r, size := utf8.DecodeRuneInString(k[len("i pref1 "):])
		if r < 256 && size == len(k)-len("i pref1 ") {
			t.pref1[r] = row
		} // else: prose's string(byte) can never produce this key
	case wordSlot(k) >= 0:
		slot := wordSlot(k)
		arg := k[len(wordTemplates[slot]):]
		w := t.word(arg)
		w.rows[slot] = row
		t.words[arg] = w
	case cut(k, "i-1 tag "):
		b.tagFeats = append(b.tagFeats, tagFeat{kind: 1, a: k[len("i-1 tag "):], row: row})
	case cut(k, "i-2 tag "):
		b.tagFeats = append(b.tagFeats, tagFeat{kind: 2, a: k[len("i-2 tag "):], row: row})
	case cut(k, "i tag+i-2 tag "):
		// Tags hold no spaces, so the first space separates p1 and p2.
		if p1, p2, ok := strings.Cut(k[len("i tag+i-2 tag "):], " "); ok {
			b.tagFeats = append(b.tagFeats, tagFeat{kind: 3, a: p1, b: p2, row: row})
		}
	case cut(k, "i-1 tag+i word "):
		if p1, w, ok := strings.Cut(k[len("i-1 tag+i word "):], " "); ok {
			b.tagFeats = append(b.tagFeats, tagFeat{kind: 4, a: p1, b: w, row: row})
		}
	default:
		return fmt.Errorf("postag: feature %q has no known template", k)
	}
	return nil
}

// finish builds the tag-indexed tables and the raw-word cache.
func (b *builder) finish() *Tagger {
	t, dict, dictWords := b.t, b.dict, b.dictWords
	// Tag-indexed tables, sized once every tag is interned.
	for _, f := range b.tagFeats {
		t.intern(f.a)
		if f.kind == 3 {
			t.intern(f.b)
		}
	}
	t.unk = int32(len(t.tags))
	nt := len(t.tags) + 1
	m1, m2, pair := make([]span, nt), make([]span, nt), make([]span, nt*nt)
	type tagWordRow struct {
		word string
		tag  int32
		row  span
	}
	var tw []tagWordRow
	for _, f := range b.tagFeats {
		a := t.tagID[f.a]
		switch f.kind {
		case 1:
			m1[a] = f.row
		case 2:
			m2[a] = f.row
		case 3:
			pair[int(a)*nt+int(t.tagID[f.b])] = f.row
		case 4:
			tw = append(tw, tagWordRow{f.b, a, f.row})
		}
	}
	slices.SortFunc(tw, func(x, y tagWordRow) int { // by word, then tag: a reproducible layout
		if c := strings.Compare(x.word, y.word); c != 0 {
			return c
		}
		return cmp.Compare(x.tag, y.tag)
	})
	t.twTags, t.twRows = make([]int32, len(tw)), make([]span, len(tw))
	for k, e := range tw {
		t.twTags[k], t.twRows[k] = e.tag, e.row
	}
	for lo := 0; lo < len(tw); {
		hi := lo + 1
		for hi < len(tw) && tw[hi].word == tw[lo].word {
			hi++
		}
		r := t.word(tw[lo].word)
		r.tw = span{uint32(lo), uint32(hi)}
		t.words[tw[lo].word] = r
		lo = hi
	}
	t.base = make([]float64, nt*nt*t.nc)
	t.baseMask = make([]uint64, nt*nt)
	for p1 := 0; p1 < nt; p1++ {
		for p2 := 0; p2 < nt; p2++ {
			i := p1*nt + p2
			for _, r := range [...]span{b.bias, m1[p1], m2[p2], pair[i]} {
				t.baseMask[i] |= t.add(t.base[i*t.nc:(i+1)*t.nc], r)
			}
		}
	}
	for w, r := range t.words {
		r.suf = t.sufs[w[len(w)-min(len(w), 3):]]
		t.words[w] = r
	}
	t.pool.New = func() any { return new(scratch) }
	t.preds = make(chan *predCache, maxPredCaches)
	for k, w := range [...]string{start1, start2, end1, end2} {
		t.edges[k] = t.lookup(w)
	}
	t.startIDs = [2]int32{t.tagID[start1], t.tagID[start2]}

	rawWords := append([]string(nil), dictWords...)
	for w := range t.words {
		if _, inDict := dict[w]; !inDict && w == strings.ToLower(w) {
			rawWords = append(rawWords, w)
		}
	}
	sort.Strings(rawWords[len(dictWords):])
	t.raw = make(map[string]int32, len(rawWords))
	t.entries = make([]rawEntry, 0, len(rawWords))
	sc := new(scratch)
	for _, w := range rawWords {
		e := rawEntry{info: t.lookupNorm(w, sc)}
		e.tag, e.id = t.special(w)
		if e.id == noTag {
			if ref, ok := t.dict[w]; ok {
				e.tag, e.id = ref.tag, ref.id
			}
		}
		e.fixed = e.id != noTag
		t.raw[w] = int32(len(t.entries))
		t.entries = append(t.entries, e)
	}
	return t
}

// tagWordRow returns the "i-1 tag+i word" row of the word whose rows are tw
// for previous tag p1 (an empty span when there is none).
func (t *Tagger) tagWordRow(tw span, p1 int32) span {
	tags := t.twTags[tw.lo:tw.hi]
	for k, tag := range tags {
		if tag >= p1 {
			if tag == p1 {
				return t.twRows[int(tw.lo)+k]
			}
			break
		}
	}
	return span{}
}

// add adds row r into scores (indexed by class) and returns its class set.
func (t *Tagger) add(scores []float64, r span) uint64 {
	var m uint64
	if r.hi == r.lo {
		return 0
	}
	cls, ws := t.rowClasses(r), t.rw[r.start():r.hi]
	for k, c := range cls {
		scores[c] += ws[k]
		m |= 1 << (c & 63)
	}
	return m
}

// wordTemplates are the word feature prefixes, in wordRows.rows order.
var wordTemplates = [5]string{"i word ", "i-1 word ", "i-2 word ", "i+1 word ", "i+2 word "}

// wordSlot returns the index of k's word template, or -1.
func wordSlot(k string) int {
	for i, p := range wordTemplates {
		if strings.HasPrefix(k, p) {
			return i
		}
	}
	return -1
}

func cut(k, prefix string) bool { return strings.HasPrefix(k, prefix) }

func (t *Tagger) intern(tag string) int32 {
	if id, ok := t.tagID[tag]; ok {
		return id
	}
	id := int32(len(t.tags))
	t.tags = append(t.tags, tag)
	t.tagID[tag] = id
	return id
}

func (t *Tagger) word(w string) wordRows {
	if r, ok := t.words[w]; ok {
		return r
	}
	return noWord
}

// Classes returns the model's classes in tie-breaking order.
func (t *Tagger) Classes() []string { return append([]string(nil), t.classes...) }

// posInfo is the lookup result for one context position.
type posInfo struct {
	word wordRows
	// rawSuf: the raw word's 3-byte suffix equals its normalized form's, so
	// word.suf.i is its "i suffix" row.
	rawSuf bool
}

type scratch struct {
	info []posInfo
	ent  []int32 // per word: index into Tagger.entries, or -1
	buf  []byte
}

// Tag returns one Penn Treebank tag per word (len(result) == len(words)).
func (t *Tagger) Tag(words []string) []string {
	return t.AppendTags(make([]string, 0, len(words)), words)
}

// AppendTags appends one tag per word to dst and returns the extended slice.
// The words are one sequence: each tag depends on its neighbours and on the
// two previous tags, as in prose (which tags a whole document at once).
func (t *Tagger) AppendTags(dst []string, words []string) []string {
	return t.AppendTagsCached(dst, words, nil)
}

// Words memoises, per word, what AppendTagsCached looks up of it in the
// model: its context rows and, when a rule or the tag dictionary fixes its
// tag, that tag. A caller that tags many texts sharing their words (the
// versions of one instrument) keeps one: a word outside the tagger's raw
// words is then normalized, looked up and tested against the rules (some of
// them regular expressions) once, not at each occurrence. The zero value is
// ready to use; a Words is not safe for concurrent use and keeps the word
// strings it is given.
type Words struct {
	m      map[string]int32 // word -> index k >= 0 into the Tagger's entries (a raw word), or -1-k into others
	byNum  []int32          // a caller's word number (AppendTagsNumbered) -> m's value for the word, or unnumbered
	others []rawEntry       // the words outside the Tagger's raw words
}

// unnumbered marks a word number whose entry Words.byNum does not hold yet.
const unnumbered = math.MinInt32

// cachedEntry returns the entry of c.m's value e.
func (t *Tagger) cachedEntry(c *Words, e int32) *rawEntry {
	if e >= 0 {
		return &t.entries[e]
	}
	return &c.others[-1-e]
}

// newEntry returns the value c.m would hold for w: the index of w's raw entry, or of a new
// entry of c.others for a word outside the raw words.
func (t *Tagger) newEntry(c *Words, w string, sc *scratch) int32 {
	if e, ok := t.raw[w]; ok {
		return e
	}
	e := -1 - int32(len(c.others))
	o := rawEntry{info: t.lookupNorm(w, sc)}
	o.tag, o.id = t.special(w) // not in raw, so not in the dictionary
	o.fixed = o.id != noTag
	c.others = append(c.others, o)
	return e
}

// AppendTagsCached is AppendTags with the words' lookups memoised in c (a
// nil c memoises nothing). The tags are AppendTags' whatever c holds.
func (t *Tagger) AppendTagsCached(dst []string, words []string, c *Words) []string {
	return t.appendTags(dst, words, nil, c)
}

// AppendTagsNumbered is AppendTagsCached for words the caller has numbered:
// ids[i] (>= 0) is the number of words[i], equal numbers for equal words and
// different ones for different words over every call with c. c then memoises
// by number, in a slice, instead of by word in a map (a caller that numbers
// the tokens anyway saves a map lookup per word). len(ids) must be
// len(words); a nil c memoises nothing. The tags are AppendTags' whatever c
// holds.
func (t *Tagger) AppendTagsNumbered(dst []string, words []string, ids []int32, c *Words) []string {
	if len(ids) != len(words) {
		panic("postag: AppendTagsNumbered: one number per word")
	}
	return t.appendTags(dst, words, ids, c)
}

// appendTags is AppendTagsCached, memoising by ids when they are not nil
// (AppendTagsNumbered).
func (t *Tagger) appendTags(dst []string, words []string, ids []int32, c *Words) []string {
	if len(words) == 0 {
		return dst
	}
	sc := t.pool.Get().(*scratch)
	n := len(words) + 4
	if cap(sc.info) < n {
		sc.info = make([]posInfo, n)
	}
	info := sc.info[:n]
	if cap(sc.ent) < len(words) {
		sc.ent = make([]int32, len(words))
	}
	ent := sc.ent[:len(words)]
	info[0], info[1] = t.edges[0], t.edges[1]
	if c != nil && ids == nil && c.m == nil {
		c.m = map[string]int32{}
	}
	for i, w := range words {
		switch {
		case c != nil && ids != nil:
			id := ids[i]
			if int(id) >= len(c.byNum) {
				c.byNum = growUnnumbered(c.byNum, int(id)+1)
			}
			e := c.byNum[id]
			if e == unnumbered {
				e = t.newEntry(c, w, sc)
				c.byNum[id] = e
			}
			info[i+2], ent[i] = t.cachedEntry(c, e).info, e
		case c != nil:
			e, ok := c.m[w]
			if !ok {
				e = t.newEntry(c, w, sc)
				c.m[w] = e
			}
			info[i+2], ent[i] = t.cachedEntry(c, e).info, e
		default:
			if e, ok := t.raw[w]; ok {
				info[i+2], ent[i] = t.entries[e].info, e
			} else {
				info[i+2], ent[i] = t.lookupNorm(w, sc), -1
			}
		}
	}
	info[n-2], info[n-1] = t.edges[2], t.edges[3]

	p1, p2 := t.startIDs[0], t.startIDs[1]
	var pc *predCache // taken from t.preds at the first prediction
	for i, w := range words {
		var tag string
		var id int32
		switch e := ent[i]; {
		case c != nil:
			ce := t.cachedEntry(c, e)
			tag, id = ce.tag, ce.id
		case e >= 0:
			tag, id = t.entries[e].tag, t.entries[e].id
		default:
			tag, id = t.special(w) // not in raw, so not in the dictionary
		}
		if id == noTag {
			if pc == nil {
				select {
				case pc = <-t.preds:
				default:
					pc = new(predCache)
				}
			}
			if c := t.predict(w, info[i:i+5], p1, p2, pc); c >= 0 {
				tag, id = t.classes[c], int32(c)
			} else {
				tag, id = "", t.tagID[""]
			}
		}
		dst = append(dst, tag)
		p2, p1 = p1, id
	}
	t.pool.Put(sc)
	if pc != nil {
		select {
		case t.preds <- pc:
		default:
		}
	}
	return dst
}

// growUnnumbered returns s extended to length n (> len(s)) with unnumbered,
// its capacity at least doubled.
func growUnnumbered(s []int32, n int) []int32 {
	s = slices.Grow(s, max(n, 2*len(s))-len(s))
	for len(s) < n {
		s = append(s, unnumbered)
	}
	return s
}

const noTag = -1 // "no rule applies"

// special applies prose's rule-based tags, in prose's order. It returns
// id noTag when no rule applies.
func (t *Tagger) special(w string) (string, int32) {
	switch {
	case w == "-":
		return "-", t.tagID["-"]
	case tokenize.IsEmoticon(w):
		return "SYM", t.tagID["SYM"]
	case strings.HasPrefix(w, "@") || maybeLink(w) && linkRE.MatchString(w) ||
		strings.IndexByte(w, '@') >= 0 && emailRE.MatchString(w):
		return "NN", t.tagID["NN"]
	case (w == "0" || strings.HasPrefix(w, "*")) && noneRE.MatchString(w):
		return "-NONE-", t.tagID["-NONE-"]
	case isKeep(w):
		if id, ok := t.tagID[w]; ok {
			return w, id
		}
		return w, t.unk
	}
	return "", noTag
}

// prose's regular expressions: tag.go's none, and commonregex's LinkPattern
// and EmailPattern (github.com/mingrammer/commonregex v1.0.1), verbatim.
var (
	noneRE  = regexp.MustCompile(`^(?:0|\*[\w?]\*|\*\-\d{1,3}|\*[A-Z]+\*\-\d{1,3}|\*)$`)
	linkRE  = regexp.MustCompile(LinkPattern)
	emailRE = regexp.MustCompile(EmailPattern)
)

// LinkPattern and EmailPattern are commonregex's patterns that prose's tagger
// matches (unanchored) to tag a word NN.
const (
	LinkPattern  = `(?:(?:https?:\/\/)?(?:[a-z0-9.\-]+|www|[a-z0-9.\-])[.](?:[^\s()<>]+|\((?:[^\s()<>]+|(?:\([^\s()<>]+\)))*\))+(?:\((?:[^\s()<>]+|(?:\([^\s()<>]+\)))*\)|[^\s!()\[\]{};:\'".,<>?]))`
	EmailPattern = `(?i)([A-Za-z0-9!#$%&'*+\/=?^_{|.}~-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)`
)

// maybeLink is a necessary condition for a LinkPattern match: some byte in
// [a-z0-9.-] followed by '.' and at least two more bytes.
func maybeLink(w string) bool {
	for i := 1; i+2 < len(w); i++ {
		if w[i] == '.' {
			c := w[i-1]
			if ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') || c == '.' || c == '-' {
				return true
			}
		}
	}
	return false
}

// isKeep matches prose's ^\-[A-Z]{3}\-$ (e.g. "-LRB-"), which is its own tag.
func isKeep(w string) bool {
	if len(w) != 5 || w[0] != '-' || w[4] != '-' {
		return false
	}
	for i := 1; i < 4; i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

func (t *Tagger) lookup(norm string) posInfo {
	if r, ok := t.words[norm]; ok {
		return posInfo{word: r}
	}
	p := posInfo{word: noWord}
	p.word.suf = t.sufs[norm[len(norm)-min(len(norm), 3):]]
	return p
}

// lookupNorm normalizes w as prose's normalize does and looks it up.
func (t *Tagger) lookupNorm(w string, sc *scratch) posInfo {
	switch {
	case w == "":
		return t.lookup("")
	case w[0] != '-' && strings.IndexByte(w, '-') >= 0:
		return t.lookup("!HYPHEN")
	case isYear(w):
		return t.lookup("!YEAR")
	case '0' <= w[0] && w[0] <= '9':
		return t.lookup("!DIGITS")
	}
	ascii, upper := true, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if !ascii {
		return t.lookup(strings.ToLower(w))
	}
	if !upper {
		p := t.lookup(w)
		p.rawSuf = true
		return p
	}
	b := sc.buf[:0]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	sc.buf = b
	// The raw suffix is the normalized one when its bytes are lower case
	// ("States", "Article"): predict need not look it up again.
	rawSuf := true
	for i := len(w) - min(len(w), 3); i < len(w); i++ {
		if 'A' <= w[i] && w[i] <= 'Z' {
			rawSuf = false
		}
	}
	if r, ok := t.words[string(b)]; ok { // no allocation: map index by string(bytes)
		return posInfo{word: r, rawSuf: rawSuf}
	}
	p := posInfo{word: noWord, rawSuf: rawSuf}
	p.word.suf = t.sufs[string(b[len(b)-min(len(b), 3):])]
	return p
}

// isYear reports whether strconv.Atoi(w) succeeds and len(w) == 4.
func isYear(w string) bool {
	if len(w) != 4 {
		return false
	}
	i := 0
	if w[0] == '+' || w[0] == '-' {
		i = 1
	}
	for ; i < 4; i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// predict scores prose's featurize features for word w, whose context
// window is ctx (positions i-2 .. i+2), and returns the best class index, or
// -1 when no feature has weights (prose then returns "").
//
// Fixed summation order: the precomputed history vector (bias, "i-1 tag",
// "i-2 tag", "i tag+i-2 tag"), then "i suffix", "i pref1", "i word",
// "i-1 tag+i word", "i-1 word", "i-1 suffix", "i-2 word", "i+1 word",
// "i+1 suffix", "i+2 word", each row in class order. Among equal scores the
// class listed first in the model wins. The result is cached in pc by
// everything it depends on (predKey).
func (t *Tagger) predict(w string, ctx []posInfo, p1, p2 int32, pc *predCache) int {
	cur := &ctx[2].word
	rows := [10]span{
		cur.suf.i, {}, cur.rows[0], {},
		ctx[1].word.rows[1], ctx[1].word.suf.m1, ctx[0].word.rows[2],
		ctx[3].word.rows[3], ctx[3].word.suf.p1, ctx[4].word.rows[4],
	}
	if !ctx[2].rawSuf {
		rows[0] = t.sufs[w[len(w)-min(len(w), 3):]].i
	}
	if w != "" { // prose would panic on an empty word; we skip the feature
		rows[1] = t.pref1[w[0]]
	}
	if p1 != t.unk {
		rows[3] = t.tagWordRow(cur.tw, p1)
	}

	// The class is a function of the history and the ten rows: look it up.
	// rows are never empty (hi > lo), so hi names a row; 0 is "none" (spelled out: a loop's
	// exit was a mispredicted branch at each prediction)
	key := predKey{uint32(p1), uint32(p2), rows[0].hi, rows[1].hi, rows[2].hi, rows[3].hi,
		rows[4].hi, rows[5].hi, rows[6].hi, rows[7].hi, rows[8].hi, rows[9].hi}
	e := &pc.entries[key.slot()]
	if e.ok && e.key == key {
		return int(e.class)
	}

	scores := &pc.scores
	h := int(p1)*int(t.unk+1) + int(p2)
	nc := t.nc
	copy(scores[:nc], t.base[h*nc:(h+1)*nc])
	present := t.baseMask[h]
	for _, r := range rows {
		if r.hi == r.lo {
			continue
		}
		ws := t.rw[r.start():r.hi]
		cls := t.rowClasses(r)[:len(ws)]
		if r.lo&rareRow == 0 { // its classes are common: present has them
			for k, c := range cls {
				scores[c&(maxClasses-1)] += ws[k]
			}
			continue
		}
		for k, c := range cls {
			scores[c&(maxClasses-1)] += ws[k]
			present |= 1 << (c & 63)
		}
	}
	best := bestClass(scores[:nc], present)
	*e = predEntry{key: key, class: int32(best), ok: true}
	return best
}

// bestClass returns the class with the highest score among those whose bit is
// set in present, the first listed of equal ones, or -1 when present is empty:
// the first present class is the first best, and a later present class
// replaces the best when its score is greater (a NaN never is, nor is any
// score after a NaN best). The absent classes' scores become -Inf, which is
// never greater, so that the classes are compared without testing their bits
// (most predictions lack only the 7 classes of 45 that prose's bias row has no
// weight for), four at a time: a run of four none of which is greater, the
// common case once a high score is found, takes four comparisons and one
// branch of the loop.
func bestClass(scores []float64, present uint64) int {
	if present == 0 {
		return -1
	}
	for absent := (uint64(1)<<len(scores) - 1) &^ present; absent != 0; absent &= absent - 1 {
		scores[bits.TrailingZeros64(absent)&(maxClasses-1)] = math.Inf(-1)
	}
	best := bits.TrailingZeros64(present)
	bestScore := scores[best]
	c := 0
	for ; c+4 <= len(scores); c += 4 {
		s := scores[c : c+4 : c+4]
		if s[0] > bestScore || s[1] > bestScore || s[2] > bestScore || s[3] > bestScore {
			for k, v := range s {
				if v > bestScore {
					best, bestScore = c+k, v
				}
			}
		}
	}
	for ; c < len(scores); c++ {
		if scores[c] > bestScore {
			best, bestScore = c, scores[c]
		}
	}
	return best
}

// predCacheBits sets the size of a prediction cache: 16,384
// entries of 64 bytes (1 MiB). Each entry holds one (history, rows) key and
// its class, so a hit returns exactly what the summation would. Legal text
// repeats its phrases: tagging each distinct paragraph of the first 60
// documents of the 10MB bench corpus (seed 1) once, 67% of predictions hit
// (25% with 1,024 entries, 49% with 4,096); of the default corpus's, 19%
// (4,096 entries); of the prose text of ../tokenize/testdata, 3%.
const predCacheBits = 14

// predKey is what a prediction depends on: the two previous tags' ids and
// the end (span.hi) of each of the ten feature rows, in predict's order.
type predKey [12]uint32

// slot hashes the key into a predCache index. It reads the key as six
// 64-bit words and sums their products with six odd constants: the
// multiplications are independent of each other, where a chain of twelve
// (h = (h^x)*c) waited for each in turn and was most of a cache hit's time.
func (k *predKey) slot() uint32 {
	w := func(i int) uint64 { return uint64(k[2*i]) | uint64(k[2*i+1])<<32 }
	h := w(0)*0x9E3779B97F4A7C15 + w(1)*0xC2B2AE3D27D4EB4F + w(2)*0x165667B19E3779F9 +
		w(3)*0xD6E8FEB86659FD93 + w(4)*0xFF51AFD7ED558CCD + w(5)*0xC4CEB9FE1A85EC53
	h ^= h >> 29
	h *= 0xBF58476D1CE4E5B9
	return uint32(h >> (64 - predCacheBits))
}

// predEntry is one cache entry, padded to 64 bytes: a predCache, a large
// allocation, starts on a page boundary, so each entry lies in one cache line
// (56-byte entries straddled two lines in six of eight).
type predEntry struct {
	key   predKey
	class int32
	ok    bool
	_     [11]byte
}

// predCache is a direct-mapped cache of predictions by predKey, and the
// scores of the prediction being computed: predict's scratch (a local array
// was cleared at each prediction; predict writes the scores it reads).
type predCache struct {
	entries [1 << predCacheBits]predEntry
	scores  [maxClasses]float64
}
