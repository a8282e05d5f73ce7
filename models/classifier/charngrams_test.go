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

// The sentences of testdata/make_charngrams.py: the expected values below are what that script
// printed with Debian's python3-sklearn 1.2.1 (TfidfVectorizer(analyzer="char_wb",
// ngram_range=(3, 5), min_df=2, norm="l2")), copied by hand, rows rounded to 12 decimals.
var (
	sklTrain = []string{
		"States shall respect the sovereignty of States.",
		"The sovereign State: its information space.",
		"A State's role, as appropriate, in Internet governance.",
		"Civil society and the private sector, in their respective roles.",
		"Côte d'Ivoire and\tother States   agree.",
	}
	sklScore = []string{
		"The sovereignty of the State, in its  information space!",
		"Roles of civil society: États, a b.",
		"Nothing matches here: xyzzy.",
	}
	sklAnalyse = "A State's  Côte-d'Ivoire\tinfo, a."
)

func TestCharWBGrams(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"scikit-learn's analyzer on the script's sentence", sklAnalyse, []string{" a ", " st", "sta", "tat", "ate", "te'", "e's", "'s ", " sta", "stat", "tate", "ate'", "te's", "e's ", " stat", "state", "tate'", "ate's", "te's ", " cô", "côt", "ôte", "te-", "e-d", "-d'", "d'i", "'iv", "ivo", "voi", "oir", "ire", "re ", " côt", "côte", "ôte-", "te-d", "e-d'", "-d'i", "d'iv", "'ivo", "ivoi", "voir", "oire", "ire ", " côte", "côte-", "ôte-d", "te-d'", "e-d'i", "-d'iv", "d'ivo", "'ivoi", "ivoir", "voire", "oire ", " in", "inf", "nfo", "fo,", "o, ", " inf", "info", "nfo,", "fo, ", " info", "info,", "nfo, ", " a.", "a. ", " a. "}},
		{"empty", "", nil},
		{"white space only", " \t\n ", nil},
		{"one letter: the padded word once", "A", []string{" a "}},
		{"two letters: 3-grams, then the padded word once", "ab", []string{" ab", "ab ", " ab "}},
		{"three letters: the 5-gram is the padded word", "abc", []string{" ab", "abc", "bc ", " abc", "abc ", " abc "}},
		{"n-grams never cross words", "ab cd", []string{" ab", "ab ", " ab ", " cd", "cd ", " cd "}},
		{"Python's separators U+001C..U+001F split words", "ab\x1fcd", []string{" ab", "ab ", " ab ", " cd", "cd ", " cd "}},
		{"code points, not bytes", "été", []string{" ét", "été", "té ", " été", "été ", " été "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CharWBGrams(tc.text, 3, 5); !slices.Equal(got, tc.want) {
				t.Errorf("CharWBGrams(%q) =\n%q\nwant\n%q", tc.text, got, tc.want)
			}
		})
	}
	if got := CharWBGrams("abc", 4, 3); got != nil {
		t.Errorf("min > max gave %q", got)
	}
}

