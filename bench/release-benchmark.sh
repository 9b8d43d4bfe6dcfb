#!/usr/bin/env bash
# Release benchmark (issue 6): `longplay release` of one music stage holding about 4 GB of generated
# music (one data folder, hard links into archive/, 4 MiB pieces) against `mktorrent -t 2 -l 22` on
# the same folder, same run, warm and cold page cache; and the disk's sequential read rate over the
# same files, cold (`cat` of every file), so cold hashing can be compared with what the disk gives.
#   bench/release-benchmark.sh [TRACKS]     default 2700 (~920 originals of ~4.4 MB kept; popularity 0 skipped)
# Each longplay run releases a new stage (b<time>-<mode>-<n>) of the same frozen collection, so it does the
# whole job every time: links, metadata file, torrents, catalogue, torrents.json. Whole-command times
# (JVM start included) and, from longplay's log, the hashing of the data folder alone.
# Cold = `echo 3 > /proc/sys/vm/drop_caches` (root) or, failing that, POSIX_FADV_DONTNEED on every file.
# BENCH_RUNS (default 3) runs of each side, interleaved; medians.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
dir="${BENCH_DIR:-/tmp/longplay-bench}"
runs="${BENCH_RUNS:-3}"
tracks="${1:-2700}"
export LONGPLAY_JAVA_OPTS="${BENCH_HEAP:--Xmx512m} -XX:+UseParallelGC"
now() { date +%s.%N; }
fixture="$dir/fixture-process-$tracks"
ws="$dir/release/ws"
mkdir -p "$dir/release"
[ -f "$fixture/originals/MANIFEST.tsv" ] || "$home/longplay" fixtures --tracks "$tracks" --out "$fixture" --seed 1 \
  --audio-seconds 210 --audio-variants 8 >/dev/null
if [ ! -f "$ws/.processed" ]; then
  rm -rf "$ws"
  "$home/longplay" import --metadata "$fixture/spotify_clean.sqlite3" --workspace "$ws" >/dev/null 2>&1
  "$home/longplay" plan --workspace "$ws" --set longplay.plan.priority-threshold=1000 >/dev/null 2>&1
  "$home/longplay" process --originals "$fixture/originals" --workspace "$ws" >/dev/null 2>&1 || true
  touch "$ws/.processed"
fi
release() {   # stage-id -> prints seconds, hashing seconds, the data folder's btih and folder
  local id="$1" t0 t1
  t0=$(now)
  "$home/longplay" release --stage "$id" --workspace "$ws" \
    --set "longplay.release.stages=$id=music:1-100" --set longplay.release.piece-length=4194304 \
    > "$dir/release/$id.txt" 2> "$dir/release/$id.log"
  t1=$(now)
  local folder; folder=$(ls -d "$ws/releases/$id"/longplay_data__*Z | head -1)
  local hashed; hashed=$(sed -n "s/^  hashed longplay_data__[^:]*: [0-9]* bytes in \([0-9.]*\) s.*/\1/p" "$dir/release/$id.txt" | head -1)
  local btih; btih=$(awk '/longplay_data__.*\.torrent/ { print $1; exit }' "$dir/release/$id.txt")
  echo "$(python3 -c "print($t1 - $t0)") $hashed $btih $folder"
}
cold() {
  sync
  if ! echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then
    find "$ws/archive" "$ws/releases" -type f -print0 | xargs -0 /usr/bin/python3 -c '
import os, sys
for p in sys.argv[1:]:
    fd = os.open(p, os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED); os.close(fd)'
  fi
}
warm() { cat "$1"/* > /dev/null; }
mk() {   # folder -> seconds and btih of mktorrent -t 2 -l 22
  local t0 t1 out="$dir/release/mk.torrent"
  rm -f "$out"
  t0=$(now); mktorrent -t 2 -l 22 -o "$out" "$1" > /dev/null; t1=$(now)
  echo "$(python3 -c "print($t1 - $t0)") $(/usr/bin/python3 -c 'import sys, libtorrent as lt; print(lt.torrent_info(sys.argv[1]).info_hashes().v1)' "$out")"
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# stage ids are new in every invocation (a released stage is never built again); earlier ones are removed
tag="b$(date +%s)"
rm -rf "$ws/releases"
# an untimed first release warms the caches (CDS archive, catalogue) and gives the folder
read -r _ _ _ folder < <(release "$tag-first")
bytes=$(du -b --apparent-size -s "$folder" | cut -f1)
files=$(ls "$folder" | wc -l)
: > "$dir/release/times.txt"
for n in $(seq 1 "$runs"); do
  for mode in warm cold; do
    if [ "$mode" = cold ]; then cold; else warm "$folder"; fi
    read -r s hs btih f < <(release "$tag-$mode-$n")
    echo "longplay $mode $s $hs $btih" >> "$dir/release/times.txt"
    if [ "$mode" = cold ]; then cold; else warm "$f"; fi
    read -r s btih < <(mk "$f")
    echo "mktorrent $mode $s $s $btih" >> "$dir/release/times.txt"
  done
  cold; t0=$(now); cat "$folder"/* > /dev/null; t1=$(now)
  echo "disk cold $(python3 -c "print($t1 - $t0)") 0 -" >> "$dir/release/times.txt"
done
mb=$(python3 -c "print($bytes / 1e6)")
rate() { python3 -c "print(f'{$mb / $1:,.0f}')"; }
get() { awk -v a="$1" -v b="$2" -v c="$3" '$1 == a && $2 == b { print $c }' "$dir/release/times.txt" | median; }
echo "release benchmark: $files files, $bytes bytes in one data folder, 4 MiB pieces, runs: $runs, cores: $(nproc)"
for mode in warm cold; do
  l=$(get longplay $mode 3); lh=$(get longplay $mode 4); m=$(get mktorrent $mode 3)
  echo "$mode: longplay release $l s ($(rate "$l") MB/s; hashing alone $lh s, $(rate "$lh") MB/s), mktorrent -t 2 -l 22 $m s ($(rate "$m") MB/s)"
  echo "$mode: ratio (longplay MB/s / mktorrent MB/s): whole command $(python3 -c "print(round($m / $l, 2))"), hashing $(python3 -c "print(round($m / $lh, 2))")"
done
d=$(get disk cold 3)
echo "disk: sequential read of the same files, cold: $d s ($(rate "$d") MB/s); cold hashing at $(python3 -c "print(round($d / $(get longplay cold 4) * 100))")% of it"
echo "info-hashes: $(awk '{ print $5 }' "$dir/release/times.txt" | grep -v '^-$' | sort -u | wc -l) distinct (1 = longplay equals mktorrent)"
echo "every run: $(tr '\n' ';' < "$dir/release/times.txt")"
