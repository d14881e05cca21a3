#!/usr/bin/env python3
"""trends.py CSV SPEC -- the pandas peer of peil's trend tables.

Computes from the CSV that `peil export --format csv` wrote what
analysis.Trends computes for the trends screen, for every split (by
workplace, by role, by school): per group (all, each workplace, each
workplace x role or school) and round the number of respondents; per scale
and per item the number of scores, mean, standard deviation, 95% interval
and the share that agrees; per item the distribution of its answers and
don't-knows; per scale Cronbach's alpha over complete cases. SPEC is a JSON
file that BenchmarkTrendsVsPandas (bench/trends_test.go) writes from the
instrument: the items with their valid codes, don't-know code and agreement
threshold, and the scales with their items, reversed items and minimum
number of answered items. It prints one line: how many cells it computed.
"""
import json
import sys

import numpy as np
import pandas as pd


def main():
    csv, spec_path = sys.argv[1], sys.argv[2]
    with open(spec_path) as f:
        spec = json.load(f)
    df = pd.read_csv(csv)
    items = spec["items"]
    values, dks = {}, {}
    for it in items:
        col = df[it["id"]]
        values[it["id"]] = col.where(col.isin(it["valid"]))
        dks[it["id"]] = col == it["dont_know"]
    scores, scored = {}, {}
    for sc in spec["scales"]:
        cols = []
        for i in sc["items"]:
            x = values[i].where(values[i].between(1, 5))
            cols.append(6 - x if i in sc["reversed"] else x)
            scored[sc["id"] + "_" + i] = cols[-1]
        m = pd.concat(cols, axis=1)
        answered = m.notna().sum(axis=1)
        scores[sc["id"]] = m.mean(axis=1).where(answered >= max(1, sc["min_items"]))
    data = pd.DataFrame({**{"v_" + k: v for k, v in values.items()},
                         **{"dk_" + k: v for k, v in dks.items()},
                         **{"s_" + k: v for k, v in scores.items()},
                         **{"r_" + k: v for k, v in scored.items()}})
    data["round"] = df["round"]
    data["workplace"] = df["workplace"]
    data["role"] = df["role"]
    data["school"] = df["school"]

    cells = 0
    for sub in ("role", "school"):
        for keys in (["round"], ["round", "workplace"], ["round", "workplace", sub]):
            g = data.groupby(keys)
            cells += len(g.size())
            for name, agree in [("s_" + sc["id"], 4) for sc in spec["scales"]] + \
                               [("v_" + it["id"], it["agree_from"]) for it in items]:
                col = g[name]
                stats = col.agg(["count", "mean", "std"])
                half = 1.96 * stats["std"] / np.sqrt(stats["count"])
                stats["low"], stats["high"] = stats["mean"] - half, stats["mean"] + half
                if agree:
                    stats["agree"] = (data[name] >= agree).groupby([data[k] for k in keys]).mean()
                cells += len(stats)
            for it in items:
                dist = data.groupby(keys + ["v_" + it["id"]]).size()
                dk = g["dk_" + it["id"]].sum()
                cells += len(dist) + len(dk)
            for sc in spec["scales"]:
                cols = ["r_" + sc["id"] + "_" + i for i in sc["items"]]
                if len(cols) < 2:
                    continue
                complete = data.dropna(subset=cols)
                k = len(cols)
                item_var = complete.groupby(keys)[cols].var().sum(axis=1)
                total_var = complete[cols].sum(axis=1).groupby([complete[c] for c in keys]).var()
                alpha = k / (k - 1) * (1 - item_var / total_var)
                cells += len(alpha)
    print(cells, "cells")


if __name__ == "__main__":
    main()
