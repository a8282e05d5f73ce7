package report

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/stanceshift/stanceshift/results"
)

// chart is one rendered chart: Name is the file name without extension.
type chart struct {
	Name       string
	Title      string
	Alt        string
	Instrument string // "" for a corpus-wide chart
	SVG, PNG   []byte // PNG nil: not drawn (Options.NoPNG)
}

type chartView struct {
	Name, Title, Alt string
	svg              []byte // the chart's SVG, shown as a data URI (chartView.write)
	PNG              bool   // charts/Name.png exists
}

// Greyscale-safe styles: series differ by glyph shape and dash pattern, not only by shade.
var (
	ink    = color.Gray{Y: 0}
	grey   = color.Gray{Y: 110}
	light  = color.Gray{Y: 170}
	glyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.SquareGlyph{}, draw.RingGlyph{},
		draw.PyramidGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}, draw.BoxGlyph{}}
	dashes = [][]vg.Length{nil, {vg.Points(6), vg.Points(3)}, {vg.Points(2), vg.Points(2)},
		{vg.Points(8), vg.Points(2), vg.Points(2), vg.Points(2)}}
	shades = []color.Color{color.Gray{Y: 0}, color.Gray{Y: 90}, color.Gray{Y: 60}, color.Gray{Y: 120}}
)

// MaxChartRows caps the rows of a per-instrument provision chart (one row per aligned pair, each
// labelled): an instrument of hundreds of provisions gave a chart over a hundred inches tall whose
// labels were most of a report's drawing time. Above the cap, the shift chart shows the
// MaxChartRows/2 largest shifts each way and the similarity chart the least similar pairs; the
// title says so, and every pair stays in the report's text and in the CSV files.
const MaxChartRows = 40

func simOrZero(a alignRow) float64 {
	if math.IsNaN(a.Similarity) {
		return 0
	}
	return a.Similarity
}

// instRows are the alignment and shift rows of each instrument (indexes into r.in.align and
// r.in.shifts), in file order: the per-instrument charts read them (filtering the whole files per
// instrument was quadratic; copies of the rows were 3% of the bytes the report allocated at
// 10 MB).
type instRows struct {
	align  map[string][]int32
	shifts map[string][]int32
}

func (r *Report) byInst() *instRows {
	if r.inst == nil {
		r.inst = &instRows{align: map[string][]int32{}, shifts: map[string][]int32{}}
		for i, a := range r.in.align {
			r.inst.align[a.Instrument] = append(r.inst.align[a.Instrument], int32(i))
		}
		for i, s := range r.in.shifts {
			r.inst.shifts[s.Instrument] = append(r.inst.shifts[s.Instrument], int32(i))
		}
	}
	return r.inst
}

// ensureCharts renders every chart once.
func (r *Report) ensureCharts() ([]chart, error) {
	r.chartsOnce.Do(func() { r.charts, r.chartsErr = r.renderCharts() })
	return r.charts, r.chartsErr
}

func (r *Report) renderCharts() ([]chart, error) {
	jobs := r.chartJobs(r.page.Instruments)
	if p, name, title, alt, w, h, ok := r.presenceChart(); ok {
		jobs = append(jobs, chartJob{p: p, c: chart{Name: name, Title: title, Alt: alt}, w: w, h: h})
	}
	nameCharts(jobs, map[string]int{})
	return renderJobs(jobs, !r.noPNG)
}

// chartJob is one chart to draw; c.Name is its base name until nameCharts makes it unique.
type chartJob struct {
	p    *plot.Plot
	c    chart
	w, h vg.Length
}

// chartJobs lists the charts of the given instruments, in order: per instrument its shift (or
// similarity) charts, then its version chart.
func (r *Report) chartJobs(ivs []*instView) []chartJob {
	var jobs []chartJob
	add := func(p *plot.Plot, name, title, alt, inst string, w, h vg.Length) {
		jobs = append(jobs, chartJob{p: p, c: chart{Name: name, Title: title, Alt: alt, Instrument: inst}, w: w, h: h})
	}
	for _, iv := range ivs {
		if p, name, title, alt, h, ok := r.shiftOrSimilarityCharts(iv); ok {
			for i := range p {
				add(p[i], name[i], title[i], alt[i], iv.Name, 7*vg.Inch, h[i])
			}
		}
		if len(iv.Versions) == 0 { // an instrument named in provisions.csv or alignment.csv only
			continue
		}
		p, name, title, alt := r.versionChart(iv)
		add(p, name, title, alt, iv.Name, 6*vg.Inch, 3.5*vg.Inch)
	}
	return jobs
}

// nameCharts makes the names unique: the second chart of a name gets "-2", and so on. seen
// carries the names given so far (a streamed build names its charts instrument by instrument).
func nameCharts(jobs []chartJob, seen map[string]int) {
	for i := range jobs {
		name := jobs[i].c.Name
		seen[name]++
		if n := seen[name]; n > 1 {
			jobs[i].c.Name = fmt.Sprintf("%s-%d", name, n)
		}
	}
}

// renderJobs draws the charts, each on its own goroutine, at most one per CPU.
func renderJobs(jobs []chartJob, withPNG bool) ([]chart, error) {
	// Rendering (mostly PNG rasterising and compression) is the slow part: hundreds of charts
	// on a corpus with many instruments. Each plot is drawn by one goroutine; the output is in
	// job order whatever the scheduling.
	out := make([]chart, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.NumCPU())
	for i := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			j := jobs[i]
			c := j.c
			c.SVG, c.PNG, errs[i] = renderChart(j.p, j.w, j.h, withPNG)
			if errs[i] != nil {
				errs[i] = fmt.Errorf("report: chart %s: %w", c.Name, errs[i])
			}
			out[i] = c
		}(i)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// renderChart draws p as SVG and, withPNG, as PNG. The PNG is encoded with the fastest zlib level
