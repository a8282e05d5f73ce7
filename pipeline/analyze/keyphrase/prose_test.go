package keyphrase

import (
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/jdkato/prose/v2"
)

// proseTag tokenises and tags text with prose (segmentation and extraction off), then places
// each token by scanning text forward for its text; tokens prose rewrote and that cannot be
// found are skipped. Sentences end after ".", "?" or "!" tokens followed by an upper-case
// token (or the end). Results are cached: prose is slow to start.
func proseTag(tb testing.TB, text string) ([]Token, []Sentence) {
	tb.Helper()
	proseMu.Lock()
	defer proseMu.Unlock()
	if r, ok := proseCache[text]; ok {
		return r.toks, r.sents
	}
	opts := []prose.DocOpt{prose.WithExtraction(false), prose.WithSegmentation(false)}
	if proseModel != nil {
		opts = append(opts, prose.UsingModel(proseModel)) // loading the model is the slow part
	}
	doc, err := prose.NewDocument(text, opts...)
	if err != nil {
		tb.Fatalf("prose: %v", err)
	}
	proseModel = doc.Model
	var toks []Token
	pos := 0
	for _, t := range doc.Tokens() {
		i := strings.Index(text[pos:], t.Text)
		if i < 0 || t.Text == "" {
			continue
		}
		s := pos + i
		toks = append(toks, Token{Text: t.Text, Start: s, End: s + len(t.Text), Tag: t.Tag})
		pos = s + len(t.Text)
	}
	var sents []Sentence
	start := -1
	for i, t := range toks {
		if start < 0 {
			start = t.Start
		}
		if t.Text == "." || t.Text == "?" || t.Text == "!" {
			next := i + 1
			if next == len(toks) || unicode.IsUpper([]rune(toks[next].Text)[0]) {
				sents = append(sents, Sentence{Start: start, End: t.End})
				start = -1
			}
		}
	}
	if start >= 0 && len(toks) > 0 {
		sents = append(sents, Sentence{Start: start, End: toks[len(toks)-1].End})
	}
	proseCache[text] = proseResult{toks, sents}
	return toks, sents
}

type proseResult struct {
	toks  []Token
	sents []Sentence
}

var (
	proseMu    sync.Mutex
	proseCache = map[string]proseResult{}
	proseModel *prose.Model
)
