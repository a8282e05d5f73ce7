package keyphrase

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/pipeline/analyze/sentence"
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// Token is one tagged token of a provision, the input of Extract and Candidates: byte offsets
// into the provision text and a Penn Treebank tag. Text is informational; the surface form is
// always text[Start:End].
type Token struct {
	Text       string
	Start, End int
	Tag        string
}

// Sentence is a sentence span, in bytes, of the provision text: the sentence splitter's span.
type Sentence = sentence.Span

// splitTagged turns tagged tokens into the analyser's form: tokens and their tags.
func splitTagged(toks []Token) ([]tokenize.Token, []string) {
	ts := make([]tokenize.Token, len(toks))
	tags := make([]string, len(toks))
	for i, t := range toks {
		ts[i] = tokenize.Token{Text: t.Text, Start: t.Start, End: t.End}
		tags[i] = t.Tag
	}
	return ts, tags
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
	tag        string
	start, end int
	group      int   // sentence group: words of different groups never join
	sentOrd    int   // sentence ordinal for position features
	num        int32 // the number of the word's token (ProvisionInput.Nums); -1: none, or several tokens
	class      uint8
	lex        uint8 // lexicon flags of lower
	sentFirst  bool  // first word of its sentence group
	upper      bool  // startsUpper(surf)
	isWord     bool  // isWordText(surf)
	lead       bool  // a noun or modifier in leadStop
	light      bool  // in lightNoun
	upperKeep  bool  // keep the case in display form
	acronym    bool  // isAcronym(surf)
	// (the small fields last: 96 bytes a word, not 112 with them spread out)
}

// maxJoinPieces bounds the look-ahead when joining byte-contiguous pieces into one word.
const maxJoinPieces = 8

// Lexicon flags of a lower-case word: the word lists of lexFlags it is in.
const (
	lexLead  uint8 = 1 << iota // leadStop
	lexStop                    // stopNoun
	lexLight                   // lightNoun
	lexVBG                     // vbgMod
)

// lexFlags returns the lexicon flag of a lower-case word: which of these lists holds it (the
// compiler rejects a word in two lists).
//
//   - leadStop: modifiers stripped from the start of a candidate ("such measures" -> "measures").
//   - stopNoun: words that never take part in a phrase (Latin fillers mis-tagged as nouns).
//   - lightNoun: nouns of fixed expressions ("take into account", "with regard to", "over
//     time", "take part"): after a preposition or verb they end a phrase, and they are never a
//     phrase on their own.
//   - vbgMod: -ing words accepted as modifiers wherever they stand ("existing international law").
//
// It is a switch, not a map (as it was, one per list): every word of every provision is
// looked up, and the switch took a third of a map lookup's time (13 against 44 ns a word on
// the words of testdata/gold_default.jsonl).
func lexFlags(w string) uint8 {
	switch w {
	case "such", "other", "certain", "various", "own", "further", "many", "several", "particular", "relevant":
		return lexLead
	case "inter", "alia", "etc", "etc.", "i.e", "e.g", "i.e.", "e.g.", "viz", "viz.", "alia.", "not", "no",
		"january", "february", "march", "april", "june", "july", "august", "september", "october",
		"november", "december":
		return lexStop
	case "part", "regard", "time", "account", "respect", "view", "order", "basis", "way", "behalf", "accordance":
		return lexLight
	case "existing", "emerging", "developing", "sponsoring", "governing", "building", "leading", "underlying",
		"remaining", "following", "evolving":
		return lexVBG
	}
	return 0
}

// nounSuffix are endings that mark a word as a noun whatever its neighbours (see verbLike).
var nounSuffix = []string{"tion", "sion", "ance", "ence", "ment", "ity", "ism", "ness", "ship", "ogy", "ics", "ure", "age"}