// (encodePNG): the charts are line art, so the file is barely larger, and encoding was most of
// the report's time.
func renderChart(p *plot.Plot, w, h vg.Length, withPNG bool) (svgBytes, pngBytes []byte, err error) {
	sc := newSVGCanvas(w, h) // what p.WriterTo(w, h, "svg") draws on, and writes
	if !withPNG {
		p.Draw(draw.New(sc))
		return sc.bytes(), nil, nil
	}
	src, release := rasterChart(p, w, h, sc)
	svgBytes = sc.bytes()
	pngBytes, err = encodeTo(func(w io.Writer) (int64, error) { return 0, encodePNG(w, src) })
	if err != nil {
		return nil, nil, err
	}
	if release != nil {
		release()
	}
	return svgBytes, pngBytes, nil
}

// rasterChart draws p as an image for its PNG, and on sc (when not nil) first: a grey paletted
// image when every pixel is an opaque grey (the charts), else vgimg's. release, when not nil,
// gives the image's pixels back for the next chart once it is encoded; the RGBA image of a grey
// chart goes back painted white (greyPaletted), that of another is not kept. A chart of a whole
// number of pixels (the version charts, 6 by 3.5 inches) has the same size on both canvases,
// and is drawn once on both (teeCanvas): the plot's layout, computed by gonum for every Draw
// (its glyph boxes, ticks and text boxes), is then computed once.
func rasterChart(p *plot.Plot, w, h vg.Length, sc *svgCanvas) (src image.Image, release func()) {
	r, iw, ih := rasterSize(w, h, vgimg.DefaultDPI)
	tee := sc != nil && iw == w && ih == h && r.Dx() <= stripPixels
	if sc != nil && !tee {
		p.Draw(draw.New(sc))
	}
	if g, ok := rasterStrips(p, w, h); ok {
		src = g
	} else {
		img := newRasterCanvas(w, h, vgimg.DefaultDPI)
		if tee {
			p.Draw(draw.New(teeCanvas{Canvas: vg.MultiCanvas(sc, img), w: w, h: h}))
		} else {
			p.Draw(draw.New(img))
		}
		img.release()
		src = img.Image()
		if rgba, ok := src.(*image.RGBA); ok {
			if g, ok := greyPaletted(rgba, true, img.dirty); ok {
				releaseWhiteRGBA(rgba)
				src, release = g, func() { releasePaletted(g) }
			}
		}
	}
	return src, release
}

// teeCanvas is vg.MultiCanvas's canvas, of the size of the canvases it draws on.
type teeCanvas struct {
	vg.Canvas
	w, h vg.Length
}

// Size implements vg.CanvasSizer.
func (t teeCanvas) Size() (w, h vg.Length) { return t.w, t.h }

// encodeBufs are the buffers charts are encoded into, kept from chart to chart: a chart's SVG
// or PNG written into a new bytes.Buffer grew it from nothing, copying and clearing about twice
// its size (measured: 55 of 317 MB allocated by BenchmarkChartsDir at 10 MB).
var encodeBufs = freeList{max: 4, maxBytes: 4 << 20}

// encodeTo returns what write writes, encoded into a kept buffer and copied out at its size.
func encodeTo(write func(io.Writer) (int64, error)) ([]byte, error) {
	b := bytes.NewBuffer(encodeBufs.get(0))
	defer func() { encodeBufs.put(b.Bytes()[:0]) }()
	if _, err := write(b); err != nil {
		return nil, err
	}
	return bytes.Clone(b.Bytes()), nil
}

// pngEncoder encodes the images encodePNG does not write itself (none of the grey charts) with
// the fastest zlib level, reusing its encoders' buffers and
// zlib writers from chart to chart (a zlib writer per chart was 6% of the report's allocated
// bytes at 10 MB); a reused writer is reset, so the bytes are those of a new one.
var pngEncoder = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &pngBuffers{}}

// pngBuffers is a png.EncoderBufferPool on a sync.Pool.
type pngBuffers struct{ p sync.Pool }

func (b *pngBuffers) Get() *png.EncoderBuffer {
	e, _ := b.p.Get().(*png.EncoderBuffer)
	return e
}

func (b *pngBuffers) Put(e *png.EncoderBuffer) { b.p.Put(e) }

// stripPixels is the width of the strips a wide chart is rasterised in; a multiple of the 96 dots
// per inch, so that a strip's offset is a whole number of points times 3/4 and of dots exactly.
const stripPixels = 96 * 40

