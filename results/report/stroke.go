package report

import (
	"encoding/binary"
	"image"
	"image/color"
	"math"

	"git.sr.ht/~sbinet/gg"
	"github.com/golang/freetype/raster"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/vg"
)

// Strokes. vgimg strokes a path through gg: the path is built in gg's context (its MoveTo,
// LineTo, DrawArc, QuadraticTo, CubicTo, ClosePath, through the context's transformation),
// flattened into line segments in 26.6 fixed point, stroked by freetype's raster package into
// an outline and rasterised by a freetype Rasterizer of the image's size into spans of
// coverage, which an RGBAPainter composites over the image. The rasteriser clears and scans
// every row of the image for every stroke, and the charts stroke thousands of small shapes
// (the scatter plots' rings and triangles, the dumbbells' segments): on the 100MB bench
// corpus's report, strokes were 3.1 of 63.9 CPU-seconds.
//
// strokeLocal builds the same flattened path (adapted from gg's context.go, path.go, bezier.go,
// git.sr.ht/~sbinet/gg v0.7.0, Copyright (C) 2022 The gg Authors, Copyright (C) 2016 Michael
// Fogleman, MIT license in its LICENSE.md file), and when it lies, with its line width, well
// inside the image and is at most maxLocalRows pixels high, rasterises it on a small
// rasteriser, the path moved by whole pixels to its corner and the spans moved back (the
// Rasterizer's Dx and Dy): freetype's stroker and rasteriser compute in integers from the
// points' differences and, for non-negative coordinates, their floors, so moving every point
// by whole pixels (multiples of 64) moves every span by as many pixels and changes nothing
// else; the small rasteriser is more than 120 pixels wide, as the image is wide or high, so it
// splits curves (the round joins) into as many lines. Other paths go to a rasteriser of the
// image's size kept by the canvas, as gg's, the path where it is; the path's buffers are kept
// from stroke to stroke (gg allocated slices per subpath, curve and dash).

// maxLocalRows bounds the height of the small rasteriser: freetype's Rasterizer keeps rows up
// to 64 in an array of its own (more are allocated at every SetBounds).
const maxLocalRows = 64

// minLocalWidth is the smallest width of the small rasteriser: freetype splits curves in
// more pieces on rasterisers wider or higher than 120 pixels.
const minLocalWidth = 121

// strokeState is what a rasterCanvas keeps of vgimg's and gg's stroke settings: vgimg's line
// width, and gg's dashes and dash offset in dots (as vgimg.SetLineDash sets them).
type strokeState struct {
	width      vg.Length
	dashes     []float64
	dashOffset float64
}

// SetLineWidth implements vg.Canvas.
func (c *rasterCanvas) SetLineWidth(w vg.Length) {
	c.state().width = w
	c.Canvas.SetLineWidth(w)
}

// SetLineDash implements vg.Canvas.
func (c *rasterCanvas) SetLineDash(ds []vg.Length, offs vg.Length) {
	st := c.state()
	st.dashes = make([]float64, len(ds))
	for i, d := range ds {
		st.dashes[i] = d.Dots(c.DPI())
	}
	st.dashOffset = offs.Dots(c.DPI())
	c.Canvas.SetLineDash(ds, offs)
}

