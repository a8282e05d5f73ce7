package labels

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
)

// DefaultTestFraction is the share of each stance held out as the test split of the committed set.
const DefaultTestFraction = 0.3

// SplitKey is the hash that orders provisions for the split: FNV-1a, 64 bits, of the UTF-8 bytes
// of the provision id.
func SplitKey(provisionID string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(provisionID))
	return h.Sum64()
}

// AssignSplits sets Split on every label by a fixed, stratified rule that never looks at any
// model: within each stance, labels are ordered by SplitKey(ProvisionID) (ties by the id itself)
// and the first round(testFraction·n) are SplitTest, the rest SplitTrain (round half up). The
// result depends only on the set of (provision id, stance) pairs, not on their order. Labels must
// have valid stances and unique ids, as Read guarantees.
func AssignSplits(ls []Label, testFraction float64) error {
	if math.IsNaN(testFraction) || testFraction < 0 || testFraction > 1 {
		return fmt.Errorf("labels: assign splits: test fraction %v: expected a number in [0, 1]", testFraction)
	}
	byStance := map[string][]int{}
	seen := map[string]bool{}
	for i, l := range ls {
		if !validStance(l.Stance) {
			return fmt.Errorf("labels: assign splits: %s: stance %q: expected one of %v", l.ProvisionID, l.Stance, Stances)
		}
		if seen[l.ProvisionID] {
			return fmt.Errorf("labels: assign splits: provision_id %q appears twice", l.ProvisionID)
		}
		seen[l.ProvisionID] = true
		byStance[l.Stance] = append(byStance[l.Stance], i)
	}
	type keyed struct {
		key uint64
		i   int
	}
	for _, st := range Stances {
		idx := make([]keyed, len(byStance[st]))
		for r, i := range byStance[st] {
			idx[r] = keyed{SplitKey(ls[i].ProvisionID), i}
		}
		slices.SortFunc(idx, func(a, b keyed) int {
			if c := cmp.Compare(a.key, b.key); c != 0 {
				return c
			}
			return strings.Compare(ls[a.i].ProvisionID, ls[b.i].ProvisionID)
		})
		k := int(math.Floor(testFraction*float64(len(idx)) + 0.5))
		for r, ki := range idx {
			i := ki.i
			if r < k {
				ls[i].Split = SplitTest
			} else {
				ls[i].Split = SplitTrain
			}
		}
	}
	return nil
}

// Filter returns the labels whose Split is split, in order.
func Filter(ls []Label, split string) []Label {
	var out []Label
	for _, l := range ls {
		if l.Split == split {
			out = append(out, l)
		}
	}
	return out
}
