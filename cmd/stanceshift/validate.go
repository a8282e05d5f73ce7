package main

import (
	"context"
	"fmt"
	"io"

	"github.com/stanceshift/stanceshift/pipeline"
)

const validateUsage = `Usage: stanceshift corpus validate [--quiet] [PATH]

Reads and segments a corpus exactly as 'run' does, prints each document with its number of
provisions, and every skipped input and warning, without writing any report. Without PATH it checks
the embedded default corpus. Exit code 1 when any input could not be read. It runs only run's
per-document stage (read, decode, segment, analyse), one document at a time, so it checks an
archive in flat memory; the warnings of run's model fits ("lss not run") are run's alone. A
progress bar is drawn on stderr when it is a terminal (not with --quiet).

Examples:
  stanceshift corpus validate corpus.yaml
  stanceshift corpus validate drafts/
`

func cmdValidate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("corpus validate", validateUsage, stderr)
	quiet := fs.Bool("quiet", false, "no progress display on stderr")
	if err := parseFlags(fs, args, 1); err != nil {
		return err
	}
	progress, finish := newProgress(stderr, *quiet)
	c, err := loadCorpus(ctx, fs.Arg(0), progress)
	finish()
	if err != nil {
		return err
	}
	res, err := pipeline.Validate(ctx, c, pipeline.Options{Progress: progress})
	finish()
	if err != nil {
		return err
	}
	for _, d := range res.Docs {
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%d provisions\t%d words\n", d.Doc.ID, d.Doc.Instrument, d.Doc.Version, d.Provisions, d.Words)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	for _, e := range res.Skipped {
		fmt.Fprintf(stdout, "error: %v\n", e)
	}
	fmt.Fprintf(stdout, "%d documents read, %d skipped, %d warnings\n", len(res.Docs), len(res.Skipped), len(res.Warnings))
	if len(res.Skipped) > 0 {
		return errReported
	}
	return nil
}
