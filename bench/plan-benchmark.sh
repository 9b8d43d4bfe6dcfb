#!/usr/bin/env bash
# Plan benchmark: `longplay plan` on an imported catalogue against the same rules as one SQL script
# (bench/plan.sql) run by the sqlite3 CLI on the source database, same fixture, same run, median of
# BENCH_RUNS (3) interleaved runs. The import before `longplay plan` is not timed.
#   bench/plan-benchmark.sh [TRACKS...]      default: 1000000
#   BENCH_ENGINE=postgresql bench/plan-benchmark.sh ...   on PostgreSQL (bench/postgres.sh starts a server under
#                                          $BENCH_DIR/postgres): every run a first plan (track_files emptied
#                                          before it, untimed), then one more run planning again, reported apart
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
dir="${BENCH_DIR:-/tmp/longplay-bench}"
heap="${BENCH_HEAP:--Xmx512m}"
runs="${BENCH_RUNS:-3}"
engine="${BENCH_ENGINE:-hsqldb}"
mkdir -p "$dir"
catalogue=()
if [ "$engine" = postgresql ]; then
  url="$("$home/bench/postgres.sh" start "${BENCH_PG_DIR:-$dir/postgres}" "${BENCH_PG_PORT:-55433}")"
  server="${url#jdbc:postgresql://}"; server="${server%/*}"   # host:port
  admin() { psql "postgresql://longplay@$server/${2:-postgres}" -qc "$1" >/dev/null; }
fi
[ $# -gt 0 ] || set -- 1000000
now() { date +%s.%N; }

for tracks in "$@"; do
  fixture="$dir/fixture-$tracks"
  [ -f "$fixture/spotify_clean.sqlite3" ] || "$home/longplay" fixtures --tracks "$tracks" --out "$fixture" --seed 1 --audio-seconds 0 >/dev/null
  source="$fixture/spotify_clean.sqlite3"
  rm -rf "$dir/plan-workspace"
  if [ "$engine" = postgresql ]; then
    admin "DROP DATABASE IF EXISTS plan_bench"; admin "CREATE DATABASE plan_bench"
    catalogue=(--set "longplay.catalog.url=${url%/*}/plan_bench")
  fi
  LONGPLAY_JAVA_OPTS="$heap -XX:+UseParallelGC" "$home/longplay" import --metadata "$source" --workspace "$dir/plan-workspace" "${catalogue[@]}" >/dev/null 2>&1
  cli_times=(); plan_times=(); inside_times=()
  for run in $(seq "$runs"); do
    [ "$engine" = postgresql ] && admin "TRUNCATE track_files" plan_bench
    rm -f "$dir/plan.sqlite3"; t0=$(now)
    sqlite3 "$dir/plan.sqlite3" -cmd "ATTACH '$source' AS src" < "$home/bench/plan.sql" > "$dir/plan-cli-$tracks.txt"
    t1=$(now); rm -f "$dir/plan.sqlite3"
    LONGPLAY_JAVA_OPTS="$heap -XX:+UseParallelGC" "$home/longplay" plan --workspace "$dir/plan-workspace" "${catalogue[@]}" \
      > "$dir/plan-$tracks.txt" 2>"$dir/plan-$tracks.log"
    t2=$(now)
    cli_times+=("$(python3 -c "print($t1 - $t0)")"); plan_times+=("$(python3 -c "print($t2 - $t1)")")
    inside_times+=("$(sed -n 's/^planned .* tracks in \([0-9.]*\) s.*/\1/p' "$dir/plan-$tracks.txt")")
  done
  python3 - "$tracks" "$heap $engine" "${cli_times[*]}" "${plan_times[*]}" "${inside_times[*]}" <<'PY'
import statistics, sys
tracks, heap = int(sys.argv[1]), sys.argv[2]
cli, whole, inside = ([float(x) for x in arg.split()] for arg in sys.argv[3:6])
m = statistics.median
show = lambda times: "/".join(f"{x:.1f}" for x in times)
print(f"tracks={tracks:,} (median of {len(whole)} runs; all runs after the rate)")
print(f"  sqlite3 CLI bench/plan.sql   {m(cli):6.1f} s  {tracks / m(cli):>10,.0f} tracks/s  [{show(cli)}]")
print(f"  longplay plan {heap}     {m(whole):6.1f} s  {tracks / m(whole):>10,.0f} tracks/s  [{show(whole)}] whole CLI run")
print(f"    of which planning          {m(inside):6.1f} s  {tracks / m(inside):>10,.0f} tracks/s  [{show(inside)}]")
print(f"  ratio {m(cli) / m(whole):.2f} (planning alone {m(cli) / m(inside):.2f})")
PY
  diff <(grep '|' "$dir/plan-cli-$tracks.txt" | tr '|' ' ') \
       <(sed -n 's/^  \([a-z_]*\) *\([0-9]*\)$/\1 \2/p' "$dir/plan-$tracks.txt" | grep -v '^total') \
    && echo "  same counts per status as the sqlite3 script" || echo "  COUNTS DIFFER from the sqlite3 script"
  if [ "$engine" = postgresql ]; then
    t0=$(now)
    LONGPLAY_JAVA_OPTS="$heap -XX:+UseParallelGC" "$home/longplay" plan --workspace "$dir/plan-workspace" "${catalogue[@]}" >/dev/null 2>&1
    t1=$(now)
    python3 -c "print(f'  planning again (nothing changed): {$t1 - $t0:.1f} s whole CLI run')"
  fi
done
