package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
)

// csvReader reads the CSV reports as encoding/csv's Reader does with its defaults (comma ',', no
// comments, strict quotes, every record as many fields as the first) and ReuseRecord set: the
// same records, lines and errors (*csv.ParseError), byte for byte (FuzzCSVReader compares the
// two). A line without a double quote, most of the reports' lines (every line of stance.csv,
// shifts.csv, keyphrases.csv and concept_mentions.csv), is made one string and cut at its commas
// (or, by ReadBytes, not made a string at all);
// encoding/csv copies each field into a record buffer, then the buffer into the string (its
// reading was a tenth of the report's CPU at 10 MB). Other records take encoding/csv's own path.
type csvReader struct {
	r       *bufio.Reader
	numLine int // lines read
	fields  int // the number of fields every record must have; 0 until the first record

	rawBuffer    []byte // a line longer than r's buffer
	recordBuffer []byte // a quoted record's fields, unquoted
	fieldIndexes []int  // where each field of recordBuffer ends
	record       []string
	recLine      int // the line the last record starts on
	// the last record's fields are fields[i] = raw[bounds[i][0]:bounds[i][1]] (raw is the line
	// or recordBuffer, valid until the next read)
	raw    []byte
	bounds [][2]int
}

// rowBytes is a row's fields as bytes: field j is raw[bounds[j][0]:bounds[j][1]]. The fields are
// handed out as the bounds into the row's bytes that the reader found, not as a slice of slices
// made per row (that slice, and the write barriers of its pointers, were a fifth of ReadBytes'
// CPU at 100 MB, as were rowBlock.row's).
type rowBytes struct {
	raw    []byte
	bounds [][2]int
}

// len is the row's number of fields.
func (r *rowBytes) len() int { return len(r.bounds) }

// field is field j (its capacity its length: appending to it copies it).
func (r *rowBytes) field(j int) []byte {
	b := r.bounds[j]
	return r.raw[b[0]:b[1]:b[1]]
}

// newCSVReader reads CSV from r, through a buffer of size bytes.
func newCSVReader(r io.Reader, size int) *csvReader {
	return &csvReader{r: bufio.NewReaderSize(r, size)}
}

// Read returns the next record (its slice reused by the next Read; its strings stay valid) and
// the line it starts on; io.EOF at the end.
func (r *csvReader) Read() ([]string, int, error) {
	err := r.readRecord()
	if err == io.EOF {
		return nil, 0, err
	}
	return r.strings(), r.recLine, err
}

// strings returns the last record read as Read returns it (after ReadBytes: the same record
// made strings, for a row looked at as bytes and then kept).
func (r *csvReader) strings() []string {
	str := string(r.raw)
	r.record = r.record[:0]
	for _, b := range r.bounds {
		r.record = append(r.record, str[b[0]:b[1]])
	}
	return r.record
}

// ReadBytes is Read with the fields as bytes, valid only until the next read (no string is
// made: for rows that are looked at, not kept).
func (r *csvReader) ReadBytes() (rowBytes, int, error) {
	err := r.readRecord()
	if err == io.EOF {
		return rowBytes{}, 0, err
	}
	return rowBytes{r.raw, r.bounds}, r.recLine, err
}

