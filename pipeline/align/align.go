package align

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Item is one provision of one version, as the pipeline hands it over.
type Item struct {
	ID      string    // provision id, e.g. "sco-code-2011:g"
	Marker  string    // "g", "8", "p1"
	Ordinal int       // 1-based position in its document
	Text    string    // provision text
	Words   []string  // word tokens in order, as written (case kept), for the diff; nil: strings.Fields(Text)
	Vec     SparseVec // TF-IDF, L2-normalised
}

// Status says what happened to a provision between two versions.
type Status string

// The statuses of a Pair.
const (
	Unchanged Status = "unchanged" // matched, texts equal after normalisation
	Modified  Status = "modified"  // matched, in order, texts differ
	Moved     Status = "moved"     // matched, order inverted relative to the other matches
	Split     Status = "split"     // one old provision went into several new ones
	Merged    Status = "merged"    // several old provisions went into one new one
	Added     Status = "added"     // new provision with no counterpart
	Deleted   Status = "deleted"   // old provision with no counterpart
)

// Valid reports whether s is one of the seven statuses.
func (s Status) Valid() bool {
	switch s {
	case Unchanged, Modified, Moved, Split, Merged, Added, Deleted:
		return true
	}
	return false
}

// Pair is one line of the alignment.
type Pair struct {
	From, To   string  // provision ids; From empty for added, To empty for deleted
	Status     Status  //
	Similarity float64 // TF-IDF cosine of the two provisions (0 for added/deleted)
	Score      float64 // the combined score (0 for added/deleted)
	// Primary is true for the pairs of the one-to-one assignment (every matched pair, and the
	// main pair of a split or merge); false for the extra parts of a split or merge and for
	// added and deleted provisions.
	Primary bool
	// Moved is true for a primary pair whose order is inverted relative to the other matches
	// beyond MoveTolerance, whatever its Status (a moved provision that was also split keeps
	// Status split).
	Moved                    bool
	WordsAdded, WordsDeleted int
	// Diff is the merged text in wdiff notation (see WordDiff); empty for added/deleted.
	Diff              string
	Inserted, Deleted []string // the inserted and deleted words in order
}

// side is one version prepared for alignment: items in document order.
type side struct {
	items []Item
	vecs  []unitVec
	pos   []float64     // rank/n, 1-based rank
	mark  []string      // marker folded for comparison
	mkey  []uint64      // markerKey of mark
	ix    *postingIndex // built on first use (index)
	// shared, when set, is the Version the side was copied from: index takes its index,
	// built once for all the Version's calls
	shared *Version
}

func prepare(items []Item) side {
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := items[order[a]], items[order[b]]
		if x.Ordinal != y.Ordinal {
			return x.Ordinal < y.Ordinal
		}
		return x.ID < y.ID
	})
	n := len(items)
	s := side{items: make([]Item, n), vecs: make([]unitVec, n), pos: make([]float64, n), mark: make([]string, n), mkey: make([]uint64, n)}
	total := 0
	for _, it := range items {
		total += min(len(it.Vec.Idx), len(it.Vec.Val))
	}
	vals := make([]float64, 0, total) // the cleaned values of every item
	for r, k := range order {
		s.items[r] = items[k]
		s.vecs[r], vals = cleanInto(items[k].Vec, vals)
		s.pos[r] = float64(r+1) / float64(n)
		s.mark[r] = foldMarker(items[k].Marker)
		s.mkey[r] = markerKey(s.mark[r])
	}
	return s
}

// markerKey is a number for a folded marker, for score's comparisons of markers (strings
// compared for every candidate pair were a quarter of candidates' own instructions): up to 7
// bytes, the marker's bytes and length (0 for no marker; equal keys, equal markers); longer,
// the top bit and the marker's FNV-1a hash (different keys, different markers; equal keys,
// compare the markers).
func markerKey(m string) uint64 {
	if len(m) <= 7 {
		k := uint64(len(m)) << 56
		for i := 0; i < len(m); i++ {
			k |= uint64(m[i]) << (8 * i)
		}
		return k
	}
	h := uint64(14695981039346656037)
	for i := 0; i < len(m); i++ {
		h ^= uint64(m[i])
		h *= 1099511628211
	}
	return h | 1<<63
}

// sameMarker reports whether markers x and y, of keys kx and ky (markerKey), are equal.
func sameMarker(kx, ky uint64, x, y string) bool { return kx == ky && (kx < 1<<63 || x == y) }

// foldMarker is strings.ToLower(strings.TrimSpace(m)), without the calls for the markers
// that are already folded (printable ASCII, no upper case: "g", "8", "p1"), which it returns
// as they are. The two calls were a fifth of prepare's time on the 10MB bench corpus.
func foldMarker(m string) string {
	for i := 0; i < len(m); i++ {
		if c := m[i]; c <= ' ' || c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return strings.ToLower(strings.TrimSpace(m))
		}
	}
	return m
}

type posting struct {
	item int
	val  float64
}

