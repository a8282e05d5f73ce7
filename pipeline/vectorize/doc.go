// Package vectorize turns tokenised provisions into TF-IDF vectors, computed exactly as
// scikit-learn's TfidfVectorizer does, in two passes shaped for a distributed engine such as
// Apache Beam:
//
//  1. Features (a per-item map): Terms(tokens, opt) lowercases, drops stop words, stems
//     (Porter2, see Stem) and appends bigrams "a b" of the kept words.
//  2. Reduction (a combiner): DFAccumulator counts document frequencies with NewDF (create
//     accumulator), Add (add input), Merge (merge accumulators) and Extract (extract output),
//     which prunes by MinDF/MaxDFRatio and returns the Vocabulary with its idf. DFCombineFn
//     wraps the same four steps in Beam's method names.
//  3. Weighting (a per-item map with the Vocabulary as read-only side input):
//     Vocabulary.Row gives one sparse row; Matrix assembles a sparse.CSR
//     (github.com/james-bowman/sparse) and WriteMatrixMarket writes it for R or scipy.
//
// Formulas (scikit-learn 1.2, checked against fixtures it generated, to 1e-12): idf is
// ln((1+n)/(1+df))+1 with SmoothIDF and ln(n/df)+1 without; a weight is tf*idf, tf being the
// raw count or, with SublinearTF, 1+ln(count); rows are then scaled to unit l2 or l1 norm.
// github.com/james-bowman/nlp's TfidfTransformer uses ln((1+n)/(1+df)) without the +1 and
// never normalises (and its CountVectoriser is slow), so the weighting is implemented here;
// a test pins the exact difference (ours - nlp = tf).
//
// Invariants:
//   - DFAccumulator and Vocabulary hold only exported slices, maps, strings and numbers
//     (plus Vocabulary's unexported lookup map, which is optional and rebuilt by BuildIndex),
//     so a runner can encode them; Merge is associative and commutative.
//   - Vocabulary.Terms is sorted ascending by bytes (= code points, scikit-learn's order) and
//     unique; DF and IDF are parallel to it; N counts every provision added, empty ones too.
//   - Row returns strictly ascending column indices and finite positive values; a provision
//     with no in-vocabulary term is an all-zero row (nil, nil).
//   - Nothing depends on map iteration order; no function panics on any input.
//   - Floats are returned as computed; formatting is the caller's (WriteMatrixMarket uses the
//     shortest representation that round-trips).
//
// Differences from scikit-learn: tokens arrive already split (the fixtures use
// tokenizer=str.split); lowercasing is Go's strings.ToLower (Python's str.lower differs on a
// few special characters such as U+0130); when pruning leaves no term, Extract returns an
// empty Vocabulary where scikit-learn raises an error; max_df is only a ratio.
package vectorize
