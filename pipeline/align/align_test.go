package align

import (
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"
)

var (
	provA = "States shall cooperate in combating criminal and terrorist activities that use information and communications technologies."
	provB = "States shall not use information technologies to interfere in the internal affairs of other States or to undermine their political stability."
	provC = "States shall respect human rights and fundamental freedoms in the information space, including freedom of expression and the right to privacy."
	provD = "States shall promote the role of the United Nations in developing international norms for information security."
	provE = "Disputes shall be settled by peaceful means, refraining from the threat or use of force."
	provX = "States shall develop confidence-building measures aimed at increasing predictability and reducing the risk of conflict."
)

func base(id string, markers string, texts ...string) doc {
	d := doc{id: id}
	for k, t := range texts {
		d.provs = append(d.provs, [2]string{markers[k : k+1], t})
	}
	return d
}

// summary renders pairs as "from>to:status" with the version prefixes dropped.
func summary(pairs []Pair) []string {
	var out []string
	for _, p := range pairs {
		out = append(out, fmt.Sprintf("%s>%s:%s", strip(p.From), strip(p.To), p.Status))
	}
	return out
}

func strip(id string) string {
	if k := strings.LastIndexByte(id, ':'); k >= 0 {
		return id[k+1:]
	}
	return id
}

func TestAlignCases(t *testing.T) {
	bReworded := "States should not use information technologies to interfere in the domestic affairs of other States or to undermine their political, economic and social stability."
	cPart1 := "States shall respect human rights and fundamental freedoms in the information space."
	cPart2 := "This includes freedom of expression and the right to privacy."
	dePlus := provD[:len(provD)-1] + " and shall ensure that disputes are settled by peaceful means, refraining from the threat or use of force."
	cases := []struct {
		name     string
		from, to doc
		want     []string
		check    func(t *testing.T, pairs []Pair)
	}{
		{
			name: "identical",
			from: base("v1", "abcde", provA, provB, provC, provD, provE),
			to:   base("v2", "abcde", provA, provB, provC, provD, provE),
			want: []string{"a>a:unchanged", "b>b:unchanged", "c>c:unchanged", "d>d:unchanged", "e>e:unchanged"},
		},
		{
			name: "reworded",
			from: base("v1", "abc", provA, provB, provC),
			to:   base("v2", "abc", provA, bReworded, provC),
			want: []string{"a>a:unchanged", "b>b:modified", "c>c:unchanged"},
			check: func(t *testing.T, pairs []Pair) {
				p := pairs[1]
				want := "States [-shall-] {+should+} not use information technologies to interfere in the [-internal-] {+domestic+} affairs of other States or to undermine their [-political-] {+political, economic and social+} stability."
				if p.Diff != want {
					t.Errorf("diff\n got %s\nwant %s", p.Diff, want)
				}
				if !reflect.DeepEqual(p.Deleted, []string{"shall", "internal", "political"}) ||
					!reflect.DeepEqual(p.Inserted, []string{"should", "domestic", "political,", "economic", "and", "social"}) ||
					p.WordsAdded != 6 || p.WordsDeleted != 3 {
					t.Errorf("words: +%d %q -%d %q", p.WordsAdded, p.Inserted, p.WordsDeleted, p.Deleted)
				}
				if !(p.Similarity > 0.5 && p.Similarity < 1) || p.Score < DefaultThreshold {
					t.Errorf("similarity %v score %v", p.Similarity, p.Score)
				}
			},
		},
		{
			name: "case and quotes only",
			from: base("v1", "ab", provA, "To protect their “information space”."),
			to:   base("v2", "ab", provA, "to protect  their \"Information space\"."),
			want: []string{"a>a:unchanged", "b>b:unchanged"},
			check: func(t *testing.T, pairs []Pair) {
				// unchanged, yet the word diff is case-sensitive and shows the edits
				if pairs[1].WordsAdded == 0 {
					t.Errorf("diff %q: want the case change visible", pairs[1].Diff)
				}
			},
		},
		{
			name: "inserted",
			from: base("v1", "abcd", provA, provB, provC, provD),
			to:   base("v2", "abxcd", provA, provB, provX, provC, provD),
			want: []string{"a>a:unchanged", "b>b:unchanged", ">x:added", "c>c:unchanged", "d>d:unchanged"},
		},
		{
			name: "removed",
			from: base("v1", "abcde", provA, provB, provC, provD, provE),
			to:   base("v2", "abde", provA, provB, provD, provE),
			want: []string{"a>a:unchanged", "b>b:unchanged", "c>:deleted", "d>d:unchanged", "e>e:unchanged"},
		},
		{
			name: "removed first and last",
			from: base("v1", "abcde", provA, provB, provC, provD, provE),
			to:   base("v2", "bcd", provB, provC, provD),
			want: []string{"a>:deleted", "b>b:unchanged", "c>c:unchanged", "d>d:unchanged", "e>:deleted"},
		},
		{
			name: "swapped",
			from: base("v1", "abcde", provA, provB, provC, provD, provE),
			to:   base("v2", "abcde", provA, provC, provB, provD, provE),
			want: []string{"a>a:unchanged", "c>b:moved", "b>c:unchanged", "d>d:unchanged", "e>e:unchanged"},
			check: func(t *testing.T, pairs []Pair) {
				if !pairs[1].Moved || pairs[2].Moved {
					t.Errorf("Moved flags: %v %v", pairs[1].Moved, pairs[2].Moved)
				}
			},
		},
		{
			name: "last moved to front",
			from: base("v1", "abcde", provA, provB, provC, provD, provE),
			to:   base("v2", "abcde", provE, provA, provB, provC, provD),
			want: []string{"e>a:moved", "a>b:unchanged", "b>c:unchanged", "c>d:unchanged", "d>e:unchanged"},
		},
		{
			name: "split",
			from: base("v1", "abcd", provA, provB, provC, provD),
			to:   base("v2", "abcde", provA, provB, cPart1, cPart2, provD),
			want: []string{"a>a:unchanged", "b>b:unchanged", "c>c:split", "c>d:split", "d>e:unchanged"},
			check: func(t *testing.T, pairs []Pair) {
				if !pairs[2].Primary || pairs[3].Primary {
					t.Errorf("Primary flags: %v %v", pairs[2].Primary, pairs[3].Primary)
				}
			},
		},
		{
			name: "merged",
			from: base("v1", "abcde", provA, provB, provC, provD, provE),
			to:   base("v2", "abcd", provA, provB, provC, dePlus),
			want: []string{"a>a:unchanged", "b>b:unchanged", "c>c:unchanged", "d>d:merged", "e>d:merged"},
			check: func(t *testing.T, pairs []Pair) {
				if !pairs[3].Primary || pairs[4].Primary {
					t.Errorf("Primary flags: %v %v", pairs[3].Primary, pairs[4].Primary)
				}
			},
		},
		{
			name: "renumbered",
			from: base("v1", "abcde", provA, provB, provC, provD, provE),
			to:   base("v2", "12345", provA, provB, provC, provD, provE),
			want: []string{"a>1:unchanged", "b>2:unchanged", "c>3:unchanged", "d>4:unchanged", "e>5:unchanged"},
		},
		{
			name: "renumbered and reordered",
			from: base("v1", "abcde", provA, provB, provC, provD, provE),
			to:   base("v2", "12345", provA, provD, provB, provC, provE),
			want: []string{"a>1:unchanged", "d>2:moved", "b>3:unchanged", "c>4:unchanged", "e>5:unchanged"},
		},
		{
			name: "empty from",
			to:   base("v2", "ab", provA, provB),
			want: []string{">a:added", ">b:added"},
		},
		{
			name: "empty to",
			from: base("v1", "ab", provA, provB),
			want: []string{"a>:deleted", "b>:deleted"},
		},
		{
			name: "both empty",
		},
		{
			name: "unrelated",
			from: base("v1", "a", provA),
			to:   base("v2", "a", provE),
			want: []string{"a>:deleted", ">a:added"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := build(tc.from, tc.to)
			pairs := Align(v[0], v[1], DefaultOptions())
			if got := summary(pairs); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got  %q\nwant %q", got, tc.want)
			}
			if tc.check != nil {
				tc.check(t, pairs)
			}
			checkInvariants(t, v[0], v[1], pairs, DefaultOptions())
		})
	}
}

