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
	nnz := m.NNZ()
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%%%%MatrixMarket matrix coordinate real general\n%d %d %d\n", r, c, nnz)
	buf := make([]byte, 0, 64)
	for i := 0; i < r; i++ {
		for k := raw.Indptr[i]; k < raw.Indptr[i+1]; k++ {
			x := raw.Data[k]
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("vectorize: write matrix market: entry (%d, %d) is %v", i+1, raw.Ind[k]+1, x)
			}
			buf = strconv.AppendInt(buf[:0], int64(i+1), 10)
			buf = append(buf, ' ')
			buf = strconv.AppendInt(buf, int64(raw.Ind[k]+1), 10)
			buf = append(buf, ' ')
			buf = strconv.AppendFloat(buf, x, 'g', -1, 64)
			buf = append(buf, '\n')
			if _, err := bw.Write(buf); err != nil {
				return fmt.Errorf("vectorize: write matrix market: %w", err)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("vectorize: write matrix market: %w", err)
	}
	return nil
}
