package corpus

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestReadTableCSV(t *testing.T) {
	in := "\xef\xbb\xbfdoc_id,provision_id,text,instrument,version,date,extra\n" +
		"code-2011,g,\"To promote multilateral, transparent and democratic governance\",code,2011,2011-09-12,x\n" +
		"code-2011,code-2011:h,\"lead all elements of society\",code,2011,,y\n" +
		"code-2015,8,\"All States must play the same role\",code,2015,2015-01-09,z\n"
	c, err := ReadTable(strings.NewReader(in), "provisions.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Skipped) != 0 {
		t.Fatalf("skipped: %v", c.Skipped)
	}
	if len(c.Documents) != 2 || len(c.Documents[0].Presplit) != 2 {
		t.Fatalf("documents: %+v", c.Documents)
	}
	p := c.Documents[0].Presplit[1]
	if p.ID != "code-2011:h" || p.Marker != "h" || p.Ordinal != 2 || p.Line != 3 || p.Section != Operative {
		t.Errorf("provision %+v", p)
	}
	if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0].Msg, `"extra" ignored`) {
		t.Errorf("warnings %v", c.Warnings)
	}
	if c.Documents[1].Date != "2015-01-09" || c.Documents[1].Instrument != "code" || c.Documents[1].Order != 1 {
		t.Errorf("second document %+v", c.Documents[1])
	}
}

func TestReadTableJSONL(t *testing.T) {
	in := `{"doc_id":"bill-v1","provision_id":"1","text":"Short title."}
{"doc_id":"bill-v1","provision_id":2,"text":"Definitions.","section":"annex","zone":"x","note":1}

{"doc_id":"bill-v2","provision_id":"1","text":"Short title.","instrument":"bill","version":"2","note":2}
not json
{"doc_id":"bill-v2","provision_id":"2","text":7}
`
	c, err := ReadTable(strings.NewReader(in), "p.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Documents) != 2 || len(c.Documents[0].Presplit) != 2 || c.Documents[0].Presplit[1].Section != Annex {
		t.Fatalf("documents %+v", c.Documents)
	}
	if c.Documents[0].Instrument != "bill-v1" || c.Documents[1].Instrument != "bill" {
		t.Errorf("instruments: %q %q", c.Documents[0].Instrument, c.Documents[1].Instrument)
	}
	// unknown fields: one warning each, at the first line that has it
	var warns []string
	for _, w := range c.Warnings {
		warns = append(warns, w.String())
	}
	if len(warns) != 2 || !strings.HasPrefix(warns[0], `p.jsonl:2: field "note" ignored`) ||
		!strings.HasPrefix(warns[1], `p.jsonl:2: field "zone" ignored`) {
		t.Errorf("warnings %q, want one per unknown field at its first line", warns)
	}
	if len(c.Skipped) != 2 {
		t.Fatalf("skipped %v", c.Skipped)
	}
	for i, line := range []int{5, 6} {
		var ce *Error
		if !errors.As(c.Skipped[i], &ce) || ce.Line != line {
			t.Errorf("skipped[%d] = %v, want line %d", i, c.Skipped[i], line)
		}
	}
}

