package keyphrase

import (
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// rawTokReference is rawTok as it was, holding its token's tag.
type rawTokReference struct {
	start, end int
	tag        string
	num        int32
}

// prepareWordsReference is prepareWords as it was before rawTok held its token's index instead
// of its tag (the tag of a merged word: its first longest piece's), its buffers its own.
func (sc *docScratch) prepareWordsReference(text string, toks []tokenize.Token, tags []string, nums []int32, ss []Sentence) []word {
	var rs []rawTokReference
	var ws []word
	last := 0
	for i, t := range toks {
		if t.Start < last || t.End <= t.Start || t.End > len(text) {
			continue
		}
		if !utf8.RuneStart(text[t.Start]) || (t.End < len(text) && !utf8.RuneStart(text[t.End])) {
			continue
		}
		tag := ""
		if i < len(tags) {
			tag = tags[i]
		}
		num := int32(-1)
		if i < len(nums) && nums[i] >= 0 && nums[i] < maxTokenNum {
			num = nums[i]
		}
		rs = append(rs, rawTokReference{t.Start, t.End, tag, num})
		last = t.End
	}
	// Merge runs of byte-contiguous pieces that form one word: "[" "i]nternational",
	// "confidence" "-" "building". Only merged when the result is a word and the run has a
	// bracket or hyphen joint.
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
		surf := text[rs[i].start:end]
		ws = append(ws, word{start: rs[i].start, end: end, tag: tag, num: -1}) // set in place
		w := &ws[len(ws)-1]
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

// FuzzPrepareWords compares prepareWords with prepareWordsReference on tokens from the fuzz bytes
// (in range or not, overlapping, byte-contiguous) and from the words, numbered or not, each in a
// scratch of its own that has seen the text's tokens once before (what a number keeps).
func FuzzPrepareWords(f *testing.F) {
	f.Add("international governance of the Internet", []byte{8, 13, 4, 1, 22, 10, 0, 7})
	f.Add("[i]nternational confidence-building measures", []byte{8, 1, 0, 1, 9, 14, 3, 0, 23, 1, 5, 0, 24, 8, 9, 0})
	f.Add("São Paulo \xff\xfe rights and responsibilities", []byte{9, 3, 1, 0, 10, 2, 1, 0, 12, 5, 0, 0})
	f.Add("self-help desks", []byte{8, 6, 0, 1, 12, 3, 12, 1, 13, 6, 4, 1}) // "self" NN "-" "help" JJ: pieces of one length
	f.Fuzz(func(t *testing.T, text string, b []byte) {
		toks, sents := fuzzTokens(text, b)
		for _, tk := range [][]Token{toks, wordTokens(text, b)} {
			ts, tags := splitTagged(tk)
			for _, nums := range [][]int32{nil, numberTokens(text, ts, map[string]int32{})} {
				got, want := newDocScratch(0), newDocScratch(0)
				ss := validSentences(nil, text, sents)
				for range 2 {
					g := got.prepareWords(text, ts, tags, nums, ss)
					w := want.prepareWordsReference(text, ts, tags, nums, ss)
					if len(g) != len(w) || (len(g) > 0 && !reflect.DeepEqual(g, w)) {
						t.Fatalf("prepareWords\n%+v\nreference\n%+v", g, w)
					}
				}
			}
		}
	})
}
