package graph_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/beam/graph"
)

func TestSplitRecords(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"one record", "a,b\n", []string{"a,b\n"}},
		{"two records", "a,b\nc,d\n", []string{"a,b\n", "c,d\n"}},
		{"newline inside quotes", "a,\"x\ny\"\nc,d\n", []string{"a,\"x\ny\"\n", "c,d\n"}},
		{"escaped quote then newline", "\"say \"\"hi\"\"\",1\n2,3\n", []string{"\"say \"\"hi\"\"\",1\n", "2,3\n"}},
		{"no final newline", "a\nb", []string{"a\n", "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, r := range graph.SplitRecords([]byte(tc.in)) {
				got = append(got, string(r))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("SplitRecords(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// NewPlan refuses a manifest whose labels or dictionary cannot be read, and a corpus that is not there,
// with the file (and line) named, before any job starts.
func TestNewPlanRefuses(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("labels/texts/a.txt", "1. Text.\n")
	write("labels/labels.csv", "provision_id,stance\n")
	labels := write("labels/corpus.yaml", "documents:\n  - id: a\n    instrument: a\n    version: \"1\"\n    path: texts/a.txt\nlabels: labels.csv\n")
	write("dict/texts/a.txt", "1. Text.\n")
	write("dict/bad.yaml", "stance:\n  state_centric:\n    weight: heavy\n")
	badDict := write("dict/corpus.yaml", "documents:\n  - id: a\n    instrument: a\n    version: \"1\"\n    path: texts/a.txt\ndictionary: bad.yaml\n")
	write("nodict/texts/a.txt", "1. Text.\n")
	noDict := write("nodict/corpus.yaml", "documents:\n  - id: a\n    instrument: a\n    version: \"1\"\n    path: texts/a.txt\ndictionary: none.yaml\n")
	for _, tc := range []struct {
		name, path, want string
	}{
		{"a labels file without labels", labels, "labels.csv: no labels"},
		{"a dictionary that does not parse", badDict, "bad.yaml:3"},
		{"a dictionary that is not there", noDict, "none.yaml"},
		{"missing corpus", filepath.Join(dir, "nowhere"), "nowhere"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := graph.NewPlan(tc.path, "")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("NewPlan(%s) = %v, want an error containing %q", tc.path, err, tc.want)
			}
		})
	}
}

func TestMerge(t *testing.T) {
	dir := t.TempDir()
	var header string
	for _, r := range graph.Reports {
		if r.Name == "terms.csv" {
			header = r.Header
		}
	}
	shards := map[string]string{
		graph.ShardName("terms.csv", 0, 2): header + "b,1,1\nd,1,1\n",
		graph.ShardName("terms.csv", 1, 2): header + "a,1,1\nc,1,1\n",
		"errors.csv":                       "path,line,error\nold,1,left from an earlier run\n",
	}
	for name, text := range shards {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	names, err := graph.Merge(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, want string
	}{
		{"terms.csv", header + "a,1,1\nb,1,1\nc,1,1\nd,1,1\n"},
		{"warnings.csv", "path,line,warning\n"},
	} {
		b, err := os.ReadFile(filepath.Join(dir, tc.name))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tc.want {
			t.Errorf("%s = %q, want %q", tc.name, b, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "errors.csv")); !os.IsNotExist(err) {
		t.Errorf("errors.csv from an earlier run was kept (stat: %v)", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*-of-*.csv")); len(left) > 0 {
		t.Errorf("shards left: %v", left)
	}
	if len(names) != len(graph.Reports)-1 {
		t.Errorf("Merge wrote %d reports %v, want %d (all but errors.csv)", len(names), names, len(graph.Reports)-1)
	}
}

func ExampleSortedCSV() {
	recs := graph.SplitRecords([]byte("b,2\n\"a\nnewline\",1\na,3\n"))
	fmt.Printf("%q\n", graph.SortedCSV([]byte("name,n\n"), recs))
	// Output: "name,n\n\"a\nnewline\",1\na,3\nb,2\n"
}
