package lss

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/stanceshift/stanceshift/models"
)

func isStateWord(t string) bool { return slices.Contains(stateWords, t) }
func isMSWord(t string) bool    { return slices.Contains(msWords, t) }

func TestFitSyntheticSigns(t *testing.T) {
	// The corpus has two latent topics (state-centric, multistakeholder) plus shared fillers,
	// so with k = 2 every side word must take its side's sign. With k > 2 the extra dimensions
	// are sampling noise with near-equal singular values, and only the side means are checked.
	tests := []struct {
		name string
		n    int
		opt  Options
		// perWord: every side word has its side's sign (else only the side means do).
		perWord bool
		// separated: every filler's |polarity| is below every side word's.
		separated bool
	}{
		{"exact k=2", 200, Options{K: 2}, true, false},
		{"randomized k=2", 200, Options{K: 2, ExactMaxCells: -1, Seed: 5}, true, false},
		{"exact k=4 side means", 200, Options{K: 4}, false, false},
		{"randomized k=4 side means", 200, Options{K: 4, ExactMaxCells: -1, Seed: 5}, false, false},
		{"exact k=2 larger corpus separates fillers", 1000, Options{K: 2}, true, true},
		{"randomized k=2 larger corpus separates fillers", 1000, Options{K: 2, ExactMaxCells: -1}, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Fit(syntheticCorpus(tc.n, 1), syntheticSeeds, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if m.K != tc.opt.K {
				t.Errorf("K = %d, want %d", m.K, tc.opt.K)
			}
			maxFiller, minSide := 0.0, math.Inf(1)
			var stateSum, msSum float64
			for i, term := range m.Terms {
				p := m.Polarities[i]
				switch {
				case isStateWord(term):
					if tc.perWord && !(p > 0) {
						t.Errorf("state-centric %q has polarity %v", term, p)
					}
					stateSum += p
					minSide = min(minSide, math.Abs(p))
				case isMSWord(term):
					if tc.perWord && !(p < 0) {
						t.Errorf("multistakeholder %q has polarity %v", term, p)
					}
					msSum += p
					minSide = min(minSide, math.Abs(p))
				default:
					maxFiller = max(maxFiller, math.Abs(p))
				}
			}
			t.Logf("side means %+.3f / %+.3f; max |filler| %.3f, min |side word| %.3f",
				stateSum/float64(len(stateWords)), msSum/float64(len(msWords)), maxFiller, minSide)
			if !(stateSum > 0) || !(msSum < 0) {
				t.Errorf("side sums %v (state) and %v (multistakeholder) have the wrong signs", stateSum, msSum)
			}
			if tc.separated && !(maxFiller < minSide) {
				t.Errorf("fillers not separated: max |filler| %.3f >= min |side| %.3f", maxFiller, minSide)
			}
			// Sentences of each side score on their side.
			st := m.Score(text("s", "Territorial integrity and noninterference: control by the ITU"))
			ms := m.Score(text("m", "Open, bottom-up processes with ICANN and the IGF"))
			if !(st.Score > 0) || !(ms.Score < 0) {
				t.Errorf("state sentence scores %v, multistakeholder sentence %v", st.Score, ms.Score)
			}
		})
	}
}

