package pipeline

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/dictionary"
	"github.com/stanceshift/stanceshift/models/lss"
	"github.com/stanceshift/stanceshift/models/wordscores"
	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/pipeline/analyze"
	"github.com/stanceshift/stanceshift/pipeline/analyze/postag"
	"github.com/stanceshift/stanceshift/pipeline/reuse"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
	"github.com/stanceshift/stanceshift/results"
)

// Streamed is what Stream reports about a run besides the files it wrote.
type Streamed struct {
	// Inputs, Skipped, Warnings and Stages are as in Result.
	Inputs   []results.Input
	Skipped  []error
	Warnings []corpus.Warning
	Stages   []results.Stage
	// Counts are Result.Counts of the same run.
	Counts map[string]int
	// Reports are the CSV files written, in WriteReports' order.
	Reports []string
}

// Stream runs the pipeline and writes the CSV reports into dir, as Run followed by
// Result.WriteReports does, byte for byte, but in memory that does not grow with the corpus's
// text: no stage holds every document's analysis at once.
//
//  1. First pass, per document (map): read, segment, tokenise and split sentences (no tags
//     or entities: analyze.Analyzer.Tokens); keep only what the corpus-wide
//     reductions need: the document frequencies (vocabulary), the LSS sentences (as word
//     numbers, in a temporary file), the Wordscores counts of each document,
//     the labelled provisions' texts (classifier) and the reference documents' provisions
//     (echoes); the reuse postings (shingle hash, provision) go to temporary files, one per
//     range of hashes (shingleSpill). The analysis is then dropped.
//  2. Reductions (corpus-wide): the vocabulary and IDF; the LSS, classifier and Wordscores fits
//     (with Wordscores' rescaled document scores); the reuse candidate pairs, from one file of
//     postings per worker at a time (reuse.CandidatesOfPostings); the files are then removed.
//  3. Second pass, per instrument (group): read and analyse the instrument's documents again,
//     then TF-IDF rows, key phrases, alignment, concepts and scores, and the rows of every
//     per-instrument report, appended to the report files in instrument order; the candidate
//     provisions of reuse are kept in a reduced form (reuse.Prepared).
//  4. Reuse pairs are aligned; the corpus-wide reports (terms, reuse, references, warnings,
//     errors) are written; every file is renamed into place only when all are complete.
//
// Tokenisation runs twice: the price of flat memory. Warnings come from the second pass, in
// Run's order. One case differs from Run by design: when the tagger or the entity recogniser
// fails on a provision (an internal error, reported as a warning), Run drops that provision's
// tokens everywhere, while Stream's corpus-wide statistics (vocabulary, LSS sample, reuse
// shingles) still hold them. A document whose bytes change between the two passes stops the
// run with an error. On error or cancellation no report file is changed.
// Options.ReleaseTokens has no effect (nothing is kept); with Options.EmitMatrix it also writes
// Result.WriteMatrix's three files, streamed too, and without it removes those an earlier run
// left in dir (as it removes an earlier errors.csv), so that dir describes this run only.
func Stream(ctx context.Context, c *corpus.Corpus, dir string, opt Options) (*Streamed, error) {
	st := &streamer{c: c, opt: opt, out: &Streamed{}}
	res := &Result{Corpus: c, Warnings: append([]corpus.Warning(nil), c.Warnings...), progress: opt.Progress}
	res.Skipped = append(res.Skipped, c.Skipped...)
	st.res = res
	err := st.run(ctx, dir)
	out := st.out
	out.Inputs, out.Skipped, out.Warnings, out.Stages = res.Inputs, res.Skipped, res.Warnings, res.Stages
	return out, err
}

// streamer holds a streamed run's corpus-wide state: the reductions and fitted models.
type streamer struct {
	c   *corpus.Corpus
	opt Options
	out *Streamed
	res *Result // the corpus-wide Result: inputs, skipped, warnings, vocabulary, reuse, echoes

	an       *analyze.Analyzer
	tf       vectorize.Options
	workers  int
	docs     []*streamDoc // the documents read, in Run's order
	wordIDF  func(string) float64
	lssWords lssWords

	dict     *dictionary.Model
	scorers  []models.Scorer // dictionary, lss, classifier as fitted, in Stance's order
	ws       *wordscores.Model
	wsScores ModelScores // Wordscores' document scores and rescalings, by index in docs
	band     float64
	// fitWarnings follow the documents' warnings, as in Run.
	fitWarnings []corpus.Warning

	reuseOpt reuse.Options
	spill    *shingleSpill     // the first pass's reuse postings, until the candidate search
	read     *blobFile         // what the first pass read of each document (appendDocBlob), for the second
	firstOf  []int             // by orderedDocs index: the global index of its first provision (-1: skipped)
	needed   []bool            // by global provision index: a provision of a candidate pair
	prepared []*reuse.Prepared // by global provision index, filled in the second pass
	pairs    [][2]int
	refs     []reuse.Provision // the reference documents' provisions (echoes)
	echoes   [][]reuse.Echo    // by document

	// eval, when set, makes the first pass EvaluateCorpus's: it keeps only what eval needs.
	eval *streamEval
}

// streamEval is what EvaluateCorpus's first pass keeps: the vocabulary, the LSS sentences when
// lss is set, and the texts of the labelled provisions; nothing for a second pass (no read
// file, reuse postings or Wordscores counts).
type streamEval struct {
	labelled map[string]bool
	lss      bool
}

