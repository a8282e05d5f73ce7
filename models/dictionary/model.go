package dictionary

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/stanceshift/stanceshift/internal/textkey"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/stanceshift/stanceshift/models"
)

//go:embed governance.yaml
var governanceYAML []byte

// DefaultYAML returns a copy of the embedded default dictionary (governance.yaml).
func DefaultYAML() []byte { return bytes.Clone(governanceYAML) }

var defaultOnce = sync.OnceValues(func() (*Model, error) {
	return ParseYAML(governanceYAML, "governance.yaml")
})

// Default returns the model built from the embedded governance.yaml. It is shared and
// immutable. The embedded file is checked by the package tests; should it ever fail to parse,
// Default panics with the parse error.
func Default() *Model {
	m, err := defaultOnce()
	if err != nil {
		panic(err)
	}
	return m
}

func defaultSpec() *Spec { return Default().spec }

// Model is the dictionary stance model and concept matcher. It implements models.Scorer.
// A Model is immutable and safe for concurrent use.
type Model struct {
	spec     *Spec
	stance   *Matcher
	concepts *Matcher // nil when the dictionary has no concepts
	mods     *Matcher // nil when it has no modifiers
	lex      *lexicon // the three matchers' lexicon, with the scope words' flags
}

var _ models.Scorer = (*Model)(nil)