// TestPolarityMatchesDefinition recomputes LSX's beta from scratch on a small corpus: the exact
// SVD by gonum, cosine similarity of each term to each seed over the first k right singular
// vectors, summed with the seed weights.
func TestPolarityMatchesDefinition(t *testing.T) {
	sentences := syntheticCorpus(30, 4)
	const k = 3
	m, err := Fit(sentences, syntheticSeeds, Options{K: k})
	if err != nil {
		t.Fatal(err)
	}
	// Dense matrix from scratch.
	vocab := slices.Clone(m.Terms) // MinCount 1: every term is scored
	col := map[string]int{}
	for j, w := range vocab {
		col[w] = j
	}
	a := mat.NewDense(len(sentences), len(vocab), nil)
	for i, s := range sentences {
		for _, w := range s {
			a.Set(i, col[w], a.At(i, col[w])+1)
		}
	}
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDThin) {
		t.Fatal("svd failed")
	}
	var v mat.Dense
	svd.VTo(&v)
	cos := func(x, y int) float64 {
		var d, nx, ny float64
		for c := range k {
			d += v.At(x, c) * v.At(y, c)
			nx += v.At(x, c) * v.At(x, c)
			ny += v.At(y, c) * v.At(y, c)
		}
		return d / math.Sqrt(nx*ny)
	}
	// Seed weights by hand: 2 patterns per side found; sovereign* and stakeholder* each match
	// two terms.
	weights := map[string]float64{
		"sovereign": 0.25, "sovereignty": 0.25, "states": 0.5,
		"stakeholder": -0.25, "stakeholders": -0.25, "civil": -0.5,
	}
	for i, term := range vocab {
		var want float64
		for s, w := range weights {
			want += w * cos(i, col[s])
		}
		if got := m.Polarities[i]; math.Abs(got-want) > 1e-9 {
			t.Errorf("%s: polarity %.12f, by definition %.12f", term, got, want)
		}
	}
}

func TestSeedWeights(t *testing.T) {
	vocab := []string{"civil", "icann", "sovereign", "sovereignty", "stakeholder", "stakeholders", "states"}
	tests := []struct {
		name        string
		seeds       map[string]float64
		wantWeights map[string]float64
		wantMissing []string
	}{
		{"one word a side", map[string]float64{"states": 1, "civil": -1},
			map[string]float64{"states": 1, "civil": -1}, nil},
		{"glob shares its weight", map[string]float64{"sovereign*": 1, "states": 1, "civil": -1},
			map[string]float64{"sovereign": 0.25, "sovereignty": 0.25, "states": 0.5, "civil": -1}, nil},
		{"missing patterns dropped, sides still sum to 1",
			map[string]float64{"states": 1, "nothere": 1, "civil": -1, "icann": -1, "gone*": -1},
			map[string]float64{"states": 1, "civil": -0.5, "icann": -0.5}, []string{"gone*", "nothere"}},
		{"overlapping patterns add up", map[string]float64{"sovereign*": 1, "sovereignty": 1, "civil": -1},
			map[string]float64{"sovereign": 0.25, "sovereignty": 0.75, "civil": -1}, nil},
		{"polarity magnitude kept", map[string]float64{"states": 2, "civil": -1},
			map[string]float64{"states": 2, "civil": -1}, nil},
		{"unipolar", map[string]float64{"states": 1, "civil": 1},
			map[string]float64{"states": 0.5, "civil": 0.5}, nil},
		{"question mark glob and case", map[string]float64{"STAKEHOLDER?": -1, "States": 1},
			map[string]float64{"stakeholders": -1, "states": 1}, nil},
		{"cancelling patterns drop the term", map[string]float64{"states": 1, "state*": -1},
			map[string]float64{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			patterns, weighted, missing, err := expandSeeds(tc.seeds, vocab)
			if err != nil {
				t.Fatal(err)
			}
			if len(patterns) != len(tc.seeds) {
				t.Errorf("%d patterns, want %d", len(patterns), len(tc.seeds))
			}
			if !slices.Equal(missing, tc.wantMissing) {
				t.Errorf("missing %v, want %v", missing, tc.wantMissing)
			}
			got := map[string]float64{}
			for _, w := range weighted {
				got[w.Term] = w.Weight
			}
			if len(got) != len(tc.wantWeights) {
				t.Errorf("weights %v, want %v", got, tc.wantWeights)
			}
			for term, want := range tc.wantWeights {
				if math.Abs(got[term]-want) > 1e-15 {
					t.Errorf("%s: weight %v, want %v", term, got[term], want)
				}
			}
			if !slices.IsSortedFunc(weighted, func(a, b WeightedSeed) int { return strings.Compare(a.Term, b.Term) }) {
				t.Error("weighted seeds not sorted")
			}
		})
	}
}

