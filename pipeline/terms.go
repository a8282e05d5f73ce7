package pipeline

import (
	"github.com/stanceshift/stanceshift/internal/textkey"
	"slices"
	"strings"

	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/lss"
	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/pipeline/analyze"
	"github.com/stanceshift/stanceshift/pipeline/analyze/postag"
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// wordTerms memoises, per token text, what DocTerms makes of the token: whether it is a word
// token (WordTokens), and then its term (vectorize.Terms of the token alone) or none; with a
// vocabulary, also that term's column. Without bigrams Terms treats each token on its own, so a
// provision's terms are its tokens' terms in order. The stream's passes look each distinct
// token up once per version run (first pass) or per instrument (second pass) instead of
// lower-casing it, looking it up in the stop words, the stem cache and the vocabulary at each
// occurrence: Terms and Vocabulary.Row were 0.35 + 0.13 s of the 10 MB bench corpus's run, in
// two passes. The memo is by token number (ofToken), the numbers of the documents' tokenNums:
// a tokenIDs' in the first pass, number's in the second, whose analysis numbers the tokens
// through it (analyze.Analyzer.AnalyzeNumbered), so a wordTerms takes the numbers of one of
// them, never both. setVectors leaves the numbers of the tokens of the provisions whose rows it
// computed in docIDs, for the dictionary's and the LSS scores (lssIndex). The keys of m are
// slices of the documents' texts: a wordTerms that numbers lives no longer than them.
// With bigrams, which are not a function of one token, it memoises nothing and its methods are
// DocTerms, SetVectors and DFAccumulator.Add themselves.
type wordTerms struct {
	opt   vectorize.Options
	v     *vectorize.Vocabulary // nil: no columns
	m     map[string]int32      // token text -> its number (number), but for short ones
	short shortNums             // a short token text's number (number)
	n     int32                 // the token texts number has numbered
	nums  numBlocks             // the numbers of the tokens analysis numbers
	ids   map[string]int32      // term -> index into terms: distinct token texts may share a term
	terms []string              // distinct
	cols  []int                 // cols[i] is terms[i]'s column, -1 outside the vocabulary (with v)
	// provision text -> its TF-IDF row (setVectors), by the text's number when the document has
	// them (DocResult.textNums): the row found without hashing the text
	rows textkey.Table[align.SparseVec]

	byToken []int32 // token number -> index into terms, -1: no term, unknownTerm (ofToken)

	// setVectors' scratch: per index into terms, its count in the provision (0 outside it);
	// the terms counted; the sort keys of weigh
	counts  []int32
	counted []int32
	keys    []uint64
	// the blocks rowArrays cuts rows' columns and values from
	idxBlock []int
	valBlock []float64

	// addDF's counts until addDFTo: per index into terms, the provisions counted that have
	// the term, and the last of them (numbered from 1 by provs, the provisions counted); with
	// bigrams, the accumulator
	df, lastProv []int32
	provs        int
	bigramDF     *vectorize.DFAccumulator
	// the distinct terms (indexes into terms) of the provisions addDF counted, for the next
	// document of the run, cut from distinct's blocks
	dfTerms  provisionMemo[[]int32]
	distinct numBlocks

	// docIDs[j] holds the numbers of the tokens of provision j of the document setVectors was
	// given last (its tokenNums[j]) when it computed the provision's row (nil: its row was
	// memoised).
	docIDs [][]int32
}

// newWordTerms returns a memo for opt's terms (and v's columns, when v is not nil).
func newWordTerms(opt vectorize.Options, v *vectorize.Vocabulary) *wordTerms {
	return &wordTerms{opt: opt, v: v, m: map[string]int32{}, ids: map[string]int32{}}
}

// resetRun empties a wordTerms without a vocabulary, whose counts addDFTo has taken, for the
// first pass's next version run (another numbering of the token texts), as if new.
func (w *wordTerms) resetRun() {
	clear(w.m)
	w.short.reset()
	w.n = 0
	clear(w.ids)
	clear(w.terms)
	w.terms, w.byToken = w.terms[:0], w.byToken[:0]
	w.df, w.lastProv, w.provs = w.df[:0], w.lastProv[:0], 0
	w.dfTerms.reset()
}

// sizeFor makes w's maps of token texts and terms room for n token texts at first: the
// second pass gives the number of the instrument's distinct token texts the first pass
// counted, so they do not grow table by table as the instrument's words come (each growth
// hashes every key again).
func (w *wordTerms) sizeFor(n int) {
	if len(w.m) == 0 && len(w.ids) == 0 && n > 0 {
		w.m, w.ids = make(map[string]int32, n), make(map[string]int32, n)
	}
}

// number returns the number of the token text t: 0, 1, ... in the order of first occurrence
// among the texts given to number.
func (w *wordTerms) number(t string) int32 {
	if len(t) <= 3 {
		if k := shortKey(t); k >= 0 {
			slot := w.short.slot(k)
			if *slot == 0 {
				w.n++
				*slot = w.n
			}
			return *slot - 1
		}
	}
	id, ok := w.m[t]
	if !ok {
		id = w.n
		w.n++
		w.m[t] = id
	}
	return id
}

// shortNums holds the numbers of short token texts (shortKey) in a slice indexed by the text's
// bytes, for number and tokenIDs.numbers, which look every token of a new provision up: on the
// 10MB bench corpus about 12% of the tokens are one byte (punctuation, "a", digits), 12% two
// ASCII bytes ("of", "to", "or") and 15% three lower-case letters ("the", "and", "any"), which
// an index finds without hashing the text and comparing it with a map's key. A slot holds 1 +
// the number, 0 while the text has none.
type shortNums struct{ ids []int32 }

// shortKey returns the index of t's slot in a shortNums: a one-byte text's byte; 256 + a
// two-byte ASCII text's bytes, seven bits each; after those, a text of three lower-case ASCII
// letters in base 26; -1 for any other text, which goes to the map.
func shortKey(t string) int {
	switch len(t) {
	case 1:
		return int(t[0])
	case 2:
		if t[0]|t[1] < 0x80 {
			return 256 + int(t[0])<<7 | int(t[1])
		}
	case 3: // a byte below 'a' wraps around to above 'z'
		if a, b, c := t[0]-'a', t[1]-'a', t[2]-'a'; a < 26 && b < 26 && c < 26 {
			return 256 + 128*128 + (int(a)*26+int(b))*26 + int(c)
		}
	}
	return -1
}

// shortSlots is the length of a shortNums' slice: 256 one-byte texts, 128*128 two-byte ones,
// 26*26*26 three-letter ones.
const shortSlots = 256 + 128*128 + 26*26*26

// slot returns the slot of the text whose shortKey is k, making the slice on first use (the
// first pass's wordTerms never numbers, so it never makes one).
func (s *shortNums) slot(k int) *int32 {
	if s.ids == nil {
		s.ids = make([]int32, shortSlots)
	}
	return &s.ids[k]
}

// reset empties every slot.
func (s *shortNums) reset() { clear(s.ids) }

// analysis returns the second pass's analysis for analyzeMemo: an.AnalyzeNumbered, the tokens
// numbered by w.number, the tagger's lookups memoised in tags by those numbers; for a text whose
// sentences first has (first.take), an.AnalyzeNumberedSentences with them.
func (w *wordTerms) analysis(an *analyze.Analyzer, tags *postag.Words, first *firstSentences) func(string) (analyze.Provision, []int32, error) {
	return func(text string) (p analyze.Provision, ids []int32, err error) {
		if sents, ok := first.take(text); ok {
			p, ids, err = an.AnalyzeNumberedSentences(text, sents, tags, w.number, w.nums.tail())
		} else {
			p, ids, err = an.AnalyzeNumbered(text, tags, w.number, w.nums.tail())
		}
		return p, w.nums.took(ids), err
	}
}

// ofToken returns the index into w.terms of the term of the token text t, numbered id: the memo
// is a slice indexed by the number instead of a map keyed by the text.
func (w *wordTerms) ofToken(id int32, t string) int32 {
	for int(id) >= len(w.byToken) {
		w.byToken = append(w.byToken, unknownTerm)
	}
	i := w.byToken[id]
	if i == unknownTerm {
		i = w.term(t)
		w.byToken[id] = i
	}
	return i
}

// idfOf returns what WordIDF(w.v, w.opt) gives strings.ToLower of the token text numbered id,
// when ofToken has looked the number up and found a term (keyphrase.Session.SetNumberedIDF): its
// column's IDF, or 1 outside the vocabulary. With w.opt.Lowercase, Term of a text and of its lower
// case are the same (strings.ToLower is idempotent), so the text's term is the lower case's. It
// reports false for anything else (no vocabulary, no lower-casing, a number not looked up, a
// token without a term), which the caller asks WordIDF by string.
func (w *wordTerms) idfOf(id int32) (float64, bool) {
	if w.v == nil || !w.opt.Lowercase || id < 0 || int(id) >= len(w.byToken) {
		return 0, false
	}
	i := w.byToken[id]
	if i < 0 { // unknownTerm, or no term
		return 0, false
	}
	if c := w.cols[i]; c >= 0 {
		return w.v.IDF[c], true
	}
	return 1, true
}

// unknownTerm marks a token number whose term ofToken has not looked up yet.
const unknownTerm = -2

// term returns the index into w.terms of the token text t's term (adding it), or -1.
func (w *wordTerms) term(t string) int32 {
	if !hasWordRune(t) {
		return -1
	}
	term, ok := vectorize.Term(t, w.opt)
	if !ok {
		return -1
	}
	i, seen := w.ids[term]
	if !seen {
		i = int32(len(w.terms))
		w.ids[term] = i
		w.terms = append(w.terms, term)
		if w.v != nil {
			col, ok := w.v.Index(term)
			if !ok {
				col = -1
			}
			w.cols = append(w.cols, col)
		}
	}
	return i
}

// docTerms is DocTerms(d, w.opt), d's tokens numbered (tokenNums) in w's numbering. With tok
// (the first pass's numbering), a new token's term is found from tok's copy of its text.
func (w *wordTerms) docTerms(d *DocResult, tok *tokenIDs) [][]string {
	if w.opt.Bigrams {
		return DocTerms(d, w.opt)
	}
	terms := make([][]string, len(d.Provisions))
	for j := range d.Provisions {
		if j >= len(d.Analyses) {
			continue
		}
		toks := d.Analyses[j].Tokens
		out := make([]string, 0, len(toks))
		for k, id := range d.tokenNums[j] {
			text := toks[k].Text
			if tok != nil {
				text = tok.texts[id]
			}
			if i := w.ofToken(id, text); i >= 0 {
				out = append(out, w.terms[i])
			}
		}
		terms[j] = out
	}
	return terms
}

// addDF counts d's provisions for the document frequencies, as acc.Add does with each of
// docTerms(d, tok), into w's counts for the documents of its run, which addDFTo adds to an
// accumulator: one update of acc's map per distinct term of the run instead of one per distinct
// term of each provision (a provision's distinct terms are marked in a slice indexed by term,
// by the provision's number in the run). In the first pass of the 100 MB bench corpus,
// DFAccumulator.Add was 1.42 s of 58.3 s of samples; AddCounts once per document, 0.17 s of
// 28.9 s. d's tokens come numbered by tok (tokenNums). A provision taken over from the previous
// document (its analysis, dfTerms) counts the distinct terms listed when they were
// first counted, without going through its tokens again: on the 10 MB bench corpus 54% of the
// first pass's tokens are in such provisions.
func (w *wordTerms) addDF(d *DocResult, tok *tokenIDs) {
	if w.opt.Bigrams {
		if w.bigramDF == nil {
			w.bigramDF = vectorize.NewDF()
		}
		for _, p := range DocTerms(d, w.opt) {
			w.bigramDF.Add(p)
		}
		return
	}
	w.dfTerms.next(len(d.Provisions))
	for j := range d.Provisions {
		w.provs++
		if j >= len(d.Analyses) {
			continue
		}
		if terms, ok := w.dfTerms.get(d, j); ok {
			for _, i := range terms {
				w.df[i]++
			}
			continue
		}
		stamp := int32(w.provs)
		terms := w.distinct.tail()
		for _, id := range d.tokenNums[j] {
			i := w.ofToken(id, tok.texts[id])
			if i < 0 {
				continue
			}
			for int(i) >= len(w.lastProv) {
				w.lastProv, w.df = append(w.lastProv, 0), append(w.df, 0)
			}
			if w.lastProv[i] != stamp {
				w.lastProv[i] = stamp
				w.df[i]++
				terms = append(terms, i)
			}
		}
		w.dfTerms.put(j, w.distinct.took(terms))
	}
}

// addDFTo adds the counts addDF made since the last call to acc, and forgets them.
func (w *wordTerms) addDFTo(acc *vectorize.DFAccumulator) {
	if w.bigramDF != nil {
		acc.Merge(w.bigramDF)
		w.bigramDF = nil
		return
	}
	acc.AddCounts(w.provs, w.terms, w.df)
	clear(w.df)
	clear(w.lastProv)
	w.provs = 0
}

// tokenIDs numbers distinct token texts, 0, 1, ... in order of first occurrence, across the
// documents of one version run (consecutive versions of one instrument, which share most words)
// in the first pass: its analysis numbers each new provision's tokens (numbers), and analyzeMemo
// gives a provision taken over from the previous version its numbers too (DocResult.tokenNums).
// The memos of that pass (wordTerms.ofToken, lssTerms) are slices indexed by these numbers, so
// each token is looked up in one map once per new provision, instead of once in each memo's map
// per document; and a word is lower-cased, stemmed or looked up in the stop words once per run
// instead of once per document. Keys are copies: a tokenIDs does not keep the documents' texts
// alive.
type tokenIDs struct {
	m     map[string]int32 // but for short texts
	short shortNums
	texts []string // by number: the key, a copy of the token text
	nums  numBlocks
}

// analysis returns the first pass's analysis for analyzeMemo: an.Tokens, the tokens numbered by t.
func (t *tokenIDs) analysis(an *analyze.Analyzer) func(string) (analyze.Provision, []int32, error) {
	return func(text string) (analyze.Provision, []int32, error) {
		p, err := an.Tokens(text)
		if err != nil {
			return p, nil, err
		}
		return p, t.numbers(p.Tokens), nil
	}
}

// reset forgets every number, as if t were new (the blocks of numbers already given out stay
// theirs).
func (t *tokenIDs) reset() {
	clear(t.m)
	t.short.reset()
	clear(t.texts)
	t.texts = t.texts[:0]
}

// numbers returns the numbers of toks' texts, numbering the new ones.
func (t *tokenIDs) numbers(toks []tokenize.Token) []int32 {
	if t.m == nil {
		t.m = map[string]int32{}
	}
	ids := t.nums.tail()
	for _, tk := range toks {
		if len(tk.Text) <= 3 {
			if k := shortKey(tk.Text); k >= 0 {
				slot := t.short.slot(k)
				if *slot == 0 {
					t.texts = append(t.texts, strings.Clone(tk.Text))
					*slot = int32(len(t.texts))
				}
				ids = append(ids, *slot-1)
				continue
			}
		}
		id, ok := t.m[tk.Text]
		if !ok {
			id = int32(len(t.texts))
			text := strings.Clone(tk.Text)
			t.m[text] = id
			t.texts = append(t.texts, text)
		}
		ids = append(ids, id)
	}
	return t.nums.took(ids)
}

// numBlocks carves the token numbers of new provisions' analyses from shared blocks (one
// allocation per numBlock numbers, not one per provision). The slices it gives out are kept by
// an analysisMemo and the document's tokenNums, and never written after they are made.
type numBlocks struct{ buf []int32 }

// numBlock is the length of a numBlocks' block: 16 KiB.
const numBlock = 4096

// tail returns an empty slice over the free part of the current block, to append a provision's
// numbers to and give to took.
func (b *numBlocks) tail() []int32 { return b.buf[len(b.buf):len(b.buf):cap(b.buf)] }

// took marks s, made by appending to tail's slice, as taken, and returns it with its capacity
// cut to its length. While they fit, appends write into the block, so s lies there right after
// the numbers taken before; when they did not fit, s is an allocation of its own, and the next
// provision starts a new block.
func (b *numBlocks) took(s []int32) []int32 {
	s = s[:len(s):len(s)]
	if len(s) <= cap(b.buf)-len(b.buf) {
		b.buf = b.buf[:len(b.buf)+len(s)]
	} else {
		b.buf = make([]int32, 0, numBlock)
	}
	return s
}

// setVectors is d.SetVectors(DocTerms(d, w.opt), w.v, w.opt), d's tokens numbered by number
// (tokenNums): vectorize.Vocabulary.Row collects the columns of a provision's terms and weighs
// them (vectorize.WeighColumns), and so does setVectors, from the memoised columns. A provision
// whose text an earlier call saw shares that row (its tokens are a function of its text;
// nothing writes into a row): the second pass holds one wordTerms per instrument, whose versions
// keep most provisions. The rows are memoised by the texts' numbers when d has them (textNums:
// every document given to w numbered by one textMemo), else by the texts.
func (w *wordTerms) setVectors(d *DocResult) {
	clear(w.docIDs)
	w.docIDs = w.docIDs[:0]
	if w.opt.Bigrams {
		d.SetVectors(DocTerms(d, w.opt), w.v, w.opt)
		return
	}
	v := w.v
	d.Vecs = make([]align.SparseVec, len(d.Provisions))
	if v == nil || len(v.Terms) == 0 || len(v.IDF) != len(v.Terms) {
		return // Row's empty rows
	}
	w.docIDs = slices.Grow(w.docIDs, len(d.Provisions))[:len(d.Provisions)]
	for j := range d.Provisions {
		if j >= len(d.Analyses) {
			continue
		}
		text := d.Provisions[j].Text
		tn := textkey.Key(d.textNums, j) // the text's number, or -1: the row memoised by text
		if row, ok := w.rows.Get(text, tn); ok {
			d.Vecs[j] = row
			continue
		}
		toks, ids := d.Analyses[j].Tokens, d.tokenNums[j]
		for k, id := range ids {
			i := int32(unknownTerm)
			if uint(id) < uint(len(w.byToken)) { // ofToken's answer for a token seen before, without its call
				i = w.byToken[id]
			}
			if i == unknownTerm {
				i = w.ofToken(id, toks[k].Text)
			}
			if i >= 0 && w.cols[i] >= 0 {
				if int(i) >= len(w.counts) {
					w.counts = append(w.counts, make([]int32, len(w.terms)-len(w.counts))...)
				}
				if w.counts[i] == 0 {
					w.counted = append(w.counted, i)
				}
				w.counts[i]++
			}
		}
		w.docIDs[j] = ids
		idx, val := w.weigh(v.IDF)
		d.Vecs[j] = align.SparseVec{Idx: idx, Val: val}
		w.rows.Put(text, tn, d.Vecs[j])
	}
}

// weigh returns the TF-IDF row of the terms counted in w.counts (w.counted lists them) and
// resets the counts: vectorize.WeighColumns of the counted terms' columns, one per occurrence.
// WeighColumns sorts the columns of every occurrence and counts runs of equal ones; weigh
// sorts the distinct columns only, with their counts beside them (a term's column is its own:
// the vocabulary numbers distinct terms), and gives vectorize.WeighCounts the same columns and
// counts, so the same row, bit for bit (TestWordTermsMatchDocTerms, FuzzWeighCounted).
func (w *wordTerms) weigh(idf []float64) ([]int, []float64) {
	if len(w.counted) == 0 {
		return nil, nil
	}
	keys := w.keys[:0] // column << 32 | count: distinct columns, so sorted by column
	for _, i := range w.counted {
		keys = append(keys, uint64(w.cols[i])<<32|uint64(w.counts[i]))
		w.counts[i] = 0
	}
	w.counted = w.counted[:0]
	slices.Sort(keys)
	idx, val := w.rowArrays(len(keys))
	for k, key := range keys {
		idx[k], val[k] = int(key>>32), float64(uint32(key))
	}
	w.keys = keys
	return vectorize.WeighCounts(idx, val, idf, w.opt.SublinearTF, w.opt.Norm)
}

// rowArrays returns the arrays of a row of n columns, cut from w's blocks (one allocation of
// each type per rowBlock columns, not two per row: a row lives as long as the instrument's other
// rows, and nothing appends to one, its capacity being its length).
func (w *wordTerms) rowArrays(n int) ([]int, []float64) {
	if n > rowBlock/4 {
		return make([]int, n), make([]float64, n)
	}
	if len(w.idxBlock)+n > cap(w.idxBlock) {
		w.idxBlock, w.valBlock = make([]int, 0, rowBlock), make([]float64, 0, rowBlock)
	}
	from := len(w.idxBlock)
	w.idxBlock, w.valBlock = w.idxBlock[:from+n], w.valBlock[:from+n]
	return w.idxBlock[from : from+n : from+n], w.valBlock[from : from+n : from+n]
}

// rowBlock is the length of rowArrays' blocks (16 KiB of each type); a row longer than a
// quarter of it has arrays of its own.
const rowBlock = 2048

// lssIndex memoises, per token number of a wordTerms (m's), the token's LSS term
// (lss.Model.TermIndex), for the second pass's scores of one instrument: each distinct token is
// looked up in the model once per instrument instead of at each occurrence in a provision new
// to the instrument.
type lssIndex struct {
	byToken []int32 // token number -> TermIndex, or unknownTerm
	buf     []int32
	idx     [][]int32
}

// of returns, for the provisions of the document that w.setVectors was given last (texts are
// DocTexts of it), the LSS terms of their tokens as lss.Model.ScoreAllMemoIndexed takes them:
// nil for a provision whose tokens w did not number. The result is valid until the next call.
func (x *lssIndex) of(l *lss.Model, w *wordTerms, texts []models.Text) [][]int32 {
	n := 0
	for _, ids := range w.docIDs {
		n += len(ids)
	}
	buf := slices.Grow(x.buf[:0], n)
	clear(x.idx)
	x.idx = slices.Grow(x.idx[:0], len(w.docIDs))[:len(w.docIDs)]
	for j, ids := range w.docIDs {
		if ids == nil || j >= len(texts) || len(texts[j].Tokens) != len(ids) {
			continue
		}
		from := len(buf)
		for k, id := range ids {
			for int(id) >= len(x.byToken) {
				x.byToken = append(x.byToken, unknownTerm)
			}
			t := x.byToken[id]
			if t == unknownTerm {
				t = l.TermIndex(texts[j].Tokens[k].Text)
				x.byToken[id] = t
			}
			buf = append(buf, t)
		}
		x.idx[j] = buf[from:len(buf):len(buf)]
	}
	x.buf = buf
	return x.idx
}