// compileNamed checks spec and builds the matchers; name prefixes errors.
func compileNamed(spec *Spec, name string) (*Model, error) {
	m, err := compile(spec)
	if err != nil && name != "" {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, err
}

func compile(spec *Spec) (*Model, error) {
	if spec == nil {
		return nil, errors.New("dictionary: nil spec")
	}
	if spec.Format != FormatV1 {
		return nil, fmt.Errorf("dictionary: format %q, want %q", spec.Format, FormatV1)
	}
	if !finite(spec.Smoothing) || spec.Smoothing <= 0 || spec.Smoothing > 1000 {
		return nil, fmt.Errorf("dictionary: smoothing must be in (0, 1000], got %v", spec.Smoothing)
	}
	if !finite(spec.DeadBand) || spec.DeadBand < 0 || spec.DeadBand >= 1 {
		return nil, fmt.Errorf("dictionary: dead_band must be in [0, 1), got %v", spec.DeadBand)
	}
	if len(spec.Stance) == 0 {
		return nil, errors.New("dictionary: no stance keys")
	}
	seenKey := map[string]bool{}
	for _, e := range spec.Stance {
		if seenKey[e.Key] {
			return nil, fmt.Errorf("dictionary: stance key %q appears twice", e.Key)
		}
		seenKey[e.Key] = true
		if !finite(e.Weight) || math.Abs(e.Weight) > maxWeight*maxWeight {
			return nil, fmt.Errorf("dictionary: stance key %q: weight %v not finite or too large", e.Key, e.Weight)
		}
		switch e.Negated {
		case NegFlip, NegDamp, NegKeep:
		default:
			return nil, fmt.Errorf("dictionary: stance key %q: negated must be flip, damp or keep, got %q", e.Key, e.Negated)
		}
	}
	if err := spec.Scope.check(); err != nil {
		return nil, err
	}
	m := &Model{spec: spec, lex: newLexicon()}
	var err error
	if m.stance, err = newMatcher(spec.Stance, m.lex); err != nil {
		return nil, err
	}
	for _, p := range m.stance.patterns {
		if len(p.entries) > 1 {
			return nil, fmt.Errorf("dictionary: stance pattern %q is listed under both %q and %q; a term may carry one weight",
				p.text, spec.Stance[p.entries[0]].Key, spec.Stance[p.entries[1]].Key)
		}
	}
	if len(spec.Concepts) > 0 {
		seen := map[string]bool{}
		for _, e := range spec.Concepts {
			if seen[e.Key] {
				return nil, fmt.Errorf("dictionary: concept key %q appears twice", e.Key)
			}
			seen[e.Key] = true
			if e.Weight != 0 || e.Negated != "" {
				return nil, fmt.Errorf("dictionary: concept key %q carries a weight or negation handling", e.Key)
			}
		}
		if m.concepts, err = newMatcher(spec.Concepts, m.lex); err != nil {
			return nil, err
		}
	}
	if len(spec.Modifiers) > 0 {
		entries := make([]Entry, len(spec.Modifiers))
		seen := map[string]bool{}
		for i, mc := range spec.Modifiers {
			if mc.Name == "" || seen[mc.Name] {
				return nil, fmt.Errorf("dictionary: modifier class %q is empty or duplicate", mc.Name)
			}
			seen[mc.Name] = true
			if err := mc.check(); err != nil {
				return nil, fmt.Errorf("dictionary: modifier class %q: %w", mc.Name, err)
			}
			entries[i] = Entry{Key: mc.Name, Patterns: mc.Patterns}
		}
		if m.mods, err = newMatcher(entries, m.lex); err != nil {
			return nil, err
		}
		for _, p := range m.mods.patterns {
			if len(p.entries) > 1 {
				return nil, fmt.Errorf("dictionary: modifier pattern %q is in both %q and %q",
					p.text, spec.Modifiers[p.entries[0]].Name, spec.Modifiers[p.entries[1]].Name)
			}
		}
	}
	flag := func(ws []string, f uint8) {
		for _, w := range ws {
			m.lex.flags[m.lex.addWord(strings.ToLower(w))] |= f
		}
	}
	flag(spec.Scope.Breaks, flagBreak)
	flag(spec.Scope.AfterComma, flagAfterComma)
	flag(spec.Scope.Modals, flagModal)
	m.lex.freeze()
	for _, mt := range []*Matcher{m.stance, m.concepts, m.mods} {
		if mt != nil {
			mt.finish()
		}
	}
	return m, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Spec returns a deep copy of the model's dictionary.
func (m *Model) Spec() Spec {
	var s Spec
	b, _ := json.Marshal(m.spec)
	_ = json.Unmarshal(b, &s)
	return s
}

// Name implements models.Scorer.
func (m *Model) Name() string { return models.NameDictionary }

// Range implements models.Scorer: scores lie in the open interval (-1, 1).
func (m *Model) Range() (lo, hi float64) { return -1, 1 }

// Save writes the model (its compiled dictionary spec) as indented JSON. Load reads it back and
// scores identically.
func (m *Model) Save(w io.Writer) error {
	if m == nil || m.spec == nil {
		return errors.New("dictionary: save: nil model")
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m.spec); err != nil {
		return fmt.Errorf("dictionary: save: %w", err)
	}
	return nil
}

// Load reads a model. Input whose first non-space byte is '{' is a JSON model written by Save
// (unknown fields and trailing data are errors); anything else is a YAML dictionary in this
// package's format. Use LoadFile for errors that name the file.
func Load(r io.Reader) (*Model, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("dictionary: load: %w", err)
	}
	return loadBytes(data, "input")
}

// LoadFile reads a model from path (JSON written by Save, or a YAML dictionary); errors name
// the file and, for YAML, the line.
func LoadFile(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("dictionary: %w", err)
	}
	return loadBytes(data, path)
}

func loadBytes(data []byte, name string) (*Model, error) {
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		var s Spec
		if err := dec.Decode(&s); err != nil {
			return nil, fmt.Errorf("dictionary: %s: %w", name, err)
		}
		if _, err := dec.Token(); err != io.EOF {
			return nil, fmt.Errorf("dictionary: %s: trailing data after the model", name)
		}
		return compileNamed(&s, name)
	}
	return ParseYAML(data, name)
}

// Match is one stance term found in a text, with what the modifiers did to it.
type Match struct {
	Key          string   // stance key path, e.g. "state_centric.sovereignty"
	Term         string   // matched words, lower-cased, joined by single spaces
	Start, End   int      // byte offsets into Text.Text
	Weight       float64  // the key's effective weight
	Contribution float64  // weight after negation and modality, before normalisation
	Modifiers    []string // the modifier classes whose scope covers the term, in trigger order
}

// scope is one modifier trigger's scope over words [start, end).
type scope struct {
	class      int
	start, end int32
}

