package postag

import (
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/jdkato/prose/v2"
	"github.com/mingrammer/commonregex"

	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// The parity corpus lives with the tokenizer; see ../tokenize/testdata/README.md.
var corpusFiles = []string{"prose_article.txt", "prose_sherlock_excerpt.txt", "governance.txt"}

func readCorpus(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "tokenize", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// defaultTaggerTNoGC is defaultTaggerT followed by a garbage collection, so
// that a benchmark's process CPU (cpu-ms/op) does not include collecting
// what loading the model left behind (94 MB with encoding/gob, 49 MB now).
func defaultTaggerTNoGC(b *testing.B) *Tagger {
	tg := defaultTaggerT(b)
	runtime.GC()
	return tg
}

func defaultTaggerT(t testing.TB) *Tagger {
	t.Helper()
	tg, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// proseTagged runs prose's tagger the way the brief prescribes.
func proseTagged(t testing.TB, text string, opts ...prose.DocOpt) (words, tags []string) {
	t.Helper()
	opts = append([]prose.DocOpt{prose.WithSegmentation(false), prose.WithExtraction(false)}, opts...)
	doc, err := prose.NewDocument(text, opts...)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range doc.Tokens() {
		words, tags = append(words, tok.Text), append(tags, tok.Tag)
	}
	return words, tags
}

// TestProseParity tags prose's own tokens with prose's own tagger and with
// ours. Every disagreement must be a tie in prose's scores (or a cascade
// from one): the test fails on any unexplained difference.
func TestProseParity(t *testing.T) {
	tg, m := defaultTaggerT(t), loadRef(t)
	total, same := 0, 0
	for _, name := range corpusFiles {
		words, _ := proseTagged(t, readCorpus(t, name), prose.WithTagging(false))
		want := proseTag(words)
		got := tg.Tag(words)
		if len(got) != len(words) {
			t.Fatalf("%s: %d tags for %d words", name, len(got), len(words))
		}
		ctx := refContext(words)
		for i := range words {
			total++
			if got[i] == want[i] {
				same++
				continue
			}
			why, ok := m.explain(words, ctx, got, want, i)
			if !ok {
				t.Errorf("%s: token %d %q: got %s, prose %s: %s", name, i, words[i], got[i], want[i], why)
			} else {
				t.Logf("%s: token %d %q: got %s, prose %s (%s)", name, i, words[i], got[i], want[i], why)
			}
		}
	}
	rate := float64(same) / float64(total)
	t.Logf("agreement with prose's tagger: %d/%d tokens = %.4f%%", same, total, 100*rate)
	if total < 10000 {
		t.Errorf("parity corpus has %d tokens, want >= 10000", total)
	}
	if rate < 0.999 {
		t.Errorf("agreement %.4f%% < 99.9%%", 100*rate)
	}
}

// TestNewDocumentAliasing documents a prose bug and checks parity through
// prose's public API: prose's tokenizer caches the *Token slice of each
// whitespace-delimited chunk and reuses the same pointers for every repeat,
// so NewDocument reports, for every occurrence of a chunk, the tags computed
// at its last occurrence (a final chunk not followed by whitespace is not
// cached). Applying that aliasing to our tags must reproduce NewDocument's
// output up to ties.
func TestNewDocumentAliasing(t *testing.T) {
	tg := defaultTaggerT(t)
	total, same, aliased := 0, 0, 0
	for _, name := range corpusFiles {
		text := readCorpus(t, name)
		words, reported := proseTagged(t, text)
		toks := tokenize.Tokenize(text)
		if len(toks) != len(words) {
			t.Fatalf("%s: %d tokens, prose %d", name, len(toks), len(words))
		}
		own := tg.Tag(words)
		// Group tokens by (chunk text, index in chunk); the last member wins.
		type key struct {
			chunk string
			k     int
		}
		last := map[key]int{}
		keys := make([]key, len(toks))
		cs, ce, k := -1, -1, 0
		for i, tok := range toks {
			if tok.Start >= ce { // a new chunk starts at this token
				cs, ce, k = chunkAround(text, tok.Start)
			}
			keys[i] = key{tokenize.Sanitize(text[cs:ce]), k}
			if ce == len(text) {
				keys[i].chunk = "\x00final" + keys[i].chunk // not cached by prose
			}
			last[keys[i]] = i
			k++
		}
		for i := range toks {
			j := last[keys[i]]
			if j != i {
				aliased++
			}
			total++
			if reported[i] == own[j] {
				same++
			}
		}
	}
	t.Logf("NewDocument: %d/%d tokens match our tags after aliasing (%d tokens report another occurrence's tag)", same, total, aliased)
	if float64(same) < 0.999*float64(total) {
		t.Errorf("agreement %.4f%% < 99.9%%", 100*float64(same)/float64(total))
	}
}

// chunkAround returns the whitespace-delimited chunk that starts at or
// contains byte i, and 0 (the token index within the chunk restarts).
func chunkAround(s string, i int) (int, int, int) {
	start, end := i, i
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:start])
		if unicode.IsSpace(r) {
			break
		}
		start -= size
	}
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if unicode.IsSpace(r) {
			break
		}
		end += size
	}
	return start, end, 0
}

