package align

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestWordDiff(t *testing.T) {
	cases := []struct {
		name     string
		a, b     string
		diff     string
		ins, del []string
	}{
		{"both empty", "", "", "", nil, nil},
		{"identical", "a b c", "a b c", "a b c", nil, nil},
		{"all inserted", "", "a b", "{+a b+}", []string{"a", "b"}, nil},
		{"all deleted", "a b", "", "[-a b-]", nil, []string{"a", "b"}},
		{"replace one", "States shall act", "States should act", "States [-shall-] {+should+} act", []string{"should"}, []string{"shall"}},
		{"insert middle", "a c", "a b c", "a {+b+} c", []string{"b"}, nil},
		{"delete end", "a b c", "a b", "a b [-c-]", nil, []string{"c"}},
		{"case-sensitive", "States shall", "states shall", "[-States-] {+states+} shall", []string{"states"}, []string{"States"}},
		{"punctuation attached", "stability.", "stability", "[-stability.-] {+stability+}", []string{"stability"}, []string{"stability."}},
		{"repeated words", "a a a", "a a", "a a [-a-]", nil, []string{"a"}},
		{
			"short equality folded",
			"x1 x2 x3 the y1 y2 y3", "z1 z2 z3 the w1 w2 w3",
			"[-x1 x2 x3 the y1 y2 y3-] {+z1 z2 z3 the w1 w2 w3+}",
			strings.Fields("z1 z2 z3 the w1 w2 w3"), strings.Fields("x1 x2 x3 the y1 y2 y3"),
		},
		{
			"one word between one-word edits kept",
			"shall cooperate in", "should cooperate fully in",
			"[-shall-] {+should+} cooperate {+fully+} in",
			[]string{"should", "fully"}, []string{"shall"},
		},
		{"non-ASCII words", "la coopération régionale", "la coopération internationale", "la coopération [-régionale-] {+internationale+}", []string{"internationale"}, []string{"régionale"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, ins, del := WordDiff(strings.Fields(tc.a), strings.Fields(tc.b))
			if d != tc.diff || !reflect.DeepEqual(ins, tc.ins) || !reflect.DeepEqual(del, tc.del) {
				t.Errorf("got  %q %q %q\nwant %q %q %q", d, ins, del, tc.diff, tc.ins, tc.del)
			}
		})
	}
}

func TestWordDiffManyDistinctWords(t *testing.T) {
	// Enough distinct words to pass the surrogate block of the rune mapping.
	var a, b []string
	for i := 0; i < 60000; i++ {
		w := itoa(i)
		a = append(a, w)
		if i%1000 != 0 {
			b = append(b, w)
		}
	}
	_, ins, del := WordDiff(a, b)
	if len(ins) != 0 || len(del) != 60 {
		t.Errorf("got %d inserted, %d deleted; want 0, 60", len(ins), len(del))
	}
}

// wordTable numbers words in order of first appearance, equal words alike, whatever it held
// before reset and however the hashes collide (a reset for n words may leave as few as 2n+1
// slots' worth of room: the last case fills a table to just under half).
func TestWordTable(t *testing.T) {
	many := make([]string, 5000)
	for k := range many {
		many[k] = itoa(k % 3001)
	}
	tests := []struct {
		name  string
		words []string
	}{
		{"empty", nil},
		{"one", []string{"States"}},
		{"repeats", strings.Fields("the States the shall the States cooperate")},
		{"case and empty word", []string{"a", "A", "", "a", ""}},
		{"many", many},
		{"half full", many[:3001]},
	}
	var tab wordTable
	tab.reset(3)
	tab.number("left over")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab.reset(len(tt.words))
			seen := map[string]int32{}
			for k, w := range tt.words {
				want, ok := seen[w]
				if !ok {
					want = int32(len(seen))
					seen[w] = want
				}
				if got := tab.number(w); got != want {
					t.Fatalf("word %d %q: number %d, want %d", k, w, got, want)
				}
			}
			if 2*len(seen) > len(tab.slots) && len(seen) > 0 {
				t.Errorf("%d words in %d slots", len(seen), len(tab.slots))
			}
		})
	}
}

