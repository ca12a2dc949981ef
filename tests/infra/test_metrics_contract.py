"""Every metric a Prometheus rule or Grafana dashboard queries is exported by the component it targets.

Queried: the PromQL of infra/monitoring/rules/*.yaml and the dashboards' panel targets. Each metric name must
come from one of:
  - the rules themselves (recording rules) or Prometheus (ALERTS, up);
  - YACE (CloudWatch): the names YACE derives from infra/monitoring/yace-values.yaml, and YACE must be
    deployed by Argo CD to every cluster;
  - kube-prometheus-stack's exporters (kube_* kube-state-metrics, container_* the kubelet's cAdvisor,
    node_* node-exporter), which must not be switched off in its values;
  - the Nura workloads' HTTP metrics (http_*): the portal's exporter (lib/metrics.ts, the one workload exporter
    in this repository; nura-core's and nura-ui's live in their own repositories under the same contract),
    with every label the queries select or group by either exported or added by the scrape;
  - the blackbox exporter (probe_*), deployed to every cluster with the Probe CRs of infra/monitoring/probes/<env>,
    whose static labels (plus job and instance) are the only labels those series have.
The canary analysis of prod (infra/argocd/addons/rollouts/*/analysis-template.yaml) is held to the same contract.
"""

import json
import re
from functools import lru_cache

import pytest
import yaml

from conftest import ENVS, ROOT, kind, rendered
from gitops import charts_on, manifests

MONITORING = ROOT / "infra" / "monitoring"
PROM_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or",
                 "unless", "inf", "nan", "Inf", "NaN"}
# Labels the scrape adds (Prometheus' target labels, the ServiceMonitors' relabelings) and histogram buckets.
SCRAPE_LABELS = {"job", "instance", "namespace", "pod", "service", "container", "endpoint", "app", "env", "le"}
# The labels of the kube-prometheus-stack series the queries use, as those exporters document them (cAdvisor:
# the kubelet's /metrics/cadvisor; kube-state-metrics: docs/metrics/workload/pod-metrics.md, node-metrics.md),
# plus the target labels of their ServiceMonitors. No env/app: only the Nura ServiceMonitors add those.
CLUSTER_TARGET_LABELS = {"job", "instance", "endpoint", "service", "node", "metrics_path"}
CLUSTER_EXPORTER_LABELS = {
    "container_cpu_usage_seconds_total": {"namespace", "pod", "container", "image", "name", "id", "cpu"},
    "container_memory_working_set_bytes": {"namespace", "pod", "container", "image", "name", "id"},
    "kube_pod_container_status_restarts_total": {"namespace", "pod", "uid", "container"},
    "kube_node_status_condition": {"node", "condition", "status"},
    # docs/metrics/workload/cronjob-metrics.md
    "kube_cronjob_status_last_successful_time": {"namespace", "cronjob"},
}


def parse(expr: str):
    """(metric names, {metric: label names its selectors use}, grouping labels) of one PromQL expression."""
    e = re.sub(r"\[[^\]]*\]", "", expr)  # range and subquery windows
    selectors: dict[str, set] = {}

    def selector(m):
        name = m.group(1) or ""
        labels = set(re.findall(r"([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)", m.group(2)))
        if not name:
            (name,) = re.findall(r'__name__\s*=\s*"([^"]+)"', m.group(2))
        selectors.setdefault(name, set()).update(labels)
        return f" {name} "

    e = re.sub(r"([a-zA-Z_:][\w:]*)?\s*\{([^}]*)\}", selector, e)
    e = re.sub(r'"[^"]*"', " ", e)  # string arguments (label_replace)
    grouping = set()

    def group(m):
        grouping.update(re.findall(r"[a-zA-Z_]\w*", m.group(2)))
        return " "

    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)", group, e)
    names = {n for n in re.findall(r"(?<![\w.])([a-zA-Z_:][\w:]*)\b(?!\s*\()", e) if n not in PROM_KEYWORDS}
    return names | set(selectors), selectors, grouping


