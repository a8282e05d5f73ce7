package keyphrase

import (
	"slices"
	"sort"
)

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
	set     map[string]bool // the keys; nil with nums
	// nums[i] is the number of keys[i] in the Session that ranked the phrases
	// (NewKeyedNumbered), nil when unknown
	nums []int32
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

// NewKeyedNumbered is NewKeyedKeys with the keys' numbers given too: nums[i] (>= 0) is the
// number of keys[i] in a Session's numbering, Session.ExtractAllKeyNums', equal numbers for equal
// keys and different ones for different keys. ChangesKeyed then compares two Keyed with numbers
// by number, in bit sets, instead of by key in maps: the caller must give the numbers of one
// Session for both (the pipeline compares the versions of one instrument, all ranked in one
// session). Without numbers of the keys' length it is NewKeyedKeys.
func NewKeyedNumbered(ps []Phrase, keys []string, nums []int32) Keyed {
	if keys == nil || len(keys) != len(ps) || len(nums) != len(keys) || slices.ContainsFunc(nums, func(n int32) bool { return n < 0 }) {
		return NewKeyedKeys(ps, keys)
	}
	return Keyed{phrases: ps, keys: keys, nums: nums}
}

// keySet returns k's set of keys, made from its keys when k has numbers instead.
func keySet(k Keyed) map[string]bool {
	if k.set != nil || k.nums == nil {
		return k.set
	}
	set := make(map[string]bool, len(k.keys))
	for _, key := range k.keys {
		set[key] = true
	}
	return set
}

// ChangesKeyed is Changes(from's phrases, to's phrases).
func ChangesKeyed(from, to Keyed) []Change {
	if from.nums != nil && to.nums != nil {
		return changesNumbered(from, to)
	}
	from.set, to.set = keySet(from), keySet(to)
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
	sortChanges(out)
	return out
}

// changesNumbered is ChangesKeyed for two Keyed whose keys a Session numbered: each side's keys
// and the keys already listed are bit sets indexed by number. On the 10MB bench corpus the
// maps' lookups and stores of keys (ChangesKeyed, NewKeyedKeys) were 35 M instructions.
func changesNumbered(from, to Keyed) []Change {
	n := int32(0)
	for _, k := range from.nums {
		n = max(n, k+1)
	}
	for _, k := range to.nums {
		n = max(n, k+1)
	}
	words := int(n+63) / 64
	bits := make([]uint64, 3*words)
	fromSet, toSet, seen := bits[:words], bits[words:2*words], bits[2*words:]
	for _, k := range from.nums {
		fromSet[k/64] |= 1 << (k % 64)
	}
	for _, k := range to.nums {
		toSet[k/64] |= 1 << (k % 64)
	}
	var out []Change
	// Only the first phrase of a key counts (seen): the maps' version tracks keys only when a
	// list has one twice, which comes to the same.
	add := func(ps Keyed, other []uint64, kind string) {
		clear(seen)
		for i, p := range ps.phrases {
			k := ps.nums[i]
			bit := uint64(1) << (k % 64)
			if other[k/64]&bit != 0 || seen[k/64]&bit != 0 {
				continue
			}
			seen[k/64] |= bit
			out = append(out, Change{Phrase: p.Text, Change: kind, Score: p.Score})
		}
	}
	add(to, fromSet, "added")
	add(from, toSet, "dropped")
	sortChanges(out)
	return out
}

// sortChanges puts changes in Changes' order.
func sortChanges(out []Change) {
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
}
