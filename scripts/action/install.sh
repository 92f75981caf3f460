#!/usr/bin/env bash
# Installs the pipewise .NET tool for the GitHub Action (action.yml runs this file with bash).
#
#   install.sh plan      writes source=feed|checkout, key=<cache key>, runtime=present|missing (the .NET 10 runtime)
#                        and sdk=present|missing (the .NET 10 SDK, when a pack may be needed) to $GITHUB_OUTPUT
#   install.sh install   installs the tool into $PIPEWISE_TOOL_DIR (skipped when a working one is there)
#
# Environment (set by action.yml; inputs reach this script only through the environment):
#   PIPEWISE_ACTION_PATH  the action's own checkout (github.action_path): the repository at the ref in `uses:`
#   PIPEWISE_ACTION_REF   the ref in `uses:` (github.action_ref): v1, v1.2.3, a branch or a commit SHA
#   PIPEWISE_VERSION      the tool version to install from the feed
#   PIPEWISE_FEED         the NuGet feed (service index URL or a folder)
#   PIPEWISE_SOURCE       auto (default) | feed | checkout
#   PIPEWISE_TOOL_DIR     where the tool goes (default $RUNNER_TEMP/pipewise-tool); cached by action.yml
#   RUNNER_TEMP, RUNNER_OS, RUNNER_ARCH, GITHUB_OUTPUT  from the runner
#
# Sources: `feed` installs Pipewise <version> from the feed. `checkout` packs the tool from the action's checkout
# (needs the .NET 10 SDK) and installs it from that local package. `auto` uses the feed when the action is used at
# a version tag (v1, v1.2.3) and the version is on the feed, else the checkout: `uses: owner/pipewise@<sha>` works
# with no package published anywhere. Either way the result is cached once per version (or checkout) and OS.
set -euo pipefail

fail() { echo "::error title=Pipewise install::$*"; exit 1; }

action_path="${PIPEWISE_ACTION_PATH:-}"
ref="${PIPEWISE_ACTION_REF:-}"
version="${PIPEWISE_VERSION:-}"
feed="${PIPEWISE_FEED:-https://api.nuget.org/v3/index.json}"
source="${PIPEWISE_SOURCE:-auto}"
temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
tool_dir="${PIPEWISE_TOOL_DIR:-$temp/pipewise-tool}"
exe="pipewise"
case "${RUNNER_OS:-$(uname -s)}" in Windows*|MINGW*|MSYS*|CYGWIN*) exe="pipewise.exe" ;; esac

case "$source" in auto|feed|checkout) ;; *) fail "source must be auto, feed or checkout (got '$source')" ;; esac

# The .NET runtime identifier of this runner (the tool carries native libraries per runtime identifier).
runtime_id() {
  local os arch
  case "${RUNNER_OS:-$(uname -s)}" in
    Linux*) os=linux ;; macOS*|Darwin*) os=osx ;; Windows*|MINGW*|MSYS*|CYGWIN*) os=win ;; *) os=linux ;;
  esac
  case "${RUNNER_ARCH:-$(uname -m)}" in
    ARM64|arm64|aarch64) arch=arm64 ;; *) arch=x64 ;;
  esac
  echo "$os-$arch"
}

# A digest of everything the tool is built from, so that a cache of a checkout pack follows the code.
checkout_digest() {
  local sum=sha256sum
  command -v sha256sum >/dev/null 2>&1 || sum="shasum -a 256"
  (cd "$action_path" && find src models Directory.Build.props Directory.Packages.props global.json -type f \
      -not -path '*/bin/*' -not -path '*/obj/*' -print0 | LC_ALL=C sort -z | xargs -0 cat | $sum) | cut -c1-16
}

# auto: a version tag means a release, whose package the feed should have; anything else is a branch or a SHA.
planned_source() {
  if [ "$source" != auto ]; then echo "$source"; return; fi
  if [[ "$ref" =~ ^v?[0-9]+(\.[0-9]+){0,2}$ ]] && [ -n "$version" ]; then echo feed; else echo checkout; fi
}

checkout_version() {
  sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$action_path/Directory.Build.props" | head -n 1
}

has_sdk() { command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; }
has_runtime() { command -v dotnet >/dev/null 2>&1 && dotnet --list-runtimes 2>/dev/null | grep -q '^Microsoft.NETCore.App 10\.'; }

