"""Smoke + load test of a deployed environment (scripts/ci/load-test.sh runs it headless in the pipeline).

Locust (MIT, maintained) instead of k6, which is AGPL and not to be used here: plain Python, a headless mode with
CSV/HTML reports, and an exit code the pipeline can gate on. Each simulated user walks the pages an anonymous
visitor reaches (the login page) and the health/readiness endpoints the load balancer and the probes use; the run
fails when more than LOAD_MAX_FAIL_RATIO of the requests fail or the p95 of any endpoint is above
LOAD_MAX_P95_MS (the SLO of infra/monitoring/rules/nura-slo.yaml: 0.5% errors, p95 500 ms).
"""

import os

from locust import HttpUser, between, events, task

MAX_FAIL_RATIO = float(os.environ.get("LOAD_MAX_FAIL_RATIO", "0.005"))
MAX_P95_MS = float(os.environ.get("LOAD_MAX_P95_MS", "500"))


class PortalVisitor(HttpUser):
    wait_time = between(0.5, 2)

    @task(5)
    def health(self):
        self.client.get("/api/health", name="/api/health")

    @task(3)
    def ready(self):
        self.client.get("/api/ready", name="/api/ready")

    @task(2)
    def login_page(self):
        # The sign-in page: server-rendered, no session needed; a redirect or an error page counts as a failure.
        with self.client.get("/login", name="/login", allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"/login answered {r.status_code}")


@events.quitting.add_listener
def gate(environment, **_kwargs):
    """Fail the run (exit 1) on the SLO thresholds, naming what broke them."""
    total = environment.stats.total
    problems = []
    if total.num_requests == 0:
        problems.append("no request was made")
    elif total.fail_ratio > MAX_FAIL_RATIO:
        problems.append(f"fail ratio {total.fail_ratio:.2%} > {MAX_FAIL_RATIO:.2%}")
    for entry in environment.stats.entries.values():
        p95 = entry.get_response_time_percentile(0.95)
        if entry.num_requests and p95 > MAX_P95_MS:
            problems.append(f"{entry.name}: p95 {p95:.0f} ms > {MAX_P95_MS:.0f} ms")
    if problems:
        print("load test FAILED: " + "; ".join(problems), flush=True)
        environment.process_exit_code = 1
    else:
        print(f"load test passed: {total.num_requests} requests, fail ratio {total.fail_ratio:.2%}, "
              f"p95 {total.get_response_time_percentile(0.95):.0f} ms", flush=True)
        environment.process_exit_code = 0
