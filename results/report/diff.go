package report

import "strings"

// Op says which version a diff segment belongs to.
type Op int

const (
	// Equal text is in both versions.
	Equal Op = iota
	// Delete text is only in the earlier version: [-text-] in wdiff notation.
	Delete
	// Insert text is only in the later version: {+text+} in wdiff notation.
	Insert
)

func (o Op) String() string {
	switch o {
	case Delete:
		return "delete"
	case Insert:
		return "insert"
	}
	return "equal"
}

// Segment is one run of a parsed diff.
type Segment struct {
	Op   Op
	Text string
}

// ParseDiff parses the diff column of alignment.csv, written in wdiff notation: "[-deleted-]"
// and "{+inserted+}" inline in the common text. A marker opens only when its closing marker
// follows later in the string ("[-" needs a later "-]", "{+" a later "+}"); otherwise, and for any
// other bracket (such as the editorial "[i]nternational" of a quotation), the characters are
// ordinary text. ParseDiff never fails: every byte of s is in exactly one segment, adjacent Equal
// segments are merged, and FormatDiff(ParseDiff(s)) == s.
func ParseDiff(s string) []Segment {
	var segs []Segment
	emit := func(op Op, text string) {
		if op == Equal {
			if text == "" {
				return
			}
			if n := len(segs); n > 0 && segs[n-1].Op == Equal {
				segs[n-1].Text += text
				return
			}
		}
		segs = append(segs, Segment{Op: op, Text: text})
	}
	start := 0 // start of the pending equal text
	// the next '[' and '{' at or after i (-1: none): only there can a marker open, and a byte
	// at a time between them was most of parsing a diff (the diff of a kept provision is its
	// text, without markers)
	nextDel, nextIns := strings.IndexByte(s, '['), strings.IndexByte(s, '{')
	for i := 0; i+1 < len(s); {
		if nextDel >= 0 && nextDel < i {
			nextDel = indexByteFrom(s, i, '[')
		}
		if nextIns >= 0 && nextIns < i {
			nextIns = indexByteFrom(s, i, '{')
		}
		switch {
		case nextDel < 0 && nextIns < 0:
			i = len(s)
			continue
		case nextIns < 0 || nextDel >= 0 && nextDel < nextIns:
			i = nextDel
		default:
			i = nextIns
		}
		if i+1 >= len(s) {
			break
		}
		var op Op
		var closer string
		switch {
		case s[i] == '[' && s[i+1] == '-':
			op, closer = Delete, "-]"
		case s[i] == '{' && s[i+1] == '+':
			op, closer = Insert, "+}"
		default:
			i++
			continue
		}
		end := strings.Index(s[i+2:], closer)
		if end < 0 {
			i++
			continue
		}
		emit(Equal, s[start:i])
		emit(op, s[i+2:i+2+end])
		i += 2 + end + 2
		start = i
	}
	emit(Equal, s[start:])
	return segs
}

// indexByteFrom is the index in s of the first c at or after from, or -1.
func indexByteFrom(s string, from int, c byte) int {
	if k := strings.IndexByte(s[from:], c); k >= 0 {
		return from + k
	}
	return -1
}

// FormatDiff writes segments back in wdiff notation.
func FormatDiff(segs []Segment) string {
	var b strings.Builder
	for _, sg := range segs {
		switch sg.Op {
		case Delete:
			b.WriteString("[-" + sg.Text + "-]")
		case Insert:
			b.WriteString("{+" + sg.Text + "+}")
		default:
			b.WriteString(sg.Text)
		}
	}
	return b.String()
}
