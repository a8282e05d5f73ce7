package reuse

import "strings"

// The keyed form of Find, for engines that cannot hold the whole corpus in one process (the
// Apache Beam adapter in beam/). Find = Candidates + LocalAlign over a slice; here the same
// steps are exposed per provision and per pair, so that the candidate search becomes a keyed
// join on shingle hashes:
//
//  1. each provision emits (h, provision) for h in Shingles(p) (distinct, sorted);
//  2. a group by h drops groups of more than MaxDF provisions (and of one), and emits each
//     pair of provisions of different instruments (InstrumentKey) of the group;
//  3. a count per pair keeps pairs counted at least MinShared times (Options.Thresholds);
//  4. AlignPair aligns each kept pair, the earlier provision (in Find's input order) first.
//
// These are the pairs Candidates returns and the Reuse values Find keeps; only the order of
// Find's result (score, then input position) is the caller's business.

// Thresholds returns the options with their defaults filled in (Shingle, MaxDF, MinShared and
// the rest), as Find uses them. Default stop words come as a fresh DefaultStopWords().
func (o Options) Thresholds() Options {
	t := o.withDefaults()
	if o.StopWords == nil {
		t.StopWords, t.stops = DefaultStopWords(), nil
	}
	return t
}

// Shingles returns the distinct hashes of p's shingles (runs of Shingle content words) that
// Candidates indexes, sorted.
func Shingles(p *Provision, opt Options) []uint64 {
	o := opt.withDefaults()
	var kb [64]byte // the interner's key buffer, for keys up to 64 bytes
	in := interner{opt: &o, buf: kb[:0]}
	words := provisionWords(p)
	ids := in.appendIDs(make([]uint64, 0, len(words)), words, len(p.Text))
	return shingleHashes(ids[:0], ids, o.Shingle) // in place: one allocation
}

// WordKeys memoises what Shingles makes of each word text (the hash of its key, or none: not a
// word, or a stop word) by a number the caller gives each distinct text (ShinglesNumbered): a
// repeated word is then read from a slice instead of being lower-cased, hashed, looked up in the
// stop words and stemmed again. One WordKeys serves one Options and one numbering of the texts;
// it is not safe for concurrent use. The zero value is ready to use.
type WordKeys struct {
	keys  []uint64
	state []uint8 // per number: keyUnknown, keyHash (keys holds it) or keyNone
	// the Options with their defaults, when set, and the interner's key buffer: made once, not
	// per call (withDefaults' copy and the two allocations were a sixth of ShinglesNumbered's
	// time in the 100MB bench corpus's profile)
	opt    Options
	optSet bool
	buf    []byte
}

// Reset forgets every word's key, for another numbering of the texts, keeping the room its
// slices have; the Options stay.
func (k *WordKeys) Reset() {
	k.keys, k.state = k.keys[:0], k.state[:0]
}

const (
	keyUnknown = iota
	keyHash
	keyNone
)

// ShinglesNumbered is Shingles(p, opt) given nums, the caller's numbers of p.Words' texts
// (nums[k] for p.Words[k]; equal numbers for equal texts), under which keys memoises the words'
// keys. Without Words, or with another number of numbers, it is Shingles.
func ShinglesNumbered(p *Provision, opt Options, nums []int32, keys *WordKeys) []uint64 {
	if p.Words == nil || len(nums) != len(p.Words) {
		return Shingles(p, opt)
	}
	if !keys.optSet {
		keys.opt, keys.optSet = opt.withDefaults(), true
	}
	in := interner{opt: &keys.opt, buf: keys.buf}
	ids := make([]uint64, 0, len(p.Words))
	for k, w := range p.Words {
		if w.Start < 0 || w.End < w.Start || w.End > len(p.Text) {
			continue
		}
		n := nums[k]
		for int(n) >= len(keys.state) {
			keys.state, keys.keys = append(keys.state, keyUnknown), append(keys.keys, 0)
		}
		if keys.state[n] == keyUnknown {
			keys.state[n] = keyNone
			if id, ok := in.key(w.Text); ok {
				keys.state[n], keys.keys[n] = keyHash, id
			}
			keys.buf = in.buf
		}
		if keys.state[n] == keyHash {
			ids = append(ids, keys.keys[n])
		}
	}
	return shingleHashes(ids[:0], ids, keys.opt.Shingle) // in place: one allocation
}

// InstrumentKey is what Candidates compares to skip pairs of one instrument: the Instrument,
// or the DocID when Instrument is empty (such a document is an instrument of its own).
func InstrumentKey(p *Provision) string {
	if p.Instrument == "" {
		return "d:" + p.DocID
	}
	return "i:" + p.Instrument
}

// AlignPair is Find's work on one candidate pair: a must come before b in Find's input order.
// The provision of the earlier document (Date, then Order) becomes the source; the pair is
// kept (ok) when the local alignment reaches MinScore with at least MinWords identical words.
func AlignPair(a, b *Provision, opt Options) (r Reuse, ok bool) {
	pa, pb := Prepare(a, opt), Prepare(b, opt)
	return AlignPrepared(&pa, &pb, opt)
}

