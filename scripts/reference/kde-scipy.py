#!/usr/bin/python3
"""Reference fixture for the planar Gaussian KDE: scipy.stats.gaussian_kde on seeded points.

Tool: Debian bookworm python3-scipy 1.10.1 (scipy.__version__ and numpy.__version__ are recorded in the
fixture). Run from the repository root:

    /usr/bin/python3 scripts/reference/kde-scipy.py > test/fixtures/density/gaussian-kde-scipy.json

(/usr/bin/python3 on purpose: a `python3` earlier on PATH, e.g. pyenv, may carry a pip scipy instead of Debian's.)

Inputs: none (numpy RandomState(20230919) draws 40 points and weights — synthetic test data).
Output: JSON with the points (metres of a local projected frame), weights, the grid and scipy's pdf at
every cell centre for (a) a fixed isotropic bandwidth h = 700 m and (b) bw_method="scott".

scipy's kernel covariance is factor² × (weighted data covariance), i.e. anisotropic in general. To
compare it with an isotropic kernel of standard deviation h, the points are whitened to an exactly
isotropic weighted covariance σ²·I (σ = 1500 m): then bw_method = h/σ gives covariance h²·I exactly, and
"scott" gives σ·n_eff^(−1/6) — the definition minerisk's "scott" rule implements. scipy normalises the
weights to sum 1, so its pdf integrates to 1 (per m²); minerisk reports Σw × pdf × 10⁶ per km².
"""
import json
import subprocess
import sys

import numpy as np
import scipy
from scipy.stats import gaussian_kde


def debian_version():
    try:
        return subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}", "python3-scipy"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "not a Debian package"


rng = np.random.RandomState(20230919)
n = 40
raw = np.vstack([rng.normal(0, 1200, n) + rng.uniform(-800, 800, n), rng.normal(0, 900, n)])
w = rng.uniform(0.2, 3.0, n)
wn = w / w.sum()
mean = (raw * wn).sum(axis=1, keepdims=True)
cov = np.cov(raw, aweights=wn)
L = np.linalg.cholesky(cov)
sigma = 1500.0
pts = sigma * np.linalg.solve(L, raw - mean) + np.array([[5000.0], [4000.0]])
check = np.cov(pts, aweights=wn)
assert np.allclose(check, sigma**2 * np.eye(2), rtol=1e-12, atol=1e-6), check

h = 700.0
cell = 250.0
min_x, min_y, ncols, nrows = 0.0, 0.0, 40, 32
cx = min_x + (np.arange(ncols) + 0.5) * cell
cy = min_y + (np.arange(nrows) + 0.5) * cell
gx, gy = np.meshgrid(cx, cy)  # row r = y index (row 0 southernmost), col c = x index
grid = np.vstack([gx.ravel(), gy.ravel()])

fixed = gaussian_kde(pts, bw_method=h / sigma, weights=w)
scott = gaussian_kde(pts, bw_method="scott", weights=w)

json.dump(
    {
        "generator": "scripts/reference/kde-scipy.py",
        "tool": {"scipy": scipy.__version__, "numpy": np.__version__, "python": sys.version.split()[0], "debian": debian_version()},
        "synthetic": True,
        "x": pts[0].tolist(),
        "y": pts[1].tolist(),
        "weights": w.tolist(),
        "sigmaM": sigma,
        "bandwidthM": h,
        "grid": {"minX": min_x, "minY": min_y, "cellSizeM": cell, "ncols": ncols, "nrows": nrows},
        "pdfFixed": fixed(grid).tolist(),
        "scottFactor": float(scott.factor),
        "scottCovariance": scott.covariance.tolist(),
        "pdfScott": scott(grid).tolist(),
    },
    sys.stdout,
)
sys.stdout.write("\n")
