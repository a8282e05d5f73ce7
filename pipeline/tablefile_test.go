package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
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
