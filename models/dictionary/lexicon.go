package dictionary

// lexicon is what the matchers of one dictionary need to know about a word of a text, found by
// one walk over the word's bytes: its id when it is a literal word of some pattern or a scope
// word (flags say which scope lists hold it), and the "lit*" globs it matches (a pset id: the
// set of those globs' literal prefixes that are prefixes of the word).
//
// It exists for speed. Before it, every matcher looked each word up in its root's map, then
// tried one map lookup per length of "lit*" prefix starting with the word's first byte, at
// every trie node, and scopeEnd did three more map lookups per word: on the 10MB bench corpus
// Matcher.find was 0.45 s of ScoreAllConcepts' 1.00 s, 0.28 s of it in map lookups. Now each
// word is walked once (most walks stop after a few bytes: the word is in no pattern) and the
// matchers' edges are indexed by ids.
//
// The matchers of a Model share one lexicon; a Matcher built by NewMatcher has its own. Words
// and prefixes are added while matchers are built (addWord, addPrefix), then freeze builds the
// byte trie; a frozen lexicon is immutable.
type lexicon struct {
	words     map[string]int32 // literal word -> id (construction only)
	prefixes  map[string]int32 // literal prefix of a "lit*" glob -> prefix id (construction only)
	flags     []uint8          // by word id: flagBreak | flagAfterComma | flagModal
	wordLit   []string         // by word id: the word
	prefixLit []string         // by prefix id: the prefix

	// The byte trie over every word and prefix, built by freeze. trie[0] is the root; the
	// child of node n along byte c is next[n.off+c-n.lo] when c-n.lo < n.span and that is not
	// -1.
	trie  []trieNode
	next  []int32
	psets [][]int32 // pset id -> the prefix ids it holds; psets[0] is the empty set

	// wordStart[id] (by word id) and psetStart[pset] (by pset id) hold the bits (Matcher.bit)
	// of the matchers whose root has an exact child for the word, or a prefix child for one
	// of the pset's prefixes: the matchers whose walks can start at such a word (set by each
	// matcher's finish; a word's starts). matchers counts the bits given.
	wordStart, psetStart []uint8
	matchers             int
}

// Scope word flags.
const (
	flagBreak = 1 << iota
	flagAfterComma
	flagModal
)

type trieNode struct {
	off  int32
	lo   uint8
	span uint16
	word int32 // word id of the path, or -1
	pset int32 // the prefixes among the path's prefixes (its own included), as a pset id
}

func newLexicon() *lexicon {
	return &lexicon{words: map[string]int32{}, prefixes: map[string]int32{}}
}

// addWord returns the id of w, adding it if needed.
func (lx *lexicon) addWord(w string) int32 {
	if id, ok := lx.words[w]; ok {
		return id
	}
	id := int32(len(lx.flags))
	lx.words[w] = id
	lx.flags = append(lx.flags, 0)
	lx.wordLit = append(lx.wordLit, w)
	return id
}

// addPrefix returns the prefix id of p (the literal part of a "p*" glob), adding it if needed.
func (lx *lexicon) addPrefix(p string) int32 {
	if id, ok := lx.prefixes[p]; ok {
		return id
	}
	id := int32(len(lx.prefixLit))
	lx.prefixes[p] = id
	lx.prefixLit = append(lx.prefixLit, p)
	return id
}

