package results

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// Row is one row of a report.
type Row interface {
	Header() []string
	Record() []string
}

// EncodeCSV renders rows as CSV with the header of the zero value of T.
func EncodeCSV[T Row](rows []T) ([]byte, error) {
	var buf bytes.Buffer
	err := encodeCSV(context.Background(), &buf, rows)
	return buf.Bytes(), err
}

// EncodeRows appends rows to buf as CSV without the header, as Write and WriteCSV encode them
// (for CSVFile.WriteEncoded).
func EncodeRows[T Row](buf *bytes.Buffer, rows []T) error {
	return writeRows(context.Background(), buf, rows)
}

// WriteCSV writes rows to dir/name atomically. The CSV is streamed to the temporary file through a
// buffer, so a report is never held whole in memory (at 100 MB of input, stance.csv alone is
// hundreds of megabytes).
func WriteCSV[T Row](ctx context.Context, dir, name string, rows []T) error {
	f, err := CreateCSV[T](dir, name)
	if err != nil {
		return err
	}
	if err := f.Write(ctx, rows); err != nil {
		f.Abort()
		return err
	}
	return f.Commit(ctx)
}

// encodeCSV writes the header of T and rows to w.
func encodeCSV[T Row](ctx context.Context, w *bytes.Buffer, rows []T) error {
	if err := writeHeader[T](w); err != nil {
		return err
	}
	return writeRows(ctx, w, rows)
}

// bufferWriter is what the rows are written to: a *bytes.Buffer or a *bufio.Writer. Each record
// is appended to the writer's free space (AvailableBuffer) and then written, so encoding copies
// nothing in the common case and allocates only when a record does not fit.
type bufferWriter interface {
	io.Writer
	AvailableBuffer() []byte
}

func writeHeader[T Row](w bufferWriter) error {
	var zero T
	_, err := w.Write(appendRecord(w.AvailableBuffer(), zero.Header()))
	return err
}

// writeRows writes rows (by AppendCSV where T has it, else Record as encoding/csv encodes it),
// checking ctx every 4,096 rows.
func writeRows[T Row](ctx context.Context, w bufferWriter, rows []T) error {
	for i := range rows {
		if i%4096 == 0 && ctx.Err() != nil {
			return fmt.Errorf("not written: %w", ctx.Err())
		}
		if _, err := w.Write(appendRow(w.AvailableBuffer(), &rows[i])); err != nil {
			return err
		}
	}
	return nil
}

