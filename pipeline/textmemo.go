package pipeline

import "github.com/stanceshift/stanceshift/pipeline/analyze"

// textMemo is analysisMemo for the second pass, which also numbers the distinct provision texts
// of one instrument, 0, 1, ... in order of first occurrence (DocResult.textNums). The second
// pass's other memos of provision texts (wordTerms' rows, and through it the dictionary's and
// the LSS scores' memos) are then slices indexed by that number instead of maps keyed by the
// text: a provision's text is hashed and compared once instead of once per memo. analysisMemo
// kept two maps of texts, each kept provision looked up in one and stored in the other. On the
// 10MB bench corpus the second pass's analyzeMemo and setVectors made 0.58 and 0.18 M lookups
// and stores of provision texts, about 60 M instructions.
//
// The analyses it gives are analysisMemo's, and so are the documents' keptFrom marks: a text's
// analysis is taken over from the previous document or the current one only (an analysis of an
// older document is dropped, as analysisMemo drops it), the previous document's first. The
// numbers outlive the analyses: they are kept for the instrument, whose documents (and so the
// texts the map's keys are slices of) the second pass keeps until its reports are built.
type textMemo struct {
	ids   map[string]int32 // provision text -> its number
	slots []textSlot       // by number
	doc   int32            // the documents started, the current one's number (from 1)
	// the numbers of the texts whose slot the previous and the current document set (doc), whose
	// analyses the next documents drop unless they have the text again
	prevSet, curSet []int32
}

// textSlot is one provision text's analysis and where analysisMemo's maps would hold it: cur
// (the map of document doc) with at, and, while doc is the current document, prev (the map of
// the document before) with pat when pdoc is that document.
type textSlot struct {
	a       numberedAnalysis // a.at is unused: at and pat are
	doc, at int32            // 0: no document holds the analysis
	pdoc    int32            // -1 (or an older document): not in prev
	pat     int32
}

// analyzeTexts is DocResult.analyzeMemo through a textMemo: the same analyses, token numbers
// and keptFrom marks, the same texts given to fn, and r.textNums set.
func (r *DocResult) analyzeTexts(fn func(string) (analyze.Provision, []int32, error), m *textMemo) {
	m.next()
	n := m.doc
	r.Analyses = make([]analyze.Provision, len(r.Provisions))
	r.tokenNums = make([][]int32, len(r.Provisions))
	r.keptFrom = make([]int32, len(r.Provisions))
	r.textNums = make([]int32, len(r.Provisions))
	for i, p := range r.Provisions {
		id, seen := m.ids[p.Text]
		if !seen {
			id = int32(len(m.slots))
			m.ids[p.Text] = id
			m.slots = append(m.slots, textSlot{})
		}
		r.textNums[i] = id
		s := &m.slots[id]
		var from int32
		switch {
		case s.doc == n-1 && n > 1: // in the previous document's map only
			from = s.at
			s.pdoc, s.pat, s.doc, s.at = n-1, s.at, n, int32(i)
			m.curSet = append(m.curSet, id)
		case s.doc == n && s.pdoc == n-1: // in both: the previous document's first
			from, s.at = s.pat, int32(i)
		case s.doc == n: // in the current document's only
			from = -2 - s.at
		default:
			an, nums, err := fn(p.Text)
			if err != nil {
				r.warnAnalysis(p, err)
				r.keptFrom[i] = noSource
				continue
			}
			*s = textSlot{a: numberedAnalysis{an: an, nums: nums}, doc: n, at: int32(i), pdoc: -1}
			m.curSet = append(m.curSet, id)
			from = noSource
		}
		r.Analyses[i], r.tokenNums[i], r.keptFrom[i] = s.a.an, s.a.nums, from
	}
}

// next starts the next document: the analyses of the texts the document before the previous
// one had and the previous one had not are dropped (analysisMemo holds two documents' only).
func (m *textMemo) next() {
	if m.ids == nil {
		m.ids = map[string]int32{}
	}
	m.doc++
	for _, id := range m.prevSet {
		if s := &m.slots[id]; s.doc < m.doc-1 {
			s.a = numberedAnalysis{}
		}
	}
	m.prevSet, m.curSet = m.curSet, m.prevSet[:0]
}

// texts returns the number of distinct texts m has numbered.
func (m *textMemo) texts() int { return len(m.slots) }
