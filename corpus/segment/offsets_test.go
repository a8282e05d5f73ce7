package segment

import (
	"testing"
)

// TestSubItemOffsets checks where sub-items start and end: after their marker, and up to the
// next sub-item of the same or a shallower level (so a letter spans its roman items).
func TestSubItemOffsets(t *testing.T) {
	raw := "1. Text:\n(a) alpha:\n(i) one;\n(ii) two;\n(b) beta.\nMore on beta.\n2. Next."
	res := Segment("d", raw, Options{})
	checkInvariants(t, "d", raw, res)
	if len(res.Provisions) != 2 {
		t.Fatalf("%d provisions, want 2", len(res.Provisions))
	}
	want := []struct{ marker, text string }{
		{"a", "alpha:\n(i) one;\n(ii) two;"},
		{"i", "one;"},
		{"ii", "two;"},
		{"b", "beta.\nMore on beta."},
	}
	subs := res.Provisions[0].SubItems
	if len(subs) != len(want) {
		t.Fatalf("sub-items %+v, want %d", subs, len(want))
	}
	for i, w := range want {
		if got := res.Text[subs[i].Start:subs[i].End]; subs[i].Marker != w.marker || got != w.text {
			t.Errorf("sub-item %d = %q %q, want %q %q", i, subs[i].Marker, got, w.marker, w.text)
		}
	}
}

// TestLines checks that provisions and warnings name the raw input line, counting \r\n, \r and
// \n as line ends and form feeds as none.
func TestLines(t *testing.T) {
	raw := "Title\r\n\r\n(a) One\r\ncontinued;\r(b) Two;\n\f(a) Three.\n"
	res := Segment("d", raw, Options{})
	checkInvariants(t, "d", raw, res)
	wantLines := map[string]int{"d:a": 3, "d:b": 5, "d:a-2": 6}
	for _, p := range res.Provisions {
		if p.Line != wantLines[p.ID] {
			t.Errorf("%s at line %d, want %d", p.ID, p.Line, wantLines[p.ID])
		}
	}
	if len(res.Provisions) != 3 {
		t.Errorf("%d provisions, want 3", len(res.Provisions))
	}
	if len(res.Warnings) != 1 || res.Warnings[0].Line != 6 {
		t.Errorf("warnings %v, want one duplicate-marker warning at line 6", res.Warnings)
	}
}

// TestRepeatedWarningsCapped checks that a document with many duplicate markers gets at most
// maxRepeatedWarnings of them and one summary.
func TestRepeatedWarningsCapped(t *testing.T) {
	raw := repeatTo("(a) x;\n", 7*(maxRepeatedWarnings+6))
	res := Segment("d", raw, Options{})
	checkInvariants(t, "d", raw, res)
	if len(res.Warnings) != maxRepeatedWarnings+1 {
		t.Fatalf("%d warnings, want %d", len(res.Warnings), maxRepeatedWarnings+1)
	}
	if got, want := res.Warnings[maxRepeatedWarnings].Msg, "segment: 5 more duplicate-marker warnings not shown"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}
