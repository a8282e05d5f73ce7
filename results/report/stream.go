package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/stanceshift/stanceshift/results"
)

// A split report is built in a stream (WriteWith): the per-instrument CSV reports are written in
// instrument order (documents.csv order, all rows of one instrument together), so they are read
// side by side one instrument at a time, and each instrument's page and charts are built,
// written and let go before the next instrument's rows are read. A first pass (indexInputs)
// keeps only what the index page and the links between pages need: documents.csv,
// document_scores.csv, reuse.csv, and for every provision id its instrument, plus the page-wide
// filter lists. Output is byte-identical to a build from the whole files (buildWith); when the
// files are not in the order this needs (hand-edited, or rows naming another instrument's
// provisions), errNotGrouped sends WriteWith back to reading them whole.

// errNotGrouped: the CSV files are not grouped by instrument in documents.csv order (or a row
// names a provision of another instrument), so they cannot be read one instrument at a time.
var errNotGrouped = errors.New("report: rows not grouped by instrument")

// streamIndex is what a streamed build keeps for the whole run.
type streamIndex struct {
	files []string
	has   map[string]bool

	docs   []docRow
	docsOf [][]docRow // per instrument
	// document_scores.csv's rows per instrument, in file order (rows of unknown documents are
	// dropped, as the whole build never looks them up). Handing each page the corpus's rows made
	// the build quadratic: every page indexed all of them, twice (27,035 documents' rows on each of 6,028 pages at 1 GB).
	docScoresOf [][]docScoreRow
	reuse       []reuseRow
	reuseOf     [][]int32 // per instrument: the reuse rows naming one of its provisions, in file order
	// reuseDropped counts reuse passages on unknown provisions (the whole build counts them in
	// lazySpans; a streamed one once, here)
	reuseDropped int

	insts   []string // instruments in page order (documents.csv order)
	instOf  map[string]int32
	docInst map[string]int32
	// every provision id of provisions.csv and alignment.csv -> its provInfo in infos (an
	// index, not the value: assigning to a map's existing string key stores the new key, which
	// would keep the CSV row it was sliced from)
	prov  map[string]int32
	infos []provInfo

	statuses, directions, concepts map[string]bool
	mentionCounts                  map[string][]float64 // the heat map's counts; nil unless concept_mentions.csv has rows

	noPNG    bool                                // Options.NoPNG
	note     func(note string)                   // Options.Note
	progress func(stage string, done, total int) // Options.Progress
}

type provInfo struct {
	inst    int32
	known   bool // in provisions.csv (else only named by alignment.csv)
	aligned bool // named by alignment.csv
}

// known reports whether provisions.csv has the provision.
func (g *streamIndex) known(id string) bool {
	i, ok := g.prov[id]
	return ok && g.infos[i].known
}

// info returns the provInfo of a provision id, if it has one.
func (g *streamIndex) info(id string) (*provInfo, bool) {
	i, ok := g.prov[id]
	if !ok {
		return nil, false
	}
	return &g.infos[i], true
}

// addProvision records a provision id (a string of its own, made from a row's bytes).
func (g *streamIndex) addProvision(id string, p provInfo) {
	g.prov[id] = int32(len(g.infos))
	g.infos = append(g.infos, p)
}

// anchored reports whether the provision has an anchor on some page (every id of every row).
func (g *streamIndex) anchored(id string) bool {
	_, ok := g.prov[id]
	return ok && id != ""
}

// provisionInstrument is the instrument of a provision of provisions.csv.
func (g *streamIndex) provisionInstrument(id string) (string, bool) {
	p, ok := g.info(id)
	if !ok || !p.known {
		return "", false
	}
	return g.insts[p.inst], true
}

func (g *streamIndex) instOfProvision(id string) int32 {
	if p, ok := g.info(id); ok {
		return p.inst
	}
	return -1
}

func specNamed(name string) spec {
	for _, s := range specs {
		if s.name == name {
			return s
		}
	}
	panic("report: no spec " + name)
}

// csvStream reads one report row by row.
type csvStream struct {
	name string
	f    *os.File
	cr   *csvReader
	cols map[string]int
	line int
	// recb is the row, as bytes (valid until the next row: a reader makes strings of what it
	// keeps)
	recb rowBytes
	// named is getBytes's columns so far, with their positions (-1: the header lacks it): the
	// first pass asks for a few columns of every row, by the same strings
	named []colRef
}

// openStream opens dir/s.name and reads its header; a missing optional file gives (nil, nil).
func openStream(dir string, s spec) (*csvStream, error) { return openMetered(dir, s, nil) }

// openMetered is openStream counting the bytes it reads on m (nil: none).
func openMetered(dir string, s spec, m *byteMeter) (*csvStream, error) {
	f, err := os.Open(filepath.Join(dir, s.name))
	if err != nil {
		if s.optional && errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("report: %w", err)
	}
	var r io.Reader = f
	if m != nil {
		r = meteredReader{f, m}
	}
	cr := newCSVReader(r, 1<<16) // its records are reused: a row's fields are read before the next row
	cols, err := readHeader(cr, s.name, s.cols)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &csvStream{name: s.name, f: f, cr: cr, cols: cols}, nil
}

