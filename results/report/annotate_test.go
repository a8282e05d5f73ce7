package report

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestCoverIndex: coverIndex.appendAt gives what coverAt gives, offset by offset, including
// offsets outside the text, spans past its ends, empty and nested spans; the random cases
// build their indexes with one coverScratch, as a page does.
func TestCoverIndex(t *testing.T) {
	for _, tc := range []struct {
		name  string
		n     int
		spans []span
	}{
		{"no spans", 10, nil},
		{"empty text", 0, []span{{Start: 0, End: 3}}},
		{"one span", 10, []span{{Start: 2, End: 5}}},
		{"nested and touching", 20, []span{{Start: 0, End: 20}, {Start: 3, End: 8}, {Start: 8, End: 12}, {Start: 5, End: 6}}},
		{"empty and reversed spans", 10, []span{{Start: 4, End: 4}, {Start: 7, End: 2}, {Start: 1, End: 3}}},
		{"spans past both ends", 10, []span{{Start: -5, End: 2}, {Start: 8, End: 30}, {Start: 12, End: 15}}},
		{"duplicates", 10, []span{{Start: 1, End: 4}, {Start: 1, End: 4}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkCover(t, tc.spans, tc.n, &coverScratch{})
		})
	}
	t.Run("random", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		// small blocks: indexes share them, and some need more than a block
		sc := coverScratch{blockLen: 64}
		type built struct {
			spans []span
			n     int
			c     *coverIndex
		}
		var all []built
		for range 300 {
			n := rng.IntN(80)
			spans := make([]span, rng.IntN(12))
			for i := range spans {
				a := rng.IntN(n+10) - 5
				spans[i] = span{Start: a, End: a + rng.IntN(20)}
			}
			all = append(all, built{spans, n, checkCover(t, spans, n, &sc)})
		}
		for _, b := range all { // unchanged by the indexes built after them
			checkCoverIndex(t, b.c, b.spans, b.n)
		}
	})
}

// checkCover builds the index of spans over a text of n bytes with sc, checks it and returns it.
func checkCover(t *testing.T, spans []span, n int, sc *coverScratch) *coverIndex {
	t.Helper()
	c := newCoverIndexWith(spans, n, sc)
	checkCoverIndex(t, c, spans, n)
	return c
}

func checkCoverIndex(t *testing.T, c *coverIndex, spans []span, n int) {
	t.Helper()
	for off := -2; off < n+25; off++ {
		for _, base := range []int{0, 7} {
			want := coverAt([]int{99}, spans, off, base)
			if got := c.appendAt([]int{99}, off, base); !slices.Equal(got, want) {
				t.Fatalf("spans %v, n %d, offset %d, base %d: %v, coverAt %v", spans, n, off, base, got, want)
			}
		}
	}
}

// TestRenderMemo: renderDiff and renderText, which reuse the last byte's annotation while the
// cover sets do not change (renderDiff a run of white space or a word at a time), give the
// pieces of the plain per-byte computation (coverAt and joinSpans for every byte), on random
// texts, diffs whose white space differs from the texts' and diffs that do not spell a text, and
// unchanged texts with the same annotations on both sides.
func TestRenderMemo(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	words := []string{"States", "shall", "cooperate", "é", "ICT", "  ", "\n", "all", "stakeholders", "\xff", "—"}
	spaces := []string{" ", "\n", "\t ", "\r\n", ""}
	randText := func() string {
		var b []byte
		for range rng.IntN(12) {
			if len(b) > 0 {
				b = append(b, ' ')
			}
			b = append(b, words[rng.IntN(len(words))]...)
		}
		return string(b)
	}
	// respace gives s other white space (the texts a diff spells may differ from it there).
	respace := func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == ' ' && rng.IntN(3) == 0 {
				b.WriteString(spaces[rng.IntN(len(spaces)-1)])
				continue
			}
			b.WriteByte(s[i])
		}
		return b.String()
	}
	randSpans := func(n int) []span {
		ss := make([]span, rng.IntN(6))
		for i := range ss {
			a := rng.IntN(n+6) - 3
			ss[i] = span{Start: a, End: a + rng.IntN(15), Class: []string{"ent ent-org", "con", "kp", "ev ev-sc"}[rng.IntN(4)], Title: words[rng.IntN(3)]}
		}
		return ss
	}
	for i := range 2000 {
		// A diff of two texts: equal, deleted and inserted runs.
		var segs []Segment
		var from, to string
		for range rng.IntN(5) + 1 {
			w := randText()
			op := []Op{Equal, Delete, Insert}[rng.IntN(3)]
			sp := spaces[rng.IntN(len(spaces))]
			segs = append(segs, Segment{Op: op, Text: w + sp})
			if op != Insert {
				from += w + sp
			}
			if op != Delete {
				to += w + sp
			}
		}
		if i%2 == 1 {
			from, to = respace(from), respace(to)
		}
		switch i % 7 {
		case 3:
			from += "x"
		case 5:
			to = "x" + to
		}
		checkRenderDiff(t, segs, from, to, randSpans(len(from)), randSpans(len(to)))
		// An unchanged provision whose versions have the same annotations (a word's answer is
		// either side's alone), or all but one title.
		same := randSpans(len(to))
		other := slices.Clone(same)
		if len(other) > 0 {
			other[len(other)-1].Title = "other"
		}
		checkRenderDiff(t, []Segment{{Op: Equal, Text: to}}, to, to, same, same)
		checkRenderDiff(t, []Segment{{Op: Equal, Text: to}}, to, to, same, other)
		text := randText()
		spans := randSpans(len(text))
		got := renderText("eq", text, spans)
		want := pieces(text, plainKey(spans, func(b int) []int { return coverAt(nil, spans, b, 0) }))
		if !slices.Equal(got.Pieces, want) {
			t.Fatalf("case %d, text %q: %+v, want %+v", i, text, got.Pieces, want)
		}
	}
}

