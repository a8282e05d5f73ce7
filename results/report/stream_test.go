package report

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stanceshift/stanceshift/results"
)

// idColumns are the columns of each report that hold an instrument, document or provision id
// (lists of ids in from_provisions and to_provisions).
var idColumns = map[string][]string{
	"documents.csv":         {"doc_id", "instrument"},
	"provisions.csv":        {"provision_id", "doc_id", "instrument"},
	"alignment.csv":         {"instrument", "from_doc", "to_doc", "from_provision", "to_provision"},
	"entities.csv":          {"provision_id", "doc_id"},
	"keyphrases.csv":        {"scope_id"},
	"keyphrase_changes.csv": {"instrument"},
	"stance.csv":            {"provision_id", "doc_id"},
	"document_scores.csv":   {"doc_id", "instrument"},
	"shifts.csv":            {"instrument", "from_provision", "to_provision"},
	"concept_mentions.csv":  {"provision_id", "doc_id"},
	"concept_changes.csv":   {"instrument", "from_provisions", "to_provisions"},
	"reuse.csv":             {"source_provision", "target_provision", "source_doc", "target_doc"},
}

var idToken = regexp.MustCompile(`[^ ;,]+`)

// manyInstruments writes into a new folder the fixture's reports n times over, copy k with
// every instrument, document and provision id prefixed "c<k>-", one copy after the other (so
// the files stay grouped by instrument in documents.csv order): 5n instruments.
func manyInstruments(t testing.TB, n int) string {
	t.Helper()
	dir := t.TempDir()
	for name, cols := range idColumns {
		f, err := os.Open(filepath.Join("testdata/fixture", name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		pos := map[string]int{}
		for i, h := range rows[0] {
			pos[h] = i
		}
		out := [][]string{rows[0]}
		for k := 1; k <= n; k++ {
			prefix := fmt.Sprintf("c%d-", k)
			for _, row := range rows[1:] {
				row = slices.Clone(row)
				for _, c := range cols {
					j := pos[c]
					if row[j] == "" || name == "keyphrases.csv" && row[pos["scope"]] == "corpus" {
						continue
					}
					row[j] = idToken.ReplaceAllString(row[j], prefix+"$0")
				}
				out = append(out, row)
			}
		}
		writeCSV(t, filepath.Join(dir, name), out)
	}
	return dir
}

func writeCSV(t testing.TB, path string, rows [][]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// copyTree copies every file under src into a new folder.
func copyTree(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// sameTrees reports every file that differs between the folders a and b, or is in one only.
func sameTrees(t *testing.T, a, b string) {
	t.Helper()
	files := func(root string) map[string][]byte {
		out := map[string][]byte{}
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				out[rel], _ = os.ReadFile(p)
			}
			return nil
		})
		return out
	}
	fa, fb := files(a), files(b)
	for name, da := range fa {
		db, ok := fb[name]
		if !ok {
			t.Errorf("%s: only in the first build", name)
		} else if string(da) != string(db) {
			t.Errorf("%s differs (%d vs %d bytes)", name, len(da), len(db))
		}
	}
	for name := range fb {
		if _, ok := fa[name]; !ok {
			t.Errorf("%s: only in the second build", name)
		}
	}
}

// streamed builds dir in a stream and fails the test if the files do not allow it.
func streamed(t *testing.T, dir string) []string {
	t.Helper()
	g, err := indexInputs(context.Background(), dir, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if g == nil {
		t.Fatal("not split")
	}
	names, err := writeStreamed(context.Background(), dir, g)
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestStreamedEqualsLoaded: a report of more than MaxInstrumentsOnePage instruments built in a
// stream, instrument by instrument, writes the same files (pages, index, charts, byte for byte)
// and lists the same names as one built from the whole files; also with annotations that do
// not fit and reuse passages and stance rows on unknown provisions (counted once in the
// notes), and with two
// instruments whose chart names collide.
func TestStreamedEqualsLoaded(t *testing.T) {
	src := manyInstruments(t, 5)
	// An entity on an unknown provision, one outside its provision's text, a reuse row naming
	// an unknown provision; copy 2's first instrument renamed so that its slug is copy 1's.
	edit(t, src, "entities.csv", func(rows [][]string) [][]string {
		bad := slices.Clone(rows[1])
		bad[0] = "no-such:1"
		m := len(rows) / 2
		far := slices.Clone(rows[m])
		far[2], far[3] = "100000", "100005"
		rows = append(rows[:m+1], append([][]string{far}, rows[m+1:]...)...)
		return append(rows, bad)
	})
	edit(t, src, "reuse.csv", func(rows [][]string) [][]string {
		r := slices.Clone(rows[1])
		r[0] = "gone:7"
		return append(rows, r)
	})
	edit(t, src, "stance.csv", func(rows [][]string) [][]string {
		r := slices.Clone(rows[1])
		r[0] = "gone:8"
		return append(rows, r)
	})
	rename := func(rows [][]string) [][]string {
		for _, row := range rows {
			for j := range row {
				if row[j] == "c2-gge-2013" {
					row[j] = "C1 gge 2013"
				}
			}
		}
		return rows
	}
	for _, name := range []string{"documents.csv", "provisions.csv", "alignment.csv", "document_scores.csv", "shifts.csv", "keyphrase_changes.csv", "concept_changes.csv"} {
		edit(t, src, name, rename)
	}
	_, stream, loaded := streamedMatchesLoaded(t, src)
	index, _ := os.ReadFile(filepath.Join(stream, "report.html"))
	if !strings.Contains(string(index), "4 annotations (entities, concepts, reuse passages or stance rows)") {
		t.Errorf("the index does not note the 4 dropped annotations")
	}
	if _, err := os.Stat(filepath.Join(stream, "charts", "docscore-c1-gge-2013-2.svg")); err != nil {
		t.Errorf("colliding chart names: %v", err)
	}
	// WriteWith takes the streamed way, and writing again over the same folder changes nothing.
	again := copyTree(t, stream)
	if _, err := WriteWith(context.Background(), again, Options{}); err != nil {
		t.Fatal(err)
	}
	sameTrees(t, again, loaded)
}

func edit(t *testing.T, dir, name string, fn func([][]string) [][]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	writeCSV(t, filepath.Join(dir, name), fn(rows))
}

// TestStreamedFallsBack: files not grouped by instrument, or a row naming another instrument's
// provision, cannot be read one instrument at a time; WriteWith then reads them whole, with the
// same result.
func TestStreamedFallsBack(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		fn         func([][]string) [][]string
	}{
		{"rows reversed", "stance.csv", func(rows [][]string) [][]string {
			body := rows[1:]
			slices.Reverse(body)
			return rows
		}},
		{"provisions out of order", "provisions.csv", func(rows [][]string) [][]string {
			return append([][]string{rows[0], rows[len(rows)-1]}, rows[1:len(rows)-1]...)
		}},
		{"alignment naming another instrument's provision", "alignment.csv", func(rows [][]string) [][]string {
			rows[1][4] = rows[len(rows)-1][4]
			return rows
		}},
		// the second of a version pair's rows names another instrument's document
		{"alignment naming another instrument's document", "alignment.csv", func(rows [][]string) [][]string {
			if rows[1][1] != rows[2][1] || rows[1][2] != rows[2][2] {
				panic("alignment.csv's first two rows are not of one version pair")
			}
			rows[2][2] = rows[len(rows)-1][2]
			return rows
		}},
		{"a provision id twice", "provisions.csv", func(rows [][]string) [][]string {
			rows[3][0] = rows[2][0]
			return rows
		}},
		// the second of a pair's rows (one per model) names another instrument's provision
		{"shift naming another instrument's provision", "shifts.csv", func(rows [][]string) [][]string {
			if rows[1][1] != rows[2][1] || rows[1][2] != rows[2][2] {
				panic("shifts.csv's first two rows are not of one pair")
			}
			rows[2][2] = rows[len(rows)-1][2]
			return rows
		}},
		{"an instrument without documents", "provisions.csv", func(rows [][]string) [][]string {
			r := slices.Clone(rows[len(rows)-1])
			r[0], r[2] = "zz:1", "zz" // panicked in versionChart before
			return append(rows, r)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := manyInstruments(t, 2)
			edit(t, src, tc.file, tc.fn)
			g, err := indexInputs(context.Background(), src, true, nil)
			if err == nil && g != nil {
				_, err = writeStreamed(context.Background(), copyTree(t, src), g)
			}
			if !errors.Is(err, errNotGrouped) {
				t.Errorf("streamed: err = %v, want errNotGrouped", err)
			}
			stream, loaded := copyTree(t, src), copyTree(t, src)
			if _, err := WriteWith(context.Background(), stream, Options{Pages: PagesSplit}); err != nil {
				t.Fatal(err)
			}
			if _, err := writeLoaded(context.Background(), loaded, Options{Pages: PagesSplit}); err != nil {
				t.Fatal(err)
			}
			sameTrees(t, stream, loaded)
		})
	}
}

// TestStreamedErrors: a malformed row far into a file stops a streamed build with an error
// naming the file and line, as the whole-file build does.
func TestStreamedErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		fn         func([][]string) [][]string
		want       string
	}{
		{"bad float", "stance.csv", func(rows [][]string) [][]string {
			rows[len(rows)-3][3] = "x"
			return rows
		}, `stance.csv: line %d: column score: "x" is not a finite number`},
		// stance.csv, shifts.csv and concept_mentions.csv are read from their bytes
		{"bad evidence", "stance.csv", func(rows [][]string) [][]string {
			rows[len(rows)-3][9] = "civil society:0.1;free"
			return rows
		}, `stance.csv: line %d: column evidence: "free" is not term:contribution`},
		{"bad delta", "shifts.csv", func(rows [][]string) [][]string {
			rows[len(rows)-3][7] = "1e999"
			return rows
		}, `shifts.csv: line %d: column delta: "1e999" is not a finite number`},
		{"bad mention end", "concept_mentions.csv", func(rows [][]string) [][]string {
			rows[len(rows)-3][4] = "+"
			return rows
		}, `concept_mentions.csv: line %d: column end: "+" is not a non-negative integer`},
		{"negative offset", "entities.csv", func(rows [][]string) [][]string {
			rows[len(rows)-3][2] = "-4"
			return rows
		}, `entities.csv: line %d: column start: "-4" is not a non-negative integer`},
		// keyphrases.csv's rows of provisions, which no page shows, are checked from their
		// bytes (groupReader.valid); those of documents are read
		{"unshown, bad rank", "keyphrases.csv", func(rows [][]string) [][]string {
			rows[len(rows)-3][0], rows[len(rows)-3][2] = "provision", "-1"
			return rows
		}, `keyphrases.csv: line %d: column rank: "-1" is not a non-negative integer`},
		{"unshown, infinite score", "keyphrases.csv", func(rows [][]string) [][]string {
			rows[len(rows)-3][0], rows[len(rows)-3][4] = "provision", "Inf"
			return rows
		}, `keyphrases.csv: line %d: column score: "Inf" is not a finite number`},
		{"unshown, bad count", "keyphrases.csv", func(rows [][]string) [][]string {
			rows[len(rows)-3][0], rows[len(rows)-3][5] = "provision", "2x"
			return rows
		}, `keyphrases.csv: line %d: column count: "2x" is not a non-negative integer`},
		{"shown, bad score", "keyphrases.csv", func(rows [][]string) [][]string {
			rows[len(rows)-3][0], rows[len(rows)-3][4] = "document", "x"
			return rows
		}, `keyphrases.csv: line %d: column score: "x" is not a finite number`},
		{"ragged row", "alignment.csv", func(rows [][]string) [][]string {
			rows[len(rows)-3] = rows[len(rows)-3][:4]
			return rows
		}, "alignment.csv: record on line %d: wrong number of fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := manyInstruments(t, 2)
			n := 0
			edit(t, dir, tc.file, func(rows [][]string) [][]string {
				n = len(rows) - 2 // the line of rows[len(rows)-3] (no row spans lines here)
				return tc.fn(rows)
			})
			want := fmt.Sprintf(tc.want, n)
			_, err := WriteWith(context.Background(), dir, Options{Pages: PagesSplit})
			if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "report: ") {
				t.Errorf("WriteWith: err = %v, want %q", err, want)
			}
			onlyCSV(t, dir)
			loaded := copyTree(t, dir)
			if _, err := writeLoaded(context.Background(), loaded, Options{Pages: PagesSplit}); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("whole-file build: err = %v, want %q", err, want)
			}
			onlyCSV(t, loaded)
		})
	}
}

