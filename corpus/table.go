package corpus

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// Columns of a provisions table. The first three are required.
var (
	tableRequired = []string{"doc_id", "provision_id", "text"}
	tableOptional = []string{"instrument", "version", "date", "title", "section"}
	// tableColumns is every column in order: required, then optional.
	tableColumns = append(append([]string(nil), tableRequired...), tableOptional...)
)

// TableRow is one provision of a provisions table.
type TableRow struct {
	DocID       string `json:"doc_id"`
	ProvisionID string `json:"provision_id"`
	Text        string `json:"text"`
	Instrument  string `json:"instrument,omitempty"`
	Version     string `json:"version,omitempty"`
	Date        string `json:"date,omitempty"`
	Title       string `json:"title,omitempty"`
	Section     string `json:"section,omitempty"`
}

// ReadTable reads a provisions table, CSV (RFC 4180, header row) or JSON Lines (one object per
// line), chosen by name's extension (.csv, or .jsonl/.ndjson). Columns: doc_id, provision_id and
// text are required; instrument (default: doc_id), version, date, title and section (preamble,
// operative or annex; default operative) are optional; other columns are ignored with a warning
// (a JSON Lines field once, at the first line that has it).
//
// A row that cannot be read (ragged, missing a value, malformed JSON, conflicting with an earlier
// row of the same document) is skipped and recorded in Corpus.Skipped with its line; the other
// rows are kept. A table without the required columns is an error.
//
// The documents hold their provisions in Presplit; Load reads a table file without keeping
// them. Digests holds the SHA-256 and size of every byte read from r.
func ReadTable(r io.Reader, name string) (*Corpus, error) { return readTableFrom(r, name, nil) }

// readTableFrom is ReadTable; with file, the documents keep where their rows are in it instead of
// their provisions.
func readTableFrom(in io.Reader, name string, file *tableFile) (*Corpus, error) {
	r := &hashReader{r: in, sum: sha256.New()}
	c := &Corpus{Kind: KindTable, Root: name, Inputs: []string{name}}
	c.Name = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	b := &tableBuilder{c: c, name: name, docs: map[string]*Document{}, file: file}
	var err error
	jsonl := false
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".ndjson":
		jsonl = true
		if file != nil {
			file.jsonl = true
		}
		err = b.readJSONL(r)
	default:
		err = b.readCSV(r)
	}
	if err != nil {
		return nil, err
	}
	if len(c.Documents) == 0 && len(c.Skipped) == 0 {
		want := "a header row and at least one row"
		if jsonl {
			want = "at least one line holding a JSON object"
		}
		return nil, &Error{Path: name, Err: fmt.Errorf("%w: no provisions (expected %s)", ErrEmpty, want)}
	}
	d, err := r.digest()
	if err != nil {
		return nil, &Error{Path: name, Err: err}
	}
	c.Digests = map[string]Digest{name: d}
	return c, nil
}

type tableBuilder struct {
	c    *Corpus
	name string
	docs map[string]*Document
	ids  map[string]int // provision id -> line
	// unknown holds the JSON Lines fields already warned about
	unknown map[string]bool
	// file, when set, makes the documents keep where their rows are in it (Document.rows)
	// instead of their provisions (Document.Presplit); row is where the row being added is.
	file *tableFile
	row  rowRef
}

func (b *tableBuilder) readCSV(r io.Reader) error {
	br := bufio.NewReader(r)
	var bom int64
	if p, _ := br.Peek(3); bytes.Equal(p, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
		bom = 3
	}
	tail := &tailReader{r: br}
	cr := csv.NewReader(tail)
	cr.FieldsPerRecord = -1 // checked per row so that one ragged row does not stop the read
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return &Error{Path: b.name, Err: ErrEmpty}
	}
	if err != nil {
		return b.csvErr(cr, tail, header, err)
	}
	col := map[string]int{}
	width := len(header)
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[h]; dup {
			return Errorf(b.name, 1, "column %q appears twice in the header", h)
		}
		col[h] = i
		if !contains(tableRequired, h) && !contains(tableOptional, h) {
			b.c.Warnings = append(b.c.Warnings, Warning{Path: b.name, Line: 1, Msg: fmt.Sprintf("column %q ignored", h)})
		}
	}
	var missing []string
	for _, req := range tableRequired {
		if _, ok := col[req]; !ok {
			missing = append(missing, req)
		}
	}
	if len(missing) > 0 {
		return Errorf(b.name, 1, "header is missing column(s) %s (required: %s; optional: %s)",
			strings.Join(missing, ", "), strings.Join(tableRequired, ", "), strings.Join(tableOptional, ", "))
	}
	if b.file != nil {
		b.file.col, b.file.width = col, width
	}
	start := bom + cr.InputOffset()
	for {
		rec, err := cr.Read()
		end := bom + cr.InputOffset()
		b.row = rowRef{off: start, n: int32(min(end-start, math.MaxInt32))}
		start = end
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && (pe.Err == csv.ErrQuote || pe.Err == csv.ErrBareQuote) {
				b.c.Skipped = append(b.c.Skipped, b.csvErr(cr, tail, rec, err))
				continue
			}
			return b.csvErr(cr, tail, rec, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != width {
			b.c.Skipped = append(b.c.Skipped, Errorf(b.name, line, "row has %d fields, expected %d (as in the header)", len(rec), width))
			continue
		}
		b.add(line, csvRow(rec, col))
	}
}

