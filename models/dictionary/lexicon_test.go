package dictionary

import (
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/models"
)

// refSplitWords is splitWords as it was before words in lower-case ASCII became slices of the
// text: every word lower-cased into one arena. The fast path must give the same words.
func refSplitWords(t models.Text, dst []word) []word {
	var b boundaryScanner
	arena := make([]byte, 0, len(t.Text)+16)
	first := len(dst)
	var spans []int32 // arena offsets, two per word
	prevEnd := -1
	for _, tok := range t.Tokens {
		valid := tok.Start >= 0 && tok.Start <= tok.End && tok.End <= len(t.Text) &&
			tok.Start >= prevEnd && tok.End-tok.Start == len(tok.Text) && t.Text[tok.Start:tok.End] == tok.Text
		if valid {
			if prevEnd >= 0 {
				b.feed(t.Text[prevEnd:tok.Start])
			}
			prevEnd = tok.End
		} else {
			b.space()
			prevEnd = len(t.Text) + 1 // stop reading gaps: offsets are no longer trusted
		}
		s := tok.Text
		i := 0
		for i < len(s) {
			r, size := rune(s[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
			if !isWordRune(r) {
				b.feed(s[i : i+size])
				i += size
				continue
			}
			j := i + size
			for j < len(s) {
				r, size = rune(s[j]), 1
				if r >= utf8.RuneSelf {
					r, size = utf8.DecodeRuneInString(s[j:])
				}
				if !isWordRune(r) {
					break
				}
				j += size
			}
			a := len(arena)
			arena = appendLower(arena, s[i:j])
			spans = append(spans, int32(a), int32(len(arena)))
			st, en := tok.Start, tok.End
			if valid {
				st, en = tok.Start+i, tok.Start+j
			}
			dst = append(dst, word{start: st, end: en, brk: b.takeBytes(arena[a:len(arena):len(arena)])})
			i = j
		}
	}
	all := string(arena)
	for k := first; k < len(dst); k++ {
		dst[k].s = all[spans[2*(k-first)]:spans[2*(k-first)+1]]
	}
	return dst
}

// refFind is Matcher.find by brute force, without the trie and the lexicon: every pattern is
// tried at every word, its words compared as strings (globs with globMatch).
func refFind(m *refMatcher, ws []word) []hit {
	L := m.maxLen
	cand := make([]int32, len(ws)*L)
	for i := range cand {
		cand[i] = -1
	}
	for pi, pw := range m.parsed {
		for i := 0; i+len(pw) <= len(ws); i++ {
			ok := true
			for k, w := range pw {
				x := ws[i+k]
				if (k > 0 && x.brk != brkNone) || (!w.glob && w.s != x.s) || (w.glob && !globMatch(w.s, x.s)) {
					ok = false
					break
				}
			}
			if slot := &cand[i*L+len(pw)-1]; ok && (*slot < 0 || m.better(int32(pi), *slot)) {
				*slot = int32(pi)
			}
		}
	}
	taken := make([]bool, len(ws))
	var hits []hit
	for l := L; l >= 1; l-- {
		for i := 0; i+l <= len(ws); i++ {
			p := cand[i*L+l-1]
			if p < 0 || slices.Contains(taken[i:i+l], true) {
				continue
			}
			for k := i; k < i+l; k++ {
				taken[k] = true
			}
			hits = append(hits, hit{start: int32(i), end: int32(i + l), pat: p})
		}
	}
	sort.Slice(hits, func(a, b int) bool { return hits[a].start < hits[b].start })
	return hits
}

// refMatcher is a matcher with its patterns parsed again, their literal words and their
// "lit*" prefixes, for the reference checks.
type refMatcher struct {
	*Matcher
	parsed   [][]patWord
	words    map[string]bool
	prefixes []string
}

// lexMatchers are the matchers the lexicon and find tests run: the default model's three
// (sharing its lexicon) and a standalone one with every kind of glob.
var lexMatchers = sync.OnceValue(func() []*refMatcher {
	m := Default()
	own, err := NewMatcher([]Entry{
		{Key: "sov", Patterns: []string{"sovereign*", "sovereignty", "sov*", "s*", "information space"}},
		{Key: "cbm", Patterns: []string{"confidence-building measure*", "measure"}},
		{Key: "qm", Patterns: []string{"organi?ation*", "cyber*space", "*net", "état*", "ÉTATS"}},
		{Key: "long", Patterns: []string{"a b c d e f", "a b", "b c*"}},
	})
	if err != nil {
		panic(err)
	}
	var out []*refMatcher
	for _, mt := range []*Matcher{m.stance, m.concepts, m.mods, own} {
		r := &refMatcher{Matcher: mt, words: map[string]bool{}}
		for _, p := range mt.patterns {
			pw, err := parsePattern(p.text)
			if err != nil {
				panic(err)
			}
			r.parsed = append(r.parsed, pw)
			for _, x := range pw {
				switch {
				case !x.glob:
					r.words[x.s] = true
				case strings.IndexAny(x.s, "*?") == len(x.s)-1 && strings.HasSuffix(x.s, "*"):
					r.prefixes = append(r.prefixes, x.s[:len(x.s)-1])
				}
			}
		}
		out = append(out, r)
	}
	return out
})

// checkWords checks splitWords, the lexicon and find on t against the reference versions.
func checkWords(t *testing.T, tx models.Text) {
	t.Helper()
	ws := splitWords(tx, nil)
	ref := refSplitWords(tx, nil)
	if len(ws) != len(ref) {
		t.Fatalf("%q: %d words, reference %d", tx.Text, len(ws), len(ref))
	}
	for k := range ws {
		if ws[k].s != ref[k].s || ws[k].start != ref[k].start || ws[k].end != ref[k].end || ws[k].brk != ref[k].brk {
			t.Fatalf("%q: word %d = %+v, reference %+v", tx.Text, k, ws[k], ref[k])
		}
	}
	// the tokens numbered, twice over one memo (the second split takes every token's kind from it)
	nums, ids := make([]int32, len(tx.Tokens)), map[string]int32{}
	for k, tok := range tx.Tokens {
		id, ok := ids[tok.Text]
		if !ok {
			id = int32(len(ids))
			ids[tok.Text] = id
		}
		nums[k] = id
	}
	if got := splitWordsBuf(tx, nil, new(wordBuf), nums, new([]lexEntry), nil); !reflect.DeepEqual(got, ws) {
		t.Fatalf("%q: numbered tokens without a lexicon: words %+v, unnumbered %+v", tx.Text, got, ws)
	}
	for _, m := range lexMatchers() {
		ws := slices.Clone(ws)
		m.lex.annotate(ws)
		// the split with the lexicon annotates as annotate does, with the tokens numbered
		// too, twice over one memo (the second split takes every token's entry from it)
		if got := splitWordsBuf(tx, nil, new(wordBuf), nil, nil, m.lex); !reflect.DeepEqual(got, ws) {
			t.Fatalf("%q: split with the lexicon: words %+v, annotated %+v", tx.Text, got, ws)
		}
		var memo []lexEntry
		for pass := range 2 {
			if got := splitWordsBuf(tx, nil, new(wordBuf), nums, &memo, m.lex); !reflect.DeepEqual(got, ws) {
				t.Fatalf("%q: numbered tokens, pass %d: words %+v, annotated %+v", tx.Text, pass, got, ws)
			}
		}
		for _, w := range ws {
			checkLookup(t, m, w)
			if got, want := w.starts&m.bit != 0, startsReference(m.Matcher, w); got != want {
				t.Fatalf("%q: word %q starts this matcher's walks: %v, reference %v", tx.Text, w.s, got, want)
			}
		}
		got, want := m.find(ws), refFind(m, ws)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: find = %v, reference %v", tx.Text, got, want)
		}
		for _, h := range got {
			if a, b := term(tx.Text, ws, h), phrase(ws, h); a != b {
				t.Fatalf("%q: term %q, phrase %q", tx.Text, a, b)
			}
		}
	}
}

// checkLookup checks w's lexicon fields against the matcher's patterns and the model's scope
// words.
func checkLookup(t *testing.T, m *refMatcher, w word) {
	t.Helper()
	// Every literal pattern word and every "lit*" prefix of m must be found by the lexicon.
	if m.words[w.s] && w.id < 0 {
		t.Fatalf("%q: pattern word has no id", w.s)
	}
	for _, lit := range m.prefixes {
		found := false
		for _, id := range m.lex.psets[w.pset] {
			if m.lex.prefixLit[id] == lit {
				found = true
			}
		}
		if strings.HasPrefix(w.s, lit) != found {
			t.Fatalf("%q: prefix %q found %v", w.s, lit, found)
		}
	}
	if w.id >= 0 && m.lex.wordLit[w.id] != w.s {
		t.Fatalf("%q: id %d is the word %q", w.s, w.id, m.lex.wordLit[w.id])
	}
	for _, id := range m.lex.psets[w.pset] {
		if !strings.HasPrefix(w.s, m.lex.prefixLit[id]) {
			t.Fatalf("%q: pset holds prefix %q", w.s, m.lex.prefixLit[id])
		}
	}
}

func TestLexiconLookup(t *testing.T) {
	m := Default()
	cases := []struct {
		name, word string
		inLexicon  bool
		flags      uint8
		prefixes   []string
	}{
		{"literal pattern word and a prefix", "sovereignty", true, 0, []string{"sovereign"}},
		{"prefix only", "sovereigns", false, 0, []string{"sovereign"}},
		{"prefix itself, also a pattern word", "sovereign", true, 0, []string{"sovereign"}},
		{"shorter than the prefix", "sovereig", false, 0, nil},
		{"break word", "but", true, flagBreak, nil},
		{"modal word", "shall", true, flagModal, nil},
		{"after-comma word", "and", true, flagAfterComma, nil},
		{"word in no list", "zebra", false, 0, nil},
		{"empty word", "", false, 0, nil},
		{"non-ASCII word", "état", false, 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id, pset := m.lex.lookup(tc.word)
			if (id >= 0) != tc.inLexicon {
				t.Fatalf("id %d, want in lexicon %v", id, tc.inLexicon)
			}
			if id >= 0 && m.lex.flags[id] != tc.flags {
				t.Errorf("flags %b, want %b", m.lex.flags[id], tc.flags)
			}
			var got []string
			for _, p := range m.lex.psets[pset] {
				got = append(got, m.lex.prefixLit[p])
			}
			if !slices.Equal(got, tc.prefixes) {
				t.Errorf("prefixes %q, want %q", got, tc.prefixes)
			}
		})
	}
}

