package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/james-bowman/sparse"
	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
	"github.com/stanceshift/stanceshift/results"
)

// TFIDFDefault is the pipeline's TF-IDF setting: lower-cased words, scikit-learn's English stop
// words, Porter2 stems, smooth IDF, sublinear TF and L2 norm (suited to matching provisions).
// TFIDFSklearn reproduces scikit-learn's TfidfVectorizer() defaults on the same tokens.
const (
	TFIDFDefault = "default"
	TFIDFSklearn = "sklearn"
)

// TFIDFOptions returns the vectorize options for a named setting.
func TFIDFOptions(name string) (vectorize.Options, error) {
	switch name {
	case "", TFIDFDefault:
		return vectorize.Options{Lowercase: true, StopWords: vectorize.StopWordSet(vectorize.EnglishStopWords...),
			Stem: true, SmoothIDF: true, SublinearTF: true, Norm: vectorize.NormL2}, nil
	case TFIDFSklearn:
		return vectorize.SklearnOptions(), nil
	}
	return vectorize.Options{}, fmt.Errorf("pipeline: unknown TF-IDF setting %q (expected %s or %s)", name, TFIDFDefault, TFIDFSklearn)
}

// WordTokens returns the tokens that hold a letter or a digit (punctuation dropped), as
// TF-IDF features are built from.
func WordTokens(toks []tokenize.Token) []string {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if hasWordRune(t.Text) {
			out = append(out, t.Text)
		}
	}
	return out
}

func hasWordRune(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
		i += n
	}
	return false
}

// Vectorize is the corpus-wide reduction and the per-provision map that follows it: the terms of
// every provision, their document frequencies over the whole corpus, then one TF-IDF row per
// provision (stored in DocResult.Vecs). The per-document steps are DocTerms and
// DocResult.SetVectors, the reduction vectorize.DFAccumulator; the Beam adapter (beam/) runs the
// same three.
func (r *Result) Vectorize(ctx context.Context, opt vectorize.Options, workers int) error {
	start := time.Now()
	terms := make([][][]string, len(r.Docs))
	if err := forEach(ctx, len(r.Docs), workers, func(i int) error {
		terms[i] = DocTerms(r.Docs[i], opt)
		return nil
	}, r.stageProgress("vectorize (documents)", len(r.Docs))); err != nil {
		return err
	}
	// The reduction: one accumulator per contiguous chunk of documents, on the workers, then
	// merged (document frequencies are sums, so the result does not depend on the chunking).
	chunks := min(max(workers, 1), len(terms))
	accs := make([]*vectorize.DFAccumulator, max(chunks, 1))
	if err := forEach(ctx, chunks, workers, func(c int) error {
		acc := vectorize.NewDF()
		for _, doc := range terms[c*len(terms)/chunks : (c+1)*len(terms)/chunks] {
			for _, t := range doc {
				acc.Add(t)
			}
		}
		accs[c] = acc
		return nil
	}, nil); err != nil {
		return err
	}
	acc := vectorize.NewDF()
	for _, a := range accs {
		acc.Merge(a)
	}
	r.Vocabulary = acc.Extract(opt)
	r.Vocabulary.BuildIndex()
	if err := forEach(ctx, len(r.Docs), workers, func(i int) error {
		r.Docs[i].SetVectors(terms[i], r.Vocabulary, opt)
		return nil
	}, nil); err != nil {
		return err
	}
	r.Stages = append(r.Stages, results.Stage{Name: "vectorize", Seconds: time.Since(start).Seconds(), Items: r.Vocabulary.Len()})
	return nil
}

// DocTerms is the per-document map of Vectorize: the TF-IDF terms of each provision of d (nil for
// a provision without an analysis). Each term list is one input of vectorize.DFAccumulator.Add.
func DocTerms(d *DocResult, opt vectorize.Options) [][]string {
	terms := make([][]string, len(d.Provisions))
	for j := range d.Provisions {
		if j < len(d.Analyses) {
			terms[j] = vectorize.Terms(WordTokens(d.Analyses[j].Tokens), opt)
		}
	}
	return terms
}

// SetVectors stores in d.Vecs the TF-IDF row of each provision, given its terms (DocTerms) and the
// corpus vocabulary (with its index built: Vocabulary.BuildIndex).
func (d *DocResult) SetVectors(terms [][]string, v *vectorize.Vocabulary, opt vectorize.Options) {
	d.Vecs = make([]align.SparseVec, len(d.Provisions))
	for j, t := range terms {
		idx, val := v.Row(t, opt)
		d.Vecs[j] = align.SparseVec{Idx: idx, Val: val}
	}
}

// VersionPair is one comparison of consecutive versions of an instrument.
type VersionPair struct {
	Instrument string
	From, To   *DocResult
	// FromIdx and ToIdx are the indexes of From and To in Result.Docs.
	FromIdx, ToIdx int
	Pairs          []align.Pair
}