// postingIndex is the inverted index term -> (item, value) of a side, items in rank order:
// the postings of term t are flat[start[id]:start[id+1]] for id = id(t).
type postingIndex struct {
	// Term ids: a pooled table indexed by term (id+1, 0 for none) when every term is in
	// [0, maxDenseTerm), a map otherwise. The map's inserts and lookups were a third of
	// candidates' time on the 10MB bench corpus; the table is cleared of this side's terms
	// and returned to the pool by release.
	dense *[]int32
	ids   map[int]int32
	terms []int // the distinct terms, by id
	start []int32
	flat  []posting
	bufs  *indexBufs // where terms, start and flat came from; they go back to it on release
}

// indexBufs are the arrays of a released postingIndex, for the next one to reuse (a fresh set
// per index was the stage's largest allocation; none holds a pointer, and index writes every
// element it reads).
type indexBufs struct {
	terms []int
	start []int32
	count []int32
	flat  []posting
}

var indexPool = sync.Pool{New: func() any { return new(indexBufs) }}

// maxDenseTerm bounds the term indices the pooled tables cover (4 bytes each).
const maxDenseTerm = 1 << 21

var termTables = sync.Pool{New: func() any { return new([]int32) }}

// candPool holds the buffers of candidates' rows, which AlignVersions returns when done with
// them (a cand holds no pointer; each call's buffer grew from nothing by appending, the
// stage's largest allocation after the posting indexes).
var candPool = sync.Pool{New: func() any { return new([]cand) }}

// differs holds word differs whose buffers AlignVersions reuses.
var differs = sync.Pool{New: func() any { return new(wordDiffer) }}

// id returns the id of term t.
func (ix *postingIndex) id(t int) (int32, bool) {
	if ix.dense != nil {
		d := *ix.dense
		if uint(t) < uint(len(d)) {
			if v := d[t]; v > 0 {
				return v - 1, true
			}
		}
		return 0, false
	}
	id, ok := ix.ids[t]
	return id, ok
}

// postings returns the postings of term t (nil when no item has it).
func (ix *postingIndex) postings(t int) []posting {
	id, ok := ix.id(t)
	if !ok {
		return nil
	}
	return ix.flat[ix.start[id]:ix.start[id+1]]
}

// release returns the index's term table, cleared, and its arrays to their pools.
func (ix *postingIndex) release() {
	if ix == nil {
		return
	}
	if ix.dense != nil {
		d := *ix.dense
		for _, t := range ix.terms {
			d[t] = 0
		}
		termTables.Put(ix.dense)
		ix.dense = nil
	}
	if b := ix.bufs; b != nil {
		b.terms, b.start, b.flat = ix.terms, ix.start, ix.flat
		ix.terms, ix.start, ix.flat, ix.bufs = nil, nil, nil, nil
		indexPool.Put(b)
	}
}

// index builds the inverted index of a side: count each term's postings, then fill one flat
// array that every term's list is a slice of (appending to one slice per term, then a map of
// slices, were this stage's main allocations).
func (s *side) index() *postingIndex {
	if s.ix != nil {
		return s.ix
	}
	if v := s.shared; v != nil {
		v.once.Do(func() { v.ix = s.buildIndex() })
		s.ix = v.ix
		return s.ix
	}
	s.ix = s.buildIndex()
	return s.ix
}

// buildIndex builds the side's index (index).
func (s *side) buildIndex() *postingIndex {
	bufs := indexPool.Get().(*indexBufs)
	ix := &postingIndex{bufs: bufs, terms: bufs.terms[:0]}
	lo, hi := 0, -1
	for _, v := range s.vecs {
		if len(v.idx) > 0 { // indices ascending
			lo, hi = min(lo, v.idx[0]), max(hi, v.idx[len(v.idx)-1])
		}
	}
	if lo >= 0 && hi < maxDenseTerm {
		ix.dense = termTables.Get().(*[]int32)
		if len(*ix.dense) <= hi {
			*ix.dense = make([]int32, hi+1+hi/4)
		}
	} else {
		ix.ids = map[int]int32{}
	}
	count := bufs.count[:0]
	total := 0
	for _, v := range s.vecs {
		for _, t := range v.idx {
			id, ok := ix.id(t)
			if !ok {
				id = int32(len(count))
				if ix.dense != nil {
					(*ix.dense)[t] = id + 1
				} else {
					ix.ids[t] = id
				}
				ix.terms = append(ix.terms, t)
				count = append(count, 0)
			}
			count[id]++
		}
		total += len(v.idx)
	}
	ix.start = slices.Grow(bufs.start[:0], len(count)+1)[:len(count)+1]
	ix.start[0] = 0
	for id, c := range count {
		ix.start[id+1] = ix.start[id] + c
	}
	next := count[:0] // next free slot of each term, reusing count
	next = append(next, ix.start[:len(count)]...)
	bufs.count = next
	ix.flat = slices.Grow(bufs.flat[:0], total)[:total] // every posting is written below
	for r, v := range s.vecs {
		for k, t := range v.idx {
			id, _ := ix.id(t)
			ix.flat[next[id]] = posting{r, v.val[k]}
			next[id]++
		}
	}
	return ix
}

