package dictionary

import (
	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// text tokenises s with the project's tokenizer (prose-compatible, hyphens kept inside tokens).
func text(s string) models.Text {
	toks := tokenize.Tokenize(s)
	t := models.Text{ID: "t", Text: s, Tokens: make([]models.Token, len(toks))}
	for i, tk := range toks {
		t.Tokens[i] = models.Token{Text: tk.Text, Start: tk.Start, End: tk.End}
	}
	return t
}

// runText tokenises s into runs of letters and digits (a tokenizer that splits hyphens and drops
// punctuation).
func runText(s string) models.Text {
	t := models.Text{ID: "r", Text: s}
	start := -1
	for i, r := range s + " " {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			t.Tokens = append(t.Tokens, models.Token{Text: s[start:i], Start: start, End: i})
			start = -1
		}
	}
	return t
}
