package report

import (
	"image"
	"image/color"
	"math"
	"testing"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestGlyphInterpolator: glyphInterpolator draws exactly what gg's bilinear interpolator draws:
// on whole-pixel translations through draw.Copy, a uniform colour otherwise through
// transformGlyph, anything else through the bilinear interpolator itself.
func TestGlyphInterpolator(t *testing.T) {
	mask := image.NewAlpha(image.Rect(0, 0, 9, 7))
	for i := range mask.Pix {
		mask.Pix[i] = uint8(i * 37 % 256) // every coverage level, in no order
	}
	tests := []struct {
		name  string
		s2d   f64.Aff3
		sr    image.Rectangle
		maskP image.Point
		src   image.Image
	}{
		{name: "whole translation", s2d: f64.Aff3{1, 0, 3, 0, 1, 4}, sr: image.Rect(0, 0, 9, 7), src: image.NewUniform(color.Black)},
		{name: "negative translation, clipped", s2d: f64.Aff3{1, 0, -2, 0, 1, -3}, sr: image.Rect(0, 0, 9, 7), src: image.NewUniform(color.Black)},
		{name: "past the right edge", s2d: f64.Aff3{1, 0, 17, 0, 1, 2}, sr: image.Rect(0, 0, 9, 7), src: image.NewUniform(color.Gray{Y: 90})},
		{name: "mask offset", s2d: f64.Aff3{1, 0, 5, 0, 1, 5}, sr: image.Rect(0, 0, 4, 3), maskP: image.Pt(2, 3), src: image.NewUniform(color.Black)},
		{name: "sub-pixel translation", s2d: f64.Aff3{1, 0, 3.5, 0, 1, 4.25}, sr: image.Rect(0, 0, 9, 7), src: image.NewUniform(color.Black)},
		{name: "flipped", s2d: f64.Aff3{1, 0, 3, 0, -1, 12}, sr: image.Rect(0, 0, 9, 7), src: image.NewUniform(color.Black)},
		{name: "scaled", s2d: f64.Aff3{1.5, 0, 1, 0, 1.5, 1}, sr: image.Rect(0, 0, 9, 7), src: image.NewUniform(color.Black)},
		{name: "shrunk", s2d: f64.Aff3{0.4, 0, 2, 0, 0.3, 3}, sr: image.Rect(0, 0, 9, 7), src: image.NewUniform(color.Black)},
		{name: "rotated a quarter turn, as gg rotates", s2d: rotation(math.Pi/2, 6.3, 14.7), sr: image.Rect(0, 0, 9, 7), src: image.NewUniform(color.Black)},
		{name: "rotated 30 degrees, grey", s2d: rotation(math.Pi/6, 4, 2.5), sr: image.Rect(0, 0, 9, 7), src: image.NewUniform(color.Gray{Y: 110})},
		{name: "rotated, white", s2d: rotation(-math.Pi/4, 3, 8), sr: image.Rect(0, 0, 9, 7), src: image.NewUniform(color.White)},
		{name: "rotated, translucent", s2d: rotation(1, 9, 2), sr: image.Rect(0, 0, 9, 7), src: image.NewUniform(color.NRGBA{R: 200, G: 10, B: 90, A: 120})},
		{name: "rotated, past the edges", s2d: rotation(2, 19, -1), sr: image.Rect(0, 0, 9, 7), src: image.NewUniform(color.Black)},
		{name: "rotated, mask offset and smaller than sr", s2d: rotation(0.3, 5, 5), sr: image.Rect(0, 0, 9, 7), maskP: image.Pt(3, 2), src: image.NewUniform(color.Black)},
		{name: "rotated, opaque source image", s2d: rotation(0.7, 8, 1), sr: image.Rect(0, 0, 9, 7), src: image.NewRGBA(image.Rect(0, 0, 9, 7))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := image.NewRGBA(image.Rect(0, 0, 20, 16))
			got := image.NewRGBA(want.Rect)
			for i := range want.Pix {
				want.Pix[i] = uint8(200 + i%50) // a background that is not uniform
				got.Pix[i] = want.Pix[i]
			}
			opts := &xdraw.Options{SrcMask: mask, SrcMaskP: tt.maskP}
			xdraw.BiLinear.Transform(want, tt.s2d, tt.src, tt.sr, xdraw.Over, opts)
			glyphInterpolator{xdraw.BiLinear}.Transform(got, tt.s2d, tt.src, tt.sr, xdraw.Over, opts)
			for i := range want.Pix {
				if got.Pix[i] != want.Pix[i] {
					t.Fatalf("byte %d: %d, want %d", i, got.Pix[i], want.Pix[i])
				}
			}
		})
	}
}

// rotation is gg's transformation of a glyph drawn with the context rotated by angle: gg's
// Rotate (its Matrix.Rotate), then the translation to the glyph's place.
func rotation(angle, x, y float64) f64.Aff3 {
	c, s := math.Cos(angle), math.Sin(angle)
	return f64.Aff3{c, -s, x, s, c, y}
}