// next reads the next row into c.recb (its bounds the row before's, reused); false at the end
// of the file.
func (c *csvStream) next() (bool, error) {
	var err error
	c.recb, c.line, err = c.cr.ReadBytes()
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		// csv.ParseError and ErrFieldCount both carry the line.
		return false, fmt.Errorf("report: %s: %w", c.name, err)
	}
	return true, nil
}

// getBytes is the row's field of column col (nil when the header lacks it), valid until the
// next row.
func (c *csvStream) getBytes(col string) []byte {
	j := c.column(col)
	if j < 0 {
		return nil
	}
	return c.recb.field(j)
}

// column is the position of column col (-1: the header lacks it).
func (c *csvStream) column(col string) int {
	for _, n := range c.named {
		if n.name == col {
			return n.j
		}
	}
	j, ok := c.cols[col]
	if !ok {
		j = -1
	}
	c.named = append(c.named, colRef{col, j})
	return j
}

func (c *csvStream) close() {
	if c != nil && c.f != nil {
		c.f.Close()
		c.f = nil
	}
}

// scanFile calls fn on every row of dir/name (nothing when the optional file is absent), read
// as bytes (csvStream.getBytes): fn copies what it keeps. (Strings made of every row of the
// first pass's four files were 4% of the bytes a 10 MB report allocated.) With ahead, the rows
// are read on another goroutine, a block at a time (rowBlock), while fn looks at the block
// before: for the files read while nothing else needs the other CPU (the pages wait for the
// first pass, and reading provisions.csv's quoted texts was most of scanning it). A cancelled
// ctx stops the scan with its error within a block (or scanCheckRows rows): the first pass over
// a 1 GB corpus's reports takes about 35 s. m, when not nil, counts the bytes read.
func scanFile(ctx context.Context, dir, name string, ahead bool, m *byteMeter, fn func(c *csvStream) error) error {
	c, err := openMetered(dir, specNamed(name), m)
	if err != nil || c == nil {
		return err
	}
	defer c.close()
	if !ahead {
		for n := 1; ; n++ {
			if n%scanCheckRows == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			ok, err := c.next()
			if err != nil {
				return err
			}
			if !ok {
				return nil
			}
			if err := fn(c); err != nil {
				return err
			}
		}
	}
	full := make(chan *rowBlock, scanBlocks-1)
	free := make(chan *rowBlock, scanBlocks)
	for range scanBlocks {
		free <- rowBlocks.Get().(*rowBlock)
	}
	stop := make(chan struct{})
	var reader sync.WaitGroup
	reader.Go(func() { c.readBlocks(free, full, stop) })
	var b *rowBlock // the block fn is looking at
	defer func() {
		close(stop)
		reader.Wait() // before c.close
		if b != nil {
			rowBlocks.Put(b)
		}
		for b := range full {
			rowBlocks.Put(b)
		}
		for range len(free) {
			rowBlocks.Put(<-free)
		}
	}()
	row := &csvStream{name: c.name, cols: c.cols}
	for b = range full {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range b.lines {
			row.recb, row.line = b.row(i), b.lines[i]
			if err := fn(row); err != nil {
				return err
			}
		}
		if b.err != nil {
			return b.err
		}
		free <- b
		b = nil
	}
	return nil
}

// byteMeter counts the bytes the first pass of a split report reads, for Options.Progress
// (IndexStage, in MiB of the files it scans): on an archive corpus the pass takes a while
// before the first page (about 35 s at 1 GB). Several scans add to it at once; it reports a
// count only when the MiB it has read grew, under its lock.
type byteMeter struct {
	mu       sync.Mutex
	progress func(stage string, done, total int)
	read     int64
	shown    int
	total    int
}

// newByteMeter is a meter of the files of dir named names (those that exist), and reports 0 of
// their MiB; nil without progress.
func newByteMeter(progress func(stage string, done, total int), dir string, names ...string) *byteMeter {
	if progress == nil {
		return nil
	}
	var size int64
	for _, name := range names {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil {
			size += fi.Size()
		}
	}
	m := &byteMeter{progress: progress, total: int((size + 1<<20 - 1) >> 20)}
	progress(IndexStage, 0, m.total)
	return m
}

// done reports the whole of the files read (a file read in fewer bytes than its size at the
// start, or a total rounded up, would leave the count short of it).
func (m *byteMeter) done() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.shown < m.total {
		m.shown = m.total
		m.progress(IndexStage, m.total, m.total)
	}
}

func (m *byteMeter) add(n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.read += int64(n)
	if mib := min(int(m.read>>20), m.total); mib > m.shown {
		m.shown = mib
		m.progress(IndexStage, mib, m.total)
	}
}

// meteredReader reads from r and counts what it read on m.
type meteredReader struct {
	r io.Reader
	m *byteMeter
}

func (r meteredReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.m.add(n)
	return n, err
}

// scanCheckRows is how often a scan that does not read ahead looks at its context, in rows.
const scanCheckRows = 4096

// rowBlocks keeps the blocks of one scan for the next.
var rowBlocks = sync.Pool{New: func() any { return new(rowBlock) }}

// scanBlocks is how many rowBlocks a scan has: one being read, one being looked at, one
// waiting.
const scanBlocks = 3

// rowBlockBytes is about how many bytes of fields a rowBlock holds.
const rowBlockBytes = 64 << 10

