package vectorize

import (
	"math"
	"slices"

	"github.com/james-bowman/sparse"
)

// Row returns the TF-IDF weights of one provision as a sparse row: idx holds the columns
// (ascending, distinct) of the provision's in-vocabulary terms and val their weights. The
// weight of term j is tf*IDF[j], where tf is its count in terms (or 1+ln(count) with
// SublinearTF); the row is then scaled by opt.Norm. Terms outside the vocabulary are
// ignored; a provision without any gives nil, nil. v is only read, so Row may run
// concurrently on one Vocabulary (one whose IDF and Terms differ in length, see Check,
// gives empty rows). IDF comes from v, so opt.SmoothIDF, MinDF and MaxDFRatio
// play no part here; pass the Options given to Extract.
func (v *Vocabulary) Row(terms []string, opt Options) (idx []int, val []float64) {
	if v == nil || len(terms) == 0 || len(v.Terms) == 0 || len(v.IDF) != len(v.Terms) {
		return nil, nil
	}
	cols := make([]int, 0, len(terms))
	for _, t := range terms {
		if j, ok := v.Index(t); ok {
			cols = append(cols, j)
		}
	}
	return WeighColumns(cols, v.IDF, opt.SublinearTF, opt.Norm)
}

// WeighColumns turns the feature columns of one text (one entry per occurrence, in any order;
// cols is reused for idx) into a TF-IDF row: columns ascending, each weighed tf * idf[column],
// where tf is the column's count, or 1 + ln(count) when sublinear, then normalised by norm
// (NormL2, NormL1, or anything else for none). No column gives nil, nil. Vocabulary.Row and the
// classifier's character n-gram block (models/classifier) weigh their rows with it.
func WeighColumns(cols []int, idf []float64, sublinear bool, norm string) (idx []int, val []float64) {
	if len(cols) == 0 {
		return nil, nil
	}
	slices.Sort(cols)
	// Compress runs of equal columns into (column, count); cols is reused for idx.
	val = make([]float64, 0, len(cols))
	n := 0
	for i := 0; i < len(cols); {
		k := i + 1
		for k < len(cols) && cols[k] == cols[i] {
			k++
		}
		cols[n] = cols[i]
		val = append(val, float64(k-i))
		n++
		i = k
	}
	return WeighCounts(cols[:n:n], val, idf, sublinear, norm)
}

// WeighCounts is WeighColumns for a row already counted: idx the distinct columns in ascending
// order, val their counts (overwritten with the weights). It weighs and normalises exactly as
// WeighColumns does, so both give bit-identical rows for the same text. No column gives nil, nil.
func WeighCounts(idx []int, val []float64, idf []float64, sublinear bool, norm string) ([]int, []float64) {
	if len(idx) == 0 {
		return nil, nil
	}
	for k, j := range idx {
		tf := val[k]
		if sublinear {
			if c := int(tf); float64(c) == tf && c >= 0 && c < len(sublinearTF) {
				tf = sublinearTF[c]
			} else {
				tf = 1 + math.Log(tf)
			}
		}
		val[k] = tf * idf[j]
	}
	normalise(val, norm)
	return idx, val
}

// sublinearTF[c] is 1 + math.Log(c), computed once by the same expression WeighCounts would
// evaluate (so the same bits): most counts are small, and the logarithm was a tenth of the char
// n-gram block's row.
var sublinearTF = func() (t [256]float64) {
	for c := range t {
		t[c] = 1 + math.Log(float64(c))
	}
	return t
}()

// normalise scales val in place to unit l2 or l1 norm; a zero row stays zero.
func normalise(val []float64, norm string) {
	var s float64
	switch norm {
	case NormL2:
		for _, x := range val {
			s += x * x
		}
		s = math.Sqrt(s)
	case NormL1:
		for _, x := range val {
			s += math.Abs(x)
		}
	default:
		return
	}
	if s == 0 {
		return
	}
	for k := range val {
		val[k] /= s
	}
}

// Matrix weighs every provision (rows[i] is the term list of provision i, from Terms) and
// returns the len(rows) x v.Len() TF-IDF matrix in CSR form, each row as Row gives it. A nil
// v is an empty vocabulary.
func Matrix(rows [][]string, v *Vocabulary, opt Options) *sparse.CSR {
	ncol := 0
	if v != nil {
		ncol = len(v.Terms)
	}
	indptr := make([]int, 1, len(rows)+1)
	var ind []int
	var data []float64
	for _, r := range rows {
		idx, val := v.Row(r, opt)
		ind = append(ind, idx...)
		data = append(data, val...)
		indptr = append(indptr, len(ind))
	}
	return sparse.NewCSR(len(rows), ncol, indptr, ind, data)
}
