package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/stanceshift/stanceshift/models/labels"
	"github.com/stanceshift/stanceshift/pipeline"
	"github.com/stanceshift/stanceshift/results"
)

const evalUsage = `Usage: stanceshift eval --labels FILE [--labels FILE ...] [--corpus PATH ...] [--models LIST] [--splits LIST] [--min-macro-f1 X] [--out DIR] [--workers N] [--quiet]

Scores the hand-labelled provisions of a corpus with each stance model and compares the result with
the labels, per split (train, validation, test, heldout, or all when the labels have no split
column). Trainable models, the classifier (its C chosen by 5-fold cross-validation on its training
rows) and Wordscores (training provisions with a gold score are its references), never train on
test or heldout labels.
The train and validation splits are scored by models fitted on the train split only, so validation
stays held out; the test and heldout splits by models refitted on train + validation (every label
not held out), as run fits. Split heldout is for a second held-out set written apart from the
first (testdata/labels/HELDOUT.md): it is scored like test and reported on its own. Split "cv" is a nested 5-fold cross-validation on the train split, each outer fold
choosing C on the other four. The dictionary and LSS never see the labels. Prints a table and the
rows each fit used ("fitted on"), and writes eval.csv and confusion.csv into --out. The corpus is
read in one pass that keeps only the labelled provisions, the vocabulary and the LSS sentences, so an
archive is evaluated in flat memory; a progress bar is drawn on stderr when it is a terminal (not
with --quiet).

The classifier's features are TF-IDF words, TF-IDF character 3- to 5-grams within words
(scikit-learn's char_wb) and TF-IDF word bigrams (pairs of consecutive words as scikit-learn's
default analyzer finds them), n-grams and bigrams kept when in at least 2 training provisions;
--classifier-char-ngrams=false leaves the n-grams out, --classifier-word-bigrams=false the bigrams.

--labels and --corpus repeat. Several labels files are merged into one set (a provision labelled in
two files is an error naming both); each label keeps its own split, so a train-only file adds
training data and leaves the test split as it is. Several --corpus are merged when each is a
provisions table (a document id in two tables is an error); the labels may name provisions of any
of them.

--splits LIST (comma-separated: train, validation, test, heldout, cv, all) computes only the named splits;
the others are not scored at all. Tune a dictionary or the classifier's features with
--splits train,cv,validation, so that the test split stays unseen until the one final run; the
validation split is held out from training, so it says whether a change carries over to unseen
provisions.

With --min-macro-f1 X the command exits 1 when any evaluated model's macro-F1 on the test or heldout
split (or on "all" when there is no split) is below X, so a research project can keep its labels as
a regression test in its own CI. When none of those is computed, the gate applies to every split
computed (validation included).

Examples:
  stanceshift eval --labels testdata/labels/governance_labels.csv --corpus testdata/labels/governance.csv
  stanceshift eval --labels labels.csv --corpus corpus.yaml --models dictionary --min-macro-f1 0.7
  stanceshift eval --labels labels.csv --corpus corpus.yaml --splits train,cv
  stanceshift eval --labels labels.csv --labels validation_labels.csv --corpus corpus.yaml --splits train,cv,validation
  stanceshift eval --labels testdata/labels/governance_labels.csv --labels testdata/labels/supplement_labels.csv \
      --corpus testdata/labels/governance.csv --corpus testdata/labels/supplement.csv
`

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", evalUsage, stderr)
	var modelsFlag, splitsFlag, out, dictPath, tfidf string
	var corpusPaths, labelsPaths pathList
	var minF1, dictWeight float64
	var charNGrams, wordBigrams, quiet bool
	var workers int
	fs.Var(&labelsPaths, "labels", "hand labels `CSV`: provision_id, stance, optional score, concepts, split (required; repeat to merge several files)")
	fs.Var(&corpusPaths, "corpus", "the corpus the labels were written for (`PATH`; repeat to merge several provisions tables); default: the embedded corpus")
	fs.StringVar(&modelsFlag, "models", "", "`MODELS` to evaluate, comma-separated (default: all four)")
	fs.StringVar(&splitsFlag, "splits", "", "`SPLITS` to compute, comma-separated: train, validation, test, heldout, cv, all (default: every split the labels have, and cv)")
	fs.StringVar(&dictPath, "dictionary", "", "dictionary `YAML` replacing the embedded one")
	fs.StringVar(&tfidf, "tfidf", pipeline.TFIDFDefault, "TF-IDF `SETTING` for the classifier and Wordscores features")
	fs.Float64Var(&dictWeight, "classifier-dict-weight", pipeline.DefaultClassifierDictWeight, dictWeightUsage)
	fs.BoolVar(&charNGrams, "classifier-char-ngrams", pipeline.DefaultClassifierCharNGrams, charNGramsUsage)
	fs.BoolVar(&wordBigrams, "classifier-word-bigrams", pipeline.DefaultClassifierWordBigrams, wordBigramsUsage)
	fs.Float64Var(&minF1, "min-macro-f1", 0, "exit 1 when a model's macro-F1 on the test or heldout split (or all) is below `X`; when none of those is computed, on any split computed")
	fs.StringVar(&out, "out", "out", "output `DIR` for eval.csv and confusion.csv")
	fs.IntVar(&workers, "workers", runtime.NumCPU(), "documents read at once; below the number of CPUs, also the CPUs the process may use (GOMAXPROCS)")
	fs.BoolVar(&quiet, "quiet", false, "no progress display on stderr")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if workers < 1 {
		return usageError{fmt.Sprintf("--workers must be at least 1, got %d", workers)}
	}
	defer limitCPUs(workers)()
	if len(labelsPaths) == 0 {
		return usageError{"eval: --labels is required"}
	}
	if err := checkDictWeight(dictWeight); err != nil {
		return err
	}
	if !(minF1 >= 0 && minF1 <= 1) {
		return usageError{fmt.Sprintf("--min-macro-f1 must be in [0, 1], got %v", minF1)}
	}
	modelList, err := parseModels(modelsFlag)
	if err != nil {
		return err
	}
	splits, err := parseSplits(splitsFlag)
	if err != nil {
		return err
	}
	tf, err := pipeline.TFIDFOptions(tfidf)
	if err != nil {
		return usageError{err.Error()}
	}
	progress, finish := newProgress(stderr, quiet)
	c, err := loadCorpora(ctx, corpusPaths, progress)
	finish()
	if err != nil {
		return err
	}
	dict, err := loadDictionary(c, dictPath)
	if err != nil {
		return err
	}
	ls, err := loadLabels(c, labelsPaths)
	if err != nil {
		return err
	}
	interrupted := func() error {
		fmt.Fprintf(stderr, "stanceshift: interrupted; eval.csv and confusion.csv in %s were not written or changed\n", out)
		return errReported
	}
	// EvaluateCorpus reads the corpus in one pass and keeps only the labelled provisions, the
	// vocabulary and the LSS sentences, so that eval over an archive runs in flat memory.
	ev, skipped, err := pipeline.EvaluateCorpus(ctx, c, ls, pipeline.Options{Workers: workers, Progress: progress}, pipeline.EvalOptions{Models: modelList, Dictionary: dict, TF: tf, Splits: splits,
		ClassifierDictWeight: dictWeightOption(dictWeight), ClassifierCharNGrams: &charNGrams,
		ClassifierWordBigrams: &wordBigrams})
	finish()
	if err != nil && ctx.Err() != nil {
		return interrupted()
	}
	for _, e := range skipped {
		fmt.Fprintf(stderr, "stanceshift: skipped: %v\n", e)
	}
	if err != nil {
		return err
	}
	if ev.Unmatched > 0 {
		fmt.Fprintf(stderr, "stanceshift: warning: %d of %d labels name no provision of the corpus\n", ev.Unmatched, len(ls))
	}
	if err := results.WriteCSV(ctx, out, "eval.csv", ev.Rows); err != nil {
		return err
	}
	if err := results.WriteCSV(ctx, out, "confusion.csv", ev.Confusion); err != nil {
		return err
	}
	if len(ev.Rows) == 0 {
		return fmt.Errorf("eval: no labelled provision in the requested splits %v", splits)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "model\tsplit\tn\taccuracy\tmacro_f1\tspearman")
	for _, r := range ev.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t%.3f\t%s\n", r.Model, r.Split, r.N, r.Accuracy, r.MacroF1, fmtNaN(r.Spearman))
	}
	tw.Flush()
	for _, f := range ev.Fits {
		fmt.Fprintln(stdout, f)
	}
	fmt.Fprintf(stdout, "eval.csv and confusion.csv written to %s\n", out)
	if minF1 > 0 {
		gated := func(split string) bool { return labels.HeldOut(split) || split == "all" }
		if !slices.ContainsFunc(ev.Rows, func(r results.EvalRow) bool { return gated(r.Split) }) {
			gated = func(string) bool { return true }
		}
		var failed []string
		for _, r := range ev.Rows {
			if gated(r.Split) && r.MacroF1 < minF1 {
				failed = append(failed, fmt.Sprintf("%s %s macro-F1 %.3f", r.Model, r.Split, r.MacroF1))
			}
		}
		if len(failed) > 0 {
			return fmt.Errorf("below --min-macro-f1 %.3f: %v", minF1, failed)
		}
	}
	return nil
}

