package report

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repeatFixture writes the reports of one instrument in three versions (d1, d2, d3) into a new
// folder: provision 1 unchanged through all three; provision 2 unchanged but scored differently
// in d3; provision 3 added in d2 and unchanged in d3; provision 4 modified from d1 to d2, then
// unchanged.
func repeatFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	docs := [][]string{{"doc_id", "instrument", "version", "date", "title", "role", "n_provisions", "n_words", "source_path", "source_sha256"}}
	provs := [][]string{{"provision_id", "doc_id", "instrument", "version", "ordinal", "marker", "section", "provenance", "start", "end", "n_words", "text"}}
	stance := [][]string{{"provision_id", "doc_id", "model", "score", "se", "ci_low", "ci_high", "label", "confidence", "evidence"}}
	texts := map[string]string{
		"1": "States shall cooperate in good faith.",
		"2": "All stakeholders shall be consulted.",
		"3": "Sovereignty over information space is affirmed.",
		"4": "Parties shall share information.",
	}
	for v, doc := range []string{"d1", "d2", "d3"} {
		docs = append(docs, []string{doc, "inst", fmt.Sprint(2011 + v), fmt.Sprintf("%d-01-01", 2011+v), "Code " + doc, "draft", "4", "20", "", ""})
		for _, p := range []string{"1", "2", "3", "4"} {
			if p == "3" && doc == "d1" {
				continue
			}
			text := texts[p]
			if p == "4" && doc == "d1" {
				text = "Parties may share information."
			}
			id := doc + ":" + p
			provs = append(provs, []string{id, doc, "inst", fmt.Sprint(2011 + v), p, p, "body", "verbatim", "0", fmt.Sprint(len(text)), "5", text})
			score := "0.5"
			if p == "2" && doc == "d3" {
				score = "0.25"
			}
			stance = append(stance, []string{id, doc, "dictionary", score, "0.1", "0.3", "0.7", "state_centric", "0.9", "shall:+0.5"})
		}
	}
	align := [][]string{{"instrument", "from_doc", "to_doc", "from_provision", "to_provision", "status", "similarity", "words_added", "words_deleted", "diff"}}
	row := func(from, to, fromProv, toProv, status, diff string) {
		align = append(align, []string{"inst", from, to, fromProv, toProv, status, "1", "0", "0", diff})
	}
	for _, pair := range [][2]string{{"d1", "d2"}, {"d2", "d3"}} {
		for _, p := range []string{"1", "2", "3", "4"} {
			switch {
			case p == "3" && pair[0] == "d1":
				row("d1", "d2", "", "d2:3", "added", "{+"+texts[p]+"+}")
			case p == "4" && pair[0] == "d1":
				row("d1", "d2", "d1:4", "d2:4", "modified", "Parties [-may-] {+shall+} share information.")
			default:
				row(pair[0], pair[1], pair[0]+":"+p, pair[1]+":"+p, "unchanged", texts[p])
			}
		}
	}
	writeCSV(t, filepath.Join(dir, "documents.csv"), docs)
	writeCSV(t, filepath.Join(dir, "provisions.csv"), provs)
	writeCSV(t, filepath.Join(dir, "stance.csv"), stance)
	writeCSV(t, filepath.Join(dir, "alignment.csv"), align)
	return dir
}

// TestRepeatRows: an unchanged row whose earlier provision a row above shows as it is (an
// unchanged or an added row) keeps its head and links there instead of showing its text and
// stance table again; a row whose sides score differently, or whose earlier side was shown only
// in a diff, is shown in full. The lazy, eager and streamed builds agree.
func TestRepeatRows(t *testing.T) {
	dir := repeatFixture(t)
	r, err := Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	section := regexp.MustCompile(`(?s)<section class="prov" id="([^"]*)".*?</section>`)
	rows := map[string]string{}
	for _, m := range section.FindAllStringSubmatch(page, -1) {
		rows[m[1]] = m[0]
	}
	for _, tc := range []struct {
		name, anchor, repeatOf string // repeatOf "": shown in full
	}{
		{"first of a chain", "prov-d2:1", ""},
		{"kept unchanged", "prov-d3:1", "d2:1"},
		{"scored differently", "prov-d3:2", ""},
		{"after an added row", "prov-d3:3", "d2:3"},
		{"after a modified row", "prov-d3:4", ""},
		{"the modified row", "prov-d2:4", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ok := rows[tc.anchor]
			if !ok {
				t.Fatalf("no row %s", tc.anchor)
			}
			link := fmt.Sprintf(`as at <a href="#prov-%s">%s</a>`, tc.repeatOf, tc.repeatOf)
			full := strings.Contains(s, `<div class="text">`) && strings.Contains(s, "<table>")
			if tc.repeatOf == "" && (!full || strings.Contains(s, "repeat")) {
				t.Errorf("not shown in full:\n%s", s)
			}
			if tc.repeatOf != "" && (full || !strings.Contains(s, link) || !strings.Contains(s, "similarity 1")) {
				t.Errorf("want the head and %q only:\n%s", link, s)
			}
		})
	}
	if n := strings.Count(page, texts1); n != 1 {
		t.Errorf("provision 1's text is shown %d times, want once", n)
	}

	lazy, err := buildWith(dir, Options{Pages: PagesSplit}, false)
	if err != nil {
		t.Fatal(err)
	}
	eager, err := buildWith(dir, Options{Pages: PagesSplit}, true)
	if err != nil {
		t.Fatal(err)
	}
	var lb, eb strings.Builder
	if err := lazy.WriteInstrumentHTML(&lb, "inst"); err != nil {
		t.Fatal(err)
	}
	if err := eager.WriteInstrumentHTML(&eb, "inst"); err != nil {
		t.Fatal(err)
	}
	if lb.String() != eb.String() || !strings.Contains(lb.String(), `as at <a href="#prov-d2:1">`) {
		t.Errorf("the lazy and the eager page differ, or lack the repeat row")
	}

	stream, loaded := copyTree(t, dir), copyTree(t, dir)
	g, err := indexInputs(context.Background(), stream, true, nil)
	if err != nil || g == nil {
		t.Fatalf("indexInputs: %v", err)
	}
	if _, err := writeStreamed(context.Background(), stream, g); err != nil {
		t.Fatal(err)
	}
	if _, err := writeLoaded(context.Background(), loaded, Options{Pages: PagesSplit}); err != nil {
		t.Fatal(err)
	}
	sameTrees(t, stream, loaded)
}

const texts1 = "cooperate in good faith."
