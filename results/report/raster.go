package report

import (
	"image"
	"image/color"
	"math"

	"git.sr.ht/~sbinet/gg"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// newRasterCanvas returns a vgimg canvas of w by h at dpi, as vgimg.NewWith(UseWH, UseDPI)
// builds it (white background, butt line caps, y axis up), except that
//   - its gg context draws glyphs through glyphInterpolator (canvasInterpolator), and its text
//     through the shared glyph cache (rasterCanvas.FillString) and textPatches;
//   - the canvas is the image's size, w and h rounded to whole pixels (vgimg keeps the size in
//     points on the rounded image, so a chart 1228.8 pixels high was drawn 0.2 pixels short of
//     its image's edge); charts of a whole number of pixels are drawn with the same pixels;
//   - gg draws into the image itself, not into a copy of it (half the memory of a wide chart);
//   - the image comes white from newWhiteRGBA, and vgimg does not paint it white again:
//     vgimg.NewWith paints whatever image it is given (image/draw's fill was 5% of the charts'
//     CPU time), so it is given the image with no pixels (its Rect empty) and the image gets
//     its Rect back after. vgimg then keeps a size of 0 by 0, which it uses only in Size and
//     FillString: rasterCanvas overrides both.
func newRasterCanvas(w, h vg.Length, dpi int) *rasterCanvas {
	r, cw, ch := rasterSize(w, h, dpi)
	img := newWhiteRGBA(r)
	ctx := gg.NewContextForRGBA(img) // draws into img itself, which the canvas returns
	ctx.SetLineCapButt()
	ctx.InvertY()
	interp := &canvasInterpolator{glyphInterpolator: glyphInterpolator{xdraw.BiLinear}, img: img}
	ctx.SetInterpolator(interp)
	img.Rect = image.Rectangle{}
	c := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(dpi))
	img.Rect = r
	dirty := newDirtyChunks(r)
	interp.dirty = dirty
	return &rasterCanvas{Canvas: c, ctx: ctx, img: img, interp: interp, dirty: dirty, w: cw, h: ch,
		strokeScratch: strokeScratches.get()}
}

// release gives the canvas's stroke rasterisers and buffers back for another canvas; c must not
// be drawn on after.
func (c *rasterCanvas) release() {
	strokeScratches.put(c.strokeScratch)
	c.strokeScratch = nil
}

// rasterSize is the image newRasterCanvas(w, h, dpi) draws on, and the canvas's size: the
// image's, as vgimg finds the size of an image it is given (NewWith).
func rasterSize(w, h vg.Length, dpi int) (r image.Rectangle, cw, ch vg.Length) {
	wd, hd := w/vg.Inch*vg.Length(dpi), h/vg.Inch*vg.Length(dpi)
	r = image.Rect(0, 0, int(wd+0.5), int(hd+0.5))
	size := func(n int) vg.Length { return vg.Length(float64(n)/float64(dpi)) * vg.Inch }
	return r, size(r.Dx()), size(r.Dy())
}

// dirtyChunks records the chunks of 64 pixels of each row of a chart's image that its drawing
// may have changed, for greyPaletted, which reads only those: the image comes opaque white
// (newWhiteRGBA), and the rest of it stays so. Most of a chart is white (at 10 MB, 71% of the
// chunks of the charts' images had no other pixel), and reading every pixel of every chart was
// most of greyPaletted's time. The drawing that is tracked marks what it changes: strokes
// (overPainter's spans), text composited from the glyph cache (drawString's glyphs), glyphs drawn
// through gg (canvasInterpolator) and copied patches (drawStringGG); any other drawing marks the
// whole image (everyChunk).
type dirtyChunks struct {
	rect image.Rectangle
	// rows holds a row's chunks, bit k for pixels 64k to 64k+63 from the image's left; nil:
	// every chunk of every row (the image is more than 64 chunks wide, or everyChunk was called)
	rows []uint64
}

// newDirtyChunks records no chunk of an image of bounds r changed.
func newDirtyChunks(r image.Rectangle) *dirtyChunks {
	d := &dirtyChunks{rect: r}
	if r.Dx() <= 64*64 {
		d.rows = make([]uint64, r.Dy())
	}
	return d
}

// everyChunk records every chunk as changed.
func (d *dirtyChunks) everyChunk() { d.rows = nil }

// mark records the chunks of r changed.
func (d *dirtyChunks) mark(r image.Rectangle) {
	if d == nil || d.rows == nil {
		return
	}
	r = r.Intersect(d.rect)
	if r.Empty() {
		return
	}
	bits := chunkBits(r.Min.X-d.rect.Min.X, r.Max.X-d.rect.Min.X)
	rows := d.rows[r.Min.Y-d.rect.Min.Y : r.Max.Y-d.rect.Min.Y]
	for i := range rows {
		rows[i] |= bits
	}
}

