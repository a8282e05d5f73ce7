package keyphrase

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestKey(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plural", "confidence-building measures", "confidence building measure"},
		{"hyphen-vs-space", "confidence building measure", "confidence building measure"},
		{"case", "Internet Governance", "internet governance"},
		{"ies", "technologies", "technology"},
		{"sses", "processes", "process"},
		{"ss-us-is-kept", "access status basis", "access status basis"},
		{"short-kept", "its gas", "its gas"},
		{"determiners-dropped", "Charter of the United Nations", "charter of united nation"},
		{"brackets-quotes", `"[i]nternational law"`, "international law"},
		{"punctuation-spaces", "seek, receive and impart", "seek receive and impart"},
		{"possessive", "State's", "state"},
		{"invalid-utf8", "a\xffb", "b"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Key(tc.in); got != tc.want {
				t.Errorf("Key(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestExtractMerging(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in        string
		opt       Options
		wantText  string // phrase that must be there
		wantCount int
		notWant   []string
	}{
		{"plural-singular", "confidence-building/JJ measures/NNS help/VBP ./. one/CD confidence-building/JJ measure/NN helps/VBZ",
			Options{}, "confidence-building measures", 2, []string{"confidence-building measure"}},
		{"hyphen-vs-space", "confidence-building/JJ measures/NNS and/CC trust/NN ./. confidence/NN building/NN measures/NNS",
			Options{}, "confidence-building measures", 2, []string{"confidence building measures"}},
		{"case", "Governance/NN matters/VBZ ./. we/PRP discuss/VBP governance/NN",
			Options{}, "governance", 2, nil},
		{"contained-same-count-dropped", "develop/VB confidence-building/JJ measures/NNS",
			Options{}, "confidence-building measures", 1, []string{"measures"}},
		{"contained-kept-when-asked", "develop/VB confidence-building/JJ measures/NNS",
			Options{KeepContained: true}, "measures", 1, nil},
		{"contained-higher-count-kept", "develop/VB confidence-building/JJ measures/NNS ./. other/JJ measures/NNS follow/VBP",
			Options{}, "measures", 2, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, toks := tagged(tc.in)
			ps := Extract(text, toks, nil, nil, tc.opt)
			got := phraseTexts(ps)
			found := false
			for _, p := range ps {
				if p.Text == tc.wantText {
					found = true
					if p.Count != tc.wantCount {
						t.Errorf("%q count %d, want %d", p.Text, p.Count, tc.wantCount)
					}
				}
			}
			if !found {
				t.Errorf("missing %q in %q", tc.wantText, got)
			}
			for _, w := range tc.notWant {
				if has(got, w) {
					t.Errorf("unexpected %q in %q", w, got)
				}
			}
		})
	}
}

func TestExtractScoring(t *testing.T) {
	text, toks := tagged("States/NNPS have/VBP rights/NNS and/CC responsibilities/NNS to/TO protect/VB their/PRP$ information/NN space/NN")
	t.Run("no-idf-formula", func(t *testing.T) {
		ps := Extract(text, toks, nil, nil, Options{})
		got := phraseTexts(ps)
		// States: Pos 1.5 (offset 0), Case 1.25, Len 1 -> 1.875.
		// rights and responsibilities: Pos 1+0.5*(1-12/n), Len 1.25 (two content words).
		// information space: Pos 1+0.5*(1-rel), Len 1.25.
		n := float64(len(text))
		want := []Phrase{
			{Text: "States", Score: 1.875, Count: 1, FirstStart: 0},
			{Text: "rights and responsibilities", Score: (1 + 0.5*(1-12/n)) * 1.25, Count: 1, FirstStart: 12},
			{Text: "information space", Score: (1 + 0.5*(1-57/n)) * 1.25, Count: 1, FirstStart: 57},
		}
		if len(ps) != len(want) {
			t.Fatalf("got %q, want 3 phrases", got)
		}
		for i := range want {
			if ps[i].Text != want[i].Text || math.Abs(ps[i].Score-want[i].Score) > 1e-12 || ps[i].Count != 1 || ps[i].FirstStart != want[i].FirstStart {
				t.Errorf("%d: got %+v, want %+v", i, ps[i], want[i])
			}
		}
	})
	t.Run("idf-lifts-rare-words", func(t *testing.T) {
		idf := func(w string) float64 {
			if w == "states" {
				return 10
			}
			return 1
		}
		got := phraseTexts(Extract(text, toks, nil, idf, Options{}))
		if got[0] != "States" {
			t.Errorf("with a high IDF for states, got %q first", got)
		}
	})
	t.Run("bad-idf-values", func(t *testing.T) {
		for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -5, 0} {
			for _, p := range Extract(text, toks, nil, func(string) float64 { return v }, Options{}) {
				if math.IsNaN(p.Score) || math.IsInf(p.Score, 0) || p.Score <= 0 {
					t.Errorf("idf %v: %q score %v", v, p.Text, p.Score)
				}
			}
		}
	})
	t.Run("topn", func(t *testing.T) {
		if n := len(Extract(text, toks, nil, nil, Options{TopN: 2})); n != 2 {
			t.Errorf("TopN 2 gave %d", n)
		}
		if n := len(Extract(text, toks, nil, nil, Options{TopN: -1, KeepContained: true})); n < 5 {
			t.Errorf("TopN -1 gave only %d", n)
		}
	})
	t.Run("first-start-and-deterministic", func(t *testing.T) {
		a := Extract(text, toks, nil, nil, Options{})
		for i := 0; i < 5; i++ {
			if b := Extract(text, toks, nil, nil, Options{}); !reflect.DeepEqual(a, b) {
				t.Fatalf("run %d differs: %v vs %v", i, a, b)
			}
		}
		for _, p := range a {
			if p.Text == "information space" && text[p.FirstStart:p.FirstStart+len("information")] != "information" {
				t.Errorf("FirstStart %d does not point at the phrase", p.FirstStart)
			}
		}
	})
}

