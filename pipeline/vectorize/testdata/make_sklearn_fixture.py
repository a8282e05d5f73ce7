#!/usr/bin/python3
"""Regenerate the scikit-learn TF-IDF fixtures for package pipeline/vectorize.

Run with Debian's interpreter (apt-get install -y python3-sklearn), from this directory:

    /usr/bin/python3 make_sklearn_fixture.py

Input: docs.txt, one already-tokenised provision per line, tokens separated by single spaces
(an empty line is an empty provision). Output: one JSON file per configuration below, holding
the sklearn version, the parameters, the vocabulary (column order), the idf and the dense
TF-IDF matrix. The Go test TestSklearnFixtures reads the same docs.txt, runs the package with
the matching Options and compares every value to 1e-12.
"""
import json
import os

import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

HERE = os.path.dirname(os.path.abspath(__file__))

STOP = ["the", "of", "and", "in", "a", "to", "is", "be", "its", "with", "for", "that", "an", "all"]

# name -> TfidfVectorizer keyword arguments beyond the shared ones. Keys mirror Options.
CONFIGS = {
    "sklearn_default": {},
    "sklearn_sublinear_bigram": {"sublinear_tf": True, "smooth_idf": False, "ngram_range": (1, 2)},
    "sklearn_stop_prune_l1": {"stop_words": STOP, "ngram_range": (1, 2), "min_df": 2, "max_df": 0.5, "norm": "l1"},
    "sklearn_sublinear_nonorm": {"sublinear_tf": True, "norm": None},
}


def main():
    with open(os.path.join(HERE, "docs.txt"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for name, extra in CONFIGS.items():
        kw = dict(lowercase=True, tokenizer=str.split, token_pattern=None, preprocessor=None)
        kw.update(extra)
        vec = TfidfVectorizer(**kw)
        x = vec.fit_transform(lines)
        params = vec.get_params()
        out = {
            "sklearn_version": sklearn.__version__,
            "params": {
                "lowercase": params["lowercase"],
                "stop_words": sorted(params["stop_words"]) if params["stop_words"] else [],
                "ngram_range": list(params["ngram_range"]),
                "min_df": params["min_df"],
                "max_df": float(params["max_df"]),
                "smooth_idf": params["smooth_idf"],
                "sublinear_tf": params["sublinear_tf"],
                "norm": params["norm"] if params["norm"] else "none",
            },
            "n_docs": len(lines),
            "vocabulary": [str(t) for t in vec.get_feature_names_out()],
            "idf": [float(v) for v in vec.idf_],
            "matrix": [[float(v) for v in row] for row in x.toarray()],
        }
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1, sort_keys=True)
            f.write("\n")
        print(name, x.shape, x.nnz)


if __name__ == "__main__":
    main()
