package wordscores

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// tolQuanteda is the tolerance against the values quanteda prints (to 7-8 significant digits).
const tolQuanteda = 5e-5

func fitLBG(tb testing.TB, opt FitOptions) (*Model, []string, []Counts) {
	tb.Helper()
	ids, texts := loadLBG(tb)
	m, err := Fit(ids[:5], texts[:5], lbgPositions, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return m, ids, texts
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestWordScoresLBG(t *testing.T) {
	m, _, _ := fitLBG(t, FitOptions{})
	if got := len(m.WordScores); got != 37 {
		t.Errorf("scored features = %d, want 37", got)
	}
	cases := []struct {
		feats []string
		want  float64
	}{
		{[]string{"A", "B", "C", "D", "E"}, -1.5},
		{[]string{"F"}, -1.48125},
		{[]string{"N"}, -0.75},
		{[]string{"S"}, 0},
		{[]string{"X"}, 0.75},
		{[]string{"ZG", "ZH", "ZI", "ZJ", "ZK"}, 1.5},
	}
	for _, c := range cases {
		for _, f := range c.feats {
			t.Run(f, func(t *testing.T) {
				got, ok := m.WordScores[f]
				if !ok || !near(got, c.want, 1e-12) {
					t.Errorf("S_%s = %v (present %v), want %v", f, got, ok, c.want)
				}
			})
		}
	}
	// Symmetry of the design: S_w = -S_w' for mirrored features (A<->ZK, B<->ZJ, ...).
	feats := sortedFeatures(Counts(m.WordScores))
	for i := range feats {
		a, b := feats[i], feats[len(feats)-1-i]
		if !near(m.WordScores[a], -m.WordScores[b], 1e-12) {
			t.Errorf("S_%s = %v, S_%s = %v: not mirrored", a, m.WordScores[a], b, m.WordScores[b])
		}
	}
}

func TestPredictV1MatchesQuanteda(t *testing.T) {
	m, ids, texts := fitLBG(t, FitOptions{})
	// quanteda's predict(tmod, se.fit = TRUE, interval = "confidence", rescaling = ...) on the
	// whole dfm; LBG uses its all-texts pool, which is also our default when V1 is passed alone.
	inputs := []struct {
		name  string
		ids   []string
		texts []Counts
	}{
		{"V1 alone", ids[5:], texts[5:]},
		{"all six texts", ids, texts},
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			sc, err := m.Predict(in.ids, in.texts, PredictOptions{Rescaling: RescaleBoth})
			if err != nil {
				t.Fatal(err)
			}
			v1 := sc[len(sc)-1]
			if v1.DocID != "V1" {
				t.Fatalf("last score is %q", v1.DocID)
			}
			checks := []struct {
				name      string
				got, want float64
			}{
				{"raw", v1.Raw, -0.4480591},
				{"se", v1.SE, 0.011897667},
				{"ci low", v1.CILow, -0.4714},
				{"ci high", v1.CIHigh, -0.4247},
				{"mv", v1.MV, -0.5099572},
				{"lbg", v1.LBG, -0.52967149},
			}
			for _, c := range checks {
				if !near(c.got, c.want, tolQuanteda) {
					t.Errorf("%s = %.8f, want %.8f (tol %g)", c.name, c.got, c.want, tolQuanteda)
				}
			}
			if v1.NScored != 1000 || v1.NDropped != 0 || v1.ScoredFeatures != 17 {
				t.Errorf("counts: scored %v (%d features), dropped %v", v1.NScored, v1.ScoredFeatures, v1.NDropped)
			}
			// Rescaled intervals are the rescaled endpoints, and rescaled SEs scale with the slope.
			if !(v1.MVCILow < v1.MV && v1.MV < v1.MVCIHigh && v1.LBGCILow < v1.LBG && v1.LBG < v1.LBGCIHigh) {
				t.Errorf("rescaled intervals do not bracket the estimates: %+v", v1)
			}
			if !near((v1.MVCIHigh-v1.MVCILow)/(v1.CIHigh-v1.CILow), v1.MVSE/v1.SE, 1e-12) ||
				!near((v1.LBGCIHigh-v1.LBGCILow)/(v1.CIHigh-v1.CILow), v1.LBGSE/v1.SE, 1e-12) {
				t.Errorf("rescaled SE inconsistent with rescaled interval: %+v", v1)
			}
		})
	}
}