// aligner holds the state of one Align call.
type aligner struct {
	opt      Options
	from, to side
	wd       wordDiffer // shared by the pairs' word diffs
	flat     *[]cand    // the candidates' rows, from candPool (see candidates)
	wf, wt   []string   // buffers of the words of a pair's two sides
}

// score is the combined score of old provision i and new provision j with that cosine. The
// builtin max is math.Max (the same answer for every operand: NaN, infinities, signed zeros),
// without its call.
func (a *aligner) score(i, j int, cos float64) float64 {
	o := &a.opt
	mk := 0.0
	if k := a.from.mkey[i]; k != 0 && sameMarker(k, a.to.mkey[j], a.from.mark[i], a.to.mark[j]) {
		mk = 1
	}
	return o.WeightCosine*max(cos, 0) + o.WeightPosition*(1-math.Abs(a.from.pos[i]-a.to.pos[j])) + o.WeightMarker*mk
}

func dotUnit(a, b unitVec) float64 {
	var d float64
	for i, j := 0, 0; i < len(a.idx) && j < len(b.idx); {
		switch {
		case a.idx[i] < b.idx[j]:
			i++
		case a.idx[i] > b.idx[j]:
			j++
		default:
			d += a.val[i] * b.val[j]
			i++
			j++
		}
	}
	return max(-1, min(1, d)) // math.Max(-1, math.Min(1, d)) without the calls (TestBuiltinClamps)
}

// candidates returns, for each old provision, the new provisions it may be matched with
// (combined score >= Threshold), in column order.
//
// A row's cosines are accumulated from the new version's inverted index. When a pair that
// shares no term cannot reach the threshold (an item the row does not touch is hopeless) and
// the row's postings are many for the new version's items (most rows: the common words
// touch every provision), they are accumulated without tracking the items they touch, and
// every item is looked at: tracking them (a test and a branch per posting, mispredicted) was
// half of candidates' time on the 10MB bench corpus.
func (a *aligner) candidates() [][]cand {
	n, m := len(a.from.items), len(a.to.items)
	o := a.opt
	rows := make([][]cand, n)
	if n == 0 || m == 0 {
		return rows
	}
	exact := n <= o.LargeDoc && m <= o.LargeDoc
	// Can a pair that shares no term reach the threshold on position and marker alone?
	zeroCosOK := o.WeightPosition+o.WeightMarker >= o.Threshold
	ix := a.to.index()
	acc := make([]float64, m)
	hit := make([]bool, m)
	var touched, hopefulBuf []int
	var rowBuf []cand // a row is built here, then appended to flat
	// The rows one after the other; rows are cut from it at the end (a copy per row was a third
	// of the stage's allocations). It comes from candPool, and AlignVersions gives it back.
	fb := candPool.Get().(*[]cand)
	flat := (*fb)[:0]
	ends := make([]int, n) // where each row ends in flat
	var lists [][]posting  // the postings of a row's terms, in the row's term order
	hopeless := a.hopeless
	cut := a.hopelessBelow() // for untracked rows, which need !zeroCosOK
	for i := 0; i < n; i++ {
		touched = touched[:0]
		v := a.from.vecs[i]
		lists = lists[:0]
		total := 0
		for _, t := range v.idx {
			ps := ix.postings(t)
			lists = append(lists, ps)
			total += len(ps)
		}
		untracked := !zeroCosOK && total*untrackedPostings >= m
		if untracked {
			accumulate(acc, v.val, lists)
		} else {
			touched = accumulateTracked(acc, hit, touched, v.val, lists)
		}
		row := rowBuf[:0]
		// score's operands of old provision i, read once per row, not once per candidate
		mkI, markI, posI := a.from.mkey[i], a.from.mark[i], a.from.pos[i]
		add := func(j int, cos float64) {
			// The clamp math.Max(0, math.Min(1, cos)) by comparisons: the same for every cos but
			// -0, which stays -0 here and which score's own math.Max(cos, 0) makes +0 as before.
			if cos > 1 {
				cos = 1
			} else if cos < 0 {
				cos = 0
			}
			// a.score(i, j, cos), the same expression, without its call
			mk := 0.0
			if mkI != 0 && sameMarker(mkI, a.to.mkey[j], markI, a.to.mark[j]) {
				mk = 1
			}
			s := o.WeightCosine*max(cos, 0) + o.WeightPosition*(1-math.Abs(posI-a.to.pos[j])) + o.WeightMarker*mk
			if s >= o.Threshold && s > 0 {
				row = append(row, cand{j, s})
			}
		}
		switch {
		case untracked: // an item the row does not touch has acc 0, which is hopeless
			hopefulBuf = hopefulItems(acc, cut, hopefulBuf[:0])
			for _, j := range hopefulBuf {
				add(j, acc[j])
			}
			clear(acc)
		case zeroCosOK && exact:
			for j := 0; j < m; j++ {
				if !hopeless(acc[j]) {
					add(j, acc[j])
				}
			}
		case !zeroCosOK && len(touched)*8 > m: // dense row: a scan beats sorting
			// (Not when term-less pairs may reach the threshold: the default adds those
			// within PositionBand, which this scan does not look at.)
			for j := 0; j < m; j++ {
				if hit[j] && !hopeless(acc[j]) {
					add(j, acc[j])
				}
			}
		default:
			// Most items share a term or two with the row but come nowhere near the
			// threshold: drop them before sorting (sorting all of them, and a call per item,
			// were most of candidates' time).
			keep := hopefulBuf[:0]
			for _, j := range touched {
				if !hopeless(acc[j]) {
					keep = append(keep, j)
				}
			}
			hopefulBuf = keep
			slices.Sort(keep)
			for _, j := range keep {
				add(j, acc[j])
			}
			if zeroCosOK {
				lo := int(math.Floor((a.from.pos[i]-o.PositionBand)*float64(m))) - 1
				hi := int(math.Ceil((a.from.pos[i]+o.PositionBand)*float64(m))) - 1
				for j := max(lo, 0); j <= hi && j < m; j++ {
					if !hit[j] && math.Abs(a.from.pos[i]-a.to.pos[j]) <= o.PositionBand {
						add(j, 0)
					}
				}
				sort.SliceStable(row, func(x, y int) bool { return row[x].col < row[y].col })
			}
		}
		if !exact && len(row) > o.MaxCandidates {
			sort.SliceStable(row, func(x, y int) bool { return row[x].w > row[y].w })
			row = row[:o.MaxCandidates]
			sort.Slice(row, func(x, y int) bool { return row[x].col < row[y].col })
		}
		flat = append(flat, row...)
		ends[i] = len(flat)
		rowBuf = row
		for _, j := range touched {
			acc[j], hit[j] = 0, false
		}
	}
	*fb, a.flat = flat, fb
	start := 0
	for i, end := range ends {
		if end > start {
			rows[i] = flat[start:end:end]
		}
		start = end
	}
	return rows
}

