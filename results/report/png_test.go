package report

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// TestChartsPNGGrey checks that every chart of the fixture report is stored as a grey paletted
// PNG (the fast path) and that the PNG holds exactly the pixels drawn.
func TestChartsPNGGrey(t *testing.T) {
	r, err := Build("testdata/fixture")
	if err != nil {
		t.Fatal(err)
	}
	charts, err := r.ensureCharts()
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) == 0 {
		t.Fatal("no charts")
	}
	for _, c := range charts {
		m, err := png.Decode(bytes.NewReader(c.PNG))
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if _, ok := m.(*image.Paletted); !ok {
			t.Errorf("%s: PNG decodes as %T, expected a grey paletted image (a chart uses a colour?)", c.Name, m)
		}
	}
}

func TestGreyPaletted(t *testing.T) {
	grey := func() *image.RGBA {
		m := image.NewRGBA(image.Rect(0, 0, 5, 3))
		for y := 0; y < 3; y++ {
			for x := 0; x < 5; x++ {
				v := uint8(40*x + 7*y)
				m.SetRGBA(x, y, color.RGBA{v, v, v, 255})
			}
		}
		return m
	}
	for _, tc := range []struct {
		name   string
		change func(m *image.RGBA)
		ok     bool
	}{
		{"greys", func(*image.RGBA) {}, true},
		{"one coloured pixel", func(m *image.RGBA) { m.SetRGBA(4, 2, color.RGBA{10, 20, 10, 255}) }, false},
		{"one translucent pixel", func(m *image.RGBA) { m.SetRGBA(0, 0, color.RGBA{10, 10, 10, 128}) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := grey()
			tc.change(m)
			p, ok := greyPaletted(m)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			for y := 0; y < 3; y++ {
				for x := 0; x < 5; x++ {
					r1, g1, b1, a1 := m.At(x, y).RGBA()
					r2, g2, b2, a2 := p.At(x, y).RGBA()
					if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
						t.Fatalf("pixel %d,%d: %v vs %v", x, y, m.At(x, y), p.At(x, y))
					}
				}
			}
		})
	}
}
