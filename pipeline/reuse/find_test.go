package reuse

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

const passage = "all governments should have an equal role and responsibility for international internet governance and for ensuring stability"

func TestFindOrientation(t *testing.T) {
	tests := []struct {
		name           string
		dateA, dateB   string
		orderA, orderB int
		wantSource     string
	}{
		{name: "earlier date is the source", dateA: "2015-01-09", dateB: "2012-12-14", orderA: 0, orderB: 1, wantSource: "b:1"},
		{name: "year against full date ties, order decides", dateA: "2012", dateB: "2012-12-14", orderA: 1, orderB: 0, wantSource: "b:1"},
		{name: "year-month against full date", dateA: "2012-11", dateB: "2012-12-14", orderA: 1, orderB: 0, wantSource: "a:1"},
		{name: "missing date, order decides", dateA: "", dateB: "2012-12-14", orderA: 0, orderB: 1, wantSource: "a:1"},
		{name: "no dates, order decides", orderA: 5, orderB: 2, wantSource: "b:1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			provs := []Provision{
				{ID: "a:1", DocID: "a", Instrument: "A", Date: tc.dateA, Order: tc.orderA, Text: passage + " one"},
				{ID: "b:1", DocID: "b", Instrument: "B", Date: tc.dateB, Order: tc.orderB, Text: "two " + passage},
			}
			got := Find(provs, Options{})
			if len(got) != 1 || got[0].Source != tc.wantSource {
				t.Fatalf("Find = %+v, want one reuse from %s", got, tc.wantSource)
			}
			r := got[0]
			if r.SourcePassage != passage[strings.Index(passage, "governments"):] || r.SourcePassage != r.TargetPassage {
				t.Errorf("passages %q / %q", r.SourcePassage, r.TargetPassage)
			}
		})
	}
}

func TestFindInputs(t *testing.T) {
	good := Provision{ID: "a:1", DocID: "a", Instrument: "A", Text: passage}
	tests := []struct {
		name  string
		other Provision
		want  int
	}{
		{name: "nil words are tokenized", other: Provision{ID: "b:1", DocID: "b", Instrument: "B", Text: passage}, want: 1},
		{name: "same instrument is not reuse", other: Provision{ID: "b:1", DocID: "b", Instrument: "A", Text: passage}, want: 0},
		{name: "words outside the text are ignored", other: Provision{ID: "b:1", DocID: "b", Instrument: "B", Text: "short",
			Words: []Word{{Text: "equal", Start: 0, End: 99}, {Text: "role", Start: -1, End: 2}, {Text: "responsibility", Start: 3, End: 2}}}, want: 0},
		{name: "words out of order give a sane span", other: Provision{ID: "b:1", DocID: "b", Instrument: "B", Text: passage,
			Words: swapEnds(Tokenize(passage))}, want: 1},
		{name: "empty provision", other: Provision{ID: "b:1", DocID: "b", Instrument: "B"}, want: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Find([]Provision{good, tc.other}, Options{})
			if len(got) != tc.want {
				t.Fatalf("Find = %+v, want %d reuses", got, tc.want)
			}
			for _, r := range got {
				if r.SourceStart > r.SourceEnd || r.TargetStart > r.TargetEnd {
					t.Errorf("inverted span %+v", r)
				}
			}
		})
	}
}

// swapEnds swaps the first and last words, so offsets are no longer increasing.
func swapEnds(w []Word) []Word {
	w = slices.Clone(w)
	w[0], w[len(w)-1] = w[len(w)-1], w[0]
	return w
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"plain", "all governments", []string{"all", "governments"}},
		{"punctuation trimmed", `"over time", (A/68/98) . . . .`, []string{"over", "time", "A/68/98"}},
		{"inner punctuation kept", "[i]nternational civil-society State’s", []string{"i]nternational", "civil-society", "State’s"}},
		{"unicode", "São Paulo  \t\n été", []string{"São", "Paulo", "été"}},
		{"empty", " \n ", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, w := range Tokenize(tc.in) {
				got = append(got, w.Text)
				if tc.in[w.Start:w.End] != w.Text {
					t.Errorf("offsets %d:%d give %q, not %q", w.Start, w.End, tc.in[w.Start:w.End], w.Text)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Tokenize = %q, want %q", got, tc.want)
			}
		})
	}
	if k := wordKey("i]nternational"); k != "international" {
		t.Errorf("wordKey = %q", k)
	}
}

func FuzzTokenize(f *testing.F) {
	f.Add("all governments, [i]nternational")
	f.Add("\xff\xfe a\u0301 \u00a0b")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, w := range Tokenize(s) {
			if w.Start < prev || w.End <= w.Start || w.End > len(s) || s[w.Start:w.End] != w.Text {
				t.Fatalf("bad word %+v in %q", w, s)
			}
			if r, _ := utf8.DecodeRuneInString(w.Text); !isWordRune(r) {
				t.Fatalf("word %q starts with %q", w.Text, r)
			}
			prev = w.End
		}
		// Find and Echoes never panic on arbitrary text.
		provs := []Provision{{ID: "x", DocID: "x", Instrument: "X", Text: s},
			{ID: "y", DocID: "y", Instrument: "Y", Text: s + " " + s}}
		Find(provs, Options{MinScore: 1, MinWords: 1, MinShared: 1})
		Echoes(provs, func(string) bool { return true }, EchoOptions{})
	})
}

