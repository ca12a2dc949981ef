#!/usr/bin/env bash
# Usage: scripts/ci/gitops-publish.sh
# Publishes what Argo CD reads from the GitOps repository — helm/, infra/argocd/, infra/monitoring/ and
# infra/jenkins/agents/, as committed at HEAD of this checkout — so it deploys the charts and manifests of
# the commit that was tested (issue 16, defect 10). tests/infra/test_gitops_publish.py checks that every
# path and value file an Application takes from the GitOps repository is among them.
#   GITOPS_REPO_URL   the repository to clone (a bare repo path works, as in the sandbox and the tests)
#   GITOPS_BRANCH     default main
#   GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL  default "Nura CI" <ci@nura.example.com>
# Both trees are replaced whole (a file deleted here is deleted there), except the deployed image tags:
# image.tag of every helm/<chart>/values-<env>.yaml already in the GitOps repository is kept, because
# gitops-set-tag.sh and the portal's promotions own it there (carry-image-tags.py). A push rejected as
# non-fast-forward is redone on the new remote head, up to 5 times; it never forces. Nothing to change
# is success without a commit. Writes gitops-publish.json {commit, source_commit, changed}.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

[ -n "${GITOPS_REPO_URL:-}" ] || die "GITOPS_REPO_URL is not set" 2
branch="${GITOPS_BRANCH:-main}"
out="$(artifacts_dir)"
trees=(helm infra/argocd infra/monitoring infra/jenkins/agents)
source_commit="$(git -C "$REPO_ROOT" rev-parse HEAD)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
present=()  # a tree this commit lacks is removed from the GitOps repository too
for t in "${trees[@]}"; do git -C "$REPO_ROOT" cat-file -e "$source_commit:$t" 2>/dev/null && present+=("$t"); done
[ ${#present[@]} -gt 0 ] || die "none of ${trees[*]} is in $source_commit" 2
git -C "$REPO_ROOT" archive --format=tar "$source_commit" -- "${present[@]}" >"$work/source.tar"
git clone --quiet --branch "$branch" --depth 20 "$GITOPS_REPO_URL" "$work/repo"
cd "$work/repo"
git config user.name "${GIT_AUTHOR_NAME:-Nura CI}"
git config user.email "${GIT_AUTHOR_EMAIL:-ci@nura.example.com}"

# Lays the source trees over the checkout, keeping the GitOps repository's image tags.
sync_trees() {
  rm -rf "$work/old-helm"
  [ ! -d helm ] || cp -r helm "$work/old-helm"
  git rm -r --quiet --ignore-unmatch -- "${trees[@]}"
  rm -rf -- "${trees[@]}"
  tar -xf "$work/source.tar"
  [ ! -d "$work/old-helm" ] || python3 "$REPO_ROOT/scripts/ci/carry-image-tags.py" "$work/old-helm" helm >&2
  git add -A -- "${present[@]}"
}

gitops_commit_push "$branch" sync_trees \
  -m "chore(gitops): publish the charts and Argo CD manifests of $(git -C "$REPO_ROOT" rev-parse --short "$source_commit")" \
  -m "Build: ${BUILD_URL:-local}" --trailer "Source-Commit: $source_commit"
[ "$GITOPS_PUSHED" = true ] || log "the GitOps repository already matches $(git -C "$REPO_ROOT" rev-parse --short "$source_commit"): nothing to publish"
printf '{"commit":"%s","source_commit":"%s","changed":%s}\n' "$(git rev-parse HEAD)" "$source_commit" "$GITOPS_PUSHED" >"$out/gitops-publish.json"
