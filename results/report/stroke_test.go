package report

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"slices"
	"testing"

	"github.com/golang/freetype/raster"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestStrokeLocalMatchesVgimg: rasterCanvas's strokes (strokeLocal, on a small rasteriser or one
// of the image's size) have exactly the pixels of vgimg's (gg's), for the charts' shapes at
// many sub-pixel offsets, dashed lines, curves, several subpaths, translucent colours, line
// widths and dashes kept through Push and Pop, strokes near the edges or too high for the small
// rasteriser, and strokes left to vgimg (no width).
func TestStrokeLocalMatchesVgimg(t *testing.T) {
	glyph := func(g draw.GlyphDrawer, r vg.Length) func(c vg.Canvas, pt vg.Point) {
		return func(c vg.Canvas, pt vg.Point) {
			dc := draw.Canvas{Canvas: c, Rectangle: vg.Rectangle{Max: vg.Point{X: 500, Y: 300}}}
			dc.DrawGlyph(draw.GlyphStyle{Color: color.Gray{Y: 90}, Radius: r, Shape: g}, pt)
		}
	}
	path := func(pts ...vg.Point) vg.Path {
		var p vg.Path
		p.Move(pts[0])
		for _, q := range pts[1:] {
			p.Line(q)
		}
		return p
	}
	line := func(dx, dy vg.Length) func(c vg.Canvas, pt vg.Point) {
		return func(c vg.Canvas, pt vg.Point) { c.Stroke(path(pt, pt.Add(vg.Point{X: dx, Y: dy}))) }
	}
	cases := []struct {
		name  string
		setup func(c vg.Canvas)
		draw  func(c vg.Canvas, pt vg.Point)
	}{
		{"ring", nil, glyph(draw.RingGlyph{}, vg.Points(3.5))},
		{"triangle", nil, glyph(draw.TriangleGlyph{}, vg.Points(3.5))},
		{"square", nil, glyph(draw.SquareGlyph{}, vg.Points(3.5))},
		{"cross", nil, glyph(draw.CrossGlyph{}, vg.Points(4))},
		{"pyramid", nil, glyph(draw.PyramidGlyph{}, vg.Points(5))},
		{"large ring", nil, glyph(draw.RingGlyph{}, vg.Points(20))},
		{"segment, 2 points wide, grey", func(c vg.Canvas) { c.SetColor(color.Gray{Y: 170}); c.SetLineWidth(vg.Points(2)) }, line(120, 0)},
		{"long horizontal line", nil, line(350, 0.4)},
		{"slanted line", func(c vg.Canvas) { c.SetLineWidth(0.7) }, line(40, 25)},
		{"dashed", func(c vg.Canvas) { c.SetLineDash([]vg.Length{6, 3}, 0) }, line(150, 2)},
		{"dashed with an offset", func(c vg.Canvas) { c.SetLineDash([]vg.Length{8, 2, 2, 2}, 5.5) }, line(150, -3)},
		{"one dash length", func(c vg.Canvas) { c.SetLineDash([]vg.Length{2}, 0) }, line(90, 9)},
		{"dashes reset", func(c vg.Canvas) { c.SetLineDash([]vg.Length{2, 2}, 0); c.SetLineDash(nil, 0) }, line(90, 9)},
		{"curves", nil, func(c vg.Canvas, pt vg.Point) {
			var p vg.Path
			p.Move(pt)
			p.QuadTo(pt.Add(vg.Point{X: 10, Y: 20}), pt.Add(vg.Point{X: 30, Y: 2}))
			p.CubeTo(pt.Add(vg.Point{X: 40, Y: -10}), pt.Add(vg.Point{X: 50, Y: 15}), pt.Add(vg.Point{X: 60, Y: 0}))
			c.Stroke(p)
		}},
		{"two subpaths, closed", nil, func(c vg.Canvas, pt vg.Point) {
			p := path(pt, pt.Add(vg.Point{X: 10}), pt.Add(vg.Point{X: 5, Y: 8}))
			p.Close()
			p.Move(pt.Add(vg.Point{X: 20}))
			p.Line(pt.Add(vg.Point{X: 30, Y: 10}))
			c.Stroke(p)
		}},
		{"arc after a line", nil, func(c vg.Canvas, pt vg.Point) {
			p := path(pt, pt.Add(vg.Point{X: 10}))
			p.Arc(pt.Add(vg.Point{X: 15}), 5, 0.3, 2)
			c.Stroke(p)
		}},
		{"same colour set again as another type, through Push and Pop", func(c vg.Canvas) {
			c.SetColor(color.Gray{Y: 90})
			c.Push()
			c.SetColor(color.RGBA{R: 90, G: 90, B: 90, A: 255})
			c.SetColor(color.Gray{Y: 200})
			c.Pop()
			c.SetColor(color.NRGBA{R: 90, G: 90, B: 90, A: 255})
		}, glyph(draw.TriangleGlyph{}, vg.Points(4))},
		{"translucent", func(c vg.Canvas) { c.SetColor(color.NRGBA{R: 200, G: 30, B: 90, A: 100}) }, glyph(draw.RingGlyph{}, vg.Points(6))},
		{"width kept through Push and Pop", func(c vg.Canvas) {
			c.SetLineWidth(3)
			c.Push()
			c.SetLineWidth(0.5)
			c.SetLineDash([]vg.Length{1, 1}, 0)
			c.Pop()
		}, line(60, 30)},
		{"translated by a fraction of a pixel", func(c vg.Canvas) { c.Translate(vg.Point{X: 0.3, Y: -0.45}) }, glyph(draw.RingGlyph{}, vg.Points(3.5))},
		{"no width", func(c vg.Canvas) { c.SetLineWidth(0) }, line(30, 30)},
		{"too high", nil, line(3, 120)},
		{"dashed, too high", func(c vg.Canvas) { c.SetLineDash([]vg.Length{5, 2}, 1) }, line(10, 150)},
		{"dashed subpaths with an offset", func(c vg.Canvas) { c.SetLineDash([]vg.Length{4, 1, 1, 1}, 2.5) }, func(c vg.Canvas, pt vg.Point) {
			p := path(pt, pt.Add(vg.Point{X: 33, Y: 4}), pt.Add(vg.Point{X: 40, Y: 20}))
			p.Move(pt.Add(vg.Point{X: 5, Y: 10}))
			p.Arc(pt.Add(vg.Point{X: 10, Y: 10}), 5, 0, 5)
			c.Stroke(p)
		}},
		{"off the left edge", nil, func(c vg.Canvas, pt vg.Point) { line(20, 0)(c, vg.Point{X: -5, Y: pt.Y}) }},
		{"at the bottom edge", nil, func(c vg.Canvas, pt vg.Point) { line(20, 0)(c, vg.Point{X: pt.X, Y: 0.5}) }},
		{"past the right edge", nil, func(c vg.Canvas, pt vg.Point) { line(20, 0)(c, vg.Point{X: 490, Y: pt.Y}) }},
		{"rotated", func(c vg.Canvas) { c.Rotate(0.4) }, glyph(draw.TriangleGlyph{}, vg.Points(4))},
	}
	const w, h = vg.Length(500), vg.Length(300) // 666.7 x 400 pixels
	// twice, each canvas's stroke rasterisers and buffers given back for the next case
	// (strokeScratches): the second time every case strokes on rasterisers used before
	for _, tc := range append(slices.Clone(cases), cases...) {
		t.Run(tc.name, func(t *testing.T) {
			a, b := plainRasterCanvas(w, h, vgimg.DefaultDPI), newRasterCanvas(w, h, vgimg.DefaultDPI)
			defer b.release()
			if tc.setup != nil {
				tc.setup(a)
				tc.setup(b)
			}
			for i := 0; i < 60; i++ { // sub-pixel steps of 0.37 by 0.29 points over rows 60 points apart
				pt := vg.Point{X: 20 + vg.Length(i%15)*21.37, Y: 30 + vg.Length(i/15)*60.29 + vg.Length(i)*0.013}
				tc.draw(a, pt)
				tc.draw(b, pt)
			}
			pa, pb := a.Image().(*image.RGBA), b.Image().(*image.RGBA)
			if !bytes.Equal(pa.Pix, pb.Pix) {
				n := 0
				for i := range pa.Pix {
					if pa.Pix[i] != pb.Pix[i] {
						n++
					}
				}
				t.Errorf("%d bytes differ from vgimg's", n)
			}
		})
	}
}

