// Command stanceshift-beam runs stanceshift's pipeline on Apache Beam:
//
//	stanceshift-beam --corpus PATH --out DIR [--hand-labels CSV]... [--dictionary YAML] [--keep-going] [--shards N] [--merge=false] [--files URL] [beam options]
//
// PATH is a corpus directory, a corpus.yaml or a provisions table, as for `stanceshift run`.
//
// The runner is Beam's --runner flag: prism (the default, in process: a local test runner),
// flink, spark (--endpoint of a job server, --environment_type) or dataflow (--project,
// --region, --staging_location, --temp_location, --worker_binary). It writes every CSV report
// of `stanceshift run` as shards and, when --out is a local directory, merges them into
// <report>.csv (rows sorted bytewise). See the README, "Running on Apache Beam", and package
// graph.
package main
