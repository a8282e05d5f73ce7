package graph

import (
	"bytes"
	"context"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/classifier"
	"github.com/stanceshift/stanceshift/models/dictionary"
	"github.com/stanceshift/stanceshift/models/labels"
	"github.com/stanceshift/stanceshift/models/lss"
	"github.com/stanceshift/stanceshift/models/wordscores"
	"github.com/stanceshift/stanceshift/pipeline"
	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/pipeline/analyze"
	"github.com/stanceshift/stanceshift/pipeline/reuse"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
	"github.com/stanceshift/stanceshift/results"
)

// Every DoFn here is a thin wrapper: the work is a call into package pipeline (or reuse,
// vectorize), the same functions pipeline.Run calls.

// readFn reads one whole file and runs the per-document map: pipeline.ReadDocument (decode,
// segment, count), then DocResult.Analyze (the linguistic layer, created once per instance in
// Setup). Files that are not documents of the corpus (corpus.yaml beside the texts) are
// dropped; documents that cannot be read go to errors.csv, their warnings to warnings.csv.
type readFn struct {
	Docs []DocInfo

	byFile map[string]DocInfo
	an     *analyze.Analyzer
}

func (f *readFn) Setup() error {
	f.byFile = make(map[string]DocInfo, len(f.Docs))
	for _, d := range f.Docs {
		f.byFile[cleanPath(d.File)] = d
	}
	an, err := analyze.New(nil)
	if err != nil {
		return fmt.Errorf("beam: %w", err)
	}
	f.an = an
	return nil
}

func (f *readFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(DocElem), row func(string, string)) error {
	info, ok := f.byFile[cleanPath(file.Metadata.Path)]
	if !ok {
		return nil
	}
	var doc corpus.Document
	if err := json.Unmarshal([]byte(info.Meta), &doc); err != nil {
		return fmt.Errorf("beam: %s: %w", info.Display, err)
	}
	raw, err := file.Read(ctx)
	if err != nil {
		emitRows("errors.csv", []results.ErrorRow{pipeline.ErrorRow(&corpus.Error{Path: info.Display, Err: err})}, row)
		return nil
	}
	r, err := pipeline.ReadDocument(&doc, info.Display, raw)
	analyzed(f.an, info, r, err, emit, row)
	return nil
}

// analyzed ends readFn and tableReadFn: a document read (r) is analysed and emitted with its
// warnings; one that could not be (err) goes to errors.csv.
func analyzed(an *analyze.Analyzer, info DocInfo, r *pipeline.DocResult, err error, emit func(DocElem), row func(string, string)) {
	if err != nil {
		emitRows("errors.csv", []results.ErrorRow{pipeline.ErrorRow(err)}, row)
		return
	}
	r.Analyze(an)
	warn := make([]results.WarningRow, len(r.Warnings))
	for i, w := range r.Warnings {
		warn[i] = results.WarningRow{Path: w.Path, Line: w.Line, Warning: w.Msg}
	}
	emitRows("warnings.csv", warn, row)
	emit(DocElem{Pos: info.Pos, Res: r})
}

// tableReadFn reads the documents of one TableSplit of a provisions table: each document's rows
// again, from the table file (or its copy) at DocInfo.File, by the places Load found
// (corpus.Document.SetTableLocation, then pipeline.PresplitDocument as `stanceshift run`
// reads a table's document), and the same per-document map as readFn. A local table is read
// with positioned reads; a remote one (gs://) through one forward reader for the split. A
// document whose rows no longer hold what they held when the table was loaded goes to
// errors.csv with the row's line; the others are read.
type tableReadFn struct {
	SHA string

	an *analyze.Analyzer
}

func (f *tableReadFn) Setup() error {
	an, err := analyze.New(nil)
	if err != nil {
		return fmt.Errorf("beam: %w", err)
	}
	f.an = an
	return nil
}

