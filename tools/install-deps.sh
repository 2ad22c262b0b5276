#!/usr/bin/env bash
# Installs the Debian packages mwaa-sim needs, only those that are missing.
# Safe to run again: when everything is present it does nothing.
#   tools/install-deps.sh           what the Release build and its tests need
#   tools/install-deps.sh sanitize  also clang and its sanitizer/libFuzzer runtime
#                                   (the asan-ubsan CMake preset, tools/fuzz.sh)
set -euo pipefail
pkgs=(cmake ninja-build g++ libboost-graph-dev libboost-program-options-dev
      libeigen3-dev nlohmann-json3-dev libbenchmark-dev catch2)
case "${1:-}" in
  "") ;;
  sanitize) pkgs+=(clang libclang-rt-dev) ;;
  *) echo "install-deps: unknown group '$1' (known: sanitize)" >&2; exit 2 ;;
esac
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