// Prepared is a provision reduced to what aligning it needs: its identity, its text and its
// content words' hashes and byte spans, without its tokens (Prepare). Text is a copy, so a
// Prepared does not keep its document's text alive.
type Prepared struct {
	ID, DocID, Instrument, Date string
	Order                       int
	Text                        string
	ids                         []uint64
	starts, ends                []int32
}

// Prepare reduces p for AlignPrepared.
func Prepare(p *Provision, opt Options) Prepared {
	o := opt.withDefaults()
	s := newInterner(&o).prepareProvision(p)
	out := Prepared{ID: p.ID, DocID: p.DocID, Instrument: p.Instrument, Date: p.Date, Order: p.Order,
		Text: strings.Clone(p.Text), ids: s.ids, starts: make([]int32, len(s.idx)), ends: make([]int32, len(s.idx))}
	for k, i := range s.idx {
		out.starts[k], out.ends[k] = int32(s.words[i].Start), int32(s.words[i].End)
	}
	return out
}

// PrepareMemo is Prepare with the reduction of each provision text kept in memo (a nil memo
// keeps nothing): a provision whose text memo holds gets that reduction (its Text, content
// words' hashes and spans, shared and read-only) under its own identity. The results are
// Prepare's provided that provisions with equal texts have equal Words, as the analyser gives
// them. One memo serves the versions of an instrument, whose kept provisions repeat their
// text: the second pass of the pipeline prepares the candidate provisions of every version.
func PrepareMemo(p *Provision, opt Options, memo map[string]*Prepared) Prepared {
	if e := memo[p.Text]; e != nil {
		out := *e
		out.ID, out.DocID, out.Instrument, out.Date, out.Order = p.ID, p.DocID, p.Instrument, p.Date, p.Order
		return out
	}
	out := Prepare(p, opt)
	if memo != nil {
		memo[p.Text] = &out
	}
	return out
}

// AlignPrepared is AlignPair on prepared provisions: a must come before b in Find's input order.
func AlignPrepared(a, b *Prepared, opt Options) (r Reuse, ok bool) {
	o := opt.withDefaults()
	if b.before(a) {
		a, b = b, a
	}
	var buf alignBuffers
	return alignPrepared(a, b, &o, &buf)
}

// before is the order of Find on the documents of two prepared provisions.
func (p *Prepared) before(q *Prepared) bool {
	return before(&Provision{Date: p.Date, Order: p.Order}, &Provision{Date: q.Date, Order: q.Order})
}

// alignBuffers are alignIDs's rows, kept across the pairs one goroutine aligns (a pair
// allocated its two rows when AlignCandidates passed none).
type alignBuffers struct{ row, frow []cell }

// alignPrepared aligns source s with target t.
func alignPrepared(s, t *Prepared, o *Options, buf *alignBuffers) (r Reuse, ok bool) {
	sc := newScorer(o)
	var l local
	l, buf.row, buf.frow = alignIDs(s.ids, t.ids, &sc, buf.row, buf.frow)
	if l.aEnd == 0 || l.score < o.MinScore || l.ident < o.MinWords {
		return Reuse{}, false
	}
	s0, s1 := s.span(l.aStart, l.aEnd)
	t0, t1 := t.span(l.bStart, l.bEnd)
	return Reuse{
		Source: s.ID, Target: t.ID, SourceDoc: s.DocID, TargetDoc: t.DocID,
		Score: l.score, AlignedWords: l.ident,
		SourceStart: s0, SourceEnd: s1, TargetStart: t0, TargetEnd: t1,
		SourcePassage: s.Text[s0:s1], TargetPassage: t.Text[t0:t1],
	}, true
}

// AlignCandidates is the end of Find for prepared provisions: it aligns each candidate pair
// (i, j) of CandidatesOfPostings, prep(i) and prep(j) being provisions i and j of Find's input,
// on up to opt.Workers goroutines, and returns the kept reuses in Find's order.
func AlignCandidates(pairs [][2]int, prep func(i int) *Prepared, opt Options) []Reuse {
	o := opt.withDefaults()
	workers := max(o.Workers, 1)
	chunks := make([][]hit, nChunks(len(pairs), workers))
	parallel(len(pairs), workers, func(chunk, lo, hi int) {
		var hits []hit
		var buf alignBuffers
		for _, p := range pairs[lo:hi] {
			si, ti := p[0], p[1]
			if prep(ti).before(prep(si)) {
				si, ti = ti, si
			}
			if r, ok := alignPrepared(prep(si), prep(ti), &o, &buf); ok {
				hits = append(hits, hit{r: r, si: si, ti: ti})
			}
		}
		chunks[chunk] = hits
	})
	return sortHits(chunks)
}

// span is seq.span on the kept words' spans.
func (p *Prepared) span(i, j int) (int, int) {
	lo, hi := p.starts[i], p.ends[i]
	for k := i + 1; k < j; k++ {
		lo, hi = min(lo, p.starts[k]), max(hi, p.ends[k])
	}
	return int(lo), int(hi)
}
