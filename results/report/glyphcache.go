package report

import (
	"image"
	"image/color"
	"sync"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"

	"git.sr.ht/~sbinet/gg"
)

// rasterCanvas is a vgimg canvas whose text goes through a process-wide glyph cache. vgimg's
// FillString opens a new opentype face for every string and rasterises every glyph of it anew;
// the charts' tick labels and titles repeat the same few dozen glyphs thousands of times
// (measured on the 10 MB bench corpus's report: text was 1.5 of 5.1 CPU-seconds of chart
// rendering, rasterising glyph outlines 0.8 s of it).
type rasterCanvas struct {
	*vgimg.Canvas
	ctx *gg.Context
	// drawn is set by the first Stroke, FillString, DrawImage or Fill that paints: until then
	// the image is vgimg's opaque white background. colors is the colour as vgimg keeps it,
	// set by SetColor and saved by Push, restored by Pop (nil at the top: vgimg's black).
	drawn  bool
	colors []color.Color
}

// SetColor implements vg.Canvas, remembering the colour for Fill.
func (c *rasterCanvas) SetColor(clr color.Color) {
	if len(c.colors) == 0 {
		c.colors = append(c.colors, nil)
	}
	c.colors[len(c.colors)-1] = clr
	c.Canvas.SetColor(clr)
}

// Push implements vg.Canvas, saving the colour as vgimg does.
func (c *rasterCanvas) Push() {
	var top color.Color
	if len(c.colors) > 0 {
		top = c.colors[len(c.colors)-1]
	}
	c.colors = append(c.colors, top)
	c.Canvas.Push()
}

// Pop implements vg.Canvas, restoring the colour as vgimg does.
func (c *rasterCanvas) Pop() {
	if len(c.colors) > 0 {
		c.colors = c.colors[:len(c.colors)-1]
	}
	c.Canvas.Pop()
}

// color is the current colour (nil: vgimg's initial black, or SetColor(nil), also black).
func (c *rasterCanvas) color() color.Color {
	if len(c.colors) == 0 {
		return nil
	}
	return c.colors[len(c.colors)-1]
}

// Fill implements vg.Canvas. Every plot's Draw starts by filling its whole canvas with its
// background, white, on vgimg's white image: rasterising that rectangle pixel by pixel was 1.06
// of 10.9 CPU-seconds of the 10 MB bench corpus's report. An opaque white fill on an image that
// is still all opaque white changes no pixel (freetype's RGBAPainter, Op Over, gives
// (0xff*0x101*(m-a) + 0xffff*a)/m>>8 = 0xff for every coverage a, m = 0xffff), so it is skipped.
func (c *rasterCanvas) Fill(p vg.Path) {
	if !c.drawn && opaqueWhite(c.color()) {
		return
	}
	c.drawn = true
	c.Canvas.Fill(p)
}

// opaqueWhite reports whether clr is opaque white (nil is vgimg's black).
func opaqueWhite(clr color.Color) bool {
	if clr == nil {
		return false
	}
	r, g, b, a := clr.RGBA()
	return r == 0xffff && g == 0xffff && b == 0xffff && a == 0xffff
}

// Stroke implements vg.Canvas.
func (c *rasterCanvas) Stroke(p vg.Path) {
	c.drawn = true
	c.Canvas.Stroke(p)
}

// DrawImage implements vg.Canvas.
func (c *rasterCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	c.drawn = true
	c.Canvas.DrawImage(rect, img)
}

// FillString implements vg.Canvas: what vgimg.Canvas.FillString does, with a cached face (its
// body adapted from gonum.org/v1/plot v0.17.0's vg/vgimg, Copyright ©2015 The Gonum Authors,
// BSD-3-Clause license in gonum.org/v1/plot's LICENSE file).
func (c *rasterCanvas) FillString(f font.Face, pt vg.Point, str string) {
	if f.Font.Size == 0 {
		return
	}
	c.drawn = true
	c.ctx.Push()
	defer c.ctx.Pop()
	dpi := c.DPI()
	c.ctx.SetFontFace(cachedFace(f, dpi))
	_, h := c.Size()
	c.ctx.InvertY()
	c.ctx.DrawString(str, pt.X.Dots(dpi), h.Dots(dpi)-pt.Y.Dots(dpi))
}

// faceKey identifies an opentype face as gonum/plot's font.Face.FontFace(dpi) opens it.
type faceKey struct {
	font *opentype.Font
	size vg.Length
	dpi  float64
}

