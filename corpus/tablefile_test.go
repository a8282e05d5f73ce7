package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// memTable is a tableFile whose bytes are in: a table "file" for tests.
func memTable(name, in string) *tableFile {
	return &tableFile{name: name, open: func() (io.ReaderAt, io.Closer, error) {
		return strings.NewReader(in), io.NopCloser(nil), nil
	}}
}

// checkSameTable checks that lazy, a table loaded as from a file, has mem's documents (read
// into memory by ReadTable), and that its provisions, read again, are mem's.
func checkSameTable(t *testing.T, mem, lazy *Corpus) {
	t.Helper()
	if len(mem.Documents) != len(lazy.Documents) {
		t.Fatalf("%d documents, read into memory %d", len(lazy.Documents), len(mem.Documents))
	}
	for i, md := range mem.Documents {
		ld := lazy.Documents[i]
		if ld.Presplit != nil || ld.rows == nil {
			t.Fatalf("document %q: Presplit %v, rows %v: want its rows' places only", ld.ID, ld.Presplit, ld.rows)
		}
		a, b := *md, *ld
		a.Presplit, b.rows = nil, nil
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("document\n%+v\nread into memory\n%+v", b, a)
		}
		got, err := ld.TableProvisions()
		if err != nil {
			t.Fatalf("document %q: %v", ld.ID, err)
		}
		if want, _ := md.TableProvisions(); !reflect.DeepEqual(got, want) {
			t.Fatalf("document %q's provisions\n%+v\nread into memory\n%+v", ld.ID, got, want)
		}
	}
}

func TestLoadTableReadsRowsAgain(t *testing.T) {
	big := strings.Repeat("other text of another document ", 40)
	var scattered strings.Builder
	scattered.WriteString("doc_id,provision_id,text\na,1,first of a\n")
	for i := range 100 { // about 130 KB between a's two rows: each is read on its own
		fmt.Fprintf(&scattered, "b,%d,%s%d\n", i, big, i)
	}
	scattered.WriteString("a,2,\"second of a,\nquoted over two lines\"")
	tests := []struct {
		name, file, in string
	}{
		{"csv with a byte order mark, CRLF and a quoted line break", "t.csv",
			"\xef\xbb\xbfdoc_id,provision_id,text,section\r\ncode-2011,a,\"To comply,\r\nwith the Charter\",preamble\r\ncode-2015,b,Second.,\r\n"},
		{"csv with blank lines, skipped rows and no final line break", "t.csv",
			"doc_id,provision_id,text\n\n\na,1,One.\nbad,row\na,2,x\"y\nb,1,\" spaced \"\n\na,3,Three."},
		{"csv with interleaved documents", "t.csv",
			"text,provision_id,doc_id,version\nOne,1,a,1\nUn,1,b,2\nTwo,2,a,1\nDeux,2,b,2\n"},
		{"csv with a document's rows far apart", "t.csv", scattered.String()},
		{"jsonl with a byte order mark, CRLF, blank and bad lines", "t.jsonl",
			"\xef\xbb\xbf{\"doc_id\":\"a\",\"provision_id\":1,\"text\":\"x\"}\r\n\r\n[]\r\n{\"doc_id\":\"b\",\"provision_id\":\"1\",\"text\":\"y\",\"section\":\"annex\"}\r\nnot json\n{\"doc_id\":\"a\",\"provision_id\":\"2\",\"text\":\"z\"}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mem, err := ReadTable(strings.NewReader(tc.in), tc.file)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(path, []byte(tc.in), 0o644); err != nil {
				t.Fatal(err)
			}
			lazy, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(lazy.Documents) < 2 {
				t.Fatalf("%d documents", len(lazy.Documents))
			}
			if fmt.Sprint(mem.Skipped) != strings.ReplaceAll(fmt.Sprint(lazy.Skipped), path, tc.file) {
				t.Errorf("skipped %v, read into memory %v", lazy.Skipped, mem.Skipped)
			}
			sum := sha256.Sum256([]byte(tc.in))
			want := Digest{SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(tc.in))}
			if got, ok := lazy.Digests[path]; !ok || got != want {
				t.Errorf("Digests[%s] = %+v, %v; want %+v, true", path, got, ok, want)
			}
			if got, ok := mem.Digests[tc.file]; !ok || got != want {
				t.Errorf("ReadTable's corpus: Digests[%s] = %+v, %v; want %+v, true", tc.file, got, ok, want)
			}
			mem.Root, mem.Inputs = lazy.Root, lazy.Inputs
			for _, d := range mem.Documents {
				d.Path = path
			}
			checkSameTable(t, mem, lazy)
			checkSameTable(t, mem, elsewhere(t, lazy, path, func() (io.ReaderAt, io.Closer, error) {
				f, err := os.Open(path)
				return f, f, err
			}))
		})
	}
}

