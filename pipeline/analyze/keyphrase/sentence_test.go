package keyphrase

import (
	"sort"
	"testing"
)

// sentenceOfReference is how prepareWords placed a word in its sentence before sentenceAt: a
// binary search per word for the sentences starting at or before it.
func sentenceOfReference(ss []Sentence, start, end int) (group, ord int) {
	if len(ss) == 0 {
		return 0, 0
	}
	k := sort.Search(len(ss), func(i int) bool { return ss[i].Start > start })
	if k > 0 && end <= ss[k-1].End {
		return 2 * (k - 1), k - 1
	}
	if k == 0 {
		return -1, 0
	}
	return 2*k - 1, k - 1
}

// checkSentenceGroups fails t unless every word prepareWords finds in text has the sentence
// group and ordinal the binary search gives, and the first-of-group flag that follows from them.
func checkSentenceGroups(t *testing.T, text string, toks []Token, sents []Sentence) {
	t.Helper()
	ts, tags := splitTagged(toks)
	sc := newDocScratch(0)
	sc.ss = validSentences(sc.ss, text, sents)
	prev := -2
	for i, w := range sc.prepareWords(text, ts, tags, nil, sc.ss) {
		g, ord := sentenceOfReference(sc.ss, w.start, w.end)
		if w.group != g || w.sentOrd != ord || w.sentFirst != (g != prev) {
			t.Fatalf("word %d %q [%d,%d): group %d ordinal %d first %v, the binary search gives %d %d %v",
				i, w.surf, w.start, w.end, w.group, w.sentOrd, w.sentFirst, g, ord, g != prev)
		}
		prev = g
	}
}

func TestSentenceAtMatchesSearch(t *testing.T) {
	text := "First sentence here. Gap words Second one (a) here; third. Tail"
	words := wordTokens(text, nil)
	tests := []struct {
		name  string
		text  string
		toks  []Token
		sents []Sentence
	}{
		{"no sentences", text, words, nil},
		{"sentences with gaps and a straddling word", text, words,
			[]Sentence{{Start: 0, End: 20}, {Start: 31, End: 45}, {Start: 52, End: 59}}},
		{"a sentence starting inside a word", text, words, []Sentence{{Start: 2, End: 30}, {Start: 33, End: 64}}},
	}
	for _, r := range readGold(t) {
		toks, sents := proseTag(t, r.Text)
		tests = append(tests, struct {
			name  string
			text  string
			toks  []Token
			sents []Sentence
		}{"gold " + r.ID, r.Text, toks, sents})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkSentenceGroups(t, tc.text, tc.toks, tc.sents)
		})
	}
}

func FuzzSentenceAt(f *testing.F) {
	f.Add("First sentence. Second one; third", []byte{8, 13, 4, 7, 22, 10, 0, 14})
	f.Fuzz(func(t *testing.T, text string, b []byte) {
		_, sents := fuzzTokens(text, b)
		checkSentenceGroups(t, text, wordTokens(text, b), sents)
	})
}
