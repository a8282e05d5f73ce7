package corpus

import (
	"errors"
	"fmt"
)

// Section says where in a document a provision stands.
type Section string

// The sections a provision can belong to.
const (
	Preamble  Section = "preamble"  // unmarked paragraphs before the first marker
	Operative Section = "operative" // marked paragraphs
	Annex     Section = "annex"     // provisions after an "Annex"/"Appendix" heading that follows operative text
)

// Provenance values for a provision's wording.
const (
	// ProvenanceSource: the provision is the user's document text as read.
	ProvenanceSource = "source"
	// ProvenanceQuoted: the provision text is a verbatim quotation of a published source.
	ProvenanceQuoted = "quoted"
	// ProvenanceParaphrased: the provision text is a faithful paraphrase, not the original wording.
	ProvenanceParaphrased = "paraphrased"
)

// Document is one version of one instrument. Documents that share Instrument are versions of
// the same text, ordered by Date and then by Order.
type Document struct {
	ID         string            `json:"id"`
	Instrument string            `json:"instrument"`
	Version    string            `json:"version"`
	Date       string            `json:"date,omitempty"` // YYYY-MM-DD, YYYY-MM or YYYY; empty when unknown
	Title      string            `json:"title,omitempty"`
	Path       string            `json:"path,omitempty"` // source path relative to the corpus root, slash-separated
	Role       string            `json:"role,omitempty"` // e.g. "reference"
	Position   *float64          `json:"position,omitempty"`
	Metadata   map[string]string `json:"metadata,omitempty"`

	// Provenance is the provenance of this document's provisions unless Quoted lists their marker.
	Provenance string `json:"provenance"`
	// Quoted lists markers (as written, e.g. "g", "8") whose provisions are verbatim quotations.
	Quoted []string `json:"quoted,omitempty"`
	// QuotedLines are the manifest lines of Quoted's markers (nil when they did not come from a
	// manifest).
	QuotedLines []int `json:"quoted_lines,omitempty"`

	// Order is the document's position in its input (manifest order, file order, first table row).
	Order int `json:"order"`
	// Line is the input line that declared the document (manifest or table), 0 when none.
	Line int `json:"line,omitempty"`

	// Presplit holds the provisions of a document read from a provisions table into memory
	// (ReadTable); nil for documents whose text is segmented and for those of a table loaded
	// from its file (Load), whose rows stay there. TableProvisions gives either.
	Presplit []Provision `json:"-"`
	rows     *tableRows
}

// ProvenanceOf returns the provenance of the provision with the given marker.
func (d *Document) ProvenanceOf(marker string) string {
	for _, m := range d.Quoted {
		if m == marker {
			return ProvenanceQuoted
		}
	}
	if d.Provenance == "" {
		return ProvenanceSource
	}
	return d.Provenance
}

// Provision is one paragraph, article or item of a document.
type Provision struct {
	ID      string  `json:"id"`      // "<doc_id>:<marker>", unique within the document
	DocID   string  `json:"doc_id"`  // the owning document
	Ordinal int     `json:"ordinal"` // 1-based position within the document
	Marker  string  `json:"marker"`  // as written without punctuation: "g", "8", "iv", "5", "p1" for preamble
	Section Section `json:"section"`
	Text    string  `json:"text"`
	// Start and End are byte offsets into the document's normalised text: Text == norm[Start:End].
	Start      int       `json:"start"`
	End        int       `json:"end"`
	Provenance string    `json:"provenance"`
	SubItems   []SubItem `json:"sub_items,omitempty"`
	// Line is the 1-based line of the raw input where the provision starts (0 when unknown).
	Line int `json:"line,omitempty"`
}

// SubItem is an item such as "(i)" inside a provision; it stays part of its parent's text.
type SubItem struct {
	Marker string `json:"marker"`
	Start  int    `json:"start"` // byte offsets into the document's normalised text
	End    int    `json:"end"`
}

// Warning is a problem in the input that did not stop processing.
type Warning struct {
	Path string `json:"path,omitempty"`
	Line int    `json:"line,omitempty"`
	Msg  string `json:"msg"`
}

func (w Warning) String() string {
	switch {
	case w.Path != "" && w.Line > 0:
		return fmt.Sprintf("%s:%d: %s", w.Path, w.Line, w.Msg)
	case w.Path != "":
		return fmt.Sprintf("%s: %s", w.Path, w.Msg)
	case w.Line > 0:
		return fmt.Sprintf("line %d: %s", w.Line, w.Msg)
	}
	return w.Msg
}

// Error is a positional input error: the file, the line (0 when the error is about the whole
// file) and what was wrong. It unwraps to the underlying error.
type Error struct {
	Path string
	Line int
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("corpus: %s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("corpus: %s: %v", e.Path, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error.
func Errorf(path string, line int, format string, args ...any) *Error {
	return &Error{Path: path, Line: line, Err: fmt.Errorf(format, args...)}
}

// Sentinel errors callers can test with errors.Is.
var (
	ErrEmpty     = errors.New("file is empty")
	ErrBinary    = errors.New("file is binary, expected UTF-8 text")
	ErrNotExist  = errors.New("no such file")
	ErrDuplicate = errors.New("duplicate id")
)
