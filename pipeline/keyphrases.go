package pipeline

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stanceshift/stanceshift/pipeline/analyze/keyphrase"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
	"github.com/stanceshift/stanceshift/results"
)

// KeyphraseTopN is the number of key phrases reported per provision and per document.
const KeyphraseTopN = 10

// Keyphrases is a per-document map that needs the corpus-wide vocabulary: each provision's key
// phrases (top KeyphraseTopN), each document's (all, ranked; the top KeyphraseTopN are reported,
// the full list feeds keyphrase_changes.csv so that a phrase falling out of a top-N list is not
// reported as dropped). Word specificity is the corpus IDF of the word's TF-IDF term.
func (r *Result) Keyphrases(ctx context.Context, opt vectorize.Options, workers int) error {
	start := time.Now()
	wordIDF := WordIDF(r.Vocabulary, opt)
	err := forEach(ctx, len(r.Docs), workers, func(i int) error {
		r.Docs[i].ExtractKeyphrases(wordIDF)
		return nil
	}, r.stageProgress("keyphrases (documents)", len(r.Docs)))
	r.Stages = append(r.Stages, results.Stage{Name: "keyphrases", Seconds: time.Since(start).Seconds(), Items: len(r.Docs)})
	return err
}

// ExtractKeyphrases is the per-document step of Keyphrases: it sets d.Phrases and d.DocPhrases.
// wordIDF is WordIDF of the corpus vocabulary; it may be shared by concurrent calls. It is
// called as it is: WordIDF memoises for every document (a memo per document in front of it, as
// there was, missed for most words and cost more than the lookups it saved).
func (d *DocResult) ExtractKeyphrases(wordIDF func(string) float64) {
	d.Phrases, d.DocPhrases = keyphrase.ExtractAll(d.keyphraseInputs(), wordIDF, keyphrase.Options{TopN: KeyphraseTopN}, keyphrase.Options{TopN: -1})
}

// newKeyphraseSession returns the keyphrase.Session of ExtractKeyphrases's options for the
// versions of one instrument (extractKeyphrasesIn): the analyser gives provisions with the
// same text the same tokens, tags and sentences, as the session requires.
func newKeyphraseSession(wordIDF func(string) float64) *keyphrase.Session {
	return keyphrase.NewSession(wordIDF, keyphrase.Options{TopN: KeyphraseTopN}, keyphrase.Options{TopN: -1})
}

// extractKeyphrasesIn is ExtractKeyphrases in a session (newKeyphraseSession) shared with the
// other versions of d's instrument; the phrases of a provision whose text an earlier version
// had are that version's (the same slice). The session also gives the document phrases' merge
// keys, which KeyphraseChangeRows would otherwise find again (keyphrase.Key was 0.16 s of
// NewKeyed's 0.23 s in a profile of the 100MB bench corpus's run).
func (d *DocResult) extractKeyphrasesIn(s *keyphrase.Session) {
	d.Phrases, d.DocPhrases, d.docPhraseKeys, d.docPhraseKeyNums = s.ExtractAllKeyNums(d.keyphraseInputs())
}

// keyphraseInputs returns d's provisions as the input of key-phrase extraction, their tokens
// numbered (keyphrase.ProvisionInput.Nums) when the stream's second pass numbered them
// (tokenNums: one numbering per instrument, the life of its keyphrase.Session).
func (d *DocResult) keyphraseInputs() []keyphrase.ProvisionInput {
	inputs := make([]keyphrase.ProvisionInput, len(d.Provisions))
	for j, p := range d.Provisions {
		inputs[j] = keyphrase.ProvisionInput{ID: p.ID, Offset: p.Start, Text: p.Text}
		if j < len(d.Analyses) { // the analyser's slices as they are: no copy
			an := d.Analyses[j]
			inputs[j].Tokens, inputs[j].Tags, inputs[j].Sentences = an.Tokens, an.Tags, an.Sentences
			if j < len(d.tokenNums) && len(d.tokenNums[j]) == len(an.Tokens) {
				inputs[j].Nums = d.tokenNums[j] // the stream's numbering of the instrument's token texts
			}
			if j < len(d.textNums) {
				inputs[j].TextNum = 1 + d.textNums[j] // and of its provision texts (textMemo)
			}
		}
	}
	return inputs
}

