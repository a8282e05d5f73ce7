package results

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestBatch: a batch's files appear at their paths only at Commit, complete and readable by all;
// a cancelled Commit or an Abort leaves every path as it was and no temporary file; a batch
// ends once.
func TestBatch(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name      string
		end       func(b *Batch) error
		wantErr   error // nil: committed
		committed bool
	}{
		{"commit", func(b *Batch) error { return b.Commit(context.Background()) }, nil, true},
		{"commit, then abort", func(b *Batch) error {
			err := b.Commit(context.Background())
			b.Abort()
			return err
		}, nil, true},
		{"cancelled", func(b *Batch) error { return b.Commit(cancelled) }, context.Canceled, false},
		{"abort", func(b *Batch) error { b.Abort(); b.Abort(); return b.Commit(context.Background()) }, errBatchEnded, false},
		{"commit twice", func(b *Batch) error {
			if err := b.Commit(context.Background()); err != nil {
				return err
			}
			return b.Commit(context.Background())
		}, errBatchEnded, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			old := filepath.Join(dir, "f0")
			if err := os.WriteFile(old, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			// More files than wait for the syncers (batchQueued), from several goroutines.
			const n = 3 * batchQueued
			path := func(i int) string { // f0 replaces the old file; the others are new, in sub-folders
				if i == 0 {
					return old
				}
				if i%3 == 2 {
					return filepath.Join(dir, "sub2", "deep", fmt.Sprintf("f%d", i))
				}
				return filepath.Join(dir, fmt.Sprintf("sub%d", i%3), fmt.Sprintf("f%d", i))
			}
			b := NewBatch()
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for w := range errs {
				wg.Go(func() {
					for i := w; i < n; i += len(errs) {
						if err := b.Write(path(i), []byte(fmt.Sprint("new ", i))); err != nil {
							errs[w] = err
							return
						}
					}
				})
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(old); string(got) != "old" {
				t.Errorf("before Commit, f0 is %q", got)
			}
			if _, err := os.Stat(path(1)); !os.IsNotExist(err) {
				t.Errorf("before Commit, %s exists: %v", path(1), err)
			}
			err := tc.end(b)
			if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err := b.Write(path(1), []byte("late")); !errors.Is(err, errBatchEnded) {
				t.Errorf("Write after the end: err = %v", err)
			}
			files := 0
			filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				files++
				if strings.Contains(d.Name(), ".tmp-") {
					t.Errorf("temporary file left: %s", p)
				}
				return nil
			})
			if !tc.committed {
				if got, _ := os.ReadFile(old); string(got) != "old" || files != 1 {
					t.Errorf("not committed: f0 is %q, %d files", got, files)
				}
				// nor the folders made for the new files
				if entries, _ := os.ReadDir(dir); len(entries) != 1 {
					t.Errorf("not committed: %v left in the folder, want f0 only", entries)
				}
				return
			}
			if files != n {
				t.Errorf("%d files, want %d", files, n)
			}
			for i := range n {
				p := path(i)
				got, err := os.ReadFile(p)
				if err != nil || string(got) != fmt.Sprint("new ", i) {
					t.Errorf("%s: %q, %v", p, got, err)
				}
				if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o644 {
					t.Errorf("%s: mode %v, %v", p, st.Mode(), err)
				}
			}
		})
	}
}

// TestBatchRenameFails: a rename that fails stops the renames; the files written before it are
// in place, the rest removed.
func TestBatchRenameFails(t *testing.T) {
	dir := t.TempDir()
	b := NewBatch()
	defer b.Abort()
	for _, name := range []string{"a", "b", "c"} {
		if err := b.Write(filepath.Join(dir, name), []byte(name)); err != nil {
			t.Fatal(err)
		}
	}
	// a folder made after the writes (Write refuses one already there): a file cannot replace it
	if err := os.MkdirAll(filepath.Join(dir, "b", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(context.Background()); err == nil || !strings.HasPrefix(err.Error(), "results: ") {
		t.Fatalf("err = %v", err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "a b" {
		t.Errorf("left %q, want a (renamed) and b (the folder)", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "a")); string(got) != "a" {
		t.Errorf("a = %q", got)
	}
}

// TestBatchWriteIntoFolder: a path that is a folder is refused at Write, naming it, before
// anything is renamed; the batch can be aborted and leaves the folder as it was.
func TestBatchWriteIntoFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	b := NewBatch()
	if err := b.Write(filepath.Join(dir, "a"), []byte("a")); err != nil {
		t.Fatal(err)
	}
	err := b.Write(filepath.Join(dir, "b"), []byte("b"))
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "b")+" is a folder; expected a file") {
		t.Fatalf("err = %v", err)
	}
	b.Abort()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "b" || !entries[0].IsDir() {
		t.Errorf("left %v, want the folder b only", entries)
	}
}

// TestBatchWriteFails: a file that cannot be created is Write's error; the batch goes on.
func TestBatchWriteFails(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	b := NewBatch()
	defer b.Abort()
	if err := b.Write(filepath.Join(blocker, "r.csv"), []byte("x")); err == nil || !strings.HasPrefix(err.Error(), "results: ") {
		t.Errorf("err = %v", err)
	}
	if err := b.Write(filepath.Join(dir, "r.csv"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "r.csv")); string(got) != "x" {
		t.Errorf("r.csv = %q", got)
	}
}
