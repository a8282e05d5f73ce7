package corpus

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"maps"
	"os"
	"strings"
)

// A provisions table loaded from a file (Load, LoadContext) does not keep its provisions' text:
// each document keeps where its rows are in the file (16 bytes a row) and a hash of what they
// held (provision ids, sections, texts), and TableProvisions reads them again when the pipeline reads the document, so that a
// run over a table, like one over a folder of drafts, holds one document's text at a time and
// not the whole table's (196 MiB live for the 119 MB table of the 100MB bench corpus, read whole).

// tableFile is the file a table was loaded from, and what reading one of its rows again needs.
type tableFile struct {
	name  string // as shown in errors
	open  func() (io.ReaderAt, io.Closer, error)
	jsonl bool
	col   map[string]int // CSV: column indexes by name
	width int            // CSV: fields in the header
}

// rowRef locates one row: its bytes in the file (a CSV record with the blank lines before it;
// a JSON Lines line with its line break) and its line number.
type rowRef struct {
	off  int64
	n    int32
	line int32
}

// tableRows are one document's rows of a tableFile, in table order.
type tableRows struct {
	file *tableFile
	refs []rowRef
	sum  uint64 // rowHash over the rows' provision ids, sections and texts, as loaded
}

func (t *tableRows) add(r rowRef, line int, id string, sec Section, text string) {
	r.line = int32(min(line, 1<<31-1))
	t.refs = append(t.refs, r)
	t.sum = rowHash(t.sum, id, sec, text)
}

// rowHash adds a row's provision id, section and text to the FNV-1a hash h (0 for none yet).
func rowHash(h uint64, id string, sec Section, text string) uint64 {
	const prime = 1099511628211
	if h == 0 {
		h = 14695981039346656037
	}
	for _, s := range [...]string{id, "\x00", string(sec), "\x00", text, "\x00"} {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= prime
		}
	}
	return h
}

// loadTable reads the provisions table at path (see ReadTable for its columns and checks) for
// Load and LoadContext, keeping where each document's rows are in the file instead of their
// text: a document's provisions are read again by TableProvisions, so the file must stay in
// place, unchanged, while the corpus is used (a change is an error naming the file and the
// row's line). It stops once ctx is done (the error wraps ctx.Err()) and tells progress, when
// set, the bytes read of the file's size as it goes (at every MiB and at the end). The file's
// SHA-256 is taken in the same pass (Corpus.Digests).
func loadTable(ctx context.Context, path string, progress func(read, size int64)) (*Corpus, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Path: path, Err: err}
	}
	defer f.Close()
	r := &loadReader{ctx: ctx, r: f, progress: progress}
	if st, err := f.Stat(); err == nil {
		r.size = st.Size()
	}
	return readTableFrom(r, path, &tableFile{name: path, open: func() (io.ReaderAt, io.Closer, error) {
		f, err := os.Open(path)
		return f, f, err
	}})
}

// Digest is the SHA-256 (hex) and size of a corpus input file as it was read.
type Digest struct {
	SHA256 string
	Bytes  int64
}

// hashReader hashes and counts what is read through it.
type hashReader struct {
	r   io.Reader
	sum hash.Hash
	n   int64
}

func (h *hashReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.sum.Write(p[:n])
	h.n += int64(n)
	return n, err
}

// digest reads what is left of h (nothing, in practice: a table's readers stop at its end) and
// returns the digest of everything read.
func (h *hashReader) digest() (Digest, error) {
	if _, err := io.Copy(io.Discard, h); err != nil {
		return Digest{}, err
	}
	return Digest{SHA256: hex.EncodeToString(h.sum.Sum(nil)), Bytes: h.n}, nil
}

// loadReader reads a table file for loadTable: it stops once ctx is done and counts the bytes
// read for progress.
type loadReader struct {
	ctx        context.Context
	r          io.Reader
	read, size int64
	told       int64 // bytes read when progress was last called
	progress   func(read, size int64)
}

func (l *loadReader) Read(p []byte) (int, error) {
	if err := l.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	if l.progress != nil && (l.read-l.told >= 1<<20 || err == io.EOF && l.read > l.told) {
		l.progress(l.read, max(l.size, l.read))
		l.told = l.read
	}
	return n, err
}

