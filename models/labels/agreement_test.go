package labels

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
)

// pairs builds two label sets of the same provisions p1, p2, ... from parallel stance codes
// (s = state_centric, m = multistakeholder, n = neutral) and optional scores, every label in split.
func pairs(a, b string, sa, sb []float64, split string) ([]Label, []Label) {
	code := map[rune]string{'s': "state_centric", 'm': "multistakeholder", 'n': "neutral"}
	mk := func(codes string, scores []float64) []Label {
		var ls []Label
		for i, c := range codes {
			l := Label{ProvisionID: fmt.Sprintf("d:%d", i+1), Stance: code[c], Split: split}
			if c == 'x' {
				l.Stance = "pro-state"
			}
			if scores != nil {
				l.Score = &scores[i]
			}
			ls = append(ls, l)
		}
		return ls
	}
	return mk(a, sa), mk(b, sb)
}

// same reports whether two statistics are equal to 1e-12, NaN equal to NaN.
func same(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) < 1e-12
}

// TestAgree checks the statistics against reference values. Unless a case says otherwise they
// were computed with scikit-learn 1.2.1 and SciPy 1.10.1 (/usr/bin/python3):
//
//	from sklearn.metrics import cohen_kappa_score, f1_score, precision_recall_fscore_support, accuracy_score
//	from scipy.stats import spearmanr
//	L = ["state_centric", "multistakeholder", "neutral"]; order = {"multistakeholder": 0, "neutral": 1, "state_centric": 2}
//	accuracy_score(a, b); cohen_kappa_score(a, b)
//	cohen_kappa_score([order[x] for x in a], [order[x] for x in b], weights="linear", labels=[0, 1, 2])
//	f1_score(a, b, labels=L, average="macro", zero_division=0)
//	precision_recall_fscore_support(a, b, labels=L, zero_division=0); spearmanr(sa, sb).statistic
//
// Krippendorff's alpha has no scikit-learn function: the "krippendorff 2011 binary" case is the
// published worked example (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011,
// section A: two observers, ten units, binary data, alpha = 0.095), and the other cases were
// computed in NumPy from the coincidence matrix (1 - (n-1) * sum of its off-diagonal cells /
// (n^2 - sum n_c^2)), a formula written independently of alphaNominal.
func TestAgree(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name                                  string
		a, b                                  string
		sa, sb                                []float64
		observed, kappa, linear, alpha, macro float64
		precision, recall, f1                 [3]float64 // state_centric, multistakeholder, neutral
		spearman                              float64
		confusion                             [3][3]int
	}{
		{
			name: "mixed", a: "ssssmmmmnnnn", b: "sssmmmnnnnns",
			sa:       []float64{1, 1, .5, .5, -1, -.5, -.5, -1, 0, 0, 0, 0},
			sb:       []float64{1, .5, .5, -.5, -1, -1, 0, 0, 0, 0, 0, .5},
			observed: 0.6666666666666666, kappa: 0.5, linear: 0.5161290322580645, alpha: 0.5183246073298429,
			macro:     0.6626984126984127,
			precision: [3]float64{0.75, 0.6666666666666666, 0.6},
			recall:    [3]float64{0.75, 0.5, 0.75},
			f1:        [3]float64{0.75, 0.5714285714285715, 0.6666666666666665},
			spearman:  0.6680597345147168,
			confusion: [3][3]int{{3, 1, 0}, {0, 2, 2}, {1, 0, 3}},
		},
		{
			name: "below chance", a: "smnsmn", b: "mnsmns",
			sa: []float64{1, -1, 0, 1, -1, 0}, sb: []float64{-1, 0, 1, -1, 0, 1},
			observed: 0, kappa: -0.5, linear: -0.5, alpha: -0.375, macro: 0,
			spearman:  -0.5000000000000001,
			confusion: [3][3]int{{0, 2, 0}, {0, 0, 2}, {2, 0, 0}},
		},
		{
			name: "B never neutral", a: "ssmmnnn", b: "ssmmsms",
			sa: []float64{1, .5, -1, -.5, 0, 0, 0}, sb: []float64{1, 1, -1, -.5, .5, -.5, .5},
			observed: 0.5714285714285714, kappa: 0.4, linear: 0.5714285714285714, alpha: 0.38095238095238093,
			macro:     0.48888888888888893,
			precision: [3]float64{0.5, 0.6666666666666666, 0},
			recall:    [3]float64{1, 1, 0},
			f1:        [3]float64{0.6666666666666666, 0.8, 0},
			spearman:  0.9333756642553378,
			confusion: [3][3]int{{2, 0, 0}, {0, 2, 0}, {2, 1, 0}},
		},
		{
			// 0 = neutral, 1 = state_centric; no scores, so no Spearman.
			name: "krippendorff 2011 binary", a: "nsnnnnnnsn", b: "sssnnsnnnn",
			observed: 0.6, kappa: 0.09090909090909094, linear: 0.09090909090909094, alpha: 0.09523809523809523,
			macro:     0.34920634920634924,
			precision: [3]float64{0.25, 0, 0.8333333333333334},
			recall:    [3]float64{0.5, 0, 0.625},
			f1:        [3]float64{0.3333333333333333, 0, 0.7142857142857143},
			spearman:  nan,
			confusion: [3][3]int{{1, 0, 1}, {0, 0, 0}, {3, 0, 5}},
		},
		{
			name: "perfect", a: "ssmmnn", b: "ssmmnn",
			sa: []float64{1, .5, -1, -.5, 0, 0}, sb: []float64{1, .5, -1, -.5, 0, 0},
			observed: 1, kappa: 1, linear: 1, alpha: 1, macro: 1,
			precision: [3]float64{1, 1, 1}, recall: [3]float64{1, 1, 1}, f1: [3]float64{1, 1, 1},
			spearman:  1,
			confusion: [3][3]int{{2, 0, 0}, {0, 2, 0}, {0, 0, 2}},
		},
		{
			// Both annotators use one class: chance agreement is 1, so kappa and alpha are 0/0
			// (scikit-learn's cohen_kappa_score gives nan too); the other two classes have F1 0;
			// the scores are constant, so no rank correlation.
			name: "one class only", a: "nnnn", b: "nnnn",
			sa: []float64{0, 0, 0, 0}, sb: []float64{0, 0, 0, 0},
			observed: 1, kappa: nan, linear: nan, alpha: nan, macro: 1.0 / 3,
			precision: [3]float64{0, 0, 1}, recall: [3]float64{0, 0, 1}, f1: [3]float64{0, 0, 1},
			spearman:  nan,
			confusion: [3][3]int{{0, 0, 0}, {0, 0, 0}, {0, 0, 4}},
		},
		{
			// A single shared provision: too few scores for a rank correlation (eval's rule).
			name: "one provision", a: "s", b: "s", sa: []float64{1}, sb: []float64{.5},
			observed: 1, kappa: nan, linear: nan, alpha: nan, macro: 1.0 / 3,
			precision: [3]float64{1, 0, 0}, recall: [3]float64{1, 0, 0}, f1: [3]float64{1, 0, 0},
			spearman:  nan,
			confusion: [3][3]int{{1, 0, 0}, {0, 0, 0}, {0, 0, 0}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := pairs(tc.a, tc.b, tc.sa, tc.sb, SplitTest)
			g, err := Agree(a, b, SplitTest)
			if err != nil {
				t.Fatal(err)
			}
			if g.N != len(tc.a) || g.OnlyA != 0 || g.OnlyB != 0 || g.Split != SplitTest {
				t.Errorf("split %s, n %d, only A %d, only B %d; want test, %d, 0, 0", g.Split, g.N, g.OnlyA, g.OnlyB, len(tc.a))
			}
			for _, c := range []struct {
				name      string
				got, want float64
			}{
				{"observed", g.Observed, tc.observed}, {"kappa", g.Kappa, tc.kappa},
				{"linear kappa", g.KappaLinear, tc.linear}, {"alpha", g.AlphaNominal, tc.alpha},
				{"macro-F1", g.MacroF1, tc.macro}, {"Spearman", g.Spearman, tc.spearman},
			} {
				if !same(c.got, c.want) {
					t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
				}
			}
			for i, cm := range g.Classes {
				if cm.Class != Stances[i] || !same(cm.Precision, tc.precision[i]) || !same(cm.Recall, tc.recall[i]) || !same(cm.F1, tc.f1[i]) {
					t.Errorf("class %d: %+v, want %s P %v R %v F1 %v", i, cm, Stances[i], tc.precision[i], tc.recall[i], tc.f1[i])
				}
			}
			for i := range tc.confusion {
				for j := range tc.confusion[i] {
					if g.Confusion[i][j] != tc.confusion[i][j] {
						t.Fatalf("confusion %v, want %v", g.Confusion, tc.confusion)
					}
				}
			}
			if tc.sa != nil && g.Scored != len(tc.sa) {
				t.Errorf("scored %d, want %d", g.Scored, len(tc.sa))
			}
		})
	}
}

