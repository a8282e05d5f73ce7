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
	return ChangesKeyed(NewKeyed(from), NewKeyed(to))
}

// Keyed is a list of key phrases with the merge key of each, found once: a middle version of an
// instrument is compared with the one before it and the one after it (ChangesKeyed).
type Keyed struct {
	phrases []Phrase
	keys    []string        // keys[i] = Key(phrases[i].Text)
	set     map[string]bool // the keys
}

// NewKeyed returns ps with their merge keys. It keeps ps, which must not change while the
// result is in use.
func NewKeyed(ps []Phrase) Keyed {
	k := Keyed{phrases: ps, keys: make([]string, len(ps)), set: make(map[string]bool, len(ps))}
	for i, p := range ps {
		k.keys[i] = Key(p.Text)
		k.set[k.keys[i]] = true
	}
	return k
}

// NewKeyedKeys is NewKeyed with the merge keys given: keys[i] must be Key(ps[i].Text), as
// Session.ExtractAllKeys gives them. Without keys (nil) or with keys of another length, it is
// NewKeyed.
func NewKeyedKeys(ps []Phrase, keys []string) Keyed {
	if keys == nil || len(keys) != len(ps) {
		return NewKeyed(ps)
	}
	k := Keyed{phrases: ps, keys: keys, set: make(map[string]bool, len(ps))}
	for _, key := range keys {
		k.set[key] = true
	}
	return k
}

// ChangesKeyed is Changes(from's phrases, to's phrases).
func ChangesKeyed(from, to Keyed) []Change {
	var out []Change
	add := func(ps Keyed, other map[string]bool, kind string) {
		var seen map[string]bool // needed only when ps has a key twice
		if len(ps.set) < len(ps.keys) {
			seen = make(map[string]bool, len(ps.set))
		}
		for i, p := range ps.phrases {
			k := ps.keys[i]
			if other[k] || seen[k] {
				continue
			}
			if seen != nil {
				seen[k] = true
			}
			out = append(out, Change{Phrase: p.Text, Change: kind, Score: p.Score})
		}
	}
	add(to, from.set, "added")
	add(from, to.set, "dropped")
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
