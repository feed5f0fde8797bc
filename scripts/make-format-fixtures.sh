#!/usr/bin/env bash
# make-format-fixtures — the Shapefile and GeoPackage input fixtures of test/io/foreign-formats.test.ts,
# each with its GeoJSON twin converted from it by the same GDAL, so the test can say "same records".
#
# Inputs:  test/fixtures/io/colombia/aicma-2004-extract.geojson (44 real AICMA events, accented names),
#          data/karabakh/roads.geojson (3 real roads), test/fixtures/io/good/hazards.geojson (5 areas).
# Outputs: test/fixtures/io/formats/
#          colombia-incidents-9377.zip  zipped Shapefile in MAGNA-SIRGAS / Origen-Nacional (EPSG:9377,
#                                       Colombia's national CRS), text in Windows-1252 (.cpg "1252"),
#                                       field names cut to 10 characters as the format does
#          colombia-incidents-twin.geojson  its twin, WGS 84, UTF-8
#          karabakh-roads-32638.gpkg    GeoPackage in WGS 84 / UTM 38N (EPSG:32638)
#          karabakh-roads-twin.geojson  its twin
#          hazards-32638.{shp,shx,dbf,prj,cpg}  plain (unzipped) Shapefile in UTM 38N, UTF-8 .cpg
#          hazards-twin.geojson         its twin
#          karabakh-{incidents,roads}-duckdb.parquet  GeoParquet by DuckDB (step 4: this GDAL has no Parquet
#                                       driver; scripts/make-geoparquet-fixtures.mjs, DuckDB v1.5.6 from npm)
# Needs:   GDAL's ogr2ogr (apt-get install gdal-bin; made with GDAL 3.6.2), zip.
# Run:     bash scripts/make-format-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ogr2ogr >/dev/null || { echo "make-format-fixtures: ogr2ogr is missing: apt-get install gdal-bin"; exit 1; }
out=test/fixtures/io/formats
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
rm -f "$out"/colombia-incidents-9377.zip "$out"/karabakh-roads-32638.gpkg "$out"/hazards-32638.* "$out"/*-twin.geojson

# 1. zipped Shapefile, national projected CRS, Windows-1252 text
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:9377 -lco ENCODING=CP1252 "$tmp/colombia-incidents.shp" test/fixtures/io/colombia/aicma-2004-extract.geojson
(cd "$tmp" && TZ=UTC touch -t 202612020000 colombia-incidents.* && zip -q -X -D ../colombia-incidents-9377.zip colombia-incidents.shp colombia-incidents.shx colombia-incidents.dbf colombia-incidents.prj colombia-incidents.cpg)
mv "$tmp/../colombia-incidents-9377.zip" "$out/"
ogr2ogr -f GeoJSON -t_srs EPSG:4326 -lco COORDINATE_PRECISION=9 -lco RFC7946=YES "$out/colombia-incidents-twin.geojson" "$tmp/colombia-incidents.shp"

# 2. GeoPackage, UTM 38N
ogr2ogr -f GPKG -t_srs EPSG:32638 -nln roads "$out/karabakh-roads-32638.gpkg" data/karabakh/roads.geojson
ogr2ogr -f GeoJSON -t_srs EPSG:4326 -lco COORDINATE_PRECISION=9 -lco RFC7946=YES "$out/karabakh-roads-twin.geojson" "$out/karabakh-roads-32638.gpkg" roads

# 3. plain Shapefile, UTM 38N, UTF-8
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:32638 -lco ENCODING=UTF-8 "$out/hazards-32638.shp" test/fixtures/io/good/hazards.geojson
ogr2ogr -f GeoJSON -t_srs EPSG:4326 -lco COORDINATE_PRECISION=9 -lco RFC7946=YES "$out/hazards-twin.geojson" "$out/hazards-32638.shp"

# 4. GeoParquet written by an outside tool: DuckDB (GDAL 3.6.2 has no Parquet driver)
node scripts/make-geoparquet-fixtures.mjs
ls -la "$out"
