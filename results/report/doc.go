// Package report builds the tracked-changes report, report.html, and its charts from the CSV
// reports that `stanceshift run` writes, so `stanceshift report --out DIR` can rebuild them from
// existing CSV files without rerunning the pipeline.
//
// Build reads the CSV files of one output folder as encoding/csv reads them (csvReader, checked
// against encoding/csv by FuzzCSVReader). documents.csv and provisions.csv are required;
// alignment.csv, entities.csv, keyphrases.csv, keyphrase_changes.csv, stance.csv,
// document_scores.csv, shifts.csv, concept_mentions.csv, concept_changes.csv and reuse.csv are
// optional: a missing file leaves out its section or
// feature. A header must contain the documented columns (by name, in any order; extra columns are
// ignored); a malformed file is an error naming the file and line ("report: stance.csv: line 7:
// column score: "x" is not a finite number").
//
// A split report is built in a stream (WriteWith): stanceshift writes the per-instrument reports
// in instrument order (documents.csv order, every instrument's rows together), so after a first
// pass that keeps documents.csv, document_scores.csv, reuse.csv, each provision id's instrument
// and the page-wide filter lists, the files are read side by side one instrument at a time and
// each instrument's page and charts are written before the next instrument is read; memory does
// not grow with the corpus. Files in another order (edited by hand, say) are read whole instead,
// with the same result. Build and BuildWith always read the whole files.
//
// report.html is one self-contained file: inline CSS, one inline script, charts inline as
// base64 SVG data URIs; no network requests, no external fonts. Above MaxInstrumentsOnePage
// instruments (or with Options.Pages = PagesSplit) it is an index, and each instrument has a page
// of the same kind, instruments/PageFile(name), linked to its siblings. Per instrument it shows the
// versions on a timeline (with document scores), each version pair's concept and key-phrase
// changes, and every alignment row as tracked changes: the wdiff `diff` column parsed by
// ParseDiff into <del> and <ins> (struck through and underlined, so it survives greyscale), with
// the status, similarity, stance scores and direction of shift, evidence terms, entities,
// concepts and reuse passages marked on the text. An unchanged row whose earlier provision a row
// above shows as it is, with the same text, annotations and stance rows on both sides, keeps its
// head, concepts and reuse lines and links to that row instead of showing the text and stance
// table again (markRepeats): on the 10MB bench corpus, 8,706 of 27,066 rows and a fifth of the
// instrument pages' bytes. Provisions that no alignment row mentions
// (single-version instruments) are shown as plain annotated text. Filters by status, direction
// and concept toggle a class with plain JavaScript; without JavaScript the filter form stays
// hidden and everything is visible; printed, the filters are hidden and every section shown.
//
// Invariants:
//   - All document text is untrusted. The page is rendered by html/template, so every value is
//     escaped for its context; the only values marked trusted are the report's own script and
//     CSS, the chart data URIs (gonum/plot SVG, which escapes its text, loaded as <img>, which
//     cannot run script) and "#prov-..." fragments made of [A-Za-z0-9._:@~-] only. A Content
//     Security Policy allows just the report's script (by hash) and data: images.
//   - Every provision in provisions.csv has exactly one element with id Anchor(id)
//     ("prov-" + the id, bytes outside [A-Za-z0-9._:@-] as "~XX"), at its first appearance, so
//     report.html#prov-sco-code-2015:8 can be cited.
//   - Output is deterministic: the same CSV files give byte-identical report.html, SVG and PNG
//     (no map iteration reaches the output; charts are rendered by gonum/plot, which is
//     deterministic, and the grey charts' PNGs compressed by klauspost/compress's deflate, whose
//     output depends only on its input and level).
//   - Annotation offsets are byte offsets into the provision text (entities, concept mentions,
//     reuse passages); offsets outside the text or inside a UTF-8 sequence are dropped and counted
//     in the Notes section, as are annotations and stance rows naming a provision provisions.csv
//     does not have (Options.Note hands the notes to the caller: the CLI prints them as
//     warnings). Annotations are mapped onto the diff by matching its non-space bytes
//     to the earlier and later texts in order; a diff that does not spell its texts keeps its
//     tracked changes and shows the annotated texts below it instead.
//   - Evidence terms ("term:contribution") are found case-insensitively at word starts; "x*" is a
//     prefix glob; a single word with no whole-word match is taken as a stem ("govern" marks
//     "governance").
//   - Files are written atomically, together: every page and chart of a build goes into one
//     results.Batch (synced in the background as it is written) and they are renamed into place
//     at the end, so an error or a cancellation leaves the earlier report as it was. Then .svg
//     and .png files in DIR/charts that the current report did not write are removed (and
//     instrument pages it did not write).
//
// Charts (gonum/plot; PNG and SVG in DIR/charts, or SVG only with Options.NoPNG; SVG inline; the
// PNGs, 8-bit grey paletted, written by writePalettedPNG with klauspost/compress's deflate (the stream of its zlib) and
// decoding to exactly image/png's pixels): per instrument, each aligned
// pair's stance in the earlier and later version as a dumbbell ordered by shift, one per model
// (shift-<instrument>-<model>; without shifts.csv, the similarity of each pair as bars,
// similarity-<instrument>); per instrument, the document score per version over time with
// confidence intervals (docscore-<instrument>; without document_scores.csv, provisions per
// version, provisions-<instrument>); and a heat map of concept mentions by document (concepts;
// without concept_mentions.csv, key-phrase occurrences, keyphrases), over at most
// MaxHeatMapDocuments documents: above that, the instruments whose mentions changed most
// (limitPresence), named in the title. Series differ by glyph and
// dash, heat maps are grey with the count printed in each cell, so charts survive greyscale.
package report