func (f *tableReadFn) ProcessElement(ctx context.Context, split TableSplit, emit func(DocElem), row func(string, string)) error {
	if len(split.Docs) == 0 {
		return nil
	}
	file, err := openTable(ctx, split.Docs[0].File)
	if err != nil {
		for _, info := range split.Docs {
			analyzed(f.an, info, nil, &corpus.Error{Path: info.Display, Err: err}, emit, row)
		}
		return nil
	}
	defer file.Close()
	open := func() (io.ReaderAt, io.Closer, error) { return file, io.NopCloser(nil), nil }
	for _, info := range split.Docs {
		var doc corpus.Document
		var loc corpus.TableLocation
		if err := json.Unmarshal([]byte(info.Meta), &doc); err != nil {
			return fmt.Errorf("beam: %s: %w", info.Display, err)
		}
		if err := json.Unmarshal([]byte(info.Table), &loc); err != nil {
			return fmt.Errorf("beam: %s: %w", info.Display, err)
		}
		if err := doc.SetTableLocation(loc, info.Display, open); err != nil {
			return fmt.Errorf("beam: %w", err)
		}
		r, err := pipeline.PresplitDocument(&doc, info.Display, f.SHA)
		analyzed(f.an, info, r, err, emit, row)
	}
	return nil
}

// tableFile is a table read by tableReadFn: positioned reads of a local file, or of a remote
// one (any of Beam's file systems) by reading forward from where the last read ended, skipping
// the bytes between, and opening the file again for a read behind that.
type tableFile interface {
	io.ReaderAt
	io.Closer
}

func openTable(ctx context.Context, path string) (tableFile, error) {
	if !strings.Contains(path, "://") {
		return os.Open(path)
	}
	fsys, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, err
	}
	return &forwardReader{ctx: ctx, fs: fsys, path: path}, nil
}

// forwardReader is a tableFile over a file system that reads a file from its start only.
// Reads that go forward (a document's rows, and a split's documents, in file order) cost one
// pass over the file up to the split's last row.
type forwardReader struct {
	ctx  context.Context
	fs   filesystem.Interface
	path string
	rc   io.ReadCloser
	pos  int64
}

func (r *forwardReader) ReadAt(p []byte, off int64) (int, error) {
	if r.rc == nil || off < r.pos {
		if r.rc != nil {
			r.rc.Close()
		}
		rc, err := r.fs.OpenRead(r.ctx, r.path)
		if err != nil {
			r.rc = nil
			return 0, err
		}
		r.rc, r.pos = rc, 0
	}
	if off > r.pos {
		n, err := io.CopyN(io.Discard, r.rc, off-r.pos)
		r.pos += n
		if err != nil {
			return 0, err // io.EOF: the file is shorter; the caller says so
		}
	}
	n, err := io.ReadFull(r.rc, p)
	r.pos += int64(n)
	if err == io.ErrUnexpectedEOF {
		err = io.EOF
	}
	return n, err
}

func (r *forwardReader) Close() error {
	if r.rc != nil {
		r.rc.Close()
	}
	return r.fs.Close()
}

// cleanPath is filepath.Clean for local paths; URLs (gs://...) are compared as given.
func cleanPath(p string) string {
	if strings.Contains(p, "://") {
		return p
	}
	return filepath.Clean(p)
}

// splitKV turns the rows known when the graph is built ("name\x00record") into KVs.
func splitKV(s string, emit func(string, string)) {
	if name, rec, ok := strings.Cut(s, "\x00"); ok {
		emit(name, rec)
	}
}

// termsFn emits each provision's TF-IDF terms (pipeline.DocTerms): the input of the DF combine.
type termsFn struct{ TF vectorize.Options }

func (f *termsFn) ProcessElement(d DocElem, emit func([]string)) {
	for _, t := range pipeline.DocTerms(d.Res, f.TF) {
		emit(t)
	}
}

// termRowsFn writes terms.csv from the vocabulary.
func termRowsFn(v *vectorize.Vocabulary, emit func(string, string)) {
	emitRows("terms.csv", (&pipeline.Result{Vocabulary: v}).TermRows(), emit)
}

// Side inputs are read through their iterator form, once per DoFn instance: the value form
// would decode the whole side input again for every element.

// vectorsFn sets the TF-IDF rows (DocResult.SetVectors) and key phrases
// (DocResult.ExtractKeyphrases) of a document, with the vocabulary as a side input.
type vectorsFn struct {
	TF vectorize.Options

	vocab *vectorize.Vocabulary
	idf   func(string) float64
}

func (f *vectorsFn) ProcessElement(d DocElem, side func(**vectorize.Vocabulary) bool) DocElem {
	if f.vocab == nil {
		var v *vectorize.Vocabulary
		side(&v)
		own := *v
		own.BuildIndex()
		f.vocab, f.idf = &own, pipeline.WordIDF(&own, f.TF)
	}
	d.Res.SetVectors(pipeline.DocTerms(d.Res, f.TF), f.vocab, f.TF)
	d.Res.ExtractKeyphrases(f.idf)
	return d
}