func TestFitReportsMissingSeeds(t *testing.T) {
	m, err := Fit(syntheticCorpus(50, 1), syntheticSeeds, Options{K: 2})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"absentword", "nothere*"}; !slices.Equal(m.SeedsMissing, want) {
		t.Errorf("SeedsMissing %v, want %v", m.SeedsMissing, want)
	}
	matches := map[string]int{}
	for _, p := range m.Seeds {
		matches[p.Pattern] = p.Matches
	}
	want := map[string]int{"absentword": 0, "civil": 1, "nothere*": 0, "sovereign*": 2, "stakeholder*": 2, "states": 1}
	for p, n := range want {
		if matches[p] != n {
			t.Errorf("pattern %q matched %d terms, want %d", p, matches[p], n)
		}
	}
	var pos, neg float64
	for _, w := range m.SeedsWeighted {
		if w.Weight > 0 {
			pos += w.Weight
		} else {
			neg += w.Weight
		}
	}
	if math.Abs(pos-1) > 1e-15 || math.Abs(neg+1) > 1e-15 {
		t.Errorf("side sums %v and %v, want 1 and -1", pos, neg)
	}
}

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		name, pattern, s string
		want             bool
	}{
		{"literal", "state", "state", true},
		{"literal mismatch", "state", "states", false},
		{"star suffix", "state*", "statehood", true},
		{"star matches empty", "state*", "state", true},
		{"star prefix", "*ism", "extremism", true},
		{"star middle", "multi*holder", "multistakeholder", true},
		{"star middle mismatch", "multi*holder", "multilateral", false},
		{"question mark", "stat?", "state", true},
		{"question needs a char", "state?", "state", false},
		{"backtracking", "*a*b", "aaab", true},
		{"backtracking fails", "*a*b", "aaac", false},
		{"only stars", "**", "", true},
		{"unicode one rune", "caf?", "café", true},
		{"empty pattern", "", "x", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := globMatch(tc.pattern, tc.s); got != tc.want {
				t.Errorf("globMatch(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
			}
		})
	}
}

func TestFitErrors(t *testing.T) {
	good := syntheticCorpus(20, 1)
	tests := []struct {
		name      string
		sentences [][]string
		seeds     map[string]float64
		opt       Options
		wantSub   string
	}{
		{"no sentences", nil, syntheticSeeds, Options{}, "no terms"},
		{"only empty terms", [][]string{{""}, {}}, syntheticSeeds, Options{}, "no terms"},
		{"no seeds", good, nil, Options{}, "no seed words"},
		{"zero polarity", good, map[string]float64{"states": 0}, Options{}, "non-zero"},
		{"NaN polarity", good, map[string]float64{"states": math.NaN()}, Options{}, "finite"},
		{"blank pattern", good, map[string]float64{"  ": 1}, Options{}, "empty seed pattern"},
		{"case duplicates disagree", good, map[string]float64{"States": 1, "states": -1}, Options{}, "given twice"},
		{"no seed found", good, map[string]float64{"absent": 1, "gone*": -1}, Options{}, "none of 2 seed patterns occurs in the corpus (absent, gone*)"},
		{"ten seeds missing: eight named", good, map[string]float64{"a0": 1, "a1": 1, "a2": 1, "a3": 1, "a4": 1, "b5": -1, "b6": -1, "b7": -1, "b8": -1, "b9": -1}, Options{},
			"none of 10 seed patterns occurs in the corpus (a0, a1, a2, a3, a4, b5, b6, b7 and 2 more)"},
		{"negative K", good, syntheticSeeds, Options{K: -1}, "K must be"},
		{"negative MinCount", good, syntheticSeeds, Options{MinCount: -2}, "MinCount"},
		{"negative MinN", good, syntheticSeeds, Options{MinN: -2}, "MinN"},
		{"infinite band", good, syntheticSeeds, Options{NeutralBand: math.Inf(1)}, "NeutralBand"},
		{"MinCount above every count", good, syntheticSeeds, Options{MinCount: 1 << 30}, "no term occurs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Fit(tc.sentences, tc.seeds, tc.opt)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), "lss: ") || !strings.Contains(err.Error(), tc.wantSub) {
				t.Errorf("error %q, want prefix \"lss: \" and %q", err, tc.wantSub)
			}
		})
	}
}

