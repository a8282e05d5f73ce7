package keyphrase

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
)

// TestScratchReuse checks that a scratch from scratchPool, used before for other documents,
// gives what a new one gives: the gold corpus as one document, ranked with an empty pool, then
// again after documents of other sizes and options have used (and returned) scratches.
func TestScratchReuse(t *testing.T) {
	rows := readGold(t)
	var provs []ProvisionInput
	off := 0
	for i, r := range rows {
		toks, sents := proseTag(t, r.Text)
		provs = append(provs, input(fmt.Sprint(i), off, r.Text, toks, sents))
		off += len(r.Text) + 1
	}
	idf := func(w string) float64 { return 1 + float64(len(w)%4) }
	run := func() ([][]Phrase, []Phrase, []Phrase, []Candidate) {
		per, doc := ExtractAll(provs, idf, Options{TopN: 10}, Options{TopN: -1})
		one := ExtractDocument(provs[3:4], idf, Options{TopN: -1})
		toks, sents := proseTag(t, rows[5].Text)
		return per, doc, one, Candidates(rows[5].Text, toks, sents)
	}
	scratchPool = sync.Pool{} // new scratches only
	per0, doc0, one0, cands0 := run()
	for _, tc := range []struct {
		name   string
		before func()
	}{
		{"after-small-documents", func() {
			for _, p := range provs {
				ExtractDocument([]ProvisionInput{p}, nil, Options{})
			}
		}},
		{"after-other-options", func() {
			ExtractAll(provs[10:], idf, Options{TopN: 2, MaxWords: 3}, Options{TopN: 5, MaxWords: 3})
			ExtractAll(provs, nil, Options{KeepContained: true}, Options{TopN: -1, KeepContained: true})
		}},
		{"after-same-document", func() { run() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.before()
			per, doc, one, cands := run()
			if !reflect.DeepEqual(per, per0) || !reflect.DeepEqual(doc, doc0) || !reflect.DeepEqual(one, one0) {
				t.Error("phrases differ from those of new scratches")
			}
			if !reflect.DeepEqual(cands, cands0) {
				t.Error("candidates differ from those of new scratches")
			}
		})
	}
}

// TestScratchReset checks that putDocScratch leaves a scratch empty and without references
// into the last document.
func TestScratchReset(t *testing.T) {
	text, toks := tagged("the/DT Charter/NNP of/IN the/DT United/NNP Nations/NNPS applies/VBZ to/TO Member/NNP States/NNPS")
	ts, tags := splitTagged(toks)
	sc := newDocScratch(4)
	sc.idf = func(string) float64 { return 2 }
	sc.candidates(text, ts, tags, numberTokens(text, ts, map[string]int32{}), nil, DefaultMaxWords)
	if len(sc.forms) == 0 || len(sc.lowers) == 0 || len(sc.tokens) == 0 || sc.formSigs.n == 0 {
		t.Fatalf("nothing interned: %d forms, %d lowers, %d tokens, %d form signatures", len(sc.forms), len(sc.lowers), len(sc.tokens), sc.formSigs.n)
	}
	sc.rank([]occurrence{{form: 0}}, len(text), 1, Options{}.norm())
	sc.reset()
	if len(sc.textIDs)+len(sc.keyIDs)+len(sc.lowers)+len(sc.forms)+len(sc.texts)+len(sc.keys)+len(sc.subs)+len(sc.occs)+len(sc.tokens)+len(sc.tokenLowers)+len(sc.tokenIDF)+sc.formSigs.n != 0 || sc.idf != nil {
		t.Error("reset left entries")
	}
	if *sc.keyFilter != [len(sc.keyFilter)]uint64{} {
		t.Error("reset left the key filter's bits")
	}
	for i, l := range sc.tokenLowers[:cap(sc.tokenLowers)] {
		if l != "" {
			t.Errorf("token lower case %d kept: %q", i, l)
		}
	}
	for i, info := range sc.tokens[:cap(sc.tokens)] {
		if info != (tokenInfo{}) {
			t.Errorf("token %d kept: %+v", i, info)
		}
	}
	for i, w := range sc.ws[:cap(sc.ws)] {
		if w != (word{}) {
			t.Errorf("word %d kept: %+v", i, w)
		}
	}
	for i, f := range sc.forms[:cap(sc.forms)] {
		if f.content != nil {
			t.Errorf("form %d keeps its content words", i)
		}
	}
	if sc.contentFree != nil {
		t.Error("content block kept")
	}
	for i, n := range sc.textN {
		if n != 0 {
			t.Errorf("textN[%d] = %d", i, n)
		}
	}
}

// TestSubKeysAsKeysAreAdded checks subKeys against looking every sub-phrase up anew, for every
// key after each stage of a scratch's keys (as a Session adds a document's keys after the last
// document's rankings), with keys of up to twelve words.
func TestSubKeysAsKeysAreAdded(t *testing.T) {
	sc := newDocScratch(16)
	want := func(kid int32) []int32 {
		var ids []int32
		key := sc.keys[kid].key
		subPhrases(key, func(start, end int) {
			if id, ok := sc.keyIDs[key[start:end]]; ok {
				ids = append(ids, id)
			}
		})
		slices.Sort(ids)
		return ids
	}
	long := "a b c d e f g h i j k l"
	for _, tc := range []struct {
		name  string
		texts []string
	}{
		{name: "long phrases first", texts: []string{"civil society organisations", "member state law", long, "b c d e f g h i j k"}},
		{name: "their sub-phrases added", texts: []string{"civil society", "society organisations", "state", "b c", "k l", "a b c d e f g h i j k"}},
		{name: "nothing new"},
		{name: "more sub-phrases", texts: []string{"civil", "member state", "e f g", "l"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, text := range tc.texts {
				sc.newText(text)
			}
			for kid := range sc.keys {
				got := slices.Clone(sc.subKeys(int32(kid)))
				slices.Sort(got)
				if w := want(int32(kid)); !slices.Equal(got, w) {
					t.Fatalf("key %q: sub-keys %v, looked up anew %v", sc.keys[kid].key, got, w)
				}
			}
		})
	}
}