// FuzzTransformGlyph compares transformGlyph, through glyphInterpolator, with x/image/draw's
// BiLinear for any affine transformation of a glyph mask in a uniform colour.
func FuzzTransformGlyph(f *testing.F) {
	f.Add(0.0, 1.0, 3.5, 1.0, 0.0, 4.25, uint8(0), uint8(255), int8(0), int8(0))
	f.Add(6.123233995736766e-17, -1.0, 6.3, 1.0, 6.123233995736766e-17, 14.7, uint8(110), uint8(255), int8(1), int8(-1))
	f.Add(0.866, -0.5, 4.0, 0.5, 0.866, 2.5, uint8(255), uint8(128), int8(2), int8(0))
	mask := image.NewAlpha(image.Rect(0, 0, 9, 7))
	for i := range mask.Pix {
		mask.Pix[i] = uint8(i * 37 % 256)
	}
	f.Fuzz(func(t *testing.T, a, b, c, d, e, g float64, grey, alpha uint8, mx, my int8) {
		for _, v := range []float64{a, b, c, d, e, g} {
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 64 {
				return
			}
		}
		if math.Abs(a*e-b*d) < 1e-3 { // not invertible, or a glyph spread over thousands of pixels
			return
		}
		s2d := f64.Aff3{a, b, c, d, e, g}
		src := image.NewUniform(color.NRGBA{R: grey, G: grey, B: grey, A: alpha})
		opts := &xdraw.Options{SrcMask: mask, SrcMaskP: image.Pt(int(mx%4), int(my%4))}
		want := image.NewRGBA(image.Rect(0, 0, 24, 20))
		for i := range want.Pix {
			want.Pix[i] = uint8(180 + i%75)
		}
		got := image.NewRGBA(want.Rect)
		copy(got.Pix, want.Pix)
		xdraw.BiLinear.Transform(want, s2d, src, mask.Rect, xdraw.Over, opts)
		glyphInterpolator{xdraw.BiLinear}.Transform(got, s2d, src, mask.Rect, xdraw.Over, opts)
		for i := range want.Pix {
			if got.Pix[i] != want.Pix[i] {
				t.Fatalf("%v: byte %d: %d, want %d", s2d, i, got.Pix[i], want.Pix[i])
			}
		}
	})
}

func TestWholeTranslation(t *testing.T) {
	tests := []struct {
		name   string
		m      f64.Aff3
		tx, ty int
		ok     bool
	}{
		{"identity", f64.Aff3{1, 0, 0, 0, 1, 0}, 0, 0, true},
		{"whole", f64.Aff3{1, 0, 7, 0, 1, -3}, 7, -3, true},
		{"fraction", f64.Aff3{1, 0, 7.5, 0, 1, 0}, 0, 0, false},
		{"shear", f64.Aff3{1, 0.1, 7, 0, 1, 0}, 0, 0, false},
		{"scale", f64.Aff3{2, 0, 0, 0, 2, 0}, 0, 0, false},
		{"huge", f64.Aff3{1, 0, 1e12, 0, 1, 0}, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx, ty, ok := wholeTranslation(tt.m)
			if tx != tt.tx || ty != tt.ty || ok != tt.ok {
				t.Errorf("wholeTranslation(%v) = %d, %d, %v; want %d, %d, %v", tt.m, tx, ty, ok, tt.tx, tt.ty, tt.ok)
			}
		})
	}
}

// TestRasterCanvasMatchesVgimg: a chart whose size is a whole number of pixels is drawn with the
// same pixels by newRasterCanvas as by vgimg.New (text included). Other sizes differ by the
// canvas's rounding to whole pixels: vgimg.New keeps the exact size in points on a rounded
// image, newRasterCanvas takes the image's.
func TestRasterCanvasMatchesVgimg(t *testing.T) {
	p := plot.New()
	p.Title.Text = "Stance of each version (dictionary)"
	p.X.Label.Text = "version"
	p.Y.Label.Text = "mean score"
	pts := plotter.XYs{{X: 2011, Y: 0.4}, {X: 2013, Y: -0.2}, {X: 2015, Y: 0.1}}
	l, err := plotter.NewLine(pts)
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	w, h := 6*vg.Inch, 3.5*vg.Inch // 576 x 336 pixels
	old := vgimg.New(w, h)
	p.Draw(draw.New(old))
	c := newRasterCanvas(w, h, vgimg.DefaultDPI)
	p.Draw(draw.New(c))
	a, b := old.Image().(*image.RGBA), c.Image().(*image.RGBA)
	if a.Bounds() != b.Bounds() {
		t.Fatalf("bounds %v, want %v", b.Bounds(), a.Bounds())
	}
	n := 0
	for i := range a.Pix {
		if a.Pix[i] != b.Pix[i] {
			n++
		}
	}
	if n > 0 {
		t.Errorf("%d bytes differ", n)
	}
	ink := 0
	for i := 0; i < len(b.Pix); i += 4 {
		if b.Pix[i] < 128 {
			ink++
		}
	}
	if ink < 500 {
		t.Errorf("only %d dark pixels: the chart was not drawn", ink)
	}
}

