package reuse

import (
	"unicode"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// Provision is one provision as this package sees it.
type Provision struct {
	ID, DocID, Instrument string
	// Date is "YYYY-MM-DD", "YYYY-MM", "YYYY" or "" (unknown); it orients source -> target.
	Date string
	// Order is the document's input order; it breaks date ties and stands in for missing dates.
	Order int
	Text  string
	// Words are the word tokens of Text with byte offsets into it. Tokens without a letter or
	// digit (punctuation) and tokens whose offsets are outside Text are ignored. nil means
	// Tokenize(Text).
	Words []Word
}

// Word is one token: Text (as written) and its byte offsets into the provision's Text. It is
// the linguistic layer's token type, so the pipeline hands its tokens over without a copy.
type Word = tokenize.Token

// Tokenize splits text at white space and trims each piece of leading and trailing runes that
// are neither letters, digits nor marks; pieces left empty are dropped. Inner punctuation
// stays ("civil-society", "[i]nternational" -> "i]nternational"), and word keys ignore it.
func Tokenize(text string) []Word {
	var out []Word
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += n
		}
		s, e := i, j
		for s < e {
			r, n := utf8.DecodeRuneInString(text[s:e])
			if isWordRune(r) {
				break
			}
			s += n
		}
		for e > s {
			r, n := utf8.DecodeLastRuneInString(text[s:e])
			if isWordRune(r) {
				break
			}
			e -= n
		}
		if s < e {
			out = append(out, Word{Text: text[s:e], Start: s, End: e})
		}
		i = j
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// wordKey is the comparison form of a word: its letters, digits and marks, lower-cased. ""
// means the token is not a word.
func wordKey(s string) string { return string(appendKey(nil, s)) }

// appendKey appends the comparison form of word s to dst.
func appendKey(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			dst = append(dst, c)
		case 'A' <= c && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		case c < utf8.RuneSelf:
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if isWordRune(r) {
				dst = utf8.AppendRune(dst, unicode.ToLower(r))
			}
			i += n - 1
		}
	}
	return dst
}

// seq is a word list prepared for comparison: ids[k] is the 64-bit hash of the key of the kept
// (content) word words[idx[k]].
type seq struct {
	ids   []uint64
	idx   []int32
	words []Word
}

// span gives the byte span covered by kept words [i, j) (j > i): the smallest Start and the
// largest End, so words given out of order cannot produce an inverted span.
func (s *seq) span(i, j int) (int, int) {
	lo, hi := s.words[s.idx[i]].Start, s.words[s.idx[i]].End
	for k := i + 1; k < j; k++ {
		w := s.words[s.idx[k]]
		lo, hi = min(lo, w.Start), max(hi, w.End)
	}
	return lo, hi
}

// interner turns words into the 64-bit FNV-1a hashes of their keys. Words are compared by
// hash; two different keys collide with probability about 2^-64 per pair, far below any error
// that matters here, and hashing needs no shared dictionary (so no map grows with the corpus).
type interner struct {
	opt *Options
	buf []byte
}

func newInterner(opt *Options) *interner { return &interner{opt: opt} }

// fnv1a is the 64-bit FNV-1a hash of b.
func fnv1a(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// key returns the hash of a raw token's key, and false when it is not a word or is a stop
// word. Stop words are looked up lower-cased; other words are stemmed under Options.Stem.
func (in *interner) key(text string) (uint64, bool) {
	in.buf = appendKey(in.buf[:0], text)
	if len(in.buf) == 0 {
		return 0, false
	}
	h := fnv1a(in.buf)
	if st := in.opt.stops; st != nil {
		if st.has(h, in.buf) {
			return 0, false
		}
	} else if in.opt.StopWords[string(in.buf)] {
		return 0, false
	}
	if in.opt.Stem {
		h = fnv1a([]byte(vectorize.CachedStem(string(in.buf))))
	}
	return h, true
}

// stopTable is a set of stop words looked up by the FNV-1a hash of the key, which the
// interner computes anyway: an open-addressing table of the words, compared in full, so it
// answers as the map it is built from does. Looking keys up in the default stop words' map
// (hashing each key a second time) was 58% of Shingles' time on the 10MB bench corpus.
type stopTable struct {
	slots []string // a power of two of them, "" for none
}

// newStopTable builds the table of the words set in m.
func newStopTable(m map[string]bool) *stopTable {
	n := 1
	for n < 4*len(m) {
		n *= 2
	}
	t := &stopTable{slots: make([]string, n)}
	for w, ok := range m {
		if !ok || w == "" {
			continue
		}
		k := fnv1a([]byte(w)) & uint64(n-1)
		for t.slots[k] != "" {
			k = (k + 1) & uint64(n-1)
		}
		t.slots[k] = w
	}
	return t
}

// has reports whether key, of FNV-1a hash h, is in the table.
func (t *stopTable) has(h uint64, key []byte) bool {
	mask := uint64(len(t.slots) - 1)
	for k := h & mask; t.slots[k] != ""; k = (k + 1) & mask {
		if t.slots[k] == string(key) {
			return true
		}
	}
	return false
}

// prepare keeps the tokens of words that are content words (not stop words) and, when
// textLen >= 0, lie inside a text of that length, and hashes their keys.
func (in *interner) prepare(words []Word, textLen int) seq {
	s := seq{ids: make([]uint64, 0, len(words)), idx: make([]int32, 0, len(words)), words: words}
	for i, w := range words {
		if textLen >= 0 && (w.Start < 0 || w.End < w.Start || w.End > textLen) {
			continue
		}
		id, ok := in.key(w.Text)
		if !ok {
			continue
		}
		s.ids = append(s.ids, id)
		s.idx = append(s.idx, int32(i))
	}
	return s
}

// prepareProvision is prepare for a provision (nil Words means Tokenize(Text)).
func (in *interner) prepareProvision(p *Provision) seq {
	return in.prepare(provisionWords(p), len(p.Text))
}

// provisionWords is p's Words, or Tokenize(Text) when nil.
func provisionWords(p *Provision) []Word {
	if p.Words == nil {
		return Tokenize(p.Text)
	}
	return p.Words
}

// appendIDs appends the hashes of the keys of the content words of words, a provision's words
// of a text of length textLen, to dst: prepareProvision's ids, without the words' positions.
func (in *interner) appendIDs(dst []uint64, words []Word, textLen int) []uint64 {
	for _, w := range words {
		if w.Start < 0 || w.End < w.Start || w.End > textLen {
			continue
		}
		if id, ok := in.key(w.Text); ok {
			dst = append(dst, id)
		}
	}
	return dst
}
