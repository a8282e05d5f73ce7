package report

import (
	"context"
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
	dir := os.Getenv("STANCESHIFT_BENCH_REPORT_DIR")
	if dir == "" {
		b.Skip("STANCESHIFT_BENCH_REPORT_DIR is unset")
	}
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
	dir := os.Getenv("STANCESHIFT_BENCH_REPORT_DIR")
	if dir == "" {
		b.Skip("STANCESHIFT_BENCH_REPORT_DIR is unset")
	}
	for b.Loop() {
		if _, err := WriteWith(context.Background(), dir, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndexInputs: the first pass of a streamed build (indexInputs) over the CSV reports in
// $STANCESHIFT_BENCH_REPORT_DIR. Skipped when the variable is unset.
func BenchmarkIndexInputs(b *testing.B) {
	dir := os.Getenv("STANCESHIFT_BENCH_REPORT_DIR")
	if dir == "" {
		b.Skip("STANCESHIFT_BENCH_REPORT_DIR is unset")
	}
	for b.Loop() {
		if _, err := indexInputs(dir, true); err != nil {
			b.Fatal(err)
		}
	}
}
