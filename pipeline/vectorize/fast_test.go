package vectorize

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

// termsSimple is Terms before the foldStem fast path and the stem snapshot: strings.ToLower,
// the stop-word map, and Stem uncached. Terms must equal it for every input.
func termsSimple(tokens []string, opt Options) []string {
	words := make([]string, 0, len(tokens))
	for _, t := range tokens {
		if t == "" {
			continue
		}
		if opt.Lowercase {
			t = strings.ToLower(t)
		}
		if opt.StopWords[t] {
			continue
		}
		if opt.Stem {
			if t = Stem(t); t == "" {
				continue
			}
		}
		words = append(words, t)
	}
	if !opt.Bigrams || len(words) < 2 {
		return words
	}
	out := slices.Clone(words)
	for i := 0; i+1 < len(words); i++ {
		out = append(out, words[i]+" "+words[i+1])
	}
	return out
}

func TestTermsMatchesSimple(t *testing.T) {
	stop := StopWordSet("the", "of", "a", "shall")
	long := strings.Repeat("Governing", 8) // 72 bytes: longer than foldBuf
	tests := []struct {
		name string
		text string
	}{
		{"capitals and stop words", "The States SHALL cooperate in the Governance of the Internet"},
		{"stop word in capitals", "THE OF A Shall"},
		{"apostrophes stem to nothing", "'' ''s 's States's"},
		{"non-ASCII", "\u00c9tats caf\u00e9 \u0130stanbul \u212a ΣΑΣ"},
		{"invalid UTF-8", "ab\xffC \xfe"},
		{"long token", long + " " + strings.ToUpper(long[:foldBuf])},
		{"repeated, warm cache", "cooperation cooperation Cooperation COOPERATION"},
		{"empty", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tokens := strings.Fields(tc.text)
			tokens = append(tokens, "") // empty tokens are dropped
			for bits := range 8 {
				opt := Options{Lowercase: bits&1 != 0, Bigrams: bits&2 != 0, Stem: bits&4 != 0, StopWords: stop}
				for pass := range 2 { // cold and warm stem cache
					if got, want := Terms(tokens, opt), termsSimple(tokens, opt); !slices.Equal(got, want) {
						t.Fatalf("options %03b pass %d: Terms = %q, want %q", bits, pass, got, want)
					}
					checkTerm(t, tokens, opt)
				}
			}
		})
	}
}

// checkTerm checks Term of each token against termsSimple of the token alone.
func checkTerm(t *testing.T, tokens []string, opt Options) {
	t.Helper()
	for _, tok := range tokens {
		want := termsSimple([]string{tok}, opt)
		got, ok := Term(tok, opt)
		if ok != (len(want) == 1) || ok && got != want[0] {
			t.Fatalf("Term(%q) = %q, %v; Terms of it alone %q", tok, got, ok, want)
		}
	}
}

// FuzzTermsSimple: Terms equals termsSimple for any text and options, on a cold and a warm cache.
func FuzzTermsSimple(f *testing.F) {
	f.Add("The States shall cooperate in the governance of the Internet .", uint8(0xff))
	f.Add("''s 'tis rock'n'roll", uint8(0x05))
	f.Add("\xff\xfe É ΣΑΣ İstanbul ǅ", uint8(0x0f))
	f.Fuzz(func(t *testing.T, text string, bits uint8) {
		opt := Options{Lowercase: bits&1 != 0, Bigrams: bits&2 != 0, Stem: bits&4 != 0}
		if bits&8 != 0 {
			opt.StopWords = StopWordSet("the", "of", "a")
		}
		tokens := strings.Fields(text)
		want := termsSimple(tokens, opt)
		for pass := range 2 {
			if got := Terms(tokens, opt); !slices.Equal(got, want) {
				t.Fatalf("pass %d: Terms = %q, want %q", pass, got, want)
			}
			checkTerm(t, tokens, opt)
		}
	})
}

// TestCachedStemMerges stems enough distinct words from several goroutines to force several
// snapshot merges while others read, and checks every result and that the words ended up in
// the snapshot.
func TestCachedStemMerges(t *testing.T) {
	// Enough to double whatever the snapshot holds from earlier tests, twice over.
	words := make([]string, 4*max(snapshotMin, len(*stems.snapshot.Load())))
	for i := range words {
		words[i] = fmt.Sprintf("mergetest%dations", i)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range words {
				w := words[(i+g*len(words)/4)%len(words)]
				if got, want := CachedStem(w), Stem(w); got != want {
					t.Errorf("CachedStem(%q) = %q, Stem gives %q", w, got, want)
				}
			}
		}()
	}
	wg.Wait()
	snap := *stems.snapshot.Load()
	inSnap := 0
	for _, w := range words {
		if s, ok := lookupStem([]byte(w)); ok {
			inSnap++
			if s != Stem(w) {
				t.Fatalf("snapshot stem of %q = %q, want %q", w, s, Stem(w))
			}
		}
	}
	if inSnap < len(words)/2 {
		t.Fatalf("%d of %d words in the snapshot (%d entries): merges did not happen", inSnap, len(words), len(snap))
	}
}

