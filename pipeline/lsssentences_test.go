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
			var unpacked [][]string
			words.unpack(buf, func(i int, terms []string) {
				if i != len(unpacked) {
					t.Fatalf("%s, %s: unpacked sentence %d after %d", d.Doc.ID, pc.name, i, len(unpacked))
				}
				unpacked = append(unpacked, slices.Clone(terms))
			})
			if np != len(want) || !reflect.DeepEqual(unpacked, want) {
				t.Fatalf("%s, %s: pack gave %d sentences, unpacked %q; want %q", d.Doc.ID, pc.name, np, unpacked, want)
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