// scopes returns the modifier scopes of ws, ordered by start, and the backward scopes of the
// classes with a before factor (from the start of the trigger's clause, at most max_words words
// back, or from the start of the text, to the word before the trigger), in buf's buffers (valid
// until their next use).
func (m *Model) scopes(ws []word, buf *analyseBuf) (fwd, rev []scope) {
	if m.mods == nil {
		return nil, nil
	}
	buf.modHits = m.mods.findTo(buf.modHits, ws)
	hits := buf.modHits
	fwd, rev = buf.fwd[:0], buf.rev[:0]
	defer func() { buf.fwd, buf.rev = fwd, rev }()
	for _, h := range hits {
		c := int(m.mods.patterns[h.pat].entries[0])
		mc := m.spec.Modifiers[c]
		end := int32(len(ws))
		if mc.AfterScope != BeforeText {
			end = m.scopeEnd(ws, int(h.end), mc.StopAtComma)
		}
		fwd = append(fwd, scope{class: c, start: h.end, end: end})
		if mc.Before != 0 {
			s := 0
			if mc.BeforeScope != BeforeText {
				lo := max(0, int(h.start)-m.spec.Scope.MaxWords)
				s = int(h.start)
				for s > lo && ws[s].brk != brkClause {
					s--
				}
			}
			if s < int(h.start) {
				rev = append(rev, scope{class: c, start: int32(s), end: h.start})
			}
		}
	}
	return fwd, rev
}

// scopeEnd returns the word index at which a scope starting at word s ends (exclusive): before a
// clause boundary, before a break word, before an after_comma word that follows a comma, before
// an after_comma word followed by a modal ("and shall"), at a comma for stop_at_comma classes,
// and after at most max_words words.
func (m *Model) scopeEnd(ws []word, s int, stopAtComma bool) int32 {
	limit := min(len(ws), s+m.spec.Scope.MaxWords)
	for k := s; k < limit; k++ {
		w := ws[k]
		if w.brk == brkClause || (stopAtComma && w.brk == brkComma) {
			return int32(k)
		}
		if w.id < 0 {
			continue // no scope word
		}
		fl := m.lex.flags[w.id]
		if fl&flagBreak != 0 {
			return int32(k)
		}
		if fl&flagAfterComma != 0 {
			if w.brk == brkComma {
				return int32(k)
			}
			if k+1 < len(ws) && ws[k+1].id >= 0 && m.lex.flags[ws[k+1].id]&flagModal != 0 && ws[k+1].brk == brkNone {
				return int32(k)
			}
		}
	}
	return int32(limit)
}

// analyseBuf holds the buffers that scoreAll's analyses reuse from one provision to the next:
// the words (the largest allocation per provision), the matches of the three matchers, the
// scopes and the stance matches, which scoreAll reads and drops. Before they were reused,
// they, with the list of every match of a document that finish summed, were two thirds of
// the dictionary stage's allocations.
type analyseBuf struct {
	ws       []word
	words    wordBuf
	hits     []hit // the stance matches, then the concept matches
	modHits  []hit
	fwd, rev []scope
	ms       []Match
}

// analyse finds the stance terms of t and applies the modifiers. With buf nil it works in a
// buffer of its own and names each match's Modifiers; otherwise the words, matches and scopes
// are buf's (valid until the next call with buf) and the matches' Modifiers are left nil
// (scoreAll does not read them).
func (m *Model) analyse(t models.Text, buf *analyseBuf) ([]word, []Match) {
	return m.analyseNumbered(t, nil, nil, buf)
}

