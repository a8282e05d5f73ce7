package labels_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/stanceshift/stanceshift/models/labels"
)

func ExampleRead() {
	const file = `provision_id,stance,score,concepts,split,notes
code-a-2011:g,state_centric,1,equal_role_of_states,test,"multilateral, no non-state role"
statement-z-2014:5,multistakeholder,-1,multistakeholder;net_neutrality,train,
treaty-b-draft2:11,neutral,0,,train,entry into force
`
	ls, err := labels.Read(strings.NewReader(file), "labels.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range ls {
		fmt.Printf("line %d: %s %s %+.1f %v %s\n", l.Line, l.ProvisionID, l.Stance, *l.Score, l.Concepts, l.Split)
	}
	for _, w := range labels.Check("labels.csv", ls) {
		fmt.Println("warning:", w)
	}

	_, err = labels.Read(strings.NewReader("provision_id,stance,score\na:1,neutral,0\na:2,pro-state,2\n"), "bad.csv")
	fmt.Println(err)
	// Output:
	// line 2: code-a-2011:g state_centric +1.0 [equal_role_of_states] test
	// line 3: statement-z-2014:5 multistakeholder -1.0 [multistakeholder net_neutrality] train
	// line 4: treaty-b-draft2:11 neutral +0.0 [] train
	// warning: labels.csv:3: labels: statement-z-2014:5: concept "net_neutrality" is not one of the project's concept ids (kept as a user concept)
	// labels: bad.csv:3: stance "pro-state": expected state_centric, multistakeholder, neutral
	// labels: bad.csv:3: score 2 is out of range: expected a number in [-1, 1]
}

func ExampleAssignSplits() {
	ls := []labels.Label{
		{ProvisionID: "d:1", Stance: "neutral"}, {ProvisionID: "d:2", Stance: "neutral"},
		{ProvisionID: "d:3", Stance: "neutral"}, {ProvisionID: "d:4", Stance: "state_centric"},
	}
	if err := labels.AssignSplits(ls, 0.3); err != nil {
		fmt.Println(err)
		return
	}
	if err := labels.Write(os.Stdout, ls); err != nil {
		fmt.Println(err)
	}
	// Output:
	// provision_id,stance,score,concepts,split
	// d:1,neutral,,,train
	// d:2,neutral,,,train
	// d:3,neutral,,,test
	// d:4,state_centric,,,train
}

func ExampleAgree() {
	// Two annotators label the same provisions; A is the reference.
	a, _ := labels.Read(strings.NewReader(`provision_id,stance,score,split
code-a-2011:g,state_centric,1,test
code-a-2015:8,state_centric,1,test
statement-z-2018:1,multistakeholder,-1,test
resolution-j-2022:2,multistakeholder,-0.5,test
code-a-2011:i,neutral,0,test
cbm-list-e-2013:2,neutral,0,test
`), "coder1.csv")
	b, _ := labels.Read(strings.NewReader(`provision_id,stance,score
code-a-2011:g,state_centric,1
code-a-2015:8,state_centric,0.5
statement-z-2018:1,multistakeholder,-1
resolution-j-2022:2,neutral,0
code-a-2011:i,neutral,0
cbm-list-e-2013:2,neutral,0
bill-v-2022:1,neutral,0
`), "coder2.csv")
	g, err := labels.Agree(a, b, labels.SplitAll)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("n %d, only in B %d\n", g.N, g.OnlyB)
	fmt.Printf("observed %.3f, kappa %.3f, linear kappa %.3f, alpha %.3f\n", g.Observed, g.Kappa, g.KappaLinear, g.AlphaNominal)
	fmt.Printf("macro-F1 of B against A %.3f, Spearman %.3f over %d scores\n", g.MacroF1, g.Spearman, g.Scored)
	for _, d := range g.Differences {
		fmt.Printf("%s: %s -> %s (%d step)\n", d.ProvisionID, d.StanceA, d.StanceB, d.Steps())
	}
	// Output:
	// n 6, only in B 1
	// observed 0.833, kappa 0.750, linear kappa 0.800, alpha 0.766
	// macro-F1 of B against A 0.822, Spearman 0.938 over 6 scores
	// code-a-2015:8: state_centric -> state_centric (0 step)
	// resolution-j-2022:2: multistakeholder -> neutral (1 step)
}