// Only the provisions both sets label are compared; the split of a shared provision is A's,
// else B's; the rest is counted.
func TestAgreeSplitsAndOverlap(t *testing.T) {
	l := func(id, stance, split string) Label { return Label{ProvisionID: id, Stance: stance, Split: split} }
	a := []Label{
		l("d:1", "neutral", "test"), l("d:2", "state_centric", "test"), l("d:3", "neutral", "train"),
		l("d:4", "multistakeholder", ""), l("d:5", "neutral", "test"), l("d:6", "neutral", "train"),
	}
	b := []Label{
		l("d:2", "multistakeholder", "test"), l("d:1", "neutral", ""), l("d:3", "state_centric", "test"),
		l("d:4", "multistakeholder", "validation"), l("d:7", "neutral", "test"), l("d:8", "neutral", ""),
	}
	tests := []struct {
		split                           string
		n, onlyA, onlyB, differs, diffs int
	}{
		{SplitTest, 2, 1, 1, 0, 1},       // d:1, d:2 shared; d:5 only A; d:7 only B
		{SplitTrain, 1, 1, 0, 1, 1},      // d:3 (B says test: A decides); d:6 only A
		{SplitValidation, 1, 0, 0, 0, 0}, // d:4: A has no split, B's decides
		{SplitAll, 4, 2, 2, 1, 2},
		{"", 4, 2, 2, 1, 2},
	}
	for _, tc := range tests {
		t.Run("split "+tc.split, func(t *testing.T) {
			g, err := Agree(a, b, tc.split)
			if err != nil {
				t.Fatal(err)
			}
			if g.N != tc.n || g.OnlyA != tc.onlyA || g.OnlyB != tc.onlyB || g.SplitDiffers != tc.differs || len(g.Differences) != tc.diffs {
				t.Errorf("n %d, only A %d, only B %d, split differs %d, differences %d; want %d, %d, %d, %d, %d",
					g.N, g.OnlyA, g.OnlyB, g.SplitDiffers, len(g.Differences), tc.n, tc.onlyA, tc.onlyB, tc.differs, tc.diffs)
			}
		})
	}

	if got := strings.Join(SharedSplits(a, b), ","); got != "train,validation,test" {
		t.Errorf("SharedSplits = %s, want train,validation,test", got)
	}
	gs, err := AgreeSplits(a, b, nil)
	if err != nil || len(gs) != 3 || gs[0].Split != SplitTrain || gs[2].Split != SplitTest {
		t.Errorf("AgreeSplits(nil) = %d agreements, %v", len(gs), err)
	}
	noSplit := []Label{l("d:1", "neutral", ""), l("d:2", "neutral", "")}
	if got := SharedSplits(noSplit, noSplit); len(got) != 1 || got[0] != SplitAll {
		t.Errorf("SharedSplits without splits = %v, want [all]", got)
	}
	if got := SharedSplits(noSplit, []Label{l("e:1", "neutral", "test")}); got != nil {
		t.Errorf("SharedSplits without overlap = %v, want nil", got)
	}

	t.Run("independent of input order", func(t *testing.T) {
		want, err := Agree(a, b, SplitAll)
		if err != nil {
			t.Fatal(err)
		}
		ra, rb := slices.Clone(a), slices.Clone(b)
		slices.Reverse(ra)
		slices.Reverse(rb)
		got, err := Agree(ra, rb, SplitAll)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
			t.Errorf("reversed inputs give\n%+v\nwant\n%+v", got, want)
		}
	})

	t.Run("differences", func(t *testing.T) {
		g, err := Agree(a, b, SplitAll)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range g.Differences {
			got = append(got, fmt.Sprintf("%s:%d", d.ProvisionID, d.Steps()))
		}
		if want := "d:2:2 d:3:1"; strings.Join(got, " ") != want {
			t.Errorf("differences %v, want %s", got, want)
		}
	})
}