// TestReferenceParity compares with the deterministic transcription of
// prose's algorithm: with the same tie rule, tags must match exactly unless
// a score tie is within float rounding (different summation order).
func TestReferenceParity(t *testing.T) {
	tg, m := defaultTaggerT(t), loadRef(t)
	var words []string
	for _, name := range corpusFiles {
		for _, tok := range tokenize.Tokenize(readCorpus(t, name)) {
			words = append(words, tok.ProseText())
		}
	}
	got := tg.Tag(words)
	want, predicted := m.tag(words)
	ctx := refContext(words)
	npred := 0
	for i := range words {
		if predicted[i] {
			npred++
		}
		if got[i] != want[i] {
			if why, ok := m.explain(words, ctx, got, want, i); !ok {
				t.Errorf("token %d %q: got %s, reference %s: %s", i, words[i], got[i], want[i], why)
			}
		}
	}
	t.Logf("%d tokens, %d scored by the perceptron", len(words), npred)
}

// TestExactReference tags real text (the parity corpus, the default corpus's
// documents and the labelled provisions of testdata/labels, each provision a
// sequence) and compares with refModel.tagExact: same tags, no tie allowed.
func TestExactReference(t *testing.T) {
	tg, m := defaultTaggerT(t), loadRef(t)
	var texts []string
	for _, name := range corpusFiles {
		texts = append(texts, readCorpus(t, name))
	}
	docs, err := filepath.Glob(filepath.Join("..", "..", "..", "corpus", "defaultcorpus", "texts", "*.txt"))
	if err != nil || len(docs) == 0 {
		t.Fatalf("default corpus texts: %v, %v", docs, err)
	}
	for _, p := range docs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	tables, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "labels", "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	nlabelled := 0
	for _, p := range tables {
		if strings.HasSuffix(p, "_labels.csv") {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		col := slices.Index(rows[0], "text")
		for _, r := range rows[1:] {
			texts = append(texts, r[col])
			nlabelled++
		}
	}
	if nlabelled < 100 {
		t.Fatalf("%d labelled provisions, want the labelled sets", nlabelled)
	}
	ntok := 0
	var cache, byNum Words // shared by every text, as by the versions of an instrument
	var nums numbering
	for _, text := range texts {
		var words []string
		for _, tok := range tokenize.Tokenize(text) {
			words = append(words, tok.ProseText())
		}
		ntok += len(words)
		got, want := tg.Tag(words), m.tagExact(words)
		cached := tg.AppendTagsCached(nil, words, &cache)
		numbered := tg.AppendTagsNumbered(nil, words, nums.of(words), &byNum)
		for i := range words {
			if got[i] != want[i] {
				t.Fatalf("token %d %q of %q: got %s, exact reference %s", i, words[i], text[:min(len(text), 60)], got[i], want[i])
			}
			if cached[i] != want[i] {
				t.Fatalf("token %d %q of %q: AppendTagsCached %s, exact reference %s", i, words[i], text[:min(len(text), 60)], cached[i], want[i])
			}
			if numbered[i] != want[i] {
				t.Fatalf("token %d %q of %q: AppendTagsNumbered %s, exact reference %s", i, words[i], text[:min(len(text), 60)], numbered[i], want[i])
			}
		}
	}
	t.Logf("%d texts, %d tokens", len(texts), ntok)
}

// TestTokenizedPipeline checks the offsets tokenizer feeds the tagger
// prose's token strings: tags over tokenize output equal tags over prose's
// tokens.
func TestTokenizedPipeline(t *testing.T) {
	tg := defaultTaggerT(t)
	text := readCorpus(t, "governance.txt")
	words, _ := proseTagged(t, text, prose.WithTagging(false))
	var ours []string
	for _, tok := range tokenize.Tokenize(text) {
		ours = append(ours, tok.ProseText())
	}
	if fmt.Sprint(ours) != fmt.Sprint(words) {
		t.Fatal("tokenize disagrees with prose on governance.txt")
	}
	if a, b := tg.Tag(ours), tg.Tag(words); fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatal("tags differ for identical words")
	}
}

