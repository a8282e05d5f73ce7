package labels

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/classifier"
)

// SplitAll names, in Agree, every provision both sets label, whatever its split.
const SplitAll = "all"

// ErrNoOverlap is returned (wrapped) by Agree when the two label sets share no provision in the
// split compared: there is nothing to measure agreement on.
var ErrNoOverlap = errors.New("no provision is labelled in both sets")

// StanceOrder is the order of the stances on the stance axis, from the multistakeholder pole to
// the state-centric pole. The weighted kappa counts the distance between two stances in this
// order: neutral is one step from either pole, the poles are two steps apart.
var StanceOrder = []string{models.Multistakeholder, models.Neutral, models.StateCentric}

// Agreement compares two label sets of the same provisions: A, the reference (the gold labels),
// and B, a second annotator (or a model's labels written as a labels file). Only provisions both
// sets label are compared; OnlyA and OnlyB count the rest.
//
// Every statistic is computed on the N shared provisions:
//
//   - Observed is the share with the same stance.
//   - Kappa is Cohen's kappa on the three stances, unweighted: (po - pe) / (1 - pe), pe from the
//     two annotators' marginal distributions (scikit-learn's cohen_kappa_score).
//   - KappaLinear is Cohen's kappa with linear weights on StanceOrder (cohen_kappa_score with
//     weights="linear" on the stances coded 0, 1, 2): a disagreement between the two poles weighs
//     twice one between a pole and neutral. Linear rather than quadratic weights, because the three
//     classes are ordered but not on an interval scale, and quadratic weights on three classes
//     all but ignore pole-to-neutral disagreements (weight 1/4 against 1 for pole to pole).
//   - AlphaNominal is Krippendorff's alpha for two coders, nominal metric, no missing values:
//     1 - (2N - 1) * D / E, with D the disagreeing cells of the coincidence matrix and E the sum of
//     n_c n_k over distinct stances c, k of the value counts n_c pooled over both coders.
//   - Classes and MacroF1 treat A as gold and B as predictions, exactly as eval treats a model
//     (classifier.Metrics over Stances; a class no one used has F1 0 and still counts in the mean),
//     so MacroF1 is directly comparable with eval.csv's macro_f1.
//   - Spearman is the rank correlation of the scores, over the Scored provisions where both sets
//     give a score (ties averaged, as scipy.stats.spearmanr); NaN below 3 such provisions, as in
//     eval.
//
// Kappa, KappaLinear and AlphaNominal are NaN when they are undefined: when the expected
// disagreement is zero, that is when both annotators put every shared provision in one and the
// same stance (even though they then agree perfectly; scikit-learn gives NaN too). They are 1 for
// perfect agreement otherwise, 0 for agreement at chance level and negative below it.
type Agreement struct {
	// Split is the split compared: SplitTrain, SplitValidation, SplitTest or SplitAll.
	Split string
	// N counts the provisions both sets label (in Split).
	N int
	// OnlyA and OnlyB count the labels (in Split) of provisions the other set does not label.
	OnlyA, OnlyB int
	// SplitDiffers counts shared provisions to which B gives a split other than A's (A's decides).
	SplitDiffers int

	Observed     float64
	Kappa        float64
	KappaLinear  float64
	AlphaNominal float64
	MacroF1      float64
	// Classes holds B's precision, recall and F1 against A per stance, in Stances order.
	Classes []classifier.ClassMetrics
	// Confusion[i][j] counts shared provisions A labels Stances[i] and B labels Stances[j].
	Confusion [][]int

	// Scored counts the shared provisions both sets give a score.
	Scored   int
	Spearman float64

	// Differences lists the shared provisions with a different stance or a different score, by
	// provision id.
	Differences []Difference
}

// Difference is a provision two label sets label differently.
type Difference struct {
	ProvisionID    string
	StanceA        string
	StanceB        string
	ScoreA, ScoreB *float64
}

// Steps is the distance between the two stances on StanceOrder: 0 (same stance, the scores
// differ), 1 (a pole and neutral) or 2 (state_centric against multistakeholder).
func (d Difference) Steps() int {
	s := slices.Index(StanceOrder, d.StanceA) - slices.Index(StanceOrder, d.StanceB)
	if s < 0 {
		s = -s
	}
	return s
}

