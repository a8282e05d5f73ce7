// Package pipeline holds stanceshift's stages and their composition.
//
// There are three kinds of step, each a plain function over plain data so that the in-process
// engine here (goroutines) and a distributed engine can drive the same logic:
//
//   - per-document maps: ReadDocument turns one document's bytes into a DocResult (decoded,
//     normalised, segmented into provisions, counted);
//   - corpus-wide reductions (vocabulary and document frequencies, in package vectorize);
//   - per-instrument groups (alignment of consecutive versions; later issues).
//
// Run drives the steps over a corpus with a pool of workers and returns a Result whose documents
// are in a deterministic order (instrument, then version order), whatever the number of workers.
// Reports builds the report rows from a Result; package results writes them.
//
// A document that cannot be read is recorded in Result.Skipped with its path and line and the
// others go on, unless Options.Strict is set, in which case Run stops at the first such error.
package pipeline
