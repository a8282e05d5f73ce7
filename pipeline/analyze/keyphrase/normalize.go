package keyphrase

import (
	"strings"
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
	s = strings.ToValidUTF8(s, " ")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '[' || r == ']' || r == '"' || r == '\u201c' || r == '\u201d':
			// editorial brackets and double quotes vanish
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '\u2019':
			b.WriteRune('\'')
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	out := words[:0]
	for _, w := range words {
		w = strings.TrimSuffix(w, "'s") // possessive: "State's" = "State"
		w = strings.Trim(w, "'")
		if w == "" || isArticle(w) {
			continue
		}
		out = append(out, singular(w))
	}
	return strings.Join(out, " ")
}

func isArticle(w string) bool { return w == "the" || w == "a" || w == "an" }

// singular strips an English plural ending from a lower-case word. It is a lemma-ish rule set,
// not a lemmatiser: it only has to map "measures" and "measure" to the same form. Words of
// three runes or fewer and words ending in -ss, -us, -is, -ous are left alone.
func singular(w string) string {
	if utf8.RuneCountInString(w) <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"),
		strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	}
	return w
}

// isAcronym reports whether w has at least two upper-case letters and no lower-case one
// ("ITU", "ICANN", "A/RES").
func isAcronym(w string) bool {
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
	for _, r := range w {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r)
		}
	}
	return false
}

// hasLetterOrDigit reports whether s contains a letter or a digit.
func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// isWordText reports whether s can be part of a phrase: at least one letter, and only letters,
// digits, combining marks, hyphens, apostrophes and inner periods ("U.S").
func isWordText(s string) bool {
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
