"""The portal's own chart (helm/nura-portal) as rendered per environment: the migration Job runs as the
database owner before anything else, the portal as a nura_app member, in-cluster read RBAC, NEXTAUTH_URL,
the ServiceMonitor's bearer token, and several replicas only on the shared PostgreSQL.
The renderings per environment are also kubeconform'ed by run-all.sh's helm stage."""

import os
import subprocess

import pytest
import yaml

from conftest import ENVS, ROOT, kind, rendered, values

CHART = "nura-portal"
DEFAULTS = yaml.safe_load((ROOT / "helm" / CHART / "values.yaml").read_text())


def render(env, *sets):
    """helm template with extra --set flags: (exit code, documents, stderr)."""
    helm = ROOT / ".toolchain" / "bin" / "helm"
    args = [str(helm), "template", CHART, str(ROOT / "helm" / CHART), "-f", str(ROOT / "helm" / CHART / f"values-{env}.yaml"),
            "--namespace", f"nura-{env}", "--kube-version", os.environ.get("KUBE_VERSION", "1.33.0")]
    for s in sets:
        args += ["--set", s]
    p = subprocess.run(args, capture_output=True, text=True)
    docs = tuple(d for d in yaml.safe_load_all(p.stdout) if d) if p.returncode == 0 else ()
    return p.returncode, docs, p.stderr


def setting(env, key):
    """A value as the chart sees it: values-<env>.yaml over values.yaml (dotted key)."""
    for source in (values(CHART, env), DEFAULTS):
        node = source
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            return node
    return None


def deployment(docs):
    return next(d for d in kind(docs, "Deployment") if d["metadata"]["name"] == CHART)


def config_map(docs):
    return next(d for d in kind(docs, "ConfigMap") if d["metadata"]["name"] == CHART)["data"]


@pytest.mark.parametrize("env", ENVS)
def test_migration_job_runs_first_as_the_database_owner(env):
    docs = rendered(CHART, env)
    [job] = kind(docs, "Job")
    notes = job["metadata"]["annotations"]
    assert set(notes["helm.sh/hook"].split(",")) == {"pre-install", "pre-upgrade"}
    assert notes["argocd.argoproj.io/hook"] == "PreSync"
    assert "before-hook-creation" in notes["helm.sh/hook-delete-policy"]
    pod = job["spec"]["template"]["spec"]
    assert pod["restartPolicy"] == "Never" and pod["automountServiceAccountToken"] is False
    [c] = pod["containers"]
    assert c["image"] == deployment(docs)["spec"]["template"]["spec"]["containers"][0]["image"]
    assert c["command"][-2:] == ["migrator/migrate.mjs", "deploy"] and "--experimental-wasm-modules" in c["command"]
    # Only the owner's connection string: no envFrom of the portal's Secret or ConfigMap.
    assert "envFrom" not in c
    db = next(e for e in c["env"] if e["name"] == "DATABASE_URL")["valueFrom"]["secretKeyRef"]
    assert db == {"name": setting(env, "migrations.secretName"), "key": setting(env, "migrations.secretKey")}
    assert c["securityContext"]["readOnlyRootFilesystem"] is True and c["resources"]["limits"]["memory"]


@pytest.mark.parametrize("env", ENVS)
def test_the_portal_logs_in_through_its_own_secret_never_the_owners(env):
    docs = rendered(CHART, env)
    c = deployment(docs)["spec"]["template"]["spec"]["containers"][0]
    secrets = {s["secretRef"]["name"] for s in c["envFrom"] if "secretRef" in s}
    assert secrets == {setting(env, "secrets.existingSecret")}
    assert setting(env, "migrations.secretName") not in secrets
    assert not any(e.get("valueFrom", {}).get("secretKeyRef") for e in c.get("env", []))
    rc, _, err = render(env, f"migrations.secretName={setting(env, 'secrets.existingSecret')}")
    assert rc != 0 and "migrations.secretName must differ from secrets.existingSecret" in err


def test_the_image_carries_the_migrator_the_job_runs():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "scripts/db/build-migrator.sh /app/migrator" in dockerfile
    assert "COPY --from=build --chown=10001:10001 /app/migrator ./migrator" in dockerfile
    assert (ROOT / "scripts" / "db" / "build-migrator.sh").exists()


