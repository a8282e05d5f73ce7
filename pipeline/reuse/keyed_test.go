package reuse_test

import (
	"bytes"
	"errors"
	"reflect"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"unsafe"

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

// TestPreparedFindEqualsFind checks the form pipeline.Stream uses: postings in partitions by
// hash (in no particular order within a partition), candidates from them, then only the
// candidates' prepared forms aligned. It must give Find's result in Find's order.
func TestPreparedFindEqualsFind(t *testing.T) {
	provs, _ := defaultCorpus(t)
	for _, tc := range []struct {
		name string
		opt  reuse.Options
	}{
		{"defaults", reuse.Options{}},
		{"low thresholds, 2 workers", reuse.Options{MinScore: 3, MinWords: 2, MinShared: 1, Workers: 2}},
		{"stems, small MaxDF", reuse.Options{Stem: true, MaxDF: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := reuse.Find(provs, tc.opt)
			const parts = 4
			postings := make([][]reuse.Posting, parts)
			inst := make([]int32, len(provs))
			keys := map[string]int32{}
			for i := len(provs) - 1; i >= 0; i-- { // reversed: the order must not matter
				for _, h := range reuse.Shingles(&provs[i], tc.opt) {
					postings[h>>62] = append(postings[h>>62], reuse.Posting{H: h, P: int32(i)})
				}
			}
			for i := range provs {
				k := reuse.InstrumentKey(&provs[i])
				if _, ok := keys[k]; !ok {
					keys[k] = int32(len(keys))
				}
				inst[i] = keys[k]
			}
			pairs, err := reuse.CandidatesOfPostings(len(provs), inst, parts, func(k int) ([]reuse.Posting, error) {
				return slices.Clone(postings[k]), nil // CandidatesOfPostings writes into them
			}, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(pairs, reuse.Candidates(provs, tc.opt)) {
				t.Fatal("CandidatesOfPostings differs from Candidates")
			}
			prep := map[int]*reuse.Prepared{}
			for _, p := range pairs {
				for _, i := range p {
					if prep[i] == nil {
						pp := reuse.Prepare(&provs[i], tc.opt)
						prep[i] = &pp
					}
				}
			}
			got := reuse.AlignCandidates(pairs, func(i int) *reuse.Prepared { return prep[i] }, tc.opt)
			if len(want) == 0 {
				t.Fatal("Find found nothing: the comparison would be vacuous")
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("prepared form: %d reuses, Find: %d\ngot  %+v\nwant %+v", len(got), len(want), got, want)
			}
		})
	}
}

// TestShinglesNumberedEqualsShingles checks ShinglesNumbered, with one WordKeys for all the
// default corpus's provisions (their words numbered by text), against Shingles; and its
// fallback to Shingles without words or with numbers that do not fit them.
func TestShinglesNumberedEqualsShingles(t *testing.T) {
	provs, _ := defaultCorpus(t)
	noWords := reuse.Provision{ID: "x:1", Text: "The Parties shall cooperate with the private sector."}
	outOfRange := reuse.Provision{ID: "x:2", Text: "short", Words: []reuse.Word{
		{Text: "short", Start: 0, End: 5}, {Text: "outside", Start: 3, End: 10}, {Text: "short", Start: 0, End: 5}}}
	for _, tc := range []struct {
		name string
		opt  reuse.Options
	}{
		{"defaults", reuse.Options{}},
		{"stems, shingles of 3", reuse.Options{Stem: true, Shingle: 3}},
		{"own stop words", reuse.Options{StopWords: map[string]bool{"states": true, "shall": true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			numbers := map[string]int32{}
			var keys reuse.WordKeys
			n := 0
			all := append(slices.Clone(provs), noWords, outOfRange)
			for i := range all {
				p := &all[i]
				nums := make([]int32, len(p.Words))
				for k, w := range p.Words {
					if _, ok := numbers[w.Text]; !ok {
						numbers[w.Text] = int32(len(numbers))
					}
					nums[k] = numbers[w.Text]
				}
				want := reuse.Shingles(p, tc.opt)
				if got := reuse.ShinglesNumbered(p, tc.opt, nums, &keys); !slices.Equal(got, want) {
					t.Fatalf("%s: ShinglesNumbered = %x, Shingles %x", p.ID, got, want)
				}
				if got := reuse.ShinglesNumbered(p, tc.opt, nums[:len(nums)/2], &keys); len(nums) > 0 && !slices.Equal(got, want) {
					t.Fatalf("%s: ShinglesNumbered with half the numbers = %x, Shingles %x", p.ID, got, want)
				}
				n += len(want)
			}
			if n == 0 {
				t.Fatal("no shingles: the comparison would be vacuous")
			}
		})
	}
}

// TestPrepareMemoEqualsPrepare checks PrepareMemo, with one memo, against Prepare on the default
// corpus's provisions followed by copies of them under other identities (as kept provisions of
// later versions): each result equals Prepare's, and a copy shares its original's reduction.
func TestPrepareMemoEqualsPrepare(t *testing.T) {
	provs, _ := defaultCorpus(t)
	copies := make([]reuse.Provision, len(provs))
	for i, p := range provs {
		p.ID, p.DocID, p.Date, p.Order = p.ID+"-copy", p.DocID+"-copy", "2099-01-01", p.Order+len(provs)
		copies[i] = p
	}
	for _, tc := range []struct {
		name  string
		provs []reuse.Provision
		memo  bool
	}{
		{name: "no memo", provs: provs},
		{name: "one memo, originals then copies", provs: append(slices.Clone(provs), copies...), memo: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := reuse.Options{Stem: true} // zero values are the defaults
			var memo map[string]*reuse.Prepared
			if tc.memo {
				memo = map[string]*reuse.Prepared{}
			}
			first := map[string]reuse.Prepared{}
			shared := 0
			for i := range tc.provs {
				p := &tc.provs[i]
				got, want := reuse.PrepareMemo(p, opt, memo), reuse.Prepare(p, opt)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: PrepareMemo %+v, Prepare %+v", p.ID, got, want)
				}
				if f, ok := first[p.Text]; ok && tc.memo {
					if unsafe.StringData(f.Text) != unsafe.StringData(got.Text) {
						t.Fatalf("%s: text prepared again, not taken from the memo", p.ID)
					}
					shared++
				} else if !ok {
					first[p.Text] = got
				}
			}
			if tc.memo && shared < len(copies) {
				t.Errorf("%d provisions shared a reduction, want at least %d", shared, len(copies))
			}
		})
	}
}

// TestCandidatesOfPostingsWorkers checks that the number of goroutines reading and sorting the
// partitions changes nothing in the pairs, and that a partition's error is returned (by every
// worker count, whichever partition fails) without leaving a goroutine blocked.
func TestCandidatesOfPostingsWorkers(t *testing.T) {
	provs, _ := defaultCorpus(t)
	const parts = 16
	postings := make([][]reuse.Posting, parts)
	inst := make([]int32, len(provs))
	keys := map[string]int32{}
	for i := range provs {
		for _, h := range reuse.Shingles(&provs[i], reuse.Options{}) {
			postings[h>>60] = append(postings[h>>60], reuse.Posting{H: h, P: int32(i)})
		}
		k := reuse.InstrumentKey(&provs[i])
		if _, ok := keys[k]; !ok {
			keys[k] = int32(len(keys))
		}
		inst[i] = keys[k]
	}
	want := reuse.Candidates(provs, reuse.Options{})
	if len(want) == 0 {
		t.Fatal("the default corpus gives no candidate pairs: the test would compare nothing")
	}
	errPart := errors.New("partition unreadable")
	for _, tc := range []struct {
		name    string
		workers int
		failAt  int // -1: no partition fails
	}{
		{"one worker", 1, -1},
		{"two workers", 2, -1},
		{"three workers, parts not a multiple", 3, -1},
		{"more workers than parts", parts + 5, -1},
		{"one worker, first partition fails", 1, 0},
		{"two workers, middle partition fails", 2, 7},
		{"three workers, last partition fails", 3, parts - 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			pairs, err := reuse.CandidatesOfPostings(len(provs), inst, parts, func(k int) ([]reuse.Posting, error) {
				calls.Add(1)
				if k == tc.failAt {
					return nil, errPart
				}
				return slices.Clone(postings[k]), nil // CandidatesOfPostings writes into them
			}, reuse.Options{Workers: tc.workers})
			if tc.failAt >= 0 {
				if !errors.Is(err, errPart) || pairs != nil {
					t.Fatalf("got %d pairs, error %v; want the partition's error", len(pairs), err)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(pairs, want) {
					t.Fatalf("%d pairs, Candidates gives %d", len(pairs), len(want))
				}
				if n := calls.Load(); n != parts {
					t.Fatalf("partition called %d times, want %d", n, parts)
				}
			}
			// The workers have returned when CandidatesOfPostings does. (Counted by their stacks:
			// runtime.NumGoroutine before and after also counted a goroutine another part of the
			// test binary started meanwhile, and failed once in CI.)
			if n := candidateWorkers(); n > 0 {
				t.Fatalf("%d of CandidatesOfPostings' goroutines still running after it returned", n)
			}
		})
	}
}

// candidateWorkers counts the goroutines whose stack is inside reuse.CandidatesOfPostings.
func candidateWorkers() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		if bytes.Contains(g, []byte("reuse.CandidatesOfPostings")) {
			count++
		}
	}
	return count
}
