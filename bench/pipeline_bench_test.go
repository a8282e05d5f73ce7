package bench

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/pipeline"
	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/pipeline/analyze"
)

// CorpusEnv names the environment variable holding the corpus BenchmarkPipeline reads (a
// directory written by bench/gen, or any path `stanceshift run --corpus` accepts).
const CorpusEnv = "STANCESHIFT_BENCH_CORPUS"

// WorkersEnv optionally sets pipeline.Options.Workers (default: the number of CPUs).
const WorkersEnv = "STANCESHIFT_BENCH_WORKERS"

// HeapProfileEnv, when set to a file name, makes BenchmarkPipeline write a heap profile of what
// is live when pipeline.Stream's first pass is complete and its second begins (after a GC):
// the corpus-wide state (vocabulary, fitted models, reuse candidates) that stays for the whole
// run. Only the first iteration writes it, outside the timer.
const HeapProfileEnv = "STANCESHIFT_BENCH_HEAPPROFILE"

// writeHeapProfile writes the live heap to path.
func writeHeapProfile(path string) error {
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// textBytes sums the sizes of the files under dir/texts (0 when there is no such folder).
func textBytes(dir string) int64 {
	var n int64
	filepath.WalkDir(filepath.Join(dir, "texts"), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(d.Name(), ".txt") {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// BenchmarkPipeline does what `stanceshift run --corpus $STANCESHIFT_BENCH_CORPUS --no-report`
// does: load the corpus, run every stage and write the CSV reports (pipeline.Stream, into a
// temporary directory). It is
// skipped when the variable is unset. Bytes per second are bytes of corpus text.
func BenchmarkPipeline(b *testing.B) {
	path := os.Getenv(CorpusEnv)
	if path == "" {
		b.Skipf("set %s to a corpus written by bench/gen (see bench/README.md)", CorpusEnv)
	}
	workers := 0
	if s := os.Getenv(WorkersEnv); s != "" {
		w, err := strconv.Atoi(s)
		if err != nil || w < 1 {
			b.Fatalf("%s=%q: want a positive integer", WorkersEnv, s)
		}
		workers = w
	}
	an, err := analyze.New(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(textBytes(path))
	out := b.TempDir()
	heap := os.Getenv(HeapProfileEnv)
	ctx := context.Background()
	for b.Loop() {
		c, err := corpus.Load(path)
		if err != nil {
			b.Fatal(err)
		}
		var heapErr error
		progress := func(stage string, done, total int) {
			if heap != "" && strings.HasPrefix(stage, "analyze+score+write") {
				b.StopTimer()
				heapErr = writeHeapProfile(heap)
				heap = ""
				b.StartTimer()
			}
		}
		st, err := pipeline.Stream(ctx, c, out, pipeline.Options{Workers: workers, Analyzer: an, Align: align.DefaultOptions(), Progress: progress})
		if err != nil {
			b.Fatal(err)
		}
		if heapErr != nil {
			b.Fatal(heapErr)
		}
		if len(st.Skipped) > 0 {
			b.Fatalf("%d inputs skipped, first: %v", len(st.Skipped), st.Skipped[0])
		}
	}
}
