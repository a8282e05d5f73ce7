package tokenize

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// appendTokensSimple is AppendTokens without its byte-class fast path: a
// rune-by-rune scan for white space, needsSanitize on every chunk and the
// apostrophe search on every split step (the implementation before the
// fast path). FuzzAppendTokensSimple checks the two agree on every input.
func appendTokensSimple(dst []Token, s string) []Token {
	i := 0
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isSpaceSimple(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			r, size = rune(s[j]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(s[j:])
			}
			if isSpaceSimple(r) {
				break
			}
			j += size
		}
		chunk := s[i:j]
		if !needsSanitize(chunk) {
			dst = splitChunk(dst, s, chunk, nil, i, true)
		} else {
			clean, pos := sanitizeMap(chunk, i)
			dst = splitChunk(dst, s, clean, pos, i, true)
		}
		i = j
	}
	return dst
}

func isSpaceSimple(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || (r >= '\t' && r <= '\r')
	}
	return unicode.IsSpace(r)
}

func TestByteClass(t *testing.T) {
	for c := range 256 {
		b := byte(c)
		want := uint8(0)
		if c >= utf8.RuneSelf {
			want |= clMulti
		} else if isSpaceSimple(rune(c)) {
			want |= clSpace
		}
		if b == '&' || b == 0xE2 {
			want |= clSan
		}
		if b == '\'' {
			want |= clApos
		}
		if isPrefix(b) || isSuffix(b) && b != '\'' || b == '.' {
			want |= clPunct
		}
		if byteClass[c] != want {
			t.Errorf("byteClass[%#x] = %b, want %b", c, byteClass[c], want)
		}
	}
}

func TestAppendTokensSimple(t *testing.T) {
	cases := []struct{ name, in string }{
		{"empty", ""},
		{"spaces only", " \t\n\r\v\f"},
		{"unicode spaces", "a\u00a0b\u2028c\u3000d\u0085e"},
		{"contractions", "I'll don't DON'T it's we're I'm"},
		{"curly quotes", "“quoted” ‘single’ it’s"},
		{"rsquo entity", "it&rsquo;s & &rsquo"},
		{"0xE2 not a quote", "a\u2026b \u201a \u201b \xe2\x80"},
		{"invalid utf8", "\xff\xfe a\xc3 \xe2"},
		{"prefix suffix", `("$[x]")!;?:' U.N. Mrs. :-)`},
		{"plain chunks", "States shall xD 8D XDD V_V o_0 ^___^ A/RES/70/237 re-use 1998 \u00e9t\u00e9 x"},
		{"corpus", readCorpus(t, "governance.txt")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, want := AppendTokens(nil, tc.in), appendTokensSimple(nil, tc.in)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("AppendTokens(%q)\n = %v\nsimple %v", tc.in, got, want)
			}
		})
	}
}

// FuzzAppendTokensSimple: AppendTokens and appendTokensSimple give the same
// tokens and offsets on any input.
func FuzzAppendTokensSimple(f *testing.F) {
	for _, s := range []string{"", " ", "'s", "n't", "“x”", "&rsquo;", "it&rsquo;s", "\xe2\x80", "a\u00a0b",
		"DON'T", `"(["$x`, "x.)]!;?:'", "\u2028x", "a\u2019ll", strings.Repeat("ab'c ", 3)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := AppendTokens(nil, s), appendTokensSimple(nil, s)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("AppendTokens(%q) = %v, simple %v", s, got, want)
		}
	})
}
