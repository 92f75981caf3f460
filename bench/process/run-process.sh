#!/usr/bin/env bash
# Whole-process cost of `pipewise --version` and one `pipewise run` (EVALUATION.md §3) as the user gets it: the
# tool packed from this checkout (this machine's runtime identifier) and installed with `dotnet tool install` into
# a temporary tool path, run through its `pipewise` command. Next to it a hello-world .NET process (the floor).
# Cold process each time; local folder store with 200 runs of history; the shipped default model; the local host.
# Rounds are interleaved (hello, --version, run, hello, …) so that the load of a shared machine hits all alike, and
# the result is given as ratios to hello world taken in the same run, with the load average before and after.
# The last row runs the same tool with PIPEWISE_JIT=1: the native program hands the command to the ReadyToRun
# pipewise.dll beside it (what the tool ran before Native AOT, and still runs for train/backtest/simulate/demo).
# Also prints the package and installed sizes.
# Usage: bench/process/run-process.sh [N]   (needs /usr/bin/time: apt-get install time)
#   BASELINE_TOOL=<folder with a pipewise command> adds that tool's rows (e.g. an older version) to the same rounds.
#   PIPEWISE_TOOL=<folder with a pipewise command> measures that installed tool instead of packing this checkout.
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-15}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ -n "${PIPEWISE_TOOL:-}" ]; then
  pipewise="$PIPEWISE_TOOL/pipewise"   # an installed tool path to measure instead of packing this checkout
else
  PIPEWISE_ACTION_PATH="$PWD" PIPEWISE_SOURCE=checkout RUNNER_TEMP="$work" PIPEWISE_TOOL_DIR="$work/tool" \
    GITHUB_OUTPUT=/dev/null bash scripts/action/install.sh install >/dev/null
  pipewise="$work/tool/pipewise"
fi
mkdir -p "$work/hello" && cat > "$work/hello/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>
XML
echo 'System.Console.WriteLine("hello");' > "$work/hello/Program.cs"
(cd "$work/hello" && dotnet publish -c Release -o out -nologo -v q >/dev/null)

# 200 runs of history for one pipeline, then the run to score.
header="project,language,build_id,commit,pull_req,branch,status,duration_s,started_at,event_type,n_jobs,log_jobs,log_jobs_ok,log_jobs_broken,log_jobs_other,log_tests_ran,tests_run,tests_ok,tests_failed,tests_skipped,test_duration_s,setup_time_s,test_frameworks"
{
  echo "$header"
  for i in $(seq 1 200); do
    status=passed; [ $((i % 7)) -eq 0 ] && status=failed
    printf 'bench/app,go,%d,abc,,main,%s,%d,2024-01-%02dT%02d:00:00Z,push,2,,,,,1,100,100,0,0,20,5,gotest\n' $((1000 + i)) "$status" $((300 + (i * 37) % 120)) $(((i % 28) + 1)) $((i % 24))
  done
} > "$work/history.csv"
"$pipewise" import --store "$work/store" --format travistorrent --input "$work/history.csv" >/dev/null 2>&1
cat > "$work/run.json" <<'JSON'
{"provider":"travis","organization":"bench","repository":"app","pipelineId":"travis-ci","pipelineName":"bench/app","runId":"5000","sequence":5000,"event":"push","branch":"main","startedAt":"2024-02-01T10:00:00Z","durationSeconds":340,"result":"succeeded","tests":{"total":100,"passed":100,"failed":0}}
JSON

labels=("hello world (dotnet hello.dll)" "pipewise --version" "pipewise run --host local"
  "run, JIT part (PIPEWISE_JIT=1)")
commands=("dotnet $work/hello/out/hello.dll" "$pipewise --version"
  "$pipewise run --host local --store $work/store --run-file $work/run.json --seed 1"
  "env PIPEWISE_JIT=1 $pipewise run --host local --store $work/store --run-file $work/run.json --seed 1")
if [ -n "${BASELINE_TOOL:-}" ]; then
  labels+=("baseline --version" "baseline run --host local")
  commands+=("$BASELINE_TOOL/pipewise --version" "$BASELINE_TOOL/pipewise run --host local --store $work/store --run-file $work/run.json --seed 1")
fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A walls rss
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load before $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq 1 "$n"); do
  for i in "${!commands[@]}"; do
    # shellcheck disable=SC2086
    /usr/bin/time -o "$work/time.txt" -f '%e %M' ${commands[$i]} >/dev/null 2>&1 || true
    out=$(tail -n 1 "$work/time.txt")
    walls[$i]+="${out% *} "; rss[$i]+="${out#* } "
  done
done
hello=$(printf '%s\n' ${walls[0]} | median)
for i in "${!commands[@]}"; do
  mw=$(printf '%s\n' ${walls[$i]} | median)
  mr=$(printf '%s\n' ${rss[$i]} | median)
  printf '%-34s median wall %6.3f s  (%4.1f× hello world)   median peak RSS %6.1f MiB   (n=%d)\n' \
    "${labels[$i]}" "$mw" "$(echo "$mw / $hello" | bc -l)" "$(echo "$mr / 1024" | bc -l)" "$n"
done
echo "load after $(cut -d' ' -f1-3 /proc/loadavg)"
tool_root="$(dirname "$pipewise")"
for package in "$work"/pipewise-pack/*.nupkg; do
  [ -f "$package" ] || continue
  printf 'package %-40s %6.1f MB\n' "$(basename "$package")" "$(echo "$(stat -c %s "$package") / 1000000" | bc -l)"
done
installed=$(find "$tool_root/.store" -name pipewise.dll -path '*/tools/*' -exec dirname {} \; | head -n 1)
printf 'installed tool folder %s MB (the tool path with NuGet'"'"'s copies of the package: %s MB)\n' \
  "$(du -sm "$installed" | cut -f1)" "$(du -sm "$tool_root" | cut -f1)"
