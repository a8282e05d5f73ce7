package reuse

import (
	"slices"
)

// Echo says whether one provision of a reference document is echoed by a later document of
// another instrument.
type Echo struct {
	ReferenceProvision, ReferenceDoc, TargetDoc string
	// Echoed is Score >= EchoOptions.Threshold.
	Echoed bool
	// BestTargetProvision is the target provision with the highest similarity ("" when the
	// target document has no provision scoring above 0).
	BestTargetProvision string
	// Score is that similarity, AlignWeight*AlignShare + (1-AlignWeight)*Overlap, in [0, 1].
	Score float64
	// Overlap and AlignShare are the two parts of Score for BestTargetProvision.
	Overlap, AlignShare float64
}

type docInfo struct {
	id, instrument, date string
	order                int
	provs                []int
}

// Echoes compares every provision of every reference document (isReference(DocID)) with every
// LATER document (see Find for the order) of ANOTHER instrument. The similarity of reference
// provision r and target provision t is
//
//	AlignWeight * AlignShare + (1-AlignWeight) * Overlap
//
// where Overlap is the share of r's distinct content words (stop words removed, Porter2 stems)
// that occur in t, and AlignShare the share of r's content-word tokens matched in the best local
// alignment of r and t (Options as in Find). Overlap finds a reference taken up piecemeal or
// reordered; AlignShare rewards wording kept in sequence. An echo's Score is the best
// similarity over the target document's provisions (first in input order on ties). A reference
// provision without content words scores 0. Rows come in input order: reference documents,
// their provisions, then target documents. A nil isReference gives nil.
func Echoes(provs []Provision, isReference func(docID string) bool, opt EchoOptions) []Echo {
	if isReference == nil {
		return nil
	}
	if !slices.ContainsFunc(provs, func(p Provision) bool { return isReference(p.DocID) }) {
		return nil // nothing to echo: no provision is prepared (this was a second pass over the corpus)
	}
	o := opt.withDefaults()
	al := o.Align
	in := newInterner(&al)
	stemOpt := Options{Stem: true, StopWords: al.StopWords, stops: al.stops}
	stemIn := newInterner(&stemOpt)
	seqs := make([]seq, len(provs))
	sets := make([][]uint64, len(provs))
	ncontent := make([]int, len(provs))
	var docs []*docInfo
	byID := map[string]*docInfo{}
	for i := range provs {
		p := &provs[i]
		seqs[i] = in.prepareProvision(p)
		sets[i] = stemIn.prepareProvision(p).ids
		ncontent[i] = len(sets[i])
		slices.Sort(sets[i])
		sets[i] = slices.Compact(sets[i])
		d := byID[p.DocID]
		if d == nil {
			d = &docInfo{id: p.DocID, instrument: p.Instrument, date: p.Date, order: p.Order}
			byID[p.DocID] = d
			docs = append(docs, d)
		}
		d.provs = append(d.provs, i)
	}
	sc := newScorer(&al)
	var row, frow []cell
	var out []Echo
	for _, r := range docs {
		if !isReference(r.id) {
			continue
		}
		rp := &Provision{Date: r.date, Order: r.order}
		var targets []*docInfo
		for _, t := range docs {
			tp := &Provision{Date: t.date, Order: t.order}
			if t.instrument != r.instrument && before(rp, tp) {
				targets = append(targets, t)
			}
		}
		for _, ri := range r.provs {
			for _, t := range targets {
				e := Echo{ReferenceProvision: provs[ri].ID, ReferenceDoc: r.id, TargetDoc: t.id}
				if ncontent[ri] > 0 {
					for _, ti := range t.provs {
						ov := float64(intersect(sets[ri], sets[ti])) / float64(len(sets[ri]))
						var l local
						l, row, frow = alignIDs(seqs[ri].ids, seqs[ti].ids, &sc, row, frow)
						as := min(1, float64(l.ident)/float64(ncontent[ri]))
						s := o.AlignWeight*as + (1-o.AlignWeight)*ov
						if s > e.Score {
							e.Score, e.Overlap, e.AlignShare = s, ov, as
							e.BestTargetProvision = provs[ti].ID
						}
					}
				}
				e.Echoed = e.Score >= o.Threshold
				out = append(out, e)
			}
		}
	}
	return out
}

// intersect counts the common elements of two sorted, duplicate-free slices.
func intersect(a, b []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}
