package roman

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		in        string
		v         int
		upper, ok bool
	}{
		{"i", 1, false, true}, {"iv", 4, false, true}, {"IX", 9, true, true}, {"xlii", 42, false, true},
		{"MCMXCIV", 1994, true, true}, {"iiv", 0, false, false}, {"ixi", 0, false, false},
		{"civil", 0, false, false}, {"Iv", 0, false, false}, {"", 0, false, false}, {"mmmm", 0, false, false},
		{"il", 0, false, false}, {"vv", 0, false, false},
	}
	for _, tt := range tests {
		v, upper, ok := Parse(tt.in)
		if v != tt.v || upper != tt.upper || ok != tt.ok {
			t.Errorf("Parse(%q) = %d, %v, %v; want %d, %v, %v", tt.in, v, upper, ok, tt.v, tt.upper, tt.ok)
		}
	}
}

func TestFormatRoundTrip(t *testing.T) {
	for v := 1; v < 4000; v++ {
		if got, _, ok := Parse(Format(v)); !ok || got != v {
			t.Fatalf("Parse(Format(%d)) = %d, %v", v, got, ok)
		}
	}
	if Format(0) != "" || Format(4000) != "" {
		t.Error("out of range values formatted")
	}
}

func FuzzParse(f *testing.F) {
	f.Add("xiv")
	f.Add("MMXXVI")
	f.Fuzz(func(t *testing.T, s string) {
		if v, _, ok := Parse(s); ok && (v < 1 || v > 3999) {
			t.Fatalf("Parse(%q) = %d", s, v)
		}
	})
}

func TestIsDigit(t *testing.T) {
	for c := range 256 {
		if got, want := IsDigit(byte(c)), digit(byte(c)|0x20) != 0; got != want {
			t.Errorf("IsDigit(%q) = %v, want %v", byte(c), got, want)
		}
	}
}
