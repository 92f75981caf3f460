#!/usr/bin/env bash
# Source file size figures for the closing notes of refactors: non-test C# files under src/,
# how many are over 300 and over 400 lines, the median and the largest.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t sizes < <(git ls-files -co --exclude-standard 'src/**/*.cs' | grep -v '/obj/' | xargs wc -l | grep -v ' total$' | awk '{print $1}' | sort -n)
n=${#sizes[@]}
over300=0 over400=0
for s in "${sizes[@]}"; do
  [ "$s" -gt 300 ] && over300=$((over300 + 1))
  [ "$s" -gt 400 ] && over400=$((over400 + 1))
done
if [ $((n % 2)) -eq 1 ]; then median=${sizes[$((n / 2))]}; else median=$(( (sizes[n / 2 - 1] + sizes[n / 2]) / 2 )); fi
echo "source files: $n, over 300 lines: $over300, over 400 lines: $over400, median: $median, largest: ${sizes[$((n - 1))]}"