// WordIDF maps a lower-cased word to the IDF of its TF-IDF term in v (its stem under the default
// setting); words that are not terms (stop words, unseen) get IDF 1, the floor of smooth IDF.
// v must have its index built (Vocabulary.BuildIndex); a nil v gives 1 for every word. The
// function is safe for concurrent use and memoises its answers for all its callers (at most
// wordIDFCacheMax words): documents share most of their words, and finding a word's term
// (vectorize.Term: stop-word test, stemming, index lookup) once per document was 8% of the
// key-phrase stage's CPU on the 10MB bench corpus. The memo is a map per shard under a
// read-write lock (idfCache), not a sync.Map, whose lookups were half of the key-phrase
// stage's IDF time.
func WordIDF(v *vectorize.Vocabulary, opt vectorize.Options) func(string) float64 {
	cache := newIDFCache()
	return func(w string) float64 {
		sh := cache.shard(w)
		sh.mu.RLock()
		x, ok := sh.m[w]
		sh.mu.RUnlock()
		if ok {
			return x
		}
		idf := 1.0
		if t, ok := vectorize.Term(w, opt); ok && v != nil { // a word alone: no bigrams
			if k, ok := v.Index(t); ok {
				idf = v.IDF[k]
			}
		}
		if cache.n.Load() < wordIDFCacheMax {
			sh.mu.Lock()
			if _, ok := sh.m[w]; !ok {
				// w may be a slice of a document's text, which the cache must not keep alive
				sh.m[strings.Clone(w)] = idf
				cache.n.Add(1)
			}
			sh.mu.Unlock()
		}
		return idf
	}
}

// wordIDFCacheMax bounds the memo of a WordIDF function: a corpus's vocabulary is far smaller,
// and a function that sees more words computes the rest each time.
const wordIDFCacheMax = 1 << 20

// idfCache is WordIDF's memo: word -> IDF in idfShards maps, each under its own lock, the
// shard chosen from the word's length and first and last bytes (cheap, and enough to spread
// two to a few workers' lookups).
type idfCache struct {
	shards [idfShards]idfShard
	n      atomic.Int64 // words held
}

type idfShard struct {
	mu sync.RWMutex
	m  map[string]float64
	_  [32]byte // a shard's lock on its own cache line, away from its neighbours'
}

const idfShards = 64

func newIDFCache() *idfCache {
	c := new(idfCache)
	for i := range c.shards {
		c.shards[i].m = map[string]float64{}
	}
	return c
}

func (c *idfCache) shard(w string) *idfShard {
	h := uint(len(w))
	if len(w) > 0 {
		h = h*31 + uint(w[0])
		h = h*31 + uint(w[len(w)-1])
	}
	return &c.shards[h%idfShards]
}

// KeyphraseRows builds keyphrases.csv: for each document (documents.csv order) its document
// phrases, then its provisions' phrases in ordinal order; within a scope by rank.
func (r *Result) KeyphraseRows() []results.KeyphraseRow {
	n := 0
	for _, d := range r.Docs {
		n += min(len(d.DocPhrases), KeyphraseTopN)
		for j := range min(len(d.Provisions), len(d.Phrases)) {
			n += min(len(d.Phrases[j]), KeyphraseTopN)
		}
	}
	if n == 0 {
		return nil // as before: no rows is a nil slice
	}
	rows := make([]results.KeyphraseRow, 0, n) // sized: appending was half of its allocation (5% of a run's)
	add := func(scope, id string, ps []keyphrase.Phrase) {
		for k, p := range ps {
			if k >= KeyphraseTopN {
				break
			}
			rows = append(rows, results.KeyphraseRow{Scope: scope, ScopeID: id, Rank: k + 1, Phrase: p.Text,
				Score: p.Score, Count: p.Count, FirstStart: p.FirstStart})
		}
	}
	for _, d := range r.Docs {
		add("document", d.Doc.ID, d.DocPhrases)
		for j, p := range d.Provisions {
			if j < len(d.Phrases) {
				add("provision", p.ID, d.Phrases[j])
			}
		}
	}
	return rows
}

