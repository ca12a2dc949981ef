"""The cluster add-ons the workloads depend on, as Argo CD deploys them (infra/argocd → each cluster):
a default encrypted gp3 StorageClass for every volume claim, metrics-server for every HPA, the Jenkins
agents' service accounts bound to their IRSA roles, and every Application allowed by its project."""

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
    iam = (ROOT / "infra" / "modules" / "iam" / "main.tf").read_text()
    trusted = dict(re.findall(r'^\s+([\w-]+)\s+= "system:serviceaccount:([^"]+)"', iam, re.M))
    seen = 0
    for name, spec, file in applications():
        for src in sources(spec):
            for p in src.get("helm", {}).get("parameters", []):
                if p["name"] != r"serviceAccount.annotations.eks\.amazonaws\.com/role-arn":
                    continue
                seen += 1
                env = re.fullmatch(r"nura-(\w+)", spec["destination"]["name"]).group(1)
                m = re.fullmatch(rf"arn:aws:iam::123456789012:role/nura-{env}-([\w-]+)", p["value"])
                assert m and m.group(1) in trusted, f"{file}: {name} annotates role {p['value']}, which infra/modules/iam does not create"
                (values_file,) = [f.removeprefix("$values/") for f in src["helm"]["valueFiles"]]
                sa = yaml.safe_load((ROOT / values_file).read_text())["serviceAccount"]["name"]
                assert trusted[m.group(1)] == f"{spec['destination']['namespace']}:{sa}", f"{name}: role {m.group(1)} trusts {trusted[m.group(1)]}, the chart runs as {spec['destination']['namespace']}:{sa}"
    assert seen >= 6, "fluent-bit and YACE in three environments"


def test_deployed_to_every_cluster():
    for cluster in CLUSTERS:
        names = {n.rsplit("-", 1)[0] for n, _, _ in deployed_to(cluster)}
        assert {"cluster-storage", "metrics-server", "yace", "fluent-bit", "kube-prometheus-stack"} <= names, (cluster, names)