// checkInvariants checks what every alignment must satisfy.
func checkInvariants(t *testing.T, from, to []Item, pairs []Pair, opt Options) {
	t.Helper()
	fromSeen, toSeen := map[string]bool{}, map[string]bool{}
	primFrom, primTo := map[string]int{}, map[string]int{}
	for _, p := range pairs {
		if !p.Status.Valid() {
			t.Errorf("invalid status %q", p.Status)
		}
		fromSeen[p.From], toSeen[p.To] = true, true
		switch p.Status {
		case Added:
			if p.From != "" || p.To == "" || p.Diff != "" || p.Primary {
				t.Errorf("bad added pair %+v", p)
			}
		case Deleted:
			if p.To != "" || p.From == "" || p.Diff != "" || p.Primary {
				t.Errorf("bad deleted pair %+v", p)
			}
		case Unchanged, Modified, Moved:
			if !p.Primary {
				t.Errorf("one-to-one pair not primary: %+v", p)
			}
			if p.Moved != (p.Status == Moved) {
				t.Errorf("Moved flag %v with status %s", p.Moved, p.Status)
			}
		}
		if p.Primary {
			primFrom[p.From]++
			primTo[p.To]++
			if p.From == "" || p.To == "" || p.Score < opt.resolved().Threshold {
				t.Errorf("bad primary pair %+v", p)
			}
		}
		if p.WordsAdded != len(p.Inserted) || p.WordsDeleted != len(p.Deleted) {
			t.Errorf("word counts disagree: %+v", p)
		}
	}
	for id, k := range primFrom {
		if k > 1 {
			t.Errorf("%s in %d primary pairs", id, k)
		}
	}
	for id, k := range primTo {
		if k > 1 {
			t.Errorf("%s in %d primary pairs", id, k)
		}
	}
	for _, it := range from {
		if !fromSeen[it.ID] {
			t.Errorf("old %s in no pair", it.ID)
		}
	}
	for _, it := range to {
		if !toSeen[it.ID] {
			t.Errorf("new %s in no pair", it.ID)
		}
	}
	// Pairs with a new provision come in new-version order.
	rank := map[string]int{}
	for _, r := range prepare(to).items {
		rank[r.ID] = len(rank)
	}
	last := -1
	for _, p := range pairs {
		if p.To == "" {
			continue
		}
		if rank[p.To] < last {
			t.Errorf("pair %s>%s out of new-version order", p.From, p.To)
		}
		last = rank[p.To]
	}
}