func TestAgreeErrors(t *testing.T) {
	ok := []Label{{ProvisionID: "d:1", Stance: "neutral", Split: SplitTest}}
	tests := []struct {
		name    string
		a, b    []Label
		split   string
		is      error
		wantMsg string
	}{
		{"no overlap", ok, []Label{{ProvisionID: "e:1", Stance: "neutral"}}, SplitAll, ErrNoOverlap, "A: 1 labels there, B: 1"},
		{"no overlap in the split", ok, ok, SplitTrain, ErrNoOverlap, "agreement on split train"},
		{"empty sets", nil, nil, "", ErrNoOverlap, "no provision is labelled in both sets"},
		{"unknown split", ok, ok, "dev", nil, `split "dev": expected train, validation, test, heldout or all`},
		{"duplicate in B", ok, append(append([]Label{}, ok...), ok...), "", corpus.ErrDuplicate, `set B, label 2`},
		{"unknown stance in A", []Label{{ProvisionID: "d:1", Stance: "pro-state"}}, ok, "", nil, `set A, label 1 (d:1): stance "pro-state"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Agree(tc.a, tc.b, tc.split)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v does not wrap %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tc.wantMsg)
			}
			if _, err := AgreeSplits(tc.a, tc.b, []string{tc.split}); err == nil {
				t.Errorf("AgreeSplits: no error")
			}
		})
	}
}

// The numbers are those of scikit-learn (kappa 0.5, linear 0.25, macro-F1 0.556) and SciPy
// (Spearman -0.5) for these three pairs; alpha = 1 - 5 * 2 / (36 - 14).
func TestAgreementWriteMarkdown(t *testing.T) {
	a, b := pairs("smn", "mmn", []float64{1, -1, 0}, []float64{-1, -0.5, 0}, SplitTest)
	g, err := Agree(a, b, SplitTest)
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	if err := g.WriteMarkdown(&sb); err != nil {
		t.Fatal(err)
	}
	want := "| split | n | only A | only B | observed | kappa | kappa (linear) | alpha (nominal) | macro-F1 of B against A | scored | Spearman |\n" +
		"|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n" +
		"| test | 3 | 0 | 0 | 0.667 | 0.500 | 0.250 | 0.545 | 0.556 | 3 | -0.500 |\n" +
		"\n| A \\ B | state_centric | multistakeholder | neutral | B's precision / recall / F1 |\n" +
		"|---|---:|---:|---:|---|\n" +
		"| state_centric | 0 | 1 | 0 | 0.000 / 0.000 / 0.000 |\n" +
		"| multistakeholder | 0 | 1 | 0 | 0.500 / 1.000 / 0.667 |\n" +
		"| neutral | 0 | 0 | 1 | 1.000 / 1.000 / 1.000 |\n" +
		"\nDifferent stance: 1 (state_centric against multistakeholder: 1):\n" +
		"- `d:1` (A state_centric 1, B multistakeholder -1)\n" +
		"Same stance, different score: 1:\n" +
		"- `d:2` (A multistakeholder -1, B multistakeholder -0.5)\n"
	if sb.String() != want {
		t.Errorf("got\n%s\nwant\n%s", sb.String(), want)
	}
}
