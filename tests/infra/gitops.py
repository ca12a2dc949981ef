"""What Argo CD deploys from infra/argocd, as plain data the tests can ask questions of.

applications() expands every ApplicationSet the way Argo CD's goTemplate does for our templates
(tests/infra/argocd_bridge.py): list generators over their elements, cluster generators over the cluster
Secrets the environments' `argocd_cluster` output renders (each environment with its DNS zone set, as a
deployment that runs cert-manager and external-dns has it); then it adds the plain Applications.
manifests(path) reads a kustomize folder of this repository: its `resources:` files and `namespace:`;
ConfigMap generators are left out (no test here asks about ConfigMaps), any other feature is refused
rather than guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from argocd_bridge import cluster_secret, generate
from conftest import ENVS, ROOT

GITOPS_REPO = "https://git.nura.example.com/platform/nura-gitops.git"
ARGOCD = ROOT / "infra" / "argocd"


def _docs(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def cluster_secrets() -> list[dict]:
    return [cluster_secret(env) for env in ENVS]


@lru_cache(maxsize=None)
def applications() -> tuple:
    """Every Application Argo CD would hold: (name, spec, file) for ApplicationSets' elements and Applications."""
    apps = []
    for path in sorted([*(ARGOCD / "applications").glob("*.yaml"), *(ARGOCD / "applicationsets").glob("*.yaml")]):
        for doc in _docs(path):
            if doc["kind"] == "Application":
                apps.append((doc["metadata"]["name"], doc["spec"], path.name))
            elif doc["kind"] == "ApplicationSet":
                for _params, app in generate(doc, cluster_secrets()):
                    apps.append((app["metadata"]["name"], app["spec"], path.name))
    return tuple(apps)


def sources(spec: dict) -> list[dict]:
    return spec.get("sources") or [spec["source"]]


def projects() -> dict:
    return {d["metadata"]["name"]: d["spec"] for p in (ARGOCD / "projects").glob("*.yaml") for d in _docs(p)}


def manifests(path: str) -> list[dict]:
    """The documents a kustomize folder of this repository renders (resources: files only)."""
    folder = ROOT / path
    kust = yaml.safe_load((folder / "kustomization.yaml").read_text())
    unsupported = set(kust) - {"apiVersion", "kind", "resources", "namespace", "configMapGenerator", "generatorOptions"}
    assert not unsupported, f"{path}/kustomization.yaml uses {unsupported}: teach tests/infra/gitops.py first"
    docs = []
    for r in kust["resources"]:
        for d in _docs(folder / r):
            if "namespace" in kust and d["kind"] not in CLUSTER_SCOPED:
                d.setdefault("metadata", {})["namespace"] = kust["namespace"]
            docs.append(d)
    return docs


CLUSTER_SCOPED = {"StorageClass", "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"}


def deployed_to(cluster: str) -> list[tuple]:
    return [a for a in applications() if a[1]["destination"].get("name") == cluster]


def repo_manifests_on(cluster: str) -> list[dict]:
    """Every manifest an Application of this cluster takes from a folder of this repository (kustomize)."""
    docs = []
    for _name, spec, _file in deployed_to(cluster):
        for src in sources(spec):
            if src["repoURL"] == GITOPS_REPO and "path" in src and (ROOT / src["path"] / "kustomization.yaml").exists():
                docs += manifests(src["path"])
    return docs


def charts_on(cluster: str) -> dict:
    """Upstream charts installed on a cluster: chart name → (repoURL, targetRevision, value files, spec)."""
    out = {}
    for _name, spec, _file in deployed_to(cluster):
        for src in sources(spec):
            if "chart" in src:
                files = [f.removeprefix("$values/") for f in src.get("helm", {}).get("valueFiles", [])]
                out[src["chart"]] = (src["repoURL"], src["targetRevision"], files, spec)
    return out


def ci_environment() -> str:
    """The one environment whose terraform.tfvars sets hosts_ci = true (its cluster runs Jenkins)."""
    envs = [p.parent.name for p in (ROOT / "infra" / "environments").glob("*/terraform.tfvars")
            if re.search(r"^hosts_ci\s*=\s*true\s*$", p.read_text(), re.M)]
    assert len(envs) == 1, f"exactly one environment must set hosts_ci = true, found {envs}"
    return envs[0]
