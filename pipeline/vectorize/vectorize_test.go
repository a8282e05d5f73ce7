package vectorize

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestTerms(t *testing.T) {
	stop := StopWordSet("the", "of", "and")
	tests := []struct {
		name   string
		tokens []string
		opt    Options
		want   []string
	}{
		{"nil tokens", nil, SklearnOptions(), []string{}},
		{"keep case", []string{"The", "States"}, Options{}, []string{"The", "States"}},
		{"lowercase", []string{"The", "STATES", "shall"}, Options{Lowercase: true}, []string{"the", "states", "shall"}},
		{"empty tokens dropped", []string{"", "a", ""}, Options{}, []string{"a"}},
		{"repeats kept", []string{"a", "A", "a"}, Options{Lowercase: true}, []string{"a", "a", "a"}},
		{"stop words after lowercase", []string{"The", "governance", "OF", "the", "Internet"},
			Options{Lowercase: true, StopWords: stop}, []string{"governance", "internet"}},
		{"stop words case-sensitive without lowercase", []string{"The", "the", "Internet"},
			Options{StopWords: stop}, []string{"The", "Internet"}},
		{"false entry is not a stop word", []string{"the", "x"},
			Options{StopWords: map[string]bool{"the": false}}, []string{"the", "x"}},
		{"bigrams", []string{"civil", "society", "groups"}, Options{Bigrams: true},
			[]string{"civil", "society", "groups", "civil society", "society groups"}},
		{"bigram spans removed stop words (as sklearn)", []string{"governance", "of", "the", "Internet"},
			Options{Lowercase: true, StopWords: stop, Bigrams: true},
			[]string{"governance", "internet", "governance internet"}},
		{"one word has no bigram", []string{"the", "Internet"},
			Options{Lowercase: true, StopWords: stop, Bigrams: true}, []string{"internet"}},
		{"only stop words", []string{"the", "of"},
			Options{StopWords: stop, Bigrams: true}, []string{}},
		{"stem", []string{"Governments", "cooperating", "States"}, Options{Lowercase: true, Stem: true},
			[]string{"govern", "cooper", "state"}},
		{"stop words matched before stemming", []string{"the", "thes", "Agreements"},
			Options{Lowercase: true, Stem: true, StopWords: StopWordSet("the", "agreement")},
			[]string{"thes", "agreement"}},
		{"bigrams of stems", []string{"national", "governments", "of", "states"},
			Options{Lowercase: true, Stem: true, StopWords: stop, Bigrams: true},
			[]string{"nation", "govern", "state", "nation govern", "govern state"}},
		{"apostrophe-only stem dropped", []string{"''s", "rights"}, Options{Stem: true}, []string{"right"}},
		{"punctuation tokens kept", []string{",", "."}, SklearnOptions(), []string{",", "."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Terms(tc.tokens, tc.opt)
			if !slices.Equal(got, tc.want) || got == nil {
				t.Errorf("Terms(%q) = %q, want %q", tc.tokens, got, tc.want)
			}
		})
	}
}

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name    string
		opt     Options
		wantErr string
	}{
		{"zero", Options{}, ""},
		{"sklearn", SklearnOptions(), ""},
		{"l1", Options{Norm: NormL1, MaxDFRatio: 1}, ""},
		{"negative MinDF", Options{MinDF: -1}, "MinDF -1"},
		{"ratio above 1", Options{MaxDFRatio: 1.5}, "MaxDFRatio 1.5"},
		{"ratio NaN", Options{MaxDFRatio: math.NaN()}, "MaxDFRatio NaN"},
		{"negative ratio", Options{MaxDFRatio: -0.5}, "MaxDFRatio -0.5"},
		{"ratio 0 is no limit", Options{MaxDFRatio: 0}, ""},
		{"MinDF 0", Options{MinDF: 0, MaxDFRatio: 0.5}, ""},
		{"unknown norm", Options{Norm: "L2"}, `unknown Norm "L2"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.opt.Validate()
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.HasPrefix(err.Error(), "vectorize: ")):
				t.Errorf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

// pruneCorpus: a in 4 docs, b in 3, c in 2, d in 1; 5 docs with one empty.
var pruneCorpus = [][]string{{"a", "b", "c", "d", "a"}, {"a", "b", "c"}, {"a", "b"}, {"a"}, {}}

func TestExtractPruning(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		want []string
	}{
		{"none", Options{}, []string{"a", "b", "c", "d"}},
		{"MinDF 1 is none", Options{MinDF: 1}, []string{"a", "b", "c", "d"}},
		{"MinDF 2", Options{MinDF: 2}, []string{"a", "b", "c"}},
		{"MinDF 4", Options{MinDF: 4}, []string{"a"}},
		{"MaxDFRatio 0.6 keeps df<=3", Options{MaxDFRatio: 0.6}, []string{"b", "c", "d"}},
		{"MaxDFRatio 0.4 keeps df<=2 (boundary kept)", Options{MaxDFRatio: 0.4}, []string{"c", "d"}},
		{"MaxDFRatio 1 is none", Options{MaxDFRatio: 1}, []string{"a", "b", "c", "d"}},
		{"both", Options{MinDF: 2, MaxDFRatio: 0.6}, []string{"b", "c"}},
		{"all pruned", Options{MinDF: 3, MaxDFRatio: 0.4}, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			acc := NewDF()
			for _, d := range pruneCorpus {
				acc.Add(d)
			}
			v := acc.Extract(tc.opt)
			if !slices.Equal(v.Terms, tc.want) || v.N != 5 || len(v.DF) != len(v.Terms) || len(v.IDF) != len(v.Terms) {
				t.Fatalf("got terms %q N %d df %v idf %v, want terms %q N 5", v.Terms, v.N, v.DF, v.IDF, tc.want)
			}
			if err := v.Check(); err != nil {
				t.Error(err)
			}
			wantDF := map[string]int{"a": 4, "b": 3, "c": 2, "d": 1}
			for i, term := range v.Terms {
				if v.DF[i] != wantDF[term] {
					t.Errorf("df[%q] = %d, want %d", term, v.DF[i], wantDF[term])
				}
			}
		})
	}
}

func TestVocabularyCheck(t *testing.T) {
	idf1 := []float64{1, 1}
	tests := []struct {
		name    string
		v       Vocabulary
		wantErr string
	}{
		{"empty", Vocabulary{}, ""},
		{"valid", Vocabulary{Terms: []string{"a", "b"}, DF: []int{1, 2}, IDF: idf1, N: 2}, ""},
		{"short DF", Vocabulary{Terms: []string{"a", "b"}, DF: []int{1}, IDF: idf1, N: 2}, "2 terms, 1 df, 2 idf"},
		{"short IDF", Vocabulary{Terms: []string{"a", "b"}, DF: []int{1, 1}, IDF: idf1[:1], N: 2}, "2 terms, 2 df, 1 idf"},
		{"descending terms", Vocabulary{Terms: []string{"b", "a"}, DF: []int{1, 1}, IDF: idf1, N: 2}, `term 1 "a" is not after "b"`},
		{"repeated term", Vocabulary{Terms: []string{"a", "a"}, DF: []int{1, 1}, IDF: idf1, N: 2}, `term 1 "a" is not after "a"`},
		{"df 0", Vocabulary{Terms: []string{"a", "b"}, DF: []int{1, 0}, IDF: idf1, N: 2}, `term "b" has df 0 outside [1, 2]`},
		{"negative df", Vocabulary{Terms: []string{"a", "b"}, DF: []int{-1, 1}, IDF: idf1, N: 2}, `term "a" has df -1 outside [1, 2]`},
		{"df above N", Vocabulary{Terms: []string{"a", "b"}, DF: []int{3, 1}, IDF: idf1, N: 2}, `term "a" has df 3 outside [1, 2]`},
		{"df equal to N", Vocabulary{Terms: []string{"a"}, DF: []int{2}, IDF: idf1[:1], N: 2}, ""},
		{"NaN idf", Vocabulary{Terms: []string{"a", "b"}, DF: []int{1, 1}, IDF: []float64{1, math.NaN()}, N: 2}, `term "b" has idf NaN`},
		{"infinite idf", Vocabulary{Terms: []string{"a", "b"}, DF: []int{1, 1}, IDF: []float64{math.Inf(1), 1}, N: 2}, `term "a" has idf +Inf`},
		{"negative idf is finite", Vocabulary{Terms: []string{"a"}, DF: []int{1}, IDF: []float64{-2}, N: 1}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.v.Check()
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.HasPrefix(err.Error(), "vectorize: vocabulary: ")):
				t.Errorf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

// TestExtractNonPositiveDF: an accumulator decoded from elsewhere may hold df <= 0 entries;
// Extract keeps none of them, even with MinDF 0 (a df of 0 would give idf +Inf without
// smoothing, and a Vocabulary that fails Check).
func TestExtractNonPositiveDF(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"MinDF 0", Options{}},
		{"MinDF 0, smooth idf", Options{SmoothIDF: true}},
		{"MinDF 0, max df ratio", Options{MaxDFRatio: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			acc := &DFAccumulator{DF: map[string]int{"a": 0, "b": -1, "c": 2}, N: 2}
			v := acc.Extract(tc.opt)
			if !slices.Equal(v.Terms, []string{"c"}) || !slices.Equal(v.DF, []int{2}) {
				t.Fatalf("terms %q df %v, want [c] [2]", v.Terms, v.DF)
			}
			if err := v.Check(); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestIDF(t *testing.T) {
	tests := []struct {
		name      string
		df, n     int
		smooth    bool
		want      float64
		wantExact bool
	}{
		{"smooth in every doc", 4, 4, true, 1, true},
		{"plain in every doc", 4, 4, false, 1, true},
		{"smooth", 1, 4, true, math.Log(5.0/2) + 1, false},
		{"plain", 1, 4, false, math.Log(4) + 1, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := IDF(tc.df, tc.n, tc.smooth); math.Abs(got-tc.want) > tol || (tc.wantExact && got != tc.want) {
				t.Errorf("IDF(%d, %d, %v) = %v, want %v", tc.df, tc.n, tc.smooth, got, tc.want)
			}
		})
	}
}

func TestRow(t *testing.T) {
	acc := NewDF()
	for _, d := range pruneCorpus {
		acc.Add(d)
	}
	plain := Options{} // idf = ln(5/df)+1, raw tf, no norm
	v := acc.Extract(plain)
	ia, ib := math.Log(5.0/4)+1, math.Log(5.0/3)+1
	tests := []struct {
		name    string
		terms   []string
		opt     Options
		wantIdx []int
		wantVal []float64
	}{
		{"nil", nil, plain, nil, nil},
		{"all out of vocabulary", []string{"x", "y"}, plain, nil, nil},
		{"counts, sorted idx", []string{"b", "a", "x", "a"}, plain, []int{0, 1}, []float64{2 * ia, ib}},
		{"sublinear", []string{"a", "a", "a"}, Options{SublinearTF: true}, []int{0}, []float64{(1 + math.Log(3)) * ia}},
		{"l2", []string{"a", "b"}, Options{Norm: NormL2}, []int{0, 1},
			[]float64{ia / math.Hypot(ia, ib), ib / math.Hypot(ia, ib)}},
		{"l1", []string{"a", "b"}, Options{Norm: NormL1}, []int{0, 1}, []float64{ia / (ia + ib), ib / (ia + ib)}},
		{"none", []string{"b"}, Options{Norm: NormNone}, []int{1}, []float64{ib}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			idx, val := v.Row(tc.terms, tc.opt)
			if !slices.Equal(idx, tc.wantIdx) || len(val) != len(tc.wantVal) {
				t.Fatalf("Row = %v %v, want %v %v", idx, val, tc.wantIdx, tc.wantVal)
			}
			for k := range val {
				if math.Abs(val[k]-tc.wantVal[k]) > tol {
					t.Errorf("val[%d] = %.17g, want %.17g", k, val[k], tc.wantVal[k])
				}
			}
		})
	}
	t.Run("nil vocabulary", func(t *testing.T) {
		var nv *Vocabulary
		if idx, val := nv.Row([]string{"a"}, plain); idx != nil || val != nil {
			t.Errorf("got %v %v", idx, val)
		}
	})
	t.Run("inconsistent vocabulary gives empty rows", func(t *testing.T) {
		bad := &Vocabulary{Terms: []string{"a", "b"}, DF: []int{1, 1}, IDF: []float64{1}, N: 1}
		if idx, _ := bad.Row([]string{"b"}, plain); idx != nil {
			t.Errorf("got %v", idx)
		}
		if bad.Check() == nil {
			t.Error("Check accepted unequal lengths")
		}
	})
}

func TestMatrixEmpty(t *testing.T) {
	v := &Vocabulary{Terms: []string{"a"}, DF: []int{1}, IDF: []float64{1}, N: 1}
	tests := []struct {
		name         string
		rows         [][]string
		v            *Vocabulary
		wantR, wantC int
		wantNNZ      int
	}{
		{"no rows", nil, v, 0, 1, 0},
		{"empty rows", [][]string{{}, nil, {"zzz"}}, v, 3, 1, 0},
		{"nil vocabulary", [][]string{{"a"}}, nil, 1, 0, 0},
		{"mixed", [][]string{{}, {"a", "a"}, {}}, v, 3, 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := Matrix(tc.rows, tc.v, SklearnOptions())
			r, c := m.Dims()
			if r != tc.wantR || c != tc.wantC || m.NNZ() != tc.wantNNZ {
				t.Errorf("got %dx%d nnz %d, want %dx%d nnz %d", r, c, m.NNZ(), tc.wantR, tc.wantC, tc.wantNNZ)
			}
		})
	}
}

// randomCorpus returns n random documents over a small alphabet of words (with empties).
func randomCorpus(rng *rand.Rand, n int) [][]string {
	words := strings.Fields("state states stakeholder govern internet civil society shall must the of a")
	docs := make([][]string, n)
	for i := range docs {
		k := rng.IntN(8)
		for range k {
			docs[i] = append(docs[i], words[rng.IntN(len(words))])
		}
	}
	return docs
}

// TestMergeAnyOrder is a property test: splitting a corpus into chunks, accumulating each
// chunk separately and merging the accumulators in a random order and grouping gives the
// same Vocabulary as one pass.
func TestMergeAnyOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	opt := Options{Bigrams: true, MinDF: 2, MaxDFRatio: 0.9, SmoothIDF: true}
	for trial := range 300 {
		docs := randomCorpus(rng, 1+rng.IntN(30))
		var rows [][]string
		for _, d := range docs {
			rows = append(rows, Terms(d, opt))
		}
		one := NewDF()
		for _, r := range rows {
			one.Add(r)
		}
		want := one.Extract(opt)

		// random chunking into accumulators (some empty, some zero-valued)
		var accs []*DFAccumulator
		for i := 0; i < len(rows); {
			k := rng.IntN(5)
			a := &DFAccumulator{}
			if rng.IntN(2) == 0 {
				a = NewDF()
			}
			for ; k > 0 && i < len(rows); k-- {
				a.Add(rows[i])
				i++
			}
			accs = append(accs, a)
		}
		// merge random pairs until one is left
		for len(accs) > 1 {
			i, j := rng.IntN(len(accs)), rng.IntN(len(accs)-1)
			if j >= i {
				j++
			}
			accs[i].Merge(accs[j])
			accs = slices.Delete(accs, j, j+1)
		}
		got := accs[0].Extract(opt)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: merged vocabulary differs:\n got %+v\nwant %+v", trial, got, want)
		}
	}
}

func TestMergeNilAndEmpty(t *testing.T) {
	a := NewDF()
	a.Add([]string{"x"})
	a.Merge(nil)
	a.Merge(&DFAccumulator{N: 2})
	var z DFAccumulator
	z.Merge(a)
	if z.N != 3 || z.DF["x"] != 1 || a.N != 3 {
		t.Errorf("got a %+v z %+v", a, z)
	}
}

// TestDecodedVocabulary: a Vocabulary and an accumulator survive a JSON round trip of their
// exported fields (as a distributed runner would encode them); rows agree with and without
// the rebuilt index.
func TestDecodedVocabulary(t *testing.T) {
	docs := readDocs(t)
	opt := SklearnOptions()
	opt.Bigrams = true
	v, rows := fit(docs, opt)

	var acc DFAccumulator
	for _, r := range rows {
		acc.Add(r)
	}
	b, err := json.Marshal(&acc)
	if err != nil {
		t.Fatal(err)
	}
	var acc2 DFAccumulator
	if err := json.Unmarshal(b, &acc2); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(acc2.Extract(opt), v) {
		t.Error("decoded accumulator extracts a different vocabulary")
	}

	b, err = json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var dec Vocabulary
	if err := json.Unmarshal(b, &dec); err != nil {
		t.Fatal(err)
	}
	if err := dec.Check(); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		wi, wv := v.Row(r, opt)
		gi, gv := dec.Row(r, opt) // binary search
		if !slices.Equal(gi, wi) || !slices.Equal(gv, wv) {
			t.Fatalf("row %d differs without index", i)
		}
	}
	dec.BuildIndex()
	if !reflect.DeepEqual(&dec, v) {
		t.Error("decoded vocabulary with rebuilt index differs")
	}
}

// TestCombineFn drives DFCombineFn the way a runner does: lifted partial combines per
// bundle, then merges, then extraction.
func TestCombineFn(t *testing.T) {
	docs := readDocs(t)
	opt := SklearnOptions()
	want, rows := fit(docs, opt)
	fn := &DFCombineFn{Options: opt}
	var parts []*DFAccumulator
	for start := 0; start < len(rows); start += 5 {
		a := fn.CreateAccumulator()
		for _, r := range rows[start:min(start+5, len(rows))] {
			a = fn.AddInput(a, r)
		}
		parts = append(parts, a)
	}
	acc := fn.CreateAccumulator()
	for i := len(parts) - 1; i >= 0; i-- {
		acc = fn.MergeAccumulators(acc, parts[i])
	}
	if got := fn.ExtractOutput(acc); !reflect.DeepEqual(got, want) {
		t.Errorf("combine fn vocabulary differs")
	}
}

func TestEnglishStopWords(t *testing.T) {
	set := StopWordSet(EnglishStopWords...)
	if len(EnglishStopWords) != 318 || len(set) != 318 {
		t.Fatalf("%d words, %d distinct; scikit-learn has 318", len(EnglishStopWords), len(set))
	}
	for _, w := range []string{"the", "of", "and", "not", "amoungst"} {
		if !set[w] {
			t.Errorf("%q missing", w)
		}
	}
	for _, w := range []string{"states", "internet", "governance"} {
		if set[w] {
			t.Errorf("%q should not be a stop word", w)
		}
	}
}
