package graph

import (
	"bytes"
	"encoding/csv"

	"github.com/stanceshift/stanceshift/results"
)

// Report is one CSV report the graph writes: its file name and header line.
type Report struct {
	Name   string
	Header string
}

func report[T results.Row](name string) Report {
	b, _ := results.EncodeCSV[T](nil) // the header alone; a header never fails to encode
	return Report{Name: name, Header: string(b)}
}

// Reports are the CSV reports of `stanceshift run` (pipeline.Result.WriteReports), in its
// order; errors.csv is written only when an input was skipped.
var Reports = []Report{
	report[results.DocumentRow]("documents.csv"),
	report[results.ProvisionRow]("provisions.csv"),
	report[results.EntityRow]("entities.csv"),
	report[results.KeyphraseRow]("keyphrases.csv"),
	report[results.KeyphraseChangeRow]("keyphrase_changes.csv"),
	report[results.TermRow]("terms.csv"),
	report[results.AlignmentRow]("alignment.csv"),
	report[results.ReuseRow]("reuse.csv"),
	report[results.ReferenceRow]("references.csv"),
	report[results.StanceRow]("stance.csv"),
	report[results.DocumentScoreRow]("document_scores.csv"),
	report[results.ShiftRow]("shifts.csv"),
	report[results.SummaryRow]("summary.csv"),
	report[results.ConceptMentionRow]("concept_mentions.csv"),
	report[results.ConceptChangeRow]("concept_changes.csv"),
	report[results.WarningRow]("warnings.csv"),
	report[results.ErrorRow]("errors.csv"),
}

// emitRows emits rows as one element (report name, CSV records): the bytes results.EncodeCSV
// writes for them, after the header. One element per call rather than per row: a runner's
// cost is per element (on Prism, 1.2 million one-row elements for the 20 MB corpus dominated
// the run). Nothing is emitted for no rows.
func emitRows[T results.Row](name string, rows []T, emit func(string, string)) {
	if len(rows) == 0 {
		return
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, r := range rows {
		_ = w.Write(r.Record()) // writes to a bytes.Buffer do not fail
	}
	w.Flush()
	emit(name, buf.String())
}

// SplitRecords splits CSV data into records (each with its final newline): a newline ends a
// record unless it is inside a quoted field.
func SplitRecords(data []byte) [][]byte {
	var out [][]byte
	inQuote := false
	start := 0
	for i, c := range data {
		switch c {
		case '"':
			inQuote = !inQuote
		case '\n':
			if !inQuote {
				out = append(out, data[start:i+1])
				start = i + 1
			}
		}
	}
	if start < len(data) {
		out = append(out, data[start:])
	}
	return out
}
