package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models/dictionary"
	"github.com/stanceshift/stanceshift/models/labels"
	"github.com/stanceshift/stanceshift/pipeline"
	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/pipeline/reuse"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
	"github.com/stanceshift/stanceshift/results"
)

// Config is what Build needs.
type Config struct {
	// Out is the directory (or object-store prefix, e.g. gs://bucket/run1) the shards go to.
	Out string
	// Shards is the number of shard files per report (0 means DefaultShards).
	Shards int
	// ReuseBuckets is the number of keys of the reuse join (0 means DefaultReuseBuckets).
	ReuseBuckets int
}

// DefaultReuseBuckets is the number of keys of the shingle join: postings are keyed by the top
// shingle hash modulo 256, so one key holds whole posting lists of about 1/256 of the
// shingles. Keying by the hash itself gave the runner one key per distinct shingle (millions);
// on Prism that alone took minutes for 20 MB.
const DefaultReuseBuckets = 256

// DefaultShards is the number of shard files per report when Config.Shards is 0.
const DefaultShards = 4

// DocInfo is what the driver knows of a document before the workers read it.
type DocInfo struct {
	Pos     int
	File    string // absolute path, as fileio.MatchFiles reports it; of a table's document, the table (or its copy)
	Display string // corpus.DisplayPath
	Meta    string // JSON of the corpus.Document
	Table   string // JSON of its corpus.TableLocation: where its rows are in the table ("" for a file)
}

// TableSplit is the documents of a provisions table one worker reads with one reader of the
// table, in the order of their first rows: a table is read by byte ranges (its documents'
// rows, as Load found them), and a file system that can only read a file from its start
// (gs://) then skips to each split's first row once, as textio does for its splits.
type TableSplit struct {
	Docs []DocInfo
}

// TableSplitBytes is about how much of a table one TableSplit covers.
const TableSplitBytes = 32 << 20

// Plan is the part of a run decided when the graph is built: the corpus's documents in corpus
// order and the loading errors and warnings. A provisions table's documents are also in Splits
// and TableSHA is the table's SHA-256 (documents.csv's source_sha256).
type Plan struct {
	Corpus   *corpus.Corpus
	Docs     []DocInfo
	Globs    []string
	Splits   []TableSplit
	TableSHA string
	Skipped  []error
	Warnings []corpus.Warning
	// Dictionary is the manifest's `dictionary:` (SetDictionary replaces it); empty for the
	// embedded default.
	Dictionary Dictionary
	// Labels are the manifest's `labels:` (or those given with SetLabels): with labels, the
	// classifier is fitted and scores as in `stanceshift run`.
	Labels []labels.Label
}

// SetLabels makes the run train the classifier on ls (the labels of splits test and heldout
// excepted, as in `stanceshift run --labels`), replacing the manifest's.
func (p *Plan) SetLabels(ls []labels.Label) { p.Labels = ls }

// SetDictionary makes the run use the stance and concept dictionary yamlText (name is how
// errors show it: the file's path), as `stanceshift run --dictionary` does. It is parsed here,
// so that a bad dictionary is an error with its line before the job starts.
func (p *Plan) SetDictionary(yamlText []byte, name string) error {
	if _, err := dictionary.ParseYAML(yamlText, name); err != nil {
		return err
	}
	p.Dictionary = Dictionary{YAML: string(yamlText), Name: name}
	return nil
}

// NewPlan loads the corpus (manifest or directory listing only; no document is read here; a
// provisions table is read once, to check its rows and find each document's) and lists the
// documents in corpus order. Documents whose file does not exist are skipped with the error
// `stanceshift run` gives them. files is where the workers find the corpus directory, or for a
// provisions table the table file (a copy of it, e.g. gs://bucket/corpus or
// gs://bucket/provisions.csv); "" means the local path itself. A table's copy must hold the same
// bytes: a row that differs is an error naming the table and the row's line, and that document
// is skipped.
func NewPlan(path, files string) (*Plan, error) {
	c, err := corpus.Load(path)
	if err != nil {
		return nil, err
	}
	switch {
	case c.Kind == corpus.KindTable:
		return tablePlan(c, path, files)
	}
	root := path
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		root = filepath.Dir(path)
	}
	root, err = filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if files == "" {
		files = root
	}
	if strings.ContainsAny(files, "*?[\\") {
		return nil, fmt.Errorf("beam: %s: the corpus path contains a glob metacharacter (* ? [ \\), which fileio.MatchFiles would expand", files)
	}
	remote := strings.Contains(files, "://")
	p := &Plan{Corpus: c, Skipped: append([]error(nil), c.Skipped...), Warnings: append([]corpus.Warning(nil), c.Warnings...)}
	if c.Labels != "" { // read where the command runs, as the manifest is
		b, err := c.ReadFile(c.Labels)
		if err != nil {
			return nil, err
		}
		if p.Labels, err = labels.Read(bytes.NewReader(b), c.DisplayPath(c.Labels)); err != nil {
			return nil, err
		}
	}
	if c.Dictionary != "" {
		b, err := c.ReadFile(c.Dictionary)
		if err != nil {
			return nil, err
		}
		if err := p.SetDictionary(b, c.DisplayPath(c.Dictionary)); err != nil {
			return nil, err
		}
	}
	globs := map[string]bool{}
	pos := 0
	for _, inst := range corpus.Instruments(c.Documents) {
		for _, d := range inst.Versions {
			pos++
			if _, err := fs.Stat(c.FS, d.Path); err != nil {
				_, rerr := c.ReadFile(d.Path) // the error `stanceshift run` reports
				if rerr == nil {
					rerr = &corpus.Error{Path: c.DisplayPath(d.Path), Err: err}
				}
				p.Skipped = append(p.Skipped, rerr)
				continue
			}
			meta, err := json.Marshal(d)
			if err != nil {
				return nil, err
			}
			file := filepath.Join(files, filepath.FromSlash(d.Path))
			if remote {
				file = strings.TrimSuffix(files, "/") + "/" + d.Path
			}
			p.Docs = append(p.Docs, DocInfo{Pos: pos - 1, File: file, Display: c.DisplayPath(d.Path), Meta: string(meta)})
			globs[file[:strings.LastIndex(file, "/")+1]+"*"] = true
		}
	}
	for g := range globs {
		p.Globs = append(p.Globs, g)
	}
	sort.Strings(p.Globs)
	return p, nil
}

