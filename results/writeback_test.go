package results

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// recordWriteback replaces startWriteback for the test with one that records the ranges asked
// for (and still starts the writeback).
func recordWriteback(t *testing.T) *[][2]int64 {
	t.Helper()
	var (
		mu     sync.Mutex
		ranges [][2]int64
	)
	orig := startWriteback
	startWriteback = func(f *os.File, off, n int64) {
		mu.Lock()
		ranges = append(ranges, [2]int64{off, n})
		mu.Unlock()
		orig(f, off, n)
	}
	t.Cleanup(func() { startWriteback = orig })
	return &ranges
}

// TestWriteback: every file written through an atomicFile hands each complete chunk to the
// writeback once, in order, without gaps or overlaps, and nothing of the last incomplete chunk;
// the file's bytes are those written.
func TestWriteback(t *testing.T) {
	const c = writebackChunk
	tests := []struct {
		name   string
		writes []int // sizes of successive writes
		want   [][2]int64
	}{
		{"small file", []int{100}, nil},
		{"one byte short of a chunk", []int{c - 1}, nil},
		{"exactly one chunk", []int{c}, [][2]int64{{0, c}}},
		{"one write of two and a half chunks", []int{5 * c / 2}, [][2]int64{{0, 2 * c}}},
		{"writes crossing chunk ends", []int{c / 2, c / 2, c / 3, c, c}, [][2]int64{{0, c}, {c, c}, {2 * c, c}}},
		{"many small writes", slices.Repeat([]int{4096}, 2*c/4096+1), [][2]int64{{0, c}, {c, c}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ranges := recordWriteback(t)
			path := filepath.Join(t.TempDir(), "f.bin")
			var want bytes.Buffer
			err := writeAtomic(context.Background(), path, func(w io.Writer) error {
				for i, n := range tc.writes {
					p := bytes.Repeat([]byte{byte('a' + i%26)}, n)
					want.Write(p)
					if _, err := w.Write(p); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("file has %d bytes, want the %d written", len(got), want.Len())
			}
			if !slices.Equal(*ranges, tc.want) {
				t.Errorf("writeback ranges %v, want %v", *ranges, tc.want)
			}
		})
	}
}

// TestCSVFileWriteback: a report written in parts through CSVFile (bufio in front of the file)
// hands its chunks to the writeback too.
func TestCSVFileWriteback(t *testing.T) {
	ranges := recordWriteback(t)
	dir := t.TempDir()
	f, err := CreateCSV[ProvisionRow](dir, "big.csv")
	if err != nil {
		t.Fatal(err)
	}
	header, err := EncodeCSV[ProvisionRow](nil)
	if err != nil {
		t.Fatal(err)
	}
	line := []byte("d:1,d,1,0,1,a\n")
	total := len(header)
	for total < 3*writebackChunk {
		if err := f.WriteEncoded(line); err != nil {
			t.Fatal(err)
		}
		total += len(line)
	}
	if err := f.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, "big.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() != int64(total) {
		t.Errorf("size %d, want %d", st.Size(), total)
	}
	c := int64(writebackChunk)
	if want := [][2]int64{{0, c}, {c, c}, {2 * c, c}}; !slices.Equal(*ranges, want) {
		t.Errorf("writeback ranges %v, want %v", *ranges, want)
	}
}
