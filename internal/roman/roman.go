// Package roman reads and writes Roman numerals, for the provision markers and list items that
// both the segmenter and the sentence splitter recognise ("(iv)", "IV.").
package roman

// digit is the value of a lower-case Roman digit, 0 for anything else.
func digit(c byte) int {
	switch c {
	case 'i':
		return 1
	case 'v':
		return 5
	case 'x':
		return 10
	case 'l':
		return 50
	case 'c':
		return 100
	case 'd':
		return 500
	case 'm':
		return 1000
	}
	return 0
}

// IsDigit reports whether c is a Roman digit in either case. It tests a bit of
// digitLetters (digit's switch, a chain of branches, was most of the sentence
// splitter's list-marker filter); TestIsDigit compares it with digit.
func IsDigit(c byte) bool {
	c = (c | 0x20) - 'a'
	return c < 26 && digitLetters>>c&1 != 0
}

// digitLetters has bit c-'a' set for each lower-case Roman digit c.
const digitLetters = 1<<('i'-'a') | 1<<('v'-'a') | 1<<('x'-'a') | 1<<('l'-'a') |
	1<<('c'-'a') | 1<<('d'-'a') | 1<<('m'-'a')

var symbols = [...]struct {
	v int
	s string
}{{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
	{40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}}

// Format writes v (1 to 3999) as a lower-case Roman numeral; "" outside that range.
func Format(v int) string {
	if v <= 0 || v >= 4000 {
		return ""
	}
	var buf [16]byte
	out := buf[:0]
	for _, s := range symbols {
		for v >= s.v {
			out = append(out, s.s...)
			v -= s.v
		}
	}
	return string(out)
}

// Parse reads a Roman numeral written all in lower case or all in capitals, in canonical form
// only (so "civil", "did", "mix" and "iiv" are not numerals), and says whether it is in capitals.
func Parse(w string) (v int, upper, ok bool) {
	if w == "" || len(w) > 15 {
		return 0, false, false
	}
	upper = w[0] >= 'A' && w[0] <= 'Z'
	prev := 0
	for j := len(w) - 1; j >= 0; j-- {
		c := w[j]
		if (c >= 'A' && c <= 'Z') != upper {
			return 0, false, false
		}
		d := digit(c | 0x20)
		if d == 0 {
			return 0, false, false
		}
		if d < prev {
			v -= d
		} else {
			v += d
		}
		prev = d
	}
	f := Format(v)
	if len(f) != len(w) {
		return 0, false, false
	}
	for j := range f {
		if f[j] != w[j]|0x20 {
			return 0, false, false
		}
	}
	return v, upper, true
}
