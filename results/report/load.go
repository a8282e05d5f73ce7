package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// table is one CSV report read into memory: its rows, the line each row starts on, and the
// position of every column by name.
type table struct {
	name  string
	cols  map[string]int
	rows  [][]string
	lines []int
	// seq is the columns a row's reader asked for, in the order it asked (each report's read
	// function asks for the same columns in the same order on every row): the k-th column
	// asked for is looked up here first, not in cols (a map lookup per field was a tenth of
	// reading the reports).
	seq []colRef
	// evidence, when not nil, holds the evidence columns parsed so far by their text (a
	// streamed build's, one instrument's rows at a time: a provision kept from the previous
	// version has its scores and evidence, and parsing them again was a third of reading
	// stance.csv at 10 MB); their rows share the parsed slice, which is only read
	evidence map[string][]evidence
	// parseEvidence's, reused: the terms' Shown texts one after the other, and where each ends
	buf   []byte
	shown []int

	// fields, when not nil, is the row being read, as bytes (valid until the next row; rows is
	// not used): the readers of a streamed build make strings of the fields they keep, not of the
	// row (strs).
	fields *rowBytes
	strs   fieldStrings
}

// fieldStrings makes the strings of the fields of rows read as bytes (table.fields). A field
// equal to the same column's field of the row before is given that field's string (a report's
// consecutive rows repeat their provision, document and instrument), and a field of a column of
// few values (a model, label, status, concept: rowReader.sym) is looked up among the column's
// values so far (at most maxSymbols, the map cleared when full), so that most rows of stance.csv,
// shifts.csv and concept_mentions.csv make no string at all. (Each row made one string, that
// its fields were cut from: a tenth of the bytes a 10 MB report allocated.)
type fieldStrings struct {
	last []string            // per column, the string of the row before
	syms []map[string]string // per column, the values of a column of few values
}

// maxSymbols bounds each map of fieldStrings.syms.
const maxSymbols = 1 << 12

// of returns the string of field b of column j (sym: a column of few values).
func (fs *fieldStrings) of(j int, b []byte, sym bool) string {
	if j >= len(fs.last) {
		fs.last = append(fs.last, make([]string, j+1-len(fs.last))...)
		fs.syms = append(fs.syms, make([]map[string]string, j+1-len(fs.syms))...)
	}
	if s := fs.last[j]; s == string(b) {
		return s
	}
	var s string
	if sym {
		m := fs.syms[j]
		if m == nil {
			m = map[string]string{}
			fs.syms[j] = m
		}
		var ok bool
		if s, ok = m[string(b)]; !ok {
			if len(m) >= maxSymbols {
				clear(m)
			}
			s = string(b)
			m[s] = s
		}
	} else {
		s = string(b)
	}
	fs.last[j] = s
	return s
}

// colRef is a column's name and position (-1: the header lacks it).
type colRef struct {
	name string
	j    int
}

// readTable reads dir/name. A missing optional file gives (nil, nil). The header must hold every
// column in required (any order; other columns are ignored, so reports may grow new columns).
func readTable(dir, name string, required []string, optional bool) (*table, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		if optional && errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	return parseTable(f, name, required)
}

func parseTable(r io.Reader, name string, required []string) (*table, error) {
	cr := newCSVReader(r, 4096) // encoding/csv's buffer: a whole build reads every file at once
	cols, err := readHeader(cr, name, required)
	if err != nil {
		return nil, err
	}
	t := &table{name: name, cols: cols}
	for {
		rec, line, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// csv.ParseError and ErrFieldCount both carry the line.
			return nil, fmt.Errorf("report: %s: %w", name, err)
		}
		t.rows = append(t.rows, slices.Clone(rec)) // the reader reuses rec
		t.lines = append(t.lines, line)
	}
	return t, nil
}

// readHeader reads the header row and returns the position of every column by name; it must
// hold every column in required.
func readHeader(cr *csvReader, name string, required []string) (map[string]int, error) {
	header, _, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("report: %s: line 1: empty file, want a header row", name)
	}
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", name, err)
	}
	cols := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.TrimPrefix(h, "\ufeff")
		if _, dup := cols[h]; dup {
			return nil, fmt.Errorf("report: %s: line 1: duplicate column %q", name, h)
		}
		cols[h] = i
	}
	var missing []string
	for _, c := range required {
		if _, ok := cols[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("report: %s: line 1: header lacks column(s) %s; want %s", name,
			strings.Join(missing, ", "), strings.Join(required, ","))
	}
	return cols, nil
}