// sentCountFn counts a document's LSS sentences (pipeline.LSSSentences).
func sentCountFn(d DocElem) SentCount {
	return SentCount{Pos: d.Pos, N: len(pipeline.LSSSentences(d.Res))}
}

// countsFn gathers the sentence counts of every document (a small map: one int per document).
type countsFn struct{}

func (countsFn) CreateAccumulator() Counts { return Counts{N: map[int]int{}} }
func (countsFn) AddInput(a Counts, c SentCount) Counts {
	if a.N == nil {
		a.N = map[int]int{}
	}
	a.N[c.Pos] += c.N
	return a
}
func (countsFn) MergeAccumulators(a, b Counts) Counts {
	if a.N == nil {
		a.N = map[int]int{}
	}
	for k, v := range b.N {
		a.N[k] += v
	}
	return a
}
func (countsFn) ExtractOutput(a Counts) Counts { return a }

// sampleFn emits the document's sentences that the LSS fit's stride sample keeps
// (pipeline.StridePicks), each with its index in corpus order.
type sampleFn struct {
	Max int

	offset map[int]int
	total  int
}

func (f *sampleFn) ProcessElement(d DocElem, side func(*Counts) bool, emit func(Sentence)) {
	if f.offset == nil {
		var c Counts
		side(&c)
		pos := make([]int, 0, len(c.N))
		for p := range c.N {
			pos = append(pos, p)
		}
		sort.Ints(pos)
		f.offset = make(map[int]int, len(pos))
		for _, p := range pos {
			f.offset[p] = f.total
			f.total += c.N[p]
		}
	}
	sents := pipeline.LSSSentences(d.Res)
	off := f.offset[d.Pos]
	for _, g := range pipeline.StridePicks(off, off+len(sents), f.total, f.Max) {
		emit(Sentence{G: g, Terms: sents[g-off]})
	}
}

// lssFitFn fits LSS once (its main input is an impulse, so that it runs, and warns, when no
// document gave a sentence too) on the sampled sentences, a side input of at most
// DefaultLSSMaxSentences, in corpus order (pipeline.FitLSS).
type lssFitFn struct {
	Dict Dictionary // the seeds' dictionary
}

func (f *lssFitFn) ProcessElement(_ []byte, sents func(*Sentence) bool) (LSSFit, error) {
	var all []Sentence
	var st Sentence
	for sents(&st) {
		all = append(all, st)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].G < all[j].G })
	sample := make([][]string, len(all))
	for i, st := range all {
		sample[i] = st.Terms
	}
	dict, err := f.Dict.model()
	if err != nil {
		return LSSFit{}, err
	}
	m, err := pipeline.FitLSS(sample, dict, 0, runtime.NumCPU())
	if err != nil {
		return LSSFit{Err: err.Error()}, nil
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return LSSFit{}, err
	}
	return LSSFit{Model: buf.Bytes()}, nil
}

// lssWarningFn reports an LSS fit that failed, as pipeline.Result.Stance does.
func lssWarningFn(f LSSFit, emit func(string, string)) {
	if f.Err != "" {
		emitRows("warnings.csv", []results.WarningRow{{Warning: "lss not run: " + f.Err}}, emit)
	}
}

// Labelled is one document's provisions that the labels name, as model texts
// (pipeline.DocTexts, gob-encoded), for the classifier fit.
type Labelled struct {
	Pos   int
	Texts []byte
}

// ClassifierFit is the fitted classifier (classifier.Model.Save), or why it was not fitted.
type ClassifierFit struct {
	Model []byte
	Err   string
}

// labelledFn emits the model texts of a document's labelled provisions (the in-process first
// pass keeps the same texts: every provision a label names, whatever its split).
type labelledFn struct {
	IDs []string

	set map[string]bool
}

func (f *labelledFn) Setup() {
	f.set = make(map[string]bool, len(f.IDs))
	for _, id := range f.IDs {
		f.set[id] = true
	}
}

