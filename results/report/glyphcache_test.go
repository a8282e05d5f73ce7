package report

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"git.sr.ht/~sbinet/gg"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// plainRasterCanvas is newRasterCanvas without the glyph cache: vgimg's own FillString.
func plainRasterCanvas(w, h vg.Length, dpi int) *vgimg.Canvas {
	wd, hd := w/vg.Inch*vg.Length(dpi), h/vg.Inch*vg.Length(dpi)
	img := image.NewRGBA(image.Rect(0, 0, int(wd+0.5), int(hd+0.5)))
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	ctx.SetInterpolator(glyphInterpolator{xdraw.BiLinear})
	return vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(dpi))
}

// TestGlyphCacheMatchesVgimg: text drawn through the glyph cache has exactly the pixels of
// vgimg's FillString, at every sub-pixel offset, off the canvas's edges, in several sizes and
// for runes the font lacks, in several colours, on canvases translated by whole pixels (drawn
// from the cache directly) and by fractions of one, rotated or scaled (drawn by gg); drawing
// everything twice checks the cache's hits as well as its misses.
func TestGlyphCacheMatchesVgimg(t *testing.T) {
	const dpi = 96
	w, h := 5*vg.Inch, 2*vg.Inch
	cases := []struct {
		name string
		str  string
		size vg.Length
		x, y vg.Length // in points; stepped in fractions of a pixel below
		// setup, when set, changes both canvases' state before the text is drawn
		setup func(c vg.Canvas)
	}{
		{"tick labels", "0.25 -1.5 2011 2015", 10, 3, 20, nil},
		{"title", "Stance of each version (dictionary)", 12, 10, 100, nil},
		{"accents and symbols", "État — « société civile » ≥ 0.2 ∑ a → b", 9, 7, 60, nil},
		{"off the left and bottom edges", "edge case", 11, -8.3, -2.7, nil},
		{"off the right edge", "right edge", 14, 340.4, 70, nil},
		{"rune missing from the font", "漢字 \uFFFF ok", 10, 20, 40, nil},
		{"invalid UTF-8", "a\xffb\xc3", 10, 20, 40, nil},
		{"tiny", "tiny", 3, 50, 50, nil},
		{"grey", "0.5 1.5 grey", 10, 12, 30, func(c vg.Canvas) { c.SetColor(color.Gray{Y: 110}) }},
		{"white over ink", "white", 12, 12, 30, func(c vg.Canvas) {
			c.SetColor(color.Black)
			c.Fill(vg.Path{{Type: vg.MoveComp, Pos: vg.Point{X: 10, Y: 10}}, {Type: vg.LineComp, Pos: vg.Point{X: 200, Y: 10}},
				{Type: vg.LineComp, Pos: vg.Point{X: 200, Y: 60}}, {Type: vg.CloseComp}})
			c.SetColor(color.White)
		}},
		{"translucent", "translucent ink", 11, 12, 30, func(c vg.Canvas) { c.SetColor(color.NRGBA{R: 40, G: 90, B: 200, A: 120}) }},
		{"nil colour", "nil is black", 10, 12, 30, func(c vg.Canvas) { c.SetColor(color.White); c.SetColor(nil) }},
		{"translated by whole pixels", "strip -3840", 10, 30, 30, func(c vg.Canvas) { c.Translate(vg.Point{X: -6 * 72 / 96.0, Y: 9 * 72 / 96.0}) }},
		{"translated by a fraction of a pixel", "fraction", 10, 30, 30, func(c vg.Canvas) { c.Translate(vg.Point{X: 0.3, Y: -0.1}) }},
		{"rotated", "rotated label", 10, 30, -200, func(c vg.Canvas) { c.Rotate(math.Pi / 2) }},
		{"rotated a sixth", "2011-03-04", 10, 60, 10, func(c vg.Canvas) { c.Rotate(math.Pi / 6) }},
		{"scaled", "scaled", 10, 20, 20, func(c vg.Canvas) { c.Scale(1.5, 1.25) }},
		{"rotated, then popped", "popped", 10, 30, 30, func(c vg.Canvas) { c.Push(); c.Rotate(0.3); c.SetColor(color.Gray{Y: 90}); c.Pop() }},
		{"pushed, translated", "pushed", 10, 30, 30, func(c vg.Canvas) { c.Push(); c.Translate(vg.Point{X: 3, Y: 1.5}) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fnt := plot.DefaultFont
			fnt.Size = tc.size
			face := plot.DefaultTextHandler.Cache().Lookup(fnt, tc.size)
			var f font.Face = face
			a, b := plainRasterCanvas(w, h, dpi), newRasterCanvas(w, h, dpi)
			if tc.setup != nil {
				tc.setup(a)
				tc.setup(b)
			}
			for pass := 0; pass < 2; pass++ {
				for i := 0; i < 70; i++ { // sub-pixel steps: 70 x 0.23 pt spans every 1/64 pixel offset class many times
					pt := vg.Point{X: tc.x + vg.Length(i)*0.23, Y: tc.y + vg.Length(i%7)*0.31}
					a.FillString(f, pt, tc.str)
					b.FillString(f, pt, tc.str)
				}
			}
			pa, pb := a.Image().(*image.RGBA), b.Image().(*image.RGBA)
			diff, ink := 0, 0
			for i := range pa.Pix {
				if pa.Pix[i] != pb.Pix[i] {
					diff++
				}
				if pb.Pix[i] < 250 {
					ink++
				}
			}
			if diff > 0 {
				t.Errorf("%d bytes differ from vgimg's", diff)
			}
			checkDirtyChunks(t, b)
			if ink == 0 && tc.name != "rune missing from the font" {
				t.Error("nothing was drawn")
			}
		})
	}
}

