package classifier

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// Character n-gram defaults: scikit-learn's TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5),
// min_df=2).
const (
	DefaultCharMinN  = 3
	DefaultCharMaxN  = 5
	DefaultCharMinDF = 2
	// maxCharN bounds the n-gram length a fitted block or an option may ask for.
	maxCharN = 16
)

// CharOptions configure FitCharNGrams. The zero value means 3- to 5-grams, min_df 2, idf
// ln(n/df)+1 and raw counts; set SmoothIDF and SublinearTF as the word block of the features does.
type CharOptions struct {
	// MinN and MaxN bound the n-gram lengths in characters (code points); 0 means
	// DefaultCharMinN / DefaultCharMaxN.
	MinN, MaxN int
	// MinDF drops n-grams found in fewer than MinDF training texts; 0 means DefaultCharMinDF (1
	// keeps everything).
	MinDF int
	// SmoothIDF uses idf = ln((1+n)/(1+df))+1, otherwise ln(n/df)+1 (scikit-learn's smooth_idf).
	SmoothIDF bool
	// SublinearTF replaces a count tf by 1+ln(tf) (scikit-learn's sublinear_tf).
	SublinearTF bool
}

// CharNGrams is a fitted block of TF-IDF character n-gram features, the counterpart of
// scikit-learn's TfidfVectorizer(analyzer="char_wb", ngram_range=(MinN, MaxN), min_df=MinDF,
// smooth_idf=SmoothIDF, sublinear_tf=SublinearTF, norm="l2") fitted on N texts: Grams are the kept
// n-grams in ascending byte order, DF their document frequencies and IDF their weights. It is
// saved with the model (Model.CharNGrams), so a loaded model can rebuild its featurizer. A
// CharNGrams is read-only once fitted or loaded and may be shared between goroutines.
type CharNGrams struct {
	MinN, MaxN  int
	MinDF       int
	SmoothIDF   bool
	SublinearTF bool
	N           int
	Grams       []string
	DF          []int
	IDF         []float64

	table *gramTable // built by FitCharNGrams and Load; nil means binary search over Grams
}

// CharWBGrams returns the character n-grams of text as scikit-learn's char_wb analyzer does
// (CountVectorizer._char_wb_ngrams after lowercasing): the text is lower-cased (strings.ToLower)
// and split at white space (Unicode White_Space, plus U+001C..U+001F as Python's str.split), each
// word is padded with one space on each side, and for n = minN..maxN every run of n code points
// of the padded word is an n-gram; a padded word of at most n code points gives itself once and
// no longer n-grams. N-grams never cross words. Punctuation stays part of its word. The result is
// in text order, n ascending within a word, with repeats.
func CharWBGrams(text string, minN, maxN int) []string {
	var out []string
	charWB(text, minN, maxN, func(g string) { out = append(out, g) })
	return out
}

// isPySpace is Python's str.isspace for one code point.
func isPySpace(r rune) bool { return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f) }

// charWB calls emit with every char_wb n-gram of text (see CharWBGrams). The n-grams are
// substrings of one padded word at a time; emit must copy them to keep them.
func charWB(text string, minN, maxN int, emit func(string)) {
	if minN < 1 || maxN < minN {
		return
	}
	var starts []int // byte offset of each code point of the padded word, then its length
	for _, word := range strings.FieldsFunc(strings.ToLower(text), isPySpace) {
		w := " " + word + " "
		starts = starts[:0]
		for i := range w {
			starts = append(starts, i)
		}
		n := len(starts) // code points
		starts = append(starts, len(w))
		for k := minN; k <= maxN; k++ {
			if n <= k { // a short padded word counts once, as itself
				emit(w)
				break
			}
			for off := 0; off+k <= n; off++ {
				emit(w[starts[off]:starts[off+k]])
			}
		}
	}
}

func (o CharOptions) resolve() (CharOptions, error) {
	if o.MinN == 0 {
		o.MinN = DefaultCharMinN
	}
	if o.MaxN == 0 {
		o.MaxN = DefaultCharMaxN
	}
	if o.MinDF == 0 {
		o.MinDF = DefaultCharMinDF
	}
	switch {
	case o.MinN < 1 || o.MaxN < o.MinN || o.MaxN > maxCharN:
		return o, fmt.Errorf("n-gram lengths %d..%d: want 1 <= min <= max <= %d", o.MinN, o.MaxN, maxCharN)
	case o.MinDF < 1:
		return o, fmt.Errorf("MinDF %d: want >= 0 (0: the default, %d)", o.MinDF, DefaultCharMinDF)
	}
	return o, nil
}

