"""Baseline for bench/run.sh: scikit-learn's TfidfVectorizer() with its defaults on the same
provision texts stanceshift extracts (provisions.txt: one provision per line).

Usage: /usr/bin/python3 bench/sklearn_tfidf.py CORPUS_DIR/provisions.txt

Prints one JSON line: rows, terms, non-zeros, and the seconds spent in fit_transform alone (the
process wall time, measured outside by /usr/bin/time, also counts interpreter start-up and the
sklearn import).
"""
import json
import sys
import time

t0 = time.perf_counter()
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

t1 = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as f:
    X = TfidfVectorizer().fit_transform(f)
t2 = time.perf_counter()
print(json.dumps({"rows": X.shape[0], "terms": X.shape[1], "nnz": int(X.nnz),
                  "import_seconds": round(t1 - t0, 3), "fit_transform_seconds": round(t2 - t1, 3)}))