// strokeLocal strokes p as vgimg's Stroke does and reports whether it did; false (nothing
// drawn) when vgimg would draw nothing (no line width) or gg would not build the path the same
// way (a current point, a path component vgimg panics on). A path that is, with a margin of
// its line width and two pixels, inside the image and at most maxLocalRows pixels high goes to
// the small rasteriser (when the image is more than 120 pixels wide or high); any other, to a
// rasteriser of the image's size, as gg's.
func (c *rasterCanvas) strokeLocal(p vg.Path) bool {
	st := c.state()
	if st.width <= 0 {
		return false
	}
	if _, ok := c.ctx.GetCurrentPoint(); ok {
		return false
	}
	b := pathBuilder{ctx: c.ctx, path: c.pathBuf[:0]}
	if !b.outline(p, c.DPI()) {
		return false
	}
	c.pathBuf = b.path
	pts, starts := flatten(b.path, c.points[:0], c.starts[:0])
	c.points, c.starts = pts, starts
	if len(st.dashes) > 0 { // gg's dashed
		pts, starts = dashPath(pts, starts, st.dashes, st.dashOffset, c.dashPts[:0], c.dashStarts[:0])
		c.dashPts, c.dashStarts = pts, starts
	}
	q := rasterPath(c.flat[:0], pts, starts)
	c.flat = q
	width := fixed.Int26_6(math.Round(st.width.Dots(c.DPI()) * 64)) // gg's fix
	c.readyPainter()
	r := c.localRasterizer(q, width)
	if r == nil { // gg's: the image's size, the path where it is
		r = c.wholeRasterizer(c.img.Rect.Dx(), c.img.Rect.Dy())
		r.UseNonZeroWinding = true
		r.AddStroke(q, width, raster.ButtCapper, raster.RoundJoiner)
	}
	r.Rasterize(c.painter)
	return true
}

// readyPainter makes the canvas's painter, once, and sets it to the current colour (black when
// none is set, as vgimg sets it), for a stroke or a fill.
func (c *rasterCanvas) readyPainter() {
	clr := c.color()
	if clr == nil {
		clr = color.Black
	}
	if c.painter == nil {
		c.painter = &overPainter{img: c.img, dirty: c.dirty}
	}
	c.painter.setColor(clr)
}

// localRasterizer returns the small rasteriser with q stroked on it, moved to its corner, its
// spans moved back (Dx, Dy); nil when q, with a margin of its width and two pixels, is not
// inside the image, or is more than maxLocalRows high, or the image is not more than 120
// pixels wide or high.
func (c *rasterCanvas) localRasterizer(q raster.Path, width fixed.Int26_6) *raster.Rasterizer {
	if width < 0 {
		return nil
	}
	local, r := c.localWindow(q, width+128)
	if r != nil {
		r.AddStroke(local, width, raster.ButtCapper, raster.RoundJoiner)
	}
	return r
}

// fillLocal fills p as vgimg's Fill does (gg's fill path, closed, rasterised with the nonzero
// winding rule and composited Over in the colour: vgimg sets no mask, pattern or fill rule) and
// reports whether it did; false (nothing drawn) when gg would not build the path the same way
// (a current point, a path component vgimg panics on). The path goes to the small rasteriser
// when it lies, with a margin of two pixels, inside the image and is at most maxLocalRows
// pixels high, else to a rasteriser of the image's size, as gg's, and its spans are painted by
// overPainter. gg rasterised every fill on a rasteriser of the image's size, scanning all its
// rows, painted by an RGBAPainter: the corpus-wide heat map's thousands of cells were most of
// the report's fills, and RGBAPainter.Paint alone 2.6% of the report's instructions at 10 MB.
// The reasons the small rasteriser's spans are the same are strokeLocal's (freetype's Add2
// splits a curve at the midpoints of its points, and halving a sum of non-negative numbers
// moved by whole pixels moves its result by as many). FuzzFillLocal compares it with vgimg.
func (c *rasterCanvas) fillLocal(p vg.Path) bool {
	if _, ok := c.ctx.GetCurrentPoint(); ok {
		return false
	}
	b := pathBuilder{ctx: c.ctx, path: c.pathBuf[:0], fill: true}
	if !b.outline(p, c.DPI()) {
		return false
	}
	if b.hasCurrent { // gg's fill closes the last subpath
		b.path.Add1(b.start.Fixed())
	}
	c.pathBuf = b.path
	c.readyPainter()
	r := c.localFillRasterizer(b.path)
	if r == nil { // gg's: the image's size, the path where it is
		r = c.wholeRasterizer(c.img.Rect.Dx(), c.img.Rect.Dy())
		r.UseNonZeroWinding = true
		r.AddPath(b.path)
	}
	r.Rasterize(c.painter)
	return true
}

