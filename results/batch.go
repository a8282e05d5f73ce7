package results

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
)

// Batch is a set of files that appear at their paths together. Write writes a file's bytes to a
// temporary file beside its path and returns; the file is synced (fsync), closed and made
// readable on one of a few background goroutines, so the writer goes on while the disk works.
// Commit waits for those syncs and renames every file into place, unless ctx is cancelled or a
// step failed; Abort removes the temporary files. So no file appears at its path before its bytes
// are complete and on disk, and an error or a cancellation before Commit leaves no temporary file,
// no (empty) folder made for the files, and every path as it was.
//
// The report writes hundreds of pages and thousands of charts: written by WriteFileAtomic, each
// fsync blocked the worker that had rendered it (3.3 s of a 13 s trace of the 10MB report, with
// two workers), leaving a CPU idle.
//
// Write may be called from several goroutines at once; Commit and Abort end the batch, after
// every Write has returned. Every Batch must end with Commit or Abort (Abort after Commit does
// nothing), which stops its goroutines.
type Batch struct {
	queue   chan *atomicFile // written, to be synced
	syncers sync.WaitGroup

	mu     sync.RWMutex // Write holds it to read, ending the batch to write
	closed bool

	filesMu sync.Mutex
	files   []*atomicFile   // every file written, in the order written
	dirs    map[string]bool // folders that did not exist when a file was first written into them
	checked map[string]bool // folders noteDirs has looked at

	errMu sync.Mutex
	err   error // the first failed sync

	// aborting is set by Abort: the files still queued are not synced, only removed
	aborting atomic.Bool
}

const (
	// batchSyncers is how many files are synced at once: the disk takes them together (a
	// journal commit for several), and each sync waiting holds a thread, not a CPU.
	batchSyncers = 4
	// batchQueued is how many written files may wait for a syncer before Write waits: it bounds
	// the open files when the disk is slower than the writers.
	batchQueued = 64
)

// errBatchEnded: Write or Commit after Commit or Abort.
var errBatchEnded = errors.New("results: batch already committed or aborted")

// NewBatch starts an empty batch.
func NewBatch() *Batch {
	b := &Batch{queue: make(chan *atomicFile, batchQueued)}
	for range batchSyncers {
		b.syncers.Go(func() {
			for f := range b.queue {
				if b.aborting.Load() {
					continue // removed by Abort, which closes it
				}
				if err := f.finish(); err != nil {
					b.fail(err)
				}
			}
		})
	}
	return b
}

// Write writes data as the file at path, which appears there at Commit. It fails once a sync of
// an earlier file of the batch has failed.
func (b *Batch) Write(path string, data []byte) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return errBatchEnded
	}
	if err := b.failure(); err != nil {
		return err
	}
	b.noteDirs(filepath.Dir(path))
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	if _, err := f.f.Write(data); err != nil {
		f.Abort()
		return fmt.Errorf("results: writing %s: %w", path, err)
	}
	b.filesMu.Lock()
	b.files = append(b.files, f)
	b.filesMu.Unlock()
	b.queue <- f
	return nil
}

// Commit waits until every file written is on disk and renames each into place, in the order
// written. If a write or sync failed, or ctx is cancelled, it renames none and removes them all.
// A rename that fails stops the renames there (the files renamed before stay) and removes the
// files not renamed.
func (b *Batch) Commit(ctx context.Context) error {
	files, err := b.end()
	if err == nil && ctx.Err() != nil {
		err = fmt.Errorf("results: files not written: %w", ctx.Err())
	}
	for i, f := range files {
		if err == nil {
			if err = os.Rename(f.f.Name(), f.path); err != nil {
				err = fmt.Errorf("results: %w", err)
			}
		}
		if err != nil {
			removeFiles(files[i:])
			b.removeDirs()
			return err
		}
	}
	if err != nil {
		b.removeDirs() // a batch without files
		return err
	}
	b.filesMu.Lock()
	b.dirs = nil // they hold the files now
	b.filesMu.Unlock()
	return nil
}

// Abort removes every file written and not yet committed, and the folders made for them; their
// paths are left as they were. The files waiting for a sync are removed without it.
// It may be called more than once, and after Commit.
func (b *Batch) Abort() {
	b.aborting.Store(true)
	files, _ := b.end()
	removeFiles(files)
	b.removeDirs()
}

// noteDirs records dir and its ancestors that do not exist yet: createAtomic makes them, and a
// batch that is not committed removes them again (when empty), so that an interrupted report
// leaves no empty charts/ or instruments/ folder behind. Each folder is looked at once.
func (b *Batch) noteDirs(dir string) {
	b.filesMu.Lock()
	defer b.filesMu.Unlock()
	if b.checked[dir] {
		return
	}
	if b.checked == nil {
		b.checked, b.dirs = map[string]bool{}, map[string]bool{}
	}
	b.checked[dir] = true
	for {
		if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
			return
		}
		b.dirs[dir] = true
		parent := filepath.Dir(dir)
		if parent == dir {
			return
		}
		dir = parent
	}
}

// removeDirs removes the folders noteDirs recorded that are empty, the deepest first.
func (b *Batch) removeDirs() {
	b.filesMu.Lock()
	dirs := make([]string, 0, len(b.dirs))
	for d := range b.dirs {
		dirs = append(dirs, d)
	}
	b.dirs = nil
	b.filesMu.Unlock()
	// a folder's path is longer than its parent's
	sort.Slice(dirs, func(i, j int) bool { return len(dirs[i]) > len(dirs[j]) })
	for _, d := range dirs {
		os.Remove(d) // fails, and keeps it, when not empty
	}
}

// end stops the batch's writes and syncers and returns the files written (nil once ended
// before) and the first failure.
func (b *Batch) end() ([]*atomicFile, error) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil, errBatchEnded
	}
	b.closed = true
	close(b.queue)
	b.mu.Unlock()
	b.syncers.Wait()
	files := b.files
	b.files = nil
	return files, b.failure()
}

func (b *Batch) fail(err error) {
	b.errMu.Lock()
	if b.err == nil {
		b.err = err
	}
	b.errMu.Unlock()
}

func (b *Batch) failure() error {
	b.errMu.Lock()
	defer b.errMu.Unlock()
	return b.err
}

// removeFiles aborts files, batchSyncers at a time: removing a file the disk already holds
// waits for the file system's journal (0.3 ms a file here, 0.18 ms with four at once), and an
// interrupted report of an archive corpus has thousands of pages and charts to remove.
func removeFiles(files []*atomicFile) {
	var wg sync.WaitGroup
	for w := range batchSyncers {
		wg.Go(func() {
			for i := w; i < len(files); i += batchSyncers {
				files[i].Abort()
			}
		})
	}
	wg.Wait()
}
