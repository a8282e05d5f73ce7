package reuse

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// synthetic builds n provisions of 20 to 60 words drawn from a Zipf-distributed vocabulary of
// 50,000 words, each in its own instrument out of n/10, and plants `planted` reuse pairs: a
// passage of 12 to 30 words of a source provision copied into a provision of another
// instrument with about 10% of its words substituted, deleted or followed by an insertion.
// It returns the provisions and the planted pairs (i < j).
func synthetic(n, planted int, seed uint64) ([]Provision, [][2]int) {
	r := rand.New(rand.NewPCG(seed, seed+1))
	z := rand.NewZipf(r, 1.1, 2, 49999)
	word := func() string { return fmt.Sprintf("w%d", z.Uint64()) }
	provs := make([]Provision, n)
	body := make([][]string, n)
	for i := range provs {
		k := 20 + r.IntN(41)
		ws := make([]string, k)
		for j := range ws {
			ws[j] = word()
		}
		body[i] = ws
		provs[i] = Provision{ID: fmt.Sprintf("p%d", i), DocID: fmt.Sprintf("d%d", i/5),
			Instrument: fmt.Sprintf("i%d", i/10), Order: i / 5}
	}
	var pairs [][2]int
	used := map[int]bool{}
	for len(pairs) < planted {
		s, t := r.IntN(n), r.IntN(n)
		if used[s] || used[t] || s/10 == t/10 {
			continue
		}
		used[s], used[t] = true, true
		src := body[s]
		l := min(len(src), 12+r.IntN(19))
		off := r.IntN(len(src) - l + 1)
		var passage []string
		for _, w := range src[off : off+l] {
			switch x := r.Float64(); {
			case x < 0.033:
				passage = append(passage, word()) // substitution
			case x < 0.066: // deletion
			case x < 0.1:
				passage = append(passage, w, word()) // insertion
			default:
				passage = append(passage, w)
			}
		}
		tgt := body[t]
		at := r.IntN(len(tgt) + 1)
		body[t] = slices.Concat(tgt[:at], passage, tgt[at:])
		pairs = append(pairs, [2]int{min(s, t), max(s, t)})
	}
	for i := range provs {
		provs[i].Text = strings.Join(body[i], " ")
		provs[i].Words = Tokenize(provs[i].Text) // as a caller with an analyser would
	}
	return provs, pairs
}

func runCandidates(provs []Provision, opt Options) ([][2]int, candStats) {
	o := opt.withDefaults()
	in := newInterner(&o)
	seqs := make([]seq, len(provs))
	for i := range provs {
		seqs[i] = in.prepareProvision(&provs[i])
	}
	return candidates(seqs, instrumentKeys(provs), &o)
}

func TestCandidatesRecall(t *testing.T) {
	tests := []struct {
		name       string
		n, planted int
		opt        Options
		minRecall  float64
	}{
		{name: "defaults", n: 5000, planted: 200, minRecall: 0.95},
		{name: "shingle 3", n: 5000, planted: 200, opt: Options{Shingle: 3}, minRecall: 0.95},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			provs, planted := synthetic(tc.n, tc.planted, 7)
			got, st := runCandidates(provs, tc.opt)
			found := 0
			for _, p := range planted {
				if _, ok := slices.BinarySearchFunc(got, p, func(x, y [2]int) int {
					if x[0] != y[0] {
						return x[0] - y[0]
					}
					return x[1] - y[1]
				}); ok {
					found++
				}
			}
			recall := float64(found) / float64(len(planted))
			all := tc.n * (tc.n - 1) / 2
			t.Logf("recall %.3f (%d/%d); %d candidates, %d comparisons = %.4f%% of %d pairs; %d postings, %d shingles over MaxDF",
				recall, found, len(planted), st.Pairs, st.Comparisons, 100*float64(st.Comparisons)/float64(all), all, st.Shingles, st.Dropped)
			if recall < tc.minRecall {
				t.Errorf("recall %.3f < %.2f", recall, tc.minRecall)
			}
			// Never all pairs: each posting is compared with at most MaxDF-1 others.
			o := tc.opt.withDefaults()
			if bound := st.Shingles * (o.MaxDF - 1) / 2; st.Comparisons > bound || st.Comparisons > all/20 {
				t.Errorf("%d comparisons for %d provisions (%d pairs, bound %d)", st.Comparisons, tc.n, all, bound)
			}
			if !slices.IsSortedFunc(got, func(x, y [2]int) int {
				if x[0] != y[0] {
					return x[0] - y[0]
				}
				return x[1] - y[1]
			}) {
				t.Error("candidates not sorted")
			}
			for _, p := range got {
				if p[0] >= p[1] || provs[p[0]].Instrument == provs[p[1]].Instrument {
					t.Fatalf("bad pair %v (%s, %s)", p, provs[p[0]].Instrument, provs[p[1]].Instrument)
				}
			}
		})
	}
}

