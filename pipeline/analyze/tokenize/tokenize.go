package tokenize

import (
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one token of an input string. Text is always input[Start:End]
// (byte offsets), so every downstream result can point back at the text.
// Where prose rewrites characters (curly quotes, "&rsquo;"), Text keeps the
// original bytes; ProseText returns the rewritten form prose would report.
type Token struct {
	Text       string
	Start, End int
}

// ProseText returns the token text as prose's tokenizer reports it, i.e.
// Text with prose's character rewrites applied (see Sanitize).
func (t Token) ProseText() string { return Sanitize(t.Text) }

// Tokenize splits s into tokens exactly as prose's iterTokenizer (the one
// prose.NewDocument uses) does, and records byte offsets into s.
func Tokenize(s string) []Token {
	return AppendTokens(make([]Token, 0, len(s)/5+1), s)
}

// AppendTokens appends the tokens of s to dst and returns the extended
// slice. It allocates only when dst must grow or when a whitespace-delimited
// chunk contains a character prose rewrites.
//
// One table lookup per byte finds the chunk ends and, on the way, whether a
// chunk holds a byte that can start a rewrite ('&', 0xE2) or an apostrophe:
// most chunks hold neither, and then needsSanitize's second pass and
// splitChunk's apostrophe search are skipped (they took 17% and 17% of
// BenchmarkTokenize's CPU; with the table: 125 instead of 87 MB per CPU
// second, median of 9 interleaved runs). FuzzAppendTokensSimple compares
// this with the plain implementation (appendTokensSimple in the tests).
//
// A chunk without any byte splitChunk looks at (clPunct, clSan, clApos: most
// words) is one token, the chunk itself, appended here without appendChunk,
// splitChunk and isSpecial (they were two thirds of the tokeniser's
// instructions on the 10MB bench corpus).
func AppendTokens(dst []Token, s string) []Token {
	i := 0
	for i < len(s) {
		// Skip whitespace.
		c := byteClass[s[i]]
		if c&clSpace != 0 {
			i++
			continue
		}
		size := 1
		if c&clMulti != 0 {
			var r rune
			if r, size = utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
				i += size
				continue
			}
		}
		// Find the end of the non-space chunk.
		seen := c
		j := i + size
		for j < len(s) {
			c := byteClass[s[j]]
			if c == 0 {
				j++
				continue
			}
			if c&clSpace != 0 {
				break
			}
			if c&clMulti != 0 {
				r, size := utf8.DecodeRuneInString(s[j:])
				if unicode.IsSpace(r) {
					break
				}
				seen |= c
				j += size
				continue
			}
			seen |= c
			j++
		}
		if seen&(clPunct|clSan|clApos) == 0 {
			dst = append(dst, Token{Text: s[i:j], Start: i, End: j})
		} else {
			dst = appendChunk(dst, s, i, j, seen)
		}
		i = j
	}
	return dst
}

// Byte classes for AppendTokens' scan (bits of byteClass).
const (
	clSpace = 1 << iota // ASCII white space (unicode.IsSpace below utf8.RuneSelf)
	clMulti             // starts or continues a multi-byte sequence: decode it
	clSan               // '&' or 0xE2: may start a rewrite (see needsSanitize)
	clApos              // '\''
	// clPunct: a byte prose's split peels or matches, other than '\'' (isPrefix,
	// isSuffix, isSpecial's '.'). A chunk without clPunct, clSan and clApos bytes
	// is one token: no prefix or suffix to peel, no contraction, and isSpecial,
	// true or not (an emoticon such as "xD"), keeps it whole.
	clPunct
)

var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = clMulti
		case unicode.IsSpace(rune(c)):
			t[c] = clSpace
		}
	}
	t['&'] |= clSan
	t[0xE2] |= clSan
	t['\''] |= clApos
	for _, c := range []byte(`$("[,)]!;.?:`) {
		t[c] |= clPunct
	}
	return t
}()

// appendChunk tokenizes the chunk s[a:b], which holds no whitespace; seen
// has the byteClass bits of its bytes (at least clSan and clApos when the
// chunk holds such a byte).
func appendChunk(dst []Token, s string, a, b int, seen uint8) []Token {
	chunk := s[a:b]
	if seen&clSan == 0 || !needsSanitize(chunk) {
		return splitChunk(dst, s, chunk, nil, a, seen&clApos != 0)
	}
	clean, pos := sanitizeMap(chunk, a)
	return splitChunk(dst, s, clean, pos, a, true) // rewrites may add apostrophes
}