func TestFitKCappedByRank(t *testing.T) {
	tests := []struct {
		name      string
		sentences [][]string
		k         int
		wantK     int
	}{
		{"k above sentences", [][]string{{"states", "a"}, {"civil", "b"}}, 300, 2},
		{"duplicate sentences have rank 1", [][]string{{"states", "civil"}, {"states", "civil"}, {"states", "civil"}}, 10, 1},
		{"one term", [][]string{{"states"}, {"states", "states"}}, 300, 1},
		{"randomized rank 2 of 40 x 4", slices.Repeat([][]string{{"states", "a"}, {"civil", "b"}, {"states", "a"}, {"civil", "b"}}, 10), 300, 2},
		{"default k capped by 25 sentences", syntheticCorpus(10, 2), 0, 25},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := Options{K: tc.k}
			if strings.HasPrefix(tc.name, "randomized") {
				opt.ExactMaxCells = -1
			}
			m, err := Fit(tc.sentences, map[string]float64{"states": 1, "civil": -1}, opt)
			if err != nil {
				t.Fatal(err)
			}
			if opt.ExactMaxCells < 0 && m.SVDMethod != MethodRandomized {
				t.Errorf("method %q", m.SVDMethod)
			}
			if m.K != tc.wantK || len(m.SingularValues) != m.K {
				t.Errorf("K = %d with %d values, want %d", m.K, len(m.SingularValues), tc.wantK)
			}
		})
	}
}

func TestFitMinCount(t *testing.T) {
	sentences := append(syntheticCorpus(20, 1), []string{"rareword", "states"})
	m, err := Fit(sentences, syntheticSeeds, Options{K: 2, MinCount: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Polarity("rareword"); ok {
		t.Error("a term seen once has a polarity with MinCount 2")
	}
	counts := map[string]int{}
	for _, s := range sentences {
		for _, w := range s {
			counts[w]++
		}
	}
	rare := 0
	for _, n := range counts {
		if n < 2 {
			rare++
		}
	}
	if m.Vocabulary != len(counts) || len(m.Terms) != len(counts)-rare {
		t.Errorf("vocabulary %d, scored terms %d; want %d and %d", m.Vocabulary, len(m.Terms), len(counts), len(counts)-rare)
	}
}

func TestFitDeterministic(t *testing.T) {
	small := syntheticCorpus(100, 3)
	// 6,000 sentences: the matrix rows, the training statistics and the Gram products run in
	// several blocks, so the worker counts really split the work differently.
	large := zipfCorpus(6000, 2000, 1)
	largeSeeds := map[string]float64{"t00010": 1, "t00011": 1, "t00020": -1, "t00021": -1}
	tests := []struct {
		name      string
		sentences [][]string
		seeds     map[string]float64
		a, b      Options
	}{
		{"exact twice", small, syntheticSeeds, Options{K: 3}, Options{K: 3}},
		{"randomized twice", small, syntheticSeeds, Options{K: 3, ExactMaxCells: -1, Seed: 9}, Options{K: 3, ExactMaxCells: -1, Seed: 9}},
		{"randomized, workers differ", small, syntheticSeeds, Options{K: 3, ExactMaxCells: -1, Seed: 9, Workers: 1}, Options{K: 3, ExactMaxCells: -1, Seed: 9, Workers: 3}},
		{"large, workers differ", large, largeSeeds, Options{K: 40, Seed: 9, Workers: 1}, Options{K: 40, Seed: 9, Workers: 4}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out [2]bytes.Buffer
			for i, opt := range []Options{tc.a, tc.b} {
				m, err := Fit(tc.sentences, tc.seeds, opt)
				if err != nil {
					t.Fatal(err)
				}
				if err := m.Save(&out[i]); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
				t.Error("two fits serialise differently")
			}
		})
	}
}

func TestPolarityLookup(t *testing.T) {
	m := &Model{Terms: []string{"civil", "states"}, Polarities: []float64{-0.5, 0.7}}
	tests := []struct {
		name, term string
		want       float64
		ok         bool
	}{
		{"known", "states", 0.7, true},
		{"upper case", "CIVIL", -0.5, true},
		{"unknown", "icann", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := m.Polarity(tc.term)
			if got != tc.want || ok != tc.ok {
				t.Errorf("Polarity(%q) = %v, %v; want %v, %v", tc.term, got, ok, tc.want, tc.ok)
			}
		})
	}
	var nilModel *Model
	if _, ok := nilModel.Polarity("x"); ok {
		t.Error("nil model has a polarity")
	}
}

