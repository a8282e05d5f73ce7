package corpus

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

const goodManifest = `name: demo
description: two versions of one code
labels: labels.csv
documents:
  - id: code-2011
    instrument: code
    version: "2011"
    date: 2011-09-12
    title: First draft
    path: texts/code-2011.txt
    provenance: paraphrased
    quoted: [g, h]
    metadata:
      symbol: A/66/359
  - id: code-2015
    instrument: code
    version: "2015"
    date: 2015-01-09
    path: texts/code-2015.txt
    role: reference
    position: -1.5
`

func TestParseManifest(t *testing.T) {
	m, docErrs, err := ParseManifest(strings.NewReader(goodManifest), "corpus.yaml")
	if err != nil || len(docErrs) > 0 {
		t.Fatalf("err=%v docErrs=%v", err, docErrs)
	}
	if m.Name != "demo" || m.Labels != "labels.csv" || len(m.Documents) != 2 {
		t.Fatalf("got %+v", m)
	}
	d := m.Documents[0]
	if d.ID != "code-2011" || d.Date != "2011-09-12" || d.Line != 5 || d.Order != 0 ||
		d.Metadata["symbol"] != "A/66/359" || d.ProvenanceOf("g") != ProvenanceQuoted || d.ProvenanceOf("a") != ProvenanceParaphrased {
		t.Errorf("first document: %+v", d)
	}
	d = m.Documents[1]
	if d.Position == nil || *d.Position != -1.5 || d.Role != "reference" || d.Provenance != ProvenanceSource || d.Order != 1 {
		t.Errorf("second document: %+v", d)
	}
}

// TestManifestQuotedLines: each quoted: marker keeps its manifest line, so that a warning about
// one names its line, not the document's.
func TestManifestQuotedLines(t *testing.T) {
	doc := "documents:\n  - id: a\n    instrument: x\n    version: \"1\"\n    path: a.txt\n"
	tests := []struct {
		name, quoted string
		want         []int
	}{
		{"block list", "    quoted:\n      - g\n      - \"8\"\n", []int{7, 8}},
		{"flow list", "    quoted: [g, h]\n", []int{6, 6}},
		{"one marker", "    quoted: g\n", []int{6}},
		{"none", "", nil},
		{"null", "    quoted:\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, docErrs, err := ParseManifest(strings.NewReader(doc+tc.quoted), "corpus.yaml")
			if err != nil || len(docErrs) > 0 || len(m.Documents) != 1 {
				t.Fatalf("err=%v docErrs=%v", err, docErrs)
			}
			d := m.Documents[0]
			if !slices.Equal(d.QuotedLines, tc.want) || len(d.QuotedLines) != len(d.Quoted) {
				t.Errorf("quoted %q at lines %v, want %v", d.Quoted, d.QuotedLines, tc.want)
			}
		})
	}
}