func TestRules(t *testing.T) {
	tg := defaultTaggerT(t)
	cases := []struct {
		name, word, want string
	}{
		{"hyphen", "-", "-"},
		{"emoticon", ":-)", "SYM"},
		{"url", "https://undocs.org/en/A/RES/73/27", "NN"},
		{"bare domain", "www.un.org", "NN"},
		{"decimal looks like a link", "12.50", "NN"},
		{"email", "cert@example.gov", "NN"},
		{"handle", "@UN", "NN"},
		{"zero is a trace", "0", "-NONE-"},
		{"trace", "*T*-1", "-NONE-"},
		{"bracket token is its own tag", "-LRB-", "-LRB-"},
		{"unknown bracket-like token", "-QQQ-", "-QQQ-"},
		{"tag dictionary", "the", "DT"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tg.Tag([]string{tc.word})
			if got[0] != tc.want {
				t.Errorf("Tag(%q) = %s, want %s", tc.word, got[0], tc.want)
			}
			if want, ok := refRule(tc.word); ok && want != tc.want {
				t.Errorf("prose's rules give %s", want)
			}
		})
	}
}

// TestLinkPrefilter checks the cheap guards never hide a regex match.
func TestLinkPrefilter(t *testing.T) {
	if LinkPattern != commonregex.LinkPattern || EmailPattern != commonregex.EmailPattern {
		t.Fatal("patterns drifted from commonregex")
	}
	for _, w := range []string{"a.bc", "1.50", "x.y)", "U.S.", "e.g.", "i.e.,", "-.ab", "..ab", "A.bc", "a.b", "www.x", "(a.b)c", "a@b.c", "x@y"} {
		if commonregex.LinkRegex.MatchString(w) && !maybeLink(w) {
			t.Errorf("maybeLink(%q) = false but LinkPattern matches", w)
		}
	}
}

func TestTagsSequenceContext(t *testing.T) {
	tg := defaultTaggerT(t)
	cases := []struct {
		name  string
		words []string
		want  []string
	}{
		{"empty", nil, nil},
		{"sentence", strings.Fields("States shall cooperate with the private sector ."),
			[]string{"NNS", "MD", "VB", "IN", "DT", "JJ", "NN", "."}},
		{"sub-item", strings.Fields("( a ) To comply with the Charter ;"),
			[]string{"(", "DT", ")", "TO", "VB", "IN", "DT", "NNP", ":"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tg.Tag(tc.words)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("Tag(%q) = %q, want %q", tc.words, got, tc.want)
			}
			if want, _ := loadRef(t).tag(tc.words); fmt.Sprint(got) != fmt.Sprint(want) && len(tc.words) > 0 {
				t.Errorf("reference gives %q", want)
			}
		})
	}
}

