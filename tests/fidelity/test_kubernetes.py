"""The Kubernetes API emulator through the official Kubernetes Python client (kubernetes on PyPI),
configured from the world's kubeconfig exactly as a user's kubectl would be."""

from __future__ import annotations

import threading
import time

import pytest
from conftest import set_image_tag, wait_for
from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException


@pytest.fixture(scope="module")
def api_client(world):
    return config.new_client_from_config(config_file=world["KUBECONFIG"], context="dev")


@pytest.fixture(scope="module")
def core(api_client):
    return client.CoreV1Api(api_client)


@pytest.fixture(scope="module")
def apps(api_client):
    return client.AppsV1Api(api_client)


NS = "nura-dev"


def test_version_and_namespaces(api_client, core):
    version = client.VersionApi(api_client).get_code()
    assert version.major == "1" and version.git_version.startswith("v1.")
    names = {n.metadata.name for n in core.list_namespace().items}
    assert {"default", "kube-system", NS} <= names


def test_deployments_pods_and_replicasets_deserialize(apps, core):
    deployments = apps.list_namespaced_deployment(NS).items
    assert {d.metadata.name for d in deployments} >= {"nura-core", "nura-ui", "nura-portal"}
    d = apps.read_namespaced_deployment("nura-ui", NS)
    assert d.spec.selector.match_labels["app.kubernetes.io/name"] == "nura-ui"
    assert d.status.ready_replicas >= 1
    pods = core.list_namespaced_pod(NS, label_selector="app.kubernetes.io/name=nura-ui").items
    assert pods and all(p.metadata.owner_references[0].kind == "ReplicaSet" for p in pods)
    assert apps.list_namespaced_replica_set(NS).items


def test_list_resource_version_is_not_older_than_its_items(apps, core):
    for listing in (apps.list_namespaced_deployment(NS), core.list_namespaced_pod(NS), core.list_namespace()):
        list_rv = int(listing.metadata.resource_version)
        item_rvs = [int(i.metadata.resource_version) for i in listing.items]
        assert item_rvs and max(item_rvs) <= list_rv, (list_rv, item_rvs)


def test_resource_versions_are_unique_across_objects(apps, core):
    rvs = [int(d.metadata.resource_version) for d in apps.list_namespaced_deployment(NS).items]
    rvs += [int(p.metadata.resource_version) for p in core.list_namespaced_pod(NS).items]
    assert len(rvs) == len(set(rvs)), rvs


def test_not_found_is_a_status(core):
    with pytest.raises(ApiException) as e:
        core.read_namespaced_pod("no-such-pod", NS)
    assert e.value.status == 404
    assert '"reason":"NotFound"' in e.value.body.replace(" ", "")


@pytest.mark.parametrize(
    "call",
    [
        lambda apps, core: apps.patch_namespaced_deployment("nura-ui", NS, {"spec": {"replicas": 3}}),
        lambda apps, core: apps.delete_namespaced_deployment("nura-ui", NS),
        lambda apps, core: core.create_namespaced_pod(
            NS, {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": {"containers": []}}
        ),
        lambda apps, core: apps.replace_namespaced_deployment(
            "nura-ui", NS, apps.read_namespaced_deployment("nura-ui", NS)
        ),
        lambda apps, core: core.delete_namespace(NS),
    ],
    ids=["patch", "delete", "create", "replace", "delete-namespace"],
)
def test_writes_with_read_only_credentials_are_forbidden_statuses(apps, core, call):
    with pytest.raises(ApiException) as e:
        call(apps, core)
    assert e.value.status == 403
    body = e.value.body or ""
    assert '"kind":"Status"' in body.replace(" ", "")
    assert '"reason":"Forbidden"' in body.replace(" ", "")
    assert "cannot" in body


@pytest.mark.parametrize(
    "selector",
    ["app.kubernetes.io/name in (nura-ui", "app==x==y", "-bad-key=v", "app=bad value", "app in nura-ui"],
)
def test_bad_label_selector_is_a_400_status(core, selector):
    with pytest.raises(ApiException) as e:
        core.list_namespaced_pod(NS, label_selector=selector)
    assert e.value.status == 400
    assert '"reason":"BadRequest"' in e.value.body.replace(" ", "")


@pytest.mark.parametrize("selector", ["spec.noSuchField=x", "status.phase", "metadata.name~x"])
def test_bad_field_selector_is_a_400_status(core, selector):
    with pytest.raises(ApiException) as e:
        core.list_namespaced_pod(NS, field_selector=selector)
    assert e.value.status == 400
    assert '"reason":"BadRequest"' in e.value.body.replace(" ", "")


def test_set_based_and_field_selectors_filter(core):
    ui = core.list_namespaced_pod(NS, label_selector="app.kubernetes.io/name in (nura-ui)").items
    assert ui and all(p.metadata.labels["app.kubernetes.io/name"] == "nura-ui" for p in ui)
    others = core.list_namespaced_pod(NS, label_selector="app.kubernetes.io/name notin (nura-ui)").items
    assert others and all(p.metadata.labels["app.kubernetes.io/name"] != "nura-ui" for p in others)
    name = ui[0].metadata.name
    one = core.list_namespaced_pod(NS, field_selector=f"metadata.name={name}").items
    assert [p.metadata.name for p in one] == [name]
    running = core.list_namespaced_pod(NS, field_selector="status.phase=Running").items
    assert all(p.status.phase == "Running" for p in running)


def test_watch_without_resource_version_starts_with_the_current_state(apps):
    w = watch.Watch()
    events = list(w.stream(apps.list_namespaced_deployment, NS, timeout_seconds=1))
    assert {e["type"] for e in events} == {"ADDED"}
    assert {e["object"].metadata.name for e in events} >= {"nura-core", "nura-ui", "nura-portal"}


def test_watch_from_a_list_resource_version_sends_only_later_changes(world, control, apps):
    rv = apps.list_namespaced_deployment(NS).metadata.resource_version
    seen: list[dict] = []

    def run():
        w = watch.Watch()
        for e in w.stream(apps.list_namespaced_deployment, NS, resource_version=rv, timeout_seconds=8):
            seen.append(e)
            if e["object"].metadata.name == "nura-ui" and e["type"] == "MODIFIED":
                w.stop()

    t = threading.Thread(target=run)
    t.start()
    time.sleep(0.5)
    set_image_tag(world, control, "nura-ui", "dev", "2.1.1-fidelity")
    t.join(timeout=15)
    assert seen, "no event after the change"
    assert all(e["type"] != "ADDED" for e in seen), [(e["type"], e["object"].metadata.name) for e in seen]
    ui = [e for e in seen if e["object"].metadata.name == "nura-ui"]
    assert ui and ui[-1]["type"] == "MODIFIED"
    assert all(int(e["object"].metadata.resource_version) > int(rv) for e in seen)
    wait_for(
        lambda: apps.read_namespaced_deployment("nura-ui", NS).spec.template.spec.containers[0].image.endswith(
            ":2.1.1-fidelity"
        ),
        what="the new image in the Deployment",
    )


def test_watch_from_a_too_old_resource_version_is_410_gone(apps):
    w = watch.Watch()
    with pytest.raises(ApiException) as e:
        for _ in w.stream(apps.list_namespaced_deployment, NS, resource_version="1", timeout_seconds=3):
            pass
    assert e.value.status == 410
    assert "too old resource version" in str(e.value.reason)
