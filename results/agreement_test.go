package results

import (
	"math"
	"strings"
	"testing"
)

func TestAgreementRows(t *testing.T) {
	r := AgreementRow{Split: "test", N: 4, OnlyA: 1, Observed: 1, Kappa: math.NaN(), KappaLinear: math.NaN(),
		AlphaNominal: math.NaN(), MacroF1: 1.0 / 3, Scored: 1, Spearman: math.NaN(),
		PerClass: PerClass{2: {Precision: 1, Recall: 1, F1: 1}}}
	b, err := EncodeCSV([]AgreementRow{r})
	if err != nil {
		t.Fatal(err)
	}
	want := "split,n,only_a,only_b,observed,kappa,kappa_linear,alpha_nominal,macro_f1_b_vs_a,scored,spearman," +
		"precision_state_centric,recall_state_centric,f1_state_centric,precision_multistakeholder,recall_multistakeholder,f1_multistakeholder," +
		"precision_neutral,recall_neutral,f1_neutral\n" +
		"test,4,1,0,1,,,,0.3333,1,,0,0,0,0,0,0,1,1,1\n"
	if string(b) != want {
		t.Errorf("got\n%s\nwant\n%s", b, want)
	}
	if h, rec := r.Header(), r.Record(); len(h) != len(rec) {
		t.Errorf("%d columns, %d fields", len(h), len(rec))
	}

	c, err := EncodeCSV([]AgreementConfusionRow{{Split: "all", ALabel: "neutral", BLabel: "state_centric", N: 3}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(c)); got != "split,a_label,b_label,n\nall,neutral,state_centric,3" {
		t.Errorf("got %q", got)
	}
}
