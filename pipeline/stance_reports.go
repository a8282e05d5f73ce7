package pipeline

import (
	"bytes"
	"github.com/stanceshift/stanceshift/internal/textkey"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/results"
)

// evidenceString is results.EvidenceString of ev's terms and contributions. Up to
// evidenceShort entries are gathered on the stack (EvidenceString keeps neither slice): the
// two slices were allocated for every stance and shift row.
func evidenceString(ev []models.Evidence) string {
	var termsBuf [evidenceShort]string
	var contribBuf [evidenceShort]float64
	terms, contrib := evidenceParts(ev, &termsBuf, &contribBuf)
	return results.EvidenceString(terms, contrib)
}

// evidenceParts gives ev's terms and contributions, in the caller's arrays when they hold them.
func evidenceParts(ev []models.Evidence, termsBuf *[evidenceShort]string, contribBuf *[evidenceShort]float64) ([]string, []float64) {
	terms, contrib := termsBuf[:0], contribBuf[:0]
	if len(ev) > evidenceShort {
		terms, contrib = make([]string, 0, len(ev)), make([]float64, 0, len(ev))
	}
	for _, e := range ev {
		terms, contrib = append(terms, e.Term), append(contrib, e.Contribution)
	}
	return terms, contrib
}

// appendStanceRest is row.AppendCSVRestEvidence of ev's terms and contributions, gathered as
// evidenceString gathers them: row's rest of stance.csv's record with evidence ev, written in
// place rather than made a string first.
func appendStanceRest(dst []byte, row results.StanceRow, ev []models.Evidence) []byte {
	var termsBuf [evidenceShort]string
	var contribBuf [evidenceShort]float64
	terms, contrib := evidenceParts(ev, &termsBuf, &contribBuf)
	return row.AppendCSVRestEvidence(dst, terms, contrib)
}

// evidenceShort is the longest evidence list evidenceString gathers on the stack and
// evidenceMissing searches by a scan rather than a set: the models list at most ten terms
// (lss.DefaultEvidence, classifier.MaxEvidence).
const evidenceShort = 16

// StanceRows builds stance.csv: by provision (provisions.csv order), then model name.
func (r *Result) StanceRows() []results.StanceRow {
	n := 0
	for _, doc := range r.Docs {
		n += len(doc.Provisions) * len(r.Scores)
	}
	if n == 0 {
		return nil // as before: no rows is a nil slice
	}
	rows := make([]results.StanceRow, 0, n) // sized: appending was half of its allocation
	// A provision kept from an earlier version has that version's evidence (the scores are
	// functions of the text): its evidence string is taken from the earlier provision's row
	// when the lists are equal, rather than formatted again.
	type earlier struct{ d, i, row int }
	first := make(map[string]earlier, len(r.Docs[0].Provisions))
	for d, doc := range r.Docs {
		for i, p := range doc.Provisions {
			e, kept := first[p.Text]
			if !kept {
				first[p.Text] = earlier{d, i, len(rows)}
			}
			for k, ms := range r.Scores {
				s := &ms.Prov[d][i]
				var ev string
				if kept && sameEvidence(ms.Prov[e.d][e.i].Evidence, s.Evidence) {
					ev = rows[e.row+k].Evidence
				} else {
					ev = evidenceString(s.Evidence)
				}
				rows = append(rows, results.StanceRow{ProvisionID: p.ID, DocID: doc.Doc.ID, Model: ms.Name,
					Score: s.Score, SE: s.SE, CILow: s.CILow, CIHigh: s.CIHigh, Label: s.Label,
					Confidence: s.Confidence, Evidence: ev})
			}
		}
	}
	return rows
}

