package results

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
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

// WriteCSV writes rows to dir/name atomically. The CSV is streamed to the temporary file through a
// buffer, so a report is never held whole in memory (at 100 MB of input, stance.csv alone is
// hundreds of megabytes).
func WriteCSV[T Row](ctx context.Context, dir, name string, rows []T) error {
	return writeAtomic(ctx, filepath.Join(dir, name), func(f io.Writer) error {
		bw := bufio.NewWriterSize(f, 1<<16)
		if err := encodeCSV(ctx, bw, rows); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return bw.Flush()
	})
}

// encodeCSV writes the header of T and rows to w, checking ctx every 4,096 rows.
func encodeCSV[T Row](ctx context.Context, out io.Writer, rows []T) error {
	w := csv.NewWriter(out)
	var zero T
	if err := w.Write(zero.Header()); err != nil {
		return err
	}
	for i, r := range rows {
		if i%4096 == 0 && ctx.Err() != nil {
			return fmt.Errorf("not written: %w", ctx.Err())
		}
		if err := w.Write(r.Record()); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
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
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("results: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("results: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = fill(f); err != nil {
		return fmt.Errorf("results: writing %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("results: writing %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("results: writing %s: %w", path, err)
	}
	if err = os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("results: %w", err)
	}
	if err = ctx.Err(); err != nil {
		return fmt.Errorf("results: %s not written: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("results: %w", err)
	}
	return nil
}

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
