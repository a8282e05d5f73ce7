package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
	"strings"
	"sync"

	xfnt "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// svgCanvas is vgsvg's canvas (gonum.org/v1/plot v0.17.0's vg/vgsvg, without embedded fonts,
// the canvas Plot.WriterTo(w, h, "svg") draws on), writing the same bytes by appending them to
// one buffer: vgsvg formats every path, style and text with fmt, a string per element, number
// and style entry (measured at 100 MB: 2.5 of 14.6 CPU-seconds of the charts, 1.5 s of it in
// vgsvg's formatting). Its code is adapted from vgsvg's and svgo's (Copyright ©2015 The Gonum
// Authors, BSD-3-Clause license in gonum.org/v1/plot's LICENSE file; github.com/ajstarks/svgo,
// Creative Commons Attribution 3.0 United States License). TestSVGCanvasMatchesVgsvg and
// FuzzSVGCanvas compare the two.
type svgCanvas struct {
	w, h  vg.Length
	buf   []byte // the document after its header (svgHeader) and before its closing tags
	stack []svgContext
	// strokeStyle is the style attribute of a Stroke in strokeKey's state
	strokeStyle []byte
	strokeKey   svgStrokeKey
}

// svgContext is vgsvg's drawing state, saved by Push.
type svgContext struct {
	color      color.Color
	dashArray  []vg.Length
	dashOffset vg.Length
	lineWidth  vg.Length
	gEnds      int
}

// svgStrokeKey is what a Stroke's style depends on; ok is false until a style is made.
type svgStrokeKey struct {
	ok            bool
	r, g, b, a    uint32
	width, offset vg.Length
	dashes        []vg.Length
}

// svgBufs are the svgCanvas bodies, kept from chart to chart.
var svgBufs = freeList{max: 4, maxBytes: 4 << 20}

// svgPrec is vgsvg's precision of the numbers it writes.
const svgPrec = 5

// newSVGCanvas is vgsvg.New(w, h).
func newSVGCanvas(w, h vg.Length) *svgCanvas {
	if w <= 0 || h <= 0 {
		panic("vgsvg: w and h must both be > 0")
	}
	c := &svgCanvas{w: w, h: h, buf: svgBufs.get(0), stack: make([]svgContext, 1, 8)}
	// the origin moved to the bottom left, as vgsvg's Gtransform
	c.buf = append(c.buf, `<g transform="scale(1, -1) translate(0, -`...)
	c.buf = appendG5(c.buf, c.h.Points())
	c.buf = append(c.buf, ")\">\n"...)
	vg.Initialize(c)
	return c
}

// appendG5 appends fmt's "%.*g" of v at precision svgPrec.
func appendG5(b []byte, v float64) []byte {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return fmt.Appendf(b, "%.*g", svgPrec, v)
	}
	return strconv.AppendFloat(b, v, 'g', svgPrec, 64)
}

// Size implements vg.CanvasSizer.
func (c *svgCanvas) Size() (w, h vg.Length) { return c.w, c.h }

func (c *svgCanvas) context() *svgContext { return &c.stack[len(c.stack)-1] }

// SetLineWidth implements vg.Canvas.
func (c *svgCanvas) SetLineWidth(w vg.Length) { c.context().lineWidth = w }

// SetLineDash implements vg.Canvas.
func (c *svgCanvas) SetLineDash(dashes []vg.Length, offs vg.Length) {
	c.context().dashArray = dashes
	c.context().dashOffset = offs
}

// SetColor implements vg.Canvas.
func (c *svgCanvas) SetColor(clr color.Color) { c.context().color = clr }

// Rotate implements vg.Canvas.
func (c *svgCanvas) Rotate(rot float64) {
	rot = rot * 180 / math.Pi
	c.buf = fmt.Appendf(c.buf, "<g %s=\"%s\">\n", "transform", fmt.Sprintf(`rotate(%g)`, rot))
	c.context().gEnds++
}

// Translate implements vg.Canvas.
func (c *svgCanvas) Translate(pt vg.Point) {
	c.buf = append(c.buf, `<g transform="translate(`...)
	c.buf = appendG5(c.buf, pt.X.Points())
	c.buf = append(c.buf, ", "...)
	c.buf = appendG5(c.buf, pt.Y.Points())
	c.buf = append(c.buf, ")\">\n"...)
	c.context().gEnds++
}