// TestScanFileAhead: scanFile gives fn the same rows, lines and error whether it reads the rows
// ahead a block at a time or one by one: files of several blocks, a malformed row late in a
// file, and fn stopping the scan.
func TestScanFileAhead(t *testing.T) {
	for _, tc := range []struct {
		name string
		file string
		edit func([][]string) [][]string
		stop int // fn returns an error on this row (counted from 1); 0: never
	}{
		{"provisions", "provisions.csv", nil, 0},
		{"alignment", "alignment.csv", nil, 0},
		{"shifts", "shifts.csv", nil, 0},
		{"concept mentions", "concept_mentions.csv", nil, 0},
		{"ragged row", "provisions.csv", func(rows [][]string) [][]string {
			rows[len(rows)-5] = rows[len(rows)-5][:3]
			return rows
		}, 0},
		{"fn stops", "alignment.csv", nil, 400},
		{"fn stops at once", "shifts.csv", nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := manyInstruments(t, 40) // provisions.csv: 5 blocks
			if tc.edit != nil {
				edit(t, dir, tc.file, tc.edit)
			}
			scan := func(ahead bool) (rows []string, err error) {
				err = scanFile(context.Background(), dir, tc.file, ahead, nil, func(c *csvStream) error {
					var fields []string
					for j := range c.recb.len() {
						fields = append(fields, string(c.recb.field(j)))
					}
					rows = append(rows, fmt.Sprint(c.line, fields))
					if len(rows) == tc.stop {
						return errNotGrouped
					}
					return nil
				})
				return rows, err
			}
			want, wantErr := scan(false)
			got, err := scan(true)
			if fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Errorf("err = %v, want %v", err, wantErr)
			}
			if len(want) == 0 || (tc.edit != nil || tc.stop != 0) == (wantErr == nil) {
				t.Fatalf("the case does not test what it says: %d rows, err %v", len(want), wantErr)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%d rows, want %d; first difference at %d", len(got), len(want), firstDiff(got, want))
			}
		})
	}
}

