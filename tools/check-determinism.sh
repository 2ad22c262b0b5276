#!/usr/bin/env bash
# Checks that mwaa-sim's outputs are byte-identical across repeated runs,
# thread counts and builds (e.g. the Release and the ASan+UBSan build).
#
# For every scenario in scenarios/*.json and every given mwaa-sim binary, runs
#   run SCENARIO --json --metrics .. --metrics-csv .. --task-instances ..
# once plainly and with --replications N at --threads 1, 2 and 8, each twice,
# and compares every output file with the first binary's.
# Exit 0 when all agree, 1 when any differs (the differing files are named),
# 2 on bad usage.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: tools/check-determinism.sh [--replications N] [--keep DIR] MWAA_SIM [MWAA_SIM...]
  --replications N  replications for the multi-threaded runs (default 6)
  --keep DIR        write the outputs to DIR and keep them (default: a temp dir)
Example: tools/check-determinism.sh build/mwaa-sim build-asan/mwaa-sim
USAGE
}

reps=6
keep=""
bins=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --replications) reps="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -*) echo "check-determinism: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) bins+=("$1"); shift ;;
  esac
done
[ ${#bins[@]} -ge 1 ] || { usage >&2; exit 2; }
for b in "${bins[@]}"; do
  [ -x "$b" ] || { echo "check-determinism: $b is not an executable" >&2; exit 2; }
done

cd "$(dirname "$0")/.."
if [ -n "$keep" ]; then out="$keep"; mkdir -p "$out"; else out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT; fi

# One run's outputs into directory $1; remaining args go to mwaa-sim run.
run_into() {
  local dir="$1" bin="$2" scenario="$3"; shift 3
  mkdir -p "$dir"
  local rc=0
  "$bin" run "$scenario" --json --metrics "$dir/metrics.json" --metrics-csv "$dir/metrics.csv" \
    --task-instances "$dir/task-instances.json" "$@" >"$dir/summary.json" 2>"$dir/stderr.txt" || rc=$?
  # 0 = finished, 1 = did not finish in time (still a result to compare).
  if [ "$rc" -gt 1 ]; then
    echo "check-determinism: $bin run $scenario $* failed with exit $rc:" >&2
    cat "$dir/stderr.txt" >&2
    exit 1
  fi
  echo "$rc" >"$dir/exit-code"
}

failed=0
for scenario in scenarios/*.json; do
  name="$(basename "$scenario" .json)"
  reference=""
  for i in "${!bins[@]}"; do
    bin="${bins[$i]}"
    for variant in plain t1 t2 t8; do
      for repeat in a b; do
        dir="$out/$name/bin$i/$variant-$repeat"
        case "$variant" in
          plain) run_into "$dir" "$bin" "$scenario" ;;
          t*) run_into "$dir" "$bin" "$scenario" --replications "$reps" --threads "${variant#t}" ;;
        esac
      done
    done
  done
  # Plain runs against plain runs, replicated runs against replicated runs.
  for kind in plain t; do
    first=""
    for dir in "$out/$name"/bin*/"$kind"*; do
      [ -n "$first" ] || { first="$dir"; continue; }
      for f in summary.json metrics.json metrics.csv task-instances.json exit-code; do
        if ! cmp -s "$first/$f" "$dir/$f"; then
          echo "DIFFERS: $name: ${dir#$out/}/$f vs ${first#$out/}/$f" >&2
          failed=1
        fi
      done
    done
  done
  echo "check-determinism: $name: $(ls -d "$out/$name"/bin*/* | wc -l) runs compared" >&2
done

if [ "$failed" -ne 0 ]; then echo "check-determinism: outputs differ" >&2; exit 1; fi
echo "check-determinism: all outputs byte-identical across ${#bins[@]} build(s), repeats and threads 1/2/8" >&2