// Scale implements vg.Canvas.
func (c *svgCanvas) Scale(x, y float64) {
	c.buf = fmt.Appendf(c.buf, "<g %s=\"%s\">\n", "transform", fmt.Sprintf(`scale(%g,%g)`, x, y))
	c.context().gEnds++
}

// Push implements vg.Canvas.
func (c *svgCanvas) Push() {
	top := *c.context()
	top.gEnds = 0
	c.stack = append(c.stack, top)
}

// Pop implements vg.Canvas.
func (c *svgCanvas) Pop() {
	for range c.context().gEnds {
		c.buf = append(c.buf, "</g>\n"...)
	}
	c.stack = c.stack[:len(c.stack)-1]
}

// Stroke implements vg.Canvas.
func (c *svgCanvas) Stroke(path vg.Path) {
	ctx := c.context()
	if ctx.lineWidth.Points() <= 0 {
		return
	}
	c.buf = append(c.buf, `<path d="`...)
	c.buf = appendSVGPath(c.buf, path)
	c.buf = append(c.buf, `" `...)
	c.buf = append(c.buf, c.stroke(ctx)...)
	c.buf = append(c.buf, " />\n"...)
}

// stroke returns vgsvg's style attribute of a Stroke in ctx's state, made once per state.
func (c *svgCanvas) stroke(ctx *svgContext) []byte {
	clr := ctx.color
	if clr == nil {
		clr = color.Black
	}
	r, g, b, a := clr.RGBA()
	k := svgStrokeKey{ok: true, r: r, g: g, b: b, a: a, width: ctx.lineWidth, offset: ctx.dashOffset, dashes: ctx.dashArray}
	if c.strokeKey.ok && c.strokeKey.r == k.r && c.strokeKey.g == k.g && c.strokeKey.b == k.b &&
		c.strokeKey.a == k.a && c.strokeKey.width == k.width && c.strokeKey.offset == k.offset &&
		slicesEqualLength(c.strokeKey.dashes, k.dashes) {
		return c.strokeStyle
	}
	k.dashes = append([]vg.Length(nil), ctx.dashArray...)
	s := c.strokeStyle[:0]
	var num []byte
	s = append(s, `style="fill:none;stroke:`...)
	s = appendSVGColor(s, clr)
	if num = appendSVGOpacity(num[:0], clr); string(num) != "1" {
		s = append(s, ";stroke-opacity:"...)
		s = append(s, num...)
	}
	if num = appendG5(num[:0], ctx.lineWidth.Points()); string(num) != "1" {
		s = append(s, ";stroke-width:"...)
		s = append(s, num...)
	}
	if len(ctx.dashArray) > 0 {
		s = append(s, ";stroke-dasharray:"...)
		for i, d := range ctx.dashArray {
			if i > 0 {
				s = append(s, ',')
			}
			s = appendG5(s, d.Points())
		}
	}
	if num = appendG5(num[:0], ctx.dashOffset.Points()); string(num) != "0" {
		s = append(s, ";stroke-dashoffset:"...)
		s = append(s, num...)
	}
	s = append(s, '"')
	c.strokeStyle, c.strokeKey = s, k
	return s
}

// slicesEqualLength reports whether a and b hold the same lengths (== on each).
func slicesEqualLength(a, b []vg.Length) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Fill implements vg.Canvas.
func (c *svgCanvas) Fill(path vg.Path) {
	clr := c.context().color
	c.buf = append(c.buf, `<path d="`...)
	c.buf = appendSVGPath(c.buf, path)
	c.buf = append(c.buf, `" `...)
	start := len(c.buf)
	var col [7]byte
	if hex := appendSVGColor(col[:0], clr); string(hex) != "#000000" {
		c.buf = append(c.buf, `style="fill:`...)
		c.buf = append(c.buf, hex...)
	}
	var num [24]byte
	if op := appendSVGOpacity(num[:0], clr); string(op) != "1" {
		if len(c.buf) == start {
			c.buf = append(c.buf, `style="`...)
		} else {
			c.buf = append(c.buf, ';')
		}
		c.buf = append(c.buf, "fill-opacity:"...)
		c.buf = append(c.buf, op...)
	}
	if len(c.buf) > start {
		c.buf = append(c.buf, '"')
	}
	c.buf = append(c.buf, " />\n"...)
}