// analyseNumbered is analyse with the words of t's tokens, and their lexicon fields, kept by
// the tokens' numbers in byToken (splitWordsBuf), when nums is not nil: one per token of t.
func (m *Model) analyseNumbered(t models.Text, nums []int32, byToken *[]lexEntry, buf *analyseBuf) ([]word, []Match) {
	names := buf == nil
	if buf == nil { // a buffer of this call's own: what it returns is the caller's
		buf = &analyseBuf{ws: make([]word, 0, len(t.Tokens)+4)}
	}
	ws := splitWordsBuf(t, buf.ws[:0], &buf.words, nums, byToken, m.lex)
	buf.ws = ws
	buf.hits = m.stance.findTo(buf.hits, ws)
	hits := buf.hits
	if len(hits) == 0 {
		return ws, nil
	}
	out := buf.ms[:0]
	defer func() { buf.ms = out }()
	scs, rev := m.scopes(ws, buf)
	first := 0 // scopes before first end before every remaining hit starts
	for _, h := range hits {
		e := m.spec.Stance[m.stance.patterns[h.pat].entries[0]]
		mt := Match{Key: e.Key, Term: term(t.Text, ws, h), Start: ws[h.start].start, End: ws[h.end-1].end, Weight: e.Weight}
		for first < len(scs) && scs[first].end <= h.start && scs[first].start+int32(m.spec.Scope.MaxWords) <= h.start {
			first++
		}
		negs, negFactor, forceFlip := 0, 1.0, false
		scale := 1.0
		var applied []string
		for j := first; j < len(scs) && scs[j].start <= h.start; j++ {
			sc := scs[j]
			mc := m.spec.Modifiers[sc.class]
			if h.start < sc.start || h.start >= sc.end || !mc.appliesTo(e.Key) {
				continue
			}
			if names {
				applied = append(applied, mc.Name)
			}
			switch mc.Effect {
			case EffectNegate:
				negs++
				negFactor = mc.Factor // the nearest (latest) trigger's factor
				forceFlip = mc.flips(e.Key)
			case EffectScale:
				scale *= mc.Factor
			}
		}
		c := e.Weight * scale
		if negs%2 == 1 {
			neg := e.Negated
			if forceFlip {
				neg = NegFlip
			}
			switch neg {
			case NegFlip:
				c = -c
			case NegDamp:
				c *= negFactor
			}
		}
		for _, sc := range rev {
			if h.start >= sc.start && h.start < sc.end && m.spec.Modifiers[sc.class].appliesTo(e.Key) {
				if names {
					applied = append(applied, m.spec.Modifiers[sc.class].Name)
				}
				c *= m.spec.Modifiers[sc.class].Before
			}
		}
		mt.Contribution, mt.Modifiers = c, applied
		out = append(out, mt)
	}
	return ws, out
}

// Matches returns the stance terms found in t, in text order, with the modifiers applied.
func (m *Model) Matches(t models.Text) []Match {
	_, ms := m.analyse(t, nil)
	return ms
}

// Concepts returns the mentions of the dictionary's concept keys in t, ordered by Start.
func (m *Model) Concepts(t models.Text) []Mention {
	if m.concepts == nil {
		return nil
	}
	return m.concepts.Match(t)
}

// ConceptMatcher returns the matcher over the concept keys (nil when there are none).
func (m *Model) ConceptMatcher() *Matcher { return m.concepts }

// StanceMatcher returns the matcher over the stance keys (weights are not applied by it).
func (m *Model) StanceMatcher() *Matcher { return m.stance }

// Score implements models.Scorer. See doc.go for the formula, the label and the confidence.
func (m *Model) Score(t models.Text) models.Score {
	ws, ms := m.analyse(t, nil)
	return m.scoreMatches(ws, ms, nil)
}

// scoreMatches is Score once the text is analysed.
// With a memo, the evidence list is cut from the memo's block (Memo.evidenceRoom).
func (m *Model) scoreMatches(ws []word, ms []Match, memo *Memo) models.Score {
	if len(ws) == 0 {
		return models.NaNScore()
	}
	// A provision has few terms: a linear search beats a map of them.
	evs := memo.evidenceRoom(len(ms))
	for _, mt := range ms {
		k := slices.IndexFunc(evs, func(e models.Evidence) bool { return e.Term == mt.Term })
		if k < 0 {
			k = len(evs)
			evs = append(evs, models.Evidence{Term: mt.Term, Start: mt.Start, End: mt.End})
		}
		evs[k].Count++
		evs[k].Contribution += mt.Contribution
	}
	evs = memo.tookEvidence(evs)
	sum, mass := 0.0, 0.0
	for _, mt := range ms {
		sum += mt.Contribution
		mass += math.Abs(mt.Contribution)
	}
	return m.finish(evs, sum, mass)
}

// ScoreDocument implements models.Scorer by pooling the terms of every provision into one score
// with the same formula (not an average of provision scores, so long provisions weigh more).
// Evidence is per term over the document, with Start and End -1. A document whose provisions
// have no words scores NaN.
func (m *Model) ScoreDocument(provisions []models.Text) models.Score {
	_, doc := m.scoreAll(provisions, false, nil, nil, nil, nil)
	return doc
}