// accumulate adds, for each k, val[k] times each of the postings lists[k] to acc at the
// posting's item: the row's products, added term after term. It is not inlined so that its
// loop keeps its slices in registers: inlined in candidates, a large function, the loop
// reloaded them from the stack at every posting.
//
//go:noinline
func accumulate(acc, val []float64, lists [][]posting) {
	for k, ps := range lists {
		x := val[k]
		// Eight postings at a time, the same additions in the same order: a loop of one posting
		// took 12 instructions per posting, 5 of them the loop's own (cachegrind, 10MB bench
		// corpus).
		j := 0
		for ; j+8 <= len(ps); j += 8 {
			q := ps[j : j+8]
			acc[q[0].item] += x * q[0].val
			acc[q[1].item] += x * q[1].val
			acc[q[2].item] += x * q[2].val
			acc[q[3].item] += x * q[3].val
			acc[q[4].item] += x * q[4].val
			acc[q[5].item] += x * q[5].val
			acc[q[6].item] += x * q[6].val
			acc[q[7].item] += x * q[7].val
		}
		for _, p := range ps[j:] {
			acc[p.item] += x * p.val
		}
	}
}

// accumulateTracked is accumulate that also appends each item it touches for the first time
// to touched (returned) and marks it in hit. It is not inlined, as accumulate.
//
//go:noinline
func accumulateTracked(acc []float64, hit []bool, touched []int, val []float64, lists [][]posting) []int {
	for k, ps := range lists {
		x := val[k]
		for _, p := range ps {
			if !hit[p.item] {
				hit[p.item] = true
				touched = append(touched, p.item)
			}
			acc[p.item] += x * p.val
		}
	}
	return touched
}

// hopefulItems appends to keep (returned) the items whose accumulated cosine is at least cut,
// in item order. It is not inlined, as accumulate.
//
//go:noinline
func hopefulItems(acc []float64, cut float64, keep []int) []int {
	n := len(keep)
	keep = slices.Grow(keep, len(acc))[:n+len(acc)]
	for j, c := range acc {
		// Every item is written, and kept by counting it: no branch on the comparison,
		// true for one item in ten or so and mispredicted.
		keep[n] = j
		if c >= cut {
			n++
		}
	}
	return keep[:n]
}

// hopeless reports whether an item with that accumulated cosine cannot reach the threshold
// whatever its position and marker. The clamp is math.Max(0, math.Min(1, cos)) by comparisons,
// the same for every cos but -0 (which gives the same answer) and cheaper.
func (a *aligner) hopeless(cos float64) bool {
	o := &a.opt
	if cos > 1 {
		cos = 1
	} else if cos < 0 {
		cos = 0
	}
	return o.WeightCosine*cos+o.WeightPosition+o.WeightMarker < o.Threshold
}

// hopelessBelow returns the cut c such that, for every cosine x > 0, hopeless(x) is x < c
// (+Inf when every cosine is hopeless). hopeless is monotone (the clamp, and float64 products
// and sums with fixed operands, never decrease when x grows), so c is the smallest float64
// in (0, 1] that is not hopeless, found by bisecting the bit patterns of (0, 1], which are
// in the order of the numbers. Comparing with it is cheaper than hopeless in a loop over every
// item; when hopeless(0) holds, x >= c is !hopeless(x) for every x, 0 and below included.
func (a *aligner) hopelessBelow() float64 {
	if a.hopeless(1) {
		return math.Inf(1)
	}
	lo, hi := uint64(0), math.Float64bits(1) // hopeless(lo) unknown at 0 only; !hopeless(hi)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if a.hopeless(math.Float64frombits(mid)) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return math.Float64frombits(hi)
}