// appendSVGPath appends vgsvg's path data of path.
func appendSVGPath(b []byte, path vg.Path) []byte {
	var x, y float64
	for _, comp := range path {
		switch comp.Type {
		case vg.MoveComp, vg.LineComp:
			if comp.Type == vg.MoveComp {
				b = append(b, 'M')
			} else {
				b = append(b, 'L')
			}
			b = appendG5(b, comp.Pos.X.Points())
			b = append(b, ',')
			b = appendG5(b, comp.Pos.Y.Points())
			x = comp.Pos.X.Points()
			y = comp.Pos.Y.Points()
		case vg.ArcComp:
			r := comp.Radius.Points()
			sin, cos := math.Sincos(comp.Start)
			x0 := comp.Pos.X.Points() + r*cos
			y0 := comp.Pos.Y.Points() + r*sin
			if x0 != x || y0 != y {
				b = append(b, 'L')
				b = appendG5(b, x0)
				b = append(b, ',')
				b = appendG5(b, y0)
			}
			if math.Abs(comp.Angle) >= 2*math.Pi {
				b, x, y = appendSVGCircle(b, &comp)
			} else {
				b, x, y = appendSVGArc(b, &comp)
			}
		case vg.CurveComp:
			switch len(comp.Control) {
			case 1:
				b = append(b, 'Q')
				b = appendSVGPoints(b, comp.Control[0], comp.Pos)
			case 2:
				b = append(b, 'C')
				b = appendSVGPoints(b, comp.Control[0], comp.Control[1], comp.Pos)
			default:
				panic("vgsvg: invalid number of control points")
			}
			x = comp.Pos.X.Points()
			y = comp.Pos.Y.Points()
		case vg.CloseComp:
			b = append(b, 'Z')
		default:
			panic(fmt.Sprintf("vgsvg: unknown path component type: %d", comp.Type))
		}
	}
	return b
}

// appendSVGPoints appends the points' coordinates, all separated by commas.
func appendSVGPoints(b []byte, pts ...vg.Point) []byte {
	for i, p := range pts {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendG5(b, p.X.Points())
		b = append(b, ',')
		b = appendG5(b, p.Y.Points())
	}
	return b
}

// appendSVGCircle appends vgsvg's circle: two arcs, as SVG disallows an arc whose start and end
// are at the same place.
func appendSVGCircle(b []byte, comp *vg.PathComp) (_ []byte, x, y float64) {
	angle := 2 * math.Pi
	if comp.Angle < 0 {
		angle = -2 * math.Pi
	}
	angle += svgRemainder(comp.Angle, 2*math.Pi)
	if angle >= 4*math.Pi {
		panic("Impossible angle")
	}
	s0, c0 := math.Sincos(comp.Start + 0.5*angle)
	s1, c1 := math.Sincos(comp.Start + angle)
	r := comp.Radius.Points()
	x0 := comp.Pos.X.Points() + r*c0
	y0 := comp.Pos.Y.Points() + r*s0
	x = comp.Pos.X.Points() + r*c1
	y = comp.Pos.Y.Points() + r*s1
	b = appendSVGArcTo(b, r, angle/2, x0, y0)
	b = appendSVGArcTo(b, r, angle/2, x, y)
	return b, x, y
}

// svgRemainder is vgsvg's remainder of x/y.
func svgRemainder(x, y float64) float64 {
	return (x/y - math.Trunc(x/y)) * y
}

// appendSVGArc appends vgsvg's arc of less than a full circle.
func appendSVGArc(b []byte, comp *vg.PathComp) (_ []byte, x, y float64) {
	r := comp.Radius.Points()
	sin, cos := math.Sincos(comp.Start + comp.Angle)
	x = comp.Pos.X.Points() + r*cos
	y = comp.Pos.Y.Points() + r*sin
	return appendSVGArcTo(b, r, comp.Angle, x, y), x, y
}

