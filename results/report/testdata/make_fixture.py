#!/usr/bin/env python3
"""Builds testdata/fixture/ for package results/report.

The core reports (documents, provisions, alignment, entities, keyphrases, keyphrase_changes, terms,
warnings) are copied from a real run on the default corpus:

    go run ./cmd/stanceshift run --out /tmp/report-o
    python3 results/report/testdata/make_fixture.py /tmp/report-o results/report/testdata/fixture

The reports other parts of the project are still building (stance, document_scores, shifts,
concept_mentions, concept_changes, reuse) are SYNTHETIC: plausible hand-set numbers on the real
provision ids, with byte offsets computed from the real provision texts. They exist to exercise
the HTML report, not to state any finding.
"""
import csv, os, shutil, sys

src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
for f in ["documents.csv", "provisions.csv", "alignment.csv", "entities.csv", "keyphrases.csv",
          "keyphrase_changes.csv", "terms.csv", "warnings.csv"]:
    shutil.copy(os.path.join(src, f), os.path.join(dst, f))

provs = {r["provision_id"]: r for r in csv.DictReader(open(os.path.join(src, "provisions.csv"), encoding="utf-8"))}
docs = [r for r in csv.DictReader(open(os.path.join(src, "documents.csv"), encoding="utf-8"))]

def offsets(pid, phrase):
    text = provs[pid]["text"]
    out, i = [], text.lower().find(phrase.lower())
    while i >= 0:
        b = len(text[:i].encode("utf-8"))
        out.append((b, b + len(text[i:i+len(phrase)].encode("utf-8")), text[i:i+len(phrase)]))
        i = text.lower().find(phrase.lower(), i + len(phrase))
    return out

def write(name, header, rows):
    with open(os.path.join(dst, name), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

concepts = [("information_space", "information space"), ("internet_governance", "Internet governance"),
            ("internet_governance", "governance of the Internet"), ("equal_role", "same role"),
            ("equal_role", "equal role"), ("multistakeholder", "all stakeholders"),
            ("private_sector_civil_society", "private sector"), ("private_sector_civil_society", "civil society"),
            ("international_law", "international law"), ("confidence_building", "confidence-building measures"),
            ("human_rights", "seek, receive and impart"), ("information_weapons", "information weapons")]
mentions = []
for pid, p in provs.items():
    found = []
    for cid, phrase in concepts:
        for s, e, m in offsets(pid, phrase):
            found.append((s, e, cid, m))
    for s, e, cid, m in sorted(found):
        mentions.append([pid, p["doc_id"], cid, s, e, m])
write("concept_mentions.csv", ["provision_id", "doc_id", "concept", "start", "end", "matched_text"], mentions)

ev_terms = {"same role": 1.5, "equal responsibilit*": 1.5, "multilateral": 0.8, "information space": 1.0,
            "lead all elements of society": 1.5, "equal role": 1.5, "private sector": -1.0,
            "civil society": -1.0, "all stakeholders": -1.5, "interested parties": -0.4,
            "bottom-up": -1.0, "free flow of information": -1.0}
stance = []
pscore = {}
for pid, p in provs.items():
    ev = []
    for t, w in ev_terms.items():
        if offsets(pid, t.rstrip("*")):
            ev.append((t, w))
    total = sum(w for _, w in ev)
    score = round(total / (sum(abs(w) for _, w in ev) + 1.0), 4)
    label = "neutral" if abs(score) <= 0.25 else ("state_centric" if score > 0 else "multistakeholder")
    evs = ";".join("%s:%s" % (t, w) for t, w in sorted(ev, key=lambda x: (-abs(x[1]), x[0])))
    for model, k in [("dictionary", 1.0), ("wordscores", 0.6)]:
        s = round(score * k, 4)
        pscore[(pid, model)] = s
        stance.append([pid, p["doc_id"], model, s, 0.12, round(s - 0.24, 4), round(s + 0.24, 4), label,
                       round(0.5 + abs(s) / 2, 4), evs if model == "dictionary" else ""])
write("stance.csv", ["provision_id", "doc_id", "model", "score", "se", "ci_low", "ci_high", "label", "confidence", "evidence"], stance)

dscores = []
for d in docs:
    ids = [pid for pid, p in provs.items() if p["doc_id"] == d["doc_id"]]
    for model in ["dictionary", "wordscores"]:
        s = round(sum(pscore[(i, model)] for i in ids) / len(ids), 4)
        dscores.append([d["doc_id"], d["instrument"], d["version"], model, s, 0.08, round(s - 0.16, 4), round(s + 0.16, 4),
                        round(s * 1.3, 4), round(s * 1.1, 4)])
write("document_scores.csv", ["doc_id", "instrument", "version", "model", "score", "se", "ci_low", "ci_high", "rescaled_lbg", "rescaled_mv"], dscores)

shifts = []
for a in csv.DictReader(open(os.path.join(src, "alignment.csv"), encoding="utf-8")):
    f, t = a["from_provision"], a["to_provision"]
    if not f or not t:
        continue
    for model in ["dictionary", "wordscores"]:
        sf, st = pscore[(f, model)], pscore[(t, model)]
        d = round(st - sf, 4)
        direction = "none" if abs(d) < 0.05 else ("toward_state_centric" if d > 0 else "toward_multistakeholder")
        added = "same role;equal responsibilit*" if (t.endswith(":8") and model == "dictionary") else ""
        removed = "lead all elements of society" if (t.endswith(":9") and model == "dictionary") else ""
        shifts.append([a["instrument"], f, t, a["status"], model, sf, st, d, direction, added, removed])
write("shifts.csv", ["instrument", "from_provision", "to_provision", "status", "model", "score_from", "score_to", "delta", "direction", "evidence_added", "evidence_removed"], shifts)

write("concept_changes.csv", ["instrument", "from_version", "to_version", "concept", "change", "from_provisions", "to_provisions"], [
    ["sco-code-of-conduct", "2011", "2015", "equal_role", "added", "", "sco-code-2015:8"],
    ["sco-code-of-conduct", "2011", "2015", "human_rights", "added", "", "sco-code-2015:7"],
    ["sco-code-of-conduct", "2011", "2015", "information_weapons", "dropped", "sco-code-2011:b", ""],
    ["sco-code-of-conduct", "2011", "2015", "information_space", "kept", "sco-code-2011:e", "sco-code-2015:6"],
])

def passage(pid, phrase):
    s, e, m = offsets(pid, phrase)[0]
    return s, e, m
reuse = []
for (sp, tp, sph, tph, score, words) in [
        ("wcit-2012-res3:E", "sco-code-2015:8", "equal role and responsibility for international Internet governance",
         "equal responsibility for, international governance of the Internet", 0.71, 6),
        ("tunis-agenda-2005:35", "netmundial-2014:1", "governments, the private sector, civil society",
         "governments, the private sector, civil society", 0.93, 6)]:
    ss, se, sm = passage(sp, sph)
    ts, te, tm = passage(tp, tph)
    reuse.append([sp, tp, provs[sp]["doc_id"], provs[tp]["doc_id"], score, words, ss, se, ts, te, sm, tm])
write("reuse.csv", ["source_provision", "target_provision", "source_doc", "target_doc", "score", "aligned_words", "source_start", "source_end", "target_start", "target_end", "source_passage", "target_passage"], reuse)
