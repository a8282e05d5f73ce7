package report

import (
	"strings"
	"testing"
)

// TestRowReaderColumns: str gives each row's field of the column asked for whether the columns
// are asked for in the same order on every row (the remembered sequence) or not, and "" for a
// column the header lacks.
func TestRowReaderColumns(t *testing.T) {
	tab, err := parseTable(strings.NewReader("a,b,c\n1,2,3\n4,5,6\n7,8,9\n"), "x.csv", []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		asks [][]string // per row, the columns asked for in order
		want [][]string
	}{
		{"same order", [][]string{{"a", "b", "c"}, {"a", "b", "c"}, {"a", "b", "c"}},
			[][]string{{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}}},
		{"changing order", [][]string{{"c", "a"}, {"a", "c", "b"}, {"b"}},
			[][]string{{"3", "1"}, {"4", "6", "5"}, {"8"}}},
		{"missing column", [][]string{{"a", "z", "c"}, {"z", "a"}, {"a", "z", "c"}},
			[][]string{{"1", "", "3"}, {"", "4"}, {"7", "", "9"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab.seq = nil
			i := 0
			err := tab.each(func(r *rowReader) {
				for k, col := range tc.asks[i] {
					if got := r.str(col); got != tc.want[i][k] {
						t.Errorf("row %d, column %s: %q, want %q", i, col, got, tc.want[i][k])
					}
				}
				i++
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestValidNumbers: validInt and validFloat accept exactly what rowReader.int and float read
// without error.
func TestValidNumbers(t *testing.T) {
	for _, s := range []string{"", "0", "7", "-1", "+3", "1.5", "x", "1e3", "NaN", "Inf", "-Inf", "1e400", " 2", "0x10", "99999999999999999999", "3_0"} {
		t.Run(s, func(t *testing.T) {
			tab := &table{name: "t.csv", cols: map[string]int{"v": 0}, rows: [][]string{{s}}, lines: []int{2}}
			r := &rowReader{t: tab}
			r.int("v")
			if got, want := validInt([]byte(s)), r.err == nil; got != want {
				t.Errorf("validInt(%q) = %v, rowReader.int's error %v", s, got, r.err)
			}
			r = &rowReader{t: tab}
			r.float("v")
			if got, want := validFloat([]byte(s)), r.err == nil; got != want {
				t.Errorf("validFloat(%q) = %v, rowReader.float's error %v", s, got, r.err)
			}
		})
	}
}
