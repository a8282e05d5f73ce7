package pipeline

import "testing"

// TestProvisionMemo checks what provisionMemo remembers: a value put for a provision is found by
// the provisions that analyzeMemo marks as having taken its analysis (DocResult.keptFrom), an
// earlier one of the same document or one of the previous document (and such a provision then
// has it for the next document), and by no other: not for a provision marked as analysed, one
// marked with an index the previous document does not have, or one of this document that is
// not earlier.
func TestProvisionMemo(t *testing.T) {
	type prov struct {
		from int32
		want string // "": not found, and then the provision puts its document's name and index
	}
	var m provisionMemo[string]
	for _, doc := range []struct {
		name  string
		provs []prov
	}{
		{name: "d1", provs: []prov{{from: noSource}, {from: noSource}, {from: -2, want: "d1/0"}, {from: noSource}}},
		{name: "d2", provs: []prov{{from: 1, want: "d1/1"}, {from: noSource}, {from: -3, want: "d2/1"},
			{from: 2, want: "d1/0"}, {from: 4}, {from: -2 - 5}}},
		{name: "d3", provs: []prov{{from: 0, want: "d1/1"}, {from: 3, want: "d1/0"}, {from: -2, want: "d1/1"},
			{from: 4, want: "d2/4"}, {from: 5, want: "d2/5"}}},
		{name: "d4", provs: []prov{{from: 3, want: "d2/4"}, {from: 5}}},
	} {
		d := &DocResult{keptFrom: make([]int32, len(doc.provs))}
		for j, p := range doc.provs {
			d.keptFrom[j] = p.from
		}
		m.next(len(doc.provs))
		for j, p := range doc.provs {
			got, ok := m.get(d, j)
			if ok != (p.want != "") || got != p.want {
				t.Fatalf("%s: provision %d: get = %q, %v; want %q", doc.name, j, got, ok, p.want)
			}
			if !ok {
				m.put(j, doc.name+"/"+string(rune('0'+j)))
			}
		}
	}
}
