"""Issue 16, defect 8 (second half): the add-ons' values come from OpenTofu's outputs through the Argo CD
cluster Secrets, the GitOps-bridge way, not from hand-copied ARNs, account ids and regions.

Every add-on ApplicationSet uses Argo CD's cluster generator; its template is evaluated (argocd_bridge.py)
against the Secret scripts/ci/argocd-cluster-secret.py renders from each environment's `argocd_cluster`
output, whose labels and annotations are derived from the HCL. tests/infra/e2e-moto.sh checks the same
against dev's real applied output."""

import json
import re

import pytest
import yaml

from argocd_bridge import (ADDONS_IAM_MAIN, ARGOCD, PLATFORM_OUTPUTS, TemplateError, annotations_read,
                           application_sets, argocd_cluster_output, cluster_secret, expressions, generate,
                           output_shape, required_labels, role_keys, uses_cluster_generator)
from conftest import ENVS, ROOT
from gitops import ci_environment, manifests

ADDON_FILES = ("aws-addons.yaml", "cluster-addons.yaml", "delivery-and-tracing.yaml", "jenkins-backup.yaml", "monitoring.yaml")
ZONES = [pytest.param(True, id="with-dns-zone"), pytest.param(False, id="without-dns-zone")]


def addon_sets():
    sets = [(f, a) for f, a in application_sets() if f in ADDON_FILES]
    assert len(sets) >= 14, [a["metadata"]["name"] for _, a in sets]
    return sets


def test_add_on_application_sets_use_cluster_generators():
    for file, appset in addon_sets():
        gens = appset["spec"]["generators"]
        assert all(set(g) == {"clusters"} for g in gens), f"{file}: {appset['metadata']['name']} generators {gens}"


def test_add_on_application_sets_carry_no_literal_account_region_or_arn():
    """Comments may name them; the YAML Argo CD reads may not (it would be a hand-copied placeholder)."""
    for file, appset in addon_sets():
        text = json.dumps(appset)
        name = appset["metadata"]["name"]
        assert not re.search(r"(?<!\d)\d{12}(?!\d)", text), f"{file}: {name} holds an account id"
        assert not re.search(r"\b(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?[a-z]+-\d\b", text), f"{file}: {name} holds a region"
        assert "arn:aws" not in text, f"{file}: {name} holds an ARN"
        assert not re.search(r'nura-\{\{', text), f"{file}: {name} builds a cluster or role name by hand"


@pytest.mark.parametrize("dns_zone", ZONES)
@pytest.mark.parametrize("env", ENVS)
def test_every_template_resolves_against_the_output_of_the_clusters_it_selects(env, dns_zone):
    secret = cluster_secret(env, dns_zone)
    annotations = secret["metadata"]["annotations"]
    checked = 0
    for file, appset in application_sets():
        if not uses_cluster_generator(appset):
            continue
        checked += 1
        try:
            apps = generate(appset, [secret])
        except TemplateError as e:
            pytest.fail(f"{file}: {appset['metadata']['name']} on nura-{env}: {e}")
        for _params, app in apps:
            missing = annotations_read(appset["spec"]["template"]) - set(annotations)
            assert not missing, f"{file}: {app['metadata']['name']} reads {missing}, not in nura-{env}'s output"
            assert app["spec"]["destination"]["name"] == secret["stringData"]["name"] == f"nura-{env}"
            assert app["metadata"]["labels"]["nura.io/environment"] == env
    assert checked >= 14, "every add-on ApplicationSet has a cluster generator"


def test_annotations_are_read_as_fields_and_labels_only_where_the_selector_requires_them():
    """missingkey=error only guards field access: Go's `index` renders a missing key as "" (an empty ARN)."""
    for file, appset in application_sets():
        if not uses_cluster_generator(appset):
            continue
        name = appset["metadata"]["name"]
        gens = [g["clusters"] for g in appset["spec"]["generators"]]
        for e in expressions(appset["spec"]) | {x for g in gens for x in expressions(g.get("values", {}))}:
            assert "index .metadata.annotations" not in e, f"{file}: {name} reads an annotation with index: {e}"
            for label in re.findall(r'index \.metadata\.labels "([^"]+)"', e):
                for g in gens:
                    assert label in required_labels(g["selector"]), f"{file}: {name} reads label {label}, which its selector does not require"


