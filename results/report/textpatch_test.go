package report

import (
	"bytes"
	"image"
	"image/color"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestTextPatchesMatchVgimg: charts with rotated axis labels drawn again and again on
// rasterCanvas (the labels' patches kept, then copied) have vgimg's pixels each time, also when
// the label's place is not white (the patch is not used), in another colour, on a canvas
// translated by a fraction of a pixel and after Push, Rotate and Pop around other text.
func TestTextPatchesMatchVgimg(t *testing.T) {
	newChart := func(ylabel string) *plot.Plot {
		p := plot.New()
		p.Title.Text = "patches"
		p.X.Label.Text = "version"
		p.Y.Label.Text = ylabel
		l, err := plotter.NewLine(plotter.XYs{{X: 2011, Y: 0.4}, {X: 2013, Y: -0.2}, {X: 2015, Y: 0.1}})
		if err != nil {
			t.Fatal(err)
		}
		p.Add(l)
		return p
	}
	const w, h = 5 * vg.Inch, 3 * vg.Inch
	grey := color.Gray{Y: 90}
	for _, tc := range []struct {
		name string
		draw func(c vg.CanvasSizer)
	}{
		{"chart", func(c vg.CanvasSizer) { newChart("mean score (+ = state-centric)").Draw(draw.New(c)) }},
		{"label on grey", func(c vg.CanvasSizer) {
			var r vg.Path
			r.Move(vg.Point{X: 0, Y: 0})
			r.Line(vg.Point{X: 40, Y: 0})
			r.Line(vg.Point{X: 40, Y: h})
			r.Line(vg.Point{X: 0, Y: h})
			r.Close()
			c.SetColor(grey)
			c.Fill(r)
			newChart("mean score (+ = state-centric)").Draw(draw.New(c))
		}},
		{"grey label", func(c vg.CanvasSizer) {
			p := newChart("another label")
			p.Y.Label.TextStyle.Color = grey
			p.Draw(draw.New(c))
		}},
		{"translated by a fraction", func(c vg.CanvasSizer) {
			c.Translate(vg.Point{X: 0.3, Y: -1.1})
			newChart("mean score (+ = state-centric)").Draw(draw.New(c))
		}},
		{"rotated text in pushes", func(c vg.CanvasSizer) {
			f := plot.DefaultFont
			f.Size = 11
			face := plot.DefaultTextHandler.Cache().Lookup(f, 11)
			for i := range 3 {
				c.Push()
				c.Translate(vg.Point{X: 30 + vg.Length(i)*20, Y: 40})
				c.Rotate(0.7)
				c.FillString(face, vg.Point{X: 2, Y: 3}, "slanted")
				c.Pop()
			}
			c.FillString(face, vg.Point{X: 200, Y: 100}, "upright")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i := range 4 {
				want := vgimg.New(w, h)
				tc.draw(want)
				c := newRasterCanvas(w, h, vgimg.DefaultDPI)
				tc.draw(c)
				if a, b := want.Image().(*image.RGBA), c.Image().(*image.RGBA); !bytes.Equal(a.Pix, b.Pix) {
					t.Fatalf("drawing %d: pixels differ from vgimg's", i+1)
				}
			}
		})
	}
	n := 0
	textPatches.mu.Lock()
	for _, p := range textPatches.m {
		if p.pix != nil {
			n++
		}
	}
	textPatches.mu.Unlock()
	if n < 3 {
		t.Errorf("%d patches kept", n)
	}
}
