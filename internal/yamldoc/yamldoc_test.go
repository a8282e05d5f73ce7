package yamldoc

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestExtra(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantLine int    // line of the extra document (its "---"); 0 when none
		wantErr  string // "" when no error
	}{
		{"one document", "a: 1\n", 0, ""},
		{"trailing separator", "a: 1\n---\n", 0, ""},
		{"trailing end marker", "a: 1\n...\n", 0, ""},
		{"empty documents", "a: 1\n---\n---\n# only a comment\n", 0, ""},
		{"second document", "a: 1\n---\nb: 2\n", 2, ""},
		{"second after an empty one", "a: 1\n---\n---\n\nb: 2\n", 3, ""},
		{"second is a scalar", "a: 1\n--- x\n", 2, ""},
		{"explicit null is content", "a: 1\n--- null\n", 2, ""},
		{"syntax error after the first", "a: 1\n---\nb: [\n", 0, "did not find expected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := yaml.NewDecoder(strings.NewReader(tt.in))
			var first yaml.Node
			if err := dec.Decode(&first); err != nil {
				t.Fatal(err)
			}
			n, err := Extra(dec)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			line := 0
			if n != nil {
				line = n.Line
			}
			if line != tt.wantLine {
				t.Errorf("extra document at line %d, want %d", line, tt.wantLine)
			}
		})
	}
}

func ExampleExtra() {
	dec := yaml.NewDecoder(strings.NewReader("name: a\n---\nname: b\n"))
	var first yaml.Node
	_ = dec.Decode(&first)
	if n, err := Extra(dec); err == nil && n != nil {
		fmt.Printf("line %d: a second YAML document\n", n.Line)
	}
	// Output: line 2: a second YAML document
}
