package report

import (
	"bytes"
	"encoding/binary"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"io"
	"reflect"
	"sync"
	"testing"

	"github.com/klauspost/compress/zlib"
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
			jobs := allChartJobs(r)
			if len(jobs) < 2 {
				t.Fatalf("%d charts", len(jobs))
			}
			for _, j := range jobs {
				src, release := rasterChart(j.p, j.w, j.h, nil)
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

// zlibPalettedPNG is writePalettedPNG as it was before it wrote the zlib stream itself: the
// rows through klauspost/compress's zlib.Writer at pngLevel, whose checksum is hash/adler32's.
func zlibPalettedPNG(w io.Writer, m *image.Paletted) error {
	b := m.Bounds()
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:4], uint32(b.Dx()))
	binary.BigEndian.PutUint32(ihdr[4:8], uint32(b.Dy()))
	ihdr[8], ihdr[9] = 8, 3
	if _, err := io.WriteString(w, pngSignature); err != nil {
		return err
	}
	if err := writePNGChunk(w, "IHDR", ihdr[:]); err != nil {
		return err
	}
	var plte [3 * 256]byte
	var trns [256]byte
	last := -1
	for i, c := range m.Palette {
		c1 := color.NRGBAModel.Convert(c).(color.NRGBA)
		plte[3*i], plte[3*i+1], plte[3*i+2] = c1.R, c1.G, c1.B
		if c1.A != 0xff {
			last = i
		}
		trns[i] = c1.A
	}
	if err := writePNGChunk(w, "PLTE", plte[:3*len(m.Palette)]); err != nil {
		return err
	}
	if last >= 0 {
		if err := writePNGChunk(w, "tRNS", trns[:last+1]); err != nil {
			return err
		}
	}
	idat := &idatWriter{w: w, buf: make([]byte, 1<<15)}
	z, ok := zlibWriters.Get().(*zlib.Writer)
	if !ok {
		var err error
		if z, err = zlib.NewWriterLevel(idat, pngLevel); err != nil {
			return err
		}
	}
	defer zlibWriters.Put(z)
	z.Reset(idat)
	row := make([]byte, 1+b.Dx())
	for y := range b.Dy() {
		off := y * m.Stride
		copy(row[1:], m.Pix[off:off+b.Dx()])
		if _, err := z.Write(row); err != nil {
			return err
		}
	}
	if err := z.Close(); err != nil {
		return err
	}
	if err := idat.flush(); err != nil {
		return err
	}
	return writePNGChunk(w, "IEND", nil)
}

// zlibWriters are zlibPalettedPNG's writers, kept from image to image as writePalettedPNG kept
// them (a reset writer writes the bytes of a new one).
var zlibWriters sync.Pool

// samePNGBytes checks that writePalettedPNG writes m as zlibPalettedPNG does, byte for byte.
func samePNGBytes(t *testing.T, m *image.Paletted) {
	t.Helper()
	var got, want bytes.Buffer
	if err := writePalettedPNG(&got, m); err != nil {
		t.Fatal(err)
	}
	if err := zlibPalettedPNG(&want, m); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("%v: writePalettedPNG wrote %d bytes, zlib.Writer's PNG %d, not the same", m.Rect, got.Len(), want.Len())
	}
}

