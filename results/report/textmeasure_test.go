package report

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// joinSpansMaps is joinSpans as it was before its fast path: the reference it must agree with.
func joinSpansMaps(ss []span) (string, string) {
	if len(ss) == 0 {
		return "", ""
	}
	classes := map[string]bool{}
	titles := map[string]bool{}
	for _, s := range ss {
		for _, c := range strings.Fields(s.Class) {
			classes[c] = true
		}
		if s.Title != "" {
			titles[s.Title] = true
		}
	}
	keys := func(m map[string]bool) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	return strings.Join(keys(classes), " "), strings.Join(keys(titles), "; ")
}

func TestJoinSpansMatchesMaps(t *testing.T) {
	for _, tc := range []struct {
		name string
		ss   []span
	}{
		{"none", nil},
		{"one canonical", []span{{Class: "ent ent-org", Title: "Org"}}},
		{"one field", []span{{Class: "kp"}}},
		{"empty class", []span{{Class: "", Title: "t"}}},
		{"unsorted fields", []span{{Class: "ent-org ent", Title: "Org"}}},
		{"duplicate fields", []span{{Class: "con con"}}},
		{"double space", []span{{Class: "a  b"}}},
		{"leading space", []span{{Class: " a"}}},
		{"trailing space", []span{{Class: "a "}}},
		{"tab", []span{{Class: "a\tb"}}},
		{"non-ASCII space", []span{{Class: "a\u00a0b"}}},
		{"non-ASCII field", []span{{Class: "é"}}},
		{"two spans", []span{{Class: "kp", Title: "b"}, {Class: "con", Title: "a"}}},
		{"two spans same title", []span{{Class: "kp", Title: "a"}, {Class: "kp", Title: "a"}}},
		{"titles empty and not", []span{{Class: "kp"}, {Class: "ent ent-org", Title: "x"}}},
		{"past the stack buffer", []span{{Class: "ev ev-ms", Title: strings.Repeat("evidence (lss): term, multistakeholder ", 5)},
			{Class: "con " + strings.Repeat("c", 300), Title: strings.Repeat("concept x ", 20)}, {Class: "reuse", Title: "text reused from a"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gc, gt := joinSpans(tc.ss)
			wc, wt := joinSpansMaps(tc.ss)
			if gc != wc || gt != wt {
				t.Errorf("joinSpans = %q, %q; want %q, %q", gc, gt, wc, wt)
			}
		})
	}
}

func FuzzJoinSpans(f *testing.F) {
	f.Add("ent ent-org", "Org", "con", "")
	f.Add("b a", "", " x  y ", "t")
	f.Add("é\u00a0x", "t", "", "t")
	f.Fuzz(func(t *testing.T, c1, t1, c2, t2 string) {
		for _, ss := range [][]span{{{Class: c1, Title: t1}}, {{Class: c1, Title: t1}, {Class: c2, Title: t2}}} {
			gc, gt := joinSpans(ss)
			wc, wt := joinSpansMaps(ss)
			if gc != wc || gt != wt {
				t.Fatalf("joinSpans(%+v) = %q, %q; want %q, %q", ss, gc, gt, wc, wt)
			}
		}
	})
}

// TestMeasuredTextMatchesPlain: measuredText's Box and Draw give text.Plain's, for single and
// multi-line strings, fonts and sizes, asked twice (the second answer from the cache), and a
// chart drawn with it is the same SVG as one drawn with text.Plain.
func TestMeasuredTextMatchesPlain(t *testing.T) {
	pl, ok := plot.DefaultTextHandler.(text.Plain)
	if !ok {
		t.Fatalf("plot.DefaultTextHandler is %T, not text.Plain", plot.DefaultTextHandler)
	}
	m := measuredText{pl}
	bold := font.From(plot.DefaultFont, 12)
	bold.Weight = xfont.WeightBold
	fonts := []font.Font{font.From(plot.DefaultFont, 10), font.From(plot.DefaultFont, 12), bold}
	for _, tc := range []struct{ name, txt string }{
		{"empty", ""},
		{"word", "provisions"},
		{"kerned", "AVATAR To Wa"},
		{"number", "-0.25"},
		{"non-ASCII", "stance score, − multistakeholder é"},
		{"multi-line", "earlier\nversion\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, fnt := range fonts {
				for range 2 {
					w, h, d := m.Box(tc.txt, fnt)
					ww, wh, wd := pl.Box(tc.txt, fnt)
					if w != ww || h != wh || d != wd {
						t.Fatalf("font %v: Box = %v %v %v; want %v %v %v", fnt, w, h, d, ww, wh, wd)
					}
					if e, we := m.Extents(fnt), pl.Extents(fnt); e != we {
						t.Fatalf("font %v: Extents = %v; want %v", fnt, e, we)
					}
				}
				draw := func(h text.Handler) string {
					c := vgsvg.New(vg.Points(200), vg.Points(100))
					sty := text.Style{Font: fnt, Handler: h, XAlign: text.XCenter, YAlign: text.YCenter, Rotation: 0.5}
					h.Draw(c, tc.txt, sty, vg.Point{X: 50, Y: 40})
					var b strings.Builder
					if _, err := c.WriteTo(&b); err != nil {
						t.Fatal(err)
					}
					return b.String()
				}
				if got, want := draw(m), draw(pl); got != want {
					t.Errorf("font %v: Draw differs from text.Plain's", fnt)
				}
			}
		})
	}
	// A whole plot, every text style through measureText, against the default one.
	chart := func(measured bool) string {
		p := plot.New()
		if measured {
			measureText(p)
			if _, ok := p.Y.Tick.Label.Handler.(measuredText); !ok {
				t.Fatalf("measureText left the Y tick labels with %T", p.Y.Tick.Label.Handler)
			}
		}
		p.Title.Text, p.X.Label.Text, p.Y.Label.Text = "A title", "x axis", "y\naxis"
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -1, 1, 0, 1000
		c := vgsvg.New(vg.Points(300), vg.Points(200))
		p.Draw(draw.New(c))
		var b strings.Builder
		if _, err := c.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if chart(true) != chart(false) {
		t.Error("a plot drawn through measureText differs from the default one")
	}
}