// parseSplits reads --splits: comma-separated names from pipeline.EvalSplits, no repeats.
func parseSplits(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []string
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if err := pipeline.CheckSplits([]string{p}); err != nil {
			return nil, usageError{"--splits: " + err.Error()}
		}
		if slices.Contains(out, p) {
			return nil, usageError{fmt.Sprintf("--splits: %q given twice", p)}
		}
		out = append(out, p)
	}
	return out, nil
}

func fmtNaN(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.3f", x)
}

const charNGramsUsage = "TF-IDF character 3- to 5-grams within words (scikit-learn's char_wb, min_df 2 over the training provisions) in the classifier's features, next to its word features; =false leaves them out"

const dictWeightUsage = "weight `W` of the classifier's three dictionary features (score, state-centric and multistakeholder evidence); 0 leaves them out"

// checkDictWeight validates --classifier-dict-weight.
func checkDictWeight(w float64) error {
	if !(w >= 0) || math.IsInf(w, 0) {
		return usageError{fmt.Sprintf("--classifier-dict-weight must be a finite number >= 0, got %v", w)}
	}
	return nil
}

// dictWeightOption maps the flag to pipeline's option, where 0 means the default and a negative
// value none.
func dictWeightOption(w float64) float64 {
	if w == 0 {
		return -1
	}
	return w
}

const wordBigramsUsage = "TF-IDF word bigrams (pairs of consecutive words as scikit-learn's default analyzer finds them, min_df 2 over the training provisions) in the classifier's features, a third block next to the words and character n-grams; =false leaves them out"
