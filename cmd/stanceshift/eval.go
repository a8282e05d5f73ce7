package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/stanceshift/stanceshift/pipeline"
	"github.com/stanceshift/stanceshift/results"
)

const evalUsage = `Usage: stanceshift eval --labels FILE [--corpus PATH] [--models LIST] [--min-macro-f1 X] [--out DIR]

Scores the hand-labelled provisions of a corpus with each stance model and compares the result with
the labels, per split (train, test, or all when the labels have no split column). Trainable models
are trained on the train split only: the classifier (also 5-fold cross-validated on it: split "cv")
and Wordscores (train provisions with a gold score are its references). The dictionary and LSS never
see the labels. Prints a table and writes eval.csv and confusion.csv into --out.

With --min-macro-f1 X the command exits 1 when any evaluated model's macro-F1 on the test split (or
on "all" when there is no split) is below X, so a research project can keep its labels as a
regression test in its own CI.

Examples:
  stanceshift eval --labels testdata/labels/governance_labels.csv --corpus testdata/labels/governance.csv
  stanceshift eval --labels labels.csv --corpus corpus.yaml --models dictionary --min-macro-f1 0.7
`

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", evalUsage, stderr)
	var corpusPath, labelsPath, modelsFlag, out, dictPath, tfidf string
	var minF1 float64
	fs.StringVar(&labelsPath, "labels", "", "hand labels `CSV`: provision_id, stance, optional score, concepts, split (required)")
	fs.StringVar(&corpusPath, "corpus", "", "the corpus the labels were written for (`PATH`); default: the embedded corpus")
	fs.StringVar(&modelsFlag, "models", "", "`MODELS` to evaluate, comma-separated (default: all four)")
	fs.StringVar(&dictPath, "dictionary", "", "dictionary `YAML` replacing the embedded one")
	fs.StringVar(&tfidf, "tfidf", pipeline.TFIDFDefault, "TF-IDF `SETTING` for the classifier and Wordscores features")
	fs.Float64Var(&minF1, "min-macro-f1", 0, "exit 1 when a model's test macro-F1 is below `X`")
	fs.StringVar(&out, "out", "out", "output `DIR` for eval.csv and confusion.csv")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if labelsPath == "" {
		return usageError{"eval: --labels is required"}
	}
	if !(minF1 >= 0 && minF1 <= 1) {
		return usageError{fmt.Sprintf("--min-macro-f1 must be in [0, 1], got %v", minF1)}
	}
	modelList, err := parseModels(modelsFlag)
	if err != nil {
		return err
	}
	tf, err := pipeline.TFIDFOptions(tfidf)
	if err != nil {
		return usageError{err.Error()}
	}
	c, err := loadCorpus(corpusPath)
	if err != nil {
		return err
	}
	dict, err := loadDictionary(c, dictPath)
	if err != nil {
		return err
	}
	ls, err := loadLabels(c, labelsPath)
	if err != nil {
		return err
	}
	res, err := pipeline.Run(ctx, c, pipeline.Options{TFIDF: &tf,
		Stance: pipeline.StanceOptions{Models: []string{"dictionary"}, Dictionary: dict}})
	if err != nil {
		return err
	}
	for _, e := range res.Skipped {
		fmt.Fprintf(stderr, "stanceshift: skipped: %v\n", e)
	}
	ev, err := pipeline.Evaluate(res, ls, pipeline.EvalOptions{Models: modelList, Dictionary: dict, TF: tf})
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
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "model\tsplit\tn\taccuracy\tmacro_f1\tspearman")
	for _, r := range ev.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t%.3f\t%s\n", r.Model, r.Split, r.N, r.Accuracy, r.MacroF1, fmtNaN(r.Spearman))
	}
	tw.Flush()
	fmt.Fprintf(stdout, "eval.csv and confusion.csv written to %s\n", out)
	if minF1 > 0 {
		var failed []string
		for _, r := range ev.Rows {
			if (r.Split == "test" || r.Split == "all") && r.MacroF1 < minF1 {
				failed = append(failed, fmt.Sprintf("%s %s macro-F1 %.3f", r.Model, r.Split, r.MacroF1))
			}
		}
		if len(failed) > 0 {
			return fmt.Errorf("below --min-macro-f1 %.3f: %v", minF1, failed)
		}
	}
	return nil
}

func fmtNaN(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.3f", x)
}
