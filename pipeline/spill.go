package pipeline

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/stanceshift/stanceshift/pipeline/reuse"
)

// spillBits sets the number of partition files of a shingleSpill: 2^spillBits. At 1 GB of text
// (about 77 million postings, extrapolated from the 773,227 of the 10 MB bench corpus) a
// partition holds about 1.2 million postings, 19 MB.
const spillBits = 6

// shingleSpill keeps Stream's reuse postings (and its packed LSS sentences) (shingle hash, document, provision) on disk
// between the first pass and the candidate search, in files by the hash's top bits, so that
// memory holds a partition per worker at a time instead of every provision's shingles. The files live
// in a temporary folder removed by close.
type shingleSpill struct {
	dir string
	// blobs holds each document's packed LSS sentences (lssWords.pack) until the LSS sample is
	// drawn.
	blobs *blobFile

	mu   [1 << spillBits]sync.Mutex
	f    [1 << spillBits]*os.File
	w    [1 << spillBits]*bufio.Writer
	errs sync.Mutex
	err  error
}

const spillRecord = 16 // hash (8 bytes), document (4), provision within the document (4)

func newShingleSpill() (*shingleSpill, error) {
	dir, err := os.MkdirTemp("", "stanceshift-shingles-")
	if err != nil {
		return nil, fmt.Errorf("pipeline: reuse postings: %w", err)
	}
	s := &shingleSpill{dir: dir}
	if s.blobs, err = newBlobFile(dir, "LSS sentences"); err != nil {
		s.close()
		return nil, err
	}
	for k := range s.f {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%02d", k)))
		if err != nil {
			s.close()
			return nil, fmt.Errorf("pipeline: reuse postings: %w", err)
		}
		s.f[k], s.w[k] = f, bufio.NewWriterSize(f, 1<<15)
	}
	return s, nil
}

// add writes the postings of document doc (its provisions' shingles, in order). Safe for
// concurrent use; the first write error is kept for flush.
func (s *shingleSpill) add(doc int, shingles [][]uint64) {
	// One buffer of the exact size, cut by partition: 64 slices grown by append were 2.8% of a
	// run's allocation (10MB bench corpus).
	var count [1 << spillBits]int
	total := 0
	for _, hs := range shingles {
		for _, h := range hs {
			count[h>>(64-spillBits)]++
		}
		total += len(hs)
	}
	all := make([]byte, total*spillRecord)
	var bufs [1 << spillBits][]byte
	off := 0
	for k, c := range count {
		bufs[k] = all[off : off : off+c*spillRecord]
		off += c * spillRecord
	}
	for j, hs := range shingles {
		for _, h := range hs {
			k := h >> (64 - spillBits)
			b := binary.LittleEndian.AppendUint64(bufs[k], h)
			b = binary.LittleEndian.AppendUint32(b, uint32(doc))
			bufs[k] = binary.LittleEndian.AppendUint32(b, uint32(j))
		}
	}
	for k, b := range bufs {
		if len(b) == 0 {
			continue
		}
		s.mu[k].Lock()
		_, err := s.w[k].Write(b)
		s.mu[k].Unlock()
		if err != nil {
			s.fail(err)
		}
	}
}

func (s *shingleSpill) fail(err error) {
	s.errs.Lock()
	if s.err == nil {
		s.err = fmt.Errorf("pipeline: reuse postings: %w", err)
	}
	s.errs.Unlock()
}

// flush ends the writing and returns the first error of add or of the flush.
func (s *shingleSpill) flush() error {
	for k, w := range s.w {
		if err := w.Flush(); err != nil {
			s.fail(err)
		}
		if err := s.f[k].Close(); err != nil {
			s.fail(err)
		}
	}
	if s.err == nil {
		return s.blobs.flush()
	}
	return s.err
}

