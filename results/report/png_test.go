package report

import (
	"bytes"
	"encoding/binary"
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

// greyPalettedRef is greyPaletted as it was before it packed a block's eight greys into one
// store (the reference of FuzzGreyPaletted): a block of eight pixels checked and stored two
// pixels at a time.
func greyPalettedRef(m *image.RGBA, whiten bool, dirty *dirtyChunks) (*image.Paletted, bool) {
	b := m.Bounds()
	out := newPaletted(b, greyPalette)
	fail := func(x, y int) (*image.Paletted, bool) {
		for y1 := b.Min.Y; whiten && y1 <= y; y1++ {
			n := b.Dx()
			if y1 == y {
				n = x
			}
			row := m.Pix[m.PixOffset(b.Min.X, y1):]
			for i, g := range out.Pix[out.PixOffset(b.Min.X, y1):][:n] {
				binary.LittleEndian.PutUint32(row[4*i:], 0xff000000|uint32(g)*0x010101)
			}
		}
		releasePaletted(out)
		return nil, false
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := m.Pix[m.PixOffset(b.Min.X, y):m.PixOffset(b.Max.X, y)]
		dst := out.Pix[out.PixOffset(b.Min.X, y):out.PixOffset(b.Max.X, y)]
		row = row[:4*len(dst)]
		x := 0
		chunks := dirty.row(y)
		for ; x+8 <= len(dst); x += 8 {
			if x&63 == 0 && x < 64*64 && chunks&(1<<(x>>6)) == 0 {
				n := min(64, len(dst)-x) &^ 7
				copy(dst[x:x+n], whiteChunk[:n])
				x += n - 8
				continue
			}
			p := row[4*x : 4*x+32 : 4*x+32]
			if binary.LittleEndian.Uint64(p)&binary.LittleEndian.Uint64(p[8:])&
				binary.LittleEndian.Uint64(p[16:])&binary.LittleEndian.Uint64(p[24:]) == ^uint64(0) {
				binary.LittleEndian.PutUint64(dst[x:], ^uint64(0))
				continue
			}
			for i := 0; i < 32; i += 8 {
				v := binary.LittleEndian.Uint64(p[i:])
				g := v & 0x000000ff000000ff
				if v != g*0x010101|0xff000000ff000000 {
					return fail(x, y)
				}
				dst[x+i/4], dst[x+i/4+1] = uint8(g), uint8(g>>32)
			}
			if whiten {
				for i := 0; i < 32; i += 8 {
					binary.LittleEndian.PutUint64(p[i:], ^uint64(0))
				}
			}
		}
		for ; x < len(dst); x++ {
			g, ok := greyOf(binary.LittleEndian.Uint32(row[4*x:]))
			if !ok {
				return fail(x, y)
			}
			dst[x] = g
			if whiten {
				binary.LittleEndian.PutUint32(row[4*x:], ^uint32(0))
			}
		}
	}
	return out, true
}

// FuzzGreyPaletted compares greyPaletted with greyPalettedRef, with and without whiten: the
// same answer, the same paletted pixels, and the same RGBA pixels left behind. The image's
// width, height and origin come from the first bytes; each pixel from one byte: white, a grey,
// a grey off by one in a channel, or translucent, so that blocks of eight are white, grey or
// not grey anywhere in them.
func FuzzGreyPaletted(f *testing.F) {
	f.Add([]byte{20, 2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte{17, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 40, 41, 42, 250, 251, 252, 253})
	f.Add(bytes.Repeat([]byte{9, 4, 0, 1, 1, 1, 1, 1, 1, 1, 1, 9, 1, 254}, 4))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 3 {
			return
		}
		w, h, o := 1+int(data[0])%40, 1+int(data[1])%4, int(data[2])%3
		data = data[3:]
		pixel := func(k int) color.RGBA {
			if len(data) == 0 {
				return color.RGBA{255, 255, 255, 255}
			}
			c := data[k%len(data)]
			g := c &^ 3
			switch c % 8 {
			case 0, 1, 2, 3: // white (most of a chart)
				return color.RGBA{255, 255, 255, 255}
			case 4, 5:
				return color.RGBA{g, g, g, 255}
			case 6: // a channel off by one
				return [3]color.RGBA{{g + 1, g, g, 255}, {g, g + 1, g, 255}, {g, g, g + 1, 255}}[int(c>>3)%3]
			default: // translucent
				return color.RGBA{g, g, g, 254}
			}
		}
		m := image.NewRGBA(image.Rect(o, o, o+w, o+h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				m.SetRGBA(o+x, o+y, pixel(y*w+x))
			}
		}
		for _, whiten := range []bool{false, true} {
			mr := &image.RGBA{Pix: bytes.Clone(m.Pix), Stride: m.Stride, Rect: m.Rect}
			mn := &image.RGBA{Pix: bytes.Clone(m.Pix), Stride: m.Stride, Rect: m.Rect}
			want, wantOK := greyPalettedRef(mr, whiten, nil)
			got, gotOK := greyPaletted(mn, whiten, nil)
			if gotOK != wantOK {
				t.Fatalf("whiten %v: ok = %v, want %v", whiten, gotOK, wantOK)
			}
			if wantOK && (!bytes.Equal(got.Pix, want.Pix) || got.Rect != want.Rect || got.Stride != want.Stride) {
				t.Fatalf("whiten %v: paletted pixels differ:\n got %v\nwant %v", whiten, got.Pix, want.Pix)
			}
			if !bytes.Equal(mn.Pix, mr.Pix) {
				t.Fatalf("whiten %v: the RGBA pixels left differ", whiten)
			}
		}
	})
}