func TestExtractDocument(t *testing.T) {
	t1, k1 := tagged("Internet/NNP governance/NN should/MD be/VB open/JJ")
	t2, k2 := tagged("the/DT free/JJ flow/NN of/IN information/NN supports/VBZ Internet/NNP governance/NN")
	provs := []ProvisionInput{
		input("d:1", 100, t1, k1, nil),
		input("d:2", 200, t2, k2, nil),
	}
	ps := ExtractDocument(provs, nil, Options{})
	if len(ps) == 0 || ps[0].Text != "Internet governance" || ps[0].Count != 2 || ps[0].FirstStart != 100 {
		t.Fatalf("got %+v, want Internet governance first with count 2 at 100", ps)
	}
	for _, p := range ps {
		if p.Text == "free flow of information" && p.FirstStart != 204 {
			t.Errorf("free flow of information at %d, want 204", p.FirstStart)
		}
	}
	if got := ExtractDocument(nil, nil, Options{}); got != nil {
		t.Errorf("empty document gave %v", got)
	}
}

func TestChanges(t *testing.T) {
	p := func(text string, score float64) Phrase { return Phrase{Text: text, Score: score, Count: 1} }
	for _, tc := range []struct {
		name     string
		from, to []Phrase
		want     []Change
	}{
		{"identical", []Phrase{p("a b", 1)}, []Phrase{p("a b", 2)}, nil},
		{"merged-forms-equal", []Phrase{p("confidence building measures", 1)}, []Phrase{p("Confidence-building measure", 1)}, nil},
		{"added-and-dropped", []Phrase{p("information security", 3), p("States", 2)},
			[]Phrase{p("States", 2), p("multistakeholder", 1), p("civil society", 4)},
			[]Change{{"civil society", "added", 4}, {"multistakeholder", "added", 1}, {"information security", "dropped", 3}}},
		{"ties-by-text", nil, []Phrase{p("b", 1), p("a", 1)},
			[]Change{{"a", "added", 1}, {"b", "added", 1}}},
		{"duplicate-keys-once", []Phrase{p("measures", 2), p("measure", 1)}, nil,
			[]Change{{"measures", "dropped", 2}}},
		{"both-empty", nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Changes(tc.from, tc.to)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// ChangesKeyed, with each version's keys found once and used for the pair before it and the
// pair after it, gives what Changes gave before it (changesReference) for every consecutive pair.
func TestChangesKeyedChain(t *testing.T) {
	p := func(text string, score float64) Phrase { return Phrase{Text: text, Score: score, Count: 1} }
	for _, tc := range []struct {
		name     string
		versions [][]Phrase
	}{
		{"kept-added-dropped", [][]Phrase{
			{p("information security", 3), p("States", 2)},
			{p("States", 2), p("multistakeholder", 1), p("civil society", 4)},
			{p("civil society", 4), p("Information Security", 1)},
		}},
		{"duplicate-keys", [][]Phrase{
			{p("measures", 2), p("measure", 1), p("a b", 1)},
			{p("a-b", 1), p("norms", 2), p("norm", 3)},
			{p("measure", 1)},
		}},
		{"empty-versions", [][]Phrase{nil, {p("x", 1)}, nil, nil}},
	} {
		for _, mode := range []string{"by key", "numbered", "mixed"} {
			t.Run(tc.name+" "+mode, func(t *testing.T) { checkChangesChain(t, tc.versions, mode) })
		}
	}
}

// checkChangesChain compares ChangesKeyed over consecutive versions with changesReference, each
// version's Keyed made once: by NewKeyed ("by key"), by NewKeyedNumbered with the keys
// numbered as a Session numbers them, in order of first occurrence over the versions
// ("numbered"), or every other version numbered ("mixed").
func checkChangesChain(t *testing.T, versions [][]Phrase, mode string) {
	t.Helper()
	nums := map[string]int32{}
	keyed := make([]Keyed, len(versions))
	for i, v := range versions {
		if mode == "by key" || mode == "mixed" && i%2 == 1 {
			keyed[i] = NewKeyed(v)
			continue
		}
		keys, kn := make([]string, len(v)), make([]int32, len(v))
		for j, p := range v {
			keys[j] = Key(p.Text)
			n, ok := nums[keys[j]]
			if !ok {
				n = int32(len(nums))
				nums[keys[j]] = n
			}
			kn[j] = n
		}
		keyed[i] = NewKeyedNumbered(v, keys, kn)
	}
	for i := 1; i < len(versions); i++ {
		got, want := ChangesKeyed(keyed[i-1], keyed[i]), changesReference(versions[i-1], versions[i])
		if !reflect.DeepEqual(got, want) {
			t.Errorf("versions %d-%d: got %+v, want %+v", i-1, i, got, want)
		}
	}
}

// FuzzChangesKeyed compares ChangesKeyed, by key, numbered and mixed, with changesReference on
// versions of phrases made of the fuzzer's text: versions split at "|", phrases at ",", a
// phrase's score its length.
func FuzzChangesKeyed(f *testing.F) {
	f.Add("information security,States|States,multistakeholder,civil society|civil society,Information Security")
	f.Add("measures,measure,a b|a-b,norms,norm|measure||x")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		var versions [][]Phrase
		for _, v := range strings.Split(text, "|") {
			var ps []Phrase
			for _, w := range strings.Split(v, ",") {
				if w != "" {
					ps = append(ps, Phrase{Text: w, Score: float64(len(w)), Count: 1})
				}
			}
			versions = append(versions, ps)
		}
		for _, mode := range []string{"by key", "numbered", "mixed"} {
			checkChangesChain(t, versions, mode)
		}
	})
}

// changesReference is Changes as it was before Keyed: each list's keys found in every call.
func changesReference(from, to []Phrase) []Change {
	keys := func(ps []Phrase) map[string]bool {
		m := make(map[string]bool, len(ps))
		for _, p := range ps {
			m[Key(p.Text)] = true
		}
		return m
	}
	fk, tk := keys(from), keys(to)
	var out []Change
	add := func(ps []Phrase, other map[string]bool, kind string) {
		seen := map[string]bool{}
		for _, p := range ps {
			k := Key(p.Text)
			if seen[k] || other[k] {
				continue
			}
			seen[k] = true
			out = append(out, Change{Phrase: p.Text, Change: kind, Score: p.Score})
		}
	}
	add(to, fk, "added")
	add(from, tk, "dropped")
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Change != b.Change {
			return a.Change < b.Change
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Phrase < b.Phrase
	})
	return out
}