// TestTieBreak uses tiny models to pin the documented tie and class rules.
func TestTieBreak(t *testing.T) {
	cases := []struct {
		name    string
		weights map[string]map[string]float64
		classes []string
		want    string
	}{
		{"exact tie goes to first class", map[string]map[string]float64{"bias": {"A": 1, "B": 1}}, []string{"B", "A"}, "B"},
		{"order matters", map[string]map[string]float64{"bias": {"A": 1, "B": 1}}, []string{"A", "B"}, "A"},
		{"absent class is not a zero score", map[string]map[string]float64{"bias": {"A": -1}}, []string{"B", "A"}, "A"},
		{"features add up", map[string]map[string]float64{"bias": {"A": 1, "B": 0.5}, "i word x": {"B": 1}}, []string{"A", "B"}, "B"},
		{"no weights gives empty tag", map[string]map[string]float64{}, []string{"A"}, ""},
		// a row with a class the bias row lacks (rareRow) adds it to the competing classes
		{"class only a word row has competes", map[string]map[string]float64{"bias": {"A": -1}, "i word x": {"B": -0.5}, "i suffix x": {"A": 0.25}}, []string{"A", "B"}, "B"},
		{"class only another word's row has stays absent", map[string]map[string]float64{"bias": {"A": -1}, "i word y": {"B": 2}}, []string{"B", "A"}, "A"},
		{"without a bias row every row's classes compete", map[string]map[string]float64{"i word x": {"B": -1}}, []string{"A", "B"}, "B"},
		{"row of the bias row's classes", map[string]map[string]float64{"bias": {"A": 1, "B": 0.5}, "i+1 word -END-": {"B": 1}}, []string{"A", "B"}, "B"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tg, err := New(tc.weights, nil, tc.classes)
			if err != nil {
				t.Fatal(err)
			}
			if got := tg.Tag([]string{"x"}); got[0] != tc.want {
				t.Errorf("got %q, want %q", got[0], tc.want)
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	many := make([]string, 65)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	cases := []struct {
		name    string
		weights map[string]map[string]float64
		classes []string
		want    string
	}{
		{"no classes", nil, nil, "postag: model has 0 classes"},
		{"too many classes", nil, many, "postag: model has 65 classes"},
		{"duplicate class", nil, []string{"A", "A"}, `postag: class "A" listed twice`},
		{"unknown class", map[string]map[string]float64{"bias": {"Z": 1}}, []string{"A"}, `postag: weight for unknown class "Z"`},
		{"unknown template", map[string]map[string]float64{"i+3 word x": {"A": 1}}, []string{"A"}, "no known template"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.weights, nil, tc.classes)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestDefaultIsCached(t *testing.T) {
	a, b := defaultTaggerT(t), defaultTaggerT(t)
	if a != b {
		t.Fatal("Default returned two taggers")
	}
	if c := a.Classes(); len(c) != 45 || c[0] != "EX" {
		t.Fatalf("classes = %q", c)
	}
}

func TestAppendTags(t *testing.T) {
	tg := defaultTaggerT(t)
	dst := []string{"keep"}
	out := tg.AppendTags(dst, []string{"The", "Parties"})
	if fmt.Sprint(out) != "[keep DT NNS]" {
		t.Fatalf("AppendTags = %q", out)
	}
	words := strings.Fields("The Parties shall cooperate with the private sector , civil society and academia .")
	buf := make([]string, 0, len(words))
	if allocs := testing.AllocsPerRun(50, func() { tg.AppendTags(buf[:0], words) }); allocs != 0 {
		t.Errorf("AppendTags allocated %.0f times with room in dst", allocs)
	}
}

// numbering numbers words as AppendTagsNumbered's callers do: 0, 1, ... in order of first
// occurrence, but starting high, so that Words.byNum grows by more than a word at a time.
type numbering map[string]int32

// of returns the numbers of words, numbering the new ones.
func (n *numbering) of(words []string) []int32 {
	if *n == nil {
		*n = numbering{}
	}
	ids := make([]int32, len(words))
	for i, w := range words {
		id, ok := (*n)[w]
		if !ok {
			id = int32(len(*n)) * 3 // gaps: numbers no word has
			(*n)[w] = id
		}
		ids[i] = id
	}
	return ids
}

func TestAppendTagsNumbered(t *testing.T) {
	tg := defaultTaggerT(t)
	tests := []struct {
		name  string
		texts []string // tagged in turn with one Words
	}{
		{"one text", []string{"The Parties shall cooperate with the private sector ."}},
		{"repeated words", []string{"States shall , and States may , report .", "States may report ; the States shall ."}},
		{"rules and unknown words", []string{"- @un see www.un.org or a@b.co -LRB- 0 *T*-1 Qzxv", "Qzxv -LRB- www.un.org -"}},
		{"empty text", []string{"", "a b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var c Words
			var nums numbering
			for _, text := range tc.texts {
				words := strings.Fields(text)
				want := tg.Tag(words)
				got := tg.AppendTagsNumbered([]string{"keep"}, words, nums.of(words), &c)
				if fmt.Sprint(got) != fmt.Sprint(append([]string{"keep"}, want...)) {
					t.Fatalf("%q: AppendTagsNumbered = %q, want keep and %q", text, got, want)
				}
			}
			if len(c.m) != 0 {
				t.Errorf("numbered calls filled the map by word (%d words)", len(c.m))
			}
		})
	}
	defer func() {
		if recover() == nil {
			t.Error("AppendTagsNumbered with fewer numbers than words did not panic")
		}
	}()
	tg.AppendTagsNumbered(nil, []string{"a", "b"}, []int32{0}, nil)
}

func TestConcurrentUse(t *testing.T) {
	tg := defaultTaggerT(t)
	var docs [][]string
	for _, name := range corpusFiles {
		var w []string
		for _, tok := range tokenize.Tokenize(readCorpus(t, name)) {
			w = append(w, tok.ProseText())
		}
		docs = append(docs, w)
	}
	want := make([]string, len(docs))
	for i, d := range docs {
		want[i] = strings.Join(tg.Tag(d), " ")
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 3; k++ {
				i := (g + k) % len(docs)
				if strings.Join(tg.Tag(docs[i]), " ") != want[i] {
					errs <- fmt.Sprintf("goroutine %d: doc %d differs", g, i)
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func FuzzTag(f *testing.F) {
	for _, s := range []string{"", "|", "the|cat", "-|--|-ABC-|0|*", "@x|a@b.co|www.un.org", "İ|K|\xff|é",
		"1999|+123|-123|1-2|12", "It|'s|n't|U.N.", " | a b |\x00"} {
		f.Add(s)
	}
	tg, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	m := loadRef(f)
	f.Fuzz(func(t *testing.T, s string) {
		words := strings.Split(s, "|")
		got := tg.Tag(words)
		if len(got) != len(words) {
			t.Fatalf("%d tags for %d words", len(got), len(words))
		}
		if again := tg.Tag(words); fmt.Sprint(again) != fmt.Sprint(got) {
			t.Fatal("not deterministic")
		}
		var cache, both Words // both: numbered and by word in turn
		var nums numbering
		ids := nums.of(words)
		for _, pass := range []string{"new words", "cached words"} {
			if cached := tg.AppendTagsCached(nil, words, &cache); fmt.Sprint(cached) != fmt.Sprint(got) {
				t.Fatalf("%q: AppendTagsCached (%s) = %q, AppendTags %q", words, pass, cached, got)
			}
			if numbered := tg.AppendTagsNumbered(nil, words, ids, &both); fmt.Sprint(numbered) != fmt.Sprint(got) {
				t.Fatalf("%q: AppendTagsNumbered (%s) = %q, AppendTags %q", words, pass, numbered, got)
			}
			if cached := tg.AppendTagsCached(nil, words, &both); fmt.Sprint(cached) != fmt.Sprint(got) {
				t.Fatalf("%q: AppendTagsCached after AppendTagsNumbered (%s) = %q, AppendTags %q", words, pass, cached, got)
			}
		}
		if numbered := tg.AppendTagsNumbered(nil, words, ids, nil); fmt.Sprint(numbered) != fmt.Sprint(got) {
			t.Fatalf("%q: AppendTagsNumbered without Words = %q, AppendTags %q", words, numbered, got)
		}
		if exact := m.tagExact(words); fmt.Sprint(exact) != fmt.Sprint(got) {
			t.Fatalf("%q: got %q, exact reference %q", words, got, exact)
		}
		want, _ := m.tag(words)
		ctx := refContext(words)
		for i := range words {
			if got[i] != want[i] {
				if why, ok := m.explain(words, ctx, got, want, i); !ok {
					t.Errorf("%q: token %d %q: got %s, reference %s: %s", words, i, words[i], got[i], want[i], why)
				}
			}
		}
	})
}

// cpuClock reports process CPU time (user+system), for a per-op CPU metric
// that stays meaningful when other processes compete for the cores.
func cpuClock() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds "cpu-ms/op" and, when bytes > 0, "MB/cpu-s" (bytes per CPU
// second). Process CPU includes the garbage collector's.
func reportCPU(b *testing.B, start time.Duration, bytes int) {
	cpu := cpuClock() - start
	if b.N == 0 || cpu <= 0 {
		return
	}
	perOp := cpu.Seconds() / float64(b.N)
	b.ReportMetric(perOp*1e3, "cpu-ms/op")
	if bytes > 0 {
		b.ReportMetric(float64(bytes)/1e6/perOp, "MB/cpu-s")
	}
}

// benchText is the text both tagger benchmarks process.
func benchText(b *testing.B) string {
	return readCorpus(b, "prose_sherlock_excerpt.txt") + readCorpus(b, "governance.txt")
}

// BenchmarkProseTagger: prose's NewDocument with tagging (tokenize + tag)
// and a preloaded model, as the rest of the project would call it.
func BenchmarkProseTagger(b *testing.B) {
	text := benchText(b)
	model := prose.ModelFromData("bench") // loads the tagger once
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	c0 := cpuClock()
	for b.Loop() {
		if _, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.WithExtraction(false), prose.UsingModel(model)); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0, len(text))
}

// BenchmarkProseTokenizeOnly is prose's tokenizer alone, so that prose's
// tagging cost is BenchmarkProseTagger minus this.
func BenchmarkProseTokenizeOnly(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	c0 := cpuClock()
	for b.Loop() {
		if _, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.WithTagging(false), prose.WithExtraction(false)); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0, len(text))
}

// BenchmarkTagger: this package's tagger on the pre-tokenized words of the
// same text (bytes = the text's length).
func BenchmarkTagger(b *testing.B) {
	text := benchText(b)
	tg := defaultTaggerTNoGC(b)
	var words []string
	for _, tok := range tokenize.Tokenize(text) {
		words = append(words, tok.ProseText())
	}
	dst := make([]string, 0, len(words))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	c0 := cpuClock()
	for b.Loop() {
		dst = tg.AppendTags(dst[:0], words)
	}
	reportCPU(b, c0, len(text))
}

// BenchmarkTaggerProvisions tags the same words as BenchmarkTagger, cut into
// sequences of 60 words, one AppendTags call each: the pipeline tags one
// provision per call, so per-call costs count.
func BenchmarkTaggerProvisions(b *testing.B) {
	text := benchText(b)
	tg := defaultTaggerTNoGC(b)
	var words []string
	for _, tok := range tokenize.Tokenize(text) {
		words = append(words, tok.ProseText())
	}
	dst := make([]string, 0, len(words))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	c0 := cpuClock()
	for b.Loop() {
		dst = dst[:0]
		for i := 0; i < len(words); i += 60 {
			dst = tg.AppendTags(dst, words[i:min(i+60, len(words))])
		}
	}
	reportCPU(b, c0, len(text))
}

// BenchmarkTokenizeAndTag is the like-for-like counterpart of
// BenchmarkProseTagger: tokenize.Tokenize then Tag.
func BenchmarkTokenizeAndTag(b *testing.B) {
	text := benchText(b)
	tg := defaultTaggerTNoGC(b)
	toks := make([]tokenize.Token, 0, len(text)/3)
	words := make([]string, 0, len(text)/3)
	dst := make([]string, 0, len(text)/3)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	c0 := cpuClock()
	for b.Loop() {
		toks = tokenize.AppendTokens(toks[:0], text)
		words = words[:0]
		for _, tok := range toks {
			words = append(words, tok.ProseText())
		}
		dst = tg.AppendTags(dst[:0], words)
	}
	reportCPU(b, c0, len(text))
}

// BenchmarkDefaultLoad is what Default costs once per process: reading
// prose's assets and building the Tagger (decodeWeights, not encoding/gob,
// for the weights).
func BenchmarkDefaultLoad(b *testing.B) {
	b.ReportAllocs()
	c0 := cpuClock()
	for b.Loop() {
		if _, err := loadDefault(); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0, 0)
}

// BenchmarkNewFromGob is the fallback: encoding/gob's decoding, then New.
func BenchmarkNewFromGob(b *testing.B) {
	b.ReportAllocs()
	c0 := cpuClock()
	for b.Loop() {
		c, d, w, err := LoadProseModel()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := New(w, d, c); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0, 0)
}

// TestPredCacheLayout checks what predEntry's padding is for: an entry is
// one 64-byte cache line and a new predCache starts on a line boundary.
func TestPredCacheLayout(t *testing.T) {
	if s := unsafe.Sizeof(predEntry{}); s != 64 {
		t.Errorf("predEntry is %d bytes, want 64", s)
	}
	for i := range 4 {
		if p := uintptr(unsafe.Pointer(new(predCache))); p%64 != 0 {
			t.Errorf("predCache %d at %#x: not 64-byte aligned", i, p)
		}
	}
}

// bestClassLoop is predict's choice of class as it was before bestClass: every class tested for
// its bit in present, the first present one the first best, a later one the best when its score
// is greater.
func bestClassLoop(scores []float64, present uint64) int {
	best, bestScore := -1, 0.0
	for c := 0; c < len(scores); c++ {
		if present&(1<<uint(c)) != 0 && (best < 0 || scores[c] > bestScore) {
			best, bestScore = c, scores[c]
		}
	}
	return best
}

// FuzzBestClass compares bestClass with bestClassLoop: scores from the input's bytes (any
// float64, NaNs and infinities among them), n classes (0 to 64), present masked to them.
func FuzzBestClass(f *testing.F) {
	floats := func(vs ...float64) []byte {
		var b []byte
		for _, v := range vs {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
		return b
	}
	f.Add(floats(1, 2, 3), uint64(0b111), uint8(3))
	f.Add(floats(3, 2, 3, 1, 0, 5), uint64(0b010111), uint8(6))
	f.Add(floats(math.NaN(), 2, 3, 4, 5), uint64(0b11111), uint8(5))
	f.Add(floats(1, math.NaN(), 3, math.Inf(-1), math.Inf(1)), uint64(0b11110), uint8(5))
	f.Add(floats(math.Inf(-1), math.Inf(-1), -1), uint64(0b011), uint8(3))
	f.Add(floats(0, math.Copysign(0, -1), 0, 0, 0, 0, 0, 0, 0), uint64(0b110110110), uint8(9))
	f.Add(floats(1, 2), uint64(0), uint8(2))
	f.Add([]byte{}, uint64(0), uint8(0))
	f.Add(floats(5, 4, 3, 2, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11), ^uint64(0), uint8(64))
	f.Fuzz(func(t *testing.T, raw []byte, present uint64, n uint8) {
		scores := make([]float64, int(n)%(maxClasses+1))
		for i := range scores {
			if len(raw) >= 8*(i+1) {
				scores[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
			} else {
				scores[i] = float64(i % 7)
			}
		}
		if len(scores) < 64 {
			present &= 1<<len(scores) - 1
		}
		want := bestClassLoop(scores, present)
		if got := bestClass(slices.Clone(scores), present); got != want {
			t.Fatalf("bestClass(%v, %b) = %d, the loop %d", scores, present, got, want)
		}
	})
}
