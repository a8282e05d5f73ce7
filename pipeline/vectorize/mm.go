package vectorize

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/james-bowman/sparse"
)

// WriteMatrixMarket writes m in Matrix Market exchange format, "coordinate real general":
// the header line, a size line "rows cols entries", then one "i j value" line per stored
// entry with 1-based indices, row by row in storage order. Values use the shortest decimal
// form that reads back to the same float64. R's Matrix::readMM and scipy.io.mmread read it.
// A NaN or infinite value is an error (the format has no spelling for it).
func WriteMatrixMarket(w io.Writer, m *sparse.CSR) error {
	if m == nil {
		return fmt.Errorf("vectorize: write matrix market: nil matrix")
	}
	raw := m.RawMatrix()
	r, c := m.Dims()
	bw := bufio.NewWriter(w)
	bw.WriteString(MatrixMarketHeader(r, c, m.NNZ()))
	var buf []byte
	for i := 0; i < r; i++ {
		lo, hi := raw.Indptr[i], raw.Indptr[i+1]
		var err error
		if buf, err = AppendMatrixMarketRow(buf[:0], i, raw.Ind[lo:hi], raw.Data[lo:hi]); err != nil {
			return err
		}
		if _, err := bw.Write(buf); err != nil {
			return fmt.Errorf("vectorize: write matrix market: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("vectorize: write matrix market: %w", err)
	}
	return nil
}

// MatrixMarketHeader is the header and size line of WriteMatrixMarket.
func MatrixMarketHeader(rows, cols, nnz int) string {
	return fmt.Sprintf("%%%%MatrixMarket matrix coordinate real general\n%d %d %d\n", rows, cols, nnz)
}

// AppendMatrixMarketRow appends the entry lines of row i (0-based; columns idx, values val), as
// WriteMatrixMarket writes them, for a writer that streams the rows (pipeline.Stream).
func AppendMatrixMarketRow(dst []byte, i int, idx []int, val []float64) ([]byte, error) {
	for k, x := range val {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return dst, fmt.Errorf("vectorize: write matrix market: entry (%d, %d) is %v", i+1, idx[k]+1, x)
		}
		dst = strconv.AppendInt(dst, int64(i+1), 10)
		dst = append(dst, ' ')
		dst = strconv.AppendInt(dst, int64(idx[k]+1), 10)
		dst = append(dst, ' ')
		dst = strconv.AppendFloat(dst, x, 'g', -1, 64)
		dst = append(dst, '\n')
	}
	return dst, nil
}