// tablePlan is NewPlan for a provisions table: each document with its rows' places, and the
// documents cut into TableSplits of about TableSplitBytes of the table.
func tablePlan(c *corpus.Corpus, path, files string) (*Plan, error) {
	if files == "" {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, err
		}
		files = abs
	}
	p := &Plan{Corpus: c, Skipped: append([]error(nil), c.Skipped...), Warnings: append([]corpus.Warning(nil), c.Warnings...)}
	if d, ok := c.Digests[c.Inputs[0]]; ok {
		p.TableSHA = d.SHA256
	}
	var docs []placedDoc
	pos := 0
	for _, inst := range corpus.Instruments(c.Documents) {
		for _, d := range inst.Versions {
			pos++
			loc, ok := d.TableLocation()
			if !ok {
				return nil, fmt.Errorf("beam: %s: document %q has no place in the table (was the table loaded from its file?)", path, d.ID)
			}
			meta, err := json.Marshal(d)
			if err != nil {
				return nil, err
			}
			rows, err := json.Marshal(loc)
			if err != nil {
				return nil, err
			}
			info := DocInfo{Pos: pos - 1, File: files, Display: c.DisplayPath(d.Path), Meta: string(meta), Table: string(rows)}
			p.Docs = append(p.Docs, info)
			docs = append(docs, placedDoc{info, loc.Rows[0].Offset})
		}
	}
	p.Splits = cutSplits(docs, TableSplitBytes)
	return p, nil
}

// placedDoc is a document of a table with the byte offset of its first row.
type placedDoc struct {
	info  DocInfo
	first int64
}

// cutSplits orders docs by their first rows and cuts them into splits whose first rows lie
// within size bytes of the split's first (a split holds at least one document).
func cutSplits(docs []placedDoc, size int64) []TableSplit {
	docs = slices.Clone(docs)
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].first < docs[j].first })
	var out []TableSplit
	var cur TableSplit
	var from int64
	for _, d := range docs {
		if len(cur.Docs) > 0 && d.first-from >= size {
			out = append(out, cur)
			cur = TableSplit{}
		}
		if len(cur.Docs) == 0 {
			from = d.first
		}
		cur.Docs = append(cur.Docs, d.info)
	}
	if len(cur.Docs) > 0 {
		out = append(out, cur)
	}
	return out
}

// TFIDF, AlignOptions, ReuseOptions and EchoOptions are the settings of the graph: those of
// `stanceshift run` without flags.
var (
	TFIDF, _     = pipeline.TFIDFOptions(pipeline.TFIDFDefault)
	AlignOptions = align.DefaultOptions()
	ReuseOptions = reuse.Options{}
	EchoOptions  = reuse.EchoOptions{}
)

