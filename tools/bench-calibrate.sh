#!/usr/bin/env bash
# Times `mwaa-sim calibrate` on the 36-minute soak scenario (docs/performance.md,
# "Calibration"):
#
#   tools/bench-calibrate.sh [BUILD_DIR]      (default: ./build)
#
# 1. simulates scenarios/soak-3300.json with hidden parameters
#    (task_startup_overhead x3, worker_provisioning_delay x0.5, the others at
#    their defaults) and seed 99, writing the run as a get-metric-data export
#    plus its queries;
# 2. times `mwaa-sim calibrate` fitting 4 parameters from the defaults
#    (startup_overhead, provisioning_delay, autoscaler_evaluation_period,
#    worker_pickup_latency; default budget 160 points x 3 replications);
# 3. prints the wall time and the fitted factors next to the hidden ones.
# Work files go to a temporary directory, removed at the end.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$here/build}
sim=$build/mwaa-sim
[ -x "$sim" ] || { echo "$0: $sim is not built (cmake --build $build --target mwaa-sim)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

hidden='"model": {"task_startup_overhead": {"lognormal": {"median": 12, "p95": 24}}, "worker_provisioning_delay": {"uniform": [45, 90]}},'
# The soak scenario with the hidden model block as its first key.
sed "0,/{/s//{ $hidden/" "$here/scenarios/soak-3300.json" > "$work/soak-hidden.json"
cp "$here/scenarios/soak-3300.json" "$work/soak.json"

"$sim" run "$work/soak-hidden.json" --seed 99 --metrics "$work/export.json" --queries "$work/queries.json" > /dev/null

fit=startup_overhead,provisioning_delay,autoscaler_evaluation_period,worker_pickup_latency
started=$(date +%s.%N)
"$sim" calibrate --scenario "$work/soak.json" --cloudwatch "$work/export.json" --queries "$work/queries.json" \
  --fit "$fit" -o "$work/calibrated.json" --report "$work/fit.json" > "$work/fit.txt"
ended=$(date +%s.%N)

echo "calibrate: 4 parameters against soak-3300 ($(nproc) cores): $(awk "BEGIN { printf \"%.1f\", $ended - $started }") s wall"
grep -E '^  [a-z_]+: mean|objective|points simulated' "$work/fit.txt"
echo "hidden: task_startup_overhead x3, worker_provisioning_delay x0.5, autoscaler_evaluation_period x1, worker_pickup_latency x1"
