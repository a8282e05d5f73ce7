package lss

import (
	"cmp"
	"github.com/stanceshift/stanceshift/internal/textkey"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/models"
)

// evidenceSort is the evidence selection before the top-k insertion: sort every matched term,
// keep the first m.Evidence. The fast path must agree with it exactly.
func (m *Model) evidenceSort(a *accumulator, n, scale float64) []models.Evidence {
	if m.Evidence <= 0 {
		return nil
	}
	ev := make([]models.Evidence, 0, len(a.hits))
	for _, h := range a.hits {
		ev = append(ev, models.Evidence{
			Term:         m.Terms[h.idx],
			Start:        h.start,
			End:          h.end,
			Count:        h.n,
			Contribution: h.n * m.Polarities[h.idx] / (n * scale),
		})
	}
	slices.SortFunc(ev, func(x, y models.Evidence) int {
		if c := cmp.Compare(math.Abs(y.Contribution), math.Abs(x.Contribution)); c != 0 {
			return c
		}
		return strings.Compare(x.Term, y.Term)
	})
	if len(ev) > m.Evidence {
		ev = slices.Clone(ev[:m.Evidence])
	}
	return ev
}

// evidenceModel is a hand-built model whose polarities come from pol (ties on purpose).
func evidenceModel(terms []string, pol []float64, k int) *Model {
	m := &Model{Terms: terms, Polarities: pol, Evidence: k}
	m.buildIndex()
	return m
}

// checkEvidence compares evidence with evidenceSort for the text's accumulator, bit for bit.
func checkEvidence(t *testing.T, m *Model, words []string, scale float64) {
	t.Helper()
	var a accumulator
	for i, w := range words {
		a.add(m, w, i, i+1)
	}
	r := m.raw(&a)
	got, want := m.evidence(&a, r.n, scale), m.evidenceSort(&a, r.n, scale)
	if len(got) != len(want) {
		t.Fatalf("%d evidence terms, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Term != w.Term || g.Start != w.Start || g.End != w.End ||
			math.Float64bits(g.Count) != math.Float64bits(w.Count) ||
			math.Float64bits(g.Contribution) != math.Float64bits(w.Contribution) {
			t.Fatalf("evidence[%d] = %+v, want %+v", i, g, w)
		}
	}
	if cap(got) != len(got) {
		t.Fatalf("evidence cap %d, len %d: should be exact", cap(got), len(got))
	}
}

func TestEvidenceMatchesFullSort(t *testing.T) {
	terms := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	tests := []struct {
		name  string
		pol   []float64
		k     int
		words []string
		scale float64
	}{
		{"fewer terms than k", []float64{1, -2, 3, 0, 0, 0, 0, 0}, 10, []string{"a", "b", "c"}, 1},
		{"more terms than k", []float64{1, -2, 3, -4, 5, -6, 7, -8}, 3, terms, 1},
		{"ties broken by term", []float64{1, -1, 1, -1, 1, -1, 1, -1}, 3, []string{"h", "g", "f", "e", "d", "c", "b", "a"}, 1},
		{"counts change the order", []float64{1, 2, 3, 4, 0, 0, 0, 0}, 2, []string{"a", "a", "a", "a", "a", "d", "b", "c"}, 2},
		{"zero polarities", []float64{0, 0, 0, 0, 0, 0, 0, 0}, 4, terms, 1},
		{"k is one", []float64{1, -2, 3, -4, 5, -6, 7, -8}, 1, []string{"c", "h", "a"}, 1},
		{"k equals terms", []float64{1, -2, 3, -4, 5, -6, 7, -8}, 8, terms, 1},
		{"zero scale gives infinities and NaN", []float64{1, -2, 0, 0, 5, 0, 0, 0}, 3, terms, 0},
		{"no evidence", []float64{1, 2, 3, 4, 5, 6, 7, 8}, -1, terms, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkEvidence(t, evidenceModel(terms, tc.pol, tc.k), tc.words, tc.scale)
		})
	}
}

// FuzzEvidence: the top-k insertion equals the full sort for any text, k and polarity pattern
// (polarities drawn from a few values so that ties are common).
func FuzzEvidence(f *testing.F) {
	f.Add("a b c d e f g h", 3, uint64(12345))
	f.Add("h h h a a b", 1, uint64(0))
	f.Add("", 10, uint64(7))
	f.Fuzz(func(t *testing.T, text string, k int, seed uint64) {
		terms := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
		vals := []float64{0, 1, -1, 0.5, -0.5, 2}
		pol := make([]float64, len(terms))
		for i := range pol {
			pol[i] = vals[seed%uint64(len(vals))]
			seed /= uint64(len(vals))
		}
		k = k%20 - 2
		checkEvidence(t, evidenceModel(terms, pol, k), strings.Fields(text), 1)
	})
}

