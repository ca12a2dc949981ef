#!/usr/bin/env bash
# Usage: scripts/ci/image-build-push.sh <image-repository> [tag]   (tag defaults to artifacts/image-tag)
# Builds the root Dockerfile and pushes <image-repository>:<tag>, then writes
# ${ARTIFACTS_DIR:-artifacts}/image.json {repository, tag, digest, pushed}.
#   IMAGE_BUILDER=kaniko (default; the Jenkins pod template's kaniko container, no Docker daemon)
#   IMAGE_BUILDER=none   the sandbox, which has no registry: nothing is built or pushed, and image.json
#                        says so ("pushed": false) so no later step can mistake it for a real push.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

repo="${1:-}"
tag="$(image_tag_or_default "${2:-}")"
[ -n "$repo" ] || die "missing image repository" 2
[[ "$tag" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] || die "tag must be semver (x.y.z[-pre]), got '$tag'" 2
out="$(artifacts_dir)"
builder="${IMAGE_BUILDER:-kaniko}"
case "$builder" in
  kaniko)
    command -v /kaniko/executor >/dev/null || die "IMAGE_BUILDER=kaniko but /kaniko/executor is not here (run in the kaniko container)"
    /kaniko/executor --context "dir://$REPO_ROOT" --dockerfile "$REPO_ROOT/Dockerfile" \
      --destination "$repo:$tag" --digest-file "$out/image.digest" --reproducible --cache=true
    digest="$(cat "$out/image.digest")"
    pushed=true
    ;;
  none)
    log "IMAGE_BUILDER=none: sandbox run, no image built or pushed for $repo:$tag"
    digest=""
    pushed=false
    ;;
  *) die "unknown IMAGE_BUILDER '$builder' (kaniko or none)" 2 ;;
esac
printf '{"repository":"%s","tag":"%s","digest":"%s","pushed":%s}\n' "$repo" "$tag" "$digest" "$pushed" >"$out/image.json"
log "image: $repo:$tag ${digest:+($digest)}"