// FuzzRenderDiff: renderDiff gives the pieces of the per-byte computation for any diff, the
// texts it spells (their white space changed when respace is set, or either text changed by a
// suffix) and spans on both.
func FuzzRenderDiff(f *testing.F) {
	for _, s := range []string{"", "a [-b-] {+c+} d", "All States {+must+} [-should-] play a role", "é[-ü-]{+ß+} x", "[-a\n-]{+\tb+}", "\xff [-\xe2\x80-] x"} {
		f.Add(s, false, "", 0, 3, 1, 9)
		f.Add(s, true, "", 2, 6, 0, 4)
	}
	f.Add("a b c", false, "d", 0, 1, 0, 1)
	f.Fuzz(func(t *testing.T, diff string, respace bool, suffix string, a, b, c, d int) {
		segs := ParseDiff(diff)
		var from, to strings.Builder
		for _, sg := range segs {
			if sg.Op != Insert {
				from.WriteString(sg.Text)
			}
			if sg.Op != Delete {
				to.WriteString(sg.Text)
			}
		}
		fromText, toText := from.String(), to.String()+suffix
		if respace {
			fromText = strings.ReplaceAll(fromText, " ", "\n ")
			toText = strings.ReplaceAll(toText, " ", "")
		}
		fs := []span{{a, b, "ent ent-org", "x"}, {b, a + 4, "con", "y"}}
		ts := []span{{c, d, "con", "y"}, {0, c, "ent ent-org", "x"}, {d, d + 2, "ev ev-sc", ""}}
		checkRenderDiff(t, segs, fromText, toText, fs, ts)
	})
}

// checkRenderDiff compares renderDiff with the per-byte computation: mapSide's positions, coverAt
// and joinSpans for every byte, pieces.
func checkRenderDiff(t *testing.T, segs []Segment, from, to string, fs, ts []span) {
	t.Helper()
	views, fok, tok := renderDiff(segs, from, to, fs, ts)
	fromPos, wantFOK := mapSide(segs, from, Insert)
	toPos, wantTOK := mapSide(segs, to, Delete)
	if fok != wantFOK || tok != wantTOK {
		t.Fatalf("diff %q, texts %q, %q: spelled %v, %v, want %v, %v", FormatDiff(segs), from, to, fok, tok, wantFOK, wantTOK)
	}
	all := append(append([]span(nil), fs...), ts...)
	for k, sg := range segs {
		want := pieces(sg.Text, plainKey(all, func(b int) []int {
			var idx []int
			if fok {
				idx = coverAt(idx, fs, fromPos[k][b], 0)
			}
			if tok {
				idx = coverAt(idx, ts, toPos[k][b], len(fs))
			}
			return idx
		}))
		if !slices.Equal(views[k].Pieces, want) {
			t.Fatalf("diff %q, texts %q, %q, spans %v, %v, segment %d %q: %+v, want %+v", FormatDiff(segs), from, to, fs, ts, k, sg.Text, views[k].Pieces, want)
		}
	}
}

