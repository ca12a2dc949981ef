#!/usr/bin/env bash
# Usage: scripts/ci/gitops-set-tag.sh <app> <env> [tag]   (tag defaults to artifacts/image-tag)
# Commits image.tag=<tag> to helm/<app>/values-<env>.yaml in the GitOps repository and pushes it.
#   GITOPS_REPO_URL   the repository to clone (a bare repo path works, as in the sandbox)
#   GITOPS_BRANCH     default main
#   GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL  default "Nura CI" <ci@nura.example.com>
# The edit changes only that one key (comments kept). A push rejected as non-fast-forward is retried
# after a rebase onto the remote, up to 5 times; it never forces. Writes gitops.json {commit, file}.
# Nothing to commit (the tag is already there) is success without a new commit.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

app="${1:-}"
env="${2:-}"
tag="$(image_tag_or_default "${3:-}")"
[[ "$app" =~ ^[a-z0-9-]+$ ]] || die "bad application name '$app'" 2
require_env_name "$env"
[ -n "${GITOPS_REPO_URL:-}" ] || die "GITOPS_REPO_URL is not set" 2
branch="${GITOPS_BRANCH:-main}"
out="$(artifacts_dir)"
file="helm/$app/values-$env.yaml"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone --quiet --branch "$branch" --depth 20 "$GITOPS_REPO_URL" "$work/repo"
cd "$work/repo"
git config user.name "${GIT_AUTHOR_NAME:-Nura CI}"
git config user.email "${GIT_AUTHOR_EMAIL:-ci@nura.example.com}"
[ -f "$file" ] || die "$file not found in $GITOPS_REPO_URL@$branch" 3

set_tag() {
  python3 "$REPO_ROOT/scripts/ci/set-image-tag.py" "$file" "$tag"
  git add -- "$file"
}
gitops_commit_push "$branch" set_tag -m "chore($app): deploy $tag to $env" \
  -m "Build: ${BUILD_URL:-local}" --trailer "Image-Tag: $tag"
[ "$GITOPS_PUSHED" = true ] || log "$file already has image.tag \"$tag\": nothing to commit"
printf '{"commit":"%s","file":"%s","tag":"%s"}\n' "$(git rev-parse HEAD)" "$file" "$tag" >"$out/gitops.json"
