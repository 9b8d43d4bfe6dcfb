#!/usr/bin/env bash
# Import benchmark: `longplay import` against the sqlite3 CLI on the same generated fixture, in the
# same run. Two references:
#   published: sqlite3 copies the imported tables as they are in the source, whole, with the
#              source's own (published) indexes built after the load: the issue's reference;
#   keys-only: sqlite3 copies exactly what the catalog holds (its columns, its keys, key order,
#              no other index; bench/sqlite-copy.sql): like for like.
# Prints rows/s for each and the ratios.
#   bench/import-benchmark.sh [TRACKS...]      default: 1000000 5000000
# Fixtures are generated once under ${BENCH_DIR:-/tmp/longplay-bench} (seed 1) and reused.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
dir="${BENCH_DIR:-/tmp/longplay-bench}"
heap="${BENCH_HEAP:--Xmx512m}"
tables="artists albums tracks artist_genres album_images artist_albums track_artists"
mkdir -p "$dir"
[ $# -gt 0 ] || set -- 1000000 5000000

now() { date +%s.%N; }

# The published copy: the source's DDL for the imported tables, rows copied, then its indexes.
published_copy_sql() {
  local source="$1" t
  echo "BEGIN;"
  for t in $tables; do sqlite3 "$source" "SELECT sql || ';' FROM sqlite_master WHERE type = 'table' AND name = '$t'"; done
  for t in $tables; do echo "INSERT INTO main.$t SELECT * FROM src.$t;"; done
  for t in $tables; do sqlite3 "$source" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = '$t' AND sql IS NOT NULL"; done
  echo "COMMIT;"
}

for tracks in "$@"; do
  fixture="$dir/fixture-$tracks"
  if [ ! -f "$fixture/spotify_clean.sqlite3" ]; then
    "$home/longplay" fixtures --tracks "$tracks" --out "$fixture" --seed 1 >/dev/null
  fi
  source="$fixture/spotify_clean.sqlite3"
  rows=0
  for t in $tables; do rows=$((rows + $(sqlite3 "$source" "SELECT COUNT(*) FROM $t"))); done
  published_copy_sql "$source" > "$dir/published-copy.sql"
  cat "$source" >/dev/null   # warm page cache for every run alike

  rm -f "$dir/copy.sqlite3"; t0=$(now)
  sqlite3 "$dir/copy.sqlite3" -cmd "ATTACH '$source' AS src" < "$dir/published-copy.sql" >/dev/null
  t1=$(now); rm -f "$dir/copy.sqlite3"

  t2=$(now)
  sqlite3 "$dir/copy.sqlite3" -cmd "ATTACH '$source' AS src" < "$home/bench/sqlite-copy.sql" >/dev/null
  t3=$(now); rm -f "$dir/copy.sqlite3"

  rm -rf "$dir/workspace"; t4=$(now)
  LONGPLAY_JAVA_OPTS="$heap -XX:+UseParallelGC" "$home/longplay" import --metadata "$source" --workspace "$dir/workspace" \
    > "$dir/import-$tracks.txt" 2>"$dir/import-$tracks.log"
  t5=$(now); rm -rf "$dir/workspace"
  inside=$(sed -n 's/^imported .* rows in \([0-9.]*\) s.*/\1/p' "$dir/import-$tracks.txt")

  python3 - "$tracks" "$rows" "$t0" "$t1" "$t2" "$t3" "$t4" "$t5" "$inside" "$heap" <<'PY'
import sys
tracks, rows = int(sys.argv[1]), int(sys.argv[2])
t = list(map(float, sys.argv[3:9]))
inside, heap = float(sys.argv[9]), sys.argv[10]
published, keys, ours = rows / (t[1] - t[0]), rows / (t[3] - t[2]), rows / (t[5] - t[4])
print(f"tracks={tracks:,} rows={rows:,}")
print(f"  sqlite3 published copy   {t[1]-t[0]:6.1f} s  {published:>11,.0f} rows/s")
print(f"  sqlite3 keys-only copy   {t[3]-t[2]:6.1f} s  {keys:>11,.0f} rows/s")
print(f"  longplay import {heap}  {t[5]-t[4]:6.1f} s  {ours:>11,.0f} rows/s  (whole CLI run; import itself {inside:.1f} s = {rows/inside:,.0f} rows/s)")
print(f"  ratio vs published {ours/published:.2f}   ratio vs keys-only {ours/keys:.2f}")
PY
done
