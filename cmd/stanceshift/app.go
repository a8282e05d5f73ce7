package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/corpus/defaultcorpus"
	"github.com/stanceshift/stanceshift/pipeline/analyze"
	"github.com/stanceshift/stanceshift/pipeline/analyze/entities"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

const mainUsage = `stanceshift reads successive versions of policy drafts, splits them into provisions,
and reports how each provision and each version moves between state-centric and
multistakeholder governance language.

Usage:
  stanceshift run [flags]                 run the pipeline and write reports
  stanceshift corpus validate [PATH]      read and segment a corpus, report problems, write nothing
  stanceshift eval --labels FILE [flags]  compare the stance models with hand labels
  stanceshift agree --labels A --labels B  agreement between two annotators' labels
  stanceshift report [--out DIR]          rebuild report.html and charts from the CSVs in DIR
  stanceshift train-entities --spans F --out DIR   train a statistical entity model
  stanceshift version                     print version information
  stanceshift help [COMMAND]              show help

Examples:
  stanceshift run                                  # the embedded default corpus, reports in ./out
  stanceshift run --corpus drafts/ --out results/  # a directory of <instrument>@<version>.txt files
  stanceshift corpus validate corpus.yaml

Exit codes: 0 ok, 1 failure (or inputs skipped without --keep-going), 2 usage error.
`

// usageError marks errors that should exit with code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Main runs the CLI and returns the exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, stdout, stderr)
	if err == nil {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "stanceshift: %s\nRun 'stanceshift help' for usage.\n", ue.msg)
		return exitUsage
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if !errors.Is(err, errReported) {
		fmt.Fprintf(stderr, "stanceshift: %v\n", err)
	}
	return exitFailure
}

// errReported means the command already told the user what went wrong.
var errReported = errors.New("reported")

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return usageError{"no command given"}
	}
	switch args[0] {
	case "run":
		return cmdRun(ctx, args[1:], stdout, stderr)
	case "corpus":
		if len(args) == 2 && (args[1] == "-h" || args[1] == "-help" || args[1] == "--help") {
			return cmdValidate(ctx, args[1:], stdout, stderr) // its one subcommand's help
		}
		if len(args) < 2 || args[1] != "validate" {
			return usageError{"expected 'corpus validate [PATH]'"}
		}
		return cmdValidate(ctx, args[2:], stdout, stderr)
	case "train-entities":
		return cmdTrainEntities(ctx, args[1:], stdout, stderr)
	case "report":
		return cmdReport(ctx, args[1:], stdout, stderr)
	case "eval":
		return cmdEval(ctx, args[1:], stdout, stderr)
	case "agree":
		return cmdAgree(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		return cmdVersion(args[1:], stdout)
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return dispatch(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, mainUsage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

// newFlagSet returns a flag set that reports errors instead of exiting and prints usage to w.
func newFlagSet(name, usage string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprint(w, usage)
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 { // version and corpus validate have none: no empty "Flags:" heading
			fmt.Fprintln(w, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors and rejecting stray arguments
// beyond maxArgs.
func parseFlags(fs *flag.FlagSet, args []string, maxArgs int) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > maxArgs {
		return usageError{fmt.Sprintf("%s: unexpected argument(s) %s", fs.Name(), strings.Join(fs.Args()[maxArgs:], " "))}
	}
	// An empty --out (an unset shell variable, as in --out "$DIR") would write into the current
	// folder; "." says that on purpose.
	var err error
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "out" && f.Value.String() == "" {
			err = usageError{fmt.Sprintf("%s: --out is empty: expected a folder (use . for the current folder)", fs.Name())}
		}
	})
	return err
}

// newAnalyzer loads the linguistic layer, with the gazetteer at path or the embedded one, and
// the statistical entity model named by model: "" for none, "prose" for prose's built-in model,
// or a folder written by train-entities.
func newAnalyzer(path, model string) (*analyze.Analyzer, error) {
	var g *entities.Gazetteer
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("--gazetteer: %w", err)
		}
		defer f.Close()
		if g, err = entities.Load(f, path); err != nil {
			return nil, err
		}
	}
	var m *entities.Model
	var err error
	switch model {
	case "":
	case "prose":
		m, err = entities.BuiltinModel()
	default:
		m, err = loadEntityModel(model)
	}
	if err != nil {
		return nil, fmt.Errorf("--entity-model: %w", err)
	}
	return analyze.NewWithModel(g, m)
}

// entityModelWant is what --entity-model expects, for its errors.
const entityModelWant = "expected prose (prose's built-in model) or a folder written by 'stanceshift train-entities --out DIR'"

// loadEntityModel loads the model a train-entities run saved in dir, saying what the flag expects
// when dir is not such a folder.
func loadEntityModel(dir string) (*entities.Model, error) {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: no such folder; %s", dir, entityModelWant)
	case err != nil:
		return nil, fmt.Errorf("%w; %s", err, entityModelWant)
	case !st.IsDir():
		return nil, fmt.Errorf("%s is a file; %s", dir, entityModelWant)
	}
	m, err := entities.LoadModel(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is not a model folder (%v); %s", dir, err, entityModelWant)
	}
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, entityModelWant)
	}
	return m, nil
}

// loadCorpus reads the corpus at path, or the embedded default corpus when path is empty. A
// provisions table, read whole to check its rows, stops with ctx and shows its reading on
// progress (newProgress's update; nil for none).
func loadCorpus(ctx context.Context, path string, progress func(stage string, done, total int)) (*corpus.Corpus, error) {
	if path == "" {
		return corpus.LoadManifest(defaultcorpus.FS(), corpus.ManifestName, "embedded")
	}
	var tell func(read, size int64)
	if progress != nil {
		tell = func(read, size int64) { progress(loadStage, int(read>>20), int(size>>20)) }
	}
	c, err := corpus.LoadContext(ctx, path, tell)
	if err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("interrupted while reading %s; nothing was written or changed", path)
	}
	return c, err
}

// loadStage names the reading of a provisions table on the progress display (its count is MiB).
const loadStage = "read table (MiB)"
