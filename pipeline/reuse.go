package pipeline

import (
	"context"
	"time"

	"github.com/stanceshift/stanceshift/pipeline/reuse"
	"github.com/stanceshift/stanceshift/results"
)

// Reuse is the cross-instrument stage: passages a provision shares with a provision of another
// instrument (candidates from an inverted index of rare shingles, then word-level Smith-Waterman
// with affine gaps; the earlier document is the source), and, for documents with role
// "reference", whether each later document of another instrument echoes each reference
// provision.
func (r *Result) Reuse(ctx context.Context, opt reuse.Options, echo reuse.EchoOptions) error {
	start := time.Now()
	var provs []reuse.Provision
	for _, d := range r.Docs {
		for i, p := range d.Provisions {
			rp := reuse.Provision{ID: p.ID, DocID: d.Doc.ID, Instrument: d.Doc.Instrument, Date: d.Doc.Date,
				Order: d.Doc.Order, Text: p.Text}
			if i < len(d.Analyses) {
				rp.Words = d.Analyses[i].Tokens
				if rp.Words == nil {
					rp.Words = []reuse.Word{} // analysed, no tokens: not "tokenize the text again"
				}
			}
			provs = append(provs, rp)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r.Reused = reuse.Find(provs, opt)
	roles := map[string]bool{}
	for _, d := range r.Docs {
		roles[d.Doc.ID] = d.Doc.Role == "reference"
	}
	r.Echoes = reuse.Echoes(provs, func(id string) bool { return roles[id] }, echo)
	r.Stages = append(r.Stages, results.Stage{Name: "reuse", Seconds: time.Since(start).Seconds(), Items: len(r.Reused)})
	return ctx.Err()
}

// ReuseRows builds reuse.csv, in the stage's order (score descending, then input position).
func (r *Result) ReuseRows() []results.ReuseRow {
	rows := make([]results.ReuseRow, len(r.Reused))
	for i, x := range r.Reused {
		rows[i] = results.ReuseRow{SourceProvision: x.Source, TargetProvision: x.Target, SourceDoc: x.SourceDoc,
			TargetDoc: x.TargetDoc, Score: x.Score, AlignedWords: x.AlignedWords, SourceStart: x.SourceStart,
			SourceEnd: x.SourceEnd, TargetStart: x.TargetStart, TargetEnd: x.TargetEnd,
			SourcePassage: x.SourcePassage, TargetPassage: x.TargetPassage}
	}
	return rows
}

// ReferenceRows builds references.csv: for each reference provision and each later document of
// another instrument, whether that document echoes it.
func (r *Result) ReferenceRows() []results.ReferenceRow {
	rows := make([]results.ReferenceRow, len(r.Echoes))
	for i, e := range r.Echoes {
		rows[i] = results.ReferenceRow{ReferenceProvision: e.ReferenceProvision, ReferenceDoc: e.ReferenceDoc,
			TargetDoc: e.TargetDoc, Echoed: e.Echoed, BestTargetProvision: e.BestTargetProvision, Score: e.Score}
	}
	return rows
}
