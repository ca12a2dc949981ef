"""Issue 16, defect 8: Argo CD reaches the other clusters the GitOps-bridge way. The cluster Secrets are
rendered from the environments' OpenTofu output `argocd_cluster` (scripts/ci/argocd-cluster-secret.py; the
output's values are asserted by `tofu test` run argocd_reaches_every_cluster_…), the hub's controller and
server run as the role every cluster's access entry admits, and the repository credentials come from
Secrets Manager through External Secrets."""

import json
import re
import subprocess

import yaml

from conftest import ENVS, ROOT
from gitops import applications

RENDER = ROOT / "scripts" / "ci" / "argocd-cluster-secret.py"
ARGOCD_VALUES = yaml.safe_load((ROOT / "infra" / "argocd" / "values.yaml").read_text())


def tf_default(path, name):
    m = re.search(r'variable "%s" \{.*?default\s*=\s*"([^"]+)"' % name, (ROOT / path).read_text(), re.S)
    assert m, f"{path}: variable {name} has no string default"
    return m.group(1)


HUB = tf_default("infra/environments/_root/variables.tf", "argocd_hub_environment")


def output_of(env):
    """`tofu output -json argocd_cluster` of an environment, in the shape modules/platform/outputs.tf gives it."""
    return {
        "name": f"nura-{env}",
        "server": f"https://{env.upper()}0123456789.gr7.eu-west-1.eks.amazonaws.com",
        "config": {
            "awsAuthConfig": {"clusterName": f"nura-{env}"},
            "tlsClientConfig": {"insecure": False, "caData": "LS0tLS1CRUdJTi…"},
        },
        "labels": {"nura.io/environment": env},
        "annotations": {
            "aws_account_id": "123456789012", "aws_region": "eu-west-1", "aws_cluster_name": f"nura-{env}",
            "aws_vpc_id": "vpc-0abc", "argocd_hub_role_arn": f"arn:aws:iam::123456789012:role/nura-{HUB}-argocd-hub",
            "namespace": f"nura-{env}", "yace_role_arn": f"arn:aws:iam::123456789012:role/nura-{env}-yace",
        },
    }


def render(out, tmp_path):
    f = tmp_path / "out.json"
    f.write_text(json.dumps(out))
    return subprocess.run(["python3", str(RENDER), str(f)], capture_output=True, text=True)


def test_the_output_renders_argo_cds_cluster_secret_without_a_credential(tmp_path):
    for env in ENVS:
        p = render(output_of(env), tmp_path)
        assert p.returncode == 0, p.stderr
        (doc,) = [d for d in yaml.safe_load_all(p.stdout) if d]
        assert doc["kind"] == "Secret" and doc["metadata"]["namespace"] == "argocd"
        assert doc["metadata"]["labels"] == {"argocd.argoproj.io/secret-type": "cluster", "nura.io/environment": env}
        data = doc["stringData"]
        assert data["name"] == f"nura-{env}" and data["server"].startswith("https://")
        config = json.loads(data["config"])
        assert config == {"awsAuthConfig": {"clusterName": f"nura-{env}"},
                          "tlsClientConfig": {"insecure": False, "caData": "LS0tLS1CRUdJTi…"}}
        # No token, password or key: Argo CD signs an EKS token with its IAM role.
        assert not {"bearerToken", "password", "username", "keyData", "certData"} & (set(config) | set(config["tlsClientConfig"]))
        assert doc["metadata"]["annotations"]["yace_role_arn"].endswith(f"nura-{env}-yace")


def test_an_output_missing_a_field_renders_nothing(tmp_path):
    out = output_of("dev")
    del out["config"]["tlsClientConfig"]["caData"]
    p = render(out, tmp_path)
    assert p.returncode == 2 and p.stdout == "" and "caData" in p.stderr
    bad = output_of("dev") | {"server": "http://x"}
    assert render(bad, tmp_path).returncode == 2


def test_every_cluster_an_application_deploys_to_is_one_an_environment_registers():
    """Applications name clusters; the Secret's name is nura-<env> (modules/platform output), so a
    destination naming anything else would never be reachable."""
    registered = {f"nura-{env}" for env in ENVS}
    destinations = {spec["destination"].get("name") for _n, spec, _f in applications()}
    assert destinations <= registered, destinations - registered
    assert all("server" not in spec["destination"] for _n, spec, _f in applications())


def test_the_hub_controller_and_server_run_as_the_role_the_access_entries_admit():
    want = f"arn:aws:iam::123456789012:role/nura-{HUB}-argocd-hub"
    for component in ("controller", "server"):
        assert ARGOCD_VALUES[component]["serviceAccount"]["annotations"]["eks.amazonaws.com/role-arn"] == want, component
    iam = (ROOT / "infra" / "modules" / "iam" / "main.tf").read_text()
    for sa in ("argocd-application-controller", "argocd-server"):
        assert f"system:serviceaccount:argocd:{sa}" in iam
    # The repo server keeps the hub environment's ECR pull role (modules/iam `argocd`).
    assert ARGOCD_VALUES["repoServer"]["serviceAccount"]["annotations"]["eks.amazonaws.com/role-arn"].endswith(f"nura-{HUB}-argocd")


def test_repository_credentials_come_from_secrets_manager_not_from_values():
    objs = ARGOCD_VALUES["extraObjects"]
    (es,) = [o for o in objs if o["kind"] == "ExternalSecret"]
    assert es["metadata"]["namespace"] == "argocd"
    assert es["spec"]["secretStoreRef"] == {"kind": "ClusterSecretStore", "name": "aws-secrets-manager"}
    assert es["spec"]["dataFrom"] == [{"extract": {"key": f"nura/{HUB}/argocd-repo-creds"}}]
    template = es["spec"]["target"]["template"]
    assert template["metadata"]["labels"] == {"argocd.argoproj.io/secret-type": "repository"}
    # Helm's tpl (the chart renders extraObjects with it) turns {{ `{{ .url }}` }} into External Secrets' {{ .url }}.
    assert template["data"] == {"type": "git", "url": "{{ `{{ .url }}` }}", "username": "{{ `{{ .username }}` }}",
                                "password": "{{ `{{ .password }}` }}"}
    configs = ARGOCD_VALUES.get("configs", {})
    assert "repositories" not in configs and "credentialTemplates" not in configs, "no repository credentials in values"