func TestPredictReferenceTexts(t *testing.T) {
	m, ids, texts := fitLBG(t, FitOptions{})
	sc, err := m.Predict(ids[:5], texts[:5], PredictOptions{Rescaling: RescaleBoth})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sc {
		if s.Raw != m.RefRaw[i] {
			t.Errorf("%s: Predict raw %v != stored RefRaw %v", s.DocID, s.Raw, m.RefRaw[i])
		}
	}
	// R3 sits at the centre of a symmetric design: 0 up to rounding of the sum.
	if !near(sc[2].Raw, 0, 1e-15) || !near(sc[2].MV, 0, 1e-15) {
		t.Errorf("R3 raw %v mv %v, want 0", sc[2].Raw, sc[2].MV)
	}
	for _, p := range [][2]int{{0, 4}, {1, 3}} {
		a, b := sc[p[0]], sc[p[1]]
		if !near(a.Raw, -b.Raw, 1e-12) || !near(a.SE, b.SE, 1e-12) || !near(a.MV, -b.MV, 1e-12) {
			t.Errorf("%s and %s not mirrored: raw %v/%v se %v/%v", a.DocID, b.DocID, a.Raw, b.Raw, a.SE, b.SE)
		}
	}
	// Word scores are shrunk towards the centre, so extreme references score inside their positions.
	if !(sc[0].Raw > -1.5 && sc[0].Raw < sc[1].Raw && sc[1].Raw < sc[2].Raw) {
		t.Errorf("reference raw scores not ordered inside the positions: %v %v %v", sc[0].Raw, sc[1].Raw, sc[2].Raw)
	}
	// MV maps the extreme references onto their positions (quanteda's test expects exactly -1.5, 1.5).
	if !near(sc[0].MV, -1.5, 1e-12) || !near(sc[4].MV, 1.5, 1e-12) {
		t.Errorf("MV of R1, R5 = %v, %v; want -1.5, 1.5", sc[0].MV, sc[4].MV)
	}
}

