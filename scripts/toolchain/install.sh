#!/usr/bin/env bash
# Usage: scripts/toolchain/install.sh [component...]      (make toolchain: all of them)
#   components: opentofu aws-provider helm kubeconform python-tools groovy
# Builds or reuses the infra toolchain and links it into .toolchain/bin (first on the Makefile's PATH):
#   tofu (OpenTofu) and the hashicorp/aws provider, built with Go from the Go module proxy through the
#   wrapper modules in go/ (their go.mod replace/godebug lines are repeated there); the provider goes
#   into a filesystem mirror that .toolchain/tofu.rc (TF_CLI_CONFIG_FILE) points at, so `tofu init`
#   works offline; helm and kubeconform (same way); checkov and moto_server (pip, one venv); Groovy's
#   jar (Maven Central) for the Jenkinsfile parse; promtool comes from Debian's prometheus package.
# Built tools live outside the repo in ${NURA_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nura-toolchain}
# keyed by version, so a fresh clone on the same machine links them in seconds. Idempotent.
# Every build's wall time is appended to <cache>/timings.tsv (tool, version, seconds, cold|cached).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=scripts/toolchain/versions.env
. "$here/versions.env"
cache="${NURA_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nura-toolchain}"
bin="$repo/.toolchain/bin"
mkdir -p "$cache" "$bin"
timings="$cache/timings.tsv"
# One build at a time per cache: a second `make toolchain` (another checkout, a parallel make) that
# needs to build waits instead of compiling the same packages again; linking cached tools needs no lock.
lock_for_build() {
  [ -n "${have_lock:-}" ] && return
  exec 9>"$cache/.lock"
  if ! flock -n 9; then
    echo "==> another toolchain build holds $cache/.lock; waiting for it…"
    flock 9
  fi
  have_lock=1
}
export GOFLAGS="-trimpath -mod=readonly ${NURA_GOFLAGS:-}"
# One compile per core by default; NURA_GOFLAGS=-p=N (with GOMAXPROCS=N) overrides it.
export GOMAXPROCS="${GOMAXPROCS:-$(nproc)}"
export GOTOOLCHAIN=local

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$1" "$2" "$3" "$4" >>"$timings"; }

# build_go <name> <version> <wrapper dir> <package> <binary name> [extra ldflags]
build_go() {
  local name="$1" version="$2" mod="$here/go/$3" pkg="$4" binary="$5" ldflags="${6:-}"
  local dest="$cache/$name-$version" t0
  [ -x "$dest/$binary" ] || lock_for_build
  if [ -x "$dest/$binary" ]; then
    step "$name $version: cached ($dest)"
    return
  fi
  step "$name $version: building with $(go version | cut -d' ' -f3) from the Go module proxy (GOMAXPROCS=$GOMAXPROCS)…"
  t0=$(date +%s)
  rm -rf "$dest.partial"
  go build -C "$mod" -ldflags="-s -w $ldflags" -o "$dest.partial/$binary" "$pkg"
  mv "$dest.partial" "$dest"
  record "$name" "$version" "$(($(date +%s) - t0))" cold
  step "$name $version: built in $(($(date +%s) - t0)) s"
}

