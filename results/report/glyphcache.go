package report

import (
	"encoding/binary"
	"image"
	"image/color"
	"math"
	"sync"
	"sync/atomic"

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
// rendering, rasterising glyph outlines 0.8 s of it). Text that is not rotated or scaled is
// composited straight from the cached masks (glyphFace.drawString), without gg.
type rasterCanvas struct {
	*vgimg.Canvas
	ctx    *gg.Context
	img    *image.RGBA // the image ctx draws into
	interp *canvasInterpolator
	dirty  *dirtyChunks // the chunks of img the drawing changed
	// w, h is the canvas's size, as vgimg sizes the image it is given (newRasterCanvas)
	w, h vg.Length
	// drawn is set by the first Stroke, FillString, DrawImage or Fill that paints: until then
	// the image is vgimg's opaque white background. states is what vgimg and gg keep per
	// Push: the colour as vgimg keeps it, set by SetColor (nil: vgimg's initial black), and
	// whether Rotate or Scale changed the transformation; Push saves it, Pop restores it
	// (empty: the initial state).
	drawn  bool
	states []canvasState
	// strokeLocal's painter, and its rasterisers and buffers (kept from stroke to stroke, and
	// from canvas to canvas: release)
	painter *overPainter
	*strokeScratch
}

// canvasState is the part of a rasterCanvas's drawing state it keeps beside vgimg's.
type canvasState struct {
	clr color.Color
	// linear: Rotate or Scale was called (only translations keep the text's fast path)
	linear bool
	// m is gg's transformation, as the canvas's Translate, Rotate and Scale change it (the
	// same gg.Matrix operations on the same values: textKey checks that it is gg's)
	m gg.Matrix
	strokeState
}

// state is the current state, added when there is none yet: vgimg's initial state, as
// vg.Initialize sets it (a line width of one point, no dashes, black), and gg's transformation
// after newRasterCanvas's InvertY.
func (c *rasterCanvas) state() *canvasState {
	if len(c.states) == 0 {
		c.states = append(c.states, canvasState{
			m:           gg.Identity().Translate(0, float64(c.ctx.Height())).Scale(1, -1),
			strokeState: strokeState{width: vg.Points(1)},
		})
	}
	return &c.states[len(c.states)-1]
}

// SetColor implements vg.Canvas, remembering the colour for Fill, FillString and Stroke. A
// colour of the same RGBA values as the current one is not passed on to vgimg and gg: they
// paint with it as with the current one (vgimg keeps it for nothing else, gg and freetype's
// painters read it through its RGBA method), and gg allocated a pattern for each (5% of the
// objects the charts allocated at 10 MB).
func (c *rasterCanvas) SetColor(clr color.Color) {
	st := c.state()
	same := sameRGBA(st.clr, clr)
	st.clr = clr
	if !same {
		c.Canvas.SetColor(clr)
	}
}

// sameRGBA reports whether a and b have the same RGBA values, nil being vgimg's black.
func sameRGBA(a, b color.Color) bool {
	if a == nil {
		a = color.Black
	}
	if b == nil {
		b = color.Black
	}
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	return ar == br && ag == bg && ab == bb && aa == ba
}

// Size implements vg.Canvas: the image's size in points, as vgimg.NewWith finds it.
func (c *rasterCanvas) Size() (w, h vg.Length) { return c.w, c.h }

// Translate implements vg.Canvas.
func (c *rasterCanvas) Translate(pt vg.Point) {
	st := c.state()
	st.m = st.m.Translate(pt.X.Dots(c.DPI()), pt.Y.Dots(c.DPI())) // as vgimg's Translate
	c.Canvas.Translate(pt)
}

// Rotate implements vg.Canvas.
func (c *rasterCanvas) Rotate(t float64) {
	st := c.state()
	st.linear = true
	st.m = st.m.Rotate(t)
	c.Canvas.Rotate(t)
}

// Scale implements vg.Canvas.
func (c *rasterCanvas) Scale(x, y float64) {
	st := c.state()
	st.linear = true
	st.m = st.m.Scale(x, y)
	c.Canvas.Scale(x, y)
}

// Push implements vg.Canvas, saving the state as vgimg and gg do.
func (c *rasterCanvas) Push() {
	c.states = append(c.states, *c.state())
	c.Canvas.Push()
}

// Pop implements vg.Canvas, restoring the state as vgimg and gg do.
func (c *rasterCanvas) Pop() {
	if len(c.states) > 0 {
		c.states = c.states[:len(c.states)-1]
	}
	c.Canvas.Pop()
}

// color is the current colour (nil: vgimg's initial black, or SetColor(nil), also black).
func (c *rasterCanvas) color() color.Color {
	if len(c.states) == 0 {
		return nil
	}
	return c.states[len(c.states)-1].clr
}

// Fill implements vg.Canvas. Every plot's Draw starts by filling its whole canvas with its
// background, white, on vgimg's white image: rasterising that rectangle pixel by pixel was 1.06
// of 10.9 CPU-seconds of the 10 MB bench corpus's report. An opaque white fill on an image that
// is still all opaque white changes no pixel (freetype's RGBAPainter, Op Over, gives
// (0xff*0x101*(m-a) + 0xffff*a)/m>>8 = 0xff for every coverage a, m = 0xffff), so it is skipped.
// Other fills are fillLocal's pixels, else vgimg's.
func (c *rasterCanvas) Fill(p vg.Path) {
	if !c.drawn && opaqueWhite(c.color()) {
		return
	}
	c.drawn = true
	if r, ok := c.fillBounds(p); ok {
		c.dirty.mark(r)
	} else {
		c.dirty.everyChunk()
	}
	if !c.fillLocal(p) {
		c.Canvas.Fill(p)
	}
}

// fillBounds is a rectangle holding the pixels vgimg's Fill of p may change: the box of p's
// points in dots (an arc's with half its radius again, which holds gg's quadratic curves along
// it; a curve's with its control points) through gg's transformation, two pixels wider on each
// side. false when gg holds a path already (Fill would fill it too), or a corner is not finite.
func (c *rasterCanvas) fillBounds(p vg.Path) (image.Rectangle, bool) {
	if _, ok := c.ctx.GetCurrentPoint(); ok {
		return image.Rectangle{}, false
	}
	dpi := c.DPI()
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	add := func(pt vg.Point, r float64) {
		x, y := pt.X.Dots(dpi), pt.Y.Dots(dpi)
		minX, maxX = math.Min(minX, x-r), math.Max(maxX, x+r)
		minY, maxY = math.Min(minY, y-r), math.Max(maxY, y+r)
	}
	for _, comp := range p {
		switch comp.Type {
		case vg.ArcComp:
			add(comp.Pos, 1.5*math.Abs(comp.Radius.Dots(dpi)))
		case vg.CurveComp:
			for _, cp := range comp.Control {
				add(cp, 0)
			}
			add(comp.Pos, 0)
		case vg.MoveComp, vg.LineComp:
			add(comp.Pos, 0)
		}
	}
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, corner := range [4][2]float64{{minX, minY}, {maxX, minY}, {minX, maxY}, {maxX, maxY}} {
		x, y := c.ctx.TransformPoint(corner[0], corner[1])
		x0, x1 = math.Min(x0, x), math.Max(x1, x)
		y0, y1 = math.Min(y0, y), math.Max(y1, y)
	}
	const limit = 1 << 30
	if !(x0 > -limit && y0 > -limit && x1 < limit && y1 < limit) { // NaN fails too
		return image.Rectangle{}, false
	}
	return image.Rect(int(math.Floor(x0))-2, int(math.Floor(y0))-2, int(math.Ceil(x1))+2, int(math.Ceil(y1))+2), true
}

// opaqueWhite reports whether clr is opaque white (nil is vgimg's black).
func opaqueWhite(clr color.Color) bool {
	if clr == nil {
		return false
	}
	r, g, b, a := clr.RGBA()
	return r == 0xffff && g == 0xffff && b == 0xffff && a == 0xffff
}

// Stroke implements vg.Canvas: strokeLocal's pixels, else vgimg's.
func (c *rasterCanvas) Stroke(p vg.Path) {
	c.drawn = true
	if !c.strokeLocal(p) {
		if c.state().width > 0 { // else vgimg draws nothing
			c.dirty.everyChunk()
		}
		c.Canvas.Stroke(p)
	}
}

// DrawImage implements vg.Canvas.
func (c *rasterCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	c.drawn = true
	c.dirty.everyChunk()
	c.Canvas.DrawImage(rect, img)
}

// FillString implements vg.Canvas: what vgimg.Canvas.FillString does, with a cached face (its
// body adapted from gonum.org/v1/plot v0.17.0's vg/vgimg, Copyright ©2015 The Gonum Authors,
// BSD-3-Clause license in gonum.org/v1/plot's LICENSE file). When the canvas is only translated,
// by whole pixels, the glyphs are composited from the cache directly (glyphFace.drawString),
// with the pixels of gg's DrawString: measuring the string, copying gg's context for Push, and
// x/image/draw's per-glyph call were most of the text's time.
func (c *rasterCanvas) FillString(f font.Face, pt vg.Point, str string) {
	if f.Font.Size == 0 {
		return
	}
	c.drawn = true
	dpi := c.DPI()
	face := cachedFace(f, dpi)
	_, h := c.Size()
	x, y := pt.X.Dots(dpi), h.Dots(dpi)-pt.Y.Dots(dpi)
	if off, ok := c.textOffset(); ok {
		clr := c.color()
		if clr == nil {
			clr = color.Black // as vgimg sets it
		}
		if face.drawString(c.img, c.dirty, str, fixp(x, y), off, clr) {
			return
		}
	}
	c.drawStringGG(face, str, x, y)
}

// fixp is gg's conversion of a point in dots to the 26.6 fixed point of its glyph dot.
func fixp(x, y float64) fixed.Point26_6 {
	return fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
}

// maxTextOffset bounds the translation textOffset accepts: gg's glyph offsets, the translation
// plus a glyph's pixel position, are then exact in float64 and below x/image/draw's 1<<30.
const maxTextOffset = 1 << 24

// textOffset is where FillString's gg context (after its InvertY) puts user-space pixel (0, 0),
// when it is there by a translation of whole pixels only: gg then draws each glyph's mask with
// x/image/draw.Copy at the glyph's pixel rectangle moved by the offset (glyphInterpolator), as
// drawString does. The canvas's own transformation starts as newRasterCanvas's InvertY,
// {1, 0, 0, -1} plus a translation; vgimg's Translate keeps that linear part exactly (its terms
// are products with 0 and 1), and Rotate and Scale, which may not, are tracked in states. false
// after a Rotate or Scale, or for a translation of a fraction of a pixel.
func (c *rasterCanvas) textOffset() (image.Point, bool) {
	if len(c.states) > 0 && c.states[len(c.states)-1].linear {
		return image.Point{}, false
	}
	x0, y0 := c.ctx.TransformPoint(0, 0)
	// InvertY: Translate(0, height) adds height * YY = -height to Y0; Scale(1, -1) keeps it.
	tx, ty := x0, -float64(c.ctx.Height())+y0
	if tx != math.Trunc(tx) || ty != math.Trunc(ty) || math.Abs(tx) > maxTextOffset || math.Abs(ty) > maxTextOffset {
		return image.Point{}, false
	}
	return image.Pt(int(tx), int(ty)), true
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
		g = &glyphFace{face: f.FontFace(dpi), advances: map[rune]advance{}, kerns: map[[2]rune]fixed.Int26_6{}, ascii: new(asciiMetrics)}
		faceCache[k] = g
	}
	return g
}

