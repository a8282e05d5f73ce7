package vectorize

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const tol = 1e-12

// sklearnFixture is one file written by testdata/make_sklearn_fixture.py.
type sklearnFixture struct {
	SklearnVersion string `json:"sklearn_version"`
	Params         struct {
		Lowercase   bool     `json:"lowercase"`
		StopWords   []string `json:"stop_words"`
		NgramRange  []int    `json:"ngram_range"`
		MinDF       int      `json:"min_df"`
		MaxDF       float64  `json:"max_df"`
		SmoothIDF   bool     `json:"smooth_idf"`
		SublinearTF bool     `json:"sublinear_tf"`
		Norm        string   `json:"norm"`
	} `json:"params"`
	NDocs      int         `json:"n_docs"`
	Vocabulary []string    `json:"vocabulary"`
	IDF        []float64   `json:"idf"`
	Matrix     [][]float64 `json:"matrix"`
}

// options maps the fixture's TfidfVectorizer parameters to Options.
func (f *sklearnFixture) options(t *testing.T) Options {
	p := f.Params
	if len(p.NgramRange) != 2 || p.NgramRange[0] != 1 || p.NgramRange[1] > 2 {
		t.Fatalf("unsupported ngram_range %v", p.NgramRange)
	}
	o := Options{
		Lowercase: p.Lowercase, Bigrams: p.NgramRange[1] == 2, MinDF: p.MinDF,
		SmoothIDF: p.SmoothIDF, SublinearTF: p.SublinearTF, Norm: p.Norm,
	}
	if len(p.StopWords) > 0 {
		o.StopWords = StopWordSet(p.StopWords...)
	}
	if p.MaxDF < 1 {
		o.MaxDFRatio = p.MaxDF
	}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	return o
}

// readDocs reads testdata/docs.txt the way the fixture script does: lines split on "\n"
// (a final empty line dropped), tokens by whitespace (Python's str.split()).
func readDocs(t testing.TB) [][]string {
	t.Helper()
	b, err := os.ReadFile("testdata/docs.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	docs := make([][]string, len(lines))
	for i, l := range lines {
		docs[i] = strings.Fields(l)
	}
	return docs
}

func readFixture(t *testing.T, name string) *sklearnFixture {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var f sklearnFixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &f
}

// fit runs the whole package on docs: Terms, the DF combiner, Extract and Matrix.
func fit(docs [][]string, opt Options) (*Vocabulary, [][]string) {
	acc := NewDF()
	rows := make([][]string, len(docs))
	for i, d := range docs {
		rows[i] = Terms(d, opt)
		acc.Add(rows[i])
	}
	return acc.Extract(opt), rows
}

func TestSklearnFixtures(t *testing.T) {
	docs := readDocs(t)
	for _, name := range []string{"sklearn_default", "sklearn_sublinear_bigram", "sklearn_stop_prune_l1", "sklearn_sublinear_nonorm"} {
		t.Run(name, func(t *testing.T) {
			fx := readFixture(t, name)
			opt := fx.options(t)
			if fx.NDocs != len(docs) {
				t.Fatalf("fixture has %d docs, docs.txt %d: regenerate the fixtures", fx.NDocs, len(docs))
			}
			v, rows := fit(docs, opt)
			if v.N != len(docs) {
				t.Errorf("N = %d, want %d", v.N, len(docs))
			}
			if !slices.Equal(v.Terms, fx.Vocabulary) {
				t.Fatalf("vocabulary differs from sklearn %s:\n got %q\nwant %q", fx.SklearnVersion, v.Terms, fx.Vocabulary)
			}
			for j := range v.IDF {
				if math.Abs(v.IDF[j]-fx.IDF[j]) > tol {
					t.Errorf("idf[%q] = %.17g, sklearn %.17g", v.Terms[j], v.IDF[j], fx.IDF[j])
				}
			}
			m := Matrix(rows, v, opt)
			r, c := m.Dims()
			if r != len(fx.Matrix) || c != len(fx.Vocabulary) {
				t.Fatalf("matrix is %dx%d, sklearn %dx%d", r, c, len(fx.Matrix), len(fx.Vocabulary))
			}
			checked, maxDiff := 0, 0.0
			for i := range fx.Matrix {
				for j, want := range fx.Matrix[i] {
					got := m.At(i, j)
					maxDiff = max(maxDiff, math.Abs(got-want))
					if math.Abs(got-want) > tol {
						t.Errorf("X[%d][%q] = %.17g, sklearn %.17g", i, v.Terms[j], got, want)
					}
					checked++
				}
			}
			t.Logf("sklearn %s: %d terms, %d nonzeros, %d values, max |diff| %.3g", fx.SklearnVersion, c, m.NNZ(), checked, maxDiff)
		})
	}
}

// TestSklearnEmptyRows: docs.txt has an empty line (all configurations) and a line of stop
// words only (the stop-word configuration); both must be all-zero rows, as in sklearn.
func TestSklearnEmptyRows(t *testing.T) {
	docs := readDocs(t)
	fx := readFixture(t, "sklearn_stop_prune_l1")
	opt := fx.options(t)
	v, rows := fit(docs, opt)
	m := Matrix(rows, v, opt)
	var empty []int
	for i := range docs {
		if m.RowNNZ(i) == 0 {
			empty = append(empty, i)
		}
	}
	var want []int
	for i, row := range fx.Matrix {
		if !slices.ContainsFunc(row, func(x float64) bool { return x != 0 }) {
			want = append(want, i)
		}
	}
	if !slices.Equal(empty, want) || len(want) < 2 {
		t.Errorf("empty rows %v, sklearn %v (want at least 2)", empty, want)
	}
}