func (f *labelledFn) ProcessElement(d DocElem, emit func(Labelled)) error {
	var texts []models.Text
	for _, t := range pipeline.DocTexts(d.Res) {
		if f.set[t.ID] {
			texts = append(texts, t)
		}
	}
	if len(texts) == 0 {
		return nil
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(texts); err != nil {
		return fmt.Errorf("beam: %s: labelled texts: %w", d.Res.Doc.ID, err)
	}
	emit(Labelled{Pos: d.Pos, Texts: buf.Bytes()})
	return nil
}

// classifierFitFn fits the classifier once (its main input is an impulse) on every document's
// labelled texts in corpus order, with the vocabulary: pipeline.FitClassifier, as Run fits it.
type classifierFitFn struct {
	Labels []labels.Label
	Dict   Dictionary
	TF     vectorize.Options
}

func (f *classifierFitFn) ProcessElement(ctx context.Context, _ []byte, vocabSide func(**vectorize.Vocabulary) bool, docs func(*Labelled) bool) (ClassifierFit, error) {
	var vocab *vectorize.Vocabulary
	vocabSide(&vocab)
	var all []Labelled
	var l Labelled
	for docs(&l) {
		all = append(all, l)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Pos < all[j].Pos })
	var texts []models.Text
	for _, l := range all {
		var t []models.Text
		if err := gob.NewDecoder(bytes.NewReader(l.Texts)).Decode(&t); err != nil {
			return ClassifierFit{}, fmt.Errorf("beam: labelled texts: %w", err)
		}
		texts = append(texts, t...)
	}
	dict, err := f.Dict.model()
	if err != nil {
		return ClassifierFit{}, err
	}
	m, err := pipeline.FitClassifier(ctx, vocab, f.TF, dict, pipeline.StanceOptions{Labels: f.Labels}, texts)
	if err != nil {
		return ClassifierFit{Err: err.Error()}, nil
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return ClassifierFit{}, err
	}
	return ClassifierFit{Model: buf.Bytes()}, nil
}

// classifierWarningFn reports a classifier fit that failed, as pipeline.Result.Stance does when
// labels were given.
func classifierWarningFn(f ClassifierFit, emit func(string, string)) {
	if f.Err != "" {
		emitRows("warnings.csv", []results.WarningRow{{Warning: "classifier not run: " + f.Err}}, emit)
	}
}

// wsDocFn gives a document's Wordscores input (pipeline.WordscoreCounts).
type wsDocFn struct{ TF vectorize.Options }

func (f *wsDocFn) ProcessElement(d DocElem) WSDoc {
	c, _ := pipeline.WordscoreCounts(d.Res, f.TF)
	w := WSDoc{Pos: d.Pos, ID: d.Res.Doc.ID, Counts: c}
	if p := d.Res.Doc.Position; p != nil {
		w.Ref, w.Position = true, *p
	}
	return w
}

// WSAcc holds every document's Wordscores input: the document predictions' rescalings need
// them all.
type WSAcc struct{ Docs []WSDoc }

// wsFitFn fits Wordscores on the reference documents (pipeline.FitWordscores) and scores every
// document (pipeline.PredictDocuments), in corpus order.
type wsFitFn struct{}

func (wsFitFn) CreateAccumulator() WSAcc           { return WSAcc{} }
func (wsFitFn) AddInput(a WSAcc, d WSDoc) WSAcc    { a.Docs = append(a.Docs, d); return a }
func (wsFitFn) MergeAccumulators(a, b WSAcc) WSAcc { a.Docs = append(a.Docs, b.Docs...); return a }
func (wsFitFn) ExtractOutput(a WSAcc) (WSFit, error) {
	sort.Slice(a.Docs, func(i, j int) bool { return a.Docs[i].Pos < a.Docs[j].Pos })
	var ids, all []string
	var refs, counts []wordscores.Counts
	var pos []float64
	for _, d := range a.Docs {
		c := d.Counts
		if c == nil {
			c = wordscores.Counts{}
		}
		all = append(all, d.ID)
		counts = append(counts, c)
		if d.Ref {
			ids = append(ids, d.ID)
			refs = append(refs, c)
			pos = append(pos, d.Position)
		}
	}
	m, err := pipeline.FitWordscores(ids, refs, pos)
	if err != nil {
		return WSFit{Err: err.Error()}, nil
	}
	doc, lbg, mv, err := pipeline.PredictDocuments(m, all, counts)
	if err != nil {
		return WSFit{Err: err.Error()}, nil
	}
	out := WSFit{Doc: make(map[string]WSDocScore, len(all))}
	for i, id := range all {
		out.Doc[id] = WSDocScore{Score: doc[i], LBG: lbg[i], MV: mv[i]}
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return WSFit{}, err
	}
	out.Model = buf.Bytes()
	return out, nil
}