// handModel is a fitted-looking model with chosen polarities, for scoring tests.
func handModel(rescale bool) *Model {
	m := &Model{
		Format:         FormatV1,
		Terms:          []string{"civil", "sovereignty", "states", "the"},
		Polarities:     []float64{-0.8, 0.9, 0.6, 0.1},
		Frequency:      []float64{3, 4, 5, 10},
		SeedsWeighted:  []WeightedSeed{{"civil", -1}, {"states", 1}},
		K:              1,
		SingularValues: []float64{1},
		SVDMethod:      MethodExact,
		TrainMean:      0.2,
		TrainSD:        0.5,
		Rescale:        rescale,
		NeutralBand:    0.25,
		Evidence:       2,
	}
	m.buildIndex()
	return m
}

func TestScore(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name      string
		rescale   bool
		minN      int
		text      string
		wantScore float64
		wantSE    float64
		wantLabel string
		wantEv    []string
	}{
		// (0.9 + 0.6 + 0.1) / 3
		{"state sentence", false, 0, "The States and sovereignty.", 1.6 / 3, math.Sqrt((0.81+0.36+0.01)/3-(1.6/3)*(1.6/3)) / math.Sqrt(3), models.StateCentric, []string{"sovereignty", "states"}},
		{"repeated term weighs by frequency", false, 0, "civil civil states", (-1.6 + 0.6) / 3, math.Sqrt((0.64*2+0.36)/3-(1.0/3)*(1.0/3)) / math.Sqrt(3), models.Multistakeholder, []string{"civil", "states"}},
		{"one term has no SE", false, 0, "civil society", -0.8, nan, models.Multistakeholder, []string{"civil"}},
		{"within band is neutral", false, 0, "the the", 0.1, 0, models.Neutral, []string{"the"}},
		{"min_n pads with zeros", false, 4, "civil", -0.2, math.Sqrt(0.64/4-0.04) / 2, models.Multistakeholder, []string{"civil"}},
		{"rescaled", true, 0, "civil society", (-0.8 - 0.2) / 0.5, nan, models.Multistakeholder, []string{"civil"}},
		{"rescaled neutral band in z units", true, 0, "the", (0.1 - 0.2) / 0.5, nan, models.Neutral, []string{"the"}},
		{"nothing known", false, 0, "ICANN and IGF", nan, nan, models.Neutral, nil},
		{"empty", false, 0, "", nan, nan, models.Neutral, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := handModel(tc.rescale)
			m.MinN = tc.minN
			in := text("p1", tc.text)
			s := m.Score(in)
			if !closeOrNaN(s.Score, tc.wantScore) || !closeOrNaN(s.SE, tc.wantSE) {
				t.Errorf("score %v se %v, want %v and %v", s.Score, s.SE, tc.wantScore, tc.wantSE)
			}
			if s.Label != tc.wantLabel {
				t.Errorf("label %q, want %q", s.Label, tc.wantLabel)
			}
			var ev []string
			var sum float64
			for _, e := range s.Evidence {
				ev = append(ev, e.Term)
				sum += e.Contribution
				if got := strings.ToLower(in.Text[e.Start:e.End]); got != e.Term {
					t.Errorf("evidence %q points at %q", e.Term, got)
				}
			}
			if !slices.Equal(ev, tc.wantEv) {
				t.Errorf("evidence %v, want %v", ev, tc.wantEv)
			}
			if math.IsNaN(s.Score) {
				return
			}
			if !math.IsNaN(s.SE) && (math.Abs(s.CILow-(s.Score-1.96*s.SE)) > 1e-12 || math.Abs(s.CIHigh-(s.Score+1.96*s.SE)) > 1e-12) {
				t.Errorf("CI [%v, %v] around %v ± 1.96*%v", s.CILow, s.CIHigh, s.Score, s.SE)
			}
			if s.Confidence < 0 || s.Confidence > 1 {
				t.Errorf("confidence %v outside [0, 1]", s.Confidence)
			}
			if len(s.Evidence) < m.Evidence && !tc.rescale {
				// All terms listed: contributions add up to the raw score.
				if math.Abs(sum-s.Score) > 1e-12 {
					t.Errorf("contributions sum to %v, score %v", sum, s.Score)
				}
			}
		})
	}
}