// localFillRasterizer is localRasterizer for a fill: the small rasteriser with the path q (of
// Start, Add1, Add2 and Add3 entries) added, moved to its corner, its spans moved back; nil
// when q, with a margin of two pixels, is not inside the image (a curve lies within the box of
// its points), or is more than maxLocalRows high, or the image is not more than 120 pixels
// wide or high.
func (c *rasterCanvas) localFillRasterizer(q raster.Path) *raster.Rasterizer {
	local, r := c.localWindow(q, 128)
	if r != nil {
		r.AddPath(local)
	}
	return r
}

// localWindow is the part of localRasterizer and localFillRasterizer they share: q (Start,
// Add1, Add2 and Add3 entries) moved to the corner of the small rasteriser, which it returns
// empty, set to the nonzero winding rule and to paint its spans back in place (Dx, Dy); nil
// when q, with margin (in 26.6 fixed point) around the box of its points, is not inside the
// image, or is more than maxLocalRows high, or the image is not more than 120 pixels wide or
// high, or q is not a whole path.
func (c *rasterCanvas) localWindow(q raster.Path, margin fixed.Int26_6) (raster.Path, *raster.Rasterizer) {
	bw, bh := c.img.Rect.Dx(), c.img.Rect.Dy()
	if len(q) < 3 || (bw < minLocalWidth && bh < minLocalWidth) {
		return nil, nil
	}
	minX, minY, maxX, maxY := q[1], q[2], q[1], q[2]
	for i := 0; i < len(q); {
		n := pathEntryLen(q[i])
		if n == 0 || i+n > len(q) {
			return nil, nil
		}
		for j := i + 1; j+1 < i+n; j += 2 {
			x, y := q[j], q[j+1]
			minX, maxX = min(minX, x), max(maxX, x)
			minY, maxY = min(minY, y), max(maxY, y)
		}
		i += n
	}
	if minX-margin < 0 || minY-margin < 0 ||
		int64(maxX)+int64(margin) >= 64*int64(bw) || int64(maxY)+int64(margin) >= 64*int64(bh) {
		return nil, nil
	}
	x0, y0 := int(minX-margin)/64, int(minY-margin)/64
	x1, y1 := int(maxX+margin)/64+1, int(maxY+margin)/64+1
	if y1-y0 > maxLocalRows {
		return nil, nil
	}
	local := append(c.localPath[:0], q...)
	dx, dy := fixed.Int26_6(64*x0), fixed.Int26_6(64*y0)
	for i := 0; i < len(local); {
		n := pathEntryLen(local[i])
		for j := i + 1; j+1 < i+n; j += 2 {
			local[j] -= dx
			local[j+1] -= dy
		}
		i += n
	}
	c.localPath = local
	r := c.localOf(x1-x0, y1-y0)
	r.UseNonZeroWinding = true
	r.Dx, r.Dy = x0, y0 // the spans painted back in place
	return local, r
}

// pathEntryLen is the number of numbers of a raster.Path entry whose first is op (Start and
// Add1: 4, Add2: 6, Add3: 8); 0 for another op.
func pathEntryLen(op fixed.Int26_6) int {
	switch op {
	case 0, 1:
		return 4
	case 2:
		return 6
	case 3:
		return 8
	}
	return 0
}

