package report

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// measuredText is text.Plain with its text measurement remembered per (font, string). gonum
// measures every tick label, axis label, title and legend entry several times while laying out
// and drawing a plot, and each measurement walks the string through sfnt's glyph index and kern
// tables (measured on the 10 MB bench corpus's report: font.(*Face).Width was 0.59 of 12.6
// CPU-seconds, 0.45 s of it under Plain.Box). The charts repeat the same few hundred strings, so
// the widths are kept process-wide. Results are those of text.Plain, bit for bit.
type measuredText struct {
	text.Plain
}

var _ text.Handler = measuredText{}

// measuredFont is a font measuredText has measured with, on its font cache: its extents, and
// the number its widths are remembered under.
type measuredFont struct {
	fonts  *font.Cache
	fnt    font.Font
	ext    font.Extents
	id     int32 // -1: widths not remembered (more than maxMeasuredFonts fonts)
	widths *fontWidths
}

// measureKey identifies one width: the font's id and the string measured with it.
type measureKey struct {
	font int32
	txt  string
}

// maxMeasured bounds the width cache; past it strings are measured without being kept.
// maxMeasuredFonts bounds the fonts remembered (the charts use a handful).
const (
	maxMeasured      = 1 << 16
	maxMeasuredFonts = 64
)

var (
	measureMu sync.Mutex
	measured  = map[measureKey]vg.Length{}
	// measuredFonts is the fonts seen, a list replaced (under measureMu) when one is added:
	// found by comparing fonts, without hashing their names as a map key did for every text
	// box, width and extents (2% to 5% of the charts' CPU samples at 10 MB)
	measuredFonts atomic.Pointer[[]measuredFont]
)

// font returns fnt's measuredFont on hdlr.Fonts, its extents read the first time.
func (hdlr measuredText) font(fnt font.Font) measuredFont {
	if fs := measuredFonts.Load(); fs != nil {
		for _, f := range *fs {
			if f.fonts == hdlr.Fonts && f.fnt == fnt {
				return f
			}
		}
	}
	measureMu.Lock()
	defer measureMu.Unlock()
	var fs []measuredFont
	if p := measuredFonts.Load(); p != nil {
		fs = *p
	}
	for _, f := range fs {
		if f.fonts == hdlr.Fonts && f.fnt == fnt {
			return f
		}
	}
	face := hdlr.Fonts.Lookup(fnt, fnt.Size)
	f := measuredFont{fonts: hdlr.Fonts, fnt: fnt, ext: face.Extents(), id: -1, widths: newFontWidths(face)}
	if len(fs) < maxMeasuredFonts {
		f.id = int32(len(fs))
		fs = append(slices.Clip(fs), f)
		measuredFonts.Store(&fs)
	}
	return f
}

// width is hdlr.Fonts.Lookup(fnt, fnt.Size).Width(txt), remembered.
func (hdlr measuredText) width(fnt font.Font, txt string) vg.Length {
	f := hdlr.font(fnt)
	k := measureKey{font: f.id, txt: txt}
	if f.id >= 0 {
		measureMu.Lock()
		w, ok := measured[k]
		measureMu.Unlock()
		if ok {
			return w
		}
	}
	var w vg.Length
	if f.widths != nil {
		w = f.widths.width(txt)
	} else {
		face := hdlr.Fonts.Lookup(fnt, fnt.Size)
		w = face.Width(txt)
	}
	if f.id >= 0 {
		measureMu.Lock()
		if len(measured) < maxMeasured {
			measured[k] = w
		}
		measureMu.Unlock()
	}
	return w
}

// fontWidths is font.Face.Width (gonum.org/v1/plot v0.17.0's font package) with the glyph
// indexes, advances and kerns it reads from sfnt remembered per rune and pair of runes: the
// width is the same sum of the same integers, scaled the same way. Width read them anew for
// every string (a chart's tick labels are new strings: 0.34 of 47.3 CPU-seconds of the 100 MB
// report). Safe for concurrent use.
type fontWidths struct {
	face  font.Face
	ppem  fixed.Int26_6
	scale font.Length
	mu    sync.Mutex
	buf   sfnt.Buffer
	// ASCII runes' glyphs and kerns in arrays, other runes' in maps; a kern of noKern is
	// not read yet
	ascii      [128]runeWidth
	asciiKerns *[128][128]int32
	runes      map[rune]runeWidth
	kerns      map[[2]rune]int32
}

// runeWidth is a rune's glyph index and advance in font units (ok: read).
type runeWidth struct {
	idx sfnt.GlyphIndex
	adv int32
	ok  bool
}

// noKern marks a kern not read yet (sfnt's kerns are 16-bit font units).
const noKern = math.MinInt32

// newFontWidths returns face's fontWidths, nil when face has no font.
func newFontWidths(face font.Face) *fontWidths {
	if face.Face == nil {
		return nil
	}
	ppem := fixed.Int26_6(face.Face.UnitsPerEm())
	fw := &fontWidths{face: face, ppem: ppem, scale: face.Font.Size / font.Points(float64(ppem)),
		asciiKerns: new([128][128]int32), runes: map[rune]runeWidth{}, kerns: map[[2]rune]int32{}}
	for i := range fw.asciiKerns {
		for j := range fw.asciiKerns[i] {
			fw.asciiKerns[i][j] = noKern
		}
	}
	return fw
}