// TestDrawGlyphOverMatchesDrawMask: drawGlyphOver has the pixels of image/draw.DrawMask with a
// uniform source and an alpha mask, clipped at every edge of the image and of the mask, over
// white and other pixels, with and without its table of results over white.
func TestDrawGlyphOverMatchesDrawMask(t *testing.T) {
	mask := image.NewAlpha(image.Rect(0, 0, 9, 7))
	for i := range mask.Pix {
		mask.Pix[i] = uint8(i * 37 % 256) // every kind of coverage, none and full included
	}
	mask.Pix[3], mask.Pix[4] = 0, 0xff
	offset := &image.Alpha{Pix: mask.Pix, Stride: mask.Stride, Rect: mask.Rect.Add(image.Pt(-2, 3))}
	tests := []struct {
		name string
		r    image.Rectangle
		mask *image.Alpha
		mp   image.Point
		clr  color.Color
	}{
		{"inside", image.Rect(3, 4, 12, 11), mask, image.Point{}, color.Black},
		{"grey", image.Rect(3, 4, 12, 11), mask, image.Point{}, color.Gray{Y: 110}},
		{"white", image.Rect(3, 4, 12, 11), mask, image.Point{}, color.White},
		{"translucent", image.Rect(3, 4, 12, 11), mask, image.Point{}, color.NRGBA{R: 200, G: 30, B: 90, A: 77}},
		{"off the top left", image.Rect(-4, -3, 5, 4), mask, image.Point{}, color.Black},
		{"off the bottom right", image.Rect(16, 12, 25, 19), mask, image.Point{}, color.Black},
		{"wholly outside", image.Rect(30, 30, 39, 37), mask, image.Point{}, color.Black},
		{"mask point inside the mask", image.Rect(5, 5, 10, 9), mask, image.Pt(3, 2), color.Black},
		{"rectangle past the mask", image.Rect(5, 5, 20, 15), mask, image.Pt(1, 1), color.Black},
		{"mask not at the origin", image.Rect(2, 2, 11, 9), offset, image.Pt(-2, 3), color.Black},
		{"empty", image.Rect(4, 4, 4, 9), mask, image.Point{}, color.Black},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := image.NewRGBA(image.Rect(0, 0, 20, 16))
			for i := range want.Pix {
				want.Pix[i] = uint8(200 + i%56) // a background that is not uniform
				if i/4%3 == 0 {
					want.Pix[i] = 0xff // opaque white, every third pixel
				}
			}
			draw.DrawMask(want, tt.r, image.NewUniform(tt.clr), image.Point{}, tt.mask, tt.mp, draw.Over)
			sr, sg, sb, sa := tt.clr.RGBA()
			for _, overWhite := range []*[256]uint32{nil, overWhiteOf(sr, sg, sb, sa)} {
				got := image.NewRGBA(want.Rect)
				for i := range got.Pix {
					got.Pix[i] = uint8(200 + i%56)
					if i/4%3 == 0 {
						got.Pix[i] = 0xff
					}
				}
				drawGlyphOver(got, tt.r, tt.mask, tt.mp, sr, sg, sb, sa, overWhite)
				for i := range want.Pix {
					if got.Pix[i] != want.Pix[i] {
						t.Fatalf("table %v, byte %d: %d, want %d", overWhite != nil, i, got.Pix[i], want.Pix[i])
					}
				}
			}
		})
	}
}

