#!/usr/bin/env bash
# Usage: tests/infra/promtool-rules.sh
# For every PrometheusRule in infra/monitoring/rules/: extract spec (the plain rule-file format promtool
# reads), `promtool check rules` it, then run the unit tests in infra/monitoring/tests/. Also fails when
# an alert defined in the rules has no alert_rule_test at all.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v promtool >/dev/null || { echo "promtool not found: run 'make system-deps' (Debian prometheus)" >&2; exit 1; }
python3 - "$root/infra/monitoring/rules" "$work" "$root/infra/monitoring/tests" <<'PY'
import glob, os, sys, yaml
rules_dir, out, tests_dir = sys.argv[1:4]
alerts = set()
for path in sorted(glob.glob(os.path.join(rules_dir, "*.yaml"))):
    doc = yaml.safe_load(open(path))
    assert doc["kind"] == "PrometheusRule", path
    name = os.path.basename(path)[:-5]
    with open(os.path.join(out, f"{name}.rules.yaml"), "w") as f:
        yaml.safe_dump(doc["spec"], f, sort_keys=False)
    alerts |= {r["alert"] for g in doc["spec"]["groups"] for r in g["rules"] if "alert" in r}
tested = set()
for path in glob.glob(os.path.join(tests_dir, "*.test.yaml")):
    for t in yaml.safe_load(open(path))["tests"]:
        tested |= {a["alertname"] for a in t.get("alert_rule_test", []) if a.get("exp_alerts")}
missing = sorted(alerts - tested)
if missing:
    sys.exit(f"alerts without a firing unit test: {', '.join(missing)}")
print(f"{len(alerts)} alerts, each with a firing test")
PY
cp "$root"/infra/monitoring/tests/*.test.yaml "$work/"
promtool check rules "$work"/*.rules.yaml
promtool test rules "$work"/*.test.yaml
