package dictionary

import (
	"slices"
	"strings"
	"testing"
)

// findToReference is findTo before its sorts took plain integers and insertion: the candidate
// slots and the selected hits sorted by slices.SortFunc with comparison functions.
func (m *Matcher) findToReference(dst []hit, ws []word) []hit {
	hits := dst[:0]
	if len(ws) == 0 || m == nil || len(m.patterns) == 0 {
		return hits
	}
	L := m.maxLen
	cand := make([]int32, len(ws)*L)
	for i := range cand {
		cand[i] = -1
	}
	f := finder{m: m, ws: ws, cand: cand}
	for i := range ws {
		f.walk(0, i, i)
	}
	slices.SortFunc(f.set, func(a, b int32) int {
		if la, lb := a%int32(L), b%int32(L); la != lb {
			return int(lb - la)
		}
		return int(a - b)
	})
	taken := make([]bool, len(ws))
	for _, slot := range f.set {
		i, l := int(slot)/L, int(slot)%L+1
		p := f.cand[slot]
		if slices.Contains(taken[i:i+l], true) {
			continue
		}
		for k := i; k < i+l; k++ {
			taken[k] = true
		}
		hits = append(hits, hit{start: int32(i), end: int32(i + l), pat: p})
	}
	slices.SortFunc(hits, func(a, b hit) int { return int(a.start) - int(b.start) })
	return hits
}

// startsReference is whether findTo walked from word w before a word carried its matchers'
// bits (word.starts): the matcher's root has an exact child for w's id, or a prefix child for
// one of its prefixes (the matcher's startWord and startPset tables, by id and pset).
func startsReference(m *Matcher, w word) bool {
	root := &m.nodes[0]
	if w.id >= 0 && root.exact.get(w.id) >= 0 {
		return true
	}
	for _, p := range m.lex.psets[w.pset] {
		if root.prefix.get(p) >= 0 {
			return true
		}
	}
	return false
}

// FuzzFindTo compares findTo with findToReference for the default dictionary's three matchers
// (stance terms, concepts, modifiers) on s split into words both ways, s repeated so that a
// text also has more hits than findTo sorts by insertion.
func FuzzFindTo(f *testing.F) {
	f.Add(strings.Join(seedSentences, " "), uint8(1))
	f.Add("States shall not restrict sovereignty without prejudice to multistakeholder, x", uint8(3))
	f.Add("civil society; the private sector. Information space", uint8(0))
	m := Default()
	f.Fuzz(func(t *testing.T, s string, repeat uint8) {
		s = strings.Repeat(s+" ", 1+int(repeat%4))
		for _, split := range []func(string) []word{
			func(s string) []word { return splitWords(text(s), nil) },
			func(s string) []word { return splitWords(runText(s), nil) },
		} {
			ws := split(s)
			m.lex.annotate(ws)
			for _, mt := range []*Matcher{m.stance, m.concepts, m.mods} {
				got := mt.findTo(nil, ws)
				want := mt.findToReference(nil, ws)
				if !slices.Equal(got, want) {
					t.Fatalf("findTo %v, reference %v", got, want)
				}
			}
		}
	})
}