// Agree compares label sets a (the reference) and b on split: SplitTrain, SplitValidation,
// SplitTest, or SplitAll ("" means SplitAll) for every provision both label.
//
// A shared provision belongs to A's split, or to B's when A gives none; a provision only one set
// labels belongs to that set's split. Agree returns an error, and never panics, when split is not
// one of these, when a set names a provision twice (wrapping corpus.ErrDuplicate, as Read does) or
// gives a stance outside Stances, and when no provision of split is labelled in both (wrapping
// ErrNoOverlap, with the counts of each set).
func Agree(a, b []Label, split string) (Agreement, error) {
	if split == "" {
		split = SplitAll
	}
	if split != SplitAll && !contains(Splits, split) {
		return Agreement{}, fmt.Errorf("labels: agreement: split %q: expected %s or %s", split, strings.Join(Splits, ", "), SplitAll)
	}
	ia, err := index("A", a)
	if err != nil {
		return Agreement{}, err
	}
	ib, err := index("B", b)
	if err != nil {
		return Agreement{}, err
	}
	in := func(s string) bool { return split == SplitAll || s == split }

	g := Agreement{Split: split}
	var shared []string
	for _, l := range a {
		lb, ok := ib[l.ProvisionID]
		s := l.Split
		if s == "" && ok {
			s = lb.Split
		}
		switch {
		case !in(s):
		case ok:
			shared = append(shared, l.ProvisionID)
			if l.Split != "" && lb.Split != "" && lb.Split != l.Split {
				g.SplitDiffers++
			}
		default:
			g.OnlyA++
		}
	}
	for _, l := range b {
		if _, ok := ia[l.ProvisionID]; !ok && in(l.Split) {
			g.OnlyB++
		}
	}
	g.N = len(shared)
	if g.N == 0 {
		return g, fmt.Errorf("labels: agreement on split %s: %w (A: %d labels there, B: %d)", split, ErrNoOverlap, g.OnlyA, g.OnlyB)
	}
	sort.Strings(shared)

	gold := make([]string, len(shared))
	pred := make([]string, len(shared))
	var sa, sb []float64
	for i, id := range shared {
		la, lb := ia[id], ib[id]
		gold[i], pred[i] = la.Stance, lb.Stance
		if la.Score != nil && lb.Score != nil {
			sa = append(sa, *la.Score)
			sb = append(sb, *lb.Score)
		}
		if la.Stance != lb.Stance || !sameScore(la.Score, lb.Score) {
			g.Differences = append(g.Differences, Difference{ProvisionID: id, StanceA: la.Stance, StanceB: lb.Stance,
				ScoreA: la.Score, ScoreB: lb.Score})
		}
	}
	g.Observed, g.MacroF1, g.Classes, g.Confusion = classifier.Metrics(gold, pred, Stances)
	g.Kappa = weightedKappa(g.Confusion, func(i, j int) float64 {
		if i == j {
			return 0
		}
		return 1
	})
	g.KappaLinear = weightedKappa(g.Confusion, func(i, j int) float64 {
		return math.Abs(float64(slices.Index(StanceOrder, Stances[i]) - slices.Index(StanceOrder, Stances[j])))
	})
	g.AlphaNominal = alphaNominal(g.Confusion)
	g.Scored = len(sa)
	g.Spearman = math.NaN()
	if g.Scored > 2 {
		g.Spearman = classifier.Spearman(sa, sb)
	}
	return g, nil
}

