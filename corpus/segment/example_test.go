package segment_test

import (
	"fmt"

	"github.com/stanceshift/stanceshift/corpus/segment"
)

func ExampleSegment() {
	raw := "A/66/359\n" +
		"The States subscribing to this Code,\n\n" +
		"(a) To comply with the Charter of the United Nations;\n" +
		"(b) To cooperate in the exchange of informa-\ntion on:\n" +
		"   (i) threats;\n" +
		"   (ii) incidents.\n" +
		"\f2\n"
	res := segment.Segment("A-66-359", raw, segment.Options{})
	for _, p := range res.Provisions {
		fmt.Printf("%s [%s] %q subs=%d\n", p.ID, p.Section, p.Text, len(p.SubItems))
	}
	// Output:
	// A-66-359:p1 [preamble] "The States subscribing to this Code," subs=0
	// A-66-359:a [operative] "To comply with the Charter of the United Nations;" subs=0
	// A-66-359:b [operative] "To cooperate in the exchange of information on:\n(i) threats;\n(ii) incidents." subs=2
}

func ExampleNormalize() {
	text, _ := segment.Normalize("\ufeff1. States\u00a0shall\r\nco-operate on \u201cconfidence-\r\nbuilding\u201d.\r\n\r\n15-00563 (E)\r\n")
	fmt.Printf("%q\n", text)
	// Output:
	// "1. States shall co-operate on \"confidence-building\"."
}
