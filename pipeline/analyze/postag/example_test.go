package postag_test

import (
	"fmt"

	"github.com/stanceshift/stanceshift/pipeline/analyze/postag"
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

func ExampleTagger_Tag() {
	tagger, err := postag.Default()
	if err != nil {
		panic(err)
	}
	toks := tokenize.Tokenize("(a) States shall cooperate with the private sector.")
	words := make([]string, len(toks))
	for i, tok := range toks {
		words[i] = tok.ProseText()
	}
	for i, tag := range tagger.Tag(words) {
		fmt.Printf("%s/%s ", words[i], tag)
	}
	fmt.Println()
	// Output:
	// (/( a/DT )/) States/VBZ shall/MD cooperate/VB with/IN the/DT private/JJ sector/NN ./.
}