// TestScanFileCancelled: a context cancelled during a scan stops it with the context's error,
// within the block being read ahead or scanCheckRows rows one by one, not at the end of the
// file; and indexInputs, the pass of a split report before its first page, stops with it.
func TestScanFileCancelled(t *testing.T) {
	dir := manyInstruments(t, 320)
	total := 0
	if err := scanFile(context.Background(), dir, "concept_mentions.csv", false, nil, func(*csvStream) error { total++; return nil }); err != nil {
		t.Fatal(err)
	}
	if total < 2*scanCheckRows {
		t.Fatalf("concept_mentions.csv: %d rows, the test needs more than %d", total, 2*scanCheckRows)
	}
	for _, tc := range []struct {
		name  string
		ahead bool
	}{{"one by one", false}, {"ahead", true}} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			rows := 0
			err := scanFile(ctx, dir, "concept_mentions.csv", tc.ahead, nil, func(*csvStream) error {
				rows++
				if rows == 10 {
					cancel()
				}
				return nil
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
			if rows > scanCheckRows {
				t.Errorf("%d of %d rows scanned after the cancel at row 10", rows, total)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := indexInputs(ctx, dir, true, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("indexInputs: err = %v, want context.Canceled", err)
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestIndexInputsErrorOrder: indexInputs reads some files beside others (reuse.csv beside the
// rest, concept_mentions.csv beside shifts.csv), yet returns the error of the first file with
// one in the order it once read them one after the other: documents.csv, document_scores.csv,
// reuse.csv, provisions.csv, alignment.csv, shifts.csv, concept_mentions.csv.
func TestIndexInputsErrorOrder(t *testing.T) {
	ragged := func(rows [][]string) [][]string {
		rows[len(rows)-2] = rows[len(rows)-2][:2]
		return rows
	}
	badScore := func(rows [][]string) [][]string { // reuse.csv's score
		rows[len(rows)-2][4] = "x"
		return rows
	}
	for _, tc := range []struct {
		name  string
		edits map[string]func([][]string) [][]string
		want  string
	}{
		{"documents before reuse", map[string]func([][]string) [][]string{"documents.csv": ragged, "reuse.csv": badScore}, "documents.csv"},
		{"reuse before provisions", map[string]func([][]string) [][]string{"reuse.csv": badScore, "provisions.csv": ragged}, "reuse.csv"},
		{"reuse before concept mentions", map[string]func([][]string) [][]string{"reuse.csv": badScore, "concept_mentions.csv": ragged}, "reuse.csv"},
		{"provisions", map[string]func([][]string) [][]string{"provisions.csv": ragged}, "provisions.csv"},
		{"shifts before concept mentions", map[string]func([][]string) [][]string{"shifts.csv": ragged, "concept_mentions.csv": ragged}, "shifts.csv"},
		{"concept mentions", map[string]func([][]string) [][]string{"concept_mentions.csv": ragged}, "concept_mentions.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := manyInstruments(t, 5)
			for name, fn := range tc.edits {
				edit(t, dir, name, fn)
			}
			g, err := indexInputs(context.Background(), dir, true, nil)
			if err == nil || !strings.HasPrefix(err.Error(), "report: "+tc.want+": ") {
				t.Errorf("err = %v, want one of %s", err, tc.want)
			}
			if g != nil {
				t.Error("an index with an error")
			}
		})
	}
}

// onlyCSV fails the test if dir holds a file other than its CSV reports: a failed or cancelled
// build leaves no page, chart or temporary file (the pages of the instruments before the error
// once stayed).
func onlyCSV(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (filepath.Dir(p) != dir || filepath.Ext(p) != ".csv") {
			t.Errorf("left %s", p)
		}
		return err
	})
}

// TestCancelledLeavesEarlierReport: a build over an earlier report's folder that is cancelled
// leaves that report as it was (no file of the new one, no temporary file), streamed or not.
func TestCancelledLeavesEarlierReport(t *testing.T) {
	for _, tc := range []struct {
		name string
		dir  func(t *testing.T) string
	}{
		{"one page", func(t *testing.T) string { return copyDir(t, "testdata/fixture") }},
		{"split, streamed", func(t *testing.T) string { return manyInstruments(t, 5) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.dir(t)
			if _, err := WriteWith(context.Background(), dir, Options{}); err != nil {
				t.Fatal(err)
			}
			before := copyTree(t, dir)
			// The next build would write other pages and charts (none without PNG).
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if _, err := WriteWith(ctx, dir, Options{NoPNG: true}); !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
			sameTrees(t, before, dir)
		})
	}
}

// TestStreamIndexScoresPerInstrument: each page gets its own instrument's document scores, all
// of them, in file order (each page once indexed the whole corpus's rows: quadratic).
func TestStreamIndexScoresPerInstrument(t *testing.T) {
	dir := manyInstruments(t, 3)
	g, err := indexInputs(context.Background(), dir, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := readInputs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.docScoresOf) != len(g.insts) {
		t.Fatalf("%d score groups for %d instruments", len(g.docScoresOf), len(g.insts))
	}
	var got []docScoreRow
	for i, rows := range g.docScoresOf {
		for _, sc := range rows {
			if sc.Instrument != g.insts[i] || g.docInst[sc.DocID] != int32(i) {
				t.Errorf("instrument %q's page gets %s's score (%s)", g.insts[i], sc.DocID, sc.Instrument)
			}
		}
		got = append(got, rows...)
	}
	if len(whole.docScores) == 0 || !slices.EqualFunc(got, whole.docScores, func(a, b docScoreRow) bool {
		return a.DocID == b.DocID && a.Model == b.Model
	}) {
		t.Errorf("the groups hold %d rows, document_scores.csv %d (or another order)", len(got), len(whole.docScores))
	}
}

// TestNoPNG: Options.NoPNG writes the same SVG charts and pages with no PNG files (those of an
// earlier build removed) and no ".png" in the captions, for one page, a streamed split build and
// a split build from the whole files.
func TestNoPNG(t *testing.T) {
	fixture := func(t *testing.T) string { return copyTree(t, "testdata/fixture") }
	for _, tc := range []struct {
		name  string
		src   func(t *testing.T) string
		write func(ctx context.Context, dir string, opt Options) ([]string, error)
		pages string
		split bool
	}{
		{"one page", fixture, WriteWith, PagesOne, false},
		{"split, streamed", func(t *testing.T) string { return manyInstruments(t, 5) }, WriteWith, PagesAuto, true},
		{"split, from whole files", fixture, writeLoaded, PagesSplit, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			full := tc.src(t)
			if _, err := tc.write(context.Background(), full, Options{Pages: tc.pages}); err != nil {
				t.Fatal(err)
			}
			svgOnly := copyTree(t, full) // over a full build: its PNGs must go
			names, err := tc.write(context.Background(), svgOnly, Options{Pages: tc.pages, NoPNG: true})
			if err != nil {
				t.Fatal(err)
			}
			nsvg := 0
			for _, n := range names {
				switch filepath.Ext(n) {
				case ".png":
					t.Errorf("NoPNG wrote %s", n)
				case ".svg":
					nsvg++
				}
			}
			if nsvg == 0 {
				t.Fatalf("no SVG charts: %v", names)
			}
			pngs, _ := filepath.Glob(filepath.Join(svgOnly, "charts", "*.png"))
			if len(pngs) != 0 {
				t.Errorf("%d PNG files left from the earlier build", len(pngs))
			}
			svgs, _ := filepath.Glob(filepath.Join(full, "charts", "*.svg"))
			if len(svgs) != nsvg {
				t.Errorf("%d SVG charts, the full build %d", nsvg, len(svgs))
			}
			for _, f := range svgs {
				a, _ := os.ReadFile(f)
				b, err := os.ReadFile(filepath.Join(svgOnly, "charts", filepath.Base(f)))
				if err != nil || string(a) != string(b) {
					t.Errorf("%s differs from the full build's (%v)", filepath.Base(f), err)
				}
			}
			pages := []string{"report.html"}
			if tc.split {
				more, _ := filepath.Glob(filepath.Join(svgOnly, "instruments", "*.html"))
				if len(more) == 0 {
					t.Fatal("no instrument pages")
				}
				for _, p := range more {
					pages = append(pages, filepath.Join("instruments", filepath.Base(p)))
				}
			}
			captions := 0
			for _, p := range pages {
				a, _ := os.ReadFile(filepath.Join(full, p))
				b, _ := os.ReadFile(filepath.Join(svgOnly, p))
				captions += strings.Count(string(b), ".svg)</figcaption>")
				if strings.Contains(string(b), ".png") {
					t.Errorf("%s still names PNG files", p)
				}
				if strings.ReplaceAll(string(a), ".svg, .png)</figcaption>", ".svg)</figcaption>") != string(b) {
					t.Errorf("%s differs from the full build's beyond the captions", p)
				}
			}
			if captions != nsvg {
				t.Errorf("%d SVG-only captions for %d charts", captions, nsvg)
			}
		})
	}
}

// TestWriteInstrumentCancelledDoesNotName: an instrument of a cancelled streamed build closes its
// channel without touching the shared chart names, even when its predecessor never closed its
// own (before, it named its charts on cancellation without waiting, while the predecessor could
// still be naming: "concurrent map writes" in nameCharts, seen once in a full test run).
func TestWriteInstrumentCancelledDoesNotName(t *testing.T) {
	dir := manyInstruments(t, 3)
	g, err := indexInputs(context.Background(), dir, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	readers, err := g.groupReaders(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		for _, gr := range readers {
			gr.c.close()
		}
	}()
	in := func(i int) *inputs {
		in := &inputs{files: g.files, has: g.has, docs: g.docsOf[i], docScores: g.docScoresOf[i]}
		for _, gr := range readers {
			if err := gr.readGroup(int32(i), in); err != nil {
				t.Fatal(err)
			}
		}
		return in
	}
	named := []chan struct{}{make(chan struct{}), make(chan struct{})}
	in0, in1 := in(0), in(1)

	// Not cancelled: instrument 1 names its charts once instrument 0 has.
	seen := map[string]int{}
	out := t.TempDir()
	batch := results.NewBatch()
	defer batch.Abort()
	r0 := g.writeInstrument(context.Background(), batch, out, 0, in0, named, seen)
	r1 := g.writeInstrument(context.Background(), batch, out, 1, in1, named, seen)
	if r0.err != nil || r1.err != nil || len(seen) == 0 {
		t.Fatalf("uncancelled: errors %v, %v; %d chart names", r0.err, r1.err, len(seen))
	}

	// Cancelled, the predecessor's channel left open: no naming, the channel closed.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	named = []chan struct{}{make(chan struct{}), make(chan struct{})}
	seen = map[string]int{}
	res := g.writeInstrument(ctx, batch, t.TempDir(), 1, in(1), named, seen)
	if len(seen) != 0 {
		t.Errorf("a cancelled instrument named %d charts", len(seen))
	}
	select {
	case <-named[1]:
	default:
		t.Error("a cancelled instrument left its channel open: its successor would wait for ever")
	}
	if res.iv != nil {
		t.Error("a cancelled instrument returned its page")
	}
}

// TestStreamedHeatMaps: the corpus-wide heat map of a streamed build, of concept mentions (drawn
// beside the pages, from the first pass's counts) or, without concept_mentions.csv, of key
// phrases (drawn after them), is the one a build from the whole files draws, under the same name.
func TestStreamedHeatMaps(t *testing.T) {
	for _, tc := range []struct {
		name   string
		remove string // a file taken out of the reports
		chart  string
	}{
		{"concept mentions", "", "concepts"},
		{"key phrases", "concept_mentions.csv", "keyphrases"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := manyInstruments(t, 5)
			if tc.remove != "" {
				if err := os.Remove(filepath.Join(src, tc.remove)); err != nil {
					t.Fatal(err)
				}
			}
			if got, _, _ := streamedMatchesLoaded(t, src); !slices.Contains(got, "charts/"+tc.chart+".svg") {
				t.Errorf("no charts/%s.svg in %v", tc.chart, got)
			}
		})
	}
}

// streamedMatchesLoaded builds the report of copies of src streamed and from whole files, reports
// any difference in the files written or their bytes, and returns the streamed build's names and
// both folders.
func streamedMatchesLoaded(t *testing.T, src string) (names []string, stream, loaded string) {
	t.Helper()
	stream, loaded = copyTree(t, src), copyTree(t, src)
	names = streamed(t, stream)
	want, err := writeLoaded(context.Background(), loaded, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, want) {
		t.Errorf("names differ:\n%v\n%v", names, want)
	}
	sameTrees(t, stream, loaded)
	return names, stream, loaded
}

// TestStreamedDirections: the first pass's direction filter list (the directions of shifts on
// aligned pairs, and "unscored" once an aligned pair has no shift), on every instrument page, is
// the whole build's: a pair's shifts dropped, a new direction on an aligned pair, one on a pair
// alignment.csv lacks.
func TestStreamedDirections(t *testing.T) {
	for _, tc := range []struct {
		name       string
		fn         func([][]string) [][]string
		has, lacks string // a direction the index lists, one it does not
	}{
		{"a pair without shifts", func(rows [][]string) [][]string {
			from, to := rows[1][1], rows[1][2]
			return slices.DeleteFunc(rows, func(r []string) bool { return r[1] == from && r[2] == to })
		}, `value="unscored"`, ""},
		{"a new direction", func(rows [][]string) [][]string {
			rows[1][8] = "sideways"
			return rows
		}, `value="sideways"`, ""},
		{"a pair alignment lacks", func(rows [][]string) [][]string {
			r := slices.Clone(rows[1])
			r[2], r[8] = r[1], "phantom" // from the provision to itself
			return slices.Insert(rows, 2, r)
		}, "", `value="phantom"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := manyInstruments(t, 5) // split: above MaxInstrumentsOnePage
			edit(t, src, "shifts.csv", tc.fn)
			names, stream, _ := streamedMatchesLoaded(t, src)
			page, err := os.ReadFile(filepath.Join(stream, names[len(names)-2])) // the last instrument's
			if err != nil {
				t.Fatal(err)
			}
			if tc.has != "" && !strings.Contains(string(page), tc.has) {
				t.Errorf("the filters lack %s", tc.has)
			}
			if tc.lacks != "" && strings.Contains(string(page), tc.lacks) {
				t.Errorf("the filters have %s", tc.lacks)
			}
		})
	}
}

// TestWriteProgress: a split report built by streaming first shows its pass over the CSVs
// (IndexStage: 0 of their MiB rising to all of them), then Options.Progress is called with done
// 0 when the pages start (the display's clock and rate start there, not at the first page) and
// once per instrument page, with done counting up to the number of instruments; a split report
// built from the whole files has no such pass, and a one-page report calls Progress never.
func TestWriteProgress(t *testing.T) {
	src := manyInstruments(t, 5) // more than MaxInstrumentsOnePage instruments
	in, err := readInputs(src)
	if err != nil {
		t.Fatal(err)
	}
	insts := map[string]bool{}
	for _, d := range in.docs {
		insts[d.Instrument] = true
	}
	n := len(insts)
	if n <= MaxInstrumentsOnePage {
		t.Fatalf("%d instruments: not a split report", n)
	}
	write := map[string]func(dir string, opt Options) ([]string, error){
		"streamed": func(dir string, opt Options) ([]string, error) { return WriteWith(context.Background(), dir, opt) },
		"loaded": func(dir string, opt Options) ([]string, error) {
			return writeLoaded(context.Background(), dir, opt)
		},
	}
	var pages []string
	for k := range n + 1 {
		pages = append(pages, fmt.Sprintf("%s %d/%d", ProgressStage, k, n))
	}
	// the scanned files are under 1 MiB: the pass counts 0 of 1, then 1 at its end
	index := []string{IndexStage + " 0/1", IndexStage + " 1/1"}
	tests := []struct {
		name, way, pages string
		want             []string
	}{
		{"streamed, split", "streamed", PagesAuto, append(slices.Clone(index), pages...)},
		{"whole files, split", "loaded", PagesAuto, pages},
		{"one page", "streamed", PagesOne, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			opt := Options{Pages: tc.pages, NoPNG: true, Progress: func(stage string, done, total int) {
				got = append(got, fmt.Sprintf("%s %d/%d", stage, done, total))
			}}
			if _, err := write[tc.way](copyTree(t, src), opt); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("progress\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

// TestByteMeter: scans adding bytes at once from several goroutines give a count that only
// rises, by whole MiB, to the total; done completes a count left short; no meter without
// Options.Progress.
func TestByteMeter(t *testing.T) {
	dir := t.TempDir()
	for name, size := range map[string]int{"a.csv": 3<<20 + 5, "b.csv": 1 << 20} {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if newByteMeter(nil, dir, "a.csv") != nil {
		t.Error("a meter without a progress callback")
	}
	var got []int
	m := newByteMeter(func(stage string, done, total int) {
		if stage != IndexStage || total != 5 { // 4 MiB and 5 bytes, rounded up
			t.Errorf("stage %q total %d", stage, total)
		}
		got = append(got, done) // under the meter's lock
	}, dir, "a.csv", "b.csv", "missing.csv")
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 64 {
				m.add(16 << 10) // 4 x 64 x 16 KiB: 4 MiB
			}
		})
	}
	wg.Wait()
	m.done()
	if want := []int{0, 1, 2, 3, 4, 5}; !slices.Equal(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
}
