#!/usr/bin/env bash
# The floor HSQLDB puts under `longplay plan` (bench/PlanReadBound.java): the plan's inputs streamed
# once, nothing computed or written, against the sqlite3 CLI running bench/plan.sql in the same run.
# Uses the workspace bench/plan-benchmark.sh leaves (imported and planned); copies its catalogue.
#   bench/plan-read-bound.sh [TRACKS]      default 1000000
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
dir="${BENCH_DIR:-/tmp/longplay-bench}"
tracks="${1:-1000000}"
source="$dir/fixture-$tracks/spotify_clean.sqlite3"
[ -d "$dir/plan-workspace/catalog" ] && [ -f "$source" ] || { echo "run bench/plan-benchmark.sh $tracks first" >&2; exit 2; }
"$home/longplay" --help >/dev/null 2>&1   # builds the launcher and its lib/ if needed
rm -rf "$dir/bound-catalog" && cp -r "$dir/plan-workspace/catalog" "$dir/bound-catalog"
rm -f "$dir/bound.sqlite3"; t0=$(date +%s.%N)
sqlite3 "$dir/bound.sqlite3" -cmd "ATTACH '$source' AS src" < "$home/bench/plan.sql" > /dev/null
t1=$(date +%s.%N); rm -f "$dir/bound.sqlite3"
echo "tracks=$tracks: HSQLDB streams of the plan's inputs (batches of 50,000 rowids, -Xmx512m)"
out="$(java -Xmx512m -XX:+UseParallelGC -cp "$home/launcher/target/lib/*" "$home/bench/PlanReadBound.java" "$dir/bound-catalog")"
grep -v '^bound=' <<<"$out"
python3 - "$t0" "$t1" "$(sed -n 's/^bound=//p' <<<"$out")" <<'PY'
import sys
t0, t1 = float(sys.argv[1]), float(sys.argv[2])
reads, first = (float(x) for x in sys.argv[3].split())
cli = t1 - t0
print(f"  sqlite3 CLI bench/plan.sql, whole script       {cli:6.1f} s")
print(f"  best ratio a plan on HSQLDB can reach, before JVM start and before computing anything (floor 0.5):")
print(f"    planning again (reads only)   {cli:.1f} / {reads:.1f} = {cli / reads:.2f}")
print(f"    a first plan (reads + writes) {cli:.1f} / {first:.1f} = {cli / first:.2f}")
PY
rm -rf "$dir/bound-catalog"
