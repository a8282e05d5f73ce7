package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/pipeline/analyze"
	"github.com/stanceshift/stanceshift/pipeline/reuse"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
	"github.com/stanceshift/stanceshift/results"
)

// Options configure a run.
type Options struct {
	// Workers is the number of documents processed at once; 0 means runtime.NumCPU().
	Workers int
	// Strict stops the run at the first input error instead of skipping the input.
	Strict bool
	// Analyzer runs the linguistic layer; nil means one with the default models.
	Analyzer *analyze.Analyzer
	// TFIDF configures the TF-IDF vectors; the zero value means TFIDFOptions(TFIDFDefault).
	TFIDF *vectorize.Options
	// Align configures the alignment of versions.
	Align align.Options
	// Reuse and Echo configure the text-reuse stage (zero values: the defaults).
	Reuse reuse.Options
	Echo  reuse.EchoOptions
	// Stance configures the stance models.
	Stance StanceOptions
	// Progress, when set, is called with done 0 when a stage starts and again each time it has
	// done more of its total (from one goroutine at a time, done rising to total). The stage
	// names what it counts in parentheses: "read+analyze (documents)", "analyze+score+write
	// (provisions)", "align (version pairs)".
	Progress func(stage string, done, total int)
	// ReleaseTokens drops each provision's part-of-speech tags once the key phrases are found
	// and its tokens once the stance models have scored it (the last stages that read them), so
	// the reports are written from a smaller heap; sentences and entities stay. The CLI's run
	// sets it; leave it unset to inspect tokens after Run or to Evaluate the Result.
	ReleaseTokens bool
	// EmitMatrix makes Stream also write the TF-IDF matrix (WriteMatrix's three files); Run
	// ignores it (call Result.WriteMatrix).
	EmitMatrix bool
}

// Result is what a run produced, in deterministic order.
type Result struct {
	Corpus *corpus.Corpus
	// Docs are the documents read, ordered by instrument name, then version order.
	Docs []*DocResult
	// Skipped holds one error per input that could not be read (corpus loading errors first).
	Skipped []error
	// Warnings holds problems that did not stop an input (corpus loading warnings first).
	Warnings []corpus.Warning
	// Inputs are the files read, with their hashes (manifest or table first, then documents).
	Inputs []results.Input
	Stages []results.Stage
	// Vocabulary is the corpus-wide vocabulary (after Vectorize).
	Vocabulary *vectorize.Vocabulary
	// Versions are the aligned consecutive versions of each instrument (after Align).
	Versions []VersionPair
	// Scores are the stance models' scores, by model name (after Stance).
	Scores []ModelScores
	// Concepts[d][i] are the concept mentions of Docs[d].Provisions[i] (after Stance).
	Concepts [][][]ConceptMention
	// ShiftBand is the dead band used for shift directions.
	ShiftBand float64
	// Reused are the passages shared across instruments; Echoes the reference provisions and
	// whether later documents echo them (after Reuse).
	Reused []reuse.Reuse
	Echoes []reuse.Echo

	texts    [][]models.Text // the models' view of every provision, built once (modelTexts)
	progress func(stage string, done, total int)
}

// stageProgress starts a stage of total items: it reports done 0, and returns the done-callback
// of forEach for the stage (nil without Options.Progress).
func (r *Result) stageProgress(stage string, total int) func(int) {
	if r.progress == nil {
		return nil
	}
	r.progress(stage, 0, total)
	return func(done int) { r.progress(stage, done, total) }
}

// ErrStrict wraps the first input error when Options.Strict is set.
var ErrStrict = errors.New("stopped at the first input error (--strict)")

// Run reads and segments every document of c. It returns an error only when the run as a whole
// cannot go on: ctx cancelled, or an input error under Options.Strict.
func Run(ctx context.Context, c *corpus.Corpus, opt Options) (*Result, error) {
	res, an, err := begin(c, opt)
	if err != nil {
		return res, err
	}

	start := time.Now()
	docs := orderedDocs(c)
	out := make([]*DocResult, len(docs))
	errs, err := res.readStage(ctx, docs, opt, an, func(i int, r *DocResult) { out[i] = r })
	if err != nil {
		return res, err
	}
	for i, r := range out {
		if errs[i] != nil {
			res.Skipped = append(res.Skipped, errs[i])
			continue
		}
		res.Docs = append(res.Docs, r)
		res.Warnings = append(res.Warnings, r.Warnings...)
		if c.Kind != corpus.KindTable {
			res.Inputs = append(res.Inputs, results.Input{Path: r.SourcePath, SHA256: r.SourceSHA256, Bytes: r.Bytes})
		}
	}
	res.Stages = append(res.Stages, results.Stage{Name: "segment+analyze", Seconds: time.Since(start).Seconds(), Items: len(docs)})

	tf := opt.TFIDF
	if tf == nil {
		o, _ := TFIDFOptions(TFIDFDefault)
		tf = &o
	}
	if err := res.Vectorize(ctx, *tf, opt.workers()); err != nil {
		return res, err
	}
	if err := res.Keyphrases(ctx, *tf, opt.workers()); err != nil {
		return res, err
	}
	if opt.ReleaseTokens {
		res.release(false)
	}
	if err := res.Align(ctx, opt.Align, opt.workers()); err != nil {
		return res, err
	}
	ro := opt.Reuse
	if ro.Workers == 0 {
		ro.Workers = opt.workers()
	}
	if err := res.Reuse(ctx, ro, opt.Echo); err != nil {
		return res, err
	}
	if err := res.Stance(ctx, opt.Stance, *tf, opt.workers()); err != nil {
		return res, err
	}
	if opt.ReleaseTokens {
		res.release(true)
	}
	return res, nil
}

