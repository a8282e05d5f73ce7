#!/usr/bin/python3
"""totable.py PROVISIONS_CSV TABLE_CSV: a provisions table (doc_id, provision_id, text,
instrument, version) from a run's provisions.csv, to time `stanceshift run --corpus TABLE_CSV`
on the same provisions as the folder of drafts the run read (BENCHMARKS.md, tables)."""
import csv
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, newline="", encoding="utf-8") as f, open(dst, "w", newline="", encoding="utf-8") as g:
        w = csv.writer(g)  # Python's default dialect: CRLF line ends, as a spreadsheet exports
        w.writerow(["doc_id", "provision_id", "text", "instrument", "version"])
        n = 0
        for row in csv.DictReader(f):
            w.writerow([row["doc_id"], row["provision_id"], row["text"], row["instrument"], row["version"]])
            n += 1
    print(f"{dst}: {n} provisions")


if __name__ == "__main__":
    main()