// strokeScratch is a rasterCanvas's stroke rasterisers and buffers, given from canvas to canvas
// (strokeScratches): a rasteriser's cells, grown by the strokes, are kept while its bounds do
// not change (SetBounds drops them, and every chart's new rasterisers grew them again: freetype's
// cells were 7% of the bytes the report allocated at 10 MB).
type strokeScratch struct {
	// locals are the small rasterisers by height (nil: none yet), each as wide as localWidths
	locals      [maxLocalRows + 1]*raster.Rasterizer
	localWidths [maxLocalRows + 1]int
	// whole is the rasteriser of an image's size, wholeSize (nil: none yet)
	whole                    *raster.Rasterizer
	wholeSize                image.Point
	pathBuf, flat, localPath raster.Path
	points, dashPts          []gg.Point
	starts, dashStarts       []int
}

// strokeScratches keeps the scratch of a few canvases (the charts are drawn on a worker each).
var strokeScratches = scratchList[strokeScratch]{max: 4}

// localOf returns a small rasteriser cleared, h pixels high (at most maxLocalRows), at least w
// pixels wide and more than 120 pixels wide: one per height, its width the largest asked of it
// so far. A stroke that localRasterizer gives it lies, with its line width and two pixels,
// inside w by h pixels, so a wider rasteriser clips none of its cells and makes the same spans
// as one of exactly that width (freetype clips cells and spans to the width only, and splits
// curves alike on every rasteriser more than 120 pixels wide).
func (s *strokeScratch) localOf(w, h int) *raster.Rasterizer {
	w = max(w, minLocalWidth)
	r := s.locals[h]
	switch {
	case r == nil:
		r = raster.NewRasterizer(w, h)
		s.locals[h], s.localWidths[h] = r, w
	case w > s.localWidths[h]:
		r.SetBounds(w, h)
		s.localWidths[h] = w
	default:
		r.Clear()
	}
	return r
}

// wholeRasterizer returns a rasteriser of w by h pixels, cleared: SetBounds and Clear give a
// rasteriser of the same bounds the same state but for the capacity of its cells.
func (s *strokeScratch) wholeRasterizer(w, h int) *raster.Rasterizer {
	if s.whole == nil || s.wholeSize != image.Pt(w, h) {
		s.whole, s.wholeSize = raster.NewRasterizer(w, h), image.Pt(w, h)
		return s.whole
	}
	s.whole.Clear()
	return s.whole
}

// pathBuilder builds the stroke path gg's context builds from vgimg's outline of a vg.Path.
type pathBuilder struct {
	ctx            *gg.Context
	path           raster.Path
	start, current gg.Point
	hasCurrent     bool
	// fill: path is gg's fill path, not its stroke path (a new subpath first closes the one
	// before it with a line to its start)
	fill bool
}

// outline is vgimg's outline; false for a path vgimg would panic on (left to it).
func (b *pathBuilder) outline(p vg.Path, dpi float64) bool {
	for _, comp := range p {
		switch comp.Type {
		case vg.MoveComp:
			b.moveTo(comp.Pos.X.Dots(dpi), comp.Pos.Y.Dots(dpi))
		case vg.LineComp:
			b.lineTo(comp.Pos.X.Dots(dpi), comp.Pos.Y.Dots(dpi))
		case vg.ArcComp:
			b.arc(comp.Pos.X.Dots(dpi), comp.Pos.Y.Dots(dpi), comp.Radius.Dots(dpi), comp.Start, comp.Start+comp.Angle)
		case vg.CurveComp:
			switch len(comp.Control) {
			case 1:
				b.quadraticTo(comp.Control[0].X.Dots(dpi), comp.Control[0].Y.Dots(dpi), comp.Pos.X.Dots(dpi), comp.Pos.Y.Dots(dpi))
			case 2:
				b.cubicTo(comp.Control[0].X.Dots(dpi), comp.Control[0].Y.Dots(dpi),
					comp.Control[1].X.Dots(dpi), comp.Control[1].Y.Dots(dpi), comp.Pos.X.Dots(dpi), comp.Pos.Y.Dots(dpi))
			default:
				return false
			}
		case vg.CloseComp:
			b.closePath()
		default:
			return false
		}
	}
	return true
}

