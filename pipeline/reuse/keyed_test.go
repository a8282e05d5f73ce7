package reuse_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/stanceshift/stanceshift/pipeline/reuse"
)

// keyedFind runs the keyed form of Find (keyed.go) with maps standing in for the group-bys.
func keyedFind(provs []reuse.Provision, opt reuse.Options) []reuse.Reuse {
	o := opt.Thresholds()
	groups := map[uint64][]int{}
	for i := range provs {
		for _, h := range reuse.Shingles(&provs[i], opt) {
			groups[h] = append(groups[h], i)
		}
	}
	counts := map[[2]int]int{}
	for _, g := range groups {
		if len(g) < 2 || len(g) > o.MaxDF {
			continue
		}
		for x, i := range g {
			for _, j := range g[x+1:] {
				if reuse.InstrumentKey(&provs[i]) != reuse.InstrumentKey(&provs[j]) {
					counts[[2]int{i, j}]++
				}
			}
		}
	}
	var pairs [][2]int
	for p, n := range counts {
		if n >= o.MinShared {
			pairs = append(pairs, p)
		}
	}
	slices.SortFunc(pairs, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	var out []reuse.Reuse
	for _, p := range pairs {
		if r, ok := reuse.AlignPair(&provs[p[0]], &provs[p[1]], opt); ok {
			out = append(out, r)
		}
	}
	return out
}

func TestKeyedFindEqualsFind(t *testing.T) {
	provs, _ := defaultCorpus(t)
	for _, tc := range []struct {
		name string
		opt  reuse.Options
	}{
		{"defaults", reuse.Options{}},
		{"low thresholds", reuse.Options{MinScore: 3, MinWords: 2, MinShared: 1}},
		{"stems, small MaxDF", reuse.Options{Stem: true, MaxDF: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := reuse.Find(provs, tc.opt)
			got := keyedFind(provs, tc.opt)
			key := func(r reuse.Reuse) string { return r.Source + "\x00" + r.Target }
			slices.SortFunc(want, func(a, b reuse.Reuse) int { return compareStr(key(a), key(b)) })
			slices.SortFunc(got, func(a, b reuse.Reuse) int { return compareStr(key(a), key(b)) })
			if len(want) == 0 {
				t.Fatal("Find found nothing: the comparison would be vacuous")
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("keyed form: %d reuses, Find: %d\ngot  %+v\nwant %+v", len(got), len(want), got, want)
			}
		})
	}
}

func compareStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
