#!/usr/bin/env bash
# Runs every Pipewise test and prints one closing line "N passed, N failed, N skipped".
#  - first installs what the tests need when it is missing: Azurite (blob emulator) from npm into .tools/azurite,
#    headless Chromium from apt (as root, or with sudo) — so that a first run on a fresh machine skips nothing;
#  - the .NET test projects (MSTest on Microsoft.Testing.Platform), results as TRX under TestResults/dotnet;
#  - the Azure DevOps task launchers' tests with Node's built-in test runner (tasks/**/*.test.js).
# Tests that need ../shared report themselves inconclusive (counted as skipped) when it is missing, and so do the
# Azurite and Chromium tests when these could not be installed (no network, no root).
set -uo pipefail
cd "$(dirname "$0")/.."

azurite_version="3.37.0"
if [ ! -x .tools/azurite/node_modules/.bin/azurite-blob ]; then
  echo "test.sh: installing Azurite $azurite_version into .tools/azurite"
  npm install --prefix .tools/azurite --no-audit --no-fund --loglevel=error "azurite@$azurite_version" \
    || echo "test.sh: warning: Azurite could not be installed; the blob store tests will report inconclusive" >&2
fi
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing Chromium (apt-get install chromium)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  ($sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null) \
    || echo "test.sh: warning: Chromium could not be installed; the page rendering tests will report inconclusive" >&2
fi
results="TestResults"
rm -rf "$results"
mkdir -p "$results/dotnet"

passed=0 failed=0 skipped=0

dotnet test --solution Extension.sln --report-trx --results-directory "$results/dotnet" "$@"
dotnet_rc=$?

trx_count=0
for trx in "$results"/dotnet/*.trx; do
  [ -f "$trx" ] || continue
  trx_count=$((trx_count + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get inconclusive) + $(get notExecuted)))
done
if [ "$dotnet_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $dotnet_rc without a failed test in its results (a test host crashed or did not build): counted as 1 failure" >&2
  failed=$((failed + 1))
fi

node_tests=$(find tasks -name '*.test.js' -not -path '*/node_modules/*' 2>/dev/null | sort)
if [ -n "$node_tests" ]; then
  # shellcheck disable=SC2086
  node --test --test-reporter=tap $node_tests > "$results/node.tap" 2>&1
  node_rc=$?
  cat "$results/node.tap" | grep -E '^# (tests|pass|fail|skipped|todo)' || true
  np=$(sed -n 's/^# pass \([0-9]*\)/\1/p' "$results/node.tap" | tail -n 1)
  nf=$(sed -n 's/^# fail \([0-9]*\)/\1/p' "$results/node.tap" | tail -n 1)
  ns=$(sed -n 's/^# skipped \([0-9]*\)/\1/p' "$results/node.tap" | tail -n 1)
  passed=$((passed + ${np:-0}))
  failed=$((failed + ${nf:-0}))
  skipped=$((skipped + ${ns:-0}))
  if [ "$node_rc" -ne 0 ] && [ "${nf:-0}" -eq 0 ]; then
    echo "node --test exited with $node_rc without a failed test: counted as 1 failure" >&2
    failed=$((failed + 1))
  fi
fi

echo "$trx_count .NET test project(s) reported; results in $results/"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
