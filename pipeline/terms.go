package pipeline

import (
	"slices"
	"strings"

	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/lss"
	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// wordTerms memoises, per token text, what DocTerms makes of the token: whether it is a word
// token (WordTokens), and then its term (vectorize.Terms of the token alone) or none; with a
// vocabulary, also that term's column. Without bigrams Terms treats each token on its own, so a
// provision's terms are its tokens' terms in order. The stream's passes look each distinct
// token up once per version run (first pass, by token number: ofToken) or per instrument
// (second pass, by token text: of) instead of lower-casing it, looking it up in the stop words,
// the stem cache and the vocabulary at each occurrence: Terms and Vocabulary.Row were 0.35 +
// 0.13 s of the 10 MB bench corpus's run, in two passes. of numbers the token texts it is given
// (m) and memoises by number (byToken), so a wordTerms uses either of or ofToken with a
// tokenIDs' numbers, never both; setVectors leaves the numbers of the tokens it looked up in
// docIDs, for the LSS scores (lssIndex). The keys of m are slices of the documents' texts: a
// wordTerms that uses of lives no longer than them.
// With bigrams, which are not a function of one token, it memoises nothing and its methods are
// DocTerms, SetVectors and DFAccumulator.Add themselves.
type wordTerms struct {
	opt   vectorize.Options
	v     *vectorize.Vocabulary // nil: no columns
	m     map[string]int32      // token text -> its number (of), an index into byToken
	ids   map[string]int32      // term -> index into terms: distinct token texts may share a term
	terms []string              // distinct
	cols  []int                 // cols[i] is terms[i]'s column, -1 outside the vocabulary (with v)
	buf   []string
	rows  map[string]align.SparseVec // provision text -> its TF-IDF row (setVectors)

	byToken []int32 // token number (tokenIDs', or m's) -> index into terms, -1: no term, unknownTerm (ofToken)

	// docIDs[j] holds the numbers (m's) of the tokens of provision j of the document setVectors
	// was given last, when it looked them up (nil: its row was memoised); slices of idBuf.
	docIDs [][]int32
	idBuf  []int32
}

// newWordTerms returns a memo for opt's terms (and v's columns, when v is not nil).
func newWordTerms(opt vectorize.Options, v *vectorize.Vocabulary) *wordTerms {
	return &wordTerms{opt: opt, v: v, m: map[string]int32{}, ids: map[string]int32{}}
}

// of returns the index into w.terms of the token text t's term, or -1.
func (w *wordTerms) of(t string) int32 { return w.ofToken(w.number(t), t) }

// number returns the number of the token text t: 0, 1, ... in the order of first occurrence
// among the texts given to of and number.
func (w *wordTerms) number(t string) int32 {
	id, ok := w.m[t]
	if !ok {
		id = int32(len(w.m))
		w.m[t] = id
	}
	return id
}

// ofToken is of(t) for the token text t numbered id by a tokenIDs: the memo is a slice indexed by
// the number instead of a map keyed by the text.
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

// unknownTerm marks a token number whose term ofToken has not looked up yet.
const unknownTerm = -2

// term returns the index into w.terms of the token text t's term (adding it), or -1.
func (w *wordTerms) term(t string) int32 {
	if !hasWordRune(t) {
		return -1
	}
	w.buf = append(w.buf[:0], t)
	ts := vectorize.Terms(w.buf, w.opt)
	if len(ts) != 1 {
		return -1
	}
	i, seen := w.ids[ts[0]]
	if !seen {
		i = int32(len(w.terms))
		w.ids[ts[0]] = i
		w.terms = append(w.terms, ts[0])
		if w.v != nil {
			col, ok := w.v.Index(ts[0])
			if !ok {
				col = -1
			}
			w.cols = append(w.cols, col)
		}
	}
	return i
}

// docTerms is DocTerms(d, w.opt). With tok (on which number(d) was called last), the memo is
// ofToken's slice.
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
		for k, t := range toks {
			var i int32
			if tok != nil {
				i = w.ofToken(tok.doc[j][k], tok.texts[tok.doc[j][k]])
			} else {
				i = w.of(t.Text)
			}
			if i >= 0 {
				out = append(out, w.terms[i])
			}
		}
		terms[j] = out
	}
	return terms
}