// rowBlock is a run of rows read ahead by readBlocks: their fields' bytes one after the other.
type rowBlock struct {
	buf    []byte
	fields [][2]int // each field's bounds in buf
	first  []int    // each row's first field in fields
	lines  []int    // each row's line
	err    error    // the read's error after the rows (not io.EOF)
}

// row is row i's fields.
func (b *rowBlock) row(i int) rowBytes {
	hi := len(b.fields)
	if i+1 < len(b.first) {
		hi = b.first[i+1]
	}
	return rowBytes{b.buf, b.fields[b.first[i]:hi]}
}

// readBlocks reads c's rows into the blocks it takes from free and sends them to full, which it
// closes at the end of the file, after an error (in the last block), or once stop is closed.
func (c *csvStream) readBlocks(free <-chan *rowBlock, full chan<- *rowBlock, stop <-chan struct{}) {
	defer close(full)
	for {
		var b *rowBlock
		select {
		case b = <-free:
		case <-stop:
			return
		}
		b.buf, b.fields, b.first, b.lines, b.err = b.buf[:0], b.fields[:0], b.first[:0], b.lines[:0], nil
		more := true
		for len(b.buf) < rowBlockBytes {
			err := c.cr.readRecord()
			if err != nil {
				if err != io.EOF {
					// csv.ParseError and ErrFieldCount both carry the line.
					b.err = fmt.Errorf("report: %s: %w", c.name, err)
				}
				more = false
				break
			}
			// The record's fields are raw[bounds[k][0]:bounds[k][1]], in order: copied at once.
			raw, bounds := c.cr.raw, c.cr.bounds
			lo, hi := bounds[0][0], bounds[len(bounds)-1][1]
			shift := len(b.buf) - lo
			b.buf = append(b.buf, raw[lo:hi]...)
			b.first = append(b.first, len(b.fields))
			b.lines = append(b.lines, c.cr.recLine)
			for _, f := range bounds {
				b.fields = append(b.fields, [2]int{f[0] + shift, f[1] + shift})
			}
		}
		select {
		case full <- b:
		case <-stop:
			return
		}
		if !more {
			return
		}
	}
}

