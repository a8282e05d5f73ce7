package pipeline

import (
	"context"

	"github.com/stanceshift/stanceshift/corpus"
)

// DocSummary is what Validate keeps of a document read.
type DocSummary struct {
	Doc        *corpus.Document
	Provisions int // provisions found
	Words      int // words of the provisions (as Result.Docs[i].Words)
}

// Validation is what Validate found.
type Validation struct {
	// Docs are the documents read, in Run's order (by instrument name, then version order).
	Docs []DocSummary
	// Skipped and Warnings are Run's, as far as its per-document stage finds them: the
	// corpus's own, then each document's (decoding, segmentation, quoted: markers, analysis).
	Skipped  []error
	Warnings []corpus.Warning
}

// Validate runs only Run's per-document stage over c (read, decode, segment, count words,
// analyse) and keeps of each document its counts and warnings, so its memory does not grow with
// the corpus's text: Run keeps every document's analysis for the corpus-wide stages (5.6 GB at
// 100 MB of text), which a check of the inputs has no use for. The model fits' warnings ("lss
// not run") are Run's and Stream's only.
func Validate(ctx context.Context, c *corpus.Corpus, opt Options) (*Validation, error) {
	res, an, err := begin(c, opt)
	if err != nil {
		return &Validation{Skipped: res.Skipped, Warnings: res.Warnings}, err
	}
	docs := orderedDocs(c)
	sums := make([]DocSummary, len(docs))
	warns := make([][]corpus.Warning, len(docs))
	errs, err := res.readStage(ctx, docs, opt, an, func(i int, r *DocResult) {
		sums[i] = DocSummary{Doc: r.Doc, Provisions: len(r.Provisions), Words: r.Words}
		warns[i] = r.Warnings
	})
	v := &Validation{Skipped: res.Skipped, Warnings: res.Warnings}
	if err != nil {
		return v, err
	}
	for i := range docs {
		if errs[i] != nil {
			v.Skipped = append(v.Skipped, errs[i])
			continue
		}
		v.Docs = append(v.Docs, sums[i])
		v.Warnings = append(v.Warnings, warns[i]...)
	}
	return v, nil
}
