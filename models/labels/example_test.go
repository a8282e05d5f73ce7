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
