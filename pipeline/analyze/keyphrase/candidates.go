package keyphrase

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Token is one tagged token of a provision: byte offsets into the provision text and a Penn
// Treebank tag. Text is informational; the surface form is always text[Start:End].
type Token struct {
	Text       string
	Start, End int
	Tag        string
}

// Sentence is a sentence span, in bytes, of the provision text.
type Sentence struct {
	Start, End int
}

// Candidate is one occurrence of a candidate phrase.
type Candidate struct {
	Text     string   // display form (see Phrase.Text)
	Key      string   // merge key, Key(Text)
	Start    int      // byte span of the occurrence in the text
	End      int      //
	Sentence int      // 0-based ordinal of the sentence (or gap between sentences) that holds it
	Words    int      // number of words, connectors ("of", "the", "and") included
	Content  []string // lower-cased content words (no connectors, no determiners), for IDF
	Proper   bool     // holds a proper noun or an acronym kept in upper case
}

// word classes
const (
	cBreak = iota // ends any phrase: punctuation, verbs, adverbs, pronouns, numbers...
	cNoun         // NN NNS NNP NNPS
	cMod          // JJ JJR JJS VBN, VBG inside a noun phrase
	cCC           // "and" / "or"
	cOf           // "of"
	cPrep         // "for", "on", "in": only between two capitalised names
	cDet          // determiner, may follow "of"
)

type word struct {
	surf       string // surface with editorial brackets removed
	lower      string // strings.ToLower(surf)
	start, end int
	tag        string
	class      int
	group      int  // sentence group: words of different groups never join
	sentFirst  bool // first word of its sentence group
	sentOrd    int  // sentence ordinal for position features
	upperKeep  bool // keep the case in display form
	properNoun bool
}

// maxJoinPieces bounds the look-ahead when joining byte-contiguous pieces into one word.
const maxJoinPieces = 8

// leadStop are modifiers stripped from the start of a candidate ("such measures" -> "measures").
var leadStop = map[string]bool{
	"such": true, "other": true, "certain": true, "various": true, "own": true, "further": true,
	"many": true, "several": true, "particular": true, "relevant": true,
}

// stopNoun are words that never take part in a phrase (Latin fillers mis-tagged as nouns).
var stopNoun = map[string]bool{
	"inter": true, "alia": true, "etc": true, "etc.": true, "i.e": true, "e.g": true, "i.e.": true,
	"e.g.": true, "viz": true, "viz.": true, "alia.": true, "not": true, "no": true,
	"january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
}

// lightNoun are nouns of fixed expressions ("take into account", "with regard to", "over
// time", "take part"): after a preposition or verb they end a phrase, and they are never a
// phrase on their own.
var lightNoun = map[string]bool{
	"part": true, "regard": true, "time": true, "account": true, "respect": true, "view": true,
	"order": true, "basis": true, "way": true, "behalf": true, "accordance": true,
}

// nounSuffix are endings that mark a word as a noun whatever its neighbours (see verbLike).
var nounSuffix = []string{"tion", "sion", "ance", "ence", "ment", "ity", "ism", "ness", "ship", "ogy", "ics", "ure", "age"}

// verbLike reports whether the lower-case word i, tagged as a noun, is more likely a verb the
// tagger missed: it directly follows a noun that is capitalised ("the United Nations transmit
// to", "the IETF serve as", "Each State subscribing to") or it comes before a colon ("the code
// undertakes:"), and it directly precedes "to", "as", a colon or a determiner. Words with a
// noun suffix (-tion, -ance, -ity...) are never verb-like.
func verbLike(ws []word, i int) bool {
	w := ws[i]
	if startsUpper(w.surf) || i == 0 || i+1 >= len(ws) || ws[i-1].group != w.group || ws[i+1].group != w.group {
		return false
	}
	lw := w.lower
	for _, suf := range nounSuffix {
		if strings.HasSuffix(lw, suf) {
			return false
		}
	}
	prev, next := ws[i-1], ws[i+1]
	if !strings.HasPrefix(prev.tag, "NN") || !isWordText(prev.surf) {
		return false
	}
	nl := next.lower
	colon := nl == ":"
	if !(colon || nl == "to" || nl == "as" || next.tag == "DT" || next.tag == "PRP$") {
		return false
	}
	return colon || startsUpper(prev.surf)
}

// vbgMod are -ing words accepted as modifiers wherever they stand ("existing international law").
var vbgMod = map[string]bool{
	"existing": true, "emerging": true, "developing": true, "sponsoring": true, "governing": true,
	"building": true, "leading": true, "underlying": true, "remaining": true, "following": true,
	"evolving": true,
}

