package align

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"sort"
	"testing"
)

// candidatesRef is candidates as it was before rows with many postings were accumulated
// without tracking the items they touch (commit 0c4107c), kept to check that the two give the
// same rows, bit for bit (TestCandidatesMatchRef, FuzzCandidatesMatchRef). Its dense-row scan
// has since been limited to rows that cannot take term-less pairs, as candidates' is (see
// TestCandidatesPositionBand).
func (a *aligner) candidatesRef() [][]cand {
	n, m := len(a.from.items), len(a.to.items)
	o := a.opt
	rows := make([][]cand, n)
	if n == 0 || m == 0 {
		return rows
	}
	exact := n <= o.LargeDoc && m <= o.LargeDoc
	// Can a pair that shares no term reach the threshold on position and marker alone?
	zeroCosOK := o.WeightPosition+o.WeightMarker >= o.Threshold
	ix := a.to.index()
	acc := make([]float64, m)
	hit := make([]bool, m)
	var touched, hopefulBuf []int
	var rowBuf []cand // a row is built here, then copied at its size (appending to a fresh row grew it a few times)
	// hopeless reports whether an item with that accumulated cosine cannot reach the
	// threshold whatever its position and marker.
	// The clamp is math.Max(0, math.Min(1, cos)) by comparisons, the same for every cos but
	// -0 (which gives the same answer) and cheaper.
	hopeless := func(cos float64) bool {
		if cos > 1 {
			cos = 1
		} else if cos < 0 {
			cos = 0
		}
		return o.WeightCosine*cos+o.WeightPosition+o.WeightMarker < o.Threshold
	}
	for i := 0; i < n; i++ {
		touched = touched[:0]
		v := a.from.vecs[i]
		for k, t := range v.idx {
			for _, p := range ix.postings(t) {
				if !hit[p.item] {
					hit[p.item] = true
					touched = append(touched, p.item)
				}
				acc[p.item] += v.val[k] * p.val
			}
		}
		row := rowBuf[:0]
		add := func(j int, cos float64) {
			// The clamp math.Max(0, math.Min(1, cos)) by comparisons: the same for every cos but
			// -0, which stays -0 here and which score's own math.Max(cos, 0) makes +0 as before.
			if cos > 1 {
				cos = 1
			} else if cos < 0 {
				cos = 0
			}
			if s := a.score(i, j, cos); s >= o.Threshold && s > 0 {
				row = append(row, cand{j, s})
			}
		}
		switch {
		case zeroCosOK && exact:
			for j := 0; j < m; j++ {
				if !hopeless(acc[j]) {
					add(j, acc[j])
				}
			}
		case !zeroCosOK && len(touched)*8 > m: // dense row: a scan beats sorting
			for j := 0; j < m; j++ {
				if hit[j] && !hopeless(acc[j]) {
					add(j, acc[j])
				}
			}
		default:
			// Most items share a term or two with the row but come nowhere near the
			// threshold: drop them before sorting (sorting all of them, and a call per item,
			// were most of candidates' time).
			keep := hopefulBuf[:0]
			for _, j := range touched {
				if !hopeless(acc[j]) {
					keep = append(keep, j)
				}
			}
			hopefulBuf = keep
			slices.Sort(keep)
			for _, j := range keep {
				add(j, acc[j])
			}
			if zeroCosOK {
				lo := int(math.Floor((a.from.pos[i]-o.PositionBand)*float64(m))) - 1
				hi := int(math.Ceil((a.from.pos[i]+o.PositionBand)*float64(m))) - 1
				for j := max(lo, 0); j <= hi && j < m; j++ {
					if !hit[j] && math.Abs(a.from.pos[i]-a.to.pos[j]) <= o.PositionBand {
						add(j, 0)
					}
				}
				sort.SliceStable(row, func(x, y int) bool { return row[x].col < row[y].col })
			}
		}
		if !exact && len(row) > o.MaxCandidates {
			sort.SliceStable(row, func(x, y int) bool { return row[x].w > row[y].w })
			row = row[:o.MaxCandidates]
			sort.Slice(row, func(x, y int) bool { return row[x].col < row[y].col })
		}
		if len(row) > 0 {
			rows[i] = slices.Clone(row)
		}
		rowBuf = row
		for _, j := range touched {
			acc[j], hit[j] = 0, false
		}
	}
	return rows
}