// rowReader reads typed fields from one row and remembers the first error, which names the file,
// line and column.
type rowReader struct {
	t   *table
	i   int
	k   int // columns asked for so far (the next is t.seq[k], most likely)
	err error
}

func (t *table) each(fn func(r *rowReader)) error {
	if t == nil {
		return nil
	}
	rr := &rowReader{t: t} // one for every row (one per row escaped to the heap)
	for i := range t.rows {
		*rr = rowReader{t: t, i: i}
		fn(rr)
		if rr.err != nil {
			return rr.err
		}
	}
	return nil
}

func (r *rowReader) fail(col, val, want string) {
	if r.err == nil {
		r.err = fmt.Errorf("report: %s: line %d: column %s: %q is not %s", r.t.name, r.t.lines[r.i], col, val, want)
	}
}

// col returns the position of column col in the row (-1: the header lacks it).
func (r *rowReader) col(col string) int {
	t := r.t
	var j int
	if r.k < len(t.seq) && t.seq[r.k].name == col {
		j = t.seq[r.k].j
	} else {
		var ok bool
		if j, ok = t.cols[col]; !ok {
			j = -1
		}
		if r.k < len(t.seq) {
			t.seq[r.k] = colRef{col, j}
		} else {
			t.seq = append(t.seq, colRef{col, j})
		}
	}
	r.k++
	return j
}

func (r *rowReader) str(col string) string { return r.text(col, false) }

// sym is str for a column of few distinct values (a model, label, status, concept, ...): on
// rows read as bytes, each value is made a string once (fieldStrings).
func (r *rowReader) sym(col string) string { return r.text(col, true) }

func (r *rowReader) text(col string, sym bool) string {
	j := r.col(col)
	if j < 0 {
		return ""
	}
	if t := r.t; t.fields != nil {
		return t.strs.of(j, t.fields.field(j), sym)
	}
	return r.t.rows[r.i][j]
}

func (r *rowReader) int(col string) int {
	j := r.col(col)
	if j < 0 {
		return 0
	}
	var n int
	var ok bool
	if t := r.t; t.fields != nil {
		if n, ok = readInt(t.fields.field(j)); !ok {
			r.fail(col, string(t.fields.field(j)), "a non-negative integer")
		}
		return n
	}
	s := r.t.rows[r.i][j]
	if n, ok = readInt(s); !ok {
		r.fail(col, s, "a non-negative integer")
	}
	return n
}

// float reads a number; an empty field, NaN or NA (as R's write.csv writes a missing value) is
// missing and gives NaN. Infinities are errors.
func (r *rowReader) float(col string) float64 {
	j := r.col(col)
	if j < 0 {
		return math.NaN()
	}
	var f float64
	var ok bool
	if t := r.t; t.fields != nil {
		if f, ok = readFloat(t.fields.field(j)); !ok {
			r.fail(col, string(t.fields.field(j)), "a finite number")
		}
		return f
	}
	s := r.t.rows[r.i][j]
	if f, ok = readFloat(s); !ok {
		r.fail(col, s, "a finite number")
	}
	return f
}

// readInt is rowReader.int's reading of field s: its value, and whether it is one (a
// non-negative integer, or empty: 0). A field of at most 18 digits, as the reports write their
// integers, is read here; others by strconv.Atoi.
func readInt[T string | []byte](s T) (int, bool) {
	if len(s) == 0 {
		return 0, true
	}
	if len(s) <= 18 {
		n := 0
		for i := 0; i < len(s); i++ {
			d := s[i] - '0'
			if d > 9 {
				n = -1
				break
			}
			n = n*10 + int(d)
		}
		if n >= 0 {
			return n, true
		}
	}
	n, err := strconv.Atoi(string(s))
	return n, err == nil && n >= 0
}

// readFloat is rowReader.float's reading of field s: its value (NaN when empty or after an
// error), and whether it is one (a finite number, NaN, NA or empty). A field of the form the
// reports write ([-]digits[.digits], at most 15 digits) is read by readDecimal; others by
// strconv.ParseFloat.
func readFloat[T string | []byte](s T) (float64, bool) {
	if len(s) == 0 || len(s) == 2 && s[0] == 'N' && s[1] == 'A' {
		return math.NaN(), true
	}
	if f, ok := readDecimal(s); ok {
		return f, true
	}
	f, err := strconv.ParseFloat(string(s), 64)
	if err != nil || math.IsInf(f, 0) {
		return math.NaN(), false
	}
	return f, true
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// readDecimal reads s when it is [-]digits[.digits] with at most 15 digits: as strconv's own
// exact path does, the digits as an integer (below 2^53, exact) divided by a power of ten (exact
// up to 1e22), one correctly rounded division, so the value strconv.ParseFloat gives
// (FuzzReadNumbers compares them). ok is false for any other s.
func readDecimal[T string | []byte](s T) (f float64, ok bool) {
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		i, neg = 1, true
	}
	var m uint64
	digits, frac, dot := 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot && digits > 0:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 || (dot && frac == 0) {
		return 0, false
	}
	f = float64(m)
	if neg {
		f = -f
	}
	return f / pow10[frac], true
}