plan() {
  local planned key
  planned="$(planned_source)"
  if [ "$planned" = checkout ]; then
    [ -f "$action_path/src/Pipewise.Cli/Pipewise.Cli.csproj" ] || fail "the action's checkout ($action_path) has no src/Pipewise.Cli to pack"
    key="pipewise-tool-$(runtime_id)-checkout-$(checkout_version)-$(checkout_digest)"
  else
    key="pipewise-tool-$(runtime_id)-feed-$version"
  fi
  # runtime: the tool always needs the .NET 10 runtime. sdk: a pack from the checkout (on a cache miss) needs the SDK;
  # auto may fall back to the checkout when the feed lacks the version, so it needs it too.
  local runtime sdk
  if has_runtime; then runtime=present; else runtime=missing; fi
  if [ "$planned" = feed ] && [ "$source" = feed ]; then sdk=present
  elif has_sdk; then sdk=present; else sdk=missing; fi
  echo "Pipewise: tool from the $planned (action ref '${ref:-none}'), cache key $key"
  {
    echo "source=$planned"
    echo "key=$key"
    echo "runtime=$runtime"
    echo "sdk=$sdk"
  } >> "${GITHUB_OUTPUT:-/dev/null}"
}

# Writes a NuGet config that sees only the given folder, so that a package of the same version elsewhere never wins.
local_config() {
  local folder="$1" config="$2"
  cat > "$config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="pipewise-local" value="$folder" />
  </packageSources>
</configuration>
XML
}

install_from_feed() {
  echo "Pipewise: installing Pipewise $version from $feed"
  dotnet tool install Pipewise --version "$version" --tool-path "$tool_dir" --add-source "$feed"
}

install_from_checkout() {
  local pack_dir="$temp/pipewise-pack" rid pack_version log
  rid="$(runtime_id)"
  pack_version="$(checkout_version)"
  [ -n "$pack_version" ] || fail "no <Version> in $action_path/Directory.Build.props"
  rm -rf "$pack_dir"
  mkdir -p "$pack_dir"
  echo "Pipewise: packing Pipewise $pack_version for $rid from $action_path"
  log="$temp/pipewise-pack.log"
  # One runtime identifier: this runner's. The output of the build goes to a log, shown only when it fails.
  # Native AOT first (PIPEWISE_AOT=false skips it): the platform package with the native pipewise, then the pointer
  # package. When the AOT compiler cannot run here (no C toolchain), the ReadyToRun package, which works the same.
  local csproj="$action_path/src/Pipewise.Cli/Pipewise.Cli.csproj"
  if [ "${PIPEWISE_AOT:-true}" != false ] && dotnet pack "$csproj" -c Release -o "$pack_dir" -nologo -r "$rid" \
      -p:PipewiseAot=true -p:PipewiseToolRuntimeIdentifiers="$rid" >"$log" 2>&1 \
    && dotnet pack "$csproj" -c Release -o "$pack_dir" -nologo -p:PipewiseAot=true -p:PipewiseToolRuntimeIdentifiers="$rid" >>"$log" 2>&1; then
    echo "Pipewise: packed the Native AOT tool for $rid"
  else
    if [ "${PIPEWISE_AOT:-true}" != false ]; then
      echo "::notice title=Pipewise::the Native AOT pack failed on this runner (last lines below); packing the ReadyToRun tool, which is slower to start"
      tail -n 5 "$log"
    fi
    rm -rf "$pack_dir" && mkdir -p "$pack_dir"
    if ! dotnet pack "$csproj" -c Release -o "$pack_dir" -nologo -p:PipewiseToolRuntimeIdentifiers="$rid" >"$log" 2>&1; then
      cat "$log"
      fail "dotnet pack of the action's checkout failed (log above)"
    fi
  fi
  local_config "$pack_dir" "$pack_dir/nuget.config"
  dotnet tool install Pipewise --version "$pack_version" --tool-path "$tool_dir" --configfile "$pack_dir/nuget.config"
}

install() {
  local planned
  if [ -x "$tool_dir/$exe" ] && "$tool_dir/$exe" --version >/dev/null 2>&1; then
    echo "Pipewise: $("$tool_dir/$exe" --version) restored from the cache"
    return
  fi
  rm -rf "$tool_dir"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  planned="$(planned_source)"
  if [ "$planned" = feed ]; then
    if install_from_feed; then :
    elif [ "$source" = auto ] && [ -f "$action_path/src/Pipewise.Cli/Pipewise.Cli.csproj" ]; then
      echo "::notice title=Pipewise::Pipewise $version is not on $feed: packing it from the action's checkout"
      rm -rf "$tool_dir"
      install_from_checkout
    else
      fail "Pipewise $version could not be installed from $feed"
    fi
  else
    install_from_checkout
  fi
  echo "Pipewise: installed $("$tool_dir/$exe" --version) into $tool_dir"
}

case "${1:-}" in
  plan) plan ;;
  install) install ;;
  *) echo "usage: install.sh plan|install" >&2; exit 2 ;;
esac