// FitCharNGrams counts, for every char_wb n-gram (CharWBGrams), the number of texts it occurs in,
// keeps those found in at least MinDF texts and computes their idf over len(texts) texts, as
// scikit-learn's TfidfVectorizer.fit does. No text at all, or no n-gram left, is an error.
func FitCharNGrams(texts []string, opt CharOptions) (*CharNGrams, error) {
	o, err := opt.resolve()
	if err != nil {
		return nil, fmt.Errorf("classifier: char n-grams: %w", err)
	}
	if len(texts) == 0 {
		return nil, errors.New("classifier: char n-grams: no training texts")
	}
	grams, df, idf := fitGrams(texts, o.MinDF, o.SmoothIDF, func(t string, emit func(string)) {
		charWB(t, o.MinN, o.MaxN, emit)
	})
	if len(grams) == 0 {
		return nil, fmt.Errorf("classifier: char n-grams: no n-gram occurs in %d of the %d training texts", o.MinDF, len(texts))
	}
	c := &CharNGrams{MinN: o.MinN, MaxN: o.MaxN, MinDF: o.MinDF, SmoothIDF: o.SmoothIDF,
		SublinearTF: o.SublinearTF, N: len(texts), Grams: grams, DF: df, IDF: idf}
	c.buildIndex()
	return c, nil
}

// fitGrams counts the texts each feature string of gen occurs in (gen calls emit with every
// feature of one text, with repeats; emit copies what it keeps), keeps those found in at least
// minDF texts, in ascending byte order, and returns them with their document frequencies and
// idf (charIDF over len(texts) texts). Shared by FitCharNGrams and FitWordBigrams.
func fitGrams(texts []string, minDF int, smooth bool, gen func(text string, emit func(string))) (grams []string, df []int, idf []float64) {
	count := map[string]int{}
	seen := map[string]bool{}
	for _, t := range texts {
		clear(seen)
		gen(t, func(g string) {
			if !seen[g] {
				seen[strings.Clone(g)] = true
			}
		})
		for g := range seen {
			count[g]++
		}
	}
	for g, d := range count {
		if d >= minDF {
			grams = append(grams, g)
		}
	}
	slices.Sort(grams)
	df = make([]int, len(grams))
	idf = make([]float64, len(grams))
	for i, g := range grams {
		df[i] = count[g]
		idf[i] = charIDF(df[i], len(texts), smooth)
	}
	return grams, df, idf
}

// checkGrams reports inconsistent fitted features (noun names one, e.g. "n-gram"): none, lengths
// that differ, features empty or not strictly ascending, a df outside [1, n], an idf not finite
// and positive.
func checkGrams(noun string, grams []string, df []int, idf []float64, n int) error {
	switch {
	case len(grams) == 0:
		return fmt.Errorf("no %ss", noun)
	case len(df) != len(grams) || len(idf) != len(grams):
		return fmt.Errorf("%d %ss, %d df and %d idf", len(grams), noun, len(df), len(idf))
	}
	for i, g := range grams {
		if g == "" || (i > 0 && g <= grams[i-1]) {
			return fmt.Errorf("%s %d (%q) is empty or not in strictly ascending order", noun, i, g)
		}
		if df[i] < 1 || df[i] > n {
			return fmt.Errorf("df %d of %q outside [1, %d]", df[i], g, n)
		}
		if !finite(idf[i]) || idf[i] <= 0 {
			return fmt.Errorf("idf of %q is %v, want finite and > 0", g, idf[i])
		}
	}
	return nil
}

// binarySearchBytes finds g in the ascending grams.
func binarySearchBytes(grams []string, g []byte) (int, bool) {
	return slices.BinarySearchFunc(grams, g, func(s string, b []byte) int { return strings.Compare(s, string(b)) })
}

// charIDF is scikit-learn's idf: ln((1+n)/(1+df))+1 when smooth, else ln(n/df)+1.
func charIDF(df, n int, smooth bool) float64 {
	if smooth {
		return math.Log(float64(n+1)/float64(df+1)) + 1
	}
	return math.Log(float64(n)/float64(df)) + 1
}

func (c *CharNGrams) buildIndex() { c.table = newGramTable(c.Grams) }

// Len is the number of n-gram features (0 for a nil block).
func (c *CharNGrams) Len() int {
	if c == nil {
		return 0
	}
	return len(c.Grams)
}