var (
	faceMu    sync.Mutex
	faceCache = map[faceKey]*glyphFace{}
)

// cachedFace returns the shared glyphFace of f at dpi, opening it the first time.
func cachedFace(f font.Face, dpi float64) *glyphFace {
	k := faceKey{font: f.Face, size: f.Font.Size, dpi: dpi}
	faceMu.Lock()
	defer faceMu.Unlock()
	g := faceCache[k]
	if g == nil {
		g = &glyphFace{face: f.FontFace(dpi), glyphs: map[glyphKey]glyph{},
			advances: map[rune]advance{}, kerns: map[[2]rune]fixed.Int26_6{}}
		faceCache[k] = g
	}
	return g
}

// maxCachedGlyphs bounds a face's glyph cache (a glyph's mask is a few hundred bytes; a key is a
// rune at one of 64 x 64 sub-pixel offsets). Past it, glyphs are rasterised without being kept.
const maxCachedGlyphs = 1 << 16

// glyphFace is an x/image/font.Face that remembers the glyphs, advances and kerns of the face it
// wraps. opentype's Glyph depends on the dot only through its sub-pixel part: the rectangle moves
// with the dot's whole pixels and the mask is the same, so a glyph is cached per rune and
// sub-pixel offset and moved to the dot. It is safe for concurrent use (the wrapped face is not:
// its calls are serialised).
type glyphFace struct {
	mu       sync.Mutex
	face     xfont.Face
	glyphs   map[glyphKey]glyph
	advances map[rune]advance
	kerns    map[[2]rune]fixed.Int26_6
}

type glyphKey struct {
	r      rune
	fx, fy fixed.Int26_6 // the dot's sub-pixel part, 0..63
}

type glyph struct {
	dr      image.Rectangle // relative to the dot's whole-pixel part
	mask    *image.Alpha    // a copy: opentype reuses its mask buffer
	maskp   image.Point
	advance fixed.Int26_6
	ok      bool
}

type advance struct {
	a  fixed.Int26_6
	ok bool
}

// Glyph implements font.Face.
func (g *glyphFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	whole := fixed.Point26_6{X: dot.X &^ 63, Y: dot.Y &^ 63}
	k := glyphKey{r: r, fx: dot.X & 63, fy: dot.Y & 63}
	shift := image.Pt(whole.X.Floor(), whole.Y.Floor())
	g.mu.Lock()
	defer g.mu.Unlock()
	gl, hit := g.glyphs[k]
	if !hit {
		dr, mask, maskp, adv, ok := g.face.Glyph(fixed.Point26_6{X: k.fx, Y: k.fy}, r)
		gl = glyph{dr: dr, maskp: maskp, advance: adv, ok: ok}
		if ok {
			a, isAlpha := mask.(*image.Alpha)
			if !isAlpha { // not opentype's mask: rasterise at the real dot, uncached
				dr, mask, maskp, adv, ok := g.face.Glyph(dot, r)
				return dr, mask, maskp, adv, ok
			}
			gl.mask = &image.Alpha{Pix: append([]uint8(nil), a.Pix...), Stride: a.Stride, Rect: a.Rect}
		}
		if len(g.glyphs) < maxCachedGlyphs {
			g.glyphs[k] = gl
		}
	}
	if !gl.ok {
		return image.Rectangle{}, nil, image.Point{}, 0, false
	}
	return gl.dr.Add(shift), gl.mask, gl.maskp, gl.advance, true
}

// GlyphBounds implements font.Face.
func (g *glyphFace) GlyphBounds(r rune) (fixed.Rectangle26_6, fixed.Int26_6, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.face.GlyphBounds(r)
}

// GlyphAdvance implements font.Face.
func (g *glyphFace) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	a, hit := g.advances[r]
	if !hit {
		a.a, a.ok = g.face.GlyphAdvance(r)
		g.advances[r] = a
	}
	return a.a, a.ok
}

// Kern implements font.Face.
func (g *glyphFace) Kern(r0, r1 rune) fixed.Int26_6 {
	g.mu.Lock()
	defer g.mu.Unlock()
	k, hit := g.kerns[[2]rune{r0, r1}]
	if !hit {
		k = g.face.Kern(r0, r1)
		g.kerns[[2]rune{r0, r1}] = k
	}
	return k
}

// Metrics implements font.Face.
func (g *glyphFace) Metrics() xfont.Metrics {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.face.Metrics()
}

// Close implements font.Face. The face is shared and stays open.
func (g *glyphFace) Close() error { return nil }
