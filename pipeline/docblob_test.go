package pipeline

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
)

// docBlobCases are documents as readOne gives them: segmented (preamble, markers, quoted
// provisions, sub-items, annex, warnings) and from a provisions table.
func docBlobCases(t testing.TB) []struct {
	name string
	d    *DocResult
} {
	read := func(d *corpus.Document, raw string) *DocResult {
		r, err := readDocument(d, "texts/"+d.ID+".txt", []byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	quoted := &corpus.Document{ID: "code-2011", Instrument: "code", Provenance: corpus.ProvenanceParaphrased, Quoted: []string{"b"}}
	plain := &corpus.Document{ID: "d"}
	table := &corpus.Document{ID: "a", Presplit: []corpus.Provision{
		{ID: "a:1", DocID: "a", Marker: "1", Section: corpus.Operative, Provenance: "source", Text: "  First\n provision. ", Line: 2},
		{ID: "a:2", DocID: "b", Marker: "2", Section: corpus.Annex, Provenance: "quoted", Text: "Second."},
		{ID: "a:x", DocID: "b", Marker: "x", Section: corpus.Annex, Provenance: "quoted", Text: ""},
	}}
	return []struct {
		name string
		d    *DocResult
	}{
		{"quoted and paraphrased", read(quoted, "\xef\xbb\xbfCode of conduct\r\n\r\nRecalling the Charter,\r\n(a) To comply with the Charter.\r\n(b) Not to proliferate information weapons.\r\n")},
		{"sub-items", read(plain, "1. Text:\n(a) alpha:\n(i) one;\n(ii) two;\n(b) beta.\nMore on beta.\n2. Next.")},
		{"annex and warnings", read(plain, "1. First \u0085 with a control character.\n2. Second.\nAnnex\n1. Annexed text \u00e9t\u00e9.\n")},
		{"one line", read(plain, "States shall cooperate in good faith")},
		{"no provisions", read(plain, "0")}, // a page number only
		{"table", presplitDocument(table, "t.csv", "abc")},
	}
}

// TestDocBlobRoundTrip checks that the second pass's document (readDocBlob of appendDocBlob)
// is the first pass's (readOne's), field by field.
func TestDocBlobRoundTrip(t *testing.T) {
	for _, tt := range docBlobCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "annex and warnings" && len(tt.d.Warnings) == 0 {
				t.Fatal("no warnings to carry")
			}
			checkDocBlob(t, tt.d)
		})
	}
}

// checkDocBlob checks that d read back from its blob equals d.
func checkDocBlob(t *testing.T, d *DocResult) {
	t.Helper()
	b := appendDocBlob([]byte("stale"), d)[len("stale"):]
	got := &DocResult{Doc: d.Doc, SourcePath: d.SourcePath, SourceSHA256: d.SourceSHA256, Bytes: d.Bytes}
	if err := got.readDocBlob(b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, d) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, d)
	}
	for i, p := range got.Provisions {
		if p.Text != got.Text[p.Start:p.End] {
			t.Errorf("provision %d's text is not the document's at its offsets", i)
		}
	}
}

// TestDocBlobDamaged checks that a blob cut short, or followed by more bytes, is an error and
// no panic.
func TestDocBlobDamaged(t *testing.T) {
	for _, tt := range docBlobCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			b := appendDocBlob(nil, tt.d)
			for n := range len(b) {
				if err := new(DocResult).readDocBlob(b[:n]); !errors.Is(err, errDocBlob) {
					t.Fatalf("the first %d of %d bytes: error %v", n, len(b), err)
				}
			}
			if err := new(DocResult).readDocBlob(append(b, 0)); !errors.Is(err, errDocBlob) {
				t.Errorf("a byte more: error %v", err)
			}
		})
	}
}

// FuzzDocBlob checks the round trip on arbitrary documents, and that arbitrary bytes read as
// a blob give an error or a document whose provisions' texts lie within its text.
func FuzzDocBlob(f *testing.F) {
	f.Add("1. Text:\n(a) alpha:\n(i) one;\n(ii) two;\n(b) beta.\nMore on beta.\n2. Next.", "a", []byte{0})
	f.Add("Preamble,\n(a) one \xff\x01;\n(b) two.\nAnnex\n1. Three.", "b", []byte{3, 'a', 'b', 'c', 1, 1, 'x', 1})
	f.Fuzz(func(t *testing.T, raw, quoted string, junk []byte) {
		d := &corpus.Document{ID: "f", Quoted: strings.Fields(quoted)}
		if r, err := readDocument(d, "f.txt", []byte(raw)); err == nil {
			checkDocBlob(t, r)
		}
		var r DocResult
		if r.readDocBlob(junk) == nil {
			for _, p := range r.Provisions {
				if p.Text != r.Text[p.Start:p.End] {
					t.Errorf("provision %+v outside the text %q", p, r.Text)
				}
			}
		}
	})
}