// rasterStrips rasterises a chart wider than stripPixels strip by strip into one grey paletted
// image, the pixels of newRasterCanvas(w, h) drawn whole: each strip is a canvas of the chart's height
// translated by a whole number of dots, so every coordinate is shifted exactly. The corpus-wide
// heat map of a corpus of thousands of documents is 190,000 pixels wide: drawn whole, its RGBA
// image and gg's copy of it were 670 MB, most of a streamed report's peak memory. false when
// the chart is narrow, or not grey.
func rasterStrips(p *plot.Plot, w, h vg.Length) (*image.Paletted, bool) {
	const dpi = vgimg.DefaultDPI
	wd, hd := w/vg.Inch*vg.Length(dpi), h/vg.Inch*vg.Length(dpi) // as newRasterCanvas sizes its image
	width, height := int(wd+0.5), int(hd+0.5)
	if width <= stripPixels {
		return nil, false
	}
	out := image.NewPaletted(image.Rect(0, 0, width, height), greyPalette)
	for ox := 0; ox < width; ox += stripPixels {
		sw := min(stripPixels, width-ox)
		c := newRasterCanvas(vg.Length(sw)*vg.Inch/vg.Length(dpi), h, dpi)
		m, ok := c.Image().(*image.RGBA)
		if !ok || m.Bounds().Dx() != sw || m.Bounds().Dy() != height {
			return nil, false
		}
		c.Translate(vg.Point{X: -vg.Length(ox) * vg.Inch / vg.Length(dpi)})
		// The chart spans the whole image, as draw.New gives it a canvas drawn whole.
		p.Draw(draw.Canvas{Canvas: c, Rectangle: vg.Rectangle{Max: vg.Point{
			X: vg.Length(width) * vg.Inch / vg.Length(dpi), Y: vg.Length(height) * vg.Inch / vg.Length(dpi)}}})
		c.release()
		g, ok := greyPaletted(m, true, c.dirty)
		if !ok {
			return nil, false
		}
		releaseWhiteRGBA(m)
		for y := 0; y < height; y++ {
			copy(out.Pix[out.PixOffset(ox, y):out.PixOffset(ox+sw, y)], g.Pix[g.PixOffset(0, y):g.PixOffset(sw, y)])
		}
		releasePaletted(g)
	}
	return out, true
}

// greyPalette is the 256 opaque greys.
var greyPalette = func() color.Palette {
	p := make(color.Palette, 256)
	for i := range p {
		p[i] = color.Gray{Y: uint8(i)}
	}
	return p
}()

// greyPaletted returns m as an 8-bit paletted image of greys when every pixel is an opaque grey
// (the charts are drawn in greys only, so that they survive greyscale printing), and false
// otherwise. The conversion is exact. PNG stores it with one byte per pixel and without the
// per-row filter search it runs on RGBA images: encoding the RGBA image was more than half of
// the time of a report with many charts (measured: 53 of 160 CPU-seconds at 10 MB). With
// whiten, m is left opaque white when it is grey (each block of pixels that is not white is
// painted white once read, while it is in the processor's caches), for the next chart's canvas
// (newWhiteRGBA); m is unchanged when it is not (the pixels painted white are given their
// greys back). With dirty not nil, m must be opaque white outside the chunks it records: the
// others are not read.
func greyPaletted(m *image.RGBA, whiten bool, dirty *dirtyChunks) (*image.Paletted, bool) {
	b := m.Bounds()
	out := newPaletted(b, greyPalette)
	// fail restores the pixels painted white before pixel x of row y, and drops out.
	fail := func(x, y int) (*image.Paletted, bool) {
		for y1 := b.Min.Y; whiten && y1 <= y; y1++ {
			n := b.Dx()
			if y1 == y {
				n = x
			}
			row := m.Pix[m.PixOffset(b.Min.X, y1):]
			for i, g := range out.Pix[out.PixOffset(b.Min.X, y1):][:n] {
				binary.LittleEndian.PutUint32(row[4*i:], 0xff000000|uint32(g)*0x010101)
			}
		}
		releasePaletted(out)
		return nil, false
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := m.Pix[m.PixOffset(b.Min.X, y):m.PixOffset(b.Max.X, y)]
		dst := out.Pix[out.PixOffset(b.Min.X, y):out.PixOffset(b.Max.X, y)]
		row = row[:4*len(dst)]
		x := 0
		chunks := dirty.row(y)
		for ; x+8 <= len(dst); x += 8 {
			if x&63 == 0 && x < 64*64 && chunks&(1<<(x>>6)) == 0 {
				// a chunk of opaque white, its blocks of eight at once
				n := min(64, len(dst)-x) &^ 7
				copy(dst[x:x+n], whiteChunk[:n])
				x += n - 8
				continue
			}
			// Eight opaque white pixels, most of a chart, in four 64-bit loads.
			p := (*[32]byte)(row[4*x : 4*x+32])
			v0, v1 := binary.LittleEndian.Uint64(p[0:]), binary.LittleEndian.Uint64(p[8:])
			v2, v3 := binary.LittleEndian.Uint64(p[16:]), binary.LittleEndian.Uint64(p[24:])
			if v0&v1&v2&v3 == ^uint64(0) {
				binary.LittleEndian.PutUint64(dst[x:], ^uint64(0))
				continue
			}
			// Two pixels a word: opaque greys when each is its red byte's grey (g's bytes 0
			// and 4), their greys then packed into the word's low two bytes and the eight
			// stored at once (a loop storing the pixels a byte at a time, each store
			// bounds-checked, was a third of greyPaletted's instructions at 10 MB).
			g0, g1 := v0&0x000000ff000000ff, v1&0x000000ff000000ff
			g2, g3 := v2&0x000000ff000000ff, v3&0x000000ff000000ff
			if v0 != g0*0x010101|0xff000000ff000000 || v1 != g1*0x010101|0xff000000ff000000 ||
				v2 != g2*0x010101|0xff000000ff000000 || v3 != g3*0x010101|0xff000000ff000000 {
				return fail(x, y)
			}
			binary.LittleEndian.PutUint64(dst[x:], (g0|g0>>24)&0xffff|((g1|g1>>24)&0xffff)<<16|
				((g2|g2>>24)&0xffff)<<32|((g3|g3>>24)&0xffff)<<48)
			if whiten {
				binary.LittleEndian.PutUint64(p[0:], ^uint64(0))
				binary.LittleEndian.PutUint64(p[8:], ^uint64(0))
				binary.LittleEndian.PutUint64(p[16:], ^uint64(0))
				binary.LittleEndian.PutUint64(p[24:], ^uint64(0))
			}
		}
		for ; x < len(dst); x++ {
			g, ok := greyOf(binary.LittleEndian.Uint32(row[4*x:]))
			if !ok {
				return fail(x, y)
			}
			dst[x] = g
			if whiten {
				binary.LittleEndian.PutUint32(row[4*x:], ^uint32(0))
			}
		}
	}
	return out, true
}

