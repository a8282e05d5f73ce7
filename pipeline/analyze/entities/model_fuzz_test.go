package entities

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func FuzzReadSpans(f *testing.F) {
	for _, s := range []string{
		"", "\n\n", `{"text": "a"}`, `{"text": "Chad", "entities": [{"start": 0, "end": 4, "type": "STATE"}]}`,
		`{"text": "Côte", "entities": [{"start": 0, "end": 2, "type": "X"}]}`, `{"text": 1}`, "{", "[]",
		`{"text": "ab", "entities": [{"start": 0, "end": 2, "type": "X"}, {"start": 1, "end": 2, "type": "X"}]}`,
		"{\"text\": \"\xff\"}",
	} {
		f.Add([]byte(s))
	}
	for _, p := range []string{evalJSONL, "testdata/train_spans.jsonl"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data[:min(len(data), 3000)])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lts, err := ReadSpans(bytes.NewReader(data), "fuzz.jsonl")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "entities: fuzz.jsonl:") {
				t.Fatalf("error without prefix and position: %v", err)
			}
			return
		}
		for _, lt := range lts {
			end := 0
			for _, s := range lt.Spans {
				if s.Start < end || s.Start >= s.End || s.End > len(lt.Text) || !validTypeName(s.Type) {
					t.Fatalf("accepted bad span %+v in %q", s, lt.Text)
				}
				end = s.End
			}
		}
	})
}

// FuzzRecognizerFind checks the invariants of Model.Find and Recognizer.Find on any text, and
// that the combined recogniser keeps every gazetteer match.
func FuzzRecognizerFind(f *testing.F) {
	for _, s := range []string{
		"", ".", "the", "\xff\xfe", "China", "“", "&rsquo;s ICANN", "The ICANN Board met in Geneva",
		"Côte d’Ivoire's delegation", "A/RES/70/237, A/69/723.", "  \n\t ", "(((", "U.S.-China",
		strings.Repeat("Geneva ", 50), "don't ... won't", ":-) (-: Geneva",
	} {
		f.Add(s)
	}
	if data, err := os.ReadFile(evalMarked); err == nil {
		for _, line := range strings.Split(string(data), "\n")[8:20] {
			f.Add(line)
		}
	}
	g, m := mustDefault(f), mustBuiltin(f)
	r := &Recognizer{Gazetteer: g, Model: m}
	f.Fuzz(func(t *testing.T, text string) {
		me := m.Find(text)
		checkModelInvariants(t, text, me)
		for _, e := range me {
			if e.Source != SourceModel {
				t.Fatalf("model entity with source %q", e.Source)
			}
		}
		got := r.Find(text)
		checkModelInvariants(t, text, got)
		ge := g.Find(text)
		n := 0
		for _, e := range got {
			if e.Source == SourceGazetteer {
				if n >= len(ge) || e != ge[n] {
					t.Fatalf("gazetteer entity %+v missing or changed", e)
				}
				n++
			}
		}
		if n != len(ge) {
			t.Fatalf("combined kept %d of %d gazetteer entities", n, len(ge))
		}
	})
}

// evalText is the evaluation sentences joined, repeated to about size bytes.
func evalText(b *testing.B, size int) string {
	var sb strings.Builder
	for _, s := range readEval(b) {
		sb.WriteString(s.Text)
		sb.WriteString("\n")
	}
	unit := sb.String()
	return strings.Repeat(unit, size/len(unit)+1)
}

// BenchmarkModelFind measures prose's built-in model, loaded once, on one document of about
// 64 KiB.
func BenchmarkModelFind(b *testing.B) {
	m := mustBuiltin(b)
	text := evalText(b, 64<<10)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		m.Find(text)
	}
}

// BenchmarkModelFindSentences calls Find once per sentence, as the pipeline does per
// provision.
func BenchmarkModelFindSentences(b *testing.B) {
	m := mustBuiltin(b)
	ss := readEval(b)
	n := 0
	for _, s := range ss {
		n += len(s.Text)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for b.Loop() {
		for _, s := range ss {
			m.Find(s.Text)
		}
	}
}

func BenchmarkRecognizerFind(b *testing.B) {
	r := &Recognizer{Gazetteer: mustDefault(b), Model: mustBuiltin(b)}
	text := evalText(b, 64<<10)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		r.Find(text)
	}
}

func BenchmarkReadSpans(b *testing.B) {
	data, err := os.ReadFile(evalJSONL)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ReadSpans(bytes.NewReader(data), evalJSONL); err != nil {
			b.Fatal(err)
		}
	}
}