// plainKey is pieces' key from joinSpans of the spans at the indexes off gives for a byte.
func plainKey(spans []span, off func(b int) []int) func(b int) (string, string) {
	return func(b int) (string, string) {
		var ss []span
		for _, i := range off(b) {
			ss = append(ss, spans[i])
		}
		return joinSpans(ss)
	}
}

// mapSide maps the bytes of the diff segments that belong to one version (Equal plus Delete for
// the earlier, Equal plus Insert for the later) onto that version's text, as renderDiff did
// before it walked the texts beside the segments (sideCursor). The diff and the text may differ
// in white space only; every other byte must match in order. pos[k][j] is the offset in text of
// byte j of segment k, or -1 (white space, or a segment of the other version). ok is false when
// the diff does not spell the text.
func mapSide(segs []Segment, text string, other Op) (pos [][]int, ok bool) {
	pos = make([][]int, len(segs))
	t := 0
	for k, sg := range segs {
		p := make([]int, len(sg.Text))
		for j := range p {
			p[j] = -1
		}
		pos[k] = p
		if sg.Op == other {
			continue
		}
		for j := 0; j < len(sg.Text); j++ {
			c := sg.Text[j]
			if isSpace(c) {
				continue
			}
			for t < len(text) && isSpace(text[t]) {
				t++
			}
			if t >= len(text) || text[t] != c {
				return nil, false
			}
			p[j] = t
			t++
		}
	}
	for t < len(text) && isSpace(text[t]) {
		t++
	}
	return pos, t == len(text)
}

// TestValidSpans: the spans that fit the text, in order, and the number dropped; with none
// dropped, the slice given.
func TestValidSpans(t *testing.T) {
	text := "São Paulo" // "ã" is bytes 1-2
	for _, tc := range []struct {
		name  string
		spans []span
		want  []span
		bad   int
	}{
		{"none", nil, nil, 0},
		{"all valid", []span{{0, 4, "a", ""}, {5, 10, "b", ""}}, []span{{0, 4, "a", ""}, {5, 10, "b", ""}}, 0},
		{"first dropped", []span{{-1, 3, "a", ""}, {5, 10, "b", ""}}, []span{{5, 10, "b", ""}}, 1},
		{"middle ones dropped", []span{{0, 4, "a", ""}, {0, 2, "mid-rune", ""}, {4, 4, "empty", ""}, {5, 11, "past end", ""}, {4, 5, "c", ""}},
			[]span{{0, 4, "a", ""}, {4, 5, "c", ""}}, 3},
		{"all dropped", []span{{3, 2, "reversed", ""}}, []span{}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, bad := validSpans(text, tc.spans)
			if !slices.Equal(got, tc.want) || bad != tc.bad {
				t.Fatalf("validSpans = %v, %d; want %v, %d", got, bad, tc.want, tc.bad)
			}
			if bad == 0 && len(got) > 0 && &got[0] != &tc.spans[0] {
				t.Errorf("no span dropped, but a copy returned")
			}
		})
	}
}

// TestPieceArenaShared: rows rendered through one pieceArena (as a page's rows are) keep the
// pieces each gets from an arena of its own, after every row is rendered: segments that fill a
// block move to the next, and a segment of more pieces than a block gets a larger one.
func TestPieceArenaShared(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	words := []string{"States", "shall", "cooperate", "é", "ICT", "all", "stakeholders"}
	type row struct {
		segs     []Segment
		from, to string
		fs, ts   []span
		views    []segView
	}
	var shared pieceArena
	var rows []row
	for i := range 400 {
		n := rng.IntN(40) + 1
		if i%50 == 7 {
			n = 3 * pieceBlock // one segment of more pieces than a block
		}
		var segs []Segment
		var from, to strings.Builder
		for range rng.IntN(4) + 1 {
			var b strings.Builder
			for range n {
				b.WriteString(words[rng.IntN(len(words))])
				b.WriteByte(' ')
			}
			op := []Op{Equal, Delete, Insert}[rng.IntN(3)]
			segs = append(segs, Segment{Op: op, Text: b.String()})
			if op != Insert {
				from.WriteString(b.String())
			}
			if op != Delete {
				to.WriteString(b.String())
			}
		}
		// A span on every other word, so most words are pieces of their own.
		spansOf := func(text string) []span {
			var ss []span
			for w, s := range strings.Split(text, " ") {
				if w%2 == 0 && s != "" {
					start := strings.Index(text, s)
					ss = append(ss, span{Start: start, End: start + len(s), Class: "con", Title: s})
				}
			}
			return ss
		}
		r := row{segs: segs, from: from.String(), to: to.String()}
		r.fs, r.ts = spansOf(r.from), spansOf(r.to)
		r.views, _, _ = renderDiffCovered(r.segs, r.from, r.to, r.fs, r.ts, nil, nil, &shared)
		rows = append(rows, r)
	}
	for i, r := range rows {
		want, _, _ := renderDiff(r.segs, r.from, r.to, r.fs, r.ts)
		if len(r.views) != len(want) {
			t.Fatalf("row %d: %d segments, want %d", i, len(r.views), len(want))
		}
		for k := range want {
			if r.views[k].Op != want[k].Op || !slices.Equal(r.views[k].Pieces, want[k].Pieces) {
				t.Fatalf("row %d, segment %d: %+v, want %+v", i, k, r.views[k], want[k])
			}
		}
	}
}

