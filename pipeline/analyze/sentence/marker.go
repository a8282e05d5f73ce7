package sentence

import "unicode/utf8"

// List marker styles.
const (
	styleDot      = iota + 1 // "1." "a." "iv."
	styleClose               // "1)" "a)"
	styleDotParen            // "1.)"
	styleParen               // "(1)" "(a)" "(iv)"
)

// marker is a parsed list marker. A single letter such as "i" or "v" is read both as a
// letter and as a Roman numeral; succeeds accepts either reading.
type marker struct {
	ok     bool
	style  int
	num    int  // decimal label, 0 when none (or when dotted: "1.2.")
	letter byte // single-letter label, 0 when none
	roman  int  // Roman-numeral value, 0 when none
	upper  bool // letter or Roman label in capitals
}

const maxMarker = 12 // longest label considered

// parseMarker reads a list marker at p: an optional "(", a label (1-3 digits, optionally
// dotted "1.2"; one ASCII letter; or a Roman numeral up to 50), then ")", "." or ".)", and
// whitespace or the end of text. end is the position after the punctuation.
func parseMarker(t string, p int) (m marker, end int, ok bool) {
	n := len(t)
	j := p
	open := j < n && t[j] == '('
	if open {
		j++
	}
	ls := j
	switch {
	case j >= n:
		return marker{}, 0, false
	case t[j] >= '0' && t[j] <= '9':
		// Digits, optionally dotted: "12", "1.2.3".
		for j < n && j-ls <= maxMarker && (t[j] >= '0' && t[j] <= '9' ||
			t[j] == '.' && j+1 < n && t[j+1] >= '0' && t[j+1] <= '9') {
			j++
		}
	case isASCIILetter(t[j]):
		// One letter, or a run of Roman-numeral letters.
		j++
		for j < n && j-ls <= maxMarker && romanDigit(t[j]|0x20) != 0 && romanDigit(t[ls]|0x20) != 0 {
			j++
		}
	default:
		return marker{}, 0, false
	}
	label := t[ls:j]
	if j-ls > maxMarker {
		return marker{}, 0, false
	}
	switch {
	case open && j < n && t[j] == ')':
		m.style = styleParen
		j++
	case open:
		return marker{}, 0, false
	case j+1 < n && t[j] == '.' && t[j+1] == ')':
		m.style = styleDotParen
		j += 2
	case j < n && t[j] == '.':
		m.style = styleDot
		j++
	case j < n && t[j] == ')':
		m.style = styleClose
		j++
	default:
		return marker{}, 0, false
	}
	if j < n {
		if sp, _ := spaceAt(t, j); !sp {
			return marker{}, 0, false
		}
	}
	if !m.setLabel(label) {
		return marker{}, 0, false
	}
	m.ok = true
	return m, j, true
}

// setLabel interprets label; it reports false for labels that are not list labels.
func (m *marker) setLabel(label string) bool {
	c := label[0]
	if c >= '0' && c <= '9' {
		v, dotted := 0, false
		for j := 0; j < len(label); j++ {
			switch d := label[j]; {
			case d == '.':
				dotted = true
			case d >= '0' && d <= '9':
				v = v*10 + int(d-'0')
			default:
				return false // "1a."
			}
		}
		if !dotted && len(label) > 3 {
			return false // a year, not a paragraph number
		}
		if !dotted {
			m.num = v
		}
		return true
	}
	if len(label) == 1 {
		m.letter = c | 0x20
		m.upper = c < 'a'
		m.roman, _ = romanValue(label)
		return true
	}
	v, upper := romanValue(label)
	if v == 0 || v > 50 {
		return false
	}
	m.roman, m.upper = v, upper
	return true
}

// succeeds reports whether next is the item after prev in the same list.
func succeeds(prev, next marker) bool {
	if prev.style != next.style || prev.style == styleParen {
		return false
	}
	switch {
	case prev.num > 0 && next.num == prev.num+1:
		return true
	case prev.letter != 0 && next.letter == prev.letter+1 && prev.upper == next.upper:
		return true
	case prev.roman > 0 && next.roman == prev.roman+1 && prev.upper == next.upper:
		return true
	}
	return false
}

// romanValue parses a Roman numeral written all in capitals or all in lowercase, in
// canonical form (so "civil", "did" and "mix" are not numerals). It returns 0 when w is
// not a numeral.
func romanValue(w string) (v int, upper bool) {
	if w == "" || len(w) > 9 || !utf8.ValidString(w) {
		return 0, false
	}
	upper = w[0] >= 'A' && w[0] <= 'Z'
	prev := 0
	for j := len(w) - 1; j >= 0; j-- {
		c := w[j]
		if (c >= 'A' && c <= 'Z') != upper {
			return 0, false
		}
		d := romanDigit(c | 0x20)
		if d == 0 {
			return 0, false
		}
		if d < prev {
			v -= d
		} else {
			v += d
		}
		prev = d
	}
	if !canonicalRoman(w, v) {
		return 0, false
	}
	return v, upper
}

func romanDigit(c byte) int {
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

// canonicalRoman checks that w is the canonical spelling of v (rejects "iiv", "ixi").
func canonicalRoman(w string, v int) bool {
	if v <= 0 || v >= 4000 {
		return false
	}
	var buf [16]byte
	out := buf[:0]
	syms := [...]struct {
		v int
		s string
	}{{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
		{40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}}
	for _, s := range syms {
		for v >= s.v && len(out)+len(s.s) <= len(buf) {
			out = append(out, s.s...)
			v -= s.v
		}
	}
	if v != 0 || len(out) != len(w) {
		return false
	}
	for j := range out {
		if out[j] != w[j]|0x20 {
			return false
		}
	}
	return true
}
