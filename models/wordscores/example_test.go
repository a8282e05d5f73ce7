package wordscores_test

import (
	"fmt"
	"log"

	"github.com/stanceshift/stanceshift/models/wordscores"
)

// Scores the virgin text V1 of Laver, Benoit and Garry's (2003) worked example. The texts are
// built from the paper's pattern: each distributes 1000 words over 17 consecutive word types with
// the same bell-shaped counts, shifted by five types per step of 0.75 in position.
func Example() {
	bell := []float64{2, 3, 10, 22, 45, 78, 115, 146, 158, 146, 115, 78, 45, 22, 10, 3, 2}
	types := []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P",
		"Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "ZA", "ZB", "ZC", "ZD", "ZE", "ZF", "ZG",
		"ZH", "ZI", "ZJ", "ZK"}
	text := func(start int) wordscores.Counts {
		c := wordscores.Counts{}
		for i, n := range bell {
			c[types[start+i]] = n
		}
		return c
	}
	refs := []wordscores.Counts{text(0), text(5), text(10), text(15), text(20)}
	m, err := wordscores.Fit([]string{"R1", "R2", "R3", "R4", "R5"}, refs,
		[]float64{-1.5, -0.75, 0, 0.75, 1.5}, wordscores.FitOptions{})
	if err != nil {
		log.Fatal(err)
	}
	scores, err := m.Predict([]string{"V1"}, []wordscores.Counts{text(7)},
		wordscores.PredictOptions{Rescaling: wordscores.RescaleBoth})
	if err != nil {
		log.Fatal(err)
	}
	s := scores[0]
	fmt.Printf("%s raw %.4f SE %.4f 95%% CI [%.4f, %.4f]\n", s.DocID, s.Raw, s.SE, s.CILow, s.CIHigh)
	fmt.Printf("MV %.4f LBG %.4f\n", s.MV, s.LBG)
	// Output:
	// V1 raw -0.4481 SE 0.0119 95% CI [-0.4714, -0.4247]
	// MV -0.5100 LBG -0.5297
}