// parseWdiff reads a rendering back into the two token sequences (for tokens free of the
// markers).
func parseWdiff(s string) (a, b []string) {
	mode := 0 // 0 plain, 1 deleted, 2 inserted
	for _, tok := range strings.Fields(s) {
		if strings.HasPrefix(tok, "[-") {
			mode, tok = 1, tok[2:]
		} else if strings.HasPrefix(tok, "{+") {
			mode, tok = 2, tok[2:]
		}
		end := false
		if mode == 1 && strings.HasSuffix(tok, "-]") || mode == 2 && strings.HasSuffix(tok, "+}") {
			tok, end = tok[:len(tok)-2], true
		}
		switch mode {
		case 0:
			a, b = append(a, tok), append(b, tok)
		case 1:
			a = append(a, tok)
		case 2:
			b = append(b, tok)
		}
		if end {
			mode = 0
		}
	}
	return a, b
}

func FuzzWordDiff(f *testing.F) {
	f.Add("a b c", "a c d")
	f.Add("", "x")
	f.Add("States shall cooperate", "States should cooperate fully")
	f.Add("é ü é", "ü é ü")
	f.Fuzz(func(t *testing.T, x, y string) {
		a, b := strings.Fields(x), strings.Fields(y)
		d, ins, del := WordDiff(a, b)
		if len(a)-len(del) != len(b)-len(ins) {
			t.Fatalf("kept words disagree: %d-%d vs %d-%d", len(a), len(del), len(b), len(ins))
		}
		// Words are not escaped: a word with "[" or "{" can make a marker ("1 {" inserted is
		// "{+1 {+}"), as can "-]" and "+}".
		if strings.ContainsAny(x+y, "[{") || strings.Contains(x+y, "-]") || strings.Contains(x+y, "+}") {
			return
		}
		ga, gb := parseWdiff(d)
		if !reflect.DeepEqual(ga, a) && !(len(ga) == 0 && len(a) == 0) ||
			!reflect.DeepEqual(gb, b) && !(len(gb) == 0 && len(b) == 0) {
			t.Fatalf("diff %q does not give back\n%q\n%q\ngot\n%q\n%q", d, a, b, ga, gb)
		}
		if strings.Contains(d, "{+") && strings.Contains(d, "[-") {
			// deletions come before insertions at the same spot
			if strings.Contains(d, "+} [-") {
				t.Fatalf("insertion before deletion in %q", d)
			}
		}
	})
}

func BenchmarkWordDiff(b *testing.B) {
	x := strings.Fields(sco2015.provs[7][1] + " " + sco2015.provs[5][1])
	y := strings.Fields(sco2011.provs[5][1] + " " + sco2015.provs[7][1])
	for b.Loop() {
		WordDiff(x, y)
	}
}

// The inserted and deleted lists share one allocation: appending to either leaves the other
// as it was.
func TestWordDiffListsApart(t *testing.T) {
	tests := []struct{ name, a, b string }{
		{"both", "States shall cooperate", "States should cooperate fully"},
		{"only deleted", "a b c", "a c"},
		{"only inserted", "a c", "a b c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ins, del := WordDiff(strings.Fields(tt.a), strings.Fields(tt.b))
			wantIns, wantDel := slices.Clone(ins), slices.Clone(del)
			ins2 := append(ins, "x", "y")
			del2 := append(del, "z")
			if !slices.Equal(ins, wantIns) || !slices.Equal(del, wantDel) ||
				!slices.Equal(ins2[:len(ins)], wantIns) || !slices.Equal(del2[:len(del)], wantDel) {
				t.Errorf("lists changed by appending: ins %q del %q, want %q %q", ins, del, wantIns, wantDel)
			}
		})
	}
}

// TestWordDiffSymbolLimit: a pair with exactly maxWordSymbols distinct words (1,112,064: every
// code point but the 2,048 surrogates) is still diffed word by word; one more distinct word
// makes it a whole replacement.
func TestWordDiffSymbolLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two lists of a million words")
	}
	const limit = 0x10FFFF + 1 - 2048
	if maxWordSymbols != limit {
		t.Fatalf("maxWordSymbols = %d, want %d", maxWordSymbols, limit)
	}
	words := make([]string, limit+1)
	for k := range words {
		words[k] = itoa(k)
	}
	cases := []struct {
		name     string
		a, b     []string
		ins, del int
	}{
		// b drops the middle word: limit distinct words in all.
		{"at the limit", words[:limit], append(slices.Clone(words[:limit/2]), words[limit/2+1:limit]...), 0, 1},
		// b adds a word a lacks: limit+1 distinct words.
		{"one over the limit", words[:limit], words[1 : limit+1], limit, limit},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ins, del := WordDiff(c.a, c.b)
			if len(ins) != c.ins || len(del) != c.del {
				t.Errorf("got %d inserted, %d deleted; want %d, %d", len(ins), len(del), c.ins, c.del)
			}
		})
	}
}
