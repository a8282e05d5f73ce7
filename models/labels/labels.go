package labels

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
)

// Split values. An empty Split means the file has no split column or the cell is empty.
// SplitValidation marks held-out labels for tuning decisions: no model compared on them is
// trained on them (Trains), but unlike test they may be looked at while a dictionary or the
// classifier's features are tuned, so that the test split stays unseen until the final run; the
// final model is refitted on them too (TrainsFinal). SplitHeldout marks a second, separately
// written held-out set: like test it never trains any model and is scored by the final model, but
// it is kept apart from test so that each is reported on its own (testdata/labels/HELDOUT.md).
const (
	SplitTrain      = "train"
	SplitTest       = "test"
	SplitValidation = "validation"
	SplitHeldout    = "heldout"
)

// Splits lists the valid split values, in their canonical order.
var Splits = []string{SplitTrain, SplitValidation, SplitTest, SplitHeldout}

// HeldOut reports whether split s is never training data, not even of a final model: test and
// heldout.
func HeldOut(s string) bool { return s == SplitTest || s == SplitHeldout }

// Trains reports whether a label of split s is training data while models are compared: train, or
// no split at all (a file without a split column is used whole). Test, heldout and validation
// labels are held out, so the validation split judges a model that never saw it.
func Trains(s string) bool { return !HeldOut(s) && s != SplitValidation }

// TrainsFinal reports whether a label of split s is training data of a final model, refitted once
// the choices are made on the validation split: every label but the test and heldout ones (train,
// validation, and labels without a split). eval scores the test split with models fitted on these labels and
// the validation split with models fitted on Trains' only; run fits on these (see
// testdata/labels/TUNING.md, "Character n-grams and refitting on validation").
func TrainsFinal(s string) bool { return !HeldOut(s) }

// Columns of a labels file. The required ones must appear in the header; other columns (notes,
// annotator, ...) are ignored so that researchers can keep their own bookkeeping in the file.
var (
	RequiredColumns = []string{"provision_id", "stance"}
	OptionalColumns = []string{"score", "concepts", "split"}
)

// Stances lists the valid stance labels in their canonical order.
var Stances = []string{models.StateCentric, models.Multistakeholder, models.Neutral}

// MaxErrors is the number of row errors Read reports before it stops collecting them.
const MaxErrors = 50

// Label is one hand-labelled provision.
type Label struct {
	// ProvisionID is "<doc_id>:<marker>", as in the provisions table and every report.
	ProvisionID string
	// Stance is models.StateCentric, models.Multistakeholder or models.Neutral.
	Stance string
	// Score is the gold position in [-1, 1] (positive = state-centric), nil when not given.
	Score *float64
	// Concepts are concept ids, in file order, without duplicates; nil when none.
	Concepts []string
	// Split is SplitTrain, SplitValidation, SplitTest, SplitHeldout or "" (not assigned).
	Split string
	// Line is the 1-based line of the input where the row starts.
	Line int
}

// Error is a positional error in a labels file.
type Error struct {
	Path string
	Line int // 0 when the error concerns the whole file
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("labels: %s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("labels: %s: %v", e.Path, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

func errorf(path string, line int, format string, args ...any) *Error {
	return &Error{Path: path, Line: line, Err: fmt.Errorf(format, args...)}
}

// validConcept reports whether c has the syntax of a concept id: lower-case ASCII letters, digits
// and '_', starting with a letter (the form of the project's fixed ids and of dictionary keys).
func validConcept(c string) bool {
	if c == "" || c[0] < 'a' || c[0] > 'z' {
		return false
	}
	for i := 1; i < len(c); i++ {
		if b := c[i]; (b < 'a' || b > 'z') && (b < '0' || b > '9') && b != '_' {
			return false
		}
	}
	return true
}

// ReadFile reads the labels file at path (see Read).
func ReadFile(path string) ([]Label, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Path: path, Err: err}
	}
	defer f.Close()
	return Read(f, path)
}

// Read reads a labels file: CSV (RFC 4180) with a header row, UTF-8 with an optional byte-order
// mark. Columns are matched by name, case-insensitively: provision_id and stance are required;
// score, concepts and split are optional; any other column is ignored.
//
// Every row is checked. Read returns either all labels and a nil error, or nil and an error that
// joins one *Error per problem (up to MaxErrors), each with the file name, the line and what was
// expected: a missing or repeated header column, a row with the wrong number of fields, a malformed
// CSV quote, an empty or malformed provision_id ("<doc_id>:<marker>"), a repeated provision_id
// (wrapping corpus.ErrDuplicate), a stance that is not one of Stances, a score that is not a finite
// number in [-1, 1], a concept id that is not lower-case letters, digits and '_' or is listed twice
// in a row, a split that is not train, validation or test, and a file with no labels.
//
// Concept ids are open: an id outside models' fixed list (Concepts) is accepted, because users
// track concepts of their own; Check reports it as a warning.
func Read(r io.Reader, name string) ([]Label, error) {
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // checked per row, so that every ragged row is reported
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errorf(name, 0, "file is empty (expected a header row with %s)", strings.Join(RequiredColumns, ", "))
	}
	if err != nil {
		return nil, csvErr(name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			continue
		}
		if _, dup := col[h]; dup {
			return nil, errorf(name, 1, "column %q appears twice in the header", h)
		}
		col[h] = i
	}
	var missing []string
	for _, c := range RequiredColumns {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, errorf(name, 1, "header is missing column(s) %s (required: %s; optional: %s)",
			strings.Join(missing, ", "), strings.Join(RequiredColumns, ", "), strings.Join(OptionalColumns, ", "))
	}

	rd := rowReader{name: name, col: col, seen: map[string]int{}}
	var out []Label
	stopped := false
	for {
		if len(rd.errs) >= MaxErrors {
			// Say that the list is cut short only when something is left to read.
			_, err := cr.Read()
			stopped = err != io.EOF
			break
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && (pe.Err == csv.ErrQuote || pe.Err == csv.ErrBareQuote) {
				rd.errs = append(rd.errs, csvErr(name, err))
				continue
			}
			rd.errs = append(rd.errs, csvErr(name, err))
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			rd.errs = append(rd.errs, errorf(name, line, "row has %d fields, expected %d (as in the header)", len(rec), len(header)))
			continue
		}
		if l, ok := rd.row(line, rec); ok {
			out = append(out, l)
		}
	}
	if len(rd.errs) > 0 {
		if len(rd.errs) > MaxErrors {
			rd.errs = rd.errs[:MaxErrors]
		}
		errs := make([]error, len(rd.errs))
		for i, e := range rd.errs {
			errs[i] = e
		}
		if stopped {
			errs = append(errs, errorf(name, 0, "stopped after %d errors", MaxErrors))
		}
		return nil, errors.Join(errs...)
	}
	if len(out) == 0 {
		return nil, errorf(name, 0, "no labels (expected a header row and at least one row)")
	}
	return out, nil
}