// maxCachedGlyphs bounds a face's glyph cache (a glyph's mask is a few hundred bytes; a key is a
// rune at one of 64 x 64 sub-pixel offsets). Past it, glyphs are rasterised without being kept.
const maxCachedGlyphs = 1 << 16

// maxCachedLayouts bounds a face's string layouts (glyphFace.layout); past it, strings are laid
// out without being kept.
const maxCachedLayouts = 1 << 14

// glyphFace is an x/image/font.Face that remembers the glyphs, advances and kerns of the face it
// wraps. opentype's Glyph depends on the dot only through its sub-pixel part: the rectangle moves
// with the dot's whole pixels and the mask is the same, so a glyph is cached per rune and
// sub-pixel offset and moved to the dot. It is safe for concurrent use (the wrapped face is not:
// its calls are serialised by mu); cached glyphs and layouts are read without the lock.
type glyphFace struct {
	mu       sync.Mutex
	face     xfont.Face
	advances map[rune]advance          // under mu, for runes from 128
	kerns    map[[2]rune]fixed.Int26_6 // under mu, for pairs with a rune from 128
	// ascii is the advances and kerns of ASCII runes, under mu (allocated with the face): the
	// labels are mostly ASCII, and the maps' lookups were most of laying out a new string
	ascii   *asciiMetrics
	runes   sync.Map     // rune -> *runeGlyphs, for runes from 128
	nglyphs atomic.Int64 // glyphs kept in the rune tables (runes, asciiGlyphs)
	// asciiGlyphs is the glyph tables of ASCII runes (nil until first asked): laying out a new
	// label looked each of its runes up in runes (sync.Map's hash and its interface)
	asciiGlyphs [128]atomic.Pointer[runeGlyphs]
	layouts     sync.Map // string -> []layoutRune
	nlayouts    atomic.Int64
}