// streamDoc is what the first pass keeps of a document.
type streamDoc struct {
	doc      *corpus.Document
	sha      string
	first    int // global index of its first provision
	nprov    int
	newToks  int  // token texts first seen in its version run (tokenIDs): wordTerms' size hint
	lssN     int  // LSS sentences
	lss      blob // their terms, packed (lssWords.pack), in the spill's blob file
	read     blob // its text, provisions, reading warnings and analysed sentences (appendDocBlob), in the streamer's read file
	wsCounts wordscores.Counts
	labelled []models.Text
	refs     []reuse.Provision
	warnings []corpus.Warning // the second pass's (reading and the whole analysis)
	input    results.Input
}

func (s *streamer) run(ctx context.Context, dir string) error {
	opt, res := s.opt, s.res
	if err := s.setup(); err != nil {
		return err
	}
	spill, err := newShingleSpill()
	if err != nil {
		return err
	}
	s.spill = spill
	defer spill.close()
	if s.read, err = newBlobFile("", "read documents"); err != nil {
		return err
	}
	defer s.read.close()
	start := time.Now()
	if err := s.firstPass(ctx); err != nil {
		return err
	}
	res.Stages = append(res.Stages, results.Stage{Name: "read+analyze+reduce", Seconds: time.Since(start).Seconds(), Items: len(s.docs)})

	start = time.Now()
	if err := s.an.Ready(); err != nil { // the tagger loaded beside the first pass
		return fmt.Errorf("pipeline: %w", err)
	}
	if err := s.fit(ctx); err != nil {
		return err
	}
	fitted := len(s.scorers)
	if s.ws != nil {
		fitted++
	}
	res.Stages = append(res.Stages, results.Stage{Name: "fit", Seconds: time.Since(start).Seconds(), Items: fitted})

	specs := reportSpecs(len(res.Skipped) > 0)
	sinks := make([]reportSink, len(specs))
	defer func() {
		for _, k := range sinks {
			if k != nil {
				k.abort() // not committed: an error or a cancellation
			}
		}
	}()
	for i, sp := range specs {
		k, err := sp.open(dir)
		if err != nil {
			return err
		}
		sinks[i] = k
	}
	var matrix *matrixSink
	if opt.EmitMatrix {
		if matrix, err = newMatrixSink(dir); err != nil {
			return err
		}
		defer matrix.abort()
	}

	start = time.Now()
	insts := s.instruments()
	s.echoes = make([][]reuse.Echo, len(s.docs))
	// The second pass counts provisions, an instrument's all at once as its rows are written:
	// a run's time goes with its provisions, not its instruments, which range from a few to
	// hundreds of provisions.
	instProvs := make([]int, len(insts))
	totalProvs := 0
	for i, idx := range insts {
		for _, d := range idx {
			instProvs[i] += s.docs[d].nprov
		}
		totalProvs += instProvs[i]
	}
	progress := res.stageProgress("analyze+score+write (provisions)", totalProvs)
	done := 0
	// The workers build and encode each instrument's rows; the consumer only appends the bytes
	// to the files, in instrument order (it was a serial 11% of the CPU when it built the rows).
	// The buffers go back to a free list per report once written, which outlives garbage
	// collections, as a sync.Pool does not (a 10MB run collects about 60 times): growing the
	// buffers again was 8% of the run's allocation (125 of 1,530 MB), and the collections that
	// allocation causes cost more CPU with two workers than with one. One list per report, so
	// that a buffer comes back at its report's size; each keeps at most two buffers per worker,
	// of at most keptBufferMax bytes each, so what the lists hold stays bounded whatever the
	// largest instrument.
	type encoded struct {
		part *Result
		rows []*bytes.Buffer // per spec; nil for corpus-wide reports
	}
	free := make([]chan *bytes.Buffer, len(specs))
	for k := range free {
		free[k] = make(chan *bytes.Buffer, 2*s.workers)
	}
	if err := orderedEach(ctx, len(insts), s.workers, func(i int) (encoded, error) {
		part, err := s.instrument(ctx, insts[i])
		if err != nil {
			return encoded{}, err
		}
		e := encoded{rows: make([]*bytes.Buffer, len(specs))}
		if matrix != nil {
			e.part = part // only the matrix sink reads it in order; otherwise let it go now
		}
		for k, sp := range specs {
			if sp.perInstrument {
				var b *bytes.Buffer
				select {
				case b = <-free[k]:
				default:
					b = new(bytes.Buffer)
				}
				e.rows[k] = b
				if err := sinks[k].encode(part, b); err != nil {
					return encoded{}, fmt.Errorf("pipeline: %s: %w", sp.name, err)
				}
			}
		}
		return e, nil
	}, func(i int, e encoded) error {
		for k, sp := range specs {
			if sp.perInstrument {
				if err := sinks[k].addEncoded(e.rows[k].Bytes()); err != nil {
					return err
				}
				e.rows[k].Reset()
				if e.rows[k].Cap() <= keptBufferMax {
					select {
					case free[k] <- e.rows[k]:
					default: // the list is full: let it go
					}
				}
			}
		}
		if matrix != nil {
			if err := matrix.add(e.part); err != nil {
				return err
			}
		}
		done += instProvs[i]
		if progress != nil && instProvs[i] > 0 {
			progress(done)
		}
		return nil
	}); err != nil {
		return err
	}
	res.Stages = append(res.Stages, results.Stage{Name: "analyze+score+write", Seconds: time.Since(start).Seconds(), Items: len(insts)})
	// The per-instrument reports are complete: their bytes go to disk while the reuse pairs are
	// aligned. The sync is the disk's time, not a CPU's; at the end, one file after another, it
	// was a serial 0.24 s of every run of the 10MB bench corpus (80 MB of reports). The wait
	// is deferred after the sinks' abort, so it runs first: no file is closed under a sync.
	var synced sync.WaitGroup
	var syncErr error
	synced.Go(func() { syncErr = syncSinks(sinks, specs, true) })
	defer synced.Wait()

	for _, d := range s.docs {
		res.Warnings = append(res.Warnings, d.warnings...)
		d.warnings = nil
	}
	res.Warnings = append(res.Warnings, s.fitWarnings...)

	start = time.Now()
	res.Reused = reuse.AlignCandidates(s.pairs, func(i int) *reuse.Prepared { return s.prepared[i] }, s.reuseOpt)
	s.prepared = nil
	res.Echoes = s.sortedEchoes()
	res.Stages = append(res.Stages, results.Stage{Name: "reuse", Seconds: time.Since(start).Seconds(), Items: len(res.Reused)})
	if err := ctx.Err(); err != nil {
		return err
	}

	for k, sp := range specs {
		if !sp.perInstrument {
			if err := sinks[k].add(ctx, res); err != nil {
				return err
			}
		}
	}
	if len(res.Skipped) == 0 {
		if err := results.Remove(dir, "errors.csv"); err != nil {
			return err
		}
	}
	synced.Wait()
	if syncErr != nil {
		return syncErr
	}
	if err := syncSinks(sinks, specs, false); err != nil {
		return err
	}
	for k, sp := range specs {
		err := sinks[k].commit(ctx)
		sinks[k] = nil
		if err != nil {
			return err
		}
		s.out.Reports = append(s.out.Reports, sp.name)
	}
	if matrix != nil {
		names, err := matrix.commit(ctx, res.Vocabulary)
		s.out.Reports = append(s.out.Reports, names...)
		if err != nil {
			return err
		}
	} else {
		// A matrix left by an earlier run with EmitMatrix would describe other CSVs.
		for _, name := range matrixFiles {
			if err := results.Remove(dir, name); err != nil {
				return err
			}
		}
	}
	s.out.Counts = s.counts()
	return nil
}

