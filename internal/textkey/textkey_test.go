package textkey

import (
	"fmt"
	"testing"
)

func TestTable(t *testing.T) {
	type op struct {
		put  bool
		text string
		num  int32
		v    int
	}
	for _, tc := range []struct {
		name    string
		ops     []op
		get     op // v: the value wanted, -1 none
		wantLen int
	}{
		{"empty by text", nil, op{text: "a", num: -1, v: -1}, 0},
		{"empty by number", nil, op{text: "a", num: 3, v: -1}, 0},
		{"by text", []op{{true, "a", -1, 1}}, op{text: "a", num: -1, v: 1}, 1},
		{"by number", []op{{true, "a", 2, 7}}, op{text: "a", num: 2, v: 7}, 1},
		{"number grown past, slot before unset", []op{{true, "a", 4, 7}}, op{text: "b", num: 1, v: -1}, 1},
		{"by number, not found by text", []op{{true, "a", 0, 7}}, op{text: "a", num: -1, v: -1}, 1},
		{"by text, not found by number", []op{{true, "a", -1, 7}}, op{text: "a", num: 0, v: -1}, 1},
		{"replaced, counted once", []op{{true, "a", 0, 1}, {true, "a", 0, 2}, {true, "b", -1, 3}, {true, "b", -1, 4}}, op{text: "a", num: 0, v: 2}, 2},
		{"zero value kept is found", []op{{true, "a", 1, 0}}, op{text: "a", num: 1, v: 0}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var tb Table[int]
			for _, o := range tc.ops {
				tb.Put(o.text, o.num, o.v)
			}
			v, ok := tb.Get(tc.get.text, tc.get.num)
			if want := tc.get.v; ok != (want >= 0) || ok && v != want {
				t.Errorf("Get = %d, %v; want %d", v, ok, want)
			}
			if tb.Len() != tc.wantLen {
				t.Errorf("Len = %d, want %d", tb.Len(), tc.wantLen)
			}
		})
	}
}

func TestKey(t *testing.T) {
	for _, tc := range []struct {
		keys []int32
		i    int
		want int32
	}{
		{nil, 0, -1}, {[]int32{5}, 0, 5}, {[]int32{5}, 1, -1}, {[]int32{-3}, 0, -1}, {[]int32{0, 9}, 1, 9},
	} {
		if got := Key(tc.keys, tc.i); got != tc.want {
			t.Errorf("Key(%v, %d) = %d, want %d", tc.keys, tc.i, got, tc.want)
		}
	}
}

func ExampleTable() {
	var t Table[string]
	t.Put("States shall cooperate.", 0, "analysis 0") // numbered by the caller
	t.Put("Unnumbered text.", -1, "analysis by text")
	v, ok := t.Get("States shall cooperate.", 0)
	fmt.Println(v, ok, t.Len())
	// Output: analysis 0 true 2
}