// whiteChunk is a chunk of dirtyChunks in white paletted pixels.
var whiteChunk = func() (w [64]byte) {
	for i := range w {
		w[i] = 0xff
	}
	return w
}()

// greyOf is the grey of an RGBA pixel read as one little-endian 32-bit word (R, G, B, A in its
// bytes from the lowest), false unless it is an opaque grey.
func greyOf(px uint32) (uint8, bool) {
	g := px & 0xff
	return uint8(g), px == 0xff000000|g<<16|g<<8|g
}

func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	measureText(p)
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.Legend.Top = true
	p.Legend.ThumbnailWidth = vg.Points(18)
	return p
}

type pairScore struct {
	label    string
	from, to float64
	sim      float64
}

// shiftOrSimilarityCharts draws, per model, each aligned pair's score in the earlier and later
// version as a dumbbell ordered by shift; without shifts.csv, one bar chart of similarity.
func (r *Report) shiftOrSimilarityCharts(iv *instView) (ps []*plot.Plot, names, titles, alts []string, hs []vg.Length, ok bool) {
	var pairs []*alignRow
	for _, k := range r.byInst().align[iv.Name] {
		if a := &r.in.align[k]; a.From != "" && a.To != "" {
			pairs = append(pairs, a)
		}
	}
	if len(pairs) == 0 {
		return nil, nil, nil, nil, nil, false
	}
	height := func(n int) vg.Length { return 1.6*vg.Inch + vg.Length(n)*0.28*vg.Inch }
	if r.in.has["shifts.csv"] {
		byModel := map[string][]pairScore{}
		for _, k := range r.byInst().shifts[iv.Name] {
			s := &r.in.shifts[k]
			if s.From == "" || s.To == "" || math.IsNaN(s.ScoreFrom) || math.IsNaN(s.ScoreTo) {
				continue
			}
			byModel[s.Model] = append(byModel[s.Model], pairScore{label: s.From + " → " + s.To, from: s.ScoreFrom, to: s.ScoreTo})
		}
		for _, model := range sortedKeys(boolKeysPS(byModel)) {
			rows := byModel[model]
			sort.SliceStable(rows, func(i, j int) bool {
				di, dj := rows[i].to-rows[i].from, rows[j].to-rows[j].from
				if di != dj {
					return di < dj
				}
				return rows[i].label < rows[j].label
			})
			total := len(rows)
			title := iv.Name + ": provision stance, earlier vs later (" + model + ")"
			if total > MaxChartRows {
				// the largest shifts each way; every pair is in shifts.csv and in the report's text
				rows = append(rows[:MaxChartRows/2:MaxChartRows/2], rows[total-MaxChartRows/2:]...)
				title += fmt.Sprintf(", the %d largest shifts of %d", len(rows), total)
			}
			p := newPlot(title, "stance score, "+model+" (+ state-centric, − multistakeholder)", "aligned provision pair (by shift)")
			var labels []string
			early, late := make(plotter.XYs, len(rows)), make(plotter.XYs, len(rows))
			for i, row := range rows {
				labels = append(labels, row.label)
				early[i] = plotter.XY{X: row.from, Y: float64(i)}
				late[i] = plotter.XY{X: row.to, Y: float64(i)}
				seg, _ := plotter.NewLine(plotter.XYs{early[i], late[i]})
				seg.Color = light
				seg.Width = vg.Points(2)
				p.Add(seg)
			}
			zero, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(len(rows)) - 0.5}})
			zero.Color, zero.Dashes = grey, dashes[2]
			p.Add(zero)
			se, _ := plotter.NewScatter(early)
			se.GlyphStyle = draw.GlyphStyle{Color: ink, Radius: vg.Points(3.5), Shape: draw.RingGlyph{}}
			sl, _ := plotter.NewScatter(late)
			sl.GlyphStyle = draw.GlyphStyle{Color: ink, Radius: vg.Points(3.5), Shape: draw.TriangleGlyph{}}
			p.Add(se, sl)
			p.Legend.Add("earlier version", se)
			p.Legend.Add("later version", sl)
			p.Legend.Add("no stance (0)", zero)
			p.NominalY(labels...)
			lo, hi := 0.0, 0.0
			for _, row := range rows {
				lo, hi = math.Min(lo, math.Min(row.from, row.to)), math.Max(hi, math.Max(row.from, row.to))
			}
			if hi == lo {
				hi = lo + 1
			}
			p.X.Min, p.X.Max = lo-0.05*(hi-lo), hi+0.6*(hi-lo) // room on the right for the legend
			ps = append(ps, p)
			names = append(names, "shift-"+slug(iv.Name)+"-"+slug(model))
			titles = append(titles, p.Title.Text)
			shown := fmt.Sprint(len(rows))
			if total > len(rows) {
				shown = fmt.Sprintf("%d of the %d", len(rows), total)
			}
			alts = append(alts, fmt.Sprintf("Dumbbell chart: %s aligned provision pairs of %s, stance score (%s) in the earlier version (ring) and the later version (triangle), ordered by shift.", shown, iv.Name, model))
			hs = append(hs, height(len(rows)))
		}
		if len(ps) > 0 {
			return ps, names, titles, alts, hs, true
		}
	}
	title := iv.Name + ": similarity of aligned provisions"
	shown := fmt.Sprint(len(pairs))
	if total := len(pairs); total > MaxChartRows {
		// the least similar pairs (most rewritten), in file order
		idx := make([]int, total)
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(i, j int) bool { return simOrZero(*pairs[idx[i]]) < simOrZero(*pairs[idx[j]]) })
		idx = idx[:MaxChartRows]
		slices.Sort(idx)
		kept := make([]*alignRow, len(idx))
		for k, i := range idx {
			kept[k] = pairs[i]
		}
		pairs = kept
		title += fmt.Sprintf(", the %d least similar of %d", len(pairs), total)
		shown = fmt.Sprintf("%d least similar of the %d", len(pairs), total)
	}
	p := newPlot(title, "similarity (TF-IDF cosine, 0 to 1)", "aligned provision pair")
	vals := make(plotter.Values, len(pairs))
	var labels []string
	for i, a := range pairs {
		v := a.Similarity
		if math.IsNaN(v) {
			v = 0
		}
		vals[i] = v
		labels = append(labels, a.From+" → "+a.To+" ("+a.Status+")")
	}
	bars, err := plotter.NewBarChart(vals, vg.Points(12))
	if err != nil {
		return nil, nil, nil, nil, nil, false
	}
	bars.Horizontal = true
	bars.Color = light
	bars.LineStyle.Color = ink
	p.Add(bars)
	p.Legend.Add("TF-IDF cosine similarity", bars)
	p.NominalY(labels...)
	// Room on the right for the legend; ticks only over the data range 0 to 1.
	p.X.Min, p.X.Max = 0, 1.45
	p.X.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0"}, {Value: 0.25}, {Value: 0.5, Label: "0.5"}, {Value: 0.75}, {Value: 1, Label: "1"}}
	return []*plot.Plot{p}, []string{"similarity-" + slug(iv.Name)}, []string{p.Title.Text},
		[]string{fmt.Sprintf("Bar chart: similarity of the %s aligned provision pairs of %s.", shown, iv.Name)},
		[]vg.Length{height(len(pairs))}, true
}

