"""The cluster add-ons the workloads depend on, as Argo CD deploys them (infra/argocd → each cluster):
a default encrypted gp3 StorageClass for every volume claim, metrics-server for every HPA, the Jenkins
agents' service accounts bound to their IRSA roles, and every Application allowed by its project."""

import json
import re

import pytest
import yaml

from conftest import CHARTS, ENVS, ROOT, kind, rendered
from gitops import (GITOPS_REPO, applications, charts_on, ci_environment, deployed_to, projects,
                    repo_manifests_on, sources)

CLUSTERS = [f"nura-{env}" for env in ENVS]
MONITORING_VALUES = yaml.safe_load((ROOT / "infra" / "monitoring" / "kube-prometheus-stack-values.yaml").read_text())
JENKINS_VALUES = yaml.safe_load((ROOT / "infra" / "jenkins" / "values.yaml").read_text())


def storage_classes(cluster):
    return {d["metadata"]["name"]: d for d in repo_manifests_on(cluster) if d["kind"] == "StorageClass"}


def claims(cluster, env):
    """(where, storageClassName or None) of every volume claim the cluster's workloads make: the rendered
    Nura charts' PVCs and StatefulSet volumeClaimTemplates, and the persistent volumes the upstream charts'
    values ask for (kube-prometheus-stack everywhere, Jenkins where it runs)."""
    out = []
    for chart in CHARTS:
        docs = rendered(chart, env)
        for pvc in kind(docs, "PersistentVolumeClaim"):
            out.append((f"{chart}-{env} PVC {pvc['metadata']['name']}", pvc["spec"].get("storageClassName")))
        for sts in kind(docs, "StatefulSet"):
            for t in sts["spec"].get("volumeClaimTemplates", []):
                out.append((f"{chart}-{env} {sts['metadata']['name']}/{t['metadata']['name']}", t["spec"].get("storageClassName")))
    prom = MONITORING_VALUES["prometheus"]["prometheusSpec"].get("storageSpec", {}).get("volumeClaimTemplate")
    if prom:
        out.append(("kube-prometheus-stack prometheus", prom["spec"].get("storageClassName")))
    am = MONITORING_VALUES["alertmanager"]["alertmanagerSpec"].get("storage", {}).get("volumeClaimTemplate")
    if am:
        out.append(("kube-prometheus-stack alertmanager", am["spec"].get("storageClassName")))
    if MONITORING_VALUES["grafana"].get("persistence", {}).get("enabled"):
        out.append(("kube-prometheus-stack grafana", MONITORING_VALUES["grafana"]["persistence"].get("storageClassName")))
    if env == ci_environment() and JENKINS_VALUES.get("persistence", {}).get("enabled"):
        out.append(("jenkins home", JENKINS_VALUES["persistence"].get("storageClass")))
    return out


@pytest.mark.parametrize("env", ENVS)
def test_every_volume_claim_names_a_class_the_cluster_has_or_gets_the_default(env):
    cluster = f"nura-{env}"
    classes = storage_classes(cluster)
    defaults = [n for n, c in classes.items()
                if c["metadata"].get("annotations", {}).get("storageclass.kubernetes.io/is-default-class") == "true"]
    assert len(defaults) <= 1, f"{cluster}: more than one default StorageClass {defaults}"
    found = claims(cluster, env)
    assert any(c is None for _, c in found) and any(c for _, c in found), "the test must see both kinds of claim"
    for where, cls in found:
        if cls is None:
            assert defaults, f"{where} names no StorageClass and {cluster} has no default (EKS >= 1.30 marks none)"
        else:
            assert cls in classes, f"{where} asks for StorageClass {cls!r}; Argo CD creates {sorted(classes)} on {cluster}"


@pytest.mark.parametrize("cluster", CLUSTERS)
def test_storage_classes_are_encrypted_gp3_on_the_ebs_csi_driver(cluster):
    classes = storage_classes(cluster)
    assert classes, f"no StorageClass reaches {cluster} through Argo CD"
    for name, c in classes.items():
        assert c["provisioner"] == "ebs.csi.aws.com", name
        assert c["parameters"]["type"] == "gp3" and c["parameters"]["encrypted"] == "true", name
        assert c["volumeBindingMode"] == "WaitForFirstConsumer", f"{name}: volumes must follow the pod's AZ"
    # The driver itself is an EKS add-on with its IRSA role (infra/modules/eks).
    eks_vars = (ROOT / "infra" / "modules" / "eks" / "variables.tf").read_text()
    assert re.search(r'"aws-ebs-csi-driver"\s*=\s*"v', eks_vars)