// validInt reports whether rowReader.int reads field b without error.
func validInt(b []byte) bool {
	_, ok := readInt(b)
	return ok
}

// validFloat reports whether rowReader.float reads field b without error.
func validFloat(b []byte) bool {
	_, ok := readFloat(b)
	return ok
}

// evidence parses "term:contribution;term:contribution". The contribution follows the last
// colon, so a term may itself contain colons.
func (r *rowReader) evidence(col string) []evidence {
	j := r.col(col)
	if j < 0 {
		return nil
	}
	t := r.t
	var s string
	if t.fields != nil {
		b := bytes.TrimSpace(t.fields.field(j))
		if len(b) == 0 {
			return nil
		}
		if evs, ok := t.evidence[string(b)]; ok {
			return evs
		}
		s = string(b)
	} else {
		s = strings.TrimSpace(t.rows[r.i][j])
		if s == "" {
			return nil
		}
		if evs, ok := t.evidence[s]; ok {
			return evs
		}
	}
	out := r.parseEvidence(col, s)
	if t.evidence != nil && out != nil {
		t.evidence[s] = out
	}
	return out
}

// parseEvidence is evidence's parser of s, not empty (nil after an error). The terms' Shown
// are cut from one string (a string per term was a twentieth of the objects a 10 MB report
// allocated).
func (r *rowReader) parseEvidence(col, s string) []evidence {
	t := r.t
	out := make([]evidence, 0, strings.Count(s, ";")+1)
	t.buf, t.shown = t.buf[:0], t.shown[:0]
	for s != "" {
		var part string
		part, s, _ = strings.Cut(s, ";")
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k := strings.LastIndexByte(part, ':')
		if k <= 0 {
			r.fail(col, part, "term:contribution")
			return nil
		}
		num := strings.TrimSpace(part[k+1:])
		c, ok := readDecimal(num)
		if !ok {
			var err error
			c, err = strconv.ParseFloat(num, 64)
			if err != nil || math.IsInf(c, 0) || math.IsNaN(c) {
				r.fail(col, part, "term:contribution")
				return nil
			}
		}
		term := strings.TrimSpace(part[:k])
		t.buf = appendRounded(append(append(t.buf, term...), ' '), c, true)
		t.shown = append(t.shown, len(t.buf))
		out = append(out, evidence{Term: term, Contribution: c})
	}
	shown, start := string(t.buf), 0
	for i, end := range t.shown {
		out[i].Shown = shown[start:end]
		start = end
	}
	return out
}

// The rows of each report, as far as the HTML report uses them.

type docRow struct {
	DocID, Instrument, Version, Date, Title, Role string
	NProvisions, NWords                           int
}

type provRow struct {
	ID, DocID, Instrument, Version, Marker, Section, Provenance, Text string
	Ordinal                                                           int
}

type alignRow struct {
	Instrument, FromDoc, ToDoc, From, To, Status, Diff string
	Similarity                                         float64
	WordsAdded, WordsDeleted                           int
}

type entityRow struct {
	ProvisionID, Text, Type, CanonicalID string
	Start, End                           int
}

type keyphraseRow struct {
	Scope, ScopeID, Phrase string
	Rank, Count            int
	Score                  float64
}

type keyphraseChange struct {
	Instrument, FromVersion, ToVersion, Phrase, Change string
	Score                                              float64
}

type evidence struct {
	Term         string
	Contribution float64
	Shown        string // Term + " " + fmtSigned(Contribution): the stance table's and the tooltips' text
}

type stanceRow struct {
	ProvisionID, DocID, Model, Label string
	Score, SE, CILow, CIHigh, Conf   float64
	Evidence                         []evidence
}

type docScoreRow struct {
	DocID, Instrument, Version, Model string
	Score, SE, CILow, CIHigh, LBG, MV float64
}

