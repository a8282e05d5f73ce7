package align

import (
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
)

var fuzzWords = strings.Fields("States shall cooperate information security Internet governance the of and rights weapons")

// fuzzVersions turns bytes into two versions: the first byte is the number of old provisions,
// the second the number of new ones, each later byte picks words (low nibble) and ends a
// provision (high bit), a marker or an ordinal collision.
func fuzzVersions(data []byte) ([]Item, []Item, Options) {
	if len(data) < 2 {
		return nil, nil, DefaultOptions()
	}
	n, m := int(data[0]%9), int(data[1]%9)
	data = data[2:]
	mk := func(id string, count int) doc {
		d := doc{id: id}
		for k := 0; k < count; k++ {
			var ws []string
			for len(data) > 0 {
				b := data[0]
				data = data[1:]
				ws = append(ws, fuzzWords[int(b&0x0f)%len(fuzzWords)])
				if b&0x80 != 0 {
					break
				}
			}
			marker := string(rune('a' + k))
			if k%3 == 2 {
				marker = "1" // repeated marker
			}
			d.provs = append(d.provs, [2]string{marker, strings.Join(ws, " ")})
		}
		return d
	}
	from, to := mk("v1", n), mk("v2", m)
	v := build(from, to)
	opt := DefaultOptions()
	if len(data) > 0 {
		b := data[0]
		opt.WeightPosition = float64(b%4) / 4
		opt.WeightMarker = float64(b/4%4) / 4
		opt.MoveTolerance = float64(b/16%4) / 8
		if b&0x40 != 0 {
			opt.LargeDoc, opt.MaxCandidates = 2, 2 // restricted mode
		}
		if b&0x80 != 0 && len(v[0]) > 0 {
			// a malformed vector: unsorted, duplicated, NaN, mismatched lengths
			v[0][0].Vec = SparseVec{Idx: []int{5, 1, 5, 3}, Val: []float64{1, math.NaN(), 2}}
		}
	}
	return v[0], v[1], opt
}

func FuzzAlign(f *testing.F) {
	f.Add([]byte{3, 3, 0x01, 0x82, 0x03, 0x84, 0x05, 0x86, 0x01, 0x82, 0x03, 0x84, 0x05, 0x86})
	f.Add([]byte{2, 4, 0x01, 0x02, 0x83, 0x04, 0x85, 0x01, 0x82, 0x83, 0x04, 0x85, 0x86, 0xff})
	f.Add([]byte{0, 5, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e})
	f.Add([]byte{5, 0, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e})
	f.Add([]byte{8, 8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0x80, 0x40})
	f.Add([]byte{4, 4, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0xc3})
	f.Fuzz(func(t *testing.T, data []byte) {
		from, to, opt := fuzzVersions(data)
		pairs := Align(from, to, opt)
		checkInvariants(t, from, to, pairs, opt)
		if again := Align(from, to, opt); !reflect.DeepEqual(again, pairs) {
			t.Fatalf("not deterministic:\n%q\n%q", summary(pairs), summary(again))
		}
	})
}

// FuzzAlignVersions checks that prepared versions, each serving several calls (as the new
// version of one pair, then the old version of the next, as a streamed instrument's middle
// versions do), align as Align aligns the items.
func FuzzAlignVersions(f *testing.F) {
	f.Add([]byte{3, 3, 0x01, 0x82, 0x03, 0x84, 0x05, 0x86, 0x01, 0x82, 0x03, 0x84, 0x05, 0x86})
	f.Add([]byte{2, 4, 0x01, 0x02, 0x83, 0x04, 0x85, 0x01, 0x82, 0x83, 0x04, 0x85, 0x86, 0xff})
	f.Add([]byte{0, 5, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e})
	f.Add([]byte{8, 8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0x80, 0x40})
	f.Fuzz(func(t *testing.T, data []byte) {
		from, to, opt := fuzzVersions(data)
		vf, vt := Prepare(from), Prepare(to)
		defer vf.Release()
		defer vt.Release()
		for k, c := range []struct {
			a, b   *Version
			ia, ib []Item
		}{{vf, vt, from, to}, {vt, vf, to, from}, {vt, vt, to, to}, {vf, vt, from, to}} {
			want := Align(c.ia, c.ib, opt)
			if got := AlignVersions(c.a, c.b, opt); !reflect.DeepEqual(got, want) {
				t.Fatalf("call %d: AlignVersions\n%q\nAlign\n%q", k, summary(got), summary(want))
			}
		}
	})
}

// TestAlignVersionsConcurrent aligns two prepared versions from several goroutines at once, each
// call in both directions, the Versions' index built by whichever call comes first (sync.Once),
// and compares every result with Align's.
func TestAlignVersionsConcurrent(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{name: "three items each", data: []byte{3, 3, 0x01, 0x82, 0x03, 0x84, 0x05, 0x86, 0x01, 0x82, 0x03, 0x84, 0x05, 0x86}},
		{name: "eight items each", data: []byte{8, 8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0x80, 0x40}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from, to, opt := fuzzVersions(tc.data)
			want, back := Align(from, to, opt), Align(to, from, opt)
			vf, vt := Prepare(from), Prepare(to)
			var wg sync.WaitGroup
			got := make([][2][]Pair, 8)
			for g := range got {
				wg.Go(func() {
					if g%2 == 0 {
						got[g][0] = AlignVersions(vf, vt, opt)
						got[g][1] = AlignVersions(vt, vf, opt)
					} else {
						got[g][1] = AlignVersions(vt, vf, opt)
						got[g][0] = AlignVersions(vf, vt, opt)
					}
				})
			}
			wg.Wait()
			vf.Release()
			vt.Release()
			for g, r := range got {
				if !reflect.DeepEqual(r[0], want) || !reflect.DeepEqual(r[1], back) {
					t.Fatalf("goroutine %d: AlignVersions differs from Align", g)
				}
			}
		})
	}
}