// setup checks the inputs as Run does (strict mode, their hashes) and sets from s.opt what every
// pass needs: the analyser, TF-IDF options, workers, dictionary, reuse options and shift band.
func (s *streamer) setup() error {
	opt, res := s.opt, s.res
	if opt.Strict && len(res.Skipped) > 0 {
		return fmt.Errorf("pipeline: %w: %w", ErrStrict, res.Skipped[0])
	}
	if err := res.hashInputs(); err != nil {
		if opt.Strict {
			return fmt.Errorf("pipeline: %w: %w", ErrStrict, err)
		}
		res.Skipped = append(res.Skipped, err)
	}
	s.an = opt.Analyzer
	if s.an == nil {
		var err error
		if s.an, err = analyze.New(nil); err != nil {
			return fmt.Errorf("pipeline: %w", err)
		}
	}
	s.tf, _ = TFIDFOptions(TFIDFDefault)
	if opt.TFIDF != nil {
		s.tf = *opt.TFIDF
	}
	s.workers = opt.workers()
	s.dict = opt.Stance.Dictionary
	if s.dict == nil {
		s.dict = dictionary.Default()
	}
	s.reuseOpt = opt.Reuse
	if s.reuseOpt.Workers == 0 {
		s.reuseOpt.Workers = s.workers
	}
	s.band = opt.Stance.ShiftBand
	if s.band <= 0 {
		s.band = DefaultShiftBand
	}
	return nil
}

