package analyze

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/stanceshift/stanceshift/pipeline/analyze/entities"
	"github.com/stanceshift/stanceshift/pipeline/analyze/postag"
	"github.com/stanceshift/stanceshift/pipeline/analyze/sentence"
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// Analyzer holds the loaded models of the linguistic layer.
type Analyzer struct {
	tagger func() (*postag.Tagger, error) // waits for the tagger's background load
	rec    *entities.Recognizer
}

// New starts loading the tagger (once per process, in the background: Tokens does not need it,
// and decoding prose's model takes about half a second of one CPU) and uses gaz for entities; a
// nil gaz means the embedded default gazetteer.
func New(gaz *entities.Gazetteer) (*Analyzer, error) {
	return NewWithModel(gaz, nil)
}

// NewWithModel is New with a statistical entity model (prose's built-in one, or one trained with
// `stanceshift train-entities`) for what the gazetteer lacks; the gazetteer keeps priority where
// both find an entity. A nil model means the gazetteer alone (the default: prose's entity model
// runs at about 0.03 MB/s, a thousand times slower than the gazetteer).
func NewWithModel(gaz *entities.Gazetteer, model *entities.Model) (*Analyzer, error) {
	done := make(chan struct{})
	var tagger *postag.Tagger
	var tagErr error
	go func() {
		defer close(done)
		if tagger, tagErr = postag.Default(); tagErr != nil {
			tagErr = fmt.Errorf("analyze: loading the tagger: %w", tagErr)
		}
	}()
	wait := func() (*postag.Tagger, error) { <-done; return tagger, tagErr }
	var err error
	if gaz == nil {
		if gaz, err = entities.Default(); err != nil {
			return nil, fmt.Errorf("analyze: loading the gazetteer: %w", err)
		}
	}
	if model != nil {
		model = model.WithGazetteer(gaz)
	}
	return &Analyzer{tagger: wait, rec: &entities.Recognizer{Gazetteer: gaz, Model: model}}, nil
}

// Ready waits until the tagger is loaded and returns the error of its loading, if any (Analyze
// returns it too): an engine calls it once before the first Analyze so that a broken model
// stops the run instead of failing every provision.
func (a *Analyzer) Ready() error {
	_, err := a.tagger()
	return err
}

// Provision is the linguistic analysis of one provision's text. All offsets are bytes into that
// text.
type Provision struct {
	Tokens    []tokenize.Token
	Tags      []string // Tags[i] is the tag of Tokens[i]
	Sentences []sentence.Span
	Entities  []entities.Entity
}

// Analyze runs the whole layer on one provision's text.
func (a *Analyzer) Analyze(text string) (p Provision, err error) {
	return a.analyze(text, nil, nil, nil, nil)
}

// AnalyzeCached is Analyze with the tagger's lookups of each word memoised in words
// (postag.Tagger.AppendTagsCached), for a caller that analyses many texts sharing their words,
// one at a time: words is not safe for concurrent use.
func (a *Analyzer) AnalyzeCached(text string, words *postag.Words) (p Provision, err error) {
	return a.analyze(text, nil, words, nil, nil)
}

// AnalyzeNumbered is AnalyzeCached for a caller that numbers token texts: number returns the
// caller's number of a token's text, >= 0, equal numbers for equal texts and different ones for
// different texts over every call with words. It appends the number of each of p.Tokens to ids
// and returns the extended slice as nums (ids itself on an error), and the tagger memoises its
// lookups by those numbers (postag.Tagger.AppendTagsNumbered) when the words it tags are the
// tokens' texts (proseWords), by word otherwise.
func (a *Analyzer) AnalyzeNumbered(text string, words *postag.Words, number func(string) int32, ids []int32) (p Provision, nums []int32, err error) {
	nums = ids
	p, err = a.analyze(text, nil, words, number, &nums)
	if err != nil {
		nums = ids
	}
	return p, nums, err
}

// AnalyzeNumberedSentences is AnalyzeNumbered with text's sentences given: sents is what the
// Sentences of Tokens(text) were, without an error (a caller that kept them from an earlier pass
// saves running the sentence splitter again). p.Sentences is sents.
func (a *Analyzer) AnalyzeNumberedSentences(text string, sents []sentence.Span, words *postag.Words, number func(string) int32, ids []int32) (p Provision, nums []int32, err error) {
	nums = ids
	p, err = a.analyze(text, &sents, words, number, &nums)
	if err != nil {
		nums = ids
	}
	return p, nums, err
}