func TestLBGPool(t *testing.T) {
	m, ids, texts := fitLBG(t, FitOptions{})
	// A mirror image of V1 (feature order reversed) scores +0.448...
	feats := sortedFeatures(texts[5])
	mirror := Counts{}
	for i, f := range feats {
		mirror[feats[len(feats)-1-i]] = texts[5][f]
	}
	t.Run("virgin only, two mirrored texts", func(t *testing.T) {
		sc, err := m.Predict([]string{"V1", "V1m"}, []Counts{texts[5], mirror},
			PredictOptions{Rescaling: RescaleLBG, LBGVirginOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		// Pool mean 0 and SD |raw|·sqrt(2), so LBG(V1) = -SD_r/sqrt(2) = -sqrt(1.40625/2).
		want := -math.Sqrt(1.40625 / 2)
		if !near(sc[0].LBG, want, 1e-12) || !near(sc[1].LBG, -want, 1e-12) {
			t.Errorf("LBG = %v, %v; want %v, %v", sc[0].LBG, sc[1].LBG, want, -want)
		}
	})
	t.Run("virgin only ignores reference ids", func(t *testing.T) {
		a, err := m.Predict([]string{"V1", "V1m"}, []Counts{texts[5], mirror},
			PredictOptions{Rescaling: RescaleLBG, LBGVirginOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		b, err := m.Predict(append([]string{"V1", "V1m"}, ids[:5]...), append([]Counts{texts[5], mirror}, texts[:5]...),
			PredictOptions{Rescaling: RescaleLBG, LBGVirginOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if a[0].LBG != b[0].LBG {
			t.Errorf("LBG(V1) changed when references were passed: %v vs %v", a[0].LBG, b[0].LBG)
		}
	})
	t.Run("virgin only, one text is an error", func(t *testing.T) {
		_, err := m.Predict(ids[5:], texts[5:], PredictOptions{Rescaling: RescaleLBG, LBGVirginOnly: true})
		if err == nil || !strings.Contains(err.Error(), "lbg rescaling undefined") {
			t.Errorf("err = %v", err)
		}
	})
	// A text with no scored feature has no raw score: it is reported (LBG NaN) but stays out of
	// the pool, so the other texts rescale as if it had not been passed.
	unscored := Counts{"not-a-feature": 4}
	for _, c := range []struct {
		name       string
		virginOnly bool
		ids        []string
		texts      []Counts
	}{
		{"virgin only, unscored text left out of the pool", true, []string{"V1", "none", "V1m"}, []Counts{texts[5], unscored, mirror}},
		{"default pool, unscored text left out of the pool", false, []string{"none", "V1"}, []Counts{unscored, texts[5]}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var without []string
			var withoutTexts []Counts
			for i, id := range c.ids {
				if id != "none" {
					without = append(without, id)
					withoutTexts = append(withoutTexts, c.texts[i])
				}
			}
			opt := PredictOptions{Rescaling: RescaleLBG, LBGVirginOnly: c.virginOnly}
			want, err := m.Predict(without, withoutTexts, opt)
			if err != nil {
				t.Fatal(err)
			}
			got, err := m.Predict(c.ids, c.texts, opt)
			if err != nil {
				t.Fatal(err)
			}
			k := 0
			for i, s := range got {
				if c.ids[i] == "none" {
					if !math.IsNaN(s.Raw) || !math.IsNaN(s.LBG) || !math.IsNaN(s.LBGSE) {
						t.Errorf("unscored text: Raw %v LBG %v LBGSE %v, want NaN", s.Raw, s.LBG, s.LBGSE)
					}
					continue
				}
				if s.LBG != want[k].LBG || s.LBGSE != want[k].LBGSE {
					t.Errorf("%s: LBG %v (SE %v), want %v (SE %v) as without the unscored text",
						s.DocID, s.LBG, s.LBGSE, want[k].LBG, want[k].LBGSE)
				}
				k++
			}
		})
	}
	t.Run("default pool counts each reference once", func(t *testing.T) {
		a, err := m.Predict([]string{"V1", "R1"}, []Counts{texts[5], texts[0]}, PredictOptions{Rescaling: RescaleLBG})
		if err != nil {
			t.Fatal(err)
		}
		if !near(a[0].LBG, -0.52967149, tolQuanteda) {
			t.Errorf("LBG(V1) = %v with R1 passed too, want quanteda's -0.52967149", a[0].LBG)
		}
	})
}

func TestDroppedFeatures(t *testing.T) {
	// quanteda's "does not use NA wordscores" case: features A, B, S, ZJ, ZK; R1 = -1, R5 = 1;
	// V1 gets one ZJ. S occurs in neither reference, so it has no score.
	ids, texts := loadLBG(t)
	keep := []string{"A", "B", "S", "ZJ", "ZK"}
	sub := make([]Counts, len(texts))
	for i, c := range texts {
		sub[i] = Counts{}
		for _, f := range keep {
			sub[i][f] = c[f]
		}
	}
	sub[5]["ZJ"] = 1
	m, err := Fit([]string{"R1", "R5"}, []Counts{sub[0], sub[4]}, []float64{-1, 1}, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantWS := map[string]float64{"A": -1, "B": -1, "ZJ": 1, "ZK": 1}
	if fmt.Sprint(m.WordScores) != fmt.Sprint(wantWS) {
		t.Errorf("word scores %v, want %v", m.WordScores, wantWS)
	}
	sc, err := m.Predict(ids, sub, PredictOptions{TopEvidence: -1})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		id                string
		raw               float64 // NaN: nothing scored (quanteda prints 0 there)
		scored, dropped   float64
		nScored, nDropped int
	}{
		{"R1", -1, 5, 0, 2, 0},
		{"R2", math.NaN(), 0, 22, 0, 1},
		{"R3", math.NaN(), 0, 158, 0, 1},
		{"R4", math.NaN(), 0, 22, 0, 1},
		{"R5", 1, 5, 0, 2, 0},
		{"V1", 1, 1, 78, 1, 1},
	}
	for i, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			s := sc[i]
			if s.DocID != c.id {
				t.Fatalf("DocID %q", s.DocID)
			}
			if math.IsNaN(c.raw) != math.IsNaN(s.Raw) || (!math.IsNaN(c.raw) && s.Raw != c.raw) {
				t.Errorf("raw %v, want %v", s.Raw, c.raw)
			}
			if s.NScored != c.scored || s.NDropped != c.dropped || s.ScoredFeatures != c.nScored || s.DroppedFeatures != c.nDropped {
				t.Errorf("scored %v (%d), dropped %v (%d); want %v (%d), %v (%d)", s.NScored, s.ScoredFeatures,
					s.NDropped, s.DroppedFeatures, c.scored, c.nScored, c.dropped, c.nDropped)
			}
			if len(s.Evidence) != c.nScored {
				t.Errorf("evidence has %d entries, want %d", len(s.Evidence), c.nScored)
			}
		})
	}
	// A text made only of unknown features scores NaN but is still reported.
	sc, err = m.Predict([]string{"x"}, []Counts{{"unknown": 3}}, PredictOptions{Rescaling: RescaleMV})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(sc[0].Raw) || !math.IsNaN(sc[0].MV) || sc[0].NDropped != 3 {
		t.Errorf("unknown-only text: %+v", sc[0])
	}
	// Texts whose scored total is not a usable N_v: zero, or a sum of finite counts that overflows
	// to +Inf (every F_wv = count/N_v would be 0 and Raw a spurious 0 with SE 0).
	unusable := []struct {
		name            string
		text            Counts
		nScored         float64
		scoredFeatures  int
		nDropped        float64
		droppedFeatures int
	}{
		{"only unknown features", Counts{"unknown": 3}, 0, 0, 3, 1},
		{"scored total overflows", Counts{"A": math.MaxFloat64, "ZJ": math.MaxFloat64, "unknown": 1}, math.Inf(1), 2, 1, 1},
	}
	for _, c := range unusable {
		t.Run(c.name, func(t *testing.T) {
			sc, err := m.Predict([]string{"x"}, []Counts{c.text}, PredictOptions{Rescaling: RescaleMV, TopEvidence: -1})
			if err != nil {
				t.Fatal(err)
			}
			s := sc[0]
			for name, v := range map[string]float64{"Raw": s.Raw, "SE": s.SE, "CILow": s.CILow, "CIHigh": s.CIHigh, "MV": s.MV} {
				if !math.IsNaN(v) {
					t.Errorf("%s = %v, want NaN", name, v)
				}
			}
			if s.NScored != c.nScored || s.ScoredFeatures != c.scoredFeatures || s.NDropped != c.nDropped || s.DroppedFeatures != c.droppedFeatures {
				t.Errorf("scored %v (%d), dropped %v (%d); want %v (%d), %v (%d)", s.NScored, s.ScoredFeatures,
					s.NDropped, s.DroppedFeatures, c.nScored, c.scoredFeatures, c.nDropped, c.droppedFeatures)
			}
			if len(s.Evidence) != 0 {
				t.Errorf("evidence %v, want none", s.Evidence)
			}
		})
	}
}

func TestEvidence(t *testing.T) {
	m, ids, texts := fitLBG(t, FitOptions{})
	all, err := m.Predict(ids[5:], texts[5:], PredictOptions{TopEvidence: -1})
	if err != nil {
		t.Fatal(err)
	}
	ev := all[0].Evidence
	if len(ev) != 17 {
		t.Fatalf("%d evidence entries, want 17", len(ev))
	}
	sum := 0.0
	for i, c := range ev {
		sum += c.Contribution
		if i > 0 {
			p := ev[i-1]
			if math.Abs(p.Contribution) < math.Abs(c.Contribution) ||
				(math.Abs(p.Contribution) == math.Abs(c.Contribution) && p.Feature > c.Feature) {
				t.Errorf("evidence out of order at %d: %+v then %+v", i, p, c)
			}
		}
		if !near(c.Contribution, c.Count/1000*c.WordScore, 1e-15) {
			t.Errorf("%s: contribution %v != F_wv*S_w", c.Feature, c.Contribution)
		}
	}
	if !near(sum, all[0].Raw, 1e-12) {
		t.Errorf("contributions sum to %v, raw is %v", sum, all[0].Raw)
	}
	cases := []struct {
		name string
		top  int
		want int
	}{{"none", 0, 0}, {"top 3", 3, 3}, {"more than available", 100, 17}, {"all", -1, 17}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc, err := m.Predict(ids[5:], texts[5:], PredictOptions{TopEvidence: c.top})
			if err != nil {
				t.Fatal(err)
			}
			if len(sc[0].Evidence) != c.want {
				t.Errorf("%d entries, want %d", len(sc[0].Evidence), c.want)
			}
			for i := range sc[0].Evidence {
				if sc[0].Evidence[i] != ev[i] {
					t.Errorf("entry %d = %+v, want %+v", i, sc[0].Evidence[i], ev[i])
				}
			}
		})
	}
	// Ties in |contribution| break by feature name.
	tm, err := Fit([]string{"l", "r"}, []Counts{{"b": 1}, {"a": 1}}, []float64{-1, 1}, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := tm.Predict([]string{"t"}, []Counts{{"b": 1, "a": 1}}, PredictOptions{TopEvidence: -1})
	if err != nil {
		t.Fatal(err)
	}
	if got := sc[0].Evidence; len(got) != 2 || got[0].Feature != "a" || got[1].Feature != "b" {
		t.Errorf("tie order %+v, want a then b", got)
	}
}

func TestSmoothing(t *testing.T) {
	ids, texts := loadLBG(t)
	t.Run("smooth equals adding the pseudo-count", func(t *testing.T) {
		m, err := Fit(ids[:5], texts[:5], lbgPositions, FitOptions{Smooth: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		plus := make([]Counts, 5)
		for i := range plus {
			plus[i] = Counts{}
			for f, v := range texts[i] {
				plus[i][f] = v + 0.5
			}
		}
		m2, err := Fit(ids[:5], plus, lbgPositions, FitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		m0, _, _ := fitLBG(t, FitOptions{})
		for _, f := range sortedFeatures(Counts(m.WordScores)) {
			if !near(m.WordScores[f], m2.WordScores[f], 1e-12) {
				t.Errorf("S_%s: smooth %v vs +0.5 %v", f, m.WordScores[f], m2.WordScores[f])
			}
			if f != "S" && m.WordScores[f] == m0.WordScores[f] {
				t.Errorf("S_%s unchanged by smoothing", f)
			}
		}
	})
	t.Run("two references, MV maps them to their positions", func(t *testing.T) {
		// quanteda issue #1251: R1 = -1, R5 = 1, smooth = 1.
		m, err := Fit([]string{"R1", "R5"}, []Counts{texts[0], texts[4]}, []float64{-1, 1}, FitOptions{Smooth: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.WordScores) != 37 {
			t.Errorf("%d scored features, want all 37 with smoothing", len(m.WordScores))
		}
		sc, err := m.Predict([]string{"R1", "R5"}, []Counts{texts[0], texts[4]}, PredictOptions{Rescaling: RescaleMV})
		if err != nil {
			t.Fatal(err)
		}
		if !near(sc[0].MV, -1, 1e-12) || !near(sc[1].MV, 1, 1e-12) {
			t.Errorf("MV = %v, %v; want -1, 1", sc[0].MV, sc[1].MV)
		}
	})
	t.Run("vocabulary", func(t *testing.T) {
		refs := []Counts{{"a": 3, "b": 1}, {"a": 1, "b": 3}}
		pos := []float64{-1, 1}
		cases := []struct {
			name   string
			smooth float64
			vocab  []string
			wantC  bool    // "c" gets a score
			wantA  float64 // S_a
		}{
			{"no smoothing ignores vocabulary", 0, []string{"c"}, false, -0.5},
			// smoothed: F_a = 4/7 and 2/7 -> S_a = -(4-2)/6 = -1/3; c: equal shares -> 0.
			{"smoothing scores vocabulary", 1, []string{"c"}, true, -1.0 / 3},
			// without c the denominators are 6 for both, same shares: S_a = -1/3 as well.
			{"smoothing without vocabulary", 1, nil, false, -1.0 / 3},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				m, err := Fit([]string{"L", "R"}, refs, pos, FitOptions{Smooth: c.smooth, Vocabulary: c.vocab})
				if err != nil {
					t.Fatal(err)
				}
				sc, ok := m.WordScores["c"]
				if ok != c.wantC || (ok && !near(sc, 0, 1e-15)) {
					t.Errorf("S_c = %v (present %v), want present %v", sc, ok, c.wantC)
				}
				if !near(m.WordScores["a"], c.wantA, 1e-12) {
					t.Errorf("S_a = %v, want %v", m.WordScores["a"], c.wantA)
				}
			})
		}
	})
	t.Run("vocabulary changes unequal denominators", func(t *testing.T) {
		refs := []Counts{{"a": 1}, {"a": 1, "b": 2}}
		m1, err := Fit([]string{"L", "R"}, refs, []float64{-1, 1}, FitOptions{Smooth: 1})
		if err != nil {
			t.Fatal(err)
		}
		m2, err := Fit([]string{"L", "R"}, refs, []float64{-1, 1}, FitOptions{Smooth: 1, Vocabulary: []string{"c"}})
		if err != nil {
			t.Fatal(err)
		}
		// m1: F_aL = 2/3, F_aR = 2/5 -> S_a = (2/5-2/3)/(2/3+2/5) = -1/4.
		// m2: F_aL = 2/4, F_aR = 2/6 -> S_a = (1/3-1/2)/(1/2+1/3) = -1/5; S_c = (1/6-1/4)/(1/4+1/6) = -1/5.
		if !near(m1.WordScores["a"], -0.25, 1e-12) || !near(m2.WordScores["a"], -0.2, 1e-12) || !near(m2.WordScores["c"], -0.2, 1e-12) {
			t.Errorf("S_a = %v / %v, S_c = %v", m1.WordScores["a"], m2.WordScores["a"], m2.WordScores["c"])
		}
	})
}

func TestFitErrors(t *testing.T) {
	two := []Counts{{"a": 1}, {"b": 1}}
	cases := []struct {
		name string
		ids  []string
		refs []Counts
		pos  []float64
		opt  FitOptions
		want string
	}{
		{"no references", nil, nil, nil, FitOptions{}, "at least 2"},
		{"one reference", []string{"x"}, two[:1], []float64{1}, FitOptions{}, "at least 2"},
		{"ids length mismatch", []string{"x"}, two, []float64{0, 1}, FitOptions{}, "length mismatch"},
		{"positions length mismatch", []string{"x", "y"}, two, []float64{0}, FitOptions{}, "length mismatch"},
		{"all positions equal", []string{"x", "y"}, two, []float64{1, 1}, FitOptions{}, "positions equal"},
		{"NaN position", []string{"x", "y"}, two, []float64{0, math.NaN()}, FitOptions{}, "non-finite position"},
		{"infinite position", []string{"x", "y"}, two, []float64{math.Inf(-1), 1}, FitOptions{}, "non-finite position"},
		{"empty text", []string{"x", "y"}, []Counts{{"a": 1}, {}}, []float64{0, 1}, FitOptions{}, `"y" is empty`},
		{"all-zero text", []string{"x", "y"}, []Counts{{"a": 0}, {"b": 1}}, []float64{0, 1}, FitOptions{}, `"x" is empty`},
		{"nil text", []string{"x", "y"}, []Counts{{"a": 1}, nil}, []float64{0, 1}, FitOptions{}, "empty"},
		{"negative count", []string{"x", "y"}, []Counts{{"a": -1, "b": 3}, {"b": 1}}, []float64{0, 1}, FitOptions{}, `feature "a"`},
		{"NaN count", []string{"x", "y"}, []Counts{{"a": 1}, {"b": math.NaN()}}, []float64{0, 1}, FitOptions{}, "finite"},
		{"overflowing total", []string{"x", "y"}, []Counts{{"a": math.MaxFloat64, "b": math.MaxFloat64}, {"b": 1}}, []float64{0, 1}, FitOptions{}, "overflows"},
		{"negative smooth", []string{"x", "y"}, two, []float64{0, 1}, FitOptions{Smooth: -1}, "smooth"},
		{"NaN smooth", []string{"x", "y"}, two, []float64{0, 1}, FitOptions{Smooth: math.NaN()}, "smooth"},
		{"infinite smooth", []string{"x", "y"}, two, []float64{0, 1}, FitOptions{Smooth: math.Inf(1)}, "smooth must be finite"},
		{"duplicate id", []string{"x", "x"}, two, []float64{0, 1}, FitOptions{}, "duplicate"},
		{"empty id", []string{"", "y"}, two, []float64{0, 1}, FitOptions{}, "empty id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := Fit(c.ids, c.refs, c.pos, c.opt)
			if err == nil {
				t.Fatalf("no error, model %+v", m)
			}
			if !strings.HasPrefix(err.Error(), "wordscores: fit: ") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want prefix %q and %q", err, "wordscores: fit: ", c.want)
			}
		})
	}
}

func TestPredictErrors(t *testing.T) {
	m, ids, texts := fitLBG(t, FitOptions{})
	same, err := Fit([]string{"l", "r"}, []Counts{{"a": 1, "b": 1}, {"a": 1, "b": 1}}, []float64{-1, 1}, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		m     *Model
		ids   []string
		texts []Counts
		opt   PredictOptions
		want  string
	}{
		{"length mismatch", m, ids, texts[:2], PredictOptions{}, "length mismatch"},
		{"level 1", m, ids, texts, PredictOptions{Level: 1}, "level"},
		{"negative level", m, ids, texts, PredictOptions{Level: -0.5}, "level"},
		{"NaN level", m, ids, texts, PredictOptions{Level: math.NaN()}, "level"},
		{"unknown rescaling", m, ids, texts, PredictOptions{Rescaling: "LBG"}, "unknown rescaling"},
		{"duplicate id", m, []string{"a", "a"}, texts[:2], PredictOptions{}, "duplicate"},
		{"empty id", m, []string{""}, texts[:1], PredictOptions{}, "empty id"},
		{"negative count", m, []string{"a"}, []Counts{{"A": -2}}, PredictOptions{}, `feature "A"`},
		{"infinite count", m, []string{"a"}, []Counts{{"A": math.Inf(1)}}, PredictOptions{}, "finite"},
		{"mv with identical extremes", same, []string{"t"}, []Counts{{"a": 1}}, PredictOptions{Rescaling: RescaleMV}, "mv rescaling undefined"},
		{"lbg with no spread", same, []string{"t"}, []Counts{{"a": 1}}, PredictOptions{Rescaling: RescaleLBG}, "lbg rescaling undefined"},
		{"nil model", nil, ids, texts, PredictOptions{}, "nil model"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.m.Predict(c.ids, c.texts, c.opt)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), "wordscores: predict: ") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want %q", err, c.want)
			}
		})
	}
}

