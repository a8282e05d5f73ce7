package report

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is one annotation on a provision text: byte offsets [Start, End) into the text, a CSS
// class and a tooltip.
type span struct {
	Start, End int
	Class      string
	Title      string
}

// piece is a run of text with one set of annotations, ready for the template.
type piece struct {
	Text  string
	Class string
	Title string
}

// segView is one diff segment as rendered: Op is "eq", "del" or "ins".
type segView struct {
	Op     string
	Pieces []piece
}

// validSpans drops spans outside text or not on rune boundaries and reports how many it dropped.
func validSpans(text string, spans []span) ([]span, int) {
	out := spans[:0:0]
	bad := 0
	for _, s := range spans {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End ||
			!runeStart(text, s.Start) || !runeStart(text, s.End) {
			bad++
			continue
		}
		out = append(out, s)
	}
	return out, bad
}

func runeStart(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}

// mapSide maps the bytes of the diff segments that belong to one version (Equal plus Delete for
// the earlier, Equal plus Insert for the later) onto that version's text. The diff and the text
// may differ in white space only; every other byte must match in order. pos[k][j] is the offset
// in text of byte j of segment k, or -1 (white space, or a segment of the other version). ok is
// false when the diff does not spell the text.
func mapSide(segs []Segment, text string, other Op) (pos [][]int, ok bool) {
	pos = make([][]int, len(segs))
	t := 0
	for k, sg := range segs {
		p := make([]int, len(sg.Text))
		for j := range p {
			p[j] = -1
		}
		pos[k] = p
		if sg.Op == other {
			continue
		}
		for j := 0; j < len(sg.Text); j++ {
			c := sg.Text[j]
			if isSpace(c) {
				continue
			}
			for t < len(text) && isSpace(text[t]) {
				t++
			}
			if t >= len(text) || text[t] != c {
				return nil, false
			}
			p[j] = t
			t++
		}
	}
	for t < len(text) && isSpace(text[t]) {
		t++
	}
	return pos, t == len(text)
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// annotator finds, for a byte offset of a text, the annotations covering it.
type annotator struct {
	spans []span
}

func (a annotator) at(off int) []int {
	if off < 0 {
		return nil
	}
	var idx []int
	for i, s := range a.spans {
		if s.Start <= off && off < s.End {
			idx = append(idx, i)
		}
	}
	return idx
}

// renderDiff turns parsed segments into segment views with the annotations of the earlier text
// (on Equal and Delete bytes) and the later text (on Equal and Insert bytes). fromOK/toOK say
// whether each side could be mapped; an unmapped side contributes no annotations.
func renderDiff(segs []Segment, fromText, toText string, fromSpans, toSpans []span) (views []segView, fromOK, toOK bool) {
	fromPos, fromOK := mapSide(segs, fromText, Insert)
	toPos, toOK := mapSide(segs, toText, Delete)
	fa, ta := annotator{fromSpans}, annotator{toSpans}
	for k, sg := range segs {
		v := segView{Op: map[Op]string{Equal: "eq", Delete: "del", Insert: "ins"}[sg.Op]}
		key := func(j int) (string, string) {
			var ss []span
			if fromOK {
				for _, i := range fa.at(fromPos[k][j]) {
					ss = append(ss, fa.spans[i])
				}
			}
			if toOK {
				for _, i := range ta.at(toPos[k][j]) {
					ss = append(ss, ta.spans[i])
				}
			}
			return joinSpans(ss)
		}
		v.Pieces = pieces(sg.Text, key)
		views = append(views, v)
	}
	return views, fromOK, toOK
}

// renderText renders one text with its annotations as a single segment of the given op.
func renderText(op, text string, spans []span) segView {
	a := annotator{spans}
	return segView{Op: op, Pieces: pieces(text, func(j int) (string, string) {
		var ss []span
		for _, i := range a.at(j) {
			ss = append(ss, a.spans[i])
		}
		return joinSpans(ss)
	})}
}

// pieces splits text into runs of equal (class, title), breaking only at rune starts. Bytes that
// are white space take the annotation of the byte before them when the byte after has the same
// one, so a multi-word entity is one run.
func pieces(text string, key func(j int) (string, string)) []piece {
	var out []piece
	var cur piece
	have := false
	for j := 0; j < len(text); {
		_, size := utf8.DecodeRuneInString(text[j:])
		c, t := key(j)
		if isSpace(text[j]) && have {
			// look ahead to the next non-space byte
			n := j
			for n < len(text) && isSpace(text[n]) {
				n++
			}
			if n < len(text) {
				if nc, nt := key(n); nc == cur.Class && nt == cur.Title {
					c, t = nc, nt
				}
			}
		}
		if have && c == cur.Class && t == cur.Title {
			cur.Text += text[j : j+size]
		} else {
			if have {
				out = append(out, cur)
			}
			cur, have = piece{Text: text[j : j+size], Class: c, Title: t}, true
		}
		j += size
	}
	if have {
		out = append(out, cur)
	}
	return out
}

// joinSpans merges the classes and titles of the spans covering one byte, deduplicated and in a
// fixed order so output does not depend on input order.
func joinSpans(ss []span) (string, string) {
	if len(ss) == 0 {
		return "", ""
	}
	classes := map[string]bool{}
	titles := map[string]bool{}
	for _, s := range ss {
		for _, c := range strings.Fields(s.Class) {
			classes[c] = true
		}
		if s.Title != "" {
			titles[s.Title] = true
		}
	}
	return strings.Join(sortedKeys(classes), " "), strings.Join(sortedKeys(titles), "; ")
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// findTerm returns the spans of an evidence term in text: case-insensitive, starting at a word
// start. A term ending in '*' is a prefix (a glob, as in the dictionary); otherwise the match must
// end at a word end, unless the term is a single word with no whole-word match, in which case it
// is taken as a stem and matches as a prefix ("govern" in "governance").
func findTerm(text, term string) [][2]int {
	prefix := strings.HasSuffix(term, "*")
	term = strings.TrimSuffix(term, "*")
	term = strings.TrimSpace(term)
	if term == "" {
		return nil
	}
	lt := strings.ToLower(text)
	lterm := strings.ToLower(term)
	if len(lt) != len(text) { // lower-casing changed byte lengths: offsets would not match
		return nil
	}
	find := func(asPrefix bool) [][2]int {
		var out [][2]int
		for i := 0; i+len(lterm) <= len(lt); {
			k := strings.Index(lt[i:], lterm)
			if k < 0 {
				break
			}
			s := i + k
			e := s + len(lterm)
			if wordBoundary(lt, s) && (asPrefix || wordBoundary(lt, e)) {
				if asPrefix { // extend to the end of the word
					for e < len(lt) {
						r, size := utf8.DecodeRuneInString(lt[e:])
						if !isWordRune(r) {
							break
						}
						e += size
					}
				}
				out = append(out, [2]int{s, e})
				i = e
				continue
			}
			_, size := utf8.DecodeRuneInString(lt[s:])
			i = s + size
		}
		return out
	}
	if prefix {
		return find(true)
	}
	m := find(false)
	if len(m) == 0 && !strings.ContainsAny(lterm, " ") {
		m = find(true)
	}
	return m
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordBoundary reports whether offset i of s is not inside a word.
func wordBoundary(s string, i int) bool {
	if i <= 0 || i >= len(s) {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i:])
	return !(isWordRune(before) && isWordRune(after))
}