func TestLookupFoldMatchesToLower(t *testing.T) {
	m := evidenceModel([]string{"caf\u00e9", "states", "x1"}, []float64{1, 2, 3}, 1)
	var buf [lowerBuf]byte
	long := strings.Repeat("S", lowerBuf+1)
	for _, tok := range []string{"states", "STATES", "States", "CAF\u00c9", "caf\u00e9", "X1", "x1", "", "nope", "\u0130", "K", long, long[:lowerBuf]} {
		t.Run(tok, func(t *testing.T) {
			gi, gok := m.lookupFold(tok, &buf)
			wi, wok := m.lookup(strings.ToLower(tok))
			if gi != wi || gok != wok {
				t.Fatalf("lookupFold(%q) = %d, %v; want %d, %v", tok, gi, gok, wi, wok)
			}
		})
	}
}

// FuzzLookupFold: lookupFold(tok) == lookup(strings.ToLower(tok)) for any token.
func FuzzLookupFold(f *testing.F) {
	for _, s := range []string{"States", "CAF\u00c9", "\u212a", "ab\xffC", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		lower := strings.ToLower(tok)
		m := evidenceModel([]string{lower}, []float64{1}, 1)
		var buf [lowerBuf]byte
		gi, gok := m.lookupFold(tok, &buf)
		if !gok || gi != 0 {
			t.Fatalf("lookupFold(%q) = %d, %v; want 0, true", tok, gi, gok)
		}
	})
}

// FuzzScoreAll: ScoreAll (dense slots from a pool, lookupFold) gives exactly Score for each
// provision and ScoreDocument for all, on a fitted model (whose index lookupFold uses), twice
// in a row so that pooled slots are reused; so do ScoreAllMemoIndexed with TermIndex's answers
// and ScoreAllMemo.
func FuzzScoreAll(f *testing.F) {
	f.Add("The States shall\ncivil SOCIETY and sovereignty\n\nStates States caf\u00e9")
	f.Add("")
	f.Add("civil society\nThe States\ncivil society\n\nstates STATES civil\nThe States")
	var many []string // more texts, and hits, than a block of the memo holds (memoBlock)
	for i := range 3 * memoBlock {
		many = append(many, "states civil society "+strconv.Itoa(i))
	}
	f.Add(strings.Join(many, "\n"))
	sentences := [][]string{
		strings.Fields("states sovereignty national security states"),
		strings.Fields("civil society stakeholders multistakeholder civil"),
		strings.Fields("states civil cooperation caf\u00e9 national"),
		strings.Fields("society stakeholders sovereignty cooperation"),
	}
	m, err := Fit(sentences, map[string]float64{"states": 1, "civil": -1}, Options{K: 2})
	if err != nil {
		f.Fatal(err)
	}
	eq := func(x, y float64) bool {
		return math.Float64bits(x) == math.Float64bits(y) || math.IsNaN(x) && math.IsNaN(y)
	}
	same := func(a, b models.Score) bool {
		return eq(a.Score, b.Score) && eq(a.SE, b.SE) && eq(a.CILow, b.CILow) && eq(a.CIHigh, b.CIHigh) &&
			a.Label == b.Label && eq(a.Confidence, b.Confidence) && reflect.DeepEqual(a.Evidence, b.Evidence)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var provs []models.Text
		for _, line := range strings.Split(text, "\n") {
			provs = append(provs, models.Text{Text: line, Tokens: tokens(line)})
		}
		for pass := range 2 {
			each, doc := m.ScoreAll(provs)
			for i, p := range provs {
				if want := m.Score(p); !same(each[i], want) {
					t.Fatalf("pass %d provision %d: ScoreAll %+v, Score %+v", pass, i, each[i], want)
				}
			}
			if want := m.ScoreDocument(provs); !same(doc, want) {
				t.Fatalf("pass %d document: ScoreAll %+v, ScoreDocument %+v", pass, doc, want)
			}
		}
		// ScoreAllMemoIndexed: the same with the terms of every other provision's tokens given
		// (TermIndex), the others looked up.
		idx := make([][]int32, len(provs))
		for i, p := range provs {
			if i%2 == 0 {
				idx[i] = make([]int32, len(p.Tokens))
				for k, tok := range p.Tokens {
					idx[i][k] = m.TermIndex(tok.Text)
				}
			}
		}
		each, doc := m.ScoreAllMemoIndexed(provs, idx, NewMemo())
		for i, p := range provs {
			if want := m.Score(p); !same(each[i], want) {
				t.Fatalf("indexed provision %d: ScoreAllMemoIndexed %+v, Score %+v", i, each[i], want)
			}
		}
		if want := m.ScoreDocument(provs); !same(doc, want) {
			t.Fatalf("indexed document: ScoreAllMemoIndexed %+v, ScoreDocument %+v", doc, want)
		}
		// ScoreAllMemo: the same with one memo over both passes (the second finds every text,
		// repeated lines are found in the first), each text's evidence the memo's, shared.
		memo := NewMemo()
		for pass := range 2 {
			each, doc := m.ScoreAllMemo(provs, memo)
			for i, p := range provs {
				if want := m.Score(p); !same(each[i], want) {
					t.Fatalf("memo pass %d provision %d: ScoreAllMemo %+v, Score %+v", pass, i, each[i], want)
				}
				if e, _ := memo.kept.Get(p.Text, -1); len(e.score.Evidence) > 0 && &each[i].Evidence[0] != &e.score.Evidence[0] {
					t.Fatalf("memo pass %d provision %d: evidence copied, want the memo's (shared, read-only)", pass, i)
				}
			}
			if want := m.ScoreDocument(provs); !same(doc, want) {
				t.Fatalf("memo pass %d document: ScoreAllMemo %+v, ScoreDocument %+v", pass, doc, want)
			}
		}
		// ScoreAllMemoKeyed: the same with the texts numbered (every provision but the last,
		// which is looked up by text), one memo over both passes, the entries kept by number.
		keys := make([]int32, max(0, len(provs)-1))
		num := map[string]int32{}
		for i := range keys {
			k, ok := num[provs[i].Text]
			if !ok {
				k = int32(len(num))
				num[provs[i].Text] = k
			}
			keys[i] = k
		}
		keyed := NewMemo()
		for pass := range 2 {
			each, doc := m.ScoreAllMemoKeyed(provs, idx, keys, keyed)
			for i, p := range provs {
				if want := m.Score(p); !same(each[i], want) {
					t.Fatalf("keyed pass %d provision %d: ScoreAllMemoKeyed %+v, Score %+v", pass, i, each[i], want)
				}
				if e, _ := keyed.kept.Get(p.Text, textkey.Key(keys, i)); e == nil || len(e.score.Evidence) > 0 && &each[i].Evidence[0] != &e.score.Evidence[0] {
					t.Fatalf("keyed pass %d provision %d: not kept, or evidence copied, want the memo's", pass, i)
				}
			}
			if want := m.ScoreDocument(provs); !same(doc, want) {
				t.Fatalf("keyed pass %d document: ScoreAllMemoKeyed %+v, ScoreDocument %+v", pass, doc, want)
			}
		}
		if n := keyed.kept.Len(); n < len(num) || n > len(num)+1 {
			t.Fatalf("keyed memo: %d entries, for %d numbered texts and at most one by text", n, len(num))
		}
	})
}

