"""The sandbox world the fidelity suite drives: started once per run by `tsx sandbox/main.ts` on
ephemeral ports in a temporary data folder (a running `make demo` is untouched), stopped with
SIGTERM at the end. Each test module talks to one emulator through that system's own third-party
client, configured only from the world's portal.env, as the portal would be."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PORT_NAMES = (
    "ARGOCD JENKINS KUBERNETES GRAFANA SLACK MOTO CONTROL EXPORTER PROMETHEUS MOTO_UPSTREAM PROMETHEUS_UPSTREAM"
).split()
START_TIMEOUT_S = 180


def _read_env(path: Path) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in path.read_text().splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            env[key] = value
    return env


@pytest.fixture(scope="session")
def world():
    """portal.env of a freshly started world (SANDBOX_CONTROL_URL, ARGOCD_URL, KUBECONFIG, …)."""
    data_dir = Path(tempfile.mkdtemp(prefix="nura-fidelity-"))
    env = dict(os.environ)
    env.update({f"SANDBOX_{p}_PORT": "0" for p in PORT_NAMES})
    env.update(
        {
            "SANDBOX_DATA_DIR": str(data_dir / "sandbox"),
            "SANDBOX_JENKINS_JOBS": str(HERE / "jenkins-jobs.yaml"),
            # Short controller timings: a sync takes a second, not the demo's several.
            "SANDBOX_GIT_POLL_MS": "300",
            "SANDBOX_AUTOSYNC_DELAY_MS": "300",
            "SANDBOX_SYNC_DELAY_MS": "800",
            "SANDBOX_HEALTH_DELAY_MS": "800",
            # No OpenTofu-built cluster: every environment's EKS cluster is seeded (fast start).
            "SANDBOX_TOFU_ENVIRONMENTS": "",
            "SANDBOX_PORTAL_METRICS_TARGET": "127.0.0.1:9",
        }
    )
    tsx = REPO / "node_modules" / ".bin" / "tsx"
    log_path = data_dir / "sandbox.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [str(tsx), "sandbox/main.ts"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    env_file = data_dir / "sandbox" / "portal.env"
    deadline = time.monotonic() + START_TIMEOUT_S
    while not env_file.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"sandbox world did not start:\n{log_path.read_text()[-4000:]}")
        time.sleep(0.3)
    time.sleep(0.2)  # written in one call, but let the writer finish
    try:
        yield _read_env(env_file)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def control(world):
    """Calls the world's control API (faults, GitOps refresh)."""
    base = world["SANDBOX_CONTROL_URL"].rstrip("/")

    def call(method: str, path: str, **kwargs):
        r = requests.request(method, f"{base}{path}", timeout=10, **kwargs)
        r.raise_for_status()
        return r.json() if r.content else None

    return call


def wait_for(predicate, timeout=20.0, interval=0.25, what="condition"):
    """Polls predicate() until it returns a truthy value; fails naming what it waited for and the last value."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last value: {last!r}")


def set_image_tag(world, control, app: str, env: str, tag: str) -> None:
    """Commits a new image tag to helm/<app>/values-<env>.yaml in the world's GitOps repo and pushes
    it with real git, as Jenkins or a promotion does; the controller picks it up on refresh."""
    work = Path(tempfile.mkdtemp(prefix="nura-fidelity-git-"))
    try:
        git = ["git", "-c", "user.name=fidelity", "-c", "user.email=fidelity@nura.local"]
        subprocess.run(["git", "clone", "-q", world["GITOPS_REPO_URL"], str(work)], check=True)
        values = work / "helm" / app / f"values-{env}.yaml"
        text = values.read_text()
        lines = [
            f'  tag: "{tag}"' if line.startswith("  tag:") else line for line in text.splitlines()
        ]
        values.write_text("\n".join(lines) + "\n")
        subprocess.run([*git, "-C", str(work), "commit", "-qam", f"test: {app} {env} → {tag}"], check=True)
        subprocess.run(["git", "-C", str(work), "push", "-q", "origin", "HEAD"], check=True)
        control("POST", "/gitops/refresh")
    finally:
        shutil.rmtree(work, ignore_errors=True)
