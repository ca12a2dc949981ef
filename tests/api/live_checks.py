"""Live checks against a running portal that schemathesis cannot express: sign-in throttling, the
next-auth edge cases, undecodable paths, the open-redirect and login-page cases, HEAD/cross-site
export, and an Argo CD sync with hostile request metadata. Each line is one finding of issue 14.

    python3 tests/api/live_checks.py http://127.0.0.1:PORT
"""

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

from sign_in import session_cookie

BASE = sys.argv[1].rstrip("/")
failures: list[str] = []
passed = 0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def call(method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    req = urllib.request.Request(f"{BASE}{path}", data=body, method=method, headers=headers or {})
    try:
        with OPENER.open(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def expect(name: str, ok: bool, detail: str = ""):
    global passed
    if ok:
        passed += 1
        print(f"  ok   {name}")
    else:
        failures.append(name)
        print(f"  FAIL {name} {detail}")


def audit_events(auditor: str, request_id: str) -> list[dict]:
    q = urllib.parse.urlencode({"correlationId": request_id})
    _, _, body = call("GET", f"/api/audit?{q}", headers={"cookie": auditor})
    return json.loads(body)["events"]


admin = session_cookie(BASE, "admin@nura.local")
approver = session_cookie(BASE, "approver@nura.local")
auditor = session_cookie(BASE, "auditor@nura.local")
form = {"content-type": "application/x-www-form-urlencoded"}

print("next-auth edge cases")
s, _, _ = call("GET", "/api/auth/callback/sandbox")
expect("GET on the credentials callback is 405", s == 405, f"got {s}")
s, _, _ = call("POST", "/api/auth/callback/sandbox", b"{nope", {"content-type": "application/json"})
expect("a malformed JSON body is 415", s == 415, f"got {s}")
s, _, _ = call("POST", "/api/auth/signin/sandbox", b'{"callbackUrl":{"a":1}}', {"content-type": "application/json"})
expect("a non-string callbackUrl (JSON) is 415", s == 415, f"got {s}")
s, _, _ = call("POST", "/api/auth/_log", b"level=error&code=X&message=pwned", form)
expect("POST /api/auth/_log does not exist", s == 404, f"got {s}")
s, _, _ = call("POST", "/api/auth/callback/sandbox", b"x=" + b"a" * 20000, form)
expect("a 20 kB sign-in body is 413", s == 413, f"got {s}")
s, _, _ = call("POST", "/api/auth/callback/sandbox", b"email=a%00b%40nura.local&password=x", form)
expect("a NUL in the sign-in email is 400", s == 400, f"got {s}")
s, _, _ = call("GET", "/api/auth/error?error=%00")
expect("a NUL in an /api/auth query is 400", s == 400, f"got {s}")

print("exposure")
metrics_token = os.environ.get("NURA_METRICS_TOKEN") or os.environ.get("METRICS_TOKEN", "")
s, h, _ = call("GET", "/api/metrics")
expect("GET /api/metrics without a bearer is 401", s == 401, f"got {s}")
s, _, _ = call("GET", "/api/metrics", headers={"authorization": "Bearer " + "x" * len(metrics_token)})
expect("GET /api/metrics with a wrong bearer is 401", s == 401, f"got {s}")
s, _, body = call("GET", "/api/metrics", headers={"authorization": f"Bearer {metrics_token}"})
expect("GET /api/metrics with METRICS_TOKEN is 200", bool(metrics_token) and s == 200 and b"# HELP" in body, f"got {s}")
s, _, body = call("GET", "/api/ready")
expect("GET /api/ready answers a fixed phrase", s == 200 and json.loads(body) == {"status": "ready"}, f"got {s} {body[:200]!r}")

print("paths and pages")
for path in ["/api/applications/%E0%A4%A/dev", "/api/applications/nura-core/%"]:
    s, _, _ = call("GET", path, headers={"cookie": admin})
    expect(f"undecodable {path} is 400", s == 400, f"got {s}")
for path in ["/api/applications/nura-core/DEV", "/api/applications/..%2F..%2Fetc%2Fpasswd/dev"]:
    s, _, _ = call("GET", path, headers={"cookie": admin})
    expect(f"{path} is 404", s == 404, f"got {s}")
for q in ["callbackUrl=/a&callbackUrl=/b", "error=constructor", "error=__proto__", "error=a&error=b"]:
    s, _, _ = call("GET", f"/login?{q}")
    expect(f"/login?{q} renders", s == 200, f"got {s}")
for target in ["/.//evil.example", "/%2e//evil.example", "/./\\evil.example"]:
    s, _, body = call("GET", "/login?" + urllib.parse.urlencode({"callbackUrl": target}))
    # The page names its return path only when it is not "/" (the URL itself is echoed in Next's RSC payload).
    offered = b"you will continue to" in body or b'"callbackUrl":"//' in body
    expect(f"/login does not offer to continue to {target}", s == 200 and not offered, f"got {s}")

print("export")
before = call("GET", "/api/audit?limit=1", headers={"cookie": auditor})
head_seq = json.loads(before[2])["events"][0]["seq"] if json.loads(before[2])["events"] else "0"
s, h, _ = call("HEAD", "/api/audit/export?format=json", headers={"cookie": auditor})
s2, _, _ = call("GET", "/api/audit/export?format=json", headers={"cookie": auditor, "sec-fetch-site": "cross-site"})
after = json.loads(call("GET", f"/api/audit?after={head_seq}&action=audit.exported", headers={"cookie": auditor})[2])
expect("HEAD export is 200 and cross-site GET export is 403", s == 200 and s2 == 403, f"got {s}, {s2}")
expect("neither wrote an audit.exported event", after["events"] == [], f"got {len(after['events'])}")

print("audit before action")
hostile = {
    "cookie": approver,
    "content-type": "application/json",
    "x-request-id": "r" * 201,
    "x-forwarded-for": "f" * 120,
    "user-agent": "u" * 5000,
}
s, h, body = call("POST", "/api/applications/nura-core/prod/sync", b'{"confirm":true}', hostile)
rid = {k.lower(): v for k, v in h.items()}.get("x-request-id", "")
events = audit_events(auditor, rid) if rid else []
outcomes = sorted(e["outcome"] for e in events)
expect(
    "a prod sync with a 201-char X-Request-Id is audited (intent + outcome) under a generated id",
    s in (200, 409) and len(rid) == 36 and "intent" in outcomes and len(outcomes) == 2,
    f"got {s} {body[:120]!r} events={outcomes}",
)
s, _, _ = call("POST", "/api/applications/nura-core/prod/sync", b'{"confirm":true}', {**hostile, "content-type": "text/plain"})
expect("a text/plain sync is 415", s == 415, f"got {s}")

print("sign-in throttling")
victim = f"nobody-{uuid.uuid4().hex[:8]}@nura.local"
csrf_status, csrf_h, csrf_body = call("GET", "/api/auth/csrf")
csrf = json.loads(csrf_body)["csrfToken"]
cookie = "; ".join(c.split(";")[0] for k, c in csrf_h.items() if k.lower() == "set-cookie")
codes = []
for _ in range(6):
    data = urllib.parse.urlencode({"csrfToken": csrf, "email": victim, "password": "guess", "json": "true"}).encode()
    s, h, _ = call("POST", "/api/auth/callback/sandbox", data, {**form, "cookie": cookie})
    codes.append(s)
retry = {k.lower(): v for k, v in h.items()}.get("retry-after")
expect("the 6th failed sign-in of an account is 429 with Retry-After", codes[-1] == 429 and retry, f"got {codes}")
failed_events = json.loads(
    call("GET", "/api/audit?" + urllib.parse.urlencode({"action": "auth.sign_in_failed", "actor": victim}), headers={"cookie": auditor})[2]
)["events"]
expect("5 failures wrote 2 coalesced events (first, locked)", len(failed_events) == 2, f"got {len(failed_events)}")

print(f"live checks: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
