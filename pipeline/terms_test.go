package pipeline

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/stanceshift/stanceshift/models/lss"
	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// TestWordTermsMatchDocTerms checks the memoised terms and TF-IDF rows of the stream's passes
// against DocTerms and DocResult.SetVectors on the default corpus, under several options.
func TestWordTermsMatchDocTerms(t *testing.T) {
	r := defaultResult(t)
	def, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	noStem, noLower, minDF, bigrams, l1, noNorm := def, def, def, def, def, vectorize.SklearnOptions()
	noStem.Stem = false
	noLower.Lowercase = false
	minDF.MinDF = 3
	bigrams.Bigrams = true
	l1.Norm = vectorize.NormL1
	noNorm.Norm = ""
	for _, tc := range []struct {
		name  string
		opt   vectorize.Options
		index bool // Vocabulary.BuildIndex, or the binary search of its sorted terms
		empty bool // an empty vocabulary
	}{
		{name: "default", opt: def, index: true},
		{name: "default, no index", opt: def},
		{name: "sklearn", opt: vectorize.SklearnOptions(), index: true},
		{name: "no stemming", opt: noStem, index: true},
		{name: "no lower-casing", opt: noLower, index: true},
		{name: "min df 3", opt: minDF, index: true},
		{name: "l1 norm", opt: l1, index: true},
		{name: "no norm, raw counts", opt: noNorm, index: true},
		{name: "bigrams: DocTerms and SetVectors themselves", opt: bigrams, index: true},
		{name: "empty vocabulary", opt: def, empty: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acc, memoAcc := vectorize.NewDF(), vectorize.NewDF()
			runAcc, eachAcc := vectorize.NewDF(), vectorize.NewDF()
			w := newWordTerms(tc.opt, nil)
			run, runToks := newWordTerms(tc.opt, nil), &tokenIDs{} // one version run of all the documents
			each := newWordTerms(tc.opt, nil)                      // the same run, its counts taken after each document
			for _, shared := range r.Docs {
				d := *shared // the shared result's documents are not numbered
				want := DocTerms(&d, tc.opt)
				numberDoc(&d, w.number)
				if got := w.docTerms(&d, nil); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: docTerms differs from DocTerms", d.Doc.ID)
				}
				runToks.numberDoc(&d)
				if got := run.docTerms(&d, runToks); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: docTerms of numbered tokens differs from DocTerms", d.Doc.ID)
				}
				for _, p := range want {
					acc.Add(p)
				}
				run.addDF(&d, runToks)
				each.addDF(&d, runToks)
				each.addDFTo(eachAcc)
				var own tokenIDs // a run of this document alone
				own.numberDoc(&d)
				one := newWordTerms(tc.opt, nil)
				one.addDF(&d, &own)
				one.addDFTo(memoAcc)
			}
			run.addDFTo(runAcc)
			for name, got := range map[string]*vectorize.DFAccumulator{"a run per document": memoAcc, "one run": runAcc, "one run, counts taken per document": eachAcc} {
				if !reflect.DeepEqual(got, acc) {
					t.Fatalf("addDF, %s, counted N=%d, %d terms; Add over DocTerms N=%d, %d terms", name, got.N, len(got.DF), acc.N, len(acc.DF))
				}
			}
			v := acc.Extract(tc.opt)
			if tc.empty {
				v = &vectorize.Vocabulary{}
			}
			if tc.index {
				v.BuildIndex()
			}
			w = newWordTerms(tc.opt, v)
			for _, shared := range r.Docs {
				d := *shared // the shared result's own rows stay as they are
				d.SetVectors(DocTerms(&d, tc.opt), v, tc.opt)
				want := d.Vecs
				numberDoc(&d, w.number)
				w.setVectors(&d)
				if !reflect.DeepEqual(d.Vecs, want) {
					t.Fatalf("%s: setVectors differs from SetVectors", d.Doc.ID)
				}
				for j, row := range d.Vecs { // rows cut from shared blocks: an append must not reach the next
					if !tc.opt.Bigrams && (cap(row.Idx) != len(row.Idx) || cap(row.Val) != len(row.Val)) {
						t.Fatalf("%s: row %d has capacity %d, %d for %d columns", d.Doc.ID, j, cap(row.Idx), cap(row.Val), len(row.Idx))
					}
				}
				again := *shared // every provision text seen: the rows come from the memo
				numberDoc(&again, w.number)
				w.setVectors(&again)
				if !reflect.DeepEqual(again.Vecs, want) {
					t.Fatalf("%s: setVectors of texts seen before differs from SetVectors", d.Doc.ID)
				}
				if tc.empty && !reflect.DeepEqual(want, make([]align.SparseVec, len(d.Provisions))) {
					t.Fatalf("%s: rows with an empty vocabulary", d.Doc.ID)
				}
			}
		})
	}
}

