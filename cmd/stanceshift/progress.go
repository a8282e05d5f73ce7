package main

import (
	"io"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// newProgress returns a pipeline progress callback that draws a bar on w (progressTo) when w is
// a terminal and quiet is off; nil otherwise, so nothing is drawn into logs or pipes. run hands
// it to the pipeline and then to the report (its instrument pages).
func newProgress(w io.Writer, quiet bool) (update func(stage string, done, total int), finish func()) {
	f, ok := w.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, func() {}
	}
	return progressTo(f, 100*time.Millisecond)
}

// progressTo draws one bar per stage on w: the stage, done of total, the rate in the stage's
// unit (what its name counts in parentheses: "analyze+score+write (provisions)" gives
// "provisions/s") and the time left, redrawn at most once per throttle. A stage's bar starts
// when the stage reports done 0, so that its clock and rate start with its work. It uses
// schollz/progressbar (maintained, throttled redraws, rate and ETA built in) rather than
// hand-written terminal code.
func progressTo(w io.Writer, throttle time.Duration) (update func(stage string, done, total int), finish func()) {
	var bar *progressbar.ProgressBar
	var current string
	update = func(stage string, done, total int) {
		if bar == nil || stage != current {
			if bar != nil {
				bar.Finish()
			}
			current = stage
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(w),
				progressbar.OptionSetDescription(stage), progressbar.OptionShowCount(),
				progressbar.OptionShowIts(), progressbar.OptionSetItsString(progressUnit(stage)),
				progressbar.OptionSetPredictTime(true), progressbar.OptionThrottle(throttle),
				progressbar.OptionClearOnFinish())
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

// progressUnit is what a stage counts, from its name's last parentheses ("read+analyze
// (documents)": "documents"); "items" when it names none.
func progressUnit(stage string) string {
	if strings.HasSuffix(stage, ")") {
		if i := strings.LastIndexByte(stage, '('); i >= 0 && i+1 < len(stage)-1 {
			return stage[i+1 : len(stage)-1]
		}
	}
	return "items"
}
