package report

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestFillLocalMatchesVgimg: rasterCanvas's fills (fillLocal: the small rasteriser, or one of
// the image's size, and overPainter) leave the pixels of vgimg's, for rectangles at sub-pixel
// offsets (the heat maps' cells), circles, curves, open and several subpaths, shapes too high
// for the small rasteriser or over the image's edges, on transformed canvases, in translucent
// colours over earlier fills.
func TestFillLocalMatchesVgimg(t *testing.T) {
	rect := func(x0, y0, x1, y1 vg.Length) vg.Path {
		return vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}.Path()
	}
	var curves vg.Path
	curves.Move(vg.Point{X: 20, Y: 20})
	curves.QuadTo(vg.Point{X: 50, Y: 50}, vg.Point{X: 80, Y: 22})
	curves.CubeTo(vg.Point{X: 70, Y: 0}, vg.Point{X: 40, Y: 40}, vg.Point{X: 20, Y: 20})
	var open vg.Path // no Close: gg closes it
	open.Move(vg.Point{X: 10.2, Y: 10.7})
	open.Line(vg.Point{X: 40.9, Y: 12.3})
	open.Line(vg.Point{X: 25.1, Y: 35.5})
	twice := slices.Clone(open) // two subpaths, the first closed by the Move of the second
	twice.Move(vg.Point{X: 60.4, Y: 10.1})
	twice.Line(vg.Point{X: 90.3, Y: 30.6})
	twice.Line(vg.Point{X: 55.5, Y: 33.3})
	type op func(c vg.Canvas)
	fill := func(clr color.Color, p vg.Path) op {
		return func(c vg.Canvas) { c.SetColor(clr); c.Fill(p) }
	}
	var cells []op // a heat map's row of cells at fractional offsets, in greys
	for i := 0; i < 40; i++ {
		x := 3 + vg.Length(i)*7.37
		cells = append(cells, fill(color.Gray{Y: uint8(7 * i)}, rect(x, 40.3, x+7.37, 49.1)))
	}
	translucent := color.NRGBA{R: 20, G: 40, B: 60, A: 100}
	for _, tc := range []struct {
		name string
		ops  []op
	}{
		{"heat map cells", cells},
		{"rectangle", []op{fill(grey, rect(10.3, 20.7, 60.1, 41.9))}},
		{"circle", []op{fill(ink, circlePath(100.4, 60.6, 3.5))}},
		{"large circle", []op{fill(light, circlePath(150, 75, 70))}},
		{"curves", []op{fill(grey, curves)}},
		{"open subpath", []op{fill(grey, open)}},
		{"two subpaths", []op{fill(ink, twice)}},
		{"too high", []op{fill(grey, rect(10, 5, 30, 140))}},
		{"over the left edge", []op{fill(grey, rect(-5, 20, 30, 40))}},
		{"over the top edge", []op{fill(grey, rect(50, 130, 80, 170))}},
		{"at the bottom edge", []op{fill(grey, rect(50, 0.2, 80, 10))}},
		{"translucent over a fill", []op{fill(grey, rect(10, 10, 60, 40)), fill(translucent, rect(30.5, 20.5, 90.5, 50.5))}},
		{"translated", []op{func(c vg.Canvas) { c.Translate(vg.Point{X: 13.3, Y: -7.1}) }, fill(grey, rect(50.3, 40.7, 90.2, 60.1))}},
		{"rotated", []op{func(c vg.Canvas) { c.Translate(vg.Point{X: 150, Y: 75}); c.Rotate(0.7) }, fill(grey, rect(-20, -10, 20, 10))}},
		{"scaled", []op{func(c vg.Canvas) { c.Scale(1.7, 0.6) }, fill(ink, circlePath(80, 60, 20))}},
		{"empty path", []op{fill(grey, nil)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const w, h = vg.Length(300), vg.Length(150)
			a, b := plainRasterCanvas(w, h, vgimg.DefaultDPI), newRasterCanvas(w, h, vgimg.DefaultDPI)
			defer b.release()
			for _, o := range tc.ops {
				o(a)
				o(b)
			}
			if !bytes.Equal(a.Image().(*image.RGBA).Pix, b.Image().(*image.RGBA).Pix) {
				t.Error("pixels differ from vgimg's")
			}
			checkDirtyChunks(t, b)
		})
	}
}

// FuzzFillLocal compares rasterCanvas's fills with vgimg's for triangles, arcs and two
// subpaths anywhere on and off an image, on a translated canvas, in a grey or a translucent
// colour over an earlier fill.
func FuzzFillLocal(f *testing.F) {
	f.Add(10.0, 20.0, 30.5, 22.25, 40.0, 10.0, 0.0, 0.0, false, false, false)
	f.Add(100.3, 50.7, 101.0, 51.0, 99.0, 55.0, 3.3, -1.25, true, false, true)
	f.Add(-3.0, 5.0, 20.0, 5.0, 250.0, 299.0, 0.5, 0.5, false, true, false)
	f.Add(60.1, 60.2, 80.3, 61.4, 70.5, 90.6, 0.0, 0.0, true, true, true)
	f.Fuzz(func(t *testing.T, x0, y0, x1, y1, x2, y2, tx, ty float64, arc, second, translucent bool) {
		for _, v := range []float64{x0, y0, x1, y1, x2, y2, tx, ty} {
			if math.IsNaN(v) || math.Abs(v) > 1000 {
				return
			}
		}
		p := fuzzPath(x0, y0, x1, y1, x2, y2, arc)
		if second {
			p.Move(vg.Point{X: vg.Length(x2), Y: vg.Length(y0)})
			p.Line(vg.Point{X: vg.Length(x1), Y: vg.Length(y2)})
			p.Line(vg.Point{X: vg.Length(x0), Y: vg.Length(y1)})
			p.Close()
		}
		var clr color.Color = color.Gray{Y: uint8(int(math.Abs(x0)) % 200)}
		if translucent {
			clr = color.NRGBA{R: 20, G: 40, B: 60, A: 100}
		}
		const w, h = vg.Length(200), vg.Length(120)
		a, b := plainRasterCanvas(w, h, vgimg.DefaultDPI), newRasterCanvas(w, h, vgimg.DefaultDPI)
		defer b.release() // its rasterisers used again by the next input's canvas
		under := vg.Rectangle{Min: vg.Point{X: 30, Y: 30}, Max: vg.Point{X: 90, Y: 70}}.Path()
		for _, c := range []vg.Canvas{a, b} {
			c.SetColor(grey)
			c.Fill(under)
			c.Translate(vg.Point{X: vg.Length(tx), Y: vg.Length(ty)})
			c.SetColor(clr)
			c.Fill(p)
		}
		if !bytes.Equal(a.Image().(*image.RGBA).Pix, b.Image().(*image.RGBA).Pix) {
			t.Error("pixels differ from vgimg's")
		}
		checkDirtyChunks(t, b)
	})
}