func TestSplitWordsAndFindMatchReference(t *testing.T) {
	cases := map[string]string{
		"seed sentences":       strings.Join(seedSentences, ". "),
		"upper and lower case": "SOVEREIGNTY Sovereign sovereign* Information Space, information space",
		"abbreviations":        "Art. 5 and Para. 3. Mr. X said: no. State sovereignty. e.g. the U.N. Charter",
		"non-ASCII":            "ÉTATS état États-membres Straße STRASSE İstanbul ǅ ﬁne",
		"globs":                "organisation organization organ cyberspace cyber-space internet net sovfoo s",
		"long pattern":         "a b c d e f a b c d e a b, c d",
		"punctuation only":     "... ; , !",
		"invalid UTF-8":        "\xff\xfe sovereign\xc3 information space",
		"multiword terms":      "information space, Information Space, information  space, information\tspace, information-space",
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			checkWords(t, text(s))
			checkWords(t, runText(s))
		})
	}
}

// FuzzSplitWordsAndFind compares splitWords, the lexicon and find with the reference versions
// above, on the project tokenizer's tokens, on runs of letters, and on tokens whose offsets do
// not fit the text.
func FuzzSplitWordsAndFind(f *testing.F) {
	for _, s := range seedSentences {
		f.Add(s, 0)
	}
	f.Add("SOVEREIGN States' sovereignty; information-space, Art. 5. organisation", 2)
	f.Add("ÉTATS état \xff a b c d e f", 1)
	f.Fuzz(func(t *testing.T, s string, shift int) {
		for _, tx := range []models.Text{text(s), runText(s)} {
			checkWords(t, tx)
			for i := range tx.Tokens {
				tx.Tokens[i].Start += shift * (i % 3)
				tx.Tokens[i].End -= shift
			}
			checkWords(t, tx)
		}
	})
}
