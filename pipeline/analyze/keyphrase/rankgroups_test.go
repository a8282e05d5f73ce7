package keyphrase

import (
	"strings"
	"testing"
)

// rankGroupsReference is how rankTo grouped a ranking's occurrences before its passes read
// formRefs and keyGroup: from the forms and the keys themselves, in three passes (the groups, the
// representatives, the texts' counts cleared), a key's group kept in a map here as it was in the
// key (mergeKey.group).
func rankGroupsReference(sc *docScratch, occs []occurrence) []group {
	var groups []group
	groupOf := map[int32]int32{} // key -> 1 + index into groups
	textN := map[int32]int32{}
	for i, o := range occs {
		f := &sc.forms[o.form]
		key := sc.texts[f.text].key
		if sc.keys[key].words == 0 { // the key is ""
			continue
		}
		if groupOf[key] == 0 {
			groups = append(groups, group{key: key, first: int32(i), lastSent: -1})
			groupOf[key] = int32(len(groups))
		}
		g := &groups[groupOf[key]-1]
		g.count++
		g.proper = g.proper || f.proper
		if o.sentence != g.lastSent {
			g.sents++
			g.lastSent = o.sentence
		}
		textN[f.text]++
	}
	for _, o := range occs {
		f := &sc.forms[o.form]
		gi := groupOf[sc.texts[f.text].key]
		if gi == 0 {
			continue
		}
		if g := &groups[gi-1]; textN[f.text] > g.repN {
			g.rep, g.repN = o.form, textN[f.text]
		}
	}
	return groups
}

// FuzzRankGroups compares the groups rankTo builds (sc.groups after the ranking: counts,
// sentences, Proper, first occurrence and representative) with rankGroupsReference's, on the
// candidates of provisions cut from text at every '|' with tokens from the fuzz bytes and from
// the words, ranked as one document; and checks that rankTo leaves no group in keyGroup and no
// count in textN for the next ranking.
func FuzzRankGroups(f *testing.F) {
	f.Add("international governance of the Internet|the Charter of the United Nations", []byte{8, 13, 4, 1, 22, 10, 0, 7})
	f.Add("Member States and member state|rights and responsibilities of States|States", []byte{9, 3, 1, 0, 10, 2, 1, 0})
	f.Add("a b c d|e f g h|a b", []byte{2, 0, 5, 1, 8, 0, 7, 2})
	f.Add("StAte  A  StAte", []byte("7")) // two texts of one key, once each: the earlier shown
	f.Fuzz(func(t *testing.T, text string, b []byte) {
		for _, words := range []bool{false, true} {
			sc := newDocScratch(0)
			var occs []occurrence
			base, sentBase := 0, 0
			for i, p := range strings.Split(text, "|") {
				tk, sents := fuzzTokens(p, b[min(len(b), 4*i):])
				if words {
					tk = wordTokens(p, b)
				}
				ts, tags := splitTagged(tk)
				cs, ns := sc.candidates(p, ts, tags, nil, sents, DefaultMaxWords)
				for _, c := range cs {
					occs = append(occs, occurrence{form: c.form, sentence: int32(sentBase + min(c.sentence, ns-1)), pos: base + c.start})
				}
				base += len(p)
				sentBase += ns
			}
			want := rankGroupsReference(sc, occs)
			sc.rank(occs, max(base, 1), sentBase, Options{TopN: -1})
			got := sc.groups
			if len(got) != len(want) {
				t.Fatalf("%d groups, reference %d", len(got), len(want))
			}
			for i := range got {
				g, w := got[i], want[i]
				if g.key != w.key || g.first != w.first || g.rep != w.rep || g.repN != w.repN || g.count != w.count ||
					g.sents != w.sents || g.lastSent != w.lastSent || g.proper != w.proper {
					t.Fatalf("group %d: %+v, reference %+v", i, g, w)
				}
			}
			for k, gi := range sc.keyGroup {
				want := int32(0)
				if sc.keys[k].key == "" {
					want = -1
				}
				if gi != want {
					t.Fatalf("key %q: group %d after the ranking", sc.keys[k].key, gi)
				}
			}
			for i, n := range sc.textN {
				if n != 0 {
					t.Fatalf("text %d: count %d after the ranking", i, n)
				}
			}
		}
	})
}
