package textkey

// Table maps provision texts to values of type T: by number (num >= 0, slots grown as needed)
// or, for a text the caller did not number (num < 0), by the text in a map. A number must name
// one text in every call on the table, as the caller's numbering does. The zero Table is empty
// and ready to use; it is not safe for concurrent use.
type Table[T any] struct {
	byText map[string]T
	byNum  []slot[T]
	n      int
}

type slot[T any] struct {
	v   T
	set bool
}

// Get returns the value kept for the text (numbered num, or -1) and whether there is one.
func (t *Table[T]) Get(text string, num int32) (T, bool) {
	if num < 0 {
		v, ok := t.byText[text]
		return v, ok
	}
	if int(num) < len(t.byNum) {
		s := t.byNum[num]
		return s.v, s.set
	}
	var zero T
	return zero, false
}

// Put keeps v for the text (numbered num, or -1).
func (t *Table[T]) Put(text string, num int32, v T) {
	if num < 0 {
		if t.byText == nil {
			t.byText = map[string]T{}
		}
		if _, ok := t.byText[text]; !ok {
			t.n++
		}
		t.byText[text] = v
		return
	}
	if int(num) >= len(t.byNum) {
		t.byNum = append(t.byNum, make([]slot[T], int(num)+1-len(t.byNum))...)
	}
	if !t.byNum[num].set {
		t.n++
	}
	t.byNum[num] = slot[T]{v, true}
}

// Len returns the number of texts with a value.
func (t *Table[T]) Len() int { return t.n }

// Key returns keys[i], the caller's number of its i-th text, or -1 (not numbered) when i is past
// the end of keys or keys[i] is negative.
func Key(keys []int32, i int) int32 {
	if i < len(keys) && keys[i] >= 0 {
		return keys[i]
	}
	return -1
}