// syncSinks syncs the sinks of the per-instrument reports (perInstrument) or of the others, all
// at once (fsync waits on the disk, which can take the files together), and returns the first
// error in the specs' order.
func syncSinks(sinks []reportSink, specs []reportSpec, perInstrument bool) error {
	errs := make([]error, len(specs))
	var wg sync.WaitGroup
	for k, sp := range specs {
		if sp.perInstrument == perInstrument && sinks[k] != nil {
			wg.Go(func() { errs[k] = sinks[k].sync() })
		}
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// versionRuns cuts docs (in corpus order) into runs [lo, hi) of consecutive documents of one
// instrument, each at most a 1/(8 x workers) share of the documents long (at least one), so
// that the runs still spread evenly over the workers.
func versionRuns(docs []*corpus.Document, workers int) [][2]int {
	limit := max(1, len(docs)/(8*max(1, workers)))
	var runs [][2]int
	for i, d := range docs {
		if n := len(runs); n > 0 && runs[n-1][1]-runs[n-1][0] < limit && docs[i-1].Instrument == d.Instrument {
			runs[n-1][1] = i + 1
			continue
		}
		runs = append(runs, [2]int{i, i + 1})
	}
	return runs
}

// firstPass reads and analyses every document and keeps what the reductions need.
func (s *streamer) firstPass(ctx context.Context) error {
	opt, res := s.opt, s.res
	so := opt.Stance
	auto := len(so.Models) == 0
	wantModel := func(name string) bool { return auto || slices.Contains(so.Models, name) }
	wantLSS := wantModel(models.NameLSS)
	// Wordscores' counts are kept only when the corpus can have two distinct reference positions
	// (fit checks the documents actually read, with Run's error).
	var pos []float64
	for _, d := range s.c.Documents {
		if d.Position != nil {
			pos = append(pos, *d.Position)
		}
	}
	wantWS := wantModel(models.NameWordscores) && checkPositions(pos) == nil
	labelled := map[string]bool{}
	if wantModel(models.NameClassifier) {
		for _, l := range so.Labels {
			labelled[l.ProvisionID] = true
		}
	}
	if s.eval != nil {
		wantLSS, wantWS, labelled = s.eval.lss, false, s.eval.labelled
	}

	s.lssWords.ids = map[string]uint32{}
	docs := orderedDocs(s.c)
	out := make([]*streamDoc, len(docs))
	errs := make([]error, len(docs))
	accs := make(chan *vectorize.DFAccumulator, s.workers)
	for range s.workers {
		accs <- vectorize.NewDF()
	}
	tableSHA := res.tableSHA()
	one := func(i int, memo *analysisMemo, toks *tokenIDs, words *wordTerms, lssRun *lssRun, run *reuseRun, scratch *[]byte) error {
		d, err := readOne(s.c, docs[i], tableSHA)
		if err != nil {
			errs[i] = err
			if opt.Strict {
				return fmt.Errorf("pipeline: %w: %w", ErrStrict, err)
			}
			return nil
		}
		// tokens and sentences: the tags and entities are for the second pass, which takes the
		// document as read and the texts analysed here from the read file
		readWarns := d.Warnings[:len(d.Warnings):len(d.Warnings)]
		var analysed []string
		tokens := toks.analysis(s.an)
		seen := len(toks.texts)
		d.analyzeMemo(func(text string) (analyze.Provision, []int32, error) {
			p, nums, err := tokens(text)
			if err == nil {
				analysed = append(analysed, text)
			}
			return p, nums, err
		}, memo)
		sd := &streamDoc{doc: d.Doc, sha: d.SourceSHA256, nprov: len(d.Provisions), newToks: len(toks.texts) - seen,
			input: results.Input{Path: d.SourcePath, SHA256: d.SourceSHA256, Bytes: d.Bytes}}
		if s.read != nil {
			*scratch = appendDocBlob((*scratch)[:0], d, readWarns, analysed)
			sd.read = s.read.add(*scratch)
		}
		words.addDF(d, toks)
		if wantLSS {
			var packed []byte
			sd.lssN, packed = s.lssWords.pack(d, toks, lssRun)
			sd.lss = s.spill.addBlob(packed)
		}
		if s.eval != nil {
			for _, t := range DocTexts(d) {
				if labelled[t.ID] {
					sd.labelled = append(sd.labelled, t)
				}
			}
			out[i] = sd
			return nil
		}
		rp := ReuseProvisions(d)
		shingles := make([][]uint64, len(rp))
		run.shingles.next(len(rp))
		for j := range rp {
			if j < len(d.tokenNums) { // rp[j].Words are d.Analyses[j].Tokens
				hs, ok := run.shingles.get(d, j)
				if !ok {
					hs = reuse.ShinglesNumbered(&rp[j], s.reuseOpt, d.tokenNums[j], &run.reuseKeys)
					run.shingles.put(j, hs)
				}
				shingles[j] = hs
			} else {
				shingles[j] = reuse.Shingles(&rp[j], s.reuseOpt)
			}
		}
		s.spill.add(i, shingles)
		if d.Doc.Role == "reference" {
			sd.refs = rp
		}
		if wantWS {
			sd.wsCounts, _ = wordscoreCounts(d, words.docTerms(d, toks))
		}
		if len(labelled) > 0 {
			for _, t := range DocTexts(d) {
				if labelled[t.ID] {
					sd.labelled = append(sd.labelled, t)
				}
			}
		}
		out[i] = sd
		return nil
	}
	// A worker takes a run of consecutive versions of one instrument at a time, so that each
	// version after the first shares the previous one's analyses (analysisMemo).
	runs := versionRuns(docs, s.workers)
	// Progress counts documents one at a time, in the order they finish: a run's documents as
	// each is done, not the run at its end (a count read after another worker's run had moved
	// it on skipped numbers, and the progress display must see each count once).
	var (
		progressMu sync.Mutex
		analysed   int
	)
	progress := res.stageProgress("read+analyze (documents)", len(docs))
	// A worker's run state is taken over by its next run, emptied (firstRun.reset): its maps and
	// slices keep their room instead of growing again from nothing for every run.
	states := make(chan *firstRun, s.workers)
	for range s.workers {
		states <- &firstRun{words: newWordTerms(s.tf, nil)}
	}
	if err := forEach(ctx, len(runs), s.workers, func(k int) error {
		st := <-states
		defer func() { states <- st }()
		st.reset()
		for i := runs[k][0]; i < runs[k][1]; i++ {
			if err := one(i, &st.memo, &st.toks, st.words, &st.lss, &st.reuse, &st.scratch); err != nil {
				return err
			}
			if progress != nil {
				progressMu.Lock()
				analysed++
				progress(analysed)
				progressMu.Unlock()
			}
		}
		acc := <-accs // the run's document frequencies, counted by words
		st.words.addDFTo(acc)
		accs <- acc
		return nil
	}, nil); err != nil {
		return err
	}
	if err := s.spill.flush(); err != nil {
		return err
	}
	if s.read != nil {
		if err := s.read.flush(); err != nil {
			return err
		}
	}
	first := 0
	s.firstOf = make([]int, len(out))
	for i, sd := range out {
		if errs[i] != nil {
			res.Skipped = append(res.Skipped, errs[i])
			s.firstOf[i] = -1
			continue
		}
		s.firstOf[i] = first
		sd.first = first
		first += sd.nprov
		s.docs = append(s.docs, sd)
		if s.c.Kind != corpus.KindTable {
			res.Inputs = append(res.Inputs, sd.input)
		}
	}
	acc := vectorize.NewDF()
	for range s.workers {
		acc.Merge(<-accs)
	}
	res.Vocabulary = acc.Extract(s.tf)
	res.Vocabulary.BuildIndex()
	s.wordIDF = WordIDF(res.Vocabulary, s.tf)
	return nil
}

// fit runs the corpus-wide reductions that need the first pass complete: the stance models
// (as Result.Stance fits them, with the same warnings and errors) and the reuse candidates.
func (s *streamer) fit(ctx context.Context) (err error) {
	so, res := s.opt.Stance, s.res
	// Reuse candidates come from the spilled postings alone: they are gathered beside the model
	// fits (mostly serial map and sort work beside the LSS fit's parallel products).
	cands := make(chan error, 1)
	go func() { cands <- s.reuseCandidates(ctx) }()
	defer func() {
		if cerr := <-cands; err == nil {
			err = cerr
		}
		s.spill.close()
	}()
	auto := len(so.Models) == 0
	want := func(name string) bool { return auto || slices.Contains(so.Models, name) }
	if want(models.NameDictionary) {
		s.scorers = append(s.scorers, s.dict)
	}
	// The models with a fit count on the progress display: a fit takes seconds on an archive
	// corpus (LSS's 6.5 s at 1 GB), the classifier's cross-validation longer.
	fits := 0
	for _, name := range []string{models.NameLSS, models.NameClassifier, models.NameWordscores} {
		if want(name) {
			fits++
		}
	}
	var progress func(int)
	if fits > 0 {
		progress = res.stageProgress("fit (models)", fits)
	}
	fitted := 0
	fitDone := func() {
		if fitted++; progress != nil {
			progress(fitted)
		}
	}
	if want(models.NameLSS) {
		sample, err := s.lssSample(so.LSSMaxSentences)
		if err != nil {
			return err
		}
		m, err := FitLSSNumbered(ctx, s.lssWords.words, sample, s.dict, so.LSSDims, s.workers)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err == nil:
			s.scorers = append(s.scorers, m)
		case auto:
			s.fitWarnings = append(s.fitWarnings, corpus.Warning{Msg: fmt.Sprintf("lss not run: %v", err)})
		default:
			return fmt.Errorf("pipeline: lss: %w", err)
		}
		fitDone()
	}
	s.lssWords = lssWords{}
	if want(models.NameClassifier) {
		var texts []models.Text
		for _, d := range s.docs {
			texts = append(texts, d.labelled...)
			d.labelled = nil
		}
		lr := &Result{Vocabulary: res.Vocabulary, texts: [][]models.Text{texts}}
		m, err := lr.fitClassifier(ctx, so, s.dict, s.tf)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err == nil:
			s.scorers = append(s.scorers, m)
		case auto && len(so.Labels) > 0:
			s.fitWarnings = append(s.fitWarnings, corpus.Warning{Msg: fmt.Sprintf("classifier not run: %v", err)})
		case !auto:
			return fmt.Errorf("pipeline: classifier: %w", err)
		}
		fitDone()
	}
	if want(models.NameWordscores) {
		err := s.fitWordscores()
		if err != nil && !auto {
			return fmt.Errorf("pipeline: wordscores: %w", err)
		}
		fitDone()
	}
	for _, d := range s.docs {
		d.wsCounts = nil
	}

	for _, d := range s.docs {
		s.refs = append(s.refs, d.refs...)
		d.refs = nil
	}
	return nil
}

