"""scripts/ci/gitops-publish.sh (issue 16, defect 10): how helm/ and the Argo CD manifests reach the GitOps
repository the ApplicationSets read. Run as a real process against real git repositories: a source
checkout and a bare GitOps repository on disk."""

import json
import shutil
import subprocess

import pytest

from conftest import ROOT
from gitops import GITOPS_REPO, applications, sources
from test_ci_scripts import MOVE_MAIN_HOOK, git, run

SCRIPTS = ["gitops-publish.sh", "lib.sh", "carry-image-tags.py", "set-image-tag.py"]
GIT_ID = ["-c", "user.name=t", "-c", "user.email=t@t"]
VALUES = 'image:\n  repository: nura-portal\n  tag: "{tag}"   # deployed tag\nreplicas: {replicas}\n'


def commit_all(repo, message):
    git(*GIT_ID, "add", "-A", cwd=repo)
    git(*GIT_ID, "commit", "-qm", message, cwd=repo)


@pytest.fixture
def source(tmp_path):
    """A checkout of this repository in miniature: the publish scripts, one chart, one Argo CD manifest."""
    src = tmp_path / "source"
    (src / "scripts" / "ci").mkdir(parents=True)
    for s in SCRIPTS:
        shutil.copy2(ROOT / "scripts" / "ci" / s, src / "scripts" / "ci" / s)
    chart = src / "helm" / "nura-portal"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: nura-portal\nversion: 0.1.0\n")
    (chart / "templates" / "deployment.yaml").write_text("kind: Deployment\n")
    for env in ("dev", "prod"):
        (chart / f"values-{env}.yaml").write_text(VALUES.format(tag="0.1.0", replicas=2))
    (src / "infra" / "argocd" / "applicationsets").mkdir(parents=True)
    (src / "infra" / "argocd" / "applicationsets" / "nura-dev.yaml").write_text("kind: ApplicationSet\n")
    (src / "untracked.txt").write_text("never published\n")
    subprocess.run(["git", "init", "-q", "--initial-branch=main", src], check=True)
    git(*GIT_ID, "add", "scripts", "helm", "infra", cwd=src)
    git(*GIT_ID, "commit", "-qm", "source", cwd=src)
    return src


@pytest.fixture
def gitops(tmp_path):
    """The GitOps repository, already holding a promoted prod tag and a file this repository no longer has."""
    bare = tmp_path / "gitops.git"
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", bare], check=True)
    seed = tmp_path / "seed"
    subprocess.run(["git", "clone", "-q", bare, seed], check=True, capture_output=True)
    chart = seed / "helm" / "nura-portal"
    chart.mkdir(parents=True)
    (chart / "values-dev.yaml").write_text(VALUES.format(tag="0.3.0-build.7", replicas=1))
    (chart / "values-prod.yaml").write_text(VALUES.format(tag="0.2.1", replicas=1))
    (chart / "templates").mkdir()
    (chart / "templates" / "removed.yaml").write_text("kind: ConfigMap\n")
    (seed / "README.md").write_text("GitOps repository\n")
    commit_all(seed, "seed")
    git("push", "-q", "origin", "HEAD:main", cwd=seed)
    return bare


def publish(source, gitops, art, check=True):
    return run([source / "scripts" / "ci" / "gitops-publish.sh"], cwd=source, check=check,
               env={"ARTIFACTS_DIR": str(art), "GITOPS_REPO_URL": str(gitops), "BUILD_URL": "https://jenkins/job/p/3/"})


def tree(bare):
    return sorted(git("ls-tree", "-r", "--name-only", "main", cwd=bare).splitlines())


def test_publishes_the_committed_trees_and_keeps_the_deployed_tags(tmp_path, source, gitops):
    art = tmp_path / "art"
    publish(source, gitops, art)
    assert tree(gitops) == [
        "README.md",  # outside the published trees: left alone
        "helm/nura-portal/Chart.yaml",
        "helm/nura-portal/templates/deployment.yaml",  # templates/removed.yaml is gone: the tree is replaced whole
        "helm/nura-portal/values-dev.yaml",
        "helm/nura-portal/values-prod.yaml",
        "infra/argocd/applicationsets/nura-dev.yaml",
    ]
    # The chart's settings come from this repository, the tags each environment runs stay.
    prod = git("show", "main:helm/nura-portal/values-prod.yaml", cwd=gitops)
    assert prod == VALUES.format(tag="0.2.1", replicas=2).rstrip("\n")
    assert 'tag: "0.3.0-build.7"' in git("show", "main:helm/nura-portal/values-dev.yaml", cwd=gitops)
    source_commit = git("rev-parse", "HEAD", cwd=source)
    assert f"Source-Commit: {source_commit}" in git("log", "-1", "--format=%B", "main", cwd=gitops)
    meta = json.loads((art / "gitops-publish.json").read_text())
    assert meta == {"commit": git("rev-parse", "main", cwd=gitops), "source_commit": source_commit, "changed": True}