// FuzzFindTermWords: findTermWords, given the text's words, finds what findTermLower finds
// searching the text (appended after the matches it is given): words, stems, globs, phrases,
// terms with punctuation, Unicode and invalid UTF-8 in either.
func FuzzFindTermWords(f *testing.F) {
	for _, s := range [][2]string{
		{"All States must", "states"}, {"statesman", "states"}, {"states statesman", "states"},
		{"the same role in", "same role"}, {"equal responsibility for", "equal responsibilit*"},
		{"Internet and internet", "internet"}, {"abc", "*"}, {"São Paulo", "paulo"}, {"abc", "xyz"},
		{"multi-stakeholder model", "multi-stakeholder"}, {"ICT4D, ict", "ict*"}, {"\xc3é\xe2\x80a ea", "ea"},
		{"İstanbul istanbul", "istanbul"}, {"a1 a12 1a", "a1"}, {"x  y", " y "},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, text, term string) {
		lt := strings.ToLower(text)
		before := [][2]int{{-1, -1}}
		got := findTermWords(slices.Clone(before), text, lt, textWords(nil, lt), term)
		want := findTermLower(slices.Clone(before), text, lt, term)
		if !slices.Equal(got, want) {
			t.Fatalf("text %q, term %q: %v, findTermLower %v", text, term, got, want)
		}
	})
}

