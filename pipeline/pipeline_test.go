package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/corpus"
)

func TestCountWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"empty", "", 0},
		{"plain", "States shall cooperate.", 3},
		{"hyphenated compound", "confidence-building measures", 2},
		{"possessive", "States' rights and the State's duty", 6},
		{"curly apostrophe", "the State’s duty", 3},
		{"trailing hyphen", "pre- and post-conflict", 3},
		{"numbers", "paragraph 3.5 of resolution 70/237", 7},
		{"marker punctuation", "(a) to (l)", 3},
		{"non-latin", "Résolution de l'Assemblée générale", 4},
		{"dashes alone", "-- - --", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CountWords(tt.in); got != tt.want {
				t.Errorf("CountWords(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

// countWordsRef is CountWords as it was before its ASCII table: every rune decoded and
// classified by package unicode. FuzzCountWords compares the two.
func countWordsRef(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWordRune(r):
			if !in {
				n++
				in = true
			}
		case in && (r == '\'' || r == '-' || r == '’') && i+size < len(s):
			next, _ := utf8.DecodeRuneInString(s[i+size:])
			in = isWordRune(next)
		default:
			in = false
		}
		i += size
	}
	return n
}

// TestASCIIWordMasks checks asciiWordMasks on every ASCII byte in every place among others:
// w marks the word bytes (wordByte), j the apostrophes and hyphens.
func TestASCIIWordMasks(t *testing.T) {
	for c := range utf8.RuneSelf {
		for k := range 8 {
			b := []byte("a-'.Z 9~")
			b[k] = byte(c)
			w, j := asciiWordMasks(load8(string(b)))
			for m := range 8 {
				bit := uint64(0x80) << (8 * m)
				if got, want := w&bit != 0, wordByte[b[m]]; got != want {
					t.Fatalf("asciiWordMasks(%q): byte %d word %v, want %v", b, m, got, want)
				}
				if got, want := j&bit != 0, b[m] == '\'' || b[m] == '-'; got != want {
					t.Fatalf("asciiWordMasks(%q): byte %d joining %v, want %v", b, m, got, want)
				}
			}
			if (w|j)&^0x8080808080808080 != 0 {
				t.Fatalf("asciiWordMasks(%q) = %#x, %#x: bits other than the high ones", b, w, j)
			}
		}
	}
}

// FuzzCountWords checks CountWords against countWordsRef.
func FuzzCountWords(f *testing.F) {
	for _, s := range []string{"", "States shall cooperate.", "States' rights", "the State’s duty", "pre- and post-conflict",
		"a-", "a'", "a’", "a’b", "a-’b", "-a", "3.5", "Résolution de l'Assemblée", "x\u0301y z", "a-\xff", "a’\xe2\x80",
		"\xff\xfe", "a\u00aa-\u00b5", "Ⅻ-x", "١٢٣-٤", "abcdefg-hijklmno'pqrstuvw-", "a-b-c-d-e-f-g-h-i-j-k",
		"1234567-'-89abcdef- -x", "one two  three-four five's six-", "seven-\u00e9ight -nine ten'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := CountWords(s), countWordsRef(s); got != want {
			t.Errorf("CountWords(%q) = %d, reference %d", s, got, want)
		}
	})
}

