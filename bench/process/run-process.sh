#!/usr/bin/env bash
# Whole-process cost of one `pipewise run` (EVALUATION.md §3), next to a hello-world .NET process (the floor).
# Cold process each time, local folder store holding 200 runs of history, the shipped default model, the local
# host (--run-file: the run comes from a file instead of the provider API). Prints medians of N runs.
# Usage: bench/process/run-process.sh [N]   (needs /usr/bin/time: apt-get install time)
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-15}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet publish src/Pipewise.Cli -c Release -o "$work/pipewise" -nologo -v q >/dev/null
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
dotnet "$work/pipewise/pipewise.dll" import --store "$work/store" --format travistorrent --input "$work/history.csv" >/dev/null
cat > "$work/run.json" <<'JSON'
{"provider":"travis","organization":"bench","repository":"app","pipelineId":"travis-ci","pipelineName":"bench/app","runId":"5000","sequence":5000,"event":"push","branch":"main","startedAt":"2024-02-01T10:00:00Z","durationSeconds":340,"result":"succeeded","tests":{"total":100,"passed":100,"failed":0}}
JSON

measure() {
  local label="$1"; shift
  local walls=() rss=()
  for _ in $(seq 1 "$n"); do
    /usr/bin/time -o "$work/time.txt" -f '%e %M' "$@" >/dev/null 2>&1 || true
    out=$(tail -n 1 "$work/time.txt")
    walls+=("${out% *}"); rss+=("${out#* }")
  done
  local mw mr
  mw=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mr=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-34s median wall %6.2f s   median peak RSS %6.1f MiB   (n=%d)\n' "$label" "$mw" "$(echo "$mr / 1024" | bc -l)" "$n"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
measure "hello world (dotnet hello.dll)" dotnet "$work/hello/out/hello.dll"
measure "pipewise --version" dotnet "$work/pipewise/pipewise.dll" --version
measure "pipewise run (local host, 200 runs)" dotnet "$work/pipewise/pipewise.dll" run --store "$work/store" --run-file "$work/run.json" --seed 1
