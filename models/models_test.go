package models

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestLabelFor(t *testing.T) {
	tests := []struct {
		name  string
		score float64
		want  string
	}{
		{"state-centric", 0.4, StateCentric},
		{"multistakeholder", -0.4, Multistakeholder},
		{"inside the band", 0.25, Neutral},
		{"band edge negative", -0.25, Neutral},
		{"NaN", math.NaN(), Neutral},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LabelFor(tt.score, 0.25); got != tt.want {
				t.Errorf("LabelFor(%v) = %s, want %s", tt.score, got, tt.want)
			}
		})
	}
}

type toy struct {
	Name string  `json:"name"`
	X    float64 `json:"x"`
}

func (m *toy) validate() error {
	if m.X < 0 {
		return errors.New("x is negative")
	}
	return nil
}

func TestJSONRoundTripAndErrors(t *testing.T) {
	in := &toy{Name: "a", X: 1.5}
	var buf bytes.Buffer
	if err := SaveJSON(&buf, "toy", "  ", in, in.validate); err != nil {
		t.Fatal(err)
	}
	var out toy
	if err := LoadJSON(bytes.NewReader(buf.Bytes()), "toy", &out, out.validate); err != nil || out != *in {
		t.Fatalf("round trip: %+v, %v", out, err)
	}
	tests := []struct {
		name, in, want string
	}{
		{"unknown field", `{"name":"a","x":1,"y":2}`, `toy: load: json: unknown field "y"`},
		{"trailing data", `{"name":"a","x":1} {}`, "toy: load: trailing data"},
		{"invalid", `{"name":`, "toy: load: unexpected EOF"},
		{"fails validation", `{"name":"a","x":-1}`, "toy: load: x is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m toy
			err := LoadJSON(strings.NewReader(tt.in), "toy", &m, m.validate)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
	bad := &toy{X: -1}
	if err := SaveJSON(&buf, "toy", "", bad, bad.validate); err == nil || !strings.HasPrefix(err.Error(), "toy: save: ") {
		t.Errorf("save of an invalid model: %v", err)
	}
}
