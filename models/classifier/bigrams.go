package classifier

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// DefaultBigramMinDF is the word-bigram block's default min_df: a bigram is kept when it occurs in
// at least 2 training texts.
const DefaultBigramMinDF = 2

// BigramOptions configure FitWordBigrams. The zero value means min_df 2, idf ln(n/df)+1 and raw
// counts; set SmoothIDF and SublinearTF as the word block of the features does.
type BigramOptions struct {
	// MinDF drops bigrams found in fewer than MinDF training texts; 0 means DefaultBigramMinDF
	// (1 keeps everything).
	MinDF int
	// SmoothIDF uses idf = ln((1+n)/(1+df))+1, otherwise ln(n/df)+1 (scikit-learn's smooth_idf).
	SmoothIDF bool
	// SublinearTF replaces a count tf by 1+ln(tf) (scikit-learn's sublinear_tf).
	SublinearTF bool
}

// WordBigrams is a fitted block of TF-IDF word-bigram features, the counterpart of
// scikit-learn's TfidfVectorizer(ngram_range=(2, 2), min_df=MinDF, smooth_idf=SmoothIDF,
// sublinear_tf=SublinearTF, norm="l2") with its default analyzer (SklearnWords), fitted on N
// texts: Grams are the kept bigrams ("first second", one space between the two words) in
// ascending byte order, DF their document frequencies and IDF their weights. It is saved with the
// model (Model.WordBigrams), so a loaded model can rebuild its featurizer. A WordBigrams is
// read-only once fitted or loaded and may be shared between goroutines.
type WordBigrams struct {
	MinDF       int
	SmoothIDF   bool
	SublinearTF bool
	N           int
	Grams       []string
	DF          []int
	IDF         []float64

	table *gramTable // built by FitWordBigrams and Load; nil means binary search over Grams
}

// isPyWord is Python's \w in a str pattern, as far as Go's Unicode tables tell: a letter
// (categories Lu, Ll, Lt, Lm, Lo), a number (Nd, Nl, No) or the underscore. Combining marks are
// not word characters, as in Python.
func isPyWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// SklearnWords returns the words of text as scikit-learn's default word analyzer finds them:
// the text lower-cased (strings.ToLower, Python's str.lower for all but a few special cases such
// as U+0130), then every match of the token pattern (?u)\b\w\w+\b, which is every maximal run of
// at least two word characters (isPyWord). Punctuation, white space and one-character words
// are dropped; no stop word is removed.
func SklearnWords(text string) []string {
	var out []string
	sklearnWords(strings.ToLower(text), func(w string) { out = append(out, w) })
	return out
}

// sklearnWords calls emit with each word of an already lower-cased text (see SklearnWords); the
// words are substrings of lower.
func sklearnWords(lower string, emit func(string)) {
	start, n := -1, 0 // byte offset of the current run of word characters, and its length in code points
	for i, r := range lower {
		if isPyWord(r) {
			if start < 0 {
				start, n = i, 0
			}
			n++
			continue
		}
		if start >= 0 && n >= 2 {
			emit(lower[start:i])
		}
		start = -1
	}
	if start >= 0 && n >= 2 {
		emit(lower[start:])
	}
}

// WordBigramsOf returns the word bigrams of text as scikit-learn's TfidfVectorizer with
// ngram_range=(2, 2) builds them: each pair of consecutive words of SklearnWords joined by one
// space, in text order, with repeats. Pairs cross sentence boundaries, as in scikit-learn; a text
// of fewer than two words has none.
func WordBigramsOf(text string) []string {
	var out []string
	wordBigrams(text, nil, func(g []byte) { out = append(out, string(g)) })
	return out
}

// wordBigrams calls emit with each bigram of text (see WordBigramsOf), built in buf (reused,
// returned grown); emit must copy the bytes to keep them.
func wordBigrams(text string, buf []byte, emit func([]byte)) []byte {
	prev := ""
	sklearnWords(strings.ToLower(text), func(w string) {
		if prev != "" {
			buf = append(append(append(buf[:0], prev...), ' '), w...)
			emit(buf)
		}
		prev = w
	})
	return buf
}

