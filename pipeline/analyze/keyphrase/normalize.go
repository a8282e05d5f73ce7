package keyphrase

import (
	"unicode"
	"unicode/utf8"
)

// Key returns the merge key of a phrase: the form under which near-duplicates are merged, gold
// phrases are matched and versions are compared (Changes). It
//
//   - lower-cases (strings.ToLower),
//   - turns hyphens into spaces ("confidence-building" = "confidence building"),
//   - deletes square brackets and quotation marks ("[i]nternational" = "international"),
//   - treats every other rune that is not a letter, digit or apostrophe as a space,
//   - drops a possessive "'s" ("State's" = "State"),
//   - drops the determiners "the", "a" and "an",
//   - singularises each word with a small suffix rule set (see singular),
//
// and joins the words with single spaces. Key is total: any string gives a key (maybe "").
func Key(s string) string {
	var buf [64]byte // most keys fit: the key is built on the stack and copied once
	k := appendKey(buf[:0], s)
	if string(k) == s {
		return s // already a key (59% of the calls on the 10MB bench corpus): no copy
	}
	return string(k)
}

// appendKey appends Key(s) to dst. It reads s once and builds each word in place in dst,
// instead of writing a lower-cased copy, splitting it (strings.Fields) and joining the words
// again (strings.Join), which took four allocations and half of Key's time; ASCII runes, nearly
// all of them, skip the unicode tables. Invalid UTF-8 decodes as utf8.RuneError, not a letter,
// so it separates words as strings.ToValidUTF8(s, " ") made it do. FuzzKey compares it with
// the straightforward implementation (keyReference).
func appendKey(dst []byte, s string) []byte {
	base := len(dst)
	ws := -1 // start of the word being read in dst; -1 between words
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '\'':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case c == '[' || c == ']' || c == '"':
				continue // editorial brackets and double quotes vanish
			default:
				dst, ws = endKeyWord(dst, base, ws), -1
				continue
			}
			if ws < 0 {
				dst, ws = beginKeyWord(dst, base)
			}
			dst = append(dst, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\u201c' || r == '\u201d':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			r = unicode.ToLower(r)
		case r == '\u2019':
			r = '\''
		default:
			dst, ws = endKeyWord(dst, base, ws), -1
			continue
		}
		if ws < 0 {
			dst, ws = beginKeyWord(dst, base)
		}
		dst = utf8.AppendRune(dst, r)
	}
	return endKeyWord(dst, base, ws)
}

// beginKeyWord starts a word of a key that begins at dst[base]: a space after an earlier word.
// It returns dst and the word's start.
func beginKeyWord(dst []byte, base int) ([]byte, int) {
	if len(dst) > base {
		dst = append(dst, ' ')
	}
	return dst, len(dst)
}

// endKeyWord finishes the word dst[ws:] of a key that begins at dst[base] (ws < 0: no word):
// it drops a possessive "'s" and outer apostrophes, removes the word (and the space before it)
// when nothing is left or it is an article, and singularises it otherwise.
func endKeyWord(dst []byte, base, ws int) []byte {
	if ws < 0 {
		return dst
	}
	w := dst[ws:]
	if hasSuffix(w, "'s") { // possessive: "State's" = "State"
		w = w[:len(w)-2]
	}
	for len(w) > 0 && w[len(w)-1] == '\'' {
		w = w[:len(w)-1]
	}
	lead := 0
	for lead < len(w) && w[lead] == '\'' {
		lead++
	}
	if lead > 0 {
		w = w[:copy(w, w[lead:])]
	}
	if len(w) == 0 || string(w) == "the" || string(w) == "a" || string(w) == "an" { // articles
		if ws > base {
			ws-- // the space before the word
		}
		return dst[:ws]
	}
	w = singular(w)
	return dst[:ws+len(w)]
}

// hasSuffix is strings.HasSuffix for a byte slice and a string, without converting either.
func hasSuffix(w []byte, suf string) bool {
	return len(w) >= len(suf) && string(w[len(w)-len(suf):]) == suf
}

// singular strips an English plural ending from a lower-case word, in place: the result is a
// prefix of w, its last byte maybe changed ("ies" -> "y"). It is a lemma-ish rule set, not a
// lemmatiser: it only has to map "measures" and "measure" to the same form. Words of three
// runes or fewer and words ending in -ss, -us, -is, -ous are left alone.
func singular(w []byte) []byte {
	if len(w) <= 3 || utf8.RuneCount(w) <= 3 {
		return w
	}
	switch {
	case hasSuffix(w, "ss"), hasSuffix(w, "us"), hasSuffix(w, "is"):
		return w
	case hasSuffix(w, "ies") && len(w) > 4:
		w[len(w)-3] = 'y'
		return w[:len(w)-2]
	case hasSuffix(w, "sses"), hasSuffix(w, "xes"), hasSuffix(w, "ches"), hasSuffix(w, "shes"):
		return w[:len(w)-2]
	case hasSuffix(w, "s"):
		return w[:len(w)-1]
	}
	return w
}

// The word tests below (isAcronym, startsUpper, isWordText) run on every token of every
// provision; each has an ASCII loop over bytes and falls back to the unicode tables only for a
// word with a non-ASCII byte. TestWordTestsMatchReference and FuzzWordTests hold them to the
// rune-by-rune versions.