func (b *pathBuilder) point(x, y float64) gg.Point {
	x, y = b.ctx.TransformPoint(x, y)
	return gg.Point{X: x, Y: y}
}

func (b *pathBuilder) moveTo(x, y float64) {
	if b.fill && b.hasCurrent {
		b.path.Add1(b.start.Fixed())
	}
	p := b.point(x, y)
	b.path.Start(p.Fixed())
	b.start, b.current, b.hasCurrent = p, p, true
}

func (b *pathBuilder) lineTo(x, y float64) {
	if !b.hasCurrent {
		b.moveTo(x, y)
		return
	}
	p := b.point(x, y)
	b.path.Add1(p.Fixed())
	b.current = p
}

func (b *pathBuilder) quadraticTo(x1, y1, x2, y2 float64) {
	if !b.hasCurrent {
		b.moveTo(x1, y1)
	}
	p1, p2 := b.point(x1, y1), b.point(x2, y2)
	b.path.Add2(p1.Fixed(), p2.Fixed())
	b.current = p2
}

func (b *pathBuilder) cubicTo(x1, y1, x2, y2, x3, y3 float64) {
	if !b.hasCurrent {
		b.moveTo(x1, y1)
	}
	x0, y0 := b.current.X, b.current.Y
	p1, p2, p3 := b.point(x1, y1), b.point(x2, y2), b.point(x3, y3)
	points := gg.CubicBezier(x0, y0, p1.X, p1.Y, p2.X, p2.Y, p3.X, p3.Y)
	previous := b.current.Fixed()
	for _, p := range points[1:] {
		f := p.Fixed()
		if f == previous {
			continue
		}
		previous = f
		b.path.Add1(f)
		b.current = p
	}
}

func (b *pathBuilder) closePath() {
	if b.hasCurrent {
		b.path.Add1(b.start.Fixed())
		b.current = b.start
	}
}

// arc is gg's DrawArc, its DrawEllipticalArc with both radii r.
func (b *pathBuilder) arc(x, y, r, angle1, angle2 float64) {
	const n = 16
	for i := 0; i < n; i++ {
		p1 := float64(i+0) / n
		p2 := float64(i+1) / n
		a1 := angle1 + (angle2-angle1)*p1
		a2 := angle1 + (angle2-angle1)*p2
		x0 := x + r*math.Cos(a1)
		y0 := y + r*math.Sin(a1)
		x1 := x + r*math.Cos((a1+a2)/2)
		y1 := y + r*math.Sin((a1+a2)/2)
		x2 := x + r*math.Cos(a2)
		y2 := y + r*math.Sin(a2)
		cx := 2*x1 - x0/2 - x2/2
		cy := 2*y1 - y0/2 - y2/2
		if i == 0 {
			if b.hasCurrent {
				b.lineTo(x0, y0)
			} else {
				b.moveTo(x0, y0)
			}
		}
		b.quadraticTo(cx, cy, x2, y2)
	}
}

// unfix is gg's conversion of a 26.6 fixed-point number to float64.
func unfix(x fixed.Int26_6) float64 {
	const shift, mask = 6, 1<<6 - 1
	if x >= 0 {
		return float64(x>>shift) + float64(x&mask)/64
	}
	x = -x
	if x >= 0 {
		return -(float64(x>>shift) + float64(x&mask)/64)
	}
	return 0
}