// readLine is encoding/csv's readLine (Go 1.26, Copyright 2011 The Go Authors, BSD-style license
// in Go's LICENSE file): the next line with its "\n" ("\r\n" made "\n"; a "\r" before the end of
// the file dropped).
func (r *csvReader) readLine() ([]byte, error) {
	line, err := r.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.rawBuffer = append(r.rawBuffer[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = r.r.ReadSlice('\n')
			r.rawBuffer = append(r.rawBuffer, line...)
		}
		line = r.rawBuffer
	}
	readSize := len(line)
	if readSize > 0 && err == io.EOF {
		err = nil
		if line[readSize-1] == '\r' {
			line = line[:readSize-1]
		}
	}
	r.numLine++
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

// readRecord is encoding/csv's readRecord (Go 1.26, Copyright 2011 The Go Authors, BSD-style
// license in Go's LICENSE file) for the default options, with the fast path for a line without
// quotes, the fields left in r.raw and r.bounds.
func (r *csvReader) readRecord() error {
	var line []byte
	var errRead error
	for errRead == nil {
		line, errRead = r.readLine()
		if errRead == nil && len(line) == lengthNL(line) {
			line = nil
			continue // skip empty lines
		}
		break
	}
	if errRead == io.EOF {
		return errRead
	}
	recLine := r.numLine
	r.recLine = recLine
	if errRead == nil && bytes.IndexByte(line, '"') < 0 {
		// One line, no quotes: the fields are the line cut at its commas.
		r.raw = line[:len(line)-lengthNL(line)]
		r.bounds = r.bounds[:0]
		for start := 0; ; {
			i := bytes.IndexByte(r.raw[start:], ',')
			if i < 0 {
				r.bounds = append(r.bounds, [2]int{start, len(r.raw)})
				break
			}
			r.bounds = append(r.bounds, [2]int{start, start + i})
			start += i + 1
		}
		return r.checkFields(len(r.bounds), recLine, nil)
	}

	var err error
	const quoteLen = len(`"`)
	const commaLen = len(",")
	r.recordBuffer = r.recordBuffer[:0]
	r.fieldIndexes = r.fieldIndexes[:0]
	col, posLine := 1, recLine // where the parser is: column (bytes, from 1) and line
parseField:
	for {
		if len(line) == 0 || line[0] != '"' {
			// Non-quoted string field
			i := bytes.IndexByte(line, ',')
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			if j := bytes.IndexByte(field, '"'); j >= 0 {
				err = &csv.ParseError{StartLine: recLine, Line: r.numLine, Column: col + j, Err: csv.ErrBareQuote}
				break parseField
			}
			r.recordBuffer = append(r.recordBuffer, field...)
			r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
			if i >= 0 {
				line = line[i+commaLen:]
				col += i + commaLen
				continue parseField
			}
			break parseField
		}
		// Quoted string field
		line = line[quoteLen:]
		col += quoteLen
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				// Hit next quote.
				r.recordBuffer = append(r.recordBuffer, line[:i]...)
				line = line[i+quoteLen:]
				col += i + quoteLen
				switch {
				case len(line) > 0 && line[0] == '"':
					// `""` sequence (append quote).
					r.recordBuffer = append(r.recordBuffer, '"')
					line = line[quoteLen:]
					col += quoteLen
				case len(line) > 0 && line[0] == ',':
					// `",` sequence (end of field).
					line = line[commaLen:]
					col += commaLen
					r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
					continue parseField
				case lengthNL(line) == len(line):
					// `"\n` sequence (end of line).
					r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
					break parseField
				default:
					// `"*` sequence (invalid non-escaped quote).
					err = &csv.ParseError{StartLine: recLine, Line: r.numLine, Column: col - quoteLen, Err: csv.ErrQuote}
					break parseField
				}
			case len(line) > 0:
				// Hit end of line (copy all data so far).
				r.recordBuffer = append(r.recordBuffer, line...)
				if errRead != nil {
					break parseField
				}
				col += len(line)
				line, errRead = r.readLine()
				if len(line) > 0 {
					posLine++
					col = 1
				}
				if errRead == io.EOF {
					errRead = nil
				}
			default:
				// Abrupt end of file (EOF or error).
				if errRead == nil {
					err = &csv.ParseError{StartLine: recLine, Line: posLine, Column: col, Err: csv.ErrQuote}
					break parseField
				}
				r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
				break parseField
			}
		}
	}
	if err == nil {
		err = errRead
	}
	r.raw = r.recordBuffer
	r.bounds = r.bounds[:0]
	pre := 0
	for _, idx := range r.fieldIndexes {
		r.bounds = append(r.bounds, [2]int{pre, idx})
		pre = idx
	}
	return r.checkFields(len(r.bounds), recLine, err)
}

// checkFields is encoding/csv's check of the number of fields: every record has as many as the
// first; err is the record's error so far, kept when not nil.
func (r *csvReader) checkFields(n, recLine int, err error) error {
	if r.fields > 0 {
		if n != r.fields && err == nil {
			err = &csv.ParseError{StartLine: recLine, Line: recLine, Column: 1, Err: csv.ErrFieldCount}
		}
	} else if r.fields == 0 {
		r.fields = n
	}
	return err
}

// lengthNL is 1 when b ends in "\n", else 0.
func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}
