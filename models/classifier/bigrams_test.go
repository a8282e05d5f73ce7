package classifier

import (
	"bytes"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/models"
)

// The sentences of testdata/make_bigrams.py: the expected values below are what that script
// printed with Debian's python3-sklearn 1.2.1 (TfidfVectorizer(ngram_range=(2, 2), min_df=2,
// norm="l2"), default analyzer), copied by hand, at full precision.
var (
	bigramTrain = []string{
		"States shall respect the sovereignty of States. The information space of States!",
		"The sovereign State: its information space, and the sovereignty of States.",
		"A State's role, as appropriate, in Internet governance; the information space.",
		"Civil society and the private sector, in their respective roles; civil society_2030.",
		"Côte d'Ivoire and\tother States   agree: civil society, the private sector.",
		"x y z",
	}
	bigramScore = []string{
		"The sovereignty of States, in the information space of States and the information space!",
		"Civil society: the private sector and civil society, and civil society.",
		"Nothing matches here: xyzzy.",
		"",
	}
)

func TestSklearnWordsAndBigrams(t *testing.T) {
	for _, tc := range []struct {
		name    string
		text    string
		words   []string
		bigrams []string
	}{
		// The analyzer line of testdata/make_bigrams.py.
		{"scikit-learn's analyzer", "A State's  Côte-d'Ivoire\tinfo, a b2 société_civile 2030 x-y ÉTATS naïve",
			[]string{"state", "côte", "ivoire", "info", "b2", "société_civile", "2030", "états", "naïve"},
			[]string{"state côte", "côte ivoire", "ivoire info", "info b2", "b2 société_civile", "société_civile 2030", "2030 états", "états naïve"}},
		{"one-character words are dropped, not joined across", "a b c dd e ff", []string{"dd", "ff"}, []string{"dd ff"}},
		{"a combining mark ends a word (not \\w in Python)", "nai\u0308ve text", []string{"nai", "ve", "text"}, []string{"nai ve", "ve text"}},
		{"one word, no bigram", "Sovereignty.", []string{"sovereignty"}, nil},
		{"empty", "", nil, nil},
		{"pairs cross sentences", "End. Next", []string{"end", "next"}, []string{"end next"}},
		{"digits and underscores are word characters", "art_5 (2) 15", []string{"art_5", "15"}, []string{"art_5 15"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SklearnWords(tc.text); !slices.Equal(got, tc.words) {
				t.Errorf("SklearnWords(%q) = %q, want %q", tc.text, got, tc.words)
			}
			if got := WordBigramsOf(tc.text); !slices.Equal(got, tc.bigrams) {
				t.Errorf("WordBigramsOf(%q) = %q, want %q", tc.text, got, tc.bigrams)
			}
		})
	}
}

func TestWordBigramsSklearn(t *testing.T) {
	vocab := []string{"and the", "civil society", "information space", "of states", "private sector", "sovereignty of", "the information", "the private", "the sovereignty"}
	for _, tc := range []struct {
		name      string
		sublinear bool
		smooth    bool
		idf       []float64 // per vocab entry
		rows      []map[string]float64
	}{
		{
			name: "sublinear tf, smooth idf (the pipeline's default TF-IDF)", sublinear: true, smooth: true,
			idf: []float64{1.8472978603872037, 1.8472978603872037, 1.5596157879354227, 1.8472978603872037, 1.8472978603872037, 1.8472978603872037, 1.8472978603872037, 1.8472978603872037, 1.8472978603872037},
			rows: []map[string]float64{
				{"and the": 0.30461649963977827, "information space": 0.43544051078240603, "of states": 0.5157605675171302, "sovereignty of": 0.30461649963977827, "the information": 0.5157605675171302, "the sovereignty": 0.30461649963977827},
				{"civil society": 0.8292789960182417, "private sector": 0.3951558849131422, "the private": 0.3951558849131422},
				{}, {},
			},
		},
		{
			name: "raw tf, idf ln(n/df)+1", sublinear: false, smooth: false,
			idf: []float64{2.09861228866811, 2.09861228866811, 1.6931471805599454, 2.09861228866811, 2.09861228866811, 2.09861228866811, 2.09861228866811, 2.09861228866811, 2.09861228866811},
			rows: []map[string]float64{
				{"and the": 0.27112654920302565, "information space": 0.4374863854908541, "of states": 0.5422530984060513, "sovereignty of": 0.27112654920302565, "the information": 0.5422530984060513, "the sovereignty": 0.27112654920302565},
				{"civil society": 0.9045340337332908, "private sector": 0.3015113445777636, "the private": 0.3015113445777636},
				{}, {},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := FitWordBigrams(bigramTrain, BigramOptions{SmoothIDF: tc.smooth, SublinearTF: tc.sublinear})
			if err != nil {
				t.Fatal(err)
			}
			if b.MinDF != 2 || b.N != len(bigramTrain) {
				t.Errorf("defaults: min_df %d n %d", b.MinDF, b.N)
			}
			if !slices.Equal(b.Grams, vocab) {
				t.Fatalf("vocabulary:\n%q\nwant scikit-learn's:\n%q", b.Grams, vocab)
			}
			for j, want := range tc.idf {
				if math.Abs(b.IDF[j]-want) > 1e-15 {
					t.Errorf("idf[%q] = %v, want %v", vocab[j], b.IDF[j], want)
				}
			}
			for i, text := range bigramScore {
				idx, val := b.Row(text)
				got := map[string]float64{}
				for k, j := range idx {
					if k > 0 && j <= idx[k-1] {
						t.Fatalf("row %d: columns not ascending: %v", i, idx)
					}
					got[b.Grams[j]] = val[k]
				}
				if len(got) != len(tc.rows[i]) {
					t.Errorf("row %d: %d bigrams, want %d: %v", i, len(got), len(tc.rows[i]), got)
				}
				for g, want := range tc.rows[i] {
					if math.Abs(got[g]-want) > 1e-15 {
						t.Errorf("row %d: %q = %v, want %v", i, g, got[g], want)
					}
				}
			}
		})
	}
}

func TestFitWordBigramsErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		texts []string
		opt   BigramOptions
		want  string
	}{
		{"no texts", nil, BigramOptions{}, "no training texts"},
		{"nothing reaches min_df", []string{"alpha omega", "omega alpha"}, BigramOptions{}, "no bigram occurs in 2 of the 2"},
		{"one-word texts", []string{"alpha", "alpha"}, BigramOptions{}, "no bigram occurs in 2 of the 2"},
		{"negative min_df", bigramTrain, BigramOptions{MinDF: -2}, "MinDF -2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FitWordBigrams(tc.texts, tc.opt)
			if err == nil || !strings.HasPrefix(err.Error(), "classifier: word bigrams: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	b, err := FitWordBigrams([]string{"alpha omega", "omega alpha"}, BigramOptions{MinDF: 1})
	if err != nil || !slices.Equal(b.Grams, []string{"alpha omega", "omega alpha"}) {
		t.Errorf("min_df 1 keeps every bigram: %v, %q", err, b.Grams)
	}
}

// blocksFeaturizer is the stance corpus's bag of words followed by a char n-gram block and a
// word-bigram block, each block's row as it comes.
type blocksFeaturizer struct {
	charFeaturizer
	bigrams *WordBigrams
}

func (f *blocksFeaturizer) Dim() int { return f.charFeaturizer.Dim() + f.bigrams.Len() }

func (f *blocksFeaturizer) FeatureName(i int) string {
	if n := f.charFeaturizer.Dim(); i >= n {
		return f.bigrams.FeatureName(i - n)
	}
	return f.charFeaturizer.FeatureName(i)
}

func (f *blocksFeaturizer) Features(t models.Text) Vec {
	v := f.charFeaturizer.Features(t)
	idx, val := f.bigrams.Row(t.Text)
	for k, j := range idx {
		v.Idx = append(v.Idx, f.charFeaturizer.Dim()+j)
		v.Val = append(v.Val, val[k])
	}
	return v
}

// A model carrying a word-bigram block (next to a char block) saves it and loads it back: the
// same block, the same scores through a featurizer rebuilt from the loaded blocks, and the same
// bytes when saved again; a damaged block is an error.
func TestSaveLoadWordBigrams(t *testing.T) {
	texts, labels := stanceCorpus()
	raw := rawTexts(texts)
	c, err := FitCharNGrams(raw, CharOptions{SmoothIDF: true, SublinearTF: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := FitWordBigrams(raw, BigramOptions{SmoothIDF: true, SublinearTF: true})
	if err != nil {
		t.Fatal(err)
	}
	f := &blocksFeaturizer{charFeaturizer{words: newBow(vocabOf(texts)...), char: c}, b}
	x := make([]Vec, len(texts))
	for i, tx := range texts {
		x[i] = f.Features(tx)
	}
	m, err := Train(x, labels, f.Dim(), Options{C: 10, Folds: 4, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	m.CharNGrams, m.WordBigrams = c, b
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()
	if !strings.Contains(saved, `"WordBigrams":{"MinDF":2,"SmoothIDF":true,"SublinearTF":true,"N":24,"Grams":["`) {
		t.Errorf("saved model lacks the bigram block: %.300s", saved[max(0, strings.Index(saved, `"WordBigrams"`)):])
	}
	l, err := Load(strings.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	lb := l.WordBigrams
	if lb == nil || !slices.Equal(lb.Grams, b.Grams) || !slices.Equal(lb.DF, b.DF) || !slices.Equal(lb.IDF, b.IDF) ||
		lb.N != b.N || lb.MinDF != b.MinDF || lb.SmoothIDF != b.SmoothIDF || lb.SublinearTF != b.SublinearTF {
		t.Fatalf("bigram block changed after load")
	}
	if lb.table == nil {
		t.Error("Load did not build the bigram index")
	}
	s := WithFeaturizer(m, f)
	ls := WithFeaturizer(l, &blocksFeaturizer{charFeaturizer{words: f.words, char: l.CharNGrams}, lb})
	texts = append(texts, text("new", "Sovereignty and civil society in their respective roles"), text("empty", ""))
	for _, tx := range texts {
		if a, b := s.Score(tx), ls.Score(tx); !sameScore(a, b) {
			t.Errorf("%s: score changed after load:\n%+v\n%+v", tx.Text, a, b)
		}
	}
	var again bytes.Buffer
	if err := l.Save(&again); err != nil {
		t.Fatal(err)
	}
	if again.String() != saved {
		t.Error("save → load → save is not byte-identical")
	}
	bare := *lb
	bare.table = nil
	for _, tx := range texts {
		ai, av := lb.Row(tx.Text)
		bi, bv := bare.Row(tx.Text)
		if !slices.Equal(ai, bi) || !slices.Equal(av, bv) {
			t.Errorf("%q: binary search and index disagree", tx.Text)
		}
	}

	blockAt := strings.Index(saved, `"WordBigrams"`)
	head, block := saved[:blockAt], saved[blockAt:]
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"unsorted bigrams", `"Grams":["`, `"Grams":["zzz zzz`, "not in strictly ascending order"},
		{"three words", `"Grams":["`, `"Grams":["a `, "is not two words joined by one space"},
		{"df above n", `"DF":[`, `"DF":[99`, "df 99"},
		{"an idf too many", `"IDF":[`, `"IDF":[` + "1,", "idf"},
		{"min_df 0", `"MinDF":2`, `"MinDF":0`, "word bigrams: MinDF 0"},
		{"n 0", `"N":24`, `"N":0`, "word bigrams: N 0"},
		{"unknown field in the block", `"MinDF":2`, `"Extra":1,"MinDF":2`, "unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(head + strings.Replace(block, tc.from, tc.to, 1)))
			if err == nil || !strings.HasPrefix(err.Error(), "classifier: load: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// A model with a char n-gram block saved before the word-bigram block existed
// (testdata/model_v1_char_before_bigrams.json, written by the code at f0a15fa from the model of
// TestSaveLoadCharNGrams, with feature names) still loads, has its char block and no bigram
// block, scores as the same model trained now, and the model trained now saves to the same bytes.
func TestLoadCharModelBeforeBigrams(t *testing.T) {
	old, err := os.ReadFile("testdata/model_v1_char_before_bigrams.json")
	if err != nil {
		t.Fatal(err)
	}
	l, err := Load(bytes.NewReader(old))
	if err != nil {
		t.Fatal(err)
	}
	if l.WordBigrams != nil || l.CharNGrams == nil {
		t.Fatalf("loaded: bigram block %v, char block %v", l.WordBigrams != nil, l.CharNGrams != nil)
	}
	texts, labels := stanceCorpus()
	raw := rawTexts(texts)
	c, err := FitCharNGrams(raw, CharOptions{SmoothIDF: true, SublinearTF: true})
	if err != nil {
		t.Fatal(err)
	}
	f := &charFeaturizer{words: newBow(vocabOf(texts)...), char: c}
	x := make([]Vec, len(texts))
	for i, tx := range texts {
		x[i] = f.Features(tx)
	}
	m, err := Train(x, labels, f.Dim(), Options{C: 10, Folds: 4, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	m.CharNGrams = c
	var now bytes.Buffer
	if err := WithFeaturizer(m, f).(*Model).Save(&now); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(now.Bytes(), old) {
		t.Error("the same char model saves differently now than before the bigram block existed")
	}
	s, ls := WithFeaturizer(m, f), WithFeaturizer(l, &charFeaturizer{words: f.words, char: l.CharNGrams})
	for _, tx := range texts {
		if a, b := s.Score(tx), ls.Score(tx); !sameScore(a, b) {
			t.Errorf("%s: the old model scores differently", tx.Text)
		}
	}
}