// addDF adds d's provisions to acc as acc.Add does with each of docTerms(d), but with one
// update of acc's map per distinct term of the document instead of one per distinct term of
// each provision: a provision's distinct terms are marked in a slice indexed by term. In the
// first pass of the 100 MB bench corpus, DFAccumulator.Add was 1.42 s of 58.3 s of samples.
// The tokens come numbered (tok, on which number(d) was called last), so the memo is ofToken's
// slice.
func (w *wordTerms) addDF(d *DocResult, tok *tokenIDs, acc *vectorize.DFAccumulator) {
	if w.opt.Bigrams {
		for _, p := range DocTerms(d, w.opt) {
			acc.Add(p)
		}
		return
	}
	var last, df []int32 // per term: 1 + the last provision that counted it; its provisions
	for j := range d.Provisions {
		if j >= len(d.Analyses) {
			continue
		}
		for _, id := range tok.doc[j] {
			i := w.ofToken(id, tok.texts[id])
			if i < 0 {
				continue
			}
			for int(i) >= len(last) {
				last, df = append(last, 0), append(df, 0)
			}
			if last[i] != int32(j+1) {
				last[i] = int32(j + 1)
				df[i]++
			}
		}
	}
	acc.AddCounts(len(d.Provisions), w.terms, df)
}

// tokenIDs numbers distinct token texts, 0, 1, ... in order of first occurrence, across the
// documents given to number: the first pass gives it the documents of one version run
// (consecutive versions of one instrument, which share most words). The memos of that pass
// (wordTerms.ofToken, lssTerms) are slices indexed by these numbers, so each token is looked up
// in one map once per document, instead of once in each memo's map per document; and a word
// is lower-cased, stemmed or looked up in the stop words once per run instead of once per
// document. Keys are copies: a tokenIDs does not keep the documents' texts alive.
type tokenIDs struct {
	m     map[string]int32
	texts []string  // by number: the key, a copy of the token text
	doc   [][]int32 // per analysis of the document last numbered, its tokens' numbers
}

// number numbers the tokens of d: t.doc[j][k] is the number of d.Analyses[j].Tokens[k].
func (t *tokenIDs) number(d *DocResult) {
	if t.m == nil {
		t.m = map[string]int32{}
	}
	t.doc = slices.Grow(t.doc[:0], len(d.Analyses))[:len(d.Analyses)]
	for j, an := range d.Analyses {
		ids := t.doc[j][:0]
		for _, tk := range an.Tokens {
			id, ok := t.m[tk.Text]
			if !ok {
				id = int32(len(t.texts))
				text := strings.Clone(tk.Text)
				t.m[text] = id
				t.texts = append(t.texts, text)
			}
			ids = append(ids, id)
		}
		t.doc[j] = ids
	}
}

// setVectors is d.SetVectors(DocTerms(d, w.opt), w.v, w.opt): vectorize.Vocabulary.Row collects
// the columns of a provision's terms and weighs them (vectorize.WeighColumns), and so does
// setVectors, from the memoised columns. A provision whose text an earlier call saw shares
// that row (its tokens are a function of its text; nothing writes into a row): the second pass
// holds one wordTerms per instrument, whose versions keep most provisions.
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
	if w.rows == nil {
		w.rows = map[string]align.SparseVec{}
	}
	n := 0
	for _, an := range d.Analyses {
		n += len(an.Tokens)
	}
	ids := slices.Grow(w.idBuf[:0], n) // room for every token: docIDs' slices stay put
	w.docIDs = slices.Grow(w.docIDs, len(d.Provisions))[:len(d.Provisions)]
	for j := range d.Provisions {
		if j >= len(d.Analyses) {
			continue
		}
		text := d.Provisions[j].Text
		if row, ok := w.rows[text]; ok {
			d.Vecs[j] = row
			continue
		}
		toks := d.Analyses[j].Tokens
		from := len(ids)
		var cols []int
		for _, t := range toks {
			id := w.number(t.Text)
			ids = append(ids, id)
			if i := w.ofToken(id, t.Text); i >= 0 && w.cols[i] >= 0 {
				if cols == nil {
					cols = make([]int, 0, len(toks))
				}
				cols = append(cols, w.cols[i])
			}
		}
		w.docIDs[j] = ids[from:len(ids):len(ids)]
		idx, val := vectorize.WeighColumns(cols, v.IDF, w.opt.SublinearTF, w.opt.Norm)
		d.Vecs[j] = align.SparseVec{Idx: idx, Val: val}
		w.rows[text] = d.Vecs[j]
	}
	w.idBuf = ids
}

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