// encodeStanceRows appends stance.csv's rows of r to buf: the bytes
// results.EncodeRows(buf, r.StanceRows()) appends, without building the rows. A provision whose
// text an earlier version of r had is scored as that version's was (the models score a text):
// where a model's score, label and evidence are the earlier provision's, bit for bit, the row
// but for its provision and document (results.StanceRow.AppendCSVRest) is copied from the
// earlier row in buf instead of encoded again. What it keeps to find them lives one call (one
// instrument, in Stream).
func (r *Result) encodeStanceRows(buf *bytes.Buffer) {
	if len(r.Docs) == 0 || len(r.Scores) == 0 {
		return
	}
	// ends[e.ends:e.ends+len(r.Scores)+1] are the offsets in buf of the start of the first
	// provision with a text, then of the end of each of its rows; e.head is the length of the
	// provision and document fields of each of its rows
	type earlier struct{ d, i, ends, head int }
	var ends []int
	// the first provision of each text: by the text's number when the stream's second pass
	// numbered every document's texts (textNums), else by the text
	var first textkey.Table[earlier]
	numbered := r.textsNumbered()
	for d, doc := range r.Docs {
		for i, p := range doc.Provisions {
			start := buf.Len()
			b := results.StanceRow{ProvisionID: p.ID, DocID: doc.Doc.ID}.AppendCSVHead(buf.AvailableBuffer())
			head := len(b)
			tn := int32(-1)
			if numbered {
				tn = doc.textNums[i]
			}
			e, kept := first.Get(p.Text, tn)
			if !kept {
				first.Put(p.Text, tn, earlier{d: d, i: i, ends: len(ends), head: head})
				ends = append(ends, start)
			}
			all := buf.Bytes()
			for k, ms := range r.Scores {
				if k > 0 {
					b = append(b, b[:head]...)
				}
				s := &ms.Prov[d][i]
				if kept && sameScore(&ms.Prov[e.d][e.i], s) {
					b = append(b, all[ends[e.ends+k]+e.head:ends[e.ends+k+1]]...)
					continue
				}
				b = appendStanceRest(b, results.StanceRow{Model: ms.Name, Score: s.Score, SE: s.SE, CILow: s.CILow,
					CIHigh: s.CIHigh, Label: s.Label, Confidence: s.Confidence}, s.Evidence)
				if !kept {
					ends = append(ends, start+len(b))
				}
			}
			buf.Write(b)
		}
	}
}

// textsNumbered reports whether every document of r has its provisions' text numbers
// (textNums, one numbering: the stream's second pass gives one instrument's), so that texts can
// be found by number alone.
func (r *Result) textsNumbered() bool {
	for _, d := range r.Docs {
		if len(d.textNums) != len(d.Provisions) || slices.ContainsFunc(d.textNums, func(tn int32) bool { return tn < 0 }) {
			return false
		}
	}
	return true
}

// sameScore reports whether a and b are equal bit for bit, evidence included: whether their
// stance.csv fields are.
func sameScore(a, b *models.Score) bool {
	return math.Float64bits(a.Score) == math.Float64bits(b.Score) && math.Float64bits(a.SE) == math.Float64bits(b.SE) &&
		math.Float64bits(a.CILow) == math.Float64bits(b.CILow) && math.Float64bits(a.CIHigh) == math.Float64bits(b.CIHigh) &&
		a.Label == b.Label && math.Float64bits(a.Confidence) == math.Float64bits(b.Confidence) &&
		sameEvidence(a.Evidence, b.Evidence)
}

// sameEvidence reports whether a and b have the same terms and contributions (bit for bit), in
// the same order: whether their evidence strings are equal without formatting them.
func sameEvidence(a, b []models.Evidence) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Term != b[i].Term || math.Float64bits(a[i].Contribution) != math.Float64bits(b[i].Contribution) {
			return false
		}
	}
	return true
}

