package results

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEncodeCSV(t *testing.T) {
	rows := []ProvisionRow{{ProvisionID: "d:g", DocID: "d", Ordinal: 1, Marker: "g", Section: "operative",
		Provenance: "quoted", Start: 0, End: 40, NWords: 6, Text: "\"multilateral, transparent and democratic\"\nsecond line"}}
	b, err := EncodeCSV(rows)
	if err != nil {
		t.Fatal(err)
	}
	want := "provision_id,doc_id,instrument,version,ordinal,marker,section,provenance,start,end,n_words,text\n" +
		"d:g,d,,,1,g,operative,quoted,0,40,6,\"\"\"multilateral, transparent and democratic\"\"\nsecond line\"\n"
	if string(b) != want {
		t.Errorf("got\n%s\nwant\n%s", b, want)
	}
	back, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil || back[1][11] != rows[0].Text {
		t.Errorf("round trip: %v %q", err, back)
	}
}

func TestEncodeCSVEmpty(t *testing.T) {
	b, err := EncodeCSV[ErrorRow](nil)
	if err != nil || string(b) != "path,line,error\n" {
		t.Errorf("got %q, %v", b, err)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "r.csv")
	if err := WriteFileAtomic(context.Background(), path, []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Fatalf("got %q", b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := WriteFileAtomic(ctx, path, []byte("newer\n")); err == nil {
		t.Fatal("cancelled write succeeded")
	}
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Errorf("cancelled write changed the file: %q", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
}

func TestWriteFileAtomicUnwritableDir(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFileAtomic(context.Background(), filepath.Join(blocker, "r.csv"), []byte("x"))
	if err == nil || !strings.HasPrefix(err.Error(), "results: ") {
		t.Errorf("err = %v", err)
	}
}

func TestFormatRounded(t *testing.T) {
	tests := []struct {
		f      float64
		digits int
		want   string
	}{
		{0.5, 4, "0.5"}, {math.NaN(), 4, ""}, {1e-7, 7, "0.0000001"}, {-0.448059, 4, "-0.4481"},
		{2, 4, "2"}, {-0.00001, 4, "0"}, {1.50, 2, "1.5"}, {123.456, 0, "123"},
	}
	for _, tt := range tests {
		got := FormatRounded(tt.f, tt.digits)
		if got != tt.want {
			t.Errorf("format(%v, %d) = %q, want %q", tt.f, tt.digits, got, tt.want)
		}
	}
}

func TestNewRunInfo(t *testing.T) {
	ri := NewRunInfo()
	if ri.Tool != "stanceshift" || ri.ToolVersion != ToolVersion || !strings.HasPrefix(ri.GoVersion, "go") {
		t.Errorf("%+v", ri)
	}
	dir := t.TempDir()
	if err := ri.Write(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "run.json")); !strings.Contains(string(b), `"tool": "stanceshift"`) {
		t.Errorf("run.json: %s", b)
	}
}

// cancelRow cancels a context when its record is built, i.e. in the middle of a streamed write.
type cancelRow struct {
	cancel func()
}

func (cancelRow) Header() []string { return []string{"x"} }
func (r cancelRow) Record() []string {
	if r.cancel != nil {
		r.cancel()
	}
	return []string{"1"}
}

func TestWriteCSV(t *testing.T) {
	rows := []ProvisionRow{{ProvisionID: "d:1", DocID: "d", Text: "a, \"b\""}, {ProvisionID: "d:2", DocID: "d", Text: "c"}}
	want, err := EncodeCSV(rows)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("same bytes as EncodeCSV", func(t *testing.T) {
		dir := t.TempDir()
		if err := WriteCSV(context.Background(), dir, "p.csv", rows); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "p.csv")); string(b) != string(want) {
			t.Errorf("got %q, want %q", b, want)
		}
	})
	t.Run("cancelled mid-stream leaves the old file and no temporary", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "c.csv"), []byte("old\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rows := make([]cancelRow, 10000)
		rows[10].cancel = cancel
		err := WriteCSV(ctx, dir, "c.csv", rows)
		if err == nil || !strings.Contains(err.Error(), "not written") {
			t.Fatalf("err = %v, expected a not-written error", err)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "c.csv")); string(b) != "old\n" {
			t.Errorf("cancelled write changed the file: %q", b)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("temporary files left: %v", entries)
		}
	})
}

func TestCSVFileWriteEncoded(t *testing.T) {
	parts := [][]ProvisionRow{
		{{ProvisionID: "d:1", DocID: "d", Text: "a, \"b\"\nnext line"}},
		nil,
		{{ProvisionID: "d:2", DocID: "d", Text: "c"}, {ProvisionID: "e:1", DocID: "e", Text: ""}},
	}
	var all []ProvisionRow
	for _, p := range parts {
		all = append(all, p...)
	}
	want, err := EncodeCSV(all)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		encoded []bool // per part: WriteEncoded (true) or Write
	}{
		{"all encoded", []bool{true, true, true}},
		{"mixed with Write", []bool{false, true, false}},
		{"encoded after Write", []bool{false, false, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			f, err := CreateCSV[ProvisionRow](dir, "p.csv")
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range parts {
				if tc.encoded[i] {
					var b bytes.Buffer
					if err := EncodeRows(&b, p); err != nil {
						t.Fatal(err)
					}
					err = f.WriteEncoded(b.Bytes())
				} else {
					err = f.Write(context.Background(), p)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if err := f.Commit(context.Background()); err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "p.csv")); string(b) != string(want) {
				t.Errorf("got %q, want %q", b, want)
			}
		})
	}
}

// TestCSVFileSync: Sync puts the rows so far in the temporary file (not yet at its path), rows
// may follow, and Commit gives the bytes of one Write of all the rows.
func TestCSVFileSync(t *testing.T) {
	parts := [][]ProvisionRow{
		{{ProvisionID: "d:1", DocID: "d", Text: "a, \"b\"\nnext line"}},
		nil,
		{{ProvisionID: "d:2", DocID: "d", Text: "c"}, {ProvisionID: "e:1", DocID: "e", Text: ""}},
	}
	tests := []struct {
		name string
		sync []bool // per part: Sync after writing it
	}{
		{"after every part", []bool{true, true, true}},
		{"after the first only", []bool{true, false, false}},
		{"after the last only", []bool{false, false, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			f, err := CreateCSV[ProvisionRow](dir, "p.csv")
			if err != nil {
				t.Fatal(err)
			}
			var so []ProvisionRow
			for i, p := range parts {
				if err := f.Write(context.Background(), p); err != nil {
					t.Fatal(err)
				}
				so = append(so, p...)
				if !tc.sync[i] {
					continue
				}
				if err := f.Sync(); err != nil {
					t.Fatal(err)
				}
				want, err := EncodeCSV(so)
				if err != nil {
					t.Fatal(err)
				}
				tmp, _ := filepath.Glob(filepath.Join(dir, ".p.csv.tmp-*"))
				if len(tmp) != 1 {
					t.Fatalf("temporary files %v, want one", tmp)
				}
				if b, _ := os.ReadFile(tmp[0]); string(b) != string(want) {
					t.Errorf("after part %d synced: %q, want %q", i, b, want)
				}
				if _, err := os.Stat(filepath.Join(dir, "p.csv")); !os.IsNotExist(err) {
					t.Errorf("p.csv exists before Commit (%v)", err)
				}
			}
			if err := f.Commit(context.Background()); err != nil {
				t.Fatal(err)
			}
			want, err := EncodeCSV(so)
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "p.csv")); string(b) != string(want) {
				t.Errorf("committed %q, want %q", b, want)
			}
		})
	}
}
