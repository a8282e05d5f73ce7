package report

import (
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"io"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// pngLevel is the zlib level of the charts' paletted PNGs (klauspost/compress's levels). Over the
// 181 charts of the 10 MB bench corpus, level 1 wrote 1.4% more bytes than image/png at
// BestSpeed in less than half its CPU time; level 3, 0.4% fewer in about 60% of it.
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
// per image, so the bytes are those of a new one), the IDAT chunks' buffer and a row.
type pngWriter struct {
	z    *zlib.Writer
	idat idatWriter
	row  []byte
}

var pngWriters = sync.Pool{New: func() any {
	z, err := zlib.NewWriterLevel(nil, pngLevel)
	if err != nil {
		panic(err) // pngLevel is a valid level
	}
	return &pngWriter{z: z, idat: idatWriter{buf: make([]byte, 1<<15)}}
}}

// pngSignature starts every PNG file.
const pngSignature = "\x89PNG\r\n\x1a\n"

// writePalettedPNG writes m, which has 17 to 256 colours, as a PNG that decodes to what
// image/png's encoding of it decodes to: the chunks image/png writes for an 8-bit paletted
// image (IHDR, PLTE, tRNS when a colour is not opaque, IDAT chunks of at most 32 KB, IEND), each
// row unfiltered as image/png leaves paletted rows, but the data compressed by
// klauspost/compress's zlib, whose level 1 takes less than half the CPU time of
// compress/flate's BestSpeed on the charts.
func writePalettedPNG(w io.Writer, m *image.Paletted) error {
	b := m.Bounds()
	dx, dy := int64(b.Dx()), int64(b.Dy())
	if dx <= 0 || dy <= 0 || dx >= 1<<32 || dy >= 1<<32 {
		// image/png's error for an image it cannot store
		return pngEncoder.Encode(w, m)
	}
	pw := pngWriters.Get().(*pngWriter)
	defer pngWriters.Put(pw)

	if _, err := io.WriteString(w, pngSignature); err != nil {
		return err
	}
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:4], uint32(dx))
	binary.BigEndian.PutUint32(ihdr[4:8], uint32(dy))
	ihdr[8], ihdr[9] = 8, 3 // bit depth 8, colour type paletted; compression, filter and interlace 0
	if err := writePNGChunk(w, "IHDR", ihdr[:]); err != nil {
		return err
	}
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
	if err := writePNGChunk(w, "PLTE", plte[:3*len(m.Palette)]); err != nil {
		return err
	}
	if last >= 0 {
		if err := writePNGChunk(w, "tRNS", trns[:last+1]); err != nil {
			return err
		}
	}

	pw.idat.w, pw.idat.n, pw.idat.err = w, 0, nil
	defer func() { pw.idat.w = nil }() // not kept in the pool
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
	if err := pw.idat.flush(); err != nil {
		return err
	}
	return writePNGChunk(w, "IEND", nil)
}

// idatWriter writes what is written to it to w as IDAT chunks of at most len(buf) bytes, as
// image/png splits the image data.
type idatWriter struct {
	w   io.Writer
	buf []byte
	n   int // bytes in buf
	err error
}

func (iw *idatWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 && iw.err == nil {
		k := copy(iw.buf[iw.n:], p)
		iw.n += k
		p = p[k:]
		written += k
		if iw.n == len(iw.buf) {
			iw.flush()
		}
	}
	return written, iw.err
}

// flush writes the bytes in buf as an IDAT chunk, if there are any.
func (iw *idatWriter) flush() error {
	if iw.err == nil && iw.n > 0 {
		iw.err = writePNGChunk(iw.w, "IDAT", iw.buf[:iw.n])
	}
	iw.n = 0
	return iw.err
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
