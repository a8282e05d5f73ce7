package entities

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/eval.jsonl from testdata/eval.marked.txt")

const (
	evalMarked = "testdata/eval.marked.txt"
	evalJSONL  = "testdata/eval.jsonl"
)

type goldEntity struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Type  string `json:"type"`
	ID    string `json:"id,omitempty"`
}

type goldSentence struct {
	Text     string       `json:"text"`
	Entities []goldEntity `json:"entities"`
}

// parseMarked reads sentences with gold entities marked [[surface|TYPE|id]].
func parseMarked(data []byte) ([]goldSentence, error) {
	var out []goldSentence
	for n, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var s goldSentence
		var b strings.Builder
		rest := line
		for {
			i := strings.Index(rest, "[[")
			if i < 0 {
				b.WriteString(rest)
				break
			}
			b.WriteString(rest[:i])
			j := strings.Index(rest[i:], "]]")
			if j < 0 {
				return nil, fmt.Errorf("%s:%d: unclosed [[", evalMarked, n+1)
			}
			parts := strings.Split(rest[i+2:i+j], "|")
			if len(parts) != 3 || parts[0] == "" || !knownType(parts[1]) {
				return nil, fmt.Errorf("%s:%d: malformed mark %q", evalMarked, n+1, rest[i:i+j+2])
			}
			start := b.Len()
			b.WriteString(parts[0])
			s.Entities = append(s.Entities, goldEntity{Start: start, End: b.Len(), Type: parts[1], ID: parts[2]})
			rest = rest[i+j+2:]
		}
		s.Text = b.String()
		if s.Entities == nil {
			s.Entities = []goldEntity{}
		}
		out = append(out, s)
	}
	return out, nil
}

func encodeJSONL(ss []goldSentence) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, s := range ss {
		if err := enc.Encode(s); err != nil {
			panic(err) // plain structs of strings and ints always encode
		}
	}
	return buf.Bytes()
}

func readEval(t testing.TB) []goldSentence {
	t.Helper()
	f, err := os.Open(evalJSONL)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldSentence
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		var s goldSentence
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("%s:%d: %v", evalJSONL, n, err)
		}
		for _, e := range s.Entities {
			if e.Start < 0 || e.End > len(s.Text) || e.Start >= e.End || !knownType(e.Type) {
				t.Fatalf("%s:%d: bad gold entity %+v", evalJSONL, n, e)
			}
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEvalSetInSync checks that eval.jsonl is what eval.marked.txt says (-update rewrites it).
func TestEvalSetInSync(t *testing.T) {
	marked, err := os.ReadFile(evalMarked)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := parseMarked(marked)
	if err != nil {
		t.Fatal(err)
	}
	want := encodeJSONL(ss)
	if *update {
		if err := os.WriteFile(filepath.FromSlash(evalJSONL), want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(evalJSONL)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date with %s; run go test -run TestEvalSetInSync -update", evalJSONL, evalMarked)
	}
}

type prf struct{ tp, fp, fn int }

func (c prf) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c prf) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestEval scores the default gazetteer on the labelled sentences: a match counts only when
// its span and type both equal a gold entity's. Canonical ids are scored separately.
func TestEval(t *testing.T) {
	g := mustDefault(t)
	ss := readEval(t)
	if len(ss) < 50 {
		t.Fatalf("evaluation set has %d sentences, want at least 50", len(ss))
	}
	per := map[string]*prf{}
	for _, typ := range Types() {
		per[typ] = &prf{}
	}
	var all prf
	idOK, idTotal := 0, 0
	for _, s := range ss {
		type key struct {
			start, end int
			typ        string
		}
		gold := map[key]string{}
		for _, e := range s.Entities {
			gold[key{e.Start, e.End, e.Type}] = e.ID
		}
		found := map[key]bool{}
		for _, e := range g.Find(s.Text) {
			k := key{e.Start, e.End, e.Type}
			found[k] = true
			if id, ok := gold[k]; ok {
				per[e.Type].tp++
				all.tp++
				idTotal++
				if id == e.CanonicalID {
					idOK++
				} else {
					t.Logf("wrong id %s for %q, gold %s", e.CanonicalID, e.Text, id)
				}
			} else {
				per[e.Type].fp++
				all.fp++
				t.Logf("false positive %s %q in %q", e.Type, e.Text, s.Text)
			}
		}
		for _, e := range s.Entities {
			if !found[key{e.Start, e.End, e.Type}] {
				per[e.Type].fn++
				all.fn++
				t.Logf("missed %s %q in %q", e.Type, s.Text[e.Start:e.End], s.Text)
			}
		}
	}
	for _, typ := range Types() {
		c := per[typ]
		t.Logf("%-10s precision %.3f recall %.3f (tp %d fp %d fn %d)", typ, c.precision(), c.recall(), c.tp, c.fp, c.fn)
	}
	t.Logf("%-10s precision %.3f recall %.3f (tp %d fp %d fn %d); canonical id right for %d of %d matched",
		"overall", all.precision(), all.recall(), all.tp, all.fp, all.fn, idOK, idTotal)
	if all.precision() < 0.9 || all.recall() < 0.9 {
		t.Errorf("overall precision %.3f / recall %.3f, want both >= 0.9", all.precision(), all.recall())
	}
	if idOK != idTotal {
		t.Errorf("%d of %d matched entities have the wrong canonical id", idTotal-idOK, idTotal)
	}
}
