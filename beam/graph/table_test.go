package graph

import (
	"context"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
)

func TestCutSplits(t *testing.T) {
	doc := func(pos int, first int64) placedDoc { return placedDoc{DocInfo{Pos: pos}, first} }
	tests := []struct {
		name string
		docs []placedDoc
		size int64
		want [][]int // Pos of each split's documents
	}{
		{"none", nil, 10, nil},
		{"one split", []placedDoc{doc(0, 0), doc(1, 5), doc(2, 9)}, 10, [][]int{{0, 1, 2}}},
		{"cut where a first row is size bytes on", []placedDoc{doc(0, 0), doc(1, 9), doc(2, 10), doc(3, 19), doc(4, 40)}, 10,
			[][]int{{0, 1}, {2, 3}, {4}}},
		{"in the order of first rows, not corpus order", []placedDoc{doc(0, 30), doc(1, 0), doc(2, 12), doc(3, 5)}, 10,
			[][]int{{1, 3}, {2}, {0}}},
		{"a document past the size alone", []placedDoc{doc(0, 0), doc(1, 100)}, 10, [][]int{{0}, {1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got [][]int
			for _, s := range cutSplits(tc.docs, tc.size) {
				var pos []int
				for _, d := range s.Docs {
					pos = append(pos, d.Pos)
				}
				got = append(got, pos)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("splits %v, want %v", got, tc.want)
			}
		})
	}
}

// forwardReader serves positioned reads from a file system that reads from a file's start:
// forward, backward (the file opened again) and past the end, as os.File's ReadAt does.
func TestForwardReader(t *testing.T) {
	ctx := context.Background()
	data := []byte("0123456789abcdefghij")
	memfs.Write("memfs://forward/t.csv", data)
	f, err := openTable(ctx, "memfs://forward/t.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, ok := f.(*forwardReader); !ok {
		t.Fatalf("openTable of a memfs:// path gave %T, want *forwardReader", f)
	}
	tests := []struct {
		name    string
		off     int64
		n       int
		want    string
		wantErr error
	}{
		{"from the start", 0, 3, "012", nil},
		{"forward, skipping", 10, 4, "abcd", nil},
		{"right after", 14, 2, "ef", nil},
		{"backward", 2, 3, "234", nil},
		{"up to the end", 17, 3, "hij", nil},
		{"across the end", 18, 5, "ij", io.EOF},
		{"past the end", 30, 2, "", io.EOF},
		{"then from the start again", 0, 2, "01", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := make([]byte, tc.n)
			n, err := f.ReadAt(p, tc.off)
			if string(p[:n]) != tc.want || !errors.Is(err, tc.wantErr) {
				t.Errorf("ReadAt(%d bytes at %d) = %q, %v; want %q, %v", tc.n, tc.off, p[:n], err, tc.want, tc.wantErr)
			}
		})
	}
	if _, err := openTable(ctx, "nosuchscheme://x/t.csv"); err == nil {
		t.Error("openTable of an unknown scheme: no error")
	}
	missing, err := openTable(ctx, "memfs://forward/missing.csv")
	if err == nil {
		_, err = missing.ReadAt(make([]byte, 1), 0)
	}
	if err == nil {
		t.Error("reading a missing memfs file: no error")
	}
}
