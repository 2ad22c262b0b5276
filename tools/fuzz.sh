#!/usr/bin/env bash
# Runs the libFuzzer harnesses of tests/fuzz (docs/reliability.md, "Fuzzing").
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ALL=(scenario metric_data metric_statistics airflow_rest wfcommons duration vary)
BUILD="$ROOT/build-fuzz"
TIME=60
PARALLEL=1

usage() {
  cat <<USAGE
Usage: tools/fuzz.sh [--build DIR] [--time SECONDS] [--parallel N] [harness...]

Fuzzes each harness (default: all of ${ALL[*]}) for SECONDS (default 60)
with libFuzzer under ASan+UBSan, starting from tests/fuzz/corpus/<name> and
tests/fuzz/regressions/<name>. Configures and builds DIR (default build-fuzz)
with clang++ -DMWAA_SIM_FUZZ=ON -DMWAA_SIM_SANITIZE=ON when it is not a fuzz
build yet. The corpus is copied to DIR/fuzz-work/<name>/corpus first, so the
source tree only receives findings.

Prints per harness the executions (libFuzzer's stat::number_of_executed_units),
and the crashes, leaks, timeouts (-timeout=10 s per input) and out-of-memory
inputs (-rss_limit_mb=2048) found; a harness stops at its first finding.
Findings are copied to tests/fuzz/regressions/<name>/, where the ctest
"fuzz:" and "fuzz-replay:" tests replay them; rename each after what it is.
Logs: DIR/fuzz-work/<name>/log.

  --build DIR     the fuzz build directory
  --time SECONDS  fuzzing time per harness
  --parallel N    harnesses fuzzed at the same time (default 1)
  -h, --help      this text

Exit status: 0 nothing found, 1 a finding, 2 usage or build error, or a
harness that ran no input.
USAGE
}

harnesses=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) BUILD=$(realpath -m "${2:?--build needs a directory}"); shift 2 ;;
    --time) TIME=${2:?--time needs seconds}; shift 2 ;;
    --parallel) PARALLEL=${2:?--parallel needs a number}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "tools/fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) harnesses+=("$1"); shift ;;
  esac
done
[[ "$TIME" =~ ^[0-9]+$ && "$TIME" -gt 0 ]] || { echo "tools/fuzz.sh: --time expects seconds > 0" >&2; exit 2; }
[[ "$PARALLEL" =~ ^[0-9]+$ && "$PARALLEL" -gt 0 ]] || { echo "tools/fuzz.sh: --parallel expects a number > 0" >&2; exit 2; }
[[ ${#harnesses[@]} -gt 0 ]] || harnesses=("${ALL[@]}")
for h in "${harnesses[@]}"; do
  [[ " ${ALL[*]} " == *" $h "* ]] || { echo "tools/fuzz.sh: unknown harness $h (one of: ${ALL[*]})" >&2; exit 2; }
done

if ! grep -qs '^MWAA_SIM_FUZZ:BOOL=ON' "$BUILD/CMakeCache.txt"; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DMWAA_SIM_FUZZ=ON -DMWAA_SIM_SANITIZE=ON \
    -DMWAA_SIM_BUILD_BENCH=OFF >/dev/null || exit 2
fi
targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done
cmake --build "$BUILD" -j2 --target "${targets[@]}" >/dev/null || { echo "tools/fuzz.sh: build failed" >&2; exit 2; }

# fuzz_one NAME: fuzzes one harness; its log ends with libFuzzer's final stats.
fuzz_one() {
  local h=$1 work="$BUILD/fuzz-work/$1"
  rm -rf "$work" && mkdir -p "$work/corpus" "$work/artifacts"
  cp -r "$ROOT/tests/fuzz/corpus/$h/." "$work/corpus/"
  local args=(-max_total_time="$TIME" -print_final_stats=1 -rss_limit_mb=2048 -timeout=10
              -artifact_prefix="$work/artifacts/")
  [[ -f "$ROOT/tests/fuzz/$h.dict" ]] && args+=(-dict="$ROOT/tests/fuzz/$h.dict")
  local dirs=("$work/corpus")
  [[ -d "$ROOT/tests/fuzz/regressions/$h" ]] && dirs+=("$ROOT/tests/fuzz/regressions/$h")
  "$BUILD/tests/fuzz/fuzz_$h" "${args[@]}" "${dirs[@]}" >"$work/log" 2>&1 || true
}

running=0
for h in "${harnesses[@]}"; do
  if (( running >= PARALLEL )); then wait -n || true; running=$((running - 1)); fi
  echo "fuzzing $h for ${TIME}s (log: $BUILD/fuzz-work/$h/log)"
  fuzz_one "$h" &
  running=$((running + 1))
done
wait

found=0
printf '%-18s %14s %8s %6s %9s %5s\n' harness executions crashes leaks timeouts ooms
for h in "${harnesses[@]}"; do
  work="$BUILD/fuzz-work/$h"
  execs=$(awk '/stat::number_of_executed_units/ {n=$2} END {print n+0}' "$work/log")
  count() { find "$work/artifacts" -maxdepth 1 -name "$1-*" | wc -l; }
  crashes=$(count crash) leaks=$(count leak) timeouts=$(count timeout) ooms=$(count oom)
  printf '%-18s %14s %8s %6s %9s %5s\n' "$h" "$execs" "$crashes" "$leaks" "$timeouts" "$ooms"
  # libFuzzer's exit status is not used (it is non-zero for every finding);
  # a harness that ran nothing at all did not start: say so, do not pass.
  if (( execs == 0 && crashes + leaks + timeouts + ooms == 0 )); then
    echo "  $h ran no input: see $work/log" >&2
    found=2
  fi
  if (( crashes + leaks + timeouts + ooms > 0 )); then
    (( found == 2 )) || found=1
    mkdir -p "$ROOT/tests/fuzz/regressions/$h"
    for f in "$work"/artifacts/{crash,leak,timeout,oom}-*; do
      [[ -e "$f" ]] && cp "$f" "$ROOT/tests/fuzz/regressions/$h/" && echo "  saved tests/fuzz/regressions/$h/$(basename "$f")"
    done
  fi
done
exit $found
