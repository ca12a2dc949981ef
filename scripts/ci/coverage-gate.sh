#!/usr/bin/env bash
# Usage: scripts/ci/coverage-gate.sh
# The coverage gate of the app pipeline: the unit tests' coverage (artifacts/coverage/coverage-summary.json,
# written by app-test.sh through @vitest/coverage-v8) must reach every minimum in
# scripts/ci/coverage-thresholds.json (percent of lines, statements, functions, branches). The minimums are
# a ratchet: set just under what main measures, raised when it rises, never lowered to let a change in.
# Writes coverage-gate.json {metric: {pct, min}, passed}. Exit 0 passed; 2 no summary or thresholds;
# 11 below a minimum.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

out="$(artifacts_dir)"
summary="$out/coverage/coverage-summary.json"
thresholds="${COVERAGE_THRESHOLDS:-$REPO_ROOT/scripts/ci/coverage-thresholds.json}"
[ -f "$summary" ] || die "no $summary (app-test.sh writes it)" 2
[ -f "$thresholds" ] || die "no $thresholds" 2
python3 - "$summary" "$thresholds" "$out/coverage-gate.json" <<'PY'
import json, sys
summary, thresholds, result = (json.load(open(sys.argv[1]))["total"], json.load(open(sys.argv[2])), sys.argv[3])
report, below = {}, []
for metric, minimum in thresholds.items():
    pct = summary[metric]["pct"]
    report[metric] = {"pct": pct, "min": minimum}
    print(f"{metric:<11} {pct:6.2f} %  (minimum {minimum} %)", file=sys.stderr)
    if pct < minimum:
        below.append(f"{metric} {pct} % < {minimum} %")
json.dump({**report, "passed": not below}, open(result, "w"))
if below:
    print("coverage below the gate: " + ", ".join(below), file=sys.stderr)
    sys.exit(11)
PY