type shiftRow struct {
	Instrument, From, To, Status, Model, Direction string
	ScoreFrom, ScoreTo, Delta                      float64
	EvidenceAdded, EvidenceRemoved                 string
}

type conceptMention struct {
	ProvisionID, DocID, Concept, MatchedText string
	Start, End                               int
}

// conceptChange is a row of concept_changes.csv. Its lists of provisions are read only where
// the page shows them: an added concept's new provisions (ToProvisions), a dropped one's old
// ones (FromProvisions); nearly every row is of a kept concept, and its two lists were most of
// the file.
type conceptChange struct {
	Instrument, FromVersion, ToVersion, Concept, Change, FromProvisions, ToProvisions string
}

type reuseRow struct {
	Source, Target, SourceDoc, TargetDoc, SourcePassage, TargetPassage string
	Score                                                              float64
	AlignedWords, SourceStart, SourceEnd, TargetStart, TargetEnd       int
}

// inputs holds every report read from a folder; a nil slice means the file was absent or empty.
type inputs struct {
	files          []string // the CSV files read, in the order below
	docs           []docRow
	provs          []provRow
	align          []alignRow
	entities       []entityRow
	keyphrases     []keyphraseRow
	kpChanges      []keyphraseChange
	stance         []stanceRow
	docScores      []docScoreRow
	shifts         []shiftRow
	mentions       []conceptMention
	conceptChanges []conceptChange
	reuse          []reuseRow
	has            map[string]bool
}

// spec is one report the HTML report reads: its file name, required columns, whether it may be
// absent, and how to read one row.
type spec struct {
	name     string
	cols     []string
	optional bool
	read     func(in *inputs, r *rowReader)
}