// flatten is gg's flattenPath (its QuadraticBezier inlined) into reused buffers: the points of
// p's lines and curves, appended to pts, and for each subpath the index in pts where it
// starts, appended to starts; a subpath ends where the next starts, the last at len(pts).
func flatten(p raster.Path, pts []gg.Point, starts []int) ([]gg.Point, []int) {
	starts = append(starts, len(pts))
	var cx, cy float64
	for i := 0; i < len(p); {
		switch p[i] {
		case 0:
			if len(pts) > starts[len(starts)-1] {
				starts = append(starts, len(pts))
			}
			x := unfix(p[i+1])
			y := unfix(p[i+2])
			pts = append(pts, gg.Point{X: x, Y: y})
			cx, cy = x, y
			i += 4
		case 1:
			x := unfix(p[i+1])
			y := unfix(p[i+2])
			pts = append(pts, gg.Point{X: x, Y: y})
			cx, cy = x, y
			i += 4
		case 2:
			x1 := unfix(p[i+1])
			y1 := unfix(p[i+2])
			x2 := unfix(p[i+3])
			y2 := unfix(p[i+4])
			l := (math.Hypot(x1-cx, y1-cy) +
				math.Hypot(x2-x1, y2-y1))
			n := int(l + 0.5)
			if n < 4 {
				n = 4
			}
			d := float64(n) - 1
			for i := 0; i < n; i++ {
				t := float64(i) / d
				x, y := quadratic(cx, cy, x1, y1, x2, y2, t)
				pts = append(pts, gg.Point{X: x, Y: y})
			}
			cx, cy = x2, y2
			i += 6
		case 3:
			x1 := unfix(p[i+1])
			y1 := unfix(p[i+2])
			x2 := unfix(p[i+3])
			y2 := unfix(p[i+4])
			x3 := unfix(p[i+5])
			y3 := unfix(p[i+6])
			points := gg.CubicBezier(cx, cy, x1, y1, x2, y2, x3, y3)
			pts = append(pts, points...)
			cx, cy = x3, y3
			i += 8
		default:
			panic("bad path")
		}
	}
	return pts, starts
}

// quadratic is gg's: the point at t of the quadratic Bézier curve.
func quadratic(x0, y0, x1, y1, x2, y2, t float64) (x, y float64) {
	u := 1 - t
	a := u * u
	b := 2 * u * t
	c := t * t
	x = a*x0 + b*x1 + c*x2
	y = a*y0 + b*y1 + c*y2
	return
}

// dashPath is gg's, over flatten's points, into reused buffers: the subpaths cut into dashes,
// appended to out with the index where each starts appended to outStarts.
func dashPath(pts []gg.Point, starts []int, dashes []float64, offset float64, out []gg.Point, outStarts []int) ([]gg.Point, []int) {
	if len(dashes) == 0 {
		return append(out, pts...), append(outStarts, starts...)
	}
	if len(dashes) == 1 {
		dashes = append(dashes, dashes[0])
	}
	for k, s := range starts {
		e := len(pts)
		if k+1 < len(starts) {
			e = starts[k+1]
		}
		path := pts[s:e]
		if len(path) < 2 {
			continue
		}
		previous := path[0]
		pathIndex := 1
		dashIndex := 0
		segmentLength := 0.0

		// offset
		if offset != 0 {
			var totalLength float64
			for _, dashLength := range dashes {
				totalLength += dashLength
			}
			offset = math.Mod(offset, totalLength)
			if offset < 0 {
				offset += totalLength
			}
			for i, dashLength := range dashes {
				offset -= dashLength
				if offset < 0 {
					dashIndex = i
					segmentLength = dashLength + offset
					break
				}
			}
		}

		// the segment is out[seg:]: kept (its start appended to outStarts) or dropped
		seg := len(out)
		out = append(out, previous)
		for pathIndex < len(path) {
			dashLength := dashes[dashIndex]
			point := path[pathIndex]
			d := previous.Distance(point)
			maxd := dashLength - segmentLength
			if d > maxd {
				t := maxd / d
				p := previous.Interpolate(point, t)
				out = append(out, p)
				if dashIndex%2 == 0 && len(out)-seg > 1 {
					outStarts = append(outStarts, seg)
				} else {
					out = out[:seg]
				}
				seg = len(out)
				out = append(out, p)
				segmentLength = 0
				previous = p
				dashIndex = (dashIndex + 1) % len(dashes)
			} else {
				out = append(out, point)
				previous = point
				segmentLength += d
				pathIndex++
			}
		}
		if dashIndex%2 == 0 && len(out)-seg > 1 {
			outStarts = append(outStarts, seg)
		} else {
			out = out[:seg]
		}
	}
	return out, outStarts
}

