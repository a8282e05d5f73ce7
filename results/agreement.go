package results

// AgreementRow is one row of agreement.csv (stanceshift agree): how far a second label set (B)
// agrees with a reference one (A) on one split. Kappa is Cohen's unweighted kappa on the three
// stances, KappaLinear Cohen's kappa with linear weights on the stance axis (multistakeholder <
// neutral < state_centric), AlphaNominal Krippendorff's alpha (nominal); MacroF1 and the
// per-class precision, recall and F1 treat A as gold and B as predictions, as eval.csv treats a
// model; Spearman correlates the scores of the Scored provisions both sets score. Undefined
// statistics (NaN) are empty fields.
type AgreementRow struct {
	Split           string
	N, OnlyA, OnlyB int
	Observed        float64
	Kappa           float64
	KappaLinear     float64
	AlphaNominal    float64
	MacroF1         float64
	Scored          int
	Spearman        float64
	PerClass        PerClass
}

func (AgreementRow) Header() []string {
	return append([]string{"split", "n", "only_a", "only_b", "observed", "kappa", "kappa_linear", "alpha_nominal",
		"macro_f1_b_vs_a", "scored", "spearman"}, perClassHeader...)
}

func (r AgreementRow) Record() []string {
	f := func(x float64) string { return FormatRounded(x, 4) }
	return r.PerClass.appendFields([]string{r.Split, itoa(r.N), itoa(r.OnlyA), itoa(r.OnlyB), f(r.Observed), f(r.Kappa),
		f(r.KappaLinear), f(r.AlphaNominal), f(r.MacroF1), itoa(r.Scored), f(r.Spearman)}, f)
}

// AgreementConfusionRow is one row of agreement_confusion.csv: how many provisions of a split
// the reference set A labels ALabel and the second set B labels BLabel.
type AgreementConfusionRow struct {
	Split, ALabel, BLabel string
	N                     int
}

func (AgreementConfusionRow) Header() []string { return []string{"split", "a_label", "b_label", "n"} }

func (r AgreementConfusionRow) Record() []string {
	return []string{r.Split, r.ALabel, r.BLabel, itoa(r.N)}
}