@pytest.mark.parametrize("env", ENVS)
def test_dns_add_ons_go_only_where_their_role_exists(env):
    """cert-manager and external-dns have an IRSA role only with dns_zone_id; without one no Application is made
    (before, they were made with the ARN of a role that does not exist)."""
    def made(dns_zone):
        secret = cluster_secret(env, dns_zone)
        return {app["metadata"]["name"] for _f, a in application_sets() if uses_cluster_generator(a)
                for _p, app in generate(a, [secret])}
    with_zone, without = made(True), made(False)
    assert with_zone - without == {f"cert-manager-{env}", f"external-dns-{env}"}
    assert {f"cluster-autoscaler-{env}", f"external-secrets-{env}", f"tracing-{env}", f"yace-{env}"} <= without
    assert (f"argo-rollouts-{env}" in with_zone) == (env == "prod")


def test_the_hub_is_a_cluster_secret_like_any_other():
    """Argo CD's implicit in-cluster entry has no labels, so no selector picks it: the hub (prod) registers itself
    with its own Secret from its own output, and its add-ons are generated from it."""
    secret = cluster_secret("prod")
    assert secret["stringData"]["server"].startswith("https://") and "kubernetes.default.svc" not in json.dumps(secret)
    made = {app["metadata"]["name"] for _f, a in application_sets() if uses_cluster_generator(a)
            for _p, app in generate(a, [secret])}
    assert {"argo-rollouts-prod", "kube-prometheus-stack-prod", "aws-load-balancer-controller-prod"} <= made


def test_the_derived_output_follows_the_hcl():
    """The keys argocd_bridge derives are those outputs.tf produces: a renamed annotation or role map must fail here
    (and the same keys are asserted by tofu test argocd_reaches_every_cluster_… on the real module)."""
    shape = output_shape()
    assert {"aws_account_id", "aws_region", "aws_cluster_name", "aws_vpc_id"} <= set(shape["annotations"])
    assert shape["role_maps"] == ["iam", "addons_iam"] and shape["enable_maps"] == ["addons_iam"]
    out = argocd_cluster_output("dev", dns_zone=False)
    assert "cert_manager_role_arn" not in out["annotations"] and "enable_cert_manager" not in out["labels"]
    assert out["annotations"]["aws_load_balancer_controller_role_arn"] == "arn:aws:iam::123456789012:role/nura-dev-aws-load-balancer-controller"
    assert set(role_keys("addons_iam", True)) - set(role_keys("addons_iam", False)) == {"cert-manager", "external-dns"}
    assert 'var.dns_zone_id != ""' in ADDONS_IAM_MAIN.read_text() and "argocd_cluster" in PLATFORM_OUTPUTS.read_text()
    tftest = (ROOT / "infra" / "environments" / "tests" / "environments.tftest.hcl").read_text()
    assert 'annotations["${replace(k, "-", "_")}_role_arn"] == arn' in tftest and '"enable_${replace(k, "-", "_")}"' in tftest


def test_every_annotation_read_is_one_the_output_can_produce():
    produced = {k for env in ENVS for k in argocd_cluster_output(env, dns_zone=True)["annotations"]}
    read = {k for f, a in application_sets() if uses_cluster_generator(a) for k in annotations_read(a["spec"]["template"])}
    assert read and read <= produced, read - produced
    assert {"aws_region", "aws_cluster_name", "aws_vpc_id"} <= read


def test_the_values_the_generators_add_are_only_what_opentofu_does_not_know():
    """Per-environment values in the generators: the environment name and hosts (no role, account or region)."""
    for file, appset in addon_sets():
        for g in appset["spec"]["generators"]:
            for k, v in (g["clusters"].get("values") or {}).items():
                assert k in ("env", "domain", "grafana"), f"{file}: {appset['metadata']['name']} adds value {k}={v}"


def test_the_argocd_tree_holds_no_other_list_generator_for_clusters():
    """The chart ApplicationSets (applicationsets/) list charts, not clusters: their destination is fixed per file."""
    for file, appset in application_sets():
        if uses_cluster_generator(appset):
            continue
        assert (ARGOCD / "applicationsets" / file).exists(), f"{file}: {appset['metadata']['name']} still lists clusters"
        for g in appset["spec"]["generators"]:
            assert all("env" not in e for e in g["list"]["elements"]), file


