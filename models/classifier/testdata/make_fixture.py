#!/usr/bin/python3
"""Generate sklearn_fixture.json: reference values for the Go tests of package classifier.

Run with Debian's interpreter and packages (python3-sklearn, python3-scipy):

    /usr/bin/python3 models/classifier/testdata/make_fixture.py > models/classifier/testdata/sklearn_fixture.json

Contents:
  fits     : small dense-ish datasets (60 x 15, 3 classes, fixed seed) with scikit-learn's
             LogisticRegression(multi_class="multinomial", solver="lbfgs") coef_, intercept_ and
             predict_proba, fitted to a tight tolerance so that the optimum, not the stopping rule,
             is compared (sk_fits warm-started fits, see fit_case). sk_grad_inf is the infinity norm of the gradient of the objective
             (sum of weighted log-loss + ||W||^2 / (2C)) at sklearn's solution, computed here.
  metrics  : accuracy_score, precision_recall_fscore_support(labels=..., zero_division=0),
             f1_score(average="macro") and confusion_matrix(labels=...) on named cases.
  spearman : scipy.stats.spearmanr on named cases (ties included).
"""
import copy
import json
import sys
import warnings

import numpy as np
import scipy
import sklearn
from scipy.stats import spearmanr
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score,
                             precision_recall_fscore_support)

CLASSES = ["multistakeholder", "neutral", "state_centric"]


def dataset(seed, n=60, p=15, bias=(0.0, 0.0, 0.0)):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    X[rng.random(size=(n, p)) < 0.3] = 0.0  # dense-ish: about 30% zeros
    X = np.round(X, 6)  # short decimals, exactly representable in the JSON
    W = rng.normal(size=(p, 3))
    logits = X @ W + np.array(bias) + rng.gumbel(size=(n, 3))
    y = np.array([CLASSES[k] for k in logits.argmax(axis=1)])
    return X, y


def grad_inf(clf, X, y, C, sw):
    classes = list(clf.classes_)
    Y = np.zeros((len(y), len(classes)))
    for i, lab in enumerate(y):
        Y[i, classes.index(lab)] = 1
    Z = X @ clf.coef_.T + clf.intercept_
    Z -= Z.max(axis=1, keepdims=True)
    P = np.exp(Z)
    P /= P.sum(axis=1, keepdims=True)
    R = (P - Y) * sw[:, None]
    gW = R.T @ X + clf.coef_ / C
    gB = R.sum(axis=0)
    return float(max(np.abs(gW).max(), np.abs(gB).max()))


def fit_case(name, seed, C, class_weight, bias=(0.0, 0.0, 0.0)):
    X, y = dataset(seed, bias=bias)
    # scipy's L-BFGS-B also stops on a relative decrease of 2.2e-9 (ftol, which sklearn 1.2 does
    # not expose), well before gtol = 1e-12. warm_start restarts sklearn's own solver from its
    # previous solution until the gradient is negligible, so the fixture holds the optimum.
    clf = LogisticRegression(multi_class="multinomial", solver="lbfgs", C=C,
                             class_weight=class_weight, tol=1e-12, max_iter=100000,
                             warm_start=True)
    if class_weight == "balanced":
        counts = {c: int((y == c).sum()) for c in np.unique(y)}
        sw = np.array([len(y) / (len(counts) * counts[c]) for c in y])
    else:
        sw = np.ones(len(y))
    fits, best, best_clf = 0, np.inf, None
    with warnings.catch_warnings():
        # restarts close to the optimum may end in a failed line search; that is expected
        warnings.simplefilter("ignore", ConvergenceWarning)
        while fits < 50 and best >= 1e-9:
            clf.fit(X, y)
            fits += 1
            g = grad_inf(clf, X, y, C, sw)
            if g < best:
                best, best_clf = g, copy.deepcopy(clf)
    clf = best_clf  # the restart with the smallest gradient
    return {
        "name": name,
        "C": C,
        "class_weight": class_weight or "none",
        "X": X.tolist(),
        "y": y.tolist(),
        "classes": clf.classes_.tolist(),
        "coef": clf.coef_.tolist(),
        "intercept": clf.intercept_.tolist(),
        "proba": clf.predict_proba(X).tolist(),
        "sk_fits": fits,
        "sk_grad_inf": grad_inf(clf, X, y, C, sw),
    }


def metrics_case(name, gold, pred, labels):
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    return {
        "name": name,
        "gold": gold,
        "pred": pred,
        "labels": labels,
        "accuracy": accuracy_score(gold, pred),
        "macro_f1": f1_score(gold, pred, labels=labels, average="macro", zero_division=0),
        "precision": p.tolist(),
        "recall": r.tolist(),
        "f1": f.tolist(),
        "support": s.tolist(),
        "confusion": confusion_matrix(gold, pred, labels=labels).tolist(),
    }


def spearman_case(name, a, b):
    return {"name": name, "a": a, "b": b, "rho": float(spearmanr(a, b).correlation)}


def main():
    S, M, N = "state_centric", "multistakeholder", "neutral"
    out = {
        "generator": "make_fixture.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__,
                     "sklearn": sklearn.__version__},
        "fits": [
            fit_case("multinomial_C0.5", 20240501, 0.5, None),
            fit_case("balanced_C2_imbalanced", 7, 2.0, "balanced", bias=(1.2, 0.0, -0.6)),
            fit_case("weak_reg_C20", 11, 20.0, None),
        ],
        "metrics": [
            metrics_case("perfect", [S, M, N, S], [S, M, N, S], [M, N, S]),
            metrics_case("class_never_predicted", [S, S, M, M, N, N], [S, S, M, S, M, S], [M, N, S]),
            metrics_case("all_one_prediction", [S, M, N, N, S], [N, N, N, N, N], [M, N, S]),
            metrics_case("class_without_support", [S, S, M, M], [S, M, M, N], [M, N, S]),
            metrics_case("label_outside_classes", [S, M, "other", N], [S, "other", N, N], [M, N, S]),
        ],
        "spearman": [
            spearman_case("perfect_monotone", [1, 2, 3, 4, 5], [10, 20, 30, 40, 1000]),
            spearman_case("reversed", [1, 2, 3, 4], [4, 3, 2, 1]),
            spearman_case("ties_both", [1, 2, 2, 3, 4, 4, 5], [2, 1, 1, 3, 5, 4, 4]),
            spearman_case("ties_mixed_signs", [-0.5, 0.0, 0.0, 0.3, -1.2, 0.3], [0.1, -0.2, 0.4, 0.4, -0.9, 0.2]),
            spearman_case("weak", [0.1, 0.4, 0.2, 0.9, 0.5, 0.3, 0.8], [3, 1, 4, 1, 5, 9, 2]),
        ],
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
