package report

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// pngLevel is the zlib level of the charts' paletted PNGs (klauspost/compress's levels): chosen
// by measurement over the 10 MB bench corpus's charts (see writePalettedPNG).
const pngLevel = zlib.BestSpeed

// encodePNG writes m as a PNG: an 8-bit paletted image (the grey charts) through
// writePalettedPNG, any other image through image/png.
func encodePNG(w io.Writer, m image.Image) error {
	if p, ok := m.(*image.Paletted); ok && len(p.Palette) > 16 && len(p.Palette) <= 256 {
		return writePalettedPNG(w, p)
	}
	return pngEncoder.Encode(w, m)
}

// pngWriter is the state writePalettedPNG keeps from image to image: the zlib writer (reset
// per image, so the bytes are those of a new one), the compressed image data and a row.
type pngWriter struct {
	z    *zlib.Writer
	idat bytes.Buffer
	row  []byte
}

var pngWriters = sync.Pool{New: func() any {
	z, err := zlib.NewWriterLevel(nil, pngLevel)
	if err != nil {
		panic(err) // pngLevel is a valid level
	}
	return &pngWriter{z: z}
}}

// pngSignature starts every PNG file.
const pngSignature = "\x89PNG\r\n\x1a\n"

// writePalettedPNG writes m, which has 17 to 256 colours, as a PNG that decodes to what
// image/png's encoding of it decodes to: the chunks image/png writes for an 8-bit paletted
// image (IHDR, PLTE, tRNS when a colour is not opaque, IDAT, IEND), each row unfiltered as
// image/png leaves paletted rows, but the data compressed by klauspost/compress's zlib, whose
// fastest level took a third of the CPU time of compress/flate's on the charts.
func writePalettedPNG(w io.Writer, m *image.Paletted) error {
	b := m.Bounds()
	dx, dy := int64(b.Dx()), int64(b.Dy())
	if dx <= 0 || dy <= 0 || dx >= 1<<32 || dy >= 1<<32 {
		// image/png's error for an image it cannot store
		return pngEncoder.Encode(w, m)
	}
	pw := pngWriters.Get().(*pngWriter)
	defer pngWriters.Put(pw)

	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:4], uint32(dx))
	binary.BigEndian.PutUint32(ihdr[4:8], uint32(dy))
	ihdr[8], ihdr[9] = 8, 3 // bit depth 8, colour type paletted; compression, filter and interlace 0

	var plte [3 * 256]byte
	var trns [256]byte
	last := -1 // the last colour that is not opaque
	for i, c := range m.Palette {
		c1 := color.NRGBAModel.Convert(c).(color.NRGBA)
		plte[3*i], plte[3*i+1], plte[3*i+2] = c1.R, c1.G, c1.B
		if c1.A != 0xff {
			last = i
		}
		trns[i] = c1.A
	}

	pw.idat.Reset()
	pw.z.Reset(&pw.idat)
	if n := 1 + b.Dx(); cap(pw.row) < n {
		pw.row = make([]byte, n)
	}
	pw.row = pw.row[:1+b.Dx()]
	pw.row[0] = 0 // filter type none, as image/png writes paletted rows
	for y := range b.Dy() {
		off := y * m.Stride
		copy(pw.row[1:], m.Pix[off:off+b.Dx()])
		if _, err := pw.z.Write(pw.row); err != nil {
			return err
		}
	}
	if err := pw.z.Close(); err != nil {
		return err
	}
	if pw.idat.Len() >= 1<<31 {
		return png.UnsupportedError("IDAT chunk is too large")
	}

	if _, err := io.WriteString(w, pngSignature); err != nil {
		return err
	}
	chunks := []struct {
		name string
		data []byte
	}{
		{"IHDR", ihdr[:]},
		{"PLTE", plte[:3*len(m.Palette)]},
		{"tRNS", trns[:last+1]},
		{"IDAT", pw.idat.Bytes()},
		{"IEND", nil},
	}
	for _, c := range chunks {
		if c.name == "tRNS" && last == -1 {
			continue
		}
		if err := writePNGChunk(w, c.name, c.data); err != nil {
			return err
		}
	}
	return nil
}

// writePNGChunk writes a PNG chunk: data's length, the name, data and the CRC-32 of name and data.
func writePNGChunk(w io.Writer, name string, data []byte) error {
	var head [8]byte
	binary.BigEndian.PutUint32(head[:4], uint32(len(data)))
	copy(head[4:], name)
	crc := crc32.Update(crc32.ChecksumIEEE(head[4:]), crc32.IEEETable, data)
	var tail [4]byte
	binary.BigEndian.PutUint32(tail[:], crc)
	for _, p := range [][]byte{head[:], data, tail[:]} {
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	return nil
}