// reuseCandidates sets the reuse candidate pairs from the spilled postings, provisions numbered
// in Find's input order (Result.Docs, then provisions), and which provisions they need. It stops
// at the next postings partition once ctx is done (the error is ctx's).
func (s *streamer) reuseCandidates(ctx context.Context) error {
	var inst []int32
	keys := map[string]int32{}
	for _, d := range s.docs {
		k := reuse.InstrumentKey(&reuse.Provision{Instrument: d.doc.Instrument, DocID: d.doc.ID})
		id, ok := keys[k]
		if !ok {
			id = int32(len(keys))
			keys[k] = id
		}
		for range d.nprov {
			inst = append(inst, id)
		}
	}
	pairs, err := reuse.CandidatesOfPostings(len(inst), inst, 1<<spillBits, func(k int) ([]reuse.Posting, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return s.spill.partition(k, s.firstOf)
	}, s.reuseOpt)
	if err != nil {
		return err
	}
	s.pairs = pairs
	s.needed = make([]bool, len(inst))
	s.prepared = make([]*reuse.Prepared, len(inst))
	for _, p := range s.pairs {
		s.needed[p[0]], s.needed[p[1]] = true, true
	}
	return nil
}

// fitWordscores is Result.wordscores' corpus-wide part: the fit on the reference documents and
// every document's score with both rescalings.
func (s *streamer) fitWordscores() error {
	var ids, docIDs []string
	var pos []float64
	var refs, counts []wordscores.Counts
	for _, d := range s.docs {
		docIDs = append(docIDs, d.doc.ID)
		counts = append(counts, d.wsCounts)
		if d.doc.Position != nil {
			ids = append(ids, d.doc.ID)
			pos = append(pos, *d.doc.Position)
			refs = append(refs, d.wsCounts)
		}
	}
	m, err := FitWordscores(ids, refs, pos)
	if err != nil {
		return err
	}
	ms := ModelScores{Name: models.NameWordscores}
	ms.Doc, ms.LBG, ms.MV, err = PredictDocuments(m, docIDs, counts)
	if err != nil {
		return err
	}
	s.ws, s.wsScores = m, ms
	return nil
}

// lssSample is lssSentences over the packed sentences of the first pass, each sentence as its
// words' numbers in s.lssWords.words (for FitLSSNumbered): the chosen sentences' numbers are
// decoded into one slice, and no term list is built per sentence (the unpacked words and their
// copies were 0.13 s of the 100 MB run's fit, all of it on one goroutine).
func (s *streamer) lssSample(max int) ([][]int32, error) {
	if max <= 0 {
		max = DefaultLSSMaxSentences
	}
	total := 0
	for _, d := range s.docs {
		total += d.lssN
	}
	var ids []int32
	var ends []int
	var buf []byte
	lo := 0
	for _, d := range s.docs {
		picks := StridePicks(lo, lo+d.lssN, total, max)
		if len(picks) > 0 {
			var err error
			if buf, err = s.spill.readBlob(d.lss, buf); err != nil {
				return nil, err
			}
			ids, ends = unpackPicked(buf, lo, picks, ids, ends)
		}
		lo += d.lssN
	}
	out := make([][]int32, len(ends))
	from := 0
	for i, end := range ends {
		out[i] = ids[from:end:end]
		from = end
	}
	return out, nil
}