func closeOrNaN(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= 1e-12*math.Max(1, math.Abs(want))
}

func TestScoreDocumentPoolsProvisions(t *testing.T) {
	m := handModel(false)
	provs := []models.Text{text("a", "The States"), text("b", "civil society and sovereignty")}
	doc := m.ScoreDocument(provs)
	whole := m.Score(text("ab", "The States civil society and sovereignty"))
	if doc.Score != whole.Score || !closeOrNaN(doc.SE, whole.SE) {
		t.Errorf("document %v (se %v), pooled text %v (se %v)", doc.Score, doc.SE, whole.Score, whole.SE)
	}
	for _, e := range doc.Evidence {
		if e.Start != -1 || e.End != -1 {
			t.Errorf("document evidence %q located at %d..%d", e.Term, e.Start, e.End)
		}
	}
	if s := m.ScoreDocument(nil); !math.IsNaN(s.Score) {
		t.Errorf("empty document scored %v", s.Score)
	}
}

func TestPredictRescalesOverBatch(t *testing.T) {
	m, err := Fit(syntheticCorpus(100, 1), syntheticSeeds, Options{K: 2})
	if err != nil {
		t.Fatal(err)
	}
	texts := []models.Text{
		text("1", "sovereignty states w01"), text("2", "civil icann w02 w03"),
		text("3", "w04 w05"), text("4", "nothing known"), text("5", "territorial itu open"),
	}
	tests := []struct {
		name    string
		rescale bool
	}{{"raw", false}, {"rescaled", true}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := m.Predict(texts, tc.rescale)
			var xs []float64
			for i, s := range got {
				raw := m.Score(texts[i]) // m.Rescale is false: raw
				if math.IsNaN(s.Score) != math.IsNaN(raw.Score) {
					t.Errorf("text %d: NaN mismatch", i)
				}
				if !math.IsNaN(s.Score) {
					xs = append(xs, s.Score)
				}
				if !tc.rescale && s.Score != raw.Score && !math.IsNaN(raw.Score) {
					t.Errorf("text %d: Predict raw %v, Score %v", i, s.Score, raw.Score)
				}
			}
			mean, sd := meanSD(xs)
			if tc.rescale && (math.Abs(mean) > 1e-12 || math.Abs(sd-1) > 1e-12) {
				t.Errorf("rescaled batch has mean %v sd %v", mean, sd)
			}
			if !tc.rescale && math.Abs(sd-1) < 1e-6 {
				t.Errorf("raw batch unexpectedly has sd %v", sd)
			}
		})
	}
}

func TestRescaleStandardisesTrainingSentences(t *testing.T) {
	sentences := syntheticCorpus(100, 1)
	m, err := Fit(sentences, syntheticSeeds, Options{K: 2, Rescale: true})
	if err != nil {
		t.Fatal(err)
	}
	var xs []float64
	for i, s := range sentences {
		sc := m.Score(text("s", strings.Join(s, " ")))
		if !math.IsNaN(sc.Score) {
			xs = append(xs, sc.Score)
		}
		_ = i
	}
	mean, sd := meanSD(xs)
	if len(xs) != m.TrainScored || math.Abs(mean) > 1e-12 || math.Abs(sd-1) > 1e-12 {
		t.Errorf("%d training sentences (model says %d) score mean %v sd %v, want 0 and 1", len(xs), m.TrainScored, mean, sd)
	}
}