func TestReadTableErrors(t *testing.T) {
	tests := []struct {
		name     string
		file, in string
		fatal    bool
		wantLine int
		wantMsg  string
	}{
		{name: "empty csv", file: "t.csv", in: "", fatal: true, wantMsg: "file is empty"},
		{name: "missing columns", file: "t.csv", in: "doc_id,body\na,b\n", fatal: true, wantLine: 1, wantMsg: "missing column(s) provision_id, text"},
		{name: "duplicate column", file: "t.csv", in: "doc_id,text,provision_id,text\n", fatal: true, wantLine: 1, wantMsg: "appears twice"},
		{name: "ragged row", file: "t.csv", in: "doc_id,provision_id,text\na,1,x\na,2\na,3,z\n", wantLine: 3, wantMsg: "row has 2 fields, expected 3"},
		{name: "long row", file: "t.csv", in: "doc_id,provision_id,text\na,1,x,y\na,3,z\n", wantLine: 2, wantMsg: "row has 4 fields"},
		{name: "bare quote", file: "t.csv", in: "doc_id,provision_id,text\na,1,x\"y\na,2,z\n", wantLine: 2, wantMsg: "bare"},
		{name: "unterminated quote", file: "t.csv", in: "doc_id,provision_id,text\na,1,x\na,2,\"unterminated\nmore text\na,3,z\nlast\n", wantLine: 3, wantMsg: "field 3 opens a quote that is never closed (expected a closing \" before the end of the file at line 6"},
		{name: "unterminated quote, CRLF, no final line break", file: "t.csv", in: "doc_id,provision_id,text\r\na,1,x\r\na,2,\"open\r\nmore\r", wantLine: 3, wantMsg: "field 3 opens a quote that is never closed"},
		{name: "unterminated quote in the first field", file: "t.csv", in: "doc_id,provision_id,text\na,1,x\n\"a,3,z\nlast\n", wantLine: 3, wantMsg: "field 1 opens a quote that is never closed"},
		{name: "unterminated quote after a multi-line field", file: "t.csv", in: "doc_id,provision_id,text\na,1,x\na,\"2\n\n2\",\"open\nmore\n", wantLine: 5, wantMsg: "field 3 opens a quote"},
		{name: "stray quote on the last line", file: "t.csv", in: "doc_id,provision_id,text\na,1,x\na,2,\"ab\"c\n", wantLine: 3, wantMsg: "column 8: extraneous"},
		{name: "stray quote ending a multi-line field", file: "t.csv", in: "doc_id,provision_id,text\na,1,x\na,2,\"ab\ncd\"e\n", wantLine: 4, wantMsg: "extraneous"},
		{name: "bare quote in the first field", file: "t.csv", in: "doc_id,provision_id,text\na,1,x\nx\"y,2,z\n", wantLine: 3, wantMsg: "bare"},
		{name: "unterminated quote in the header", file: "t.csv", in: "doc_id,provision_id,\"text\na,1,x\n", fatal: true, wantLine: 1, wantMsg: "field 3 opens a quote that is never closed"},
		{name: "empty text", file: "t.csv", in: "doc_id,provision_id,text\na,1,\na,2,z\n", wantLine: 2, wantMsg: "text is empty"},
		{name: "empty doc id", file: "t.csv", in: "doc_id,provision_id,text\n,1,x\na,2,z\n", wantLine: 2, wantMsg: "doc_id is empty"},
		{name: "duplicate provision", file: "t.csv", in: "doc_id,provision_id,text\na,1,x\na,1,y\n", wantLine: 3, wantMsg: "duplicate id provision \"a:1\" (first at line 2)"},
		{name: "bad section", file: "t.csv", in: "doc_id,provision_id,text,section\na,1,x,body\na,2,y,\n", wantLine: 2, wantMsg: "expected preamble, operative or annex"},
		{name: "bad date", file: "t.csv", in: "doc_id,provision_id,text,date\na,1,x,yesterday\na,2,y,\n", wantLine: 2, wantMsg: "expected YYYY-MM-DD"},
		{name: "conflicting instrument", file: "t.csv", in: "doc_id,provision_id,text,instrument\na,1,x,i\na,2,y,j\n", wantLine: 3, wantMsg: "instrument differs from line 2"},
		{name: "jsonl wrong type", file: "t.jsonl", in: "{\"doc_id\":\"a\",\"provision_id\":\"1\",\"text\":\"x\"}\n{\"doc_id\":[1],\"provision_id\":\"2\",\"text\":\"y\"}\n", wantLine: 2, wantMsg: `field "doc_id": expected a string`},
		{name: "jsonl empty", file: "t.jsonl", in: "\n\n", fatal: true, wantMsg: "no provisions (expected at least one line holding a JSON object)"},
		{name: "csv header only says header", file: "t.csv", in: "doc_id,provision_id,text\n", fatal: true, wantMsg: "no provisions (expected a header row and at least one row)"},
		{name: "jsonl array", file: "t.jsonl", in: "{\"doc_id\":\"a\",\"provision_id\":\"1\",\"text\":\"x\"}\n[\"a\", \"2\", \"y\"]\n", wantLine: 2, wantMsg: "expected a JSON object, got an array"},
		{name: "jsonl string", file: "t.jsonl", in: "\"a,2,y\"\n{\"doc_id\":\"a\",\"provision_id\":\"1\",\"text\":\"x\"}\n", wantLine: 1, wantMsg: "expected a JSON object, got a string"},
		{name: "jsonl number", file: "t.jsonl", in: "{\"doc_id\":\"a\",\"provision_id\":\"1\",\"text\":\"x\"}\n\n-4.5e3\n", wantLine: 3, wantMsg: "expected a JSON object, got a number"},
		{name: "jsonl null", file: "t.jsonl", in: "{\"doc_id\":\"a\",\"provision_id\":\"1\",\"text\":\"x\"}\nnull\n", wantLine: 2, wantMsg: "expected a JSON object, got null"},
		{name: "jsonl boolean", file: "t.jsonl", in: "{\"doc_id\":\"a\",\"provision_id\":\"1\",\"text\":\"x\"}\ntrue\n", wantLine: 2, wantMsg: "expected a JSON object, got a boolean"},
		{name: "jsonl malformed", file: "t.jsonl", in: "{\"doc_id\":\"a\",\"provision_id\":\"1\",\"text\":\"x\"}\n[1,\n", wantLine: 2, wantMsg: "expected one JSON object per line"},
		{name: "jsonl several wrong types reported in column order", file: "t.jsonl",
			in:       "{\"doc_id\":\"a\",\"provision_id\":\"1\",\"text\":\"x\"}\n{\"section\":1,\"title\":[],\"text\":{},\"provision_id\":[2],\"doc_id\":[1]}\n",
			wantLine: 2, wantMsg: `field "doc_id": expected a string`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ReadTable(strings.NewReader(tt.in), tt.file)
			got := err
			if !tt.fatal {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				if len(c.Skipped) != 1 {
					t.Fatalf("skipped = %v, want one", c.Skipped)
				}
				if len(c.Documents) == 0 {
					t.Fatalf("the good rows were lost")
				}
				got = c.Skipped[0]
			} else if err == nil {
				t.Fatal("expected an error")
			}
			var ce *Error
			if !errors.As(got, &ce) || ce.Path != tt.file || ce.Line != tt.wantLine {
				t.Errorf("error %v, want %s:%d", got, tt.file, tt.wantLine)
			}
			if !strings.Contains(got.Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", got, tt.wantMsg)
			}
			// errors.csv must not change between runs on the same input
			for range 20 {
				c, err := ReadTable(strings.NewReader(tt.in), tt.file)
				again := err
				if !tt.fatal && err == nil && len(c.Skipped) == 1 {
					again = c.Skipped[0]
				}
				if fmt.Sprint(again) != fmt.Sprint(got) {
					t.Fatalf("second read: %v, first: %v", again, got)
				}
			}
		})
	}
}