// TableProvisions returns the provisions of a document read from a provisions table, in table
// order: Presplit when the table was read into memory (ReadTable), else its rows read again
// from the table's file (Load, LoadContext). Nil for a document whose text is segmented.
func (d *Document) TableProvisions() ([]Provision, error) {
	if d.rows == nil {
		return d.Presplit, nil
	}
	return d.rows.read(d)
}

// read reads the rows of d again and rebuilds its provisions as the table builder did.
func (t *tableRows) read(d *Document) ([]Provision, error) {
	f := t.file
	changed := func(line int32, format string, args ...any) error {
		return Errorf(f.name, int(line), "the table changed since it was loaded: %s (a table must stay as it is while a run reads it)", fmt.Sprintf(format, args...))
	}
	ra, closer, err := f.open()
	if err != nil {
		return nil, &Error{Path: f.name, Err: err}
	}
	defer closer.Close()
	raw, err := t.bytes(ra)
	if err != nil {
		return nil, changed(t.refs[0].line, "%v", err)
	}
	out := make([]Provision, 0, len(t.refs))
	var sum uint64
	keep := func(k int, r TableRow) error {
		ref := t.refs[k]
		r.DocID, r.ProvisionID = strings.TrimSpace(r.DocID), strings.TrimSpace(r.ProvisionID)
		sec, ok := rowSection(r.Section)
		if r.DocID != d.ID || !ok {
			return changed(ref.line, "this row is no longer one of document %q", d.ID)
		}
		id, marker := rowID(r)
		sum = rowHash(sum, id, sec, r.Text)
		out = append(out, Provision{ID: id, DocID: d.ID, Ordinal: k + 1, Marker: marker, Section: sec,
			Text: r.Text, Provenance: ProvenanceSource, Line: int(ref.line)})
		return nil
	}
	if f.jsonl {
		for k, row := range raw {
			row = bytes.TrimPrefix(bytes.TrimSpace(row), []byte("\xef\xbb\xbf"))
			var m map[string]json.RawMessage
			if err := json.Unmarshal(row, &m); err != nil {
				return nil, changed(t.refs[k].line, "expected one JSON object per line: %v", err)
			}
			r, bad := jsonlRow(m)
			if bad != "" {
				return nil, changed(t.refs[k].line, "field %q: expected a string", bad)
			}
			if err := keep(k, r); err != nil {
				return nil, err
			}
		}
	} else {
		// The rows' bytes, one after the other, are a CSV stream of exactly these records.
		cr := csv.NewReader(io.MultiReader(readers(raw)...))
		cr.FieldsPerRecord = -1
		for k := range raw {
			rec, err := cr.Read()
			if err != nil {
				return nil, changed(t.refs[k].line, "%v", err)
			}
			if len(rec) != f.width {
				return nil, changed(t.refs[k].line, "row has %d fields, expected %d", len(rec), f.width)
			}
			if err := keep(k, csvRow(rec, f.col)); err != nil {
				return nil, err
			}
		}
	}
	if sum != t.sum {
		return nil, changed(t.refs[0].line, "document %q's rows no longer hold what they held", d.ID)
	}
	return out, nil
}

