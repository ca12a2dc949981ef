#!/usr/bin/env python3
"""Renders the Argo CD cluster Secret of one environment from its OpenTofu output (GitOps bridge).

Usage: argocd-cluster-secret.py <argocd_cluster.json>     (`tofu output -json argocd_cluster`; - = stdin)

Argo CD learns a cluster from a Secret labelled argocd.argoproj.io/secret-type=cluster in its namespace,
with `name`, `server` and `config` (JSON) keys. Everything comes from the apply's output: the API endpoint
and CA, the cluster name for awsAuthConfig (Argo CD signs an EKS token with its own IAM role, which the
cluster's access entry admits: no bearer token is stored), and the add-on values as annotations for the
ApplicationSets' cluster generators. Nothing in it is secret; the YAML goes to stdout.
Exit 2 when the output lacks a field (a renamed output must not render a half Secret).
"""

import json
import sys

REQUIRED = ("name", "server", "config", "labels", "annotations")


def render(out: dict) -> dict:
    missing = [k for k in REQUIRED if k not in out]
    if missing:
        raise ValueError(f"argocd_cluster output lacks {', '.join(missing)}")
    config = out["config"]
    if not config.get("awsAuthConfig", {}).get("clusterName") or not config.get("tlsClientConfig", {}).get("caData"):
        raise ValueError("config needs awsAuthConfig.clusterName and tlsClientConfig.caData")
    if not str(out["server"]).startswith("https://"):
        raise ValueError(f"server must be the cluster's https:// endpoint, got {out['server']!r}")
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": out["name"],
            "namespace": "argocd",
            "labels": {"argocd.argoproj.io/secret-type": "cluster", **out["labels"]},
            "annotations": dict(sorted(out["annotations"].items())),
        },
        "type": "Opaque",
        "stringData": {
            "name": out["name"],
            "server": out["server"],
            "config": json.dumps(config, sort_keys=True),
        },
    }


def to_yaml(doc: dict) -> str:
    """JSON is YAML: one document, keys in order, every string quoted (no YAML type surprises)."""
    return "---\n" + json.dumps(doc, indent=2) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    text = sys.stdin.read() if argv[1] == "-" else open(argv[1], encoding="utf-8").read()
    try:
        doc = render(json.loads(text))
    except (ValueError, AttributeError) as e:
        print(f"argocd-cluster-secret: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(to_yaml(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
