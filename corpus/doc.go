// Package corpus holds the documents and provisions stanceshift reads, and the readers that
// build a corpus from a YAML manifest, a directory of drafts or a provisions table.
//
// A Document is one version of one instrument; documents sharing an Instrument are versions of
// one text, ordered by date and then by input order. A Provision is one paragraph, article or
// item; its Start and End are byte offsets into the document's normalised text (the text the
// segmenter produces), so every downstream result can point back at the words that produced it.
//
// Errors are *Error values naming the file and line; warnings never stop a run.
package corpus