def rule_groups():
    for path in sorted((MONITORING / "rules").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            yield from doc["spec"]["groups"]


@lru_cache(maxsize=None)
def queries() -> tuple:
    """(where, expr) of every rule and dashboard query, dashboard variables replaced by values."""
    out = []
    for g in rule_groups():
        for r in g["rules"]:
            out.append((f"rule {r.get('record') or r.get('alert')}", r["expr"]))
    for path in sorted((MONITORING / "dashboards").glob("*.json")):
        d = json.loads(path.read_text())
        for v in d.get("templating", {}).get("list", []):
            if v["type"] == "query":
                # Grafana's label_values(<selector>, <label>): the label counts as one the query groups by.
                sel, label = re.fullmatch(r"label_values\((.*),\s*(\w+)\)", v["query"]["query"]).groups()
                out.append((f"dashboard {path.stem} variable ${v['name']}", f"sum by ({label}) ({sel.replace('$env', 'dev')})"))
        for p in d["panels"]:
            for t in p["targets"]:
                expr = t["expr"].replace("$__rate_interval", "5m").replace("$env", "dev").replace("$app", "nura-portal")
                out.append((f"dashboard {path.stem} panel {p['title']!r}", expr))
    for path in sorted((ROOT / "infra" / "argocd" / "addons" / "rollouts").glob("*/analysis-template.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            for m in doc["spec"]["metrics"]:
                expr = m["provider"]["prometheus"]["query"].replace("{{args.app}}", "nura-portal")
                out.append((f"analysis {doc['metadata']['name']} {m['name']} ({path.parent.name})", expr))
    return tuple(out)


def recorded():
    return {r["record"] for g in rule_groups() for r in g["rules"] if "record" in r}


def prom_string(text: str) -> str:
    """YACE's metric-name normalisation (promutil.PromString): separators → _, snake_case at a lower/digit →
    upper boundary, lower case."""
    out, prev = [], ""
    for c in text:
        if c in " ,\t/\\.-:=@<>()“":
            out.append("_")
        elif c == "%":
            out.append("_percent")
        else:
            if c.isupper() and (prev.islower() or prev.isdigit()):
                out.append("_")
            out.append(c.lower())
        prev = c
    return "".join(out)


def yace_metrics() -> set:
    values = yaml.safe_load((MONITORING / "yace-values.yaml").read_text())
    config = yaml.safe_load(values["config"])
    names = set()
    for job in config["discovery"]["jobs"]:
        ns = prom_string(job["type"].lower())
        for m in job["metrics"]:
            for stat in m["statistics"]:
                names.add(f"{ns}_{prom_string(m['name'])}_{prom_string(stat)}")
    return names


def portal_metrics() -> dict:
    """Name → (type, label names) of every metric lib/metrics.ts registers (histograms expose _bucket/_sum/_count)."""
    src = (ROOT / "lib" / "metrics.ts").read_text()
    out = {}
    for typ, body in re.findall(r"new (Counter|Histogram|Gauge|Summary)\(\{(.*?)\}\)", src, re.S):
        (name,) = re.findall(r'name: "([^"]+)"', body)
        labels = set(re.findall(r'"(\w+)"', (re.findall(r"labelNames: \[([^\]]*)\]", body) or [""])[0]))
        series = [f"{name}_{s}" for s in ("bucket", "sum", "count")] if typ in ("Histogram",) else [name]
        for s in series:
            out[s] = (typ, labels)
    assert out, "lib/metrics.ts registers no metric the test can read"
    return out


def kube_prometheus_stack_exports():
    v = yaml.safe_load((MONITORING / "kube-prometheus-stack-values.yaml").read_text())
    prefixes = {}
    if v.get("kubeStateMetrics", {}).get("enabled", True):
        prefixes["kube_"] = "kube-state-metrics"
    if v.get("kubelet", {}).get("enabled", True) and v.get("kubelet", {}).get("serviceMonitor", {}).get("cAdvisor", True):
        prefixes["container_"] = "kubelet cAdvisor"
    if v.get("nodeExporter", {}).get("enabled", True):
        prefixes["node_"] = "node-exporter"
    return prefixes


# What the blackbox exporter exposes per probe (prober/handler.go; the http prober's own probe_http_* too).
BLACKBOX_METRICS = {"probe_success", "probe_duration_seconds", "probe_http_status_code", "probe_http_duration_seconds",
                    "probe_ssl_earliest_cert_expiry", "probe_dns_lookup_time_seconds"}


def probe_labels() -> set:
    """Labels every probe_* series carries: the Probe CRs' static labels (all environments) and job/instance."""
    labels = {"job", "instance"}
    for env in ENVS:
        for doc in manifests(f"infra/monitoring/probes/{env}"):
            assert doc["kind"] == "Probe", doc["kind"]
            labels |= set(doc["spec"]["targets"]["staticConfig"]["labels"])
    return labels


def test_the_parser_reads_what_the_queries_say():
    names, selectors, grouping = parse('sum by (env, le) (rate(http_request_duration_seconds_bucket{env="dev",code=~"5.."}[5m])) / absent(up)')
    assert names == {"http_request_duration_seconds_bucket", "up"}
    assert selectors == {"http_request_duration_seconds_bucket": {"env", "code"}}
    assert grouping == {"env", "le"}
    assert prom_string("CPUUtilization") == "cpuutilization" and prom_string("FreeStorageSpace") == "free_storage_space"
    assert prom_string("aws/elasticache") == "aws_elasticache"


@pytest.mark.parametrize("where,expr", queries(), ids=[w for w, _ in queries()])
def test_every_queried_metric_has_an_exporter(where, expr):
    names, selectors, grouping = parse(expr)
    own = recorded() | {"ALERTS", "ALERTS_FOR_STATE", "up"}
    yace, portal, ksm = yace_metrics(), portal_metrics(), kube_prometheus_stack_exports()
    for name in names:
        if name in own:
            continue
        if name.startswith("aws_"):
            assert name in yace, f"{where}: {name} is not among the metrics YACE exports ({sorted(yace)})"
            continue
        if name.startswith("probe_"):
            assert name in BLACKBOX_METRICS, f"{where}: the blackbox exporter exports no {name}"
            missing = (selectors.get(name, set()) | grouping) - probe_labels()
            assert not missing, f"{where}: {name} has no label {sorted(missing)} (the Probe CRs set {sorted(probe_labels())})"
            continue
        prefix = next((p for p in ksm if name.startswith(p)), None)
        if prefix:
            assert name in CLUSTER_EXPORTER_LABELS, f"{where}: {name} ({ksm[prefix]}): add its labels to CLUSTER_EXPORTER_LABELS first"
            missing = selectors.get(name, set()) - CLUSTER_EXPORTER_LABELS[name] - CLUSTER_TARGET_LABELS
            assert not missing, f"{where}: {name} ({ksm[prefix]}) has no label {sorted(missing)} (only the Nura ServiceMonitors add env/app)"
            continue
        assert name in portal, f"{where}: nothing exports {name} (the portal's lib/metrics.ts exports {sorted(portal)})"
        exported = portal[name][1] | SCRAPE_LABELS
        used = selectors.get(name, set()) | (grouping if names <= set(portal) | own else set())
        missing = used - exported
        assert not missing, f"{where}: {name} is queried by {sorted(missing)}, which the portal does not export"


def test_yace_runs_where_its_alerts_are_evaluated():
    for env in ENVS:
        charts = charts_on(f"nura-{env}")
        assert "prometheus-yet-another-cloudwatch-exporter" in charts, f"no YACE on nura-{env}: the RDS/Redis alerts get no data"
        _repo, _version, files, spec = charts["prometheus-yet-another-cloudwatch-exporter"]
        assert files == ["infra/monitoring/yace-values.yaml"] and spec["destination"]["namespace"] == "monitoring"


@pytest.mark.parametrize("env", ENVS)
def test_the_portal_scrape_adds_the_labels_the_queries_group_by(env):
    (sm,) = kind(rendered("nura-portal", env), "ServiceMonitor")
    targets = {r["targetLabel"] for e in sm["spec"]["endpoints"] for r in e.get("relabelings", [])}
    assert {"app", "env"} <= targets


def test_the_blackbox_exporter_and_its_probes_run_on_every_cluster():
    for env in ENVS:
        charts = charts_on(f"nura-{env}")
        assert "prometheus-blackbox-exporter" in charts, f"no blackbox exporter on nura-{env}: NuraEndpointDown gets no data"
        _repo, version, files, spec = charts["prometheus-blackbox-exporter"]
        assert re.fullmatch(r"\d+\.\d+\.\d+", version) and spec["destination"]["namespace"] == "monitoring"
        values = yaml.safe_load((ROOT / files[0]).read_text())
        service = f"{values['fullnameOverride']}.monitoring.svc:9115"
        probes = manifests(f"infra/monitoring/probes/{env}")
        assert {p["spec"]["targets"]["staticConfig"]["labels"]["app"] for p in probes} == {"nura-core", "nura-ui", "nura-portal"}
        for p in probes:
            assert p["spec"]["prober"]["url"] == service, f"{p['metadata']['name']} asks {p['spec']['prober']['url']}, the exporter is {service}"
            assert p["spec"]["module"] in values["config"]["modules"], p["spec"]["module"]
            assert p["spec"]["jobName"] == "nura-uptime" and p["spec"]["targets"]["staticConfig"]["labels"]["env"] == env
            # Each probe hits its own environment's public host (helm/<app>/values-<env>.yaml ingress.host).
            chart_values = yaml.safe_load((ROOT / "helm" / p["spec"]["targets"]["staticConfig"]["labels"]["app"] / f"values-{env}.yaml").read_text())
            (target,) = p["spec"]["targets"]["staticConfig"]["static"]
            assert target.startswith(f"https://{chart_values['ingress']['host']}/"), (target, chart_values["ingress"]["host"])
