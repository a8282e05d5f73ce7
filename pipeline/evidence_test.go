package pipeline

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
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
		{name: "same terms in order", from: "a b c", to: "a b c"},
		{name: "same terms, one more", from: "a b c", to: "a b c d", wantAdded: "d:0"},
		{name: "same long lists", from: manyTerms(0, 30), to: manyTerms(0, 30)},
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
	f.Add("a b c", "a b c", uint8(0))
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

// TestStanceRowsKeptEvidence checks StanceRows, which takes a kept provision's evidence string
// from the earlier provision's row, against every row's evidence formatted anew: texts repeated
// within and across documents with evidence equal, with a contribution changed (in its last bit or more),
// with -0 for 0, NaN, a term renamed, a term more, and none.
func TestStanceRowsKeptEvidence(t *testing.T) {
	ev := func(s string, c ...float64) []models.Evidence {
		out := evidenceOf(s)
		for i, x := range c {
			out[i].Contribution = x
		}
		return out
	}
	base := ev("a b c", 0.25, -0.5, 0.125)
	for _, tc := range []struct {
		name string
		// texts[d][i] is provision i of document d; evs[d][i] its evidence under the one model
		texts [][]string
		evs   [][][]models.Evidence
	}{
		{"kept across versions", [][]string{{"x", "y"}, {"y", "x"}},
			[][][]models.Evidence{{base, nil}, {nil, base}}},
		{"kept within a version", [][]string{{"x", "x", "x"}},
			[][][]models.Evidence{{base, base, ev("a b c", 0.25, -0.5, math.Nextafter(0.125, 1))}}},
		{"contribution changed", [][]string{{"x"}, {"x"}},
			[][][]models.Evidence{{base}, {ev("a b c", 0.25, -0.5, 0.375)}}},
		{"negative zero", [][]string{{"x"}, {"x"}},
			[][][]models.Evidence{{ev("a", 0)}, {ev("a", math.Copysign(0, -1))}}},
		{"not a number", [][]string{{"x"}, {"x"}},
			[][][]models.Evidence{{ev("a", math.NaN())}, {ev("a", math.NaN())}}},
		{"term renamed", [][]string{{"x"}, {"x"}},
			[][][]models.Evidence{{base}, {ev("a b d", 0.25, -0.5, 0.125)}}},
		{"term more", [][]string{{"x"}, {"x"}, {"x"}},
			[][][]models.Evidence{{base}, {ev("a b c d", 0.25, -0.5, 0.125)}, {base}}},
		{"no evidence", [][]string{{"x"}, {"x"}},
			[][][]models.Evidence{{nil}, {[]models.Evidence{}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Result{}
			// two models: the second's evidence is the first's reversed, so rows differ by model
			scores := []ModelScores{{Name: "m1"}, {Name: "m2"}}
			for d, texts := range tc.texts {
				doc := &DocResult{Doc: &corpus.Document{ID: fmt.Sprint("doc", d)}}
				var p1, p2 []models.Score
				for i, text := range texts {
					doc.Provisions = append(doc.Provisions, corpus.Provision{ID: fmt.Sprint(doc.Doc.ID, ":", i), Text: text})
					p1 = append(p1, models.Score{Evidence: tc.evs[d][i]})
					rev := slices.Clone(tc.evs[d][i])
					slices.Reverse(rev)
					p2 = append(p2, models.Score{Evidence: rev})
				}
				r.Docs = append(r.Docs, doc)
				scores[0].Prov = append(scores[0].Prov, p1)
				scores[1].Prov = append(scores[1].Prov, p2)
			}
			r.Scores = scores
			rows := r.StanceRows()
			k := 0
			for d, doc := range r.Docs {
				for i := range doc.Provisions {
					for _, ms := range r.Scores {
						if want := evidenceString(ms.Prov[d][i].Evidence); rows[k].Evidence != want {
							t.Errorf("%s %s: evidence %q, want %q", rows[k].ProvisionID, rows[k].Model, rows[k].Evidence, want)
						}
						k++
					}
				}
			}
			if k != len(rows) {
				t.Errorf("%d rows, want %d", len(rows), k)
			}
		})
	}
}
