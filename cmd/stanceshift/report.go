package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/stanceshift/stanceshift/results/report"
)

const reportUsage = `Usage: stanceshift report [--out DIR] [--pages auto|one|split] [--no-png] [--quiet]

Rebuilds report.html and the charts (charts/*.svg and *.png) from the CSV reports already in DIR,
without rerunning the pipeline: after editing a CSV by hand, or to render reports from another
machine. 'stanceshift run' writes the same report itself. With more than 20 instruments (or
--pages split), report.html is an index and each instrument has its own page,
instruments/inst-<instrument>.html. Like run, it gives Go's collector a soft memory limit of 2.5
times the corpus's text, here the size of DIR/provisions.csv (at least 192 MiB), and collects
when the heap nears it (GOGC=off), unless GOMEMLIMIT is set (GOGC, when set, is kept).

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
	quiet := fs.Bool("quiet", false, "print nothing but errors (no progress display, warnings or summary line)")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := checkPagesFlag("pages", *pages); err != nil {
		return err
	}
	defer setMemoryBudget(os.Getenv("GOMEMLIMIT"), os.Getenv("GOGC"), reportInputBytes(*out))()
	progress, finish := newProgress(stderr, *quiet)
	opt := report.Options{Pages: *pages, NoPNG: *noPNG, Progress: progress}
	if !*quiet {
		opt.Note = noteTo(stderr)
	}
	names, err := report.WriteWith(ctx, *out, opt)
	finish()
	if err != nil && ctx.Err() != nil && names == nil {
		// the report's files appear together or not at all (results.Batch)
		fmt.Fprintf(stderr, "stanceshift: interrupted before the report was complete; nothing in %s was written or changed (report.html, charts/ and instruments/ are as they were)\n", *out)
		return errReported
	}
	if err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(stdout, "stanceshift: wrote %d files into %s (report.html, charts)\n", len(names), *out)
	}
	return nil
}

// noteTo prints each of the report's notes (report.Options.Note: rows of a hand-edited CSV
// the report could not show, say) to w, as a warning.
func noteTo(w io.Writer) func(string) {
	return func(note string) { fmt.Fprintf(w, "stanceshift: warning: report.html: %s\n", note) }
}

// reportInputBytes is what report's memory limit scales with: the size of dir's provisions.csv,
// which holds every provision's text (0 when it cannot be read; report.WriteWith names the
// problem).
func reportInputBytes(dir string) int64 {
	st, err := os.Stat(filepath.Join(dir, "provisions.csv"))
	if err != nil {
		return 0
	}
	return st.Size()
}
