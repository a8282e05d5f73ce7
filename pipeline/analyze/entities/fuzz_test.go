package entities

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
)

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"", "UN", "u.s.", "China's", "Côte d’Ivoire", "Guinea-Bissau", "\xff\xfe", "the\n\nUnited  States",
		"Democratic Republic of the Congo", "G-20 G20", "Iran (Islamic Republic of", "Co\u0302te d'Ivoire",
		"İSTANBUL ß ǅ", strings.Repeat("United ", 60) + "Nations",
	} {
		f.Add(s)
	}
	if data, err := os.ReadFile(evalMarked); err == nil {
		for _, line := range strings.Split(string(data), "\n")[:20] {
			f.Add(line)
		}
	}
	g := mustDefault(f)
	f.Fuzz(func(t *testing.T, text string) {
		got := g.Find(text)
		checkInvariants(t, text, got)
		if want := naiveFind(t, g, text); len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Fatalf("Find and the reference disagree on %q:\n got %+v\nwant %+v", text, got, want)
		}
	})
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte("entries:\n  - {id: CHN, type: STATE, name: China, aliases: [PRC]}\n"), "China and the PRC")
	f.Add([]byte("entries:\n  - id: 'igo:x'\n    type: IGO\n    name: X Y\n    aliases:\n      - XY\n"), "x y XY")
	f.Add([]byte("entries: []\n"), "")
	f.Add([]byte("entries:\n  - &a {id: CHN}\n  - *a\n"), "")
	f.Add([]byte("- [[[\n"), "")
	f.Add([]byte("entries: []\n---\nentries:\n  - {id: CHN, type: STATE, name: China}\n"), "China")
	f.Add([]byte("entries:\n  - {id: CHN, type: STATE, name: \"’ ’\"}\n"), "’’")
	if data, err := os.ReadFile(DefaultFile); err == nil {
		f.Add(data[:min(len(data), 4000)], "China")
	}
	f.Fuzz(func(t *testing.T, src []byte, text string) {
		g, err := Load(bytes.NewReader(src), "fuzz.yaml")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "entities: fuzz.yaml") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		got := g.Find(text)
		checkInvariants(t, text, got)
		for _, e := range got {
			if en, ok := g.Lookup(e.CanonicalID); !ok || en.Type != e.Type {
				t.Fatalf("entity %+v has no matching entry", e)
			}
		}
		// Every entry's name is found in a text that is just the name.
		for _, e := range g.Entries() {
			if es := g.Find(e.Name); len(es) == 0 {
				t.Fatalf("entry %q: its own name %q is not found", e.ID, e.Name)
			}
		}
	})
}

func BenchmarkFind(b *testing.B) {
	g := mustDefault(b)
	var sb strings.Builder
	for _, s := range readEval(b) {
		sb.WriteString(s.Text)
		sb.WriteString("\n")
	}
	unit := sb.String()
	text := strings.Repeat(unit, (1<<20)/len(unit)+1) // about 1 MiB
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		g.Find(text)
	}
}

func BenchmarkLoadDefault(b *testing.B) {
	data, err := os.ReadFile(DefaultFile)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Load(bytes.NewReader(data), DefaultFile); err != nil {
			b.Fatal(err)
		}
	}
}
