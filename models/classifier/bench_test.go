package classifier

import "testing"

func BenchmarkTrain(b *testing.B) {
	// 600 rows over 2,000 features with about 60 non-zeros each: a mid-sized labelled set.
	x, y := synthSparse(600, 2000, 60, 1)
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"none", Options{Calibrate: CalibrateNone}},
		{"temperature_5fold", Options{}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Train(x, y, 2000, tc.opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPredictProba(b *testing.B) {
	x, y := synthSparse(600, 2000, 60, 1)
	m, err := Train(x, y, 2000, Options{Calibrate: CalibrateNone})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		m.PredictProba(x[0])
	}
}

func BenchmarkScore(b *testing.B) {
	m, f := trainedStance(b)
	s := WithFeaturizer(m, f)
	tx := text("x", "States have sovereignty over the information space, with civil society in their respective roles")
	for b.Loop() {
		s.Score(tx)
	}
}

// synthSparse makes n rows with nnz random features each, the first few depending on the class.
func synthSparse(n, dim, nnz int, seed uint64) ([]Vec, []string) {
	x, y := synth(n, 30, 4, 1, 0.2, seed)
	out := make([]Vec, n)
	for i := range x {
		v := Vec{Idx: append([]int(nil), x[i].Idx...), Val: append([]float64(nil), x[i].Val...)}
		step := (dim - 30) / nnz
		for k := 0; k < nnz; k++ {
			j := 30 + k*step + (i*7+k*13)%step
			v.Idx = append(v.Idx, j)
			v.Val = append(v.Val, float64((i+k)%5)/5+0.1)
		}
		out[i] = v
	}
	return out, y
}

// BenchmarkNestedCrossValidate is eval's "cv" split at the size of the committed labelled set:
// 220 rows, about 1,000 features, the six-value C grid, 5 outer and 5 inner folds.
func BenchmarkNestedCrossValidate(b *testing.B) {
	x, y := synthSparse(220, 1000, 25, 3)
	var cands []Options
	for _, c := range []float64{0.1, 0.3, 1, 3, 10, 30} {
		cands = append(cands, Options{C: c, ClassWeight: ClassWeightBalanced, Seed: 1})
	}
	for b.Loop() {
		if _, _, err := NestedCrossValidate(x, y, 1000, Options{ClassWeight: ClassWeightBalanced, Seed: 1}, cands); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCharNGramsRow: one provision-length text's char_wb TF-IDF row over a block fitted on
// the stance corpus.
func BenchmarkCharNGramsRow(b *testing.B) {
	texts, _ := stanceCorpus()
	raw := rawTexts(texts)
	c, err := FitCharNGrams(raw, CharOptions{SmoothIDF: true, SublinearTF: true})
	if err != nil {
		b.Fatal(err)
	}
	s := "States shall respect the sovereignty of other States over their information space, " +
		"with the participation of civil society and the private sector in their respective roles."
	b.ReportAllocs()
	for b.Loop() {
		c.Row(s)
	}
}

// BenchmarkWordBigramsRow: the same text's word-bigram TF-IDF row over a block fitted on the
// stance corpus.
func BenchmarkWordBigramsRow(b *testing.B) {
	texts, _ := stanceCorpus()
	raw := rawTexts(texts)
	g, err := FitWordBigrams(raw, BigramOptions{SmoothIDF: true, SublinearTF: true})
	if err != nil {
		b.Fatal(err)
	}
	s := "States shall respect the sovereignty of other States over their information space, " +
		"with the participation of civil society and the private sector in their respective roles."
	b.ReportAllocs()
	for b.Loop() {
		g.Row(s)
	}
}