// untrackedPostings is the share of the new version's items, as a divisor, from which a row's
// postings are accumulated without tracking the items they touch (see candidates): from one
// posting per two items up, looking at every item costs less than tracking.
const untrackedPostings = 2

// Align aligns the provisions of two consecutive versions of one instrument and returns one
// Pair per match, split or merge part, added and deleted provision, ordered as described in
// the package documentation. Items are taken in Ordinal order (then ID) whatever their order
// in the slices; ids are expected to be unique within each version. Invalid options are
// replaced by their defaults (Options.Validate reports them). Align never panics.
func Align(from, to []Item, opt Options) []Pair {
	f, t := Prepare(from), Prepare(to)
	defer f.Release()
	defer t.Release()
	return AlignVersions(f, t, opt)
}

// Version is one version's provisions prepared for alignment: in Ordinal order (then ID), their
// vectors cleaned and normalised, their markers folded, and, once a call needs it, their
// inverted index of terms. A middle version of an instrument is aligned twice, with the
// version before it and with the one after it: Prepare it once and pass it to both
// AlignVersions calls, which share its index (built by the first: the second built it again,
// 0.16 s of the 2.34 s of AlignVersions in the 100MB bench corpus's profile). AlignVersions
// only reads a Version but for building its index once (sync.Once), so one may serve any number
// of calls, also concurrent ones.
type Version struct {
	s    side
	once sync.Once
	ix   *postingIndex // the index of s, built by the first call that needs it
}

// Prepare prepares items for AlignVersions (the items' vectors and texts are shared, not
// copied: they must not change while the Version is in use).
func Prepare(items []Item) *Version { return &Version{s: prepare(items)} }

// Release gives the arrays of v's index to the next Version's (they are pooled). v must not be
// aligned after Release; without it, they are left to the garbage collector.
func (v *Version) Release() {
	v.ix.release()
	v.ix = nil
}

// AlignVersions is Align of the items from and to were prepared from.
func AlignVersions(from, to *Version, opt Options) []Pair {
	// The aligner's sides are copies that take the Versions' indexes (index).
	a := &aligner{opt: opt.resolved(), from: from.s, to: to.s}
	a.from.shared, a.to.shared = from, to
	// The word differ's buffers come from the last call done with them (each call growing its
	// own from nothing was a tenth of the stage's allocations) and go back when this one is.
	d := differs.Get().(*wordDiffer)
	a.wd = *d
	defer func() {
		*d = a.wd
		d.texts, d.lists = nil, nil // the pairs' texts and lists are cut from them
		differs.Put(d)
	}()
	defer func() {
		if a.flat != nil {
			candPool.Put(a.flat) // the rows cut from it are not used after this call
		}
	}()
	n, m := len(a.from.items), len(a.to.items)
	rows := a.candidates()
	match := assignMax(n, m, rows)
	scoreOf := make([]float64, n)
	toMatch := make([]int, m)
	for j := range toMatch {
		toMatch[j] = -1
	}
	for i, j := range match {
		if j < 0 {
			continue
		}
		for _, c := range rows[i] {
			if c.col == j {
				scoreOf[i] = c.w
			}
		}
		toMatch[j] = i
	}
	moved := a.moved(match, scoreOf)
	splitOf, mergeOf := a.splitsMerges(match, toMatch)

	hasSplit := make([]bool, n)
	hasMerge := make([]bool, m)
	for _, i := range splitOf {
		if i >= 0 {
			hasSplit[i] = true
		}
	}
	for _, j := range mergeOf {
		if j >= 0 {
			hasMerge[j] = true
		}
	}

	// The pairs, and beside them the keys they are sorted by (a struct of both was copied into
	// a second slice of pairs, in order, at the end).
	type pairKey struct{ toRank, kind, fromRank int32 }
	out := make([]Pair, 0, n+m) // every pair has a provision of its own, but split/merge parts
	keys := make([]pairKey, 0, n+m)
	add := func(p Pair, toRank, kind, fromRank int) {
		out = append(out, p)
		keys = append(keys, pairKey{int32(toRank), int32(kind), int32(fromRank)})
	}
	// anchor[i] is the new-version rank next to which old provision i stands (-1: none).
	anchor := make([]int, n)
	for i := range anchor {
		anchor[i] = -1
		if match[i] >= 0 {
			anchor[i] = match[i]
		}
	}
	for i, j := range mergeOf {
		if j >= 0 {
			anchor[i] = j
		}
	}
	for i, j := range match {
		if j < 0 {
			continue
		}
		p := a.pair(i, j, scoreOf[i])
		p.Primary = true
		p.Moved = moved[i]
		switch {
		case hasSplit[i]:
			p.Status = Split
		case hasMerge[j]:
			p.Status = Merged
		case moved[i]:
			p.Status = Moved
		case foldEqual(a.from.items[i], a.to.items[j]):
			p.Status = Unchanged
		default:
			p.Status = Modified
		}
		add(p, j, 0, i)
	}
	for j, i := range splitOf {
		if i >= 0 {
			p := a.pair(i, j, a.score(i, j, dotUnit(a.from.vecs[i], a.to.vecs[j])))
			p.Status = Split
			add(p, j, 0, i)
		} else if toMatch[j] < 0 {
			add(Pair{To: a.to.items[j].ID, Status: Added}, j, 0, -1)
		}
	}
	last := -1 // anchor of the nearest preceding old provision that has one
	for i := 0; i < n; i++ {
		if j := mergeOf[i]; j >= 0 {
			p := a.pair(i, j, a.score(i, j, dotUnit(a.from.vecs[i], a.to.vecs[j])))
			p.Status = Merged
			add(p, j, 0, i)
		} else if match[i] < 0 {
			add(Pair{From: a.from.items[i].ID, Status: Deleted}, last, 1, i)
		}
		if anchor[i] >= 0 {
			last = anchor[i]
		}
	}
	// Sort an order of the pairs rather than the pairs (large structs, moved with their
	// pointers at every swap).
	order := make([]int32, len(out))
	for k := range order {
		order[k] = int32(k)
	}
	slices.SortStableFunc(order, func(x, y int32) int {
		p, q := &keys[x], &keys[y]
		if c := cmp.Compare(p.toRank, q.toRank); c != 0 {
			return c
		}
		if c := cmp.Compare(p.kind, q.kind); c != 0 {
			return c
		}
		if c := cmp.Compare(p.fromRank, q.fromRank); c != 0 {
			return c
		}
		if c := strings.Compare(out[x].From, out[y].From); c != 0 {
			return c
		}
		return strings.Compare(out[x].To, out[y].To)
	})
	permute(out, order)
	return out[:len(out):len(out)]
}

