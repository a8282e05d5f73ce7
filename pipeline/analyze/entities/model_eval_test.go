package entities

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

const evalTableFile = "testdata/eval_table.txt"

func mustBuiltin(t testing.TB) *Model {
	t.Helper()
	m, err := BuiltinModel()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func readSpansFile(t testing.TB, path string) []LabelledText {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lts, err := ReadSpans(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return lts
}

// score is the evaluation of one recogniser on the labelled sentences.
type score struct {
	per      map[string]*prf // per type of the scheme (Types())
	all      prf             // micro-average over the scheme's types
	anyType  prf             // spans only, every prediction counted, type ignored
	unjudged map[string]int  // predictions of types outside the scheme, per type
}

// evaluate scores find on gold: a prediction of a scheme type is right when its span and type
// both equal a gold entity's. The gold set labels only the scheme's five types, so predictions
// of other types (prose's GPE, PERSON...) are not judged in the typed score; they are counted
// in unjudged and do count in the any-type span score.
func evaluate(gold []LabelledText, find func(string) []Entity) score {
	sc := score{per: map[string]*prf{}, unjudged: map[string]int{}}
	for _, typ := range Types() {
		sc.per[typ] = &prf{}
	}
	type key struct {
		start, end int
		typ        string
	}
	for _, lt := range gold {
		typed := map[key]bool{}
		spans := map[[2]int]bool{}
		for _, s := range lt.Spans {
			typed[key{s.Start, s.End, s.Type}] = true
			spans[[2]int{s.Start, s.End}] = true
		}
		gotTyped := map[key]bool{}
		gotSpans := map[[2]int]bool{}
		for _, e := range find(lt.Text) {
			sp := [2]int{e.Start, e.End}
			gotSpans[sp] = true
			if spans[sp] {
				sc.anyType.tp++
			} else {
				sc.anyType.fp++
			}
			c, ok := sc.per[e.Type]
			if !ok {
				sc.unjudged[e.Type]++
				continue
			}
			k := key{e.Start, e.End, e.Type}
			gotTyped[k] = true
			if typed[k] {
				c.tp++
				sc.all.tp++
			} else {
				c.fp++
				sc.all.fp++
			}
		}
		for _, s := range lt.Spans {
			if !gotTyped[key{s.Start, s.End, s.Type}] {
				sc.per[s.Type].fn++
				sc.all.fn++
			}
			if !gotSpans[[2]int{s.Start, s.End}] {
				sc.anyType.fn++
			}
		}
	}
	return sc
}

func fmtRatio(a, b int) string {
	if b == 0 {
		return "    -"
	}
	return fmt.Sprintf("%.3f", float64(a)/float64(b))
}

func (c prf) row(system, typ string) string {
	return fmt.Sprintf("%-9s %-10s %s %s %4d %4d %4d", system, typ,
		fmtRatio(c.tp, c.tp+c.fp), fmtRatio(c.tp, c.tp+c.fn), c.tp, c.fp, c.fn)
}

// table renders the scores, one block per system.
func table(systems []string, scores map[string]score) string {
	var b strings.Builder
	b.WriteString("system    type       prec  rec     tp   fp   fn\n")
	for _, sys := range systems {
		sc := scores[sys]
		for _, typ := range Types() {
			b.WriteString(sc.per[typ].row(sys, typ) + "\n")
		}
		b.WriteString(sc.all.row(sys, "overall") + "\n")
		b.WriteString(sc.anyType.row(sys, "any-type") + "\n")
		if len(sc.unjudged) > 0 {
			keys := make([]string, 0, len(sc.unjudged))
			for k := range sc.unjudged {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var parts []string
			for _, k := range keys {
				parts = append(parts, fmt.Sprintf("%s %d", k, sc.unjudged[k]))
			}
			fmt.Fprintf(&b, "%-9s unjudged:  %s\n", sys, strings.Join(parts, ", "))
		}
	}
	return b.String()
}

// TestEvalSystems scores, on testdata/eval.jsonl, the gazetteer alone, prose's built-in model
// alone (with its own labels, and typed by the gazetteer) and the combined recogniser. The
// table is kept in testdata/eval_table.txt (-update rewrites it) and quoted in doc.go.
func TestEvalSystems(t *testing.T) {
	gold := readSpansFile(t, evalJSONL)
	g := mustDefault(t)
	m := mustBuiltin(t)
	systems := []string{"gazetteer", "prose", "prose+gaz", "combined"}
	finders := map[string]func(string) []Entity{
		"gazetteer": g.Find,
		"prose":     m.WithGazetteer(nil).Find,
		"prose+gaz": m.WithGazetteer(g).Find,
		"combined":  (&Recognizer{Gazetteer: g, Model: m}).Find,
	}
	scores := map[string]score{}
	for _, sys := range systems {
		scores[sys] = evaluate(gold, finders[sys])
	}
	got := table(systems, scores)
	t.Logf("evaluation on %s (%d sentences):\n%s", evalJSONL, len(gold), got)

	comb := scores["combined"].all
	if comb.precision() < 0.9 || comb.recall() < 0.9 {
		t.Errorf("combined: overall precision %.3f, recall %.3f; want both >= 0.9", comb.precision(), comb.recall())
	}
	// The gazetteer has priority, so the combined recogniser finds every gazetteer match.
	if scores["combined"].all.tp < scores["gazetteer"].all.tp {
		t.Errorf("combined has %d true positives, fewer than the gazetteer's %d", comb.tp, scores["gazetteer"].all.tp)
	}

	if *update {
		if err := os.WriteFile(filepath.FromSlash(evalTableFile), []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(evalTableFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("%s is out of date; run go test -run TestEvalSystems -update and copy it into doc.go.\ngot:\n%s", evalTableFile, got)
	}
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if !strings.Contains(string(doc), "//\t"+line+"\n") {
			t.Errorf("doc.go does not quote the evaluation table line %q", line)
			break
		}
	}
}

// TestReadSpansEvalFile reads the evaluation set with ReadSpans and compares it with the
// gazetteer tests' own reader.
func TestReadSpansEvalFile(t *testing.T) {
	lts := readSpansFile(t, evalJSONL)
	ss := readEval(t)
	if len(lts) != len(ss) {
		t.Fatalf("ReadSpans read %d texts, readEval %d", len(lts), len(ss))
	}
	for i := range ss {
		if lts[i].Text != ss[i].Text || len(lts[i].Spans) != len(ss[i].Entities) {
			t.Fatalf("text %d differs", i+1)
		}
		for k, e := range ss[i].Entities {
			if want := (Span{e.Start, e.End, e.Type, e.ID}); lts[i].Spans[k] != want {
				t.Fatalf("text %d span %d: got %+v, want %+v", i+1, k, lts[i].Spans[k], want)
			}
		}
	}
}

// TestModelDeterministic runs the built-in model twice over the evaluation set, the second
// time from several goroutines at once, and wants the same entities.
func TestModelDeterministic(t *testing.T) {
	m := mustBuiltin(t)
	gold := readSpansFile(t, evalJSONL)
	first := make([][]Entity, len(gold))
	for i, lt := range gold {
		first[i] = m.Find(lt.Text)
		checkModelInvariants(t, lt.Text, first[i])
	}
	errs := make(chan string, len(gold))
	done := make(chan bool)
	for w := 0; w < 2; w++ {
		go func() {
			for i := w; i < len(gold); i += 2 {
				if got := m.Find(gold[i].Text); !slices.Equal(got, first[i]) {
					errs <- fmt.Sprintf("%q: %v then %v", gold[i].Text, first[i], got)
				}
			}
			done <- true
		}()
	}
	<-done
	<-done
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