// elsewhere is c as another process rebuilds it from c's documents sent as JSON with their
// TableLocation (as beam/graph's workers do), reading the rows from the file name that open
// opens.
func elsewhere(t *testing.T, c *Corpus, name string, open func() (io.ReaderAt, io.Closer, error)) *Corpus {
	t.Helper()
	out := *c
	out.Documents = nil
	for _, d := range c.Documents {
		loc, ok := d.TableLocation()
		if !ok {
			t.Fatalf("document %q: no table location", d.ID)
		}
		docJSON, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		locJSON, err := json.Marshal(loc)
		if err != nil {
			t.Fatal(err)
		}
		var nd Document
		var nloc TableLocation
		if err := json.Unmarshal(docJSON, &nd); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(locJSON, &nloc); err != nil {
			t.Fatal(err)
		}
		if _, ok := nd.TableLocation(); ok {
			t.Fatalf("document %q decoded from JSON has a table location before SetTableLocation", d.ID)
		}
		if err := nd.SetTableLocation(nloc, name, open); err != nil {
			t.Fatal(err)
		}
		out.Documents = append(out.Documents, &nd)
	}
	return &out
}

// SetTableLocation refuses a location it could not read rows with, naming the document.
func TestSetTableLocationChecks(t *testing.T) {
	csvLoc := func(edit func(*TableLocation)) TableLocation {
		l := TableLocation{Columns: map[string]int{"doc_id": 0, "provision_id": 1, "text": 2}, Width: 3,
			Rows: []RowLocation{{Offset: 24, Length: 10, Line: 2}}}
		edit(&l)
		return l
	}
	tests := []struct {
		name string
		loc  TableLocation
		want string
	}{
		{"no rows", csvLoc(func(l *TableLocation) { l.Rows = nil }), "no rows"},
		{"negative offset", csvLoc(func(l *TableLocation) { l.Rows[0].Offset = -1 }), "byte -1"},
		{"negative length", csvLoc(func(l *TableLocation) { l.Rows[0].Length = -5 }), "length -5"},
		{"line 0", csvLoc(func(l *TableLocation) { l.Rows[0].Line = 0 }), "line 0"},
		{"column past the width", csvLoc(func(l *TableLocation) { l.Columns["text"] = 3 }), `column "text" at index 3`},
		{"negative column", csvLoc(func(l *TableLocation) { l.Columns["title"] = -1 }), `column "title" at index -1`},
		{"no text column", csvLoc(func(l *TableLocation) { delete(l.Columns, "text") }), `no column "text"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &Document{ID: "a"}
			err := d.SetTableLocation(tc.loc, "t.csv", nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), `t.csv: document "a"`) {
				t.Fatalf("err %v, want one naming t.csv, document \"a\" and %q", err, tc.want)
			}
			if _, ok := d.TableLocation(); ok {
				t.Error("the document has a table location after a refused one")
			}
		})
	}
	ok := &Document{ID: "a"}
	if err := ok.SetTableLocation(TableLocation{JSONL: true, Rows: []RowLocation{{Offset: 0, Length: 3, Line: 1}}}, "t.jsonl", nil); err != nil {
		t.Errorf("JSON Lines location without columns: %v", err)
	}
}

// A table file that changes after it was loaded is an error naming the file and the line of
// the document's row, never other text.
func TestLoadTableChanged(t *testing.T) {
	const in = "doc_id,provision_id,text\na,1,One.\na,2,Two.\nb,1,Other.\n"
	const inJSONL = `{"doc_id":"a","provision_id":"1","text":"One."}
{"doc_id":"a","provision_id":"2","text":"Two."}
`
	tests := []struct {
		name, file, in, now string
		line                int
		want                string
	}{
		{"a text edited, same length", "t.csv", in, "doc_id,provision_id,text\na,1,One.\na,2,Tww.\nb,1,Other.\n", 2, "no longer hold what they held"},
		{"a section changed, same length", "t.csv", "doc_id,provision_id,text,section\na,1,One.,operative\na,2,Two.,\n", "doc_id,provision_id,text,section\na,1,One.,preamble \na,2,Two.,\n", 2, "no longer hold what they held"},
		{"a row moved", "t.csv", in, "doc_id,provision_id,text\nb,1,Other.\na,1,One.\na,2,Two.\n", 2, "no longer one of document"},
		{"the file cut short", "t.csv", in, "doc_id,provision_id,text\na,1,On", 2, "shorter than when it was loaded"},
		{"a quote opened", "t.csv", in, "doc_id,provision_id,text\na,1,\"One.\na,2,Two.\nb,1,Other.\n", 2, "changed since it was loaded"},
		{"a column added", "t.csv", in, "doc_id,provision_id,text\na,1,One.,x\na,2,Two.\nb,1,Other.\n", 2, "row has 4 fields, expected 3"},
		{"the file removed", "t.csv", in, "", 0, "no such file"},
		{"jsonl: a line no longer JSON", "t.jsonl", inJSONL, `{"doc_id":"a","provision_id":"1","text":"One."}
{"doc_id":"a","provision_id":"2","text":[Two.]}
`, 2, "expected one JSON object per line"},
		{"jsonl: a text no longer a string", "t.jsonl", inJSONL, `{"doc_id":"a","provision_id":"1","text":"One."}
{"doc_id":"a","provision_id":"2","text":2.0000}
`, 2, `field "text": expected a string`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(path, []byte(tc.in), 0o644); err != nil {
				t.Fatal(err)
			}
			c, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if tc.now == "" {
				err = os.Remove(path)
			} else {
				err = os.WriteFile(path, []byte(tc.now), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			provs, err := c.Documents[0].TableProvisions()
			var ce *Error
			if !errors.As(err, &ce) || ce.Path != path || ce.Line != tc.line || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("provisions %v, error %v; want one at %s:%d saying %q", provs, err, path, tc.line, tc.want)
			}
		})
	}
}

// benchTable writes a provisions table of about 8 MB: 400 documents of 100 provisions.
func benchTable(b *testing.B) string {
	b.Helper()
	var sb strings.Builder
	sb.WriteString("doc_id,provision_id,text,instrument,version\n")
	text := strings.Repeat("States shall cooperate, in good faith, with all stakeholders ", 3)
	for d := range 400 {
		for p := range 100 {
			fmt.Fprintf(&sb, "inst-%d-v%d,%d,\"%s%d\",inst-%d,%d\n", d/4, d%4, p+1, text, p, d/4, d%4)
		}
	}
	path := filepath.Join(b.TempDir(), "provisions.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(sb.Len()))
	return path
}

// BenchmarkLoadTable: the load's pass over a table (every row checked, the rows' places kept).
func BenchmarkLoadTable(b *testing.B) {
	path := benchTable(b)
	for b.Loop() {
		if _, err := Load(path); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTableProvisions: every document's rows read again, as a run reads the documents.
func BenchmarkTableProvisions(b *testing.B) {
	path := benchTable(b)
	c, err := Load(path)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, d := range c.Documents {
			if _, err := d.TableProvisions(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// LoadContext tells the table's reading as it goes, up to the whole file, and stops once its
// context is done.
func TestLoadContextTable(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("doc_id,provision_id,text\n")
	for i := range 30000 { // about 3 MiB: progress at every MiB and at the end
		fmt.Fprintf(&sb, "d%d,1,States shall cooperate with all stakeholders in good faith and openly %d.\n", i%50, i)
	}
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "t.csv")
	jsonlPath := filepath.Join(dir, "t.jsonl")
	if err := os.WriteFile(csvPath, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jsonlPath, []byte(`{"doc_id":"a","provision_id":"1","text":"x"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var calls [][2]int64
	c, err := LoadContext(context.Background(), csvPath, func(read, size int64) { calls = append(calls, [2]int64{read, size}) })
	if err != nil {
		t.Fatal(err)
	}
	size := int64(sb.Len())
	if len(c.Documents) != 50 || len(calls) < 3 || calls[len(calls)-1] != [2]int64{size, size} {
		t.Fatalf("%d documents, progress %v: want 50, and calls ending at %d of %d", len(c.Documents), calls, size, size)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] <= calls[i-1][0] || calls[i][1] != size {
			t.Fatalf("progress %v: not increasing, or not of the file's size", calls)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, path := range []string{csvPath, jsonlPath} {
		if _, err := LoadContext(ctx, path, nil); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s, cancelled: %v, want context.Canceled naming the file", path, err)
		}
	}
}
