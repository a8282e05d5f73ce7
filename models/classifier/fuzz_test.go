package classifier

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzTrain builds a small dataset from the input bytes (with occasional NaN values, unsorted or
// out-of-range indices, a single class, mismatched lengths) and checks that Train never panics,
// rejects what is invalid, and otherwise returns a model whose probabilities are finite and sum to
// one and which survives a save/load round trip.
func FuzzTrain(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, uint8(3), uint8(4), false)
	f.Add([]byte{255, 0, 255, 0, 1, 1, 1, 1}, uint8(2), uint8(0), true)
	f.Add([]byte{7, 7, 7, 7, 7, 7}, uint8(1), uint8(2), false)
	f.Add([]byte{}, uint8(0), uint8(0), false)
	f.Add([]byte{200, 13, 99, 4, 250, 251, 252, 1, 2, 3, 90, 91, 92, 93}, uint8(5), uint8(1), true)
	f.Fuzz(func(t *testing.T, data []byte, dimByte, mode uint8, calibrate bool) {
		if len(data) > 256 {
			data = data[:256]
		}
		dim := int(dimByte%8) - 1 // -1 .. 6: includes invalid dims
		var x []Vec
		var y []string
		labels := []string{"state_centric", "multistakeholder", "neutral"}
		bad := dim <= 0
		for i := 0; i+2 < len(data); i += 3 {
			a, b, c := data[i], data[i+1], data[i+2]
			v := Vec{}
			if dim > 0 {
				j := int(a) % (dim + 1) // dim itself is out of range
				v.Idx = append(v.Idx, j)
				val := float64(int(b)-128) / 16
				if b == 255 {
					val = math.NaN()
				}
				v.Val = append(v.Val, val)
				if j >= dim || math.IsNaN(val) {
					bad = true
				}
				if c&0x80 != 0 && j+1 < dim {
					v.Idx = append(v.Idx, j+1)
					v.Val = append(v.Val, float64(c&0x0f))
				}
			}
			x = append(x, v)
			y = append(y, labels[int(c)%3])
		}
		switch mode % 4 {
		case 1:
			for i := range y {
				y[i] = labels[0]
			}
		case 2:
			if len(y) > 0 {
				y = y[1:]
			}
		}
		distinct := map[string]bool{}
		for _, l := range y {
			distinct[l] = true
		}
		if len(x) != len(y) || len(x) == 0 || len(distinct) < 2 {
			bad = true
		}
		opt := Options{Calibrate: CalibrateNone, Folds: 2, MaxIter: 50}
		if calibrate {
			opt.Calibrate = CalibrateTemperature
		}
		m, err := Train(x, y, dim, opt)
		if bad {
			if err == nil {
				t.Fatalf("invalid input accepted: dim %d, %d rows, %d labels, classes %v", dim, len(x), len(y), distinct)
			}
			return
		}
		if err != nil {
			if calibrate { // too few rows per class for the folds is a legitimate error
				return
			}
			t.Fatalf("valid input rejected: %v", err)
		}
		for _, v := range x {
			p := m.PredictProba(v)
			s := 0.0
			for _, q := range p {
				if math.IsNaN(q) || q < 0 || q > 1 {
					t.Fatalf("probability %v", p)
				}
				s += q
			}
			if math.Abs(s-1) > 1e-9 {
				t.Fatalf("probabilities sum to %v", s)
			}
		}
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(&buf); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzCharNGrams: any text and lengths give n-grams of 1 to max code points, each inside one
// padded word (white space only at its ends), never a panic; a block fitted on the texts (min_df
// 1) passes its own check and gives rows of ascending columns and unit norm.
func FuzzCharNGrams(f *testing.F) {
	f.Add("States shall respect the sovereignty of States.", "Côte d'Ivoire\tand\x1fothers", uint8(3), uint8(5))
	f.Add("", "a", uint8(1), uint8(1))
	f.Add("\xff\xfe broken utf-8 \xc3", "  ", uint8(0), uint8(9))
	f.Add("İstanbul ǅ ß ﬁ", "a b c d", uint8(5), uint8(3))
	f.Fuzz(func(t *testing.T, a, b string, lo, hi uint8) {
		minN, maxN := int(lo%7), int(hi%7)
		for _, s := range []string{a, b} {
			for _, g := range CharWBGrams(s, minN, maxN) {
				n := utf8.RuneCountInString(g)
				if n == 0 || n > maxN {
					t.Fatalf("n-gram %q of %q (%d..%d)", g, s, minN, maxN)
				}
				if inner := strings.Trim(g, " "); strings.ContainsFunc(inner, isPySpace) {
					t.Fatalf("n-gram %q crosses words", g)
				}
			}
		}
		c, err := FitCharNGrams([]string{a, b}, CharOptions{MinN: minN, MaxN: maxN, MinDF: 1, SublinearTF: lo%2 == 0, SmoothIDF: hi%2 == 0})
		if err != nil {
			return // no n-gram, or lengths outside 1..16: reported, not a panic
		}
		for _, s := range []string{a, b} {
			idx, val := c.Row(s)
			var ss float64
			for k := range idx {
				if k > 0 && idx[k] <= idx[k-1] || idx[k] >= c.Len() {
					t.Fatalf("row of %q: columns %v", s, idx)
				}
				ss += val[k] * val[k]
			}
			if len(idx) > 0 && math.Abs(ss-1) > 1e-9 {
				t.Fatalf("row of %q: squared norm %v", s, ss)
			}
		}
		if err := c.check(); err != nil {
			t.Fatalf("fitted block fails its own check: %v", err)
		}
	})
}
