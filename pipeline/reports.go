package pipeline

import (
	"bytes"
	"context"
	"errors"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/results"
)

// DocumentRows builds documents.csv.
func (r *Result) DocumentRows() []results.DocumentRow {
	rows := make([]results.DocumentRow, 0, len(r.Docs))
	for _, d := range r.Docs {
		rows = append(rows, results.DocumentRow{
			DocID: d.Doc.ID, Instrument: d.Doc.Instrument, Version: d.Doc.Version, Date: d.Doc.Date,
			Title: d.Doc.Title, Role: d.Doc.Role, NProvisions: len(d.Provisions), NWords: d.Words,
			SourcePath: d.SourcePath, SourceSHA256: d.SourceSHA256,
		})
	}
	return rows
}

// ProvisionRows builds provisions.csv.
func (r *Result) ProvisionRows() []results.ProvisionRow {
	n := 0
	for _, d := range r.Docs {
		n += len(d.Provisions)
	}
	if n == 0 {
		return nil // as before: no rows is a nil slice
	}
	rows := make([]results.ProvisionRow, 0, n) // sized: appending was half of its allocation
	for _, d := range r.Docs {
		for i, p := range d.Provisions {
			rows = append(rows, results.ProvisionRow{
				ProvisionID: p.ID, DocID: d.Doc.ID, Instrument: d.Doc.Instrument, Version: d.Doc.Version,
				Ordinal: p.Ordinal, Marker: p.Marker, Section: string(p.Section), Provenance: p.Provenance,
				Start: p.Start, End: p.End, NWords: d.ProvisionWords[i], Text: p.Text,
			})
		}
	}
	return rows
}

// EntityRows builds entities.csv.
func (r *Result) EntityRows() []results.EntityRow {
	var rows []results.EntityRow
	for _, d := range r.Docs {
		for i, an := range d.Analyses {
			p := d.Provisions[i]
			for _, e := range an.Entities {
				rows = append(rows, results.EntityRow{ProvisionID: p.ID, DocID: d.Doc.ID, Start: e.Start, End: e.End,
					Text: e.Text, Type: e.Type, CanonicalID: e.CanonicalID, Source: e.Source})
			}
		}
	}
	return rows
}

// ErrorRows builds errors.csv from the skipped inputs.
func (r *Result) ErrorRows() []results.ErrorRow {
	rows := make([]results.ErrorRow, 0, len(r.Skipped))
	for _, err := range r.Skipped {
		rows = append(rows, ErrorRow(err))
	}
	return rows
}

// ErrorRow splits an error into path, line and message where it is a *corpus.Error (or joins
// several, in which case the first positional one names the place).
func ErrorRow(err error) results.ErrorRow {
	var ce *corpus.Error
	if errors.As(err, &ce) {
		msg := ce.Err.Error()
		if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > 1 {
			msg = err.Error()
		}
		return results.ErrorRow{Path: ce.Path, Line: ce.Line, Error: msg}
	}
	return results.ErrorRow{Error: err.Error()}
}

// WarningRows builds warnings.csv.
func (r *Result) WarningRows() []results.WarningRow {
	rows := make([]results.WarningRow, 0, len(r.Warnings))
	for _, w := range r.Warnings {
		rows = append(rows, results.WarningRow{Path: w.Path, Line: w.Line, Warning: w.Msg})
	}
	return rows
}

// Counts summarises the run for run.json.
func (r *Result) Counts() map[string]int {
	n := 0
	read := make([]*corpus.Document, len(r.Docs))
	for i, d := range r.Docs {
		n += len(d.Provisions)
		read[i] = d.Doc
	}
	return map[string]int{"documents": len(r.Docs), "provisions": n, "skipped": len(r.Skipped),
		"warnings": len(r.Warnings), "instruments": countInstruments(read)}
}

// countInstruments is the number of distinct instruments of the documents read: like the
// documents and provisions counts, it leaves out the documents that were skipped (an instrument
// whose every version was skipped has no row in documents.csv).
func countInstruments(docs []*corpus.Document) int {
	seen := map[string]bool{}
	for _, d := range docs {
		seen[d.Instrument] = true
	}
	return len(seen)
}

// reportSink is one CSV report being written: rows are added from one Result or from several
// (Stream adds each instrument's part in turn), then the file is committed or aborted.
type reportSink interface {
	add(ctx context.Context, r *Result) error
	// encode builds r's rows and appends them to buf, encoded, without touching the file (safe
	// on any goroutine); addEncoded appends those bytes to the file, as add(r) would.
	encode(r *Result, buf *bytes.Buffer) error
	addEncoded(p []byte) error
	// sync puts the rows added so far on disk (rows may still follow); commit then has little
	// left to wait for.
	sync() error
	commit(ctx context.Context) error
	abort()
}

