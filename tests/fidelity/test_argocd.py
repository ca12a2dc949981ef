"""The Argo CD emulator over plain HTTP (requests), as argocd-server's REST gateway answers it: the
project-role token from portal.env, JSON errors with gRPC codes, 415 for a wrong content type, and a
sync that is only requested (`.operation`) until the controller picks it up."""

from __future__ import annotations

import pytest
import requests
from conftest import wait_for


@pytest.fixture(scope="module")
def argo(world):
    s = requests.Session()
    s.headers["authorization"] = f"Bearer {world['ARGOCD_TOKEN']}"
    base = world["ARGOCD_URL"].rstrip("/")

    def call(method, path, **kw):
        return s.request(method, f"{base}{path}", timeout=10, **kw)

    return call


def test_version_and_list(argo):
    assert argo("GET", "/api/version").json()["Version"].startswith("v")
    items = argo("GET", "/api/v1/applications").json()["items"]
    names = [a["metadata"]["name"] for a in items]
    assert names == sorted(names) and "nura-ui-staging" in names
    assert all(a["spec"]["project"] == "nura-system" for a in items)
    only = argo("GET", "/api/v1/applications", params={"project": "nura-system"}).json()["items"]
    assert len(only) == len(items)
    assert argo("GET", "/api/v1/applications", params={"project": "other"}).json()["items"] in (None, [])


def test_bad_token_is_an_invalid_session(world):
    r = requests.get(
        f"{world['ARGOCD_URL'].rstrip('/')}/api/v1/applications",
        headers={"authorization": "Bearer not-a-token"},
        timeout=10,
    )
    assert r.status_code == 401
    assert r.json()["code"] == 16 and r.json()["message"].startswith("invalid session:")


def test_unknown_application_is_permission_denied(argo):
    r = argo("GET", "/api/v1/applications/no-such-app")
    assert r.status_code == 403 and r.json() == {
        "error": "permission denied",
        "code": 7,
        "message": "permission denied",
        "details": [],
    }


def test_bad_selector_is_refused(argo):
    r = argo("GET", "/api/v1/applications", params={"selector": "app in (x"})
    assert r.status_code >= 400 and "selector" in r.json()["message"]


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/json; charset=utf-8"])
def test_mutations_need_exactly_application_json(argo, content_type):
    headers = {"content-type": content_type} if content_type else {}
    r = argo("DELETE", "/api/v1/applications/nura-ui-staging/operation", headers=headers)
    assert r.status_code == 415


def test_sync_is_requested_first_then_run_by_the_controller(argo):
    before = argo("GET", "/api/v1/applications/nura-ui-staging").json()
    previous = (before["status"].get("operationState") or {}).get("startedAt")
    r = argo("POST", "/api/v1/applications/nura-ui-staging/sync", json={"prune": False})
    assert r.status_code == 200, r.text
    app = r.json()
    assert app["operation"]["sync"]["revision"]
    assert app["operation"]["initiatedBy"]["username"] == "proj:nura-system:portal"
    state = app["status"].get("operationState")
    assert state is None or state.get("startedAt") == previous, "the controller has not picked it up yet"
    done = wait_for(
        lambda: (lambda a: a if (a["status"].get("operationState") or {}).get("phase") == "Succeeded" and not a.get("operation") else None)(
            argo("GET", "/api/v1/applications/nura-ui-staging").json()
        ),
        timeout=30,
        what="the sync to succeed",
    )
    assert done["status"]["operationState"]["operation"]["sync"]["revision"] == app["operation"]["sync"]["revision"]


def test_auto_sync_app_refuses_another_revision(argo):
    r = argo("POST", "/api/v1/applications/nura-ui-dev/sync", json={"revision": "HEAD~1"})
    assert r.status_code == 400 and r.json()["code"] == 9
    assert "auto-sync currently set to" in r.json()["message"]
