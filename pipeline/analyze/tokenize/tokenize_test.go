package tokenize

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// corpusFiles are the parity texts; see testdata/README.md for provenance.
var corpusFiles = []string{"prose_article.txt", "prose_sherlock_excerpt.txt", "governance.txt"}

// proseTokens runs prose's own tokenizer, the way prose.NewDocument does.
// ok is false when prose panics.
func proseTokens(text string) (toks []string, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	doc, err := prose.NewDocument(text,
		prose.WithSegmentation(false), prose.WithTagging(false), prose.WithExtraction(false))
	if err != nil {
		return nil, false
	}
	for _, t := range doc.Tokens() {
		toks = append(toks, t.Text)
	}
	return toks, true
}

// checkInvariants fails when a token does not point back at its text, or
// tokens overlap, are empty or are out of order.
func checkInvariants(t *testing.T, s string, toks []Token) {
	t.Helper()
	prev := 0
	for i, tok := range toks {
		if tok.Start < prev || tok.End <= tok.Start || tok.End > len(s) {
			t.Fatalf("token %d %q: bad span [%d,%d) after %d (len %d)", i, tok.Text, tok.Start, tok.End, prev, len(s))
		}
		if s[tok.Start:tok.End] != tok.Text {
			t.Fatalf("token %d: input[%d:%d] = %q, Text = %q", i, tok.Start, tok.End, s[tok.Start:tok.End], tok.Text)
		}
		prev = tok.End
	}
}

func texts(toks []Token, prosey bool) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		if prosey {
			out[i] = t.ProseText()
		} else {
			out[i] = t.Text
		}
	}
	return out
}

func TestTokenize(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string // Token.Text
	}{
		{"empty", "", nil},
		{"spaces only", " \t\n\u00a0 ", nil},
		{"plain", "The Parties shall cooperate.", []string{"The", "Parties", "shall", "cooperate", "."}},
		{"currency prefix", "US$ 25 and $100", []string{"US$", "25", "and", "$", "100"}},
		{"sub-item marker", "(a) To comply;", []string{"(", "a", ")", "To", "comply", ";"}},
		{"article reference", "art. 5 and Arts. 3-7", []string{"art", ".", "5", "and", "Arts", ".", "3-7"}},
		{"title abbreviation", "Dr. Jones", []string{"Dr.", "Jones"}},
		{"abbreviations kept", "the U.N. and Mrs. Smith", []string{"the", "U.N.", "and", "Mrs.", "Smith"}},
		{"contractions", "they'll Don't it's", []string{"they", "'ll", "Do", "n't", "it", "'s"}},
		{"upper-case contraction", "WON'T", []string{"WO", "N'T"}},
		{"stacked suffixes", `(Well)."`, []string{"(", "Well", ")", ".", `"`}},
		{"curly quotes keep bytes", "“seek, receive”", []string{"“", "seek", ",", "receive", "”"}},
		{"rsquo entity", "States&rsquo; rights", []string{"States", "&rsquo;", "rights"}},
		{"url", "see https://undocs.org/en/A/RES/73/27?lang=en.", []string{"see", "https://undocs.org/en/A/RES/73/27?lang=en", "."}},
		{"email", "write to cert@example.gov,", []string{"write", "to", "cert@example.gov", ","}},
		{"dashes", "peace — and 2016–2020", []string{"peace", "—", "and", "2016–2020"}},
		{"emoticon kept whole", "force :-) and", []string{"force", ":-)", "and"}},
		{"nbsp separates", "art.\u00a05", []string{"art", ".", "5"}},
		// prose quirk: a chunk that starts with a contraction makes no
		// progress and is dropped together with its peeled suffixes.
		{"leading contraction dropped", "'sup) ok", []string{"ok"}},
		{"invalid utf8", "a\xffb c", []string{"a\xffb", "c"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Tokenize(tc.in)
			checkInvariants(t, tc.in, got)
			if g := texts(got, false); fmt.Sprintf("%q", g) != fmt.Sprintf("%q", tc.want) {
				t.Errorf("Tokenize(%q) = %q, want %q", tc.in, g, tc.want)
			}
			if utf8.ValidString(tc.in) {
				want, ok := proseTokens(tc.in)
				if !ok {
					t.Fatalf("prose panicked on %q", tc.in)
				}
				if g := texts(got, true); fmt.Sprintf("%q", g) != fmt.Sprintf("%q", want) {
					t.Errorf("ProseText = %q, prose = %q", g, want)
				}
			}
		})
	}
}