// indexInputs is the first pass of a streamed build. It returns (nil, nil) when the report is
// not split (split: Options.Pages is PagesSplit; otherwise more than MaxInstrumentsOnePage
// instruments split it).
//
// The pages wait for it, so it keeps both CPUs busy where it can: reuse.csv is read beside
// the rest, and once provisions.csv and alignment.csv have given every provision id its
// instrument, shifts.csv and concept_mentions.csv are scanned side by side (both only read the
// ids). Its errors are those of the files read one after the other, in the order above: the
// first file's, whichever goroutine read it.
func indexInputs(ctx context.Context, dir string, split bool, progress func(stage string, done, total int)) (*streamIndex, error) {
	g := &streamIndex{has: map[string]bool{}, instOf: map[string]int32{}, docInst: map[string]int32{},
		prov: map[string]int32{}, statuses: map[string]bool{}, directions: map[string]bool{}, concepts: map[string]bool{}}
	// Every header first, in the order of the whole build.
	for _, s := range specs {
		c, err := openStream(dir, s)
		if err != nil {
			return nil, err
		}
		if c == nil {
			continue
		}
		c.close()
		g.files = append(g.files, s.name)
		g.has[s.name] = true
	}
	// The small reports, whole; reuse.csv, the largest, beside what follows.
	readWhole := func(name string, in *inputs) error {
		s := specNamed(name)
		t, err := readTable(dir, s.name, s.cols, s.optional)
		if err != nil {
			return err
		}
		return t.each(func(r *rowReader) { s.read(in, r) })
	}
	reuseIn := &inputs{has: g.has}
	var reuseErr, mentionsErr error
	var reuseRead, mentionsRead sync.WaitGroup
	reuseRead.Go(func() { reuseErr = readWhole("reuse.csv", reuseIn) })
	// fail waits for the goroutines and returns err, or reuse.csv's error, read before it
	// (concept_mentions.csv's is err when it is the first).
	fail := func(err error) (*streamIndex, error) {
		mentionsRead.Wait()
		reuseRead.Wait()
		if reuseErr != nil {
			return nil, reuseErr
		}
		return nil, err
	}
	in := &inputs{has: g.has}
	for _, name := range []string{"documents.csv", "document_scores.csv"} {
		if err := readWhole(name, in); err != nil {
			reuseRead.Wait()
			return nil, err
		}
	}
	g.docs = in.docs
	for _, d := range g.docs {
		i, ok := g.instOf[d.Instrument]
		if !ok {
			i = int32(len(g.insts))
			g.instOf[d.Instrument] = i
			g.insts = append(g.insts, d.Instrument)
			g.docsOf = append(g.docsOf, nil)
		}
		if j, dup := g.docInst[d.DocID]; dup && j != i {
			return fail(errNotGrouped)
		}
		g.docInst[d.DocID] = i
		g.docsOf[i] = append(g.docsOf[i], d)
	}
	g.docScoresOf = make([][]docScoreRow, len(g.insts))
	for _, sc := range in.docScores {
		if i, ok := g.docInst[sc.DocID]; ok {
			g.docScoresOf[i] = append(g.docScoresOf[i], sc)
		}
	}
	if !split && len(g.insts) <= MaxInstrumentsOnePage {
		_, err := fail(nil)
		return nil, err
	}

	// The scans below are what takes the time: their bytes are the stage's progress.
	meter := newByteMeter(progress, dir, "provisions.csv", "alignment.csv", "shifts.csv", "concept_mentions.csv")

	// provisions.csv: every id and its instrument.
	last := int32(-1)
	var insts instCache
	err := scanFile(ctx, dir, "provisions.csv", true, meter, func(c *csvStream) error {
		inst, ok := insts.of(g, c.getBytes("instrument"))
		if !ok || inst < last {
			return errNotGrouped
		}
		last = inst
		id := c.getBytes("provision_id")
		if len(id) == 0 {
			return errNotGrouped
		}
		n := len(g.prov)
		g.addProvision(string(id), provInfo{inst: inst, known: true})
		if len(g.prov) == n {
			return errNotGrouped // an id seen before (its entry overwritten: the index is dropped)
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}

	// alignment.csv: the statuses, the ids it names, and the rows' keys for the directions.
	// every row's pair of provisions (their indexes in g.infos, -1 for none) -> has a shift (a
	// string key per row, from and to joined, was an allocation per row and a longer hash)
	var pairs map[[2]int32]bool
	if g.has["shifts.csv"] {
		pairs = map[[2]int32]bool{}
	}
	last = -1
	// the documents of the row before, found in inst (a version pair's rows come together)
	var docs [2][]byte
	docsChecked := false
	err = scanFile(ctx, dir, "alignment.csv", true, meter, func(c *csvStream) error {
		inst, ok := insts.of(g, c.getBytes("instrument"))
		if !ok || inst < last {
			return errNotGrouped
		}
		fromDoc, toDoc := c.getBytes("from_doc"), c.getBytes("to_doc")
		if !docsChecked || inst != last || !bytes.Equal(fromDoc, docs[0]) || !bytes.Equal(toDoc, docs[1]) {
			for _, doc := range [2][]byte{fromDoc, toDoc} {
				if j, ok := g.docInst[string(doc)]; ok && j != inst {
					return errNotGrouped
				}
			}
			docs = [2][]byte{append(docs[0][:0], fromDoc...), append(docs[1][:0], toDoc...)}
			docsChecked = true
		}
		last = inst
		if st := c.getBytes("status"); !g.statuses[string(st)] {
			g.statuses[string(st)] = true
		}
		ends := [2]int32{-1, -1}
		for k, id := range [2][]byte{c.getBytes("from_provision"), c.getBytes("to_provision")} {
			if len(id) == 0 {
				continue
			}
			if i, ok := g.prov[string(id)]; ok {
				p := &g.infos[i]
				if p.inst != inst {
					return errNotGrouped
				}
				p.aligned = true
				ends[k] = i
			} else {
				ends[k] = int32(len(g.infos))
				g.addProvision(string(id), provInfo{inst: inst, aligned: true})
			}
		}
		if pairs != nil {
			pairs[ends] = false
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}

	// Every provision id is known: concept_mentions.csv is scanned beside the rest.
	mentionsRead.Go(func() { mentionsErr = g.scanMentions(ctx, dir, meter) })

	for i, p := range g.infos {
		if p.known && !p.aligned {
			g.statuses["unaligned"] = true
			if pairs != nil {
				pairs[[2]int32{-1, int32(i)}] = false
			}
		}
	}

	// shifts.csv: the directions of the rows' shifts ("unscored" for a row without one). A shift
	// must name provisions of its own instrument, so each instrument's rows find theirs among
	// the instrument's shifts. A row of the same instrument and provisions as the row before (a
	// shift per model) passes the same checks and finds the same pair: only its direction is new.
	var prev [3][]byte // instrument, from and to of the row before
	first := true
	aligned := false // the row's pair is in alignment.csv
	err = scanFile(ctx, dir, "shifts.csv", true, meter, func(c *csvStream) error {
		instName, from, to := c.getBytes("instrument"), c.getBytes("from_provision"), c.getBytes("to_provision")
		if first || !bytes.Equal(instName, prev[0]) || !bytes.Equal(from, prev[1]) || !bytes.Equal(to, prev[2]) {
			inst, ok := insts.of(g, instName)
			if !ok {
				inst = -1
			}
			if len(from) == 0 && len(to) == 0 {
				return errNotGrouped
			}
			// the pair's key in pairs; a provision no row of alignment.csv names has none
			ends, keyed := [2]int32{-1, -1}, true
			for k, id := range [2][]byte{from, to} {
				if len(id) == 0 {
					continue
				}
				i, ok := g.prov[string(id)]
				if !ok {
					keyed = false
					continue
				}
				if g.infos[i].inst != inst {
					return errNotGrouped
				}
				ends[k] = i
			}
			aligned = false
			if keyed {
				if _, aligned = pairs[ends]; aligned {
					pairs[ends] = true
				}
			}
			prev = [3][]byte{append(prev[0][:0], instName...), append(prev[1][:0], from...), append(prev[2][:0], to...)}
			first = false
		}
		if aligned {
			if d := c.getBytes("direction"); !g.directions[string(d)] {
				g.directions[string(d)] = true
			}
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	for _, scored := range pairs {
		if !scored {
			g.directions["unscored"] = true
			break
		}
	}
	mentionsRead.Wait()
	if _, err := fail(mentionsErr); err != nil {
		return nil, err
	}
	meter.done()

	// reuse.csv: the rows each instrument's page needs, and the passages on unknown provisions.
	g.reuse = reuseIn.reuse
	g.reuseOf = make([][]int32, len(g.insts))
	for i, u := range g.reuse {
		for _, id := range []string{u.Target, u.Source} {
			if !g.known(id) {
				g.reuseDropped++
			}
		}
		ti, si := g.instOfProvision(u.Target), g.instOfProvision(u.Source)
		if ti >= 0 {
			g.reuseOf[ti] = append(g.reuseOf[ti], int32(i))
		}
		if si >= 0 && si != ti {
			g.reuseOf[si] = append(g.reuseOf[si], int32(i))
		}
	}
	return g, nil
}

// instCache looks instrument names up in streamIndex.instOf, remembering the last one: the rows
// of a report come grouped by instrument.
type instCache struct {
	name  []byte
	inst  int32
	ok    bool
	valid bool
}

func (ic *instCache) of(g *streamIndex, name []byte) (int32, bool) {
	if !ic.valid || !bytes.Equal(name, ic.name) {
		ic.inst, ic.ok = g.instOf[string(name)]
		ic.name, ic.valid = append(ic.name[:0], name...), true
	}
	return ic.inst, ic.ok
}

// scanMentions reads concept_mentions.csv (if any) for the concepts of the rows' provisions and
// the heat map's counts. It only reads g.prov, complete by then.
func (g *streamIndex) scanMentions(ctx context.Context, dir string, meter *byteMeter) error {
	if !g.has["concept_mentions.csv"] {
		return nil
	}
	var ivs []*instView
	for i := range g.insts {
		iv := &instView{}
		for _, d := range g.docsOf[i] {
			iv.Versions = append(iv.Versions, versionView{DocID: d.DocID})
		}
		ivs = append(ivs, iv)
	}
	cols, colIdx := presenceColumns(ivs)
	counts := map[string][]float64{}
	n := 0
	// The rows come grouped by provision (and so by document): each provision and document is
	// looked up once per run of its rows.
	var lastProv, lastDoc []byte
	known, col, docShown := false, 0, false
	err := scanFile(ctx, dir, "concept_mentions.csv", false, meter, func(c *csvStream) error {
		id, doc, concept := c.getBytes("provision_id"), c.getBytes("doc_id"), c.getBytes("concept")
		if n == 0 || !bytes.Equal(id, lastProv) {
			_, known = g.prov[string(id)]
			lastProv = append(lastProv[:0], id...)
		}
		if n == 0 || !bytes.Equal(doc, lastDoc) {
			col, docShown = colIdx[string(doc)]
			lastDoc = append(lastDoc[:0], doc...)
		}
		n++
		if known && !g.concepts[string(concept)] {
			g.concepts[string(concept)] = true
		}
		if docShown {
			row := counts[string(concept)]
			if row == nil {
				row = make([]float64, len(cols))
				counts[string(concept)] = row
			}
			row[col]++
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n > 0 {
		g.mentionCounts = counts
	}
	return nil
}

// groupReader reads one per-instrument report an instrument at a time.
type groupReader struct {
	c       *csvStream
	s       spec
	attr    func() int32 // the instrument of c's row; -1: a row no page shows, read with any
	t       table        // the row being read, for rowReader
	pending bool         // c's row is read but belongs to a later instrument
	done    bool
	// lines: each row is made one string, its fields cut from it (the reports whose fields
	// are mostly new ones: provisions' texts, alignment's diffs); else
	// the row's fields are read from its bytes (table.fields), strings made only of new values
	lines bool
	// unshown, for keyphrases.csv, takes the rows attr gives -1: rows no page or chart uses
	// (key phrases of provisions and of other scopes), read and checked as the others but not
	// kept (they were most of the file and a twentieth of the bytes the report allocated at
	// 10 MB)
	unshown *inputs
	// rows takes an instrument's rows as they are read; they are then moved to the
	// instrument's inputs at their number (rows appended to the instrument's slices grew them
	// from nothing: half of what reading the rows allocated was the slices' earlier copies)
	rows inputs
	rr   rowReader // the row being read (one per row escaped to the heap: 600,000 at 10 MB)
	// valid, for keyphrases.csv, reports whether the row's read function would read it
	// without error; such a row that attr gives -1 is not read (making its strings was a fifth
	// of reading the rows at 10 MB, most of the file's rows being key phrases of provisions).
	// Others are read.
	valid func() bool
}

// readGroup reads the rows of instrument inst into in. A row of an earlier instrument is
// errNotGrouped; a malformed row is an error naming the file and line.
func (gr *groupReader) readGroup(inst int32, in *inputs) error {
	clear(gr.t.evidence) // the evidence parsed for the instrument before
	err := gr.readRows(inst)
	moveRows(in, &gr.rows)
	return err
}

// moveRows appends src's rows of every report to dst's (dst's slices, nil before, get
// src's length) and empties src's, keeping their memory.
func moveRows(dst, src *inputs) {
	dst.provs = moveTo(dst.provs, &src.provs)
	dst.align = moveTo(dst.align, &src.align)
	dst.entities = moveTo(dst.entities, &src.entities)
	dst.keyphrases = moveTo(dst.keyphrases, &src.keyphrases)
	dst.kpChanges = moveTo(dst.kpChanges, &src.kpChanges)
	dst.stance = moveTo(dst.stance, &src.stance)
	dst.shifts = moveTo(dst.shifts, &src.shifts)
	dst.mentions = moveTo(dst.mentions, &src.mentions)
	dst.conceptChanges = moveTo(dst.conceptChanges, &src.conceptChanges)
}

// moveTo appends *src to dst and empties *src (cleared, so that it holds no row's strings),
// keeping its memory.
func moveTo[T any](dst []T, src *[]T) []T {
	if len(*src) == 0 {
		return dst
	}
	dst = append(dst, *src...)
	clear(*src)
	*src = (*src)[:0]
	return dst
}

// readRows reads the rows of instrument inst into gr.rows.
func (gr *groupReader) readRows(inst int32) error {
	for {
		if !gr.pending {
			if gr.done {
				return nil
			}
			ok, err := gr.c.next()
			if err != nil {
				return err
			}
			if !ok {
				gr.done = true
				gr.c.close()
				return nil
			}
			gr.pending = true
		}
		a := gr.attr()
		if a >= 0 && a != inst {
			if a > inst {
				return nil
			}
			return errNotGrouped
		}
		gr.pending = false
		if a < 0 && gr.valid != nil && gr.valid() {
			continue // a row no page shows, whose fields read without error
		}
		if gr.lines {
			gr.t.rows[0] = gr.c.cr.strings()
		} else {
			gr.t.fields = &gr.c.recb
		}
		gr.t.lines[0] = gr.c.line
		gr.rr = rowReader{t: &gr.t}
		dst := &gr.rows
		if a < 0 && gr.unshown != nil {
			gr.unshown.keyphrases = gr.unshown.keyphrases[:0]
			dst = gr.unshown
		}
		gr.s.read(dst, &gr.rr)
		if gr.rr.err != nil {
			return gr.rr.err
		}
	}
}

// groupReaders opens the per-instrument reports (in specs order).
func (g *streamIndex) groupReaders(dir string) ([]*groupReader, error) {
	// Each report's attr, given its stream: the instrument of the row's instrument column, or of
	// its provision. A report's rows come grouped by instrument, and by provision, so each
	// looks up a value only when it is not the row before's.
	byInst := func(col string) func(c *csvStream) func() int32 {
		return func(c *csvStream) func() int32 {
			j := c.cols[col]
			var ic instCache
			return func() int32 {
				if i, ok := ic.of(g, c.recb.field(j)); ok {
					return i
				}
				return -1
			}
		}
	}
	byProv := func(c *csvStream) func() int32 {
		j := c.cols["provision_id"]
		var last []byte
		inst, valid := int32(-1), false
		return func() int32 {
			if id := c.recb.field(j); !valid || !bytes.Equal(id, last) {
				inst, valid = g.instOfProvision(string(id)), true
				last = append(last[:0], id...)
			}
			return inst
		}
	}
	attrs := map[string]func(c *csvStream) func() int32{
		"provisions.csv":        byInst("instrument"),
		"alignment.csv":         byInst("instrument"),
		"entities.csv":          byProv,
		"keyphrase_changes.csv": byInst("instrument"),
		"stance.csv":            byProv,
		"shifts.csv":            byInst("instrument"),
		"concept_mentions.csv":  byProv,
		"concept_changes.csv":   byInst("instrument"),
		"keyphrases.csv": func(c *csvStream) func() int32 {
			scope, id := c.cols["scope"], c.cols["scope_id"]
			return func() int32 {
				if string(c.recb.field(scope)) == "document" {
					if i, ok := g.docInst[string(c.recb.field(id))]; ok {
						return i
					}
				}
				return -1 // other scopes are not shown
			}
		},
	}
	lines := map[string]bool{"provisions.csv": true, "alignment.csv": true}
	var out []*groupReader
	for _, s := range specs {
		attr := attrs[s.name]
		if attr == nil {
			continue
		}
		c, err := openStream(dir, s)
		if err != nil {
			for _, gr := range out {
				gr.c.close()
			}
			return nil, err
		}
		if c == nil {
			continue
		}
		gr := &groupReader{c: c, s: s, attr: attr(c), lines: lines[s.name],
			t: table{name: s.name, cols: c.cols, rows: make([][]string, 1), lines: make([]int, 1)}}
		if s.name == "stance.csv" {
			gr.t.evidence = map[string][]evidence{}
		}
		if s.name == "keyphrases.csv" {
			gr.unshown = &inputs{}
			rank, score, count := c.cols["rank"], c.cols["score"], c.cols["count"]
			gr.valid = func() bool { // as the spec's read: rank, score, count
				return validInt(c.recb.field(rank)) && validFloat(c.recb.field(score)) && validInt(c.recb.field(count))
			}
		}
		out = append(out, gr)
	}
	return out, nil
}

// instResult is what one instrument's page leaves for the index.
type instResult struct {
	iv                *instView // Name, Anchor, File, Versions and the pairs' anchors only
	charts            []string  // chart files written, relative to dir
	page              string
	dropped, unmapped int
	err               error
}

// writeStreamed writes a split report instrument by instrument (see indexInputs).
func writeStreamed(ctx context.Context, dir string, g *streamIndex) ([]string, error) {
	readers, err := g.groupReaders(dir)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, gr := range readers {
			gr.c.close()
		}
	}()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Every page and chart goes into one batch: each is synced in the background as it is
	// written, and they all appear at the end, so an error or an interrupt leaves the folder's
	// earlier report as it was.
	batch := results.NewBatch()
	defer batch.Abort()

	n := len(g.insts)
	if g.progress != nil {
		g.progress(ProgressStage, 0, n)
	}
	type task struct {
		i  int
		in *inputs
	}
	tasks := make(chan task, 1)
	var readErr error
	var presenceKP []keyphraseRow // the documents' key phrases, for the heat map without concepts
	early := g.drawConceptMap()
	go func() {
		defer close(tasks)
		for i := 0; i < n; i++ {
			in := &inputs{files: g.files, has: g.has, docs: g.docsOf[i], docScores: g.docScoresOf[i]}
			for _, gr := range readers {
				if err := gr.readGroup(int32(i), in); err != nil {
					readErr = err
					cancel()
					return
				}
			}
			for _, k := range g.reuseOf[i] {
				in.reuse = append(in.reuse, g.reuse[k])
			}
			if g.mentionCounts == nil {
				for _, k := range in.keyphrases {
					if k.Scope == "document" {
						if _, ok := g.docInst[k.ScopeID]; ok {
							presenceKP = append(presenceKP, k)
						}
					}
				}
			}
			select {
			case tasks <- task{i, in}:
			case <-ctx.Done():
				return
			}
		}
	}()

	done := make([]instResult, n)
	named := make([]chan struct{}, n) // closed once instrument i's charts are named
	for i := range named {
		named[i] = make(chan struct{})
	}
	seen := map[string]int{} // chart names given so far, in instrument order
	var progressMu sync.Mutex
	pagesDone := 0
	var wg sync.WaitGroup
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range tasks {
				done[t.i] = g.writeInstrument(ctx, batch, dir, t.i, t.in, named, seen)
				if done[t.i].err != nil {
					cancel()
				} else if g.progress != nil && done[t.i].iv != nil {
					progressMu.Lock()
					pagesDone++
					g.progress(ProgressStage, pagesDone, n)
					progressMu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if readErr != nil {
		return nil, readErr
	}
	var chartNames, pageNames []string
	written := map[string]bool{}
	var ivs []*instView
	dropped, unmapped := g.reuseDropped, 0
	for i := range done {
		res := done[i]
		if res.err != nil {
			return nil, res.err
		}
		if res.iv == nil { // cancelled
			return nil, ctx.Err()
		}
		ivs = append(ivs, res.iv)
		chartNames = append(chartNames, res.charts...)
		pageNames = append(pageNames, "instruments/"+res.iv.File)
		written[res.iv.File] = true
		dropped += res.dropped
		unmapped += res.unmapped
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// The corpus-wide chart, drawn beside the pages (concept mentions) or now (key phrases).
	var global []chartView
	var presence drawnChart
	if early != nil {
		presence = <-early
	} else {
		// Before the heat map was capped at MaxHeatMapDocuments columns it was the largest thing
		// the report held (190,000 pixels wide at 100MB: an 83 MB image, drawn in strips), so the
		// pages' garbage is returned first and the collector kept tight while it is drawn (at
		// the default GOGC the heap grew to twice that image and the strips' buffers: 1.25 GB ->
		// 405 MB peak RSS with strips alone at 100MB); a wide chart still takes that path.
		debug.FreeOSMemory()
		defer debug.SetGCPercent(debug.SetGCPercent(20))
		presence = drawPresence(ivs, nil, presenceKP, !g.noPNG)
	}
	if presence.err != nil {
		return nil, presence.err
	}
	if len(presence.jobs) > 0 {
		nameCharts(presence.jobs, seen)
		charts := presence.charts
		for i := range charts {
			charts[i].Name = presence.jobs[i].c.Name
		}
		rels, err := writeChartFiles(batch, dir, charts)
		if err != nil {
			return nil, err
		}
		chartNames = append(chartNames, rels...)
		for _, c := range charts {
			global = append(global, c.view())
		}
	}

	// The index.
	page := &pageView{Title: "stanceshift: tracked changes", Files: g.files, Instruments: ivs,
		HasStance: g.has["stance.csv"], HasShifts: g.has["shifts.csv"], Notes: countNotes(dropped, unmapped)}
	g.filterLists(page)
	var buf bytes.Buffer
	if err := execute(&buf, pageData{Page: page, CSS: template.CSS(css), Script: template.JS(script), ScriptHash: scriptHash,
		Global: global, Split: true, Index: true}); err != nil {
		return nil, err
	}
	if err := batch.Write(filepath.Join(dir, "report.html"), buf.Bytes()); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if err := batch.Commit(ctx); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	tellNotes(g.note, page.Notes)
	names := append(append(chartNames, pageNames...), "report.html")
	if err := removeStaleCharts(dir, chartKeep(chartNames)); err != nil {
		return names, err
	}
	return names, removeStalePages(dir, written)
}

// drawnChart is the corpus-wide heat map, drawn (charts) but not yet named: jobs' names are
// given after every instrument's (nameCharts), and copied to charts.
type drawnChart struct {
	jobs   []chartJob
	charts []chart
	err    error
}

// drawPresence draws presenceChartOf(ivs, counts, keyphrases), if there is one.
func drawPresence(ivs []*instView, counts map[string][]float64, keyphrases []keyphraseRow, withPNG bool) drawnChart {
	var d drawnChart
	if p, name, title, alt, w, h, ok := presenceChartOf(ivs, counts, keyphrases); ok {
		d.jobs = []chartJob{{p: p, c: chart{Name: name, Title: title, Alt: alt}, w: w, h: h}}
		d.charts, d.err = renderJobs(d.jobs, withPNG)
	}
	return d
}

// drawConceptMap starts drawing the heat map of concept mentions on its own goroutine and
// returns where it will be delivered; nil when concept_mentions.csv has no rows (the heat map
// is then of key phrases, known only once every page's rows are read). The concept map needs
// only the first pass's counts and each instrument's documents (the same versions its page
// lists), so it is drawn beside the pages: drawn after them it ran alone on one CPU, 0.3 to
// 0.4 s of a 10 MB report's wall time. Its name is given after the instruments' charts', as
// before. The channel is buffered: a build that fails or is cancelled does not wait for it.
func (g *streamIndex) drawConceptMap() <-chan drawnChart {
	if g.mentionCounts == nil {
		return nil
	}
	ivs := make([]*instView, len(g.insts))
	for i, name := range g.insts {
		iv := &instView{Name: name}
		for _, d := range g.docsOf[i] {
			iv.Versions = append(iv.Versions, versionView{DocID: d.DocID})
		}
		ivs[i] = iv
	}
	out := make(chan drawnChart, 1)
	go func() { out <- drawPresence(ivs, g.mentionCounts, nil, !g.noPNG) }()
	return out
}

// filterLists sets the page-wide filter lists (every instrument page shows all of them).
func (g *streamIndex) filterLists(p *pageView) {
	p.Statuses = orderStatuses(g.statuses)
	p.Directions = nil
	if g.has["shifts.csv"] {
		p.Directions = sortedKeys(g.directions)
	}
	p.Concepts = sortedKeys(g.concepts)
}

// writeInstrument builds, writes and lets go of instrument i's page and charts. Charts are
// named in instrument order: instrument i waits for instrument i-1's names (named[i-1]).
func (g *streamIndex) writeInstrument(ctx context.Context, batch *results.Batch, dir string, i int, in *inputs, named []chan struct{}, seen map[string]int) (res instResult) {
	// The page's arenas take their blocks from those of an earlier page, and give them back when
	// this one is written: nothing of the report is kept after (res.iv is made anew).
	r := &Report{in: in, split: true, global: g, blocks: pageBlockSets.get()}
	defer func() {
		r.blocks.recycle()
		pageBlockSets.put(r.blocks)
	}()
	r.page = r.buildPage()
	var iv *instView
	if len(r.page.Instruments) == 1 && r.page.Instruments[0].Name == g.insts[i] {
		iv = r.page.Instruments[0]
	} else {
		res.err = fmt.Errorf("report: streamed build: instrument %q: %w", g.insts[i], errNotGrouped)
	}
	var jobs []chartJob
	if iv != nil {
		jobs = r.chartJobs([]*instView{iv})
	}
	if i > 0 {
		select {
		case <-named[i-1]:
		case <-ctx.Done():
		}
	}
	// Once the build is cancelled, an instrument closes its channel without naming (it may not
	// have waited for its predecessor, which may still be naming: seen is not locked). ctx.Err()
	// only goes from nil to non-nil, so an instrument that sees nil here received named[i-1]
	// from a predecessor that named its charts, and so on back: the namings stay in order.
	if ctx.Err() != nil {
		close(named[i])
		return res
	}
	nameCharts(jobs, seen)
	close(named[i])
	if res.err != nil {
		return res
	}
	g.filterLists(r.page)
	charts, err := renderJobs(jobs, !g.noPNG)
	if err != nil {
		res.err = err
		return res
	}
	r.chartsOnce.Do(func() { r.charts = charts })
	if res.charts, res.err = writeChartFiles(batch, dir, charts); res.err != nil {
		return res
	}
	buf := pageBuffer()
	defer releasePageBuffer(buf)
	// rendered straight into buf (WriteInstrumentHTML renders into a buffer of its own, then
	// copies it: a page of megabytes twice)
	if res.err = r.writeInstrumentHTML(iv.Name, func(d pageData) error { return executeTo(buf, d) }); res.err != nil {
		return res
	}
	name := filepath.Join("instruments", iv.File)
	if err := batch.Write(filepath.Join(dir, name), buf.Bytes()); err != nil {
		res.err = fmt.Errorf("report: %w", err)
		return res
	}
	res.dropped, res.unmapped = r.lazyCounts()
	// What the index shows.
	keep := &instView{Name: iv.Name, Anchor: iv.Anchor, File: iv.File, Versions: iv.Versions}
	for _, pv := range iv.Pairs {
		keep.Pairs = append(keep.Pairs, &pairView{Anchor: pv.Anchor, FromVer: pv.FromVer, ToVer: pv.ToVer})
	}
	res.iv = keep
	return res
}
