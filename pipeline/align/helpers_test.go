package align

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// doc is a test version: marker and text per provision, in order.
type doc struct {
	id    string
	provs [][2]string // marker, text
}

// terms lower-cases text and returns its runs of letters and digits.
func terms(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// build turns test versions into Items with TF-IDF vectors: raw term counts times the smoothed
// idf ln((1+N)/(1+df))+1 over every provision of every version given, L2-normalised; term
// indices are positions in the sorted vocabulary. Words are strings.Fields of the text.
func build(docs ...doc) [][]Item {
	df := map[string]int{}
	N := 0
	for _, d := range docs {
		for _, p := range d.provs {
			N++
			seen := map[string]bool{}
			for _, t := range terms(p[1]) {
				if !seen[t] {
					seen[t] = true
					df[t]++
				}
			}
		}
	}
	vocab := make([]string, 0, len(df))
	for t := range df {
		vocab = append(vocab, t)
	}
	sort.Strings(vocab)
	col := map[string]int{}
	for i, t := range vocab {
		col[t] = i
	}
	out := make([][]Item, len(docs))
	for k, d := range docs {
		used := map[string]bool{}
		for o, p := range d.provs {
			id := d.id + ":" + p[0]
			if used[id] { // repeated marker: keep ids unique
				id += "#" + strconv.Itoa(o+1)
			}
			used[id] = true
			tf := map[int]float64{}
			for _, t := range terms(p[1]) {
				tf[col[t]]++
			}
			var v SparseVec
			for c := range tf {
				v.Idx = append(v.Idx, c)
			}
			sort.Ints(v.Idx)
			var norm float64
			for _, c := range v.Idx {
				w := tf[c] * (math.Log(float64(1+N)/float64(1+df[vocab[c]])) + 1)
				v.Val = append(v.Val, w)
				norm += w * w
			}
			for i := range v.Val {
				v.Val[i] /= math.Sqrt(norm)
			}
			out[k] = append(out[k], Item{
				ID: id, Marker: p[0], Ordinal: o + 1,
				Text: p[1], Words: strings.Fields(p[1]), Vec: v,
			})
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// fold builds the folded text foldEqual compares (the definition it is tested against):
// lower-cased, typographic quotes folded to ' and ", runs of white space folded to one space,
// trimmed. An item with no Text is compared on its Words.
func fold(it Item) string {
	s := it.Text
	if strings.TrimSpace(s) == "" {
		s = strings.Join(it.Words, " ")
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch r {
		case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u0060', '\u00B4':
			r = '\''
		case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u00AB', '\u00BB':
			r = '"'
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
