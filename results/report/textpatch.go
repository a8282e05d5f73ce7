package report

import (
	"image"
	"image/color"
	"math"
	"sync"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
)

// canvasInterpolator is a rasterCanvas's glyphInterpolator, which can record the pixels gg's
// text drawing changes: while recording, the union of the rectangles the glyphs' transformGlyph
// calls may write (x/image/draw writes only there), and whether every glyph went to
// transformGlyph on the canvas's image.
type canvasInterpolator struct {
	glyphInterpolator
	img       *image.RGBA
	dirty     *dirtyChunks // where the glyphs drawn on img are marked
	recording bool
	changed   image.Rectangle
	uniform   bool
}

// Transform implements xdraw.Transformer.
func (ci *canvasInterpolator) Transform(dst xdraw.Image, s2d f64.Aff3, src image.Image, sr image.Rectangle, op xdraw.Op, opts *xdraw.Options) {
	if ci.recording {
		_, _, whole := wholeTranslation(s2d)
		d, _, _, ok := uniformGlyph(ci.Interpolator, dst, src, op, opts)
		if whole || !ok || d != ci.img {
			ci.uniform = false
		} else {
			ci.changed = ci.changed.Union(d.Bounds().Intersect(transformRect(&s2d, &sr)))
		}
	}
	if dst == ci.img {
		ci.dirty.mark(transformRect(&s2d, &sr))
	} else {
		ci.dirty.everyChunk()
	}
	ci.glyphInterpolator.Transform(dst, s2d, src, sr, op, opts)
}

// textKey is what gg's drawing of a string on a rasterCanvas depends on: the face, the string
// and where it starts, gg's transformation (bits of each number: 0 and -0 differ), the colour
// and the image's bounds. gg then draws the same glyphs with the same transformations.
type textKey struct {
	face   *glyphFace
	s      string
	x, y   uint64
	m      [6]uint64
	clr    [4]uint32
	bounds image.Rectangle
}

// textPatch is what textPatches remembers of a string drawn through gg: the rectangle its
// glyphs may change and, once seen drawn on opaque white, the rectangle's pixels after.
type textPatch struct {
	changed image.Rectangle
	pix     []uint8 // 4 bytes a pixel, rows of changed; nil until drawn on white
}

// maxTextKeys bounds the strings textPatches remembers, maxTextPatches those it keeps the
// pixels of (a patch of a rotated axis label is some 20 KB). A heat map's slanted labels, each
// drawn once per strip, take a key each.
const (
	maxTextKeys    = 1 << 12
	maxTextPatches = 1 << 8
)

// textPatches are rotated strings drawn through gg (the y axes' labels, the same in every
// chart of a kind), by textKey: gg drew each glyph with x/image/draw's bilinear arithmetic
// (transformGlyph), 4% of the charts' CPU time at 100 MB. A string's patch is kept the second
// time it is drawn (the first gives its rectangle, the second its pixels, when the rectangle
// was opaque white before), and copied when it is drawn again on white.
var textPatches = struct {
	mu      sync.Mutex
	m       map[textKey]*textPatch
	patches int // patches with pixels
}{m: map[textKey]*textPatch{}}

// textKey returns the key of str drawn at x, y with face, false when the canvas's copy of gg's
// transformation is not gg's (compared at three points; then no patch is used).
func (c *rasterCanvas) textKey(face *glyphFace, str string, x, y float64) (textKey, bool) {
	st := c.state()
	for _, p := range [3][2]float64{{0, 0}, {1, 0}, {0, 1}} {
		ax, ay := st.m.TransformPoint(p[0], p[1])
		bx, by := c.ctx.TransformPoint(p[0], p[1])
		if math.Float64bits(ax) != math.Float64bits(bx) || math.Float64bits(ay) != math.Float64bits(by) {
			return textKey{}, false
		}
	}
	m := st.m
	k := textKey{face: face, s: str, x: math.Float64bits(x), y: math.Float64bits(y), bounds: c.img.Bounds()}
	for i, v := range [6]float64{m.XX, m.YX, m.XY, m.YY, m.X0, m.Y0} {
		k.m[i] = math.Float64bits(v)
	}
	clr := c.color()
	if clr == nil {
		clr = color.Black // as FillString draws it
	}
	k.clr[0], k.clr[1], k.clr[2], k.clr[3] = clr.RGBA()
	return k, true
}

// drawStringGG draws str at x, y (dots, y down) as vgimg's FillString does, through gg's
// DrawString, or, for a string in textPatches drawn again on opaque white, by copying its
// patch: the pixels gg's drawing gave there.
func (c *rasterCanvas) drawStringGG(face *glyphFace, str string, x, y float64) {
	key, keyed := c.textKey(face, str, x, y)
	var patch *textPatch
	white := false
	if keyed {
		textPatches.mu.Lock()
		if p := textPatches.m[key]; p != nil {
			patch = &textPatch{changed: p.changed, pix: p.pix}
		}
		textPatches.mu.Unlock()
		if patch != nil {
			white = opaqueWhiteRect(c.img, patch.changed)
			if white && patch.pix != nil {
				c.dirty.mark(patch.changed)
				copyRect(c.img, patch.changed, patch.pix)
				return
			}
		}
	}
	ci := c.interp
	ci.recording, ci.changed, ci.uniform = keyed, image.Rectangle{}, true
	c.ctx.Push()
	c.ctx.SetFontFace(face)
	c.ctx.InvertY()
	c.ctx.DrawString(str, x, y)
	c.ctx.Pop()
	ci.recording = false
	if !keyed || !ci.uniform {
		return
	}
	textPatches.mu.Lock()
	defer textPatches.mu.Unlock()
	switch p := textPatches.m[key]; {
	case p == nil:
		if len(textPatches.m) < maxTextKeys {
			textPatches.m[key] = &textPatch{changed: ci.changed}
		}
	case p.pix == nil && white && patch != nil && p.changed == ci.changed && textPatches.patches < maxTextPatches:
		p.pix = rectPixels(c.img, ci.changed)
		textPatches.patches++
	}
}

// opaqueWhiteRect reports whether every pixel of m in r (within m's bounds) is opaque white.
func opaqueWhiteRect(m *image.RGBA, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, v := range m.Pix[m.PixOffset(r.Min.X, y):m.PixOffset(r.Max.X, y)] {
			if v != 0xff {
				return false
			}
		}
	}
	return true
}

// rectPixels returns a copy of m's pixels in r (within m's bounds), row by row.
func rectPixels(m *image.RGBA, r image.Rectangle) []uint8 {
	pix := make([]uint8, 0, 4*r.Dx()*r.Dy())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		pix = append(pix, m.Pix[m.PixOffset(r.Min.X, y):m.PixOffset(r.Max.X, y)]...)
	}
	return pix
}

// copyRect copies rectPixels' pix back into m at r.
func copyRect(m *image.RGBA, r image.Rectangle, pix []uint8) {
	n := 4 * r.Dx()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		copy(m.Pix[m.PixOffset(r.Min.X, y):m.PixOffset(r.Max.X, y)], pix[:n])
		pix = pix[n:]
	}
}