// appendSVGArcTo appends "A%.*g,%.*g 0 %d %d %.*g,%.*g" of radius r, the large and sweep flags
// of angle, and the end x, y.
func appendSVGArcTo(b []byte, r, angle, x, y float64) []byte {
	b = append(b, 'A')
	b = appendG5(b, r)
	b = append(b, ',')
	b = appendG5(b, r)
	b = append(b, " 0 "...)
	if math.Abs(angle) >= math.Pi { // large
		b = append(b, '1')
	} else {
		b = append(b, '0')
	}
	if angle < 0 { // sweep
		b = append(b, " 0 "...)
	} else {
		b = append(b, " 1 "...)
	}
	b = appendG5(b, x)
	b = append(b, ',')
	return appendG5(b, y)
}

// appendSVGColor appends vgsvg's colorString of clr.
func appendSVGColor(b []byte, clr color.Color) []byte {
	if clr == nil {
		clr = color.Black
	}
	r, g, bl, _a := clr.RGBA()
	a := 255.0 / float64(_a)
	ri, gi, bi := int(float64(r)*a), int(float64(g)*a), int(float64(bl)*a)
	if _a == 0 || ri < 0 || ri > 255 || gi < 0 || gi > 255 || bi < 0 || bi > 255 {
		return fmt.Appendf(b, "#%02X%02X%02X", ri, gi, bi)
	}
	const hex = "0123456789ABCDEF"
	return append(b, '#', hex[ri>>4], hex[ri&15], hex[gi>>4], hex[gi&15], hex[bi>>4], hex[bi&15])
}

// appendSVGOpacity appends vgsvg's opacityString of clr.
func appendSVGOpacity(b []byte, clr color.Color) []byte {
	if clr == nil {
		clr = color.Black
	}
	_, _, _, a := clr.RGBA()
	if a == math.MaxUint16 {
		return append(b, '1')
	}
	return appendG5(b, float64(a)/math.MaxUint16)
}

// FillString implements vg.Canvas: vgsvg's text element (its text escaped as
// html.EscapeString escapes it).
func (c *svgCanvas) FillString(fnt font.Face, pt vg.Point, str string) {
	c.buf = append(c.buf, `<text x="`...)
	c.buf = appendG5(c.buf, pt.X.Points())
	c.buf = append(c.buf, `" y="`...)
	c.buf = appendG5(c.buf, -pt.Y.Points())
	c.buf = append(c.buf, "\" transform=\"scale(1, -1)\"\n\tstyle=\""...)
	c.buf = append(c.buf, svgFontDescr(fnt)...)
	c.buf = append(c.buf, ";font-size:"...)
	c.buf = appendG5(c.buf, fnt.Font.Size.Points())
	c.buf = append(c.buf, "px"...)
	var col [7]byte
	if hex := appendSVGColor(col[:0], c.context().color); string(hex) != "#000000" {
		c.buf = append(c.buf, ";fill:"...)
		c.buf = append(c.buf, hex...)
	}
	c.buf = append(c.buf, `">`...)
	c.buf = appendEscapedSVGText(c.buf, str)
	c.buf = append(c.buf, "</text>\n"...)
}

// appendEscapedSVGText appends html.EscapeString(s).
func appendEscapedSVGText(b []byte, s string) []byte {
	for {
		i := strings.IndexAny(s, `<>&'"`)
		if i < 0 {
			return append(b, s...)
		}
		b = append(b, s[:i]...)
		switch s[i] {
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '&':
			b = append(b, "&amp;"...)
		case '\'':
			b = append(b, "&#39;"...)
		case '"':
			b = append(b, "&#34;"...)
		}
		s = s[i+1:]
	}
}

// svgFontKey identifies a font's SVG description.
type svgFontKey struct {
	face    *opentype.Font
	variant font.Variant
	style   xfnt.Style
	weight  xfnt.Weight
}

// svgFonts remembers svgFontDescr's descriptions (vgsvg reads the family name from the font's
// name table for every string).
var svgFonts sync.Map // svgFontKey -> string