// scoreFn scores a document with every fitted model (pipeline.ScoreTexts, and
// pipeline.PredictProvisions for Wordscores), finds its concepts (pipeline.DocConcepts), and
// writes the per-document reports through the core's row builders on a one-document
// pipeline.Result.
type scoreFn struct {
	TF        vectorize.Options
	ShiftBand float64
	Dict      Dictionary

	dict   *dictionary.Model
	loaded bool
	lss    *lss.Model
	ws     *wordscores.Model
	wf     WSFit
	cls    models.Scorer
}

func (f *scoreFn) Setup() error {
	d, err := f.Dict.model()
	f.dict = d
	return err
}

// Dictionary is the stance and concept dictionary of a run as the workers get it: the YAML
// text of a manifest's `dictionary:` (or of the command's --dictionary) and its name for
// errors; empty for the embedded default. NewPlan has parsed it once already, so a worker's
// parse does not fail on what the driver accepted.
type Dictionary struct {
	YAML string
	Name string
}

func (d Dictionary) model() (*dictionary.Model, error) {
	if d.YAML == "" {
		return dictionary.Default(), nil
	}
	m, err := dictionary.ParseYAML([]byte(d.YAML), d.Name)
	if err != nil {
		return nil, fmt.Errorf("beam: %w", err)
	}
	return m, nil
}

func (f *scoreFn) ProcessElement(d DocElem, lssSide func(*LSSFit) bool, wsSide func(*WSFit) bool, clsSide func(*ClassifierFit) bool,
	vocabSide func(**vectorize.Vocabulary) bool, emit func(DocElem), row func(string, string)) error {
	if !f.loaded {
		var lf LSSFit
		lssSide(&lf)
		wsSide(&f.wf)
		var cf ClassifierFit
		clsSide(&cf)
		if len(cf.Model) > 0 {
			m, err := classifier.Load(bytes.NewReader(cf.Model))
			if err != nil {
				return fmt.Errorf("beam: classifier model: %w", err)
			}
			var vocab *vectorize.Vocabulary
			vocabSide(&vocab)
			f.cls = pipeline.ClassifierScorer(m, vocab, f.TF, f.dict, pipeline.StanceOptions{})
		}
		wf := f.wf
		if lf.Err == "" {
			m, err := lss.Load(bytes.NewReader(lf.Model))
			if err != nil {
				return fmt.Errorf("beam: lss model: %w", err)
			}
			f.lss = m
		}
		if wf.Err == "" {
			m, err := wordscores.Load(bytes.NewReader(wf.Model))
			if err != nil {
				return fmt.Errorf("beam: wordscores model: %w", err)
			}
			f.ws = m
		}
		f.loaded = true
	}
	texts := pipeline.DocTexts(d.Res)
	d.Concepts = pipeline.DocConcepts(f.dict, texts)
	one := func(s models.Scorer) pipeline.ModelScores {
		prov, doc := pipeline.ScoreTexts(s, texts)
		return pipeline.ModelScores{Name: s.Name(), Prov: [][]models.Score{prov}, Doc: []models.Score{doc}}
	}
	d.Scores = []pipeline.ModelScores{one(f.dict)}
	if f.lss != nil {
		d.Scores = append(d.Scores, one(f.lss))
	}
	if f.cls != nil {
		d.Scores = append(d.Scores, one(f.cls))
	}
	if f.ws != nil {
		_, provCounts := pipeline.WordscoreCounts(d.Res, f.TF)
		prov, err := pipeline.PredictProvisions(f.ws, d.Res, provCounts)
		if err != nil {
			return fmt.Errorf("beam: %s: wordscores: %w", d.Res.Doc.ID, err)
		}
		ds := f.wf.Doc[d.Res.Doc.ID]
		d.Scores = append(d.Scores, pipeline.ModelScores{Name: models.NameWordscores, Prov: [][]models.Score{prov},
			Doc: []models.Score{ds.Score}, LBG: []float64{ds.LBG}, MV: []float64{ds.MV}})
	}
	sort.SliceStable(d.Scores, func(i, j int) bool { return d.Scores[i].Name < d.Scores[j].Name })

	r := &pipeline.Result{Docs: []*pipeline.DocResult{d.Res}, Scores: d.Scores,
		Concepts: [][][]pipeline.ConceptMention{d.Concepts}, ShiftBand: f.ShiftBand}
	emitRows("documents.csv", r.DocumentRows(), row)
	emitRows("provisions.csv", r.ProvisionRows(), row)
	emitRows("entities.csv", r.EntityRows(), row)
	emitRows("keyphrases.csv", r.KeyphraseRows(), row)
	emitRows("stance.csv", r.StanceRows(), row)
	emitRows("document_scores.csv", r.DocumentScoreRows(), row)
	emitRows("concept_mentions.csv", r.ConceptMentionRows(), row)

	// What the version comparison needs: no analyses, no provision key phrases.
	d.Res.Analyses, d.Res.Phrases = nil, nil
	emit(d)
	return nil
}

