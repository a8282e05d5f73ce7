// Package defaultcorpus embeds the corpus stanceshift reads when it is given no input: the
// Shanghai Cooperation Organization's draft International Code of Conduct for Information
// Security in its 2011 (A/66/359) and 2015 (A/69/723) versions, with reference texts for the
// stance axis: WCIT-12 Resolution 3 (state-centric), the 2013 report of the UN Group of
// Governmental Experts (A/68/98, the applicability of international law), and described
// paraphrases of the Tunis Agenda (2005) and the NETmundial statement (2014)
// (multistakeholder).
//
// The official texts are not shipped. The corpus is built from one published commentary (a
// copy is in testdata/seed/justsecurity-sco-code-2015.txt at the module root) and from the
// project's domain notes. PROVENANCE.md gives, provision by provision, the sentence that
// supports it.
//
// Layout. FS returns a file system with the manifest corpus.yaml at its root and one text per
// document under texts/. Each text is laid out the way text extracted from a UN or ITU PDF
// looks: a header block (symbol, "Distr.: General", date, session, agenda item), a covering
// letter, an "Annex" heading and a title, unmarked preamble paragraphs, operative paragraphs
// whose marker ("(b)", "8.", "E.") begins a line, lines hard-wrapped at no more than 92 columns with
// words hyphenated across line ends, page footers carrying a job number and a page number,
// and the symbol as a running header on later pages. Some files separate pages with form
// feeds and one uses CRLF line endings, so a segmenter reading the corpus meets these cases.
// Job numbers, agenda-item numbers and page breaks are illustrative layout, not copied from
// the official documents.
//
// Invariants, checked by the package tests:
//   - every document in corpus.yaml has a unique id, a valid date and a text present in FS,
//     and every file under texts/ is named by the manifest;
//   - a provision listed under a document's "quoted" key is, after joining hard-wrapped lines,
//     removing line-end hyphenation and page furniture, and normalising quotes and spaces, a
//     verbatim substring of the seed commentary;
//   - every phrase set in curly quotation marks inside a paraphrased provision is likewise a
//     verbatim substring of the seed, so quotation marks always mean "the commentary's words";
//   - each text has exactly the operative markers PROVENANCE.md accounts for, no line wider
//     than 95 columns, and no straight double quotes;
//   - a priori positions are given only to reference documents: +1.0 (WCIT Resolution 3) and
//     -1.0 (Tunis Agenda, NETmundial); they are the corpus author's placements.
package defaultcorpus