def test_the_charts_render_resource_metric_hpas():
    # What makes metrics-server necessary (the test below would pass for nothing without HPAs).
    hpas = [h for c in CHARTS for e in ENVS for h in kind(rendered(c, e), "HorizontalPodAutoscaler")]
    assert any(m["type"] == "Resource" for h in hpas for m in h["spec"]["metrics"])


@pytest.mark.parametrize("env", ENVS)
def test_metrics_server_runs_on_every_cluster(env):
    # HPAs (Resource metrics) and `kubectl top` read metrics.k8s.io, which only metrics-server serves.
    charts = charts_on(f"nura-{env}")
    hpas = [h["metadata"]["name"] for c in CHARTS for h in kind(rendered(c, env), "HorizontalPodAutoscaler")]
    assert "metrics-server" in charts, f"nothing installs metrics-server on nura-{env} (HPAs there: {hpas})"
    repo, version, _files, spec = charts["metrics-server"]
    assert repo == "https://kubernetes-sigs.github.io/metrics-server/"
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"metrics-server chart must be pinned, got {version}"
    assert spec["destination"]["namespace"] == "kube-system"


def test_every_application_is_allowed_by_its_project_and_its_files_exist():
    projs = projects()
    names = [n for n, _, _ in applications()]
    assert len(names) == len(set(names)), "Application names must be unique"
    for name, spec, file in applications():
        proj = projs[spec["project"]]
        dest = spec["destination"]
        assert {"name": dest["name"], "namespace": dest["namespace"]} in proj["destinations"], f"{file}: {name} → {dest} not in project {spec['project']}"
        for src in sources(spec):
            assert src["repoURL"] in proj["sourceRepos"], f"{file}: {name} source {src['repoURL']} not in project {spec['project']}"
            if src["repoURL"] == GITOPS_REPO and "path" in src:
                assert (ROOT / src["path"]).is_dir(), f"{file}: {name} path {src['path']} does not exist"
            for f in src.get("helm", {}).get("valueFiles", []):
                if f.startswith("$values/"):
                    assert (ROOT / f.removeprefix("$values/")).is_file(), f"{file}: {name} value file {f} does not exist"


def test_cluster_scoped_add_on_kinds_are_whitelisted():
    proj = projects()["nura-platform"]
    allowed = {(k["group"], k["kind"]) for k in proj["clusterResourceWhitelist"]}
    assert ("storage.k8s.io", "StorageClass") in allowed
    assert ("apiregistration.k8s.io", "APIService") in allowed, "metrics-server registers v1beta1.metrics.k8s.io"


# --- Jenkins agents: pod template → service account → IRSA role ------------------------------------------
def pod_templates():
    """Pod template name → service account (infra/jenkins/values.yaml agent.podTemplates)."""
    out = {}
    for name, text in JENKINS_VALUES["agent"]["podTemplates"].items():
        (tpl,) = yaml.safe_load(text)
        out[name] = tpl["serviceAccount"]
    return out


def jenkins_iam_roles():
    """Service account → role name suffix, as infra/modules/jenkins-iam trusts them."""
    main = (ROOT / "infra" / "modules" / "jenkins-iam" / "main.tf").read_text()
    return dict(re.findall(r'\{ service_account = "([^"]+)", role = "\$\{var\.name\}-([^"]+)" \}', main))


def inherit_from(jenkinsfile):
    (m,) = re.findall(r"inheritFrom '([^']+)'", (ROOT / jenkinsfile).read_text())
    return m


def test_jenkins_agent_service_accounts_exist_with_their_irsa_roles():
    ci_env = ci_environment()
    namespace = JENKINS_VALUES["agent"]["namespace"]
    sas = {d["metadata"]["name"]: d for d in repo_manifests_on(f"nura-{ci_env}")
           if d["kind"] == "ServiceAccount" and d["metadata"].get("namespace") == namespace}
    roles = jenkins_iam_roles()
    assert len(roles) == 3, roles
    for template, sa in pod_templates().items():
        assert sa in sas, f"pod template {template} runs as {sa}, which Argo CD does not create in {namespace} on nura-{ci_env}"
        assert sa in roles, f"no IRSA role trusts system:serviceaccount:{namespace}:{sa}"
        arn = sas[sa]["metadata"]["annotations"]["eks.amazonaws.com/role-arn"]
        assert arn == f"arn:aws:iam::123456789012:role/nura-{ci_env}-{roles[sa]}", f"{sa} is annotated with {arn}"
    assert (ROOT / "infra" / "modules" / "jenkins-iam" / "variables.tf").read_text().count(f'default     = "{namespace}"') == 1


