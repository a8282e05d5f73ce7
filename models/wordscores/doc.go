// Package wordscores implements Wordscores (Laver, Benoit and Garry 2003, "Estimating Policy
// Positions from Political Text using Words as Data", APSR 97(2)) as quanteda.textmodels'
// textmodel_wordscores and predict(..., se.fit = TRUE, interval = "confidence",
// rescaling = "lbg"|"mv") compute it, on plain feature counts.
//
// # Fitting
//
// Fit takes reference texts r with a priori positions A_r. With F_wr the relative frequency of word
// w in reference r (after adding FitOptions.Smooth to every count of the feature space),
//
//	P(r|w) = F_wr / Σ_r F_wr        S_w = Σ_r P(r|w) A_r
//
// A feature absent from every reference (Σ_r F_wr = 0, only possible without smoothing) has no
// score. The feature space is the union of the features the references name (a zero count still
// names a feature, as a dfm column does) plus FitOptions.Vocabulary; with Smooth = 0 the space only
// decides which features exist, with Smooth > 0 it also sets every reference's smoothed total.
//
// # Prediction
//
// Predict keeps the features of a text that have a word score; the others are dropped and counted
// (Score.NDropped). With N_v the total count of scored features and F_wv = count/N_v,
//
//	S_v = Σ_w F_wv S_w     V_v = Σ_w F_wv (S_w − S_v)²     SE = sqrt(V_v / N_v)
//
// and the interval is S_v ± z·SE, z the standard normal quantile at 1 − (1 − Level)/2. A text with
// no scored feature gets NaN for every score (quanteda reports 0 there, which looks like a
// position). Evidence lists the contributions F_wv·S_w, which sum to S_v.
//
// # Rescaling
//
// MV (Martin and Vanberg 2008): S*_v = (S_v − S_R1)(A_R2 − A_R1)/(S_R2 − S_R1) + A_R1, with R1 and R2
// the references of lowest and highest position (the first in model order on ties) and S_R their
// raw scores, stored in Model.RefRaw at fit time so that prediction does not need the references.
//
// LBG: S*_v = (S_v − m)(SD_r/SD_v) + m, with SD_r the sample standard deviation of the reference
// positions and m, SD_v the mean and sample standard deviation (n − 1, as R's sd) of the raw scores
// of a pool of texts. The default pool is quanteda's (issue #816): every scored text, that is the
// texts passed to Predict plus each reference not among them (identified by ID, so passing the
// references too does not count them twice); this reproduces quanteda's printed values whether or
// not the references are passed. PredictOptions.LBGVirginOnly selects the paper's pool: the texts
// passed to Predict whose IDs are not reference IDs. Texts with no scored feature are left out of
// the pool; fewer than two pooled texts, or no spread, is an error.
//
// Rescaled intervals are the rescaled endpoints of the raw interval (as quanteda). Rescaled
// standard errors are SE times the absolute slope of the map; quanteda's se.fit for MV is the same,
// but for LBG it applies the location shift to the SE as well, which we do not copy.
//
// # Invariants
//
//   - Deterministic: features are visited in sorted order, references and texts in input order,
//     Evidence is sorted by |Contribution| descending then Feature, and Save writes map keys sorted,
//     so equal inputs give bit-identical outputs and files.
//   - A Model from Fit or Load is validated (≥ 2 unique non-empty reference IDs, finite and not all
//     equal positions, matching lengths, finite word scores and raw scores, Smooth ≥ 0); Predict
//     never panics on any counts, and invalid inputs (negative or non-finite counts, duplicate or
//     empty IDs, unknown rescaling, Level outside (0, 1)) are errors.
//   - Errors start with "wordscores: " and the operation (fit, predict, save, load).
//   - Only the linear scale of LBG (2003) is implemented, not quanteda's scale = "logit".
package wordscores
