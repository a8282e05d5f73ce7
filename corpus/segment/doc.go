// Package segment turns the text of one document, as extracted from a PDF or a web page, into
// provisions: paragraphs, articles and lettered or numbered items with byte offsets into a
// normalised text.
//
// # Normalisation
//
// Normalize (and Segment, which returns the same text as Result.Text) cleans the raw text:
//   - a UTF-8 BOM is stripped; \r\n, \r and \n end lines (each one raw line for line numbers);
//     form feeds and U+2028/U+2029 also end lines and mark a page boundary; invalid UTF-8 bytes
//     become U+FFFD (one warning); NUL and other C0/C1 control characters except \t and \n
//     are removed (one warning); zero-width spaces are removed; curly quotes become ' and ";
//     U+2010/U+2011 hyphens become "-"; non-breaking and other Unicode spaces become spaces;
//     runs of spaces and tabs collapse to one space and lines are trimmed.
//   - page furniture is dropped: lines holding only UN document symbols (A/69/723,
//     A/RES/70/237, E/CN.4/2005/L.10), job numbers (15-00563 (E) 210911), barcodes
//     (*1500563*) and page numbers (3, - 3 -, Page 3, Page 3 of 12, 3/12); a symbol with a
//     running title beside it; and running titles: a line of at most 100 bytes found three or
//     more times within two text lines of a page boundary (a form feed or a dropped line).
//   - hard-wrapped lines are joined with one space. A word hyphenated across a line end is
//     joined by the rule documented on hyphenDict: evidence from the document first (the
//     joined or hyphenated form used elsewhere), then a list of compound-forming words
//     ("confidence-" + "building" keeps its hyphen), else the halves are joined
//     ("informa-" + "tion" gives "information"). A line ending in a soft hyphen is joined
//     directly.
//   - paragraphs break at blank lines, before a line that starts with a provision marker
//     (unless the previous line ends with a referring word such as "paragraph" or "of"), around
//     a heading line, after a line ending a sentence when the text is not hard-wrapped or the
//     line is shorter than 80% of the wrap width, and after a line longer than 200 bytes that
//     ends a sentence. Blank lines at a page boundary do not break a paragraph whose last line
//     does not end a sentence, or when the next line starts in lower case.
//
// In the normalised text every paragraph (heading or body) is one line and paragraphs are
// separated by exactly one "\n"; there is no trailing newline, no control character other than
// "\n", no run of two spaces and no space at either end of a line.
//
// # Provisions
//
// Markers are recognised at the start of a paragraph (see parseMarker): (a) a) (1) 1) 1. (iv)
// iv) (A) A) A. IV. and Article 5, Art. 5, ARTICLE 5., Article 5 bis, Section 1., Sec. 1.,
// Paragraph 5, § 5. The marker value is recorded without punctuation ("a", "1", "iv", "A",
// "5", "5bis").
//
// Levels: the first word marker ("Article", "Section", ...) sets the top level; without one,
// the first marker does. A marker of another style (kind and punctuation) after a top-level
// provision is a sub-item: it stays in the parent's text and is recorded in SubItems, whose
// End extends over deeper sub-items. Letter/roman ambiguity ("i", "v", "x", "ii") is settled
// by the next marker of the same case and punctuation ("(ii)" next means roman, "(j)" next
// means letter), then by what the sequences in scope expect ("(i)" right after "(h)" is a
// letter; "(i)" inside "(c)" is roman), then a single letter is a letter.
//
// A provision's text starts after its marker, punctuation and spaces. A marker alone on its
// line ("Article 5") takes the following paragraph, which may be its title, as the start of its
// text. A provision's text runs to the end of its last paragraph, sub-item or continuation,
// so it may contain "\n".
//
// Headings (see headingText: short title-like paragraphs without terminal punctuation, annex
// headings, and "A. Introduction"-style lettered titles in documents that number their
// paragraphs otherwise) are not provisions. Unmarked paragraphs before the first marker are
// preamble provisions p1, p2, ... After marked provisions have begun, an unmarked paragraph is
// continuation text of the open marked provision; after a heading it becomes a provision p<n>
// of the current section, and a marker of any style after a heading starts a provision.
// Sections: preamble before the first marked provision, operative after, annex after an
// "Annex"/"Appendix" heading that follows an operative provision; the annex's first marker sets
// its own top level. An "Annex" heading before any marker is only a heading.
//
// IDs are "<docID>:<marker>"; a repeated marker gets "-2", "-3", ... and a warning naming its
// line. A document without marked provisions keeps each non-heading paragraph as a preamble
// provision (all paragraphs if every one looks like a heading) with one warning, which says
// whether markers were found at all (they may all lack text of their own); an empty document gives
// no provision and a warning. Gaps in top-level numbering are warned about. Duplicate-marker
// and numbering-gap warnings are capped at 20 of each kind per document, plus one summary.
//
// # Invariants
//
// For every Result: Text is valid UTF-8; provisions have Ordinal 1..n, unique IDs,
// 0 <= Start < End <= len(Text), Text == Result.Text[Start:End], Start strictly increasing and
// End not after the next Start; sub-items lie inside their parent with Start <= End.
// Segment never panics and is deterministic. It runs in time linear in the input: regular
// expressions are not used, and per-line classifiers look at bounded prefixes.
package segment
