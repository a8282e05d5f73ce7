package entities_test

import (
	"fmt"
	"strings"

	"github.com/stanceshift/stanceshift/pipeline/analyze/entities"
)

func ExampleRecognizer_Find() {
	g, err := entities.Default()
	if err != nil {
		panic(err)
	}
	m, err := entities.BuiltinModel()
	if err != nil {
		panic(err)
	}
	r := &entities.Recognizer{Gazetteer: g, Model: m}
	for _, e := range r.Find("The ICANN Board met the IETF in Dubai.") {
		fmt.Printf("%-6s %-5s %-10s %s\n", e.Text, e.Type, e.CanonicalID, e.Source)
	}
	// Output:
	// ICANN  ORG   org:icann  gazetteer
	// IETF   ORG   org:ietf   gazetteer
	// Dubai  GPE              model
}

func ExampleReadSpans() {
	src := `{"text": "Resolution A/RES/70/237 was adopted.", "entities": [{"start": 11, "end": 23, "type": "DOCSYMBOL"}]}
{"text": "Resolution A/RES/70/237", "entities": [{"start": 10, "end": 23, "type": "DOCSYMBOL"}]}
`
	lts, err := entities.ReadSpans(strings.NewReader(src), "spans.jsonl")
	fmt.Println(len(lts), err)
	// Output:
	// 0 entities: spans.jsonl:2: malformed span file: entity [10,23) " A/RES/70/237" starts or ends with white space
}
