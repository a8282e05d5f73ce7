package entities

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"unicode"
	"unicode/utf8"
)

// LabelledText is a text with its gold entity spans: one line of a span file.
type LabelledText struct {
	Text  string `json:"text"`
	Spans []Span `json:"entities"`
}

// Span is one labelled entity: the bytes text[Start:End] are an entity of type Type.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Type  string `json:"type"`
	ID    string `json:"id,omitempty"` // optional canonical id; ignored by training
}

// ErrSpans is wrapped by every error ReadSpans returns for bad content.
var ErrSpans = errors.New("malformed span file")

// SpanError reports a bad line of a span file.
type SpanError struct {
	File string
	Line int // 1-based
	Err  error
}

func (e *SpanError) Error() string { return fmt.Sprintf("entities: %s:%d: %v", e.File, e.Line, e.Err) }

func (e *SpanError) Unwrap() error { return e.Err }

// maxSpanLine bounds one line of a span file.
const maxSpanLine = 16 << 20

// ReadSpans reads a span file: JSON Lines, one object per line with the keys "text" (a string)
// and "entities" (a list of {"start", "end", "type", "id"}; "id" optional), start and end
// being byte offsets into the text. Blank lines and a byte-order mark at the start are skipped.
// It rejects, with the file name and line: malformed JSON, unknown keys, invalid UTF-8, offsets
// outside the text or inside a UTF-8 sequence, empty spans, spans with white space at either
// edge, overlapping spans, and types that are not an upper-case letter followed by upper-case
// letters, digits and underscores.
// The spans of each text are returned sorted by Start.
func ReadSpans(r io.Reader, name string) ([]LabelledText, error) {
	br := bufio.NewReader(r)
	var out []LabelledText
	for n := 1; ; n++ {
		line, err := readLine(br)
		if err != nil && !errors.Is(err, io.EOF) {
			if errors.Is(err, errLongLine) {
				return nil, &SpanError{File: name, Line: n, Err: fmt.Errorf("%w: line longer than %d bytes", ErrSpans, maxSpanLine)}
			}
			return nil, fmt.Errorf("entities: %s:%d: %w", name, n, err)
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")) // a byte-order mark, as editors on Windows write
		}
		if len(bytes.TrimSpace(line)) > 0 {
			lt, perr := parseSpanLine(line)
			if perr != nil {
				return nil, &SpanError{File: name, Line: n, Err: fmt.Errorf("%w: %v", ErrSpans, perr)}
			}
			out = append(out, lt)
		}
		if err != nil {
			return out, nil
		}
	}
}

var errLongLine = errors.New("line too long")

func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxSpanLine {
			return nil, errLongLine
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return line, err
		}
	}
}

func parseSpanLine(line []byte) (LabelledText, error) {
	if !utf8.Valid(line) {
		return LabelledText{}, errors.New("invalid UTF-8")
	}
	var raw struct {
		Text     *string `json:"text"`
		Entities []Span  `json:"entities"`
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return LabelledText{}, err
	}
	if dec.More() {
		return LabelledText{}, errors.New("more than one JSON value on the line")
	}
	if raw.Text == nil {
		return LabelledText{}, errors.New(`missing "text"`)
	}
	lt := LabelledText{Text: *raw.Text, Spans: raw.Entities}
	if lt.Spans == nil {
		lt.Spans = []Span{}
	}
	if err := checkSpans(lt); err != nil {
		return LabelledText{}, err
	}
	slices.SortStableFunc(lt.Spans, func(a, b Span) int { return a.Start - b.Start })
	for i := 1; i < len(lt.Spans); i++ {
		if p, s := lt.Spans[i-1], lt.Spans[i]; s.Start < p.End {
			return LabelledText{}, fmt.Errorf("entity [%d,%d) %q overlaps entity [%d,%d) %q", s.Start, s.End, s.Type, p.Start, p.End, p.Type)
		}
	}
	return lt, nil
}

// checkSpans validates each span of lt on its own.
func checkSpans(lt LabelledText) error {
	for _, s := range lt.Spans {
		if s.Start < 0 || s.End > len(lt.Text) || s.Start >= s.End {
			return fmt.Errorf("entity [%d,%d) is not a non-empty span of the %d-byte text", s.Start, s.End, len(lt.Text))
		}
		if !utf8.RuneStart(lt.Text[s.Start]) || s.End < len(lt.Text) && !utf8.RuneStart(lt.Text[s.End]) {
			return fmt.Errorf("entity [%d,%d) cuts a UTF-8 sequence", s.Start, s.End)
		}
		first, _ := utf8.DecodeRuneInString(lt.Text[s.Start:s.End])
		last, _ := utf8.DecodeLastRuneInString(lt.Text[s.Start:s.End])
		if unicode.IsSpace(first) || unicode.IsSpace(last) {
			return fmt.Errorf("entity [%d,%d) %q starts or ends with white space", s.Start, s.End, lt.Text[s.Start:s.End])
		}
		if !validTypeName(s.Type) {
			return fmt.Errorf("entity [%d,%d) has type %q (want an upper-case letter, then upper-case letters, digits or _)", s.Start, s.End, s.Type)
		}
	}
	return nil
}

// validTypeName reports a type name usable as a prose label: [A-Z][A-Z0-9_]*. prose splits
// labels at "-", so a hyphen would corrupt it.
func validTypeName(t string) bool {
	if t == "" || t[0] < 'A' || t[0] > 'Z' {
		return false
	}
	for i := 1; i < len(t); i++ {
		if c := t[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