// permute puts ps in the order given: ps[k] becomes the ps[order[k]] of before, for every k,
// one cycle of the permutation at a time, in place (order is left as the identity).
func permute(ps []Pair, order []int32) {
	for k := range order {
		if int(order[k]) == k {
			continue
		}
		tmp := ps[k]
		j := k
		for {
			x := int(order[j])
			order[j] = int32(j)
			if x == k {
				ps[j] = tmp
				break
			}
			ps[j] = ps[x]
			j = x
		}
	}
}

// pair builds the pair (i, j) with its similarity, score and word diff; Status is the caller's.
func (a *aligner) pair(i, j int, score float64) Pair {
	f, t := a.from.items[i], a.to.items[j]
	var d string
	var ins, del []string
	if len(f.Words) == 0 && len(t.Words) == 0 && f.Text == t.Text && singleSpaced(f.Text) {
		// Unchanged text (most pairs): the diff is its words joined by single spaces, which is
		// the text itself. Splitting both texts into words and joining them again was 0.2 s of
		// the stage's 1.2 s on the 10MB bench corpus.
		d = f.Text
	} else {
		a.wf, a.wt = appendWords(a.wf[:0], f), appendWords(a.wt[:0], t)
		d, ins, del = a.wd.diff(a.wf, a.wt)
	}
	return Pair{
		From: f.ID, To: t.ID,
		Similarity: dotUnit(a.from.vecs[i], a.to.vecs[j]),
		Score:      score,
		WordsAdded: len(ins), WordsDeleted: len(del),
		Diff: d, Inserted: ins, Deleted: del,
	}
}

// appendWords appends the words of it to dst: its Words, or strings.Fields(Text) when it has
// none.
func appendWords(dst []string, it Item) []string {
	if len(it.Words) > 0 {
		return append(dst, it.Words...)
	}
	return appendFields(dst, it.Text)
}

// asciiSpace marks the ASCII bytes unicode.IsSpace reports as white space.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// isSpace is unicode.IsSpace with a table for ASCII.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiSpace[r]
	}
	return unicode.IsSpace(r)
}

// singleSpaced reports whether s is strings.Join(strings.Fields(s), " "): no white space but
// single ' ' between non-space runs. It reads 8 bytes at a time while they are printable
// ASCII or ' ' (a byte at a time was a third of the stage's mispredicted branches, one at
// every space), then a rune at a time.
func singleSpaced(s string) bool {
	prevSpace := true // at the start, a space would be leading
	i := 0
	for ; i+8 <= len(s); i += 8 {
		b := s[i : i+8] // one load, little-endian (the compiler merges the byte loads)
		x := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		if x&highBits != 0 || zeroBytes(x&0xE0E0E0E0E0E0E0E0) != 0 {
			break // a byte that is not ASCII, or a control (white space among them): rune by rune
		}
		sp := zeroBytes(x ^ 0x2020202020202020) // the spaces' high bits
		carry := uint64(0)
		if prevSpace {
			carry = 0x80
		}
		if sp&(sp<<8|carry) != 0 {
			return false // a space after a space, or leading
		}
		prevSpace = sp>>63 != 0
	}
	for i < len(s) {
		c := s[i]
		if ' ' < c && c < utf8.RuneSelf { // printable ASCII: most bytes
			prevSpace = false
			i++
			continue
		}
		r, n := rune(c), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case r == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case isSpace(r):
			return false
		default:
			prevSpace = false
		}
		i += n
	}
	return !prevSpace || s == ""
}