// Tokens runs only the tokeniser and the sentence splitter (Tags and Entities stay nil): what
// the corpus-wide statistics need, at a fraction of the cost of Analyze. Its tokens and
// sentences are Analyze's, except when Analyze fails in a later stage (a warning), where Analyze
// keeps none.
func (a *Analyzer) Tokens(text string) (p Provision, err error) { return a.tokens(text, nil) }

// tokens is Tokens, its sentences *sents when sents is not nil.
func (a *Analyzer) tokens(text string, sents *[]sentence.Span) (p Provision, err error) {
	stage := "tokenize"
	defer func() {
		if r := recover(); r != nil {
			p, err = Provision{}, fmt.Errorf("analyze: %s: internal error: %v", stage, r)
		}
	}()
	// A slice of its own per provision, on purpose. Taking the second pass's tokens and tags
	// from a per-worker arena of reused 512 KiB blocks (the Results drop them by the end of an
	// instrument) cut the 10MB run's allocation by 7.5% (two workers), but its instructions
	// (bench/instr.sh, one worker) rose 0.34% and 0.66% in two runs: the collector then scans
	// those large blocks whole and follows their stale tokens into earlier instruments' texts;
	// clearing the blocks at each reuse gave that back in memclr (+0.06%).
	p.Tokens = tokenize.Tokenize(text)
	if sents != nil {
		p.Sentences = *sents
		return p, nil
	}
	stage = "sentence"
	p.Sentences = sentence.Split(text)
	return p, nil
}

// analyze is Analyze with the tagger's lookups memoised in cache (nil: none) and, when number is
// not nil, the tokens numbered: their numbers appended to *ids, by which the tagger memoises
// when its words are the tokens' texts. sents, when not nil, are the sentences (see tokens).
func (a *Analyzer) analyze(text string, sents *[]sentence.Span, cache *postag.Words, number func(string) int32, ids *[]int32) (p Provision, err error) {
	if p, err = a.tokens(text, sents); err != nil {
		return p, err
	}
	stage := "postag"
	defer func() {
		if r := recover(); r != nil {
			p, err = Provision{}, fmt.Errorf("analyze: %s: internal error: %v", stage, r)
		}
	}()
	tagger, err := a.tagger()
	if err != nil {
		return Provision{}, err
	}
	pooled := wordsPool.Get().(*[]string)
	words, same := proseWords((*pooled)[:0], text, p.Tokens)
	tags := make([]string, 0, len(words))
	if number != nil {
		from := len(*ids)
		for _, t := range p.Tokens {
			*ids = append(*ids, number(t.Text))
		}
		if same {
			p.Tags = tagger.AppendTagsNumbered(tags, words, (*ids)[from:], cache)
		}
	}
	if p.Tags == nil {
		p.Tags = tagger.AppendTagsCached(tags, words, cache)
	}
	if cap(words) <= maxPooledWords {
		clear(words) // the pool does not keep the text alive
		*pooled = words[:0]
		wordsPool.Put(pooled)
	}
	stage = "entities"
	p.Entities = a.rec.Find(text)
	return p, nil
}

// wordsPool holds the word slices analyze gives the tagger, which keeps none of them.
var wordsPool = sync.Pool{New: func() any { return new([]string) }}

// maxPooledWords bounds the word slices kept in wordsPool (1 MiB).
const maxPooledWords = 1 << 16

// proseWords appends to dst the ProseText of each of toks, the tokens of text, and reports
// whether each is the token's Text. prose's rewrites start at '&' or at the byte 0xE2 (tokenize.Sanitize); in a text
// without either, which two IndexByte scans tell, every token's ProseText is its Text (a token is
// a piece of the text, or of a rewritten piece), and the tokens are not scanned one by one
// (ProseText was 0.08 s of the second pass's 2.3 s of analysis on the 10MB bench corpus).
func proseWords(dst []string, text string, toks []tokenize.Token) (words []string, same bool) {
	words = slices.Grow(dst, len(toks))
	if strings.IndexByte(text, '&') < 0 && strings.IndexByte(text, 0xE2) < 0 {
		for _, t := range toks {
			words = append(words, t.Text)
		}
		return words, true
	}
	same = true
	for _, t := range toks {
		w := t.ProseText()
		words = append(words, w)
		same = same && w == t.Text
	}
	return words, same
}