// prepareWords validates tokens, merges editorial-bracket and hyphen pieces, assigns sentence
// groups and word classes. Bad tokens (offsets out of range, reversed, overlapping an earlier
// token, or not on UTF-8 boundaries) are skipped.
func prepareWords(text string, toks []Token, sents []Sentence, sc *docScratch) []word {
	ss := validSentences(text, sents)
	var rs []rawTok
	var ws []word
	if sc != nil {
		rs, ws = sc.rs[:0], sc.ws[:0]
		defer func() { sc.rs, sc.ws = rs, ws }()
	} else {
		rs = make([]rawTok, 0, len(toks))
	}
	last := 0
	for _, t := range toks {
		if t.Start < last || t.End <= t.Start || t.End > len(text) {
			continue
		}
		if !utf8.RuneStart(text[t.Start]) || (t.End < len(text) && !utf8.RuneStart(text[t.End])) {
			continue
		}
		rs = append(rs, rawTok{t.Start, t.End, t.Tag})
		last = t.End
	}
	// Merge runs of byte-contiguous pieces that form one word: "[" "i]nternational",
	// "confidence" "-" "building". Only merged when the result is a word and the run has a
	// bracket or hyphen joint.
	if ws == nil {
		ws = make([]word, 0, len(rs))
	}
	for i := 0; i < len(rs); {
		best := i
		for k := i + 1; k < len(rs) && k <= i+maxJoinPieces && rs[k].start == rs[k-1].end; k++ {
			if joinable(text[rs[i].start:rs[k].end]) {
				best = k
			}
		}
		end := rs[best].end
		tag := rs[best].tag
		// the tag of a merged word is the tag of its longest piece
		longest := 0
		for k := i; k <= best; k++ {
			if n := rs[k].end - rs[k].start; n > longest {
				longest, tag = n, rs[k].tag
			}
		}
		surf := stripBrackets(text[rs[i].start:end])
		ws = append(ws, word{surf: surf, lower: strings.ToLower(surf), start: rs[i].start, end: end, tag: tag})
		i = best + 1
	}
	// sentence groups
	prevGroup := -2
	for i := range ws {
		g, ord := sentenceOf(ss, ws[i].start, ws[i].end)
		ws[i].group, ws[i].sentOrd = g, ord
		ws[i].sentFirst = g != prevGroup
		prevGroup = g
	}
	for i := range ws {
		ws[i].class = classify(ws, i)
		w := &ws[i]
		w.properNoun = (w.tag == "NNP" || w.tag == "NNPS") && startsUpper(w.surf)
		w.upperKeep = isAcronym(w.surf) || w.properNoun || (startsUpper(w.surf) && !w.sentFirst)
	}
	return ws
}

// stripBrackets deletes square brackets.
func stripBrackets(s string) string {
	if !strings.ContainsAny(s, "[]") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '[' || r == ']' {
			return -1
		}
		return r
	}, s)
}

// joinable reports whether the byte-contiguous run s is one word with an editorial bracket
// ("[i]nternational", "State[s]") or a hyphen joint ("confidence-building").
func joinable(s string) bool {
	if !strings.ContainsAny(s, "[]-") {
		return false
	}
	if strings.ContainsAny(s, "[]") {
		o, c := strings.IndexByte(s, '['), strings.IndexByte(s, ']')
		if o < 0 || c < o+2 || c-o > 4 || strings.Count(s, "[") != 1 || strings.Count(s, "]") != 1 {
			return false
		}
		if o == 0 && c == len(s)-1 {
			return false // a whole bracketed word is an insertion, not a joint
		}
	}
	return isWordText(stripBrackets(s))
}

// validSentences returns the usable sentence spans sorted by start, without overlaps.
func validSentences(text string, sents []Sentence) []Sentence {
	out := make([]Sentence, 0, len(sents))
	for _, s := range sents {
		if s.Start >= 0 && s.End > s.Start && s.End <= len(text) {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End < out[j].End
	})
	keep := out[:0]
	end := 0
	for _, s := range out {
		if s.Start >= end {
			keep = append(keep, s)
			end = s.End
		}
	}
	return keep
}

// sentenceOf gives the group of a span: 2*i for sentence i containing it, 2*k+1 for the k-th
// gap (text outside every sentence, or a span straddling a boundary), and the 0-based sentence
// ordinal used for position. No sentences: one group.
func sentenceOf(ss []Sentence, start, end int) (group, ord int) {
	if len(ss) == 0 {
		return 0, 0
	}
	k := sort.Search(len(ss), func(i int) bool { return ss[i].Start > start }) // sentences starting <= start: k
	if k > 0 && end <= ss[k-1].End {
		return 2 * (k - 1), k - 1
	}
	if k == 0 {
		return -1, 0
	}
	return 2*k - 1, k - 1
}