func TestAlignInputOrderIrrelevant(t *testing.T) {
	v := build(base("v1", "abcde", provA, provB, provC, provD, provE), base("v2", "abxde", provA, provB, provX, provD, provE))
	want := Align(v[0], v[1], DefaultOptions())
	rev := func(s []Item) []Item {
		r := make([]Item, len(s))
		for i := range s {
			r[len(s)-1-i] = s[i]
		}
		return r
	}
	if got := Align(rev(v[0]), rev(v[1]), DefaultOptions()); !reflect.DeepEqual(got, want) {
		t.Errorf("reversed input gives a different alignment:\n%q\n%q", summary(got), summary(want))
	}
}

func TestAlignLargeModeAgrees(t *testing.T) {
	v := build(base("v1", "abcde", provA, provB, provC, provD, provE), base("v2", "abxce", provA, provC, provX, provB, provE))
	exact := Align(v[0], v[1], DefaultOptions())
	for _, w := range [][3]float64{{0.85, 0.10, 0.05}, {0.5, 0.3, 0.2}} {
		opt := DefaultOptions()
		opt.WeightCosine, opt.WeightPosition, opt.WeightMarker = w[0], w[1], w[2]
		opt.LargeDoc, opt.MaxCandidates, opt.PositionBand = 2, 2, 1
		ref := opt
		ref.LargeDoc = 1000
		if got, want := Align(v[0], v[1], opt), Align(v[0], v[1], ref); !reflect.DeepEqual(summary(got), summary(want)) {
			t.Errorf("weights %v: restricted %q, exact %q", w, summary(got), summary(want))
		}
	}
	if len(exact) != 6 {
		t.Errorf("got %q", summary(exact))
	}
}