func TestConfidenceLevel(t *testing.T) {
	m, ids, texts := fitLBG(t, FitOptions{})
	cases := []struct {
		level, z float64
	}{
		{0, 1.959963984540054}, {0.95, 1.959963984540054}, {0.90, 1.6448536269514722}, {0.99, 2.5758293035489004},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.level), func(t *testing.T) {
			sc, err := m.Predict(ids[5:], texts[5:], PredictOptions{Level: c.level})
			if err != nil {
				t.Fatal(err)
			}
			s := sc[0]
			if !near((s.CIHigh-s.Raw)/s.SE, c.z, 1e-9) || !near((s.Raw-s.CILow)/s.SE, c.z, 1e-9) {
				t.Errorf("half-width/SE = %v, want z = %v", (s.CIHigh-s.Raw)/s.SE, c.z)
			}
			if !math.IsNaN(s.LBG) || !math.IsNaN(s.MV) {
				t.Errorf("rescaled fields computed without being asked: %v %v", s.LBG, s.MV)
			}
		})
	}
}

func TestSaveLoad(t *testing.T) {
	m, ids, texts := fitLBG(t, FitOptions{})
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "lbg_model.golden.json")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("saved model differs from %s (run go test -update if intended)", golden)
	}
	m2, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	opt := PredictOptions{Rescaling: RescaleBoth, TopEvidence: 5}
	a, err := m.Predict(ids, texts, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := m2.Predict(ids, texts, opt)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%#v", a) != fmt.Sprintf("%#v", b) {
		t.Errorf("predictions differ after Save/Load:\n%#v\n%#v", a, b)
	}
	var buf2 bytes.Buffer
	if err := m2.Save(&buf2); err != nil || !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
		t.Errorf("re-save differs (err %v)", err)
	}
}

