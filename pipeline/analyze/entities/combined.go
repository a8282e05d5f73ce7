package entities

import (
	"slices"
	"sort"
)

// Recognizer combines the gazetteer with a statistical model. The gazetteer has priority: its
// matches are all kept, and a model entity is kept only if it overlaps no gazetteer match;
// among overlapping model entities the longest (in bytes) wins, then the leftmost. Model
// entities are typed with Gazetteer (or, when Gazetteer is nil, with the model's own).
//
// A nil Model means the gazetteer alone; a nil Gazetteer means the model alone. A Recognizer
// whose fields are not changed after first use is safe for concurrent use.
type Recognizer struct {
	Gazetteer *Gazetteer
	Model     *Model
}

// Find returns the entities in text ordered by Start and pairwise non-overlapping, with
// 0 <= Start < End <= len(text) and Text == text[Start:End]. Source tells which recogniser
// found each one. Find never panics.
func (r *Recognizer) Find(text string) []Entity {
	if r == nil {
		return nil
	}
	out := r.Gazetteer.Find(text) // nil-safe
	if r.Model == nil {
		return out
	}
	typing := r.Gazetteer
	if typing == nil {
		typing = r.Model.gaz
	}
	return merge(out, r.Model.find(text, typing))
}

// merge adds to gaz (sorted by Start, non-overlapping) the candidates that overlap nothing
// taken before them, taken longest first, then leftmost. cands is reordered.
func merge(gaz, cands []Entity) []Entity {
	if len(cands) == 0 {
		return gaz
	}
	slices.SortStableFunc(cands, func(a, b Entity) int {
		if la, lb := a.End-a.Start, b.End-b.Start; la != lb {
			return lb - la
		}
		return a.Start - b.Start
	})
	// taken holds the accepted spans sorted by Start; they never overlap, so their Ends are
	// sorted too and one binary search finds the only possible neighbours.
	taken := slices.Clone(gaz)
	for _, c := range cands {
		i := sort.Search(len(taken), func(i int) bool { return taken[i].End > c.Start })
		if i < len(taken) && taken[i].Start < c.End {
			continue
		}
		taken = slices.Insert(taken, i, c)
	}
	return taken
}
