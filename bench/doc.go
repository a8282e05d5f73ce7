// Package bench holds stanceshift's benchmark harness: bench/gen writes deterministic synthetic
// corpora (UN-style drafts with several versions each), bench/run.sh times the stanceshift CLI on
// them against scikit-learn's TfidfVectorizer on the same provision texts, and
// BenchmarkPipeline (pipeline_bench_test.go) runs pipeline.Run on a generated corpus under
// `go test -bench` so that CPU and memory profiles can be taken.
//
// Invariants: the corpus a benchmark reads is fully determined by its size and seed; the
// baseline reads exactly the provision texts the pipeline extracts (bench/gen checks this
// against the segmenter); every number in BENCHMARKS.md comes from a run of bench/run.sh.
// See README.md.
package bench