// csvRow is the TableRow of a CSV record whose columns are col.
func csvRow(rec []string, col map[string]int) TableRow {
	get := func(k string) string {
		if i, ok := col[k]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	return TableRow{
		DocID: get("doc_id"), ProvisionID: get("provision_id"), Text: get("text"),
		Instrument: get("instrument"), Version: get("version"), Date: get("date"),
		Title: get("title"), Section: get("section"),
	}
}

// csvErr turns an error of cr.Read, which returned the partial record rec, into an *Error. A
// quoted field still open at the end of the file, which encoding/csv reports at the file's last
// line, is reported at the line where its quote opened.
func (b *tableBuilder) csvErr(cr *csv.Reader, tail *tailReader, rec []string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &Error{Path: b.name, Err: err}
	}
	if lastLine, lastLen := tail.end(); pe.Err == csv.ErrQuote && tail.eof && pe.Line == lastLine && pe.Column >= lastLen {
		// encoding/csv puts a stray quote inside its line, an unclosed one past the end of the
		// last line. The open field follows the fields read before it, which end on the line
		// the last of them starts on plus its line breaks (only a quoted field has any).
		open := pe.StartLine
		if k := len(rec); k > 0 {
			l, _ := cr.FieldPos(k - 1)
			open = l + strings.Count(rec[k-1], "\n")
		}
		return Errorf(b.name, open, "field %d opens a quote that is never closed (expected a closing \" before the end of the file at line %d; a \" inside a quoted field is written \"\")", len(rec)+1, pe.Line)
	}
	return &Error{Path: b.name, Line: pe.Line, Err: fmt.Errorf("column %d: %v", pe.Column, pe.Err)}
}

// tailReader reads from r, counting lines and keeping the length of the last, so that csvErr
// can tell a quote left open at the end of the file from a stray quote on the last line.
type tailReader struct {
	r     io.Reader
	lines int  // '\n' bytes read
	cur   int  // bytes read since the last '\n'
	last  int  // bytes of the line before the last '\n', without it
	eof   bool // r has returned io.EOF
}

func (t *tailReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	b := p[:n]
	if i := bytes.LastIndexByte(b, '\n'); i < 0 {
		t.cur += n
	} else {
		t.lines += bytes.Count(b[:i+1], []byte{'\n'})
		if j := bytes.LastIndexByte(b[:i], '\n'); j < 0 {
			t.last = t.cur + i
		} else {
			t.last = i - j - 1
		}
		t.cur = n - i - 1
	}
	if err == io.EOF {
		t.eof = true
	}
	return n, err
}

// end returns the number (1-based) and the length in bytes of the last line read, without its
// '\n'.
func (t *tailReader) end() (line, length int) {
	if t.cur > 0 {
		return t.lines + 1, t.cur
	}
	return t.lines, t.last
}

func (b *tableBuilder) readJSONL(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 256<<20)
	var pos int64 // of the next line
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		adv, tok, err := bufio.ScanLines(data, atEOF)
		if adv > 0 {
			b.row = rowRef{off: pos, n: int32(min(adv, math.MaxInt32))}
			pos += int64(adv)
		}
		return adv, tok, err
	})
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
		}
		if len(raw) == 0 {
			continue
		}
		if raw[0] != '{' && json.Valid(raw) {
			b.c.Skipped = append(b.c.Skipped, Errorf(b.name, line, "expected a JSON object, got %s", jsonKind(raw[0])))
			continue
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			b.c.Skipped = append(b.c.Skipped, Errorf(b.name, line, "expected one JSON object per line: %v", err))
			continue
		}
		b.warnUnknown(line, m)
		row, bad := jsonlRow(m)
		if bad != "" {
			b.c.Skipped = append(b.c.Skipped, Errorf(b.name, line, "field %q: expected a string", bad))
			continue
		}
		b.add(line, row)
	}
	if err := sc.Err(); err != nil {
		return Errorf(b.name, line+1, "%w", err)
	}
	return nil
}