// release drops every provision's tags, and its tokens too when tokens is set (Options.ReleaseTokens).
func (r *Result) release(tokens bool) {
	for _, d := range r.Docs {
		for i := range d.Analyses {
			d.Analyses[i].Tags = nil
			if tokens {
				d.Analyses[i].Tokens = nil
			}
		}
	}
	if tokens {
		r.texts = nil
	}
}

func (o Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.NumCPU()
}

// orderedDocs lists the corpus's documents by instrument, then version order.
func orderedDocs(c *corpus.Corpus) []*corpus.Document {
	var docs []*corpus.Document
	for _, inst := range corpus.Instruments(c.Documents) {
		docs = append(docs, inst.Versions...)
	}
	return docs
}

// begin starts a Result of c: the corpus's skipped inputs and warnings, the manifest's or
// table's hash, and the analyzer (opt's, or one with the default models), ready.
func begin(c *corpus.Corpus, opt Options) (*Result, *analyze.Analyzer, error) {
	res := &Result{Corpus: c, Warnings: append([]corpus.Warning(nil), c.Warnings...), progress: opt.Progress}
	res.Skipped = append(res.Skipped, c.Skipped...)
	if opt.Strict && len(res.Skipped) > 0 {
		return res, nil, fmt.Errorf("pipeline: %w: %w", ErrStrict, res.Skipped[0])
	}
	if err := res.hashInputs(); err != nil {
		if opt.Strict {
			return res, nil, fmt.Errorf("pipeline: %w: %w", ErrStrict, err)
		}
		res.Skipped = append(res.Skipped, err)
	}
	an := opt.Analyzer
	if an == nil {
		var err error
		if an, err = analyze.New(nil); err != nil {
			return res, nil, fmt.Errorf("pipeline: %w", err)
		}
	}
	if err := an.Ready(); err != nil {
		return res, nil, fmt.Errorf("pipeline: %w", err)
	}
	return res, an, nil
}

// readStage is Run's per-document stage over docs, on opt's workers: each document read,
// segmented, its words counted and analysed with an, then handed to keep (from the worker that
// read it). It returns each document's input error (nil when read) and the error that stopped
// the stage: ctx's, or under opt.Strict the first input error.
func (res *Result) readStage(ctx context.Context, docs []*corpus.Document, opt Options, an *analyze.Analyzer,
	keep func(i int, r *DocResult)) ([]error, error) {
	c := res.Corpus
	errs := make([]error, len(docs))
	err := forEach(ctx, len(docs), opt.workers(), func(i int) error {
		r, err := readOne(c, docs[i], res.tableSHA())
		if err != nil {
			errs[i] = err
			if opt.Strict {
				return fmt.Errorf("pipeline: %w: %w", ErrStrict, err)
			}
			return nil
		}
		r.count()
		r.Analyze(an)
		keep(i, r)
		return nil
	}, res.stageProgress("segment+analyze (documents)", len(docs)))
	return errs, err
}

// readOne reads d as ReadDocument or PresplitDocument do, but leaves the word counts
// (ProvisionWords, Words) to the caller's count: Stream's first pass, which reads every
// document once more in its second, has no use for them (CountWords was a quarter of the
// reading's CPU).
func readOne(c *corpus.Corpus, d *corpus.Document, tableSHA string) (*DocResult, error) {
	if c.Kind == corpus.KindTable {
		return presplitDocument(d, c.Root, tableSHA)
	}
	raw, err := c.ReadFile(d.Path)
	if err != nil {
		return nil, err
	}
	return readDocument(d, c.DisplayPath(d.Path), raw)
}

// hashInputs records the manifest or table file itself.
func (r *Result) hashInputs() error {
	c := r.Corpus
	for _, in := range c.Inputs {
		var b []byte
		var err error
		if d, ok := c.Digests[in]; ok { // a table, hashed as it was read; its path as given
			r.Inputs = append(r.Inputs, results.Input{Path: in, SHA256: d.SHA256, Bytes: int(d.Bytes)})
			continue
		}
		if b, err = c.ReadFile(in); err != nil {
			return err
		}
		r.Inputs = append(r.Inputs, results.Input{Path: c.DisplayPath(in), SHA256: hashHex(b), Bytes: len(b)})
	}
	return nil
}

func (r *Result) tableSHA() string {
	if r.Corpus.Kind == corpus.KindTable && len(r.Inputs) > 0 {
		return r.Inputs[0].SHA256
	}
	return ""
}

// forEach runs fn(0..n-1) on up to workers goroutines. It stops early when ctx is cancelled or fn
// returns an error, and returns that error. done, when set, is called with the count of finished
// items, serialised.
func forEach(ctx context.Context, n, workers int, fn func(i int) error, done func(int)) error {
	if workers > n {
		workers = n
	}
	if workers < 1 {
		workers = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	var (
		mu       sync.Mutex
		finished int
		first    error
		wg       sync.WaitGroup
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				err := fn(i)
				mu.Lock()
				finished++
				if err != nil && first == nil {
					first = err
					cancel()
				}
				if done != nil {
					done(finished)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}