// splitChunk is prose's doSplit over the sanitized chunk t. pos maps an index
// into t to an offset into s; nil means t == s[base:base+len(t)]. apos false
// means t holds no apostrophe, hence no contraction.
func splitChunk(dst []Token, s, t string, pos []int, base int, apos bool) []Token {
	lo, hi := 0, len(t)
	for lo < hi {
		tok := t[lo:hi]
		if isSpecial(tok) {
			dst = emit(dst, s, pos, base, lo, hi)
			break
		}
		if len(tok) > 1 && isPrefix(tok[0]) {
			dst = emit(dst, s, pos, base, lo, lo+1)
			lo++
			continue
		}
		idx := -1
		if apos && strings.IndexByte(tok, '\'') >= 0 { // every contraction has one
			if idx = contractionIndex(tok); idx < 0 {
				idx = indexFold(tok, "n't")
			}
		}
		if idx > 0 {
			dst = emit(dst, s, pos, base, lo, lo+idx)
			lo += idx
			continue
		}
		if idx == 0 {
			// prose makes no progress here and stops: the rest of the
			// token (but not its peeled suffixes) is dropped.
			break
		}
		if len(tok) > 1 && isSuffix(tok[len(tok)-1]) {
			hi--
			continue
		}
		dst = emit(dst, s, pos, base, lo, hi)
		break
	}
	// Suffix punctuation peeled from the end, in text order.
	for k := hi; k < len(t); k++ {
		dst = emit(dst, s, pos, base, k, k+1)
	}
	return dst
}

func isPrefix(c byte) bool { return c == '$' || c == '(' || c == '"' || c == '[' }

func isSuffix(c byte) bool {
	switch c {
	case ',', ')', '"', ']', '!', ';', '.', '?', ':', '\'':
		return true
	}
	return false
}

// contractionIndex mirrors prose's hasAnyIndex(lower, {"'ll","'s","'re","'m"}):
// the first pattern in that order that occurs anywhere in tok (case-folded)
// wins, provided tok is longer than the pattern.
func contractionIndex(tok string) int {
	for _, p := range [...]string{"'ll", "'s", "'re", "'m"} {
		if i := indexFold(tok, p); i >= 0 {
			return i
		}
	}
	return -1
}

// indexFold returns the first index of the lower-case ASCII pattern p in s
// under ASCII case folding, or -1; like prose it requires len(s) > len(p).
func indexFold(s, p string) int {
	if len(s) <= len(p) {
		return -1
	}
	for i := 0; i+len(p) <= len(s); i++ {
		k := 0
		for ; k < len(p); k++ {
			c := s[i+k]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != p[k] {
				break
			}
		}
		if k == len(p) {
			return i
		}
	}
	return -1
}

