"""Assertions on the charts as rendered per environment (what Argo CD would apply)."""

import re

import pytest

from conftest import CHARTS, ENVS, kind, rendered, values

SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)")


def semver(tag):
    return tuple(int(x) for x in SEMVER.match(tag).groups())


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("env", ENVS)
def test_workloads_are_hardened(chart, env):
    docs = rendered(chart, env)
    pods = [d["spec"]["template"]["spec"] for d in docs if d["kind"] in ("Deployment", "StatefulSet")]
    assert pods
    for pod in pods:
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
        for c in pod["containers"]:
            sc = c["securityContext"]
            assert sc["allowPrivilegeEscalation"] is False and sc["readOnlyRootFilesystem"] is True
            assert sc["capabilities"]["drop"] == ["ALL"]
            assert c["resources"]["requests"] and c["resources"]["limits"]["memory"]
            assert ":" in c["image"] and not c["image"].endswith(":latest")


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("env", ENVS)
def test_image_tag_and_replicas_follow_the_values_file(chart, env):
    v = values(chart, env)
    deploy = next(d for d in kind(rendered(chart, env), "Deployment") if d["metadata"]["name"] == chart)
    main = deploy["spec"]["template"]["spec"]["containers"][0]
    assert main["image"] == f'{v["image"]["repository"]}:{v["image"]["tag"]}'
    hpa = kind(rendered(chart, env), "HorizontalPodAutoscaler")
    if v.get("autoscaling", {}).get("enabled"):
        assert "replicas" not in deploy["spec"], "the HPA owns the replica count"
        assert hpa[0]["spec"]["minReplicas"] == v["autoscaling"]["minReplicas"]
    else:
        assert deploy["spec"]["replicas"] == v["replicaCount"] and not hpa


@pytest.mark.parametrize("chart", CHARTS)
def test_promotion_order_prod_behind_staging_behind_dev(chart):
    tags = [semver(values(chart, env)["image"]["tag"]) for env in ENVS]
    assert tags[0] >= tags[1] >= tags[2], tags


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("env", ENVS)
def test_probes_ingress_tls_and_network_policy(chart, env):
    docs = rendered(chart, env)
    c = next(d for d in kind(docs, "Deployment") if d["metadata"]["name"] == chart)["spec"]["template"]["spec"]["containers"][0]
    assert c["livenessProbe"]["httpGet"]["path"] and c["readinessProbe"]["httpGet"]["path"]
    if chart == "nura-core":
        assert (c["livenessProbe"]["httpGet"]["path"], c["readinessProbe"]["httpGet"]["path"]) == ("/health", "/ready")
    ing = kind(docs, "Ingress")[0]
    assert ing["spec"]["tls"][0]["hosts"] == [ing["spec"]["rules"][0]["host"]]
    np = kind(docs, "NetworkPolicy")[0]
    assert set(np["spec"]["policyTypes"]) == {"Ingress", "Egress"}


@pytest.mark.parametrize("env", ENVS)
def test_nura_core_data_stores_per_environment(env):
    docs = rendered("nura-core", env)
    cm = kind(docs, "ConfigMap")[0]["data"]
    statefulsets = kind(docs, "StatefulSet")
    if env == "dev":
        assert [s["metadata"]["name"] for s in statefulsets] == ["nura-core-postgresql"]
        assert statefulsets[0]["spec"]["template"]["spec"]["containers"][0]["image"].startswith("pgvector/pgvector:")
        assert cm["DATABASE_HOST"] == "nura-core-postgresql" and cm["REDIS_HOST"] == "nura-core-redis"
    else:
        assert not statefulsets
        assert cm["DATABASE_HOST"].endswith(".rds.amazonaws.com") and cm["DATABASE_SSLMODE"] == "verify-full"
        assert cm["REDIS_HOST"].endswith(".cache.amazonaws.com") and cm["REDIS_TLS"] == "true"
    # Secrets by reference only: the chart renders no Secret.
    assert not kind(docs, "Secret")


@pytest.mark.parametrize("env", ENVS)
def test_nura_core_irsa_pdb_and_monitoring(env):
    docs = rendered("nura-core", env)
    sa = kind(docs, "ServiceAccount")[0]
    assert sa["metadata"]["annotations"]["eks.amazonaws.com/role-arn"] == f"arn:aws:iam::123456789012:role/nura-{env}-nura-core"
    sm = kind(docs, "ServiceMonitor")[0]
    assert sm["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    pdb = kind(docs, "PodDisruptionBudget")
    if env == "prod":
        assert pdb[0]["spec"]["minAvailable"] == 2
        hpa = kind(docs, "HorizontalPodAutoscaler")[0]["spec"]
        assert (hpa["minReplicas"], hpa["maxReplicas"]) == (3, 10)
        assert kind(docs, "Deployment")[0]["spec"]["template"]["spec"]["topologySpreadConstraints"]
    elif env == "dev":
        assert not pdb


def test_sizes_grow_from_dev_to_prod():
    def cpu_millis(q):
        return int(q[:-1]) if str(q).endswith("m") else int(float(q) * 1000)

    limits = [cpu_millis(next(d for d in kind(rendered("nura-core", e), "Deployment") if d["metadata"]["name"] == "nura-core")
                         ["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["cpu"]) for e in ENVS]
    assert limits == sorted(limits) and limits[0] < limits[2]
