package main

import (
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// newProgress returns a pipeline progress callback that draws a bar on w (stage, items done,
// rate, time left) when w is a terminal and quiet is off; nil otherwise, so nothing is drawn into
// logs or pipes. run hands it to the pipeline and then to the report (its instrument pages). It
// uses schollz/progressbar (maintained, throttled redraws, rate and ETA built in) rather than
// hand-written terminal code.
func newProgress(w io.Writer, quiet bool) (update func(stage string, done, total int), finish func()) {
	f, ok := w.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, func() {}
	}
	var bar *progressbar.ProgressBar
	var current string
	update = func(stage string, done, total int) {
		if bar == nil || stage != current {
			if bar != nil {
				bar.Finish()
			}
			current = stage
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(f),
				progressbar.OptionSetDescription(stage), progressbar.OptionShowCount(),
				progressbar.OptionShowIts(), progressbar.OptionSetItsString("items"),
				progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish())
		}
		bar.Set(done)
	}
	finish = func() { // ends the stage's bar; a later update starts a new one
		if bar != nil {
			bar.Finish()
			bar, current = nil, ""
		}
	}
	return update, finish
}
