package vectorize

// This file implements the English Snowball stemmer ("Porter2", the algorithm published as
// english.sbl with Snowball up to version 2.2). jdkato/prose has no stemmer, so it lives here.
// The implementation follows the Snowball program step by step rather than the prose
// description, because the program is the definition: in every step the longest matching
// suffix is chosen first and, when its condition fails, the step does nothing (a shorter
// suffix is never tried in its place).
//
// The stemmer works on runes. Only the ASCII letters a, e, i, o, u and y are vowels; every
// other rune (digits, punctuation, accented letters, upper case) counts as a non-vowel, so
// any input is accepted and the result is deterministic. Words are expected in lower case.

// Stem returns the Porter2 (English Snowball) stem of a lower-case word. Words of fewer than
// three runes are returned unchanged. Stem never panics and is deterministic.
func Stem(word string) string {
	if s, ok := exception1[word]; ok {
		return s
	}
	w := []rune(word)
	if len(w) < 3 {
		return word
	}
	// prelude: drop one initial apostrophe; mark consonant y as Y.
	if w[0] == '\'' {
		w = w[1:]
	}
	hasY := false
	for i := range w {
		if w[i] == 'y' && (i == 0 || isVowel(w[i-1])) {
			w[i] = 'Y'
			hasY = true
		}
	}
	p1, p2 := regions(w)
	s := &stemmer{w: w, p1: p1, p2: p2}
	s.step0()
	s.step1a()
	if !exception2[string(s.w)] {
		s.step1b()
		s.step1c()
		s.step2()
		s.step3()
		s.step4()
		s.step5()
	}
	if hasY {
		for i, r := range s.w {
			if r == 'Y' {
				s.w[i] = 'y'
			}
		}
	}
	return string(s.w)
}

// exception1 holds the words whose stem is given outright (checked before anything else).
var exception1 = map[string]string{
	"skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie",
	"idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli", "singly": "singl",
	"sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos", "bias": "bias", "andes": "andes",
}

// exception2 holds the words left alone after step 1a.
var exception2 = map[string]bool{
	"inning": true, "outing": true, "canning": true, "herring": true, "earring": true,
	"proceed": true, "exceed": true, "succeed": true,
}

func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// regions returns p1 and p2: R1 is w[p1:], the part after the first non-vowel that follows a
// vowel (or after the prefixes gener, commun, arsen); R2 is the same rule applied within R1.
func regions(w []rune) (p1, p2 int) {
	n := len(w)
	next := func(from int) int { // position after the first non-vowel following a vowel
		for i := from; i+1 < n; i++ {
			if isVowel(w[i]) && !isVowel(w[i+1]) {
				return i + 2
			}
		}
		return n
	}
	p1 = n
	for _, pre := range [...]string{"gener", "commun", "arsen"} {
		if hasPrefix(w, pre) {
			p1 = len(pre)
			break
		}
	}
	if p1 == n {
		p1 = next(0)
	}
	p2 = next(p1)
	return p1, p2
}

func hasPrefix(w []rune, pre string) bool {
	if len(w) < len(pre) {
		return false
	}
	for i := 0; i < len(pre); i++ {
		if w[i] != rune(pre[i]) {
			return false
		}
	}
	return true
}

type stemmer struct {
	w      []rune
	p1, p2 int
}

func (s *stemmer) hasSuffix(suf string) bool {
	n := len(s.w)
	if n < len(suf) {
		return false
	}
	for i := 0; i < len(suf); i++ {
		if s.w[n-len(suf)+i] != rune(suf[i]) {
			return false
		}
	}
	return true
}

// longest returns the longest suffix of the word among the list, or "".
func (s *stemmer) longest(list []string) string {
	best := ""
	for _, suf := range list {
		if len(suf) > len(best) && s.hasSuffix(suf) {
			best = suf
		}
	}
	return best
}

// replace swaps the suffix of length n for rep.
func (s *stemmer) replace(n int, rep string) {
	s.w = s.w[:len(s.w)-n]
	for i := 0; i < len(rep); i++ {
		s.w = append(s.w, rune(rep[i]))
	}
}

func (s *stemmer) inR1(suf string) bool { return len(s.w)-len(suf) >= s.p1 }
func (s *stemmer) inR2(suf string) bool { return len(s.w)-len(suf) >= s.p2 }

// shortBefore reports whether w[:end] ends in a short syllable: non-vowel (not w, x or Y),
// vowel, non-vowel; or, for a two-rune word start, vowel then non-vowel.
func (s *stemmer) shortBefore(end int) bool {
	w := s.w
	if end >= 3 && !isVowel(w[end-1]) && w[end-1] != 'w' && w[end-1] != 'x' && w[end-1] != 'Y' &&
		isVowel(w[end-2]) && !isVowel(w[end-3]) {
		return true
	}
	return end == 2 && isVowel(w[0]) && !isVowel(w[1])
}

