package sentence_test

import (
	"fmt"

	"github.com/stanceshift/stanceshift/pipeline/analyze/sentence"
)

func ExampleSplit() {
	text := `States shall: (a) refrain from hostile activities; and (b) cooperate, inter alia, ` +
		`under art. 19 of the Covenant and U.N. Doc. A/RES/70/237. The U.S. objected. ` +
		`"It is flawed," Mr. J. Smith said.`
	for _, sp := range sentence.Split(text) {
		fmt.Printf("%d-%d %s\n", sp.Start, sp.End, text[sp.Start:sp.End])
	}
	// Output:
	// 0-139 States shall: (a) refrain from hostile activities; and (b) cooperate, inter alia, under art. 19 of the Covenant and U.N. Doc. A/RES/70/237.
	// 140-158 The U.S. objected.
	// 159-193 "It is flawed," Mr. J. Smith said.
}

func ExampleAppendSplit() {
	var spans []sentence.Span
	for _, text := range []string{"Article 5\nStates shall cooperate.", "1. First item\n2. Second item"} {
		spans = sentence.AppendSplit(spans[:0], text) // reuse the slice: no allocation once grown
		for _, sp := range spans {
			fmt.Printf("%q\n", text[sp.Start:sp.End])
		}
	}
	// Output:
	// "Article 5"
	// "States shall cooperate."
	// "1. First item"
	// "2. Second item"
}