// ExtractAll gives exactly what Extract and ExtractDocument give separately: on a few
// provisions with an empty one, and on the 32 provisions of the gold corpus taken as one
// document (ExtractAll finds every provision's candidates before its first ranking; the
// separate calls rank each provision with only its own keys interned).
func TestExtractAllMatchesSeparateCalls(t *testing.T) {
	var gold []string
	for _, r := range readGold(t) {
		gold = append(gold, r.Text)
	}
	for _, tc := range []struct {
		name  string
		texts []string
		opt   Options // the per-provision options; the document's are TopN -1 with its MaxWords
	}{
		{"small", []string{
			"States shall develop confidence-building measures aimed at increasing predictability.",
			"",
			"All States must play the same role in international governance of the Internet. The Internet Governance Forum meets.",
			"Civil society and the private sector take part in Internet governance in their respective roles.",
		}, Options{TopN: 10}},
		{"gold-corpus", gold, Options{TopN: 10}},
		{"gold-corpus-top3", gold, Options{TopN: 3}},
		{"gold-corpus-keep-contained", gold, Options{TopN: 10, KeepContained: true}},
		{"gold-corpus-max-words-3", gold, Options{TopN: 10, MaxWords: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var provs []ProvisionInput
			var tagged [][]Token
			off := 0
			for i, s := range tc.texts {
				toks, sents := proseTag(t, s)
				provs = append(provs, input(fmt.Sprint(i), off, s, toks, sents))
				tagged = append(tagged, toks)
				off += len(s) + 1
			}
			idf := func(w string) float64 { return 1 + float64(len(w)%3) }
			docOpt := Options{TopN: -1, MaxWords: tc.opt.MaxWords, KeepContained: tc.opt.KeepContained}
			per, doc := ExtractAll(provs, idf, tc.opt, docOpt)
			for i, p := range provs {
				want := Extract(p.Text, tagged[i], p.Sentences, idf, tc.opt)
				if !reflect.DeepEqual(per[i], want) {
					t.Errorf("provision %d: %v, want %v", i, per[i], want)
				}
			}
			if want := ExtractDocument(provs, idf, docOpt); !reflect.DeepEqual(doc, want) {
				t.Errorf("document: %v, want %v", doc, want)
			}
			if len(doc) == 0 {
				t.Fatal("no document phrases")
			}
		})
	}
}

