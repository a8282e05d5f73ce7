package classifier

import (
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// refCharRow is the simple char n-gram row the fast CharNGrams.Row must equal bit for bit: every
// n-gram of CharWBGrams looked up by binary search, the columns weighed by WeighColumns (the
// Row of the code before the hash table).
func refCharRow(c *CharNGrams, text string) ([]int, []float64) {
	var cols []int
	for _, g := range CharWBGrams(text, c.MinN, c.MaxN) {
		if j, ok := slices.BinarySearch(c.Grams, g); ok {
			cols = append(cols, j)
		}
	}
	return vectorize.WeighColumns(cols, c.IDF, c.SublinearTF, vectorize.NormL2)
}

// refBigramRow is the same for the word-bigram block, from WordBigramsOf.
func refBigramRow(b *WordBigrams, text string) ([]int, []float64) {
	var cols []int
	for _, g := range WordBigramsOf(text) {
		if j, ok := slices.BinarySearch(b.Grams, g); ok {
			cols = append(cols, j)
		}
	}
	return vectorize.WeighColumns(cols, b.IDF, b.SublinearTF, vectorize.NormL2)
}

// sameRow says whether two rows have the same columns and bit-identical values (nil and empty
// alike).
func sameRow(ai []int, av []float64, bi []int, bv []float64) bool {
	return slices.Equal(ai, bi) && slices.EqualFunc(av, bv, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

var rowTexts = []string{
	"States shall respect the sovereignty of other States over their information space, " +
		"with the participation of civil society and the private sector in their respective roles.",
	"", " ", "a", "ab", "abc", "abcd", "abcde", "abcdef", "A b C d", "Côte d'Ivoire\tÉTATS  naïve nai\u0308ve",
	"x\x80y \xff\xfe States", "İstanbul ΣΊΣΥΦΟΣ", "\u001cStates\u001fsovereignty\u00a0space\u2028end",
	"the the the the the sovereignty sovereignty", "日本語の文 漢字 sovereignty_2030 art_5",
}

// FuzzCharNGramsRow: for any text, the fast Row equals the reference bit for bit, on a block
// fitted on fixed texts and on one fitted on the input itself (every n-gram a hit), with n-gram
// lengths from the input; the binary-search path of a block without a table agrees too.
func FuzzCharNGramsRow(f *testing.F) {
	for i, s := range rowTexts {
		f.Add(s, rowTexts[(i+1)%len(rowTexts)], uint8(i), uint8(i*3))
	}
	texts, _ := stanceCorpus()
	raw := append(slices.Clone(sklTrain), rowTexts...)
	for _, t := range texts {
		raw = append(raw, t.Text)
	}
	fixed, err := FitCharNGrams(raw, CharOptions{MinDF: 1, SmoothIDF: true, SublinearTF: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, other string, lo, span uint8) {
		minN := 1 + int(lo%6)
		maxN := min(minN+int(span%5), maxCharN)
		blocks := []*CharNGrams{fixed}
		own, err := FitCharNGrams([]string{text, other}, CharOptions{MinN: minN, MaxN: maxN, MinDF: 1, SublinearTF: span%2 == 0})
		if err == nil {
			blocks = append(blocks, own)
		}
		for _, c := range blocks {
			ri, rv := refCharRow(c, text)
			fi, fv := c.Row(text)
			if !sameRow(ri, rv, fi, fv) {
				t.Fatalf("%q (%d..%d): fast row\n%v %v\nreference\n%v %v", text, c.MinN, c.MaxN, fi, fv, ri, rv)
			}
			bare := *c
			bare.table = nil
			if bi, bv := bare.Row(text); !sameRow(ri, rv, bi, bv) {
				t.Fatalf("%q: binary-search row differs", text)
			}
		}
	})
}

// FuzzWordBigramsRow: the same for the word-bigram block.
func FuzzWordBigramsRow(f *testing.F) {
	for i, s := range rowTexts {
		f.Add(s, rowTexts[(i+1)%len(rowTexts)], i%2 == 0)
	}
	texts, _ := stanceCorpus()
	raw := append(slices.Clone(bigramTrain), rowTexts...)
	for _, t := range texts {
		raw = append(raw, t.Text)
	}
	fixed, err := FitWordBigrams(raw, BigramOptions{MinDF: 1, SmoothIDF: true, SublinearTF: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, other string, sublinear bool) {
		blocks := []*WordBigrams{fixed}
		own, err := FitWordBigrams([]string{text, other}, BigramOptions{MinDF: 1, SublinearTF: sublinear})
		if err == nil {
			blocks = append(blocks, own)
		}
		for _, b := range blocks {
			ri, rv := refBigramRow(b, text)
			fi, fv := b.Row(text)
			if !sameRow(ri, rv, fi, fv) {
				t.Fatalf("%q: fast row\n%v %v\nreference\n%v %v", text, fi, fv, ri, rv)
			}
			bare := *b
			bare.table = nil
			if bi, bv := bare.Row(text); !sameRow(ri, rv, bi, bv) {
				t.Fatalf("%q: binary-search row differs", text)
			}
		}
	})
}

// Rows computed concurrently on one block (pooled scratch) equal the reference, and a row after
// rows of other texts is unaffected by them (the scratch is left zeroed).
func TestRowConcurrentAndScratchReset(t *testing.T) {
	texts, _ := stanceCorpus()
	raw := rawTexts(texts)
	c, err := FitCharNGrams(raw, CharOptions{SmoothIDF: true, SublinearTF: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := FitWordBigrams(raw, BigramOptions{SmoothIDF: true, SublinearTF: true})
	if err != nil {
		t.Fatal(err)
	}
	all := append(slices.Clone(raw), rowTexts...)
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(all))
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range all {
				text := all[(k+g)%len(all)]
				ri, rv := refCharRow(c, text)
				if fi, fv := c.Row(text); !sameRow(ri, rv, fi, fv) {
					errs <- "char: " + text
				}
				ri, rv = refBigramRow(b, text)
				if fi, fv := b.Row(text); !sameRow(ri, rv, fi, fv) {
					errs <- "bigrams: " + text
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	var bad []string
	for e := range errs {
		bad = append(bad, e)
	}
	if len(bad) > 0 {
		t.Errorf("%d rows differ from the reference, e.g. %q", len(bad), bad[0])
	}
	nonEmpty := 0
	for _, text := range raw {
		if idx, _ := b.Row(text); len(idx) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < len(raw)/2 {
		t.Errorf("only %d of %d texts have a bigram of the block: the comparison tests little", nonEmpty, len(raw))
	}
}