func classify(ws []word, i int) int {
	w := ws[i]
	lw := w.lower
	if !isWordText(w.surf) || stopNoun[lw] {
		return cBreak
	}
	switch lw {
	case "and", "or":
		return cCC
	case "of":
		return cOf
	case "for", "on", "in":
		return cPrep
	case "the", "a", "an":
		return cDet
	}
	if lightNoun[lw] && i > 0 && ws[i-1].group == w.group {
		switch pt := ws[i-1].tag; {
		case pt == "IN" || pt == "TO" || strings.HasPrefix(pt, "VB"):
			return cBreak
		}
	}
	switch w.tag {
	case "NN", "NNS", "NNP", "NNPS":
		if verbLike(ws, i) {
			return cBreak
		}
		return cNoun
	case "JJ", "JJR", "JJS", "VBN":
		// A capitalised adjective inside a sentence with no noun after it is a name the
		// tagger missed ("the Secretary-General").
		if w.tag == "JJ" && startsUpper(w.surf) && !w.sentFirst &&
			(i+1 >= len(ws) || ws[i+1].group != w.group || !strings.HasPrefix(ws[i+1].tag, "NN") && !strings.HasPrefix(ws[i+1].tag, "JJ")) {
			return cNoun
		}
		return cMod
	case "VBG":
		if vbgMod[lw] {
			return cMod
		}
		if verbLike(ws, i) {
			return cBreak
		}
		if i > 0 && ws[i-1].group == w.group {
			switch ws[i-1].tag {
			case "DT", "PRP$", "POS", "JJ", "VBN":
				return cMod
			}
		}
		return cBreak
	case "DT":
		return cDet
	}
	return cBreak
}

// unit is a base noun phrase, possibly coordinated: words [start,end) of ws.
type unit struct {
	start, end int
	cc         int  // index of the coordinator, -1 if none
	npCoord    bool // "rights and responsibilities": both sides are noun phrases
}

func joins(ws []word, i, j int) bool { return ws[i].group == ws[j].group }

// run returns the end of the maximal modifier/noun run from i and the index of its last noun
// (-1 if none).
func run(ws []word, i int) (end, lastNoun int) {
	lastNoun = -1
	j := i
	for j < len(ws) && (ws[j].class == cNoun || ws[j].class == cMod) && joins(ws, i, j) {
		if ws[j].class == cNoun {
			lastNoun = j
		}
		j++
	}
	return j, lastNoun
}

// parseUnit parses a unit at i: (JJ|NN)* NN, or (JJ|NN)+ CC (JJ|NN)* NN.
func parseUnit(ws []word, i int) (unit, bool) {
	e1, n1 := run(ws, i)
	if e1 == i {
		return unit{}, false
	}
	if e1+1 < len(ws) && ws[e1].class == cCC && joins(ws, i, e1+1) && ws[e1].group == ws[i].group {
		if e2, n2 := run(ws, e1+1); e2 > e1+1 && n2 >= 0 {
			left := e1 - i
			right := n2 - e1
			np := n1 == e1-1 && (left >= 2 || right == 1)
			if !(np && left >= 2 && right >= 2) {
				return unit{start: i, end: n2 + 1, cc: e1, npCoord: np}, true
			}
			// "private sector and civil-society institutions": two full noun phrases are
			// two units; the coordinator ends the first.
		}
	}
	if n1 < 0 {
		return unit{}, false
	}
	return unit{start: i, end: n1 + 1, cc: -1}, true
}

// Candidates returns every candidate occurrence in text, in order of start offset (then end).
// Candidates are noun phrases found by part-of-speech patterns (see the package doc); none
// crosses a sentence boundary or punctuation, none starts with a determiner, possessive or
// stripped modifier, none has more than DefaultMaxWords words.
func Candidates(text string, toks []Token, sents []Sentence) []Candidate {
	return candidates(text, toks, sents, DefaultMaxWords, nil)
}

// keyMemo is what the candidates of one document share: a memo of Key, where the same phrase
// recurs (Key was the largest single cost of finding candidates), and the word buffers of
// prepareWords, reused from one provision to the next (they were its main allocation). nil
// computes every key and allocates fresh buffers.
type keyMemo = *docScratch

type docScratch struct {
	keys map[string]string
	rs   []rawTok
	ws   []word
}

func newKeyMemo() keyMemo { return &docScratch{keys: map[string]string{}} }

