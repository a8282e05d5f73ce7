// Package classifier is the supervised stance model: multinomial logistic regression with L2
// regularisation over sparse features, with stratified k-fold cross-validation and
// temperature-calibrated probabilities, for the three stance classes state_centric,
// multistakeholder and neutral (any two or more non-empty labels work).
//
// # Model and objective
//
// Features are sparse vectors (Vec) of dimension dim built by the caller (TF-IDF weights,
// dictionary hits, ...) through a Featurizer; the package never tokenises. With classes sorted
// (as scikit-learn's classes_), logits z_k = W_k·x + B_k and p = softmax(z), Train minimises
// scikit-learn's LogisticRegression(multi_class="multinomial", solver="lbfgs", C) objective
//
//	Σ_i w_i · (−log p_{y_i}(x_i)) + ||W||² / (2C)        (intercepts B not penalised)
//
// with w_i = 1, or n/(K·n_{y_i}) for ClassWeight "balanced" (scikit-learn's class_weight). It uses
// gonum's L-BFGS on the objective divided by Σ_i w_i (same minimiser, better scaled), analytic
// gradient, from zero, stopping when the gradient's infinity norm is below Options.Tol or after
// MaxIter iterations. Because the penalty is symmetric and the start is zero, Σ_k W_kj = 0 at the
// optimum; the intercepts, identified only up to a common shift, are centred to Σ_k B_k = 0.
// testdata/make_fixture.py writes scikit-learn's coef_, intercept_ and predict_proba on three
// datasets; the tests match them to 1e-4 and 1e-5 (measured differences are below 5e-6).
// FitInfo records the iterations, final gradient norm and gonum's status: a line search that
// cannot improve an already tiny gradient is not an error, and Converged tells whether Tol was met.
//
// # Cross-validation and calibration
//
// CrossValidate deals the rows of each class (shuffled by a PCG seeded with Options.Seed and the
// class index) round-robin into Folds stratified folds, fits one model per fold on the others
// (folds run in parallel; each writes only its own rows, so results do not depend on scheduling)
// and reports out-of-fold accuracy, macro-F1, per-class precision/recall/F1, the confusion matrix
// and the expected calibration error (ECE: 10 equal-width confidence bins, Σ_b n_b/N·|acc_b −
// conf_b|). Every class needs at least Folds rows.
//
// Select chooses among candidate Options (a C grid, class weights) by cross-validated macro-F1,
// the first on ties. NestedCrossValidate reports the error of that whole procedure: each outer
// fold runs Select on the other folds' rows only, then fits its choice there, so the held-out rows
// never take part in the choice (reporting the selected candidate's own CrossValidate would).
//
// Temperature scaling (Guo et al. 2017) divides the logits by one T > 0 chosen to minimise the
// out-of-fold negative log-likelihood; the NLL is convex in 1/T, so FitTemperature finds it by
// bisection on the derivative, clamped to [0.01, 100]. ECEBefore is the ECE at T = 1; ECEAfter
// applies to each fold a temperature fitted on the other folds' logits only (cross-fitting), so it
// is not an in-sample number. Train with Calibrate "temperature" (the default) runs this
// cross-validation first and stores the T fitted on all out-of-fold logits, plus both ECEs, in the
// model. T rescales confidence only: the argmax, hence Label, is the same for every T. On
// perfectly separated data the NLL keeps falling as T shrinks and T stops at the 0.01 clamp.
//
// # Scoring
//
// A fitted *Model implements models.Scorer once a featurizer is attached with WithFeaturizer
// (the featurizer is not saved, but for its char n-gram block; a model without one scores every
// text NaN). Score is
// P(state_centric) − P(multistakeholder) in [−1, 1] (a missing class counts as probability 0),
// Label the most probable class, Confidence its probability; SE and CI are NaN. A text with no
// non-zero feature inside [0, Dim) has nothing to score and gets models.NaNScore(). Evidence lists
// up to MaxEvidence features by |x_j·(W_sc,j − W_ms,j)/T|: Contribution is that signed term of the
// calibrated log-odds of state_centric over multistakeholder (not a share of Score, which is not
// linear in it), Count the feature value, Start/End the first run of tokens equal
// (case-insensitively) to the feature name's words, or −1. ScoreDocument averages the provision
// probability vectors (so Score is the mean provision score), with SE = sd/√n of provision scores
// and a 95% normal interval clipped to [−1, 1]; its Evidence averages contributions over
// provisions and is not located.
//
// # Character n-grams
//
// CharNGrams is a block of TF-IDF character n-gram features a featurizer may use: FitCharNGrams
// counts the n-grams of scikit-learn's char_wb analyzer (CharWBGrams: lower-cased text split at
// white space, each word padded with one space, n-grams of MinN..MaxN code points that never cross
// words; 3..5 by default) over the training texts, keeps those in at least MinDF of them (2 by
// default) and weighs them as TfidfVectorizer does (smooth or plain idf, raw or sublinear tf, L2
// rows, Row). testdata/make_charngrams.py prints scikit-learn 1.2.1's n-grams, vocabulary, idf
// and rows for a few sentences; TestCharNGramsSklearn holds them (to 1e-11). The block is part of
// the model's JSON (Model.CharNGrams) when the caller sets it, so a loaded model can rebuild its
// featurizer; models saved without it load as before (testdata/model_v1_before_char_ngrams.json).
//
// # Word bigrams
//
// WordBigrams is a block of TF-IDF word-bigram features built the same way: FitWordBigrams counts
// the pairs of consecutive words of scikit-learn's default word analyzer (SklearnWords: the text
// lower-cased, words the maximal runs of at least two letters, numbers or underscores, i.e. the
// token pattern (?u)\b\w\w+\b; no stop words removed; WordBigramsOf joins each pair with one
// space), keeps those in at least MinDF training texts (2 by default) and weighs them as
// TfidfVectorizer(ngram_range=(2, 2)) does. testdata/make_bigrams.py prints scikit-learn 1.2.1's
// analyzer output, bigrams, idf and rows; TestWordBigramsSklearn holds them. The block is saved as
// Model.WordBigrams; models saved without it load as before
// (testdata/model_v1_char_before_bigrams.json).
//
// Both blocks look their features up in a gramTable (an open-addressing hash table over a 64-bit
// FNV-1a hash of the bytes, the bytes compared on every match) and count a row in pooled
// scratch read back in column order, so Row allocates only its result; FuzzCharNGramsRow and
// FuzzWordBigramsRow hold it bit-identical to a plain reference (the n-grams or bigrams listed,
// found by binary search, weighed by vectorize.WeighColumns).
//
// Metrics and Spearman are the evaluation helpers (scikit-learn's metrics with zero_division=0
// and scipy's spearmanr with average ranks), checked against values computed by the fixture script.
//
// # Invariants
//
//   - Deterministic: fixed fold seeds, sequential sums in a fixed order, sorted classes, evidence
//     sorted by |Contribution| then feature index; equal inputs give bit-identical models, and Save
//     writes the shortest float forms that parse back exactly, so Load gives identical scores.
//   - Train, CrossValidate and Load validate everything (lengths, indices strictly ascending and in
//     range, finite values, at least two classes, options); nothing panics on any input (FuzzTrain).
//   - Errors start with "classifier: " and the operation (train, cross-validate, save, load).
package classifier