// Shape flags of an ASCII word (asciiShapeOf).
const (
	shapeASCII       uint8 = 1 << iota // the word is ASCII; the other flags are set only then
	shapeHasUpper                      // it has an upper-case letter (strings.ToLower changes it)
	shapeStartsUpper                   // startsUpper
	shapeAcronym                       // isAcronym
	shapeWord                          // isWordText
	shapeBracket                       // it has a square bracket (stripBrackets changes it)
)

// Byte bits of asciiShapeOf: what a byte is; 0 for the bytes allowed in a word that are not
// letters (0-9 - ' .).
const (
	bitLower    uint8 = 1 << iota // a-z
	bitUpper                      // A-Z
	bitOther                      // not allowed in a word (isWordText)
	bitBracket                    // [ or ] (bitOther too)
	bitNonASCII                   // 0x80 and above
)

// byteBits are the byte bits of each byte for asciiShapeOf.
var byteBits = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= 0x80:
			t[c] = bitNonASCII
		case 'a' <= c && c <= 'z':
			t[c] = bitLower
		case 'A' <= c && c <= 'Z':
			t[c] = bitUpper
		case '0' <= c && c <= '9', c == '-', c == '\'', c == '.':
		case c == '[', c == ']':
			t[c] = bitOther | bitBracket
		default:
			t[c] = bitOther
		}
	}
	return t
}()

// asciiShapeOf returns the shape flags of w: what startsUpper, isAcronym and isWordText report,
// whether strings.ToLower changes it and whether it has a square bracket. For a word with a
// non-ASCII byte it returns 0 (shapeASCII unset), and the caller asks the unicode versions.
// prepareWords calls it for every token: the four separate scans (startsUpper, isWordText,
// isAcronym, the upper-case test of lower) took 0.6 of prepareWords' 2.9 s of CPU samples in
// four profiles of the 10MB stage benchmark. It ORs the bytes' bits in a loop without branches
// and reads the word again only for a word with a capital (its first letter; the capitals of
// a word without lower case letters): a loop with a switch per byte, as it was, took 0.34 of
// the 10MB stage benchmark's 6.4 s of key-phrase CPU samples (10 ops). TestWordTestsMatchReference
// and FuzzWordTests hold it to the separate functions.
func asciiShapeOf(w string) uint8 {
	var acc uint8
	for i := 0; i < len(w); i++ {
		acc |= byteBits[w[i]]
	}
	if acc&bitNonASCII != 0 {
		return 0
	}
	sh := shapeASCII
	if acc&bitBracket != 0 {
		sh |= shapeBracket
	}
	if acc&bitUpper != 0 {
		sh |= shapeHasUpper
		i := 0
		for byteBits[w[i]]&(bitLower|bitUpper) == 0 {
			i++ // w has a letter
		}
		if byteBits[w[i]] == bitUpper {
			sh |= shapeStartsUpper
		}
		if acc&bitLower == 0 {
			upper := 0
			for ; i < len(w) && upper < 2; i++ {
				if byteBits[w[i]] == bitUpper {
					upper++
				}
			}
			if upper >= 2 {
				sh |= shapeAcronym
			}
		}
	}
	if acc&(bitLower|bitUpper) != 0 && acc&bitOther == 0 && w[0] != '-' && w[len(w)-1] != '-' && w[0] != '.' {
		sh |= shapeWord
	}
	return sh
}

// isAcronym reports whether w has at least two upper-case letters and no lower-case one
// ("ITU", "ICANN", "A/RES").
func isAcronym(w string) bool {
	upper := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= utf8.RuneSelf:
			return isAcronymUnicode(w)
		case 'a' <= c && c <= 'z':
			return false
		case 'A' <= c && c <= 'Z':
			upper++
		}
	}
	return upper >= 2
}

func isAcronymUnicode(w string) bool {
	upper := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return upper >= 2
}

// startsUpper reports whether the first letter of w is upper case.
func startsUpper(w string) bool {
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= utf8.RuneSelf:
			return startsUpperUnicode(w[i:]) // w[:i] has no letter
		case 'a' <= c && c <= 'z':
			return false
		case 'A' <= c && c <= 'Z':
			return true
		}
	}
	return false
}

func startsUpperUnicode(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r)
		}
	}
	return false
}

// isWordText reports whether s can be part of a phrase: at least one letter, and only letters,
// digits, combining marks, hyphens, apostrophes and inner periods ("U.S").
func isWordText(s string) bool {
	letter := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			return isWordTextUnicode(s)
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			letter = true
		case '0' <= c && c <= '9', c == '-', c == '\'', c == '.':
		default:
			return false
		}
	}
	return letter && s[0] != '-' && s[len(s)-1] != '-' && s[0] != '.'
}

func isWordTextUnicode(s string) bool {
	letter := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsDigit(r), unicode.Is(unicode.Mn, r), r == '-', r == '\'', r == '\u2019', r == '.',
			r == '\u2010', r == '\u2011':
		default:
			return false
		}
	}
	return letter && s[0] != '-' && s[len(s)-1] != '-' && s[0] != '.'
}
