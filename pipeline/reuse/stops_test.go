package reuse

import (
	"slices"
	"testing"

	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

func TestStopTable(t *testing.T) {
	words := []string{"", "a", "th", "the", "thes", "these", "theseX", "nevertheless", "international",
		"States", "shall", "cooperate", "é", "ü", "0", "9th"}
	for _, w := range vectorize.EnglishStopWords {
		words = append(words, w, w+"s", w[:len(w)-1])
	}
	tests := []struct {
		name string
		set  map[string]bool
	}{
		{name: "default stop words", set: DefaultStopWords()},
		{name: "false entries are not stop words", set: map[string]bool{"the": true, "shall": false, "a": true}},
		{name: "empty set", set: map[string]bool{}},
		{name: "one word", set: map[string]bool{"international": true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := newStopTable(tc.set)
			for _, w := range words {
				if got := st.has(fnv1a([]byte(w)), []byte(w)); got != tc.set[w] {
					t.Errorf("%q: has = %v, want %v", w, got, tc.set[w])
				}
			}
		})
	}
}

// The default stop words' table gives the same shingles and prepared provisions as the same
// words given as a map.
func TestDefaultStopTableMatchesMap(t *testing.T) {
	provs, _ := synthetic(300, 20, 3)
	provs = append(provs, Provision{ID: "s", Text: "The States shall, in the interest of all of them, cooperate; neither is theirs."})
	for _, stem := range []bool{false, true} {
		fast, slow := Options{Stem: stem}, Options{Stem: stem, StopWords: DefaultStopWords()}
		if fast.withDefaults().stops == nil || slow.withDefaults().stops != nil {
			t.Fatal("the table is not used exactly for the default stop words")
		}
		for i := range provs {
			if a, b := Shingles(&provs[i], fast), Shingles(&provs[i], slow); !slices.Equal(a, b) {
				t.Fatalf("stem %v, provision %d: shingles differ", stem, i)
			}
			pa, pb := Prepare(&provs[i], fast), Prepare(&provs[i], slow)
			if !slices.Equal(pa.ids, pb.ids) || !slices.Equal(pa.starts, pb.starts) {
				t.Fatalf("stem %v, provision %d: prepared words differ", stem, i)
			}
		}
	}
}

// Thresholds hands out a copy of the default stop words: changing it changes nothing else.
func TestThresholdsStopWordsCopy(t *testing.T) {
	th := Options{}.Thresholds()
	if th.stops != nil || len(th.StopWords) != len(vectorize.EnglishStopWords) {
		t.Fatalf("Thresholds: %d stop words, table %v", len(th.StopWords), th.stops != nil)
	}
	th.StopWords["international"] = true
	p := Provision{ID: "p", Text: "international cooperation of States"}
	if slices.Equal(Shingles(&p, Options{}), Shingles(&p, th)) {
		t.Error("a stop word added to Thresholds' map changed nothing")
	}
	if !slices.Equal(Shingles(&p, Options{}), Shingles(&p, Options{StopWords: DefaultStopWords()})) {
		t.Error("the default stop words changed with Thresholds' map")
	}
}
