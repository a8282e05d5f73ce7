package pipeline

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/results"
)

// evidenceDiffMaps is evidenceDiff as it was before evidenceMissing: a set of each side's
// terms, the reference TestEvidenceDiff and FuzzEvidenceDiff compare it with.
func evidenceDiffMaps(from, to []models.Evidence) (added, removed string) {
	has := func(ev []models.Evidence) map[string]bool {
		m := map[string]bool{}
		for _, e := range ev {
			m[e.Term] = true
		}
		return m
	}
	hf, ht := has(from), has(to)
	var a, rm []models.Evidence
	for _, e := range to {
		if !hf[e.Term] {
			a = append(a, e)
		}
	}
	for _, e := range from {
		if !ht[e.Term] {
			rm = append(rm, e)
		}
	}
	return evidenceString(a), evidenceString(rm)
}

// evidenceOf makes an evidence list of the space-separated terms in s, contributions by
// position (i - 3) / 7.
func evidenceOf(s string) []models.Evidence {
	var ev []models.Evidence
	for i, t := range strings.Fields(s) {
		ev = append(ev, models.Evidence{Term: t, Contribution: float64(i-3) / 7})
	}
	return ev
}

// manyTerms is n terms t0 .. t(n-1) from offset off, space-separated: lists longer than
// evidenceShort.
func manyTerms(off, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "t%d ", off+i)
	}
	return b.String()
}

func TestEvidenceDiff(t *testing.T) {
	for _, tc := range []struct {
		name, from, to       string
		wantAdded, wantRemov string
	}{
		{name: "both empty"},
		{name: "only added", to: "a b", wantAdded: "a:-0.4286;b:-0.2857"},
		{name: "only removed", from: "a", wantRemov: "a:-0.4286"},
		{name: "same terms", from: "a b", to: "b a"},
		{name: "repeated term", from: "a a c", to: "a d d", wantAdded: "d:-0.2857;d:-0.1429", wantRemov: "c:-0.1429"},
		{name: "long lists", from: manyTerms(0, 30), to: manyTerms(25, 30)},
		{name: "long and short", from: manyTerms(0, 20), to: "t3 x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from, to := evidenceOf(tc.from), evidenceOf(tc.to)
			added, removed := evidenceDiff(from, to)
			wa, wr := evidenceDiffMaps(from, to)
			if added != wa || removed != wr {
				t.Fatalf("evidenceDiff = %q, %q; the sets' = %q, %q", added, removed, wa, wr)
			}
			if tc.wantAdded != "" || tc.wantRemov != "" {
				if added != tc.wantAdded || removed != tc.wantRemov {
					t.Fatalf("evidenceDiff = %q, %q; want %q, %q", added, removed, tc.wantAdded, tc.wantRemov)
				}
			}
		})
	}
}

func FuzzEvidenceDiff(f *testing.F) {
	f.Add("a b c", "c d", uint8(0))
	f.Add(manyTerms(0, 20), manyTerms(10, 20), uint8(3))
	f.Fuzz(func(t *testing.T, from, to string, pad uint8) {
		// pad lengthens from past evidenceShort with terms that may repeat to's.
		a, b := evidenceOf(from+" "+manyTerms(0, int(pad%40))), evidenceOf(to)
		added, removed := evidenceDiff(a, b)
		wa, wr := evidenceDiffMaps(a, b)
		if added != wa || removed != wr {
			t.Fatalf("evidenceDiff = %q, %q; the sets' = %q, %q", added, removed, wa, wr)
		}
		added, removed = evidenceDiff(b, a)
		wa, wr = evidenceDiffMaps(b, a)
		if added != wa || removed != wr {
			t.Fatalf("swapped: evidenceDiff = %q, %q; the sets' = %q, %q", added, removed, wa, wr)
		}
	})
}

// TestEvidenceString checks evidenceString, on the stack or not, against
// results.EvidenceString of slices made as before.
func TestEvidenceString(t *testing.T) {
	for _, n := range []int{0, 1, evidenceShort, evidenceShort + 1, 30} {
		t.Run(fmt.Sprint(n, " terms"), func(t *testing.T) {
			ev := evidenceOf("a;b c:d " + manyTerms(0, n))[:n]
			terms, contrib := make([]string, len(ev)), make([]float64, len(ev))
			for i, e := range ev {
				terms[i], contrib[i] = e.Term, e.Contribution
			}
			want := results.EvidenceString(terms, contrib)
			if got := evidenceString(ev); got != want {
				t.Fatalf("evidenceString = %q, want %q", got, want)
			}
			if n > 0 && want == "" {
				t.Fatal("empty evidence string")
			}
		})
	}
}
