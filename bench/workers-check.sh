#!/usr/bin/env bash
# Scale-out, proven by hand (docs/scaling.md): a generated collection processed by ONE process on the embedded
# HSQLDB catalogue, and by THREE worker processes on one PostgreSQL catalogue and one workspace, one of them killed
# with SIGKILL mid-run; both then release every stage. Every output is compared: the SHA-256 of each file under
# archive/, patches/ and releases/ (torrents.json apart: it lists release times), and the track_files export.
#   bench/workers-check.sh [TRACKS]        default 300; BENCH_AUDIO_SECONDS (20)
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
dir="${BENCH_DIR:-/tmp/longplay-bench}/workers-check"
tracks="${1:-300}"
seconds="${BENCH_AUDIO_SECONDS:-20}"
clock=(--set longplay.process.processed-at=2026-01-01T00:00:00Z)
rm -rf "$dir/hsqldb" "$dir/postgresql"; mkdir -p "$dir"
fixture="$dir/fixture-$tracks-$seconds"
[ -f "$fixture/originals/MANIFEST.tsv" ] || "$home/longplay" fixtures --tracks "$tracks" --out "$fixture" --seed 3 \
  --audio-seconds "$seconds" --audio-variants 12 > /dev/null
inputs=(--originals "$fixture/originals" --covers "$fixture/covers")

echo "1. one process, embedded HSQLDB catalogue"
"$home/longplay" run --workspace "$dir/hsqldb" --metadata "$fixture/spotify_clean.sqlite3" "${inputs[@]}" "${clock[@]}" > "$dir/hsqldb.out" 2>&1 || true
"$home/longplay" release --all --workspace "$dir/hsqldb" > "$dir/hsqldb-release.out" 2>&1

echo "2. three workers on PostgreSQL, one SIGKILLed mid-run"
url="$("$home/bench/postgres.sh" start "$dir/postgres" "${BENCH_PG_PORT:-55435}")"
server="${url#jdbc:postgresql://}"; server="${server%/*}"
psql "postgresql://longplay@$server/postgres" -qc "DROP DATABASE IF EXISTS workers_check" -c "CREATE DATABASE workers_check" > /dev/null
pg=(--set "longplay.catalog.url=${url%/*}/workers_check")
ws="$dir/postgresql"
"$home/longplay" import --workspace "$ws" --metadata "$fixture/spotify_clean.sqlite3" "${pg[@]}" > /dev/null 2>&1
"$home/longplay" plan --workspace "$ws" "${pg[@]}" > /dev/null 2>&1
pids=()
for i in 1 2 3; do
  "$home/longplay" process --workspace "$ws" "${inputs[@]}" "${pg[@]}" "${clock[@]}" --set longplay.process.workers=1 \
    --set longplay.process.lease-seconds=5 > "$dir/worker-$i.out" 2>&1 &
  pids+=($!)
done
until [ "$(find "$ws/archive" -name '*.ogg' 2>/dev/null | wc -l)" -ge $((tracks / 6)) ]; do sleep 0.2; done
victim=$(pgrep -f "LongplayCli process --workspace $ws" | head -1)
kill -9 "$victim"; echo "   killed worker pid $victim after $(find "$ws/archive" -name '*.ogg' | wc -l) archive files"
wait "${pids[@]}" || true
"$home/longplay" status --workspace "$ws" "${pg[@]}" 2>/dev/null | sed -n '/process workers/,/release stages/p' | sed '$d'
"$home/longplay" release --all --workspace "$ws" "${pg[@]}" > "$dir/postgresql-release.out" 2>&1

echo "3. every output compared"
listing() {   # workspace [--set ...]: a line per output file, and the track_files export's rows
  local w="$1"; shift
  (cd "$w" && find archive patches releases -type f ! -name torrents.json -print0 | sort -z | xargs -0 sha256sum)
  rm -f "$w/export.sqlite3"
  "$home/longplay" export --track-files "$w/export.sqlite3" --workspace "$w" "$@" > /dev/null 2>&1
  sqlite3 "$w/export.sqlite3" "SELECT * FROM track_files ORDER BY rowid" | sha256sum | sed 's/-$/track_files export/'
}
listing "$dir/hsqldb" > "$dir/hsqldb.sha256"
listing "$ws" "${pg[@]}" > "$dir/postgresql.sha256"
if diff -q "$dir/hsqldb.sha256" "$dir/postgresql.sha256" > /dev/null; then
  echo "   identical: $(wc -l < "$dir/hsqldb.sha256") files and the track_files export, byte for byte"
else
  diff "$dir/hsqldb.sha256" "$dir/postgresql.sha256" | head -20; echo "   OUTPUTS DIFFER"; exit 1
fi
"$home/bench/postgres.sh" stop "$dir/postgres"