// verbLike reports whether the lower-case word i, tagged as a noun, is more likely a verb the
// tagger missed: it directly follows a noun that is capitalised ("the United Nations transmit
// to", "the IETF serve as", "Each State subscribing to") or it comes before a colon ("the code
// undertakes:"), and it directly precedes "to", "as", a colon or a determiner. Words with a
// noun suffix (-tion, -ance, -ity...) are never verb-like.
func verbLike(ws []word, i int) bool {
	w := &ws[i]
	if w.upper || i == 0 || i+1 >= len(ws) || ws[i-1].group != w.group || ws[i+1].group != w.group {
		return false
	}
	// The neighbour tests come before the suffix test: they are cheaper and fail for nearly
	// every noun, while the suffix loop ran for every noun (40% of classify's time).
	prev, next := &ws[i-1], &ws[i+1]
	if !strings.HasPrefix(prev.tag, "NN") || !prev.isWord {
		return false
	}
	nl := next.lower
	colon := nl == ":"
	if !(colon || nl == "to" || nl == "as" || next.tag == "DT" || next.tag == "PRP$") {
		return false
	}
	if !colon && !prev.upper {
		return false
	}
	for _, suf := range nounSuffix {
		if strings.HasSuffix(w.lower, suf) {
			return false
		}
	}
	return true
}

// prepareWords validates tokens, merges editorial-bracket and hyphen pieces, assigns sentence
// groups and word classes. Bad tokens (offsets out of range, reversed, overlapping an earlier
// token, or not on UTF-8 boundaries) are skipped. tags[i] is the tag of toks[i] (missing: "").
// nums, when not nil, number the tokens' texts (ProvisionInput.Nums): what a word of one token
// is made of its text (lower case, word tests, lexicon flags) is then kept by that number
// (docScratch.tokenInfo) and found again without reading the text. ss are the valid sentences
// (validSentences). The words are sc's buffer, valid until the next call.
func (sc *docScratch) prepareWords(text string, toks []tokenize.Token, tags []string, nums []int32, ss []Sentence) []word {
	if cap(sc.rs) < len(toks) { // sized once for the longest provision so far, not grown by append
		sc.rs, sc.ws = make([]rawTok, 0, len(toks)), make([]word, 0, len(toks))
	}
	rs, ws := sc.rs[:0], sc.ws[:0]
	defer func() { sc.rs, sc.ws = rs, ws }()
	last := 0
	for i, t := range toks {
		if t.Start < last || t.End <= t.Start || t.End > len(text) {
			continue
		}
		if !utf8.RuneStart(text[t.Start]) || (t.End < len(text) && !utf8.RuneStart(text[t.End])) {
			continue
		}
		num := int32(-1)
		if i < len(nums) && nums[i] >= 0 && nums[i] < maxTokenNum {
			num = nums[i]
		}
		rs = append(rs, rawTok{t.Start, t.End, int32(i), num})
		last = t.End
	}
	// Merge runs of byte-contiguous pieces that form one word: "[" "i]nternational",
	// "confidence" "-" "building". Only merged when the result is a word and the run has a
	// bracket or hyphen joint.
	for i := 0; i < len(rs); {
		best := i
		if i+1 < len(rs) && rs[i+1].start == rs[i].end { // nearly no token touches the next
			for k := i + 1; k < len(rs) && k <= i+maxJoinPieces && rs[k].start == rs[k-1].end; k++ {
				if joinable(text[rs[i].start:rs[k].end]) {
					best = k
				}
			}
		}
		end := rs[best].end
		// the tag of a merged word is the tag of its longest piece (the first of the longest)
		piece := i
		for k := i + 1; k <= best; k++ {
			if rs[k].end-rs[k].start > rs[piece].end-rs[piece].start {
				piece = k
			}
		}
		tag := ""
		if j := int(rs[piece].tok); j < len(tags) {
			tag = tags[j]
		}
		surf := text[rs[i].start:end]
		ws = ws[:len(ws)+1] // within the capacity of len(toks) words; the word set in place
		w := &ws[len(ws)-1]
		*w = word{start: rs[i].start, end: end, tag: tag, num: -1}
		var info *tokenInfo // a word of one numbered token: what its text gives, kept by number
		if best == i && rs[i].num >= 0 {
			w.num = rs[i].num
			info = sc.tokenInfo(w.num)
		}
		if info != nil && info.flags&infoKnown != 0 {
			sc.wordOf(info, w, surf)
		} else {
			// The shape of the piece tells whether it has brackets (an ASCII one; stripBrackets
			// looks for them in the others): only then is it stripped and its shape taken again.
			sh := asciiShapeOf(surf)
			if sh == 0 || sh&shapeBracket != 0 {
				surf = stripBrackets(surf)
				if sh != 0 {
					sh = asciiShapeOf(surf)
				}
			}
			w.surf = surf
			if sh&shapeASCII != 0 {
				w.lower = surf
				if sh&shapeHasUpper != 0 {
					w.lower = sc.lowerMemo(surf)
				}
				w.upper, w.isWord, w.acronym = sh&shapeStartsUpper != 0, sh&shapeWord != 0, sh&shapeAcronym != 0
			} else {
				w.lower = sc.lower(surf)
				w.upper, w.isWord, w.acronym = startsUpper(surf), isWordText(surf), isAcronym(surf)
			}
			w.lex = lexFlags(w.lower)
			if info != nil && len(surf) == end-w.start { // no brackets: surf is the token's text
				sc.setTokenInfo(info, w)
			}
		}
		w.light = w.lex&lexLight != 0
		i = best + 1
	}
	// sentence groups: the words come in text order, so the sentences starting at or before a
	// word (ss[:k]) are counted on from the word before (a binary search per word, as it was,
	// took 0.14 of prepareWords' 2.1 s of CPU samples in the 10MB stage benchmark)
	prevGroup := -2
	k := 0
	for i := range ws {
		for k < len(ss) && ss[k].Start <= ws[i].start {
			k++
		}
		g, ord := sentenceAt(ss, k, ws[i].end)
		ws[i].group, ws[i].sentOrd = g, ord
		ws[i].sentFirst = g != prevGroup
		prevGroup = g
	}
	for i := range ws {
		ws[i].class = classify(ws, i)
		w := &ws[i]
		w.lead = (w.class == cNoun || w.class == cMod) && w.lex&lexLead != 0
		properNoun := (w.tag == "NNP" || w.tag == "NNPS") && w.upper
		w.upperKeep = w.acronym || properNoun || (w.upper && !w.sentFirst)
	}
	return ws
}

