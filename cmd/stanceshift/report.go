package main

import (
	"context"
	"fmt"
	"io"

	"github.com/stanceshift/stanceshift/results/report"
)

const reportUsage = `Usage: stanceshift report [--out DIR] [--pages auto|one|split] [--no-png]

Rebuilds report.html and the charts (charts/*.svg and *.png) from the CSV reports already in DIR,
without rerunning the pipeline: after editing a CSV by hand, or to render reports from another
machine. 'stanceshift run' writes the same report itself. With more than 20 instruments (or
--pages split), report.html is an index and each instrument has its own page,
instruments/inst-<instrument>.html.

Examples:
  stanceshift report --out out
`

// noPNGUsage is --no-png's help, for run and report (measured at 100MB: 207 -> 141 s of CPU).
const noPNGUsage = "draw the charts as SVG only (charts/*.svg), without the PNG copies: about a third less CPU for the report"

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("report", reportUsage, stderr)
	out := fs.String("out", "out", "`DIR` holding the CSV reports; report.html and charts/ are written there")
	pages := fs.String("pages", report.PagesAuto, "layout: `auto` (one page up to 20 instruments), one or split")
	noPNG := fs.Bool("no-png", false, noPNGUsage)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	names, err := report.WriteWith(ctx, *out, report.Options{Pages: *pages, NoPNG: *noPNG})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "stanceshift: wrote %d files into %s (report.html, charts)\n", len(names), *out)
	return nil
}
