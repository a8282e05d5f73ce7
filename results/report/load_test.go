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