// TestRenderedTextRenders: a row's rendered diff is shared only with rows of equal texts and
// equal annotations on both sides.
func TestRenderedTextRenders(t *testing.T) {
	ent := span{0, 6, "ent ent-state", "entity STATE x"}
	con := span{7, 12, "con", "concept c"}
	rt := &renderedText{fromText: "States agree.", toText: "States agree!", fromSpans: []span{ent, con}, toSpans: []span{ent}}
	for _, tc := range []struct {
		name             string
		fromText, toText string
		fromSpans        []span
		toSpans          []span
		want             bool
	}{
		{"equal copies", "States agree.", "States agree!", []span{{0, 6, "ent ent-state", "entity STATE x"}, con}, []span{ent}, true},
		{"other earlier text", "States agree!", "States agree!", []span{ent, con}, []span{ent}, false},
		{"other later text", "States agree.", "States agree.", []span{ent, con}, []span{ent}, false},
		{"other order", "States agree.", "States agree!", []span{con, ent}, []span{ent}, false},
		{"other title", "States agree.", "States agree!", []span{ent, {7, 12, "con", "concept d"}}, []span{ent}, false},
		{"other end", "States agree.", "States agree!", []span{ent, {7, 11, "con", "concept c"}}, []span{ent}, false},
		{"sides swapped", "States agree.", "States agree!", []span{ent}, []span{ent, con}, false},
		{"no later spans", "States agree.", "States agree!", []span{ent, con}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := rt.renders(tc.fromText, tc.toText, tc.fromSpans, tc.toSpans); got != tc.want {
				t.Errorf("renders = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestSpanArena: copies equal their originals, survive later copies and appends to them, and a
// slice longer than a block gets its own.
func TestSpanArena(t *testing.T) {
	var ar spanArena
	mk := func(n, base int) []span {
		ss := make([]span, n)
		for i := range ss {
			ss[i] = span{Start: base + i, End: base + i + 1, Class: "con", Title: fmt.Sprint(base + i)}
		}
		return ss
	}
	if got := ar.copy(nil); got != nil {
		t.Errorf("copy(nil) = %v, want nil", got)
	}
	var kept [][]span
	var want [][]span
	for i, n := range []int{3, 1, spanBlock - 2, 5, 2 * spanBlock, 7} {
		ss := mk(n, 10000*i)
		c := ar.copy(ss)
		if cap(c) != len(c) {
			t.Errorf("copy %d: capacity %d, length %d", i, cap(c), len(c))
		}
		ss[0].Title = "changed" // the copy is not the original
		_ = append(c, span{Class: "x"})
		kept, want = append(kept, c), append(want, mk(n, 10000*i))
	}
	for i := range kept {
		if !slices.Equal(kept[i], want[i]) {
			t.Errorf("copy %d changed", i)
		}
	}
}

// toLowerSeeds are texts of FuzzToLower: ASCII of every length around eight, every ASCII
// byte, the bytes around 'A' and 'Z', non-ASCII and invalid UTF-8 at either end.
var toLowerSeeds = []string{"", "a", "A", "@[`{", "AZaz@[`{", "Member States SHALL", "The ITU-T's Study Group 17 (SG17)",
	"\x00\x7f ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz", "ÉTATS membres", "States — Members", "STATES\xff", "\xffSTATES",
	"ALREADY lower AFTER eight bytes Ä", "İSTANBUL", "ǅ"}

// FuzzToLower: toLower(s, buf) is strings.ToLower(s), whatever buf held.
func FuzzToLower(f *testing.F) {
	for _, s := range toLowerSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkToLower(t, s)
	})
}

// TestToLower runs FuzzToLower's check on its seeds and on random strings of ASCII bytes, with
// a few non-ASCII ones.
func TestToLower(t *testing.T) {
	for _, s := range toLowerSeeds {
		checkToLower(t, s)
	}
	rng := rand.New(rand.NewPCG(13, 14))
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = byte(rng.IntN(128))
			if rng.IntN(200) == 0 {
				b[i] = byte(rng.IntN(256))
			}
		}
		checkToLower(t, string(b))
	}
}

func checkToLower(t *testing.T, s string) {
	t.Helper()
	buf := []byte("an earlier text, longer than most")
	got, buf := toLower(s, buf)
	if want := strings.ToLower(s); got != want {
		t.Fatalf("toLower(%q) = %q, want %q", s, got, want)
	}
	if got, _ := toLower(s, buf); got != strings.ToLower(s) { // the buffer reused
		t.Fatalf("toLower(%q) with its buffer again = %q", s, got)
	}
}

// textWordsByRune is textWords as it was (annotate.go at d238f8d): one loop over the runes,
// asking of each whether a word starts or ends there; the reference FuzzTextWords compares
// textWords with.
func textWordsByRune(dst [][2]int, lt string) [][2]int {
	start := -1
	for i := 0; i < len(lt); {
		c, size := lt[i], 1
		word := asciiWord[c&0x7f]
		if c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(lt[i:])
			word = isWordRune(r)
		}
		if word {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			dst = append(dst, [2]int{start, i})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		dst = append(dst, [2]int{start, len(lt)})
	}
	return dst
}

// FuzzTextWords: textWords finds the words textWordsByRune finds (appended after the ones it is
// given), in ASCII, Unicode letters and digits, other runes and invalid UTF-8.
func FuzzTextWords(f *testing.F) {
	for _, s := range []string{"", "a", " ", "all states, must", "  two  spaces  ", "são paulo", "x—y", "a\xffb", "\xc3", "é",
		"ict4d 2025", "end.", "İstanbul ǅ", "a\u00a0b", "日本語 text"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		before := [][2]int{{-1, -1}}
		if got, want := textWords(slices.Clone(before), s), textWordsByRune(slices.Clone(before), s); !slices.Equal(got, want) {
			t.Fatalf("textWords(%q) = %v, want %v", s, got, want)
		}
	})
}

// TestTextWords runs FuzzTextWords' check on random strings of word bytes, spaces,
// punctuation, non-ASCII letters and invalid bytes.
func TestTextWords(t *testing.T) {
	parts := []string{"a", "Z", "7", " ", ",", "-", "é", "—", "\xff", "\xc3", "日", "\u00a0", "ǅ"}
	rng := rand.New(rand.NewPCG(15, 16))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(20) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		if got, want := textWords(nil, s), textWordsByRune(nil, s); !slices.Equal(got, want) {
			t.Fatalf("textWords(%q) = %v, want %v", s, got, want)
		}
	}
}