// markRow records the chunks of pixels x0 to x1-1 of row y changed; x0 < x1, both in the image.
func (d *dirtyChunks) markRow(y, x0, x1 int) {
	if d == nil || d.rows == nil {
		return
	}
	d.rows[y-d.rect.Min.Y] |= chunkBits(x0-d.rect.Min.X, x1-d.rect.Min.X)
}

// chunkBits is the chunks of pixels x0 to x1-1 (0 <= x0 < x1 <= 64*64) as bits.
func chunkBits(x0, x1 int) uint64 {
	lo, hi := uint(x0)>>6, uint(x1-1)>>6
	return (1<<(hi+1) - 1) &^ (1<<lo - 1)
}

// row is the chunks of row y recorded changed (all of them for a nil d).
func (d *dirtyChunks) row(y int) uint64 {
	if d == nil || d.rows == nil {
		return ^uint64(0)
	}
	return d.rows[y-d.rect.Min.Y]
}

// glyphInterpolator is gg's default interpolator (bilinear) with a fast path for whole-pixel
// translations. gg draws every glyph of a string with Interpolator.Transform, the glyph's mask
// translated to its place; the bilinear kernel then samples each source pixel exactly at its
// centre, so the result is the mask itself, but x/image/draw computes it through its generic
// per-pixel path (a uniform source with a mask has no specialised one): drawing the charts' tick
// labels was 16% of a report's CPU (10 MB bench corpus). draw.Copy draws the same translation
// with image/draw's glyph path; any other transformation of a glyph (rotated text), with
// transformGlyph, x/image/draw's bilinear arithmetic without its generic per-pixel interfaces.
type glyphInterpolator struct{ xdraw.Interpolator }

// Transform implements xdraw.Transformer.
func (g glyphInterpolator) Transform(dst xdraw.Image, s2d f64.Aff3, src image.Image, sr image.Rectangle, op xdraw.Op, opts *xdraw.Options) {
	if tx, ty, ok := wholeTranslation(s2d); ok && (opts == nil || opts.DstMask == nil) {
		xdraw.Copy(dst, sr.Min.Add(image.Pt(tx, ty)), src, sr, op, opts)
		return
	}
	if d, m, c, ok := uniformGlyph(g.Interpolator, dst, src, op, opts); ok {
		transformGlyph(d, s2d, c[0], c[1], c[2], c[3], sr, m, opts.SrcMaskP)
		return
	}
	g.Interpolator.Transform(dst, s2d, src, sr, op, opts)
}

// wholeTranslation reports whether m is a translation by whole pixels, and by how much.
func wholeTranslation(m f64.Aff3) (tx, ty int, ok bool) {
	if m[0] != 1 || m[1] != 0 || m[3] != 0 || m[4] != 1 {
		return 0, 0, false
	}
	x, y := m[2], m[5]
	if x != math.Trunc(x) || y != math.Trunc(y) || math.Abs(x) > 1<<30 || math.Abs(y) > 1<<30 {
		return 0, 0, false
	}
	return int(x), int(y), true
}

// The pixel buffers of chart images, kept from one chart for the next: a chart's RGBA image is
// about a megabyte, and allocating (and clearing) one per chart, with its grey copy, was a sixth
// of the bytes the report allocated at 10 MB. A buffer in rgbaPix is opaque white (0xff) to its
// capacity: newWhiteRGBA's image is white, and a chart's image goes back (releaseWhiteRGBA)
// once greyPaletted has painted its drawing white again. An image from newPaletted has arbitrary
// pixels; greyPaletted's is overwritten. A chart is at most a few megabytes (the strips of a
// wide heat map are larger, and not kept); four of each kind is one per chart drawn at once on
// four CPUs.
var (
	rgbaPix     = freeList{max: 4, maxBytes: 8 << 20}
	palettedPix = freeList{max: 4, maxBytes: 2 << 20}
)

// newWhiteRGBA is image.NewRGBA(r) painted opaque white.
func newWhiteRGBA(r image.Rectangle) *image.RGBA {
	n := 4 * r.Dx() * r.Dy()
	pix, kept := rgbaPix.getKept(n)
	if !kept {
		// doubling copies of the bytes painted so far
		if len(pix) > 0 {
			pix[0] = 0xff
		}
		for k := 1; k < len(pix); k *= 2 {
			copy(pix[k:], pix[:k])
		}
	}
	return &image.RGBA{Pix: pix, Stride: 4 * r.Dx(), Rect: r}
}

// releaseWhiteRGBA gives m's pixels back for the next newWhiteRGBA; they must be opaque white
// (greyPaletted's whiten), and m must not be used after.
func releaseWhiteRGBA(m *image.RGBA) { rgbaPix.put(m.Pix) }

// newPaletted is image.NewPaletted(r, p), with arbitrary pixels.
func newPaletted(r image.Rectangle, p color.Palette) *image.Paletted {
	return &image.Paletted{Pix: palettedPix.get(r.Dx() * r.Dy()), Stride: r.Dx(), Rect: r, Palette: p}
}

// releasePaletted gives m's pixels back for the next newPaletted; m must not be used after.
func releasePaletted(m *image.Paletted) { palettedPix.put(m.Pix) }
