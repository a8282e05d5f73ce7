package keyphrase

import "testing"

// BenchmarkExtract runs Extract over the 32 provisions of the default corpus, tagged by prose
// beforehand; bytes are provision text bytes.
func BenchmarkExtract(b *testing.B) {
	rows := readGold(b)
	type in struct {
		text  string
		toks  []Token
		sents []Sentence
	}
	var ins []in
	n := 0
	for _, r := range rows {
		toks, sents := proseTag(b, r.Text)
		ins = append(ins, in{r.Text, toks, sents})
		n += len(r.Text)
	}
	idf := func(string) float64 { return 2 }
	b.SetBytes(int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, x := range ins {
			Extract(x.text, x.toks, x.sents, idf, Options{})
		}
	}
}

// BenchmarkCandidates measures the chunker alone on the same input.
func BenchmarkCandidates(b *testing.B) {
	rows := readGold(b)
	n := 0
	for _, r := range rows {
		proseTag(b, r.Text)
		n += len(r.Text)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, r := range rows {
			toks, sents := proseTag(b, r.Text)
			Candidates(r.Text, toks, sents)
		}
	}
}

// BenchmarkExtractAll runs ExtractAll (per-provision and whole-document phrases, as the pipeline
// does) over the default corpus's provisions taken as one document.
func BenchmarkExtractAll(b *testing.B) {
	rows := readGold(b)
	var provs []ProvisionInput
	n := 0
	for i, r := range rows {
		toks, sents := proseTag(b, r.Text)
		provs = append(provs, input(r.ID, n+i, r.Text, toks, sents))
		n += len(r.Text)
	}
	idf := func(string) float64 { return 2 }
	b.SetBytes(int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ExtractAll(provs, idf, Options{TopN: 10}, Options{TopN: -1})
	}
}