// DocumentScoreRows builds document_scores.csv: by document (documents.csv order), then model.
func (r *Result) DocumentScoreRows() []results.DocumentScoreRow {
	var rows []results.DocumentScoreRow
	for d, doc := range r.Docs {
		for _, ms := range r.Scores {
			s := ms.Doc[d]
			row := results.DocumentScoreRow{DocID: doc.Doc.ID, Instrument: doc.Doc.Instrument, Version: doc.Doc.Version,
				Model: ms.Name, Score: s.Score, SE: s.SE, CILow: s.CILow, CIHigh: s.CIHigh,
				RescaledLBG: math.NaN(), RescaledMV: math.NaN()}
			if ms.LBG != nil {
				row.RescaledLBG, row.RescaledMV = ms.LBG[d], ms.MV[d]
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// provIndex maps a provision id to its document and provision index. The map is made at its
// final size (growing it, table after table, was a third of its cost) and holds int32 pairs.
func (r *Result) provIndex() map[string][2]int32 {
	n := 0
	for _, doc := range r.Docs {
		n += len(doc.Provisions)
	}
	idx := make(map[string][2]int32, n)
	for d, doc := range r.Docs {
		for i, p := range doc.Provisions {
			idx[p.ID] = [2]int32{int32(d), int32(i)}
		}
	}
	return idx
}

// Direction names for shifts.csv.
const (
	TowardStateCentric     = "toward_state_centric"
	TowardMultistakeholder = "toward_multistakeholder"
	NoShift                = "none"
)

// direction classifies a change of score with the dead band.
func direction(delta, band float64) string {
	switch {
	case math.IsNaN(delta) || math.Abs(delta) <= band:
		return NoShift
	case delta > 0:
		return TowardStateCentric
	}
	return TowardMultistakeholder
}

// ShiftRows builds shifts.csv: one row per alignment.csv row and model, in alignment.csv order
// then model name. For added and deleted provisions one side is empty (score NaN) and the delta is
// NaN. evidence_added lists evidence terms of the later provision that the earlier one lacks,
// evidence_removed the reverse, each with its contribution in the version that has it.
func (r *Result) ShiftRows() []results.ShiftRow {
	idx := r.provIndex()
	n := 0
	for _, vp := range r.Versions {
		n += len(vp.Pairs) * len(r.Scores)
	}
	if n == 0 {
		return nil // as before: no rows is a nil slice
	}
	rows := make([]results.ShiftRow, 0, n) // sized: appending was half of its allocation
	for _, vp := range r.Versions {
		for _, p := range vp.Pairs {
			sides := pairSidesOf(idx, p) // once per pair, not per model
			for _, ms := range r.Scores {
				from, to := sides.scores(ms)
				delta := to.Score - from.Score
				added, removed := evidenceDiff(from.Evidence, to.Evidence)
				rows = append(rows, results.ShiftRow{Instrument: vp.Instrument, FromProvision: p.From, ToProvision: p.To,
					Status: string(p.Status), Model: ms.Name, ScoreFrom: from.Score, ScoreTo: to.Score, Delta: delta,
					Direction: direction(delta, r.ShiftBand), EvidenceAdded: added, EvidenceRemoved: removed})
			}
		}
	}
	return rows
}

// encodeShiftRows appends shifts.csv's rows of r to buf: the bytes
// results.EncodeRows(buf, r.ShiftRows()) appends, without building the rows. A pair's first
// fields (results.ShiftRow.AppendCSVHead) are encoded once and copied into its rows under the
// other models, and the evidence lists are written in place (evidenceDiff's strings were made
// for every row whose lists differ).
func (r *Result) encodeShiftRows(buf *bytes.Buffer) {
	if len(r.Scores) == 0 {
		return
	}
	idx := r.provIndex()
	for _, vp := range r.Versions {
		for _, p := range vp.Pairs {
			sides := pairSidesOf(idx, p)
			b := results.ShiftRow{Instrument: vp.Instrument, FromProvision: p.From, ToProvision: p.To,
				Status: string(p.Status)}.AppendCSVHead(buf.AvailableBuffer())
			head := len(b)
			for k, ms := range r.Scores {
				if k > 0 {
					b = append(b, b[:head]...)
				}
				from, to := sides.scores(ms)
				delta := to.Score - from.Score
				b = appendShiftRest(b, results.ShiftRow{Model: ms.Name, ScoreFrom: from.Score, ScoreTo: to.Score,
					Delta: delta, Direction: direction(delta, r.ShiftBand)}, from.Evidence, to.Evidence)
			}
			buf.Write(b)
		}
	}
}

// pairSides is where an aligned pair's two provisions are in the scores (indexes of provIndex);
// a side that is empty (an added or deleted provision) or unknown is not ok.
type pairSides struct {
	fromAt, toAt [2]int32
	fromOK, toOK bool
}

// nanScore is the score of a missing side: NaN, no evidence. Never written to.
var nanScore = models.NaNScore()

func pairSidesOf(idx map[string][2]int32, p align.Pair) pairSides {
	fromAt, fromOK := idx[p.From]
	toAt, toOK := idx[p.To]
	return pairSides{fromAt, toAt, fromOK && p.From != "", toOK && p.To != ""}
}

// scores returns the pair's two scores by ms, NaN for a side that is not ok.
func (s pairSides) scores(ms ModelScores) (from, to *models.Score) {
	from, to = &nanScore, &nanScore
	if s.fromOK {
		from = &ms.Prov[s.fromAt[0]][s.fromAt[1]]
	}
	if s.toOK {
		to = &ms.Prov[s.toAt[0]][s.toAt[1]]
	}
	return from, to
}

// appendShiftRest is row.AppendCSVRestEvidence of the evidence evidenceDiff(from, to) lists:
// row's rest of shifts.csv's record, its evidence lists written in place rather than made
// strings first.
func appendShiftRest(dst []byte, row results.ShiftRow, from, to []models.Evidence) []byte {
	if sameTerms(from, to) {
		return row.AppendCSVRestEvidence(dst, nil, nil, nil, nil)
	}
	var buf [evidenceShort]models.Evidence // the missing entries of short lists, on the stack
	var addTerms, remTerms [evidenceShort]string
	var addContrib, remContrib [evidenceShort]float64
	at, ac := evidenceParts(evidenceMissing(buf[:0], to, from), &addTerms, &addContrib)
	rt, rc := evidenceParts(evidenceMissing(buf[:0], from, to), &remTerms, &remContrib)
	return row.AppendCSVRestEvidence(dst, at, ac, rt, rc)
}

// evidenceDiff lists the evidence of to whose term from lacks (added) and that of from whose
// term to lacks (removed), each in its list's order. Two lists with the same terms in the same
// order (a provision kept from one version to the next: 65% of the shift rows on the 10MB
// bench corpus) have neither, which a pass over both tells.
func evidenceDiff(from, to []models.Evidence) (added, removed string) {
	if sameTerms(from, to) {
		return "", ""
	}
	var buf [evidenceShort]models.Evidence // the missing entries of short lists, on the stack
	added = evidenceString(evidenceMissing(buf[:0], to, from))
	removed = evidenceString(evidenceMissing(buf[:0], from, to))
	return added, removed
}

// sameTerms reports whether a and b list the same terms in the same order.
func sameTerms(a, b []models.Evidence) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Term != b[i].Term {
			return false
		}
	}
	return true
}

// evidenceMissing appends to dst the entries of ev whose term no entry of other has and returns
// it (nil when dst is nil and none is missing). Two sets per shift row were 0.09 s of map
// assignments on the 10 MB bench corpus; evidenceDiff passes a buffer on its stack.
func evidenceMissing(dst, ev, other []models.Evidence) []models.Evidence {
	out := dst
	if len(other) <= evidenceShort {
		for _, e := range ev {
			if !slices.ContainsFunc(other, func(o models.Evidence) bool { return o.Term == e.Term }) {
				out = append(out, e)
			}
		}
		return out
	}
	has := make(map[string]bool, len(other))
	for _, o := range other {
		has[o.Term] = true
	}
	for _, e := range ev {
		if !has[e.Term] {
			out = append(out, e)
		}
	}
	return out
}

// SummaryRows builds summary.csv: one row per version pair (alignment order) and model.
func (r *Result) SummaryRows() []results.SummaryRow {
	var rows []results.SummaryRow
	idx := r.provIndex()
	var at [][2][2]int32 // per matched pair of a version pair, where its two provisions are
	for _, vp := range r.Versions {
		counts := map[align.Status]int{}
		at = at[:0]
		for _, p := range vp.Pairs {
			counts[p.Status]++
			if p.From != "" && p.To != "" { // looked up once, not once per model
				at = append(at, [2][2]int32{idx[p.From], idx[p.To]})
			}
		}
		for _, ms := range r.Scores {
			row := results.SummaryRow{Instrument: vp.Instrument, FromVersion: vp.From.Doc.Version, ToVersion: vp.To.Doc.Version,
				Model: ms.Name, Unchanged: counts[align.Unchanged], Modified: counts[align.Modified], Moved: counts[align.Moved],
				Split: counts[align.Split], Merged: counts[align.Merged], Added: counts[align.Added], Deleted: counts[align.Deleted],
				MeanFrom: meanScore(ms.Prov[vp.FromIdx]), MeanTo: meanScore(ms.Prov[vp.ToIdx])}
			row.Shift = row.MeanTo - row.MeanFrom
			for _, ab := range at {
				a, b := ab[0], ab[1]
				switch direction(ms.Prov[b[0]][b[1]].Score-ms.Prov[a[0]][a[1]].Score, r.ShiftBand) {
				case TowardStateCentric:
					row.TowardStateCentric++
				case TowardMultistakeholder:
					row.TowardMultistakeholder++
				default:
					row.NoShift++
				}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// meanScore is the mean of a document's provision scores (NaN when none is scored).
func meanScore(prov []models.Score) float64 {
	var sum float64
	n := 0
	for _, s := range prov {
		if !math.IsNaN(s.Score) {
			sum += s.Score
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

// ConceptMentionRows builds concept_mentions.csv: by provision, then position.
func (r *Result) ConceptMentionRows() []results.ConceptMentionRow {
	n := 0
	for _, ms := range r.Concepts {
		for _, m := range ms {
			n += len(m)
		}
	}
	if n == 0 {
		return nil // as before: no rows is a nil slice
	}
	rows := make([]results.ConceptMentionRow, 0, n) // at most n (sized: appending was half of its allocation)
	for d, doc := range r.Docs {
		for i, p := range doc.Provisions {
			if d >= len(r.Concepts) || i >= len(r.Concepts[d]) {
				continue
			}
			for _, m := range r.Concepts[d][i] {
				rows = append(rows, results.ConceptMentionRow{ProvisionID: p.ID, DocID: doc.Doc.ID, Concept: m.Concept,
					Start: m.Start, End: m.End, MatchedText: m.Matched})
			}
		}
	}
	return rows
}

// encodeConceptMentionRows appends concept_mentions.csv's rows of r to buf: the bytes
// results.EncodeRows(buf, r.ConceptMentionRows()) appends, without building the rows. A
// provision whose text an earlier version of r had has that version's mentions, the same
// slice (the dictionary's memo, Stream's), so its rows but for its ids
// (results.ConceptMentionRow.AppendCSVRest) are copied from the earlier provision's rows in buf
// instead of encoded again. What it keeps to find them lives one call (one instrument, in
// Stream).
func (r *Result) encodeConceptMentionRows(buf *bytes.Buffer) {
	// ends[w.ends:w.ends+n+1] are the offsets in buf of the start of a provision's first row,
	// then of each row's end; w.head is the length of the id fields of each of its rows
	type written struct{ ends, n, head int }
	var ends []int
	seen := map[*ConceptMention]written{}
	for d, doc := range r.Docs {
		if d >= len(r.Concepts) {
			break
		}
		for i, p := range doc.Provisions {
			if i >= len(r.Concepts[d]) {
				break
			}
			ms := r.Concepts[d][i]
			if len(ms) == 0 {
				continue
			}
			start := buf.Len()
			b := results.ConceptMentionRow{ProvisionID: p.ID, DocID: doc.Doc.ID}.AppendCSVHead(buf.AvailableBuffer())
			head := len(b)
			if w, ok := seen[&ms[0]]; ok && w.n == len(ms) {
				buf.Write(appendKeptRows(b, head, buf.Bytes(), ends[w.ends:], w.head, len(ms)))
				continue
			}
			seen[&ms[0]] = written{ends: len(ends), n: len(ms), head: head}
			ends = append(ends, start)
			for k, m := range ms {
				if k > 0 {
					b = append(b, b[:head]...)
				}
				b = results.ConceptMentionRow{Concept: m.Concept, Start: m.Start, End: m.End, MatchedText: m.Matched}.AppendCSVRest(b)
				ends = append(ends, start+len(b))
			}
			buf.Write(b)
		}
	}
}

// docConcepts is what concept_changes.csv needs of one document: the concepts its provisions
// carry, sorted, and for each the ids of those provisions (in order) joined by ";".
type docConcepts struct {
	names  []string
	joined map[string]string
}

// conceptsOf builds docConcepts for Docs[d].
func (r *Result) conceptsOf(d int) docConcepts {
	if d >= len(r.Concepts) {
		return docConcepts{}
	}
	doc := r.Docs[d]
	// A concept's provisions are lists[slot[concept]], cut from one array: a first pass finds
	// each mention's concept by one map lookup (kept in ks) and counts each concept's
	// provisions, the second fills the lists (each grown by appending was most of this
	// report's allocations, and a lookup, then an assignment of the grown list, most of its
	// instructions).
	slot := map[string]int{}
	var names []string
	var ks []int32      // each mention's concept, in order
	var count []int     // per concept: its provisions
	var lastID []string // per concept: its last provision counted
	for i, ms := range r.Concepts[d] {
		id := doc.Provisions[i].ID
		for _, m := range ms {
			k, ok := slot[m.Concept]
			if !ok {
				k = len(count)
				slot[m.Concept] = k
				names = append(names, m.Concept)
				count, lastID = append(count, 0), append(lastID, "")
			}
			ks = append(ks, int32(k))
			// ids are unique within a document: the last id is this one's when this provision
			// had the concept already (a set per provision was most of this report's garbage)
			if count[k] == 0 || lastID[k] != id {
				count[k]++
				lastID[k] = id
			}
		}
	}
	total := 0
	for _, c := range count {
		total += c
	}
	flat := make([]string, 0, total)
	lists := make([][]string, len(count))
	for k, c := range count {
		lists[k], flat = flat[:0:c], flat[c:c:cap(flat)]
	}
	n := 0
	for i, ms := range r.Concepts[d] {
		id := doc.Provisions[i].ID
		for range ms {
			k := ks[n]
			n++
			if l := lists[k]; len(l) == 0 || l[len(l)-1] != id {
				lists[k] = append(l, id)
			}
		}
	}
	sort.Strings(names)
	joined := make(map[string]string, len(lists))
	for c, k := range slot {
		joined[c] = strings.Join(lists[k], ";")
	}
	return docConcepts{names: names, joined: joined}
}

// ConceptChangeRows builds concept_changes.csv: for each version pair, each concept present in
// either version, by concept name: added (only in the later), dropped (only in the earlier), kept.
// A middle version is the later one of a pair and the earlier one of the next: its concepts are
// gathered once.
func (r *Result) ConceptChangeRows() []results.ConceptChangeRow {
	var rows []results.ConceptChangeRow
	last, lastConcepts := -1, docConcepts{}
	conceptsOf := func(d int) docConcepts {
		if d != last {
			last, lastConcepts = d, r.conceptsOf(d)
		}
		return lastConcepts
	}
	for _, vp := range r.Versions {
		from := conceptsOf(vp.FromIdx)
		to := conceptsOf(vp.ToIdx)
		row := func(c string) {
			fromIDs, inFrom := from.joined[c]
			toIDs, inTo := to.joined[c]
			change := "kept"
			switch {
			case !inFrom:
				change = "added"
			case !inTo:
				change = "dropped"
			}
			rows = append(rows, results.ConceptChangeRow{Instrument: vp.Instrument, FromVersion: vp.From.Doc.Version,
				ToVersion: vp.To.Doc.Version, Concept: c, Change: change,
				FromProvisions: fromIDs, ToProvisions: toIDs})
		}
		// the union of the two sorted name lists, in order
		f, t := from.names, to.names
		for len(f) > 0 || len(t) > 0 {
			switch {
			case len(t) == 0 || len(f) > 0 && f[0] < t[0]:
				row(f[0])
				f = f[1:]
			case len(f) == 0 || t[0] < f[0]:
				row(t[0])
				t = t[1:]
			default:
				row(f[0])
				f, t = f[1:], t[1:]
			}
		}
	}
	return rows
}

// appendKeptRows appends to b (holding a provision's ids, b[:head]) n rows copied from an
// earlier provision's in all: row k is those ids, then the earlier row k's bytes after its own
// ids (skip bytes) up to the next row, ends[k] to ends[k+1] being the earlier rows' bounds.
func appendKeptRows(b []byte, head int, all []byte, ends []int, skip, n int) []byte {
	for k := range n {
		if k > 0 {
			b = append(b, b[:head]...)
		}
		b = append(b, all[ends[k]+skip:ends[k+1]]...)
	}
	return b
}