// byInstrumentFn keys a document by its instrument (corpus.Instruments' grouping).
func byInstrumentFn(d DocElem) (string, DocElem) { return d.Res.Doc.Instrument, d }

// versionsFn is the per-instrument group: the instrument's documents (in corpus order) as a
// pipeline.Result, aligned by Result.Align, and the reports over version pairs from the core's
// row builders.
type versionsFn struct {
	Align     align.Options
	ShiftBand float64
}

func (f *versionsFn) ProcessElement(ctx context.Context, _ string, iter func(*DocElem) bool, row func(string, string)) error {
	var docs []DocElem
	var d DocElem
	for iter(&d) {
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Pos < docs[j].Pos })
	r := &pipeline.Result{Corpus: &corpus.Corpus{}, ShiftBand: f.ShiftBand}
	for i, d := range docs {
		r.Corpus.Documents = append(r.Corpus.Documents, d.Res.Doc)
		r.Docs = append(r.Docs, d.Res)
		r.Concepts = append(r.Concepts, d.Concepts)
		for k, ms := range d.Scores {
			if i == 0 {
				r.Scores = append(r.Scores, pipeline.ModelScores{Name: ms.Name})
			}
			if k >= len(r.Scores) || r.Scores[k].Name != ms.Name {
				return fmt.Errorf("beam: %s: documents scored by different models", d.Res.Doc.ID)
			}
			r.Scores[k].Prov = append(r.Scores[k].Prov, ms.Prov...)
			r.Scores[k].Doc = append(r.Scores[k].Doc, ms.Doc...)
		}
	}
	if err := r.Align(ctx, f.Align, 1); err != nil {
		return err
	}
	emitRows("alignment.csv", r.AlignmentRows(), row)
	emitRows("keyphrase_changes.csv", r.KeyphraseChangeRows(), row)
	emitRows("shifts.csv", r.ShiftRows(), row)
	emitRows("summary.csv", r.SummaryRows(), row)
	emitRows("concept_changes.csv", r.ConceptChangeRows(), row)
	return nil
}

// reuseInputsFn emits, for each provision (pipeline.ReuseProvisions): its shingle postings
// (reuse.Shingles), grouped by bucket (the hash modulo Buckets) per document, the provision
// keyed by id for the join, and, for reference documents, the provision for the echoes' side
// input.
type reuseInputsFn struct {
	Opt     reuse.Options
	Buckets int
}

func (f *reuseInputsFn) ProcessElement(d DocElem, post func(int, Postings), byID func(string, reuse.Provision), ref func(reuse.Provision)) {
	isRef := d.Res.Doc.Role == "reference"
	buckets := map[int][]ProvRef{}
	for i, p := range pipeline.ReuseProvisions(d.Res) {
		for _, h := range reuse.Shingles(&p, f.Opt) {
			b := int(h % uint64(f.Buckets))
			buckets[b] = append(buckets[b], ProvRef{H: h, Pos: d.Pos, I: i, ID: p.ID, Inst: reuse.InstrumentKey(&p)})
		}
		byID(p.ID, p)
		if isRef {
			ref(p)
		}
	}
	keys := make([]int, 0, len(buckets))
	for b := range buckets {
		keys = append(keys, b)
	}
	sort.Ints(keys)
	for _, b := range keys {
		post(b, Postings{P: buckets[b]})
	}
}

