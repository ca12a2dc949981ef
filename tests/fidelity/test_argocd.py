"""The Argo CD emulator over plain HTTP (requests), as argocd-server's REST gateway answers it, with
the token from portal.env: JSON errors with gRPC codes and its sync rules."""

from __future__ import annotations

import pytest
import requests


@pytest.fixture(scope="module")
def argo(world):
    s = requests.Session()
    s.headers["authorization"] = f"Bearer {world['ARGOCD_TOKEN']}"
    base = world["ARGOCD_URL"].rstrip("/")

    def call(method, path, **kw):
        return s.request(method, f"{base}{path}", timeout=10, **kw)

    return call


def test_auto_sync_app_refuses_another_revision(argo):
    r = argo("POST", "/api/v1/applications/nura-ui-dev/sync", json={"revision": "HEAD~1"})
    assert r.status_code == 400 and r.json()["code"] == 9
    assert "auto-sync currently set to" in r.json()["message"]