func TestCharNGramsSklearn(t *testing.T) {
	vocab := []string{" an", " and", " and ", " in", " in ", " re", " res", " resp", " ro", " rol", " role", " so", " sov", " sove", " st", " sta", " stat", " th", " the", " the ", "and", "and ", "ate", "ates", "ates ", "ce.", "ce. ", "e. ", "ect", "eig", "eign", "ere", "erei", "ereig", "es ", "es.", "es. ", "esp", "espe", "espec", "he ", "ign", "in ", "nd ", "ole", "ove", "over", "overe", "pec", "pect", "pri", "rei", "reig", "reign", "res", "resp", "respe", "rol", "role", "s. ", "sov", "sove", "sover", "spe", "spec", "spect", "sta", "stat", "state", "tat", "tate", "tates", "te ", "tes", "tes ", "the", "the ", "ty ", "ver", "vere", "verei"}
	for _, tc := range []struct {
		name        string
		sublinear   bool
		smooth      bool
		idf         map[string]float64
		rows        []map[string]float64
		wantNoGrams bool
	}{
		{
			name: "sublinear tf, smooth idf (the pipeline's default TF-IDF)", sublinear: true, smooth: true,
			idf: map[string]float64{" st": 1.1823215567939547, "state": 1.1823215567939547, "ate": 1.0, " the ": 1.4054651081081644, "ign": 1.6931471805599454},
			rows: []map[string]float64{
				{" in": 0.221516191353, " in ": 0.157610594582, " so": 0.130831031051, " sov": 0.157610594582, " sove": 0.157610594582, " st": 0.110059187821, " sta": 0.110059187821, " stat": 0.110059187821, " th": 0.221516191353, " the": 0.221516191353, " the ": 0.221516191353, "ate": 0.093087356133, "eig": 0.157610594582, "eign": 0.157610594582, "ere": 0.157610594582, "erei": 0.157610594582, "ereig": 0.157610594582, "he ": 0.221516191353, "ign": 0.157610594582, "in ": 0.157610594582, "ove": 0.130831031051, "over": 0.130831031051, "overe": 0.157610594582, "rei": 0.157610594582, "reig": 0.157610594582, "reign": 0.157610594582, "sov": 0.157610594582, "sove": 0.157610594582, "sover": 0.157610594582, "sta": 0.110059187821, "stat": 0.110059187821, "state": 0.110059187821, "tat": 0.110059187821, "tate": 0.110059187821, "the": 0.186346403553, "the ": 0.221516191353, "ty ": 0.157610594582, "ver": 0.130831031051, "vere": 0.157610594582, "verei": 0.157610594582},
				{" ro": 0.349712984328, " rol": 0.349712984328, " role": 0.349712984328, " so": 0.290293367859, "es ": 0.349712984328, "ole": 0.349712984328, "rol": 0.349712984328, "role": 0.349712984328, "tat": 0.244203932658},
				{"ere": 0.707106781187, "es ": 0.707106781187},
			},
		},
		{
			name: "raw tf, idf ln(n/df)+1", sublinear: false, smooth: false,
			idf: map[string]float64{" st": 1.2231435513142097, "state": 1.2231435513142097, "ate": 1.0, " the ": 1.5108256237659907, "ign": 1.916290731874155},
			rows: []map[string]float64{
				{" in": 0.241686474493, " in ": 0.15327432359, " so": 0.120843237246, " sov": 0.15327432359, " sove": 0.15327432359, " st": 0.097833015295, " sta": 0.097833015295, " stat": 0.097833015295, " th": 0.241686474493, " the": 0.241686474493, " the ": 0.241686474493, "ate": 0.079984900537, "eig": 0.15327432359, "eign": 0.15327432359, "ere": 0.15327432359, "erei": 0.15327432359, "ereig": 0.15327432359, "he ": 0.241686474493, "ign": 0.15327432359, "in ": 0.15327432359, "ove": 0.120843237246, "over": 0.120843237246, "overe": 0.15327432359, "rei": 0.15327432359, "reig": 0.15327432359, "reign": 0.15327432359, "sov": 0.15327432359, "sove": 0.15327432359, "sover": 0.15327432359, "sta": 0.097833015295, "stat": 0.097833015295, "state": 0.097833015295, "tat": 0.097833015295, "tate": 0.097833015295, "the": 0.19566603059, "the ": 0.241686474493, "ty ": 0.15327432359, "ver": 0.120843237246, "vere": 0.15327432359, "verei": 0.15327432359},
				{" ro": 0.35291424556, " rol": 0.35291424556, " role": 0.35291424556, " so": 0.278241644817, "es ": 0.35291424556, "ole": 0.35291424556, "rol": 0.35291424556, "role": 0.35291424556, "tat": 0.225260591435},
				{"ere": 0.707106781187, "es ": 0.707106781187},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := FitCharNGrams(sklTrain, CharOptions{SmoothIDF: tc.smooth, SublinearTF: tc.sublinear})
			if err != nil {
				t.Fatal(err)
			}
			if c.MinN != 3 || c.MaxN != 5 || c.MinDF != 2 || c.N != len(sklTrain) {
				t.Errorf("defaults: %d..%d min_df %d n %d", c.MinN, c.MaxN, c.MinDF, c.N)
			}
			if !slices.Equal(c.Grams, vocab) {
				t.Fatalf("vocabulary (%d n-grams):\n%q\nwant scikit-learn's (%d):\n%q", len(c.Grams), c.Grams, len(vocab), vocab)
			}
			for g, want := range tc.idf {
				j, _ := slices.BinarySearch(c.Grams, g)
				if math.Abs(c.IDF[j]-want) > 1e-15 {
					t.Errorf("idf[%q] = %v, want %v", g, c.IDF[j], want)
				}
			}
			for i, text := range sklScore {
				idx, val := c.Row(text)
				got := map[string]float64{}
				for k, j := range idx {
					if k > 0 && j <= idx[k-1] {
						t.Fatalf("row %d: columns not ascending: %v", i, idx)
					}
					got[c.Grams[j]] = val[k]
				}
				if len(got) != len(tc.rows[i]) {
					t.Errorf("row %d: %d n-grams, want %d: %v", i, len(got), len(tc.rows[i]), got)
				}
				for g, want := range tc.rows[i] {
					if math.Abs(got[g]-want) > 1e-11 {
						t.Errorf("row %d: %q = %v, want %v", i, g, got[g], want)
					}
				}
			}
			if idx, val := c.Row("xyzzy qwv"); idx != nil || val != nil {
				t.Errorf("a text without a known n-gram: %v %v", idx, val)
			}
		})
	}
}

func TestFitCharNGramsErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		texts []string
		opt   CharOptions
		want  string
	}{
		{"no texts", nil, CharOptions{}, "no training texts"},
		{"nothing reaches min_df", []string{"alpha", "omega"}, CharOptions{}, "no n-gram occurs in 2 of the 2"},
		{"min above max", sklTrain, CharOptions{MinN: 5, MaxN: 3}, "n-gram lengths 5..3"},
		{"negative min", sklTrain, CharOptions{MinN: -1}, "n-gram lengths -1..5"},
		{"too long", sklTrain, CharOptions{MaxN: 99}, "n-gram lengths 3..99"},
		{"negative min_df", sklTrain, CharOptions{MinDF: -2}, "MinDF -2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FitCharNGrams(tc.texts, tc.opt)
			if err == nil || !strings.HasPrefix(err.Error(), "classifier: char n-grams: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	c, err := FitCharNGrams([]string{"alpha", "omega"}, CharOptions{MinDF: 1})
	if err != nil || c.Len() != 24 { // 5 + 4 + 3 per word
		t.Errorf("min_df 1 keeps every n-gram: %v, %d n-grams, want 24", err, c.Len())
	}
}

// charFeaturizer is the stance corpus's bag of words followed by a char n-gram block, each
// block's row as it comes (enough to train and save a model that carries the block).
type charFeaturizer struct {
	words *bow
	char  *CharNGrams
}

func (f *charFeaturizer) Dim() int { return f.words.Dim() + f.char.Len() }

func (f *charFeaturizer) FeatureName(i int) string {
	if i < f.words.Dim() {
		return f.words.FeatureName(i)
	}
	return f.char.FeatureName(i - f.words.Dim())
}

func (f *charFeaturizer) Features(t models.Text) Vec {
	v := f.words.Features(t)
	idx, val := f.char.Row(t.Text)
	for k, j := range idx {
		v.Idx = append(v.Idx, f.words.Dim()+j)
		v.Val = append(v.Val, val[k])
	}
	return v
}

// A model carrying its char n-gram block saves it and loads it back: the same block, the same
// scores through a featurizer rebuilt from the loaded block, and the same bytes when saved again.
func TestSaveLoadCharNGrams(t *testing.T) {
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
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()
	if !strings.Contains(saved, `"CharNGrams":{"MinN":3,"MaxN":5,"MinDF":2,"SmoothIDF":true,"SublinearTF":true,"N":24,"Grams":[`) {
		t.Errorf("saved model lacks the char block: %.300s", saved[strings.Index(saved, `"CharNGrams"`):])
	}
	l, err := Load(strings.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	lc := l.CharNGrams
	if lc == nil || !slices.Equal(lc.Grams, c.Grams) || !slices.Equal(lc.DF, c.DF) || !slices.Equal(lc.IDF, c.IDF) ||
		lc.N != c.N || lc.MinN != c.MinN || lc.MaxN != c.MaxN || lc.MinDF != c.MinDF || lc.SmoothIDF != c.SmoothIDF || lc.SublinearTF != c.SublinearTF {
		t.Fatalf("char block changed after load")
	}
	if lc.table == nil {
		t.Error("Load did not build the n-gram index")
	}
	s := WithFeaturizer(m, f)
	ls := WithFeaturizer(l, &charFeaturizer{words: f.words, char: lc})
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
	// A lookup without the index (a block decoded by hand) finds the same columns.
	bare := *lc
	bare.table = nil
	for _, tx := range texts {
		ai, av := lc.Row(tx.Text)
		bi, bv := bare.Row(tx.Text)
		if !slices.Equal(ai, bi) || !slices.Equal(av, bv) {
			t.Errorf("%q: binary search and index disagree", tx.Text)
		}
	}

	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"unsorted n-grams", `"Grams":["`, `"Grams":["zzz`, "not in strictly ascending order"},
		{"df above n", `"DF":[`, `"DF":[99`, "df 99"},
		{"an idf too many", `"IDF":[`, `"IDF":[` + "1,", "n-grams, 658 df and 659 idf"},
		{"bad lengths", `"MinN":3`, `"MinN":0`, "lengths 0..5"},
		{"min_df 0", `"MinDF":2`, `"MinDF":0`, "MinDF 0"},
		{"unknown field in the block", `"MinN":3`, `"Extra":1,"MinN":3`, "unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(strings.Replace(saved, tc.from, tc.to, 1)))
			if err == nil || !strings.HasPrefix(err.Error(), "classifier: load: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// A model saved before the char n-gram block existed (testdata/model_v1_before_char_ngrams.json,
// written by the code at 64c4538 from trainedStance) still loads, has no block, and saves to the
// same bytes as the same model trained now.
func TestLoadModelBeforeCharNGrams(t *testing.T) {
	old, err := os.ReadFile("testdata/model_v1_before_char_ngrams.json")
	if err != nil {
		t.Fatal(err)
	}
	l, err := Load(bytes.NewReader(old))
	if err != nil {
		t.Fatal(err)
	}
	if l.CharNGrams != nil {
		t.Error("an old model loaded with a char block")
	}
	m, f := trainedStance(t)
	var now bytes.Buffer
	if err := WithFeaturizer(m, f).(*Model).Save(&now); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(now.Bytes(), old) {
		t.Error("the same model saves differently now than before the char block existed")
	}
	texts, _ := stanceCorpus()
	s, ls := WithFeaturizer(m, f), WithFeaturizer(l, f)
	for _, tx := range texts {
		if a, b := s.Score(tx), ls.Score(tx); !sameScore(a, b) {
			t.Errorf("%s: the old model scores differently", tx.Text)
		}
	}
}