def test_plans_run_read_only_and_applies_on_their_own_role():
    templates, roles = pod_templates(), jenkins_iam_roles()
    plan_sa = templates[inherit_from("infra/jenkins/Jenkinsfile.plan")]
    apply_sa = templates[inherit_from("infra/jenkins/Jenkinsfile.apply")]
    app_sa = templates[inherit_from("Jenkinsfile")]
    assert roles[plan_sa].endswith("-plan"), f"plans run as {plan_sa} → {roles[plan_sa]}"
    assert roles[apply_sa].endswith("-apply"), f"applies run as {apply_sa} → {roles[apply_sa]}"
    assert len({plan_sa, apply_sa, app_sa}) == 3


# --- IRSA annotations Argo CD sets on upstream charts ----------------------------------------------------
def test_irsa_annotations_name_roles_that_trust_that_service_account():
    trusted = addon_roles()  # modules/iam's workload roles and modules/addons-iam's add-on roles
    seen = 0
    for name, spec, file in applications():
        for src in sources(spec):
            for p in src.get("helm", {}).get("parameters", []):
                if p["name"] != r"serviceAccount.annotations.eks\.amazonaws\.com/role-arn":
                    continue
                seen += 1
                env = re.fullmatch(r"nura-(\w+)", spec["destination"]["name"]).group(1)
                m = re.fullmatch(rf"arn:aws:iam::123456789012:role/nura-{env}-([\w-]+)", p["value"])
                assert m and m.group(1) in trusted, f"{file}: {name} annotates role {p['value']}, which neither infra/modules/iam nor addons-iam creates"
                (values_file,) = [f.removeprefix("$values/") for f in src["helm"]["valueFiles"]]
                sa = yaml.safe_load((ROOT / values_file).read_text())["serviceAccount"]["name"]
                assert trusted[m.group(1)] == f"{spec['destination']['namespace']}:{sa}", f"{name}: role {m.group(1)} trusts {trusted[m.group(1)]}, the chart runs as {spec['destination']['namespace']}:{sa}"
    assert seen >= 6, "fluent-bit and YACE in three environments"


def test_deployed_to_every_cluster():
    for cluster in CLUSTERS:
        names = {n.rsplit("-", 1)[0] for n, _, _ in deployed_to(cluster)}
        assert {"cluster-storage", "metrics-server", "yace", "fluent-bit", "kube-prometheus-stack"} <= names, (cluster, names)


# --- AWS-facing add-ons (infra/argocd/applications/aws-addons.yaml, delivery-and-tracing.yaml) -------------
ADDONS_IAM = (ROOT / "infra" / "modules" / "addons-iam" / "main.tf").read_text()
PLATFORM_MAIN = (ROOT / "infra" / "modules" / "platform" / "main.tf").read_text()
ROLE_ANNOTATION = re.compile(r"(?:^|\.)serviceAccount\.annotations\.eks\\\.amazonaws\\\.com/role-arn$")
AWS_ADDONS = {  # chart → the role it runs as (nura-<env>-<role>)
    "cluster-autoscaler": "cluster-autoscaler",
    "aws-load-balancer-controller": "aws-load-balancer-controller",
    "cert-manager": "cert-manager",
    "external-dns": "external-dns",
    "external-secrets": "external-secrets",
    "opentelemetry-collector": "adot-collector",
}


def addon_roles():
    """Role suffix → "namespace:service account" it trusts: modules/addons-iam's roles and modules/iam's."""
    roles = {k: f"{ns}:{sa}" for k, ns, sa in re.findall(
        r'^\s+([\w-]+)\s+= \{ namespace = "([^"]+)", service_account = "([^"]+)" \}', ADDONS_IAM, re.M)}
    iam = (ROOT / "infra" / "modules" / "iam" / "main.tf").read_text()
    roles |= dict(re.findall(r'^\s+([\w-]+)\s+= "system:serviceaccount:([^"]+)"', iam, re.M))
    return roles


def chart_service_account(values_file, param_name):
    """The service account name the chart's values give (serviceAccount.name, or rbac.serviceAccount.name)."""
    v = yaml.safe_load((ROOT / values_file).read_text())
    for key in param_name.split(".serviceAccount.")[0].split(".") if param_name.startswith("rbac.") else []:
        v = v[key]
    return v["serviceAccount"]["name"]


