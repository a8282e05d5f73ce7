package pipeline

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/pipeline/analyze"
	"github.com/stanceshift/stanceshift/pipeline/analyze/sentence"
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
		{ID: "a:y", DocID: "b", Marker: "y", Section: corpus.Annex, Provenance: "quoted", Text: "\u201cQuoted\u201d: States&rsquo; duty, don\u2019t."},
	}}
	return []struct {
		name string
		d    *DocResult
	}{
		{"quoted and paraphrased", read(quoted, "\xef\xbb\xbfCode of conduct\r\n\r\nRecalling the Charter,\r\n(a) To comply with the Charter.\r\n(b) Not to proliferate information weapons.\r\n")},
		{"sub-items", read(plain, "1. Text:\n(a) alpha:\n(i) one;\n(ii) two;\n(b) beta.\nMore on beta.\n2. Next.")},
		{"annex and warnings", read(plain, "1. First \u0085 with a control character.\n2. Second.\nAnnex\n1. Annexed text \u00e9t\u00e9.\n")},
		{"one line", read(plain, "States shall cooperate in good faith")},
		{"no provisions", read(plain, "0")},     // a page number only
		{"empty provisions", read(plain, "0)")}, // a marker without text: not nil, empty
		{"table", must(presplitDocument(table, "t.csv", "abc"))},
	}
}

// TestDocBlobRoundTrip checks that the second pass's document (readDocBlob of appendDocBlob)
// is the first pass's (readOne's), field by field, and its analysed texts' sentences the
// sentence splitter's.
func TestDocBlobRoundTrip(t *testing.T) {
	an := testAnalyzer(t)
	for _, tt := range docBlobCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "annex and warnings" && len(tt.d.Warnings) == 0 {
				t.Fatal("no warnings to carry")
			}
			checkDocBlob(t, an, tt.d, 2)
		})
	}
}

// TestDocBlobKeepsSpansInOrder checks that sentences that are not in order, apart and within
// their text are not kept (the blob stores each start after the previous end).
func TestDocBlobKeepsSpansInOrder(t *testing.T) {
	d := must(presplitDocument(&corpus.Document{ID: "a", Presplit: []corpus.Provision{
		{ID: "a:1", Text: "One. Two."}, {ID: "a:2", Text: "Three."}, {ID: "a:3", Text: "Four."}}}, "t.csv", ""))
	d.Analyses = []analyze.Provision{
		{Sentences: []sentence.Span{{Start: 5, End: 9}, {Start: 0, End: 4}}},
		{Sentences: []sentence.Span{{Start: 0, End: 7}}},
		{Sentences: []sentence.Span{{Start: 0, End: 5}}},
	}
	var got DocResult
	first, err := got.readDocBlob(appendDocBlob(nil, d, nil, []string{"One. Two.", "Three.", "Four."}))
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"One. Two.", "Three."} {
		if sents, ok := first.take(text); ok {
			t.Errorf("%q: kept %v", text, sents)
		}
	}
	if sents, ok := first.take("Four."); !ok || !reflect.DeepEqual(sents, d.Analyses[2].Sentences) {
		t.Errorf("third provision's sentences %v %v", ok, sents)
	}
}

// testAnalyzer returns the default analyzer (its Tokens: the tagger is not waited for).
func testAnalyzer(t testing.TB) *analyze.Analyzer {
	an, err := analyze.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return an
}

// checkDocBlob checks that d read back from its blob equals d, with the sentences of every
// every-th of its provisions analysed (an.Tokens).
func checkDocBlob(t *testing.T, an *analyze.Analyzer, d *DocResult, every int) {
	t.Helper()
	first := *d // as the first pass has it after its analysis
	first.Analyses = make([]analyze.Provision, len(d.Provisions))
	var analysed []string
	var want [][]sentence.Span
	for i, p := range d.Provisions {
		if i%every != 0 {
			continue
		}
		a, err := an.Tokens(p.Text)
		if err != nil {
			t.Fatal(err)
		}
		first.Analyses[i] = a
		analysed, want = append(analysed, p.Text), append(want, a.Sentences)
	}
	b := appendDocBlob([]byte("stale"), &first, d.Warnings, analysed)[len("stale"):]
	got := &DocResult{Doc: d.Doc, SourcePath: d.SourcePath, SourceSHA256: d.SourceSHA256, Bytes: d.Bytes}
	sents, err := got.readDocBlob(b)
	if err != nil {
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
	for k, text := range analysed {
		if got, ok := sents.take(text); !ok || !reflect.DeepEqual(got, want[k]) {
			t.Errorf("analysis %d (%q): %v %+v, want %+v", k, text, ok, got, want[k])
		}
	}
	if got, ok := sents.take("not a provision"); ok {
		t.Errorf("sentences of a text not analysed: %+v", got)
	}
}

// TestDocBlobDamaged checks that a blob cut short, or followed by more bytes, is an error and
// no panic.
func TestDocBlobDamaged(t *testing.T) {
	for _, tt := range docBlobCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			b := appendDocBlob(nil, tt.d, tt.d.Warnings, nil)
			for n := range len(b) {
				if _, err := new(DocResult).readDocBlob(b[:n]); !errors.Is(err, errDocBlob) {
					t.Fatalf("the first %d of %d bytes: error %v", n, len(b), err)
				}
			}
			if _, err := new(DocResult).readDocBlob(append(b, 0)); !errors.Is(err, errDocBlob) {
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
	an := testAnalyzer(f)
	f.Fuzz(func(t *testing.T, raw, quoted string, junk []byte) {
		d := &corpus.Document{ID: "f", Quoted: strings.Fields(quoted)}
		if r, err := readDocument(d, "f.txt", []byte(raw)); err == nil {
			checkDocBlob(t, an, r, 1+len(quoted)%3)
		}
		var r DocResult
		if _, err := r.readDocBlob(junk); err == nil {
			for _, p := range r.Provisions {
				if p.Text != r.Text[p.Start:p.End] {
					t.Errorf("provision %+v outside the text %q", p, r.Text)
				}
			}
		}
	})
}

// must returns v, panicking on err: for test fixtures that cannot fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