// FeatureName names n-gram j as "char[<n-gram>]", e.g. "char[ sov]" (the brackets delimit the
// padding spaces).
func (c *CharNGrams) FeatureName(j int) string {
	if c == nil || j < 0 || j >= len(c.Grams) {
		return ""
	}
	return "char[" + c.Grams[j] + "]"
}

// Row returns the L2-normalised TF-IDF row of text over the block: idx ascending in [0, Len()),
// val the weights tf·idf (tf the count, or 1+ln(count) with SublinearTF) divided by the row's
// Euclidean norm. A text with no n-gram of the block gives nil, nil.
//
// With the block's hash table (built by FitCharNGrams and Load) nothing is allocated per n-gram:
// the words are padded in a reused buffer, each n-gram's hash is extended one code point at a
// time from the shorter n-gram at the same offset, and the columns are counted in pooled
// scratch, read back in column order without sorting. The row is bit-identical to counting the
// n-grams of CharWBGrams and weighing them with vectorize.WeighColumns (FuzzCharNGramsRow).
func (c *CharNGrams) Row(text string) (idx []int, val []float64) {
	if c.Len() == 0 {
		return nil, nil
	}
	t := c.table
	if t == nil { // a block decoded by hand: binary search
		var cols []int
		charWB(text, c.MinN, c.MaxN, func(g string) {
			if j, ok := slices.BinarySearch(c.Grams, g); ok {
				cols = append(cols, j)
			}
		})
		return vectorize.WeighColumns(cols, c.IDF, c.SublinearTF, vectorize.NormL2)
	}
	s := t.pool.Get().(*rowScratch)
	lower := strings.ToLower(text)
	for i := 0; i < len(lower); {
		r, size := utf8.DecodeRuneInString(lower[i:])
		if isPySpace(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(lower) {
			r, size := utf8.DecodeRuneInString(lower[j:])
			if isPySpace(r) {
				break
			}
			j += size
		}
		c.wordGrams(t, s, lower[i:j])
		i = j
	}
	idx, val = s.row(c.IDF, c.SublinearTF)
	t.pool.Put(s)
	return idx, val
}

// wordGrams counts into s the char_wb n-grams of one word (no white space in it) that are in
// the block: the n-grams charWB gives for the word, in another order.
func (c *CharNGrams) wordGrams(t *gramTable, s *rowScratch, word string) {
	buf := append(append(append(s.buf[:0], ' '), word...), ' ')
	starts := append(s.starts[:0], 0)
	for k := range word { // code points as range over a string sees them (an invalid byte is one)
		starts = append(starts, 1+k)
	}
	starts = append(starts, len(word)+1)
	n := len(starts) // code points of the padded word
	starts = append(starts, len(buf))
	s.buf, s.starts = buf, starts
	if n < c.MinN { // shorter than every n: the padded word once, as itself
		if j, ok := t.find(fnvAdd(fnvOffset, buf), buf); ok {
			s.add(j)
		}
		return
	}
	// Every run of k code points for k = MinN..min(MaxN, n): a padded word of n <= MaxN code
	// points gives itself once as its only run of length n, as charWB's "n <= k" case does.
	kmax := min(c.MaxN, n)
	for off := 0; off+c.MinN <= n; off++ {
		a := starts[off]
		h := fnvAdd(fnvOffset, buf[a:starts[off+c.MinN]])
		for k := c.MinN; ; k++ {
			if j, ok := t.find(h, buf[a:starts[off+k]]); ok {
				s.add(j)
			}
			if k == kmax || off+k == n {
				break
			}
			h = fnvAdd(h, buf[starts[off+k]:starts[off+k+1]])
		}
	}
}

// check reports an inconsistent block (as may come out of a decoded file).
func (c *CharNGrams) check() error {
	switch {
	case c.MinN < 1 || c.MaxN < c.MinN || c.MaxN > maxCharN:
		return fmt.Errorf("char n-grams: lengths %d..%d, want 1 <= min <= max <= %d", c.MinN, c.MaxN, maxCharN)
	case c.MinDF < 1:
		return fmt.Errorf("char n-grams: MinDF %d, want >= 1", c.MinDF)
	case c.N < 1:
		return fmt.Errorf("char n-grams: N %d, want >= 1", c.N)
	}
	if err := checkGrams("n-gram", c.Grams, c.DF, c.IDF, c.N); err != nil {
		return fmt.Errorf("char n-grams: %w", err)
	}
	return nil
}