// FuzzStrokeLocal compares rasterCanvas's strokes with vgimg's for polylines and arcs anywhere on
// and off an image, at any line width and dashes.
func FuzzStrokeLocal(f *testing.F) {
	f.Add(10.0, 20.0, 30.5, 22.25, 40.0, 10.0, 1.0, 0.0, 0.0, 0.0, false)
	f.Add(100.3, 50.7, 101.0, 51.0, 99.0, 55.0, 2.5, 3.0, 1.5, 0.7, true)
	f.Add(-3.0, 5.0, 20.0, 5.0, 250.0, 299.0, 0.3, 0.0, 0.0, 0.0, true)
	f.Fuzz(func(t *testing.T, x0, y0, x1, y1, x2, y2, width, dash, gap, offs float64, arc bool) {
		for _, v := range []float64{x0, y0, x1, y1, x2, y2, width, dash, gap, offs} {
			if math.IsNaN(v) || math.Abs(v) > 1000 {
				return
			}
		}
		if dash < 0 || gap < 0 || (dash > 0 && dash+gap < 0.5) { // gg loops forever on dashes summing to nothing
			return
		}
		p := fuzzPath(x0, y0, x1, y1, x2, y2, arc)
		const w, h = vg.Length(200), vg.Length(120)
		a, b := plainRasterCanvas(w, h, vgimg.DefaultDPI), newRasterCanvas(w, h, vgimg.DefaultDPI)
		defer b.release() // its rasterisers used again by the next input's canvas
		for _, c := range []vg.Canvas{a, b} {
			c.SetLineWidth(vg.Length(width))
			if dash > 0 {
				c.SetLineDash([]vg.Length{vg.Length(dash), vg.Length(gap)}, vg.Length(offs))
			}
			c.Stroke(p)
		}
		if !bytes.Equal(a.Image().(*image.RGBA).Pix, b.Image().(*image.RGBA).Pix) {
			t.Error("pixels differ from vgimg's")
		}
		checkDirtyChunks(t, b)
	})
}