t_all=$(date +%s)
command -v go >/dev/null || { echo "go is required (the machine's Go toolchain)" >&2; exit 1; }
all_components=(opentofu aws-provider helm kubeconform python-tools groovy)
components=("$@")
[ ${#components[@]} -gt 0 ] || components=("${all_components[@]}")
want() { [[ " ${components[*]} " == *" $1 "* ]]; }
for c in "${components[@]}"; do
  [[ " ${all_components[*]} " == *" $c "* ]] || { echo "unknown component $c (${all_components[*]})" >&2; exit 2; }
done

if want opentofu; then
build_go opentofu "$OPENTOFU_VERSION" opentofu github.com/opentofu/opentofu/cmd/tofu tofu \
  "-X github.com/opentofu/opentofu/version.dev=no"
ln -sfn "$cache/opentofu-$OPENTOFU_VERSION/tofu" "$bin/tofu"
fi

if want aws-provider; then

provider_file="terraform-provider-aws_v$AWS_PROVIDER_VERSION"
build_go terraform-provider-aws "$AWS_PROVIDER_VERSION" terraform-provider-aws \
  github.com/hashicorp/terraform-provider-aws "$provider_file" \
  "-X github.com/hashicorp/terraform-provider-aws/version.ProviderVersion=$AWS_PROVIDER_VERSION"
mirror="$repo/.toolchain/providers"
platform="$(go env GOOS)_$(go env GOARCH)"
for host in registry.opentofu.org registry.terraform.io; do
  mkdir -p "$mirror/$host/hashicorp/aws/$AWS_PROVIDER_VERSION/$platform"
  ln -sfn "$cache/terraform-provider-aws-$AWS_PROVIDER_VERSION/$provider_file" \
    "$mirror/$host/hashicorp/aws/$AWS_PROVIDER_VERSION/$platform/$provider_file"
done
cat >"$repo/.toolchain/tofu.rc" <<RC
# Written by scripts/toolchain/install.sh: providers only from the local filesystem mirror (offline).
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.opentofu.org/hashicorp/aws", "registry.terraform.io/hashicorp/aws"]
  }
}
plugin_cache_dir = ""
disable_checkpoint = true
RC
fi

if want helm; then

# helm's Makefile stamps the Kubernetes version of its client-go as the default for capabilities and
# lint; without it a source build assumes v1.20.
k8s_minor="$(go list -C "$here/go/helm" -m -f '{{.Version}}' k8s.io/client-go | cut -d. -f2)"
build_go helm "$HELM_VERSION" helm helm.sh/helm/v3/cmd/helm helm \
  "-X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION \
   -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$k8s_minor \
   -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$k8s_minor"
ln -sfn "$cache/helm-$HELM_VERSION/helm" "$bin/helm"
fi

if want kubeconform; then
build_go kubeconform "$KUBECONFORM_VERSION" kubeconform github.com/yannh/kubeconform/cmd/kubeconform kubeconform
ln -sfn "$cache/kubeconform-$KUBECONFORM_VERSION/kubeconform" "$bin/kubeconform"
fi

if want python-tools; then

# Python tools: one venv per requirements.txt content (its hash is the version key).
req_hash="$(sha256sum "$here/requirements.txt" | cut -c1-12)"
venv="$cache/python-tools-$req_hash"
if [ -f "$venv/.complete" ]; then
  step "checkov + moto (venv $req_hash): cached"
else
  lock_for_build
  step "checkov + moto: pip install into $venv…"
  t0=$(date +%s)
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  touch "$venv/.complete"
  record python-tools "$req_hash" "$(($(date +%s) - t0))" cold
  step "checkov + moto: installed in $(($(date +%s) - t0)) s"
fi
ln -sfn "$venv/bin/checkov" "$bin/checkov"
ln -sfn "$venv/bin/moto_server" "$bin/moto_server"
fi

if want groovy; then

# Groovy's jar for the Jenkinsfile parse check (Java 17 is on the machine; Maven fetches the jar).
groovy_dir="$cache/groovy-$GROOVY_VERSION"
if [ -f "$groovy_dir/groovy-$GROOVY_VERSION.jar" ]; then
  step "groovy $GROOVY_VERSION: cached"
else
  lock_for_build
  step "groovy $GROOVY_VERSION: fetching from Maven Central…"
  t0=$(date +%s)
  mvn -q -B dependency:copy -Dartifact="org.codehaus.groovy:groovy:$GROOVY_VERSION" -DoutputDirectory="$groovy_dir" >&2
  record groovy "$GROOVY_VERSION" "$(($(date +%s) - t0))" cold
fi
ln -sfn "$groovy_dir/groovy-$GROOVY_VERSION.jar" "$repo/.toolchain/groovy.jar"
fi

command -v promtool >/dev/null || echo "note: promtool (Debian package prometheus) is installed by 'make system-deps'" >&2

elapsed=$(($(date +%s) - t_all))
record "${components[*]// /+}" - "$elapsed" total
step "toolchain ready in ${elapsed} s (${components[*]})"
want aws-provider && step "OpenTofu CLI config: TF_CLI_CONFIG_FILE=$repo/.toolchain/tofu.rc"
exit 0