// partition reads partition k back as postings, first[doc] being the global index of the
// document's first provision. The file is read a block at a time into the postings (reading
// it whole first was a third allocation of its size, beside the postings and their sort).
func (s *shingleSpill) partition(k int, first []int) ([]reuse.Posting, error) {
	f, err := os.Open(s.f[k].Name())
	if err != nil {
		return nil, fmt.Errorf("pipeline: reuse postings: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("pipeline: reuse postings: %w", err)
	}
	if st.Size()%spillRecord != 0 {
		return nil, fmt.Errorf("pipeline: reuse postings: %s: %d bytes, not whole records", s.f[k].Name(), st.Size())
	}
	out := make([]reuse.Posting, st.Size()/spillRecord)
	block := make([]byte, 1<<12*spillRecord) // 64 KiB
	for i := 0; i < len(out); {
		b := block[:min(len(block), (len(out)-i)*spillRecord)]
		if _, err := io.ReadFull(f, b); err != nil {
			return nil, fmt.Errorf("pipeline: reuse postings: %s: %w", s.f[k].Name(), err)
		}
		for ; len(b) > 0; b = b[spillRecord:] {
			doc, prov := binary.LittleEndian.Uint32(b[8:]), binary.LittleEndian.Uint32(b[12:])
			if int(doc) >= len(first) || first[doc] < 0 {
				return nil, errors.New("pipeline: reuse postings: a record names no document read")
			}
			out[i] = reuse.Posting{H: binary.LittleEndian.Uint64(b), P: int32(first[doc] + int(prov))}
			i++
		}
	}
	return out, nil
}

// addBlob appends b to the blob file. Safe for concurrent use; an error is kept for flush.
func (s *shingleSpill) addBlob(b []byte) blob { return s.blobs.add(b) }

// readBlob reads back what addBlob wrote (after flush).
func (s *shingleSpill) readBlob(b blob, buf []byte) ([]byte, error) { return s.blobs.read(b, buf) }

// close removes the files.
func (s *shingleSpill) close() {
	if s.blobs != nil {
		s.blobs.close()
	}
	for _, f := range s.f {
		if f != nil {
			f.Close()
		}
	}
	os.RemoveAll(s.dir)
}

// blobFile is a temporary file that concurrent writers append byte strings to, each read back
// by where it was written (blob).
type blobFile struct {
	what string // what it holds, for errors
	f    *os.File
	mu   sync.Mutex
	end  int64 // the length so far
	err  error // the first write error
}

// blob is a stretch of a blobFile.
type blob struct{ off, n int64 }

// newBlobFile creates a blob file in the folder dir ("": the system's temporary folder).
func newBlobFile(dir, what string) (*blobFile, error) {
	f, err := os.CreateTemp(dir, "stanceshift-blobs-")
	if err != nil {
		return nil, fmt.Errorf("pipeline: %s: %w", what, err)
	}
	return &blobFile{what: what, f: f}, nil
}

// add appends b to the file. Safe for concurrent use; an error is kept for flush.
func (f *blobFile) add(b []byte) blob {
	f.mu.Lock()
	defer f.mu.Unlock()
	at := blob{f.end, int64(len(b))}
	if _, err := f.f.Write(b); err != nil && f.err == nil {
		f.err = fmt.Errorf("pipeline: %s: %w", f.what, err)
	}
	f.end += int64(len(b))
	return at
}

// flush returns the first error of add. The writes are not buffered: what add wrote can be
// read once it returned.
func (f *blobFile) flush() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// read reads back what add wrote at b into buf (grown when short) and returns it. Safe for
// concurrent use.
func (f *blobFile) read(b blob, buf []byte) ([]byte, error) {
	buf = slices.Grow(buf[:0], int(b.n))[:b.n]
	if _, err := f.f.ReadAt(buf, b.off); err != nil {
		return nil, fmt.Errorf("pipeline: %s: %w", f.what, err)
	}
	return buf, nil
}

// close closes and removes the file.
func (f *blobFile) close() {
	f.f.Close()
	os.Remove(f.f.Name())
}