func (s *stemmer) hasVowelBefore(end int) bool {
	for i := 0; i < end; i++ {
		if isVowel(s.w[i]) {
			return true
		}
	}
	return false
}

var step0List = []string{"'", "'s", "'s'"}

func (s *stemmer) step0() {
	if suf := s.longest(step0List); suf != "" {
		s.replace(len(suf), "")
	}
}

var step1aList = []string{"sses", "ied", "ies", "s", "us", "ss"}

func (s *stemmer) step1a() {
	suf := s.longest(step1aList)
	switch suf {
	case "sses":
		s.replace(4, "ss")
	case "ied", "ies":
		if len(s.w)-3 >= 2 {
			s.replace(3, "i")
		} else {
			s.replace(3, "ie")
		}
	case "s":
		// delete if the part before the s contains a vowel not immediately before the s
		if s.hasVowelBefore(len(s.w) - 2) {
			s.replace(1, "")
		}
	}
}

var step1bList = []string{"eed", "eedly", "ed", "edly", "ing", "ingly"}

func (s *stemmer) step1b() {
	suf := s.longest(step1bList)
	switch suf {
	case "":
		return
	case "eed", "eedly":
		if s.inR1(suf) {
			s.replace(len(suf), "ee")
		}
		return
	}
	if !s.hasVowelBefore(len(s.w) - len(suf)) {
		return
	}
	s.replace(len(suf), "")
	n := len(s.w)
	switch {
	case s.hasSuffix("at"), s.hasSuffix("bl"), s.hasSuffix("iz"):
		s.replace(0, "e")
	case n >= 2 && s.w[n-1] == s.w[n-2] && isDoubleable(s.w[n-1]):
		s.w = s.w[:n-1]
	case n == s.p1 && s.shortBefore(n):
		s.replace(0, "e")
	}
}

func isDoubleable(r rune) bool {
	switch r {
	case 'b', 'd', 'f', 'g', 'm', 'n', 'p', 'r', 't':
		return true
	}
	return false
}

func (s *stemmer) step1c() {
	n := len(s.w)
	if n >= 3 && (s.w[n-1] == 'y' || s.w[n-1] == 'Y') && !isVowel(s.w[n-2]) {
		s.w[n-1] = 'i'
	}
}

var step2Map = map[string]string{
	"tional": "tion", "enci": "ence", "anci": "ance", "abli": "able", "entli": "ent",
	"izer": "ize", "ization": "ize", "ational": "ate", "ation": "ate", "ator": "ate",
	"alism": "al", "aliti": "al", "alli": "al", "fulness": "ful", "ousli": "ous", "ousness": "ous",
	"iveness": "ive", "iviti": "ive", "biliti": "ble", "bli": "ble", "ogi": "og", "fulli": "ful",
	"lessli": "less", "li": "",
}

var step2List = sortedKeys(step2Map)

func (s *stemmer) step2() {
	suf := s.longest(step2List)
	if suf == "" || !s.inR1(suf) {
		return
	}
	before := len(s.w) - len(suf)
	switch suf {
	case "ogi":
		if before < 1 || s.w[before-1] != 'l' {
			return
		}
	case "li":
		if before < 1 || !isLiEnding(s.w[before-1]) {
			return
		}
	}
	s.replace(len(suf), step2Map[suf])
}

func isLiEnding(r rune) bool {
	switch r {
	case 'c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't':
		return true
	}
	return false
}

var step3Map = map[string]string{
	"tional": "tion", "ational": "ate", "alize": "al", "icate": "ic", "iciti": "ic", "ical": "ic",
	"ful": "", "ness": "", "ative": "",
}

var step3List = sortedKeys(step3Map)

func (s *stemmer) step3() {
	suf := s.longest(step3List)
	if suf == "" || !s.inR1(suf) {
		return
	}
	if suf == "ative" && !s.inR2(suf) {
		return
	}
	s.replace(len(suf), step3Map[suf])
}

var step4List = []string{
	"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
	"ism", "ate", "iti", "ous", "ive", "ize", "ion",
}

func (s *stemmer) step4() {
	suf := s.longest(step4List)
	if suf == "" || !s.inR2(suf) {
		return
	}
	if suf == "ion" {
		before := len(s.w) - 3
		if before < 1 || (s.w[before-1] != 's' && s.w[before-1] != 't') {
			return
		}
	}
	s.replace(len(suf), "")
}

func (s *stemmer) step5() {
	n := len(s.w)
	if n == 0 {
		return
	}
	switch s.w[n-1] {
	case 'e':
		if s.inR2("e") || (s.inR1("e") && !s.shortBefore(n-1)) {
			s.w = s.w[:n-1]
		}
	case 'l':
		if s.inR2("l") && n >= 2 && s.w[n-2] == 'l' {
			s.w = s.w[:n-1]
		}
	}
}
