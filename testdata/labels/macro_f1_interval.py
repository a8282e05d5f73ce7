#!/usr/bin/python3
"""Percentile bootstrap interval of macro-F1 from a stanceshift confusion.csv.

    /usr/bin/python3 testdata/labels/macro_f1_interval.py DIR/confusion.csv SPLIT [RESAMPLES] [SEED]

For each model with rows of SPLIT, expands the confusion cells into one (gold, predicted) pair per
provision, draws RESAMPLES (default 10000) samples of the same size with replacement (random.Random
(SEED), default 1), and prints the model, n, macro-F1 of the cells themselves (which must equal
eval.csv's), and the 2.5th and 97.5th percentiles of the resampled macro-F1. Macro-F1 is the
unweighted mean over the three stances of 2tp / (2tp + fp + fn), 0 when a stance is neither gold
nor predicted in a sample (scikit-learn's f1_score(average="macro", zero_division=0)). Standard
library only.
"""
import csv
import random
import sys

STANCES = ("state_centric", "multistakeholder", "neutral")


def macro_f1(pairs):
    f = []
    for s in STANCES:
        tp = sum(1 for g, p in pairs if g == s and p == s)
        fp = sum(1 for g, p in pairs if g != s and p == s)
        fn = sum(1 for g, p in pairs if g == s and p != s)
        d = 2 * tp + fp + fn
        f.append(2 * tp / d if d else 0.0)
    return sum(f) / len(f)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    path, split = sys.argv[1], sys.argv[2]
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    cells = {}
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh):
            if row["split"] == split:
                cells.setdefault(row["model"], []).extend([(row["gold"], row["predicted"])] * int(row["n"]))
    if not cells:
        sys.exit(f"{path}: no row of split {split!r}")
    print("model\tn\tmacro_f1\tci_low\tci_high")
    for model in sorted(cells):
        pairs = cells[model]
        rng = random.Random(seed)
        stats = sorted(macro_f1(rng.choices(pairs, k=len(pairs))) for _ in range(reps))
        lo, hi = stats[int(0.025 * reps)], stats[int(0.975 * reps) - 1]
        print(f"{model}\t{len(pairs)}\t{macro_f1(pairs):.4f}\t{lo:.4f}\t{hi:.4f}")


if __name__ == "__main__":
    main()