def test_publishing_the_same_commit_again_changes_nothing(tmp_path, source, gitops):
    publish(source, gitops, tmp_path / "a")
    head = git("rev-parse", "main", cwd=gitops)
    p = publish(source, gitops, tmp_path / "b")
    assert "nothing to publish" in p.stderr
    assert git("rev-parse", "main", cwd=gitops) == head
    assert json.loads((tmp_path / "b" / "gitops-publish.json").read_text())["changed"] is False


def test_only_committed_content_is_published(tmp_path, source, gitops):
    (source / "helm" / "nura-portal" / "templates" / "wip.yaml").write_text("kind: Secret\n")  # not committed
    publish(source, gitops, tmp_path / "art")
    assert "helm/nura-portal/templates/wip.yaml" not in tree(gitops)
    assert "untracked.txt" not in tree(gitops)


def test_a_moved_remote_is_published_onto_without_force(tmp_path, source, gitops):
    hook = gitops / "hooks" / "pre-receive"
    hook.write_text(MOVE_MAIN_HOOK.replace("README", "OTHER"))
    hook.chmod(0o755)
    p = publish(source, gitops, tmp_path / "art")
    assert "push rejected (attempt 1)" in p.stderr
    assert git("show", "main:OTHER", cwd=gitops) == "other change"
    assert git("log", "--format=%s", "main", cwd=gitops).splitlines()[1] == "other"


def test_needs_the_gitops_repository(tmp_path, source):
    p = run([source / "scripts" / "ci" / "gitops-publish.sh"], cwd=source, env={"ARTIFACTS_DIR": str(tmp_path)})
    assert p.returncode == 2 and "GITOPS_REPO_URL" in p.stderr


def test_every_path_argo_cd_reads_from_the_gitops_repository_is_published(tmp_path):
    """This repository's HEAD published into an empty GitOps repository: every chart path, kustomize folder
    and value file an Application takes from it is there (a new folder outside the published trees fails)."""
    bare = tmp_path / "gitops.git"
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", bare], check=True)
    seed = tmp_path / "seed"
    subprocess.run(["git", "clone", "-q", bare, seed], check=True, capture_output=True)
    (seed / "README.md").write_text("GitOps repository\n")
    commit_all(seed, "seed")
    git("push", "-q", "origin", "HEAD:main", cwd=seed)
    run([ROOT / "scripts" / "ci" / "gitops-publish.sh"], check=True,
        env={"ARTIFACTS_DIR": str(tmp_path / "art"), "GITOPS_REPO_URL": str(bare)})
    published = set(tree(bare))
    folders = {"/".join(f.split("/")[:i]) for f in published for i in range(1, f.count("/") + 1)}
    wanted = []
    for name, spec, _file in applications():
        for src in sources(spec):
            if src["repoURL"] != GITOPS_REPO:
                continue
            if "path" in src:
                wanted.append((name, src["path"], src["path"] in folders))
                for vf in src.get("helm", {}).get("valueFiles", []):
                    f = f"{src['path']}/{vf}"
                    wanted.append((name, f, f in published))
        for src in sources(spec):
            for vf in src.get("helm", {}).get("valueFiles", []):
                if vf.startswith("$values/"):
                    f = vf.removeprefix("$values/")
                    wanted.append((name, f, f in published))
    assert wanted, "no Application reads the GitOps repository?"
    assert [w for w in wanted if not w[2]] == []


def test_a_failing_change_stops_the_shared_commit_and_push(tmp_path, gitops):
    """lib.sh gitops_commit_push runs the change under set -e: gitops-set-tag.sh on a values file without
    image.tag exits with set-image-tag.py's 3 and commits nothing (bash would ignore the failure if the
    helper were called as a condition)."""
    seed = tmp_path / "seed"
    (seed / "helm" / "nura-portal" / "values-prod.yaml").write_text("replicas: 1\n")
    commit_all(seed, "no tag")
    git("push", "-q", "origin", "HEAD:main", cwd=seed)
    before = git("rev-parse", "main", cwd=gitops)
    p = run([ROOT / "scripts" / "ci" / "gitops-set-tag.sh", "nura-portal", "prod", "1.0.0"],
            env={"ARTIFACTS_DIR": str(tmp_path / "art"), "GITOPS_REPO_URL": str(gitops)})
    assert p.returncode == 3 and "expected exactly one image.tag key" in p.stderr
    assert git("rev-parse", "main", cwd=gitops) == before
