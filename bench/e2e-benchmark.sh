#!/usr/bin/env bash
# End-to-end benchmark (issue 7): the whole job on a generated collection, against a shell pipeline of
# the reference tools doing the same work, same run, same machine.
#   longplay:  `longplay run` (import, plan, process) then `longplay release --all` (every stage of the
#              default plan, in order); each command under /usr/bin/time for its peak RSS.
#   pipeline:  for the tracks longplay processed, 2 at a time (xargs -P 2, the cores): kept originals
#              `tail -c +168` (prefixed) or `cp`, `vorbiscomment -w -c <the same tags>`, `zstd --patch-from`,
#              `sha256sum`; popularity 0 `ffmpeg -ar 48000 -c:a libopus -b:a 75k` and `sha256sum` (no tags:
#              a small advantage to the pipeline); then hard links of the outputs into two folders and
#              `mktorrent -t 2 -l 22` of each (music, patches). No import, no plan, no metadata files:
#              the pipeline has no catalogue to keep, which flatters it too.
#   bench/e2e-benchmark.sh [TRACKS]      default 1000; BENCH_AUDIO_SECONDS (default 210, a typical track) per
#   original; BENCH_ZERO_SHARE (default 0.4) of the generated tracks at popularity 0;
#   BENCH_PIPELINE=0 skips the pipeline (for the RSS figure at 10,000 tracks with short audio);
#   BENCH_SET="key=value" is passed to `longplay run` as --set (e.g. the system-ffmpeg Opus transcoder:
#   BENCH_SET=camel.beans.opusTranscoder=#class:org.longplay.transcode.FfmpegCliOpusTranscoder).
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
dir="${BENCH_DIR:-/tmp/longplay-bench}/e2e"
tracks="${1:-1000}"
seconds="${BENCH_AUDIO_SECONDS:-210}"
zero="${BENCH_ZERO_SHARE:-0.4}"
pipeline="${BENCH_PIPELINE:-1}"
export LONGPLAY_JAVA_OPTS="${BENCH_HEAP:--Xmx512m} -XX:+UseParallelGC"
now() { date +%s.%N; }
mkdir -p "$dir"
fixture="$dir/fixture-$tracks-$seconds-$zero"
[ -f "$fixture/originals/MANIFEST.tsv" ] || "$home/longplay" fixtures --tracks "$tracks" --out "$fixture" --seed 1 \
  --audio-seconds "$seconds" --audio-variants 16 --zero-popularity-share "$zero" > /dev/null
"$home/longplay" --help > /dev/null 2>&1   # build outside the timing
ws="$dir/ws-$tracks-$seconds-$zero"
rm -rf "$ws" "$dir/times-$tracks.txt"
timed() {   # label command... : appends "label seconds peak-rss-kB" and keeps the command's stdout
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$dir/time.tmp" "$@" > "$dir/$label.out" 2> "$dir/$label.err" || true
  echo "$label $(tail -1 "$dir/time.tmp")" >> "$dir/times-$tracks.txt"
}
sync
t0=$(now)
extra=(); [ -n "${BENCH_SET:-}" ] && extra=(--set "$BENCH_SET")
timed run "$home/longplay" run --workspace "$ws" --metadata "$fixture/spotify_clean.sqlite3" \
  --originals "$fixture/originals" --covers "$fixture/covers" "${extra[@]}"