// addSorted is DFAccumulator.Add before the pooled set: sort a copy, compact, count.
func addSorted(a *DFAccumulator, terms []string) {
	a.N++
	if len(terms) == 0 {
		return
	}
	if a.DF == nil {
		a.DF = map[string]int{}
	}
	uniq := slices.Clone(terms)
	slices.Sort(uniq)
	for _, t := range slices.Compact(uniq) {
		a.DF[t]++
	}
}

func TestDFAddMatchesSorted(t *testing.T) {
	tests := []struct {
		name  string
		provs [][]string
	}{
		{"empty provisions", [][]string{nil, {}}},
		{"one term", [][]string{{"a"}, {"a"}}},
		{"repeats within a provision", [][]string{{"a", "b", "a", "a", "b"}, {"b", "c", "b"}}},
		{"bigrams and empty term", [][]string{{"x y", "x", "y", "x y", ""}, {"", ""}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got DFAccumulator
			want := NewDF()
			for _, p := range tc.provs {
				got.Add(p)
				addSorted(want, p)
			}
			if got.N != want.N || len(got.DF) != len(want.DF) {
				t.Fatalf("N %d, %d terms; want N %d, %d terms", got.N, len(got.DF), want.N, len(want.DF))
			}
			for k, v := range want.DF {
				if got.DF[k] != v {
					t.Fatalf("DF[%q] = %d, want %d", k, got.DF[k], v)
				}
			}
		})
	}
}

// TestDFAddCounts: AddCounts(n, terms, df) leaves the accumulator as Add would over n
// provisions in which terms[i] occurs in df[i] of them; terms without a df, or with df <= 0,
// are not counted (no zero entries appear in DF).
func TestDFAddCounts(t *testing.T) {
	tests := []struct {
		name   string
		before [][]string // provisions added with Add first
		n      int
		terms  []string
		df     []int32
		wantN  int
		wantDF map[string]int
	}{
		{"zero accumulator", nil, 3, []string{"a", "b", "c"}, []int32{2, 1, 3}, 3, map[string]int{"a": 2, "b": 1, "c": 3}},
		{"zero df not recorded", nil, 2, []string{"a", "b", "c"}, []int32{2, 0, 1}, 2, map[string]int{"a": 2, "c": 1}},
		{"negative df not recorded", nil, 2, []string{"a", "b"}, []int32{-1, 2}, 2, map[string]int{"b": 2}},
		{"df shorter than terms", nil, 1, []string{"a", "b"}, []int32{1}, 1, map[string]int{"a": 1}},
		{"only empty provisions", nil, 4, []string{"a"}, []int32{0}, 4, map[string]int{}},
		{"adds to earlier counts", [][]string{{"a", "a"}, {"c"}}, 3, []string{"a", "b"}, []int32{2, 1}, 5,
			map[string]int{"a": 3, "b": 1, "c": 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var acc DFAccumulator
			for _, p := range tc.before {
				acc.Add(p)
			}
			acc.AddCounts(tc.n, tc.terms, tc.df)
			if acc.N != tc.wantN || len(acc.DF) != len(tc.wantDF) {
				t.Fatalf("N %d, DF %v; want N %d, DF %v", acc.N, acc.DF, tc.wantN, tc.wantDF)
			}
			for k, v := range tc.wantDF {
				if got, ok := acc.DF[k]; !ok || got != v {
					t.Errorf("DF[%q] = %d (present %v), want %d", k, got, ok, v)
				}
			}
		})
	}
}

// FuzzDFAdd: Add counts like the sort-based Add for any provisions ('\n' separates provisions,
// spaces terms).
func FuzzDFAdd(f *testing.F) {
	f.Add("a b a\nb b c\n\nc")
	f.Fuzz(func(t *testing.T, text string) {
		got, want := NewDF(), NewDF()
		for _, line := range strings.Split(text, "\n") {
			terms := strings.Split(line, " ")
			got.Add(terms)
			addSorted(want, terms)
		}
		if got.N != want.N || len(got.DF) != len(want.DF) {
			t.Fatalf("N %d, %d terms; want N %d, %d terms", got.N, len(got.DF), want.N, len(want.DF))
		}
		for k, v := range want.DF {
			if got.DF[k] != v {
				t.Fatalf("DF[%q] = %d, want %d", k, got.DF[k], v)
			}
		}
	})
}
