// Package graph is the Apache Beam form of stanceshift's pipeline: the same stage code as
// pipeline.Run (package pipeline's exported per-document and corpus-wide functions, and
// reuse's keyed form of Find), wired as a Beam graph so that a corpus larger than one machine
// can run on Flink, Spark or Dataflow. Prism, Beam's local runner, runs it in the tests.
//
// # Graph
//
//	fileio.MatchFiles + ReadMatches      whole files (textio.Read would lose the file boundaries)
//	ParDo readFn                         pipeline.ReadDocument + DocResult.Analyze, per document
//	  or, for a provisions table:
//	CreateList splits, Reshuffle         the table's documents in splits of about 32 MiB of it
//	ParDo tableReadFn                    each document's rows read again by the places Load
//	                                     found (corpus.TableLocation), PresplitDocument + Analyze
//	ParDo termsFn, Combine DFCombineFn   vocabulary and document frequencies: a lifted combine
//	                                     (vectorize.DFCombineFn; accumulators merge on the workers)
//	ParDo vectorsFn  (side: vocabulary)  DocResult.SetVectors and ExtractKeyphrases
//	Combine countsFn, ParDo sampleFn,    LSS: sentence counts per document, then each document
//	ParDo lssFitFn on an impulse         emits the sentences of the stride sample
//	  (side: the sample)                 (pipeline.StridePicks), fitted once by pipeline.FitLSS
//	ParDo wsDocFn, Combine wsFitFn       Wordscores: FitWordscores and PredictDocuments (the
//	                                     rescalings need every document)
//	ParDo scoreFn    (side: both fits)   ScoreTexts, PredictProvisions, DocConcepts; the
//	                                     per-document reports
//	GroupByKey instrument, versionsFn    Result.Align on the instrument's versions; alignment,
//	                                     key phrase changes, shifts, summary, concept changes
//	ParDo reuseInputsFn, GroupByKey      reuse candidates as a keyed join on shingle hashes:
//	bucket, shinglePairsFn, GroupByKey   postings keyed by hash bucket, pair counts keyed by pair
//	pair bucket, keepPairsFn,            bucket, then two CoGroupByKeys with the provisions by id
//	CoGroupByKey x2, alignPairsFn        and reuse.AlignPair
//	ParDo echoFn     (side: references)  pipeline.EchoesInto, per target document
//	WriteShards                          rows to <report>-SSSSS-of-NNNNN.csv, header in each shard
//
// The reuse join is keyed by the shingles of package reuse's inverted index, not by MinHash/LSH
// bands: reuse's documentation explains why (reuse is partial and paraphrased; the seed pair's
// shingle sets have Jaccard 0.033 and LSH would miss it), and keying the same shingles is what
// makes the Beam candidates exactly Find's (reuse.TestKeyedFindEqualsFind).
//
// # Equivalence
//
// Every report has the rows of `stanceshift run`'s report; only their order differs. Merge
// writes the header, then the rows sorted bytewise; TestEquivalence compares every CSV report
// of pipeline.Run + WriteReports and of the graph on Prism after that sort, on the default
// corpus and (build tag beamlarge) on a generated 20 MB corpus. run.json (timings) and
// report.html (rebuilt from the CSVs by `stanceshift report`) are not written here.
//
// Settings are those of `stanceshift run` without flags (TFIDF, AlignOptions, ReuseOptions,
// EchoOptions), with the manifest's `dictionary:` or the one given to Plan.SetDictionary (its
// YAML travels in the DoFns that score and fit LSS), and with labels (the manifest's `labels:`
// or Plan.SetLabels) the classifier:
//
//	ParDo labelledFn                     each document's labelled provisions' model texts
//	ParDo classifierFitFn on an impulse  pipeline.FitClassifier once, on those texts in corpus
//	  (sides: vocabulary, the texts)     order; the model (Save) goes to scoreFn as a side input,
//	                                     which attaches its featurizer (ClassifierScorer)
//
// # Provisions tables
//
// The driver (NewPlan) loads a table as `stanceshift run` does: one pass over the file checks
// every row and keeps, per document, its rows' byte ranges and lines and a hash of what they
// held (corpus.TableLocation), which travel to the workers in DocInfo.Table (47.7 bytes of
// JSON a row on the 100MB bench corpus's table: 15.9 MB in the job). The Go SDK hands a runner
// the job as one pipeline proto: Dataflow's runner uploads it to GCS and submits a job request
// without steps (dataflowlib's StageModel and Translate, Beam 2.77), so Dataflow's limit on
// the request's size does not apply; Prism's job service takes messages up to 2 GiB. Neither
// was tried on a cluster at that size. The workers read those rows again from the table, or
// from its copy at --files:
// a local file by positioned reads, an object store (gs://, whose Beam file system reads a file
// from its start only) through one forward reader per split, which skips to the split's first
// row as textio does for its own splits. A copy whose rows differ from the loaded table is an
// error naming the table and the row's line, in errors.csv; that document is skipped.
//
// # Encoding
//
// DocElem (a pipeline.DocResult with its scores) and the Wordscores fit travel as gob (NaN
// scores), the document's corpus.Document apart as JSON; the small plain types use Beam's
// schema coder. Side inputs are read once per DoFn instance. Rows travel batched: one element
// per report per document (or group), not one per row.
package graph
