// Command gen writes a deterministic synthetic corpus for benchmarking stanceshift:
//
//	go run ./bench/gen -size 10MB -out DIR -seed 1
//
// DIR receives corpus.yaml (the manifest format of README.md, "Your own corpus"), texts/*.txt
// (one file per version), provisions.txt (one provision text per line, in document order: the
// input of the scikit-learn baseline) and, written last, generated.json (the counts; its
// presence means the corpus is complete).
//
// Each instrument (a resolution, code of conduct, report, ...) has 3 to 6 versions. A version is
// a UN-style text: a header (symbol, distribution, date, session, agenda item, title), preamble
// paragraphs ending with commas, then numbered ("1.") or lettered ("(a)", when there are at
// most 26) operative paragraphs, hard-wrapped at about 88 columns with a page break (job number,
// form feed, symbol) every 30 paragraphs. From one version to the next a provision is kept
// (about 70%), reworded (word substitutions, insertions, a sentence added or replaced: about
// 25%) or deleted (5%); about 4% of operative paragraphs move, and about 5% new ones are added.
// New sentences are sometimes (6%) copied from another, earlier instrument. The vocabulary is
// governance language from word lists mixed with ordinary English and a Zipf-distributed
// lexicon of made-up names ("the Talvero Forum"), so that the vocabulary grows with the corpus.
//
// Invariants, checked by the tests:
//   - the same seed and size give the same bytes (for a given Go version: math/rand/v2 PCG);
//   - every document has 20 to 400 provisions;
//   - corpus/segment extracts from each text exactly the provisions recorded in provisions.txt,
//     in order, without warnings: the baseline vectorizes what the pipeline extracts;
//   - output is streamed: one instrument (its versions) is in memory at a time, plus a bounded
//     pool of 4096 sentences for reuse.
//
// Sizes are bytes of texts/*.txt in decimal units (1MB = 1,000,000 bytes); generation stops at
// the first instrument boundary past the target, and the last instruments are made smaller so
// that the overshoot stays small.
package main
