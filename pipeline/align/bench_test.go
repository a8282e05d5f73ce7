package align

import (
	"math/rand"
	"strings"
	"testing"
)

// synthVersions makes an old version of n provisions (20-60 words drawn from a Zipf
// distribution over 3,000 words) and a revision of it: about 5% of provisions deleted, 5%
// inserted, 10% reworded (a fifth of their words replaced), 3% swapped with the next one.
func synthVersions(n int, seed int64) ([]Item, []Item) {
	rng := rand.New(rand.NewSource(seed))
	zipf := rand.NewZipf(rng, 1.1, 1, 2999)
	word := func() string { return "w" + itoa(int(zipf.Uint64())) }
	sentence := func() []string {
		ws := make([]string, 20+rng.Intn(41))
		for i := range ws {
			ws[i] = word()
		}
		return ws
	}
	old := doc{id: "old"}
	var texts [][]string
	for i := 0; i < n; i++ {
		s := sentence()
		texts = append(texts, s)
		old.provs = append(old.provs, [2]string{itoa(i + 1), strings.Join(s, " ")})
	}
	var revised [][]string
	for i := 0; i < n; i++ {
		r := rng.Float64()
		switch {
		case r < 0.05:
			continue
		case r < 0.10:
			revised = append(revised, sentence())
		case r < 0.20:
			s := append([]string(nil), texts[i]...)
			for k := range s {
				if rng.Intn(5) == 0 {
					s[k] = word()
				}
			}
			revised = append(revised, s)
			continue
		case r < 0.23 && i+1 < n:
			revised = append(revised, texts[i+1], texts[i])
			i++
			continue
		}
		revised = append(revised, texts[i])
	}
	nw := doc{id: "new"}
	for i, s := range revised {
		nw.provs = append(nw.provs, [2]string{itoa(i + 1), strings.Join(s, " ")})
	}
	v := build(old, nw)
	return v[0], v[1]
}

func BenchmarkAlign(b *testing.B) {
	for _, n := range []int{200, 1000, 2000, 3000} {
		from, to := synthVersions(n, 1)
		b.Run(itoa(n), func(b *testing.B) {
			b.ReportMetric(float64(len(to)), "new-provisions")
			for b.Loop() {
				Align(from, to, DefaultOptions())
			}
		})
	}
}

// BenchmarkAlignTextOnly is BenchmarkAlign with items as the pipeline passes them: Text
// without Words, so the word diff splits the texts itself.
func BenchmarkAlignTextOnly(b *testing.B) {
	for _, n := range []int{200, 1000} {
		from, to := synthVersions(n, 1)
		for _, items := range [][]Item{from, to} {
			for k := range items {
				items[k].Words = nil
			}
		}
		b.Run(itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Align(from, to, DefaultOptions())
			}
		})
	}
}

func TestAlignSynthetic(t *testing.T) {
	// The synthetic revision's unchanged provisions must all be found unchanged or moved.
	from, to := synthVersions(300, 2)
	pairs := Align(from, to, DefaultOptions())
	checkInvariants(t, from, to, pairs, DefaultOptions())
	counts := map[Status]int{}
	for _, p := range pairs {
		counts[p.Status]++
	}
	t.Logf("300 provisions: %v", counts)
	if counts[Unchanged] < 200 || counts[Modified] < 15 || counts[Moved] < 3 || counts[Added] < 5 || counts[Deleted] < 5 {
		t.Errorf("implausible statuses %v", counts)
	}
}