type rowReader struct {
	name string
	col  map[string]int
	seen map[string]int // provision id -> line
	errs []*Error
}

func (rd *rowReader) get(rec []string, k string) (string, bool) {
	i, ok := rd.col[k]
	if !ok {
		return "", false
	}
	return strings.TrimSpace(rec[i]), true
}

func (rd *rowReader) fail(line int, format string, args ...any) {
	rd.errs = append(rd.errs, errorf(rd.name, line, format, args...))
}

// row parses one record; every problem in it is recorded.
func (rd *rowReader) row(line int, rec []string) (Label, bool) {
	n := len(rd.errs)
	l := Label{Line: line}

	id, _ := rd.get(rec, "provision_id")
	if msg := checkID(id); msg != "" {
		rd.fail(line, "%s", msg)
	} else if first, dup := rd.seen[id]; dup {
		rd.errs = append(rd.errs, &Error{Path: rd.name, Line: line,
			Err: fmt.Errorf("%w: provision_id %q (first at line %d)", corpus.ErrDuplicate, id, first)})
	} else {
		rd.seen[id] = line
	}
	l.ProvisionID = id

	st, _ := rd.get(rec, "stance")
	l.Stance = strings.ToLower(st)
	if !validStance(l.Stance) {
		rd.fail(line, "stance %q: expected %s", st, strings.Join(Stances, ", "))
	}

	if s, ok := rd.get(rec, "score"); ok && s != "" {
		v, err := strconv.ParseFloat(s, 64)
		switch {
		case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
			rd.fail(line, "score %q: expected a number in [-1, 1]", s)
		case v < -1 || v > 1:
			rd.fail(line, "score %s is out of range: expected a number in [-1, 1]", s)
		default:
			l.Score = &v
		}
	}

	if s, ok := rd.get(rec, "concepts"); ok && s != "" {
		for _, c := range strings.Split(s, ";") {
			c = strings.TrimSpace(c)
			switch {
			case c == "":
				continue
			case !validConcept(c):
				rd.fail(line, "concept %q: expected lower-case letters, digits and '_', starting with a letter (ids separated by ';')", c)
				continue
			case contains(l.Concepts, c):
				rd.fail(line, "concept %q is listed twice", c)
				continue
			}
			l.Concepts = append(l.Concepts, c)
		}
	}

	if s, ok := rd.get(rec, "split"); ok && s != "" {
		l.Split = strings.ToLower(s)
		if !contains(Splits, l.Split) {
			rd.fail(line, "split %q: expected %s or empty", s, strings.Join(Splits, ", "))
		}
	}
	return l, len(rd.errs) == n
}

// checkID returns what is wrong with a provision id, "" when nothing is.
func checkID(id string) string {
	switch {
	case id == "":
		return "provision_id is empty"
	case !utf8.ValidString(id):
		return "provision_id is not valid UTF-8"
	case strings.IndexFunc(id, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0:
		return fmt.Sprintf("provision_id %q contains a space or control character", id)
	}
	doc, marker, ok := strings.Cut(id, ":")
	if !ok || doc == "" || marker == "" {
		return fmt.Sprintf("provision_id %q: expected <doc_id>:<marker>, as in the provisions table", id)
	}
	return ""
}

func validStance(s string) bool { return contains(Stances, s) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func csvErr(name string, err error) *Error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Path: name, Line: pe.Line, Err: fmt.Errorf("column %d: %v", pe.Column, pe.Err)}
	}
	return &Error{Path: name, Err: err}
}

// Write writes labels as CSV with the header provision_id, stance, score, concepts, split, in the
// order given. Scores are written in the shortest form that reads back to the same float64; a nil
// score is an empty cell. Read(Write(ls)) gives ls back except for Line.
func Write(w io.Writer, ls []Label) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(append(append([]string{}, RequiredColumns...), OptionalColumns...)); err != nil {
		return fmt.Errorf("labels: write: %w", err)
	}
	for _, l := range ls {
		score := ""
		if l.Score != nil {
			score = strconv.FormatFloat(*l.Score, 'g', -1, 64)
		}
		if err := cw.Write([]string{l.ProvisionID, l.Stance, score, strings.Join(l.Concepts, ";"), l.Split}); err != nil {
			return fmt.Errorf("labels: write: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("labels: write: %w", err)
	}
	return nil
}
