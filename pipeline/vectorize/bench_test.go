package vectorize

import (
	"strings"
	"testing"
)

// benchCorpus repeats docs.txt's provisions (with their token text size) to n provisions.
func benchCorpus(b *testing.B, n int) (docs [][]string, textBytes int64) {
	base := readDocs(b)
	for i := range n {
		d := base[i%len(base)]
		docs = append(docs, d)
		textBytes += int64(len(strings.Join(d, " ")) + 1)
	}
	return docs, textBytes
}

func BenchmarkTerms(b *testing.B) {
	docs, size := benchCorpus(b, 1000)
	opt := SklearnOptions()
	opt.Bigrams, opt.Stem = true, true
	b.SetBytes(size)
	for b.Loop() {
		for _, d := range docs {
			Terms(d, opt)
		}
	}
}

func BenchmarkStem(b *testing.B) {
	words := strings.Fields("governance governments stakeholders cooperation sovereignty international responsibility the internet shall")
	var size int64
	for _, w := range words {
		size += int64(len(w) + 1)
	}
	b.SetBytes(size)
	for b.Loop() {
		for _, w := range words {
			Stem(w)
		}
	}
}

// BenchmarkAccumulate: DF counting of term lists (Terms already applied), MB/s of token text.
func BenchmarkAccumulate(b *testing.B) {
	docs, size := benchCorpus(b, 1000)
	opt := SklearnOptions()
	opt.Bigrams = true
	rows := make([][]string, len(docs))
	for i, d := range docs {
		rows[i] = Terms(d, opt)
	}
	b.SetBytes(size)
	for b.Loop() {
		acc := NewDF()
		for _, r := range rows {
			acc.Add(r)
		}
	}
}

// BenchmarkRow: weighting of term lists against a built vocabulary, MB/s of token text.
func BenchmarkRow(b *testing.B) {
	docs, size := benchCorpus(b, 1000)
	opt := SklearnOptions()
	opt.Bigrams = true
	acc := NewDF()
	rows := make([][]string, len(docs))
	for i, d := range docs {
		rows[i] = Terms(d, opt)
		acc.Add(rows[i])
	}
	v := acc.Extract(opt)
	for _, bc := range []struct {
		name  string
		index bool
	}{{"map", true}, {"binary-search", false}} {
		b.Run(bc.name, func(b *testing.B) {
			vv := *v
			if !bc.index {
				vv.index = nil
			}
			b.SetBytes(size)
			for b.Loop() {
				for _, r := range rows {
					vv.Row(r, opt)
				}
			}
		})
	}
}

func BenchmarkWriteMatrixMarket(b *testing.B) {
	docs, _ := benchCorpus(b, 1000)
	opt := SklearnOptions()
	v, rows := fit(docs, opt)
	m := Matrix(rows, v, opt)
	var sb strings.Builder
	_ = WriteMatrixMarket(&sb, m)
	b.SetBytes(int64(sb.Len()))
	for b.Loop() {
		sb.Reset()
		if err := WriteMatrixMarket(&sb, m); err != nil {
			b.Fatal(err)
		}
	}
}