// TestCandidatesScale checks that the work grows about linearly with the corpus: four times
// the provisions give far fewer than sixteen times the comparisons (all pairs would).
func TestCandidatesScale(t *testing.T) {
	var comps [2]int
	for k, n := range []int{5000, 20000} {
		provs, _ := synthetic(n, n/25, 9)
		_, st := runCandidates(provs, Options{})
		comps[k] = st.Comparisons
		t.Logf("n=%d: %d comparisons, %d candidates", n, st.Comparisons, st.Pairs)
	}
	if ratio := float64(comps[1]) / float64(comps[0]); ratio > 6 {
		t.Errorf("comparisons grew %.1f times for 4 times the provisions", ratio)
	}
}

func TestCandidatesRules(t *testing.T) {
	mk := func(id, inst, doc, text string) Provision {
		return Provision{ID: id, Instrument: inst, DocID: doc, Text: text}
	}
	shared := "equal responsibility for international governance of the internet"
	tests := []struct {
		name  string
		provs []Provision
		opt   Options
		want  [][2]int
	}{
		{name: "same instrument never paired", provs: []Provision{
			mk("a", "x", "x1", shared), mk("b", "x", "x2", shared)}},
		{name: "different instruments paired", provs: []Provision{
			mk("a", "x", "x1", shared), mk("b", "y", "y1", shared)}, want: [][2]int{{0, 1}}},
		{name: "empty instrument: documents stand alone", provs: []Provision{
			mk("a", "", "d1", shared), mk("b", "", "d2", shared), mk("c", "", "d2", shared)}, want: [][2]int{{0, 1}, {0, 2}}},
		{name: "one shared shingle is not enough", provs: []Provision{
			mk("a", "x", "x1", "internet governance matters"), mk("b", "y", "y1", "internet governance differs")}},
		{name: "one shared shingle with MinShared 1", opt: Options{MinShared: 1}, provs: []Provision{
			mk("a", "x", "x1", "internet governance matters"), mk("b", "y", "y1", "internet governance differs")}, want: [][2]int{{0, 1}}},
		{name: "stop words do not make shingles", provs: []Provision{
			mk("a", "x", "x1", "of the and of the in the"), mk("b", "y", "y1", "of the and of the in the")}},
		{name: "shingles over MaxDF dropped", opt: Options{MaxDF: 2}, provs: []Provision{
			mk("a", "x", "x1", shared), mk("b", "y", "y1", shared), mk("c", "z", "z1", shared)}},
		{name: "empty input"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Candidates(tc.provs, tc.opt)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Candidates = %v, want %v", got, tc.want)
			}
		})
	}
}

// BenchmarkCandidates100k indexes 100,000 synthetic provisions (about 4 million words).
func BenchmarkCandidates100k(b *testing.B) {
	provs, _ := synthetic(100_000, 1000, 11)
	b.ReportAllocs()
	var st candStats
	for b.Loop() {
		_, st = runCandidates(provs, Options{})
	}
	b.ReportMetric(float64(st.Pairs), "pairs")
	b.ReportMetric(float64(st.Comparisons), "comparisons")
}

// Above maxPartition postings the search sorts the shingles in partitions by hash; the pairs
// and the counts must not depend on it.
func TestCandidatesPartitioned(t *testing.T) {
	provs, _ := synthetic(2000, 50, 7)
	want, wantSt := runCandidates(provs, Options{})
	if len(want) < 50 || wantSt.Dropped == 0 {
		t.Fatalf("%d pairs, %d dropped: too little to compare", len(want), wantSt.Dropped)
	}
	defer func(m int) { maxPartition = m }(maxPartition)
	for _, m := range []int{wantSt.Shingles / 2, wantSt.Shingles / 5, 1000} {
		maxPartition = m
		got, st := runCandidates(provs, Options{})
		if !slices.Equal(got, want) || st != wantSt {
			t.Errorf("maxPartition %d: %d pairs %+v, want %d %+v", m, len(got), st, len(want), wantSt)
		}
	}
}
