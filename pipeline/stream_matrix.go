package pipeline

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/stanceshift/stanceshift/pipeline/vectorize"
	"github.com/stanceshift/stanceshift/results"
)

// matrixFiles are the files Result.WriteMatrix and the matrix sink write.
var matrixFiles = [...]string{"matrix.mtx", "matrix_rows.txt", "matrix_cols.txt"}

// matrixSink is WriteMatrix for Stream: each instrument's TF-IDF rows are appended as they come
// (the entry lines to a temporary file, since the header's entry count is known only at the
// end), then matrix.mtx is the header followed by those lines. The three files are the bytes
// WriteMatrix writes.
type matrixSink struct {
	dir     string
	entries *os.File
	ew      *bufio.Writer
	rows    *results.AtomicFile
	rw      *bufio.Writer
	n, nnz  int
	buf     []byte
}

func newMatrixSink(dir string) (*matrixSink, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	entries, err := os.CreateTemp(dir, ".matrix.mtx.entries-*")
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	rows, err := results.CreateAtomic(filepath.Join(dir, "matrix_rows.txt"))
	if err != nil {
		entries.Close()
		os.Remove(entries.Name())
		return nil, err
	}
	return &matrixSink{dir: dir, entries: entries, ew: bufio.NewWriterSize(entries, 1<<16),
		rows: rows, rw: bufio.NewWriterSize(rows, 1<<16)}, nil
}

// add appends the rows of an instrument's documents, in provisions.csv order.
func (m *matrixSink) add(part *Result) error {
	for _, d := range part.Docs {
		for i, p := range d.Provisions {
			m.rw.WriteString(p.ID)
			m.rw.WriteByte('\n')
			if i < len(d.Vecs) {
				var err error
				if m.buf, err = vectorize.AppendMatrixMarketRow(m.buf[:0], m.n, d.Vecs[i].Idx, d.Vecs[i].Val); err != nil {
					return err
				}
				m.nnz += len(d.Vecs[i].Idx)
				if _, err := m.ew.Write(m.buf); err != nil {
					return fmt.Errorf("pipeline: matrix.mtx: %w", err)
				}
			}
			m.n++
		}
	}
	return nil
}

// commit writes matrix.mtx and matrix_cols.txt and renames the three files into place.
func (m *matrixSink) commit(ctx context.Context, v *vectorize.Vocabulary) ([]string, error) {
	defer m.abort()
	if err := m.ew.Flush(); err != nil {
		return nil, fmt.Errorf("pipeline: matrix.mtx: %w", err)
	}
	if _, err := m.entries.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("pipeline: matrix.mtx: %w", err)
	}
	mtx, err := results.CreateAtomic(filepath.Join(m.dir, "matrix.mtx"))
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(mtx, 1<<16)
	w.WriteString(vectorize.MatrixMarketHeader(m.n, v.Len(), m.nnz))
	if _, err := io.Copy(w, m.entries); err == nil {
		err = w.Flush()
	}
	if err != nil {
		mtx.Abort()
		return nil, fmt.Errorf("pipeline: matrix.mtx: %w", err)
	}
	if err := mtx.Commit(ctx); err != nil {
		return nil, err
	}
	names := []string{"matrix.mtx"}
	if err := m.rw.Flush(); err != nil {
		return names, fmt.Errorf("pipeline: matrix_rows.txt: %w", err)
	}
	if err := m.rows.Commit(ctx); err != nil {
		return names, err
	}
	names = append(names, "matrix_rows.txt")
	var cols strings.Builder
	for _, t := range v.Terms {
		cols.WriteString(t)
		cols.WriteByte('\n')
	}
	if err := results.WriteFileAtomic(ctx, filepath.Join(m.dir, "matrix_cols.txt"), []byte(cols.String())); err != nil {
		return names, err
	}
	return append(names, "matrix_cols.txt"), nil
}

// abort removes the temporary files (a no-op for those already renamed into place).
func (m *matrixSink) abort() {
	m.entries.Close()
	os.Remove(m.entries.Name())
	m.rows.Abort()
}
