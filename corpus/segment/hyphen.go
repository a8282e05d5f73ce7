package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// hyphenDict decides how a word hyphenated across a line end is joined.
//
// The rule, in order:
//  1. If either half is not all letters, the second half starts with a capital, or the first
//     half has a capital after its first letter ("ICT-", "G-"), the hyphen is kept.
//  2. Evidence from the document itself: if the joined form ("information") occurs elsewhere
//     in the document the halves are joined without the hyphen; else if the hyphenated form
//     ("confidence-building") occurs elsewhere, the hyphen is kept.
//  3. If the first half is a prefix that forms closed compounds ("under", "over", "out",
//     "with", ...) the halves are joined: "under-" + "standing" is "understanding".
//  4. If the second half is a common free-standing word that forms compounds ("building",
//     "based", "level", "sharing", ...) or the first half is a compounding prefix ("non",
//     "self", "cross", "well", ...), the hyphen is kept.
//  5. Otherwise the halves are joined without the hyphen ("informa-" + "tion").
type hyphenDict struct {
	found map[string]bool // candidate forms (lower case) found inside a line of the document
}

// newHyphenDict collects, for every line ending in letter+"-" followed by a line starting with
// a letter, the joined and the hyphenated form of the split word, then scans the document once
// for whole words equal to a candidate. Only candidates are stored, so the scan allocates
// little.
func newHyphenDict(lines []line) *hyphenDict {
	d := &hyphenDict{found: map[string]bool{}}
	cands := map[string]bool{}
	var candLen [160]bool // lengths of the candidates (all are at most 2*64+1 bytes)
	for i, l := range lines {
		if l.furniture || len(l.text) < 2 || l.text[len(l.text)-1] != '-' {
			continue
		}
		for j := i + 1; j < len(lines) && j <= i+8; j++ {
			if lines[j].furniture || lines[j].text == "" {
				continue
			}
			left, right := lastWord([]byte(l.text[:len(l.text)-1])), firstWord(lines[j].text)
			if left != "" && right != "" {
				for _, c := range []string{strings.ToLower(left + right), strings.ToLower(left + "-" + right)} {
					cands[c] = true
					if len(c) < len(candLen) {
						candLen[len(c)] = true
					}
				}
			}
			break
		}
	}
	if len(cands) == 0 {
		return d
	}
	for _, l := range lines {
		if l.furniture {
			continue
		}
		s := l.text
		start := -1
		for i := 0; i <= len(s); i++ {
			inWord := false
			if i < len(s) {
				c := s[i]
				inWord = isASCIILetter(c) || c >= utf8.RuneSelf ||
					(c == '-' && start >= 0 && i+1 < len(s) && isASCIILetter(s[i+1]))
			}
			switch {
			case inWord && start < 0:
				start = i
			case !inWord && start >= 0:
				w := s[start:i]
				// a word ending the line before a hyphen is a fragment, not evidence
				if len(w) < len(candLen) && candLen[len(w)] && !(i == len(s)-1 && s[i] == '-') {
					if cands[w] {
						d.found[w] = true
					} else if hasUpperASCII(w) || !isASCII(w) {
						if lw := strings.ToLower(w); cands[lw] {
							d.found[lw] = true
						}
					}
				}
				start = -1
			}
		}
	}
	return d
}

func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// keep reports whether the hyphen between left (the letters before a line-end hyphen) and
// right (the letters starting the next line) is kept.
func (d *hyphenDict) keep(left, right string) bool {
	if left == "" || right == "" || startsUpper(right) || hasUpperAfterFirst(left) {
		return true
	}
	l, r := strings.ToLower(left), strings.ToLower(right)
	if d != nil {
		if d.found[l+r] {
			return false
		}
		if d.found[l+"-"+r] {
			return true
		}
	}
	if closedPrefix[l] {
		return false
	}
	return compoundSecond[r] || compoundPrefix[l]
}

// closedPrefix lists first halves that form closed compounds with a free-standing word, so
// "under-" + "standing" is "understanding", not "under-standing".
var closedPrefix = setOf(`by down fore forth in notwith out over short under up with`)

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

func hasUpperAfterFirst(s string) bool {
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// compoundSecond lists common free-standing words that often follow a hyphen in compounds.
var compoundSecond = setOf(`based binding bound border building called centered centred centric
conscious day defined driven free friendly funded generated governmental hand keeping known
led level levels like long looking making member members minded national oriented owned
party powered proof ranging reaching related run scale sector sensitive setting sharing
specific speaking sponsored stakeholder stakeholders standing state states taking term time
up user users way wide year`)

// compoundPrefix lists first halves that are compounding prefixes kept with their hyphen.
var compoundPrefix = setOf(`anti cross non quasi self semi vice well`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
