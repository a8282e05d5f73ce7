package lss_test

import (
	"fmt"
	"strings"

	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/lss"
)

func Example() {
	// Sentences (lower-cased term lists): state-centric language co-occurs with "sovereignty",
	// multistakeholder language with "stakeholders".
	corpus := []string{
		"states exercise sovereignty over the information space",
		"sovereignty and territorial integrity of states in the information space",
		"intergovernmental bodies such as the itu under state sovereignty",
		"governments and stakeholders in their respective roles",
		"all stakeholders including civil society and the private sector",
		"open bottom up processes with stakeholders and civil society",
	}
	var sentences [][]string
	for _, s := range corpus {
		sentences = append(sentences, strings.Fields(s))
	}
	seeds := map[string]float64{"sovereignty": 1, "stakeholder*": -1, "multistakeholderism": -1}
	m, err := lss.Fit(sentences, seeds, lss.Options{K: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("dimensions:", m.K, "dropped seeds:", m.SeedsMissing)
	for _, w := range []string{"territorial", "civil"} {
		p, _ := m.Polarity(w)
		fmt.Printf("%s: %+.2f\n", w, p)
	}
	in := "The ITU and States"
	s := m.Score(models.Text{Text: in, Tokens: []models.Token{{Text: "The", Start: 0, End: 3},
		{Text: "ITU", Start: 4, End: 7}, {Text: "and", Start: 8, End: 11}, {Text: "States", Start: 12, End: 18}}})
	fmt.Printf("score %+.2f %s, top evidence %q\n", s.Score, s.Label, s.Evidence[0].Term)
	// Output:
	// dimensions: 2 dropped seeds: [multistakeholderism]
	// territorial: +0.99
	// civil: -1.21
	// score +0.61 state_centric, top evidence "itu"
}