func TestRange(t *testing.T) {
	m, err := Fit(syntheticCorpus(50, 1), syntheticSeeds, Options{K: 2})
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := m.Range()
	if lo != -2 || hi != 2 {
		t.Errorf("raw range [%v, %v], want [-2, 2] for unit seeds on both sides", lo, hi)
	}
	for i, p := range m.Polarities {
		if p < lo || p > hi {
			t.Errorf("%s: polarity %v outside range", m.Terms[i], p)
		}
	}
	m.Rescale = true
	if lo, hi := m.Range(); !math.IsInf(lo, -1) || !math.IsInf(hi, 1) {
		t.Errorf("rescaled range [%v, %v], want infinite", lo, hi)
	}
	if m.Name() != models.NameLSS {
		t.Errorf("name %q", m.Name())
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"raw exact", Options{K: 3}},
		{"rescaled randomized", Options{K: 3, Rescale: true, ExactMaxCells: -1, Seed: 2, MinN: 3}},
	}
	probe := []models.Text{text("a", "States shall respect sovereignty w01"), text("b", "civil society ICANN open w07"), text("c", "w01 w02")}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Fit(syntheticCorpus(80, 6), syntheticSeeds, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := m.Save(&buf); err != nil {
				t.Fatal(err)
			}
			saved := slices.Clone(buf.Bytes())
			back, err := Load(&buf)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range probe {
				a, b := m.Score(p), back.Score(p)
				if math.Float64bits(a.Score) != math.Float64bits(b.Score) || math.Float64bits(a.SE) != math.Float64bits(b.SE) || a.Label != b.Label || len(a.Evidence) != len(b.Evidence) {
					t.Errorf("%s: before %+v, after %+v", p.ID, a, b)
				}
			}
			a, b := m.ScoreDocument(probe), back.ScoreDocument(probe)
			if math.Float64bits(a.Score) != math.Float64bits(b.Score) {
				t.Errorf("document score %v before, %v after", a.Score, b.Score)
			}
			var again bytes.Buffer
			if err := back.Save(&again); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(saved, again.Bytes()) {
				t.Error("re-saving a loaded model changes the bytes")
			}
		})
	}
}

func TestLoadRejects(t *testing.T) {
	var buf bytes.Buffer
	if err := handModel(false).Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	tests := []struct {
		name, json, wantSub string
	}{
		{"not json", "{", "lss: load"},
		{"trailing data", good + "{}", "trailing data"},
		{"unknown field", strings.Replace(good, `"format"`, `"extra": 1, "format"`, 1), "unknown field"},
		{"wrong format", strings.Replace(good, FormatV1, "other/9", 1), "format"},
		{"unsorted terms", strings.Replace(good, `"civil"`, `"zzz"`, 1), "out of order"},
		{"length mismatch", strings.Replace(good, `-0.8,`, ``, 1), "polarities"},
		{"bad method", strings.Replace(good, `"exact"`, `"guess"`, 1), "svd method"},
		{"zero sd", strings.Replace(good, `"train_sd": 0.5`, `"train_sd": 0`, 1), "sd"},
		{"negative band", strings.Replace(good, `"neutral_band": 0.25`, `"neutral_band": -1`, 1), "neutral band"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.json == good {
				t.Fatal("test case did not change the JSON")
			}
			_, err := Load(strings.NewReader(tc.json))
			if err == nil || !strings.Contains(err.Error(), tc.wantSub) || !strings.HasPrefix(err.Error(), "lss: load") {
				t.Errorf("error %v, want one containing %q", err, tc.wantSub)
			}
		})
	}
	if err := (*Model)(nil).Save(&buf); err == nil {
		t.Error("saving a nil model succeeded")
	}
}