// isSpecial mirrors prose's isSpecial: an emoticon, or a match of
// ^(?:[A-Za-z]\.){2,}$|^[A-Z][a-z]{1,2}\.$ (abbreviations like "U.N." and "Mrs.").
func isSpecial(tok string) bool {
	if IsEmoticon(tok) {
		return true
	}
	n := len(tok)
	if n >= 4 && n%2 == 0 {
		ok := true
		for k := 0; k < n; k += 2 {
			if !isASCIILetter(tok[k]) || tok[k+1] != '.' {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	if (n == 3 || n == 4) && tok[n-1] == '.' && 'A' <= tok[0] && tok[0] <= 'Z' {
		for k := 1; k < n-1; k++ {
			if tok[k] < 'a' || tok[k] > 'z' {
				return false
			}
		}
		return true
	}
	return false
}

func isASCIILetter(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }

// IsEmoticon reports whether s is one of prose's emoticons, which its
// tokenizer keeps whole and its tagger tags SYM.
//
// Before the map lookup, s's first two bytes must begin some emoticon: the
// length test alone sent common words such as "of", "or" and "on" (emoticons
// "o_0", "o_O", "o_o") and every short bracketed token to the map.
func IsEmoticon(s string) bool {
	if len(s) < 2 || len(s) > int(emoticonMaxLen[s[0]]) {
		return false
	}
	if emoticonSecond[emoticonFirst[s[0]]][s[1]>>6]&(1<<(s[1]&63)) == 0 {
		return false
	}
	_, ok := emoticons[s]
	return ok
}

// emoticonMaxLen is, per first byte, the longest emoticon starting with it.
// Every emoticon has at least two bytes (TestIsEmoticon).
var emoticonMaxLen = func() (m [256]uint8) {
	for e := range emoticons {
		m[e[0]] = max(m[e[0]], uint8(len(e)))
	}
	return m
}()

// emoticonFirst numbers the bytes that start an emoticon from 1 (0: none);
// emoticonSecond[emoticonFirst[a]] is the set of bytes b (a bit per byte) for
// which some emoticon starts with a, b.
var emoticonFirst, emoticonSecond = func() (first [256]uint8, second [][4]uint64) {
	second = make([][4]uint64, 1, 16)
	for _, e := range slices.Sorted(maps.Keys(emoticons)) {
		if first[e[0]] == 0 {
			first[e[0]] = uint8(len(second))
			second = append(second, [4]uint64{})
		}
		second[first[e[0]]][e[1]>>6] |= 1 << (e[1] & 63)
	}
	return first, second
}()

// emoticons is prose v2.0.0's emoticon list (tokenize.go), verbatim.
var emoticons = map[string]struct{}{
	"(-8": {}, "(-;": {}, "(-_-)": {}, "(._.)": {}, "(:": {}, "(=": {}, "(o:": {},
	"(¬_¬)": {}, "(ಠ_ಠ)": {}, "(╯°□°）╯︵┻━┻": {}, "-__-": {}, "8-)": {}, "8-D": {},
	"8D": {}, ":(": {}, ":((": {}, ":(((": {}, ":()": {}, ":)))": {}, ":-)": {},
	":-))": {}, ":-)))": {}, ":-*": {}, ":-/": {}, ":-X": {}, ":-]": {}, ":-o": {},
	":-p": {}, ":-x": {}, ":-|": {}, ":-}": {}, ":0": {}, ":3": {}, ":P": {}, ":]": {},
	":`(": {}, ":`)": {}, ":`-(": {}, ":o": {}, ":o)": {}, "=(": {}, "=)": {}, "=D": {},
	"=|": {}, "@_@": {}, "O.o": {}, "O_o": {}, "V_V": {}, "XDD": {}, "[-:": {},
	"^___^": {}, "o_0": {}, "o_O": {}, "o_o": {}, "v_v": {}, "xD": {}, "xDD": {},
	"¯\\(ツ)/¯": {},
}

// The rewrites prose's tokenizer applies before splitting (its "sanitizer").
const (
	ldquo = "\u201c" // “ -> "
	rdquo = "\u201d" // ” -> "
	lsquo = "\u2018" // ‘ -> '
	rsquo = "\u2019" // ’ -> '
	amp   = "&rsquo;"
)

func needsSanitize(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '&':
			if strings.HasPrefix(s[i:], amp) {
				return true
			}
		case 0xE2:
			if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] >= 0x98 && s[i+2] <= 0x9D && s[i+2] != 0x9A && s[i+2] != 0x9B {
				return true
			}
		}
	}
	return false
}

// rewriteAt reports the replacement byte and the length of the rewritten
// sequence at s[i:], or 0, 0.
func rewriteAt(s string, i int) (byte, int) {
	switch s[i] {
	case '&':
		if strings.HasPrefix(s[i:], amp) {
			return '\'', len(amp)
		}
	case 0xE2:
		if i+2 < len(s) && s[i+1] == 0x80 {
			switch s[i+2] {
			case 0x9C, 0x9D:
				return '"', 3
			case 0x98, 0x99:
				return '\'', 3
			}
		}
	}
	return 0, 0
}

// Sanitize applies prose's tokenizer rewrites to s: curly double quotes
// become a straight double quote, curly single quotes and "&rsquo;" an
// apostrophe. It returns s
// itself (no allocation) when nothing is rewritten.
func Sanitize(s string) string {
	if !needsSanitize(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if c, n := rewriteAt(s, i); n > 0 {
			b.WriteByte(c)
			i += n
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// sanitizeMap returns Sanitize(chunk) and, for each index k of the result
// (and len(result)), the offset in the full input (chunk starts at base).
func sanitizeMap(chunk string, base int) (string, []int) {
	buf := make([]byte, 0, len(chunk))
	pos := make([]int, 0, len(chunk)+1)
	for i := 0; i < len(chunk); {
		pos = append(pos, base+i)
		if c, n := rewriteAt(chunk, i); n > 0 {
			buf = append(buf, c)
			i += n
			continue
		}
		buf = append(buf, chunk[i])
		i++
	}
	pos = append(pos, base+len(chunk))
	return string(buf), pos
}

// emit appends the token for t[lo:hi] (t the sanitized chunk) unless empty.
func emit(dst []Token, s string, pos []int, base, lo, hi int) []Token {
	if lo >= hi {
		return dst
	}
	st, en := base+lo, base+hi
	if pos != nil {
		st, en = pos[lo], pos[hi]
	}
	return append(dst, Token{Text: s[st:en], Start: st, End: en})
}
