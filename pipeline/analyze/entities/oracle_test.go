package entities

import (
	"sort"
	"strings"
	"sync"
	"testing"
)

type form struct {
	entry int
	keys  []string
	a     alias
}

var (
	formsMu    sync.Mutex
	formsCache = map[*Gazetteer][]form{}
)

// naiveFind is a reference implementation of Find: no trie, every alias tried at every token,
// overlaps resolved by the documented rule. It shares the tokeniser and the case rules with Find.
func naiveFind(t testing.TB, g *Gazetteer, text string) []Entity {
	t.Helper()
	formsMu.Lock()
	forms, ok := formsCache[g]
	formsMu.Unlock()
	var buf []byte
	for ei, e := range g.entries {
		if ok {
			break
		}
		for _, s := range append([]string{e.Name}, e.Aliases...) {
			keys, a, err := compileAlias(s, &buf)
			if err != nil {
				t.Fatalf("alias %q accepted by Load but not by compileAlias: %v", s, err)
			}
			forms = append(forms, form{ei, keys, a})
		}
	}
	formsMu.Lock()
	formsCache[g] = forms
	formsMu.Unlock()
	var toks []token
	var keys []string
	for i := 0; ; {
		s, e, k, _ := nextToken(text, i)
		if s >= len(text) {
			break
		}
		i = e
		key := "\xff" // an invalid byte: equal to no alias key
		if k != tokInvalid {
			key = string(appendFold(nil, text[s:e], k))
		}
		toks = append(toks, token{start: s, end: e, word: k == tokWord})
		keys = append(keys, key)
	}
	type cand struct{ first, last, entry int }
	var cands []cand
	for i := range toks {
		seen := map[int]bool{} // one candidate per (start, length)
		for _, f := range forms {
			n := len(f.keys)
			if i+n > len(toks) || seen[n] || strings.Join(keys[i:i+n], "\x00") != strings.Join(f.keys, "\x00") {
				continue
			}
			if f.a.verify(text, toks[i:i+n]) {
				seen[n] = true
				cands = append(cands, cand{i, i + n, f.entry})
			}
		}
	}
	span := func(c cand) (int, int) { return toks[c.first].start, toks[c.last-1].end }
	sort.SliceStable(cands, func(a, b int) bool {
		as, ae := span(cands[a])
		bs, be := span(cands[b])
		if ae-as != be-bs {
			return ae-as > be-bs
		}
		return as < bs
	})
	var out []Entity
	used := map[int]bool{}
next:
	for _, c := range cands {
		for k := c.first; k < c.last; k++ {
			if used[k] {
				continue next
			}
		}
		for k := c.first; k < c.last; k++ {
			used[k] = true
		}
		s, e := span(c)
		en := g.entries[c.entry]
		out = append(out, Entity{Start: s, End: e, Text: text[s:e], Type: en.Type, CanonicalID: en.ID, Source: SourceGazetteer})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Start < out[b].Start })
	return out
}