func FuzzAppendFields(f *testing.F) {
	f.Add("ent ent-org")
	f.Add("  a\tb\v\fc\r\n ")
	f.Add("é\u00a0x\u2003y")
	f.Fuzz(func(t *testing.T, s string) {
		got := appendFields([]string{"pre"}, s)
		want := append([]string{"pre"}, strings.Fields(s)...)
		if !slices.Equal(got, want) {
			t.Fatalf("appendFields(%q) = %q; want %q", s, got, want)
		}
	})
}

// BenchmarkJoinSpans: joinSpans against the map-based joinSpansMaps it replaced, on the cover
// sets a report meets (one span, an entity with a concept, three overlapping spans).
func BenchmarkJoinSpans(b *testing.B) {
	sets := [][]span{
		{{Class: "ent ent-org", Title: "entity ORG un"}},
		{{Class: "ent ent-org", Title: "entity ORG un"}, {Class: "con", Title: "concept sovereignty"}},
		{{Class: "kp", Title: "keyphrase"}, {Class: "reuse", Title: "text reused from x"}, {Class: "con", Title: "concept sovereignty"}},
	}
	for _, impl := range []struct {
		name string
		f    func([]span) (string, string)
	}{{"maps", joinSpansMaps}, {"slices", joinSpans}} {
		b.Run(impl.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				impl.f(sets[i%len(sets)])
			}
		})
	}
}

// TestMeasuredTextManyFonts: past maxMeasuredFonts fonts, measuredText still measures as
// text.Plain does (without remembering the widths of the fonts past the bound).
func TestMeasuredTextManyFonts(t *testing.T) {
	pl, ok := plot.DefaultTextHandler.(text.Plain)
	if !ok {
		t.Fatalf("plot.DefaultTextHandler is %T, not text.Plain", plot.DefaultTextHandler)
	}
	m := measuredText{pl}
	for i := range maxMeasuredFonts + 10 {
		fnt := font.From(plot.DefaultFont, vg.Length(3+i)*0.75)
		for range 2 {
			w, h, d := m.Box("Wa 0.25", fnt)
			ww, wh, wd := pl.Box("Wa 0.25", fnt)
			if w != ww || h != wh || d != wd {
				t.Fatalf("size %v: Box = %v %v %v; want %v %v %v", fnt.Size, w, h, d, ww, wh, wd)
			}
		}
	}
	if fs := measuredFonts.Load(); fs == nil || len(*fs) != maxMeasuredFonts {
		t.Errorf("fonts remembered: want %d", maxMeasuredFonts)
	}
}

// BenchmarkMeasuredTextBox: Box of a chart's tick labels in three fonts, every one remembered.
func BenchmarkMeasuredTextBox(b *testing.B) {
	pl, ok := plot.DefaultTextHandler.(text.Plain)
	if !ok {
		b.Fatalf("plot.DefaultTextHandler is %T, not text.Plain", plot.DefaultTextHandler)
	}
	m := measuredText{pl}
	fonts := []font.Font{font.From(plot.DefaultFont, 10), font.From(plot.DefaultFont, 12), font.From(plot.DefaultFont, 14)}
	var labels []string
	for i := range 40 {
		labels = append(labels, fmt.Sprintf("v%d → v%d", i, i+1))
	}
	for b.Loop() {
		for _, fnt := range fonts {
			for _, l := range labels {
				m.Box(l, fnt)
			}
		}
	}
}

// FuzzFontWidths: fontWidths gives font.Face.Width's width, bit for bit, for any string (runes
// of any size, invalid UTF-8) in regular and bold faces, its remembered glyphs and kerns
// shared from string to string.
func FuzzFontWidths(f *testing.F) {
	f.Add("AVATAR To Wa")
	f.Add("code-00005-2003:72 → code-00005-2004:179")
	f.Add("stance score, − multistakeholder é \xff\xfe")
	bold := font.From(plot.DefaultFont, 12)
	bold.Weight = xfont.WeightBold
	cache := plot.DefaultTextHandler.Cache()
	var faces []font.Face
	var widths []*fontWidths
	for _, fnt := range []font.Font{font.From(plot.DefaultFont, 10), bold} {
		face := cache.Lookup(fnt, fnt.Size)
		faces = append(faces, face)
		widths = append(widths, newFontWidths(face))
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := range faces {
			if got, want := widths[i].width(s), faces[i].Width(s); math.Float64bits(float64(got)) != math.Float64bits(float64(want)) {
				t.Fatalf("face %d, %q: width %v, font.Face.Width %v", i, s, got, want)
			}
		}
	})
}