// paintBoth paints the spans data encodes on copies of an image (opaque white, a few greys and
// a translucent pixel) with overPainter and RGBAPainter, in clr, and returns both images' pixels.
func paintBoth(data []byte, clr color.Color) (got, want []byte) {
	m := image.NewRGBA(image.Rect(-3, 2, 37, 12))
	for i := 0; i < len(m.Pix); i += 4 {
		copy(m.Pix[i:], []byte{0xff, 0xff, 0xff, 0xff})
	}
	for i, p := range [][4]byte{{110, 110, 110, 255}, {0, 0, 0, 255}, {170, 170, 170, 255}, {40, 20, 10, 128}} {
		copy(m.Pix[4*(7*i+3):], p[:])
		copy(m.Pix[4*(7*i+4):], p[:])
	}
	var spans []raster.Span
	for ; len(data) >= 5; data = data[5:] {
		spans = append(spans, raster.Span{Y: int(data[0]%14) - 1 + 2, X0: int(data[1]%50) - 8,
			X1: int(data[2]%50) - 8, Alpha: uint32(data[3])<<8 | uint32(data[4])})
	}
	other := image.NewRGBA(m.Rect)
	copy(other.Pix, m.Pix)
	op := &overPainter{img: m}
	op.setColor(clr)
	op.Paint(spans, true)
	rp := raster.NewRGBAPainter(other)
	rp.SetColor(clr)
	rp.Paint(spans, true)
	return m.Pix, other.Pix
}

func TestOverPainterMatchesRGBAPainter(t *testing.T) {
	for _, tc := range []struct {
		name  string
		clr   color.Color
		spans []byte
	}{
		{"full coverage", ink, []byte{3, 8, 40, 0xff, 0xff}},
		{"partial coverage over greys", grey, []byte{2, 0, 49, 0x80, 0x00, 3, 0, 49, 0x12, 0x34}},
		{"clipped", light, []byte{0, 0, 49, 0xff, 0xff, 13, 0, 49, 0x40, 0x00, 5, 40, 2, 0xff, 0xff}},
		{"translucent colour", color.RGBA{R: 30, G: 60, B: 90, A: 128}, []byte{2, 1, 30, 0xc0, 0x00}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := paintBoth(tc.spans, tc.clr); !bytes.Equal(got, want) {
				t.Fatalf("overPainter painted\n%v\nRGBAPainter\n%v", got, want)
			}
		})
	}
}

func FuzzOverPainter(f *testing.F) {
	f.Add(uint32(0x6e6e6eff), []byte{3, 8, 40, 0xff, 0xff, 2, 0, 49, 0x80, 0x00})
	f.Add(uint32(0x1e3c5a80), []byte{2, 1, 30, 0xc0, 0x00, 13, 0, 49, 0x40, 0x00})
	f.Fuzz(func(t *testing.T, rgba uint32, spans []byte) {
		a := uint8(rgba)
		clr := color.RGBA{R: min(uint8(rgba>>24), a), G: min(uint8(rgba>>16), a), B: min(uint8(rgba>>8), a), A: a}
		if got, want := paintBoth(spans, clr); !bytes.Equal(got, want) {
			t.Fatalf("overPainter painted\n%v\nRGBAPainter\n%v", got, want)
		}
	})
}

// fuzzPath is the fuzz targets' path (FuzzStrokeLocal, FuzzFillLocal): a line from (x0, y0) to
// (x1, y1), then a line to (x2, y2) or an arc around it.
func fuzzPath(x0, y0, x1, y1, x2, y2 float64, arc bool) vg.Path {
	var p vg.Path
	p.Move(vg.Point{X: vg.Length(x0), Y: vg.Length(y0)})
	p.Line(vg.Point{X: vg.Length(x1), Y: vg.Length(y1)})
	if arc {
		p.Arc(vg.Point{X: vg.Length(x2), Y: vg.Length(y2)}, vg.Length(math.Abs(x1-x0)/4), y1, x2-y2)
	} else {
		p.Line(vg.Point{X: vg.Length(x2), Y: vg.Length(y2)})
	}
	return p
}
