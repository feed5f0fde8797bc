#!/usr/bin/env bash
# Make docs/qgis-provider.png: the QGIS provider's Analyze dialog and the result it loaded, rendered
# headless by PyQGIS (Debian python3-qgis, QT_QPA_PLATFORM=offscreen). Needs a built dist/ (npm run build),
# GDAL's ogr2ogr and python3-qgis.
set -euo pipefail
cd "$(dirname "$0")/.."
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
scripts/package-qgis-plugin.sh "$t/minerisk_provider.zip" >/dev/null
ogr2ogr -f GPKG -t_srs EPSG:32638 -nln roads "$t/roads.gpkg" data/karabakh/roads.geojson
mkdir -m 700 "$t/xdg"
# a private QGIS profile: the provider's settings are saved there, not in the user's
XDG_RUNTIME_DIR="$t/xdg" XDG_DATA_HOME="$t/data" XDG_CONFIG_HOME="$t/config" QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/qgis-screenshot.py \
  "$t/minerisk_provider.zip" "$PWD/dist/cli/main.js" "$(command -v node)" "${1:-docs/qgis-provider.png}" "$t/roads.gpkg" "$PWD/data/karabakh"
