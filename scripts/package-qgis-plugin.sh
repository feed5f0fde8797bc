#!/usr/bin/env bash
# Zip the QGIS Processing provider (qgis-plugin/minerisk_provider) to build/minerisk_provider.zip, the
# layout QGIS's Plugin Manager installs from ("Install from ZIP": one top folder named like the plugin).
# Deterministic: files in sorted order, fixed timestamps and permissions, no __pycache__, so the same
# sources give the same bytes. Uses Python's zipfile (python3 is wherever QGIS is).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/minerisk_provider.zip}"
mkdir -p "$(dirname "$out")"
python3 - "$out" <<'PY'
import os, sys, zipfile
out = sys.argv[1]
root = "qgis-plugin"
files = []
for d, dirs, names in os.walk(os.path.join(root, "minerisk_provider")):
    dirs[:] = sorted(x for x in dirs if x != "__pycache__")
    files += [os.path.join(d, n) for n in names if not n.endswith((".pyc", ".pyo"))]
tmp = out + ".tmp"
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for f in sorted(files):
        info = zipfile.ZipInfo(os.path.relpath(f, root).replace(os.sep, "/"), date_time=(1980, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(f, "rb") as fh:
            z.writestr(info, fh.read())
os.replace(tmp, out)
print(f"{out}: {len(files)} files")
PY
