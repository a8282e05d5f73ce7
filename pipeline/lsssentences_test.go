package pipeline

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/pipeline/analyze"
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// lssSentencesTwoPass is LSSSentences as forLSSSentences computed it before its memo: each
// sentence's tokens tested for a term, then its terms built, every token lower-cased and looked
// up each time. The reference TestLSSSentencesMatchTwoPass compares it with.
func lssSentencesTwoPass(d *DocResult) [][]string {
	var out [][]string
	for _, an := range d.Analyses {
		k := 0
		for _, s := range an.Sentences {
			lo := k
			for ; k < len(an.Tokens) && an.Tokens[k].Start < s.End; k++ {
			}
			term := func(t tokenize.Token) (string, bool) {
				if t.Start < s.Start || !hasWordRune(t.Text) {
					return "", false
				}
				w := strings.ToLower(t.Text)
				return w, !lssStop[w]
			}
			if !slices.ContainsFunc(an.Tokens[lo:k], func(t tokenize.Token) bool { _, ok := term(t); return ok }) {
				continue
			}
			var terms []string
			for _, t := range an.Tokens[lo:k] {
				if w, ok := term(t); ok {
					terms = append(terms, w)
				}
			}
			out = append(out, terms)
		}
	}
	return out
}

func TestLSSSentencesMatchTwoPass(t *testing.T) {
	r := defaultResult(t)
	docs := append([]*DocResult(nil), r.Docs...)
	for _, tc := range []struct{ name, text string }{
		{name: "stop words only", text: "The and of. It is."},
		{name: "capitals and accents", text: "Ça VA, States' Rights. The THE the; Naïve États!"},
		{name: "punctuation sentence", text: "-- ... ; Words again, words."},
	} {
		d := testDoc(t, tc.name, tc.text)
		docs = append(docs, d)
	}
	n := 0
	words := &lssWords{ids: map[string]uint32{}} // the first pass's packing, across documents
	var toks tokenIDs                            // one version run of all the documents
	var run lssRun
	for _, d := range docs {
		got, want := LSSSentences(d), lssSentencesTwoPass(d)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: LSSSentences = %q, two-pass reference %q", d.Doc.ID, got, want)
		}
		var own tokenIDs // a run of this document alone
		for _, pc := range []struct {
			name string
			toks *tokenIDs
			run  *lssRun
		}{
			{name: "run of all documents", toks: &toks, run: &run},
			{name: "run of one document", toks: &own, run: &lssRun{}},
		} {
			pc.toks.numberDoc(d)
			np, buf := words.pack(d, pc.toks, pc.run)
			unpacked := unpackWords(words, buf, np)
			if np != len(want) || !reflect.DeepEqual(unpacked, want) {
				t.Fatalf("%s, %s: pack gave %d sentences, unpacked %q; want %q", d.Doc.ID, pc.name, np, unpacked, want)
			}
			// Every other sentence picked, numbered from 5 as in a later document: the picked
			// ones alone, whole.
			var picks []int
			var picked [][]string
			for i := 0; i < np; i += 2 {
				picks = append(picks, 5+i)
				picked = append(picked, want[i])
			}
			ids, ends := unpackPicked(buf, 5, picks, nil, nil)
			if got := sentenceWords(words, ids, ends); !reflect.DeepEqual(got, picked) {
				t.Fatalf("%s, %s: every other sentence unpacked %q; want %q", d.Doc.ID, pc.name, got, picked)
			}
			// The next version: every other provision taken over (the same token numbers: its
			// packed sentences memoised), the others analysed again (new numbers); then the
			// same version again, every provision taken over.
			next := *d
			next.tokenNums = slices.Clone(d.tokenNums)
			for j := 1; j < len(next.tokenNums); j += 2 {
				next.tokenNums[j] = pc.toks.numbers(d.Analyses[j].Tokens)
			}
			for _, v := range []*DocResult{&next, &next} {
				if np2, buf2 := words.pack(v, pc.toks, pc.run); np2 != np || !bytes.Equal(buf2, buf) {
					t.Fatalf("%s, %s: pack of the document with provisions taken over gave %d sentences, %x; want %d, %x", d.Doc.ID, pc.name, np2, buf2, np, buf)
				}
			}
		}
		n += len(got)
	}
	if n == 0 {
		t.Fatal("no LSS sentences")
	}
}

// unpackWords unpacks the n packed sentences of buf (every one picked) into their words.
func unpackWords(words *lssWords, buf []byte, n int) [][]string {
	picks := make([]int, n)
	for i := range picks {
		picks[i] = i
	}
	ids, ends := unpackPicked(buf, 0, picks, nil, nil)
	return sentenceWords(words, ids, ends)
}

// sentenceWords is the words of unpackPicked's sentences (nil: none).
func sentenceWords(words *lssWords, ids []int32, ends []int) [][]string {
	var out [][]string
	from := 0
	for _, end := range ends {
		var s []string
		for _, id := range ids[from:end] {
			s = append(s, words.words[id])
		}
		out = append(out, s)
		from = end
	}
	return out
}

// testDoc reads text as a document and runs the tokeniser and the sentence splitter on it.
func testDoc(t *testing.T, id, text string) *DocResult {
	t.Helper()
	d, err := ReadDocument(&corpus.Document{ID: id}, id+".txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	an, err := analyze.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	d.AnalyzeTokens(an)
	return d
}