func TestAlignPositionOnly(t *testing.T) {
	// With all weight on position, texts do not matter: same positions pair up.
	v := build(base("v1", "ab", provA, provB), base("v2", "ab", provD, provE))
	opt := DefaultOptions()
	opt.WeightCosine, opt.WeightPosition, opt.WeightMarker = 0, 1, 0
	got := summary(Align(v[0], v[1], opt))
	want := []string{"a>a:modified", "b>b:modified"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestAlignThresholdAndSplitOff(t *testing.T) {
	v := build(base("v1", "abc", provA, provB, provC), base("v2", "abc", provA, "States shall not use information technologies to interfere in other States.", provC))
	opt := DefaultOptions()
	opt.Threshold = 0.99
	got := summary(Align(v[0], v[1], opt))
	want := []string{"a>a:unchanged", "b>:deleted", ">b:added", "c>c:unchanged"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("threshold 0.99: got %q want %q", got, want)
	}
	// Split detection off: the split case of TestAlignCases turns into modified + added.
	v = build(base("v1", "ac", provA, provC), base("v2", "acd", provA,
		"States shall respect human rights and fundamental freedoms in the information space.",
		"This includes freedom of expression and the right to privacy."))
	if got := summary(Align(v[0], v[1], DefaultOptions())); got[2] != "c>d:split" {
		t.Fatalf("default options: %q", got)
	}
	opt = DefaultOptions()
	opt.SplitThreshold = 2
	got = summary(Align(v[0], v[1], opt))
	want = []string{"a>a:unchanged", "c>c:modified", ">d:added"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SplitThreshold 2: got %q want %q", got, want)
	}
}

func TestFold(t *testing.T) {
	cases := []struct {
		name string
		a, b string
		same bool
	}{
		{"case", "States Shall", "states shall", true},
		{"space", " a \t b\n", "a b", true},
		{"double quotes", "“x” „y‟ «z»", `"x" "y" "z"`, true},
		{"single quotes", "State’s ‘x’", "state's 'x'", true},
		{"punctuation differs", "a, b", "a b", false},
		{"word differs", "shall", "should", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := fold(Item{Text: tc.a}) == fold(Item{Text: tc.b}); got != tc.same {
				t.Errorf("fold(%q)=%q fold(%q)=%q", tc.a, fold(Item{Text: tc.a}), tc.b, fold(Item{Text: tc.b}))
			}
			if got := foldEqual(Item{Text: tc.a}, Item{Text: tc.b}); got != tc.same {
				t.Errorf("foldEqual(%q, %q) = %v", tc.a, tc.b, got)
			}
		})
	}
}

func TestOptions(t *testing.T) {
	if err := DefaultOptions().Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
	bad := Options{Threshold: 2, WeightCosine: -1, MoveTolerance: -0.1, LargeDoc: -3}
	err := bad.Validate()
	if err == nil {
		t.Fatal("want an error")
	}
	for _, s := range []string{"align: option Threshold = 2", "WeightCosine = -1", "MoveTolerance", "LargeDoc = -3"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q lacks %q", err, s)
		}
	}
	r := bad.resolved()
	d := DefaultOptions().resolved()
	if r != d {
		t.Errorf("resolved bad options = %+v, want defaults %+v", r, d)
	}
	if z := (Options{}).resolved(); z != d {
		t.Errorf("zero options resolve to %+v", z)
	}
	w := Options{WeightCosine: 3, WeightPosition: 1}.resolved()
	if w.WeightCosine != 0.75 || w.WeightPosition != 0.25 || w.WeightMarker != 0 {
		t.Errorf("weights not normalised: %+v", w)
	}
}

func TestHopelessBelow(t *testing.T) {
	cases := []struct {
		name string
		opt  Options
	}{
		{"defaults", DefaultOptions()},
		{"zero-cosine pairs can match", Options{Threshold: 0.3, WeightCosine: 0.5, WeightPosition: 0.4, WeightMarker: 0.1}},
		{"no cosine weight", Options{Threshold: 0.3, WeightPosition: 0.2, WeightMarker: 0.1}},
		{"threshold 1", Options{Threshold: 1, WeightCosine: 0.85, WeightPosition: 0.1, WeightMarker: 0.05}},
		{"cosine only", Options{Threshold: 0.7, WeightCosine: 1}},
		{"odd weights", Options{Threshold: 0.123456789, WeightCosine: 0.3, WeightPosition: 0.01, WeightMarker: 0.07}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := &aligner{opt: tc.opt.resolved()}
			c := a.hopelessBelow()
			xs := []float64{0, 1, 2, 0.5, 1e-300, 5e-324, math.Nextafter(1, 0)}
			if !math.IsInf(c, 1) {
				xs = append(xs, c, math.Nextafter(c, 0), math.Nextafter(c, 2), math.Nextafter(math.Nextafter(c, 0), 0))
			}
			for k := range 1000 {
				xs = append(xs, float64(k)/999)
			}
			for _, x := range xs {
				if x > 0 && a.hopeless(x) != (x < c) {
					t.Errorf("cut %v: hopeless(%v) = %v", c, x, a.hopeless(x))
				}
			}
			if a.hopeless(0) { // then x >= c is !hopeless(x) for every x
				for _, x := range []float64{0, math.Copysign(0, -1), -1, -1e-300} {
					if x >= c || !a.hopeless(x) {
						t.Errorf("cut %v: %v counts as hopeful", c, x)
					}
				}
			}
		})
	}
}

