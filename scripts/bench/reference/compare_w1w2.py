#!/usr/bin/env python3
"""Compare two W1/W2 result directories (w1.csv, w2.csv as written by the reference scripts).

Usage:  python3 compare_w1w2.py OUT_A OUT_B
Prints max differences; exits 1 unless: same ids and cells, n500 equal, |nearest_m| diff <= 1e-4 m (+1e-9 for the
printing of 4 decimals), and W2 values equal to 1e-9 relative (|a-b| <= 1e-9 * max(|a|, |b|), or both below 1e-12).
Standard library only.
"""
import csv
import sys


def read(path, key, cols):
    with open(path, newline="") as f:
        return {tuple(int(row[k]) for k in key): [float(row[c]) for c in cols] for row in csv.DictReader(f)}


def main(a, b):
    ok = True
    w1a, w1b = (read(f"{d}/w1.csv", ["id"], ["nearest_m", "n500"]) for d in (a, b))
    if w1a.keys() != w1b.keys():
        print(f"W1: different id sets ({len(w1a)} vs {len(w1b)} rows)")
        return 1
    dn = max(abs(w1a[k][0] - w1b[k][0]) for k in w1a)
    bad_n = sum(w1a[k][1] != w1b[k][1] for k in w1a)
    print(f"W1: {len(w1a)} roads; max |nearest_m diff| = {dn:.3g} m; n500 mismatches = {bad_n}")
    ok &= dn <= 1e-4 + 1e-9 and bad_n == 0

    w2a, w2b = (read(f"{d}/w2.csv", ["row", "col"], ["value"]) for d in (a, b))
    if w2a.keys() != w2b.keys():
        print(f"W2: different grids ({len(w2a)} vs {len(w2b)} cells)")
        return 1
    dabs = drel = 0.0
    for k in w2a:
        x, y = w2a[k][0], w2b[k][0]
        dabs = max(dabs, abs(x - y))
        if max(abs(x), abs(y)) > 1e-12:
            drel = max(drel, abs(x - y) / max(abs(x), abs(y)))
    nonzero = sum(v[0] != 0 for v in w2a.values())
    print(f"W2: {len(w2a)} cells ({nonzero} non-zero); max |diff| = {dabs:.3g}; max relative diff = {drel:.3g}")
    ok &= drel <= 1e-9
    print("AGREE" if ok else "DIFFER")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} OUT_A OUT_B")
    sys.exit(main(sys.argv[1], sys.argv[2]))
