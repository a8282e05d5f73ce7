package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/pipeline"
	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/results"
	"github.com/stanceshift/stanceshift/results/report"
)

const runUsage = `Usage: stanceshift run [--corpus PATH] [--out DIR] [flags]

Reads a corpus, splits every document into provisions, analyses, aligns and scores them, and
writes the reports into --out: documents.csv, provisions.csv, entities.csv, keyphrases.csv,
keyphrase_changes.csv, terms.csv, alignment.csv, reuse.csv, references.csv, stance.csv,
document_scores.csv, shifts.csv, summary.csv, concept_mentions.csv, concept_changes.csv,
warnings.csv, errors.csv (only when an input was skipped), run.json, and report.html with charts/
(not with --no-report); README.md describes every column. Without --corpus it runs on the
embedded default corpus (the 2011 and 2015 drafts of the SCO International Code of Conduct for
Information Security and the texts they are compared with).

PATH is one of: a corpus.yaml manifest (or a folder holding one); a folder of drafts named
<instrument>@<version>.txt or .md; a provisions table (.csv or .jsonl) with columns doc_id,
provision_id, text and optionally instrument, version, date, title, section.

Examples:
  stanceshift run
  stanceshift run --corpus ~/drafts --out ~/drafts-out
  stanceshift run --corpus provisions.csv --keep-going --workers 2
`

