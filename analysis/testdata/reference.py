#!/usr/bin/python3
"""Independent reference values for peil's analysis package.

Reads testdata/design.json and testdata/responses.csv and writes
testdata/expected.json: for every group (all workplaces, each workplace, and
each workplace split by role or by school), round and measure (scale or item):
n, mean, SD (ddof=1), 95% CI of the mean (scipy.stats.t.ppf), share agreeing,
"don't know" share, answer distribution, Cronbach's alpha (numpy, listwise
complete cases, reverse-coded), and the change against the group's first
round: difference, Cohen's d (pooled SD) and Welch's t test
(scipy.stats.ttest_ind with equal_var=False).

Run with Debian's python3-scipy and python3-numpy:
    /usr/bin/python3 testdata/reference.py
Suppression beyond n < k is not computed here (see suppress_test.go).
"""
import csv
import json
import math
import os

import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, "design.json")) as f:
    design = json.load(f)
K = design["k"]
items = {it["id"]: it for it in design["items"]}
item_order = [it["id"] for it in design["items"]]
rounds = design["rounds"]
scale_ids = []
for r in rounds:
    for s in r["scales"]:
        if s["id"] not in scale_ids:
            scale_ids.append(s["id"])

rows = []
with open(os.path.join(HERE, "responses.csv")) as f:
    for rec in csv.DictReader(f):
        rows.append(rec)


def value(rec, item_id):
    """None (missing), 'dk', or an int; items a round did not ask are missing."""
    r = int(rec["round"])
    if item_id not in rounds[r]["items"]:
        return None
    v = rec[item_id]
    if v == "":
        return None
    if v == "dk":
        return "dk"
    return int(v)


def scale_def(r, sid):
    for s in rounds[r]["scales"]:
        if s["id"] == sid:
            return s
    return None


def scale_score(rec, sc):
    vals = []
    for it in sc["items"]:
        v = value(rec, it)
        if v is None or v == "dk" or not 1 <= v <= 5:
            continue
        vals.append(6 - v if it in sc["reversed"] else v)
    share = sc["min_answered"] or 0.5
    need = math.ceil(share * len(sc["items"]) - 1e-9)
    if not vals or len(vals) < need:
        return None
    return sum(vals) / len(vals)


def agree_from(kind):
    return {"likert": 4, "grade": 6}.get(kind)


def options(item):
    if item["type"] == "likert":
        return [1, 2, 3, 4, 5] + (["dk"] if item["dont_know"] else [])
    if item["type"] == "grade":
        return list(range(1, 11))
    if item["type"] == "single":
        return item["options"]
    return []


def asked(r, measure):
    if measure in items:
        return measure in rounds[r]["items"]
    return scale_def(r, measure) is not None


def summary(recs, r, measure):
    """Statistics of one cell, or None when the measure is not asked."""
    if not asked(r, measure):
        return None
    out = {}
    if measure in items:
        item = items[measure]
        vals = [value(x, measure) for x in recs]
        answers = [v for v in vals if v is not None]
        scores = [v for v in answers if v != "dk"]
        dk = len(answers) - len(scores)
        out["dk"] = dk
        out["n"] = len(scores)
        numeric = item["type"] != "single"
        af = agree_from(item["type"])
        if answers:
            out["dont_know"] = dk / len(answers)
            opts = options(item)
            out["dist"] = [sum(1 for v in answers if v == o) / len(answers) for o in opts] if opts else None
    else:
        sc = scale_def(r, measure)
        scores = [s for s in (scale_score(x, sc) for x in recs) if s is not None]
        out["dk"] = 0
        out["n"] = len(scores)
        numeric = True
        af = 4
        # Cronbach's alpha over complete cases.
        complete = []
        for x in recs:
            vs = [value(x, it) for it in sc["items"]]
            if all(v is not None and v != "dk" for v in vs):
                complete.append([6 - v if it in sc["reversed"] else v for it, v in zip(sc["items"], vs)])
        if len(complete) >= K and len(sc["items"]) >= 2:
            a = np.array(complete, dtype=float)
            k = a.shape[1]
            item_var = a.var(axis=0, ddof=1).sum()
            tot_var = a.sum(axis=1).var(ddof=1)
            if tot_var > 0:
                out["alpha"] = k / (k - 1) * (1 - item_var / tot_var)
                out["alpha_n"] = len(complete)
    n = len(scores)
    out["scores"] = scores
    if n >= 2 and numeric:
        x = np.array(scores, dtype=float)
        m = x.mean()
        sd = x.std(ddof=1)
        h = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
        out.update(mean=m, sd=sd, ci_low=m - h, ci_high=m + h)
    if n >= 1 and af is not None:
        out["agree"] = sum(1 for s in scores if s >= af) / n
    return out


def groups(split):
    wps = sorted({x["workplace"] for x in rows})
    yield "", "", rows
    for w in wps:
        wrows = [x for x in rows if x["workplace"] == w]
        yield w, "", wrows
        if split == "workplace":
            continue
        for s in sorted({x[split] for x in wrows}):
            yield w, s, [x for x in wrows if x[split] == s]


def f(x):
    return None if x is None else float(x)


records = []
for split in ("workplace", "role", "school"):
    for w, sub, grecs in groups(split):
        for measure in scale_ids + item_order:
            cells = []
            for r in range(len(rounds)):
                recs = [x for x in grecs if int(x["round"]) == r]
                cells.append(summary(recs, r, measure))
            # The group's first round with answers to this measure.
            base = next((r for r, c in enumerate(cells) if c is not None and c["n"] + c["dk"] > 0), None)
            for r, c in enumerate(cells):
                if c is None:
                    continue
                rec = {"split": split, "workplace": w, "sub": sub, "measure": measure, "round": r,
                       "n": c["n"], "dk": c["dk"]}
                for key in ("mean", "sd", "ci_low", "ci_high", "agree", "dont_know", "dist", "alpha", "alpha_n"):
                    if key in c:
                        rec[key] = c[key]
                if base is not None and c["n"] + c["dk"] > 0:
                    if r == base:
                        new = any(not asked(e, measure) for e in range(r))
                        rec["change_status"] = "no earlier round" if new else "baseline"
                    elif not asked(base, measure):
                        rec["change_status"] = "no earlier round"
                    elif "mean" in c and "mean" in cells[base] and (c["sd"] > 0 or cells[base]["sd"] > 0):
                        b = cells[base]
                        x1 = np.array(b["scores"], dtype=float)
                        x2 = np.array(c["scores"], dtype=float)
                        n1, n2 = len(x1), len(x2)
                        sp = math.sqrt(((n1 - 1) * b["sd"] ** 2 + (n2 - 1) * c["sd"] ** 2) / (n1 + n2 - 2))
                        res = stats.ttest_ind(x2, x1, equal_var=False)
                        v1, v2 = b["sd"] ** 2 / n1, c["sd"] ** 2 / n2
                        df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1))
                        rec.update(change_status="compared", baseline=base, diff=c["mean"] - b["mean"],
                                   d=(c["mean"] - b["mean"]) / sp, t=float(res.statistic), df=df,
                                   p=float(res.pvalue))
                records.append({k: (f(v) if isinstance(v, (np.floating,)) else v) for k, v in rec.items()})

with open(os.path.join(HERE, "expected.json"), "w") as out:
    # One record per line: small, and diffs show which cell changed.
    out.write("[\n" + ",\n".join(json.dumps(r, separators=(",", ":")) for r in records) + "\n]\n")
print(f"wrote {len(records)} records")
