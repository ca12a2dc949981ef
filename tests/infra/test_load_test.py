"""scripts/ci/load-test.sh with the real Locust against real local HTTP servers: it passes a healthy service and
fails (exit 9, naming the cause) on errors above the SLO's 0.5% and on a p95 above its limit.

Locust 2.47.0 is installed once into the toolchain cache (${XDG_CACHE_HOME:-~/.cache}/nura-toolchain/locust-2.47.0)
when neither LOCUST nor a cached copy exists: the pipeline's pod image carries it, this machine gets it from PyPI.
"""

import os
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "ci" / "load-test.sh"
LOCUST_VERSION = "2.47.0"


@pytest.fixture(scope="module")
def locust():
    if os.environ.get("LOCUST"):
        return os.environ["LOCUST"]
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "nura-toolchain" / f"locust-{LOCUST_VERSION}"
    binary = cache / "bin" / "locust"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(cache)], check=True)
        subprocess.run([str(cache / "bin" / "pip"), "install", "--quiet", f"locust=={LOCUST_VERSION}"], check=True, timeout=600)
    return str(binary)


def serve(behaviour):
    """A real HTTP server answering the portal's paths as behaviour(path) → (status, delay seconds)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, delay = behaviour(self.path)
            time.sleep(delay)
            body = b"ok"
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(locust, server, tmp_path, **env):
    environ = {**os.environ, "LOCUST": locust, "ARTIFACTS_DIR": str(tmp_path), "LOAD_USERS": "5",
               "LOAD_SPAWN_RATE": "5", "LOAD_DURATION": "6s", **env}
    try:
        return subprocess.run([str(SCRIPT), f"http://127.0.0.1:{server.server_address[1]}"], env=environ,
                              capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()


def test_a_healthy_service_passes_with_its_reports(locust, tmp_path):
    # A limit far above what a loaded 2-core machine adds to a 5 ms answer; the next test checks the limit bites.
    out = run(locust, serve(lambda path: (200, 0.005)), tmp_path, LOAD_MAX_P95_MS="1000")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "load test passed" in out.stdout
    # The HTML report holds the run's final figures (Locust writes it once the users stopped). The CSV is
    # Locust's snapshot rewritten every second and never at exit: it exists, but once in CI it still held the
    # snapshot from before the first request, so its rows are not what this test reads.
    assert next(tmp_path.rglob("stats_stats.csv")).exists()
    report = next(tmp_path.rglob("report.html")).read_text()
    log = next(tmp_path.rglob("locust.log")).read_text()
    for endpoint in ("/api/health", "/login"):
        m = re.search(rf'"name": "{re.escape(endpoint)}", "num_failures": 0, "num_requests": (\d+)', report)
        assert m and int(m.group(1)) > 0, f"{endpoint} not in the report with requests and no failure\n{log[-2000:]}"


def test_errors_above_the_slo_fail_the_run(locust, tmp_path):
    # /api/ready fails: ~30% of the requests.
    out = run(locust, serve(lambda path: (503 if path == "/api/ready" else 200, 0)), tmp_path, LOAD_MAX_P95_MS="1000")
    assert out.returncode == 9, out.stdout + out.stderr
    assert "fail ratio" in out.stderr


def test_a_slow_endpoint_fails_the_run_by_name(locust, tmp_path):
    out = run(locust, serve(lambda path: (200, 1.5 if path == "/login" else 0)), tmp_path, LOAD_MAX_P95_MS="1000")
    assert out.returncode == 9, out.stdout + out.stderr
    assert "/login: p95" in out.stderr and "/api/health: p95" not in out.stderr


def test_a_bad_url_is_a_usage_error(locust, tmp_path):
    out = subprocess.run([str(SCRIPT), "portal.example.com"], env={**os.environ, "LOCUST": locust}, capture_output=True, text=True)
    assert out.returncode == 2 and "base URL" in out.stderr
