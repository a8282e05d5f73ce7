package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/classifier"
	"github.com/stanceshift/stanceshift/models/dictionary"
	"github.com/stanceshift/stanceshift/models/labels"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// TestFeaturizerDictWeight: the three dictionary features are the dictionary's score and
// evidence sums times DictWeight, absent at weight 0; the TF-IDF features do not change.
func TestFeaturizerDictWeight(t *testing.T) {
	r := defaultResult(t)
	texts := r.modelTexts()
	tf, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	var withDict int // provisions whose dictionary score is defined and non-zero
	for _, tc := range []struct {
		name   string
		weight float64
	}{
		{"weight 1 (the dictionary's own values)", 1},
		{"weight 0.1", 0.1},
		{"weight 0: TF-IDF only", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref := &Featurizer{Vocab: r.Vocabulary, TF: tf, Dict: dictionary.Default(), DictWeight: 1}
			f := *ref
			f.DictWeight = tc.weight
			n := r.Vocabulary.Len()
			withDict = 0
			for d := range texts {
				for _, tx := range texts[d] {
					want, got := ref.Features(tx), f.Features(tx)
					nLex := 0
					for nLex < len(want.Idx) && want.Idx[nLex] < n {
						nLex++
					}
					if len(got.Idx) < nLex {
						t.Fatalf("%s: %d features, %d TF-IDF features at weight 1", tx.ID, len(got.Idx), nLex)
					}
					for i := range nLex {
						if got.Idx[i] != want.Idx[i] || got.Val[i] != want.Val[i] {
							t.Fatalf("%s: TF-IDF feature %d differs", tx.ID, i)
						}
					}
					rest := got.Idx[nLex:]
					if tc.weight == 0 {
						if len(rest) != 0 {
							t.Fatalf("%s: %d dictionary features at weight 0", tx.ID, len(rest))
						}
						continue
					}
					if len(rest) != 3 || rest[0] != n || rest[2] != n+2 {
						t.Fatalf("%s: dictionary feature indexes %v, want %d..%d", tx.ID, rest, n, n+2)
					}
					for k := range 3 {
						if w := tc.weight * want.Val[nLex+k]; math.Abs(got.Val[nLex+k]-w) > 1e-15 {
							t.Fatalf("%s: %s = %v, want %v", tx.ID, f.FeatureName(n+k), got.Val[nLex+k], w)
						}
					}
					if want.Val[nLex] != 0 {
						withDict++
					}
				}
			}
			if tc.weight != 0 && withDict < 10 {
				t.Errorf("only %d provisions with a dictionary score: the case does not exercise the weight", withDict)
			}
		})
	}
	for _, tc := range []struct {
		in, want float64
	}{{0, DefaultClassifierDictWeight}, {-1, 0}, {0.5, 0.5}, {2, 2}} {
		if got := classifierDictWeight(tc.in); got != tc.want {
			t.Errorf("classifierDictWeight(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestFeaturizerCharNGrams: with a char n-gram block the word block keeps its columns and
// relative weights, the n-gram columns follow it and the dictionary's three come last; each block
// is L2-normalised and both scaled by 1/sqrt(2) (a row with one block empty keeps the other at
// unit norm), so every row's TF-IDF part has unit norm.
func TestFeaturizerCharNGrams(t *testing.T) {
	r := defaultResult(t)
	tf, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	var train []models.Text
	for _, doc := range r.modelTexts() {
		train = append(train, doc...)
	}
	c, err := NewCharNGrams(train[:len(train)/2], tf)
	if err != nil {
		t.Fatal(err)
	}
	if c.MinN != 3 || c.MaxN != 5 || c.MinDF != 2 || !c.SublinearTF || !c.SmoothIDF || c.N != len(train)/2 {
		t.Errorf("block settings %+v", *c)
	}
	extra := []models.Text{
		{ID: "stop-words-only", Text: "and the of", Tokens: []models.Token{{Text: "and"}, {Text: "the"}, {Text: "of"}}},
		{ID: "no-known-n-gram", Text: "qqqq", Tokens: []models.Token{{Text: "qqqq"}}},
	}
	nw, nc := r.Vocabulary.Len(), c.Len()
	for _, tc := range []struct {
		name   string
		weight float64
	}{
		{"TF-IDF blocks only", 0},
		{"with the dictionary features at weight 1", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			words := &Featurizer{Vocab: r.Vocabulary, TF: tf, Dict: dictionary.Default(), DictWeight: tc.weight}
			f := *words
			f.Char = c
			if f.Dim() != nw+nc+3 {
				t.Fatalf("dim %d, want %d", f.Dim(), nw+nc+3)
			}
			if got := f.FeatureName(nw); got != "char["+c.Grams[0]+"]" {
				t.Errorf("first n-gram column named %q", got)
			}
			if got := f.FeatureName(nw + nc); got != "dict:score" {
				t.Errorf("first dictionary column named %q", got)
			}
			var both, charOnly, none int
			for _, tx := range append(slices.Clone(train), extra...) {
				w, x := words.Features(tx), f.Features(tx)
				ci, cv := c.Row(tx.Text)
				var nWord int
				for nWord < len(w.Idx) && w.Idx[nWord] < nw {
					nWord++
				}
				scale := 1.0
				if nWord > 0 && len(ci) > 0 {
					scale = invSqrt2
				}
				if len(x.Idx) != len(w.Idx)+len(ci) {
					t.Fatalf("%s: %d features, want %d words/dict + %d n-grams", tx.ID, len(x.Idx), len(w.Idx), len(ci))
				}
				var ss float64
				for k := range nWord {
					if x.Idx[k] != w.Idx[k] || math.Abs(x.Val[k]-scale*w.Val[k]) > 1e-15 {
						t.Fatalf("%s: word feature %d: %d=%v, want %d=%v", tx.ID, k, x.Idx[k], x.Val[k], w.Idx[k], scale*w.Val[k])
					}
					ss += x.Val[k] * x.Val[k]
				}
				for k, j := range ci {
					if x.Idx[nWord+k] != nw+j || math.Abs(x.Val[nWord+k]-scale*cv[k]) > 1e-15 {
						t.Fatalf("%s: n-gram feature %d: %d=%v, want %d=%v", tx.ID, k, x.Idx[nWord+k], x.Val[nWord+k], nw+j, scale*cv[k])
					}
					ss += x.Val[nWord+k] * x.Val[nWord+k]
				}
				for k := nWord; k < len(w.Idx); k++ { // the dictionary's three, moved past the n-grams
					if x.Idx[len(ci)+k] != w.Idx[k]+nc || x.Val[len(ci)+k] != w.Val[k] {
						t.Fatalf("%s: dictionary feature %d: %d=%v, want %d=%v", tx.ID, k, x.Idx[len(ci)+k], x.Val[len(ci)+k], w.Idx[k]+nc, w.Val[k])
					}
				}
				switch {
				case nWord > 0 && len(ci) > 0:
					both++
				case len(ci) > 0:
					charOnly++
				case nWord == 0:
					none++
				}
				if (nWord > 0 || len(ci) > 0) && math.Abs(ss-1) > 1e-12 {
					t.Errorf("%s: TF-IDF part has squared norm %v, want 1", tx.ID, ss)
				}
			}
			if both < 20 || charOnly != 1 || none != 1 {
				t.Errorf("rows with both blocks %d, n-grams only %d, neither %d: the cases are not exercised", both, charOnly, none)
			}
		})
	}
	if _, err := NewCharNGrams(nil, tf); err == nil {
		t.Error("a block fitted on no provision")
	}
}

// relabelledTrain is the committed set's train labels with every fourth relabelled validation and
// every fourth (offset 1) relabelled test: a three-way split drawn from train provisions only, so
// that tests of which rows a model fits on never touch the committed test split.
func relabelledTrain(t *testing.T) (*Result, []labels.Label) {
	r, all := labelledSet(t)
	ls := slices.Clone(labels.Filter(all, labels.SplitTrain))
	for i := range ls {
		switch i % 4 {
		case 0:
			ls[i].Split = labels.SplitValidation
		case 1:
			ls[i].Split = labels.SplitTest
		}
	}
	return r, ls
}

func saveScorer(t *testing.T, s models.Scorer) string {
	t.Helper()
	var buf bytes.Buffer
	if err := s.(*classifier.Model).Save(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// run's classifier fits on every label but the test split's: train + validation.
func TestFitClassifierTrainsFinal(t *testing.T) {
	r, ls := relabelledTrain(t)
	tf, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	fit := func(ls []labels.Label, char bool) string {
		s, err := r.fitClassifier(context.Background(), StanceOptions{Labels: ls, ClassifierCharNGrams: &char}, dictionary.Default(), tf)
		if err != nil {
			t.Fatal(err)
		}
		return saveScorer(t, s)
	}
	without := func(split string) []labels.Label {
		return slices.DeleteFunc(slices.Clone(ls), func(l labels.Label) bool { return l.Split == split })
	}
	for _, char := range []bool{false, true} {
		all := fit(ls, char)
		if got := fit(without(labels.SplitTest), char); got != all {
			t.Errorf("char %v: the test labels changed run's model", char)
		}
		if !char { // with the block too, but one more fit with it costs 15 s
			if got := fit(without(labels.SplitValidation), char); got == all {
				t.Errorf("char %v: the validation labels did not change run's model", char)
			}
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(all), &m); err != nil {
			t.Fatal(err)
		}
		nTrain := len(ls) - len(labels.Filter(ls, labels.SplitTest))
		if fi := m["Fit"].(map[string]any); int(fi["Samples"].(float64)) != nTrain {
			t.Errorf("char %v: fitted on %v provisions, want the %d train + validation", char, fi["Samples"], nTrain)
		}
		_, hasChar := m["CharNGrams"]
		if hasChar != char {
			t.Errorf("char %v: saved model has a char block: %v", char, hasChar)
		}
	}
	testOnly := labels.Filter(ls, labels.SplitTest)
	if _, err := r.fitClassifier(context.Background(), StanceOptions{Labels: testOnly}, dictionary.Default(), tf); err == nil ||
		!strings.Contains(err.Error(), "test split, which is never trained on") {
		t.Errorf("test labels only: %v", err)
	}
}

// A classifier fitted with the char block saves it: loaded back, a featurizer rebuilt from the
// loaded block gives the same scores, and the model saves to the same bytes; two fits on the same
// input save identical bytes.
func TestClassifierCharNGramsSaveLoad(t *testing.T) {
	r, all := labelledSet(t)
	ls := labels.Filter(all, labels.SplitTrain)[:120] // fewer rows, a faster fit: the block is what is tested
	tf, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	on, off := true, false
	s, err := r.fitClassifier(context.Background(), StanceOptions{Labels: ls, ClassifierCharNGrams: &on, ClassifierWordBigrams: &off}, dictionary.Default(), tf)
	if err != nil {
		t.Fatal(err)
	}
	saved := saveScorer(t, s)
	s2, err := r.fitClassifier(context.Background(), StanceOptions{Labels: ls, ClassifierCharNGrams: &on, ClassifierWordBigrams: &off}, dictionary.Default(), tf)
	if err != nil {
		t.Fatal(err)
	}
	if saveScorer(t, s2) != saved {
		t.Error("two fits on the same labels save different bytes")
	}
	m, err := classifier.Load(strings.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	if m.CharNGrams == nil || m.CharNGrams.Len() == 0 || m.Dim != r.Vocabulary.Len()+m.CharNGrams.Len()+3 {
		t.Fatalf("loaded model: char block %v, dim %d", m.CharNGrams != nil, m.Dim)
	}
	f := &Featurizer{Vocab: r.Vocabulary, TF: tf, Dict: dictionary.Default(), Char: m.CharNGrams}
	loaded := classifier.WithFeaturizer(m, f)
	n := 0
	for _, doc := range r.modelTexts() {
		for _, tx := range doc {
			a, b := s.Score(tx), loaded.Score(tx)
			if a.Label != b.Label || math.Float64bits(a.Score) != math.Float64bits(b.Score) || len(a.Evidence) != len(b.Evidence) {
				t.Fatalf("%s: score changed after load: %+v / %+v", tx.ID, a, b)
			}
			for k := range a.Evidence {
				if a.Evidence[k] != b.Evidence[k] {
					t.Fatalf("%s: evidence %d changed after load", tx.ID, k)
				}
			}
			n++
		}
	}
	if n < 300 {
		t.Errorf("only %d provisions scored", n)
	}
	if saveScorer(t, loaded) != saved {
		t.Error("save → load → save is not byte-identical")
	}
}

// BenchmarkFeaturizer: the classifier's features of every provision of the committed labelled set
// (testdata/labels/governance.csv, 315 provisions), TF-IDF words only, with the char n-gram
// block, and with the char n-gram and word-bigram blocks (both fitted on the same provisions).
func BenchmarkFeaturizer(b *testing.B) {
	c0, err := corpus.Load(filepath.Join("..", "testdata", "labels", "governance.csv"))
	if err != nil {
		b.Fatal(err)
	}
	r, err := Run(context.Background(), c0, Options{Workers: 2, Stance: StanceOptions{Models: []string{"dictionary"}}})
	if err != nil {
		b.Fatal(err)
	}
	tf, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		b.Fatal(err)
	}
	var texts []models.Text
	for _, doc := range r.modelTexts() {
		texts = append(texts, doc...)
	}
	c, err := NewCharNGrams(texts, tf)
	if err != nil {
		b.Fatal(err)
	}
	bg, err := NewWordBigrams(texts, tf)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name    string
		char    *classifier.CharNGrams
		bigrams *classifier.WordBigrams
	}{{"words", nil, nil}, {"words+char", c, nil}, {"words+char+bigrams", c, bg}} {
		f := &Featurizer{Vocab: r.Vocabulary, TF: tf, Char: bc.char, Bigrams: bc.bigrams}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, t := range texts {
					f.Features(t)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/provision")
		})
	}
}

// featureDigest is the SHA-256 of every row f gives texts: per row its length, then each
// column and the bits of its value, little-endian uint64s.
func featureDigest(f *Featurizer, texts []models.Text) string {
	h := sha256.New()
	var b [8]byte
	put := func(v uint64) {
		binary.LittleEndian.PutUint64(b[:], v)
		h.Write(b[:])
	}
	for _, t := range texts {
		x := f.Features(t)
		put(uint64(len(x.Idx)))
		for k, j := range x.Idx {
			put(uint64(j))
			put(math.Float64bits(x.Val[k]))
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestFeaturizerTwoBlocksUnchanged: without the bigram block, the featurizer's rows (words alone,
// and words + char n-grams) are bit-identical to those of the code before the block existed. The
// digests were computed by this same function (featureDigest over the default corpus's
// provisions, the char block fitted on the first half) in a test run on the tree at f0a15fa.
func TestFeaturizerTwoBlocksUnchanged(t *testing.T) {
	r := defaultResult(t)
	var train []models.Text
	for _, doc := range r.modelTexts() {
		train = append(train, doc...)
	}
	for _, tc := range []struct {
		name, tfidf, norm string
		weight            float64
		words, withChar   string
	}{
		{"default TF-IDF", TFIDFDefault, "", 0,
			"692f30a233c6ceb2d396697dea87640e50cea27aefdeaeb700b1058dd912fd96", "5aac0636dd718369c3daabb9277e2b3a0f13734e5c4e9241f314684fe62da2b6"},
		{"default TF-IDF, dictionary weight 1", TFIDFDefault, "", 1,
			"e637e49d1fc9127a96d7e9e4603c614fcbb32eff897c2aba5fe91f286dbab0b0", "bbef678a9df56b36090c22332913ec999a7e7e8408d9a2f08e2e8f60c77482a2"},
		{"sklearn TF-IDF", TFIDFSklearn, "", 0,
			"5a871579d7506352d463f172870baaf2a9543c43e7823bf7d4b5ddfc94aaf081", "47197fe463a38c8d66cee9e1e9446a0168200d6f2f8b3a73d4cd2ee971dcfd47"},
		{"sklearn TF-IDF, dictionary weight 1", TFIDFSklearn, "", 1,
			"7f5cf180759a1175d813898662c2928728c734b7de9ae63a5f355ed75e3af87f", "3ec26cfdeb8fe2c252a246ccad45ed2d0e3425fcf1acde03ff6b1bd4e43b1f53"},
		{"default TF-IDF with l1 rows (the word block is re-normalised)", TFIDFDefault, vectorize.NormL1, 0,
			"aaf92ccbaaaf8872e946a02aee7647f9371b3d2d40f7eaeb9f07e65b53d55198", "94bb481d9f397fffe9229aad8e7b07dcd43a07f6e28bc7ab4dd53b18c600ec14"},
		{"l1 rows, dictionary weight 1", TFIDFDefault, vectorize.NormL1, 1,
			"d3ec2bebf78d3e9ac91df720b9ad1c0e8c02a44044a71c83a666431a8fc31c9c", "908e1f3533df0a408dc71edf56363f8f6fdc8bacaada1f57d42ab0210c25b5ea"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tf, err := TFIDFOptions(tc.tfidf)
			if err != nil {
				t.Fatal(err)
			}
			if tc.norm != "" {
				tf.Norm = tc.norm
			}
			c, err := NewCharNGrams(train[:len(train)/2], tf)
			if err != nil {
				t.Fatal(err)
			}
			f := &Featurizer{Vocab: r.Vocabulary, TF: tf, Dict: dictionary.Default(), DictWeight: tc.weight}
			if got := featureDigest(f, train); got != tc.words {
				t.Errorf("words: digest %s, want %s", got, tc.words)
			}
			f.Char = c
			if got := featureDigest(f, train); got != tc.withChar {
				t.Errorf("words + char: digest %s, want %s", got, tc.withChar)
			}
		})
	}
}

// TestFeaturizerWordBigrams: with a bigram block the columns are words, char n-grams, bigrams,
// dictionary; each block keeps its own L2-normalised row times 1/sqrt(k), k the number of
// non-empty TF-IDF blocks of the row (1: no scaling), so every row's TF-IDF part has unit norm;
// the three-block and every two-block combination are exercised.
func TestFeaturizerWordBigrams(t *testing.T) {
	r := defaultResult(t)
	tf, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	var train []models.Text
	for _, doc := range r.modelTexts() {
		train = append(train, doc...)
	}
	c, err := NewCharNGrams(train[:len(train)/2], tf)
	if err != nil {
		t.Fatal(err)
	}
	bg, err := NewWordBigrams(train[:len(train)/2], tf)
	if err != nil {
		t.Fatal(err)
	}
	if bg.MinDF != 2 || !bg.SublinearTF || !bg.SmoothIDF || bg.N != len(train)/2 {
		t.Errorf("block settings MinDF %d sublinear %v smooth %v N %d", bg.MinDF, bg.SublinearTF, bg.SmoothIDF, bg.N)
	}
	extra := []models.Text{
		{ID: "stop-words-only", Text: "and the of", Tokens: []models.Token{{Text: "and"}, {Text: "the"}, {Text: "of"}}},
		{ID: "no-known-n-gram", Text: "qqqq", Tokens: []models.Token{{Text: "qqqq"}}},
		{ID: "n-grams-only", Text: "thexq", Tokens: []models.Token{{Text: "thexq"}}},
	}
	nw, nc, nb := r.Vocabulary.Len(), c.Len(), bg.Len()
	for _, tc := range []struct {
		name   string
		char   *classifier.CharNGrams
		weight float64
	}{
		{"words, char n-grams, bigrams", c, 0},
		{"words, char n-grams, bigrams, dictionary", c, 1},
		{"words and bigrams", nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			words := &Featurizer{Vocab: r.Vocabulary, TF: tf, Dict: dictionary.Default(), DictWeight: tc.weight}
			f := *words
			f.Char, f.Bigrams = tc.char, bg
			nc := nc
			if tc.char == nil {
				nc = 0
			}
			if f.Dim() != nw+nc+nb+3 {
				t.Fatalf("dim %d, want %d", f.Dim(), nw+nc+nb+3)
			}
			if got := f.FeatureName(nw + nc); got != "bigram["+bg.Grams[0]+"]" {
				t.Errorf("first bigram column named %q", got)
			}
			if got := f.FeatureName(nw + nc + nb); got != "dict:score" {
				t.Errorf("first dictionary column named %q", got)
			}
			seen := map[int]int{} // rows by number of non-empty blocks
			for _, tx := range append(slices.Clone(train), extra...) {
				w, x := words.Features(tx), f.Features(tx)
				var nWord int
				for nWord < len(w.Idx) && w.Idx[nWord] < nw {
					nWord++
				}
				var ci []int
				var cv []float64
				if tc.char != nil {
					ci, cv = tc.char.Row(tx.Text)
				}
				bi, bv := bg.Row(tx.Text)
				k := 0
				for _, l := range []int{nWord, len(ci), len(bi)} {
					if l > 0 {
						k++
					}
				}
				seen[k]++
				scale := 1.0
				if k > 0 {
					scale = 1 / math.Sqrt(float64(k))
				}
				want := classifier.Vec{}
				for i := range nWord {
					want.Idx = append(want.Idx, w.Idx[i])
					want.Val = append(want.Val, w.Val[i]*scale)
				}
				for i, j := range ci {
					want.Idx = append(want.Idx, nw+j)
					want.Val = append(want.Val, cv[i]*scale)
				}
				for i, j := range bi {
					want.Idx = append(want.Idx, nw+nc+j)
					want.Val = append(want.Val, bv[i]*scale)
				}
				for i := nWord; i < len(w.Idx); i++ { // the dictionary's three, moved past both blocks
					want.Idx = append(want.Idx, w.Idx[i]+nc+nb)
					want.Val = append(want.Val, w.Val[i])
				}
				if !slices.Equal(x.Idx, want.Idx) {
					t.Fatalf("%s: columns %v, want %v", tx.ID, x.Idx, want.Idx)
				}
				var ss float64
				for i := range x.Val {
					if math.Abs(x.Val[i]-want.Val[i]) > 1e-15 {
						t.Fatalf("%s: feature %d = %v, want %v", tx.ID, x.Idx[i], x.Val[i], want.Val[i])
					}
					if x.Idx[i] < nw+nc+nb {
						ss += x.Val[i] * x.Val[i]
					}
				}
				if k > 0 && math.Abs(ss-1) > 1e-12 {
					t.Errorf("%s: TF-IDF part has squared norm %v, want 1", tx.ID, ss)
				}
			}
			if tc.char != nil && (seen[3] < 20 || seen[2] < 1 || seen[1] < 1 || seen[0] != 1) {
				t.Errorf("rows by non-empty blocks %v: the cases are not exercised", seen)
			}
			if tc.char == nil && (seen[2] < 20 || seen[1] < 1 || seen[0] < 1) {
				t.Errorf("rows by non-empty blocks %v: the cases are not exercised", seen)
			}
		})
	}
	if _, err := NewWordBigrams(nil, tf); err == nil {
		t.Error("a block fitted on no provision")
	}
}

// A classifier fitted with the bigram block (and the char block) saves both: loaded back, a
// featurizer rebuilt from the loaded blocks gives the same scores, and the model saves to the
// same bytes. Without the option the saved model has no bigram block.
func TestClassifierWordBigramsSaveLoad(t *testing.T) {
	r, all := labelledSet(t)
	ls := labels.Filter(all, labels.SplitTrain)[:120]
	tf, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	on, off := true, false
	s, err := r.fitClassifier(context.Background(), StanceOptions{Labels: ls, ClassifierCharNGrams: &on, ClassifierWordBigrams: &on}, dictionary.Default(), tf)
	if err != nil {
		t.Fatal(err)
	}
	saved := saveScorer(t, s)
	m, err := classifier.Load(strings.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	if m.CharNGrams.Len() == 0 || m.WordBigrams.Len() == 0 || m.Dim != r.Vocabulary.Len()+m.CharNGrams.Len()+m.WordBigrams.Len()+3 {
		t.Fatalf("loaded model: char %d, bigrams %d, dim %d", m.CharNGrams.Len(), m.WordBigrams.Len(), m.Dim)
	}
	f := &Featurizer{Vocab: r.Vocabulary, TF: tf, Dict: dictionary.Default(), Char: m.CharNGrams, Bigrams: m.WordBigrams}
	loaded := classifier.WithFeaturizer(m, f)
	n := 0
	for _, doc := range r.modelTexts() {
		for _, tx := range doc {
			a, b := s.Score(tx), loaded.Score(tx)
			if a.Label != b.Label || math.Float64bits(a.Score) != math.Float64bits(b.Score) || !slices.Equal(a.Evidence, b.Evidence) {
				t.Fatalf("%s: score changed after load: %+v / %+v", tx.ID, a, b)
			}
			n++
		}
	}
	if n < 300 {
		t.Errorf("only %d provisions scored", n)
	}
	if saveScorer(t, loaded) != saved {
		t.Error("save → load → save is not byte-identical")
	}
	s, err = r.fitClassifier(context.Background(), StanceOptions{Labels: ls, ClassifierCharNGrams: &on, ClassifierWordBigrams: &off}, dictionary.Default(), tf)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(saveScorer(t, s), `"WordBigrams"`) {
		t.Error("a model fitted without the bigram block saved one")
	}
}
