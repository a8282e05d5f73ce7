package pipeline

import (
	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// wordTerms memoises, per token text, what DocTerms makes of the token: whether it is a word
// token (WordTokens), and then its term (vectorize.Terms of the token alone) or none; with a
// vocabulary, also that term's column. Without bigrams Terms treats each token on its own, so a
// provision's terms are its tokens' terms in order. The stream's passes look each distinct
// token up once per document (first pass) or per instrument (second pass) instead of
// lower-casing it, looking it up in the stop words, the stem cache and the vocabulary at each
// occurrence: Terms and Vocabulary.Row were 0.35 + 0.13 s of the 10 MB bench corpus's run, in
// two passes. Keys are slices of the documents' texts: a wordTerms lives no longer than them.
// With bigrams, which are not a function of one token, it memoises nothing and its methods are
// DocTerms, SetVectors and DFAccumulator.Add themselves.
type wordTerms struct {
	opt   vectorize.Options
	v     *vectorize.Vocabulary // nil: no columns
	m     map[string]int32      // token text -> index into terms, or -1: no term
	ids   map[string]int32      // term -> index into terms: distinct token texts may share a term
	terms []string              // distinct
	cols  []int                 // cols[i] is terms[i]'s column, -1 outside the vocabulary (with v)
	buf   []string
	rows  map[string]align.SparseVec // provision text -> its TF-IDF row (setVectors)
}

// newWordTerms returns a memo for opt's terms (and v's columns, when v is not nil).
func newWordTerms(opt vectorize.Options, v *vectorize.Vocabulary) *wordTerms {
	return &wordTerms{opt: opt, v: v, m: map[string]int32{}, ids: map[string]int32{}}
}

// of returns the index into w.terms of the token text t's term, or -1.
func (w *wordTerms) of(t string) int32 {
	if i, ok := w.m[t]; ok {
		return i
	}
	i := int32(-1)
	if hasWordRune(t) {
		w.buf = append(w.buf[:0], t)
		if ts := vectorize.Terms(w.buf, w.opt); len(ts) == 1 {
			var seen bool
			if i, seen = w.ids[ts[0]]; !seen {
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
		}
	}
	w.m[t] = i
	return i
}

// provisionTerms is vectorize.Terms(WordTokens(toks), w.opt).
func (w *wordTerms) provisionTerms(toks []tokenize.Token) []string {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if i := w.of(t.Text); i >= 0 {
			out = append(out, w.terms[i])
		}
	}
	return out
}

// docTerms is DocTerms(d, w.opt).
func (w *wordTerms) docTerms(d *DocResult) [][]string {
	if w.opt.Bigrams {
		return DocTerms(d, w.opt)
	}
	terms := make([][]string, len(d.Provisions))
	for j := range d.Provisions {
		if j < len(d.Analyses) {
			terms[j] = w.provisionTerms(d.Analyses[j].Tokens)
		}
	}
	return terms
}

// addDF adds d's provisions to acc as acc.Add does with each of docTerms(d), but with one
// update of acc's map per distinct term of the document instead of one per distinct term of
// each provision: a provision's distinct terms are marked in a slice indexed by term. In the
// first pass of the 100 MB bench corpus, DFAccumulator.Add was 1.42 s of 58.3 s of samples.
func (w *wordTerms) addDF(d *DocResult, acc *vectorize.DFAccumulator) {
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
		for _, t := range d.Analyses[j].Tokens {
			i := w.of(t.Text)
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

// setVectors is d.SetVectors(DocTerms(d, w.opt), w.v, w.opt): vectorize.Vocabulary.Row collects
// the columns of a provision's terms and weighs them (vectorize.WeighColumns), and so does
// setVectors, from the memoised columns. A provision whose text an earlier call saw shares
// that row (its tokens are a function of its text; nothing writes into a row): the second pass
// holds one wordTerms per instrument, whose versions keep most provisions.
func (w *wordTerms) setVectors(d *DocResult) {
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
		var cols []int
		for _, t := range toks {
			if i := w.of(t.Text); i >= 0 && w.cols[i] >= 0 {
				if cols == nil {
					cols = make([]int, 0, len(toks))
				}
				cols = append(cols, w.cols[i])
			}
		}
		idx, val := vectorize.WeighColumns(cols, v.IDF, w.opt.SublinearTF, w.opt.Norm)
		d.Vecs[j] = align.SparseVec{Idx: idx, Val: val}
		w.rows[text] = d.Vecs[j]
	}
}