// rasterPath is gg's, over flatten's points, appended to result: the points as a fixed-point
// path, leaving out points within 4/64 of a pixel (in x plus y) of the one before.
func rasterPath(result raster.Path, pts []gg.Point, starts []int) raster.Path {
	const (
		dcut fixed.Int26_6 = 4
	)
	for k, s := range starts {
		e := len(pts)
		if k+1 < len(starts) {
			e = starts[k+1]
		}
		var previous fixed.Point26_6
		for i, point := range pts[s:e] {
			f := point.Fixed()
			if i == 0 {
				result.Start(f)
				previous = f
			} else {
				dx := f.X - previous.X
				dy := f.Y - previous.Y
				if dx < 0 {
					dx = -dx
				}
				if dy < 0 {
					dy = -dy
				}
				if dx+dy > dcut {
					result.Add1(f)
					previous = f
				}
			}
		}
	}
	return result
}

// overPainter is freetype's RGBAPainter with its Op Over (NewRGBAPainter's): each span's
// coverage composited over the image in the painter's colour, with the same arithmetic. Within
// a span the coverage is one, so a pixel's result depends on the pixel alone: an opaque white
// pixel (most of those under a chart's strokes) takes the span's result for white, computed
// once, and a pixel equal to the one before takes its result (RGBAPainter computed every
// pixel: 0.73 of 14.6 CPU-seconds of the charts at 100 MB). TestOverPainterMatchesRGBAPainter
// and FuzzOverPainter compare the two.
type overPainter struct {
	img            *image.RGBA
	dirty          *dirtyChunks // the spans are marked in it
	cr, cg, cb, ca uint32
}

// setColor is RGBAPainter.SetColor.
func (r *overPainter) setColor(c color.Color) { r.cr, r.cg, r.cb, r.ca = c.RGBA() }

// Paint implements raster.Painter.
func (r *overPainter) Paint(ss []raster.Span, done bool) {
	const m = 1<<16 - 1
	b := r.img.Bounds()
	pix := r.img.Pix
	for _, s := range ss {
		if s.Y < b.Min.Y {
			continue
		}
		if s.Y >= b.Max.Y {
			return
		}
		if s.X0 < b.Min.X {
			s.X0 = b.Min.X
		}
		if s.X1 > b.Max.X {
			s.X1 = b.Max.X
		}
		if s.X0 >= s.X1 {
			continue
		}
		r.dirty.markRow(s.Y, s.X0, s.X1)
		ma := s.Alpha
		a := (m - (r.ca * ma / m)) * 0x101
		cr, cg, cb, ca := r.cr*ma, r.cg*ma, r.cb*ma, r.ca*ma
		px := func(v uint32) uint32 {
			return uint32(uint8((v&0xff*a+cr)/m>>8)) | uint32(uint8((v>>8&0xff*a+cg)/m>>8))<<8 |
				uint32(uint8((v>>16&0xff*a+cb)/m>>8))<<16 | uint32(uint8((v>>24*a+ca)/m>>8))<<24
		}
		white := px(0xffffffff)
		last, lastOut := uint32(0xffffffff), white
		i0 := (s.Y-r.img.Rect.Min.Y)*r.img.Stride + (s.X0-r.img.Rect.Min.X)*4
		row := pix[i0 : i0+(s.X1-s.X0)*4]
		for i := 0; i+4 <= len(row); i += 4 {
			d := row[i : i+4 : i+4]
			v := binary.LittleEndian.Uint32(d)
			if v != last {
				last, lastOut = v, px(v)
			}
			binary.LittleEndian.PutUint32(d, lastOut)
		}
	}
}