func (o BigramOptions) resolve() (BigramOptions, error) {
	if o.MinDF == 0 {
		o.MinDF = DefaultBigramMinDF
	}
	if o.MinDF < 1 {
		return o, fmt.Errorf("MinDF %d: want >= 0 (0: the default, %d)", o.MinDF, DefaultBigramMinDF)
	}
	return o, nil
}

// FitWordBigrams counts, for every word bigram (WordBigramsOf), the number of texts it occurs in,
// keeps those found in at least MinDF texts and computes their idf over len(texts) texts, as
// scikit-learn's TfidfVectorizer.fit does. No text at all, or no bigram left, is an error.
func FitWordBigrams(texts []string, opt BigramOptions) (*WordBigrams, error) {
	o, err := opt.resolve()
	if err != nil {
		return nil, fmt.Errorf("classifier: word bigrams: %w", err)
	}
	if len(texts) == 0 {
		return nil, errors.New("classifier: word bigrams: no training texts")
	}
	grams, df, idf := fitGrams(texts, o.MinDF, o.SmoothIDF, func(t string, emit func(string)) {
		wordBigrams(t, nil, func(g []byte) { emit(string(g)) })
	})
	if len(grams) == 0 {
		return nil, fmt.Errorf("classifier: word bigrams: no bigram occurs in %d of the %d training texts", o.MinDF, len(texts))
	}
	b := &WordBigrams{MinDF: o.MinDF, SmoothIDF: o.SmoothIDF, SublinearTF: o.SublinearTF, N: len(texts),
		Grams: grams, DF: df, IDF: idf}
	b.buildIndex()
	return b, nil
}

func (b *WordBigrams) buildIndex() { b.table = newGramTable(b.Grams) }

// Len is the number of bigram features (0 for a nil block).
func (b *WordBigrams) Len() int {
	if b == nil {
		return 0
	}
	return len(b.Grams)
}

// FeatureName names bigram j as "bigram[<first> <second>]", e.g. "bigram[information space]".
func (b *WordBigrams) FeatureName(j int) string {
	if b == nil || j < 0 || j >= len(b.Grams) {
		return ""
	}
	return "bigram[" + b.Grams[j] + "]"
}

// Row returns the L2-normalised TF-IDF row of text over the block: idx ascending in [0, Len()),
// val the weights tf·idf (tf the count, or 1+ln(count) with SublinearTF) divided by the row's
// Euclidean norm. A text with no bigram of the block gives nil, nil.
//
// With the block's hash table (built by FitWordBigrams and Load) the bigrams are built in a
// reused buffer and counted in pooled scratch, as CharNGrams.Row does; the row is bit-identical
// to counting WordBigramsOf and weighing with vectorize.WeighColumns (FuzzWordBigramsRow).
func (b *WordBigrams) Row(text string) (idx []int, val []float64) {
	if b.Len() == 0 {
		return nil, nil
	}
	t := b.table
	if t == nil { // a block decoded by hand: binary search
		var cols []int
		wordBigrams(text, nil, func(g []byte) {
			if j, ok := binarySearchBytes(b.Grams, g); ok {
				cols = append(cols, j)
			}
		})
		return vectorize.WeighColumns(cols, b.IDF, b.SublinearTF, vectorize.NormL2)
	}
	s := t.pool.Get().(*rowScratch)
	s.buf = wordBigrams(text, s.buf, func(g []byte) {
		if j, ok := t.find(fnvAdd(fnvOffset, g), g); ok {
			s.add(j)
		}
	})
	idx, val = s.row(b.IDF, b.SublinearTF)
	t.pool.Put(s)
	return idx, val
}

// check reports an inconsistent block (as may come out of a decoded file).
func (b *WordBigrams) check() error {
	switch {
	case b.MinDF < 1:
		return fmt.Errorf("word bigrams: MinDF %d, want >= 1", b.MinDF)
	case b.N < 1:
		return fmt.Errorf("word bigrams: N %d, want >= 1", b.N)
	}
	if err := checkGrams("bigram", b.Grams, b.DF, b.IDF, b.N); err != nil {
		return fmt.Errorf("word bigrams: %w", err)
	}
	for _, g := range b.Grams {
		if !utf8.ValidString(g) || strings.Count(g, " ") != 1 || g[0] == ' ' || g[len(g)-1] == ' ' {
			return fmt.Errorf("word bigrams: %q is not two words joined by one space", g)
		}
	}
	return nil
}