// runeGlyphs are the cached glyphs of one rune, by sub-pixel offset: rows[fy][fx], each row
// allocated when first needed.
type runeGlyphs struct {
	r    rune
	rows [64]atomic.Pointer[[64]atomic.Pointer[glyph]]
}

// glyph is a cached glyph. The fields drawString reads come first, with the glyph's cover
// inside the struct when it fits: a glyph is then read from memory in one piece, not as a
// struct and a cover elsewhere (most glyphs a chart draws miss the processor's caches).
type glyph struct {
	dr      [4]int32 // image.Rectangle relative to the dot's whole-pixel part (rect)
	advance fixed.Int26_6
	ok      bool
	// cover is the mask's coverage of dr without its zeros (coverOf), in inline when it fits,
	// nil when dr is more than 255 pixels wide or high: drawString composites it where the
	// glyph is wholly on the image.
	cover  []uint8
	inline [112]uint8
	mask   *image.Alpha // a copy: opentype reuses its mask buffer
	maskp  image.Point
}

// rect is the glyph's rectangle relative to the dot's whole-pixel part.
func (gl *glyph) rect() image.Rectangle {
	return image.Rect(int(gl.dr[0]), int(gl.dr[1]), int(gl.dr[2]), int(gl.dr[3]))
}

type advance struct {
	a  fixed.Int26_6
	ok bool
}

