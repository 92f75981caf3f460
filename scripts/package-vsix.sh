#!/usr/bin/env bash
# Packages the Azure DevOps extension (vss-extension.json + tasks/) into a .vsix with tfx-cli.
#
#   scripts/package-vsix.sh [--output DIR] [--bundle "linux-x64 win-x64 ..."]
#
# - tfx-cli is installed into .tools/tfx (git-ignored) from the npm registry when missing.
# - The tasks are staged in out/vsix/stage: each task folder gets task.json (its Minor.Patch set to the extension
#   version's), index.js, copies of tasks/common/launcher.js and installer.js (the installed task cannot reach
#   ../common) and tool.json (the tool version the task installs when the agent has none); the Marketplace page
#   (marketplace/overview.md, icon.png, summary.png) and LICENSE go beside vss-extension.json.
# - --bundle (or PIPEWISE_BUNDLE_RIDS) publishes pipewise self-contained single-file per runtime id into
#   tasks/<task>/bin/<rid>/ (agents without internet access; see docs/adrs/0009-azure-devops-task-installs-the-tool.md).
#   Without it the tasks install the tool from the feed into the agent's tool cache.
# - Fails (exit != 0) when the manifest or a task.json is broken, or when tfx reports a task.json issue.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="$root/out/vsix"
bundle="${PIPEWISE_BUNDLE_RIDS:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --output) output="$2"; shift 2 ;;
    --bundle) bundle="$2"; shift 2 ;;
    *) echo "package-vsix: unknown argument $1" >&2; exit 2 ;;
  esac
done

tfx_version="0.23.1"
tfx="$root/.tools/tfx/node_modules/.bin/tfx"
if [ ! -x "$tfx" ]; then
  echo "package-vsix: installing tfx-cli $tfx_version into .tools/tfx"
  mkdir -p "$root/.tools/tfx"
  npm install --no-audit --no-fund --silent --prefix "$root/.tools/tfx" "tfx-cli@$tfx_version" >&2
fi

stage="$output/stage"
rm -rf "$stage"
mkdir -p "$stage/tasks" "$stage/marketplace"
cp "$root/vss-extension.json" "$root/LICENSE" "$stage/"
cp "$root/marketplace/overview.md" "$root/marketplace/icon.png" "$root/marketplace/summary.png" "$stage/marketplace/"

# The tool version the tasks install when the agent has none: the release version of this checkout.
tool_version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -n 1)
[ -n "$tool_version" ] || { echo "package-vsix: no <Version> in Directory.Build.props" >&2; exit 1; }

tasks=$(node -e '
  const m = require(process.argv[1]);
  for (const c of m.contributions || []) if (c.type === "ms.vss-distributed-task.task") console.log(c.properties.name);
' "$root/vss-extension.json")
[ -n "$tasks" ] || { echo "package-vsix: vss-extension.json declares no task" >&2; exit 1; }

for task in $tasks; do
  src="$root/$task"
  [ -f "$src/task.json" ] || { echo "package-vsix: $task/task.json is missing" >&2; exit 1; }
  node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$src/task.json" \
    || { echo "package-vsix: $task/task.json is not valid JSON" >&2; exit 1; }
  dest="$stage/$task"
  mkdir -p "$dest"
  cp "$src/index.js" "$dest/"
  cp "$root/tasks/common/launcher.js" "$root/tasks/common/installer.js" "$dest/"
  printf '{ "version": "%s" }\n' "$tool_version" > "$dest/tool.json"
  # Each release is a new task version (the agent caches a task by version): Minor.Patch follow the extension's.
  node -e '
    const fs = require("fs");
    const [file, out, version] = process.argv.slice(1);
    const task = JSON.parse(fs.readFileSync(file, "utf8"));
    const [, minor, patch] = version.split(".").map(Number);
    task.version = { Major: task.version.Major, Minor: minor, Patch: patch };
    fs.writeFileSync(out, JSON.stringify(task, null, 2) + "\n");
  ' "$src/task.json" "$dest/task.json" "$(node -p 'require(process.argv[1]).version' "$root/vss-extension.json")"
  for rid in $bundle; do
    echo "package-vsix: publishing pipewise for $rid into $task/bin/$rid"
    dotnet publish "$root/src/Pipewise.Cli" -c Release -r "$rid" --self-contained \
      -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
      -o "$dest/bin/$rid" >&2
  done
done

log="$output/tfx.log"
set +e
(cd "$stage" && "$tfx" extension create --root . --manifest-globs vss-extension.json --output-path "$output" --no-prompt --json) >"$log" 2>&1
status=$?
set -e
if [ $status -ne 0 ]; then
  cat "$log" >&2
  echo "package-vsix: tfx extension create failed (exit $status)" >&2
  exit 1
fi
# tfx reports task.json problems as warnings ("will become errors"); treat them as errors here.
if grep -qiE 'warning|is not a valid|Cannot find|not found' "$log"; then
  cat "$log" >&2
  echo "package-vsix: tfx reported problems with the extension" >&2
  exit 1
fi

vsix=$(ls -t "$output"/*.vsix 2>/dev/null | head -n 1)
[ -n "$vsix" ] || { cat "$log" >&2; echo "package-vsix: no .vsix produced" >&2; exit 1; }
listing=$(unzip -l "$vsix")
for task in $tasks; do
  for file in task.json index.js launcher.js installer.js tool.json; do
    case "$listing" in
      *"$task/$file"*) ;;
      *) echo "package-vsix: $vsix lacks $task/$file" >&2; exit 1 ;;
    esac
  done
done
echo "package-vsix: $vsix ($(stat -c %s "$vsix" 2>/dev/null || stat -f %z "$vsix") bytes)"
