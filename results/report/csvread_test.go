package report

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
)

// csvSeeds are inputs for FuzzCSVReader: quoted and unquoted fields, "" escapes, line breaks in
// quotes, "\r\n" and a lone "\r", empty lines, bare and stray quotes, a quote left open, records of
// the wrong length, a missing final line break.
var csvSeeds = []string{
	"",
	"a,b,c\n1,2,3\n",
	"a,b\n1,2",
	"a,b\r\n1,2\r\n",
	"a,b\n1,2\r",
	"a,b\n\n\n1,2\n\r\n3,4\n",
	"a,b\n\"x, y\",z\n",
	"a,b\n\"say \"\"hi\"\"\",z\n",
	"a,b\n\"line 1\nline 2\r\nline 3\",z\n4,5\n",
	"a,b\n\"\",\"\"\n",
	"a,b\nx\"y,z\n",
	"a,b\n\"x\"y,z\n",
	"a,b\n\"open,z\n",
	"a,b\n\"open\nmore\n",
	"a,b\n1,2,3\n",
	"a,b\n1\n",
	"a,b\n\"multi\nline\",\"bad\"x\n",
	"a,b\n\"multi\nline\",ok\nq\"\n",
	"a\r\nb\rc\n",
	"a,b\n\"x\"\r\n\"y\",\"z\"\n",
	"\"h\ne\",b\n1,2\n",
	"a,b\n1,\"2\"",
	"a,b\n1,\"2\n",
	",\n,\n",
	"é,ü\n\"ß\",\xff\n",
}

// FuzzCSVReader: csvReader gives what encoding/csv's Reader (defaults, ReuseRecord) gives for
// any input: the same records, the same first line of each, the same error (type and message)
// at the same record; through a reader buffer of 16 bytes too, so that lines outlast it; and as
// bytes (ReadBytes).
func FuzzCSVReader(f *testing.F) {
	for _, s := range csvSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkCSVReaders(t, in)
	})
}

// checkCSVReaders runs checkCSVReader on every way of reading in.
func checkCSVReaders(t *testing.T, in string) {
	t.Helper()
	checkCSVReader(t, in, newCSVReader(strings.NewReader(in), 4096).Read)
	checkCSVReader(t, in, (&csvReader{r: bufio.NewReaderSize(strings.NewReader(in), 16)}).Read)
	for _, r := range []*csvReader{newCSVReader(strings.NewReader(in), 4096), {r: bufio.NewReaderSize(strings.NewReader(in), 16)}} {
		checkCSVReader(t, in, func() ([]string, int, error) {
			fields, line, err := r.ReadBytes()
			var rec []string
			for j := range fields.len() {
				rec = append(rec, string(fields.field(j)))
			}
			return rec, line, err
		})
	}
}

// TestCSVReader runs FuzzCSVReader's check on its seeds.
func TestCSVReader(t *testing.T) {
	for i, s := range csvSeeds {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			checkCSVReaders(t, s)
		})
	}
}

// checkCSVReader compares read, one way of reading in with a csvReader, with encoding/csv.
func checkCSVReader(t *testing.T, in string, read func() ([]string, int, error)) {
	t.Helper()
	want := csv.NewReader(strings.NewReader(in))
	want.ReuseRecord = true
	for n := 0; ; n++ {
		wrec, werr := want.Read()
		grec, gline, gerr := read()
		if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
			t.Fatalf("input %q, record %d: error %v, want %v", in, n, gerr, werr)
		}
		if werr != nil {
			var wp, gp *csv.ParseError
			if errors.As(werr, &wp) != errors.As(gerr, &gp) || wp != nil && *wp != *gp {
				t.Fatalf("input %q, record %d: error %#v, want %#v", in, n, gerr, werr)
			}
			if werr == io.EOF && gerr != io.EOF {
				t.Fatalf("input %q, record %d: error %v, want io.EOF", in, n, gerr)
			}
			return
		}
		if !slices.Equal(grec, wrec) {
			t.Fatalf("input %q, record %d: %q, want %q", in, n, grec, wrec)
		}
		if wline, _ := want.FieldPos(0); gline != wline {
			t.Fatalf("input %q, record %d: line %d, want %d", in, n, gline, wline)
		}
	}
}
