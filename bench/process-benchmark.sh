#!/usr/bin/env bash
# Process benchmark (issue 4): `longplay process` (validate, strip the prefix page, tag, write the
# zstd patch, SHA-256 both) against the reference shell pipeline on the same originals, same run:
#   per file: cp (plain originals) or `tail -c +168` (prefixed: vorbiscomment cannot read the
#   167-byte prefix page), `vorbiscomment -w -c <tags>` (the same comments longplay writes, read
#   back with `vorbiscomment -l` from longplay's output before timing), `zstd -q --patch-from=<tagged>
#   <original>` (level 3, the CLI's default; longplay uses level 1), `sha256sum <original> <tagged>`: one process per tool
#   per file, run sequentially and 2 at a time (xargs -P 2, the machine's cores);
# and the physical floor: one `cp` of the same originals into a new folder.
# The set of files is the one `process` handles: planned `todo`, popularity > 0, original playable
# (status `success` after a run). longplay's timed run also meets the few broken or missing originals
# of those tracks (it rejects them); the pipeline and cp get only the good ones.
# Every side runs warm: the originals are read once before timing, and `sync` (untimed) runs before
# each timed side so one side's write-back does not land in the next one's time. Nobody fsyncs by
# default (longplay.process.fsync=false: a run that dies is detected and its files hashed again).
# Each side runs BENCH_RUNS times (default 3), interleaved; medians, with every run after the rate.
# Then, untimed: patch sizes (longplay vs `zstd -19 --patch-from=<longplay tagged>` vs the pipeline's
# level-3 patches) and a check that a few of longplay's patches rebuild the original.
# BENCH_VARIANTS=1 (default) also times longplay once with fsync=true and once with patch-level=3.
#   bench/process-benchmark.sh [TRACKS]      default: 540 (about 200 playable originals of ~4 MB kept in original quality)
# The fixture is generated once under ${BENCH_DIR:-/tmp/longplay-bench} (seed 1) and reused.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
dir="${BENCH_DIR:-/tmp/longplay-bench}"
heap="${BENCH_HEAP:--Xmx512m}"
runs="${BENCH_RUNS:-3}"
variants="${BENCH_VARIANTS:-1}"
tracks="${1:-540}"
mkdir -p "$dir"
now() { date +%s.%N; }
load() { cut -d' ' -f1 /proc/loadavg; }
export LONGPLAY_JAVA_OPTS="$heap -XX:+UseParallelGC"

fixture="$dir/fixture-process-$tracks"
originals="$fixture/originals"
[ -f "$originals/MANIFEST.tsv" ] || "$home/longplay" fixtures --tracks "$tracks" --out "$fixture" --seed 1 \
  --audio-seconds 210 --audio-variants 8 >/dev/null
b="$dir/process"                       # everything this script writes, apart from the fixture
rm -rf "$b"; mkdir -p "$b"
"$home/longplay" import --metadata "$fixture/spotify_clean.sqlite3" --workspace "$b/planned" >/dev/null 2>&1
# a threshold no track reaches: popularity 0 is skipped, so `process` has only originals to keep (the
# Opus re-encodes have their own benchmark, bench/opus-benchmark.sh)
"$home/longplay" plan --workspace "$b/planned" --set longplay.plan.priority-threshold=1000 >/dev/null 2>&1

# longplay process on a fresh copy of the planned workspace; prints "seconds inside-seconds successes".
run_longplay() {   # name [--set ...]
  local name="$1" t0 t1; shift
  rm -rf "$b/ws-$name"; cp -a "$b/planned" "$b/ws-$name"; sync
  t0=$(now)
  "$home/longplay" process --originals "$originals" --workspace "$b/ws-$name" "$@" \
    > "$b/process-$name.txt" 2>"$b/process-$name.log" || true   # exit 1: the broken originals
  t1=$(now)
  echo "$(python3 -c "print($t1 - $t0)") $(sed -n 's/^process: .* in \([0-9.]*\) s .*/\1/p' "$b/process-$name.txt") \
$(sed -n 's/^  success  *\([0-9]*\)$/\1/p' "$b/process-$name.txt")"
}

# Untimed first run: the list of files, longplay's tagged outputs (for the tags files) and warm caches.
read -r _ _ expected < <(run_longplay first)
"$home/longplay" export --track-files "$b/track-files.sqlite3" --workspace "$b/ws-first" >/dev/null 2>&1
sqlite3 -separator $'\t' "$b/track-files.sqlite3" \
  "SELECT track_id, filename, sha256_original, sha256_with_embedded_meta FROM track_files
   WHERE status = 'success' ORDER BY track_id" > "$b/files.tsv"