func boolKeysPS(m map[string][]pairScore) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

// decimalYear parses YYYY-MM-DD, YYYY-MM or YYYY.
func decimalYear(s string) (float64, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			start := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
			end := time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
			return float64(t.Year()) + t.Sub(start).Hours()/end.Sub(start).Hours(), true
		}
	}
	return 0, false
}

// versionChart draws the document score per version over time, one series per model with its
// confidence interval; without document_scores.csv, the number of provisions per version.
func (r *Report) versionChart(iv *instView) (*plot.Plot, string, string, string) {
	xs := make([]float64, len(iv.Versions))
	dated := true
	for i, v := range iv.Versions {
		y, ok := decimalYear(v.Date)
		if !ok {
			dated = false
		}
		xs[i] = y
	}
	var ticks []plot.Tick
	for i, v := range iv.Versions {
		if !dated {
			xs[i] = float64(i)
		}
		label := v.Version
		if v.Date != "" {
			label += "\n" + v.Date
		}
		ticks = append(ticks, plot.Tick{Value: xs[i], Label: label})
	}
	xlabel := "version (by date)"
	if !dated {
		xlabel = "version (in order)"
	}
	pad := func(p *plot.Plot) {
		lo, hi := xs[0], xs[len(xs)-1]
		span := hi - lo
		if span == 0 {
			span = 1
		}
		p.X.Min, p.X.Max = lo-0.15*span, hi+0.15*span
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
	}
	if r.in.has["document_scores.csv"] {
		byModel := map[string]map[string]docScoreRow{}
		for _, s := range r.in.docScores {
			if byModel[s.Model] == nil {
				byModel[s.Model] = map[string]docScoreRow{}
			}
			byModel[s.Model][s.DocID] = s
		}
		p := newPlot(iv.Name+": document score by version", xlabel, "document score (+ = state-centric)")
		n := 0
		for mi, model := range sortedKeys(boolKeysDS(byModel)) {
			var pts plotter.XYs
			var errs plotter.YErrors
			hasCI := false
			for i, v := range iv.Versions {
				s, ok := byModel[model][v.DocID]
				if !ok || math.IsNaN(s.Score) {
					continue
				}
				pts = append(pts, plotter.XY{X: xs[i], Y: s.Score})
				lo, hi := 0.0, 0.0
				if !math.IsNaN(s.CILow) && !math.IsNaN(s.CIHigh) {
					lo, hi = math.Max(0, s.Score-s.CILow), math.Max(0, s.CIHigh-s.Score)
					hasCI = true
				}
				errs = append(errs, struct{ Low, High float64 }{lo, hi})
			}
			if len(pts) == 0 {
				continue
			}
			n++
			line, sc, err := plotter.NewLinePoints(pts)
			if err != nil {
				continue
			}
			line.Color = shades[mi%len(shades)]
			line.Dashes = dashes[mi%len(dashes)]
			sc.GlyphStyle = draw.GlyphStyle{Color: shades[mi%len(shades)], Radius: vg.Points(3.5), Shape: glyphs[mi%len(glyphs)]}
			p.Add(line, sc)
			label := model
			if hasCI {
				eb, err := plotter.NewYErrorBars(errPoints{pts, errs})
				if err == nil {
					eb.Color = shades[mi%len(shades)]
					p.Add(eb)
					label += " (bars: confidence interval)"
				}
			}
			p.Legend.Add(label, line, sc)
		}
		if n > 0 {
			pad(p)
			ylo, yhi := p.Y.Min, p.Y.Max
			if yhi == ylo {
				yhi = ylo + 1
			}
			p.Y.Max = yhi + 0.45*(yhi-ylo) // room at the top for the legend
			return p, "docscore-" + slug(iv.Name), p.Title.Text,
				fmt.Sprintf("Line chart: document score of each of the %d versions of %s, one line per model, with confidence intervals where given.", len(iv.Versions), iv.Name)
		}
	}
	p := newPlot(iv.Name+": provisions per version", xlabel, "provisions (count)")
	pts := make(plotter.XYs, len(iv.Versions))
	for i, v := range iv.Versions {
		pts[i] = plotter.XY{X: xs[i], Y: float64(v.NProvisions)}
	}
	line, sc, _ := plotter.NewLinePoints(pts)
	line.Color = ink
	sc.GlyphStyle = draw.GlyphStyle{Color: ink, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
	p.Add(line, sc)
	p.Legend.Add("provisions in the version", line, sc)
	p.Y.Min = 0
	maxN := 1.0
	for _, pt := range pts {
		maxN = math.Max(maxN, pt.Y)
	}
	p.Y.Max = maxN * 1.45 // room at the top for the legend
	pad(p)
	return p, "provisions-" + slug(iv.Name), p.Title.Text,
		fmt.Sprintf("Line chart: number of provisions in each of the %d versions of %s.", len(iv.Versions), iv.Name)
}

type errPoints struct {
	plotter.XYs
	plotter.YErrors
}

func boolKeysDS(m map[string]map[string]docScoreRow) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

// grid is a rows x columns matrix for the presence heat map.
type grid struct {
	z [][]float64 // z[row][col]
}

func (g grid) Dims() (c, r int)   { return len(g.z[0]), len(g.z) }
func (g grid) Z(c, r int) float64 { return g.z[r][c] }
func (g grid) X(c int) float64    { return float64(c) }
func (g grid) Y(r int) float64    { return float64(r) }

type greys int

// Colors runs from white (absent) to dark grey, so order survives greyscale printing.
func (n greys) Colors() []color.Color {
	out := make([]color.Color, int(n))
	for i := range out {
		y := 255 - uint8(float64(i)*175/float64(int(n)-1))
		out[i] = color.Gray{Y: y}
	}
	return out
}

// presenceChart draws concept mentions per version (concept_mentions.csv), or, without it, the
// key phrases of each document (keyphrases.csv, document scope, top 3 per document).
func (r *Report) presenceChart() (*plot.Plot, string, string, string, vg.Length, vg.Length, bool) {
	var counts map[string][]float64
	if r.in.has["concept_mentions.csv"] && len(r.in.mentions) > 0 {
		cols, colIdx := presenceColumns(r.page.Instruments)
		counts = map[string][]float64{}
		for _, m := range r.in.mentions {
			countMention(counts, colIdx, len(cols), m.DocID, m.Concept)
		}
	}
	return presenceChartOf(r.page.Instruments, counts, r.in.keyphrases)
}

// presenceColumns lists the documents of the instruments (the heat map's columns) and the column
// of each document id.
func presenceColumns(ivs []*instView) ([]string, map[string]int) {
	var cols []string // doc ids in documents.csv order
	colIdx := map[string]int{}
	for _, iv := range ivs {
		for _, v := range iv.Versions {
			colIdx[v.DocID] = len(cols)
			cols = append(cols, v.DocID)
		}
	}
	return cols, colIdx
}

// countMention adds one concept mention of document doc to counts (concept -> count per column).
func countMention(counts map[string][]float64, colIdx map[string]int, ncols int, doc, concept string) {
	c, ok := colIdx[doc]
	if !ok {
		return
	}
	if counts[concept] == nil {
		counts[concept] = make([]float64, ncols)
	}
	counts[concept][c]++
}

// MaxHeatMapDocuments caps the columns of the corpus-wide heat map. One column per document
// stops being readable long before a corpus of thousands of documents (190,000 pixels wide at
// the 100MB bench corpus); above the cap the chart shows the instruments whose concept mentions
// changed most between their first and last versions (limitPresence), and says so.
const MaxHeatMapDocuments = 150

// limitPresence returns the instruments (and their columns of counts) the heat map shows: all
// of them when they have at most max documents; otherwise those whose concept mentions changed
// most, the sum over concepts of |mentions in the last version - mentions in the first| (ties
// broken by more mentions in all, then corpus order; without counts, corpus order), taken while
// their documents fit in max (the first one always), listed in corpus order. note describes the
// selection ("" for all).
func limitPresence(ivs []*instView, counts map[string][]float64, max int) ([]*instView, map[string][]float64, string) {
	cols, colIdx := presenceColumns(ivs)
	if len(cols) <= max {
		return ivs, counts, ""
	}
	change := make([]float64, len(ivs))
	total := make([]float64, len(ivs))
	if counts != nil {
		concepts := sortedKeys(boolKeysF(counts))
		for i, iv := range ivs {
			if len(iv.Versions) == 0 {
				continue
			}
			first, last := colIdx[iv.Versions[0].DocID], colIdx[iv.Versions[len(iv.Versions)-1].DocID]
			for _, c := range concepts {
				change[i] += math.Abs(counts[c][last] - counts[c][first])
				for _, v := range iv.Versions {
					total[i] += counts[c][colIdx[v.DocID]]
				}
			}
		}
	}
	order := make([]int, len(ivs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := order[a], order[b]
		if change[x] != change[y] {
			return change[x] > change[y]
		}
		return total[x] > total[y]
	})
	keep := make([]bool, len(ivs))
	n, k := 0, 0
	for _, i := range order {
		if v := len(ivs[i].Versions); k == 0 || n+v <= max {
			keep[i], n, k = true, n+v, k+1
		}
	}
	var sel []*instView
	for i, iv := range ivs {
		if keep[i] {
			sel = append(sel, iv)
		}
	}
	var selCounts map[string][]float64
	if counts != nil {
		selCols, _ := presenceColumns(sel)
		selCounts = map[string][]float64{}
		for c, row := range counts {
			out := make([]float64, len(selCols))
			any := false
			for j, doc := range selCols {
				out[j] = row[colIdx[doc]]
				any = any || out[j] != 0
			}
			if any {
				selCounts[c] = out
			}
		}
		return sel, selCounts, fmt.Sprintf("the %s (of %d) whose mentions changed most from first to last version", instruments(len(sel)), len(ivs))
	}
	return sel, nil, fmt.Sprintf("the first %s (of %d)", instruments(len(sel)), len(ivs))
}

func instruments(n int) string {
	if n == 1 {
		return "1 instrument"
	}
	return fmt.Sprintf("%d instruments", n)
}

// presenceChartOf draws the heat map: concept mentions per document when counts is not nil
// (concept_mentions.csv has rows), else the key phrases of each document. Above
// MaxHeatMapDocuments documents it draws a selection of the instruments (limitPresence).
func presenceChartOf(ivs []*instView, counts map[string][]float64, keyphrases []keyphraseRow) (*plot.Plot, string, string, string, vg.Length, vg.Length, bool) {
	hadCounts := counts != nil
	ivs, counts, note := limitPresence(ivs, counts, MaxHeatMapDocuments)
	if hadCounts && len(counts) == 0 {
		counts = map[string][]float64{} // the selection has no mentions: an empty chart, not key phrases
	}
	cols, colIdx := presenceColumns(ivs)
	colLabels := cols
	if len(cols) == 0 {
		return nil, "", "", "", 0, 0, false
	}
	var rowNames []string
	var z [][]float64
	var name, title, alt, zlabel string
	if counts != nil {
		rowNames = sortedKeys(boolKeysF(counts))
		for _, c := range rowNames {
			z = append(z, counts[c])
		}
		name, title, zlabel = "concepts", "Concept mentions by version", "mentions"
		alt = fmt.Sprintf("Heat map: mentions of %d concepts in each of %d documents; darker is more, blank is none.", len(rowNames), len(cols))
		if note != "" {
			title += ": " + note
			alt = fmt.Sprintf("Heat map: mentions of %d concepts in each of %d documents of %s; darker is more, blank is none.", len(rowNames), len(cols), note)
		}
	} else {
		top := map[string][]float64{}
		var order []string
		for _, k := range keyphrases {
			if k.Scope != "document" {
				continue
			}
			if _, ok := colIdx[k.ScopeID]; !ok {
				continue
			}
			if k.Rank <= 3 && top[k.Phrase] == nil && len(order) < 40 {
				top[k.Phrase] = make([]float64, len(cols))
				order = append(order, k.Phrase)
			}
		}
		for _, k := range keyphrases {
			if k.Scope == "document" && top[k.Phrase] != nil {
				if c, ok := colIdx[k.ScopeID]; ok {
					top[k.Phrase][c] = float64(k.Count)
				}
			}
		}
		rowNames = order
		for _, ph := range order {
			z = append(z, top[ph])
		}
		name, title, zlabel = "keyphrases", "Key phrases by version (top 3 per document)", "occurrences"
		alt = fmt.Sprintf("Heat map: %d key phrases (top 3 of each document) and their occurrences in each of %d documents; blank where the phrase is not among the document's key phrases.", len(rowNames), len(cols))
		if note != "" {
			title += ": " + note
			alt = fmt.Sprintf("Heat map: %d key phrases (top 3 of each document) and their occurrences in each of %d documents of %s; blank where the phrase is not among the document's key phrases.", len(rowNames), len(cols), note)
		}
	}
	if len(rowNames) == 0 {
		return nil, "", "", "", 0, 0, false
	}
	// Row 0 is drawn at the bottom: reverse so the list reads from the top.
	for i, j := 0, len(rowNames)-1; i < j; i, j = i+1, j-1 {
		rowNames[i], rowNames[j] = rowNames[j], rowNames[i]
		z[i], z[j] = z[j], z[i]
	}
	maxZ := 0.0
	for _, row := range z {
		for _, v := range row {
			maxZ = math.Max(maxZ, v)
		}
	}
	// One grey level per count when counts are small; otherwise 6 levels, each a range of counts.
	levels := int(math.Ceil(maxZ)) + 1
	if levels > 6 {
		levels = 6
	}
	if levels < 2 {
		levels = 2
	}
	pal := greys(levels)
	hm := plotter.NewHeatMap(grid{z}, pal)
	hm.Min, hm.Max = 0, math.Max(math.Ceil(maxZ), 1)
	p := newPlot(title, "document (version)", "")
	p.Add(hm)
	// Numbers in the cells, white on dark cells.
	var lxy plotter.XYs
	var ltxt []string
	var styles []draw.TextStyle
	for ri, row := range z {
		for ci, v := range row {
			if v == 0 {
				continue
			}
			lxy = append(lxy, plotter.XY{X: float64(ci), Y: float64(ri)})
			ltxt = append(ltxt, strconv.FormatFloat(v, 'f', -1, 64))
			st := draw.TextStyle{Color: ink, Font: p.X.Tick.Label.Font, Handler: p.X.Tick.Label.Handler,
				XAlign: draw.XCenter, YAlign: draw.YCenter}
			if v/hm.Max > 0.55 {
				st.Color = color.White
			}
			styles = append(styles, st)
		}
	}
	if len(lxy) > 0 {
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: lxy, Labels: ltxt})
		if err == nil {
			lb.TextStyle = styles
			p.Add(lb)
		}
	}
	thumbs := plotter.PaletteThumbnailers(pal)
	for i := len(thumbs) - 1; i >= 0; i-- {
		// gonum picks level round(v*(levels-1)/Max): level i holds the integers in
		// [(i-0.5)*Max/(levels-1), (i+0.5)*Max/(levels-1)).
		w := hm.Max / float64(levels-1)
		lo := math.Max(0, math.Ceil((float64(i)-0.5)*w))
		hi := math.Ceil((float64(i)+0.5)*w) - 1
		if i == levels-1 {
			hi = hm.Max
		}
		label := trimF(lo) + " " + zlabel
		if hi > lo {
			label = trimF(lo) + "–" + trimF(hi) + " " + zlabel
		}
		if lo == 0 {
			label += " (0: blank)"
		}
		p.Legend.Add(label, thumbs[i])
	}
	p.Legend.Left = false
	p.NominalX(colLabels...)
	p.X.Min, p.X.Max = -0.5, float64(len(cols))-0.5+2.2 // room on the right for the legend
	p.X.Tick.Label.Rotation = math.Pi / 6
	p.X.Tick.Label.XAlign = draw.XRight
	p.NominalY(rowNames...)
	p.Y.Label.Text = map[string]string{"concepts": "concept", "keyphrases": "key phrase"}[name]
	p.Legend.Top = false
	p.Legend.XOffs = vg.Points(0)
	w := 3*vg.Inch + vg.Length(len(cols)+2)*0.75*vg.Inch
	h := 2.2*vg.Inch + vg.Length(len(rowNames))*0.26*vg.Inch
	return p, name, title, alt, w, h, true
}