// AgreeSplits runs Agree on each of splits, in the order given. With no splits it compares each
// split the shared provisions have, in Splits order, or SplitAll when none has a split.
func AgreeSplits(a, b []Label, splits []string) ([]Agreement, error) {
	if len(splits) == 0 {
		splits = SharedSplits(a, b)
	}
	out := make([]Agreement, 0, len(splits))
	for _, s := range splits {
		g, err := Agree(a, b, s)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

// SharedSplits lists the splits of the provisions both sets label (A's split, else B's), in
// Splits order; [SplitAll] when none has a split, nil when they share no provision.
func SharedSplits(a, b []Label) []string {
	ib := make(map[string]string, len(b))
	for _, l := range b {
		ib[l.ProvisionID] = l.Split
	}
	seen := map[string]bool{}
	overlap := false
	for _, l := range a {
		sb, ok := ib[l.ProvisionID]
		if !ok {
			continue
		}
		overlap = true
		if l.Split != "" {
			seen[l.Split] = true
		} else if sb != "" {
			seen[sb] = true
		}
	}
	var out []string
	for _, s := range Splits {
		if seen[s] {
			out = append(out, s)
		}
	}
	if len(out) == 0 && overlap {
		out = []string{SplitAll}
	}
	return out
}

// index maps provision ids to labels, rejecting repeated ids and unknown stances.
func index(name string, ls []Label) (map[string]Label, error) {
	m := make(map[string]Label, len(ls))
	for i, l := range ls {
		if _, dup := m[l.ProvisionID]; dup {
			return nil, fmt.Errorf("labels: agreement: set %s, label %d: %w: provision_id %q", name, i+1, corpus.ErrDuplicate, l.ProvisionID)
		}
		if !validStance(l.Stance) {
			return nil, fmt.Errorf("labels: agreement: set %s, label %d (%s): stance %q: expected %s", name, i+1, l.ProvisionID, l.Stance, strings.Join(Stances, ", "))
		}
		m[l.ProvisionID] = l
	}
	return m, nil
}

func sameScore(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// weightedKappa is Cohen's kappa of the confusion matrix o with disagreement weights w:
// 1 - sum(w o) / sum(w e), e the counts expected from the marginals (scikit-learn's
// cohen_kappa_score). It is NaN when sum(w e) is zero.
func weightedKappa(o [][]int, w func(i, j int) float64) float64 {
	k := len(o)
	rows, cols := make([]float64, k), make([]float64, k)
	n := 0.0
	for i := range o {
		for j := range o[i] {
			rows[i] += float64(o[i][j])
			cols[j] += float64(o[i][j])
			n += float64(o[i][j])
		}
	}
	var obs, exp float64
	for i := range o {
		for j := range o[i] {
			obs += w(i, j) * float64(o[i][j])
			exp += w(i, j) * rows[i] * cols[j] / n
		}
	}
	if exp == 0 {
		return math.NaN()
	}
	return 1 - obs/exp
}

// alphaNominal is Krippendorff's alpha (nominal) for two coders and no missing values, from
// their confusion matrix o. Each provision puts its pair of values in the coincidence matrix
// twice, (a, b) and (b, a); with n = 2N values and n_c the count of value c,
// alpha = 1 - (n - 1) * sum_{c != k} coincidences / sum_{c != k} n_c n_k. NaN when only one value
// is used.
func alphaNominal(o [][]int) float64 {
	k := len(o)
	nc := make([]float64, k)
	var n, dis float64
	for i := range o {
		for j := range o[i] {
			c := float64(o[i][j])
			nc[i] += c
			nc[j] += c
			n += 2 * c
			if i != j {
				dis += 2 * c
			}
		}
	}
	var exp float64
	for i := range nc {
		for j := range nc {
			if i != j {
				exp += nc[i] * nc[j]
			}
		}
	}
	if exp == 0 {
		return math.NaN()
	}
	return 1 - (n-1)*dis/exp
}

// WriteMarkdown writes the agreement as two Markdown tables, the statistics and the confusion
// matrix (A's stance in rows, B's in columns), followed by the list of Differences; numbers
// rounded to three decimals, NaN written "-". The labels README quotes it, and a test keeps the
// quotation current.
func (g Agreement) WriteMarkdown(w io.Writer) error {
	f := func(x float64) string {
		if math.IsNaN(x) {
			return "-"
		}
		return fmt.Sprintf("%.3f", x)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| split | n | only A | only B | observed | kappa | kappa (linear) | alpha (nominal) | macro-F1 of B against A | scored | Spearman |\n")
	fmt.Fprintf(&b, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| %s | %d | %d | %d | %s | %s | %s | %s | %s | %d | %s |\n", g.Split, g.N, g.OnlyA, g.OnlyB,
		f(g.Observed), f(g.Kappa), f(g.KappaLinear), f(g.AlphaNominal), f(g.MacroF1), g.Scored, f(g.Spearman))
	b.WriteString("\n| A \\ B |")
	for _, s := range Stances {
		fmt.Fprintf(&b, " %s |", s)
	}
	b.WriteString(" B's precision / recall / F1 |\n|---|")
	for range Stances {
		b.WriteString("---:|")
	}
	b.WriteString("---|\n")
	for i, s := range Stances {
		fmt.Fprintf(&b, "| %s |", s)
		for j := range Stances {
			fmt.Fprintf(&b, " %d |", g.Confusion[i][j])
		}
		c := g.Classes[i]
		fmt.Fprintf(&b, " %s / %s / %s |\n", f(c.Precision), f(c.Recall), f(c.F1))
	}
	var stance, score []string
	jumps := 0
	for _, d := range g.Differences {
		desc := fmt.Sprintf("`%s` (A %s %s, B %s %s)", d.ProvisionID, d.StanceA, fmtScore(d.ScoreA), d.StanceB, fmtScore(d.ScoreB))
		if d.Steps() == 0 {
			score = append(score, desc)
			continue
		}
		stance = append(stance, desc)
		if d.Steps() == 2 {
			jumps++
		}
	}
	fmt.Fprintf(&b, "\nDifferent stance: %d (state_centric against multistakeholder: %d)", len(stance), jumps)
	writeList(&b, stance)
	fmt.Fprintf(&b, "Same stance, different score: %d", len(score))
	writeList(&b, score)
	_, err := io.WriteString(w, b.String())
	return err
}

func fmtScore(s *float64) string {
	if s == nil {
		return "no score"
	}
	return fmt.Sprintf("%g", *s)
}

func writeList(b *strings.Builder, items []string) {
	if len(items) == 0 {
		b.WriteString(".\n")
		return
	}
	b.WriteString(":\n")
	for _, it := range items {
		fmt.Fprintf(b, "- %s\n", it)
	}
}
