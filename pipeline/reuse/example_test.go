package reuse_test

import (
	"fmt"

	"github.com/stanceshift/stanceshift/pipeline/reuse"
)

// Find reports the WCIT-12 wording that the 2015 SCO code restates, oriented from the earlier
// document to the later one.
func ExampleFind() {
	provs := []reuse.Provision{
		{ID: "sco:8", DocID: "sco", Instrument: "sco", Date: "2015-01-09", Order: 1,
			Text: "All States must play the same role in, and carry equal responsibility for, international governance of the Internet, its security, continuity and stability of operation, and its development"},
		{ID: "wcit:E", DocID: "wcit", Instrument: "wcit", Date: "2012-12-14", Order: 2,
			Text: "all governments should have an equal role and responsibility for international Internet governance and for ensuring the stability, security and continuity of the existing Internet and it future development"},
	}
	for _, r := range reuse.Find(provs, reuse.Options{}) {
		fmt.Printf("%s -> %s, score %.1f, %d words\n%q\n%q\n", r.Source, r.Target, r.Score, r.AlignedWords,
			r.SourcePassage, r.TargetPassage)
	}
	// Output:
	// wcit:E -> sco:8, score 8.5, 7 words
	// "equal role and responsibility for international Internet governance and for ensuring the stability, security and continuity of the existing Internet and it future development"
	// "equal responsibility for, international governance of the Internet, its security, continuity and stability of operation, and its development"
}

func ExampleLocalAlign() {
	a := reuse.Tokenize("The Group addresses norms derived from existing international law.")
	b := reuse.Tokenize("citing its paragraph on norms derived from existing international law and on")
	score, aStart, aEnd, bStart, bEnd, n := reuse.LocalAlign(a, b, reuse.Options{})
	fmt.Println(score, n)
	fmt.Println(a[aStart].Text, "..", a[aEnd-1].Text, "|", b[bStart].Text, "..", b[bEnd-1].Text)
	// Output:
	// 10 5
	// norms .. law | norms .. law
}
