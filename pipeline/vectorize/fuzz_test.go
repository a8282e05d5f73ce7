package vectorize

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// FuzzTerms feeds arbitrary token text and option bits through Terms, the accumulator and
// Row, checking the invariants: no panic, no empty term, stop words gone, bigrams are the
// adjacent unigram pairs, determinism, and rows with strictly ascending in-range columns,
// finite positive values and unit norm.
func FuzzTerms(f *testing.F) {
	f.Add("The States shall cooperate in the governance of the Internet .", uint8(0xff))
	f.Add("", uint8(0))
	f.Add("  a  A a ", uint8(1))
	f.Add("''s 'tis rock'n'roll", uint8(0x0c))
	f.Add("\xff\xfe É ΣΑΣ İstanbul ǅ", uint8(0x0f))
	f.Add("the the THE of of", uint8(0x07))
	f.Fuzz(func(t *testing.T, text string, bits uint8) {
		opt := Options{
			Lowercase: bits&1 != 0, Bigrams: bits&2 != 0, Stem: bits&4 != 0,
			SmoothIDF: bits&8 != 0, SublinearTF: bits&16 != 0,
		}
		if bits&32 != 0 {
			opt.StopWords = StopWordSet("the", "of", "a")
		}
		opt.Norm = []string{NormL2, NormL1, NormNone, ""}[bits>>6]
		tokens := strings.Fields(text)
		terms := Terms(tokens, opt)
		if !slices.Equal(Terms(tokens, opt), terms) {
			t.Fatal("Terms not deterministic")
		}
		nuni := len(terms)
		if opt.Bigrams && nuni > 0 {
			nuni = (len(terms) + 1) / 2
			for i := 0; i+1 < nuni; i++ {
				if terms[nuni+i] != terms[i]+" "+terms[i+1] {
					t.Fatalf("bigram %d = %q, want %q", i, terms[nuni+i], terms[i]+" "+terms[i+1])
				}
			}
		}
		if nuni > len(tokens) {
			t.Fatalf("%d unigrams from %d tokens", nuni, len(tokens))
		}
		for _, term := range terms[:nuni] {
			if term == "" || (opt.StopWords[term] && !opt.Stem) {
				t.Fatalf("bad unigram %q in %q", term, terms)
			}
		}
		acc := NewDF()
		acc.Add(terms)
		acc.Add(tokens)
		v := acc.Extract(opt)
		if err := v.Check(); err != nil {
			t.Fatal(err)
		}
		idx, val := v.Row(terms, opt)
		if len(idx) != len(val) || (len(terms) > 0 && len(idx) == 0) {
			t.Fatalf("row %v %v for terms %q", idx, val, terms)
		}
		var l1, l2 float64
		for k := range idx {
			if idx[k] < 0 || idx[k] >= v.Len() || (k > 0 && idx[k] <= idx[k-1]) {
				t.Fatalf("idx %v not strictly ascending within %d", idx, v.Len())
			}
			if !(val[k] > 0) || math.IsInf(val[k], 0) {
				t.Fatalf("val %v", val)
			}
			l1 += val[k]
			l2 += val[k] * val[k]
		}
		if len(idx) > 0 && ((opt.Norm == NormL2 && math.Abs(l2-1) > 1e-9) || (opt.Norm == NormL1 && math.Abs(l1-1) > 1e-9)) {
			t.Fatalf("norm %s: l1 %v l2² %v", opt.Norm, l1, l2)
		}
	})
}
