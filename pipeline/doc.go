// Package pipeline holds stanceshift's stages and their composition.
//
// There are three kinds of step, each a plain function over plain data so that the in-process
// engine here (goroutines) and a distributed engine can drive the same logic:
//
//   - per-document maps: ReadDocument turns one document's bytes into a DocResult (decoded,
//     normalised, segmented into provisions, counted);
//   - corpus-wide reductions (vocabulary and document frequencies, in package vectorize);
//   - per-instrument groups (alignment of consecutive versions, the per-instrument reports).
//
// Two engines drive the steps over a corpus with a pool of workers. Run keeps everything and
// returns a Result whose documents are in a deterministic order (instrument, then version
// order), whatever the number of workers; the Result's *Rows methods build the report rows and
// WriteReports writes them (eval uses this). Stream, which stanceshift run uses, writes the same
// report bytes in two passes (per document, then per instrument), holding only the corpus-wide
// reductions and the instruments in flight, with its large intermediate data spilled to
// temporary files: its memory does not grow with the corpus's text.
//
// A document that cannot be read is recorded in Result.Skipped with its path and line and the
// others go on, unless Options.Strict is set, in which case Run (or Stream) stops at the first such error.
package pipeline
