package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
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
	// greys, and runs of white of odd and even lengths, in and across the blocks of eight
	// pixels greyPaletted takes white in, and a row's tail past the last whole block
	const w, h = 21, 3
	grey := func() *image.RGBA {
		m := image.NewRGBA(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				v := uint8(40*x + 7*y)
				if (x >= 5 && x < 19) || (y == 1 && x < 3) || (y == 2 && x >= 8) {
					v = 255
				}
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
		{"a coloured pixel after white", func(m *image.RGBA) { m.SetRGBA(8, 0, color.RGBA{255, 255, 254, 255}) }, false},
		{"a translucent white among white", func(m *image.RGBA) { m.SetRGBA(6, 2, color.RGBA{255, 255, 255, 254}) }, false},
		{"a coloured pixel in a block of white", func(m *image.RGBA) { m.SetRGBA(12, 0, color.RGBA{255, 254, 255, 255}) }, false},
		{"a translucent pixel in the tail", func(m *image.RGBA) { m.SetRGBA(20, 1, color.RGBA{40, 40, 40, 200}) }, false},
		{"a coloured pixel in the tail of white", func(m *image.RGBA) { m.SetRGBA(17, 2, color.RGBA{0, 0, 255, 255}) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := grey()
			tc.change(m)
			p, ok := greyPaletted(m, false, nil)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			// with whiten: the same image, m left white, or m unchanged when not grey
			before := bytes.Clone(m.Pix)
			pw, okw := greyPaletted(m, true, nil)
			if okw != ok {
				t.Fatalf("whiten: ok = %v, want %v", okw, ok)
			}
			if !ok {
				if !bytes.Equal(m.Pix, before) {
					t.Fatal("whiten changed an image that is not grey")
				}
				return
			}
			if !bytes.Equal(pw.Pix, p.Pix) {
				t.Fatal("whiten: another paletted image")
			}
			if i := notWhite(m.Pix); i >= 0 {
				t.Fatalf("whiten: byte %d is %#x", i, m.Pix[i])
			}
			copy(m.Pix, before)
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
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

// TestChartRowCap checks the per-instrument charts of a large instrument: the shift chart keeps
// the MaxChartRows/2 largest shifts each way, the similarity chart the least similar pairs, and
// the titles say how many of how many are shown; a small instrument keeps every row.
func TestChartRowCap(t *testing.T) {
	in := func(n int) *inputs {
		x := &inputs{has: map[string]bool{}}
		for i := 0; i < n; i++ {
			from, to := fmt.Sprintf("a-1:%d", i), fmt.Sprintf("a-2:%d", i)
			x.align = append(x.align, alignRow{Instrument: "a", From: from, To: to, Status: "modified", Similarity: float64(i) / float64(n)})
			// delta = i - n/2: the most negative shifts are the first pairs, the most positive the last
			x.shifts = append(x.shifts, shiftRow{Instrument: "a", From: from, To: to, Model: "dictionary", ScoreFrom: 0, ScoreTo: float64(i - n/2)})
		}
		return x
	}
	for _, tc := range []struct {
		name       string
		n          int
		withShifts bool
		wantRows   int
		wantTitle  string
		wantLabels []string // labels that must be on the chart
		notLabels  []string // labels that must not
	}{
		{"small instrument, shifts", 10, true, 10, "a: provision stance, earlier vs later (dictionary)", []string{"a-1:0 → a-2:0", "a-1:9 → a-2:9"}, nil},
		{"large instrument, shifts", 100, true, 40, "a: provision stance, earlier vs later (dictionary), the 40 largest shifts of 100",
			[]string{"a-1:0 → a-2:0", "a-1:19 → a-2:19", "a-1:80 → a-2:80", "a-1:99 → a-2:99"}, []string{"a-1:20 → a-2:20", "a-1:79 → a-2:79"}},
		{"large instrument, similarity", 100, false, 40, "a: similarity of aligned provisions, the 40 least similar of 100",
			[]string{"a-1:0 → a-2:0 (modified)", "a-1:39 → a-2:39 (modified)"}, []string{"a-1:40 → a-2:40 (modified)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := in(tc.n)
			x.has["shifts.csv"] = tc.withShifts
			r := &Report{in: x}
			ps, _, titles, _, _, ok := r.shiftOrSimilarityCharts(&instView{Name: "a"})
			if !ok || len(ps) != 1 {
				t.Fatalf("%d charts (ok %v), expected 1", len(ps), ok)
			}
			if titles[0] != tc.wantTitle {
				t.Errorf("title %q, want %q", titles[0], tc.wantTitle)
			}
			ticks := ps[0].Y.Tick.Marker.Ticks(ps[0].Y.Min, ps[0].Y.Max)
			labels := map[string]bool{}
			for _, tk := range ticks {
				if tk.Label != "" {
					labels[tk.Label] = true
				}
			}
			if len(labels) != tc.wantRows {
				t.Errorf("%d labelled rows, want %d", len(labels), tc.wantRows)
			}
			for _, l := range tc.wantLabels {
				if !labels[l] {
					t.Errorf("row %q missing", l)
				}
			}
			for _, l := range tc.notLabels {
				if labels[l] {
					t.Errorf("row %q should have been left out", l)
				}
			}
		})
	}
}

// TestRasterStrips: a chart wider than stripPixels, rasterised strip by strip, has exactly the
// pixels of the chart drawn whole (the heat map of 60 documents, two strips).
func TestRasterStrips(t *testing.T) {
	r, err := Build(manyInstruments(t, 10))
	if err != nil {
		t.Fatal(err)
	}
	p, _, _, _, w, h, ok := r.presenceChart()
	if !ok {
		t.Fatal("no heat map")
	}
	got, ok := rasterStrips(p, w, h)
	if !ok {
		t.Fatalf("not drawn in strips: %v wide", w)
	}
	if got.Bounds().Dx() <= stripPixels {
		t.Fatalf("%d pixels wide: one strip", got.Bounds().Dx())
	}
	img := newRasterCanvas(w, h, vgimg.DefaultDPI)
	p.Draw(draw.New(img))
	want, ok := greyPaletted(img.Image().(*image.RGBA), false, nil)
	if !ok {
		t.Fatal("not grey")
	}
	if got.Bounds() != want.Bounds() {
		t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
	}
	n := 0
	for i := range got.Pix {
		if got.Pix[i] != want.Pix[i] {
			n++
		}
	}
	if n > 0 {
		t.Errorf("%d of %d pixels differ", n, len(got.Pix))
	}
}