def test_addon_roles_are_parsed():
    assert set(AWS_ADDONS.values()) <= set(addon_roles()), sorted(addon_roles())


@pytest.mark.parametrize("env", ENVS)
def test_every_aws_addon_runs_pinned_with_the_role_that_trusts_its_service_account(env):
    charts = charts_on(f"nura-{env}")
    roles = addon_roles()
    for chart, role in AWS_ADDONS.items():
        assert chart in charts, f"nothing installs {chart} on nura-{env}"
        _repo, version, files, spec = charts[chart]
        assert re.fullmatch(r"v?\d+\.\d+\.\d+", version), f"{chart} must be pinned to an exact version, got {version}"
        (src,) = [s for s in sources(spec) if s.get("chart") == chart]
        params = {p["name"]: p["value"] for p in src["helm"].get("parameters", [])}
        (name,) = [n for n in params if ROLE_ANNOTATION.search(n)]
        assert params[name] == f"arn:aws:iam::123456789012:role/nura-{env}-{role}", f"{chart} on nura-{env} annotated with {params[name]}"
        sa = chart_service_account(files[0], name)
        assert roles[role] == f"{spec['destination']['namespace']}:{sa}", (
            f"{chart}: role nura-{env}-{role} trusts {roles[role]}, the chart runs as {spec['destination']['namespace']}:{sa}")


@pytest.mark.parametrize("env", ENVS)
def test_cluster_autoscaler_discovers_this_cluster_at_its_kubernetes_minor(env):
    _repo, _v, files, spec = charts_on(f"nura-{env}")["cluster-autoscaler"]
    (src,) = [s for s in sources(spec) if s.get("chart") == "cluster-autoscaler"]
    params = {p["name"]: p["value"] for p in src["helm"]["parameters"]}
    assert params["autoDiscovery.clusterName"] == f"nura-{env}"
    minor = re.search(r'^kubernetes_version\s*=\s*"(\d+\.\d+)"', (ROOT / "infra" / "environments" / env / "terraform.tfvars").read_text(), re.M).group(1)
    tag = yaml.safe_load((ROOT / files[0]).read_text())["image"]["tag"]
    assert tag.startswith(f"v{minor}."), f"Cluster Autoscaler {tag} on a {minor} cluster (its minor must match)"
    # EKS tags each managed node group's ASG k8s.io/cluster-autoscaler/<cluster>=owned: the role scales only those.
    assert '"aws:ResourceTag/k8s.io/cluster-autoscaler/${var.cluster_name}" = "owned"' in ADDONS_IAM


def secrets_the_cluster_needs(env):
    """Kubernetes Secret (namespace, name) the rendered Nura charts and Alertmanager read."""
    need = set()
    for chart in CHARTS:
        for doc in rendered(chart, env):
            if doc["kind"] not in ("Deployment", "Job", "StatefulSet", "CronJob"):
                continue
            text = json.dumps(doc)
            for m in re.finditer(r'"secretKeyRef": \{"name": "([^"]+)"|"secretRef": \{"name": "([^"]+)"|"secretName": "([^"]+)"', text):
                need.add((f"nura-{env}", next(g for g in m.groups() if g)))
    for s in MONITORING_VALUES["alertmanager"]["alertmanagerSpec"]["secrets"]:
        need.add(("monitoring", s))
    return need


@pytest.mark.parametrize("env", ENVS)
def test_every_secret_the_workloads_read_comes_from_secrets_manager(env):
    externals = {(d["metadata"]["namespace"], d["spec"]["target"]["name"]): d for d in repo_manifests_on(f"nura-{env}")
                 if d["kind"] == "ExternalSecret"}
    stores = {d["metadata"]["name"] for d in repo_manifests_on(f"nura-{env}") if d["kind"] == "ClusterSecretStore"}
    block = PLATFORM_MAIN[PLATFORM_MAIN.index("environment_secrets = {"):]
    created = set(re.findall(r'^\s+([\w-]+)\s+= "', block[:block.index("\n  }")], re.M))
    assert len(created) >= 5, created
    need = secrets_the_cluster_needs(env)
    assert ("nura-" + env, "nura-core-database") in need or env == "dev", "the test must see the charts' secret references"
    for ns, name in sorted(need):
        if name.endswith("-tls") or name == "nura-core-postgresql":
            continue  # TLS secrets are cert-manager's; the in-cluster dev PostgreSQL's password is the chart's own.
        assert (ns, name) in externals, f"{ns}/{name} is read on nura-{env} but no ExternalSecret creates it"
        es = externals[(ns, name)]
        assert es["spec"]["secretStoreRef"] == {"kind": "ClusterSecretStore", "name": "aws-secrets-manager"} and "aws-secrets-manager" in stores
        (ref,) = es["spec"]["dataFrom"]
        key = ref["extract"]["key"]
        assert key.startswith(f"nura/{env}/"), f"{ns}/{name} on nura-{env} reads {key}: another environment's secret"
        assert key.removeprefix(f"nura/{env}/") in created, f"{key} is not a secret infra/modules/platform creates ({sorted(created)})"


