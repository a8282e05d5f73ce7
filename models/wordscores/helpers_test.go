package wordscores

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// lbgPositions are the a priori positions of R1..R5 in LBG (2003).
var lbgPositions = []float64{-1.5, -0.75, 0, 0.75, 1.5}

// loadLBG reads testdata/lbg_counts.csv: ids R1..R5, V1 and their counts (zeros kept, so every
// text names all 37 features, as a dfm row does).
func loadLBG(tb testing.TB) ([]string, []Counts) {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "lbg_counts.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	header := rows[0]
	var ids []string
	var texts []Counts
	for _, row := range rows[1:] {
		c := Counts{}
		for j := 1; j < len(row); j++ {
			v, err := strconv.ParseFloat(row[j], 64)
			if err != nil {
				tb.Fatalf("row %s col %s: %v", row[0], header[j], err)
			}
			c[header[j]] = v
		}
		ids = append(ids, row[0])
		texts = append(texts, c)
	}
	if len(ids) != 6 || len(header) != 38 {
		tb.Fatalf("lbg_counts.csv: got %d texts, %d columns; want 6 and 38", len(ids), len(header))
	}
	return ids, texts
}
