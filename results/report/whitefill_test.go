package report

import (
	"bytes"
	"image"
	"image/color"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestWhiteFillSkipMatchesVgimg: rasterCanvas, which skips opaque white fills while its image
// is still all white, leaves the same pixels as vgimg's canvas for sequences of fills, strokes,
// colour changes and Push/Pop around them.
func TestWhiteFillSkipMatchesVgimg(t *testing.T) {
	const w, h = vg.Length(97.3), vg.Length(61.9) // fractional pixels at the edges
	rect := func(x0, y0, x1, y1 vg.Length) vg.Path {
		var p vg.Path
		p.Move(vg.Point{X: x0, Y: y0})
		p.Line(vg.Point{X: x1, Y: y0})
		p.Line(vg.Point{X: x1, Y: y1})
		p.Line(vg.Point{X: x0, Y: y1})
		p.Close()
		return p
	}
	whole := rect(0, 0, w, h)
	part := rect(3.3, 4.7, 40.1, 33.9) // anti-aliased edges
	white, black := color.Color(color.White), color.Color(color.Black)
	grey := color.Gray{Y: 200}
	translucent := color.NRGBA{R: 255, G: 255, B: 255, A: 128}
	type op func(c vg.Canvas)
	fill := func(p vg.Path) op { return func(c vg.Canvas) { c.Fill(p) } }
	stroke := func(p vg.Path) op { return func(c vg.Canvas) { c.SetLineWidth(1.3); c.Stroke(p) } }
	set := func(clr color.Color) op { return func(c vg.Canvas) { c.SetColor(clr) } }
	push := func(c vg.Canvas) { c.Push() }
	pop := func(c vg.Canvas) { c.Pop() }
	for _, tc := range []struct {
		name string
		ops  []op
	}{
		{"white background then grey", []op{set(white), fill(whole), set(grey), fill(part)}},
		{"white part", []op{set(white), fill(part)}},
		{"initial colour is black", []op{fill(part)}},
		{"nil colour is black", []op{set(nil), fill(part)}},
		{"translucent white", []op{set(translucent), fill(part)}},
		{"white after a stroke", []op{set(black), stroke(part), set(white), fill(part)}},
		{"white after a grey fill", []op{set(grey), fill(part), set(white), fill(rect(10, 10, 60, 50))}},
		{"colour restored by Pop", []op{set(black), push, set(white), fill(whole), pop, fill(part)}},
		{"black set again as another type", []op{set(black), set(color.Gray{}), fill(part), set(nil), stroke(whole)}},
		{"white set again as another type", []op{set(white), set(color.Gray{Y: 255}), fill(whole), set(grey), fill(part)}},
		{"white kept through Push", []op{set(white), push, fill(whole), pop, fill(part), set(black), stroke(whole)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := plainRasterCanvas(w, h, vgimg.DefaultDPI), newRasterCanvas(w, h, vgimg.DefaultDPI)
			for _, o := range tc.ops {
				o(a)
				o(b)
			}
			pa, pb := a.Image().(*image.RGBA), b.Image().(*image.RGBA)
			if !bytes.Equal(pa.Pix, pb.Pix) {
				t.Error("pixels differ from vgimg's")
			}
		})
	}
}
