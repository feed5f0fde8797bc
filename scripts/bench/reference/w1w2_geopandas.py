#!/usr/bin/python3
"""Reference implementation of benchmark workloads W1 + W2 (shared/bench/SPEC.md) in GeoPandas.

Usage:    /usr/bin/python3 w1w2_geopandas.py DIR OUTDIR   (Debian's python3: python3-geopandas & co. live there)
Inputs:   DIR/roads.geojson, DIR/incidents.geojson (WGS84) as written by `node shared/bench/gen.mjs SIZE DIR`.
Outputs:  OUTDIR/w1.csv      id,nearest_m,n500  ordered by id; nearest_m with 4 decimals
          OUTDIR/w2.csv      row,col,value      every grid cell (zeros too), ordered by row, col; shortest exact repr
          OUTDIR/timing.json {"tool","loadS","indexS","w1S","w2S","totalS"} in seconds
Params (SPEC): to_crs(32638), planar metres. W1: nearest_m = min distance incident -> road polyline,
          n500 = #incidents with distance <= 500 m. W2: grid over the bbox of the projected incidents, 250 m cells,
          ncols = ceil((maxx-minx)/250), nrows = ceil((maxy-miny)/250), centres (minx+(c+0.5)*250, miny+(r+0.5)*250),
          row 0 southernmost; value = sum over incidents with d < 2000 m of (1-(d/2000)^2)^2.
Measures: wall time (perf_counter) of load = read_file (fiona engine) + to_crs; index = both sindexes (rtree);
          w1 and w2 = computation + writing the CSV; totalS = load through the last file written (imports excluded).

Debian bookworm ships geopandas 0.12.2 with shapely 1.8.5 and no pygeos, so the sindex is the rtree backend:
sjoin_nearest raises NotImplementedError and sindex.query has no "dwithin" predicate. W1 therefore does what those
would do, exactly: candidate pairs from the roads sindex (road bbox meets the 1000 m square around an incident),
exact GEOS distances for those pairs (n500 = count <= 500; nearest_m = min if <= 500), and for roads with no
incident within 500 m an rtree nearest-bbox lookup on the incidents index refined by an exact search.
W2 uses scipy's cKDTree.sparse_distance_matrix between cell centres and incidents (d <= 2000, then d < 2000).
"""
import json
import math
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import rtree
import scipy
import shapely
from scipy.spatial import cKDTree

CELL, BW, R500, CHUNK = 250.0, 2000.0, 500.0, 5000


def w1(roads, inc, roads_si, inc_si):
    rg, ig = roads.geometry.values, inc.geometry.values
    n500 = np.zeros(len(roads), dtype=np.int64)
    near = np.full(len(roads), np.inf)
    squares = inc.geometry.buffer(R500, cap_style=3).values  # 1000 m square around each incident
    for s in range(0, len(inc), CHUNK):  # chunked to bound the memory of the pair arrays
        qi, qr = roads_si.query_bulk(squares[s:s + CHUNK])
        d = rg[qr].distance(ig[s + qi])  # exact GEOS point-polyline distance per candidate pair
        n500 += np.bincount(qr[d <= R500], minlength=len(roads))
        np.minimum.at(near, qr, d)
    # A min above 500 m (or no candidate) is not proven nearest: search those roads from the incidents' side.
    for j in np.flatnonzero(near > R500):
        g = rg[j]
        x0, y0, x1, y1 = g.bounds
        first = rtree.index.Index.nearest(inc_si, (x0, y0, x1, y1), 1)  # nearest by bbox (ties included)
        d0 = min(g.distance(ig[i]) for i in first)  # upper bound; all closer incidents lie in the box below
        near[j] = min(g.distance(ig[i]) for i in inc_si.intersection((x0 - d0, y0 - d0, x1 + d0, y1 + d0)))
    return pd.DataFrame({"id": roads["id"].values, "nearest_m": near, "n500": n500}).sort_values("id")


def w2(inc):
    x, y = inc.geometry.x.values, inc.geometry.y.values
    minx, miny = x.min(), y.min()
    ncols, nrows = math.ceil((x.max() - minx) / CELL), math.ceil((y.max() - miny) / CELL)
    r, c = np.divmod(np.arange(nrows * ncols), ncols)
    centres = np.column_stack([minx + (c + 0.5) * CELL, miny + (r + 0.5) * CELL])
    pairs = cKDTree(centres).sparse_distance_matrix(cKDTree(np.column_stack([x, y])), BW, output_type="ndarray")
    pairs = pairs[pairs["v"] < BW]
    value = np.bincount(pairs["i"], weights=(1 - (pairs["v"] / BW) ** 2) ** 2, minlength=nrows * ncols)
    return pd.DataFrame({"row": r, "col": c, "value": value})


def main(src, out):
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    roads = gpd.read_file(src / "roads.geojson")[["id", "geometry"]].to_crs(32638)
    inc = gpd.read_file(src / "incidents.geojson")[["id", "geometry"]].to_crs(32638)
    t1 = time.perf_counter()
    roads_si, inc_si = roads.sindex, inc.sindex
    t2 = time.perf_counter()
    w1(roads, inc, roads_si, inc_si).to_csv(out / "w1.csv", index=False, float_format="%.4f")
    t3 = time.perf_counter()
    w2(inc).to_csv(out / "w2.csv", index=False)  # float -> repr: shortest string that round-trips
    t4 = time.perf_counter()
    timing = {"tool": f"GeoPandas {gpd.__version__} (shapely {shapely.__version__}, GEOS {shapely.geos.geos_version_string},"
                      f" rtree {rtree.__version__}, scipy {scipy.__version__})",
              "loadS": round(t1 - t0, 3), "indexS": round(t2 - t1, 3), "w1S": round(t3 - t2, 3),
              "w2S": round(t4 - t3, 3), "totalS": round(t4 - t0, 3)}
    (out / "timing.json").write_text(json.dumps(timing) + "\n")
    print(json.dumps(timing))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} DIR OUTDIR")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
