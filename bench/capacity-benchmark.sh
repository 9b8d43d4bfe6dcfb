#!/usr/bin/env bash
# Catalogue capacity: outcomes recorded per second by one PostgreSQL catalogue for 8, 32 and 128 simulated workers
# (bench/CatalogCapacity.java: claims, lease renewal and outcome records through Longplay's own classes, no audio
# work), and the latency of a claim at each level. The catalogue: the generated fixture of TRACKS tracks, imported
# and planned once (untimed). The simulated workers run on this machine too, beside the server.
#   bench/capacity-benchmark.sh [TRACKS] [SECONDS]     defaults: 1000000 tracks, 20 s per level
#   BENCH_LEVELS="8 32 128"; BENCH_SYNC=off runs the server with synchronous_commit = off (docs/scaling.md)
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
dir="${BENCH_DIR:-/tmp/longplay-bench}"
tracks="${1:-1000000}"
seconds="${2:-20}"
fixture="$dir/fixture-$tracks"
[ -f "$fixture/spotify_clean.sqlite3" ] || "$home/longplay" fixtures --tracks "$tracks" --out "$fixture" --seed 1 --audio-seconds 0 >/dev/null
"$home/longplay" --help > /dev/null 2>&1   # build the jar and lib/ the benchmark runs on
url="$("$home/bench/postgres.sh" start "${BENCH_PG_DIR:-$dir/postgres}" "${BENCH_PG_PORT:-55433}")"
server="${url#jdbc:postgresql://}"; server="${server%/*}"
admin() { psql "postgresql://longplay@$server/${2:-postgres}" -qc "$1" >/dev/null; }
if ! psql "postgresql://longplay@$server/postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname = 'capacity_$tracks'" | grep -q 1; then
  admin "CREATE DATABASE capacity_$tracks"
  catalogue=(--set "longplay.catalog.url=${url%/*}/capacity_$tracks")
  "$home/longplay" import --workspace "$dir/capacity-ws" --metadata "$fixture/spotify_clean.sqlite3" "${catalogue[@]}" >/dev/null 2>&1
  "$home/longplay" plan --workspace "$dir/capacity-ws" "${catalogue[@]}" >/dev/null 2>&1
fi
admin "ALTER DATABASE capacity_$tracks SET synchronous_commit = ${BENCH_SYNC:-on}"
echo "server: $(psql "postgresql://longplay@$server/postgres" -qtAc "SELECT version()" | cut -d, -f1); synchronous_commit ${BENCH_SYNC:-on}; $(nproc) cores shared with the simulated workers"
java -Xmx3g -cp "$home/launcher/target/longplay-launcher.jar:$home/launcher/target/lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  "$home/bench/CatalogCapacity.java" "${url%/*}/capacity_$tracks" "$seconds" ${BENCH_LEVELS:-8 32 128}
