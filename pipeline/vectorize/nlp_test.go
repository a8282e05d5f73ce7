package vectorize

import (
	"math"
	"testing"

	"github.com/james-bowman/nlp"
	"github.com/james-bowman/sparse"
)

// TestNLPTransformerDifference pins down how github.com/james-bowman/nlp's TfidfTransformer
// relates to this package. nlp weighs a raw count by idf_nlp = ln((1+n)/(1+df)) and does not
// normalise; scikit-learn's smooth idf (ours) is ln((1+n)/(1+df))+1. So with SmoothIDF, raw
// tf and Norm "none", ours = nlp + tf for every entry: the exact difference is the count.
// (nlp's matrix is terms x documents; ours is documents x terms.)
func TestNLPTransformerDifference(t *testing.T) {
	docs := readDocs(t)
	opt := Options{Lowercase: true, SmoothIDF: true, Norm: NormNone}
	v, rows := fit(docs, opt)
	ours := Matrix(rows, v, opt)

	counts := sparse.NewDOK(v.Len(), len(rows))
	for d, r := range rows {
		for _, term := range r {
			if j, ok := v.Index(term); ok {
				counts.Set(j, d, counts.At(j, d)+1)
			}
		}
	}
	got, err := nlp.NewTfidfTransformer().FitTransform(counts.ToCSR())
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for j := range v.Len() {
		for d := range rows {
			tf := counts.At(j, d)
			if diff := ours.At(d, j) - got.At(j, d); math.Abs(diff-tf) > tol {
				t.Errorf("term %q doc %d: ours %.17g, nlp %.17g, difference %.17g, want tf %v",
					v.Terms[j], d, ours.At(d, j), got.At(j, d), diff, tf)
			}
			if tf != 0 {
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no nonzero entries compared")
	}
	// A term found in every document gets idf 0 from nlp (the term vanishes) and 1 from us.
	all := NewDF()
	all.Add([]string{"x"})
	all.Add([]string{"x"})
	if idf := all.Extract(opt).IDF[0]; idf != 1 {
		t.Errorf("idf of a term in every document = %v, want 1", idf)
	}
	t.Logf("%d nonzero entries: ours - nlp == tf", checked)
}