// TestSortHitsMatchesSortFunc compares sortHits with the comparison sort it replaced, on both
// sides of sortHitsDirect and with the buffers of an earlier, longer sort reused.
func TestSortHitsMatchesSortFunc(t *testing.T) {
	hits := func(n int, seed uint64) []hit {
		r := rand.New(rand.NewPCG(seed, 7))
		out := make([]hit, n)
		for i, idx := range r.Perm(4 * n)[:n] {
			out[i] = hit{idx: idx, n: float64(i + 1), start: i, end: i + 1}
		}
		return out
	}
	var a accumulator
	for _, tc := range []struct {
		name string
		hits []hit
	}{
		{name: "none"},
		{name: "one", hits: hits(1, 1)},
		{name: "direct", hits: hits(sortHitsDirect, 2)},
		{name: "direct, reversed", hits: func() []hit {
			h := hits(sortHitsDirect, 8)
			slices.SortFunc(h, func(x, y hit) int { return cmp.Compare(y.idx, x.idx) })
			return h
		}()},
		{name: "one past direct", hits: hits(sortHitsDirect+1, 3)},
		{name: "a document's", hits: hits(500, 4)},
		{name: "fewer after more (buffers reused)", hits: hits(40, 5)},
		{name: "sorted already", hits: func() []hit {
			h := hits(30, 6)
			slices.SortFunc(h, func(x, y hit) int { return cmp.Compare(x.idx, y.idx) })
			return h
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := slices.Clone(tc.hits)
			slices.SortFunc(want, func(x, y hit) int { return cmp.Compare(x.idx, y.idx) })
			a.hits = slices.Clone(tc.hits)
			a.sortHits()
			if !slices.Equal(a.hits, want) {
				t.Fatalf("sortHits %v, want %v", a.hits, want)
			}
		})
	}
}