func TestParseManifestErrors(t *testing.T) {
	doc := func(extra string) string {
		return "documents:\n  - id: a\n    instrument: x\n    version: \"1\"\n    path: a.txt\n" + extra
	}
	tests := []struct {
		name     string
		in       string
		fatal    bool   // whole manifest rejected
		wantLine int    // line named in the (first) error
		wantMsg  string // substring of the error
	}{
		{name: "empty", in: "", fatal: true, wantMsg: "file is empty"},
		{name: "not yaml", in: "documents: [\n", fatal: true, wantLine: 1, wantMsg: "not a valid YAML"},
		{name: "second document", in: doc("---\n" + doc("")), fatal: true, wantLine: 6, wantMsg: "a second YAML document"},
		{name: "second document not yaml", in: doc("---\ndocuments: [\n"), fatal: true, wantLine: 7, wantMsg: "not a valid YAML"},
		{name: "not a mapping", in: "- a\n- b\n", fatal: true, wantLine: 1, wantMsg: "expected a mapping"},
		{name: "unknown top key", in: "nmae: x\n" + doc(""), fatal: true, wantLine: 1, wantMsg: `unknown key "nmae"`},
		{name: "no documents", in: "name: x\n", fatal: true, wantLine: 1, wantMsg: `missing key "documents"`},
		{name: "documents not a list", in: "documents: 3\n", fatal: true, wantLine: 1, wantMsg: "must be a list"},
		{name: "empty documents", in: "documents: []\n", fatal: true, wantLine: 1, wantMsg: "is empty"},
		{name: "unknown document key", in: doc("    colour: red\n"), wantLine: 6, wantMsg: `unknown document key "colour"`},
		{name: "missing path", in: "documents:\n  - id: a\n    instrument: x\n    version: \"1\"\n", wantLine: 2, wantMsg: `missing required key "path"`},
		{name: "missing id", in: "documents:\n  - instrument: x\n    version: \"1\"\n    path: a.txt\n", wantLine: 2, wantMsg: `missing required key "id"`},
		{name: "duplicate id", in: doc("  - id: a\n    instrument: y\n    version: \"2\"\n    path: b.txt\n"), wantLine: 6, wantMsg: "duplicate id \"a\" (first declared at line 2)"},
		{name: "empty instrument", in: "documents:\n  - id: a\n    instrument:\n    version: \"1\"\n    path: a.txt\n", wantLine: 3, wantMsg: "instrument: empty, expected the name"},
		{name: "blank instrument", in: "documents:\n  - id: a\n    instrument: \"  \"\n    version: \"1\"\n    path: a.txt\n", wantLine: 3, wantMsg: "instrument: empty"},
		{name: "null instrument", in: "documents:\n  - id: a\n    instrument: null\n    version: \"1\"\n    path: a.txt\n", wantLine: 3, wantMsg: "instrument: empty"},
		{name: "empty version", in: "documents:\n  - id: a\n    instrument: x\n    version: \"\"\n    path: a.txt\n", wantLine: 4, wantMsg: "version: empty, expected a version label"},
		{name: "null version", in: "documents:\n  - id: a\n    instrument: x\n    version: ~\n    path: a.txt\n", wantLine: 4, wantMsg: "version: empty"},
		{name: "null path", in: "documents:\n  - id: a\n    instrument: x\n    version: \"1\"\n    path: null\n", wantLine: 5, wantMsg: "path: empty path"},
		{name: "bad date", in: doc("    date: 12/09/2011\n"), wantLine: 6, wantMsg: "expected YYYY-MM-DD"},
		{name: "impossible date", in: doc("    date: 2011-02-30\n"), wantLine: 6, wantMsg: "expected YYYY-MM-DD"},
		{name: "bad position", in: doc("    position: left\n"), wantLine: 6, wantMsg: "expected a finite number"},
		{name: "nan position", in: doc("    position: .nan\n"), wantLine: 6, wantMsg: "expected a finite number"},
		{name: "bad provenance", in: doc("    provenance: invented\n"), wantLine: 6, wantMsg: "expected source, quoted or paraphrased"},
		{name: "path escapes", in: "documents:\n  - id: a\n    instrument: x\n    version: \"1\"\n    path: ../../etc/passwd\n", wantLine: 5, wantMsg: "inside it"},
		{name: "absolute path", in: "documents:\n  - id: a\n    instrument: x\n    version: \"1\"\n    path: /etc/passwd\n", wantLine: 5, wantMsg: "relative"},
		{name: "bad id", in: "documents:\n  - id: \"a b\"\n    instrument: x\n    version: \"1\"\n    path: a.txt\n", wantLine: 2, wantMsg: "expected letters"},
		{name: "metadata not a map", in: doc("    metadata: [1, 2]\n"), wantLine: 6, wantMsg: "metadata: expected a mapping"},
		{name: "key twice", in: doc("    id: b\n"), wantLine: 6, wantMsg: `key "id" given twice`},
		{name: "document not a mapping", in: "documents:\n  - just-a-string\n", wantLine: 2, wantMsg: "documents: a document must be a mapping"},
		{name: "name is a list", in: "name: [a, b]\n" + doc(""), fatal: true, wantLine: 1, wantMsg: "name: expected a single value, found a list"},
		{name: "labels is a mapping", in: "labels: {a: 1}\n" + doc(""), fatal: true, wantLine: 1, wantMsg: "labels: expected a single value, found a mapping"},
		{name: "instrument is a list", in: "documents:\n  - id: a\n    instrument: [x, y]\n    version: \"1\"\n    path: a.txt\n", wantLine: 3, wantMsg: "instrument: expected a single value, found a list"},
		{name: "version is a mapping", in: "documents:\n  - id: a\n    instrument: x\n    version: {v: 1}\n    path: a.txt\n", wantLine: 4, wantMsg: "version: expected a single value, found a mapping"},
		{name: "path is a list", in: "documents:\n  - id: a\n    instrument: x\n    version: \"1\"\n    path: [a.txt]\n", wantLine: 5, wantMsg: "path: expected a single value, found a list"},
		{name: "position is a list", in: doc("    position: [1]\n"), wantLine: 6, wantMsg: "position: expected a single value, found a list"},
		{name: "quoted is a mapping", in: doc("    quoted: {g: 1}\n"), wantLine: 6, wantMsg: "quoted: expected a list of markers, found a mapping"},
		{name: "quoted item is a list", in: doc("    quoted: [[g]]\n"), wantLine: 6, wantMsg: "quoted item: expected a single value, found a list"},
		{name: "metadata is a number", in: doc("    metadata: 3\n"), wantLine: 6, wantMsg: `metadata: expected a mapping of names to values, found the value "3"`},
		{name: "metadata value is a list", in: doc("    metadata: {symbol: [a, b]}\n"), wantLine: 6, wantMsg: "metadata symbol: expected a single value, found a list"},
		{name: "metadata key is a list", in: doc("    metadata: {[a]: b}\n"), wantLine: 6, wantMsg: "metadata: expected names as keys, found a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, docErrs, err := ParseManifest(strings.NewReader(tt.in), "corpus.yaml")
			got := err
			if !tt.fatal {
				if err != nil {
					t.Fatalf("unexpected fatal error: %v", err)
				}
				if len(docErrs) == 0 {
					t.Fatalf("expected a document error, got none (documents: %d)", len(m.Documents))
				}
				got = docErrs[0]
			} else if err == nil {
				t.Fatal("expected an error")
			}
			if !strings.Contains(got.Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", got, tt.wantMsg)
			}
			var ce *Error
			if !errors.As(got, &ce) {
				t.Fatalf("error %v is not a *corpus.Error", got)
			}
			if ce.Path != "corpus.yaml" || ce.Line != tt.wantLine {
				t.Errorf("error at %s:%d, want corpus.yaml:%d (%v)", ce.Path, ce.Line, tt.wantLine, got)
			}
		})
	}
}

