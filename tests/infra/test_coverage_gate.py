"""scripts/ci/coverage-gate.sh (the app pipeline's "Coverage gate" stage), run as a real process over the
json-summary @vitest/coverage-v8 writes. When the Jenkinsfile calls it: tests/infra/jenkins."""

import json

from conftest import ROOT
from test_ci_scripts import run

GATE = ROOT / "scripts" / "ci" / "coverage-gate.sh"
METRICS = ("lines", "statements", "functions", "branches")


def summary(art, **pct):
    (art / "coverage").mkdir(parents=True, exist_ok=True)
    total = {m: {"total": 1000, "covered": int(pct[m] * 10), "skipped": 0, "pct": pct[m]} for m in METRICS}
    (art / "coverage" / "coverage-summary.json").write_text(json.dumps({"total": total, "lib/x.ts": total}))


def test_the_committed_minimums_name_every_metric_as_a_percentage():
    t = json.loads((ROOT / "scripts" / "ci" / "coverage-thresholds.json").read_text())
    assert set(t) == set(METRICS) and all(0 < v <= 100 for v in t.values())


def test_passes_at_or_above_every_minimum_and_records_it(tmp_path):
    t = json.loads((ROOT / "scripts" / "ci" / "coverage-thresholds.json").read_text())
    summary(tmp_path, **t)
    run([GATE], env={"ARTIFACTS_DIR": str(tmp_path)}, check=True)
    result = json.loads((tmp_path / "coverage-gate.json").read_text())
    assert result["passed"] is True and result["lines"] == {"pct": t["lines"], "min": t["lines"]}


def test_fails_when_any_one_metric_is_below_its_minimum(tmp_path):
    t = json.loads((ROOT / "scripts" / "ci" / "coverage-thresholds.json").read_text())
    for metric in METRICS:
        summary(tmp_path, **{**t, metric: t[metric] - 0.01})
        p = run([GATE], env={"ARTIFACTS_DIR": str(tmp_path)})
        assert p.returncode == 11, metric
        assert f"{metric} {t[metric] - 0.01} % < {t[metric]} %" in p.stderr
        assert json.loads((tmp_path / "coverage-gate.json").read_text())["passed"] is False


def test_without_a_summary_the_gate_refuses_to_pass(tmp_path):
    p = run([GATE], env={"ARTIFACTS_DIR": str(tmp_path)})
    assert p.returncode == 2 and "app-test.sh writes it" in p.stderr