var specs = []spec{
	{"documents.csv", []string{"doc_id", "instrument", "version", "date", "title", "role", "n_provisions", "n_words"}, false,
		func(in *inputs, r *rowReader) {
			in.docs = append(in.docs, docRow{DocID: r.str("doc_id"), Instrument: r.str("instrument"), Version: r.str("version"),
				Date: r.str("date"), Title: r.str("title"), Role: r.str("role"), NProvisions: r.int("n_provisions"), NWords: r.int("n_words")})
		}},
	{"provisions.csv", []string{"provision_id", "doc_id", "instrument", "version", "ordinal", "marker", "section", "provenance", "text"}, false,
		func(in *inputs, r *rowReader) {
			in.provs = append(in.provs, provRow{ID: r.str("provision_id"), DocID: r.str("doc_id"), Instrument: r.str("instrument"),
				Version: r.str("version"), Ordinal: r.int("ordinal"), Marker: r.str("marker"), Section: r.sym("section"),
				Provenance: r.sym("provenance"), Text: r.str("text")})
		}},
	{"alignment.csv", []string{"instrument", "from_doc", "to_doc", "from_provision", "to_provision", "status", "similarity", "words_added", "words_deleted", "diff"}, true,
		func(in *inputs, r *rowReader) {
			in.align = append(in.align, alignRow{Instrument: r.str("instrument"), FromDoc: r.str("from_doc"), ToDoc: r.str("to_doc"),
				From: r.str("from_provision"), To: r.str("to_provision"), Status: r.sym("status"), Similarity: r.float("similarity"),
				WordsAdded: r.int("words_added"), WordsDeleted: r.int("words_deleted"), Diff: r.str("diff")})
		}},
	{"entities.csv", []string{"provision_id", "start", "end", "text", "type", "canonical_id"}, true,
		func(in *inputs, r *rowReader) {
			in.entities = append(in.entities, entityRow{ProvisionID: r.str("provision_id"), Start: r.int("start"), End: r.int("end"),
				Text: r.sym("text"), Type: r.sym("type"), CanonicalID: r.sym("canonical_id")})
		}},
	{"keyphrases.csv", []string{"scope", "scope_id", "rank", "phrase", "score", "count"}, true,
		func(in *inputs, r *rowReader) {
			in.keyphrases = append(in.keyphrases, keyphraseRow{Scope: r.sym("scope"), ScopeID: r.str("scope_id"), Rank: r.int("rank"),
				Phrase: r.str("phrase"), Score: r.float("score"), Count: r.int("count")})
		}},
	{"keyphrase_changes.csv", []string{"instrument", "from_version", "to_version", "phrase", "change", "score"}, true,
		func(in *inputs, r *rowReader) {
			in.kpChanges = append(in.kpChanges, keyphraseChange{Instrument: r.str("instrument"), FromVersion: r.str("from_version"),
				ToVersion: r.str("to_version"), Phrase: r.str("phrase"), Change: r.sym("change"), Score: r.float("score")})
		}},
	{"stance.csv", []string{"provision_id", "doc_id", "model", "score", "se", "ci_low", "ci_high", "label", "confidence", "evidence"}, true,
		func(in *inputs, r *rowReader) {
			in.stance = append(in.stance, stanceRow{ProvisionID: r.str("provision_id"), DocID: r.str("doc_id"), Model: r.sym("model"),
				Score: r.float("score"), SE: r.float("se"), CILow: r.float("ci_low"), CIHigh: r.float("ci_high"), Label: r.sym("label"),
				Conf: r.float("confidence"), Evidence: r.evidence("evidence")})
		}},
	{"document_scores.csv", []string{"doc_id", "instrument", "version", "model", "score", "se", "ci_low", "ci_high", "rescaled_lbg", "rescaled_mv"}, true,
		func(in *inputs, r *rowReader) {
			in.docScores = append(in.docScores, docScoreRow{DocID: r.str("doc_id"), Instrument: r.str("instrument"), Version: r.str("version"),
				Model: r.sym("model"), Score: r.float("score"), SE: r.float("se"), CILow: r.float("ci_low"), CIHigh: r.float("ci_high"),
				LBG: r.float("rescaled_lbg"), MV: r.float("rescaled_mv")})
		}},
	{"shifts.csv", []string{"instrument", "from_provision", "to_provision", "status", "model", "score_from", "score_to", "delta", "direction", "evidence_added", "evidence_removed"}, true,
		func(in *inputs, r *rowReader) {
			in.shifts = append(in.shifts, shiftRow{Instrument: r.str("instrument"), From: r.str("from_provision"), To: r.str("to_provision"),
				Status: r.sym("status"), Model: r.sym("model"), ScoreFrom: r.float("score_from"), ScoreTo: r.float("score_to"),
				Delta: r.float("delta"), Direction: r.sym("direction"), EvidenceAdded: r.str("evidence_added"), EvidenceRemoved: r.str("evidence_removed")})
		}},
	{"concept_mentions.csv", []string{"provision_id", "doc_id", "concept", "start", "end", "matched_text"}, true,
		func(in *inputs, r *rowReader) {
			in.mentions = append(in.mentions, conceptMention{ProvisionID: r.str("provision_id"), DocID: r.str("doc_id"), Concept: r.sym("concept"),
				Start: r.int("start"), End: r.int("end"), MatchedText: r.sym("matched_text")})
		}},
	{"concept_changes.csv", []string{"instrument", "from_version", "to_version", "concept", "change", "from_provisions", "to_provisions"}, true,
		func(in *inputs, r *rowReader) {
			c := conceptChange{Instrument: r.str("instrument"), FromVersion: r.str("from_version"),
				ToVersion: r.str("to_version"), Concept: r.sym("concept"), Change: r.sym("change")}
			switch c.Change {
			case "added":
				c.ToProvisions = r.str("to_provisions")
			case "dropped":
				c.FromProvisions = r.str("from_provisions")
			}
			in.conceptChanges = append(in.conceptChanges, c)
		}},
	{"reuse.csv", []string{"source_provision", "target_provision", "source_doc", "target_doc", "score", "aligned_words", "source_start", "source_end", "target_start", "target_end", "source_passage", "target_passage"}, true,
		func(in *inputs, r *rowReader) {
			in.reuse = append(in.reuse, reuseRow{Source: r.str("source_provision"), Target: r.str("target_provision"),
				SourceDoc: r.str("source_doc"), TargetDoc: r.str("target_doc"), Score: r.float("score"), AlignedWords: r.int("aligned_words"),
				SourceStart: r.int("source_start"), SourceEnd: r.int("source_end"), TargetStart: r.int("target_start"),
				TargetEnd: r.int("target_end"), SourcePassage: r.str("source_passage"), TargetPassage: r.str("target_passage")})
		}},
}

// readInputs reads every report in specs from dir.
func readInputs(dir string) (*inputs, error) {
	in := &inputs{has: map[string]bool{}}
	for _, s := range specs {
		t, err := readTable(dir, s.name, s.cols, s.optional)
		if err != nil {
			return nil, err
		}
		if t == nil {
			continue
		}
		in.files = append(in.files, s.name)
		in.has[s.name] = true
		if err := t.each(func(r *rowReader) { s.read(in, r) }); err != nil {
			return nil, err
		}
	}
	return in, nil
}