// A bad document entry skips that document only.
func TestParseManifestKeepsGoodDocuments(t *testing.T) {
	in := goodManifest + "  - id: broken\n    instrument: code\n"
	m, docErrs, err := ParseManifest(strings.NewReader(in), "corpus.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Documents) != 2 || len(docErrs) != 1 {
		t.Fatalf("documents=%d docErrs=%v", len(m.Documents), docErrs)
	}
	// Both missing keys are reported at once, at the entry's line.
	for _, want := range []string{`corpus.yaml:22: document is missing required key "version"`, `missing required key "path"`} {
		if !strings.Contains(docErrs[0].Error(), want) {
			t.Errorf("%v does not mention %s", docErrs[0], want)
		}
	}
}

func FuzzParseManifest(f *testing.F) {
	f.Add(goodManifest)
	f.Add("documents:\n  - id: a\n    instrument: x\n    version: 1\n    path: a.txt\n")
	f.Add("documents: [{id: a, instrument: x, version: 1, path: a.txt, metadata: {a: [1]}}]")
	f.Add("&a [*a]")
	f.Add("documents:\n  - <<: {id: a}\n")
	f.Add("documents:\n  - id: a\n    instrument: x\n    version: 1\n    path: a.txt\n---\ndocuments: []\n")
	f.Fuzz(func(t *testing.T, in string) {
		m, docErrs, err := ParseManifest(strings.NewReader(in), "corpus.yaml")
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error is not positional: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, d := range m.Documents {
			if d.ID == "" || d.Instrument == "" || d.Version == "" || d.Path == "" || seen[d.ID] {
				t.Fatalf("invalid document accepted: %+v", d)
			}
			seen[d.ID] = true
		}
		for _, e := range docErrs {
			var ce *Error
			if !errors.As(e, &ce) {
				t.Fatalf("document error is not positional: %v", e)
			}
		}
	})
}

// An empty document after "---" (or "...") is not a second manifest.
func TestParseManifestTrailingEmptyDocument(t *testing.T) {
	for _, tail := range []string{"---\n", "...\n", "---\n# end\n"} {
		m, docErrs, err := ParseManifest(strings.NewReader(goodManifest+tail), "corpus.yaml")
		if err != nil || len(docErrs) > 0 || len(m.Documents) != 2 {
			t.Errorf("tail %q: err=%v docErrs=%v", tail, err, docErrs)
		}
	}
}
