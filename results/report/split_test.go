package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	hrefRE = regexp.MustCompile(`href="([^"]*)"`)
	idRE   = regexp.MustCompile(` id="([^"]*)"`)
)

// unescapeAttr undoes html/template's escaping of the characters found in hrefs and ids here.
func unescapeAttr(s string) string {
	return strings.NewReplacer("&#43;", "+", "&amp;", "&", "%7e", "~", "%7E", "~").Replace(s)
}

// TestSplitPages writes the fixture as a split report and follows every link: each provision is
// on exactly one instrument page, every href names a page that was written and an id on it, the
// index has no provision sections, and writing the report again on one page removes the pages.
func TestSplitPages(t *testing.T) {
	dir := copyDir(t, "testdata/fixture")
	names, err := WriteWith(context.Background(), dir, Options{Pages: PagesSplit})
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{} // path relative to dir -> content
	for _, n := range names {
		if strings.HasSuffix(n, ".html") {
			b, err := os.ReadFile(filepath.Join(dir, n))
			if err != nil {
				t.Fatal(err)
			}
			pages[n] = string(b)
		}
	}
	r, err := Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	insts := r.Instruments()
	if len(pages) != len(insts)+1 {
		t.Fatalf("%d pages written, want the index and %d instrument pages: %v", len(pages), len(insts), names)
	}
	ids := map[string]map[string]bool{}
	for name, html := range pages {
		ids[name] = map[string]bool{}
		for _, m := range idRE.FindAllStringSubmatch(html, -1) {
			ids[name][unescapeAttr(m[1])] = true
		}
	}
	index := pages["report.html"]
	if strings.Contains(index, `class="prov"`) || strings.Contains(index, `id="filters"`) {
		t.Errorf("the index holds provision sections or filters")
	}
	seen := map[string]string{}
	for name := range pages {
		for id := range ids[name] {
			if strings.HasPrefix(id, "prov-") {
				if other, ok := seen[id]; ok {
					t.Errorf("%s on %s and %s", id, other, name)
				}
				seen[id] = name
			}
		}
	}
	if len(seen) == 0 {
		t.Fatal("no provision anchors on the instrument pages")
	}
	crossPage := 0
	for name, html := range pages {
		for _, m := range hrefRE.FindAllStringSubmatch(html, -1) {
			href := unescapeAttr(m[1])
			file, frag, _ := strings.Cut(href, "#")
			target := name
			if file != "" {
				target = filepath.ToSlash(filepath.Join(filepath.Dir(name), file))
				if target != name {
					crossPage++
				}
			}
			if _, ok := pages[target]; !ok {
				t.Errorf("%s: link %q: page %s was not written", name, href, target)
				continue
			}
			if frag != "" && !ids[target][frag] {
				t.Errorf("%s: link %q: no id %q on %s", name, href, frag, target)
			}
		}
	}
	if crossPage < len(insts) {
		t.Errorf("%d links between pages; the index alone should have %d", crossPage, len(insts))
	}
	if !strings.Contains(pages["instruments/"+PageFile(insts[0])], `href="../report.html"`) {
		t.Errorf("an instrument page does not link back to the index")
	}

	// Back to one page: the instrument pages go, report.html holds every provision again.
	if _, err := WriteWith(context.Background(), dir, Options{Pages: PagesOne}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "instruments")); !os.IsNotExist(err) {
		t.Errorf("instrument pages left after a one-page report: %v", err)
	}
	one, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	oneIDs := map[string]bool{}
	for _, m := range idRE.FindAllStringSubmatch(string(one), -1) {
		if id := unescapeAttr(m[1]); strings.HasPrefix(id, "prov-") {
			oneIDs[id] = true
		}
	}
	if len(oneIDs) != len(seen) {
		t.Errorf("one page: %d provision anchors, the split pages %d", len(oneIDs), len(seen))
	}
	for id := range seen {
		if !oneIDs[id] {
			t.Errorf("%s is on the split pages, not on the one page", id)
		}
	}
}

