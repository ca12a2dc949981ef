"""Schemathesis hooks for the portal (SCHEMATHESIS_HOOKS=tests.api.hooks).

One custom check on top of schemathesis' own: a successful call of an operation that the OpenAPI
document marks with `x-nura-audit` (every mutation, and the audited export) must have written one
of those audit events under the request's id. It asks /api/audit as the auditor
(NURA_AUDITOR_COOKIE), filtering on correlationId = the response's X-Request-Id.
"""

import json
import os
import urllib.parse
import urllib.request

import schemathesis

BASE = os.environ["NURA_PORTAL_URL"].rstrip("/")
AUDITOR_COOKIE = os.environ["NURA_AUDITOR_COOKIE"]


def _audit_extension(case):
    raw = getattr(case.operation.definition, "raw", None) or {}
    return raw.get("x-nura-audit")


@schemathesis.check
def mutation_is_audited(ctx, response, case):
    """A 2xx answer of an audited operation has its audit event under the request's id."""
    actions = _audit_extension(case)
    if not actions or not 200 <= response.status_code < 300:
        return None
    # The coverage phase also sends other methods to the operation's path (OPTIONS answers 204 with
    # Allow, and changes nothing): only the documented method is the audited action.
    if case.method.upper() != case.operation.method.upper():
        return None
    request_id = response.headers.get("x-request-id")
    request_id = request_id[0] if isinstance(request_id, list) else request_id
    if not request_id:
        raise AssertionError(f"{case.method} {case.path} answered {response.status_code} without an X-Request-Id")
    query = urllib.parse.urlencode({"correlationId": request_id, "limit": "200"})
    req = urllib.request.Request(f"{BASE}/api/audit?{query}", headers={"cookie": AUDITOR_COOKIE})
    with urllib.request.urlopen(req, timeout=30) as r:
        events = json.load(r)["events"]
    written = sorted({e["action"] for e in events})
    if not set(actions) & set(written):
        raise AssertionError(
            f"{case.method} {case.path} answered {response.status_code} but wrote no audit event "
            f"{actions} under request id {request_id} (found: {written or 'none'})"
        )
    return None