type runFlags struct {
	corpus, out       string
	gazetteer         string
	entityModel       string
	tfidf             string
	threshold         float64
	emitMatrix        bool
	noReport          bool
	reportPages       string
	noPNG             bool
	models            string
	dictionary        string
	labels            pathList
	shiftBand         float64
	dictWeight        float64
	charNGrams        bool
	wordBigrams       bool
	workers           int
	quiet             bool
	keepGoing, strict bool
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	fs := newFlagSet("run", runUsage, stderr)
	fs.StringVar(&f.corpus, "corpus", "", "corpus `PATH` (manifest, folder of drafts, or provisions table); default: the embedded corpus")
	fs.StringVar(&f.out, "out", "out", "output `DIR` for the reports (not the corpus folder of drafts itself)")
	fs.StringVar(&f.gazetteer, "gazetteer", "", "entity gazetteer `YAML` replacing the embedded one (see pipeline/analyze/entities/gazetteer.yaml)")
	fs.StringVar(&f.entityModel, "entity-model", "", "statistical entity model for what the gazetteer lacks: prose (prose's built-in, slow) or a `DIR` from train-entities; default none")
	fs.StringVar(&f.tfidf, "tfidf", pipeline.TFIDFDefault, "TF-IDF `SETTING`: default (stop words, stems, sublinear tf) or sklearn (scikit-learn's TfidfVectorizer defaults)")
	fs.Float64Var(&f.threshold, "align-threshold", align.DefaultThreshold, "minimum combined similarity for two provisions of consecutive versions to be aligned, in (0, 1]")
	fs.BoolVar(&f.noReport, "no-report", false, "write the CSV reports only, not report.html and charts/")
	fs.BoolVar(&f.noPNG, "no-png", false, noPNGUsage)
	fs.StringVar(&f.reportPages, "report-pages", report.PagesAuto, "report.html layout: `auto` (one page up to 20 instruments, else one page per instrument under instruments/), one or split")
	fs.BoolVar(&f.emitMatrix, "emit-matrix", false, "also write the provision-by-term TF-IDF matrix (matrix.mtx, Matrix Market) with matrix_rows.txt and matrix_cols.txt")
	fs.StringVar(&f.models, "models", "", "stance `MODELS` to run, comma-separated: dictionary, wordscores, lss, classifier (default: every model whose inputs exist)")
	fs.StringVar(&f.dictionary, "dictionary", "", "stance and concept dictionary `YAML` replacing the embedded one (or the manifest's dictionary:)")
	fs.Var(&f.labels, "labels", "hand labels `CSV` (provision_id, stance, ...) to train the classifier on, labels of splits test and heldout excepted (or the manifest's labels:); repeat to merge several files")
	fs.Float64Var(&f.dictWeight, "classifier-dict-weight", pipeline.DefaultClassifierDictWeight, dictWeightUsage)
	fs.BoolVar(&f.charNGrams, "classifier-char-ngrams", pipeline.DefaultClassifierCharNGrams, charNGramsUsage)
	fs.BoolVar(&f.wordBigrams, "classifier-word-bigrams", pipeline.DefaultClassifierWordBigrams, wordBigramsUsage)
	fs.Float64Var(&f.shiftBand, "shift-band", pipeline.DefaultShiftBand, "dead band of shifts.csv: smaller score changes have direction none")
	fs.IntVar(&f.workers, "workers", runtime.NumCPU(), "documents processed at once; below the number of CPUs, also the CPUs the process may use (GOMAXPROCS)")
	fs.BoolVar(&f.quiet, "quiet", false, "print nothing but errors")
	fs.BoolVar(&f.keepGoing, "keep-going", false, "exit 0 even when some inputs were skipped (they are listed in errors.csv)")
	fs.BoolVar(&f.strict, "strict", false, "stop at the first input error")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if f.workers < 1 {
		return usageError{fmt.Sprintf("--workers must be at least 1, got %d", f.workers)}
	}
	defer limitCPUs(f.workers)()
	tf, err := pipeline.TFIDFOptions(f.tfidf)
	if err != nil {
		return usageError{fmt.Sprintf("--tfidf: expected %s or %s, got %q", pipeline.TFIDFDefault, pipeline.TFIDFSklearn, f.tfidf)}
	}
	if !(f.threshold > 0 && f.threshold <= 1) {
		return usageError{fmt.Sprintf("--align-threshold must be in (0, 1], got %v", f.threshold)}
	}
	modelList, err := parseModels(f.models)
	if err != nil {
		return err
	}
	if err := checkDictWeight(f.dictWeight); err != nil {
		return err
	}
	if !(f.shiftBand >= 0) || math.IsInf(f.shiftBand, 0) {
		return usageError{fmt.Sprintf("--shift-band must be a finite number >= 0, got %v", f.shiftBand)}
	}
	alignOpt := align.DefaultOptions()
	alignOpt.Threshold = f.threshold
	if err := checkPagesFlag("report-pages", f.reportPages); err != nil {
		return err
	}
	if f.keepGoing && f.strict {
		return usageError{"--keep-going and --strict cannot be used together"}
	}

	progress, finish := newProgress(stderr, f.quiet)
	c, err := loadCorpus(ctx, f.corpus, progress)
	finish() // the table's bar, if any; the run's stages draw their own
	if err != nil {
		return err
	}
	if c.Kind == corpus.KindDirectory && sameFile(f.out, f.corpus) {
		// the reports would be read as drafts (matrix_rows.txt) or warned about on the next run
		return usageError{fmt.Sprintf("--out %s is the corpus folder: the reports would be written among the drafts; choose another folder (a subfolder is fine: drafts are read from the top of the corpus folder only)", f.out)}
	}
	defer setMemoryBudget(os.Getenv("GOMEMLIMIT"), os.Getenv("GOGC"), inputBytes(c))()
	an, err := newAnalyzer(f.gazetteer, f.entityModel)
	if err != nil {
		return err
	}
	dict, err := loadDictionary(c, f.dictionary)
	if err != nil {
		return err
	}
	ls, err := loadLabels(c, f.labels)
	if err != nil {
		return err
	}
	t0 := time.Now()
	popt := pipeline.Options{Workers: f.workers, Strict: f.strict, Analyzer: an,
		TFIDF: &tf, Align: alignOpt, Progress: progress, ReleaseTokens: true,
		Stance: pipeline.StanceOptions{Models: modelList, Dictionary: dict, Labels: ls, ShiftBand: f.shiftBand,
			ClassifierDictWeight: dictWeightOption(f.dictWeight), ClassifierCharNGrams: &f.charNGrams,
			ClassifierWordBigrams: &f.wordBigrams}}
	// Stream writes the CSV reports (and the matrix) instrument by instrument, in memory that
	// does not grow with the corpus; no file changes unless all of them are complete.
	popt.EmitMatrix = f.emitMatrix
	st, err := pipeline.Stream(ctx, c, f.out, popt)
	finish()
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "stanceshift: interrupted; completed stages: %s; no report was written or changed\n", stageNames(st.Stages))
			return errReported
		}
		return err
	}

	ri := results.NewRunInfo()
	ri.Corpus = results.CorpusInfo{Name: c.Name, Kind: c.Kind, Root: c.Root}
	ri.Inputs = st.Inputs
	ri.Options = map[string]any{"corpus": f.corpus, "out": f.out, "workers": f.workers,
		"keep_going": f.keepGoing, "gazetteer": f.gazetteer, "entity_model": f.entityModel,
		"tfidf": f.tfidf, "align_threshold": f.threshold, "emit_matrix": f.emitMatrix, "no_report": f.noReport, "report_pages": f.reportPages, "no_png": f.noPNG,
		"models": f.models, "dictionary": f.dictionary, "labels": strings.Join(f.labels, ","), "shift_band": f.shiftBand, "strict": f.strict,
		"classifier_dict_weight": f.dictWeight, "classifier_char_ngrams": f.charNGrams,
		"classifier_word_bigrams": f.wordBigrams}
	ri.Counts = st.Counts
	ri.Stages = st.Stages

	names := st.Reports
	wt := time.Now()
	if !f.noReport {
		var more []string
		opt := report.Options{Pages: f.reportPages, NoPNG: f.noPNG, Progress: progress}
		if !f.quiet {
			opt.Note = noteTo(stderr)
		}
		more, err = report.WriteWith(ctx, f.out, opt)
		finish()
		names = append(names, more...)
	} else {
		// An earlier run's report.html and charts would describe other CSVs than these.
		err = report.Remove(f.out)
	}
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "stanceshift: interrupted while writing reports; complete: %v; the others were left as they were\n", names)
			return errReported
		}
		return err
	}
	ri.Stages = append(ri.Stages, results.Stage{Name: "write", Seconds: time.Since(wt).Seconds(), Items: len(names)})
	ri.Stages = append(ri.Stages, results.Stage{Name: "total", Seconds: time.Since(t0).Seconds()})
	ri.Reports = append(names, "run.json")
	if err := ri.Write(ctx, f.out); err != nil {
		return err
	}
	skipped, warnings := st.Skipped, st.Warnings

	for _, e := range skipped {
		fmt.Fprintf(stderr, "stanceshift: skipped: %v\n", e)
	}
	if !f.quiet {
		for _, w := range warnings {
			fmt.Fprintf(stderr, "stanceshift: warning: %s\n", w)
		}
		n := ri.Counts
		fmt.Fprintf(stdout, "stanceshift: %d documents, %d provisions, %d instruments; %d skipped, %d warnings; reports in %s\n",
			n["documents"], n["provisions"], n["instruments"], n["skipped"], n["warnings"], f.out)
	}
	if len(skipped) > 0 && !f.keepGoing {
		return errSkipped(len(skipped))
	}
	return nil
}