// checkCandidates fails t unless candidates and candidatesRef give the same rows for from, to
// and opt, weights compared bit for bit.
func checkCandidates(t *testing.T, from, to []Item, opt Options) {
	t.Helper()
	run := func(f func(*aligner) [][]cand) [][]cand {
		a := &aligner{opt: opt.resolved(), from: prepare(from), to: prepare(to)}
		defer a.to.ix.release()
		return f(a)
	}
	got, want := run((*aligner).candidates), run((*aligner).candidatesRef)
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		same := len(got[i]) == len(want[i])
		for k := 0; same && k < len(want[i]); k++ {
			same = got[i][k].col == want[i][k].col && math.Float64bits(got[i][k].w) == math.Float64bits(want[i][k].w)
		}
		if !same {
			t.Fatalf("row %d: %v, want %v", i, got[i], want[i])
		}
	}
}

// randomItems makes n items whose vectors draw terms from [0, terms), the low ones most often,
// with values of either sign when negative is set, some items with no terms.
func randomItems(rng *rand.Rand, n, terms int, negative bool) []Item {
	items := make([]Item, n)
	for k := range items {
		seen := map[int]bool{}
		var v SparseVec
		for range rng.Intn(12) {
			t := int(float64(terms) * math.Pow(rng.Float64(), 3))
			if seen[t] {
				continue
			}
			seen[t] = true
			x := rng.Float64() + 0.01
			if negative && rng.Intn(4) == 0 {
				x = -x
			}
			v.Idx = append(v.Idx, t)
			v.Val = append(v.Val, x)
		}
		sort.Sort(byIdx(v))
		items[k] = Item{ID: itoa(k), Marker: itoa(rng.Intn(n + 1)), Ordinal: k + 1, Vec: v}
	}
	return items
}

// byIdx sorts a SparseVec's entries by index.
type byIdx SparseVec

func (v byIdx) Len() int           { return len(v.Idx) }
func (v byIdx) Less(a, b int) bool { return v.Idx[a] < v.Idx[b] }
func (v byIdx) Swap(a, b int) {
	v.Idx[a], v.Idx[b] = v.Idx[b], v.Idx[a]
	v.Val[a], v.Val[b] = v.Val[b], v.Val[a]
}

func TestCandidatesMatchRef(t *testing.T) {
	large := DefaultOptions()
	large.LargeDoc, large.MaxCandidates = 20, 3
	positional := DefaultOptions() // a pair that shares no term can reach the threshold
	positional.WeightPosition, positional.WeightMarker = 0.3, 0.1
	positionalLarge := positional
	positionalLarge.LargeDoc, positionalLarge.MaxCandidates = 20, 3
	cosineOnly := DefaultOptions()
	cosineOnly.WeightPosition, cosineOnly.WeightMarker, cosineOnly.Threshold = 0, 0, 0.05
	noCosine := DefaultOptions()
	noCosine.WeightCosine = 0
	high := DefaultOptions()
	high.Threshold = 1
	opts := []struct {
		name string
		opt  Options
	}{{"default", DefaultOptions()}, {"large", large}, {"positional", positional},
		{"positional large", positionalLarge}, {"cosine only", cosineOnly}, {"no cosine", noCosine},
		{"threshold 1", high}}
	synthFrom, synthTo := synthVersions(150, 3)
	inputs := []struct {
		name     string
		from, to []Item
	}{
		{"synthetic revision", synthFrom, synthTo},
		{"synthetic, reversed", synthTo, synthFrom},
		{"synthetic, into nothing", synthFrom, nil},
		{"one item into many", synthFrom[:1], synthTo},
	}
	rng := rand.New(rand.NewSource(1))
	for _, c := range []struct {
		n, m, terms int
		negative    bool
	}{{30, 40, 8, false}, {40, 30, 200, false}, {25, 25, 40, true}, {60, 5, 10, true}, {5, 60, 300, false}} {
		inputs = append(inputs, struct {
			name     string
			from, to []Item
		}{fmt.Sprintf("random %dx%d over %d terms, negative %v", c.n, c.m, c.terms, c.negative),
			randomItems(rng, c.n, c.terms, c.negative), randomItems(rng, c.m, c.terms, c.negative)})
	}
	for _, in := range inputs {
		for _, o := range opts {
			t.Run(in.name+"/"+o.name, func(t *testing.T) { checkCandidates(t, in.from, in.to, o.opt) })
		}
	}
}