mkdir -p "$b/tags"
: > "$b/list.tsv"; : > "$b/args.txt"; : > "$b/originals.txt"
while IFS=$'\t' read -r id name sha_o sha_t; do
  rel=$(awk -F'\t' -v id="$id" '$1 == id { print $4 }' "$originals/MANIFEST.tsv")
  kind=$(awk -F'\t' -v id="$id" '$1 == id { print $3 }' "$originals/MANIFEST.tsv")
  vorbiscomment -l "$b/ws-first/archive/$name" > "$b/tags/$id.txt"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$kind" "$originals/$rel" "$name" "$sha_o" "$sha_t" >> "$b/list.tsv"
  printf '%s\n%s\n%s\n' "$id" "$kind" "$originals/$rel" >> "$b/args.txt"
  echo "$originals/$rel" >> "$b/originals.txt"
done < "$b/files.tsv"
files=$(wc -l < "$b/list.tsv")
[ "$files" -eq "$expected" ] || { echo "file list ($files) and successes ($expected) differ" >&2; exit 1; }
bytes=$(xargs -d '\n' stat -c %s < "$b/originals.txt" | paste -sd+ | python3 -c "print(eval(input()))")
kinds=$(cut -f2 "$b/list.tsv" | sort | uniq -c | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')
tags_per_file=$(cat "$b"/tags/*.txt | wc -l | python3 -c "import sys; print(round(int(input()) / $files, 1))")

# The reference pipeline for one file: id kind original (work dir in $PIPE_OUT).
pipeline_one() {
  local id="$1" kind="$2" original="$3" tagged="$PIPE_OUT/$1.ogg"
  if [ "$kind" = prefixed ]; then tail -c +168 "$original" > "$tagged"; else cp "$original" "$tagged"; fi
  vorbiscomment -w -c "$PIPE_TAGS/$id.txt" "$tagged"
  zstd -qq -f --patch-from="$tagged" "$original" -o "$PIPE_OUT/$id.zstdpatch"   # -qq: no "long mode" notes
  sha256sum "$original" "$tagged" > "$PIPE_OUT/$id.sha256"
}
export -f pipeline_one
export PIPE_TAGS="$b/tags"
run_pipeline() {   # parallelism
  local t0 t1
  export PIPE_OUT="$b/pipe-$1"; rm -rf "$PIPE_OUT"; mkdir -p "$PIPE_OUT"; sync
  t0=$(now)
  xargs -d '\n' -n 3 -P "$1" bash -c 'pipeline_one "$@"' _ < "$b/args.txt"
  t1=$(now)
  python3 -c "print($t1 - $t0)"
}
run_cp() {
  local t0 t1
  rm -rf "$b/cp"; mkdir -p "$b/cp"; sync
  t0=$(now); xargs -d '\n' cp -t "$b/cp" < "$b/originals.txt"; t1=$(now)
  python3 -c "print($t1 - $t0)"
}

xargs -d '\n' cat < "$b/originals.txt" > /dev/null   # warm page cache for every side alike
lp=(); lp_in=(); seq1=(); par2=(); cps=(); loads=()
for run in $(seq "$runs"); do
  loads+=("$(load)")
  read -r t inside ok < <(run_longplay "run")
  [ "$ok" -eq "$files" ] || echo "run $run: longplay processed $ok files, expected $files" >&2
  lp+=("$t"); lp_in+=("$inside")
  seq1+=("$(run_pipeline 1)")
  par2+=("$(run_pipeline 2)")
  cps+=("$(run_cp)")
  loads+=("$(load)")
done
rm -rf "$b/cp" "$b/pipe-1"   # pipe-2 and ws-run stay for the sizes and checks below

variant_lines=""
if [ "$variants" = 1 ]; then
  for v in "fsync-true longplay.process.fsync=true" "level-3 longplay.process.patch-level=3"; do
    set -- $v
    l0=$(load); read -r t inside ok < <(run_longplay "$1" --set "$2"); l1=$(load)
    psize=$(du -cb "$b/ws-$1"/patches/*.zstdpatch | tail -1 | cut -f1)
    variant_lines+="$2|$t|$inside|$ok|$psize|$l0/$l1"$'\n'
    rm -rf "$b/ws-$1"
  done
fi

# Patch sizes (untimed): longplay's; the zstd CLI at -19 and at -3 against longplay's tagged file
# (same reference, so only the compressor differs); the pipeline's level 3 (its own tagged file).
for level in 19 3; do
  mkdir -p "$b/z$level"
  cut -f1,3,4 "$b/list.tsv" | while IFS=$'\t' read -r id original name; do
    printf '%s\n%s\n%s\n' "$b/ws-first/archive/$name" "$original" "$b/z$level/$id.zstdpatch"
  done | xargs -d '\n' -n 3 -P 2 sh -c 'zstd -qq -f -'$level' --patch-from="$1" "$2" -o "$3" 2>/dev/null' _
done
sizes() { for id in $(cut -f1 "$b/list.tsv"); do stat -c %s "$1/$id.zstdpatch"; done | paste -sd' '; }
lp_sizes=$(sizes "$b/ws-first/patches"); z19_sizes=$(sizes "$b/z19"); z3_sizes=$(sizes "$b/z3")
pipe_sizes=$(sizes "$b/pipe-2")

# Correctness (untimed): longplay's patches rebuild the original (first, middle, last file), and every
# tagged file longplay wrote in the timed runs has the checksum the catalogue holds.
checked=0; bad=0
for n in 1 $(( (files + 1) / 2 )) "$files"; do
  IFS=$'\t' read -r id kind original name sha_o sha_t < <(sed -n "${n}p" "$b/list.tsv")
  zstd -qq -d -f --patch-from="$b/ws-run/archive/$name" "$b/ws-run/patches/$id.zstdpatch" -o "$b/rebuilt.ogg"
  [ "$(sha256sum < "$b/rebuilt.ogg" | cut -d' ' -f1)" = "$sha_o" ] \
    && [ "$(sha256sum < "$b/ws-run/archive/$name" | cut -d' ' -f1)" = "$sha_t" ] || bad=$((bad + 1))
  checked=$((checked + 1))
done
rm -f "$b/rebuilt.ogg"

python3 - "$files" "$bytes" "$kinds" "$tags_per_file" "$heap" "$runs" "$checked" "$bad" "$(nproc)" \
  "${lp[*]}" "${lp_in[*]}" "${seq1[*]}" "${par2[*]}" "${cps[*]}" "${loads[*]}" \
  "$lp_sizes" "$z19_sizes" "$z3_sizes" "$pipe_sizes" "$variant_lines" <<'PY'
import statistics, sys
a = sys.argv
files, size, kinds, tags, heap, runs, checked, bad, cores = int(a[1]), int(a[2]), a[3], a[4], a[5], int(a[6]), int(a[7]), int(a[8]), a[9]
lp, lp_in, seq1, par2, cps, loads = ([float(x) for x in s.split()] for s in a[10:16])
lp_sz, z19_sz, z3_sz, pipe_sz = ([int(x) for x in s.split()] for s in a[16:20])
variants = [v.split("|") for v in a[20].splitlines() if v]
m = statistics.median
mb = size / 1e6
show = lambda times: "/".join(f"{x:.1f}" for x in times)
def row(label, times, note=""):
    t = m(times)
    print(f"  {label:<34} {t:6.1f} s {files / t:7.1f} files/s {mb / t:7.1f} MB/s  [{show(times)}]{note}")
print(f"process: {files} originals, {mb:,.1f} MB ({kinds}), ~{tags} comments each; {cores} cores; "
      f"median of {runs} interleaved runs, all runs after the rate; page cache warm for every side")
print(f"  load average (1 min) before/after each run: {' '.join(f'{x:.1f}' for x in loads)}")
row(f"longplay process {heap}", lp, " whole CLI run")
row("  of which processing", lp_in)
row("pipeline, sequential", seq1, " cp|tail -c +168, vorbiscomment, zstd -3, sha256sum")
row("pipeline, 2 in parallel (xargs -P 2)", par2)
row("cp of the originals (floor)", cps)
for key, t, inside, ok, psize, ld in variants:
    t = float(t)
    print(f"  once: --set {key:<34} {t:6.1f} s {int(ok) / t:7.1f} files/s {mb / t:7.1f} MB/s  "
          f"(processing {float(inside):.1f} s; patches {int(psize):,} B; load {ld})")
print(f"  ratio longplay / pipeline -P 2   {m(par2) / m(lp):.2f} files/s (floor 1.5, goal 3)"
      f"   processing alone {m(par2) / m(lp_in):.2f}")
print(f"  ratio longplay / pipeline seq.   {m(seq1) / m(lp):.2f}   processing alone {m(seq1) / m(lp_in):.2f}")
print(f"  longplay / cp floor              {m(cps) / m(lp):.2f}")
print(f"patches ({files} files):              total        median")
for label, s in (("longplay (level 1)", lp_sz), ("zstd -19 --patch-from=<longplay's>", z19_sz),
                 ("zstd -3 --patch-from=<longplay's>", z3_sz), ("pipeline zstd -3 (own tagged)", pipe_sz)):
    print(f"  {label:<34} {sum(s):>10,} B {m(s):>9,.0f} B")
print(f"  ratio longplay / zstd -19        total {sum(lp_sz) / sum(z19_sz):.2f}, median {m(lp_sz) / m(z19_sz):.2f}"
      f" (floor <= 1.5, goal <= 1.1)")
print(f"  ratio longplay / zstd -3 CLI     total {sum(lp_sz) / sum(z3_sz):.2f}, median {m(lp_sz) / m(z3_sz):.2f}")
print(f"  ratio longplay / pipeline -3     total {sum(lp_sz) / sum(pipe_sz):.2f}, median {m(lp_sz) / m(pipe_sz):.2f}")
print(f"checked: {checked - bad} of {checked} patches rebuild sha256_original with zstd -d --patch-from"
      + ("" if bad == 0 else f"; {bad} DO NOT"))
PY
