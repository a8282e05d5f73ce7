package report

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseDiff(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Segment
	}{
		{"empty", "", nil},
		{"plain", "no change", []Segment{{Equal, "no change"}}},
		{"delete and insert", "a [-b-] {+c+} d", []Segment{{Equal, "a "}, {Delete, "b"}, {Equal, " "}, {Insert, "c"}, {Equal, " d"}}},
		{"editorial brackets", "[i]nternational law", []Segment{{Equal, "[i]nternational law"}}},
		{"unterminated delete", "a [-b c", []Segment{{Equal, "a [-b c"}}},
		{"unterminated insert then delete", "{+x [-y-]", []Segment{{Equal, "{+x "}, {Delete, "y"}}},
		{"markers inside delete are text", "[-{+a+}-]", []Segment{{Delete, "{+a+}"}}},
		{"empty delete", "[--]", []Segment{{Delete, ""}}},
		{"hyphen at end", "[-a--]", []Segment{{Delete, "a-"}}},
		{"quotes and markup", `{+"<b>"+}`, []Segment{{Insert, `"<b>"`}}},
		{"adjacent", "[-a-]{+b+}", []Segment{{Delete, "a"}, {Insert, "b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseDiff(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseDiff(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if back := FormatDiff(got); back != tt.in {
				t.Errorf("FormatDiff(ParseDiff(%q)) = %q", tt.in, back)
			}
		})
	}
}

// FuzzParseDiff checks ParseDiff never panics, round-trips through FormatDiff, never leaves a
// closing marker inside a change and never emits two Equal segments in a row; and that rendering
// the diff against arbitrary texts and spans does not panic and loses no text.
func FuzzParseDiff(f *testing.F) {
	for _, s := range []string{"", "a [-b-] {+c+} d", "[i]nternational", "[-", "{+", "[--]", "-]+}", "[-{+-]+}",
		`"All States" {+must+} [-should-] play`, "é[-ü-]{+ß+}", "[-a\n-]{+\tb+}"} {
		f.Add(s, "text", 0, 2)
	}
	f.Fuzz(func(t *testing.T, s, text string, a, b int) {
		segs := ParseDiff(s)
		if want := parseDiffBytes(s); !reflect.DeepEqual(segs, want) {
			t.Fatalf("ParseDiff(%q) = %q, a byte at a time %q", s, segs, want)
		}
		if FormatDiff(segs) != s {
			t.Fatalf("round trip: %q -> %q", s, FormatDiff(segs))
		}
		for i, sg := range segs {
			if sg.Op == Delete && strings.Contains(sg.Text, "-]") || sg.Op == Insert && strings.Contains(sg.Text, "+}") {
				t.Fatalf("closing marker inside segment %d: %q", i, sg.Text)
			}
			if i > 0 && sg.Op == Equal && segs[i-1].Op == Equal {
				t.Fatalf("adjacent equal segments at %d", i)
			}
		}
		spans, _ := validSpans(text, []span{{a, b, "x", "t"}, {b, a, "y", ""}})
		views, _, _ := renderDiff(segs, text, text, spans, spans)
		var total strings.Builder
		for _, v := range views {
			for _, p := range v.Pieces {
				if utf8.ValidString(s) && !utf8.ValidString(p.Text) {
					t.Fatalf("piece splits a rune: %q", p.Text)
				}
				total.WriteString(p.Text)
			}
		}
		var want strings.Builder
		for _, sg := range segs {
			want.WriteString(sg.Text)
		}
		if total.String() != want.String() {
			t.Fatalf("rendering lost text: %q vs %q", total.String(), want.String())
		}
	})
}

// parseDiffBytes is ParseDiff as it was before it looked for the markers' first bytes with
// strings.IndexByte: a byte at a time, the reference ParseDiff must agree with.
func parseDiffBytes(s string) []Segment {
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
	for i := 0; i+1 < len(s); {
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
