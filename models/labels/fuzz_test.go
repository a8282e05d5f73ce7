package labels

import (
	"bytes"
	"errors"
	"math"
	"os"
	"reflect"
	"testing"
)

func FuzzRead(f *testing.F) {
	f.Add([]byte("provision_id,stance\na:1,neutral\n"))
	f.Add([]byte("provision_id,stance,score,concepts,split\na:1,state_centric,0.5,sovereignty;x,test\nb:2,multistakeholder,-1,,train\n"))
	f.Add([]byte("\xef\xbb\xbfSTANCE,Provision_ID,notes\r\nneutral,a:p1,\"x\ny\"\r\n"))
	f.Add([]byte("provision_id,stance,score\na:1,neutral,1e400\na:1,neutral,0x1p-2\n"))
	f.Add([]byte("provision_id,stance\na\"1,neutral\n\"a:2,neutral\n"))
	f.Add([]byte("provision_id,stance,stance\n"))
	f.Add([]byte(""))
	if b, err := os.ReadFile("../../testdata/labels/governance_labels.csv"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ls, err := Read(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			if ls != nil {
				t.Fatalf("labels returned with error %v", err)
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *labels.Error: %v", err, err)
			}
			return
		}
		if len(ls) == 0 {
			t.Fatal("no labels and no error")
		}
		seen := map[string]bool{}
		prev := 1
		for _, l := range ls {
			if checkID(l.ProvisionID) != "" || seen[l.ProvisionID] {
				t.Fatalf("bad or duplicate id %q accepted", l.ProvisionID)
			}
			seen[l.ProvisionID] = true
			if !validStance(l.Stance) {
				t.Fatalf("stance %q accepted", l.Stance)
			}
			if l.Score != nil && (math.IsNaN(*l.Score) || *l.Score < -1 || *l.Score > 1) {
				t.Fatalf("score %v accepted", *l.Score)
			}
			if l.Split != "" && l.Split != SplitTrain && l.Split != SplitTest {
				t.Fatalf("split %q accepted", l.Split)
			}
			for _, c := range l.Concepts {
				if !validConcept(c) {
					t.Fatalf("concept %q accepted", c)
				}
			}
			if l.Line <= prev {
				t.Fatalf("line %d after %d", l.Line, prev)
			}
			prev = l.Line
		}
		_ = Check("fuzz.csv", ls)
		_ = Summarize(ls)
		// Write then Read gives the same labels (lines aside).
		var buf bytes.Buffer
		if err := Write(&buf, ls); err != nil {
			t.Fatal(err)
		}
		back, err := Read(&buf, "rt.csv")
		if err != nil {
			t.Fatalf("reading what Write wrote: %v", err)
		}
		strip := func(ls []Label) []Label {
			out := append([]Label(nil), ls...)
			for i := range out {
				out[i].Line = 0
			}
			return out
		}
		if !reflect.DeepEqual(strip(back), strip(ls)) {
			t.Fatalf("round trip differs:\n%#v\n%#v", back, ls)
		}
		// The split rule accepts whatever Read accepts and keeps stratification.
		if err := AssignSplits(ls, DefaultTestFraction); err != nil {
			t.Fatal(err)
		}
	})
}
