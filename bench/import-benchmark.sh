#!/usr/bin/env bash
# Import benchmark: `longplay import` against the sqlite3 CLI on the same generated fixture, in the
# same run. Two references:
#   published: sqlite3 copies the imported tables as they are in the source, whole, with the
#              source's own (published) indexes built after the load: the issue's reference;
#   keys-only: sqlite3 copies exactly what the catalog holds (its columns, its keys, key order,
#              no other index; bench/sqlite-copy.sql): like for like.
# Each is run BENCH_RUNS times (default 3), interleaved, and the median is reported: this machine
# is shared and single runs vary by +-20%.
# Prints rows/s for each and the ratios.
#   bench/import-benchmark.sh [TRACKS...]      default: 1000000 5000000
#   BENCH_ENGINE=postgresql bench/import-benchmark.sh ...   the catalogue on PostgreSQL (bench/postgres.sh starts a
#                                              server under $BENCH_DIR/postgres, or BENCH_PG_DIR, on BENCH_PG_PORT (55433),
#                                              with PG_OPTIONS if given; each run imports into a new database)
# Fixtures are generated once under ${BENCH_DIR:-/tmp/longplay-bench} (seed 1) and reused.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
dir="${BENCH_DIR:-/tmp/longplay-bench}"
heap="${BENCH_HEAP:--Xmx512m}"
runs="${BENCH_RUNS:-3}"
engine="${BENCH_ENGINE:-hsqldb}"
tables="artists albums tracks artist_genres album_images artist_albums track_artists"
mkdir -p "$dir"
[ $# -gt 0 ] || set -- 1000000 5000000

now() { date +%s.%N; }

# The catalogue of one run: a new HSQLDB workspace, or a new database on the benchmark's PostgreSQL server.
catalogue=()
if [ "$engine" = postgresql ]; then
  url="$("$home/bench/postgres.sh" start "${BENCH_PG_DIR:-$dir/postgres}" "${BENCH_PG_PORT:-55433}")"
  server="${url#jdbc:postgresql://}"; server="${server%/*}"   # host:port
  admin() { psql "postgresql://longplay@$server/${2:-postgres}" -qc "$1" >/dev/null; }
  fresh_catalogue() { admin "DROP DATABASE IF EXISTS import_bench"; admin "CREATE DATABASE import_bench"; catalogue=(--set "longplay.catalog.url=${url%/*}/import_bench"); }
else
  fresh_catalogue() { catalogue=(); }
fi

# The published copy: the source's DDL for the imported tables, rows copied, then its indexes; one transaction,
# no journal, no sync (the fastest sqlite3 can do it).
published_copy_sql() {
  local source="$1" t
  echo "PRAGMA journal_mode = OFF;"
  echo "PRAGMA synchronous = OFF;"
  echo "BEGIN;"
  for t in $tables; do sqlite3 "$source" "SELECT sql || ';' FROM sqlite_master WHERE type = 'table' AND name = '$t'"; done
  for t in $tables; do echo "INSERT INTO main.$t SELECT * FROM src.$t;"; done
  for t in $tables; do sqlite3 "$source" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = '$t' AND sql IS NOT NULL"; done
  echo "COMMIT;"
}

for tracks in "$@"; do
  fixture="$dir/fixture-$tracks"
  if [ ! -f "$fixture/spotify_clean.sqlite3" ]; then
    "$home/longplay" fixtures --tracks "$tracks" --out "$fixture" --seed 1 --audio-seconds 0 >/dev/null
  fi
  source="$fixture/spotify_clean.sqlite3"
  rows=0
  for t in $tables; do rows=$((rows + $(sqlite3 "$source" "SELECT COUNT(*) FROM $t"))); done
  published_copy_sql "$source" > "$dir/published-copy.sql"
  cat "$source" >/dev/null   # warm page cache for every run alike

  published_times=(); keys_times=(); import_times=(); inside_times=()
  for run in $(seq "$runs"); do
    rm -f "$dir/copy.sqlite3"; t0=$(now)
    sqlite3 "$dir/copy.sqlite3" -cmd "ATTACH '$source' AS src" < "$dir/published-copy.sql" >/dev/null
    t1=$(now); rm -f "$dir/copy.sqlite3"
    sqlite3 "$dir/copy.sqlite3" -cmd "ATTACH '$source' AS src" < "$home/bench/sqlite-copy.sql" >/dev/null
    t2=$(now); rm -f "$dir/copy.sqlite3"
    rm -rf "$dir/workspace"; fresh_catalogue; t3=$(now)
    LONGPLAY_JAVA_OPTS="$heap -XX:+UseParallelGC" "$home/longplay" import --metadata "$source" --workspace "$dir/workspace" "${catalogue[@]}" \
      > "$dir/import-$tracks.txt" 2>"$dir/import-$tracks.log"
    t4=$(now); rm -rf "$dir/workspace"
    published_times+=("$(python3 -c "print($t1 - $t0)")"); keys_times+=("$(python3 -c "print($t2 - $t1)")")
    import_times+=("$(python3 -c "print($t4 - $t3)")")
    inside_times+=("$(sed -n 's/^imported .* rows in \([0-9.]*\) s.*/\1/p' "$dir/import-$tracks.txt")")
  done

  python3 - "$tracks" "$rows" "$heap $engine" "${published_times[*]}" "${keys_times[*]}" "${import_times[*]}" "${inside_times[*]}" <<'PY'
import statistics, sys
tracks, rows, heap = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
published, keys, whole, inside = ([float(x) for x in arg.split()] for arg in sys.argv[4:8])
m = statistics.median
def show(times):
    return "/".join(f"{x:.1f}" for x in times)
print(f"tracks={tracks:,} rows={rows:,} (median of {len(whole)} runs; all runs in seconds after the rate)")
print(f"  sqlite3 published copy   {m(published):6.1f} s  {rows / m(published):>11,.0f} rows/s   [{show(published)}]")
print(f"  sqlite3 keys-only copy   {m(keys):6.1f} s  {rows / m(keys):>11,.0f} rows/s   [{show(keys)}]")
print(f"  longplay import {heap}  {m(whole):6.1f} s  {rows / m(whole):>11,.0f} rows/s   [{show(whole)}] whole CLI run")
print(f"    of which the import   {m(inside):6.1f} s  {rows / m(inside):>11,.0f} rows/s   [{show(inside)}]")
print(f"  ratio vs published {m(published) / m(whole):.2f} (import alone {m(published) / m(inside):.2f})"
      f"   ratio vs keys-only {m(keys) / m(whole):.2f}")
PY
done