@pytest.mark.parametrize("env", ENVS)
def test_every_cluster_issuer_an_ingress_names_exists(env):
    issuers = {d["metadata"]["name"] for d in repo_manifests_on(f"nura-{env}") if d["kind"] == "ClusterIssuer"}
    named = {i["metadata"]["annotations"]["cert-manager.io/cluster-issuer"] for c in CHARTS for i in kind(rendered(c, env), "Ingress")
             if "cert-manager.io/cluster-issuer" in i["metadata"].get("annotations", {})}
    named.add(MONITORING_VALUES["grafana"]["ingress"]["annotations"]["cert-manager.io/cluster-issuer"])
    assert named and named <= issuers, f"nura-{env}: Ingresses name {sorted(named)}, Argo CD creates {sorted(issuers)}"
    for d in repo_manifests_on(f"nura-{env}"):
        if d["kind"] == "ClusterIssuer":
            (solver,) = d["spec"]["acme"]["solvers"]
            assert set(solver["dns01"]["route53"]) == {"region"}, "ambient IRSA credentials only: no access keys, no role to chain"


def test_external_dns_only_upserts_its_own_environments_domain():
    for env in ENVS:
        _r, _v, files, spec = charts_on(f"nura-{env}")["external-dns"]
        (src,) = [s for s in sources(spec) if s.get("chart") == "external-dns"]
        params = {p["name"]: p["value"] for p in src["helm"]["parameters"]}
        hosts = {values_of(c, env)["ingress"]["host"] for c in CHARTS}
        assert all(h.endswith("." + params["domainFilters[0]"]) for h in hosts), (env, params["domainFilters[0]"], hosts)
        assert params["txtOwnerId"] == f"nura-{env}"
        assert yaml.safe_load((ROOT / files[0]).read_text())["policy"] == "upsert-only"


def values_of(chart, env):
    return yaml.safe_load((ROOT / "helm" / chart / f"values-{env}.yaml").read_text())


@pytest.mark.parametrize("env", ENVS)
def test_grafana_has_its_own_host_per_environment(env):
    (app,) = [spec for n, spec, _ in deployed_to(f"nura-{env}") if n == f"kube-prometheus-stack-{env}"]
    (src,) = [s for s in sources(app) if s.get("chart") == "kube-prometheus-stack"]
    params = {p["name"]: p["value"] for p in src["helm"]["parameters"]}
    host = params["grafana.ingress.hosts[0]"]
    suffix = "nura.example.com" if env == "prod" else f"{env}.nura.example.com"
    assert host == f"grafana.{suffix}" and params["grafana.ingress.tls[0].hosts[0]"] == host
    assert params[r"grafana.grafana\.ini.server.root_url"] == f"https://{host}"


def test_the_watchdog_goes_to_a_dead_mans_switch():
    config = MONITORING_VALUES["alertmanager"]["config"]
    (route,) = [r for r in config["route"]["routes"] if r["matchers"] == ['alertname="Watchdog"']]
    receivers = {r["name"]: r for r in config["receivers"]}
    (hook,) = receivers[route["receiver"]]["webhook_configs"]
    mounted = MONITORING_VALUES["alertmanager"]["alertmanagerSpec"]["secrets"]
    assert any(hook["url_file"] == f"/etc/alertmanager/secrets/{s}/deadmansswitch-url" for s in mounted), hook
    # The switch pages when pings stop: they must come at least every few minutes, never batched away.
    assert route["repeat_interval"] in ("1m", "2m", "5m") and route["group_wait"] == "0s"
    rules = (ROOT / "infra" / "monitoring" / "kube-prometheus-stack-values.yaml").read_text()
    assert not re.search(r"^\s+general:\s*false", rules, re.M), "the chart's general rules (Watchdog) must stay on"