func TestPagesOption(t *testing.T) {
	for _, tc := range []struct {
		name, pages string
		split, fail bool
	}{
		{"default is auto: 5 instruments fit on one page", "", false, false},
		{"auto", PagesAuto, false, false},
		{"one", PagesOne, false, false},
		{"split", PagesSplit, true, false},
		{"unknown", "many", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := BuildWith("testdata/fixture", Options{Pages: tc.pages})
			if tc.fail {
				if err == nil || !strings.Contains(err.Error(), `pages "many"`) {
					t.Errorf("err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Split() != tc.split {
				t.Errorf("Split() = %v, want %v", r.Split(), tc.split)
			}
		})
	}
}

func TestPageFile(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"sco-code-of-conduct", "inst-sco-code-of-conduct.html"},
		{"UN GA res/70", "inst-UN~20GA~20res~2F70.html"},
		{"..", "inst-~2E..html"},
		{"a:b~c", "inst-a~3Ab~7Ec.html"},
	} {
		if got := PageFile(tc.in); got != tc.want {
			t.Errorf("PageFile(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSplitLazyEqualsEager checks that building a split report's rows page by page (lazy, the
// default) writes the same pages, index included, as building every row up front, also when a
// page is written twice, and with annotations that do not fit and a stance row on an unknown
// provision (counted once in the notes).
func TestSplitLazyEqualsEager(t *testing.T) {
	dir := copyDir(t, "testdata/fixture")
	// An entity on an unknown provision and one outside its provision's text: two dropped.
	ents, err := os.ReadFile(filepath.Join(dir, "entities.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(ents), "\n", 3)
	first := strings.Split(lines[1], ",")
	bad := append([]string{"no-such:1"}, first[1:]...)
	far := append([]string(nil), first...)
	far[2], far[3] = "100000", "100005"
	ents = append(ents, []byte(strings.Join(bad, ",")+"\n"+strings.Join(far, ",")+"\n")...)
	if err := os.WriteFile(filepath.Join(dir, "entities.csv"), ents, 0o644); err != nil {
		t.Fatal(err)
	}
	// And a stance row on an unknown provision: three.
	appendStanceRow(t, dir, "no-such:2")
	pages := func(eager bool) map[string]string {
		r, err := buildWith(dir, Options{Pages: PagesSplit}, eager)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, inst := range r.Instruments() {
			for rep := 0; rep < 2; rep++ { // written twice: the same bytes
				var b strings.Builder
				if err := r.WriteInstrumentHTML(&b, inst); err != nil {
					t.Fatal(err)
				}
				if rep == 1 && b.String() != out[inst] {
					t.Errorf("eager %v: %s differs when written again", eager, inst)
				}
				out[inst] = b.String()
			}
		}
		var b strings.Builder
		if err := r.WriteHTML(&b); err != nil {
			t.Fatal(err)
		}
		out["index"] = b.String()
		return out
	}
	lazy, eager := pages(false), pages(true)
	if len(lazy) != len(eager) {
		t.Fatalf("%d pages lazily, %d eagerly", len(lazy), len(eager))
	}
	for name, want := range eager {
		if lazy[name] != want {
			t.Errorf("%s differs between the lazy and the eager build", name)
		}
	}
	if !strings.Contains(lazy["index"], "3 annotations (entities, concepts, reuse passages or stance rows)") {
		t.Errorf("the index does not note the 3 dropped annotations")
	}
}

// appendStanceRow appends to dir's stance.csv a copy of its first row naming provision id.
func appendStanceRow(t *testing.T, dir, id string) {
	t.Helper()
	name := filepath.Join(dir, "stance.csv")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("%s: %d rows, %v", name, len(rows), err)
	}
	row := slices.Clone(rows[1])
	row[0] = id
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	if err := w.WriteAll(append(rows, row)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWriteNotes: Options.Note is told each note of report.html's Notes section, in either
// layout (one page: built from the whole files; split: streamed), and nothing when the CSVs fit.
func TestWriteNotes(t *testing.T) {
	tests := []struct {
		name, pages string
		unknown     bool // a stance row on a provision provisions.csv does not have
		want        []string
	}{
		{"one page, CSVs that fit", PagesOne, false, nil},
		{"split, CSVs that fit", PagesSplit, false, nil},
		{"one page, unknown provision", PagesOne, true, []string{"1 annotation (an entity, concept, reuse passage or stance row) had offsets outside its provision's text or named a provision that provisions.csv does not have, and was not shown."}},
		{"split, unknown provision", PagesSplit, true, []string{"1 annotation (an entity, concept, reuse passage or stance row) had offsets outside its provision's text or named a provision that provisions.csv does not have, and was not shown."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t, "testdata/fixture")
			if tc.unknown {
				appendStanceRow(t, dir, "no-such:3")
			}
			var got []string
			if _, err := WriteWith(context.Background(), dir, Options{Pages: tc.pages, NoPNG: true, Note: func(n string) { got = append(got, n) }}); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("notes %q, want %q", got, tc.want)
			}
			page, err := os.ReadFile(filepath.Join(dir, "report.html"))
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range tc.want {
				if !strings.Contains(string(page), strings.ReplaceAll(n, "'", "&#39;")) {
					t.Errorf("report.html lacks the note %q", n)
				}
			}
		})
	}
}