func TestCosine(t *testing.T) {
	cases := []struct {
		name string
		a, b SparseVec
		want float64
	}{
		{"empty", SparseVec{}, SparseVec{Idx: []int{1}, Val: []float64{1}}, 0},
		{"same", SparseVec{[]int{1, 4}, []float64{3, 4}}, SparseVec{[]int{1, 4}, []float64{3, 4}}, 1},
		{"scaled", SparseVec{[]int{1, 4}, []float64{3, 4}}, SparseVec{[]int{1, 4}, []float64{6, 8}}, 1},
		{"disjoint", SparseVec{[]int{1}, []float64{1}}, SparseVec{[]int{2}, []float64{1}}, 0},
		{"partial", SparseVec{[]int{1, 2}, []float64{1, 1}}, SparseVec{[]int{2, 3}, []float64{1, 1}}, 0.5},
		{"opposite", SparseVec{[]int{1}, []float64{1}}, SparseVec{[]int{1}, []float64{-2}}, -1},
		{"short Val", SparseVec{[]int{1, 2}, []float64{1}}, SparseVec{[]int{1, 2}, []float64{1, 1}}, 1 / math.Sqrt2},
		{"NaN", SparseVec{[]int{1}, []float64{math.NaN()}}, SparseVec{[]int{1}, []float64{1}}, 0},
		{"Inf", SparseVec{[]int{1}, []float64{math.Inf(1)}}, SparseVec{[]int{1}, []float64{1}}, 0},
		{"b starts below a", SparseVec{[]int{2}, []float64{1}}, SparseVec{[]int{1, 2}, []float64{1, 1}}, 1 / math.Sqrt2},
		{"interleaved", SparseVec{[]int{0, 3, 5}, []float64{1, 2, 2}}, SparseVec{[]int{1, 3, 4, 5}, []float64{7, 1, 7, 1}}, 4.0 / (3 * 10)},
		// dot/(|a||b|) rounds to ±1.0000000000000002 for these (checked in float64 with
		// Python); the result is clamped to [-1, 1].
		{"opposite, rounds below -1", SparseVec{[]int{0, 1, 2}, []float64{17, 1.25, 0.3}}, SparseVec{[]int{0, 1, 2}, []float64{-17, -1.25, -0.3}}, -1},
		{"scaled, rounds above 1", SparseVec{[]int{0, 1, 2}, []float64{17, 1.25, 0.3}}, SparseVec{[]int{0, 1, 2}, []float64{34, 2.5, 0.6}}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Cosine(tc.a, tc.b); !(math.Abs(got-tc.want) <= 1e-12) || got < -1 || got > 1 {
				t.Errorf("got %v want %v", got, tc.want)
			}
			if got := dotUnit(clean(tc.a), clean(tc.b)); tc.name != "Inf" && math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("clean+dot: got %v want %v", got, tc.want)
			}
		})
	}
}

// FuzzFoldEqual checks foldEqual against the folded strings it avoids building.
func FuzzFoldEqual(f *testing.F) {
	f.Add("States Shall", "states  shall ", "")
	f.Add(" “x” \t„y‟", `"x" "y"`, "a b")
	f.Add("a\xffb", "a\uFFFDb", "")
	f.Add("", "  ", "x y")
	f.Add("ab \xe2\x80", "ab \xe2\x80\x99", "") // a common prefix that ends inside a rune
	f.Add("  the State", "  the state ", "")
	f.Add(" \u2003 x\u00a0y", " \u2003 X y", "")
	f.Add("a b  c", "a b c d", "")
	f.Fuzz(func(t *testing.T, a, b, words string) {
		x, y := Item{Text: a}, Item{Text: b, Words: strings.Fields(words)}
		for _, p := range [][2]Item{{x, y}, {x, x}, {y, x}, {x, Item{Text: fold(x)}}} {
			if got, want := foldEqual(p[0], p[1]), fold(p[0]) == fold(p[1]); got != want {
				t.Fatalf("foldEqual(%q, %q) = %v, fold gives %q and %q", p[0].Text, p[1].Text, got, fold(p[0]), fold(p[1]))
			}
		}
	})
}

// FuzzFoldMarker checks foldMarker against the calls it skips.
func FuzzFoldMarker(f *testing.F) {
	for _, m := range []string{"", "g", "8", "p1", " P1 ", "G", "\u00a0x", "x\ty", "É", "\xff", "(a)", "~"} {
		f.Add(m)
	}
	f.Fuzz(func(t *testing.T, m string) {
		if got, want := foldMarker(m), strings.ToLower(strings.TrimSpace(m)); got != want {
			t.Fatalf("foldMarker(%q) = %q, want %q", m, got, want)
		}
	})
}

func FuzzMarkerKey(f *testing.F) {
	for _, c := range [][2]string{{"", ""}, {"", "a"}, {"a", "a\x00"}, {"p1", "p1"}, {"1234567", "12345678"},
		{"12345678", "12345678"}, {"annex-iii-b", "annex-iii-c"}, {"\x00", ""}, {"ä", "ä"}} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, x, y string) {
		kx, ky := markerKey(x), markerKey(y)
		if (kx == 0) != (x == "") {
			t.Errorf("markerKey(%q) = %#x", x, kx)
		}
		if got := sameMarker(kx, ky, x, y); got != (x == y) {
			t.Errorf("sameMarker(%#x, %#x, %q, %q) = %v", kx, ky, x, y, got)
		}
		if !sameMarker(kx, kx, x, x) {
			t.Errorf("%q is not the same marker as itself", x)
		}
	})
}
