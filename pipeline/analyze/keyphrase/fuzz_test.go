package keyphrase

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

var fuzzTags = []string{"NN", "NNS", "NNP", "NNPS", "JJ", "VBN", "VBG", "CC", "IN", "DT", "POS", "PRP$", ",", ".", ":", "VB", "CD", ""}

// fuzzTokens turns fuzz bytes into tokens: each group of four bytes gives a start, a length
// (both may run out of range), a tag and a sign flip.
func fuzzTokens(text string, b []byte) ([]Token, []Sentence) {
	var toks []Token
	var sents []Sentence
	for i := 0; i+3 < len(b); i += 4 {
		s := int(b[i]) - 8
		e := s + int(b[i+1]%24) - 2
		tag := fuzzTags[int(b[i+2])%len(fuzzTags)]
		if b[i+3]%7 == 0 {
			sents = append(sents, Sentence{Start: s, End: s + int(b[i+3])})
		}
		if b[i+3]%11 == 0 {
			s, e = e, s
		}
		toks = append(toks, Token{Start: s, End: e, Tag: tag})
	}
	return toks, sents
}

// wordTokens splits text at spaces and tags the pieces in turn from b, so that the fuzzer
// also explores well-formed token streams.
func wordTokens(text string, b []byte) []Token {
	var toks []Token
	pos := 0
	for i, f := range strings.Fields(text) {
		k := strings.Index(text[pos:], f)
		tag := "NN"
		if len(b) > 0 {
			tag = fuzzTags[int(b[i%len(b)])%len(fuzzTags)]
		}
		toks = append(toks, Token{Text: f, Start: pos + k, End: pos + k + len(f), Tag: tag})
		pos += k + len(f)
	}
	return toks
}

func FuzzExtract(f *testing.F) {
	f.Add("international governance of the Internet", []byte{8, 13, 4, 1, 22, 10, 0, 7})
	f.Add("[i]nternational law, and the Charter of the United Nations", []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	f.Add("confidence-building measures . . . .", []byte{255, 255, 255, 0, 0, 0, 0, 11})
	f.Add("São Paulo \xff\xfe rights and responsibilities", []byte{9, 3, 1, 0, 10, 2, 1, 0, 12, 5, 0, 0})
	f.Add("", []byte{})
	f.Add("a b c d e f g h i j k l m n o p", []byte{2, 0, 5, 1, 8, 0, 7, 2})
	f.Fuzz(func(t *testing.T, text string, b []byte) {
		toks, sents := fuzzTokens(text, b)
		for _, tk := range [][]Token{toks, wordTokens(text, b)} {
			cs := Candidates(text, tk, sents)
			for i, c := range cs {
				if c.Start < 0 || c.End > len(text) || c.Start >= c.End || c.Words > DefaultMaxWords {
					t.Fatalf("bad candidate %+v", c)
				}
				if i > 0 && c.Sentence < cs[i-1].Sentence { // rank counts sentences on this order
					t.Fatalf("sentence ordinals decrease: %+v after %+v", c, cs[i-1])
				}
			}
			opt := Options{TopN: -1, MaxWords: int(len(b) % 9)}
			a := Extract(text, tk, sents, func(w string) float64 { return float64(len(w)) - 3 }, opt)
			for _, p := range a {
				if math.IsNaN(p.Score) || p.Score <= 0 || p.Count < 1 || p.FirstStart < 0 || p.FirstStart >= len(text) || p.Text == "" {
					t.Fatalf("bad phrase %+v", p)
				}
			}
			if b2 := Extract(text, tk, sents, func(w string) float64 { return float64(len(w)) - 3 }, opt); !reflect.DeepEqual(a, b2) {
				t.Fatalf("not deterministic")
			}
			other := Extract(text, tk, nil, nil, Options{})
			if got, want := Changes(a, other), changesReference(a, other); !reflect.DeepEqual(got, want) {
				t.Fatalf("Changes %+v, reference %+v", got, want)
			}
			_ = ExtractDocument([]ProvisionInput{input("", -5, text, tk, sents), {}}, nil, Options{})
		}
	})
}

// FuzzExtractAll compares ExtractAll, which ranks a document's provisions into one block of
// phrases, with Extract of each provision and ExtractDocument of them all, and with itself on
// the tokens numbered (ProvisionInput.Nums), on provisions cut from text at every '|' with
// tokens from the fuzz bytes (in range or not) and from the words.
func FuzzExtractAll(f *testing.F) {
	f.Add("international governance of the Internet|the Charter of the United Nations", []byte{8, 13, 4, 1, 22, 10, 0, 7}, uint8(10))
	f.Add("confidence-building measures||rights and responsibilities of States", []byte{9, 3, 1, 0, 10, 2, 1, 0}, uint8(1))
	f.Add("a b c d|e f g h|", []byte{2, 0, 5, 1, 8, 0, 7, 2}, uint8(0))
	f.Fuzz(func(t *testing.T, text string, b []byte, topN uint8) {
		parts := strings.Split(text, "|")
		idf := func(w string) float64 { return 1 + float64(len(w)%3) }
		opt := Options{TopN: int(topN%12) - 1, KeepContained: topN%5 == 0}
		docOpt := Options{TopN: -1, KeepContained: opt.KeepContained}
		for _, words := range []bool{false, true} {
			var provs []ProvisionInput
			var toks [][]Token
			off := 0
			for i, p := range parts {
				tk, sents := fuzzTokens(p, b[min(len(b), 4*i):])
				if words {
					tk = wordTokens(p, b)
				}
				provs = append(provs, input("p", off, p, tk, sents))
				toks = append(toks, tk)
				off += len(p) + 1
			}
			per, doc := ExtractAll(provs, idf, opt, docOpt)
			for i, p := range provs {
				if want := Extract(p.Text, toks[i], p.Sentences, idf, opt); !reflect.DeepEqual(per[i], want) {
					t.Fatalf("provision %d %q: ExtractAll %v, Extract %v", i, p.Text, per[i], want)
				}
			}
			if want := ExtractDocument(provs, idf, docOpt); !reflect.DeepEqual(doc, want) {
				t.Fatalf("document: ExtractAll %v, ExtractDocument %v", doc, want)
			}
			numPer, numDoc := ExtractAll(numbered(provs, map[string]int32{}), idf, opt, docOpt)
			if !reflect.DeepEqual(numPer, per) || !reflect.DeepEqual(numDoc, doc) {
				t.Fatalf("numbered tokens: ExtractAll %v %v, unnumbered %v %v", numPer, numDoc, per, doc)
			}
		}
	})
}
