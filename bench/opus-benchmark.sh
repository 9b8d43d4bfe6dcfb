#!/usr/bin/env bash
# Opus benchmark (issue 5): BENCH_FILES (40) generated originals of 210 s, re-encoded at 75 kbit/s by
#   - the default in-process transcoder (JavaCvOpusTranscoder, libopus = auto: the system's libopus.so.0),
#     1 and 2 threads, through org.longplay.transcode.TranscodeBench (processors test classes);
#   - the same with the libopus inside the bundled FFmpeg (libopus = bundled), 1 thread (BENCH_BUNDLED=0 skips it);
#   - Debian's ffmpeg CLI, `ffmpeg -i x.ogg -c:a libopus -b:a 75k y.opus`, one file at a time and two at a time;
#   - the system-ffmpeg transcoder (FfmpegCliOpusTranscoder), 1 and 2 threads, through the same main;
# all in the same run, in that order. Reports real-time factor per core (audio seconds / (wall seconds x
# parallelism)), CPU seconds, output sizes and the ratios against the CLI at the same parallelism.
#   bench/opus-benchmark.sh            BENCH_DIR (/tmp/longplay-opus-bench), BENCH_FILES (40), BENCH_KBIT (75)
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
dir="${BENCH_DIR:-/tmp/longplay-opus-bench}"
files="${BENCH_FILES:-40}"
kbit="${BENCH_KBIT:-75}"
ffmpeg="${BENCH_FFMPEG:-/usr/bin/ffmpeg}"
mkdir -p "$dir"
now() { date +%s.%N; }

fixture="$dir/fixture"
[ -f "$fixture/originals/MANIFEST.tsv" ] || "$home/longplay" fixtures --tracks 60 --audio-seconds 210 --audio-variants 8 \
  --out "$fixture" --seed 1 >/dev/null
# playable originals only (plain or behind the Spotify prefix), in manifest order
awk -F'\t' -v dir="$fixture/originals" 'NR > 1 && ($3 == "plain" || $3 == "prefixed") { print dir "/" $4 }' \
  "$fixture/originals/MANIFEST.tsv" | head -n "$files" > "$dir/list.txt"
n=$(wc -l < "$dir/list.txt")
[ "$n" -eq "$files" ] || { echo "only $n playable originals in the fixture, $files wanted" >&2; exit 1; }

(cd "$home" && mvn -q -B -pl processors test-compile >/dev/null)
[ -d "$home/launcher/target/lib" ] || "$home/longplay" --help >/dev/null 2>&1 || true
cp="$home/processors/target/classes:$home/processors/target/test-classes:$home/launcher/target/lib/*"
audio=$(python3 - "$dir/list.txt" <<'PY'
import subprocess, sys
total = 0.0
for f in open(sys.argv[1]).read().split():
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", f],
                         capture_output=True, text=True, check=True).stdout
    total += float(out.strip())
print(f"{total:.1f}")
PY
)

echo "opus benchmark: $n originals, $audio s of audio, $kbit kbit/s, $(nproc) cores; $(uptime | sed 's/.*load/load/')"
echo "  $("$ffmpeg" -version | head -1 | cut -d' ' -f1-3); bundled: JavaCV $(ls "$home"/launcher/target/lib/ | sed -n 's/^ffmpeg-\([0-9.]*-[0-9.]*\)\.jar$/FFmpeg \1/p' | head -1)"

java_run() { # transcoder threads
  local out="$dir/out-$1-$2" t
  rm -rf "$out"
  t=$( { /usr/bin/time -f '%U %S' java -Xmx1g -cp "$cp" org.longplay.transcode.TranscodeBench run "$1" "$2" "$kbit" "$out" "$dir/list.txt" \
         > "$dir/bench-$1-$2.txt"; } 2>&1 | tail -1)
  local line; line=$(cat "$dir/bench-$1-$2.txt")
  local wall; wall=$(sed -n 's/.* wall_s=\([0-9.]*\).*/\1/p' <<<"$line")
  local bytes; bytes=$(du -cb "$out"/*.opus | tail -1 | cut -f1)
  echo "$1 $2 $wall $bytes $(awk '{print $1 + $2}' <<<"$t")"
}

cli_run() { # parallel
  local out="$dir/out-cli-$1" t0 t1 cpu
  rm -rf "$out"; mkdir -p "$out"
  t0=$(now)
  cpu=$( { /usr/bin/time -f '%U %S' xargs -P "$1" -I{} sh -c \
      'f="$1"; b=$(basename "$f" .ogg); exec "$2" -nostdin -v error -i "$f" -c:a libopus -b:a "$3"k -y "$4/$b.opus"' _ {} "$ffmpeg" "$kbit" "$out" \
      < "$dir/list.txt"; } 2>&1 | tail -1)
  t1=$(now)
  local bytes; bytes=$(du -cb "$out"/*.opus | tail -1 | cut -f1)
  echo "cli $1 $(python3 -c "print(f'{$t1 - $t0:.2f}')") $bytes $(awk '{print $1 + $2}' <<<"$cpu")"
}

results=()
results+=("$(java_run javacv 1)")
results+=("$(cli_run 1)")
results+=("$(java_run javacv 2)")
results+=("$(cli_run 2)")
[ "${BENCH_BUNDLED:-1}" = 0 ] || results+=("$(java_run javacv-bundled 1)")
results+=("$(java_run ffmpeg-cli 1)")
results+=("$(java_run ffmpeg-cli 2)")

python3 - "$audio" "${results[@]}" <<'PY'
import sys
audio = float(sys.argv[1])
rows = [r.split() for r in sys.argv[2:]]
label = {"javacv": "JavaCvOpusTranscoder, system libopus (default)", "javacv-bundled": "JavaCvOpusTranscoder, bundled libopus",
         "cli": "Debian ffmpeg CLI, one process per file",
         "ffmpeg-cli": "FfmpegCliOpusTranscoder (system ffmpeg)"}
res = {}
print(f"{'path':46s} {'par':>3s} {'wall s':>8s} {'x RT/core':>9s} {'CPU s':>8s} {'x RT/CPU s':>10s} {'MB out':>8s} {'kbit/s':>7s}")
for name, par, wall, size, cpu in rows:
    par, wall, size, cpu = int(par), float(wall), int(size), float(cpu)
    rtf = audio / wall / par
    res[(name, par)] = (rtf, size)
    print(f"{label[name]:46s} {par:3d} {wall:8.1f} {rtf:9.1f} {cpu:8.1f} {audio / cpu:10.1f} {size / 1e6:8.2f} {size * 8 / audio / 1000:7.1f}")
for name in ("javacv", "javacv-bundled", "ffmpeg-cli"):
    for par in (1, 2):
        if (name, par) not in res:
            continue
        rtf, size = res[(name, par)]
        crtf, csize = res[("cli", par)]
        print(f"ratio {name} / CLI at {par}: speed {rtf / crtf:.2f}x, size {100 * (size / csize - 1):+.2f}%")
print("(CPU s of the Java runs include JVM start-up and one warm-up transcode; x RT/core uses wall time)")
PY
echo "load after: $(uptime | sed 's/.*load/load/')"