// TestDrawCoverMatchesDrawGlyphOver: drawCover, from coverOf, composites exactly what
// drawGlyphOver does for rectangles inside the image: masks with zeros, full coverage and
// everything between, mask points inside the mask, rectangles past the mask's edges, masks not
// at the origin, over white and other pixels, in opaque and translucent colours.
func TestDrawCoverMatchesDrawGlyphOver(t *testing.T) {
	mask := image.NewAlpha(image.Rect(0, 0, 9, 7))
	for i := range mask.Pix {
		mask.Pix[i] = uint8(i * 37 % 256)
	}
	mask.Pix[3], mask.Pix[4], mask.Pix[20] = 0, 0xff, 0
	offset := &image.Alpha{Pix: mask.Pix, Stride: mask.Stride, Rect: mask.Rect.Add(image.Pt(-2, 3))}
	empty := image.NewAlpha(image.Rect(0, 0, 5, 4))
	tests := []struct {
		name string
		r    image.Rectangle
		mask *image.Alpha
		mp   image.Point
		clr  color.Color
	}{
		{"inside", image.Rect(3, 4, 12, 11), mask, image.Point{}, color.Black},
		{"grey", image.Rect(3, 4, 12, 11), mask, image.Point{}, color.Gray{Y: 110}},
		{"white", image.Rect(3, 4, 12, 11), mask, image.Point{}, color.White},
		{"translucent", image.Rect(3, 4, 12, 11), mask, image.Point{}, color.NRGBA{R: 200, G: 30, B: 90, A: 77}},
		{"at the top left corner", image.Rect(0, 0, 9, 7), mask, image.Point{}, color.Black},
		{"at the bottom right corner", image.Rect(11, 9, 20, 16), mask, image.Point{}, color.Black},
		{"mask point inside the mask", image.Rect(5, 5, 10, 9), mask, image.Pt(3, 2), color.Black},
		{"rectangle past the mask", image.Rect(5, 5, 19, 15), mask, image.Pt(1, 1), color.Black},
		{"mask point before the mask", image.Rect(2, 2, 11, 9), mask, image.Pt(-2, -1), color.Black},
		{"mask not at the origin", image.Rect(2, 2, 11, 9), offset, image.Pt(-2, 3), color.Black},
		{"blank mask", image.Rect(2, 2, 7, 6), empty, image.Point{}, color.Black},
		{"empty rectangle", image.Rect(4, 4, 4, 9), mask, image.Point{}, color.Black},
	}
	background := func(m *image.RGBA) {
		for i := range m.Pix {
			m.Pix[i] = uint8(200 + i%56) // not uniform
			if i/4%3 == 0 {
				m.Pix[i] = 0xff // opaque white, every third pixel
			}
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := image.NewRGBA(image.Rect(0, 0, 20, 16))
			got := image.NewRGBA(want.Rect)
			background(want)
			background(got)
			sr, sg, sb, sa := tt.clr.RGBA()
			overWhite := overWhiteOf(sr, sg, sb, sa)
			// the second time over the first's pixels, the cover in a buffer given to coverOf
			for _, buf := range [][]uint8{nil, make([]uint8, 0, 256)} {
				drawGlyphOver(want, tt.r, tt.mask, tt.mp, sr, sg, sb, sa, overWhite)
				drawCover(got, tt.r.Min, coverOf(tt.r.Size(), tt.mask, tt.mp, buf), sr, sg, sb, sa, overWhite)
			}
			for i := range want.Pix {
				if got.Pix[i] != want.Pix[i] {
					t.Fatalf("byte %d: %d, want %d", i, got.Pix[i], want.Pix[i])
				}
			}
		})
	}
}

// TestCoverOfLarge: a glyph more than 255 pixels wide or high has no cover (drawString draws
// it with drawGlyphOver).
func TestCoverOfLarge(t *testing.T) {
	tests := []struct {
		name string
		size image.Point
		nil  bool
	}{
		{"255 by 255", image.Pt(255, 255), false},
		{"256 wide", image.Pt(256, 3), true},
		{"256 high", image.Pt(3, 256), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mask := image.NewAlpha(image.Rectangle{Max: tt.size})
			for i := range mask.Pix {
				mask.Pix[i] = 0xff
			}
			if got := coverOf(tt.size, mask, image.Point{}, nil) == nil; got != tt.nil {
				t.Errorf("coverOf nil: %v, want %v", got, tt.nil)
			}
		})
	}
}

