package tokenize_test

import (
	"fmt"

	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

func ExampleTokenize() {
	for _, tok := range tokenize.Tokenize("(a) States’ “rights”, art. 5 of the U.N. Charter.") {
		fmt.Printf("%d-%d %s %s\n", tok.Start, tok.End, tok.Text, tok.ProseText())
	}
	// Output:
	// 0-1 ( (
	// 1-2 a a
	// 2-3 ) )
	// 4-10 States States
	// 10-13 ’ '
	// 14-17 “ "
	// 17-23 rights rights
	// 23-26 ” "
	// 26-27 , ,
	// 28-31 art art
	// 31-32 . .
	// 33-34 5 5
	// 35-37 of of
	// 38-41 the the
	// 42-46 U.N. U.N.
	// 47-54 Charter Charter
	// 54-55 . .
}