// WriteFileAtomic writes data to a temporary file beside path, syncs it, and renames it over path.
// If ctx is cancelled before the rename, or any step fails, the temporary file is removed and path
// is left as it was.
func WriteFileAtomic(ctx context.Context, path string, data []byte) error {
	return writeAtomic(ctx, path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomic is WriteFileAtomic with the content written by fill.
func writeAtomic(ctx context.Context, path string, fill func(io.Writer) error) (err error) {
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	if err = fill(f); err != nil {
		f.Abort()
		return fmt.Errorf("results: writing %s: %w", path, err)
	}
	return f.commit(ctx)
}

// atomicFile is a temporary file beside path that becomes path on commit. Its Write hands each
// complete chunk of writebackChunk bytes to the system's writeback as soon as it is written
// (startWriteback), so the sync before the rename waits only for the last chunk: the CSV
// reports of a 100MB run are 750 MB, and syncing them all at the end kept the run waiting
// 1.6 s with its CPUs idle.
type atomicFile struct {
	path    string
	f       *os.File
	written int64 // bytes written
	handed  int64 // bytes handed to writeback: a multiple of writebackChunk
}

// writebackChunk is how many bytes a file is written ahead of the system's writeback: large
// enough that the hint costs nothing against the writes, small enough that the last one syncs
// quickly.
const writebackChunk = 8 << 20

// Write appends p to the temporary file.
func (a *atomicFile) Write(p []byte) (int, error) {
	n, err := a.f.Write(p)
	a.written += int64(n)
	if end := a.written - a.written%writebackChunk; end > a.handed {
		startWriteback(a.f, a.handed, end-a.handed)
		a.handed = end
	}
	return n, err
}

// AtomicFile is a file written in parts that appears at its path only when complete: a
// temporary file beside the path until Commit renames it into place; Abort removes it.
type AtomicFile struct{ a *atomicFile }

// CreateAtomic starts the file at path (a temporary file until Commit).
func CreateAtomic(path string) (*AtomicFile, error) {
	a, err := createAtomic(path)
	if err != nil {
		return nil, err
	}
	return &AtomicFile{a}, nil
}

// Write appends p.
func (f *AtomicFile) Write(p []byte) (int, error) { return f.a.Write(p) }

// Commit syncs the file and renames it into place, unless ctx is cancelled (see WriteFileAtomic).
func (f *AtomicFile) Commit(ctx context.Context) error { return f.a.commit(ctx) }

// Abort removes the temporary file; the path is left as it was.
func (f *AtomicFile) Abort() { f.a.Abort() }

func createAtomic(path string) (*atomicFile, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	// A folder at path would fail the rename only at commit, after other files of the same
	// report had been renamed into place; refuse it before anything is written.
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("results: %s is a folder; expected a file there (or nothing)", path)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	return &atomicFile{path: path, f: f}, nil
}

// commit syncs, closes and renames the temporary file over path, unless ctx is cancelled; on any
// failure the temporary file is removed and path is left as it was.
func (a *atomicFile) commit(ctx context.Context) (err error) {
	tmp := a.f.Name()
	defer func() {
		if err != nil {
			a.Abort()
		}
	}()
	if err = a.finish(); err != nil {
		return err
	}
	if err = ctx.Err(); err != nil {
		return fmt.Errorf("results: %s not written: %w", a.path, err)
	}
	if err = os.Rename(tmp, a.path); err != nil {
		return fmt.Errorf("results: %w", err)
	}
	return nil
}

// finish syncs and closes the temporary file and makes it readable by all (CreateTemp makes it
// 0600), ready to be renamed.
func (a *atomicFile) finish() error {
	if err := a.f.Sync(); err != nil {
		return fmt.Errorf("results: writing %s: %w", a.path, err)
	}
	if err := a.f.Close(); err != nil {
		return fmt.Errorf("results: writing %s: %w", a.path, err)
	}
	if err := os.Chmod(a.f.Name(), 0o644); err != nil {
		return fmt.Errorf("results: %w", err)
	}
	return nil
}

// Abort removes the temporary file; path is left as it was. It may be called more than once.
func (a *atomicFile) Abort() {
	a.f.Close()
	os.Remove(a.f.Name())
}

// CSVFile is a report written in parts: the header on creation, rows with Write as they are
// produced, the file renamed into place by Commit (or removed by Abort), so a reader never sees
// a half-written report. The streamed run (pipeline.Stream) writes one instrument's rows at a
// time through it; the bytes are those WriteCSV writes for all the rows at once.
type CSVFile[T Row] struct {
	file *atomicFile
	bw   *bufio.Writer
	name string
}

// CreateCSV starts dir/name (a temporary file until Commit) and writes the header of T.
func CreateCSV[T Row](dir, name string) (*CSVFile[T], error) {
	f, err := createAtomic(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	c := &CSVFile[T]{file: f, bw: bw, name: name}
	if err := writeHeader[T](bw); err != nil {
		f.Abort()
		return nil, fmt.Errorf("results: writing %s: %w", name, err)
	}
	return c, nil
}

// Name is the report's file name.
func (c *CSVFile[T]) Name() string { return c.name }

// Write appends rows.
func (c *CSVFile[T]) Write(ctx context.Context, rows []T) error {
	if err := writeRows(ctx, c.bw, rows); err != nil {
		return fmt.Errorf("results: writing %s: %w", c.name, err)
	}
	return nil
}

// WriteEncoded appends rows already encoded by EncodeRows for the same T: what an engine does
// when it encodes each part's rows on its workers and only appends the bytes in order. The
// file's bytes are those of Write with the same rows.
func (c *CSVFile[T]) WriteEncoded(p []byte) error {
	if _, err := c.bw.Write(p); err != nil {
		return fmt.Errorf("results: writing %s: %w", c.name, err)
	}
	return nil
}

// Sync writes the rows so far to the temporary file and waits until the system has them on
// disk, so that Commit, which syncs again, has little left to wait for: a writer that has the
// last rows of some reports before others can put those on disk meanwhile. Not safe beside
// Write or WriteEncoded; rows may still follow.
func (c *CSVFile[T]) Sync() error {
	if err := c.bw.Flush(); err != nil {
		return fmt.Errorf("results: writing %s: %w", c.name, err)
	}
	if err := c.file.f.Sync(); err != nil {
		return fmt.Errorf("results: writing %s: %w", c.name, err)
	}
	return nil
}

// Commit flushes the rows and renames the file into place (see WriteFileAtomic).
func (c *CSVFile[T]) Commit(ctx context.Context) error {
	if err := c.bw.Flush(); err != nil {
		c.file.Abort()
		return fmt.Errorf("results: writing %s: %w", c.name, err)
	}
	return c.file.commit(ctx)
}

// Abort removes the temporary file, leaving any earlier dir/name as it was.
func (c *CSVFile[T]) Abort() { c.file.Abort() }

// FormatRounded formats a float rounded to digits decimals, trailing zeros trimmed, "-0" written
// as "0", and NaN as an empty field (R, pandas and DuckDB read it as missing), the same on every
// platform.
func FormatRounded(f float64, digits int) string {
	if f != f {
		return ""
	}
	s := strconv.FormatFloat(f, 'f', digits, 64)
	if digits > 0 {
		s = trimZeros(s)
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

func trimZeros(s string) string {
	i := len(s)
	for i > 0 && s[i-1] == '0' {
		i--
	}
	if i > 0 && s[i-1] == '.' {
		i--
	}
	return s[:i]
}

func itoa(i int) string { return strconv.Itoa(i) }

// Remove deletes dir/name if it exists.
func Remove(dir, name string) error {
	err := os.Remove(filepath.Join(dir, name))
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("results: %w", err)
	}
	return nil
}
