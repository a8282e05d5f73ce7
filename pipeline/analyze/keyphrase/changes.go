package keyphrase

import "sort"

// Change is a key phrase that one version has and the other has not.
type Change struct {
	Phrase string  // the phrase's Text
	Change string  // "added" (in to, not in from) or "dropped" (in from, not in to)
	Score  float64 // the phrase's score in the version that has it
}

// Changes compares two versions' key phrases by merge key (Key): phrases of to whose key is not
// among from's are "added", phrases of from whose key is not among to's are "dropped". Within a
// list only the first phrase of each key counts. Order: added before dropped, then score
// descending, then phrase text.
func Changes(from, to []Phrase) []Change {
	keys := func(ps []Phrase) map[string]bool {
		m := make(map[string]bool, len(ps))
		for _, p := range ps {
			m[Key(p.Text)] = true
		}
		return m
	}
	fk, tk := keys(from), keys(to)
	var out []Change
	add := func(ps []Phrase, other map[string]bool, kind string) {
		seen := map[string]bool{}
		for _, p := range ps {
			k := Key(p.Text)
			if seen[k] || other[k] {
				continue
			}
			seen[k] = true
			out = append(out, Change{Phrase: p.Text, Change: kind, Score: p.Score})
		}
	}
	add(to, fk, "added")
	add(from, tk, "dropped")
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Change != b.Change {
			return a.Change < b.Change
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Phrase < b.Phrase
	})
	return out
}