// ScoreAll returns what Score gives for each provision and what ScoreDocument gives for them all,
// analysing each provision once instead of twice (models.BatchScorer).
func (m *Model) ScoreAll(provisions []models.Text) ([]models.Score, models.Score) {
	return m.scoreAll(provisions, true, nil, nil, nil, nil)
}

// get returns the entry of text, numbered key by the caller (-1: not numbered), or nil (also
// for a nil memo).
func (memo *Memo) get(text string, key int32) *memoEntry {
	if memo == nil {
		return nil
	}
	e, _ := memo.kept.Get(text, key)
	return e
}

// ScoreAllConcepts is ScoreAll and, for each provision, Concepts, splitting each text into words
// once for both (the split was about half of the matchers' CPU time).
func (m *Model) ScoreAllConcepts(provisions []models.Text) ([]models.Score, models.Score, [][]Mention) {
	return m.ScoreAllConceptsMemo(provisions, nil)
}

// ScoreAllConceptsMemo is ScoreAllConcepts that looks each provision's text up in memo first
// and keeps what it computes there (a nil memo keeps nothing). One memo serves the versions of
// an instrument, whose kept provisions repeat their text; the results are those of
// ScoreAllConcepts provided that equal texts come with equal tokens (one analyser). With a
// memo, the evidence of a provision's score and its concept mentions are shared, read-only:
// every provision of that text, in this call and later ones with the same memo, gets the same
// slices, which no one may change (the pipeline's report builders only read them).
func (m *Model) ScoreAllConceptsMemo(provisions []models.Text, memo *Memo) ([]models.Score, models.Score, [][]Mention) {
	return m.ScoreAllConceptsMemoNumbered(provisions, nil, memo)
}

// ScoreAllConceptsMemoNumbered is ScoreAllConceptsMemo for tokens the caller numbered: nums[i],
// when not nil, holds a number for each token of provisions[i], equal numbers for equal token
// texts in every call with memo (a caller numbers the distinct tokens of an instrument). The
// memo then keeps the dictionary's lookups of a token's word by its number, so that each
// distinct token is looked up once. A nil nums[i] (or one past the end of nums, or not as long
// as the tokens) has the tokens' words looked up. The results are ScoreAllConceptsMemo's.
func (m *Model) ScoreAllConceptsMemoNumbered(provisions []models.Text, nums [][]int32, memo *Memo) ([]models.Score, models.Score, [][]Mention) {
	return m.ScoreAllConceptsMemoKeyed(provisions, nums, nil, memo)
}

// ScoreAllConceptsMemoKeyed is ScoreAllConceptsMemoNumbered with the provisions' texts
// numbered by the caller: keys[i] (>= 0) is the number of provisions[i].Text, equal numbers for
// equal texts and different ones for different texts over every call with memo (the second
// pass numbers the distinct provision texts of an instrument once, for all its memos). The
// memo then keeps a text's entry in a slice indexed by its number instead of a map keyed by
// the text, which it neither hashes nor compares: a provision past the end of keys (or with a
// negative key) is looked up by its text. The results are ScoreAllConceptsMemoNumbered's.
func (m *Model) ScoreAllConceptsMemoKeyed(provisions []models.Text, nums [][]int32, keys []int32, memo *Memo) ([]models.Score, models.Score, [][]Mention) {
	concepts := make([][]Mention, len(provisions))
	scores, doc := m.scoreAll(provisions, true, concepts, nums, keys, memo)
	return scores, doc, concepts
}

// Memo holds, per provision text, what ScoreAllConceptsMemo computed of it, and, per token
// number, what ScoreAllConceptsMemoNumbered looked up of a token's word. The zero Memo is not
// usable: NewMemo makes one. It is not safe for concurrent use.
type Memo struct {
	// the entries by text, or by the text's number (ScoreAllConceptsMemoKeyed)
	kept    textkey.Table[*memoEntry]
	byToken []lexEntry
	// room for later entries and their matches, carved from shared blocks (keep): one
	// allocation per block instead of two per provision
	entries []memoEntry
	matches []termContribution
	// the evidence lists of the provisions' scores, carved from shared blocks (evidenceRoom,
	// tookEvidence): one allocation per block instead of one per provision
	evidence []models.Evidence
	mentions []Mention // the concept mentions of new provisions, likewise
}

