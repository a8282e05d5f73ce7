package sentence

import "github.com/stanceshift/stanceshift/internal/roman"

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
		for j < n && j-ls <= maxMarker && roman.IsDigit(t[j]) && roman.IsDigit(t[ls]) {
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
	v, upper, ok := roman.Parse(w)
	if !ok {
		return 0, false
	}
	return v, upper
}