// firstRun is what the first pass keeps across the documents of one version run: the run's
// versions share most words, so their tokens are numbered (toks), and their terms (words), LSS
// words (lss) and reuse keys (reuse) memoised, once per run; the analyses go through memo.
type firstRun struct {
	memo    analysisMemo
	toks    tokenIDs
	words   *wordTerms
	lss     lssRun
	reuse   reuseRun
	scratch []byte // the read file's bytes of a document
}

// reset empties r for another run, as if new, keeping the room its maps and slices have.
func (r *firstRun) reset() {
	r.memo.reset()
	r.toks.reset()
	r.words.resetRun()
	r.lss.reset()
	r.reuse.reuseKeys.Reset()
	r.reuse.shingles.reset()
}

// reuseRun is what the first pass keeps across the documents of one version run for the reuse
// postings: the words' keys (by token number) and each provision's shingles, which a provision
// taken over from the previous document (analyzeMemo) shares with it.
type reuseRun struct {
	reuseKeys reuse.WordKeys
	shingles  provisionMemo[[]uint64]
}

// provisionMemo carries a value computed from a provision's analysis (a function of its text)
// from one document of a version run to the next: analyzeMemo gives a provision whose text the
// previous document, or an earlier provision of the same document, had that provision's
// analysis, and tells which one it was (DocResult.keptFrom), so the value is found by that
// provision's index, without a map. Like analyzeMemo it remembers two documents, the current
// one and the one before (next starts a document).
type provisionMemo[T any] struct{ prev, cur []memoSlot[T] }

// memoSlot is a provisionMemo's value for one provision, if set.
type memoSlot[T any] struct {
	v   T
	set bool
}

// next starts a document of n provisions: the current one's values become the previous one's.
func (m *provisionMemo[T]) next(n int) {
	m.prev, m.cur = m.cur, m.prev
	m.cur = slices.Grow(m.cur[:0], n)[:n]
	clear(m.cur)
}

// get returns the value put for the provision that had the analysis of provision j of d (the
// document next started), and whether there is one; provision j then has it too.
func (m *provisionMemo[T]) get(d *DocResult, j int) (T, bool) {
	var s memoSlot[T]
	if j < len(d.keptFrom) {
		switch from := int(d.keptFrom[j]); {
		case from >= 0 && from < len(m.prev):
			s = m.prev[from]
		case from <= -2 && -2-from < j:
			s = m.cur[-2-from]
		}
	}
	if s.set {
		m.cur[j] = s
	}
	return s.v, s.set
}

// reset forgets every value, as if m were new.
func (m *provisionMemo[T]) reset() {
	clear(m.prev)
	clear(m.cur)
	m.prev, m.cur = m.prev[:0], m.cur[:0]
}

// put remembers v for provision j of the document next started.
func (m *provisionMemo[T]) put(j int, v T) { m.cur[j] = memoSlot[T]{v: v, set: true} }

// lssWords numbers the words of the LSS sentences across the corpus, so the first pass keeps
// each sentence as a few bytes of word numbers instead of its words.
type lssWords struct {
	mu    sync.Mutex
	ids   map[string]uint32
	words []string
}

// lssRun is what lssWords.pack keeps across the documents of one version run: the run's terms
// (memoised by token number), each one's corpus-wide number, and each provision's packed
// sentences, which a provision taken over from the previous document (analyzeMemo) shares.
type lssRun struct {
	terms  lssTerms
	ids    []uint32 // ids[i] is terms.words[i]'s number in lssWords
	packed provisionMemo[packedSentences]
}

// reset empties r for another run, as if new.
func (r *lssRun) reset() {
	r.terms.reset()
	r.ids = r.ids[:0]
	r.packed.reset()
}

// packedSentences is a provision's part of pack's bytes and its number of sentences.
type packedSentences struct {
	b []byte
	n int
}

// pack packs the LSS sentences of a document (forLSSSentences): per sentence the number of
// terms, then each term's word number, as uvarints. It returns the number of sentences. The
// terms come numbered in the run's own numbering (run.terms, with d's tokens numbered by tok:
// tokenNums; seq holds, per sentence, its length and then its terms'
// run numbers), and each distinct word is looked up once per run in the corpus-wide numbering.
// A provision the previous document had (the same token numbers, run.packed) has the bytes it
// had there: its sentences are neither found nor encoded again.
func (w *lssWords) pack(d *DocResult, tok *tokenIDs, run *lssRun) (int, []byte) {
	run.packed.next(len(d.Analyses))
	var seq []int32
	ends := make([]int, len(d.Analyses))             // a new provision's end in seq; -1: memoised
	kept := make([]packedSentences, len(d.Analyses)) // a memoised provision's bytes
	for j := range d.Analyses {
		if p, ok := run.packed.get(d, j); ok {
			ends[j], kept[j] = -1, p
			continue
		}
		run.terms.provisionSentences(d, j, tok, func() bool { return true }, func(ids []int32) {
			seq = append(seq, int32(len(ids)))
			seq = append(seq, ids...)
		})
		ends[j] = len(seq)
	}
	if words := run.terms.words; len(run.ids) < len(words) {
		w.mu.Lock() // once per document with new words
		for _, t := range words[len(run.ids):] {
			id, ok := w.ids[t]
			if !ok {
				id = uint32(len(w.words))
				t = strings.Clone(t) // a lower-cased word may share the document's text
				w.ids[t] = id
				w.words = append(w.words, t)
			}
			run.ids = append(run.ids, id)
		}
		w.mu.Unlock()
	}
	var buf []byte
	n, i := 0, 0 // sentences; the start in seq of the next new provision's
	for j, end := range ends {
		if end < 0 {
			buf = append(buf, kept[j].b...)
			n += kept[j].n
			continue
		}
		from, np := len(buf), 0
		for ; i < end; np++ {
			k := int(seq[i])
			buf = binary.AppendUvarint(buf, uint64(k))
			for _, l := range seq[i+1 : i+1+k] {
				buf = binary.AppendUvarint(buf, uint64(run.ids[l]))
			}
			i += 1 + k
		}
		run.packed.put(j, packedSentences{buf[from:len(buf):len(buf)], np})
		n += np
	}
	return n, buf
}

