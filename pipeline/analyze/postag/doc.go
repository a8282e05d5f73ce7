// Package postag is a fast, deterministic re-implementation of prose's
// (github.com/jdkato/prose/v2 v2.0.0) averaged-perceptron part-of-speech
// tagger, using prose's own model and giving its Penn Treebank tags.
//
// # Model and layout
//
// Default decodes prose's assets (AssetClasses, AssetTags, AssetWeights;
// see prose.AssetNames) once per process. It reads the weights' gob stream
// straight into the layout (load.go) instead of through encoding/gob's
// nested maps, and falls back to encoding/gob and New for any stream not in
// the exact format prose v2.0.0 ships; both paths build the same Tagger.
// New re-lays the model out for
// lookup: every feature row becomes a span of float64 weights in one flat
// array, its class indexes (a byte each) in the slots right before it, so
// that a row is one run of memory; feature strings are never built at tag
// time.
// Each feature template has its own table: word templates share one map from
// normalized word to its five word rows, suffix templates one map from suffix
// to rows, "i pref1" is a 256-entry array, and the history-only rows (bias,
// "i-1 tag", "i-2 tag", "i tag+i-2 tag") are pre-summed into one dense
// vector per (p1, p2) tag pair; a word's "i-1 tag+i word" rows are a short
// list by previous tag, reached from its word rows. A raw-word map caches, for every dictionary
// word and every lower-case vocabulary word, its context lookups and its
// rule or dictionary tag.
//
// # Behaviour kept from prose
//
// For each word, in order: "-" is tagged "-"; prose's emoticons SYM; words
// matching commonregex's link or e-mail pattern, or starting with "@", NN;
// traces ("0", "*", "*T*-1", ...) -NONE-; words like "-LRB-" themselves; then
// prose's tag dictionary; otherwise the perceptron over prose's 14 featurize
// features with prose's normalize (!HYPHEN, !YEAR, !DIGITS, lower case),
// -START-/-START2- and -END-/-END2- context, and the previous two tags as
// history. Only classes that some active feature has a weight for compete
// (prose's sparse score map); if none has, the tag is "" as in prose.
//
// # Invariants
//
//   - len(Tag(words)) == len(words); Tag never panics, including on empty
//     words (prose panics there; we omit the "i pref1" feature) and on
//     arbitrary bytes.
//   - Deterministic: scores are summed in a fixed order (the pre-summed
//     history vector, then "i suffix", "i pref1", "i word",
//     "i-1 tag+i word", "i-1 word", "i-1 suffix", "i-2 word", "i+1 word",
//     "i+1 suffix", "i+2 word", each row in class order), and among equal
//     scores the class listed first in prose's classes.gob wins (Classes()
//     returns that order). prose sums and breaks ties in map order, so it is
//     itself non-deterministic on ties; those are the only tokens where the
//     two may differ, and the parity test checks every difference is one.
//     TestExactReference and FuzzTag compare every tag with a plain-map
//     transcription that sums in this same order (refModel.tagExact): no
//     difference is allowed there.
//   - A *Tagger is immutable after New; all methods are safe for concurrent
//     use (per-call scratch comes from a sync.Pool). AppendTags allocates
//     nothing when dst has room (but for new scratch buffers and caches).
//   - AppendTagsCached memoises per word, in a caller's Words, what the
//     tagger looks up of it (context rows; the tag a rule or the dictionary
//     fixes): the pipeline keeps one per instrument, whose versions repeat
//     their words. AppendTagsNumbered memoises by the numbers a caller gave
//     the words (in a slice, without hashing the word); the pipeline's
//     analysis numbers the tokens anyway. The tags are AppendTags'
//     (TestExactReference, FuzzTag, TestAppendTagsNumbered).
//   - Prediction caches (one per call running at once, kept by the Tagger,
//     at most 16 of 1 MiB) remember the class of recent predictions by the
//     tag history and the ten feature rows (predKey): a repeated phrase in
//     the same context skips the summation and gets the same class.
//     A memo above it, of the tags themselves by the numbers of words i-2 ..
//     i+2 and the two previous tags, following a repeated run one number a
//     word, was measured and left out: on the 10MB bench corpus it served
//     50.4% of the second pass's tagged words (a memo by whole sentence,
//     16.0%; the default corpus, 3.9% and 0%), but those are the words whose
//     predictions the cache already serves cheaply, and its own lookups cost
//     as much (instructions +0.05%, 2MB; appendTags' CPU samples up 0.2 s,
//     10MB profile).
//
// # A prose bug this package avoids
//
// prose's tokenizer caches the *Token slice of each whitespace-delimited
// chunk and appends the same pointers for every repeat, so
// prose.NewDocument reports for every occurrence of a repeated chunk the tag
// computed at its last occurrence (17,374 of 26,308 tokens in the test
// corpus). This package's tags are per position.
package postag
