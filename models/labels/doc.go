// Package labels reads, checks, splits and summarises hand-labelled provisions: the regression
// sets researchers keep beside their dictionaries and models (see DOMAIN.md, "Who uses it").
//
// # File format
//
// A labels file is CSV (RFC 4180) with a header row, UTF-8 with an optional byte-order mark.
// Columns are matched by name, case-insensitively, in any order:
//
//	provision_id  required  "<doc_id>:<marker>", as in the provisions table and every report
//	stance        required  state_centric | multistakeholder | neutral (models.StateCentric, ...)
//	score         optional  gold position in [-1, 1], positive = state-centric; empty = none
//	concepts      optional  concept ids separated by ';' (e.g. "sovereignty;multistakeholder")
//	split         optional  train | validation | test | heldout | empty
//
// Other columns (notes, annotator, ...) are ignored. The committed evaluation set lives in
// testdata/labels/ (governance.csv holds the provision texts, governance_labels.csv the labels);
// its README documents how it was written and how its split was drawn.
//
// The supplementary training set (supplement.csv, supplement_labels.csv, every label train) is a
// separate pair of files; TestSupplement checks it, including that no supplementary provision
// near-duplicates a committed one. The validation set (validation.csv, validation_labels.csv,
// every label validation) is a third pair, written later by another hand for tuning decisions;
// TestValidation checks it the same way.
//
// # Several files
//
// Merge joins label sets read from several files, and ReadFiles reads and merges them: a
// provision labelled in two files is an error naming both files and lines (wrapping
// corpus.ErrDuplicate), never a silent choice between two gold labels. Each label keeps its own
// split, so a train-only file adds training data without moving the test split.
//
// # Errors and warnings
//
// Read rejects anything that would make an evaluation wrong: a missing or repeated header
// column, a ragged row, malformed CSV quoting, an empty or malformed provision id, a repeated
// provision id, an unknown stance, a score that is not a finite number in [-1, 1], a malformed or
// repeated concept id, an unknown split value, a file with no labels. It reports every such
// problem (up to MaxErrors), each as an *Error with the file name and line, joined into one error,
// and then returns no labels: a half-read gold set is never used.
//
// Concept ids are open. Users track concepts of their own, so an id outside ConceptIDs is
// accepted by Read; Check reports it as a warning together with other likely slips that are not
// fatal (a score whose sign disagrees with the stance, a split column filled for some rows only).
//
// # Split
//
// AssignSplits draws a stratified train/test split by a fixed rule that looks only at provision
// ids and stances, never at model output: within each stance, order the labels by SplitKey
// (FNV-1a 64 of the id) and hold out the first round(fraction·n). The committed set's split is
// this rule with DefaultTestFraction, and its test checks that the file still agrees with it.
//
// Split validation is never drawn by the rule: it marks a separately written set held out for
// tuning. Trains says which splits are training data while models are compared (train, and
// labels without a split): test and validation labels are not trained on, so validation judges
// models that never saw it. TrainsFinal adds validation: the data a final model is refitted on
// once the choices are made (eval's model for the test split, run's model); test labels are never
// trained on. Split heldout is a second held-out set written apart from the first, after the
// models were tuned (testdata/labels/HELDOUT.md): HeldOut is true for it as for test, so nothing
// trains on it, and eval reports it as its own split.
//
// # Agreement
//
// Agree compares two label sets of the same provisions, a reference A and a second annotator B,
// on the provisions both label (counting the others): observed agreement, Cohen's kappa
// (unweighted), Cohen's kappa with linear weights on StanceOrder (multistakeholder < neutral <
// state_centric), Krippendorff's alpha (nominal), B's per-stance precision, recall and F1 and
// macro-F1 against A (as eval scores a model, so the numbers compare), the Spearman correlation of
// the scores, the confusion matrix and the list of differences. Statistics that are undefined
// (kappa when both use one stance only) are NaN; no shared provision is an error wrapping
// ErrNoOverlap. AgreeSplits does it per split. The committed second labellings of the test split
// (annotator2_test_labels.csv) and of the heldout set (annotator2_heldout_labels.csv), and their
// agreement with the gold labels, are checked by TestSecondAnnotator against the labels README.
//
// # Invariants
//
//   - Read returns labels in file order, with Line strictly increasing, ids unique, stance one of
//     Stances, Score nil or in [-1, 1], Concepts without duplicates, Split "" or one of Splits;
//     or it returns nil and a non-nil error. It never panics on any input (FuzzRead).
//   - Read(Write(ls)) == ls apart from Line.
//   - AssignSplits, Summarize and Agree are deterministic and independent of input order and map
//     order.
package labels