func trimF(f float64) string { return results.FormatRounded(f, 1) }

func boolKeysF(m map[string][]float64) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

// WriteCharts writes every chart as dir/charts/<name>.png and .svg, each atomically, removes
// .png and .svg files in dir/charts that this report did not write (charts of an earlier run),
// and returns the paths written, relative to dir, in a fixed order.
func (r *Report) WriteCharts(dir string) ([]string, error) {
	batch := results.NewBatch()
	defer batch.Abort()
	names, err := r.writeCharts(batch, dir)
	if err != nil {
		return nil, err
	}
	if err := batch.Commit(context.Background()); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return names, removeStaleCharts(dir, chartKeep(names))
}

// writeCharts writes every chart into batch (see writeChartFiles).
func (r *Report) writeCharts(batch *results.Batch, dir string) ([]string, error) {
	charts, err := r.ensureCharts()
	if err != nil {
		return nil, err
	}
	return writeChartFiles(batch, dir, charts)
}

// chartKeep is the set of file names of the chart paths names (relative to the output folder),
// for removeStaleCharts.
func chartKeep(names []string) map[string]bool {
	keep := map[string]bool{}
	for _, n := range names {
		keep[path.Base(n)] = true
	}
	return keep
}

// writeChartFiles writes each chart as dir/charts/<name>.svg and .png (unless it has no PNG)
// into batch, where they appear when it is committed, and returns the paths written, relative
// to dir.
func writeChartFiles(batch *results.Batch, dir string, charts []chart) ([]string, error) {
	var names []string
	for _, c := range charts {
		for _, f := range []struct {
			ext  string
			data []byte
		}{{"svg", c.SVG}, {"png", c.PNG}} {
			if f.ext == "png" && f.data == nil { // not drawn (Options.NoPNG)
				continue
			}
			rel := filepath.Join("charts", c.Name+"."+f.ext)
			if err := batch.Write(filepath.Join(dir, rel), f.data); err != nil {
				return names, fmt.Errorf("report: %w", err)
			}
			names = append(names, filepath.ToSlash(rel))
		}
	}
	return names, nil
}

// removeStaleCharts removes the .svg and .png files in dir/charts whose names are not in keep
// (and the folder when it is left empty).
func removeStaleCharts(dir string, keep map[string]bool) error {
	sub := filepath.Join(dir, "charts")
	entries, err := os.ReadDir(sub)
	if err != nil {
		return nil // no charts folder
	}
	left := 0
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && !keep[n] && (strings.HasSuffix(n, ".svg") || strings.HasSuffix(n, ".png")) {
			if err := os.Remove(filepath.Join(sub, n)); err != nil {
				return fmt.Errorf("report: removing stale chart: %w", err)
			}
			continue
		}
		left++
	}
	if left == 0 {
		if err := os.Remove(sub); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}
