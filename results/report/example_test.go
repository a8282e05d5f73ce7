package report_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/stanceshift/stanceshift/results/report"
)

func ExampleParseDiff() {
	for _, s := range report.ParseDiff(`[-To seek-] {+"All States must play the same role"+} to [i]mprove`) {
		fmt.Printf("%s %q\n", s.Op, s.Text)
	}
	// Output:
	// delete "To seek"
	// equal " "
	// insert "\"All States must play the same role\""
	// equal " to [i]mprove"
}

func ExampleAnchor() {
	fmt.Println(report.Anchor("sco-code-2015:8"))
	fmt.Println(report.Anchor("draft 2:a"))
	// Output:
	// prov-sco-code-2015:8
	// prov-draft~202:a
}

func ExampleBuild() {
	r, err := report.Build("testdata/fixture")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Join(r.Instruments(), "\n"))
	var buf bytes.Buffer
	if err := r.WriteHTML(&buf); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Count(buf.String(), `<section class="prov"`), "provision sections")
	// Output:
	// gge-2013
	// netmundial-2014
	// sco-code-of-conduct
	// tunis-agenda-2005
	// wcit-2012-res3
	// 25 provision sections
}
