package labels

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
)

func TestMerge(t *testing.T) {
	a := Set{Path: "a.csv", Labels: []Label{
		{ProvisionID: "d:1", Stance: "neutral", Split: "train", Line: 2},
		{ProvisionID: "d:2", Stance: "state_centric", Split: "test", Line: 3},
	}}
	b := Set{Path: "b.csv", Labels: []Label{
		{ProvisionID: "e:1", Stance: "multistakeholder", Split: "train", Line: 2},
	}}
	dupB := Set{Path: "b.csv", Labels: []Label{
		{ProvisionID: "e:1", Stance: "neutral", Line: 2},
		{ProvisionID: "d:2", Stance: "neutral", Line: 5},
	}}
	dupTwice := Set{Path: "c.csv", Labels: []Label{
		{ProvisionID: "d:1", Stance: "neutral", Line: 4},
		{ProvisionID: "d:2", Stance: "neutral", Line: 9},
	}}
	tests := []struct {
		name    string
		sets    []Set
		want    []string // provision ids in order
		wantErr []string // substrings of the error, in order
	}{
		{name: "none", sets: nil, want: nil},
		{name: "one set is returned as it is", sets: []Set{a}, want: []string{"d:1", "d:2"}},
		{name: "two sets in the order given", sets: []Set{b, a}, want: []string{"e:1", "d:1", "d:2"}},
		{name: "duplicate names both files and lines", sets: []Set{a, dupB},
			wantErr: []string{`b.csv:5: duplicate id: provision_id "d:2" is also labelled at a.csv:3`}},
		{name: "every duplicate is reported", sets: []Set{a, dupTwice},
			wantErr: []string{`c.csv:4:`, `"d:1" is also labelled at a.csv:2`, `c.csv:9:`, `"d:2" is also labelled at a.csv:3`}},
		{name: "the same file given twice", sets: []Set{b, b},
			wantErr: []string{`b.csv:2:`, `"e:1" is also labelled at b.csv:2`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Merge(tc.sets...)
			if len(tc.wantErr) > 0 {
				if err == nil {
					t.Fatalf("no error, want %q", tc.wantErr)
				}
				if got != nil {
					t.Errorf("labels returned with an error: %v", got)
				}
				if !errors.Is(err, corpus.ErrDuplicate) {
					t.Errorf("error %v does not wrap corpus.ErrDuplicate", err)
				}
				msg := err.Error()
				for _, w := range tc.wantErr {
					i := strings.Index(msg, w)
					if i < 0 {
						t.Fatalf("error %q, want it to contain %q", msg, w)
					}
					msg = msg[i+len(w):]
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, l := range got {
				ids = append(ids, l.ProvisionID)
			}
			if !reflect.DeepEqual(ids, tc.want) {
				t.Errorf("ids %v, want %v", ids, tc.want)
			}
		})
	}
}

func TestReadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	one := write("one.csv", "provision_id,stance,split\nd:1,neutral,test\nd:2,neutral,train\n")
	two := write("two.csv", "provision_id,stance,split\ne:1,state_centric,train\n")
	clash := write("clash.csv", "provision_id,stance\ne:1,neutral\nd:1,neutral\n")
	bad := write("bad.csv", "provision_id,stance\nf:1,pro-state\n")
	tests := []struct {
		name    string
		paths   []string
		n       int
		wantErr []string
	}{
		{name: "two files", paths: []string{one, two}, n: 3},
		{name: "duplicate across files", paths: []string{one, clash},
			wantErr: []string{"clash.csv:3:", `"d:1" is also labelled at ` + one + ":2"}},
		{name: "every bad file is reported", paths: []string{bad, "missing.csv", two},
			wantErr: []string{"bad.csv:2: stance", "missing.csv"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadFiles(tc.paths...)
			if len(tc.wantErr) > 0 {
				if err == nil {
					t.Fatalf("no error, want %q", tc.wantErr)
				}
				for _, w := range tc.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q, want it to contain %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.n {
				t.Errorf("%d labels, want %d", len(got), tc.n)
			}
		})
	}
}