// evidenceRoom returns an empty evidence list with room for n entries, from the memo's block
// (blockRoom), or, for a nil memo, a list of its own as scoreMatches made. The caller appends
// at most n entries and hands the list to tookEvidence.
func (mm *Memo) evidenceRoom(n int) []models.Evidence {
	if mm == nil {
		return make([]models.Evidence, 0, n)
	}
	return blockRoom(&mm.evidence, n, 4*blockSize(mm.kept.Len()))
}

// tookEvidence marks evs, made by appending to evidenceRoom's list, as taken (blockTook).
func (mm *Memo) tookEvidence(evs []models.Evidence) []models.Evidence {
	if mm == nil {
		return evs
	}
	return blockTook(&mm.evidence, evs)
}

// mentionRoom and tookMentions are evidenceRoom and tookEvidence for concept mentions
// (Matcher.matchHits' list, kept in the memo's entry).
func (mm *Memo) mentionRoom(n int) []Mention {
	if mm == nil {
		return make([]Mention, 0, n)
	}
	return blockRoom(&mm.mentions, n, 4*blockSize(mm.kept.Len()))
}

func (mm *Memo) tookMentions(ms []Mention) []Mention {
	if mm == nil {
		return ms
	}
	return blockTook(&mm.mentions, ms)
}

// blockRoom returns an empty slice with room for n elements: the free part of *block, which is
// replaced by a new block of max(size, n) elements when it has less room (none for n = 0: an
// empty slice of no room, as make gives). The caller appends at most n elements and hands the
// slice to blockTook, before asking again.
func blockRoom[T any](block *[]T, n, size int) []T {
	if n == 0 {
		return make([]T, 0)
	}
	b := *block
	if cap(b)-len(b) < n {
		b = make([]T, 0, max(size, n))
		*block = b
	}
	return b[len(b):len(b):cap(b)][:0:n]
}

// blockTook marks s, made by appending to blockRoom's slice, as taken from *block and returns it
// with its capacity cut to its length (nothing appends to it later: a kept score's evidence, a
// kept provision's mentions).
func blockTook[T any](block *[]T, s []T) []T {
	if cap(s) == 0 {
		return s
	}
	*block = (*block)[:len(*block)+len(s)]
	return s[:len(s):len(s)]
}

// memoBlock is the most entries that a Memo allocates at once; a block of matches (a text
// has a few) holds four times as many, or one text's.
const memoBlock = 128

// blockSize is the size of a Memo's next block when it holds n entries: as many as it holds,
// between 8 and memoBlock, so that an instrument with few provisions allocates little.
func blockSize(n int) int { return min(memoBlock, max(8, n)) }

// keep adds the entry of text, numbered key by the caller (-1: not numbered), with a copy of
// the terms and contributions of ms.
func (mm *Memo) keep(text string, key int32, e memoEntry, ms []Match) {
	if cap(mm.matches)-len(mm.matches) < len(ms) {
		mm.matches = make([]termContribution, 0, max(4*blockSize(mm.kept.Len()), len(ms)))
	}
	from := len(mm.matches)
	for _, mt := range ms {
		mm.matches = append(mm.matches, termContribution{mt.Term, mt.Contribution})
	}
	e.matches = mm.matches[from:len(mm.matches):len(mm.matches)]
	if len(mm.entries) == cap(mm.entries) {
		mm.entries = make([]memoEntry, 0, blockSize(mm.kept.Len()))
	}
	mm.entries = append(mm.entries, e)
	mm.kept.Put(text, key, &mm.entries[len(mm.entries)-1])
}

// NewMemo returns an empty memo.
func NewMemo() *Memo { return &Memo{} }

// memoEntry is one provision text's part of scoreAll: its number of words, its matches' terms
// and contributions in match order (what the document score adds up), its own score and its
// concept mentions.
type memoEntry struct {
	words    int
	matches  []termContribution
	score    models.Score
	concepts []Mention
}

