// Package reuse finds text reuse between instruments and echoes of reference documents: the
// comparison the seed commentary makes by hand when it notes that the 2015 SCO code's
// paragraph 8 restates WCIT-12 Resolution 3 paragraph E, and that the code cites the 2013 GGE
// report's paragraph on norms (16) but not its paragraph on international law (19).
//
// # Stages
//
// Find runs two stages. Candidates proposes pairs of provisions of different instruments
// cheaply; LocalAlign scores each proposed pair and locates the shared passage.
//
// Words. A provision's words are the caller's tokens (or Tokenize's). A token is compared by
// its letters and digits, lower-cased ("[i]nternational" = "international"), optionally by its
// Porter2 stem (Options.Stem). Stop words (default: scikit-learn's English list, as in package
// vectorize) and tokens without a letter or digit are left out before both stages: they
// neither score nor cost. Paraphrase changes function words freely ("its security" for "the
// stability, security"), and with stop words kept as zero-score tokens every such change costs
// a gap or mismatch: on the seed pair the exact-word alignment then breaks into its
// three-word fragment "international Internet governance" unless the penalties are made so
// soft (mismatch -0.25, gap -0.5/-0.1) that unrelated text chains too.
//
// Candidates: an inverted index of rare content-word shingles (as in passim and TextPAIR),
// not MinHash. MinHash/LSH estimates the Jaccard similarity of whole provisions, but reuse is
// usually partial and paraphrased: the seed pair's word 3-shingle sets have Jaccard 0.033, so
// LSH with 32 bands of 4 rows would propose it with probability 4e-5 (TestShingleLength). The
// index keeps each distinct shingle (Shingle content words, default 2) of each provision,
// drops shingles found in more than MaxDF (50) provisions (boilerplate: they would cost
// quadratic work and carry no evidence), and proposes pairs sharing MinShared (2) shingles.
// Bigrams, because the paraphrase in the first sentence of the 2015 paragraph 8 shares exactly
// two bigrams with WCIT E and no trigram. The work is a radix sort of the postings plus at most
// (MaxDF-1)/2 pair counts per posting: linear in the corpus, never all pairs.
//
// LocalAlign: word-level Smith-Waterman with affine gaps (Gotoh), in O(len(a)*len(b)) time and
// O(len(b)) memory. Each DP state carries its alignment's start and match count, so no
// traceback matrix is needed; ties go to more matched words, then to the first cell in
// row-major order. It is checked against brute force over every window pair with full Gotoh
// matrices (TestAlignOracle). Defaults: Match 2, Mismatch -0.5, GapOpen -1, GapExtend -0.5 (a
// gap of k words costs 0.5+0.5k): one matched content word pays for a substitution and a
// three-word gap, which is what restated treaty language needs (the seed pair scores 8.5 with
// 7 words; with the textbook -1/-3/-0.5 it falls apart). Find keeps pairs scoring at least
// MinScore 7 with at least MinWords 5 matched content words. On the default corpus the
// reported reuses score 8.5 to 22 with 7 to 11 words and the best unreported pair 6 with 3
// words (TestDefaultCorpusThresholdMargins).
//
// Orientation: the provision of the earlier document is the source. Dates compare on their
// common prefix ("2012" ties "2012-12-14"); ties and missing dates fall back to Order.
//
// # Echoes
//
// Echoes asks, for each provision r of each reference document and each later document of
// another instrument, whether that document echoes r. The similarity of r and a target
// provision t is 0.5*AlignShare + 0.5*Overlap: Overlap is the share of r's distinct content
// stems found in t (picks up piecemeal, reordered citation: the 2015 preamble cites GGE 16's
// phrases in a different frame); AlignShare the share of r's content words matched by the best
// local alignment (rewards wording kept in sequence). No TF-IDF, so the measure does not
// depend on the rest of the corpus. The echo score is the best over t; Echoed means score >=
// 0.45. On the default corpus the three echoes score 0.608 to 0.821 and every other row at
// most 0.333 (GGE 19 in the 2015 code: 0.155).
//
// # Invariants
//
//   - Only provisions of different instruments are compared (an empty Instrument stands for
//     its document alone); versions of one instrument are package align's business.
//   - Output is deterministic: no map iteration decides an order; Candidates is sorted, Find
//     by score then input positions, Echoes in input order.
//   - Offsets are bytes into each provision's Text: SourcePassage == Text[SourceStart:SourceEnd].
//   - Nothing panics on any input: words with offsets outside Text are ignored (fuzzed).
package reuse