timed release "$home/longplay" release --all --workspace "$ws"
t1=$(now)
longplay_s=$(python3 -c "print($t1 - $t0)")
processed=$(sed -n 's/^  tracks by status: .*success \([0-9]*\).*/\1/p' "$dir/run.out")
stages=$(sed -n 's/^  time per stage: //p' "$dir/run.out")
release_s=$(awk '$1 == "release" { print $2 }' "$dir/times-$tracks.txt")
peak=$(awk '{ if ($3 > m) m = $3 } END { print m }' "$dir/times-$tracks.txt")
kept=$(sed -n 's/^  kept as original: \([0-9]*\) files.*/\1/p' "$dir/run.out")
opus=$(sed -n 's/.*re-encoded to Opus: \([0-9]*\) files.*/\1/p' "$dir/run.out")
torrents=$(python3 -c "import json; print(len(json.load(open('$ws/releases/torrents.json'))))")
echo "e2e benchmark: $tracks tracks generated ($(sqlite3 "$fixture/spotify_clean.sqlite3" "SELECT round(100.0 * sum(popularity = 0) / count(*), 1) FROM tracks")% at popularity 0), ${seconds} s of audio each, $(nproc) cores${BENCH_SET:+, --set $BENCH_SET}"
echo "longplay: $processed tracks processed ($kept kept as original, $opus re-encoded to Opus), $torrents torrents released"
echo "longplay: $(sed -n 's/^  Opus transcoder: /Opus transcoder /p' "$dir/run.out" | head -1)"
echo "longplay: ${longplay_s} s = $(python3 -c "print(round($processed / $longplay_s * 3600))") tracks/hour; run: $stages; release of every stage: $release_s s"
echo "longplay: peak RSS $((peak / 1024)) MB (largest of: $(awk '{ printf "%s %d MB; ", $1, $3 / 1024 }' "$dir/times-$tracks.txt"))"
[ "$pipeline" = 1 ] || exit 0

# ---- the shell pipeline, on the same tracks ---------------------------------------------------------
p="$dir/pipeline"; rm -rf "$p"; mkdir -p "$p/out" "$p/tags" "$p/music" "$p/patches"
"$home/longplay" export --track-files "$p/track-files.sqlite3" --workspace "$ws" > /dev/null 2>&1
sqlite3 -separator $'\t' "$p/track-files.sqlite3" \
  "SELECT track_id, filename, COALESCE(reencoded_kbit_vbr, '') FROM track_files WHERE status = 'success' ORDER BY track_id" > "$p/files.tsv"
: > "$p/args.txt"
while IFS=$'\t' read -r id name kbit; do
  rel=$(awk -F'\t' -v id="$id" '$1 == id { print $4 }' "$fixture/originals/MANIFEST.tsv")
  kind=$(awk -F'\t' -v id="$id" '$1 == id { print $3 }' "$fixture/originals/MANIFEST.tsv")
  [ -z "$kbit" ] && vorbiscomment -l "$ws/archive/$name" > "$p/tags/$id.txt"
  printf '%s\n%s\n%s\n%s\n' "$id" "$kind" "$fixture/originals/$rel" "${kbit:-keep}" >> "$p/args.txt"
done < "$p/files.tsv"
cat > "$p/one.sh" <<'ONE'
#!/usr/bin/env bash
set -e
id="$1" kind="$2" original="$3" kbit="$4" p="$PIPE"
if [ "$kbit" = keep ]; then
  tagged="$p/out/$id.ogg"
  if [ "$kind" = prefixed ]; then tail -c +168 "$original" > "$tagged"; else cp "$original" "$tagged"; fi
  vorbiscomment -w -c "$p/tags/$id.txt" "$tagged"
  zstd -qq -f --patch-from="$tagged" "$original" -o "$p/out/$id.zstdpatch"
  sha256sum "$original" "$tagged" > "$p/out/$id.sha256"
else
  ffmpeg -nostdin -v error -i "$original" -ar 48000 -c:a libopus -b:a "${kbit}k" -vbr on -y "$p/out/$id.opus"
  sha256sum "$original" "$p/out/$id.opus" > "$p/out/$id.sha256"
fi
ONE
chmod +x "$p/one.sh"
sync
t0=$(now)
PIPE="$p" xargs -d '\n' -n 4 -P 2 "$p/one.sh" < "$p/args.txt"
for f in "$p"/out/*.ogg "$p"/out/*.opus; do [ -e "$f" ] && ln "$f" "$p/music/"; done
for f in "$p"/out/*.zstdpatch; do [ -e "$f" ] && ln "$f" "$p/patches/"; done
mktorrent -t 2 -l 22 -o "$p/music.torrent" "$p/music" > /dev/null
mktorrent -t 2 -l 22 -o "$p/patches.torrent" "$p/patches" > /dev/null
t1=$(now)
pipe_s=$(python3 -c "print($t1 - $t0)")
echo "pipeline: $(wc -l < "$p/files.tsv") tracks in ${pipe_s} s = $(python3 -c "print(round($(wc -l < "$p/files.tsv") / $pipe_s * 3600))") tracks/hour"
echo "ratio (longplay tracks/hour / pipeline tracks/hour): $(python3 -c "print(round($pipe_s / $longplay_s, 2))")"
