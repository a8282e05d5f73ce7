package corpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadDirectory(t *testing.T) {
	fsys := fstest.MapFS{
		"licence@v10.txt": {Data: []byte("1. Grant.")},
		"licence@v2.txt":  {Data: []byte("1. Grant.")},
		"bill.md":         {Data: []byte("Section 1. Title.")},
		"notes.pdf":       {Data: []byte("%PDF")},
		".hidden.txt":     {Data: []byte("x")},
		"@v1.txt":         {Data: []byte("x")},
	}
	c, err := LoadDirectory(fsys, "drafts")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range c.Documents {
		ids = append(ids, d.ID)
	}
	if got, want := strings.Join(ids, " "), "bill@1 licence@v2 licence@v10"; got != want {
		t.Errorf("documents %q, want %q", got, want)
	}
	if len(c.Warnings) != 1 || c.Warnings[0].Path != "drafts/notes.pdf" {
		t.Errorf("warnings %v", c.Warnings)
	}
	if len(c.Skipped) != 1 || !strings.Contains(c.Skipped[0].Error(), "drafts/@v1.txt") {
		t.Errorf("skipped %v", c.Skipped)
	}
	if c.Name != "drafts" || c.Kind != KindDirectory {
		t.Errorf("name %q kind %q", c.Name, c.Kind)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("m/texts/a.txt", "(a) text")
	manifest := write("m/corpus.yaml", "name: m\ndocuments:\n  - id: a\n    instrument: x\n    version: \"1\"\n    path: texts/a.txt\n  - id: b\n    instrument: x\n    version: \"2\"\n    path: texts/missing.txt\n")
	write("f/texts/a.txt", "(a) text")
	write("f/texts/folder/b.txt", "(a) text")
	write("f/corpus.yaml", "documents:\n  - id: a\n    instrument: x\n    version: \"1\"\n    path: texts/a.txt\n  - id: b\n    instrument: x\n    version: \"2\"\n    path: texts/folder\n")
	for _, d := range []string{"l1", "l2", "l3", "l4"} {
		write(d+"/texts/a.txt", "(a) text")
		write(d+"/dir/x.csv", "")
	}
	withKey := func(kv string) string {
		return "name: m\n" + kv + "\ndocuments:\n  - id: a\n    instrument: x\n    version: \"1\"\n    path: texts/a.txt\n"
	}
	write("l1/corpus.yaml", withKey("labels: nolabels.csv"))
	write("l2/corpus.yaml", withKey("dictionary: nodict.yaml"))
	write("l3/corpus.yaml", withKey("labels: dir"))
	write("l4/corpus.yaml", withKey("dictionary: dir/"))
	table := write("p.csv", "doc_id,provision_id,text\na,1,x\n")
	write("d/x@1.txt", "1. text")
	write("odd.docx", "PK")

	tests := []struct {
		name     string
		path     string
		wantKind string
		wantDocs int
		wantErr  string
		skipped  string
	}{
		{name: "manifest folder", path: filepath.Join(dir, "m"), wantKind: KindManifest, wantDocs: 1,
			skipped: `corpus.yaml:7: document "b": path "texts/missing.txt" does not exist`},
		{name: "manifest file", path: manifest, wantKind: KindManifest, wantDocs: 1, skipped: "does not exist"},
		{name: "path is a folder", path: filepath.Join(dir, "f"), wantKind: KindManifest, wantDocs: 1,
			skipped: `corpus.yaml:6: document "b": path "texts/folder" is a folder, expected a text file`},
		{name: "labels missing", path: filepath.Join(dir, "l1"),
			wantErr: `corpus.yaml:2: labels: "nolabels.csv" does not exist (expected a labels CSV file`},
		{name: "dictionary missing", path: filepath.Join(dir, "l2"),
			wantErr: `corpus.yaml:2: dictionary: "nodict.yaml" does not exist (expected a dictionary YAML file`},
		{name: "labels is a folder", path: filepath.Join(dir, "l3"),
			wantErr: `corpus.yaml:2: labels: "dir" is a folder, expected a labels CSV file`},
		{name: "dictionary is a folder", path: filepath.Join(dir, "l4"),
			wantErr: `corpus.yaml:2: dictionary: "dir" is a folder, expected a dictionary YAML file`},
		{name: "table", path: table, wantKind: KindTable, wantDocs: 1},
		{name: "directory", path: filepath.Join(dir, "d"), wantKind: KindDirectory, wantDocs: 1},
		{name: "missing", path: filepath.Join(dir, "nope"), wantErr: "no such file (expected a corpus.yaml manifest"},
		{name: "unknown file type", path: filepath.Join(dir, "odd.docx"), wantErr: "unrecognised corpus file"},
		{name: "empty folder", path: t.TempDir(), wantErr: "no drafts found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.path) {
					t.Errorf("error %q does not name the path", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Kind != tt.wantKind || len(c.Documents) != tt.wantDocs {
				t.Errorf("kind %s docs %d", c.Kind, len(c.Documents))
			}
			if tt.skipped == "" && len(c.Skipped) > 0 || tt.skipped != "" && (len(c.Skipped) != 1 || !strings.Contains(c.Skipped[0].Error(), tt.skipped)) {
				t.Errorf("skipped %v, want %q", c.Skipped, tt.skipped)
			}
		})
	}
}

func TestReadFileMissing(t *testing.T) {
	c := &Corpus{Kind: KindManifest, FS: fstest.MapFS{}, Root: "embedded"}
	_, err := c.ReadFile("texts/a.txt")
	if !errors.Is(err, ErrNotExist) || !strings.Contains(err.Error(), "embedded:texts/a.txt") {
		t.Errorf("err = %v", err)
	}
}

func TestNaturalLess(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"v2", "v10", true}, {"v10", "v2", false}, {"2011", "2015", true}, {"a", "a", false},
		{"1.9", "1.10", true}, {"draft", "draft2", true}, {"007", "7", false}, {"rev-b", "rev-a", false},
	}
	for _, tt := range tests {
		if got := NaturalLess(tt.a, tt.b); got != tt.want {
			t.Errorf("NaturalLess(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

// TestSortVersionsMixedDates checks the order of versions when some have a date and some do not:
// dated ones by date, each undated one at its place in input order. Before, the pairwise rule
// (by date when both have one, else input order) is not transitive and left "2015, undated,
// 2011" in input order.
func TestSortVersionsMixedDates(t *testing.T) {
	tests := []struct {
		name  string
		dates []string // by input order; the ids are d0, d1, ...
		want  string
	}{
		{"all dated", []string{"2015", "2011", "2013"}, "d1 d2 d0"},
		{"none dated", []string{"", "", ""}, "d0 d1 d2"},
		{"undated between later and earlier", []string{"2015", "", "2011"}, "d2 d1 d0"},
		{"undated first", []string{"", "2015", "2011"}, "d0 d2 d1"},
		{"undated last", []string{"2015-01-09", "2011-09-12", ""}, "d1 d0 d2"},
		{"two undated", []string{"2015", "", "2013", "", "2011"}, "d4 d1 d2 d3 d0"},
		{"equal dates keep input order", []string{"2012", "", "2012", "2011"}, "d3 d1 d0 d2"},
		{"already in order", []string{"2011", "", "2015"}, "d0 d1 d2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var docs []*Document
			for i, d := range tt.dates {
				docs = append(docs, &Document{ID: fmt.Sprintf("d%d", i), Instrument: "x", Date: d, Order: i})
			}
			// the input order is Order, whatever order the slice is in
			slices.Reverse(docs)
			inst := Instruments(docs)
			var got []string
			for _, v := range inst[0].Versions {
				got = append(got, v.ID)
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("versions %q, want %q", g, tt.want)
			}
		})
	}
}

func TestInstruments(t *testing.T) {
	docs := []*Document{
		{ID: "c-2015", Instrument: "code", Date: "2015-01-09", Order: 0},
		{ID: "res", Instrument: "wcit", Date: "2012-12-14", Order: 1},
		{ID: "c-2011", Instrument: "code", Date: "2011-09-12", Order: 2},
		{ID: "c-undated", Instrument: "code", Order: 3},
	}
	inst := Instruments(docs)
	var got []string
	for _, in := range inst {
		got = append(got, in.Name+":")
		for _, v := range in.Versions {
			got = append(got, v.ID)
		}
	}
	if g, want := strings.Join(got, " "), "code: c-2011 c-2015 c-undated wcit: res"; g != want {
		t.Errorf("got %q, want %q", g, want)
	}
}
