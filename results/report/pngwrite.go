package report

import (
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// pngLevel is the zlib level of the charts' paletted PNGs (klauspost/compress's levels). Over the
// 181 charts of the 10 MB bench corpus, level 1 wrote 1.4% more bytes than image/png at
// BestSpeed in less than half its CPU time; level 3, 0.4% fewer in about 60% of it.
const pngLevel = flate.BestSpeed

// encodePNG writes m as a PNG: an 8-bit paletted image (the grey charts) through
// writePalettedPNG, any other image through image/png.
func encodePNG(w io.Writer, m image.Image) error {
	if p, ok := m.(*image.Paletted); ok && len(p.Palette) > 16 && len(p.Palette) <= 256 {
		return writePalettedPNG(w, p)
	}
	return pngEncoder.Encode(w, m)
}

// pngWriter is the state writePalettedPNG keeps from image to image: the deflate writer (reset
// per image, so the bytes are those of a new one) and the IDAT chunks' buffer.
type pngWriter struct {
	z    *flate.Writer
	idat idatWriter
}

var pngWriters = sync.Pool{New: func() any {
	z, err := flate.NewWriter(nil, pngLevel)
	if err != nil {
		panic(err) // pngLevel is a valid level
	}
	return &pngWriter{z: z, idat: idatWriter{buf: make([]byte, 1<<15)}}
}}

// zlibHeader is the two bytes klauspost/compress's zlib.Writer starts a stream of level
// pngLevel with (RFC 1950: deflate with a 32 KB window, FLEVEL 0, no dictionary, FCHECK).
const zlibHeader = "\x78\x01"

// pngSignature starts every PNG file.
const pngSignature = "\x89PNG\r\n\x1a\n"

// writePalettedPNG writes m, which has 17 to 256 colours, as a PNG that decodes to what
// image/png's encoding of it decodes to: the chunks image/png writes for an 8-bit paletted
// image (IHDR, PLTE, tRNS when a colour is not opaque, IDAT chunks of at most 32 KB, IEND), each
// row unfiltered as image/png leaves paletted rows, but the data compressed by
// klauspost/compress's deflate, whose level 1 takes less than half the CPU time of
// compress/flate's BestSpeed on the charts. The data is the zlib stream klauspost/compress's
// zlib.Writer writes, its header, deflate stream and Adler-32 checksum, with the checksum
// computed by adler32Update (hash/adler32, which zlib.Writer uses, was a fifth of the
// encoding's CPU time).
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
		if g, ok := c.(color.Gray); ok {
			// NRGBAModel's colour, without its allocation per colour (a grey chart's 256
			// were most of the objects an encoding allocated)
			plte[3*i], plte[3*i+1], plte[3*i+2], trns[i] = g.Y, g.Y, g.Y, 0xff
			continue
		}
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
	if _, err := io.WriteString(&pw.idat, zlibHeader); err != nil {
		return err
	}
	pw.z.Reset(&pw.idat)
	filter := []byte{0} // filter type none, as image/png writes paletted rows
	adler := uint32(1)
	for y := range b.Dy() {
		off := y * m.Stride
		row := m.Pix[off : off+b.Dx()]
		if _, err := pw.z.Write(filter); err != nil {
			return err
		}
		if _, err := pw.z.Write(row); err != nil {
			return err
		}
		adler = adler32Update(adler32Update(adler, filter), row)
	}
	if err := pw.z.Close(); err != nil {
		return err
	}
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], adler)
	if _, err := pw.idat.Write(sum[:]); err != nil {
		return err
	}
	if err := pw.idat.flush(); err != nil {
		return err
	}
	return writePNGChunk(w, "IEND", nil)
}

// adler32Mod is Adler-32's modulus, the largest prime below 1<<16.
const adler32Mod = 65521

// adler32Block is how many bytes adler32Update adds before reducing its sums modulo adler32Mod:
// from sums below adler32Mod, s1 stays below 1<<28 and s2 below 1<<48.
const adler32Block = 1 << 19

// adler32Update is hash/adler32's checksum adler continued over p (start from 1), sixteen bytes
// at a time. The bytes b0..b15 (b0 first) of two little-endian words w0, w1 add their sum to s1,
// and to s2 16*s1 plus their sum weighted 16, 15, ..., 1, that is 8 times w0's sum plus the
// bytes of w0+w1 (lane by lane) weighted 8, 7, ..., 1. The sums come from multiplying the
// words' even and odd bytes, spread into 16-bit lanes, by constants that gather the lanes
// (weighted) into the top one; no lane carries into the next (a lane's products add up to at
// most 510*36). Sixteen opaque white pixels, most of a chart's bytes, add constants.
func adler32Update(adler uint32, p []byte) uint32 {
	const (
		lanes = 0x00ff00ff00ff00ff
		ones  = 0x0001000100010001
		evens = 8<<48 | 6<<32 | 4<<16 | 2 // the weights of bytes 0, 2, 4, 6, for lane 3
		odds  = 7<<48 | 5<<32 | 3<<16 | 1 // of bytes 1, 3, 5, 7
	)
	s1, s2 := uint64(adler&0xffff), uint64(adler>>16)
	for len(p) >= 16 {
		n := min(len(p), adler32Block) &^ 15
		for q := p[:n]; len(q) >= 16; q = q[16:] {
			w0, w1 := binary.LittleEndian.Uint64(q), binary.LittleEndian.Uint64(q[8:])
			s2 += 16 * s1
			if w0&w1 == ^uint64(0) {
				s2 += 0xff * (16 * 17 / 2)
				s1 += 0xff * 16
				continue
			}
			e0, o0, e1, o1 := w0&lanes, w0>>8&lanes, w1&lanes, w1>>8&lanes
			a := (e0 + o0) * ones >> 48
			s2 += 8*a + ((e0+e1)*evens+(o0+o1)*odds)>>48
			s1 += a + (e1+o1)*ones>>48
		}
		p = p[n:]
		s1 %= adler32Mod
		s2 %= adler32Mod
	}
	for _, x := range p {
		s1 += uint64(x)
		s2 += s1
	}
	return uint32(s2%adler32Mod)<<16 | uint32(s1%adler32Mod)
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
