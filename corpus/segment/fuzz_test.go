package segment

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func addSeeds(f *testing.F) {
	for _, tc := range segCases {
		f.Add(tc.in)
	}
	for _, tc := range normalizeCases {
		f.Add(tc.in)
	}
	for _, fx := range fixtures {
		if b, err := os.ReadFile(filepath.Join("testdata", fx.file)); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("\xff\xfe\x00(\u00ad\n-\n\f\r\r\n")
	f.Add("Article\n5 bis.\nArt. 5 -\n§\n(ii)\n(i)\n(h)\n")
}

// FuzzSegment checks that Segment never panics, is deterministic and keeps its invariants.
func FuzzSegment(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, raw string) {
		res := Segment("f", raw, Options{})
		checkInvariants(t, "f", raw, res)
		if again := Segment("f", raw, Options{}); !reflect.DeepEqual(res, again) {
			t.Errorf("Segment is not deterministic")
		}
	})
}

// FuzzParseMarker checks parseMarker's result on any line start.
func FuzzParseMarker(f *testing.F) {
	for _, s := range []string{"(a) x", "a) x", "(iv)", "1. x", "Article 5 bis - T", "§5.", "Sec. 2. X", "ARTICLE IV", "(", "A.", "1.1 x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := parseMarker(s)
		if !ok {
			return
		}
		if m.value == "" || m.textOff > len(s) || m.kind == kNone {
			t.Errorf("parseMarker(%q) = %+v", s, m)
		}
		if m.textOff < len(s) && s[m.textOff] == ' ' {
			t.Errorf("parseMarker(%q): text starts with a space", s)
		}
	})
}