// TestWritePalettedPNGMatchesZlib: writePalettedPNG's own zlib stream is zlib.Writer's, on the
// fixture's charts (compressed data several IDAT chunks long) and on small and odd images.
func TestWritePalettedPNGMatchesZlib(t *testing.T) {
	r, err := Build("testdata/fixture")
	if err != nil {
		t.Fatal(err)
	}
	charts := 0
	for _, j := range r.chartJobs(r.page.Instruments) {
		src, release := rasterChart(j.p, j.w, j.h, nil)
		m, ok := src.(*image.Paletted)
		if !ok {
			t.Fatalf("%s: a %T", j.c.Name, src)
		}
		samePNGBytes(t, m)
		charts++
		if release != nil {
			release()
		}
	}
	if charts < 2 {
		t.Fatalf("%d charts", charts)
	}
	noise := image.NewPaletted(image.Rect(0, 0, 301, 257), greyPalette)
	for i := range noise.Pix {
		noise.Pix[i] = uint8(i * i * 7 >> 3)
	}
	for _, tc := range []struct {
		name string
		m    *image.Paletted
	}{
		{"noise, several blocks", noise},
		{"one pixel", image.NewPaletted(image.Rect(0, 0, 1, 1), greyPalette)},
		{"sub-image", noise.SubImage(image.Rect(3, 9, 200, 100)).(*image.Paletted)},
		{"white", func() *image.Paletted {
			m := image.NewPaletted(image.Rect(0, 0, 700, 1300), greyPalette)
			for i := range m.Pix {
				m.Pix[i] = 0xff
			}
			return m
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) { samePNGBytes(t, tc.m) })
	}
}

// FuzzWritePalettedPNGMatchesZlib: writePalettedPNG writes any grey paletted image as
// zlibPalettedPNG does.
func FuzzWritePalettedPNGMatchesZlib(f *testing.F) {
	f.Add([]byte("\x00\x10\x20\xff\x80\x7f"), uint16(7), uint8(5))
	f.Add([]byte{0xff}, uint16(900), uint8(90))
	f.Fuzz(func(t *testing.T, data []byte, w uint16, h uint8) {
		if w == 0 || h == 0 || len(data) == 0 {
			return
		}
		m := image.NewPaletted(image.Rect(0, 0, int(w%2048)+1, int(h)), greyPalette)
		for i := range m.Pix {
			m.Pix[i] = data[i%len(data)]
		}
		samePNGBytes(t, m)
	})
}

// TestAdler32Update: adler32Update is hash/adler32's checksum, whole or continued piece by
// piece, on lengths around its eight-byte words and its reductions.
func TestAdler32Update(t *testing.T) {
	long := make([]byte, 8*adler32Block/4+13)
	for i := range long {
		long[i] = uint8(i * 131 >> 2)
	}
	ff := bytes.Repeat([]byte{0xff}, adler32Block+9)
	for _, tc := range []struct {
		name string
		p    []byte
	}{
		{"empty", nil},
		{"one byte", []byte{0xff}},
		{"seven", []byte("abcdefg")},
		{"eight", []byte("abcdefgh")},
		{"nine", []byte("abcdefghi")},
		{"all 0xff past a reduction", ff},
		{"long, two reductions", long},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := adler32.Checksum(tc.p)
			if got := adler32Update(1, tc.p); got != want {
				t.Fatalf("whole: %08x, hash/adler32 %08x", got, want)
			}
			got := uint32(1)
			for p := tc.p; len(p) > 0; {
				n := min(len(p), 1+len(p)%677)
				got, p = adler32Update(got, p[:n]), p[n:]
			}
			if got != want {
				t.Fatalf("in pieces: %08x, hash/adler32 %08x", got, want)
			}
		})
	}
}

// FuzzAdler32Update: adler32Update continues any checksum over any bytes as hash/adler32 does.
func FuzzAdler32Update(f *testing.F) {
	f.Add([]byte("abc"), []byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		d := adler32.New()
		d.Write(a)
		mid := d.Sum32()
		d.Write(b)
		if got := adler32Update(adler32Update(1, a), b); got != d.Sum32() || adler32Update(1, a) != mid {
			t.Fatalf("adler32Update: %08x, hash/adler32 %08x", got, d.Sum32())
		}
	})
}

// allChartJobs is every chart of r: its instruments' and, when it has one, the presence chart.
func allChartJobs(r *Report) []chartJob {
	jobs := r.chartJobs(r.page.Instruments)
	if p, name, _, _, w, h, ok := r.presenceChart(); ok {
		jobs = append(jobs, chartJob{p: p, c: chart{Name: name}, w: w, h: h})
	}
	return jobs
}