// BenchmarkDrawString: drawString of tick labels, 40 to a chart-sized image at every sub-pixel
// offset (tens of thousands of cached glyphs, as in a report's charts), the image made white
// again after each chart.
func BenchmarkDrawString(b *testing.B) {
	fnt := plot.DefaultFont
	fnt.Size = 10
	g := cachedFace(plot.DefaultTextHandler.Cache().Lookup(fnt, fnt.Size), vgimg.DefaultDPI)
	labels := []string{"2019-01-01 → 2020-03-04", "v3 → v4", "2011-05-06 → 2013-01-01", "2015 → 2016", "Treaty-17@2021-06 → Treaty-17@2022-01"}
	type call struct {
		s   string
		dot fixed.Point26_6
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	charts := make([][]call, 200)
	for c := range charts {
		for i := range 40 { // one label per row, rows 26.88 pixels apart, each at its own sub-pixel x
			charts[c] = append(charts[c], call{labels[rnd.IntN(len(labels))], fixed.Point26_6{
				X: fixed.Int26_6(5*64 + rnd.IntN(64*64)), Y: fixed.Int26_6((30+float64(i)*26.88)*64) + fixed.Int26_6(rnd.IntN(16))}})
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, 672, 1229))
	white := bytes.Repeat([]byte{0xff}, len(dst.Pix))
	draw := func() {
		for _, calls := range charts {
			copy(dst.Pix, white)
			for _, c := range calls {
				if !g.drawString(dst, nil, c.s, c.dot, image.Point{}, color.Black) {
					b.Fatal("not drawn")
				}
			}
		}
	}
	draw() // the glyphs cached
	for b.Loop() {
		draw()
	}
}

// TestGlyphFaceMetricsMatchFace: a glyphFace's advances and kerns (remembered: ASCII in arrays,
// other runes in maps) are its face's, asked twice.
func TestGlyphFaceMetricsMatchFace(t *testing.T) {
	for _, tc := range []struct {
		name  string
		runes []rune
	}{
		{"ASCII", func() (rs []rune) {
			for r := range rune(128) {
				rs = append(rs, r)
			}
			return rs
		}()},
		{"ASCII and others", []rune{'A', 'V', 'a', 'T', 'o', '→', '−', 'é', 'W', '\u00a0', 0x10000, -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fnt := plot.DefaultFont
			fnt.Size = 11
			face := plot.DefaultTextHandler.Cache().Lookup(fnt, fnt.Size)
			g, want := cachedFace(face, 96), face.FontFace(96)
			for range 2 {
				for _, r0 := range tc.runes {
					a, ok := g.GlyphAdvance(r0)
					wa, wok := want.GlyphAdvance(r0)
					if a != wa || ok != wok {
						t.Fatalf("GlyphAdvance(%q) = %v, %v; want %v, %v", r0, a, ok, wa, wok)
					}
					for _, r1 := range tc.runes {
						if k, wk := g.Kern(r0, r1), want.Kern(r0, r1); k != wk {
							t.Fatalf("Kern(%q, %q) = %v; want %v", r0, r1, k, wk)
						}
					}
				}
			}
		})
	}
}

// TestRuneGlyphsOnePerRune: a face has one glyph table per rune (ASCII ones in asciiGlyphs,
// others in runes), the same whichever of several goroutines asks first.
func TestRuneGlyphsOnePerRune(t *testing.T) {
	fnt := plot.DefaultFont
	fnt.Size = 9
	face := plot.DefaultTextHandler.Cache().Lookup(fnt, fnt.Size)
	g := &glyphFace{face: face.FontFace(96),
		advances: map[rune]advance{}, kerns: map[[2]rune]fixed.Int26_6{}, ascii: new(asciiMetrics)}
	for _, tc := range []struct {
		name string
		r    rune
	}{
		{"NUL", 0}, {"letter", 'a'}, {"DEL", 127}, {"first past ASCII", 128}, {"arrow", '→'}, {"negative", -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := make([]*runeGlyphs, 8)
			var wg sync.WaitGroup
			for i := range got {
				wg.Go(func() { got[i] = g.runeGlyphs(tc.r) })
			}
			wg.Wait()
			for i, rg := range got {
				if rg == nil || rg != got[0] || rg.r != tc.r {
					t.Fatalf("runeGlyphs(%q) call %d: %p, want the first call's %p (not nil, of that rune)", tc.r, i, rg, got[0])
				}
			}
			if again := g.runeGlyphs(tc.r); again != got[0] {
				t.Fatalf("runeGlyphs(%q) again: %p, want %p", tc.r, again, got[0])
			}
		})
	}
}