// TestAddDFMemoMatchesAdd counts document frequencies as the first pass does, over a version run
// analysed through analyzeMemo (a provision the previous version had keeps its token numbers,
// so addDF counts it from the distinct terms it listed for it, dfTerms), and compares them with
// DFAccumulator.Add over DocTerms, the counts taken at the run's end or after each document.
// The versions must share provisions, so that the memo is used.
func TestAddDFMemoMatchesAdd(t *testing.T) {
	an, c := analyzerAndDefaultCorpus(t)
	def, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	noStem := def
	noStem.Stem = false
	versions := memoVersions(t, c)
	for _, tc := range []struct {
		name string
		opt  vectorize.Options
		each bool // counts taken after each document
	}{
		{name: "default", opt: def},
		{name: "default, counts per document", opt: def, each: true},
		{name: "sklearn", opt: vectorize.SklearnOptions()},
		{name: "no stemming, counts per document", opt: noStem, each: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, got := vectorize.NewDF(), vectorize.NewDF()
			var memo analysisMemo
			var toks tokenIDs
			w := newWordTerms(tc.opt, nil)
			kept := 0
			for _, shared := range versions {
				d := *shared
				d.Warnings = slices.Clone(shared.Warnings)
				d.analyzeMemo(toks.analysis(an), &memo)
				for _, p := range DocTerms(&d, tc.opt) {
					want.Add(p)
				}
				for _, from := range d.keptFrom {
					if from != noSource {
						kept++
					}
				}
				w.addDF(&d, &toks)
				if tc.each {
					w.addDFTo(got)
				}
			}
			w.addDFTo(got)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("addDF counted N=%d, %d terms; Add over DocTerms N=%d, %d terms", got.N, len(got.DF), want.N, len(want.DF))
			}
			if kept < 40 {
				t.Fatalf("%d provisions counted from the memo, want at least 40", kept)
			}
		})
	}
}

// TestLSSIndexMatchesTermIndex checks the second pass's LSS terms by token number against the
// model's TermIndex of each token, on the default corpus's documents given twice to one
// wordTerms: a provision whose text it saw before has no terms (its row, and so its score, is
// memoised), every other one has its tokens' terms.
func TestLSSIndexMatchesTermIndex(t *testing.T) {
	r := defaultResult(t)
	def, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	acc := vectorize.NewDF()
	for _, d := range r.Docs {
		for _, p := range DocTerms(d, def) {
			acc.Add(p)
		}
	}
	v := acc.Extract(def)
	v.BuildIndex()
	// a hand-built model: every other vocabulary term, lower-case; TermIndex by binary search
	var terms []string
	for i, term := range v.Terms {
		if i%2 == 0 {
			terms = append(terms, term)
		}
	}
	l := &lss.Model{Terms: terms}
	w := newWordTerms(def, v)
	var x lssIndex
	seen := map[string]bool{} // provision texts given to w before
	for pass := range 2 {     // the second time every row, and so every score, is memoised
		for _, shared := range r.Docs {
			d := *shared
			numberDoc(&d, w.number)
			w.setVectors(&d)
			texts := DocTexts(&d)
			idx := x.of(l, w, texts)
			for j, p := range texts {
				var got []int32
				if j < len(idx) {
					got = idx[j]
				}
				if seen[p.Text] {
					if got != nil {
						t.Fatalf("pass %d, %s provision %d: terms of a memoised provision", pass, d.Doc.ID, j)
					}
					continue
				}
				seen[p.Text] = true
				if got == nil {
					t.Fatalf("pass %d, %s provision %d: no terms for a new provision", pass, d.Doc.ID, j)
				}
				for k, tok := range p.Tokens {
					if want := l.TermIndex(tok.Text); got[k] != want {
						t.Fatalf("%s provision %d token %q: %d, TermIndex %d", d.Doc.ID, j, tok.Text, got[k], want)
					}
				}
			}
		}
	}
}