// shinglePairsFn is one bucket of the inverted index: each shingle's posting list is dropped
// when the shingle is in more than MaxDF provisions (or one); otherwise every pair of
// provisions of different instruments counts one shared shingle. Pairs are keyed "earlier id
// \x00 later id" in corpus order, as Find orders them, and counted within the bucket first.
type shinglePairsFn struct{ MaxDF, Buckets int }

func (f *shinglePairsFn) ProcessElement(_ int, iter func(*Postings) bool, emit func(int, PairCounts)) {
	var refs []ProvRef
	var ps Postings
	for iter(&ps) {
		refs = append(refs, ps.P...)
	}
	sort.Slice(refs, func(i, j int) bool {
		a, b := refs[i], refs[j]
		if a.H != b.H {
			return a.H < b.H
		}
		if a.Pos != b.Pos {
			return a.Pos < b.Pos
		}
		return a.I < b.I
	})
	counts := map[string]int{}
	for lo := 0; lo < len(refs); {
		hi := lo + 1
		for hi < len(refs) && refs[hi].H == refs[lo].H {
			hi++
		}
		if n := hi - lo; n >= 2 && n <= f.MaxDF {
			group := refs[lo:hi]
			for x, a := range group {
				for _, b := range group[x+1:] {
					if a.Inst != b.Inst {
						counts[a.ID+"\x00"+b.ID]++
					}
				}
			}
		}
		lo = hi
	}
	// Pair counts travel batched by pair bucket: one element per (index bucket, pair bucket).
	batches := map[int]PairCounts{}
	for k, n := range counts {
		h := fnv.New32a()
		h.Write([]byte(k))
		b := int(h.Sum32() % uint32(f.Buckets))
		pc := batches[b]
		if pc.N == nil {
			pc.N = map[string]int{}
		}
		pc.N[k] = n
		batches[b] = pc
	}
	keys := make([]int, 0, len(batches))
	for b := range batches {
		keys = append(keys, b)
	}
	sort.Ints(keys)
	for _, b := range keys {
		emit(b, batches[b])
	}
}

// keepPairsFn sums one pair bucket's counts over the index buckets and keeps the pairs
// sharing at least MinShared shingles, keyed by the earlier id.
type keepPairsFn struct{ MinShared int }

func (f *keepPairsFn) ProcessElement(_ int, iter func(*PairCounts) bool, emit func(string, string)) {
	total := map[string]int{}
	var pc PairCounts
	for iter(&pc) {
		for k, n := range pc.N {
			total[k] += n
		}
	}
	keys := make([]string, 0, len(total))
	for k, n := range total {
		if n >= f.MinShared {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		a, b, _ := strings.Cut(k, "\x00")
		emit(a, b)
	}
}

// attachSourceFn is the first half of the join: the earlier provision, keyed by the later id.
func attachSourceFn(_ string, later func(*string) bool, provs func(*reuse.Provision) bool, emit func(string, reuse.Provision)) {
	var p reuse.Provision
	if !provs(&p) {
		return
	}
	var b string
	for later(&b) {
		emit(b, p)
	}
}

// alignPairsFn is the second half: each candidate pair aligned by reuse.AlignPair.
type alignPairsFn struct{ Opt reuse.Options }

func (f *alignPairsFn) ProcessElement(_ string, earlier func(*reuse.Provision) bool, provs func(*reuse.Provision) bool, row func(string, string)) {
	var b reuse.Provision
	if !provs(&b) {
		return
	}
	var found []reuse.Reuse
	var a reuse.Provision
	for earlier(&a) {
		if x, ok := reuse.AlignPair(&a, &b, f.Opt); ok {
			found = append(found, x)
		}
	}
	emitRows("reuse.csv", (&pipeline.Result{Reused: found}).ReuseRows(), row)
}

// echoFn computes the echoes whose target is this document (pipeline.EchoesInto), with every
// reference provision as a side input.
type echoFn struct {
	Opt reuse.EchoOptions

	refs   []reuse.Provision
	loaded bool
}

func (f *echoFn) ProcessElement(d DocElem, iter func(*reuse.Provision) bool, row func(string, string)) {
	if !f.loaded {
		var p reuse.Provision
		for iter(&p) {
			f.refs = append(f.refs, p)
		}
		f.loaded = true
	}
	es := pipeline.EchoesInto(f.refs, pipeline.ReuseProvisions(d.Res), f.Opt)
	emitRows("references.csv", (&pipeline.Result{Echoes: es}).ReferenceRows(), row)
}
