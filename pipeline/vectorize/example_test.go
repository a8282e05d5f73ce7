package vectorize_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// The two passes: a corpus-wide reduction (DFAccumulator) that yields the Vocabulary, then a
// per-provision map (Row) that reads it.
func Example() {
	provisions := []string{
		"States shall cooperate",
		"All stakeholders shall participate",
		"Stakeholders and States",
	}
	opt := vectorize.SklearnOptions()
	opt.StopWords = vectorize.StopWordSet("all", "and")

	acc := vectorize.NewDF()
	terms := make([][]string, len(provisions))
	for i, p := range provisions {
		terms[i] = vectorize.Terms(strings.Fields(p), opt)
		acc.Add(terms[i])
	}
	v := acc.Extract(opt)
	for j, t := range v.Terms {
		fmt.Printf("%-13s df=%d idf=%.4f\n", t, v.DF[j], v.IDF[j])
	}
	idx, val := v.Row(terms[2], opt)
	for k := range idx {
		fmt.Printf("row 2: %s %.4f\n", v.Terms[idx[k]], val[k])
	}
	// Output:
	// cooperate     df=1 idf=1.6931
	// participate   df=1 idf=1.6931
	// shall         df=2 idf=1.2877
	// stakeholders  df=2 idf=1.2877
	// states        df=2 idf=1.2877
	// row 2: stakeholders 0.7071
	// row 2: states 0.7071
}

func ExampleStem() {
	for _, w := range []string{"governance", "governments", "stakeholders", "cooperation", "sovereignty"} {
		fmt.Println(w, vectorize.Stem(w))
	}
	// Output:
	// governance govern
	// governments govern
	// stakeholders stakehold
	// cooperation cooper
	// sovereignty sovereignti
}

func ExampleWriteMatrixMarket() {
	opt := vectorize.SklearnOptions()
	rows := [][]string{
		vectorize.Terms([]string{"civil", "society"}, opt),
		vectorize.Terms([]string{"civil", "civil"}, opt),
	}
	acc := vectorize.NewDF()
	for _, r := range rows {
		acc.Add(r)
	}
	m := vectorize.Matrix(rows, acc.Extract(opt), opt)
	if err := vectorize.WriteMatrixMarket(os.Stdout, m); err != nil {
		fmt.Println(err)
	}
	// Output:
	// %%MatrixMarket matrix coordinate real general
	// 2 2 3
	// 1 1 0.5797386715376657
	// 1 2 0.8148024746671689
	// 2 1 1
}
