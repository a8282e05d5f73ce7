package report

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"reflect"
	"testing"
)

// samePNG checks that encodePNG's PNG of m decodes to exactly the image (pixels, palette, bounds)
// that image/png's encoding of m decodes to, and that encoding m again gives the same bytes.
func samePNG(t *testing.T, m image.Image) {
	t.Helper()
	var got, again, want bytes.Buffer
	errWant := png.Encode(&want, m)
	errGot := encodePNG(&got, m)
	if (errGot != nil) != (errWant != nil) {
		t.Fatalf("encodePNG: %v, image/png: %v", errGot, errWant)
	}
	if errWant != nil {
		return
	}
	if err := encodePNG(&again, m); err != nil || !bytes.Equal(got.Bytes(), again.Bytes()) {
		t.Fatalf("a second encoding differs (%v)", err)
	}
	g, errGot := png.Decode(bytes.NewReader(got.Bytes()))
	w, errWant := png.Decode(bytes.NewReader(want.Bytes()))
	if (errGot != nil) != (errWant != nil) {
		t.Fatalf("decoding encodePNG's: %v, image/png's: %v", errGot, errWant)
	}
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("encodePNG's PNG decodes as %T %v, image/png's as %T %v", g, g.Bounds(), w, w.Bounds())
	}
}

// TestEncodePNGCharts: every chart of the fixture report, and a heat map drawn in strips, is a
// grey paletted image that encodePNG writes itself, and its PNG decodes to image/png's pixels.
func TestEncodePNGCharts(t *testing.T) {
	for _, tc := range []struct {
		name string
		dir  func(t *testing.T) string
	}{
		{"fixture", func(*testing.T) string { return "testdata/fixture" }},
		{"wide heat map", func(t *testing.T) string { return manyInstruments(t, 10) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build(tc.dir(t))
			if err != nil {
				t.Fatal(err)
			}
			jobs := r.chartJobs(r.page.Instruments)
			if p, name, _, _, w, h, ok := r.presenceChart(); ok {
				jobs = append(jobs, chartJob{p: p, c: chart{Name: name}, w: w, h: h})
			}
			if len(jobs) < 2 {
				t.Fatalf("%d charts", len(jobs))
			}
			for _, j := range jobs {
				src, release := rasterChart(j.p, j.w, j.h)
				if m, ok := src.(*image.Paletted); !ok || len(m.Palette) != 256 {
					t.Errorf("%s: a %T, not grey paletted", j.c.Name, src)
				}
				samePNG(t, src)
				if release != nil {
					release()
				}
			}
		})
	}
}

// TestEncodePNG: paletted images of every bit depth image/png picks (those of 16 colours or
// fewer go through image/png), translucent palettes (tRNS), sub-images and other images.
func TestEncodePNG(t *testing.T) {
	paletted := func(n int, alpha uint8, r image.Rectangle) *image.Paletted {
		p := make(color.Palette, n)
		for i := range p {
			p[i] = color.NRGBA{uint8(i * 7), uint8(i * 13), uint8(i), max(alpha, uint8(255-i))}
		}
		m := image.NewPaletted(r, p)
		for i := range m.Pix {
			m.Pix[i] = uint8(i * i / 3 % n)
		}
		return m
	}
	rgba := image.NewRGBA(image.Rect(0, 0, 5, 4))
	for i := range rgba.Pix {
		rgba.Pix[i] = uint8(i * 11)
	}
	for _, tc := range []struct {
		name string
		m    image.Image
	}{
		{"greys", paletted(256, 255, image.Rect(0, 0, 37, 11))},
		{"17 colours", paletted(17, 255, image.Rect(0, 0, 3, 50))},
		{"16 colours, image/png", paletted(16, 255, image.Rect(0, 0, 9, 9))},
		{"2 colours, image/png", paletted(2, 255, image.Rect(0, 0, 9, 9))},
		{"translucent colours", paletted(200, 0, image.Rect(0, 0, 20, 20))},
		{"one pixel", paletted(256, 255, image.Rect(0, 0, 1, 1))},
		{"not at the origin", paletted(256, 255, image.Rect(-3, 5, 40, 17))},
		{"sub-image", paletted(256, 255, image.Rect(0, 0, 40, 30)).SubImage(image.Rect(3, 7, 31, 22))},
		{"empty", paletted(256, 255, image.Rect(0, 0, 0, 5))},
		{"RGBA, image/png", rgba},
	} {
		t.Run(tc.name, func(t *testing.T) { samePNG(t, tc.m) })
	}
}

// FuzzEncodePNG: a paletted image of any palette (any alpha) and any indexes, in range or not,
// and a sub-image of it decode from encodePNG's PNG as from image/png's.
func FuzzEncodePNG(f *testing.F) {
	f.Add([]byte("\x00\x10\x20\xff\x80\x7f"), uint8(7), uint8(5), uint8(255), uint8(1), uint8(2))
	f.Add([]byte("opaque greys and more"), uint8(40), uint8(3), uint8(0), uint8(0), uint8(0))
	f.Add([]byte{}, uint8(1), uint8(1), uint8(16), uint8(0), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, w, h, colours, x0, y0 uint8) {
		n := 1 + int(colours) // 1 to 256 colours
		byteAt := func(i int) uint8 {
			if len(data) == 0 {
				return uint8(i)
			}
			return data[i%len(data)]
		}
		p := make(color.Palette, n)
		for i := range p {
			p[i] = color.NRGBA{byteAt(4 * i), byteAt(4*i + 1), byteAt(4*i + 2), byteAt(4*i + 3)}
		}
		m := image.NewPaletted(image.Rect(0, 0, int(w)+int(x0), int(h)+int(y0)), p)
		for i := range m.Pix {
			m.Pix[i] = byteAt(i + 7)
		}
		samePNG(t, m)
		samePNG(t, m.SubImage(image.Rect(int(x0), int(y0), m.Rect.Max.X, m.Rect.Max.Y)))
	})
}
