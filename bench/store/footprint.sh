#!/usr/bin/env bash
# Store v2 footprint (issue 15): bytes and files per run on disk after importing the travistorrent2021 go+java files
# into a fresh local folder store, with the input's own bytes per row as the reference measured in the same run.
# Usage: bench/store/footprint.sh [max-rows-per-file]   (reads ../shared; default: whole files)
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${PIPEWISE_SHARED:-../shared}/data/ci-runs/travistorrent2021"
[ -d "$data" ] || { echo "needs $data" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# PIPEWISE_DLL: an already built pipewise.dll (e.g. src/Pipewise.Cli/bin/Debug/net10.0/pipewise.dll) instead of a publish.
dll="${PIPEWISE_DLL:-$work/pipewise/pipewise.dll}"
if [ -z "${PIPEWISE_DLL:-}" ]; then
  dotnet publish src/Pipewise.Cli -c Release -o "$work/pipewise" -nologo -v q -m:1 >/dev/null
fi
echo "machine: $(nproc) cores; load at start $(cut -d' ' -f1-3 /proc/loadavg)"
input_bytes=0
rows=0
for f in "$data"/travistorrent2021_builds_go.csv.gz "$data"/travistorrent2021_builds_java.csv.gz; do
  input="$f"
  if [ -n "${1:-}" ]; then
    (set +o pipefail; zcat "$f" | head -n "$(( $1 + 1 ))" | gzip > "$work/$(basename "$f")")
    input="$work/$(basename "$f")"
  fi
  input_bytes=$(( input_bytes + $(stat -c %s "$input") ))
  rows=$(( rows + $(zcat "$input" | wc -l) - 1 ))
  start=$(date +%s.%N)
  (dotnet "$dll" import --store "$work/store" --format travistorrent --input "$input" 2>/dev/null | tail -n 2) || true
  end=$(date +%s.%N)
  echo "  $(basename "$input"): $(echo "$end - $start" | bc -l | xargs printf '%.1f') s"
done
runs=0
for s in $(find "$work/store/runs" -name '*.jsonl'); do runs=$(( runs + $(wc -l < "$s") )); done
for s in $(find "$work/store/runs" -name '*.jsonl.gz'); do runs=$(( runs + $(zcat "$s" | wc -l) )); done
bytes=$(du -sb "$work/store" | cut -f1)
files=$(find "$work/store" -type f | wc -l)
pipelines=$(find "$work/store/runs" -name head.json | wc -l)
echo "load at end $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rows read: $rows; runs stored: $runs in $pipelines pipelines"
echo "store: $bytes bytes (du -sb), $files files"
awk -v b="$bytes" -v f="$files" -v r="$runs" -v ib="$input_bytes" -v rows="$rows" 'BEGIN {
  printf "bytes per run: %.0f; files per run: %.4f\n", b / r, f / r;
  printf "reference (same run): the gzip CSV input, %.0f bytes per row; store / input = %.2f\n", ib / rows, (b / r) / (ib / rows);
}'