// termContribution is one match's term and contribution (one slice of them: half the memo's
// allocations of two parallel slices).
type termContribution struct {
	term         string
	contribution float64
}

// scoreAll scores the provisions (each: one by one too) and, when concepts is not nil, sets
// concepts[i] to Concepts(provisions[i]) from the same words. With a memo (each and concepts
// set), a text seen before is not analysed again; keys are the texts' numbers
// (ScoreAllConceptsMemoKeyed), nil when the caller has none.
func (m *Model) scoreAll(provisions []models.Text, each bool, concepts [][]Mention, nums [][]int32, keys []int32, memo *Memo) ([]models.Score, models.Score) {
	var out []models.Score
	if each {
		out = make([]models.Score, len(provisions))
	}
	ev := map[string]int{} // term -> its index in evs
	var evs []models.Evidence
	sum, mass := 0.0, 0.0 // over every match of every provision, in order
	words := 0
	maxTokens := 0
	for _, p := range provisions {
		maxTokens = max(maxTokens, len(p.Tokens))
	}
	buf := &analyseBuf{ws: make([]word, 0, maxTokens+maxTokens/4+4)} // sized once for the longest provision
	add := func(term string, contribution float64) {
		k, ok := ev[term]
		if !ok {
			k = len(evs)
			ev[term] = k
			evs = append(evs, models.Evidence{Term: term, Start: -1, End: -1})
		}
		evs[k].Count++
		evs[k].Contribution += contribution
		sum += contribution
		mass += math.Abs(contribution)
	}
	for i, p := range provisions {
		if e := memo.get(p.Text, textkey.Key(keys, i)); e != nil {
			words += e.words
			concepts[i] = e.concepts // shared, read-only
			out[i] = e.score
			for _, tc := range e.matches {
				add(tc.term, tc.contribution)
			}
			continue
		}
		var ws []word
		var ms []Match
		if i < len(nums) && memo != nil {
			ws, ms = m.analyseNumbered(p, nums[i], &memo.byToken, buf)
		} else {
			ws, ms = m.analyse(p, buf)
		}
		words += len(ws)
		if concepts != nil && m.concepts != nil {
			buf.hits = m.concepts.findTo(buf.hits, ws)
			concepts[i] = m.concepts.matchHits(p, ws, buf.hits, memo)
		}
		if each {
			out[i] = m.scoreMatches(ws, ms, memo)
		}
		for _, mt := range ms {
			add(mt.Term, mt.Contribution)
		}
		if memo != nil {
			memo.keep(p.Text, textkey.Key(keys, i), memoEntry{words: len(ws), score: out[i], concepts: concepts[i]}, ms)
		}
	}
	if words == 0 {
		return out, models.NaNScore()
	}
	return out, m.finish(evs, sum, mass)
}

// finish scores matches whose evidence, by term in order of first match, is evs (which it
// takes over), and whose contributions add up to sum and their absolute values to mass (both
// summed in match order).
func (m *Model) finish(evs []models.Evidence, sum, mass float64) models.Score {
	den := mass + m.spec.Smoothing
	s := sum / den
	band := m.spec.DeadBand
	label := models.LabelFor(s, band)
	var margin float64
	if label == models.Neutral {
		if band > 0 {
			margin = (band - math.Abs(s)) / band
		}
	} else {
		margin = (math.Abs(s) - band) / (1 - band)
	}
	nan := math.NaN()
	out := models.Score{Score: s, SE: nan, CILow: nan, CIHigh: nan, Label: label,
		Confidence: clamp01((1 - math.Exp(-mass)) * margin)}
	for k := range evs {
		evs[k].Contribution /= den
	}
	if evs == nil {
		evs = []models.Evidence{}
	}
	less := func(ea, eb models.Evidence) bool {
		if x, y := math.Abs(ea.Contribution), math.Abs(eb.Contribution); x != y {
			return x > y
		}
		return ea.Term < eb.Term
	}
	slices.SortStableFunc(evs, func(a, b models.Evidence) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	})
	out.Evidence = evs
	return out
}

func clamp01(x float64) float64 {
	if !(x > 0) {
		return 0
	}
	return min(x, 1)
}