type csvSink[T results.Row] struct {
	f    *results.CSVFile[T]
	rows func(*Result) []T
	// enc, when not nil, appends the bytes results.EncodeRows gives for rows(r), without
	// building the rows (reportEncoded)
	enc func(*Result, *bytes.Buffer)
}

func (s *csvSink[T]) add(ctx context.Context, r *Result) error { return s.f.Write(ctx, s.rows(r)) }
func (s *csvSink[T]) encode(r *Result, buf *bytes.Buffer) error {
	if s.enc != nil {
		s.enc(r, buf)
		return nil
	}
	return results.EncodeRows(buf, s.rows(r))
}
func (s *csvSink[T]) addEncoded(p []byte) error        { return s.f.WriteEncoded(p) }
func (s *csvSink[T]) sync() error                      { return s.f.Sync() }
func (s *csvSink[T]) commit(ctx context.Context) error { return s.f.Commit(ctx) }
func (s *csvSink[T]) abort()                           { s.f.Abort() }

// reportSpec names a CSV report and how its rows are built from a Result. A per-instrument
// report's rows, built from each instrument's part in turn, concatenate to the rows built from
// the whole Result (every such builder walks Docs or Versions in order, and Stream's parts are
// whole instruments in that order); the others are built once from the whole corpus.
type reportSpec struct {
	name          string
	perInstrument bool
	open          func(dir string) (reportSink, error)
}

func report[T results.Row](name string, perInstrument bool, rows func(*Result) []T) reportSpec {
	return reportEncoded(name, perInstrument, rows, nil)
}

// reportEncoded is report whose per-instrument parts (Stream's) are encoded by enc, which
// must append the bytes results.EncodeRows gives for rows' rows.
func reportEncoded[T results.Row](name string, perInstrument bool, rows func(*Result) []T, enc func(*Result, *bytes.Buffer)) reportSpec {
	return reportSpec{name: name, perInstrument: perInstrument, open: func(dir string) (reportSink, error) {
		f, err := results.CreateCSV[T](dir, name)
		if err != nil {
			return nil, err
		}
		return &csvSink[T]{f: f, rows: rows, enc: enc}, nil
	}}
}

// reportSpecs lists the CSV reports in the order WriteReports and Stream name them.
// errors.csv is added when an input was skipped.
func reportSpecs(skipped bool) []reportSpec {
	specs := []reportSpec{
		report("documents.csv", true, (*Result).DocumentRows),
		report("provisions.csv", true, (*Result).ProvisionRows),
		report("entities.csv", true, (*Result).EntityRows),
		reportEncoded("keyphrases.csv", true, (*Result).KeyphraseRows, (*Result).encodeKeyphraseRows),
		report("keyphrase_changes.csv", true, (*Result).KeyphraseChangeRows),
		report("terms.csv", false, (*Result).TermRows),
		report("alignment.csv", true, (*Result).AlignmentRows),
		report("reuse.csv", false, (*Result).ReuseRows),
		report("references.csv", false, (*Result).ReferenceRows),
		reportEncoded("stance.csv", true, (*Result).StanceRows, (*Result).encodeStanceRows),
		report("document_scores.csv", true, (*Result).DocumentScoreRows),
		reportEncoded("shifts.csv", true, (*Result).ShiftRows, (*Result).encodeShiftRows),
		report("summary.csv", true, (*Result).SummaryRows),
		reportEncoded("concept_mentions.csv", true, (*Result).ConceptMentionRows, (*Result).encodeConceptMentionRows),
		report("concept_changes.csv", true, (*Result).ConceptChangeRows),
		report("warnings.csv", false, (*Result).WarningRows),
	}
	if skipped {
		specs = append(specs, report("errors.csv", false, (*Result).ErrorRows))
	}
	return specs
}

// WriteReports writes every CSV report into dir and returns the names of those written, in the
// order of reportSpecs (also when it stops early: then the others were left as they were).
// errors.csv is written only when an input was skipped; an errors.csv left from an earlier run is
// removed otherwise, so the folder always describes the latest run.
func (r *Result) WriteReports(ctx context.Context, dir string) ([]string, error) {
	reports := reportSpecs(len(r.Skipped) > 0)
	if len(r.Skipped) == 0 {
		if err := results.Remove(dir, "errors.csv"); err != nil {
			return nil, err
		}
	}
	// The reports are independent files: they are built and written on up to two goroutines (a
	// third would hold a third report's rows in memory at once). Row builders only read the Result.
	done := make([]bool, len(reports))
	err := forEach(ctx, len(reports), 2, func(i int) error {
		s, err := reports[i].open(dir)
		if err != nil {
			return err
		}
		if err := s.add(ctx, r); err != nil {
			s.abort()
			return err
		}
		if err := s.commit(ctx); err != nil {
			return err
		}
		done[i] = true
		return nil
	}, nil)
	var names []string
	for i, rep := range reports {
		if done[i] {
			names = append(names, rep.name)
		}
	}
	return names, err
}
