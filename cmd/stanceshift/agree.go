package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/stanceshift/stanceshift/models/labels"
	"github.com/stanceshift/stanceshift/pipeline"
	"github.com/stanceshift/stanceshift/results"
)

const agreeUsage = `Usage: stanceshift agree --labels A.csv --labels B.csv [--splits LIST] [--out DIR]

Compares two label sets of the same provisions, matched by provision_id: A, the first --labels (the
reference, e.g. the gold labels), and B, the second (another annotator). No corpus is read. Only the
provisions both files label are compared; the others are counted (only_a, only_b). Per split it
prints and writes to agreement.csv: n, the observed agreement on the stance, Cohen's kappa
(unweighted, three stances), Cohen's kappa with linear weights on the stance axis (multistakeholder
< neutral < state_centric: a state_centric/multistakeholder disagreement weighs twice one between a
pole and neutral), Krippendorff's alpha (nominal), the macro-F1 and per-stance precision, recall and
F1 of B against A (A as gold, exactly as eval scores a model, so comparable with eval.csv's
macro_f1), and the Spearman correlation of the scores both files give. agreement_confusion.csv
holds the 3x3 matrix (a_label, b_label, n). A statistic that is undefined (the kappas and alpha
when both files use one and the same stance throughout) is an empty cell, "-" in the table.

A shared provision belongs to A's split (B's when A has none). --splits LIST (comma-separated:
train, validation, test, heldout, all) computes only the named splits; "all" is every provision both files
label, whatever its split. By default: each split the shared provisions have, or all when none has
a split. A requested split with no provision labelled in both files is an error.

Examples:
  stanceshift agree --labels testdata/labels/governance_labels.csv \
      --labels testdata/labels/annotator2_test_labels.csv --splits test
  stanceshift agree --labels coder1.csv --labels coder2.csv --out agreement/
`

func cmdAgree(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("agree", agreeUsage, stderr)
	var labelsPaths pathList
	var splitsFlag, out string
	fs.Var(&labelsPaths, "labels", "labels `CSV`, given twice: first the reference (A), then the second annotator (B)")
	fs.StringVar(&splitsFlag, "splits", "", "`SPLITS` to compare, comma-separated: train, validation, test, heldout, all (default: every split the shared provisions have)")
	fs.StringVar(&out, "out", "out", "output `DIR` for agreement.csv and agreement_confusion.csv")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if len(labelsPaths) != 2 {
		return usageError{fmt.Sprintf("agree: --labels must be given exactly twice (A, then B), got %d", len(labelsPaths))}
	}
	splits, err := parseAgreeSplits(splitsFlag)
	if err != nil {
		return err
	}
	a, err := labels.ReadFile(labelsPaths[0])
	if err != nil {
		return err
	}
	b, err := labels.ReadFile(labelsPaths[1])
	if err != nil {
		return err
	}
	gs, err := labels.AgreeSplits(a, b, splits)
	if err != nil {
		return fmt.Errorf("agree: %s against %s: %w", labelsPaths[0], labelsPaths[1], err)
	}
	if len(gs) == 0 {
		return fmt.Errorf("agree: %s against %s: %w (A: %d labels, B: %d)", labelsPaths[0], labelsPaths[1], labels.ErrNoOverlap, len(a), len(b))
	}

	var rows []results.AgreementRow
	var conf []results.AgreementConfusionRow
	for _, g := range gs {
		rows = append(rows, agreementRow(g))
		for i, sa := range labels.Stances {
			for j, sb := range labels.Stances {
				conf = append(conf, results.AgreementConfusionRow{Split: g.Split, ALabel: sa, BLabel: sb, N: g.Confusion[i][j]})
			}
		}
		if g.SplitDiffers > 0 {
			fmt.Fprintf(stderr, "stanceshift: warning: split %s: %d shared provisions have another split in %s (the split of %s is used)\n",
				g.Split, g.SplitDiffers, labelsPaths[1], labelsPaths[0])
		}
	}
	if err := results.WriteCSV(ctx, out, "agreement.csv", rows); err != nil {
		return err
	}
	if err := results.WriteCSV(ctx, out, "agreement_confusion.csv", conf); err != nil {
		return err
	}

	fmt.Fprintf(stdout, "A = %s\nB = %s\n\n", labelsPaths[0], labelsPaths[1])
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "split\tn\tonly_a\tonly_b\tobserved\tkappa\tkappa_linear\talpha_nominal\tmacro_f1_b_vs_a\tspearman")
	for _, g := range gs {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.3f\t%s\t%s\t%s\t%.3f\t%s\n", g.Split, g.N, g.OnlyA, g.OnlyB, g.Observed,
			fmtNaN(g.Kappa), fmtNaN(g.KappaLinear), fmtNaN(g.AlphaNominal), g.MacroF1, fmtNaN(g.Spearman))
	}
	tw.Flush()
	for _, g := range gs {
		fmt.Fprintf(stdout, "\n%s: A's stance (rows) against B's (columns)\n", g.Split)
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "\t%s\n", strings.Join(labels.Stances, "\t"))
		for i, s := range labels.Stances {
			fmt.Fprintf(tw, "%s", s)
			for j := range labels.Stances {
				fmt.Fprintf(tw, "\t%d", g.Confusion[i][j])
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
		var stance, poles []string
		score := 0
		for _, d := range g.Differences {
			switch d.Steps() {
			case 0:
				score++
			case 2:
				poles = append(poles, d.ProvisionID)
				fallthrough
			default:
				stance = append(stance, d.ProvisionID)
			}
		}
		fmt.Fprintf(stdout, "differences: %d of stance (%d state_centric against multistakeholder), %d of score only\n",
			len(stance), len(poles), score)
		if len(poles) > 0 {
			fmt.Fprintf(stdout, "state_centric against multistakeholder: %s\n", strings.Join(poles, " "))
		}
	}
	fmt.Fprintf(stdout, "\nagreement.csv and agreement_confusion.csv written to %s\n", out)
	return nil
}

// agreementRow is the agreement.csv row of g.
func agreementRow(g labels.Agreement) results.AgreementRow {
	r := results.AgreementRow{Split: g.Split, N: g.N, OnlyA: g.OnlyA, OnlyB: g.OnlyB, Observed: g.Observed,
		Kappa: g.Kappa, KappaLinear: g.KappaLinear, AlphaNominal: g.AlphaNominal, MacroF1: g.MacroF1,
		Scored: g.Scored, Spearman: g.Spearman,
		PerClass: pipeline.PerClassRow(g.Classes)} // labels.Stances order = pipeline.Classes order
	return r
}

// parseAgreeSplits reads agree's --splits: comma-separated labels.Splits or labels.SplitAll, no
// repeats.
func parseAgreeSplits(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	valid := append(slices.Clone(labels.Splits), labels.SplitAll)
	var out []string
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if !slices.Contains(valid, p) {
			return nil, usageError{fmt.Sprintf("--splits: unknown split %q (want one of %s)", p, strings.Join(valid, ", "))}
		}
		if slices.Contains(out, p) {
			return nil, usageError{fmt.Sprintf("--splits: %q given twice", p)}
		}
		out = append(out, p)
	}
	return out, nil
}