@pytest.mark.parametrize("env", ENVS)
def test_rbac_lets_the_portal_read_deployments_pods_and_events_only(env):
    docs = rendered(CHART, env)
    sa = deployment(docs)["spec"]["template"]["spec"]["serviceAccountName"]
    [role] = kind(docs, "Role")
    [binding] = kind(docs, "RoleBinding")
    assert role["metadata"]["namespace"] == f"nura-{env}"
    granted = {(g, r, v) for rule in role["rules"] for g in rule["apiGroups"] for r in rule["resources"] for v in rule["verbs"]}
    assert granted == {(g, r, v) for g, r in [("apps", "deployments"), ("", "pods"), ("", "events")] for v in ("get", "list")}
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": role["metadata"]["name"]}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": sa, "namespace": f"nura-{env}"}]
    assert sa in [s["metadata"]["name"] for s in kind(docs, "ServiceAccount")]


def test_rbac_covers_extra_namespaces_with_one_role_and_binding_each():
    rc, docs, err = render("dev", "rbac.extraNamespaces={nura-dev,nura-tools}")
    assert rc == 0, err
    assert sorted(r["metadata"]["namespace"] for r in kind(docs, "Role")) == ["nura-dev", "nura-tools"]
    assert all(b["subjects"][0]["namespace"] == "nura-dev" for b in kind(docs, "RoleBinding"))


@pytest.mark.parametrize("env", ENVS)
def test_nextauth_url_is_the_public_url(env):
    docs = rendered(CHART, env)
    data = config_map(docs)
    assert data["NEXTAUTH_URL"] == setting(env, "config.PORTAL_URL") == f"https://{setting(env, 'ingress.host')}"


@pytest.mark.parametrize("env", ENVS)
def test_service_monitor_sends_the_metrics_token(env):
    docs = rendered(CHART, env)
    [sm] = kind(docs, "ServiceMonitor")
    [ep] = sm["spec"]["endpoints"]
    assert ep["path"] == "/api/metrics"
    assert ep["authorization"] == {
        "type": "Bearer",
        "credentials": {"name": setting(env, "secrets.existingSecret"), "key": "METRICS_TOKEN"},
    }
    # The key the portal checks the bearer against (lib/env.ts), in the Secret the portal reads.
    assert "METRICS_TOKEN:" in (ROOT / "lib" / "env.ts").read_text()


@pytest.mark.parametrize("env", ENVS)
def test_replicas_share_state_only_through_postgresql(env):
    docs = rendered(CHART, env)
    pod = deployment(docs)["spec"]["template"]["spec"]
    data = config_map(docs)
    # No embedded database or sandbox: the job queue, throttle and audit chain live in DATABASE_URL.
    assert not {"PGLITE_DIR", "SANDBOX", "DATABASE_URL"} & set(data)
    # Local files only on emptyDirs: the root filesystem is read-only, GitOps clones are per pod.
    mounts = {m["mountPath"]: m["name"] for m in pod["containers"][0]["volumeMounts"]}
    assert mounts[data["GITOPS_CACHE_DIR"]] in {v["name"] for v in pod["volumes"] if "emptyDir" in v}
    assert not any("persistentVolumeClaim" in v for v in pod["volumes"])
    if setting(env, "replicaCount") > 1:
        [pdb] = kind(docs, "PodDisruptionBudget")
        assert pdb["spec"]["minAvailable"] >= 1
        assert pod["topologySpreadConstraints"][0]["topologyKey"] == "kubernetes.io/hostname"


def test_several_replicas_refuse_an_embedded_database_and_a_missing_pdb():
    rc, _, err = render("prod", "replicaCount=3", "config.PGLITE_DIR=/tmp/pglite")
    assert rc != 0 and "several portal pods need the one PostgreSQL" in err
    rc, _, err = render("prod", "replicaCount=3", "config.SANDBOX=yes")
    assert rc != 0 and "config.SANDBOX" in err
    rc, _, err = render("prod", "replicaCount=2", "podDisruptionBudget.enabled=false")
    assert rc != 0 and "needs podDisruptionBudget.enabled" in err
    rc, _, err = render("dev", "config.SANDBOX=yes")
    assert rc == 0, "one replica may run the sandbox world"