// numberDoc numbers d's tokens (tokenNums) by number, as the second pass's analysis does
// (wordTerms.analysis), for a document analysed without it.
func numberDoc(d *DocResult, number func(string) int32) {
	d.tokenNums = make([][]int32, len(d.Analyses))
	for j, an := range d.Analyses {
		for _, tok := range an.Tokens {
			d.tokenNums[j] = append(d.tokenNums[j], number(tok.Text))
		}
	}
}

// numberDoc numbers d's tokens (tokenNums) in t's numbering, as the first pass's analysis does
// (tokenIDs.analysis), for a document analysed without it.
func (t *tokenIDs) numberDoc(d *DocResult) {
	d.tokenNums = make([][]int32, len(d.Analyses))
	for j, an := range d.Analyses {
		d.tokenNums[j] = t.numbers(an.Tokens)
	}
}

// FuzzWeighCounted compares wordTerms.weigh, the row setVectors makes from its counts of a
// provision's terms, with vectorize.WeighColumns of the columns of every occurrence, which it
// replaced. Each byte of occ is an occurrence of one of 24 terms (its value mod 24); a term's
// column is a permutation of them, or none (-1) for every fifth.
func FuzzWeighCounted(f *testing.F) {
	f.Add([]byte{}, false, uint8(0))
	f.Add([]byte{3, 3, 3, 1, 0, 22, 3}, true, uint8(1))
	f.Add([]byte("the States shall, the States may"), false, uint8(2))
	f.Fuzz(func(t *testing.T, occ []byte, sublinear bool, norm uint8) {
		const nterms = 24
		opt := vectorize.Options{SublinearTF: sublinear, Norm: []string{vectorize.NormL2, vectorize.NormL1, ""}[norm%3]}
		w := newWordTerms(opt, nil)
		idf := make([]float64, nterms)
		for i := range nterms {
			w.terms = append(w.terms, fmt.Sprint(i))
			col := (i*7 + 5) % nterms
			if i%5 == 4 {
				col = -1
			}
			w.cols = append(w.cols, col)
			idf[i] = 1 + float64(i)/7
		}
		for pass := range 2 { // the counts are reset for the next provision
			var cols []int
			for _, b := range occ[pass:] {
				i := int32(b) % nterms
				if w.cols[i] < 0 {
					continue
				}
				cols = append(cols, w.cols[i])
				if int(i) >= len(w.counts) {
					w.counts = append(w.counts, make([]int32, len(w.terms)-len(w.counts))...)
				}
				if w.counts[i] == 0 {
					w.counted = append(w.counted, i)
				}
				w.counts[i]++
			}
			wantIdx, wantVal := vectorize.WeighColumns(cols, idf, opt.SublinearTF, opt.Norm)
			gotIdx, gotVal := w.weigh(idf)
			if !reflect.DeepEqual(gotIdx, wantIdx) || !reflect.DeepEqual(gotVal, wantVal) {
				t.Fatalf("pass %d, %v: weigh = %v %v, WeighColumns %v %v", pass, occ, gotIdx, gotVal, wantIdx, wantVal)
			}
			if len(occ) == 0 {
				break
			}
		}
	})
}
