package pipeline

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/results"
)

// conceptChangeRowsReference is ConceptChangeRows as it was before docConcepts: each
// document's concepts gathered for every pair it is in, a set per provision.
func conceptChangeRowsReference(r *Result) []results.ConceptChangeRow {
	provisions := func(d int) map[string][]string {
		out := map[string][]string{}
		if d >= len(r.Concepts) {
			return out
		}
		doc := r.Docs[d]
		for i, ms := range r.Concepts[d] {
			seen := map[string]bool{}
			for _, m := range ms {
				if !seen[m.Concept] {
					seen[m.Concept] = true
					out[m.Concept] = append(out[m.Concept], doc.Provisions[i].ID)
				}
			}
		}
		return out
	}
	var rows []results.ConceptChangeRow
	for _, vp := range r.Versions {
		from, to := provisions(vp.FromIdx), provisions(vp.ToIdx)
		names := map[string]bool{}
		for c := range from {
			names[c] = true
		}
		for c := range to {
			names[c] = true
		}
		sorted := make([]string, 0, len(names))
		for c := range names {
			sorted = append(sorted, c)
		}
		sort.Strings(sorted)
		for _, c := range sorted {
			change := "kept"
			switch {
			case len(from[c]) == 0:
				change = "added"
			case len(to[c]) == 0:
				change = "dropped"
			}
			rows = append(rows, results.ConceptChangeRow{Instrument: vp.Instrument, FromVersion: vp.From.Doc.Version,
				ToVersion: vp.To.Doc.Version, Concept: c, Change: change,
				FromProvisions: strings.Join(from[c], ";"), ToProvisions: strings.Join(to[c], ";")})
		}
	}
	return rows
}

// TestConceptChangeRows compares ConceptChangeRows with conceptChangeRowsReference on versions
// whose provisions carry concepts given as "concept concept ..." per provision.
func TestConceptChangeRows(t *testing.T) {
	for _, tc := range []struct {
		name     string
		versions [][]string // versions[d][i]: the concepts of provision i of version d
		want     int        // rows
	}{
		{"kept added dropped", [][]string{{"b a", "c"}, {"a", "d b"}, {"d", ""}}, 7},
		{"several provisions", [][]string{{"a", "a", "b a"}, {"a b", "c", "b"}}, 3},
		{"repeated within a provision", [][]string{{"a a b a", "a"}, {"b b", "a c a"}}, 3},
		{"no concepts", [][]string{{"", ""}, {""}}, 0},
		{"one version", [][]string{{"a"}}, 0},
		{"concepts missing for the last version", [][]string{{"z y"}, {"y"}, nil}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Result{}
			for d, v := range tc.versions {
				doc := &DocResult{Doc: &corpus.Document{ID: fmt.Sprint("i@v", d), Instrument: "i", Version: fmt.Sprint("v", d)}}
				var cs [][]ConceptMention
				for i, names := range v {
					doc.Provisions = append(doc.Provisions, corpus.Provision{ID: fmt.Sprint(doc.Doc.ID, ":", i)})
					var ms []ConceptMention
					for k, c := range strings.Fields(names) {
						ms = append(ms, ConceptMention{Concept: c, Start: k, End: k + 1, Matched: c})
					}
					cs = append(cs, ms)
				}
				r.Docs = append(r.Docs, doc)
				if v != nil {
					r.Concepts = append(r.Concepts, cs)
				}
				if d > 0 {
					r.Versions = append(r.Versions, VersionPair{Instrument: "i", From: r.Docs[d-1], To: doc, FromIdx: d - 1, ToIdx: d})
				}
			}
			got, want := r.ConceptChangeRows(), conceptChangeRowsReference(r)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got %+v\nwant %+v", got, want)
			}
			if len(got) != tc.want {
				t.Fatalf("%d rows, want %d: %+v", len(got), tc.want, got)
			}
		})
	}
}
