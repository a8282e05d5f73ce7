package entities_test

import (
	"fmt"
	"strings"

	"github.com/stanceshift/stanceshift/pipeline/analyze/entities"
)

func ExampleGazetteer_Find() {
	g, err := entities.Default()
	if err != nil {
		panic(err)
	}
	text := "The SCO states sent China’s revised draft to the U.N.; the United\nStates rejected it."
	for _, e := range g.Find(text) {
		fmt.Printf("%d-%d %-13q %-5s %s\n", e.Start, e.End, e.Text, e.Type, e.CanonicalID)
	}
	// Output:
	// 4-7 "SCO"         IGO   igo:sco
	// 20-25 "China"       STATE CHN
	// 51-55 "U.N."        IGO   igo:un
	// 61-74 "United\nStates" STATE USA
}

func ExampleLoad() {
	src := `
entries:
  - id: "forum:wsis"
    type: FORUM
    name: World Summit on the Information Society
    aliases: [WSIS]
`
	g, err := entities.Load(strings.NewReader(src), "mine.yaml")
	if err != nil {
		panic(err)
	}
	fmt.Println(g.Find("the wsis and the WSIS")[0].CanonicalID, len(g.Find("the wsis and the WSIS")))

	_, err = entities.Load(strings.NewReader("entries:\n  - {id: CHN, type: COUNTRY, name: China}\n"), "bad.yaml")
	fmt.Println(err)
	// Output:
	// forum:wsis 1
	// entities: bad.yaml:2: unknown type: "COUNTRY" in entry "CHN" (want one of STATE, IGO, ORG, FORUM, INSTRUMENT)
}
