#!/usr/bin/env bash
# Import time of the travistorrent2021 go+java files into a fresh local folder store (issue 2 benchmark).
# Usage: bench/import/import.sh [max-rows-per-file]   (reads ../shared; default: whole files)
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${PIPEWISE_SHARED:-../shared}/data/ci-runs/travistorrent2021"
[ -d "$data" ] || { echo "needs $data" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet publish src/Pipewise.Cli -c Release -o "$work/pipewise" -nologo -v q >/dev/null
inputs=()
for f in "$data"/travistorrent2021_builds_go.csv.gz "$data"/travistorrent2021_builds_java.csv.gz; do
  if [ -n "${1:-}" ]; then
    (set +o pipefail; zcat "$f" | head -n "$(( $1 + 1 ))" > "$work/$(basename "$f" .gz)")
    inputs+=("$work/$(basename "$f" .gz)")
  else
    inputs+=("$f")
  fi
done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for input in "${inputs[@]}"; do
  start=$(date +%s.%N)
  # Exit code 4 (some malformed rows, listed) is expected on the real files.
  (set +o pipefail; dotnet "$work/pipewise/pipewise.dll" import --store "$work/store" --format travistorrent --input "$input" 2>/dev/null | head -n 3) || true
  end=$(date +%s.%N)
  echo "  $(basename "$input"): $(echo "$end - $start" | bc -l | xargs printf '%.1f') s"
done
du -sh "$work/store" | sed 's/^/  store size: /'
