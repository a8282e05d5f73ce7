package align

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// checkPair checks aligner.pair on two texts (no Words, as the pipeline passes them) against
// WordDiff of their strings.Fields, and the helpers of its fast path against the strings
// functions they stand for.
func checkPair(t *testing.T, from, to string) {
	t.Helper()
	for _, s := range []string{from, to} {
		if got, want := appendFields(nil, s), strings.Fields(s); !slices.Equal(got, want) {
			t.Fatalf("appendFields(%q) = %q, strings.Fields %q", s, got, want)
		}
		if got, want := singleSpaced(s), strings.Join(strings.Fields(s), " ") == s; got != want {
			t.Fatalf("singleSpaced(%q) = %v, want %v", s, got, want)
		}
	}
	a := &aligner{opt: DefaultOptions(), from: prepare([]Item{{ID: "a", Text: from}}), to: prepare([]Item{{ID: "b", Text: to}})}
	p := a.pair(0, 0, 0.5)
	d, ins, del := WordDiff(strings.Fields(from), strings.Fields(to))
	if p.Diff != d || !reflect.DeepEqual(p.Inserted, ins) || !reflect.DeepEqual(p.Deleted, del) ||
		p.WordsAdded != len(ins) || p.WordsDeleted != len(del) {
		t.Fatalf("pair(%q, %q) = %q +%q -%q, WordDiff gives %q +%q -%q", from, to, p.Diff, p.Inserted, p.Deleted, d, ins, del)
	}
}

func TestPairDiff(t *testing.T) {
	cases := []struct{ name, from, to string }{
		{"same, single spaced", "States shall cooperate.", "States shall cooperate."},
		{"same, empty", "", ""},
		{"same, blank", " \t", " \t"},
		{"same, double space", "States  shall", "States  shall"},
		{"same, leading space", " States shall", " States shall"},
		{"same, trailing space", "States shall ", "States shall "},
		{"same, tab", "States\tshall", "States\tshall"},
		{"same, newline", "States\nshall", "States\nshall"},
		{"same, no-break space", "States\u00a0shall", "States\u00a0shall"},
		{"same, next line", "States\u0085shall", "States\u0085shall"},
		{"same, ideographic space", "States\u3000shall", "States\u3000shall"},
		{"same, non-ASCII words", "États « membres »", "États « membres »"},
		{"same, invalid UTF-8", "a\xffb c", "a\xffb c"},
		{"different", "States shall cooperate", "States should cooperate fully"},
		{"white space only differs", "States shall", "States  shall"},
		// Texts of 8 bytes and more, which singleSpaced reads 8 bytes at a time.
		{"long, single spaced", "States shall cooperate in good faith.", "States shall cooperate in good faith."},
		{"long, double space across 8 bytes", "Parties  shall cooperate", "Parties  shall cooperate"},
		{"long, double space within 8 bytes", "States  shall cooperate", "States  shall cooperate"},
		{"long, space ends 8 bytes", "Parties shall", "Parties shall"},
		{"long, leading space", " States shall cooperate", " States shall cooperate"},
		{"long, trailing space", "States shall cooperate ", "States shall cooperate "},
		{"long, tab after 8 bytes", "States shall	cooperate", "States shall	cooperate"},
		{"long, DEL and punctuation", "States shall! ~cooperate", "States shall! ~cooperate"},
		{"long, no-break space after 8 bytes", "States shall cooperate", "States shall cooperate"},
		{"long, non-ASCII words", "Les États membres coopèrent", "Les États membres coopèrent"},
		{"long, white space only differs", "States shall cooperate", "States shall  cooperate"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkPair(t, tc.from, tc.to) })
	}
}

func TestFoldEqualSameText(t *testing.T) {
	cases := []struct {
		name string
		a, b Item
		want bool
	}{
		{"same text", Item{Text: "States shall"}, Item{Text: "States shall"}, true},
		{"same text, different words", Item{Text: "States shall", Words: []string{"x"}}, Item{Text: "States shall"}, true},
		{"same blank text, different words", Item{Text: " ", Words: []string{"x"}}, Item{Text: " ", Words: []string{"y"}}, false},
		{"same blank text, same words", Item{Text: " ", Words: []string{"x"}}, Item{Text: "", Words: []string{"x"}}, true},
		{"case and quotes differ", Item{Text: "“States”  Shall"}, Item{Text: `"states" shall`}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := foldEqual(tc.a, tc.b); got != tc.want || got != (fold(tc.a) == fold(tc.b)) {
				t.Errorf("foldEqual = %v, want %v (fold: %q, %q)", got, tc.want, fold(tc.a), fold(tc.b))
			}
		})
	}
}

// FuzzPairDiff checks the word diff of a pair, with its fast path for equal texts, against
// WordDiff of strings.Fields, for a text with itself and with another.
func FuzzPairDiff(f *testing.F) {
	f.Add("States shall cooperate", "States should cooperate")
	f.Add(" a  b\t", "a b")
	f.Add("Parties  shall cooperate", "Parties shall cooperate ")
	f.Add("x\u0085y\u00a0z", "\xff")
	f.Fuzz(func(t *testing.T, a, b string) {
		checkPair(t, a, a)
		checkPair(t, a, b)
	})
}

func TestPostingIndex(t *testing.T) {
	cases := []struct {
		name string
		vecs []SparseVec
	}{
		{"no items", nil},
		{"empty vectors", []SparseVec{{}, {}}},
		{"small terms", []SparseVec{{Idx: []int{0, 3, 7}, Val: []float64{1, 2, 3}}, {Idx: []int{3}, Val: []float64{1}}, {Idx: []int{1, 7}, Val: []float64{4, 1}}}},
		{"negative term: map", []SparseVec{{Idx: []int{-5, 2}, Val: []float64{1, 1}}, {Idx: []int{2}, Val: []float64{3}}}},
		{"huge term: map", []SparseVec{{Idx: []int{1, maxDenseTerm + 10}, Val: []float64{1, 1}}, {Idx: []int{maxDenseTerm + 10}, Val: []float64{2}}}},
		{"largest dense term", []SparseVec{{Idx: []int{maxDenseTerm - 1}, Val: []float64{1}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var items []Item
			terms := map[int]bool{-1: true, 0: true, 1 << 40: true, maxDenseTerm: true}
			for k, v := range tc.vecs {
				items = append(items, Item{ID: itoa(k), Ordinal: k + 1, Vec: v})
				for _, x := range v.Idx {
					terms[x], terms[x+1] = true, true
				}
			}
			s := prepare(items)
			ix := s.index()
			for term := range terms {
				var want []posting
				for r, v := range s.vecs {
					if k := slices.Index(v.idx, term); k >= 0 {
						want = append(want, posting{r, v.val[k]})
					}
				}
				if got := ix.postings(term); !slices.Equal(got, want) {
					t.Errorf("term %d: postings %v, want %v", term, got, want)
				}
			}
			table := ix.dense
			ix.release()
			if table != nil && slices.ContainsFunc(*table, func(x int32) bool { return x != 0 }) {
				t.Errorf("released table not cleared")
			}
		})
	}
}