// checkPagesFlag is the usage error of a report layout flag (run --report-pages, report --pages)
// whose value report.CheckPages refuses.
func checkPagesFlag(name, value string) error {
	if report.CheckPages(value) != nil {
		return usageError{fmt.Sprintf("--%s: expected %s, %s or %s, got %q", name, report.PagesAuto, report.PagesOne, report.PagesSplit, value)}
	}
	return nil
}

// sameFile reports whether paths a and b both exist and are the same file or folder (however
// written: relative, with a trailing slash, through a symbolic link).
func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// stageNames lists the stages a (possibly interrupted) run completed.
func stageNames(stages []results.Stage) string {
	if len(stages) == 0 {
		return "none"
	}
	var names []string
	for _, s := range stages {
		names = append(names, s.Name)
	}
	return strings.Join(names, ", ")
}

func errSkipped(n int) error {
	return fmt.Errorf("%d input(s) skipped (see errors.csv); use --keep-going to exit 0 anyway", n)
}

// limitCPUs lowers GOMAXPROCS to workers when it is higher, so that --workers N bounds the
// CPUs the whole process uses (the garbage collector and the report writer included), as a
// researcher sharing a machine or holding an N-CPU batch allocation expects; it returns the
// function that restores the previous value. A higher --workers leaves GOMAXPROCS alone.
func limitCPUs(workers int) (restore func()) {
	prev := runtime.GOMAXPROCS(0)
	if workers >= prev {
		return func() {}
	}
	runtime.GOMAXPROCS(workers)
	return func() { runtime.GOMAXPROCS(prev) }
}

// MinMemoryLimit is the floor of a run's automatic soft memory limit (see setMemoryBudget).
const MinMemoryLimit = 192 << 20

// setMemoryBudget gives the Go runtime a soft memory limit of 2.5 times the corpus's input bytes,
// at least MinMemoryLimit, unless the GOMEMLIMIT environment variable (Go's own setting, which
// the runtime has already applied) is set; it returns the function that restores the previous
// settings. When it sets the limit and GOGC is unset too, it also turns the proportional trigger
// off (GOGC=off), the runtime's documented pairing for a process with a known memory budget: the
// collector then runs when the heap nears the limit, not each time the heap doubles its live
// data, so a small live heap is not collected over and over while the budget sits unused.
//
// Measured on the 100MB bench corpus, `run --no-report --workers 2`, CPU user+sys, alternated
// runs (BENCHMARKS.md): the limit alone 69.5-75.8 s (four runs), peak 212-232 MB; with GOGC=200
// 64.5-71.6 s, 257-258 MB; with GOGC=off 60.6-65.5 s, 257-258 MB (the limit, 2.5 times 101 MB).
// Before the limit existed the 100MB corpus with every report peaked at 345 MB without a limit
// (267 s of CPU) and at 258 MB with GOMEMLIMIT=238MiB (262 s); at 2 times the input it peaked
// at 220 MB but took 327 s, so the limit is not lower. When the live data itself is larger than the limit, the runtime caps the
// collector at half the CPU and goes on.
func setMemoryBudget(memLimitEnv, gogcEnv string, input int64) (restore func()) {
	if memLimitEnv != "" {
		return func() {}
	}
	limit := max(int64(MinMemoryLimit), input*5/2)
	prevLimit := debug.SetMemoryLimit(limit)
	if gogcEnv != "" {
		return func() { debug.SetMemoryLimit(prevLimit) }
	}
	prevPercent := debug.SetGCPercent(-1)
	return func() {
		debug.SetGCPercent(prevPercent)
		debug.SetMemoryLimit(prevLimit)
	}
}

// inputBytes is the size of the corpus's input: its documents' files, or the table it was read
// from (files that cannot be read count 0; the run reports them).
func inputBytes(c *corpus.Corpus) int64 {
	var n int64
	if c.FS == nil {
		for _, p := range c.Inputs {
			if st, err := os.Stat(p); err == nil {
				n += st.Size()
			}
		}
		return n
	}
	for _, d := range c.Documents {
		if st, err := fs.Stat(c.FS, d.Path); err == nil {
			n += st.Size()
		}
	}
	return n
}