// bytes reads the rows' bytes: one read of the span they cover when they are close together
// (a table's rows are usually grouped by document), else one read per row.
func (t *tableRows) bytes(ra io.ReaderAt) ([][]byte, error) {
	lo, hi, total := t.refs[0].off, int64(0), int64(0)
	for _, r := range t.refs {
		lo, hi = min(lo, r.off), max(hi, r.off+int64(r.n))
		total += int64(r.n)
	}
	out := make([][]byte, len(t.refs))
	if hi-lo <= 2*total+64<<10 {
		buf := make([]byte, hi-lo)
		if err := readFull(ra, buf, lo); err != nil {
			return nil, err
		}
		for k, r := range t.refs {
			out[k] = buf[r.off-lo : r.off-lo+int64(r.n) : r.off-lo+int64(r.n)]
		}
		return out, nil
	}
	for k, r := range t.refs {
		out[k] = make([]byte, r.n)
		if err := readFull(ra, out[k], r.off); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readFull(ra io.ReaderAt, buf []byte, off int64) error {
	n, err := ra.ReadAt(buf, off)
	if n == len(buf) {
		return nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		err = fmt.Errorf("the file is shorter than when it was loaded (%d bytes missing at byte %d)", len(buf)-n, off+int64(n))
	}
	return err
}

// readers serves rows as one stream, a line break after a row that lacks one (the file's last).
func readers(rows [][]byte) []io.Reader {
	out := make([]io.Reader, 0, len(rows))
	for _, r := range rows {
		out = append(out, bytes.NewReader(r))
		if len(r) == 0 || r[len(r)-1] != '\n' {
			out = append(out, strings.NewReader("\n"))
		}
	}
	return out
}

// TableLocation is where a document loaded from a table file (Load) has its rows in that file,
// as a value another process can be handed (as JSON) to read them again from its own copy of
// the file: a Beam worker (beam/graph) reads each document of a table this way. It holds the
// rows' byte ranges and lines, how a row is read (CSV columns, or JSON Lines) and the hash of
// what the rows held when the table was loaded, so that a copy that differs is an error naming
// the row, as for the file itself.
type TableLocation struct {
	JSONL   bool           `json:"jsonl,omitempty"`
	Columns map[string]int `json:"columns,omitempty"` // CSV: column index by lower-case name
	Width   int            `json:"width,omitempty"`   // CSV: fields of every row
	Rows    []RowLocation  `json:"rows"`              // in table order
	Sum     uint64         `json:"sum"`
}

// RowLocation is one row of a TableLocation: its bytes in the file (a CSV record with the blank
// lines before it, or a JSON Lines line with its line break) and its line number.
type RowLocation struct {
	Offset int64 `json:"offset"`
	Length int32 `json:"length"`
	Line   int32 `json:"line"`
}

// TableLocation returns where d's rows are in the table file it was loaded from (Load,
// LoadContext, or SetTableLocation); ok is false for any other document.
func (d *Document) TableLocation() (loc TableLocation, ok bool) {
	if d.rows == nil {
		return TableLocation{}, false
	}
	f := d.rows.file
	loc = TableLocation{JSONL: f.jsonl, Width: f.width, Sum: d.rows.sum, Rows: make([]RowLocation, len(d.rows.refs))}
	if !f.jsonl {
		loc.Columns = make(map[string]int, len(f.col))
		for k, v := range f.col {
			loc.Columns[k] = v
		}
	}
	for i, r := range d.rows.refs {
		loc.Rows[i] = RowLocation{Offset: r.off, Length: r.n, Line: r.line}
	}
	return loc, true
}

// SetTableLocation makes d read its provisions (TableProvisions) from the rows loc locates in
// the table file that open opens (a copy of the one d was loaded from; name is how errors show
// it): a document decoded in another process, whose TableLocation was sent with it. open is
// called on each read and must give the same bytes the table had when it was loaded. loc is
// checked for what it must hold (at least one row, no negative range, CSV columns within the
// row's width, doc_id, provision_id and text among them); d's Presplit is dropped.
func (d *Document) SetTableLocation(loc TableLocation, name string, open func() (io.ReaderAt, io.Closer, error)) error {
	bad := func(format string, args ...any) error {
		return &Error{Path: name, Err: fmt.Errorf("document %q: table location: %s", d.ID, fmt.Sprintf(format, args...))}
	}
	if len(loc.Rows) == 0 {
		return bad("no rows")
	}
	for _, r := range loc.Rows {
		if r.Offset < 0 || r.Length < 0 || r.Line < 1 {
			return bad("row at byte %d: length %d, line %d (expected a byte offset and length >= 0 and a line >= 1)", r.Offset, r.Length, r.Line)
		}
	}
	if !loc.JSONL {
		for k, i := range loc.Columns {
			if i < 0 || i >= loc.Width {
				return bad("column %q at index %d of a row of %d fields", k, i, loc.Width)
			}
		}
		for _, req := range tableRequired {
			if _, ok := loc.Columns[req]; !ok {
				return bad("no column %q", req)
			}
		}
	}
	f := &tableFile{name: name, open: open, jsonl: loc.JSONL, width: loc.Width}
	if !loc.JSONL {
		f.col = maps.Clone(loc.Columns)
	}
	t := &tableRows{file: f, refs: make([]rowRef, len(loc.Rows)), sum: loc.Sum}
	for i, r := range loc.Rows {
		t.refs[i] = rowRef{off: r.Offset, n: r.Length, line: r.Line}
	}
	d.rows, d.Presplit = t, nil
	return nil
}
