// Package sentence splits text into sentences, tuned for legal and diplomatic drafting:
// treaties, UN resolutions and codes of conduct.
//
// Split and AppendSplit return byte spans into the input, so every sentence can be traced
// back to the text that produced it:
//
//	for _, sp := range sentence.Split(text) {
//		fmt.Println(text[sp.Start:sp.End])
//	}
//
// # Rules
//
// A sentence ends at ".", "?", "!" or an ellipsis, optionally followed by closing quotes
// and brackets, when whitespace follows and the next token does not continue the sentence:
//
//   - a lowercase word continues it ("etc. are", "'This is great.' she said");
//   - after a title or Latin connective (Mr., Dr., Mt., v., vs., e.g., i.e., cf., viz.) the
//     sentence never ends;
//   - after a reference prefix (art., arts., para., paras., No., Nos., p., pp., Res., Doc.,
//     Vol., ch., sec., n°) a number, a document symbol ("A/RES/70/237"), a Roman numeral, a
//     lettered item or another prefix continues it ("Doc. No. 12"), any other capitalised
//     word ends it;
//   - after an ambiguous abbreviation (Co., etc., Jr., St., single initials, initialisms such
//     as U.S., U.N., E.U.) only a frequent sentence starter ends it ("U.S. How", "U.N.
//     Decides") and a name does not ("U.S. Government", "J. Smith");
//   - "..." or "…" ends a sentence before a capital; ". . ." and "[...]" never do; four
//     dots end one before a capital, and "word. . . . Next" ends after "word." as in the
//     pragmatic segmenter's golden rules;
//   - a period without whitespace after it never ends a sentence ("3.5", "1.2.3",
//     "U.S.A.", "Jr.'s", "A/70/174/Rev.1", e-mail addresses and URLs), nor does one
//     followed only by no-break spaces ("p.\u00a055");
//   - a citation in parentheses after a closing quotation stays with it;
//   - a blank line (or U+2029) always ends a sentence; a single newline is ordinary space.
//
// List structure is read from markers ("1.", "a)", "(iv)", "2.)") and bullets ("•", "⁃",
// and "-", "*", "–" at the start of a line). A marker's own period never ends a sentence.
// An item opens a new sentence when it starts a line after text that does not lead into it
// (a line ending in ":", ";", ",", "and" or "or" leads into it, so a provision enumerating
// "(a) ...; (b) ...; and (c) ..." over several lines stays one sentence); when it is an
// inline bullet; when it is the next item of the list that opened the current sentence
// ("a. The first item b. The second item"); or when it is a "2.)" marker. Inline items
// after ":" or ";" stay in the sentence. A line holding only a heading ("Article 5",
// "ANNEX", "Chapter IV") is a sentence of its own.
//
// # Invariants
//
// The output spans are in order and do not overlap; each is non-empty, starts and ends on
// a non-space rune (unicode.IsSpace), and every byte of the input that is not part of a
// whitespace rune lies in exactly one span. Invalid UTF-8 is treated as non-space bytes.
// Output depends only on the input (no maps are iterated). Split never panics.
//
// # Cost
//
// One left-to-right pass with bounded look-ahead (at most a few dozen bytes per token), so
// time is linear in the input; no regular expressions. AppendSplit allocates only to grow
// dst: reusing dst across calls makes it allocation-free. Abbreviation tables are fixed
// package-level maps read without allocation.
package sentence