// freeze builds the byte trie. Words and prefixes cannot be added afterwards.
func (lx *lexicon) freeze() {
	type bnode struct {
		kids   map[byte]int32
		word   int32
		prefix int32
	}
	bn := []bnode{{word: -1, prefix: -1}}
	insert := func(s string) int32 {
		n := int32(0)
		for i := 0; i < len(s); i++ {
			c, ok := bn[n].kids[s[i]]
			if !ok {
				c = int32(len(bn))
				bn = append(bn, bnode{word: -1, prefix: -1})
				if bn[n].kids == nil {
					bn[n].kids = map[byte]int32{}
				}
				bn[n].kids[s[i]] = c
			}
			n = c
		}
		return n
	}
	for w, id := range lx.words {
		bn[insert(w)].word = id
	}
	for p, id := range lx.prefixes {
		bn[insert(p)].prefix = id
	}
	// Lay the nodes out depth first (children by byte) with their pset: the parent's set,
	// plus the node's own prefix.
	lx.trie = make([]trieNode, len(bn))
	lx.psets = [][]int32{nil}
	var lay func(n int32, pset int32)
	lay = func(n int32, pset int32) {
		b := bn[n]
		if b.prefix >= 0 {
			set := append(append([]int32(nil), lx.psets[pset]...), b.prefix)
			pset = int32(len(lx.psets))
			lx.psets = append(lx.psets, set)
		}
		tn := trieNode{word: b.word, pset: pset}
		if len(b.kids) > 0 {
			lo, hi := 255, 0
			for c := range b.kids {
				lo, hi = min(lo, int(c)), max(hi, int(c))
			}
			tn.lo, tn.span, tn.off = uint8(lo), uint16(hi-lo+1), int32(len(lx.next))
			for range hi - lo + 1 {
				lx.next = append(lx.next, -1)
			}
			for c, k := range b.kids {
				lx.next[int(tn.off)+int(c)-lo] = k
			}
		}
		lx.trie[n] = tn
		for i := range int32(tn.span) { // children in byte order, so that pset ids are stable
			if k := lx.next[tn.off+i]; k >= 0 {
				lay(k, pset)
			}
		}
	}
	lay(0, 0)
	lx.words, lx.prefixes = nil, nil
	lx.wordStart = make([]uint8, len(lx.flags))
	lx.psetStart = make([]uint8, len(lx.psets))
}

// maxMatchers is the most matchers that share a lexicon: one bit each in a word's starts.
const maxMatchers = 8

// addMatcher returns the bit of a new matcher of lx (Matcher.bit), or 0 when lx has
// maxMatchers already.
func (lx *lexicon) addMatcher() uint8 {
	if lx.matchers >= maxMatchers {
		return 0
	}
	lx.matchers++
	return 1 << (lx.matchers - 1)
}

// lookup returns the word id of w (-1 when w is no word of the lexicon) and its pset id (0 when
// it matches no "lit*" glob).
func (lx *lexicon) lookup(w string) (id, pset int32) { return lookupIn(lx, w) }

// lookupIn is lookup for a word held as a string or as bytes (a word lower-cased into
// splitWordsBuf's arena, whose string is made later).
func lookupIn[S string | []byte](lx *lexicon, w S) (id, pset int32) {
	t, next := lx.trie, lx.next
	n := &t[0]
	for i := 0; i < len(w); i++ {
		k := uint(w[i]) - uint(n.lo)
		if k >= uint(n.span) {
			return -1, n.pset
		}
		c := next[uint(n.off)+k]
		if c < 0 {
			return -1, n.pset
		}
		n = &t[c]
	}
	return n.word, n.pset
}

// starts returns the bits of the matchers whose walks can start at a word of this id and pset
// (word.starts).
func (lx *lexicon) starts(id, pset int32) uint8 {
	s := lx.psetStart[pset]
	if id >= 0 {
		s |= lx.wordStart[id]
	}
	return s
}

// annotate sets the word id, pset and starts of every word of ws.
func (lx *lexicon) annotate(ws []word) {
	for k := range ws {
		w := &ws[k]
		w.id, w.pset = lx.lookup(w.s)
		w.starts = lx.starts(w.id, w.pset)
	}
}

// lexEntry is what splitWordsBuf keeps of a token's text by the token's number (Memo.byToken):
// what its loop makes of the text (split), and, for a token that is one word, the word
// lower-cased (for splitOneWord; a token of splitOneLower is its own word, not kept here) and
// its lexicon fields (id, pset, starts).
type lexEntry struct {
	id, pset int32
	split    uint8
	starts   uint8
	word     string
}