// subPhrasesReference lists the sub-phrases of key as cover first found them: the word spans
// collected first, then every span [i, j] but the whole key.
func subPhrasesReference(key string) []string {
	var starts, ends []int
	in := false
	for i := 0; i < len(key); i++ {
		switch {
		case key[i] == ' ' && in:
			ends = append(ends, i)
			in = false
		case key[i] != ' ' && !in:
			starts = append(starts, i)
			in = true
		}
	}
	if in {
		ends = append(ends, len(key))
	}
	var out []string
	for i := range starts {
		for j := i; j < len(ends); j++ {
			if j-i+1 != len(starts) {
				out = append(out, key[starts[i]:ends[j]])
			}
		}
	}
	return out
}

func TestSubPhrases(t *testing.T) {
	for _, tc := range []struct {
		name, key string
		want      []string
	}{
		{"empty", "", nil},
		{"one-word", "law", nil},
		{"two-words", "international law", []string{"international", "law"}},
		{"three-words", "charter of united", []string{"charter", "charter of", "of", "of united", "united"}},
		{"short-words", "a b c d", []string{"a", "a b", "a b c", "b", "b c", "b c d", "c", "c d", "d"}},
		{"repeated-word", "law law", []string{"law", "law"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			subPhrases(tc.key, func(start, end int) { got = append(got, tc.key[start:end]) })
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("subPhrases(%q) = %q, want %q", tc.key, got, tc.want)
			}
			if ref := subPhrasesReference(tc.key); !reflect.DeepEqual(got, ref) {
				t.Errorf("subPhrases(%q) = %q, reference %q", tc.key, got, ref)
			}
		})
	}
}

func FuzzSubPhrases(f *testing.F) {
	for _, s := range []string{"", "law", "international law", "charter of united nation", "a b c d e f g"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key := Key(s) // cover sees only keys: words joined by single spaces
		var got []string
		subPhrases(key, func(start, end int) { got = append(got, key[start:end]) })
		if ref := subPhrasesReference(key); !slices.Equal(got, ref) {
			t.Fatalf("subPhrases(%q) = %q, reference %q", key, got, ref)
		}
	})
}

func TestFreqFactor(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from, to int
	}{
		{"zero", 0, 0},
		{"table", 1, 255},
		{"table-edge", 255, 257},
		{"large", 1 << 20, 1<<20 + 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for n := tc.from; n <= tc.to; n++ {
				if got, want := freqFactor(n), 1+math.Log(float64(n)); got != want && !(math.IsInf(got, -1) && math.IsInf(want, -1)) {
					t.Errorf("freqFactor(%d) = %v, want %v", n, got, want)
				}
			}
		})
	}
}