func TestLoadErrors(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "lbg_model.golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	base := `{"format":"stanceshift.wordscores/v1","ref_ids":["a","b"],"ref_positions":[-1,1],"smooth":0,"word_scores":{"x":-1,"y":1},"ref_raw":[-1,1]}`
	if _, err := Load(strings.NewReader(base)); err != nil {
		t.Fatalf("base model rejected: %v", err)
	}
	cases := []struct{ name, in, want string }{
		{"empty", "", "EOF"},
		{"not json", "wordscores", "invalid"},
		{"wrong format", strings.Replace(base, "/v1", "/v9", 1), "format"},
		{"unknown field", strings.Replace(base, `"smooth"`, `"smoothing"`, 1), "unknown field"},
		{"trailing data", base + "{}", "trailing"},
		{"one reference", strings.NewReplacer(`["a","b"]`, `["a"]`, `[-1,1]`, `[-1]`).Replace(base), "at least 2"},
		{"length mismatch", strings.Replace(base, `"ref_raw":[-1,1]`, `"ref_raw":[-1]`, 1), "raw scores"},
		{"duplicate id", strings.Replace(base, `["a","b"]`, `["a","a"]`, 1), "duplicate"},
		{"equal positions", strings.Replace(base, `"ref_positions":[-1,1]`, `"ref_positions":[1,1]`, 1), "equal"},
		{"negative smooth", strings.Replace(base, `"smooth":0`, `"smooth":-1`, 1), "smooth"},
		{"no word scores", strings.Replace(base, `{"x":-1,"y":1}`, `{}`, 1), "no word scores"},
		{"overflowing number", strings.Replace(base, `"x":-1`, `"x":1e999`, 1), "1e999"},
		{"truncated golden", string(good[:len(good)/2]), "unexpected EOF"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(c.in))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), "wordscores: load: ") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want %q", err, c.want)
			}
		})
	}
	// JSON cannot carry NaN or ±Inf, so the encoder would refuse these models too; validate must
	// refuse them first and say which field is wrong.
	nonFinite := []struct {
		name string
		edit func(m *Model)
		want string
	}{
		{"NaN position", func(m *Model) { m.RefPositions[0] = math.NaN() }, `reference "a" has a non-finite position or raw score`},
		{"infinite position", func(m *Model) { m.RefPositions[1] = math.Inf(1) }, `reference "b" has a non-finite position or raw score`},
		{"infinite raw score", func(m *Model) { m.RefRaw[1] = math.Inf(-1) }, `reference "b" has a non-finite position or raw score`},
		{"NaN smooth", func(m *Model) { m.Smooth = math.NaN() }, "smooth must be finite and >= 0, got NaN"},
		{"infinite smooth", func(m *Model) { m.Smooth = math.Inf(1) }, "smooth must be finite and >= 0, got +Inf"},
		{"NaN word score", func(m *Model) { m.WordScores["y"] = math.NaN() }, `word score of "y" is not finite`},
		{"infinite word score", func(m *Model) { m.WordScores["x"] = math.Inf(-1) }, `word score of "x" is not finite`},
	}
	for _, c := range nonFinite {
		t.Run("save refuses "+c.name, func(t *testing.T) {
			m := &Model{Format: FormatV1, RefIDs: []string{"a", "b"}, RefPositions: []float64{-1, 1},
				RefRaw: []float64{-1, 1}, WordScores: map[string]float64{"x": -1, "y": 1}}
			if err := m.Save(&bytes.Buffer{}); err != nil {
				t.Fatalf("valid model refused: %v", err)
			}
			c.edit(m)
			err := m.Save(&bytes.Buffer{})
			if err == nil || !strings.HasPrefix(err.Error(), "wordscores: save: ") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	t.Run("save refuses an invalid model", func(t *testing.T) {
		bad := &Model{Format: FormatV1, RefIDs: []string{"a", "b"}, RefPositions: []float64{0, 1},
			RefRaw: []float64{0, math.NaN()}, WordScores: map[string]float64{"x": 0}}
		if err := bad.Save(&bytes.Buffer{}); err == nil || !strings.HasPrefix(err.Error(), "wordscores: save: ") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestDeterministic(t *testing.T) {
	m, ids, texts := fitLBG(t, FitOptions{Smooth: 0.1})
	first, err := m.Predict(ids, texts, PredictOptions{Rescaling: RescaleBoth, TopEvidence: -1})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		m2, _, _ := fitLBG(t, FitOptions{Smooth: 0.1})
		again, err := m2.Predict(ids, texts, PredictOptions{Rescaling: RescaleBoth, TopEvidence: -1})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprintf("%#v", again) != fmt.Sprintf("%#v", first) {
			t.Fatal("predictions differ between runs")
		}
	}
}

func FuzzLoad(f *testing.F) {
	good, err := os.ReadFile(filepath.Join("testdata", "lbg_model.golden.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"format":"stanceshift.wordscores/v1","ref_ids":["a","b"],"ref_positions":[-1,1],"smooth":0,"word_scores":{"x":-1,"y":1},"ref_raw":[-1,1]}`))
	f.Add([]byte(`{"format":"stanceshift.wordscores/v1","ref_ids":["a","b"],"ref_positions":[1,1],"ref_raw":[0,0],"word_scores":{"x":1}}`))
	f.Add([]byte(`{"ref_ids":null,"word_scores":null}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"ref_positions":[1e308,-1e308]}`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Load(bytes.NewReader(data))
		if err != nil {
			if m != nil {
				t.Fatal("model returned with an error")
			}
			return
		}
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatalf("loaded model does not save: %v", err)
		}
		if _, err := Load(&buf); err != nil {
			t.Fatalf("saved model does not load: %v", err)
		}
		text := Counts{}
		for _, w := range sortedFeatures(Counts(m.WordScores)) {
			text[w] = 1
		}
		sc, err := m.Predict([]string{"t"}, []Counts{text}, PredictOptions{})
		if err != nil || len(sc) != 1 {
			t.Fatalf("predict on a loaded model: %v", err)
		}
		// Rescaling may legitimately be undefined; it must fail cleanly, not panic.
		_, _ = m.Predict([]string{"t"}, []Counts{text}, PredictOptions{Rescaling: RescaleBoth})
	})
}

func FuzzPredict(f *testing.F) {
	m, _, _ := fitLBG(f, FitOptions{})
	f.Add("A", 3.0, "ZK", 1.0, 0.95, "both", 2)
	f.Add("Q", 0.0, "nope", 5.0, 0.0, "lbg", -1)
	f.Add("", -1.0, "A", 1e308, 1.5, "x", 0)
	f.Fuzz(func(t *testing.T, f1 string, c1 float64, f2 string, c2 float64, level float64, resc string, top int) {
		texts := []Counts{{f1: c1, f2: c2}, {"S": 1}}
		sc, err := m.Predict([]string{"a", "b"}, texts, PredictOptions{Level: level, Rescaling: resc, TopEvidence: top})
		if err != nil {
			return
		}
		if len(sc) != 2 {
			t.Fatalf("%d scores", len(sc))
		}
		s := sc[0]
		if s.NScored > 0 && (s.Raw < -1.5-1e-9 || s.Raw > 1.5+1e-9) {
			t.Errorf("raw %v outside the word-score range", s.Raw)
		}
		if !sort.SliceIsSorted(s.Evidence, func(i, j int) bool {
			return math.Abs(s.Evidence[i].Contribution) > math.Abs(s.Evidence[j].Contribution)
		}) {
			t.Errorf("evidence not sorted: %+v", s.Evidence)
		}
	})
}

func BenchmarkPredict(b *testing.B) {
	m, ids, texts := benchData(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := m.Predict(ids, texts, PredictOptions{Rescaling: RescaleBoth, TopEvidence: 10}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFit(b *testing.B) {
	_, ids, texts := benchData(b)
	pos := make([]float64, 10)
	for i := range pos {
		pos[i] = float64(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Fit(ids[:10], texts[:10], pos, FitOptions{Smooth: 0.5}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchData builds a model from 10 synthetic references over a 5,000-word vocabulary and 100
// texts of 300 distinct words each (about the size of a treaty's provisions scored against a few
// anchor documents).
func benchData(b *testing.B) (*Model, []string, []Counts) {
	b.Helper()
	const vocab, ntexts, per = 5000, 100, 300
	word := func(i int) string { return fmt.Sprintf("w%04d", i%vocab) }
	var ids []string
	var texts []Counts
	for t := 0; t < ntexts; t++ {
		c := Counts{}
		for k := 0; k < per; k++ {
			c[word(t*37+k*k*7+k)] += float64(1 + (t+k)%5)
		}
		ids = append(ids, fmt.Sprintf("t%03d", t))
		texts = append(texts, c)
	}
	pos := make([]float64, 10)
	for i := range pos {
		pos[i] = float64(i)
	}
	m, err := Fit(ids[:10], texts[:10], pos, FitOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return m, ids, texts
}