// Build adds the whole pipeline to s: read, analyse, vectorize, key phrases, stance, align,
// reuse, and the sharded report writers. See the package documentation for the shape.
func Build(s beam.Scope, p *Plan, cfg Config) {
	shards := cfg.Shards
	if shards <= 0 {
		shards = DefaultShards
	}
	s = s.Scope("stanceshift")

	// Read whole files (a table: its splits' rows) and run the per-document map.
	var docs, readRows beam.PCollection
	if p.Corpus.Kind == corpus.KindTable {
		splits := beam.Reshuffle(s, beam.CreateList(s, p.Splits))
		docs, readRows = beam.ParDo2(s, &tableReadFn{SHA: p.TableSHA}, splits)
	} else {
		var matched []beam.PCollection
		for _, g := range p.Globs {
			matched = append(matched, fileio.MatchFiles(s, g, fileio.MatchEmptyAllow()))
		}
		files := fileio.ReadMatches(s, beam.Flatten(s, matched...), fileio.ReadUncompressed(), fileio.ReadDirectorySkip())
		docs, readRows = beam.ParDo2(s, &readFn{Docs: p.Docs}, files)
	}

	// Corpus-loading errors and warnings, known when the graph is built.
	var fixed []string
	var errRows []results.ErrorRow
	for _, err := range p.Skipped {
		errRows = append(errRows, pipeline.ErrorRow(err))
	}
	var warnRows []results.WarningRow
	for _, w := range p.Warnings {
		warnRows = append(warnRows, results.WarningRow{Path: w.Path, Line: w.Line, Warning: w.Msg})
	}
	collect := func(name, recs string) { fixed = append(fixed, name+"\x00"+recs) }
	emitRows("errors.csv", errRows, collect)
	emitRows("warnings.csv", warnRows, collect)
	fixedRows := beam.ParDo(s, splitKV, beam.CreateList(s, append(fixed, "")))

	// Vocabulary and document frequencies: a lifted combine over the provisions' terms.
	terms := beam.ParDo(s, &termsFn{TF: TFIDF}, docs)
	vocab := beam.Combine(s, &vectorize.DFCombineFn{Options: TFIDF}, terms)
	termRows := beam.ParDo(s, termRowsFn, vocab)

	// TF-IDF rows and key phrases: per document, the vocabulary as a side input.
	vdocs := beam.ParDo(s, &vectorsFn{TF: TFIDF}, docs, beam.SideInput{Input: vocab})

	// Model fits: corpus-wide combines, fed back as side inputs.
	counts := beam.Combine(s, &countsFn{}, beam.ParDo(s, sentCountFn, vdocs))
	sample := beam.ParDo(s, &sampleFn{Max: pipeline.DefaultLSSMaxSentences}, vdocs, beam.SideInput{Input: counts})
	lssFit := beam.ParDo(s, &lssFitFn{Dict: p.Dictionary}, beam.Impulse(s), beam.SideInput{Input: sample})
	lssRows := beam.ParDo(s, lssWarningFn, lssFit)
	wsFit := beam.Combine(s, &wsFitFn{}, beam.ParDo(s, &wsDocFn{TF: TFIDF}, vdocs))
	// The classifier, with labels: fitted once on the labelled provisions' texts.
	clsFit := beam.Create(s, ClassifierFit{})
	var clsRows []beam.PCollection
	if len(p.Labels) > 0 {
		ids := make([]string, len(p.Labels))
		for i, l := range p.Labels {
			ids[i] = l.ProvisionID
		}
		labelled := beam.ParDo(s, &labelledFn{IDs: ids}, vdocs)
		clsFit = beam.ParDo(s, &classifierFitFn{Labels: p.Labels, Dict: p.Dictionary, TF: TFIDF}, beam.Impulse(s),
			beam.SideInput{Input: vocab}, beam.SideInput{Input: labelled})
		clsRows = append(clsRows, beam.ParDo(s, classifierWarningFn, clsFit))
	}

	// Scores, concepts and the per-document reports.
	scored, docRows := beam.ParDo2(s, &scoreFn{TF: TFIDF, ShiftBand: pipeline.DefaultShiftBand, Dict: p.Dictionary}, vdocs,
		beam.SideInput{Input: lssFit}, beam.SideInput{Input: wsFit}, beam.SideInput{Input: clsFit}, beam.SideInput{Input: vocab})

	// Versions: group by instrument.
	byInst := beam.GroupByKey(s, beam.ParDo(s, byInstrumentFn, scored))
	versionRows := beam.ParDo(s, &versionsFn{Align: AlignOptions, ShiftBand: pipeline.DefaultShiftBand}, byInst)

	// Reuse: a keyed join on shingle hashes, as package reuse's inverted index; echoes per
	// target document with the reference provisions as a side input.
	buckets := cfg.ReuseBuckets
	if buckets <= 0 {
		buckets = DefaultReuseBuckets
	}
	postings, provsByID, refProvs := beam.ParDo3(s, &reuseInputsFn{Opt: ReuseOptions, Buckets: buckets}, vdocs)
	pairCounts := beam.ParDo(s, &shinglePairsFn{MaxDF: ReuseOptions.Thresholds().MaxDF, Buckets: buckets}, beam.GroupByKey(s, postings))
	pairs := beam.ParDo(s, &keepPairsFn{MinShared: ReuseOptions.Thresholds().MinShared}, beam.GroupByKey(s, pairCounts))
	halves := beam.ParDo(s, attachSourceFn, beam.CoGroupByKey(s, pairs, provsByID))
	reuseRows := beam.ParDo(s, &alignPairsFn{Opt: ReuseOptions}, beam.CoGroupByKey(s, halves, provsByID))
	echoRows := beam.ParDo(s, &echoFn{Opt: EchoOptions}, vdocs, beam.SideInput{Input: refProvs})

	rows := beam.Flatten(s, append([]beam.PCollection{readRows, fixedRows, termRows, lssRows, docRows, versionRows, reuseRows, echoRows}, clsRows...)...)
	WriteShards(s, cfg.Out, shards, rows)
}