// Align is the per-instrument group stage: each version of an instrument is aligned with the
// previous one. Vectorize must have run.
func (r *Result) Align(ctx context.Context, opt align.Options, workers int) error {
	start := time.Now()
	byID := map[string]int{}
	for i, d := range r.Docs {
		byID[d.Doc.ID] = i
	}
	var jobs []VersionPair
	for _, inst := range corpus.Instruments(r.Corpus.Documents) {
		prev := -1
		for _, v := range inst.Versions {
			d, ok := byID[v.ID]
			if !ok { // skipped: compare the neighbours that were read
				continue
			}
			if prev >= 0 {
				jobs = append(jobs, VersionPair{Instrument: inst.Name, From: r.Docs[prev], To: r.Docs[d], FromIdx: prev, ToIdx: d})
			}
			prev = d
		}
	}
	if err := forEach(ctx, len(jobs), workers, func(i int) error {
		jobs[i].Pairs = align.Align(alignItems(jobs[i].From), alignItems(jobs[i].To), opt)
		return nil
	}, r.stageProgress("align (version pairs)", len(jobs))); err != nil {
		return err
	}
	r.Versions = jobs
	r.Stages = append(r.Stages, results.Stage{Name: "align", Seconds: time.Since(start).Seconds(), Items: len(jobs)})
	return nil
}

func alignItems(d *DocResult) []align.Item {
	items := make([]align.Item, len(d.Provisions))
	for i, p := range d.Provisions {
		items[i] = align.Item{ID: p.ID, Marker: p.Marker, Ordinal: p.Ordinal, Text: p.Text}
		if i < len(d.Vecs) {
			items[i].Vec = d.Vecs[i]
		}
	}
	return items
}

// TermRows builds terms.csv: the vocabulary in term order.
func (r *Result) TermRows() []results.TermRow {
	if r.Vocabulary == nil {
		return nil
	}
	rows := make([]results.TermRow, len(r.Vocabulary.Terms))
	for i, t := range r.Vocabulary.Terms {
		rows[i] = results.TermRow{Term: t, DF: r.Vocabulary.DF[i], IDF: r.Vocabulary.IDF[i]}
	}
	return rows
}

// AlignmentRows builds alignment.csv: instruments by name, version pairs in order, pairs in the
// aligner's order (by position in the later version).
func (r *Result) AlignmentRows() []results.AlignmentRow {
	n := 0
	for _, vp := range r.Versions {
		n += len(vp.Pairs)
	}
	if n == 0 {
		return nil // as before: no rows is a nil slice
	}
	rows := make([]results.AlignmentRow, 0, n) // sized: appending allocated twice the rows
	for _, vp := range r.Versions {
		for _, p := range vp.Pairs {
			rows = append(rows, results.AlignmentRow{Instrument: vp.Instrument, FromDoc: vp.From.Doc.ID, ToDoc: vp.To.Doc.ID,
				FromProvision: p.From, ToProvision: p.To, Status: string(p.Status), Similarity: p.Similarity,
				WordsAdded: p.WordsAdded, WordsDeleted: p.WordsDeleted, Diff: p.Diff})
		}
	}
	return rows
}

// WriteMatrix writes the provision-by-term TF-IDF matrix in Matrix Market format (matrix.mtx),
// with its row labels (matrix_rows.txt: one provision id per line, in provisions.csv order) and
// column labels (matrix_cols.txt: one term per line, in terms.csv order). R reads it with
// Matrix::readMM and scipy with scipy.io.mmread.
func (r *Result) WriteMatrix(ctx context.Context, dir string) ([]string, error) {
	if r.Vocabulary == nil {
		return nil, fmt.Errorf("pipeline: no vocabulary: Vectorize has not run")
	}
	var ia, ja []int
	var data []float64
	var rowsTxt, colsTxt bytes.Buffer
	ia = append(ia, 0)
	n := 0
	for _, d := range r.Docs {
		for i, p := range d.Provisions {
			rowsTxt.WriteString(p.ID)
			rowsTxt.WriteByte('\n')
			if i < len(d.Vecs) {
				ja = append(ja, d.Vecs[i].Idx...)
				data = append(data, d.Vecs[i].Val...)
			}
			ia = append(ia, len(ja))
			n++
		}
	}
	for _, t := range r.Vocabulary.Terms {
		colsTxt.WriteString(t)
		colsTxt.WriteByte('\n')
	}
	var mtx bytes.Buffer
	if err := vectorize.WriteMatrixMarket(&mtx, sparse.NewCSR(n, r.Vocabulary.Len(), ia, ja, data)); err != nil {
		return nil, err
	}
	files := []struct {
		name string
		b    []byte
	}{{"matrix.mtx", mtx.Bytes()}, {"matrix_rows.txt", rowsTxt.Bytes()}, {"matrix_cols.txt", colsTxt.Bytes()}}
	var names []string
	for _, f := range files {
		if err := results.WriteFileAtomic(ctx, filepath.Join(dir, f.name), f.b); err != nil {
			return names, err
		}
		names = append(names, f.name)
	}
	return names, nil
}
