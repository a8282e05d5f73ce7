// Command stanceshift is the command-line interface: `run`, `corpus validate`, `eval`, `agree`,
// `report`, `train-entities` and `version`.
//
// main only turns Main(ctx, args, stdout, stderr) into an exit code, so the whole CLI is tested
// in-process. Exit codes: 0 ok, 1 failure (including inputs skipped without --keep-going), 2 usage
// error. Reports go to files, the summary to stdout, diagnostics to stderr.
package main