// encodeKeyphraseRows appends keyphrases.csv's rows of r to buf: the bytes
// results.EncodeRows(buf, r.KeyphraseRows()) appends, without building the rows. A provision
// whose text an earlier version of r had has that version's phrases, the same slice (a
// keyphrase.Session's, Stream's), so its rows but for the scope are the earlier provision's:
// those (results.KeyphraseRow.AppendCSVRest) are copied from the earlier rows in buf instead of
// encoded again. What it keeps to find them lives one call (one instrument, in Stream).
func (r *Result) encodeKeyphraseRows(buf *bytes.Buffer) {
	// ends[w.ends:w.ends+n+1] are the offsets in buf of the start of a provision's first row,
	// then of each row's end; w.head is the length of the scope fields of each of its rows
	type written struct{ ends, n, head int }
	var ends []int
	seen := map[*keyphrase.Phrase]written{}
	scope := func(kind, id string, ps []keyphrase.Phrase, provision bool) {
		n := min(len(ps), KeyphraseTopN)
		if n == 0 {
			return
		}
		start := buf.Len()
		b := results.KeyphraseRow{Scope: kind, ScopeID: id}.AppendCSVHead(buf.AvailableBuffer())
		head := len(b)
		if w, ok := seen[&ps[0]]; ok && w.n == n {
			buf.Write(appendKeptRows(b, head, buf.Bytes(), ends[w.ends:], w.head, n))
			return
		}
		if provision {
			seen[&ps[0]] = written{ends: len(ends), n: n, head: head}
			ends = append(ends, start)
		}
		for k, p := range ps[:n] {
			if k > 0 {
				b = append(b, b[:head]...)
			}
			b = results.KeyphraseRow{Rank: k + 1, Phrase: p.Text, Score: p.Score, Count: p.Count, FirstStart: p.FirstStart}.AppendCSVRest(b)
			if provision {
				ends = append(ends, start+len(b))
			}
		}
		buf.Write(b)
	}
	for _, d := range r.Docs {
		scope("document", d.Doc.ID, d.DocPhrases, false)
		for j, p := range d.Provisions {
			if j < len(d.Phrases) {
				scope("provision", p.ID, d.Phrases[j], true)
			}
		}
	}
}

// KeyphraseChangeRows builds keyphrase_changes.csv: for each aligned version pair (alignment.csv
// order), the document phrases added in the later version and dropped from the earlier one.
func (r *Result) KeyphraseChangeRows() []results.KeyphraseChangeRow {
	var rows []results.KeyphraseChangeRow
	// A middle version is the later one of a pair and the earlier one of the next: its phrases'
	// keys are found once (finding them for every comparison was most of this report's time).
	// The versions of an instrument had their phrases ranked in one keyphrase.Session (the
	// stream's extractKeyphrasesIn), so their keys' numbers are that session's.
	var last *DocResult
	var lastKeyed keyphrase.Keyed
	keyed := func(d *DocResult) keyphrase.Keyed {
		if d != last {
			last, lastKeyed = d, keyphrase.NewKeyedNumbered(d.DocPhrases, d.docPhraseKeys, d.docPhraseKeyNums)
		}
		return lastKeyed
	}
	for _, vp := range r.Versions {
		from := keyed(vp.From)
		for _, c := range keyphrase.ChangesKeyed(from, keyed(vp.To)) {
			rows = append(rows, results.KeyphraseChangeRow{Instrument: vp.Instrument, FromVersion: vp.From.Doc.Version,
				ToVersion: vp.To.Doc.Version, Phrase: c.Phrase, Change: c.Change, Score: c.Score})
		}
	}
	return rows
}
