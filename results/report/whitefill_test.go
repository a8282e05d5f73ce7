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

// notWhite is the index of the first byte of b that is not 0xff, -1 when there is none.
func notWhite(b []byte) int {
	for i, v := range b {
		if v != 0xff {
			return i
		}
	}
	return -1
}

// TestChartBuffersStayWhite: the RGBA buffers rasterChart gives back are opaque white to their
// capacity (whiten), so that newRasterCanvas need not paint them, and a canvas on a kept
// buffer is white and of the size vgimg gives the same image, for charts of several sizes drawn
// one after another (a smaller image on a larger chart's buffer, and the other way round).
func TestChartBuffersStayWhite(t *testing.T) {
	r, err := Build("testdata/fixture")
	if err != nil {
		t.Fatal(err)
	}
	jobs := r.chartJobs(r.page.Instruments)
	sizes := map[image.Point]bool{}
	for _, j := range append(jobs, jobs...) {
		src, release := rasterChart(j.p, j.w, j.h, nil)
		if release == nil {
			t.Fatalf("%s: no release", j.c.Name)
		}
		release()
		sizes[src.Bounds().Size()] = true
		rgbaPix.mu.Lock()
		for _, b := range rgbaPix.free {
			if i := notWhite(b[:cap(b)]); i >= 0 {
				t.Errorf("after %s: a kept buffer's byte %d of %d is %#x", j.c.Name, i, cap(b), b[:cap(b)][i])
			}
		}
		rgbaPix.mu.Unlock()
		c := newRasterCanvas(j.w, j.h, vgimg.DefaultDPI)
		m := c.Image().(*image.RGBA)
		if i := notWhite(m.Pix); i >= 0 {
			t.Fatalf("after %s: a new canvas's byte %d is %#x", j.c.Name, i, m.Pix[i])
		}
		ww, wh := vgimg.NewWith(vgimg.UseImage(image.NewRGBA(m.Rect))).Size()
		if gw, gh := c.Size(); gw != ww || gh != wh {
			t.Fatalf("size %v x %v, vgimg's %v x %v", gw, gh, ww, wh)
		}
		releaseWhiteRGBA(m)
	}
	if len(sizes) < 2 {
		t.Fatalf("charts of %d sizes", len(sizes))
	}
}
