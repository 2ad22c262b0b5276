#!/usr/bin/env bash
# Regenerates tests/golden/expected/*.summary.json from the current model.
# Run after an intended behaviour change; review `git diff tests/golden` and
# say in the commit why the numbers moved.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build --target test_golden
MWAA_SIM_UPDATE_GOLDEN=1 ./build/test_golden "golden summaries of the seed and teaching scenarios"
git --no-pager diff --stat tests/golden || true
