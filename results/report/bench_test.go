package report

import (
	"bytes"
	"context"
	"image"
	"io"
	"os"
	"sync"
	"testing"
)

// BenchmarkBuildWriteHTML: Build + WriteHTML on the default corpus's reports (testdata/fixture),
// charts included.
func BenchmarkBuildWriteHTML(b *testing.B) {
	for b.Loop() {
		r, err := Build("testdata/fixture")
		if err != nil {
			b.Fatal(err)
		}
		if err := r.WriteHTML(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild: reading and assembling only.
func BenchmarkBuild(b *testing.B) {
	for b.Loop() {
		if _, err := Build("testdata/fixture"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDiff(b *testing.B) {
	in, err := readInputs("testdata/fixture")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, a := range in.align {
			ParseDiff(a.Diff)
		}
	}
}

func BenchmarkCharts(b *testing.B) {
	for b.Loop() {
		r, err := Build("testdata/fixture")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.ensureCharts(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChartsDir: every chart of the CSV reports in $STANCESHIFT_BENCH_REPORT_DIR, built
// whole and rendered as SVG and PNG, for profiles of chart rendering alone. Skipped when the
// variable is unset.
func BenchmarkChartsDir(b *testing.B) {
	dir := benchReportDir(b)
	r, err := Build(dir)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r.chartsOnce = sync.Once{}
		if _, err := r.ensureCharts(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteDir: WriteWith (report.html, instrument pages, charts) over the CSV reports in
// $STANCESHIFT_BENCH_REPORT_DIR (for example a 100MB `stanceshift run --no-report` output),
// for profiles of the report's write phase. Skipped when the variable is unset.
func BenchmarkWriteDir(b *testing.B) {
	dir := benchReportDir(b)
	for b.Loop() {
		if _, err := WriteWith(context.Background(), dir, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndexInputs: the first pass of a streamed build (indexInputs) over the CSV reports in
// $STANCESHIFT_BENCH_REPORT_DIR. Skipped when the variable is unset.
func BenchmarkIndexInputs(b *testing.B) {
	dir := benchReportDir(b)
	for b.Loop() {
		if _, err := indexInputs(context.Background(), dir, true, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadGroupsDir: a streamed build's reading of the per-instrument reports in
// $STANCESHIFT_BENCH_REPORT_DIR (groupReaders, then every instrument's rows, readGroup), after
// one first pass, for profiles of reading alone. Skipped when the variable is unset.
func BenchmarkReadGroupsDir(b *testing.B) {
	dir := benchReportDir(b)
	g, err := indexInputs(context.Background(), dir, true, nil)
	if err != nil || g == nil {
		b.Fatalf("indexInputs: %v (nil: not split)", err)
	}
	for b.Loop() {
		readers, err := g.groupReaders(dir)
		if err != nil {
			b.Fatal(err)
		}
		for i := range g.insts {
			in := &inputs{files: g.files, has: g.has, docs: g.docsOf[i], docScores: g.docScoresOf[i]}
			for _, gr := range readers {
				if err := gr.readGroup(int32(i), in); err != nil {
					b.Fatal(err)
				}
			}
		}
		for _, gr := range readers {
			gr.c.close()
		}
	}
}

// BenchmarkPagesDir: the instrument pages of a streamed build over the CSV reports in
// $STANCESHIFT_BENCH_REPORT_DIR, without their charts: each instrument's rows read once, then
// per iteration every page built (buildPage, its rows) and written into a buffer, for profiles
// of page building alone. Skipped when the variable is unset.
func BenchmarkPagesDir(b *testing.B) {
	g, ins := benchInstruments(b)
	var buf bytes.Buffer
	for b.Loop() {
		for i, in := range ins {
			r := &Report{in: in, split: true, global: g}
			r.page = r.buildPage()
			r.chartsOnce.Do(func() {}) // no charts
			g.filterLists(r.page)
			buf.Reset()
			if err := r.writeInstrumentHTML(g.insts[i], func(d pageData) error { return executeTo(&buf, d) }); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkEncodePNGDir: the PNGs of every chart of the CSV reports in
// $STANCESHIFT_BENCH_REPORT_DIR (rasterised once), encoded by writePalettedPNG and, for
// comparison, by zlibPalettedPNG (zlib.Writer's stream). Skipped when the variable is unset.
func BenchmarkEncodePNGDir(b *testing.B) {
	dir := benchReportDir(b)
	r, err := Build(dir)
	if err != nil {
		b.Fatal(err)
	}
	var ms []*image.Paletted
	for _, j := range r.chartJobs(r.page.Instruments) {
		src, _ := rasterChart(j.p, j.w, j.h, nil)
		m, ok := src.(*image.Paletted)
		if !ok {
			b.Fatalf("%s: a %T", j.c.Name, src)
		}
		ms = append(ms, &image.Paletted{Pix: bytes.Clone(m.Pix), Stride: m.Stride, Rect: m.Rect, Palette: m.Palette})
	}
	for _, bc := range []struct {
		name  string
		write func(io.Writer, *image.Paletted) error
	}{
		{"writePalettedPNG", writePalettedPNG},
		{"zlib.Writer", zlibPalettedPNG},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				for _, m := range ms {
					buf.Reset()
					if err := bc.write(&buf, m); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkWritePagesDir: writing the instrument pages of a streamed build over the CSV reports
// in $STANCESHIFT_BENCH_REPORT_DIR into fresh buffers (writePage), each page's rows built once
// beforehand, for profiles of writing a page's HTML alone. Skipped when the variable is unset.
func BenchmarkWritePagesDir(b *testing.B) {
	g, ins := benchInstruments(b)
	var pages []pageData
	for i, in := range ins {
		r := &Report{in: in, split: true, global: g}
		r.page = r.buildPage()
		r.chartsOnce.Do(func() {}) // no charts
		g.filterLists(r.page)
		if r.buildRows != nil { // a lazy build: the rows built here, kept
			for _, iv := range r.page.Instruments {
				if iv.Name == g.insts[i] {
					r.buildRows(iv)
				}
			}
			r.buildRows = nil
		}
		if err := r.writeInstrumentHTML(g.insts[i], func(d pageData) error {
			pages = append(pages, d)
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	// two buffers per page, taken in turn: a page's rows copy what they wrote before only from
	// the buffer they wrote it into
	bufs := [2][]bytes.Buffer{make([]bytes.Buffer, len(pages)), make([]bytes.Buffer, len(pages))}
	turn := 0
	for b.Loop() {
		for i, d := range pages {
			buf := &bufs[turn][i]
			buf.Reset()
			if err := writePage(buf, d); err != nil {
				b.Fatal(err)
			}
		}
		turn = 1 - turn
	}
}

// benchReportDir is $STANCESHIFT_BENCH_REPORT_DIR; the benchmark is skipped when it is unset.
func benchReportDir(b *testing.B) string {
	dir := os.Getenv("STANCESHIFT_BENCH_REPORT_DIR")
	if dir == "" {
		b.Skip("STANCESHIFT_BENCH_REPORT_DIR is unset")
	}
	return dir
}

// benchInstruments is a streamed build's first pass over the CSV reports in
// $STANCESHIFT_BENCH_REPORT_DIR and every instrument's inputs read from them (its rows and its
// reuse), for the benchmarks of page building and writing.
func benchInstruments(b *testing.B) (*streamIndex, []*inputs) {
	dir := benchReportDir(b)
	g, err := indexInputs(context.Background(), dir, true, nil)
	if err != nil || g == nil {
		b.Fatalf("indexInputs: %v (nil: not split)", err)
	}
	readers, err := g.groupReaders(dir)
	if err != nil {
		b.Fatal(err)
	}
	ins := make([]*inputs, len(g.insts))
	for i := range ins {
		in := &inputs{files: g.files, has: g.has, docs: g.docsOf[i], docScores: g.docScoresOf[i]}
		for _, gr := range readers {
			if err := gr.readGroup(int32(i), in); err != nil {
				b.Fatal(err)
			}
		}
		for _, k := range g.reuseOf[i] {
			in.reuse = append(in.reuse, g.reuse[k])
		}
		ins[i] = in
	}
	return g, ins
}
