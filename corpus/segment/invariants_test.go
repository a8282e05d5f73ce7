package segment

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// checkInvariants fails t if res breaks any of the package's documented invariants.
func checkInvariants(t testing.TB, docID, raw string, res Result) {
	t.Helper()
	if !utf8.ValidString(res.Text) {
		t.Errorf("normalised text is not valid UTF-8")
	}
	if strings.Contains(res.Text, "\n\n") || strings.Contains(res.Text, "  ") ||
		strings.HasPrefix(res.Text, "\n") || strings.HasSuffix(res.Text, "\n") {
		t.Errorf("normalised text has a blank line, a double space or an outer newline: %.200q", res.Text)
	}
	for i, line := range strings.Split(res.Text, "\n") {
		if line != strings.TrimSpace(line) && res.Text != "" {
			t.Errorf("normalised line %d has outer spaces: %.80q", i+1, line)
		}
		for _, r := range line {
			if r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == '\u00a0' || r == '\u2019' || r == '\u201c' {
				t.Errorf("normalised line %d holds %U", i+1, r)
				break
			}
		}
	}
	if n, _ := Normalize(raw); n != res.Text {
		t.Errorf("Normalize and Segment disagree on the normalised text")
	}
	ids := map[string]bool{}
	prevStart, prevEnd := -1, 0
	for i, p := range res.Provisions {
		if p.Ordinal != i+1 {
			t.Errorf("provision %d has ordinal %d", i+1, p.Ordinal)
		}
		if p.DocID != docID || p.ID != docID+":"+p.Marker && !strings.HasPrefix(p.ID, docID+":"+p.Marker+"-") {
			t.Errorf("provision %d: id %q, doc %q, marker %q", i+1, p.ID, p.DocID, p.Marker)
		}
		if ids[p.ID] {
			t.Errorf("duplicate id %q", p.ID)
		}
		ids[p.ID] = true
		if p.Start < 0 || p.End > len(res.Text) || p.Start >= p.End {
			t.Errorf("provision %s: offsets [%d,%d) out of range (len %d)", p.ID, p.Start, p.End, len(res.Text))
			continue
		}
		if p.Text != res.Text[p.Start:p.End] {
			t.Errorf("provision %s: Text != Result.Text[Start:End]", p.ID)
		}
		if p.Start <= prevStart || p.Start < prevEnd {
			t.Errorf("provision %s: start %d not after previous [%d,%d)", p.ID, p.Start, prevStart, prevEnd)
		}
		prevStart, prevEnd = p.Start, p.End
		if p.Provenance == "" || p.Section == "" || p.Line < 1 {
			t.Errorf("provision %s: empty provenance/section or no line: %+v", p.ID, p)
		}
		for _, s := range p.SubItems {
			if s.Start < p.Start || s.End > p.End || s.Start > s.End || s.Marker == "" {
				t.Errorf("provision %s: sub-item %+v outside [%d,%d)", p.ID, s, p.Start, p.End)
			}
		}
	}
	for _, w := range res.Warnings {
		if w.Path != "" || !strings.HasPrefix(w.Msg, "segment: ") {
			t.Errorf("warning %+v: path set or message without package prefix", w)
		}
	}
}