func TestEchoesRules(t *testing.T) {
	ref := Provision{ID: "r:1", DocID: "r", Instrument: "R", Date: "2013-06-24", Order: 0,
		Text: "norms derived from existing international law could be developed over time"}
	provs := []Provision{ref,
		{ID: "r:2", DocID: "r", Instrument: "R", Date: "2013-06-24", Order: 0, Text: "of the and"},
		{ID: "early:1", DocID: "early", Instrument: "E", Date: "2011", Order: 1, Text: ref.Text},
		{ID: "same:1", DocID: "same", Instrument: "R", Date: "2014", Order: 2, Text: ref.Text},
		{ID: "late:1", DocID: "late", Instrument: "L", Date: "2015", Order: 3, Text: "unrelated words entirely"},
		{ID: "late:2", DocID: "late", Instrument: "L", Date: "2015", Order: 3, Text: "citing norms derived from existing international law and developed over time"},
	}
	isRef := func(d string) bool { return d == "r" }
	got := Echoes(provs, isRef, EchoOptions{})
	if len(got) != 2 {
		t.Fatalf("Echoes = %+v, want 2 rows (r:1 and r:2 in late)", got)
	}
	if e := got[0]; e.ReferenceProvision != "r:1" || e.TargetDoc != "late" || !e.Echoed || e.BestTargetProvision != "late:2" {
		t.Errorf("row 0 = %+v", e)
	}
	if e := got[1]; e.ReferenceProvision != "r:2" || e.Echoed || e.Score != 0 || e.BestTargetProvision != "" {
		t.Errorf("row 1 (no content words) = %+v", e)
	}
	if got := Echoes(provs, nil, EchoOptions{}); got != nil {
		t.Errorf("nil isReference: %+v", got)
	}
	// Overlap only (negative AlignWeight): every content word of r:1 is in late:2.
	if got := Echoes(provs, isRef, EchoOptions{AlignWeight: -1}); got[0].Score != 1 {
		t.Errorf("overlap-only score %v, want 1", got[0].Score)
	}
	// A threshold above 1 echoes nothing.
	if got := Echoes(provs, isRef, EchoOptions{Threshold: 1.01}); got[0].Echoed {
		t.Errorf("threshold 1.01 still echoed: %+v", got[0])
	}
}

// TestFindWorkers checks that the number of workers changes nothing in Find's result.
func TestFindWorkers(t *testing.T) {
	provs, planted := synthetic(3000, 60, 7)
	want := Find(provs, Options{})
	if len(want) < len(planted)/2 {
		t.Fatalf("one worker found %d reuses of %d planted: the test corpus does not exercise Find", len(want), len(planted))
	}
	for _, tc := range []struct {
		name    string
		workers int
	}{{"two", 2}, {"three", 3}, {"seven", 7}, {"more workers than pairs", 100000}} {
		t.Run(tc.name, func(t *testing.T) {
			got := Find(provs, Options{Workers: tc.workers})
			if !slices.Equal(got, want) {
				t.Errorf("%d workers: %d reuses, one worker %d (or they differ)", tc.workers, len(got), len(want))
			}
		})
	}
}

// TestParallel: parallel covers [0, n) exactly once in contiguous chunks numbered below
// nChunks, on at most the given number of goroutines at a time.
func TestParallel(t *testing.T) {
	for _, tc := range []struct {
		name             string
		n, workers, want int // want: the number of chunks
	}{
		{"one worker", 1000, 1, 1},
		{"too few items to split", 3, 2, 1},
		{"two workers, many items", 1000, 2, 2 * chunksPerWorker},
		{"items for fewer chunks", 9, 2, 4},
		{"empty", 0, 4, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := nChunks(tc.n, tc.workers); got != tc.want {
				t.Fatalf("nChunks(%d, %d) = %d, want %d", tc.n, tc.workers, got, tc.want)
			}
			var mu sync.Mutex
			seen := make([]int, tc.n)
			chunkSeen := map[int]bool{}
			var running, peak atomic.Int32
			parallel(tc.n, tc.workers, func(chunk, lo, hi int) {
				peak.Store(max(peak.Load(), running.Add(1)))
				defer running.Add(-1)
				mu.Lock()
				defer mu.Unlock()
				if chunk < 0 || chunk >= tc.want || chunkSeen[chunk] {
					t.Errorf("chunk %d out of range or repeated", chunk)
				}
				chunkSeen[chunk] = true
				for i := lo; i < hi; i++ {
					seen[i]++
				}
			})
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("item %d processed %d times", i, c)
				}
			}
			if len(chunkSeen) != tc.want {
				t.Errorf("%d chunks ran, want %d", len(chunkSeen), tc.want)
			}
			if p := int(peak.Load()); p > max(tc.workers, 1) {
				t.Errorf("%d chunks ran at once on %d workers", p, tc.workers)
			}
		})
	}
}
