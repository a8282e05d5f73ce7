package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Heading rule. An unmarked paragraph is a heading, not a provision, when
//   - it is an annex heading: its first word is "Annex", "Annexe" or "Appendix" (any case),
//     it has at most 60 words and no terminal punctuation; or
//   - it has at most 40 words and 300 bytes (a single line on its own: 12 words and 150
//     bytes), no terminal punctuation (. ; : , ? ! before any
//     closing quotes or brackets), does not end with a function word ("that", "of", "the",
//     ...: a wrapped sentence, not a title) and its first letter or digit, after opening brackets and
//     quotes, is a capital or a digit: "Annex", "Code of conduct", "General Assembly",
//     "Sixty-ninth session", "Agenda item 91", "Distr.: General", "13 January 2015",
//     "(Signed) Liu Jieyi".
//
// A marked paragraph is a heading when its marker is a capital letter or capital roman numeral
// ("A.", "(B)", "IV.") followed by a short title as above, and the document also has markers
// of another kind (as in a resolution whose numbered paragraphs are grouped under "A.
// Introduction", "B. Scope").
const (
	maxHeadingWords     = 40
	maxHeadingBytes     = 300
	maxLineHeadingWords = 12
	maxLineHeadingBytes = 150
	maxAnnexWords       = 60
)

// headingText applies the paragraph heading rule.
func headingText(s string) bool { return headingLike(s, maxHeadingWords, maxHeadingBytes) }

// headingLine applies the stricter rule for one line standing on its own.
func headingLine(s string) bool { return headingLike(s, maxLineHeadingWords, maxLineHeadingBytes) }

func headingLike(s string, maxWords, maxBytes int) bool {
	if s == "" || len(s) > 600 {
		return false
	}
	if isAnnexHeading(s) {
		return true
	}
	if len(s) > maxBytes || endsTerminal(s) || endsFunctionWord(s) {
		return false
	}
	t := strings.TrimLeft(s, `("'[`)
	r, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	return countWords(s, maxWords+1) <= maxWords
}

// isAnnexHeading reports whether s is an "Annex"/"Appendix" heading.
func isAnnexHeading(s string) bool {
	if s == "" || s[0]|0x20 != 'a' {
		return false // each word starts with 'a', and only 'a' and 'A' fold to it
	}
	w := s
	if i := strings.IndexAny(s, " :"); i >= 0 {
		w = s[:i]
	}
	if !strings.EqualFold(w, "annex") && !strings.EqualFold(w, "annexe") && !strings.EqualFold(w, "appendix") {
		return false
	}
	return len(s) <= 600 && !endsTerminal(s) && countWords(s, maxAnnexWords+1) <= maxAnnexWords
}

// countWords counts space-separated words, stopping at limit.
func countWords(s string, limit int) int {
	n := 0
	in := false
	for i := 0; i < len(s) && n < limit; i++ {
		if s[i] == ' ' {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// endsFunctionWord reports whether the last word of s is one a title does not end with.
func endsFunctionWord(s string) bool {
	w := s[strings.LastIndexByte(s, ' ')+1:]
	if len(w) > 5 {
		return false
	}
	switch strings.ToLower(w) {
	case "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
		"nor", "that", "which", "who", "whose", "as", "is", "are", "be", "shall", "may", "its", "their":
		return true
	}
	return false
}