func TestReadDocument(t *testing.T) {
	d := &corpus.Document{ID: "code-2011", Instrument: "code", Provenance: corpus.ProvenanceParaphrased, Quoted: []string{"b"}}
	raw := "\xef\xbb\xbfCode of conduct\r\n\r\nRecalling the Charter,\r\n(a) To comply with the Charter.\r\n(b) Not to proliferate information weapons.\r\n"
	r, err := ReadDocument(d, "texts/code-2011.txt", []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range r.Provisions {
		got = append(got, p.ID+"|"+string(p.Section)+"|"+p.Provenance+"|"+p.Text)
		if r.Text[p.Start:p.End] != p.Text {
			t.Errorf("%s: offsets do not point at the text", p.ID)
		}
	}
	want := []string{
		"code-2011:p1|preamble|paraphrased|Recalling the Charter,",
		"code-2011:a|operative|paraphrased|To comply with the Charter.",
		"code-2011:b|operative|quoted|Not to proliferate information weapons.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Words != 3+5+5 || r.ProvisionWords[2] != 5 || r.Bytes != len(raw) || len(r.SourceSHA256) != 64 {
		t.Errorf("counts: words %d %v bytes %d sha %q", r.Words, r.ProvisionWords, r.Bytes, r.SourceSHA256)
	}
}

// A quoted: marker that no provision has is a warning naming it and its manifest line (the
// document's entry when the marker's own is not known); the document is still read.
func TestReadDocumentQuotedUnmatched(t *testing.T) {
	raw := "Recalling the Charter,\n(a) To comply with the Charter.\n(b) Not to proliferate information weapons.\n"
	tests := []struct {
		name   string
		quoted []string
		lines  []int    // the markers' manifest lines (nil: the document's, 7)
		want   []string // warning messages, in order
	}{
		{name: "all match", quoted: []string{"b", "p1"}},
		{name: "the marker's own line", quoted: []string{"b", "zz"}, lines: []int{9, 10},
			want: []string{`quoted: marker "zz" (manifest line 10)`}},
		{name: "with punctuation", quoted: []string{"b", "(a)"},
			want: []string{`texts/x.txt: quoted: marker "(a)" (manifest line 7) matches no provision of document "x"; markers are written as in provisions.csv, without punctuation ("g" for "(g)")`}},
		{name: "missing twice", quoted: []string{"z", "a", "z", "9"},
			want: []string{`quoted: marker "z" (manifest line 7)`, `quoted: marker "9" (manifest line 7)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &corpus.Document{ID: "x", Line: 7, Quoted: tt.quoted, QuotedLines: tt.lines}
			r, err := ReadDocument(d, "texts/x.txt", []byte(raw))
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Provisions) != 3 {
				t.Fatalf("provisions %d, want 3", len(r.Provisions))
			}
			if len(r.Warnings) != len(tt.want) {
				t.Fatalf("warnings %v, want %d", r.Warnings, len(tt.want))
			}
			for i, w := range r.Warnings {
				if !strings.Contains(w.String(), tt.want[i]) {
					t.Errorf("warning %q does not contain %q", w, tt.want[i])
				}
			}
		})
	}
}

func TestReadDocumentErrors(t *testing.T) {
	d := &corpus.Document{ID: "x"}
	tests := []struct {
		name string
		raw  []byte
		want error
	}{
		{"empty", nil, corpus.ErrEmpty},
		{"binary", []byte("GIF89a\x00\x01\x00"), corpus.ErrBinary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadDocument(d, "x.txt", tt.raw)
			var ce *corpus.Error
			if !errors.Is(err, tt.want) || !errors.As(err, &ce) || ce.Path != "x.txt" {
				t.Errorf("err = %v, want %v naming x.txt", err, tt.want)
			}
		})
	}
}

// A 5 MB document with no newline is read as one provision with a warning, without blowing up.
func TestReadDocumentHugeLine(t *testing.T) {
	raw := strings.Repeat("States shall cooperate in good faith ", 5<<20/37)
	r, err := ReadDocument(&corpus.Document{ID: "big"}, "big.txt", []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Provisions) != 1 || len(r.Warnings) == 0 {
		t.Fatalf("provisions %d warnings %v", len(r.Provisions), r.Warnings)
	}
	if r.Words != 6*(5<<20/37) {
		t.Errorf("words %d", r.Words)
	}
}

func TestPresplitDocument(t *testing.T) {
	d := &corpus.Document{ID: "a", Presplit: []corpus.Provision{
		{ID: "a:1", DocID: "a", Marker: "1", Section: corpus.Operative, Text: "  First\n provision. "},
		{ID: "a:2", DocID: "a", Marker: "2", Section: corpus.Operative, Text: "Second."},
	}}
	r, err := PresplitDocument(d, "t.csv", "abc")
	if err != nil {
		t.Fatal(err)
	}
	if r.Text != "First provision.\nSecond." {
		t.Errorf("text %q", r.Text)
	}
	for i, p := range r.Provisions {
		if r.Text[p.Start:p.End] != p.Text || p.Ordinal != i+1 {
			t.Errorf("provision %+v", p)
		}
	}
	if r.Words != 3 || r.SourceSHA256 != "abc" {
		t.Errorf("words %d sha %q", r.Words, r.SourceSHA256)
	}
}

func testCorpus() *corpus.Corpus {
	fsys := fstest.MapFS{
		"b@2.txt": {Data: []byte("1. States shall cooperate.\n2. States shall share.\n")},
		"b@1.txt": {Data: []byte("(a) States shall cooperate.\n")},
		"a@1.txt": {Data: []byte("Preamble text.\n(a) One.\n(b) Two.\n")},
		"c@1.txt": {Data: []byte{}},
	}
	c, err := corpus.LoadDirectory(fsys, "mem")
	if err != nil {
		panic(err)
	}
	return c
}

func TestRunOrderAndSkips(t *testing.T) {
	for _, workers := range []int{1, 2, 8} {
		res, err := Run(context.Background(), testCorpus(), Options{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, d := range res.Docs {
			ids = append(ids, d.Doc.ID)
		}
		if got := strings.Join(ids, " "); got != "a@1 b@1 b@2" {
			t.Errorf("workers=%d: order %q", workers, got)
		}
		if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Error(), "mem/c@1.txt") {
			t.Errorf("skipped %v", res.Skipped)
		}
		// c@1, the only version of instrument c, was skipped: 2 instruments were read
		if n := res.Counts(); n["provisions"] != 6 || n["documents"] != 3 || n["instruments"] != 2 {
			t.Errorf("counts %v", n)
		}
	}
}

// TestCountsLeaveOutSkipped checks run.json's counts (and run's summary line, which prints them):
// an instrument whose every version was skipped is not counted, as its documents are not
// (before: "3 documents, 6 provisions, 3 instruments; 1 skipped" for two instruments read).
func TestCountsLeaveOutSkipped(t *testing.T) {
	mk := func(files map[string]string) func() *corpus.Corpus {
		return func() *corpus.Corpus {
			fsys := fstest.MapFS{}
			for name, text := range files {
				fsys[name] = &fstest.MapFile{Data: []byte(text)}
			}
			c, err := corpus.LoadDirectory(fsys, "mem")
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
	}
	tests := []struct {
		name                       string
		c                          func() *corpus.Corpus
		docs, instruments, skipped int
	}{
		{"nothing skipped", mk(map[string]string{"a@1.txt": "(a) One.\n", "b@1.txt": "(a) Two.\n"}), 2, 2, 0},
		{"a whole instrument skipped", testCorpus, 3, 2, 1},
		{"one version of two skipped", mk(map[string]string{"a@1.txt": "(a) One.\n", "a@2.txt": ""}), 1, 1, 1},
		{"two instruments skipped", mk(map[string]string{"a@1.txt": "(a) One.\n", "b@1.txt": "", "c@1.txt": "\x00"}), 1, 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			res, err := Run(ctx, tt.c(), Options{Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			st, err := Stream(ctx, tt.c(), t.TempDir(), Options{Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			for name, n := range map[string]map[string]int{"Run": res.Counts(), "Stream": st.Counts} {
				if n["documents"] != tt.docs || n["instruments"] != tt.instruments || n["skipped"] != tt.skipped {
					t.Errorf("%s: counts %v, want %d documents, %d instruments, %d skipped", name, n, tt.docs, tt.instruments, tt.skipped)
				}
			}
		})
	}
}

func TestRunStrict(t *testing.T) {
	_, err := Run(context.Background(), testCorpus(), Options{Workers: 2, Strict: true})
	if !errors.Is(err, ErrStrict) || !errors.Is(err, corpus.ErrEmpty) {
		t.Errorf("err = %v", err)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, testCorpus(), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

// progressLog is an Options.Progress that fails t unless each stage starts with done 0 and
// then counts up with a fixed total: one item a call, except that a stage counting provisions
// may take an instrument's at once. stages lists them in order as "stage done/total".
func progressLog(t *testing.T) (progress func(stage string, done, total int), stages func() []string) {
	type count struct{ last, total int }
	seen := map[string]*count{}
	var order []string
	progress = func(stage string, done, total int) {
		c := seen[stage]
		if c == nil {
			if done != 0 {
				t.Errorf("%s: first progress %d/%d, want 0/%d", stage, done, total, total)
			}
			seen[stage] = &count{last: done, total: total}
			order = append(order, stage)
			return
		}
		step := done - c.last
		ok := step == 1 || strings.HasSuffix(stage, "(provisions)") && step > 0
		if total != c.total || !ok || done > total {
			t.Errorf("%s: progress %d/%d after %d/%d", stage, done, total, c.last, c.total)
		}
		c.last = done
	}
	stages = func() []string {
		var out []string
		for _, st := range order {
			out = append(out, fmt.Sprintf("%s %d/%d", st, seen[st].last, seen[st].total))
		}
		return out
	}
	return progress, stages
}

// TestRunProgress checks that every stage reports its items in order, one call per item, with
// the stage's total.
func TestRunProgress(t *testing.T) {
	progress, stages := progressLog(t)
	if _, err := Run(context.Background(), testCorpus(), Options{Workers: 3, Progress: progress}); err != nil {
		t.Fatal(err)
	}
	// testCorpus: 4 documents, one unreadable (3 analysed), one instrument with 2 versions.
	want := []string{
		"segment+analyze (documents) 4/4",
		"vectorize (documents) 3/3",
		"keyphrases (documents) 3/3",
		"align (version pairs) 1/1",
		"concepts (documents) 3/3",
		"stance: dictionary (documents) 3/3", // too little text to fit LSS
	}
	if got := stages(); !slices.Equal(got, want) {
		t.Errorf("progress %q, want %q", got, want)
	}
}

func TestErrorRow(t *testing.T) {
	r := ErrorRow(corpus.Errorf("corpus.yaml", 7, "bad"))
	if r.Path != "corpus.yaml" || r.Line != 7 || r.Error != "bad" {
		t.Errorf("%+v", r)
	}
	r = ErrorRow(errors.New("plain"))
	if r.Path != "" || r.Error != "plain" {
		t.Errorf("%+v", r)
	}
}

// BenchmarkReadDocument reads a document as readOne does (decode, segment, count words): a
// short list repeated ("repeated"), and every text of the corpus named by
// $STANCESHIFT_BENCH_CORPUS, a folder written by bench/gen ("bench_corpus", skipped when unset).
func BenchmarkReadDocument(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 2000; i++ {
		sb.WriteString("(a) States shall cooperate in good faith on the security of information and communications\ntechnologies, and shall refrain from hostile activities.\n")
	}
	d := &corpus.Document{ID: "bench"}
	read := func(b *testing.B, raws [][]byte) {
		n := 0
		for _, raw := range raws {
			n += len(raw)
		}
		b.SetBytes(int64(n))
		b.ReportAllocs()
		for b.Loop() {
			for _, raw := range raws {
				if _, err := ReadDocument(d, "bench.txt", raw); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("repeated", func(b *testing.B) { read(b, [][]byte{[]byte(sb.String())}) })
	b.Run("bench_corpus", func(b *testing.B) {
		dir := os.Getenv("STANCESHIFT_BENCH_CORPUS")
		if dir == "" {
			b.Skip("set STANCESHIFT_BENCH_CORPUS to a corpus written by bench/gen")
		}
		files, err := filepath.Glob(filepath.Join(dir, "texts", "*.txt"))
		if err != nil || len(files) == 0 {
			b.Fatalf("no texts under %s: %v", dir, err)
		}
		var raws [][]byte
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			raws = append(raws, raw)
		}
		read(b, raws)
	})
}
