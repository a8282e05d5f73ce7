package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/stanceshift/stanceshift/beam/graph"
	"github.com/stanceshift/stanceshift/models/labels"
)

// fileList is a repeatable flag.
type fileList []string

func (f *fileList) String() string     { return strings.Join(*f, ",") }
func (f *fileList) Set(s string) error { *f = append(*f, s); return nil }

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "stanceshift-beam:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stdout io.Writer) error {
	corpusPath := flag.String("corpus", "", "corpus `PATH`: a DIR with corpus.yaml or <instrument>@<version>.txt drafts, a corpus.yaml, or a provisions table (.csv, .jsonl); required")
	files := flag.String("files", "", "where the workers find the corpus directory (or the provisions table), when not at --corpus (e.g. gs://bucket/corpus or gs://bucket/provisions.csv: a copy of it)")
	out := flag.String("out", "", "output `DIR` (or a gs:// prefix on Dataflow) for the report shards; required")
	shards := flag.Int("shards", graph.DefaultShards, "shard files per report")
	merge := flag.Bool("merge", true, "after a run with a local --out, join each report's shards into <report>.csv (rows sorted bytewise)")
	var labelFiles fileList
	flag.Var(&labelFiles, "hand-labels", "hand labels `CSV` (provision_id, stance, ...) to train the classifier on, labels of splits test and heldout excepted (or the manifest's labels:); repeat to merge several files: `stanceshift run --labels` (Beam's own --labels are Dataflow job labels)")
	dict := flag.String("dictionary", "", "stance and concept dictionary `YAML` replacing the embedded one (or the manifest's dictionary:), as for `stanceshift run`")
	keepGoing := flag.Bool("keep-going", false, "exit 0 even when some inputs were skipped (they are listed in errors.csv), as for `stanceshift run`")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run (Prism runs in this process) to `FILE`")
	flag.Parse()
	beam.Init() // a worker binary started by a runner does not return from here

	if *corpusPath == "" || *out == "" {
		flag.Usage()
		return fmt.Errorf("--corpus and --out are required")
	}
	if *shards < 1 {
		return fmt.Errorf("--shards must be at least 1, got %d", *shards)
	}
	local := !strings.Contains(*out, "://")
	if local {
		abs, err := filepath.Abs(*out)
		if err != nil {
			return err
		}
		*out = abs
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	plan, err := graph.NewPlan(*corpusPath, *files)
	if err != nil {
		return err
	}
	if len(labelFiles) > 0 {
		ls, err := labels.ReadFiles(labelFiles...)
		if err != nil {
			return err
		}
		plan.SetLabels(ls)
	}
	if *dict != "" {
		b, err := os.ReadFile(*dict)
		if err != nil {
			return err
		}
		if err := plan.SetDictionary(b, *dict); err != nil {
			return err
		}
	}
	if local { // once the inputs are known to be readable: a bad one leaves no folder behind
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return err
		}
	}
	p, s := beam.NewPipelineWithRoot()
	graph.Build(s, plan, graph.Config{Out: *out, Shards: *shards})
	if err := beamx.Run(ctx, p); err != nil {
		return err
	}
	if !local || !*merge {
		fmt.Fprintf(stdout, "stanceshift-beam: %d documents; report shards in %s\n", len(plan.Docs), *out)
		return nil
	}
	names, err := graph.Merge(ctx, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "stanceshift-beam: %d documents; %d reports in %s\n", len(plan.Docs), len(names), *out)
	if slices.Contains(names, "errors.csv") && !*keepGoing {
		b, err := os.ReadFile(filepath.Join(*out, "errors.csv"))
		if err != nil {
			return err
		}
		return fmt.Errorf("%d input(s) skipped (see %s); use --keep-going to exit 0 anyway",
			len(graph.SplitRecords(b))-1, filepath.Join(*out, "errors.csv"))
	}
	return nil
}