func FuzzCandidatesMatchRef(f *testing.F) {
	f.Add(int64(1), uint8(30), uint8(40), uint16(20), uint8(0), false)
	f.Add(int64(2), uint8(5), uint8(90), uint16(300), uint8(0x41), true)
	f.Add(int64(3), uint8(64), uint8(64), uint16(4), uint8(0x93), false)
	f.Fuzz(func(t *testing.T, seed int64, n, m uint8, terms uint16, o uint8, negative bool) {
		rng := rand.New(rand.NewSource(seed))
		opt := DefaultOptions()
		opt.WeightPosition = float64(o%4) / 8
		opt.WeightMarker = float64(o/4%4) / 8
		opt.Threshold = float64(o/16%4+1) / 5
		if o&0x40 != 0 {
			opt.LargeDoc, opt.MaxCandidates = int(n/2)+1, int(m%5)+1
		}
		nt := int(terms%1000) + 1
		checkCandidates(t, randomItems(rng, int(n%100), nt, negative), randomItems(rng, int(m%100), nt, negative), opt)
	})
}

// accumulateRef is accumulate as it was before it took eight postings at a time: the
// reference TestAccumulateMatchesRef checks it against.
func accumulateRef(acc, val []float64, lists [][]posting) {
	for k, ps := range lists {
		x := val[k]
		for _, p := range ps {
			acc[p.item] += x * p.val
		}
	}
}

// accumulate adds the same products in the same order as the reference, bit for bit, whatever
// the lengths of the lists (below, at and between multiples of eight) and their values.
func TestAccumulateMatchesRef(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	tests := []struct {
		name    string
		lengths []int
	}{
		{"no lists", nil},
		{"empty list", []int{0}},
		{"shorter than eight", []int{1, 3, 7}},
		{"eight", []int{8}},
		{"eight and a remainder", []int{9, 15}},
		{"multiples of eight", []int{16, 24, 40}},
		{"mixed", []int{5, 0, 33, 8, 1, 64, 17}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const m = 100 // more than a list's postings
			var lists [][]posting
			var val []float64
			for _, n := range tt.lengths {
				ps := make([]posting, n)
				for k := range ps {
					// items repeat across lists, not within one (a term's postings)
					ps[k] = posting{item: (3*k + len(lists)) % m, val: rng.NormFloat64()}
				}
				lists = append(lists, ps)
				val = append(val, rng.NormFloat64())
			}
			want, got := make([]float64, m), make([]float64, m)
			accumulateRef(want, val, lists)
			accumulate(got, val, lists)
			for j := range want {
				if math.Float64bits(got[j]) != math.Float64bits(want[j]) {
					t.Fatalf("item %d: got %v, want %v", j, got[j], want[j])
				}
			}
		})
	}
}

// TestCandidatesPositionBand: for large documents, when position alone can reach the
// threshold, a pair that shares no term is a candidate when the two lie within PositionBand
// of each other, however many items the row's terms touch (the dense-row scan, taken when a
// row touches more than an eighth of the new items, used to skip them).
func TestCandidatesPositionBand(t *testing.T) {
	vec := func(term int) SparseVec { return SparseVec{Idx: []int{term}, Val: []float64{1}} }
	// The old item at position 1/2 (rank 1 of 2) shares term 0 with the new items in
	// shared and no term with the new item at rank 4 of 9 (position 5/9): its score is
	// 0.5·(1-|1/2-5/9|) = 17/36 >= 0.3 on position alone.
	newItems := func(shared int) []Item {
		items := make([]Item, 9)
		for k := range items {
			items[k] = Item{ID: itoa(k), Ordinal: k + 1, Vec: vec(100 + k)}
		}
		for k := 0; k < shared; k++ {
			j := k
			if j >= 4 {
				j++
			}
			items[j].Vec = vec(0)
		}
		return items
	}
	from := []Item{{ID: "x", Ordinal: 1, Vec: vec(0)}, {ID: "y", Ordinal: 2, Vec: vec(50)}}
	opt := Options{Threshold: 0.3, WeightCosine: 0.5, WeightPosition: 0.5, LargeDoc: 1, PositionBand: 0.1}
	for _, c := range []struct {
		name   string
		shared int
	}{
		{"sparse row", 1},
		{"dense row", 8},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := &aligner{opt: opt.resolved(), from: prepare(from), to: prepare(newItems(c.shared))}
			defer a.to.ix.release()
			rows := a.candidates()
			found := false
			for _, cd := range rows[0] {
				if cd.col == 4 {
					found = true
					if want := 17.0 / 36; math.Abs(cd.w-want) > 1e-12 {
						t.Errorf("score %v, want %v", cd.w, want)
					}
				}
			}
			if !found {
				t.Errorf("row 0 = %v lacks the term-less item 4 within the band", rows[0])
			}
		})
	}
}
