package pipeline

import (
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
	var rows []results.ProvisionRow
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
	for _, d := range r.Docs {
		n += len(d.Provisions)
	}
	return map[string]int{"documents": len(r.Docs), "provisions": n, "skipped": len(r.Skipped),
		"warnings": len(r.Warnings), "instruments": len(corpus.Instruments(r.Corpus.Documents))}
}

// csvReport writes one CSV report from a row builder.
type csvReport struct {
	name  string
	write func(ctx context.Context, dir, name string) error
}

func csvOf[T results.Row](rows func() []T) func(ctx context.Context, dir, name string) error {
	return func(ctx context.Context, dir, name string) error { return results.WriteCSV(ctx, dir, name, rows()) }
}

// WriteReports writes every CSV report into dir and returns the names of those written, in the
// order of the list below (also when it stops early: then the others were left as they were).
// errors.csv is written only when an input was skipped; an errors.csv left from an earlier run is
// removed otherwise, so the folder always describes the latest run.
func (r *Result) WriteReports(ctx context.Context, dir string) ([]string, error) {
	reports := []csvReport{
		{"documents.csv", csvOf(r.DocumentRows)},
		{"provisions.csv", csvOf(r.ProvisionRows)},
		{"entities.csv", csvOf(r.EntityRows)},
		{"keyphrases.csv", csvOf(r.KeyphraseRows)},
		{"keyphrase_changes.csv", csvOf(r.KeyphraseChangeRows)},
		{"terms.csv", csvOf(r.TermRows)},
		{"alignment.csv", csvOf(r.AlignmentRows)},
		{"reuse.csv", csvOf(r.ReuseRows)},
		{"references.csv", csvOf(r.ReferenceRows)},
		{"stance.csv", csvOf(r.StanceRows)},
		{"document_scores.csv", csvOf(r.DocumentScoreRows)},
		{"shifts.csv", csvOf(r.ShiftRows)},
		{"summary.csv", csvOf(r.SummaryRows)},
		{"concept_mentions.csv", csvOf(r.ConceptMentionRows)},
		{"concept_changes.csv", csvOf(r.ConceptChangeRows)},
		{"warnings.csv", csvOf(r.WarningRows)},
	}
	if len(r.Skipped) > 0 {
		reports = append(reports, csvReport{"errors.csv", csvOf(r.ErrorRows)})
	} else if err := results.Remove(dir, "errors.csv"); err != nil {
		return nil, err
	}
	// The reports are independent files: they are built and written on up to two goroutines (a
	// third would hold a third report's rows in memory at once). Row builders only read the Result.
	done := make([]bool, len(reports))
	err := forEach(ctx, len(reports), 2, func(i int) error {
		if err := reports[i].write(ctx, dir, reports[i].name); err != nil {
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