// jsonlRow is the TableRow of a JSON Lines object, or the first column (in tableColumns' order,
// so that a line with several bad fields gives the same error every run) whose value is not a
// string (numbers are accepted for ids and versions and kept as written).
func jsonlRow(m map[string]json.RawMessage) (row TableRow, bad string) {
	fields := [...]*string{&row.DocID, &row.ProvisionID, &row.Text,
		&row.Instrument, &row.Version, &row.Date, &row.Title, &row.Section}
	for i, k := range tableColumns {
		v, ok := m[k]
		if !ok {
			continue
		}
		dst := fields[i]
		if err := json.Unmarshal(v, dst); err != nil {
			var n json.Number
			if json.Unmarshal(v, &n) == nil && k != "text" {
				*dst = n.String()
				continue
			}
			return row, k
		}
	}
	return row, ""
}

// jsonKind names the kind of the valid JSON value whose first byte is c.
func jsonKind(c byte) string {
	switch c {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// warnUnknown warns about the fields of a JSON Lines record that are not columns of the table,
// each field once, at the first line that has it, in name order within a line.
func (b *tableBuilder) warnUnknown(line int, m map[string]json.RawMessage) {
	var unknown []string
	for k := range m {
		if !contains(tableColumns, k) && !b.unknown[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		if b.unknown == nil {
			b.unknown = map[string]bool{}
		}
		b.unknown[k] = true
		b.c.Warnings = append(b.c.Warnings, Warning{Path: b.name, Line: line, Msg: fmt.Sprintf(
			"field %q ignored (expected %s; optional: %s); later lines with it are not reported",
			k, strings.Join(tableRequired, ", "), strings.Join(tableOptional, ", "))})
	}
}

func (b *tableBuilder) add(line int, r TableRow) {
	r.DocID, r.ProvisionID = strings.TrimSpace(r.DocID), strings.TrimSpace(r.ProvisionID)
	skip := func(format string, args ...any) {
		b.c.Skipped = append(b.c.Skipped, Errorf(b.name, line, format, args...))
	}
	switch {
	case r.DocID == "":
		skip("doc_id is empty")
		return
	case !idPattern.MatchString(r.DocID):
		skip("doc_id %q: expected letters, digits, '.', '_', '-' or '@'", r.DocID)
		return
	case r.ProvisionID == "":
		skip("provision_id is empty")
		return
	case strings.TrimSpace(r.Text) == "":
		skip("text is empty")
		return
	case !utf8.ValidString(r.Text):
		skip("text is not valid UTF-8")
		return
	}
	if r.Date != "" {
		if err := checkDate(b.name, line, r.Date); err != nil {
			b.c.Skipped = append(b.c.Skipped, err)
			return
		}
	}
	sec, ok := rowSection(r.Section)
	if !ok {
		skip("section %q: expected preamble, operative or annex", r.Section)
		return
	}
	id, marker := rowID(r)
	if b.ids == nil {
		b.ids = map[string]int{}
	}
	if first, dup := b.ids[id]; dup {
		skip("%v provision %q (first at line %d)", ErrDuplicate, id, first)
		return
	}
	inst := r.Instrument
	if inst == "" {
		inst = r.DocID
	}
	d, ok := b.docs[r.DocID]
	if !ok {
		d = &Document{ID: r.DocID, Instrument: inst, Version: r.Version, Date: r.Date, Title: r.Title,
			Path: b.name, Provenance: ProvenanceSource, Order: len(b.c.Documents), Line: line}
		b.docs[r.DocID] = d
		b.c.Documents = append(b.c.Documents, d)
	} else if conflict := conflictField(d, inst, r); conflict != "" {
		skip("document %q: %s differs from line %d", r.DocID, conflict, d.Line)
		return
	}
	b.ids[id] = line
	if b.file != nil {
		if d.rows == nil {
			d.rows = &tableRows{file: b.file}
		}
		d.rows.add(b.row, line, id, sec, r.Text)
		return
	}
	d.Presplit = append(d.Presplit, Provision{ID: id, DocID: d.ID, Ordinal: len(d.Presplit) + 1,
		Marker: marker, Section: sec, Text: r.Text, Provenance: ProvenanceSource, Line: line})
}

// rowSection is the section a row's section column names (default operative), and whether it
// names one.
func rowSection(s string) (Section, bool) {
	sec := Section(strings.ToLower(strings.TrimSpace(s)))
	switch sec {
	case "":
		return Operative, true
	case Preamble, Operative, Annex:
		return sec, true
	}
	return "", false
}

// rowID is the provision id and marker of a row whose doc_id and provision_id are trimmed: the
// provision_id, prefixed with the doc_id and ':' when it lacks them.
func rowID(r TableRow) (id, marker string) {
	marker = strings.TrimPrefix(r.ProvisionID, r.DocID+":")
	return r.DocID + ":" + marker, marker
}

func conflictField(d *Document, inst string, r TableRow) string {
	switch {
	case inst != d.Instrument:
		return "instrument"
	case r.Version != "" && r.Version != d.Version:
		return "version"
	case r.Date != "" && r.Date != d.Date:
		return "date"
	case r.Title != "" && r.Title != d.Title:
		return "title"
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
