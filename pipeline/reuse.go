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
		provs = append(provs, ReuseProvisions(d)...)
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

// ReuseProvisions is the per-document input of the reuse stage: d's provisions as package reuse
// sees them, with the linguistic layer's tokens as words.
func ReuseProvisions(d *DocResult) []reuse.Provision {
	provs := make([]reuse.Provision, 0, len(d.Provisions))
	for i, p := range d.Provisions {
		rp := reuse.Provision{ID: p.ID, DocID: d.Doc.ID, Instrument: d.Doc.Instrument, Date: d.Doc.Date,
			Order: d.Doc.Order, Text: p.Text}
		if i < len(d.Analyses) {
			rp.Words = d.Analyses[i].Tokens // reuse.Word is the analyser's token type: no copy
			if rp.Words == nil {
				rp.Words = []reuse.Word{} // analysed, no tokens: not "tokenize the text again"
			}
		}
		provs = append(provs, rp)
	}
	return provs
}

// EchoesInto gives the rows of reuse.Echoes whose target is one document, for an engine that
// works document by document (beam/). refs are the provisions of every reference document
// (ReuseProvisions, documents in Result.Docs order), target the target document's. An echo row
// depends only on the reference document's and the target document's provisions (no corpus
// statistics), so these are exactly the rows reuse.Echoes gives for that target on the whole
// corpus, in the same relative order.
func EchoesInto(refs, target []reuse.Provision, opt reuse.EchoOptions) []reuse.Echo {
	if len(target) == 0 {
		return nil
	}
	tid := target[0].DocID
	isRef := map[string]bool{}
	provs := make([]reuse.Provision, 0, len(refs)+len(target))
	for _, p := range refs {
		isRef[p.DocID] = true
		if p.DocID != tid {
			provs = append(provs, p)
		}
	}
	provs = append(provs, target...)
	var out []reuse.Echo
	for _, e := range reuse.Echoes(provs, func(id string) bool { return isRef[id] && id != tid }, opt) {
		if e.TargetDoc == tid {
			out = append(out, e)
		}
	}
	return out
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