func TestOrthonormalize(t *testing.T) {
	tests := []struct {
		name         string
		a            *mat.Dense
		wantFallback bool
	}{
		{"well conditioned", gapMatrix(200, 12, []float64{5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1}, 1), false},
		{"condition 1e6", gapMatrix(200, 6, []float64{1e6, 1e4, 1e2, 10, 1, 1}, 2), false},
		{"rank deficient", gapMatrix(100, 10, []float64{3, 2, 1}, 3), true},
		{"zero column", mat.NewDense(5, 2, []float64{1, 0, 2, 0, 3, 0, 4, 0, 5, 0}), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, c := tc.a.Dims()
			y := mat.DenseCopyOf(tc.a)
			var w qrWork
			w.orthonormalize(y.RawMatrix().Data, r, c)
			if (w.fallbacks > 0) != tc.wantFallback {
				t.Errorf("fallbacks %d, want fallback %v", w.fallbacks, tc.wantFallback)
			}
			if e := maxOrthError(y); e > 1e-12 {
				t.Errorf("Q'Q - I: %.3g", e)
			}
			// Q spans A's columns: QQ'A = A.
			var qta, proj mat.Dense
			qta.Mul(y.T(), tc.a)
			proj.Mul(y, &qta)
			proj.Sub(&proj, tc.a)
			if e := mat.Norm(&proj, math.Inf(1)) / math.Max(mat.Norm(tc.a, math.Inf(1)), 1); e > 1e-10 {
				t.Errorf("||QQ'A - A|| relative %.3g", e)
			}
		})
	}
}

// TestScoreAll checks that the one-pass ScoreAll gives exactly Score for each provision and
// ScoreDocument for them all.
func TestScoreAll(t *testing.T) {
	same := func(a, b models.Score) bool {
		eq := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
		return eq(a.Score, b.Score) && eq(a.SE, b.SE) && eq(a.CILow, b.CILow) && eq(a.CIHigh, b.CIHigh) &&
			a.Label == b.Label && eq(a.Confidence, b.Confidence) && reflect.DeepEqual(a.Evidence, b.Evidence)
	}
	for _, rescale := range []bool{false, true} {
		m := handModel(rescale)
		for _, tc := range []struct {
			name  string
			provs []models.Text
		}{
			{"none", nil},
			{"no model term", []models.Text{text("a", "weather report")}},
			{"several", []models.Text{text("a", "The States"), text("b", "civil society and sovereignty"), text("c", ""),
				text("d", "States States civil the the the sovereignty")}},
		} {
			t.Run(fmt.Sprintf("%s, rescale %v", tc.name, rescale), func(t *testing.T) {
				each, doc := m.ScoreAll(tc.provs)
				for i, p := range tc.provs {
					if want := m.Score(p); !same(each[i], want) {
						t.Errorf("provision %s: ScoreAll %+v, Score %+v", p.ID, each[i], want)
					}
				}
				if want := m.ScoreDocument(tc.provs); !same(doc, want) {
					t.Errorf("document: ScoreAll %+v, ScoreDocument %+v", doc, want)
				}
			})
		}
	}
}

// TestCountTerms: numberTerms counts the words by number as a plain count of the words does,
// lower-cased and without empty terms, and gives each word used its column (-1: unused or empty).
func TestCountTerms(t *testing.T) {
	words := []string{"State", "state", "", "Internet", "governance", "STATE", "multistakeholder", "unused"}
	for _, tc := range []struct {
		name      string
		sentences int
	}{
		{"no sentences", 0},
		{"one block", 100},
		{"several blocks", 5000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sentences [][]int32
			want := map[string]int{}
			for i := range tc.sentences {
				var s []int32
				for j := range i%5 + 1 {
					w := (i*3 + j) % (len(words) - 1)
					s = append(s, int32(w))
					if words[w] != "" {
						want[strings.ToLower(words[w])]++
					}
				}
				sentences = append(sentences, s)
			}
			colOf, vocab, counts, err := numberTerms(words, sentences)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for j, v := range vocab {
				got[v] = counts[j]
			}
			if !reflect.DeepEqual(got, want) || !slices.IsSorted(vocab) || len(vocab) != len(want) {
				t.Errorf("vocabulary %q, counts %v, want %v", vocab, counts, want)
			}
			for w, c := range colOf {
				if _, used := want[strings.ToLower(words[w])]; !used {
					if c != -1 {
						t.Errorf("word %q (unused or empty): column %d, want -1", words[w], c)
					}
				} else if c < 0 || vocab[c] != strings.ToLower(words[w]) {
					t.Errorf("word %q: column %d", words[w], c)
				}
			}
		})
	}
}
