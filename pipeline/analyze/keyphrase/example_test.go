package keyphrase_test

import (
	"fmt"

	"github.com/stanceshift/stanceshift/pipeline/analyze/keyphrase"
)

func Example() {
	text := "States should develop confidence-building measures. Such measures include the exchange of information."
	words := []struct{ w, tag string }{
		{"States", "NNPS"}, {"should", "MD"}, {"develop", "VB"}, {"confidence-building", "JJ"},
		{"measures", "NNS"}, {".", "."}, {"Such", "JJ"}, {"measures", "NNS"}, {"include", "VBP"},
		{"the", "DT"}, {"exchange", "NN"}, {"of", "IN"}, {"information", "NN"}, {".", "."},
	}
	var toks []keyphrase.Token
	pos := 0
	for _, w := range words { // place each token by scanning the text
		for text[pos:pos+len(w.w)] != w.w {
			pos++
		}
		toks = append(toks, keyphrase.Token{Text: w.w, Start: pos, End: pos + len(w.w), Tag: w.tag})
		pos += len(w.w)
	}
	sents := []keyphrase.Sentence{{Start: 0, End: 51}, {Start: 52, End: len(text)}}
	for _, p := range keyphrase.Extract(text, toks, sents, nil, keyphrase.Options{TopN: 5}) {
		fmt.Printf("%-28s %.3f count=%d at=%d\n", p.Text, p.Score, p.Count, p.FirstStart)
	}
	from := []keyphrase.Phrase{{Text: "information security", Score: 2}, {Text: "confidence building measure", Score: 1}}
	to := keyphrase.Extract(text, toks, sents, nil, keyphrase.Options{})
	for _, c := range keyphrase.Changes(from, to) {
		fmt.Println(c.Change, c.Phrase)
	}
	// Output:
	// measures                     3.287 count=2 at=42
	// States                       1.875 count=1 at=0
	// confidence-building measures 1.740 count=1 at=22
	// exchange of information      1.397 count=1 at=78
	// added measures
	// added States
	// added exchange of information
	// dropped information security
}
