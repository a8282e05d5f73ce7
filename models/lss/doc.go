// Package lss implements Latent Semantic Scaling (Watanabe 2021) as in quanteda's LSX package
// (textmodel_lss with an SVD engine, and its predict method), scoring provisions on the stance
// axis: positive state-centric, negative multistakeholder.
//
// # Method
//
// Fit builds a sentence x term matrix of raw counts (LSX's default weight = "count") over every
// non-empty, lower-cased term, and takes its truncated SVD with k dimensions (LSX's default 300,
// capped by min(sentences, terms) and then by the numerical rank: singular values at most
// max(rows, cols) * 2^-52 * s_1 are dropped). A term's vector is its row of the right singular
// vectors V, unscaled, as current LSX does (embed <- t(svd$v)). Seeds map words or globs ('*',
// '?') to polarities; each pattern that matches corpus terms gets polarity / (number of matched
// patterns on its side), shared equally among its terms, so each side's weights sum to its mean
// |polarity| (±1 with unit seeds). LSX divides by all patterns given on a side, found or not;
// this package divides by the patterns found, so a missing seed does not unbalance the sides.
// Missing patterns are dropped and listed in Model.SeedsMissing. A term's polarity is
// sum_s w_s cos(v_t, v_s) (LSX's get_beta with cosine similarity), computed as v_t/|v_t| dotted
// with the weighted sum of the unit seed vectors; a zero vector has cosine 0. Terms seen fewer
// than Options.MinCount times get no polarity (they still enter the SVD and can be seeds).
// FitNumbered fits the same model on sentences given as numbers into a word list; Fit numbers
// its terms and calls it, so each token is looked up by string once.
//
// Scoring follows LSX's predict: a text's raw score is sum(freq * polarity) / n over its tokens
// that have a polarity, n their number (raised to Options.MinN if smaller, LSX's min_n); its SE
// is sqrt((sum(freq * polarity^2) / n - score^2) / n), undefined for n <= 1. A text with no
// polarity term scores NaN. LSX's predict rescales by default to mean 0 and sd 1 over the texts
// it scores; a Scorer scores one text at a time, so with Options.Rescale the model stores the
// mean and sample SD of the training sentences' raw scores and Score returns z-scores against
// them, while Predict(texts, true) standardises over a batch exactly as LSX does. Labels use a
// neutral band of Options.NeutralBand training SDs (in z units when rescaled). Confidence is a
// proxy: 2*Phi(|score|/SE) - 1, 0 when SE is undefined. Evidence lists the terms with the
// largest |freq * polarity|, located at their first occurrence.
//
// # SVD
//
// TruncatedSVD uses ExactSVD for matrices of at most DefaultExactMaxCells = 250,000 cells and
// RandomizedSVD above. Both work on the Gram matrix of the smaller side (a'a when there are
// fewer terms than sentences, as in every corpus measured so far), so that their dense steps
// grow with min(sentences, terms) and not with the number of sentences. ExactSVD decomposes
// that Gram matrix densely (gonum's EigenSym; gonum's mat.SVD returns a wrong spectrum for one
// of the test matrices). RandomizedSVD is Halko, Martinsson and Tropp (2011), algorithms 4.4
// and 5.3: a Gaussian test matrix from a PCG generator with a fixed seed, oversampling p = 10,
// q = 2 power iterations re-orthonormalised by QR (CholeskyQR2: the Gram matrix's upper triangle
// accumulated in fixed row chunks on the workers, gonum's Cholesky and triangular solves, with
// gonum's Householder QR as the fallback for rank-deficient or ill-conditioned blocks),
// then Rayleigh-Ritz on the basis; the Gram matrix is never formed, G*X is a'(a*X) computed on
// the CSR arrays of a github.com/james-bowman/sparse matrix in fixed chunks of rows.
// github.com/james-bowman/nlp has no randomised SVD: its TruncatedSVD runs gonum's full dense
// SVD on the whole matrix (and panics on failure), which is what this package avoids.
//
// # Invariants
//
//   - Deterministic: no result depends on map order (vocabularies, seeds and evidence are
//     sorted; sums run in term order) or on the number of workers; the same input and seed
//     give bit-identical models on a given platform.
//   - Model.Terms is sorted and unique; Polarities and Frequency are parallel to it; every
//     value is finite; |polarity| <= the sum of |seed weight| (Range for raw scores).
//   - Save/Load round-trips exactly: a loaded model scores bit-identically and re-saves to the
//     same bytes; Load rejects unknown fields, trailing data and inconsistent models.
//   - No input panics (FuzzFit); errors start with "lss: ".
package lss