// permute gives the order a copy in that order gives, and leaves order as the identity.
func TestPermute(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	tests := []struct {
		name  string
		order []int32
	}{
		{"empty", nil},
		{"one", []int32{0}},
		{"identity", []int32{0, 1, 2, 3}},
		{"swap", []int32{1, 0}},
		{"reversed", []int32{4, 3, 2, 1, 0}},
		{"one cycle", []int32{1, 2, 3, 4, 0}},
		{"two cycles and fixed points", []int32{2, 1, 0, 5, 3, 4, 6}},
		{"random 100", func() []int32 {
			o := make([]int32, 100)
			for k, x := range rng.Perm(100) {
				o[k] = int32(x)
			}
			return o
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := make([]Pair, len(tt.order))
			for k := range ps {
				ps[k] = Pair{From: itoa(k), WordsAdded: k}
			}
			want := make([]Pair, len(ps))
			for k, x := range tt.order {
				want[k] = ps[x]
			}
			order := slices.Clone(tt.order)
			permute(ps, order)
			for k := range ps {
				if !reflect.DeepEqual(ps[k], want[k]) {
					t.Fatalf("ps[%d] = %+v, want %+v", k, ps[k], want[k])
				}
				if order[k] != int32(k) {
					t.Fatalf("order[%d] = %d after permute", k, order[k])
				}
			}
		})
	}
}

// TestOrdinalTiesByID: a version is put in Ordinal order, and provisions that share an
// Ordinal in ID order, whatever order they are passed in; the pairs follow that order.
func TestOrdinalTiesByID(t *testing.T) {
	vs := build(base("v1", "abc", provA, provB, provC), base("v2", "abc", provA, provB, provC))
	for _, items := range vs {
		for i := range items {
			items[i].Ordinal = 1
		}
	}
	perms := []struct {
		name  string
		order []int
	}{
		{"ascending ids", []int{0, 1, 2}},
		{"descending ids", []int{2, 1, 0}},
		{"mixed", []int{1, 2, 0}},
	}
	want := []string{"a>a:unchanged", "b>b:unchanged", "c>c:unchanged"}
	for _, p := range perms {
		t.Run(p.name, func(t *testing.T) {
			var from, to []Item
			for _, k := range p.order {
				from = append(from, vs[0][k])
				to = append(to, vs[1][len(p.order)-1-k])
			}
			if got := summary(Align(from, to, DefaultOptions())); !reflect.DeepEqual(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

// TestMovedTieBreak: when two order-preserving chains have the same length and exactly the
// same total score, the one whose last match comes earlier in the old version is kept and the
// others are moved. Unit vectors on distinct terms make every cosine exactly 1 (so the scores
// tie exactly; texts would leave them a rounding apart).
func TestMovedTieBreak(t *testing.T) {
	item := func(v, m string, ord, term int) Item {
		return Item{ID: v + ":" + m, Marker: m, Ordinal: ord, Text: m, Vec: SparseVec{Idx: []int{term}, Val: []float64{1}}}
	}
	cases := []struct {
		name     string
		from, to []Item
		want     []string
		moved    []bool
	}{
		{"two swapped", []Item{item("v1", "a", 1, 0), item("v1", "b", 2, 1)}, []Item{item("v2", "b", 1, 1), item("v2", "a", 2, 0)},
			[]string{"b>b:moved", "a>a:unchanged"}, []bool{true, false}},
		// No tie here: b keeps its relative position, so its chain scores highest.
		{"three reversed", []Item{item("v1", "a", 1, 0), item("v1", "b", 2, 1), item("v1", "c", 3, 2)},
			[]Item{item("v2", "c", 1, 2), item("v2", "b", 2, 1), item("v2", "a", 3, 0)},
			[]string{"c>c:moved", "b>b:unchanged", "a>a:moved"}, []bool{true, false, true}},
		{"first and last swapped", []Item{item("v1", "a", 1, 0), item("v1", "b", 2, 1), item("v1", "c", 3, 2), item("v1", "d", 4, 3)},
			[]Item{item("v2", "d", 1, 3), item("v2", "b", 2, 1), item("v2", "c", 3, 2), item("v2", "a", 4, 0)},
			[]string{"d>d:moved", "b>b:unchanged", "c>c:unchanged", "a>a:moved"}, []bool{true, false, false, true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pairs := Align(c.from, c.to, DefaultOptions())
			if got := summary(pairs); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %q, want %q", got, c.want)
			}
			for k, p := range pairs {
				if p.Moved != c.moved[k] {
					t.Errorf("pair %d Moved = %v, want %v", k, p.Moved, c.moved[k])
				}
			}
		})
	}
}