// checkDirtyChunks fails t when a pixel of c's image that is not opaque white lies outside the
// chunks c.dirty records, or greyPaletted reads the image differently with them.
func checkDirtyChunks(t testing.TB, c *rasterCanvas) {
	t.Helper()
	m := c.img
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		chunks := c.dirty.row(y)
		for x := b.Min.X; x < b.Max.X; x++ {
			k := (x - b.Min.X) >> 6
			if k < 64 && chunks&(1<<k) != 0 {
				continue
			}
			if i := m.PixOffset(x, y); string(m.Pix[i:i+4]) != "\xff\xff\xff\xff" {
				t.Fatalf("pixel %d,%d is %v, in no chunk recorded changed", x, y, m.Pix[i:i+4])
			}
		}
	}
	g, ok := greyPaletted(m, false, c.dirty)
	want, wantOK := greyPaletted(m, false, nil)
	if ok != wantOK || ok && string(g.Pix) != string(want.Pix) {
		t.Fatal("greyPaletted reads the image differently with the chunks recorded changed")
	}
}

// TestDirtyChunksCoverCharts: every pixel the fixture's charts change is in a chunk recorded
// changed.
func TestDirtyChunksCoverCharts(t *testing.T) {
	r, err := Build("testdata/fixture")
	if err != nil {
		t.Fatal(err)
	}
	jobs := allChartJobs(r)
	tracked := 0
	for _, j := range jobs {
		t.Run(j.c.Name, func(t *testing.T) {
			c := newRasterCanvas(j.w, j.h, vgimg.DefaultDPI)
			j.p.Draw(draw.New(c))
			if c.dirty.rows != nil {
				tracked++
			}
			checkDirtyChunks(t, c)
		})
	}
	if tracked == 0 {
		t.Error("every chart marked every chunk changed")
	}
}

func TestChunkBits(t *testing.T) {
	for _, tc := range []struct {
		name   string
		x0, x1 int
		want   uint64
	}{
		{"one pixel", 0, 1, 1},
		{"first chunk", 0, 64, 1},
		{"across two chunks", 63, 65, 3},
		{"third chunk", 130, 140, 4},
		{"last chunk", 64*63 + 5, 64 * 64, 1 << 63},
		{"every chunk", 0, 64 * 64, ^uint64(0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := chunkBits(tc.x0, tc.x1); got != tc.want {
				t.Fatalf("chunkBits(%d, %d) = %#x; want %#x", tc.x0, tc.x1, got, tc.want)
			}
		})
	}
}

// TestFillBoundsHoldFill: the pixels a Fill changes are in the chunks fillBounds marks, for
// circles, curves and rectangles on translated, rotated and scaled canvases.
func TestFillBoundsHoldFill(t *testing.T) {
	var curve vg.Path
	curve.Move(vg.Point{X: 20, Y: 20})
	curve.QuadTo(vg.Point{X: 150, Y: 130}, vg.Point{X: 260, Y: 30})
	curve.CubeTo(vg.Point{X: 200, Y: -40}, vg.Point{X: 60, Y: 140}, vg.Point{X: 20, Y: 20})
	rect := vg.Rectangle{Min: vg.Point{X: 50.3, Y: 40.7}, Max: vg.Point{X: 230.2, Y: 90.1}}.Path()
	for _, tc := range []struct {
		name  string
		setup func(c vg.Canvas)
		path  vg.Path
	}{
		{"circle", nil, circlePath(100.4, 60.6, 3.5)},
		{"large circle", nil, circlePath(140, 75, 70)},
		{"circle at the edge", nil, circlePath(1, 1, 5)},
		{"curves", nil, curve},
		{"rectangle, translated", func(c vg.Canvas) { c.Translate(vg.Point{X: 13.3, Y: -7.1}) }, rect},
		{"rectangle, rotated", func(c vg.Canvas) { c.Translate(vg.Point{X: 150, Y: 75}); c.Rotate(0.7) }, rect},
		{"circle, scaled", func(c vg.Canvas) { c.Scale(1.7, 0.6) }, circlePath(80, 60, 20)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newRasterCanvas(300, 150, vgimg.DefaultDPI)
			if tc.setup != nil {
				tc.setup(c)
			}
			c.SetColor(grey)
			c.Fill(tc.path)
			if c.dirty.rows == nil {
				t.Fatal("the fill marked every chunk changed")
			}
			checkDirtyChunks(t, c)
		})
	}
}

// circlePath is a closed circle of radius r around (x, y), for the fill tests.
func circlePath(x, y, r vg.Length) vg.Path {
	var p vg.Path
	p.Move(vg.Point{X: x + r, Y: y})
	p.Arc(vg.Point{X: x, Y: y}, r, 0, 2*math.Pi)
	p.Close()
	return p
}
