"""Progressive delivery in prod (infra/argocd/addons/rollouts/prod): every Nura chart's prod Deployment is released
by a canary Rollout analysed against the SLO, and nothing else fights the Rollout over the pods."""

import pytest

from conftest import CHARTS, ROOT, kind, rendered
from gitops import charts_on, deployed_to, repo_manifests_on

ON_PROD = repo_manifests_on("nura-prod")
ROLLOUTS = {d["metadata"]["name"]: d for d in ON_PROD if d["kind"] == "Rollout"}
TEMPLATES = {d["metadata"]["name"]: d for d in ON_PROD if d["kind"] == "AnalysisTemplate"}
HPAS = [d for d in ON_PROD if d["kind"] == "HorizontalPodAutoscaler"]


def test_the_rollouts_controller_runs_in_prod_only():
    assert "argo-rollouts" in charts_on("nura-prod")
    for env in ("dev", "staging"):
        assert "argo-rollouts" not in charts_on(f"nura-{env}")
        assert not [d for d in repo_manifests_on(f"nura-{env}") if d["kind"] == "Rollout"]


@pytest.mark.parametrize("chart", CHARTS)
def test_each_prod_deployment_is_released_by_a_canary_rollout(chart):
    (dep,) = kind(rendered(chart, "prod"), "Deployment")
    rollout = ROLLOUTS[dep["metadata"]["name"]]
    spec = rollout["spec"]
    assert spec["workloadRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": dep["metadata"]["name"], "scaleDown": "progressively"}
    assert rollout["metadata"]["namespace"] == "nura-prod"
    # A Rollout with workloadRef must select exactly the Deployment's pods.
    assert spec["selector"] == dep["spec"]["selector"]
    canary = spec["strategy"]["canary"]
    weights = [s["setWeight"] for s in canary["steps"] if "setWeight" in s]
    assert weights == sorted(weights) and weights[0] <= 25 and weights[-1] == 100
    assert any("pause" in s for s in canary["steps"]), "a canary without a pause is analysed for no time"
    (tpl,) = canary["analysis"]["templates"]
    assert tpl["templateName"] in TEMPLATES
    assert canary["analysis"]["args"] == [{"name": "app", "value": chart}]
    assert canary.get("maxUnavailable", 1) == 0


@pytest.mark.parametrize("chart", CHARTS)
def test_the_rollout_scales_like_the_chart_did(chart):
    chart_hpas = kind(rendered(chart, "prod"), "HorizontalPodAutoscaler")
    mine = [h for h in HPAS if h["spec"]["scaleTargetRef"]["name"] == chart]
    if not chart_hpas:
        (dep,) = kind(rendered(chart, "prod"), "Deployment")
        assert ROLLOUTS[chart]["spec"]["replicas"] == dep["spec"]["replicas"] and not mine
        return
    (theirs,) = chart_hpas
    (ours,) = mine
    assert ours["spec"]["scaleTargetRef"] == {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "name": chart}
    assert {k: v for k, v in ours["spec"].items() if k != "scaleTargetRef"} == {k: v for k, v in theirs["spec"].items() if k != "scaleTargetRef"}
    assert "replicas" not in ROLLOUTS[chart]["spec"], "the HPA owns the Rollout's replicas; a fixed count would fight it"


def test_the_analysis_fails_a_canary_on_the_slo():
    (tpl,) = TEMPLATES.values()
    metrics = {m["name"]: m for m in tpl["spec"]["metrics"]}
    assert set(metrics) == {"error-ratio", "latency-p95"}
    for m in metrics.values():
        assert m["failureLimit"] <= 1 and m["provider"]["prometheus"]["address"] == "http://kube-prometheus-stack-prometheus.monitoring.svc:9090"
        assert 'env="prod"' in m["provider"]["prometheus"]["query"] and 'app="{{args.app}}"' in m["provider"]["prometheus"]["query"]
    # The SLO's thresholds (infra/monitoring/rules/nura-slo.yaml): 0.5% errors, p95 500 ms.
    rules = (ROOT / "infra" / "monitoring" / "rules" / "nura-slo.yaml").read_text()
    assert "nura:http_request_duration_seconds:p95_5m > 0.5" in rules
    assert metrics["error-ratio"]["successCondition"].endswith("result[0] <= 0.005")
    assert metrics["latency-p95"]["successCondition"].endswith("result[0] <= 0.5")


def test_argo_cd_leaves_the_deployments_replicas_to_rollouts_in_prod():
    for name, spec, _ in deployed_to("nura-prod"):
        if name.removesuffix("-prod") in CHARTS:
            assert {"group": "apps", "kind": "Deployment", "jsonPointers": ["/spec/replicas"]} in spec.get("ignoreDifferences", []), name
            assert "RespectIgnoreDifferences=true" in spec["syncPolicy"]["syncOptions"], name