// unpackPicked decodes the packed sentences (lssWords.pack) of buf, numbered from first, whose
// numbers are in picks (ascending): it appends each one's word numbers to ids and its end in
// ids to ends. The other sentences are skipped without decoding their words (a uvarint ends at
// its first byte below 0x80).
func unpackPicked(buf []byte, first int, picks []int, ids []int32, ends []int) ([]int32, []int) {
	for i := first; len(picks) > 0 && len(buf) > 0; i++ {
		n, k := binary.Uvarint(buf)
		buf = buf[k:]
		if picks[0] != i {
			for n > 0 {
				if buf[0] < 0x80 {
					n--
				}
				buf = buf[1:]
			}
			continue
		}
		picks = picks[1:]
		for range n {
			id, k := binary.Uvarint(buf)
			ids = append(ids, int32(id))
			buf = buf[k:]
		}
		ends = append(ends, len(ids))
	}
	return ids, ends
}

// instruments groups the documents read by instrument, in Run's order (indexes into s.docs).
func (s *streamer) instruments() [][]int {
	var out [][]int
	for i, d := range s.docs {
		if i == 0 || d.doc.Instrument != s.docs[i-1].doc.Instrument {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], i)
	}
	return out
}

// instrument is the second pass over one instrument's documents (indexes into s.docs): a Result
// holding only them, ready for the per-instrument report builders.
func (s *streamer) instrument(ctx context.Context, idx []int) (*Result, error) {
	part := &Result{Corpus: s.c, Vocabulary: s.res.Vocabulary, ShiftBand: s.band}
	nm := len(s.scorers)
	if s.ws != nil {
		nm++
	}
	part.Scores = make([]ModelScores, 0, nm)
	for _, m := range s.scorers {
		part.Scores = append(part.Scores, ModelScores{Name: m.Name()})
	}
	if s.ws != nil {
		part.Scores = append(part.Scores, ModelScores{Name: models.NameWordscores, LBG: []float64{}, MV: []float64{}})
	}
	words := newWordTerms(s.tf, s.res.Vocabulary) // one instrument's documents share most words
	// the instrument's distinct token texts, or more when its documents were in several runs
	distinct := 0
	for _, di := range idx {
		distinct += s.docs[di].newToks
	}
	words.sizeFor(distinct)
	// and its versions most provisions: analyses, key phrases, dictionary and LSS scores are kept
	// by text; the analysis numbers the instrument's token texts (words.number), and the tagger
	// looks each distinct word up once per instrument, memoised by those numbers (tagWords)
	var memo textMemo // and numbers the provision texts, for the memos of words, dictMemo, lssMemo
	var tagWords postag.Words
	var first firstSentences // the sentences of the document's texts the first pass analysed
	analyse := words.analysis(s.an, &tagWords, &first)
	phrases := newKeyphraseSession(s.wordIDF)
	phrases.SetNumberedIDF(words.idfOf) // s.wordIDF's vocabulary and options are words'
	defer phrases.Close()
	dictMemo, lssMemo := dictionary.NewMemo(), lss.NewMemo()
	// the LSS terms of the tokens that words numbers (docIDs: the dictionary's memo keeps its
	// words' lookups by those numbers too); reuse candidates' reductions, by text
	var lssIdx lssIndex
	prepMemo := map[string]*reuse.Prepared{}
	var read []byte
	for _, di := range idx {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// the document as the first pass read it
		sd := s.docs[di]
		var err error
		if read, err = s.read.read(sd.read, read); err != nil {
			return nil, err
		}
		d := &DocResult{Doc: sd.doc, SourcePath: sd.input.Path, SourceSHA256: sd.sha, Bytes: sd.input.Bytes}
		if first, err = d.readDocBlob(read); err != nil {
			return nil, err
		}
		d.count()
		d.analyzeTexts(analyse, &memo)
		sd.warnings, d.Warnings = d.Warnings, nil
		words.setVectors(d)
		d.extractKeyphrasesIn(phrases)
		texts := DocTexts(d)
		var concepts [][]ConceptMention
		haveConcepts := false
		for k, m := range s.scorers {
			var prov []models.Score
			var doc models.Score
			if m == models.Scorer(s.dict) { // one word split for the scores and the concepts
				prov, doc, concepts = s.dict.ScoreAllConceptsMemoKeyed(texts, words.docIDs, d.textNums, dictMemo)
				haveConcepts = true
			} else if l, ok := m.(*lss.Model); ok {
				prov, doc = l.ScoreAllMemoKeyed(texts, lssIdx.of(l, words, texts), d.textNums, lssMemo)
			} else {
				prov, doc = ScoreTexts(m, texts)
			}
			part.Scores[k].Prov = append(part.Scores[k].Prov, prov)
			part.Scores[k].Doc = append(part.Scores[k].Doc, doc)
		}
		if !haveConcepts {
			concepts = DocConcepts(s.dict, texts)
		}
		part.Concepts = append(part.Concepts, concepts)
		if s.ws != nil {
			_, provCounts := wordscoreCounts(d, words.docTerms(d, nil))
			prov, err := PredictProvisions(s.ws, d, provCounts)
			if err != nil {
				return nil, fmt.Errorf("pipeline: wordscores: %w", err)
			}
			ms := &part.Scores[nm-1]
			ms.Prov = append(ms.Prov, prov)
			ms.Doc = append(ms.Doc, s.wsScores.Doc[di])
			ms.LBG = append(ms.LBG, s.wsScores.LBG[di])
			ms.MV = append(ms.MV, s.wsScores.MV[di])
		}
		rp := ReuseProvisions(d)
		for j := range rp {
			if g := sd.first + j; s.needed[g] {
				p := reuse.PrepareMemo(&rp[j], s.reuseOpt, prepMemo)
				s.prepared[g] = &p
			}
		}
		if len(s.refs) > 0 {
			s.echoes[di] = EchoesInto(s.refs, rp, s.opt.Echo)
		}
		for j := range d.Analyses { // only the report rows need the document now
			d.Analyses[j].Tags, d.Analyses[j].Tokens = nil, nil
		}
		d.tokenNums = nil // its textNums stay for the report encoders (encodeStanceRows)
		part.Docs = append(part.Docs, d)
	}
	sort.SliceStable(part.Scores, func(i, j int) bool { return part.Scores[i].Name < part.Scores[j].Name })
	if len(part.Docs) > 1 { // each version prepared once, for the pair before it and the one after
		from := align.Prepare(alignItems(part.Docs[0]))
		for k := 1; k < len(part.Docs); k++ {
			vp := VersionPair{Instrument: part.Docs[k].Doc.Instrument, From: part.Docs[k-1], To: part.Docs[k], FromIdx: k - 1, ToIdx: k}
			to := align.Prepare(alignItems(vp.To))
			vp.Pairs = align.AlignVersions(from, to, s.opt.Align)
			part.Versions = append(part.Versions, vp)
			from.Release() // aligned with the versions before and after it
			from = to
		}
		from.Release()
	}
	return part, nil
}

