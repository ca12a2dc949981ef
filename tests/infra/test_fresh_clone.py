"""A clone needs nothing beside it, and `make test` changes nothing outside the repository and its caches.

- contracts/: every vendored upstream definition is listed in contracts/README.md with its origin and
  sha256, and matches it (a silent edit of a "verbatim copy" fails here).
- No test, script or make fragment reads the team folder beside the checkout (a person who clones the
  repository does not have it).
- Nothing `make test` runs edits /etc/hosts or kills processes by name (pkill/killall would hit other
  people's processes on a shared machine); processes are stopped by the PID their starter kept.
"""

import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / "contracts"

# What `make test` and CI run: the make fragments, the scripts and the test trees.
RUN_BY_MAKE_TEST = ["Makefile", "mk", "scripts", "tests", ".ci", "sandbox", "e2e", "playwright.config.ts", "bench"]
SKIP_DIRS = {"node_modules", ".next", ".toolchain", "__pycache__"}
TEXT_SUFFIXES = {".sh", ".mk", ".py", ".ts", ".mjs", ".js", ".groovy", ""}


def _files():
    for entry in RUN_BY_MAKE_TEST:
        path = ROOT / entry
        if path.is_file():
            yield path
        elif path.is_dir():
            for f in path.rglob("*"):
                if f.is_file() and f.suffix in TEXT_SUFFIXES and not SKIP_DIRS & set(f.parts):
                    yield f


def _code_lines(path: Path):
    """Lines that are not comments (shell/python `#`, TS `//`), with their numbers."""
    for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith(("#", "//", "*")):
            continue
        yield n, line


def _offending(pattern: re.Pattern[str]):
    me = Path(__file__).resolve()
    return [
        f"{f.relative_to(ROOT)}:{n}: {line.strip()}"
        for f in _files()
        if f.resolve() != me
        for n, line in _code_lines(f)
        if pattern.search(line)
    ]


def _listed():
    rows = re.findall(r"^\| (\S+) \| .+ \| ([0-9a-f]{64}) \|$", (CONTRACTS / "README.md").read_text(), re.MULTILINE)
    return dict(rows)


def test_every_vendored_contract_is_listed_with_its_origin_and_matches_its_sha256():
    listed = _listed()
    on_disk = sorted(str(p.relative_to(CONTRACTS)) for p in CONTRACTS.rglob("*") if p.is_file() and p.suffix != ".md")
    assert sorted(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((CONTRACTS / name).read_bytes()).hexdigest() == digest, name


def test_the_kubeconform_inputs_are_vendored():
    listed = _listed()
    assert "kubernetes/swagger.json" in listed
    assert {"argocd/application-crd.yaml", "argocd/applicationset-crd.yaml", "argocd/appproject-crd.yaml"} <= set(listed)
    assert "prometheus-operator/monitoring.coreos.com_prometheusrules.yaml" in listed


def test_nothing_reads_shared_beside_the_clone():
    # Assembled from parts so that no file of the repository, this one included, spells the path.
    beside = "shared"
    assert _offending(re.compile(re.escape("../" + beside) + "|" + re.escape("/work/" + beside))) == []


def test_nothing_kills_processes_by_name():
    assert _offending(re.compile(r"\b(pkill|killall)\b")) == []


def test_nothing_edits_etc_hosts():
    assert _offending(re.compile(r"/etc/hosts")) == []


def _lib_env(env):
    import os
    import subprocess

    out = subprocess.run(
        ["bash", "-c", ". scripts/ci/lib.sh && env"],
        cwd=ROOT, env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **env},
        capture_output=True, text=True, check=True,
    ).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def test_sandbox_reaches_s3_control_through_moto_as_proxy_without_a_hosts_entry():
    env = _lib_env({"AWS_ENDPOINT_URL": "http://127.0.0.1:5055"})
    # A name that never resolves (RFC 6761 .invalid), so only the proxy can carry it; loopback stays direct.
    assert env["AWS_ENDPOINT_URL_S3_CONTROL"] == "http://s3-control.sandbox.invalid:5055"
    assert env["HTTP_PROXY"] == "http://127.0.0.1:5055"
    assert env["NO_PROXY"] == "127.0.0.1"


def test_outside_the_sandbox_no_proxy_or_s3_control_endpoint_is_set():
    env = _lib_env({})
    assert "HTTP_PROXY" not in env and "AWS_ENDPOINT_URL_S3_CONTROL" not in env


def test_a_callers_own_s3_control_endpoint_is_kept():
    env = _lib_env({"AWS_ENDPOINT_URL": "http://127.0.0.1:5055", "AWS_ENDPOINT_URL_S3_CONTROL": "http://elsewhere:1"})
    assert env["AWS_ENDPOINT_URL_S3_CONTROL"] == "http://elsewhere:1" and "HTTP_PROXY" not in env
