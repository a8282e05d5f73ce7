package report

import (
	"image"
	"testing"

	"git.sr.ht/~sbinet/gg"
	xdraw "golang.org/x/image/draw"
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
// for runes the font lacks; drawing everything twice checks the cache's hits as well as its
// misses.
func TestGlyphCacheMatchesVgimg(t *testing.T) {
	const dpi = 96
	w, h := 5*vg.Inch, 2*vg.Inch
	cases := []struct {
		name string
		str  string
		size vg.Length
		x, y vg.Length // in points; stepped in fractions of a pixel below
	}{
		{"tick labels", "0.25 -1.5 2011 2015", 10, 3, 20},
		{"title", "Stance of each version (dictionary)", 12, 10, 100},
		{"accents and symbols", "État — « société civile » ≥ 0.2 ∑", 9, 7, 60},
		{"off the left and bottom edges", "edge case", 11, -8.3, -2.7},
		{"off the right edge", "right edge", 14, 340.4, 70},
		{"rune missing from the font", "漢字 \uFFFF ok", 10, 20, 40},
		{"tiny", "tiny", 3, 50, 50},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fnt := plot.DefaultFont
			fnt.Size = tc.size
			face := plot.DefaultTextHandler.Cache().Lookup(fnt, tc.size)
			var f font.Face = face
			a, b := plainRasterCanvas(w, h, dpi), newRasterCanvas(w, h, dpi)
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
			if ink == 0 && tc.name != "rune missing from the font" {
				t.Error("nothing was drawn")
			}
		})
	}
}
