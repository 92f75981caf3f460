#!/usr/bin/env bash
# Renders marketplace/summary.png: the summary `pipewise run` writes for a real pipeline (42wim/matterbridge, its
# Travis CI history from ../shared/data/ci-runs/travistorrent2021, the newest build scored against the 850 before it),
# drawn as a summary tab and photographed with headless Chromium. Also renders marketplace/icon.png from icon.svg.
#   scripts/vsix/render-screenshot.sh [pipewise command, default: pipewise on PATH]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pipewise="${1:-pipewise}"
data="${PIPEWISE_SHARED:-$root/../shared}/data/ci-runs/travistorrent2021/travistorrent2021_builds_go.csv.gz"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# (head closes the pipe early: no pipefail here)
set +o pipefail
{ zcat "$data" | head -n 1; zcat "$data" | grep '^42wim/matterbridge,' | head -n -1; } > "$work/history.csv"
set -o pipefail
$pipewise import --store "$work/store" --format travistorrent --input "$work/history.csv" >/dev/null 2>&1
cat > "$work/run.json" <<'JSON'
{"provider":"travis","organization":"42wim","repository":"matterbridge","pipelineId":"travis-ci","pipelineName":"42wim/matterbridge","runId":"701817598","sequence":701817598,"event":"pull_request","branch":"master","commit":"c8e666916ec7b07acc4be788133e28439a2e0969","pullRequest":1161,"startedAt":"2020-06-24T21:41:44Z","durationSeconds":31,"result":"failed","tests":{"total":0,"passed":0,"failed":0}}
JSON
$pipewise run --host local --store "$work/store" --run-file "$work/run.json" --summary-file "$work/summary.md" --seed 1 >/dev/null
node "$root/scripts/vsix/summary-to-html.js" "$work/summary.md" > "$work/summary.html"
chromium=$(command -v chromium || echo /usr/bin/chromium)
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,1120 \
  --screenshot="$root/marketplace/summary.png" "file://$work/summary.html" >/dev/null 2>&1
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 --window-size=128,128 \
  --screenshot="$root/marketplace/icon.png" "file://$root/marketplace/icon.svg" >/dev/null 2>&1
ls -la "$root/marketplace/summary.png" "$root/marketplace/icon.png"