// asciiMetrics is a glyphFace's advances and kerns of ASCII runes, each known once read from
// the face.
type asciiMetrics struct {
	advances [128]advance
	known    [128]bool
	kerns    [128 * 128]asciiKern
}

type asciiKern struct {
	k     fixed.Int26_6
	known bool
}

// runeGlyphs returns r's glyph table.
func (g *glyphFace) runeGlyphs(r rune) *runeGlyphs {
	if r >= 0 && r < 128 {
		if rg := g.asciiGlyphs[r].Load(); rg != nil {
			return rg
		}
		g.asciiGlyphs[r].CompareAndSwap(nil, &runeGlyphs{r: r})
		return g.asciiGlyphs[r].Load()
	}
	if rg, ok := g.runes.Load(r); ok {
		return rg.(*runeGlyphs)
	}
	rg, _ := g.runes.LoadOrStore(r, &runeGlyphs{r: r})
	return rg.(*runeGlyphs)
}

// glyph returns rg's rune at sub-pixel offset (fx, fy), 0..63, rasterising it the first time;
// nil when the wrapped face's mask is not an *image.Alpha (not opentype's: not cached).
func (g *glyphFace) glyph(rg *runeGlyphs, fx, fy fixed.Int26_6) *glyph {
	if row := rg.rows[fy].Load(); row != nil {
		if gl := row[fx].Load(); gl != nil {
			return gl
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	row := rg.rows[fy].Load()
	if row == nil {
		row = new([64]atomic.Pointer[glyph])
		rg.rows[fy].Store(row)
	}
	if gl := row[fx].Load(); gl != nil {
		return gl
	}
	dr, mask, maskp, adv, ok := g.face.Glyph(fixed.Point26_6{X: fx, Y: fy}, rg.r)
	if int64(int32(dr.Min.X)) != int64(dr.Min.X) || int64(int32(dr.Min.Y)) != int64(dr.Min.Y) ||
		int64(int32(dr.Max.X)) != int64(dr.Max.X) || int64(int32(dr.Max.Y)) != int64(dr.Max.Y) {
		return nil // not kept in int32s: not cached
	}
	gl := &glyph{dr: [4]int32{int32(dr.Min.X), int32(dr.Min.Y), int32(dr.Max.X), int32(dr.Max.Y)}, maskp: maskp, advance: adv, ok: ok}
	if ok {
		a, isAlpha := mask.(*image.Alpha)
		if !isAlpha {
			return nil
		}
		gl.mask = &image.Alpha{Pix: append([]uint8(nil), a.Pix...), Stride: a.Stride, Rect: a.Rect}
		gl.cover = coverOf(dr.Size(), gl.mask, maskp, gl.inline[:0])
	}
	if g.nglyphs.Load() < maxCachedGlyphs {
		row[fx].Store(gl)
		g.nglyphs.Add(1)
	}
	return gl
}

// Glyph implements font.Face.
func (g *glyphFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	gl := g.glyph(g.runeGlyphs(r), dot.X&63, dot.Y&63)
	if gl == nil { // not opentype's mask: rasterise at the real dot, uncached
		g.mu.Lock()
		defer g.mu.Unlock()
		return g.face.Glyph(dot, r)
	}
	if !gl.ok {
		return image.Rectangle{}, nil, image.Point{}, 0, false
	}
	return gl.rect().Add(image.Pt(dot.X.Floor(), dot.Y.Floor())), gl.mask, gl.maskp, gl.advance, true
}

// layoutRune is one rune of a string as drawString lays it out: its glyphs, the kern between
// the string's previous rune and it (0 for the first), and its advance as GlyphAdvance gives it
// (drawString checks it against each glyph's).
type layoutRune struct {
	glyphs  *runeGlyphs
	kern    fixed.Int26_6
	advance fixed.Int26_6
}

// layout returns the runes of s (as a range over s gives them) with their kerns, remembered.
func (g *glyphFace) layout(s string) []layoutRune {
	if l, ok := g.layouts.Load(s); ok {
		return l.([]layoutRune)
	}
	l := make([]layoutRune, 0, len(s)) // at least a byte a rune
	prev := rune(-1)
	g.mu.Lock() // once for the string's advances and kerns
	for _, r := range s {
		lr := layoutRune{glyphs: g.runeGlyphs(r)}
		lr.advance, _ = g.advanceLocked(r)
		if prev >= 0 {
			lr.kern = g.kernLocked(prev, r)
		}
		l = append(l, lr)
		prev = r
	}
	g.mu.Unlock()
	if g.nlayouts.Load() < maxCachedLayouts {
		if _, loaded := g.layouts.LoadOrStore(s, l); !loaded {
			g.nlayouts.Add(1)
		}
	}
	return l
}

// placedGlyph is a glyph of a string and its mask's place on the image, with the glyph's
// cover when r is wholly on the image (nil: drawn by drawGlyphOver).
type placedGlyph struct {
	gl    *glyph
	r     image.Rectangle
	cover []uint8
	// first is cover[0], read while the glyphs are placed: the covers' loads from memory
	// then start side by side, not one after another as drawCover reaches each (most miss
	// the processor's caches; measured: about a tenth less CPU time on BenchmarkDrawString's
	// labels).
	first uint8
}

// drawString draws s as gg's DrawString draws it with this face from dot, on an image whose
// transformation is a translation by off, in clr, marking the glyphs' rectangles in dirty (when
// not nil): gg's drawString advances the dot by each
// rune's kern (after the first drawn rune) and glyph advance, and draws each glyph's mask
// translated by whole pixels, which its glyphInterpolator does with x/image/draw.Copy, that is
// image/draw.DrawMask, whose glyph path drawGlyphOver is. false, with nothing drawn, when a
// glyph is not ok (gg skips it and kerns the next rune with the one before: left to gg) or not
// cacheable, or when its advance is not its rune's in the layout.
//
// The dot moves by the layout's advances, not the glyphs' (which must equal them): then where
// a glyph goes does not wait for the glyph before it to be read from memory, and the cached
// glyphs of a string, tens of thousands in all, are looked up side by side (most of them miss
// the processor's caches).
func (g *glyphFace) drawString(dst *image.RGBA, dirty *dirtyChunks, s string, dot fixed.Point26_6, off image.Point, clr color.Color) bool {
	var buf [64]placedGlyph
	placed := buf[:0]
	for i, lr := range g.layout(s) {
		if i > 0 {
			dot.X += lr.kern
		}
		gl := g.glyph(lr.glyphs, dot.X&63, dot.Y&63)
		if gl == nil || !gl.ok || gl.advance != lr.advance {
			return false
		}
		p := placedGlyph{gl: gl, r: gl.rect().Add(image.Pt(dot.X.Floor(), dot.Y.Floor())).Add(off)}
		if len(gl.cover) > 0 && p.r.In(dst.Rect) {
			p.cover, p.first = gl.cover, gl.cover[0]
		}
		placed = append(placed, p)
		dot.X += lr.advance
	}
	sr, sg, sb, sa := clr.RGBA()
	overWhite := overWhiteOf(sr, sg, sb, sa)
	for _, p := range placed {
		dirty.mark(p.r)
		if p.cover != nil {
			drawCover(dst, p.r.Min, p.cover, sr, sg, sb, sa, overWhite)
			continue
		}
		drawGlyphOver(dst, p.r, p.gl.mask, p.gl.maskp, sr, sg, sb, sa, overWhite)
	}
	return true
}

// coverOf lists the non-zero coverage drawGlyphOver(dst, r, mask, mp, ...) draws for a
// rectangle r of the given size, relative to r.Min: row by row from the top, the row's count
// of pixels, then for each pixel from the left its x and its coverage. Pixels outside mask
// (clipped by drawGlyphOver) and pixels of coverage 0 (which it skips) are left out, so that
// drawCover runs without their tests. nil when size is more than 255 pixels wide or high. The
// cover is appended to buf when it fits in its capacity, else to a new slice.
func coverOf(size image.Point, mask *image.Alpha, mp image.Point, buf []uint8) []uint8 {
	if size.X > 255 || size.Y > 255 {
		return nil
	}
	// row is the mask's row y of the rectangle, when the mask holds the whole rectangle (an
	// opentype glyph's mask does); else coverage is read pixel by pixel, 0 outside the mask
	whole := image.Rectangle{Min: mp, Max: mp.Add(size)}.In(mask.Rect)
	row := func(y int) []uint8 {
		i := mask.PixOffset(mp.X, mp.Y+y)
		return mask.Pix[i : i+size.X]
	}
	at := func(x, y int) uint8 {
		p := mp.Add(image.Pt(x, y))
		if !p.In(mask.Rect) {
			return 0
		}
		return mask.Pix[mask.PixOffset(p.X, p.Y)]
	}
	n := size.Y
	for y := 0; y < size.Y; y++ {
		if whole {
			for _, ma := range row(y) {
				if ma != 0 {
					n += 2
				}
			}
			continue
		}
		for x := 0; x < size.X; x++ {
			if at(x, y) != 0 {
				n += 2
			}
		}
	}
	cover := buf[:0]
	if cap(buf) < n {
		cover = make([]uint8, 0, n)
	}
	for y := 0; y < size.Y; y++ {
		k := len(cover)
		cover = append(cover, 0)
		if whole {
			for x, ma := range row(y) {
				if ma != 0 {
					cover = append(cover, uint8(x), ma)
					cover[k]++
				}
			}
			continue
		}
		for x := 0; x < size.X; x++ {
			if ma := at(x, y); ma != 0 {
				cover = append(cover, uint8(x), ma)
				cover[k]++
			}
		}
	}
	return cover
}

// drawCover is drawGlyphOver for a rectangle at min wholly inside dst, from its mask's
// coverOf: the same pixels composited in the same order, each as drawGlyphOver composites it.
// overWhite must not be nil.
func drawCover(dst *image.RGBA, min image.Point, cover []uint8, sr, sg, sb, sa uint32, overWhite *[256]uint32) {
	i0 := dst.PixOffset(min.X, min.Y)
	for len(cover) > 0 {
		n := 1 + 2*int(cover[0])
		row := cover[1:n]
		cover = cover[n:]
		for k := 0; k+1 < len(row); k += 2 {
			i := i0 + 4*int(row[k])
			ma := row[k+1]
			d := dst.Pix[i : i+4 : i+4]
			if binary.LittleEndian.Uint32(d) == 0xffffffff {
				binary.LittleEndian.PutUint32(d, overWhite[ma])
				continue
			}
			over(d, uint32(ma), sr, sg, sb, sa)
		}
		i0 += dst.Stride
	}
}

// drawGlyphOver is image/draw.DrawMask(dst, r, image.NewUniform(c), image.Point{}, mask, mp,
// draw.Over), c's RGBA() being sr, sg, sb, sa: its clipping to dst and to the mask, then its
// drawGlyphOver (Go 1.26's image/draw, Copyright 2009 The Go Authors, BSD-style license in Go's
// LICENSE file), except that an opaque white pixel, most of those under a chart's text, takes
// its result from overWhite (when not nil: overWhiteOf(sr, sg, sb, sa)).
// TestDrawGlyphOverMatchesDrawMask compares the two.
func drawGlyphOver(dst *image.RGBA, r image.Rectangle, mask *image.Alpha, mp image.Point, sr, sg, sb, sa uint32, overWhite *[256]uint32) {
	orig := r.Min
	r = r.Intersect(dst.Bounds())
	r = r.Intersect(mask.Bounds().Add(orig.Sub(mp)))
	if r.Empty() {
		return
	}
	mp = mp.Add(r.Min.Sub(orig))
	i0 := dst.PixOffset(r.Min.X, r.Min.Y)
	i1 := i0 + r.Dx()*4
	mi0 := mask.PixOffset(mp.X, mp.Y)
	for y := r.Min.Y; y != r.Max.Y; y++ {
		for i, mi := i0, mi0; i < i1; i, mi = i+4, mi+1 {
			ma := mask.Pix[mi]
			if ma == 0 {
				continue
			}
			d := dst.Pix[i : i+4 : i+4]
			if overWhite != nil && binary.LittleEndian.Uint32(d) == 0xffffffff {
				binary.LittleEndian.PutUint32(d, overWhite[ma])
				continue
			}
			over(d, uint32(ma), sr, sg, sb, sa)
		}
		i0 += dst.Stride
		i1 += dst.Stride
		mi0 += mask.Stride
	}
}

// over composites colour sr, sg, sb, sa at 8-bit coverage ma over the RGBA pixel d, as image/draw's
// drawGlyphOver does.
func over(d []uint8, ma, sr, sg, sb, sa uint32) {
	const m = 1<<16 - 1
	ma |= ma << 8
	// The 0x101 is here for the same reason as in image/draw's drawRGBA.
	a := (m - (sa * ma / m)) * 0x101
	d[0] = uint8((uint32(d[0])*a + sr*ma) / m >> 8)
	d[1] = uint8((uint32(d[1])*a + sg*ma) / m >> 8)
	d[2] = uint8((uint32(d[2])*a + sb*ma) / m >> 8)
	d[3] = uint8((uint32(d[3])*a + sa*ma) / m >> 8)
}

// overWhiteTables caches overWhiteOf's tables by colour (the charts use a handful).
var overWhiteTables sync.Map // [4]uint32 -> *[256]uint32

// overWhiteOf is, for each coverage, the pixel over (drawGlyphOver's) makes of an opaque white
// pixel in colour sr, sg, sb, sa, as drawGlyphOver reads and writes a pixel: one little-endian
// 32-bit word.
func overWhiteOf(sr, sg, sb, sa uint32) *[256]uint32 {
	k := [4]uint32{sr, sg, sb, sa}
	if t, ok := overWhiteTables.Load(k); ok {
		return t.(*[256]uint32)
	}
	t := new([256]uint32)
	for ma := range t {
		d := []uint8{0xff, 0xff, 0xff, 0xff}
		if ma > 0 {
			over(d, uint32(ma), sr, sg, sb, sa)
		}
		t[ma] = binary.LittleEndian.Uint32(d)
	}
	overWhiteTables.Store(k, t)
	return t
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
	return g.advanceLocked(r)
}

// advanceLocked is GlyphAdvance with g.mu held.
func (g *glyphFace) advanceLocked(r rune) (fixed.Int26_6, bool) {
	if r >= 0 && r < 128 {
		m := g.ascii
		if !m.known[r] {
			m.advances[r].a, m.advances[r].ok = g.face.GlyphAdvance(r)
			m.known[r] = true
		}
		return m.advances[r].a, m.advances[r].ok
	}
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
	return g.kernLocked(r0, r1)
}

// kernLocked is Kern with g.mu held.
func (g *glyphFace) kernLocked(r0, r1 rune) fixed.Int26_6 {
	if r0 >= 0 && r0 < 128 && r1 >= 0 && r1 < 128 {
		k := &g.ascii.kerns[r0<<7|r1]
		if !k.known {
			k.k, k.known = g.face.Kern(r0, r1), true
		}
		return k.k
	}
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
