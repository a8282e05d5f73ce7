package pipeline

import (
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// refNumbering is how wordTerms.number and tokenIDs.numbers numbered token texts before short
// texts had a slice of their own (shortNums): by one map, 0, 1, ... in order of first
// occurrence.
type refNumbering map[string]int32

func (r refNumbering) number(t string) int32 {
	id, ok := r[t]
	if !ok {
		id = int32(len(r))
		r[t] = id
	}
	return id
}

// checkNumbering numbers each run of runs (token texts) with wordTerms.number and
// tokenIDs.numbers, each reset between runs as the passes do (resetRun, reset), and compares
// the numbers, and tokenIDs' texts, with refNumbering's.
func checkNumbering(t *testing.T, runs [][]string) {
	t.Helper()
	w := newWordTerms(vectorize.Options{}, nil)
	var ids tokenIDs
	for r, run := range runs {
		if r > 0 {
			w.resetRun()
			ids.reset()
		}
		ref := refNumbering{}
		toks := make([]tokenize.Token, len(run))
		for k, s := range run {
			toks[k].Text = s
		}
		got := ids.numbers(toks)
		for k, s := range run {
			want := ref.number(s)
			if n := w.number(s); n != want {
				t.Fatalf("run %d token %d %q: wordTerms.number = %d, reference %d", r, k, s, n, want)
			}
			if got[k] != want || ids.texts[got[k]] != s {
				t.Fatalf("run %d token %d %q: tokenIDs.numbers = %d (text %q), reference %d", r, k, s, got[k], ids.texts[got[k]], want)
			}
		}
		if len(ids.texts) != len(ref) {
			t.Fatalf("run %d: tokenIDs numbered %d texts, reference %d", r, len(ids.texts), len(ref))
		}
	}
}

func TestNumberingMatchesReference(t *testing.T) {
	tests := []struct {
		name string
		runs [][]string
	}{
		{"empty", [][]string{{}}},
		{"one byte", [][]string{{",", ".", "a", ",", "(", "1", ")", "."}}},
		{"two bytes", [][]string{{"of", "to", "of", "or", "o", "f", "to"}}},
		{"short and long mixed", [][]string{{"The", ",", "States", "of", "the", "States", ",", "shall", "of"}}},
		{"three letters", [][]string{{"the", "and", "the", "The", "aaa", "zzz", "`ab", "ab{", "ab", "a", "and"}}},
		{"three bytes not all lower-case letters go to the map", [][]string{{"a1b", "Art", "a.b", "€", "th\x00", "the"}}},
		{"non-ASCII two bytes go to the map", [][]string{{"é", "e", "é", "\xc3", "\xc3\xa9"}}},
		{"empty text", [][]string{{"", "a", "", "ab", "abc"}}},
		{"NUL and high bytes", [][]string{{"\x00", "\x00\x00", "\xff", "\x7f\x7f", "\x80a"}}},
		{"reset between runs", [][]string{{"b", "a", "of", "shall"}, {"shall", "a", "b", "of", "a"}, {"of"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkNumbering(t, tt.runs) })
	}
}

// FuzzNumbering compares the numbering of token texts with refNumbering's: text is cut into
// runs at each '\n' and into tokens at each ' ' (so tokens may be empty, one or two bytes, or
// longer, and any bytes).
func FuzzNumbering(f *testing.F) {
	f.Add("the States , of the States shall .\nof a , é")
	f.Add("a  b \x00 ab\n\nab ba a")
	f.Fuzz(func(t *testing.T, text string) {
		var runs [][]string
		for run := range strings.SplitSeq(text, "\n") {
			runs = append(runs, strings.Split(run, " "))
		}
		checkNumbering(t, runs)
	})
}
