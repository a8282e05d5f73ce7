package keyphrase

import (
	"slices"
	"strings"

	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// tagged builds a text and its tokens from "word/TAG word/TAG ...". A word written "~w/TAG"
// is glued to the previous one (no space), as tokenizers split "confidence-building".
func tagged(s string) (string, []Token) {
	var b strings.Builder
	var toks []Token
	for i, f := range strings.Fields(s) {
		k := strings.LastIndexByte(f, '/')
		w, tag := f[:k], f[k+1:]
		glue := strings.HasPrefix(w, "~")
		w = strings.TrimPrefix(w, "~")
		if i > 0 && !glue {
			b.WriteByte(' ')
		}
		start := b.Len()
		b.WriteString(w)
		toks = append(toks, Token{Text: w, Start: start, End: b.Len(), Tag: tag})
	}
	return b.String(), toks
}

// input builds a ProvisionInput from tagged tokens.
func input(id string, offset int, text string, toks []Token, sents []Sentence) ProvisionInput {
	ts, tags := splitTagged(toks)
	return ProvisionInput{ID: id, Offset: offset, Text: text, Tokens: ts, Tags: tags, Sentences: sents}
}

func candTexts(cs []Candidate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Text
	}
	return out
}

func phraseTexts(ps []Phrase) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Text
	}
	return out
}

func has(list []string, s string) bool { return slices.Contains(list, s) }

// numberTokens numbers the texts of toks (text[Start:End]) in nums, new texts from len(nums)
// up, as ProvisionInput.Nums takes them; a token out of text's range gets -1.
func numberTokens(text string, toks []tokenize.Token, nums map[string]int32) []int32 {
	out := make([]int32, len(toks))
	for i, t := range toks {
		if t.Start < 0 || t.End < t.Start || t.End > len(text) {
			out[i] = -1
			continue
		}
		n, ok := nums[text[t.Start:t.End]]
		if !ok {
			n = int32(len(nums))
			nums[text[t.Start:t.End]] = n
		}
		out[i] = n
	}
	return out
}

// numbered returns provs with their tokens numbered in nums (numberTokens).
func numbered(provs []ProvisionInput, nums map[string]int32) []ProvisionInput {
	out := slices.Clone(provs)
	for i := range out {
		out[i].Nums = numberTokens(out[i].Text, out[i].Tokens, nums)
	}
	return out
}
