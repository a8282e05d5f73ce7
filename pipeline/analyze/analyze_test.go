package analyze

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/stanceshift/stanceshift/pipeline/analyze/postag"
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

func TestAnalyze(t *testing.T) {
	a, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		text      string
		sentences int
		entities  []string // "text/type/canonical"
		tag       [2]string
	}{
		{name: "seed quote", text: `All States must play the same role in, and carry equal responsibility for, international governance of the Internet.`,
			sentences: 1, tag: [2]string{"States", "NNPS"}},
		{name: "entities", text: "The Russian Federation and China submitted the code to the United Nations. The ITU was named.",
			sentences: 2, entities: []string{"Russian Federation/STATE/RUS", "China/STATE/CHN", "United Nations/IGO/igo:un", "ITU/IGO/igo:itu"},
			tag: [2]string{"submitted", "VBD"}},
		{name: "legal abbreviations", text: "See art. 5 and para. 3 of U.N. Doc. A/66/359. States shall cooperate.", sentences: 2},
		{name: "empty", text: "", sentences: 0},
		{name: "curly quotes", text: "the “information space” of States", sentences: 1, tag: [2]string{"space", "NN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := a.Analyze(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			light, err := a.Tokens(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(light.Tokens, p.Tokens) || !reflect.DeepEqual(light.Sentences, p.Sentences) || light.Tags != nil || light.Entities != nil {
				t.Errorf("Tokens gives %+v, Analyze %+v", light, p)
			}
			if len(p.Tags) != len(p.Tokens) {
				t.Fatalf("%d tags for %d tokens", len(p.Tags), len(p.Tokens))
			}
			for _, tok := range p.Tokens {
				if tt.text[tok.Start:tok.End] != tok.Text {
					t.Errorf("token %q does not match its offsets", tok.Text)
				}
			}
			if len(p.Sentences) != tt.sentences {
				t.Errorf("%d sentences, want %d: %v", len(p.Sentences), tt.sentences, p.Sentences)
			}
			var got []string
			for _, e := range p.Entities {
				got = append(got, e.Text+"/"+e.Type+"/"+e.CanonicalID)
				if tt.text[e.Start:e.End] != e.Text {
					t.Errorf("entity %q does not match its offsets", e.Text)
				}
			}
			if tt.entities != nil && strings.Join(got, " ") != strings.Join(tt.entities, " ") {
				t.Errorf("entities %v, want %v", got, tt.entities)
			}
			if tt.tag[0] != "" {
				found := false
				for i, tok := range p.Tokens {
					if tok.Text == tt.tag[0] {
						found = true
						if p.Tags[i] != tt.tag[1] {
							t.Errorf("%q tagged %s, want %s", tok.Text, p.Tags[i], tt.tag[1])
						}
					}
				}
				if !found {
					t.Errorf("token %q not found", tt.tag[0])
				}
			}
		})
	}
}

