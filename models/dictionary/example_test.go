package dictionary_test

import (
	"fmt"

	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/dictionary"
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

func toText(s string) models.Text {
	t := models.Text{Text: s}
	for _, tk := range tokenize.Tokenize(s) {
		t.Tokens = append(t.Tokens, models.Token{Text: tk.Text, Start: tk.Start, End: tk.End})
	}
	return t
}

func Example() {
	m := dictionary.Default()
	for _, s := range []string{
		"All States must play the same role in, and carry equal responsibility for, international governance of the Internet.",
		"Governments, the private sector, civil society and the technical community, in their respective roles.",
		"States shall not restrict the free flow of information.",
	} {
		sc := m.Score(toText(s))
		fmt.Printf("%+.3f %s\n", sc.Score, sc.Label)
		for _, e := range sc.Evidence {
			fmt.Printf("  %q at %d-%d: %+.3f\n", e.Term, e.Start, e.End, e.Contribution)
		}
	}
	for _, mn := range m.Concepts(toText("States should develop confidence-building measures.")) {
		fmt.Println(mn.Concept, mn.Start, mn.End, mn.Matched)
	}
	// Output:
	// +0.769 state_centric
	//   "equal responsibility" at 49-69: +0.347
	//   "same role" at 25-34: +0.347
	//   "international governance of the internet" at 75-115: +0.074
	// -0.728 multistakeholder
	//   "in their respective roles" at 76-101: -0.272
	//   "civil society" at 33-46: -0.163
	//   "technical community" at 55-74: -0.163
	//   "private sector" at 17-31: -0.130
	// -0.459 multistakeholder
	//   "restrict" at 17-25: -0.324
	//   "free flow of information" at 30-54: -0.135
	// confidence_building 22 50 confidence-building measures
}

// A plain quanteda dictionary with weights given separately; concepts, modifiers and settings
// come from the default dictionary.
func ExampleFromQuanteda() {
	dict := []byte(`
state:
  - sovereign*
  - "information space"
stakeholders:
  - multistakeholder*
  - "civil society"
`)
	m, err := dictionary.FromQuanteda(dict, "mine.yaml", map[string]float64{"state": 1, "stakeholders": -1})
	if err != nil {
		fmt.Println(err)
		return
	}
	sc := m.Score(toText("Sovereignty over the information space, not civil society."))
	fmt.Printf("%+.3f %s\n", sc.Score, sc.Label)
	// Output:
	// +0.538 state_centric
}

func ExampleNewMatcher() {
	mt, err := dictionary.NewMatcher([]dictionary.Entry{
		{Key: "cbm", Patterns: []string{"confidence-building measure*"}},
		{Key: "roles", Patterns: []string{"respective roles", "roles"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, mn := range mt.Match(toText("Confidence building measures, in their respective roles.")) {
		fmt.Printf("%s %q %d-%d\n", mn.Concept, mn.Matched, mn.Start, mn.End)
	}
	// Output:
	// cbm "Confidence building measures" 0-28
	// roles "respective roles" 39-55
}