// stripBrackets deletes square brackets.
func stripBrackets(s string) string {
	if !hasBracket(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '[' || r == ']' {
			return -1
		}
		return r
	}, s)
}

// hasBracket reports whether s has a square bracket (strings.ContainsAny(s, "[]"), which
// was a tenth of the cost of preparing words).
func hasBracket(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '[' || s[i] == ']' {
			return true
		}
	}
	return false
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

// validSentences appends to dst the usable sentence spans sorted by start, without overlaps.
func validSentences(dst []Sentence, text string, sents []Sentence) []Sentence {
	out := dst[:0]
	for _, s := range sents {
		if s.Start >= 0 && s.End > s.Start && s.End <= len(text) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b Sentence) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
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

// sentenceAt gives the group of a span of the text ending at end, where k is the number of
// sentences of ss that start at or before the span's start: 2*i for sentence i containing it,
// 2*k+1 for the k-th gap (text outside every sentence, or a span straddling a boundary), and
// the 0-based sentence ordinal used for position. No sentences: one group.
// TestSentenceAtMatchesSearch compares it with the binary search it replaced.
func sentenceAt(ss []Sentence, k, end int) (group, ord int) {
	if len(ss) == 0 {
		return 0, 0
	}
	if k > 0 && end <= ss[k-1].End {
		return 2 * (k - 1), k - 1
	}
	if k == 0 {
		return -1, 0
	}
	return 2*k - 1, k - 1
}

func classify(ws []word, i int) uint8 {
	w := &ws[i]
	lw := w.lower
	if !w.isWord || w.lex&lexStop != 0 {
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
	if w.light && i > 0 && ws[i-1].group == w.group {
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
		if w.tag == "JJ" && w.upper && !w.sentFirst &&
			(i+1 >= len(ws) || ws[i+1].group != w.group || !strings.HasPrefix(ws[i+1].tag, "NN") && !strings.HasPrefix(ws[i+1].tag, "JJ")) {
			return cNoun
		}
		return cMod
	case "VBG":
		if w.lex&lexVBG != 0 {
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
	ts, tags := splitTagged(toks)
	sc := getDocScratch(len(ts) / 2)
	defer putDocScratch(sc)
	cs, _ := sc.candidates(text, ts, tags, nil, sents, DefaultMaxWords)
	if len(cs) == 0 {
		return nil
	}
	out := make([]Candidate, len(cs))
	for i, c := range cs {
		f := &sc.forms[c.form]
		t := &sc.texts[f.text]
		out[i] = Candidate{Text: t.text, Key: sc.keys[t.key].key, Start: c.start, End: c.end, Sentence: c.sentence,
			Words: strings.Count(t.text, " ") + 1, Content: slices.Clone(f.content), Proper: f.proper}
	}
	return out
}

// rawTok is a validated token of prepareWords: its span, its index in the tokens (and tags), the
// number of its text (ProvisionInput.Nums; -1: none). No pointers: a buffer of them is neither
// scanned nor cleared for the collector.
type rawTok struct {
	start, end int
	tok, num   int32
}

// cand is a candidate occurrence as the package keeps it: its span, its sentence ordinal and
// its interned form (docScratch.forms), which holds the text, key and content words.
type cand struct {
	start, end int
	sentence   int
	form       int32
}

// candidates returns the candidates of one provision, in order of start offset (then end), in
// sc's buffer (valid until the next call), and the number of valid sentences of the provision.
// nums, when not nil, number the tokens' texts (ProvisionInput.Nums).
func (sc *docScratch) candidates(text string, toks []tokenize.Token, tags []string, nums []int32, sents []Sentence, maxWords int) ([]cand, int) {
	sc.ss = validSentences(sc.ss, text, sents)
	ws := sc.prepareWords(text, toks, tags, nums, sc.ss)
	out := sc.cs[:0]
	defer func() { sc.cs = out }()
	// out is in order of start, then end, without duplicates
	sorted := true
	emit := func(from, to int) { // words [from, to)
		if to-from > maxWords || to <= from {
			return
		}
		for from < to && (ws[from].lead || ws[from].class != cNoun && ws[from].class != cMod) {
			from++
		}
		if from >= to || ws[to-1].class != cNoun || (to-from == 1 && ws[from].light) {
			return
		}
		if n := len(out); n > 0 {
			last := &out[n-1]
			if last.start == ws[from].start && last.end == ws[to-1].end {
				return // cheap check; remaining duplicates go after sorting
			}
			sorted = sorted && (last.start < ws[from].start || last.start == ws[from].start && last.end < ws[to-1].end)
		}
		out = append(out, cand{start: ws[from].start, end: ws[to-1].end, sentence: ws[from].sentOrd,
			form: sc.form(ws, from, to)})
	}
	proper := func(k int) bool { return ws[k].upperKeep && ws[k].upper }
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
	units, properOf := sc.units[:0], sc.properOf[:0]
	defer func() { sc.units, sc.properOf = units, properOf }()
	for i := 0; i < len(ws); {
		u0, ok := parseUnit(ws, i)
		if !ok {
			i++
			continue
		}
		units = append(units[:0], u0)
		properOf = append(properOf[:0], false) // properOf[a]: units[a] hangs by "of" between two names
		j := u0.end
		for j < len(ws) && joins(ws, i, j) {
			c := &ws[j]
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
	// Emitted in order nearly always (a coordination's left side comes after the unit's
	// chains): sorting and compacting only then was 0.09 s of candidates' 1.40 s in a profile
	// of the 100MB bench corpus's run.
	if !sorted {
		slices.SortStableFunc(out, func(a, b cand) int {
			return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
		})
		out = slices.CompactFunc(out, func(a, b cand) bool { return a.start == b.start && a.end == b.end })
	}
	ns := len(sc.ss)
	if ns == 0 {
		ns = 1
	}
	return out, ns
}