def _pointer(doc, path):
    """(parent, key) of an RFC 6901 JSON pointer that must exist (kustomize's replace fails otherwise)."""
    *parents, last = [p.replace("~1", "/").replace("~0", "~") for p in path.lstrip("/").split("/")]
    for p in parents:
        doc = doc[int(p)] if isinstance(doc, list) else doc[p]
    key = int(last) if isinstance(doc, list) else last
    assert (isinstance(doc, list) and key < len(doc)) or (isinstance(doc, dict) and key in doc), path
    return doc, key


def patched(src: dict) -> list[dict]:
    """The manifests of a kustomize source after its JSON 6902 patches (replace ops, as ours use): each op's path
    must exist in the base and hold a set-by-argocd-… placeholder, never a value copied by hand."""
    docs = manifests(src["path"])
    for patch in src.get("kustomize", {}).get("patches", []):
        targets = [d for d in docs if d["kind"] == patch["target"]["kind"]
                   and patch["target"].get("name", d["metadata"]["name"]) == d["metadata"]["name"]]
        assert targets, f"{src['path']}: patch target {patch['target']} matches nothing"
        for doc in targets:
            for op in yaml.safe_load(patch["patch"]):
                assert op["op"] == "replace", op
                parent, key = _pointer(doc, op["path"])
                old = parent[key]
                if isinstance(old, dict):  # an env entry: the same variable, its placeholder replaced
                    assert old["name"] == op["value"]["name"] and old["value"].startswith("set-by-argocd-"), old
                else:
                    assert old.startswith("set-by-argocd-"), f"{src['path']}: {op['path']} holds {old!r}, a hand-copied value"
                parent[key] = op["value"]
    return docs


@pytest.mark.parametrize("env", ENVS)
def test_every_placeholder_in_a_kustomize_source_is_patched_from_the_cluster_secret(env):
    secret = cluster_secret(env)
    seen = 0
    for _f, appset in application_sets():
        for _p, app in generate(appset, [secret]):
            for src in app["spec"].get("sources") or [app["spec"]["source"]]:
                if "path" not in src or not (ROOT / src["path"] / "kustomization.yaml").exists():
                    continue
                docs = patched(src)
                seen += bool(src.get("kustomize"))
                region = secret["metadata"]["annotations"]["aws_region"]
                for d in docs:
                    if d["kind"] == "ClusterSecretStore":
                        assert d["spec"]["provider"]["aws"]["region"] == region
                    if d["kind"] == "ClusterIssuer":
                        assert all(s["dns01"]["route53"]["region"] == region for s in d["spec"]["acme"]["solvers"])
                assert "set-by-argocd-" not in json.dumps(docs), f"{app['metadata']['name']}: {src['path']} keeps a placeholder"
    assert seen >= 2, "the ClusterSecretStore and the ClusterIssuers are patched everywhere"


@pytest.mark.parametrize("env", ENVS)
def test_the_jenkins_backup_gets_its_bucket_and_role_from_the_output_where_jenkins_runs(env):
    (appset,) = [a for f, a in application_sets() if f == "jenkins-backup.yaml"]
    apps = generate(appset, [cluster_secret(env)])
    if env != ci_environment():
        assert apps == [], f"the Jenkins backup is generated on nura-{env}, where Jenkins does not run"
        return
    ((_params, app),) = apps
    annotations = cluster_secret(env)["metadata"]["annotations"]
    docs = {d["kind"]: d for d in patched(app["spec"]["source"])}
    sa, job = docs["ServiceAccount"], docs["CronJob"]
    assert sa["metadata"]["annotations"]["eks.amazonaws.com/role-arn"] == annotations["jenkins_backup_role_arn"]
    env_vars = {e["name"]: e["value"] for e in job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env_vars["BUCKET"] == annotations["jenkins_backup_bucket"] == f"nura-{env}-jenkins-backup-123456789012"
    assert env_vars["AWS_REGION"] == annotations["aws_region"]
    assert "set-by-argocd" not in json.dumps(docs)
