#!/usr/bin/env python3
# replicate.py SRC DST N: N copies of a stanceshift results folder's CSVs, copy k's instrument,
# document and provision ids prefixed "c<k>-", copies one after the other (so the files stay
# grouped by instrument), other files copied as they are. Used to check that `stanceshift report`
# grows linearly with the number of instruments (BENCHMARKS.md): time it on SRC, then on DST.
# Like results/report's manyInstruments test helper, on a whole run's output.
import csv, os, sys, re
csv.field_size_limit(1 << 30)
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
cols = {
 "documents.csv": ["doc_id", "instrument"],
 "provisions.csv": ["provision_id", "doc_id", "instrument"],
 "alignment.csv": ["instrument", "from_doc", "to_doc", "from_provision", "to_provision"],
 "entities.csv": ["provision_id", "doc_id"],
 "keyphrases.csv": ["scope_id"],
 "keyphrase_changes.csv": ["instrument"],
 "stance.csv": ["provision_id", "doc_id"],
 "document_scores.csv": ["doc_id", "instrument"],
 "shifts.csv": ["instrument", "from_provision", "to_provision"],
 "concept_mentions.csv": ["provision_id", "doc_id"],
 "concept_changes.csv": ["instrument", "from_provisions", "to_provisions"],
 "reuse.csv": ["source_provision", "target_provision", "source_doc", "target_doc"],
 "summary.csv": ["instrument"],
}
tok = re.compile(r"[^ ;,]+")
os.makedirs(dst, exist_ok=True)
for name in os.listdir(src):
    if not name.endswith(".csv"):
        continue
    if name not in cols:
        with open(os.path.join(src, name), "rb") as f, open(os.path.join(dst, name), "wb") as g:
            g.write(f.read())
        continue
    with open(os.path.join(dst, name), "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        for k in range(1, n + 1):
            p = "c%d-" % k
            with open(os.path.join(src, name), newline="") as f:
                r = csv.reader(f)
                hdr = next(r)
                if k == 1:
                    w.writerow(hdr)
                idx = [hdr.index(c) for c in cols[name] if c in hdr]
                for row in r:
                    for i in idx:
                        if row[i]:
                            row[i] = tok.sub(lambda m: p + m.group(0), row[i])
                    w.writerow(row)
