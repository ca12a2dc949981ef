#!/usr/bin/env bash
# Usage: scripts/ci/app-version.sh
# Decides the image tag of this build and writes it to ${ARTIFACTS_DIR:-artifacts}/image-tag:
#   a release build (TAG_NAME=v<x.y.z> matching package.json's version) → <x.y.z>
#   any other build → <package.json version>-build.<BUILD_NUMBER>   (semver pre-release; unique per build)
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"
out="$(artifacts_dir)"
version="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$REPO_ROOT/package.json")"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "package.json version '$version' is not x.y.z"
if [ -n "${TAG_NAME:-}" ]; then
  [ "$TAG_NAME" = "v$version" ] || die "release tag $TAG_NAME does not match package.json version $version"
  tag="$version"
else
  tag="$version-build.${BUILD_NUMBER:?BUILD_NUMBER is not set}"
fi
printf '%s\n' "$tag" >"$out/image-tag"
log "image tag: $tag"
