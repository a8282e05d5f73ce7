package classifier

import (
	"reflect"
	"strings"
	"testing"
)

func TestSelect(t *testing.T) {
	x, y := synth(120, 20, 4, 1.5, 0.1, 3)
	cands := []Options{{C: 1e-4, Seed: 1}, {C: 1, Seed: 1}, {C: 1, Seed: 1}}
	sel, err := Select(x, y, 20, cands)
	if err != nil {
		t.Fatal(err)
	}
	if len(sel.MacroF1) != 3 {
		t.Fatalf("%d scores for 3 candidates", len(sel.MacroF1))
	}
	for i, c := range cands {
		c.Calibrate = CalibrateNone
		cv, err := CrossValidate(x, y, 20, c)
		if err != nil {
			t.Fatal(err)
		}
		if cv.MacroF1 != sel.MacroF1[i] {
			t.Errorf("candidate %d: Select says macro-F1 %v, CrossValidate %v", i, sel.MacroF1[i], cv.MacroF1)
		}
	}
	// C = 1e-4 shrinks every weight to almost nothing; the tie between the two equal candidates
	// goes to the first.
	if sel.Best != 1 {
		t.Errorf("best %d (macro-F1 %v), want 1", sel.Best, sel.MacroF1)
	}
}

func TestSelectErrors(t *testing.T) {
	x, y := synth(30, 6, 2, 1, 0, 1)
	tests := []struct {
		name  string
		cands []Options
		want  string
	}{
		{"no candidates", nil, "no candidate"},
		{"every candidate fails", []Options{{Folds: 50}}, "fewer than 50 folds"},
		{"bad option", []Options{{C: -1}}, "C must be"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Select(x, y, 6, tc.cands)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "classifier: select: ") {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
	// One failing candidate among good ones is skipped, not fatal.
	sel, err := Select(x, y, 6, []Options{{Folds: 50}, {C: 1}})
	if err != nil || sel.Best != 1 || sel.MacroF1[0] != -1 {
		t.Errorf("selection %+v, err %v", sel, err)
	}
}

func TestNestedCrossValidate(t *testing.T) {
	x, y := synth(150, 25, 4, 1.2, 0.15, 8)
	outer := Options{Seed: 2, Folds: 5}
	t.Run("one candidate is plain cross-validation", func(t *testing.T) {
		c := Options{C: 3, Seed: 7, Folds: 3}
		nested, chosen, err := NestedCrossValidate(x, y, 25, outer, []Options{c})
		if err != nil {
			t.Fatal(err)
		}
		plainOpt := outer
		plainOpt.C = 3
		plain, err := CrossValidate(x, y, 25, plainOpt)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(nested, plain) {
			t.Errorf("nested with one candidate differs from CrossValidate: %.4f vs %.4f", nested.MacroF1, plain.MacroF1)
		}
		if !reflect.DeepEqual(chosen, []int{0, 0, 0, 0, 0}) {
			t.Errorf("chosen %v", chosen)
		}
	})
	t.Run("deterministic, choices per fold", func(t *testing.T) {
		cands := []Options{{C: 1e-3, Seed: 1}, {C: 0.1, Seed: 1}, {C: 10, Seed: 1}}
		a, ca, err := NestedCrossValidate(x, y, 25, outer, cands)
		if err != nil {
			t.Fatal(err)
		}
		b, cb, err := NestedCrossValidate(x, y, 25, outer, cands)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(ca, cb) {
			t.Fatal("two nested cross-validations differ")
		}
		if len(ca) != 5 {
			t.Fatalf("%d choices for 5 folds", len(ca))
		}
		for f, c := range ca {
			if c < 0 || c >= len(cands) {
				t.Errorf("fold %d chose %d", f, c)
			}
		}
		// Each fold's choice is what Select says on that fold's training rows.
		for f := 0; f < 5; f++ {
			var fx []Vec
			var fy []string
			for _, p := range a.Predictions {
				if p.Fold != f {
					fx = append(fx, x[p.Index])
					fy = append(fy, y[p.Index])
				}
			}
			sel, err := Select(fx, fy, 25, cands)
			if err != nil {
				t.Fatal(err)
			}
			if sel.Best != ca[f] {
				t.Errorf("fold %d: nested chose %d, Select on its rows %d", f, ca[f], sel.Best)
			}
		}
		t.Logf("nested macro-F1 %.3f, choices %v", a.MacroF1, ca)
	})
	t.Run("errors", func(t *testing.T) {
		if _, _, err := NestedCrossValidate(x, y, 25, outer, nil); err == nil || !strings.Contains(err.Error(), "no candidate") {
			t.Errorf("no candidates: %v", err)
		}
		if _, _, err := NestedCrossValidate(x, y, 25, Options{Folds: 1}, []Options{{}}); err == nil || !strings.Contains(err.Error(), "Folds") {
			t.Errorf("bad outer folds: %v", err)
		}
		if _, _, err := NestedCrossValidate(x, y[:3], 25, outer, []Options{{}}); err == nil {
			t.Error("mismatched lengths accepted")
		}
	})
}
