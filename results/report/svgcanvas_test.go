package report

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// vgsvgBytes is what vgsvg writes of p at w by h: Plot.WriterTo's SVG.
func vgsvgBytes(t testing.TB, p *plot.Plot, w, h vg.Length) string {
	wt, err := p.WriterTo(w, h, "svg")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if _, err := wt.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestSVGCanvasMatchesVgsvg(t *testing.T) {
	r, err := Build("testdata/fixture")
	if err != nil {
		t.Fatal(err)
	}
	jobs := allChartJobs(r)
	if len(jobs) < 3 {
		t.Fatalf("%d charts in the fixture", len(jobs))
	}
	for _, j := range jobs {
		t.Run(j.c.Name, func(t *testing.T) {
			for range 2 { // the second time with kept buffers and remembered styles
				c := newSVGCanvas(j.w, j.h)
				j.p.Draw(draw.New(c))
				if got, want := string(c.bytes()), vgsvgBytes(t, j.p, j.w, j.h); got != want {
					t.Fatalf("svgCanvas wrote\n%s\nvgsvg\n%s", got, want)
				}
			}
		})
	}
}

func TestAppendG5MatchesFmt(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    float64
	}{
		{"zero", 0},
		{"negative zero", math.Copysign(0, -1)},
		{"one", 1},
		{"points", 504.00000000000006},
		{"rounded up", 99999.5},
		{"large", 1.5e21},
		{"small", -3.25e-7},
		{"largest", math.MaxFloat64},
		{"smallest", math.SmallestNonzeroFloat64},
		{"infinity", math.Inf(1)},
		{"negative infinity", math.Inf(-1)},
		{"NaN", math.NaN()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := string(appendG5(nil, tc.v)), fmt.Sprintf("%.*g", 5, tc.v); got != want {
				t.Fatalf("appendG5(%v) = %q; want %q", tc.v, got, want)
			}
		})
	}
}

// svgOps draws on c the operations data encodes (FuzzSVGCanvas): each a byte choosing the
// operation and the bytes after it its arguments.
func svgOps(c vg.Canvas, data []byte, fonts []font.Face) {
	num := func() float64 {
		if len(data) < 2 {
			return 0
		}
		v := binary.LittleEndian.Uint16(data)
		data = data[2:]
		switch v >> 12 {
		case 0: // any float64 bits
			if len(data) < 8 {
				return 0
			}
			f := math.Float64frombits(binary.LittleEndian.Uint64(data))
			data = data[8:]
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return 1e300
			}
			return f
		case 1:
			return float64(v&0xfff) / 8
		default:
			return float64(int(v&0xfff)-2048) / 7
		}
	}
	colors := []color.Color{nil, color.Black, color.White, ink, grey, light, color.Gray{Y: 90},
		color.RGBA{R: 10, G: 20, B: 30, A: 128}, color.NRGBA{R: 200, G: 100, B: 50, A: 77}, color.NRGBA{R: 5}}
	texts := []string{"", "0.5", "Art. 3 → Art. 4 (moved)", `<a & 'b' "c">`, "version\n2019-01-01"}
	depth := 0
	for len(data) > 0 {
		op := data[0]
		data = data[1:]
		switch op % 12 {
		case 0:
			c.SetLineWidth(vg.Length(num()))
		case 1:
			var dashes []vg.Length
			for range int(op/12) % 4 {
				dashes = append(dashes, vg.Length(num()))
			}
			c.SetLineDash(dashes, vg.Length(num()))
		case 2:
			c.SetColor(colors[int(op/12)%len(colors)])
		case 3:
			c.Rotate(num())
		case 4:
			c.Translate(vg.Point{X: vg.Length(num()), Y: vg.Length(num())})
		case 5:
			c.Scale(num(), num())
		case 6:
			c.Push()
			depth++
		case 7:
			if depth > 0 {
				c.Pop()
				depth--
			}
		case 8, 9:
			var p vg.Path
			for range 1 + int(op/12)%6 {
				if len(data) == 0 {
					break
				}
				k := data[0]
				data = data[1:]
				pt := vg.Point{X: vg.Length(num()), Y: vg.Length(num())}
				switch k % 6 {
				case 0:
					p.Move(pt)
				case 1:
					p.Line(pt)
				case 2:
					p.Arc(pt, vg.Length(num()), num(), num())
				case 3:
					p.QuadTo(vg.Point{X: vg.Length(num()), Y: vg.Length(num())}, pt)
				case 4:
					p.CubeTo(vg.Point{X: vg.Length(num()), Y: vg.Length(num())}, vg.Point{X: vg.Length(num()), Y: vg.Length(num())}, pt)
				case 5:
					p.Close()
				}
			}
			if op%12 == 8 {
				c.Stroke(p)
			} else {
				c.Fill(p)
			}
		default:
			c.FillString(fonts[int(op/12)%len(fonts)], vg.Point{X: vg.Length(num()), Y: vg.Length(num())}, texts[int(op)%len(texts)])
		}
	}
}

