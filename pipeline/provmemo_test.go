package pipeline

import "testing"

// TestProvisionMemo checks what provisionMemo remembers: a value put for a document's slice of
// token numbers is found in that document and the next, by that slice only (not by an equal
// one), and forgotten after that; a provision without tokens is never found.
func TestProvisionMemo(t *testing.T) {
	var blocks numBlocks
	take := func(nums ...int32) []int32 { return blocks.took(append(blocks.tail(), nums...)) }
	a, b, equalToA, empty := take(1, 2, 3), take(4), take(1, 2, 3), take()
	var m provisionMemo[string]
	for _, step := range []struct {
		name string
		next bool    // start a document first
		put  []int32 // then put name for it (nil: nothing)
		get  []int32
		want string // "" : not found
	}{
		{name: "put in this document", next: true, put: a, get: a, want: "put in this document"},
		{name: "another slice", put: b, get: b, want: "another slice"},
		{name: "an equal slice is another analysis", get: equalToA},
		{name: "no tokens", put: empty, get: empty},
		{name: "the previous document's", next: true, get: a, want: "put in this document"},
		{name: "taken over by this document", next: true, get: a, want: "put in this document"},
		{name: "not taken over: forgotten", get: b},
	} {
		if step.next {
			m.next()
		}
		if step.put != nil {
			m.put(step.put, step.name)
		}
		got, ok := m.get(step.get)
		if ok != (step.want != "") || got != step.want {
			t.Fatalf("%s: get = %q, %v; want %q", step.name, got, ok, step.want)
		}
	}
}
