import os
import subprocess
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CHARTS = ["nura-core", "nura-ui", "nura-portal"]
ENVS = ["dev", "staging", "prod"]


@lru_cache(maxsize=None)
def rendered(chart: str, env: str) -> tuple:
    """The chart rendered with values-<env>.yaml, as parsed documents (run-all.sh's helm stage output,
    or a fresh `helm template` when run alone)."""
    pre = os.environ.get("INFRA_RENDERED_DIR")
    if pre and (Path(pre) / f"{chart}-{env}.yaml").exists():
        text = (Path(pre) / f"{chart}-{env}.yaml").read_text()
    else:
        helm = ROOT / ".toolchain" / "bin" / "helm"
        text = subprocess.run([str(helm), "template", chart, str(ROOT / "helm" / chart), "-f",
                               str(ROOT / "helm" / chart / f"values-{env}.yaml"), "--namespace", f"nura-{env}",
                               "--kube-version", os.environ.get("KUBE_VERSION", "1.33.0")],
                              capture_output=True, text=True, check=True).stdout
    return tuple(d for d in yaml.safe_load_all(text) if d)


def kind(docs, k):
    return [d for d in docs if d["kind"] == k]


def values(chart: str, env: str) -> dict:
    return yaml.safe_load((ROOT / "helm" / chart / f"values-{env}.yaml").read_text())
