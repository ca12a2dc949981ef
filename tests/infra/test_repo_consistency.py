"""Cross-file consistency: catalog ↔ charts ↔ Argo CD, environment roots, dashboards, module docs."""

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from conftest import CHARTS, ENVS, ROOT

CATALOG = yaml.safe_load((ROOT / "config" / "catalog.yaml").read_text())


def test_catalog_apps_have_charts_values_and_argocd_apps():
    for app in CATALOG["applications"]:
        for env, path in app["valuesFiles"].items():
            assert (ROOT / path).exists(), path
        appset = yaml.safe_load((ROOT / "infra" / "argocd" / "applicationsets" / "nura-dev.yaml").read_text())
        generated = {e["app"] for e in appset["spec"]["generators"][0]["list"]["elements"]}
        assert app["name"] in generated
        for env in ENVS:
            assert app["argocdApps"][env] == f'{app["name"]}-{env}'


def test_applicationsets_sync_policy_per_environment():
    for env in CATALOG["environments"]:
        doc = yaml.safe_load((ROOT / "infra" / "argocd" / "applicationsets" / f'nura-{env["name"]}.yaml').read_text())
        sp = doc["spec"]["template"]["spec"]["syncPolicy"]
        assert ("automated" in sp) == env["autoSync"], env["name"]
        if env["autoSync"]:
            assert sp["automated"] == {"prune": True, "selfHeal": True, "allowEmpty": False}
        assert doc["spec"]["syncPolicy"]["preserveResourcesOnDeletion"] is True
        dest = doc["spec"]["template"]["spec"]["destination"]
        assert dest == {"name": env["eksCluster"], "namespace": env["namespace"]}


def test_appproject_is_restricted():
    proj = yaml.safe_load((ROOT / "infra" / "argocd" / "projects" / "nura-system.yaml").read_text())["spec"]
    assert "*" not in proj["sourceRepos"] and len(proj["sourceRepos"]) == 1
    assert all(d["namespace"] != "*" and d.get("name") != "*" for d in proj["destinations"])
    assert proj["clusterResourceWhitelist"] == [{"group": "", "kind": "Namespace"}]
    roles = {r["name"]: r["policies"] for r in proj["roles"]}
    assert all("-dev" in p for p in roles["jenkins"]), "Jenkins may only touch dev applications"


def test_environment_roots_are_generated_from_one_template_and_differ_only_in_their_vars():
    """infra/environments/_root/*.tf is the one configuration; each root's .tf files are its generated form
    (scripts/infra/gen-environment-roots.py), so editing a root by hand, or the template without
    regenerating, fails here."""
    p = subprocess.run([sys.executable, str(ROOT / "scripts" / "infra" / "gen-environment-roots.py"), "--check"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert sorted(t.name for t in (ROOT / "infra" / "environments" / "_root").glob("*.tf")) == [
        "main.tf", "outputs.tf", "providers.tf", "variables.tf", "versions.tf"]
    for env in ENVS:
        tfvars = (ROOT / "infra" / "environments" / env / "terraform.tfvars").read_text()
        assert f'environment         = "{env}"' in tfvars
        assert "redis_auth_token" not in tfvars, "the real token never sits in a tfvars file"
        sandbox = (ROOT / "infra" / "environments" / env / "sandbox.tfvars").read_text()
        switches = set(re.findall(r"^(\w+)\s*=", sandbox, re.M))
        assert switches == documented_sandbox_switches(), f"{env}/sandbox.tfvars and infra/README.md's switch table differ"


def documented_sandbox_switches():
    """The switches infra/README.md's "switch in sandbox.tfvars" table explains, one row each."""
    readme = (ROOT / "infra" / "README.md").read_text()
    table = readme[readme.index("| switch in sandbox.tfvars |"):]
    table = table[: table.index("\n\n")]
    return set(re.findall(r"^\| `(\w+)", table, re.M))


def test_module_readmes_are_current():
    subprocess.run(["python3", str(ROOT / "tests" / "infra" / "tfdocs.py"), "--check"], check=True)


def test_dashboards_uid_and_promql():
    uids = {}
    exprs = []
    for path in sorted((ROOT / "infra" / "monitoring" / "dashboards").glob("*.json")):
        d = json.loads(path.read_text())
        uids[d["uid"]] = path.name
        for p in d["panels"]:
            assert p["datasource"]["uid"] == "${datasource}"
            exprs += [t["expr"] for t in p["targets"]]
    for env in CATALOG["environments"]:
        assert env["grafanaDashboardUid"] in uids
    # Every panel query is valid PromQL: promtool checks them as recording rules.
    rules = [{"record": f"nura:dashboard_query_{i}", "expr": e.replace("$__rate_interval", "5m").replace("$env", "dev").replace("$app", "nura-core")}
             for i, e in enumerate(exprs)]
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}, f)
    p = subprocess.run(["promtool", "check", "rules", f.name], capture_output=True, text=True)
    Path(f.name).unlink()
    assert p.returncode == 0, p.stdout + p.stderr
    assert len(exprs) >= 15


def test_charts_have_schema_and_all_environment_files():
    for chart in CHARTS:
        d = ROOT / "helm" / chart
        json.loads((d / "values.schema.json").read_text())
        for env in ENVS:
            assert (d / f"values-{env}.yaml").exists()