func FuzzSVGCanvas(f *testing.F) {
	f.Add([]byte{0, 0x10, 0x10, 1 + 12, 0x20, 0x20, 0x30, 0x30, 8 + 12*3, 0, 1, 0x10, 1, 0x10, 1, 0x20, 0, 0x20, 0})
	f.Add([]byte{6, 4, 1, 0x20, 2, 0x20, 2 + 12*5, 10, 1, 0x20, 2, 0x20, 3, 0x20, 7, 9, 2, 0x11, 0x10})
	f.Add([]byte{8 + 12*2, 2, 0, 0x10, 0, 0x10, 0, 0x18, 0, 0x21, 0, 0x40, 3, 0x11, 0x22, 0x22, 0x11, 1, 0x33})
	bold := font.From(plot.DefaultFont, 12)
	bold.Weight = xfont.WeightBold
	var fonts []font.Face
	for _, fnt := range []font.Font{font.From(plot.DefaultFont, 10), font.From(plot.DefaultFont, 12), bold} {
		fonts = append(fonts, plot.DefaultTextHandler.Cache().Lookup(fnt, fnt.Size))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want := vgsvg.New(vg.Points(300), vg.Points(200))
		svgOps(want, data, fonts)
		var b strings.Builder
		if _, err := want.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		got := newSVGCanvas(vg.Points(300), vg.Points(200))
		svgOps(got, data, fonts)
		if g := string(got.bytes()); g != b.String() {
			t.Fatalf("svgCanvas wrote\n%s\nvgsvg\n%s", g, b.String())
		}
	})
}

// TestRenderChartMatchesSeparateDraws: renderChart's SVG is vgsvg's and its PNG that of the chart
// drawn on its raster canvas alone, whether it drew the chart once on both canvases (teeCanvas:
// the version charts) or on each.
func TestRenderChartMatchesSeparateDraws(t *testing.T) {
	r, err := Build("testdata/fixture")
	if err != nil {
		t.Fatal(err)
	}
	teed := 0
	for _, j := range r.chartJobs(r.page.Instruments) {
		t.Run(j.c.Name, func(t *testing.T) {
			if _, w, h := rasterSize(j.w, j.h, vgimg.DefaultDPI); w == j.w && h == j.h {
				teed++
			}
			svg, pngBytes, err := renderChart(j.p, j.w, j.h, true)
			if err != nil {
				t.Fatal(err)
			}
			if string(svg) != vgsvgBytes(t, j.p, j.w, j.h) {
				t.Error("the SVG differs from vgsvg's")
			}
			src, release := rasterChart(j.p, j.w, j.h, nil)
			var want bytes.Buffer
			if err := encodePNG(&want, src); err != nil {
				t.Fatal(err)
			}
			if release != nil {
				release()
			}
			if !bytes.Equal(pngBytes, want.Bytes()) {
				t.Error("the PNG differs from the chart's drawn alone")
			}
		})
	}
	if teed == 0 {
		t.Error("no chart drawn once on both canvases")
	}
}