// One Analyzer is shared by the pipeline's workers.
func TestAnalyzeConcurrent(t *testing.T) {
	a, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	text := "States shall cooperate with the private sector and civil society in their respective roles."
	want, _ := a.Analyze(text)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				got, err := a.Analyze(text)
				if err != nil || strings.Join(got.Tags, " ") != strings.Join(want.Tags, " ") {
					t.Errorf("concurrent analysis differs: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// numbering numbers token texts as AnalyzeNumbered's callers do (0, 1, ... by first occurrence).
type numbering map[string]int32

func (n numbering) number(s string) int32 {
	id, ok := n[s]
	if !ok {
		id = int32(len(n))
		n[s] = id
	}
	return id
}

// checkNumbered analyses texts in turn through AnalyzeNumbered (with sentences:
// AnalyzeNumberedSentences, given the sentences of Tokens) with one Words and numbering and
// compares each analysis with Analyze's, and the numbers with the numbering's.
func checkNumbered(t *testing.T, a *Analyzer, sentences bool, texts ...string) {
	t.Helper()
	var words postag.Words
	nums := numbering{}
	ids := []int32{-7} // appended to
	for _, text := range texts {
		want, wantErr := a.Analyze(text)
		var got Provision
		var gotIDs []int32
		var err error
		if toks, terr := a.Tokens(text); sentences && terr == nil {
			got, gotIDs, err = a.AnalyzeNumberedSentences(text, toks.Sentences, &words, nums.number, ids)
		} else {
			got, gotIDs, err = a.AnalyzeNumbered(text, &words, nums.number, ids)
		}
		if (err != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: AnalyzeNumbered = %+v, %v; Analyze %+v, %v", text, got, err, want, wantErr)
		}
		if err != nil {
			if !reflect.DeepEqual(gotIDs, ids) {
				t.Fatalf("%q: numbers %v after an error, want %v", text, gotIDs, ids)
			}
			continue
		}
		if len(gotIDs) != len(ids)+len(got.Tokens) || !reflect.DeepEqual(gotIDs[:len(ids)], ids) {
			t.Fatalf("%q: numbers %v for %d tokens after %v", text, gotIDs, len(got.Tokens), ids)
		}
		for k, tok := range got.Tokens {
			if id := gotIDs[len(ids)+k]; id != nums[tok.Text] {
				t.Fatalf("%q: token %d %q numbered %d, the numbering has %d", text, k, tok.Text, id, nums[tok.Text])
			}
		}
		ids = gotIDs
	}
}

func TestAnalyzeNumbered(t *testing.T) {
	a, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		texts []string
	}{
		{"one text", []string{"States shall cooperate with the private sector and civil society."}},
		{"versions", []string{"States shall cooperate.", "States may cooperate; States shall report.", "States shall cooperate."}},
		{"prose's rewrites", []string{"AT&T don&rsquo;t ‘quoted’ States", "the State’s “right” & States", "AT&T and States"}},
		{"empty", []string{"", "States"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkNumbered(t, a, false, tc.texts...) })
		t.Run(tc.name+", sentences given", func(t *testing.T) { checkNumbered(t, a, true, tc.texts...) })
	}
}

func FuzzAnalyze(f *testing.F) {
	a, err := New(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add("(a) To comply with the Charter of the United Nations;")
	f.Add("\xff\xfe invalid İ K")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := a.Analyze(s)
		if err != nil {
			return
		}
		if len(p.Tags) != len(p.Tokens) {
			t.Fatalf("%d tags for %d tokens", len(p.Tags), len(p.Tokens))
		}
		half := s[:len(s)/2]
		checkNumbered(t, a, false, s, half, s)
		checkNumbered(t, a, true, s, half, s)
	})
}

// FuzzProseWords compares proseWords with each token's ProseText, for texts with and without
// the bytes prose's rewrites start with.
func FuzzProseWords(f *testing.F) {
	f.Add("States shall cooperate fully, including the private sector.")
	f.Add("the State’s “right” &rsquo; & — dash")
	f.Add("AT&T don&rsquo;t ‘quoted’")
	f.Fuzz(func(t *testing.T, s string) {
		toks := tokenize.Tokenize(s)
		got, same := proseWords([]string{"left over"}[:0], s, toks)
		allSame := true
		for i, tok := range toks {
			if got[i] != tok.ProseText() {
				t.Fatalf("token %d %q: %q, ProseText %q", i, tok.Text, got[i], tok.ProseText())
			}
			allSame = allSame && got[i] == tok.Text
		}
		if same != allSame {
			t.Fatalf("proseWords says the words are the tokens' texts: %v, they are: %v", same, allSame)
		}
		if len(got) != len(toks) {
			t.Fatalf("%d words for %d tokens", len(got), len(toks))
		}
	})
}

func BenchmarkAnalyze(b *testing.B) {
	a, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("States shall cooperate fully with other interested parties in encouraging a deeper understanding by all elements in society, including the private sector and civil-society institutions, of their responsibility to ensure information security. ", 20)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := a.Analyze(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTokensBenchCorpus runs Tokens (the first pass's tokens and sentences) on every
// provision of the corpus named by $STANCESHIFT_BENCH_CORPUS (its provisions.txt, one provision
// a line, as bench/gen writes it); skipped when the variable is unset. Bytes are provision bytes.
func BenchmarkTokensBenchCorpus(b *testing.B) {
	dir := os.Getenv("STANCESHIFT_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set STANCESHIFT_BENCH_CORPUS to a corpus written by bench/gen")
	}
	raw, err := os.ReadFile(filepath.Join(dir, "provisions.txt"))
	if err != nil {
		b.Fatal(err)
	}
	texts := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	a, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			if _, err := a.Tokens(t); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkAnalyzeParallel is the whole layer on all cores (run with -cpu 1,2 to compare).
func BenchmarkAnalyzeParallel(b *testing.B) {
	a, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("States shall cooperate fully with other interested parties in encouraging a deeper understanding by all elements in society, including the private sector and civil-society institutions, of their responsibility to ensure information security. ", 20)
	b.SetBytes(int64(len(text)))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := a.Analyze(text); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
