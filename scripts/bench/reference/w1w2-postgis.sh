#!/usr/bin/env bash
# Reference implementation of benchmark workloads W1 + W2 (shared/bench/SPEC.md) in PostgreSQL + PostGIS.
#
# Usage:   w1w2-postgis.sh DIR OUTDIR
# Inputs:  DIR/roads.csv (id,class,wkt: WGS84 LINESTRING WKT) and DIR/incidents.csv (id,date,casualties,lon,lat),
#          as written by `node shared/bench/gen.mjs SIZE DIR`.
# Outputs: OUTDIR/w1.csv     id,nearest_m,n500  ordered by id; nearest_m rounded to 4 decimals
#          OUTDIR/w2.csv     row,col,value      every grid cell (zeros too), ordered by row, col; float8 shortest-exact
#          OUTDIR/timing.json {"tool","loadS","indexS","w1S","w2S","totalS"} in seconds
# Params (SPEC): EPSG:32638 planar metres (ST_Transform); W1 nearest_m = min distance incident -> road polyline
#          (KNN `<->` + LATERAL LIMIT 1, exact distance ordering), n500 = #incidents with distance <= 500 m (ST_DWithin);
#          W2 grid over the bbox of the projected incidents, 250 m cells, ncols = ceil((maxx-minx)/250),
#          nrows = ceil((maxy-miny)/250), centres (minx+(c+0.5)*250, miny+(r+0.5)*250), row 0 southernmost,
#          value = sum over incidents with d < 2000 m of (1-(d/2000)^2)^2.
# Measures: wall time of each phase measured from this shell: load = COPY of both CSVs + parse WKT + ST_Transform into
#          projected tables; index = GiST indexes + ANALYZE; w1/w2 = query + writing its CSV. totalS = load+index+w1+w2
#          end to end (first CSV byte read to last result written). Cluster start and scratch-database create/drop are
#          outside the timed span. Tables are UNLOGGED (scratch data); per session: work_mem 256MB,
#          maintenance_work_mem 1GB, jit=off (JIT compilation cost ~0.4 s per query and bought nothing here);
#          PostgreSQL may use its default parallel workers (max_parallel_workers_per_gather = 2).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 DIR OUTDIR" >&2; exit 2; }
DIR=$(realpath "$1"); mkdir -p "$2"; OUT=$(realpath "$2")
cd /tmp   # psql runs as the postgres user, which cannot read every cwd
pg_lsclusters -h 2>/dev/null | grep -q online || pg_ctlcluster 15 main start 2>/dev/null || service postgresql start
export PGOPTIONS="-c work_mem=256MB -c maintenance_work_mem=1GB -c extra_float_digits=3 -c jit=off"
pg() { runuser -u postgres -- psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
DB="w1w2_bench_$$"
pg -d postgres -c "CREATE DATABASE $DB"
trap 'pg -d postgres -c "DROP DATABASE IF EXISTS $DB"' EXIT
db() { pg -d "$DB" "$@"; }
db -c "CREATE EXTENSION postgis" \
   -c "CREATE UNLOGGED TABLE roads_raw (id int, class text, wkt text)" \
   -c "CREATE UNLOGGED TABLE incidents_raw (id int, date date, casualties int, lon float8, lat float8)"
VERSION=$(db -c "SELECT 'PostGIS ' || postgis_lib_version() || ' (PostgreSQL ' || split_part(current_setting('server_version'), ' ', 1) || ')'")

t0=$EPOCHREALTIME
db -c "\copy roads_raw FROM pstdin WITH (FORMAT csv, HEADER true)" < "$DIR/roads.csv"
db -c "\copy incidents_raw FROM pstdin WITH (FORMAT csv, HEADER true)" < "$DIR/incidents.csv"
db -c "CREATE UNLOGGED TABLE roads AS
         SELECT id, ST_Transform(ST_GeomFromText(wkt, 4326), 32638)::geometry(LineString, 32638) AS geom FROM roads_raw" \
   -c "CREATE UNLOGGED TABLE incidents AS
         SELECT id, ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 32638)::geometry(Point, 32638) AS geom
         FROM incidents_raw" \
   -c "DROP TABLE roads_raw, incidents_raw"
t1=$EPOCHREALTIME
db -c "CREATE INDEX ON roads USING gist (geom)" -c "CREATE INDEX ON incidents USING gist (geom)" \
   -c "ANALYZE roads" -c "ANALYZE incidents"
t2=$EPOCHREALTIME
# n500 as a join + GROUP BY (parallel-safe); nearest via KNN in a LATERAL (runs in the leader: PARAM_EXEC).
db -c "COPY (
  WITH n AS (SELECT r.id, count(i.id) AS n500
             FROM roads r LEFT JOIN incidents i ON ST_DWithin(r.geom, i.geom, 500) GROUP BY r.id)
  SELECT r.id, round(nn.d::numeric, 4) AS nearest_m, n.n500
  FROM roads r JOIN n USING (id)
  CROSS JOIN LATERAL (SELECT ST_Distance(r.geom, i.geom) AS d FROM incidents i ORDER BY r.geom <-> i.geom LIMIT 1) nn
  ORDER BY r.id) TO STDOUT WITH (FORMAT csv, HEADER true)" > "$OUT/w1.csv"
t3=$EPOCHREALTIME
# Grid as a table of cell-centre points; per cell an index-assisted ST_DWithin lookup + kernel sum.
db -c "CREATE UNLOGGED TABLE cells AS
  WITH b AS (SELECT min(ST_X(geom)) AS x0, min(ST_Y(geom)) AS y0,
                    ceil((max(ST_X(geom)) - min(ST_X(geom))) / 250)::int AS ncols,
                    ceil((max(ST_Y(geom)) - min(ST_Y(geom))) / 250)::int AS nrows FROM incidents)
  SELECT r, c, ST_SetSRID(ST_MakePoint(x0 + (c + 0.5) * 250, y0 + (r + 0.5) * 250), 32638) AS geom
  FROM b, generate_series(0, nrows - 1) AS r, generate_series(0, ncols - 1) AS c" \
   -c "ANALYZE cells" \
   -c "COPY (
  SELECT g.r AS row, g.c AS col, coalesce(k.v, 0) AS value
  FROM cells g
  CROSS JOIN LATERAL (SELECT sum((1 - (d / 2000) ^ 2) ^ 2) AS v
                      FROM (SELECT ST_Distance(g.geom, i.geom) AS d FROM incidents i
                            WHERE ST_DWithin(g.geom, i.geom, 2000)) near
                      WHERE d < 2000) k
  ORDER BY g.r, g.c) TO STDOUT WITH (FORMAT csv, HEADER true)" > "$OUT/w2.csv"
t4=$EPOCHREALTIME

awk -v v="$VERSION" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v e="$t4" 'BEGIN {
  printf "{\"tool\":\"%s\",\"loadS\":%.3f,\"indexS\":%.3f,\"w1S\":%.3f,\"w2S\":%.3f,\"totalS\":%.3f}\n",
         v, b - a, c - b, d - c, e - d, e - a }' > "$OUT/timing.json"
cat "$OUT/timing.json"