func FuzzReadTableCSV(f *testing.F) {
	f.Add("doc_id,provision_id,text\na,1,x\n")
	f.Add("doc_id,provision_id,text,section,date\na,1,\"x\ny\",annex,2011\na,1,z,,\n")
	f.Add("text,doc_id,provision_id\n\"\"\"\",a,b\n")
	f.Add("doc_id,provision_id,text\na,1,x\n\"a,3,z\nlast\n")
	f.Add("doc_id,provision_id,text\na,1,x\nx\"y,2,z\n")
	f.Fuzz(func(t *testing.T, in string) {
		checkTable(t, in, "t.csv")
	})
}

func FuzzReadTableJSONL(f *testing.F) {
	f.Add(`{"doc_id":"a","provision_id":"1","text":"x"}`)
	f.Add("{\"doc_id\":\"a\",\"provision_id\":1,\"text\":\"x\",\"section\":\"annex\"}\n[]\n")
	f.Add("{\"doc_id\":\"a\",\"provision_id\":\"1\",\"text\":\"x\"}\n{\"doc_id\":[],\"provision_id\":{},\"text\":1}\n")
	f.Add("null\n\"a\"\n42\ntrue\n{\"doc_id\":\"a\",\"provision_id\":\"1\",\"text\":\"x\"}\n")
	f.Fuzz(func(t *testing.T, in string) {
		checkTable(t, in, "t.jsonl")
	})
}

func checkTable(t *testing.T, in, name string) {
	c, err := ReadTable(strings.NewReader(in), name)
	// the same table loaded as from a file: the same result, the provisions read again
	again, err2 := readTableFrom(strings.NewReader(in), name, memTable(name, in))
	if fmt.Sprint(err) != fmt.Sprint(err2) || err == nil && (fmt.Sprint(c.Skipped, c.Warnings) != fmt.Sprint(again.Skipped, again.Warnings)) {
		t.Fatalf("two reads differ: %v %v / %v %v", err, c, err2, again)
	}
	if err == nil {
		checkSameTable(t, c, again)
		checkSameTable(t, c, elsewhere(t, again, name, memTable(name, in).open))
	}
	if err != nil {
		var ce *Error
		if !errors.As(err, &ce) {
			t.Fatalf("error is not positional: %v", err)
		}
		return
	}
	ids := map[string]bool{}
	for _, d := range c.Documents {
		if len(d.Presplit) == 0 {
			t.Fatalf("document %q without provisions", d.ID)
		}
		for i, p := range d.Presplit {
			if p.Ordinal != i+1 || ids[p.ID] || strings.TrimSpace(p.Text) == "" || p.DocID != d.ID {
				t.Fatalf("bad provision %+v", p)
			}
			ids[p.ID] = true
		}
	}
}
