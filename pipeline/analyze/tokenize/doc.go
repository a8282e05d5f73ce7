// Package tokenize splits text into word tokens exactly as prose's tokenizer
// does (github.com/jdkato/prose/v2 v2.0.0, the iterTokenizer that
// prose.NewDocument uses), and records each token's byte offsets.
//
// # What prose does, reproduced here
//
// The text is cut at Unicode white space (unicode.IsSpace) into chunks. Each
// chunk is then split from the outside in: an emoticon or an abbreviation
// like "U.N." or "Mrs." (^(?:[A-Za-z]\.){2,}$|^[A-Z][a-z]{1,2}\.$) is kept
// whole; a leading $ ( " [ is split off; a contraction ('ll 's 're 'm, then
// n't, case-insensitive, first pattern in that order wherever it occurs)
// splits the chunk before it; a trailing , ) " ] ! ; . ? : ' is peeled off;
// prefixes and suffixes only when the rest is non-empty.
//
// # Offsets where prose rewrites text
//
// Before splitting, prose rewrites curly quotes (“ ” to ", ‘ ’ to ') and the
// entity "&rsquo;" to '. Such a rewritten character is always a token or part
// of one, so every prose token maps to one contiguous byte range of the
// input. Token.Text is that range of the original input (so
// input[Start:End] == Text always holds, and Text holds the curly quote),
// while Token.ProseText (Sanitize(Text)) is the string prose reports.
//
// # Deliberate differences from prose
//
//   - prose searches contractions in strings.ToLower(chunk) but slices the
//     original chunk with that index; when lower-casing changes a rune's byte
//     length (invalid UTF-8, "İ", the Kelvin sign, ...) prose mis-slices or
//     panics. We search the original bytes with ASCII case folding, which
//     equals prose wherever lower-casing keeps lengths.
//   - Kept on purpose: a chunk that starts with a contraction ("'sup)") makes
//     no progress in prose and is dropped together with its peeled suffixes;
//     so it is here (its bytes get no token).
//
// # Invariants
//
//   - Tokens are non-empty, in input order, non-overlapping, and
//     input[Start:End] == Text.
//   - Never panics on any input; output depends only on the input.
//   - AppendTokens allocates only when dst must grow or a chunk contains a
//     character prose rewrites.
package tokenize
