package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/results"
)

// A table file edited after it was loaded (its rows are read again as each document is read):
// the document whose rows changed is skipped with an error naming the file and its row's line,
// the others are read and reported; under Strict the run stops with that error.
func TestTableChangedAfterLoad(t *testing.T) {
	const table = "doc_id,provision_id,text,instrument,version\n" +
		"code-2011,1,States shall respect the sovereignty of other States.,code,2011\n" +
		"code-2011,2,All stakeholders shall take part.,code,2011\n" +
		"code-2015,1,States shall respect sovereignty and territorial integrity.,code,2015\n" +
		"code-2015,2,Civil society shall take part in an inclusive process.,code,2015\n"
	for _, strict := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "provisions.csv")
		if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := corpus.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		edited := strings.Replace(table, "Civil society", "Civil soviety", 1) // same length
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		out, err := Stream(context.Background(), c, dir, Options{Workers: 2, Strict: strict})
		var ce *corpus.Error
		if strict {
			if !errors.Is(err, ErrStrict) || !errors.As(err, &ce) || ce.Path != path || ce.Line != 4 {
				t.Errorf("strict: %v, want ErrStrict at %s:4", err, path)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Skipped) != 1 || !errors.As(out.Skipped[0], &ce) || ce.Path != path || ce.Line != 4 ||
			!strings.Contains(ce.Error(), "changed since it was loaded") {
			t.Fatalf("skipped %v, want code-2015 at %s:4", out.Skipped, path)
		}
		b, err := os.ReadFile(filepath.Join(dir, "provisions.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if got := string(b); !strings.Contains(got, "code-2011:1") || strings.Contains(got, "code-2015") {
			t.Errorf("provisions.csv holds code-2015 or lacks code-2011:\n%s", got)
		}
	}
}

// A table's entry in run.json (Result.Inputs) is the SHA-256 and size of the bytes the corpus
// was built from (corpus.Corpus.Digests, taken as Load or ReadTable read the table), not of a
// second read that could see a file changed since.
func TestTableInputDigest(t *testing.T) {
	const table = "doc_id,provision_id,text,instrument,version\n" +
		"code-2011,1,States shall respect the sovereignty of other States.,code,2011\n" +
		"code-2015,1,States shall respect sovereignty and territorial integrity.,code,2015\n"
	path := filepath.Join(t.TempDir(), "provisions.csv")
	if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(table))
	want := []results.Input{{Path: path, SHA256: hex.EncodeToString(sum[:]), Bytes: len(table)}}
	tests := []struct {
		name string
		load func() (*corpus.Corpus, error)
	}{
		{"loaded from the file", func() (*corpus.Corpus, error) { return corpus.Load(path) }},
		{"read by ReadTable", func() (*corpus.Corpus, error) { return corpus.ReadTable(strings.NewReader(table), path) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := tc.load()
			if err != nil {
				t.Fatal(err)
			}
			// Rewritten before the run: the run's record is still of what was read.
			if err := os.WriteFile(path, []byte(strings.ToUpper(table)), 0o644); err != nil {
				t.Fatal(err)
			}
			defer os.WriteFile(path, []byte(table), 0o644)
			res, err := Run(context.Background(), c, Options{Workers: 1, Stance: StanceOptions{Models: []string{"dictionary"}}})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Inputs, want) {
				t.Errorf("inputs %+v, want %+v", res.Inputs, want)
			}
		})
	}
}