// highBits is the high bit of each byte of a uint64.
const highBits = 0x8080808080808080

// zeroBytes returns x with the high bit of each of its zero bytes set, and no other bit (no
// carry crosses bytes: each byte's low seven bits plus 0x7F is at most 0xFE).
func zeroBytes(x uint64) uint64 {
	const low7 = 0x7F7F7F7F7F7F7F7F
	return ^((x&low7 + low7) | x | low7)
}

// appendFields appends strings.Fields(s) to dst: the runs of s between white space
// (unicode.IsSpace). Like singleSpaced, it reads 8 bytes at a time while they are printable
// ASCII or spaces, and finds the spaces among them by their bits.
func appendFields(dst []string, s string) []string {
	start := -1 // start of the current field
	i := 0
	for ; i+8 <= len(s); i += 8 {
		b := s[i : i+8]
		x := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		if x&highBits != 0 || zeroBytes(x&0xE0E0E0E0E0E0E0E0) != 0 {
			break
		}
		pos := i // the bytes from pos to the next space are not spaces
		for sp := zeroBytes(x ^ 0x2020202020202020); sp != 0; sp &= sp - 1 {
			k := i + bits.TrailingZeros64(sp)>>3
			if start < 0 && pos < k {
				start = pos
			}
			if start >= 0 {
				dst = append(dst, s[start:k])
				start = -1
			}
			pos = k + 1
		}
		if start < 0 && pos < i+8 {
			start = pos
		}
	}
	for i < len(s) {
		c := s[i]
		if ' ' < c && c < utf8.RuneSelf { // printable ASCII: most bytes
			if start < 0 {
				start = i
			}
			i++
			continue
		}
		r, n := rune(c), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if isSpace(r) {
			if start >= 0 {
				dst = append(dst, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += n
	}
	if start >= 0 {
		dst = append(dst, s[start:])
	}
	return dst
}

// foldEqual reports whether a and b count as unchanged: their texts are equal after folding,
// i.e. lower-cased, typographic quotes folded to ' and ", runs of white space folded to one
// space, trimmed (an item with no Text is compared on its Words). The folded runes are
// compared as they are produced, without building the folded strings (two per matched pair
// were a third of the stage's garbage), from the end of the texts' common prefix (see
// skipPrefix) on.
func foldEqual(a, b Item) bool {
	if a.Text == b.Text && strings.TrimSpace(a.Text) != "" {
		return true // same text (most matched pairs): folding cannot tell them apart
	}
	fa, fb := folder{s: foldSource(a)}, folder{s: foldSource(b)}
	skipPrefix(&fa, &fb)
	for {
		ra, rb := fa.next(), fb.next()
		if ra != rb {
			return false
		}
		if ra < 0 {
			return true
		}
	}
}

// foldSource is the text an item is folded from: Text, or its Words joined by spaces when
// Text is blank.
func foldSource(it Item) string {
	if strings.TrimSpace(it.Text) == "" {
		return strings.Join(it.Words, " ")
	}
	return it.Text
}

// skipPrefix moves two new folders past the longest common prefix of their texts that ends
// with an ASCII byte, as if they had yielded the folded runes of it, which are the same for
// both: the bytes before an ASCII byte decode to the same runes whatever follows (a rune's
// decoding reads no further than the first byte that does not continue it). Folding the
// common prefix of a modified provision (most of its text) was most of foldEqual's time.
func skipPrefix(fa, fb *folder) {
	a, b := fa.s, fb.s
	q := 0
	for n := min(len(a), len(b)); q < n && a[q] == b[q]; q++ {
	}
	for q > 0 && a[q-1] >= utf8.RuneSelf {
		q--
	}
	if q == 0 {
		return
	}
	// The folder's state after the prefix: white space last (its last rune is a[q-1]), and
	// started once it has a rune that does not fold to white space.
	space := asciiSpace[a[q-1]]
	started := !space
	for i := 0; i < q && !started; {
		r, n := utf8.DecodeRuneInString(a[i:q])
		started = !isSpace(unicode.ToLower(r))
		i += n
	}
	fa.i, fa.space, fa.started = q, space, started
	fb.i, fb.space, fb.started = q, space, started
}

// folder yields the folded runes of s one at a time (see foldEqual); -1 at the end.
type folder struct {
	s          string
	i          int  // next byte of s
	space      bool // white space since the last rune yielded
	started    bool // a rune was yielded
	hasPending bool // pending is to be yielded next (after the space before it)
	pending    rune
}

func (f *folder) next() rune {
	if f.hasPending {
		f.hasPending = false
		return f.pending
	}
	for f.i < len(f.s) {
		r, n := rune(f.s[f.i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(f.s[f.i:]) // invalid bytes: RuneError, as strings.ToLower gives
		}
		f.i += n
		r = unicode.ToLower(r)
		switch r {
		case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u0060', '\u00B4':
			r = '\''
		case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u00AB', '\u00BB':
			r = '"'
		}
		if isSpace(r) {
			f.space = true
			continue
		}
		if f.space && f.started {
			f.space = false
			f.pending, f.hasPending = r, true
			return ' '
		}
		f.space, f.started = false, true
		return r
	}
	return -1
}

// moved marks the primary matches that are not on the heaviest order-preserving chain: the
// chain of matches increasing in both versions with the most matches, then the largest total
// score, then (on a tie) the one whose members come earlier in the old version. A match off
// the chain is moved when its relative positions differ by more than MoveTolerance.
func (a *aligner) moved(match []int, score []float64) []bool {
	n, m := len(match), len(a.to.items)
	moved := make([]bool, n)
	type best struct {
		count int
		sum   float64
		last  int // old rank of the chain's last match, -1 for the empty chain
	}
	better := func(x, y best) bool { // x strictly better than y
		if x.count != y.count {
			return x.count > y.count
		}
		if x.sum != y.sum {
			return x.sum > y.sum
		}
		if x.last < 0 || y.last < 0 {
			return y.last < 0 && x.last >= 0
		}
		return x.last < y.last
	}
	// Fenwick tree over new ranks holding the best chain ending at or below a rank.
	tree := make([]best, m+1)
	for k := range tree {
		tree[k].last = -1
	}
	chain := make([]best, n)
	pred := make([]int, n)
	for i := 0; i < n; i++ {
		j := match[i]
		if j < 0 {
			continue
		}
		b := best{last: -1}
		for k := j; k > 0; k -= k & -k { // ranks < j (1-based j means ranks 1..j)
			if better(tree[k], b) {
				b = tree[k]
			}
		}
		pred[i] = b.last
		chain[i] = best{b.count + 1, b.sum + score[i], i}
		for k := j + 1; k <= m; k += k & -k {
			if better(chain[i], tree[k]) {
				tree[k] = chain[i]
			}
		}
	}
	top := best{last: -1}
	for i := 0; i < n; i++ {
		if match[i] >= 0 && better(chain[i], top) {
			top = chain[i]
		}
	}
	on := make([]bool, n)
	for i := top.last; i >= 0; i = pred[i] {
		on[i] = true
	}
	for i, j := range match {
		if j >= 0 && !on[i] && math.Abs(a.from.pos[i]-a.to.pos[j]) > a.opt.MoveTolerance {
			moved[i] = true
		}
	}
	return moved
}

// splitsMerges finds the extra parts of splits and merges. splitOf[j] is the old provision
// an unmatched new provision j was split from (-1: none); mergeOf[i] is the new provision an
// unmatched old provision i was merged into (-1: none).
//
// For an unmatched new provision t, its best old counterpart s is the old provision with the
// highest split similarity sqrt(max(cos(s,t),0) x containment(t in s)), where containment(t in
// s) is the share of t's squared TF-IDF weight on terms that s also has (ties: higher cosine,
// then earlier s). t is a split part of s when s is matched and the similarity reaches
// SplitThreshold. Merges are the mirror image, with containment(s in t).
func (a *aligner) splitsMerges(match, toMatch []int) (splitOf, mergeOf []int) {
	splitOf = a.parts(&a.to, &a.from, toMatch, match)
	mergeOf = a.parts(&a.from, &a.to, match, toMatch)
	return splitOf, mergeOf
}

func unmatched(j int) bool { return j < 0 }

// parts returns, for each unmatched item of part, the matched item of whole it is a part of.
func (a *aligner) parts(part, whole *side, partMatch, wholeMatch []int) []int {
	res := make([]int, len(part.items))
	for k := range res {
		res[k] = -1
	}
	if a.opt.SplitThreshold > 1 || len(whole.items) == 0 || !slices.ContainsFunc(partMatch, unmatched) {
		return res // nothing can be a part (every item of part is matched)
	}
	ix := whole.index()
	dot := make([]float64, len(whole.items))
	cont := make([]float64, len(whole.items))
	hit := make([]bool, len(whole.items))
	var touched []int
	for t := range part.items {
		if partMatch[t] >= 0 {
			continue
		}
		touched = touched[:0]
		v := part.vecs[t]
		for k, term := range v.idx {
			x := v.val[k]
			xx := x * x
			for _, p := range ix.postings(term) {
				if !hit[p.item] {
					hit[p.item] = true
					touched = append(touched, p.item)
				}
				dot[p.item] += x * p.val
				cont[p.item] += xx
			}
		}
		// The best by similarity, then cosine, then earliest item (touched is not sorted).
		bestS, bestSim, bestCos := -1, -1.0, 0.0
		for _, s := range touched {
			c := max(0, min(1, dot[s])) // math.Max and math.Min's answers (TestBuiltinClamps)
			sim := math.Sqrt(c * min(1, cont[s]))
			if sim > bestSim || (sim == bestSim && (c > bestCos || c == bestCos && s < bestS)) {
				bestS, bestSim, bestCos = s, sim, c
			}
		}
		if bestS >= 0 && wholeMatch[bestS] >= 0 && bestSim >= a.opt.SplitThreshold {
			res[t] = bestS
		}
		for _, s := range touched {
			dot[s], cont[s], hit[s] = 0, 0, false
		}
	}
	return res
}