// width is fw.face.Width(s).
func (fw *fontWidths) width(s string) font.Length {
	fw.mu.Lock()
	defer fw.mu.Unlock()
	width := 0
	prev, prevIdx, hasPrev := rune(0), sfnt.GlyphIndex(0), false
	for _, r := range s {
		rw := fw.rune(r)
		if hasPrev {
			width += int(fw.kern(prev, r, prevIdx, rw.idx))
		}
		width += int(rw.adv)
		prev, prevIdx, hasPrev = r, rw.idx, true
	}
	return font.Points(float64(width)) * fw.scale
}

// rune returns r's glyph index and advance, read from sfnt as Width reads them the first time.
func (fw *fontWidths) rune(r rune) runeWidth {
	if r >= 0 && r < 128 && fw.ascii[r].ok {
		return fw.ascii[r]
	}
	if rw, ok := fw.runes[r]; ok {
		return rw
	}
	idx, err := fw.face.Face.GlyphIndex(&fw.buf, r)
	if err != nil {
		panic(fmt.Errorf("could not get glyph index: %v", err))
	}
	adv, err := fw.face.Face.GlyphAdvance(&fw.buf, idx, fw.ppem, xfont.HintingNone)
	if err != nil {
		panic(fmt.Errorf("could not retrieve glyph's advance: %v", err))
	}
	rw := runeWidth{idx: idx, adv: int32(adv), ok: true}
	if r >= 0 && r < 128 {
		fw.ascii[r] = rw
	} else {
		fw.runes[r] = rw
	}
	return rw
}

// kern returns the kern Width adds between runes a and b (glyphs ia and ib): sfnt's, 0 when it
// has none, read the first time.
func (fw *fontWidths) kern(a, b rune, ia, ib sfnt.GlyphIndex) int32 {
	ascii := a >= 0 && a < 128 && b >= 0 && b < 128
	if ascii {
		if k := fw.asciiKerns[a][b]; k != noKern {
			return k
		}
	} else if k, ok := fw.kerns[[2]rune{a, b}]; ok {
		return k
	}
	var k int32
	switch kern, err := fw.face.Face.Kern(&fw.buf, ia, ib, fw.ppem, xfont.HintingNone); {
	case err == nil:
		k = int32(kern)
	case errors.Is(err, sfnt.ErrNotFound):
	default:
		panic(fmt.Errorf("could not get kerning: %v", err))
	}
	if ascii {
		fw.asciiKerns[a][b] = k
	} else {
		fw.kerns[[2]rune{a, b}] = k
	}
	return k
}

// Extents is text.Plain.Extents, remembered per font: gonum asks for a font's extents at every
// text box, line height and axis padding, and each time font.Face.Extents reads the font's
// metrics tables anew (sfnt's Metrics; 2.5% of the charts' CPU samples at 10 MB).
func (hdlr measuredText) Extents(fnt font.Font) font.Extents {
	return hdlr.font(fnt).ext
}

// Box is text.Plain.Box with the width and extents remembered.
func (hdlr measuredText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	ext := hdlr.Extents(fnt)
	return hdlr.width(fnt, txt), ext.Ascent, ext.Descent
}

// Draw is text.Plain.Draw (gonum.org/v1/plot v0.17.0) with the line widths remembered. Its body
// is adapted from gonum's text/plain.go, Copyright ©2020 The Gonum Authors, under the
// BSD-3-Clause license in gonum.org/v1/plot's LICENSE file.
func (hdlr measuredText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if len(txt) == 0 {
		return
	}

	fnt := hdlr.Fonts.Lookup(sty.Font, sty.Font.Size)
	c.SetColor(sty.Color)

	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}

	sin64, cos64 := math.Sincos(sty.Rotation)
	cos := vg.Length(cos64)
	sin := vg.Length(sin64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin

	// hdlr.Lines(txt) is strings.Split(txt, "\n"): a slice per string drawn (2% of the objects
	// the report allocated at 10 MB), kept on the stack for a line without a break
	var one [1]string
	lines := one[:]
	if strings.IndexByte(txt, '\n') < 0 {
		one[0] = txt
	} else {
		lines = hdlr.Lines(txt)
	}
	ht := sty.Height(txt)
	pt.Y += ht*vg.Length(sty.YAlign) - hdlr.Extents(sty.Font).Ascent
	for i, line := range lines {
		xoffs := vg.Length(sty.XAlign) * hdlr.width(sty.Font, line)
		n := vg.Length(len(lines) - i)
		c.FillString(fnt, pt.Add(vg.Point{X: xoffs, Y: n * sty.Font.Size}), line)
	}

	if sty.Rotation != 0 {
		c.Pop()
	}
}

// measureText makes every text style of a new plot measure through measuredText, when the plot
// has gonum's default handler, text.Plain (otherwise it leaves the plot as it is).
func measureText(p *plot.Plot) {
	pl, ok := p.TextHandler.(text.Plain)
	if !ok {
		return
	}
	h := measuredText{pl}
	for _, hp := range []*text.Handler{&p.TextHandler, &p.Title.TextStyle.Handler, &p.Legend.TextStyle.Handler,
		&p.X.Label.TextStyle.Handler, &p.X.Tick.Label.Handler, &p.Y.Label.TextStyle.Handler, &p.Y.Tick.Label.Handler} {
		if _, ok := (*hp).(text.Plain); ok {
			*hp = h
		}
	}
}