// sortedEchoes puts the echo rows gathered per target document in reuse.Echoes' order:
// reference provisions in input order, then target documents in input order.
func (s *streamer) sortedEchoes() []reuse.Echo {
	rank := map[string]int{}
	for i, p := range s.refs {
		rank[p.ID] = i
	}
	type row struct {
		e       reuse.Echo
		ref, to int
	}
	var rows []row
	for di, es := range s.echoes {
		for _, e := range es {
			rows = append(rows, row{e, rank[e.ReferenceProvision], di})
		}
	}
	s.echoes = nil
	slices.SortStableFunc(rows, func(a, b row) int {
		if a.ref != b.ref {
			return a.ref - b.ref
		}
		return a.to - b.to
	})
	out := make([]reuse.Echo, len(rows))
	for i, r := range rows {
		out[i] = r.e
	}
	return out
}

// counts is Result.Counts for the streamed run.
func (s *streamer) counts() map[string]int {
	n := 0
	read := make([]*corpus.Document, len(s.docs))
	for i, d := range s.docs {
		n += d.nprov
		read[i] = d.doc
	}
	return map[string]int{"documents": len(s.docs), "provisions": n, "skipped": len(s.res.Skipped),
		"warnings": len(s.res.Warnings), "instruments": countInstruments(read)}
}

// keptBufferMax is the largest encoded-rows buffer Stream keeps for reuse. On the 10MB bench
// corpus the largest instrument's rows of one report (keyphrases.csv) are about 1 MB.
const keptBufferMax = 2 << 20

// orderedAhead is how many results per worker orderedEach lets be produced ahead of the one
// consume waits for. Instruments differ in size by two orders of magnitude (the 10MB bench
// corpus: 60 instruments, 9 KB to 558 KB of text); while one worker is on a large instrument the
// others go on with the following ones only until the window is full. Replaying the 10MB corpus's
// instrument sizes through this scheduler with two workers (time taken as proportional to bytes)
// gives a speed-up of 1.89x with 2 ahead per worker and 1.98x with 4 (no gain beyond). Measured,
// the second pass went from 1.86x to 1.83x (medians of ten, 10MB; BENCHMARKS.md), inside the
// host's noise: the window was not what limited it. Without the matrix sink a produced result
// holds only its encoded rows, so the larger window costs little memory.
const orderedAhead = 4

// orderedEach runs produce(0..n-1) on up to workers goroutines and hands each result to consume
// in index order, on the caller's goroutine. At most orderedAhead*workers results are produced
// ahead of consume, so memory holds a bounded number of them. It stops at the first error (or
// when ctx is cancelled) and returns it.
func orderedEach[T any](ctx context.Context, n, workers int, produce func(int) (T, error), consume func(int, T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers = max(1, min(workers, n))
	type item struct {
		v   T
		err error
	}
	slots := make([]chan item, n)
	for i := range slots {
		slots[i] = make(chan item, 1)
	}
	window := make(chan struct{}, orderedAhead*workers)
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for i := 0; i < n; i++ {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				v, err := produce(i)
				slots[i] <- item{v, err}
			}
		}()
	}
	var err error
	for i := 0; i < n && err == nil; i++ {
		select {
		case it := <-slots[i]:
			if err = it.err; err == nil {
				err = consume(i, it.v)
			}
			<-window
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	cancel()
	wg.Wait()
	return err
}
