#!/usr/bin/env bash
# Scaling benchmark: the e2e corpus (generated originals of a typical length, 40% at popularity 0) processed on one
# PostgreSQL catalogue and one workspace by 1 `longplay process` with 1 worker thread, against 2 processes with 1
# worker thread each, started together (as on two machines). Same fixture, same plan, interleaved runs, medians.
# Throughput ratio = time of 1 process / time of 2 processes (the same tracks either way). Also checks that both
# end with the same archive and patches (SHA-256 of every file).
#   bench/scaling-benchmark.sh [TRACKS]     default 300; BENCH_AUDIO_SECONDS (210), BENCH_ZERO_SHARE (0.4), BENCH_RUNS (3)
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
dir="${BENCH_DIR:-/tmp/longplay-bench}/scaling"
tracks="${1:-300}"
seconds="${BENCH_AUDIO_SECONDS:-210}"
zero="${BENCH_ZERO_SHARE:-0.4}"
runs="${BENCH_RUNS:-3}"
export LONGPLAY_JAVA_OPTS="${BENCH_HEAP:--Xmx512m} -XX:+UseParallelGC"
now() { date +%s.%N; }
mkdir -p "$dir"
fixture="${BENCH_DIR:-/tmp/longplay-bench}/e2e/fixture-$tracks-$seconds-$zero"
[ -f "$fixture/originals/MANIFEST.tsv" ] || "$home/longplay" fixtures --tracks "$tracks" --out "$fixture" --seed 1 \
  --audio-seconds "$seconds" --audio-variants 16 --zero-popularity-share "$zero" > /dev/null
"$home/longplay" --help > /dev/null 2>&1   # build outside the timing
url="$("$home/bench/postgres.sh" start "$dir/postgres" "${BENCH_PG_PORT:-55434}")"
server="${url#jdbc:postgresql://}"; server="${server%/*}"
admin() { psql "postgresql://longplay@$server/postgres" -qc "$1" >/dev/null; }

# A new catalogue and workspace, imported and planned (untimed); sets $ws and $set.
prepare() {
  admin "DROP DATABASE IF EXISTS scaling_bench"; admin "CREATE DATABASE scaling_bench"
  ws="$dir/ws"; rm -rf "$ws"
  set=(--set "longplay.catalog.url=${url%/*}/scaling_bench" --set longplay.process.workers=1)
  "$home/longplay" import --workspace "$ws" --metadata "$fixture/spotify_clean.sqlite3" "${set[@]}" > /dev/null 2>&1
  "$home/longplay" plan --workspace "$ws" "${set[@]}" > /dev/null 2>&1
  sync
}
worker() { "$home/longplay" process --workspace "$ws" --originals "$fixture/originals" --covers "$fixture/covers" "${set[@]}" "$@"; }
digest() { (cd "$ws" && find archive patches -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16; }

one=(); two=(); digests=()
for run in $(seq "$runs"); do
  prepare; t0=$(now)
  worker > "$dir/one.out" 2> "$dir/one.err" || true
  t1=$(now); one+=("$(python3 -c "print($t1 - $t0)")"); digests+=("$(digest)")
  prepare; t0=$(now)
  worker > "$dir/two-a.out" 2> "$dir/two-a.err" &
  worker > "$dir/two-b.out" 2> "$dir/two-b.err" &
  wait || true
  t1=$(now); two+=("$(python3 -c "print($t1 - $t0)")"); digests+=("$(digest)")
done
processed=$(sed -n 's/^process: \([0-9,]*\) of.*/\1/p' "$dir/one.out" | tr -d ,)
python3 - "$tracks" "$seconds" "$processed" "${one[*]}" "${two[*]}" "$(sed -n 's/^  Opus transcoder: //p' "$dir/one.out")" <<'PY'
import statistics, sys
tracks, seconds, processed = sys.argv[1], sys.argv[2], int(sys.argv[3])
one, two = ([float(x) for x in arg.split()] for arg in sys.argv[4:6])
m = statistics.median
show = lambda times: "/".join(f"{x:.1f}" for x in times)
print(f"scaling: {tracks} generated tracks of {seconds} s, {processed} processed; PostgreSQL catalogue, one workspace; Opus transcoder {sys.argv[6]}")
print(f"  1 process x 1 worker thread   {m(one):6.1f} s  {processed / m(one):5.2f} tracks/s  [{show(one)}]")
print(f"  2 processes x 1 worker thread {m(two):6.1f} s  {processed / m(two):5.2f} tracks/s  [{show(two)}]")
print(f"  throughput ratio {m(one) / m(two):.2f}x")
PY
[ "$(printf '%s\n' "${digests[@]}" | sort -u | wc -l)" = 1 ] && echo "  every run ended with the same archive and patches (${digests[0]})" \
  || echo "  OUTPUTS DIFFER between runs: ${digests[*]}"