// svgFontDescr is vgsvg's description of fnt in a style attribute, remembered.
func svgFontDescr(fnt font.Face) string {
	k := svgFontKey{face: fnt.Face, variant: fnt.Font.Variant, style: fnt.Font.Style, weight: fnt.Font.Weight}
	if d, ok := svgFonts.Load(k); ok {
		return d.(string)
	}
	var buf sfnt.Buffer
	family, err := fnt.Face.Name(&buf, sfnt.NameIDFamily)
	if err != nil {
		panic(fmt.Errorf("vgsvg: could not extract family name from font %q: %+v", fnt.Font.Typeface, err))
	}
	d := "font-family:" + family + ";" +
		"font-variant:" + svgVariantName(fnt.Font.Variant) + ";" +
		"font-weight:" + svgWeightName(fnt.Font.Weight) + ";" +
		"font-style:" + svgStyleName(fnt.Font.Style)
	svgFonts.Store(k, d)
	return d
}

// svgVariantName is vgsvg's SVG font-variant of v.
func svgVariantName(v font.Variant) string {
	str := strings.ToLower(string(v))
	switch str {
	case "smallcaps":
		return "small-caps"
	case "mono", "monospace", "sans", "sansserif", "sans-serif", "serif":
		return "normal"
	case "":
		return "none"
	default:
		return str
	}
}

// svgStyleName is vgsvg's SVG font-style of sty.
func svgStyleName(sty xfnt.Style) string {
	switch sty {
	case xfnt.StyleNormal:
		return "normal"
	case xfnt.StyleItalic:
		return "italic"
	case xfnt.StyleOblique:
		return "oblique"
	default:
		panic(fmt.Errorf("vgsvg: invalid font style %+v (v=%d)", sty, int(sty)))
	}
}

// svgWeightName is vgsvg's SVG font-weight of w.
func svgWeightName(w xfnt.Weight) string {
	switch w {
	case xfnt.WeightThin:
		return "100"
	case xfnt.WeightExtraLight:
		return "200"
	case xfnt.WeightLight:
		return "300"
	case xfnt.WeightNormal:
		return "normal"
	case xfnt.WeightMedium:
		return "500"
	case xfnt.WeightSemiBold:
		return "600"
	case xfnt.WeightBold:
		return "bold"
	case xfnt.WeightExtraBold:
		return "800"
	case xfnt.WeightBlack:
		return "900"
	default:
		panic(fmt.Errorf("vgsvg: invalid font weight %+v (v=%d)", w, int(w)))
	}
}

// DrawImage implements vg.Canvas, as vgsvg does.
func (c *svgCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	buf := new(bytes.Buffer)
	if err := png.Encode(buf, img); err != nil {
		panic(fmt.Errorf("vgsvg: error encoding image to PNG: %+v", err))
	}
	str := "data:image/jpg;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
	rsz := rect.Size()
	min := rect.Min
	width, height := rsz.X.Points(), rsz.Y.Points()
	xmin, ymin := min.X.Points(), min.Y.Points()
	c.buf = fmt.Appendf(c.buf, `<image x="%v" y="%v" width="%v" height="%v" xlink:href="%s" %s />`+"\n",
		xmin, -ymin-height, width, height, str, `transform="scale(1, -1)"`)
}

// bytes returns the document, as vgsvg's WriteTo writes it, and gives the canvas's buffer back
// for the next; c must not be used after.
func (c *svgCanvas) bytes() []byte {
	ends := 1 // the transform that moves the origin
	for _, ctx := range c.stack {
		ends += ctx.gEnds
	}
	var head [256]byte
	h := append(head[:0], "<?xml version=\"1.0\"?>\n<!-- Generated by SVGo and Plotinum VG -->\n<svg width=\""...)
	h = appendG5(h, c.w.Points())
	h = append(h, `pt" height="`...)
	h = appendG5(h, c.h.Points())
	h = append(h, `pt" viewBox="0 0 `...)
	h = appendG5(h, c.w.Points())
	h = append(h, ' ')
	h = appendG5(h, c.h.Points())
	h = append(h, "\"\n\txmlns=\"http://www.w3.org/2000/svg\"\n\txmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"...)
	const end, tail = "</g>\n", "</svg>\n"
	out := make([]byte, 0, len(h)+len(c.buf)+ends*len(end)+len(tail))
	out = append(append(out, h...), c.buf...)
	for range ends {
		out = append(out, end...)
	}
	out = append(out, tail...)
	svgBufs.put(c.buf[:0])
	c.buf = nil
	return out
}