func readCorpus(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestProseParity compares against prose's tokenizer over the whole corpus.
func TestProseParity(t *testing.T) {
	total := 0
	for _, name := range corpusFiles {
		t.Run(name, func(t *testing.T) {
			text := readCorpus(t, name)
			got := Tokenize(text)
			checkInvariants(t, text, got)
			want, ok := proseTokens(text)
			if !ok {
				t.Fatal("prose panicked")
			}
			g := texts(got, true)
			for i := 0; i < len(g) && i < len(want); i++ {
				if g[i] != want[i] {
					t.Fatalf("token %d at byte %d: got %q, prose %q", i, got[i].Start, g[i], want[i])
				}
			}
			if len(g) != len(want) {
				t.Fatalf("got %d tokens, prose %d", len(g), len(want))
			}
			total += len(g)
		})
	}
	t.Logf("%d tokens identical to prose", total)
	if total < 10000 {
		t.Errorf("parity corpus has only %d tokens, want >= 10000", total)
	}
}

// TestGolden pins tokens and offsets of the governance text.
func TestGolden(t *testing.T) {
	text := readCorpus(t, "governance.txt")
	var b strings.Builder
	for _, tok := range Tokenize(text) {
		line, _ := json.Marshal([]any{tok.Start, tok.End, tok.Text})
		b.Write(line)
		b.WriteByte('\n')
	}
	golden := filepath.Join("testdata", "governance.tokens.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := readCorpus(t, "governance.tokens.golden")
	if b.String() != want {
		t.Errorf("tokens differ from %s; rerun with -update and review the diff", golden)
	}
}

func TestAppendTokensReusesBuffer(t *testing.T) {
	buf := make([]Token, 1, 64)
	buf[0] = Token{Text: "keep"}
	out := AppendTokens(buf, "a (b) c.")
	if len(out) != 7 || out[0].Text != "keep" || &out[0] != &buf[0] {
		t.Fatalf("AppendTokens did not append in place: %q", texts(out, false))
	}
	if allocs := testing.AllocsPerRun(100, func() { AppendTokens(buf[:0], "The Parties (a) shall, U.N. art. 5.") }); allocs != 0 {
		t.Errorf("AppendTokens allocated %.0f times with room in dst", allocs)
	}
}

func TestSanitize(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"none", "plain", "plain"},
		{"double", "“a”", `"a"`},
		{"single", "‘a’", "'a'"},
		{"entity", "a&rsquo;s", "a's"},
		{"other E2 runes untouched", "a—b…", "a—b…"},
		{"truncated", "\xe2\x80", "\xe2\x80"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sanitize(tc.in); got != tc.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// lowerKeepsLength reports whether strings.ToLower keeps every rune's UTF-8
// length; prose indexes its lower-cased copy into the original, so where
// this fails prose mis-slices (or panics) and we deliberately differ.
func lowerKeepsLength(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if utf8.RuneLen(unicode.ToLower(r)) != utf8.RuneLen(r) {
			return false
		}
	}
	return true
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", " ", "$", "'s", "n't", "U.N.", "(a)", "“x”", "&rsquo;", ":-)",
		"\xe2\x80", "İ'S", "a\u00a0b", "DON'T", `"(["$x`, "x.)]!;?:'", "Mr. 'll'll", "\u2028x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Tokenize(s)
		checkInvariants(t, s, got)
		if !lowerKeepsLength(s) {
			return
		}
		want, ok := proseTokens(s)
		if !ok {
			return // prose panicked; we must not (checked above)
		}
		if g := texts(got, true); fmt.Sprintf("%q", g) != fmt.Sprintf("%q", want) {
			t.Errorf("Tokenize(%q) = %q, prose = %q", s, g, want)
		}
	})
}

// cpuClock reports process CPU time, for a per-op CPU metric that stays
// meaningful when other processes compete for the cores.
func cpuClock() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds "MB/cpu-s" (input bytes per CPU second).
func reportCPU(b *testing.B, start time.Duration, bytes int) {
	if cpu := cpuClock() - start; b.N > 0 && cpu > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
}

func TestIsEmoticon(t *testing.T) {
	for e := range emoticons {
		if !IsEmoticon(e) {
			t.Errorf("IsEmoticon(%q) = false", e)
		}
		if len(e) < 2 {
			t.Errorf("emoticon %q is shorter than IsEmoticon's two-byte prefix test", e)
		}
	}
	for _, s := range []string{"", ":", ":-)x", "o", "(", "¯", "of", "on", "o_", "(a)", "8th", "xd", ":-", "¯\\"} {
		if IsEmoticon(s) {
			t.Errorf("IsEmoticon(%q) = true", s)
		}
	}
}

// FuzzIsEmoticon compares IsEmoticon's prefix tests and lookup with a plain
// lookup in prose's list.
func FuzzIsEmoticon(f *testing.F) {
	for _, s := range []string{"of", ":-)", "o_o", "(a)", "¯\\(ツ)/¯", "xD", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, want := emoticons[s]
		if got := IsEmoticon(s); got != want {
			t.Errorf("IsEmoticon(%q) = %v, want %v", s, got, want)
		}
	})
}

func BenchmarkTokenize(b *testing.B) {
	text := readCorpus(b, "prose_sherlock_excerpt.txt") + readCorpus(b, "governance.txt")
	buf := make([]Token, 0, len(text)/3)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	c0 := cpuClock()
	for b.Loop() {
		buf = AppendTokens(buf[:0], text)
	}
	reportCPU(b, c0, len(text))
}

func BenchmarkProseTokenize(b *testing.B) {
	text := readCorpus(b, "prose_sherlock_excerpt.txt") + readCorpus(b, "governance.txt")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	c0 := cpuClock()
	for b.Loop() {
		if _, ok := proseTokens(text); !ok {
			b.Fatal("prose panicked")
		}
	}
	reportCPU(b, c0, len(text))
}