func (m *docScratch) key(text string) string {
	if m == nil {
		return Key(text)
	}
	k, ok := m.keys[text]
	if !ok {
		k = Key(text)
		m.keys[text] = k
	}
	return k
}

// rawTok is a validated token of prepareWords.
type rawTok struct {
	start, end int
	tag        string
}

func candidates(text string, toks []Token, sents []Sentence, maxWords int, keys keyMemo) []Candidate {
	ws := prepareWords(text, toks, sents, keys)
	var out []Candidate
	emit := func(from, to int) { // words [from, to)
		if to-from > maxWords || to <= from {
			return
		}
		for from < to && (leadStop[ws[from].lower] || ws[from].class != cNoun && ws[from].class != cMod) {
			from++
		}
		if from >= to || ws[to-1].class != cNoun || (to-from == 1 && lightNoun[ws[from].lower]) {
			return
		}
		if n := len(out); n > 0 && out[n-1].Start == ws[from].start && out[n-1].End == ws[to-1].end {
			return // cheap check; remaining duplicates go after sorting
		}
		out = append(out, makeCandidate(ws, from, to, keys))
	}
	proper := func(k int) bool { return ws[k].upperKeep && startsUpper(ws[k].surf) }
	// startOK: may a candidate start at word s of unit u? Not inside the left side of a
	// coordination, not at the right side of a modifier coordination ("communication
	// technologies" of "information and communication technologies"), not inside a proper
	// name ("Summit" of "World Summit").
	startOK := func(u unit, s int) bool {
		if s == u.start {
			return true
		}
		if ws[s].class == cCC {
			return false
		}
		if u.cc >= 0 && (s < u.cc || (!u.npCoord && s == u.cc+1)) {
			return false
		}
		return !(proper(s-1) && proper(s))
	}
	for i := 0; i < len(ws); {
		u0, ok := parseUnit(ws, i)
		if !ok {
			i++
			continue
		}
		units := []unit{u0}
		properOf := []bool{false} // properOf[a]: units[a] hangs by "of" between two names
		j := u0.end
		for j < len(ws) && joins(ws, i, j) {
			c := ws[j]
			if c.class != cOf && !(c.class == cPrep && proper(j-1)) {
				break
			}
			k := j + 1
			if k < len(ws) && ws[k].class == cDet && joins(ws, i, k) {
				k++
			}
			if k >= len(ws) || !joins(ws, i, k) {
				break
			}
			if c.class == cPrep && !proper(k) {
				break
			}
			u, ok := parseUnit(ws, k)
			if !ok {
				break
			}
			units = append(units, u)
			properOf = append(properOf, c.class == cOf && proper(j-1) && proper(u.start))
			j = u.end
		}
		// Chains units[a..b], starting at any allowed word of units[a]. A name joined by
		// "of" to a name before it ("Charter of the United Nations") is not cut: no chain
		// starts at its second part or ends at its first part, but each unit still stands
		// alone ("United Nations").
		for a, ua := range units {
			for s := ua.start; s < ua.end; s++ {
				if !startOK(ua, s) {
					continue
				}
				for b := a; b < len(units); b++ {
					single := b == a && a > 0
					if single || ((a == 0 || !properOf[a]) && (b == len(units)-1 || !properOf[b+1])) {
						emit(s, units[b].end)
					}
				}
			}
			if ua.npCoord {
				for s := ua.start; s < ua.cc; s++ {
					if s == ua.start || !(proper(s-1) && proper(s)) {
						emit(s, ua.cc)
					}
				}
			}
		}
		i = j
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Start != out[b].Start {
			return out[a].Start < out[b].Start
		}
		return out[a].End < out[b].End
	})
	return slices.CompactFunc(out, func(a, b Candidate) bool { return a.Start == b.Start && a.End == b.End })
}

func makeCandidate(ws []word, from, to int, keys keyMemo) Candidate {
	parts := make([]string, 0, to-from)
	var content []string
	proper := false
	for k := from; k < to; k++ {
		w := ws[k]
		s := w.surf
		if w.class == cNoun || w.class == cMod {
			if w.upperKeep {
				proper = proper || startsUpper(s)
			} else {
				s = strings.ToLower(s)
			}
			content = append(content, w.lower)
		} else {
			s = w.lower
		}
		parts = append(parts, s)
	}
	text := strings.Join(parts, " ")
	return Candidate{
		Text: text, Key: keys.key(text), Start: ws[from].start, End: ws[to-1].end,
		Sentence: ws[from].sentOrd, Words: to - from, Content: content, Proper: proper,
	}
}
