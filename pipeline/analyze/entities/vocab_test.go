package entities

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus/defaultcorpus"
)

// checkVocabTable fails t unless the matcher's vocabTable gives every token of text the id
// that the vocabulary map gives its normalised form (appendFold), -1 when it has none.
func checkVocabTable(t testing.TB, m *matcher, text string) {
	t.Helper()
	var buf []byte
	for i := 0; ; {
		s, e, k, ascii := nextToken(text, i)
		if s >= len(text) {
			return
		}
		i = e
		if k == tokInvalid {
			continue
		}
		want, ok := m.vocab[string(appendFold(nil, text[s:e], k))]
		if !ok {
			want = -1
		}
		var got int32
		if buf, got = m.words.find(buf, text[s:e], k, ascii); got != want {
			t.Fatalf("token %q: vocabTable gives %d, the vocabulary map %d", text[s:e], got, want)
		}
	}
}

func TestVocabTableMatchesMap(t *testing.T) {
	g := mustDefault(t)
	var keys []string
	for k := range g.m.vocab {
		keys = append(keys, k, strings.ToUpper(k), k+"s", k[:len(k)-1])
	}
	tests := []struct {
		name string
		text string
	}{
		{"every vocabulary key, upper-cased, plus s, minus its last byte", strings.Join(keys, " ")},
		{"one-byte tokens", func() string {
			var b strings.Builder
			for c := range 128 {
				b.WriteString(string(rune(c)) + " ")
			}
			return b.String()
		}()},
		{"folding", "Côte d’Ivoire TÜRKIYE São Tomé Príncipe Co\u0302te İSTANBUL ß ǅ ‘ ` ´ \xff UN U.N."},
		{"eval sentences", func() string {
			var b strings.Builder
			for _, s := range readEval(t) {
				b.WriteString(s.Text + "\n")
			}
			return b.String()
		}()},
		{"default corpus", func() string {
			var b strings.Builder
			err := fs.WalkDir(defaultcorpus.FS(), ".", func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(path, ".txt") {
					return err
				}
				data, err := fs.ReadFile(defaultcorpus.FS(), path)
				b.Write(data)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return b.String()
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.text == "" {
				t.Fatal("no text")
			}
			checkVocabTable(t, &g.m, tc.text)
		})
	}
}

func FuzzVocabTable(f *testing.F) {
	f.Add("United Nations, the UN and the U.N.")
	f.Add("Côte d’Ivoire \xff ÉÉ ǅ")
	g := mustDefault(f)
	f.Fuzz(func(t *testing.T, text string) {
		checkVocabTable(t, &g.m, text)
	})
}
