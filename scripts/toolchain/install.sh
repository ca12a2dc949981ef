#!/usr/bin/env bash
# Usage: scripts/toolchain/install.sh [component...]      (make toolchain: all of them)
#   components: opentofu aws-provider helm kubeconform python-tools groovy
# Builds or reuses the infra toolchain and links it into .toolchain/bin (first on the Makefile's PATH):
#   tofu (OpenTofu) and the hashicorp/aws provider, built with Go from the Go module proxy through the
#   wrapper modules in go/ (their go.mod replace/godebug lines are repeated there); the provider goes
#   into a filesystem mirror that .toolchain/tofu.rc (TF_CLI_CONFIG_FILE) points at, so `tofu init`
#   works offline; helm and kubeconform (same way); checkov and moto_server (pip, one venv); Groovy's
#   jar (Maven Central) for the Jenkinsfile parse; promtool comes from Debian's prometheus package.
# The provider is built registering only the AWS services infra/ uses (aws-provider-services.py says how
# and why; ≈ 10 min and < 4 GB instead of ≈ 50 min and ≈ 10 GB). NURA_AWS_PROVIDER=full builds and links
# the complete provider instead:  NURA_AWS_PROVIDER=full scripts/toolchain/install.sh aws-provider
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
# record <tool> <version> <seconds> <cold|cached|total> [peak RSS in MB]
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$1" "$2" "$3" "$4" "${5:-}" >>"$timings"; }
# timed <rss file> <command…>: runs the command, writing its peak RSS (KB, the largest child: go's compile or
# link) to the file when GNU time is there (Debian's `time` package).
timed() {
  local out="$1"; shift
  if [ -x /usr/bin/time ]; then /usr/bin/time -f '%M' -o "$out" "$@"; else : >"$out"; "$@"; fi
}
rss_mb() { [ -s "$1" ] && echo $(($(tail -1 "$1") / 1024)); }

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
  mkdir -p "$dest.partial"
  timed "$dest.partial/.rss" go build -C "$mod" -ldflags="-s -w $ldflags" -o "$dest.partial/$binary" "$pkg"
  mv "$dest.partial" "$dest"
  record "$name" "$version" "$(($(date +%s) - t0))" cold "$(rss_mb "$dest/.rss")"
  step "$name $version: built in $(($(date +%s) - t0)) s$( [ -s "$dest/.rss" ] && echo ", peak RSS $(rss_mb "$dest/.rss") MB")"
}

# build_aws_provider_trimmed <version> <binary name> <ldflags>: the provider from the same module source,
# registering only the service packages infra/ uses. Sets provider_dir.
build_aws_provider_trimmed() {
  local version="$1" binary="$2" ldflags="$3" wrapper="$here/go/terraform-provider-aws" src key work t0
  src="$(go mod download -C "$wrapper" -json github.com/hashicorp/terraform-provider-aws | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [ -d "$src" ] || { echo "could not download the provider module source" >&2; exit 1; }
  # Keyed by the services and the trim itself: a new type in infra/ or a changed trim builds anew.
  key="$({ python3 "$here/aws-provider-services.py" services "$src"; cat "$here/aws-provider-services.py"; } | sha256sum | cut -c1-12)"
  provider_dir="$cache/terraform-provider-aws-$version-services-$key"
  [ -x "$provider_dir/$binary" ] || lock_for_build
  if [ -x "$provider_dir/$binary" ]; then
    step "terraform-provider-aws $version (services: $(cat "$provider_dir/services.txt")): cached"
    return
  fi
  t0=$(date +%s)
  work="$provider_dir.partial"
  rm -rf "$work"
  mkdir -p "$work/build"
  # A private copy of the module (hard links: no extra disk; the trim replaces two files by new ones, never
  # writing through a link into the read-only module cache), built through a replace directive.
  cp -al "$src" "$work/build/src" 2>/dev/null || cp -a "$src" "$work/build/src"
  chmod -R u+w "$work/build/src"
  cp "$wrapper/go.mod" "$wrapper/go.sum" "$work/build/"
  echo 'replace github.com/hashicorp/terraform-provider-aws => ./src' >>"$work/build/go.mod"
  python3 "$here/aws-provider-services.py" trim "$work/build/src" >"$work/services.txt"
  step "terraform-provider-aws $version: building with only $(wc -w <"$work/services.txt") service packages ($(cat "$work/services.txt")) (GOMAXPROCS=$GOMAXPROCS)…"
  timed "$work/.rss" go build -C "$work/build" -ldflags="-s -w $ldflags" -o "$work/$binary" github.com/hashicorp/terraform-provider-aws
  cp "$work/build/src/NURA-TRIMMED.txt" "$work/trim.txt"
  rm -rf "$work/build"
  mv "$work" "$provider_dir"
  record terraform-provider-aws-trimmed "$version-$key" "$(($(date +%s) - t0))" cold "$(rss_mb "$provider_dir/.rss")"
  step "terraform-provider-aws $version (trimmed): built in $(($(date +%s) - t0)) s$( [ -s "$provider_dir/.rss" ] && echo ", peak RSS $(rss_mb "$provider_dir/.rss") MB")"
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

# The downloads (pip, Maven) need the network, not the CPU: they run beside the Go builds, which keep
# both cores busy. Each writes its own log, printed when it ends.
req_hash="$(sha256sum "$here/requirements.txt" | cut -c1-12)"
venv="$cache/python-tools-$req_hash"
groovy_dir="$cache/groovy-$GROOVY_VERSION"
groovy_harness_dir="$cache/groovy-$GROOVY_HARNESS_VERSION"
install_python_tools() {  # checkov + moto: one venv per requirements.txt content (its hash is the version key)
  step "checkov + moto: pip install into $venv…"
  local t0
  t0=$(date +%s)
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  touch "$venv/.complete"
  record python-tools "$req_hash" "$(($(date +%s) - t0))" cold
  step "checkov + moto: installed in $(($(date +%s) - t0)) s"
}
install_groovy() {  # install_groovy <groupId> <version>: Groovy's jar from Maven Central into <cache>/groovy-<version>
  # (org.codehaus.groovy 2.4: the Jenkinsfile parse check; org.apache.groovy 5: the test harness in tests/infra/jenkins;
  # Java 17 is on the machine)
  step "groovy $2: fetching from Maven Central…"
  local t0
  t0=$(date +%s)
  mvn -q -B dependency:copy -Dartifact="$1:groovy:$2" -DoutputDirectory="$cache/groovy-$2"
  record groovy "$2" "$(($(date +%s) - t0))" cold
  step "groovy $2: fetched in $(($(date +%s) - t0)) s"
}
background=()
in_background() {  # in_background <name> <function> [arg…]: the lock is taken first, so the job shares it
  lock_for_build
  "${@:2}" >"$cache/.$1.log" 2>&1 &
  background+=("$!:$1")
}
if want python-tools; then
  if [ -f "$venv/.complete" ]; then step "checkov + moto (venv $req_hash): cached"; else in_background python-tools install_python_tools; fi
fi
if want groovy; then
  if [ -f "$groovy_dir/groovy-$GROOVY_VERSION.jar" ]; then step "groovy $GROOVY_VERSION: cached"; else in_background groovy install_groovy org.codehaus.groovy "$GROOVY_VERSION"; fi
  if [ -f "$groovy_harness_dir/groovy-$GROOVY_HARNESS_VERSION.jar" ]; then step "groovy $GROOVY_HARNESS_VERSION: cached"; else in_background groovy-harness install_groovy org.apache.groovy "$GROOVY_HARNESS_VERSION"; fi
fi

if want opentofu; then
build_go opentofu "$OPENTOFU_VERSION" opentofu github.com/opentofu/opentofu/cmd/tofu tofu \
  "-X github.com/opentofu/opentofu/version.dev=no"
ln -sfn "$cache/opentofu-$OPENTOFU_VERSION/tofu" "$bin/tofu"
fi

if want aws-provider; then

provider_file="terraform-provider-aws_v$AWS_PROVIDER_VERSION"
provider_ldflags="-X github.com/hashicorp/terraform-provider-aws/version.ProviderVersion=$AWS_PROVIDER_VERSION"
case "${NURA_AWS_PROVIDER:-trimmed}" in
  trimmed) build_aws_provider_trimmed "$AWS_PROVIDER_VERSION" "$provider_file" "$provider_ldflags" ;;
  full)
    build_go terraform-provider-aws "$AWS_PROVIDER_VERSION" terraform-provider-aws \
      github.com/hashicorp/terraform-provider-aws "$provider_file" "$provider_ldflags"
    provider_dir="$cache/terraform-provider-aws-$AWS_PROVIDER_VERSION" ;;
  *) echo "NURA_AWS_PROVIDER must be trimmed or full, not ${NURA_AWS_PROVIDER}" >&2; exit 2 ;;
esac
mirror="$repo/.toolchain/providers"
platform="$(go env GOOS)_$(go env GOARCH)"
# The roots' lock files are not committed (infra/.gitignore): they record the hash of the build that was
# linked when `tofu init` last ran, so a different build (trimmed ↔ full, or a new trim) makes every init
# fail with "doesn't match any of the checksums". Forget them when the linked build changes.
linked="$(readlink "$mirror/registry.opentofu.org/hashicorp/aws/$AWS_PROVIDER_VERSION/$platform/$provider_file" 2>/dev/null || true)"
if [ -n "$linked" ] && [ "$linked" != "$provider_dir/$provider_file" ]; then
  step "provider build changed ($(basename "$(dirname "$linked")") → $(basename "$provider_dir")): removing infra/**/.terraform.lock.hcl"
  find "$repo/infra" -name .terraform.lock.hcl -delete
fi
for host in registry.opentofu.org registry.terraform.io; do
  mkdir -p "$mirror/$host/hashicorp/aws/$AWS_PROVIDER_VERSION/$platform"
  ln -sfn "$provider_dir/$provider_file" "$mirror/$host/hashicorp/aws/$AWS_PROVIDER_VERSION/$platform/$provider_file"
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

failed=()
for job in "${background[@]}"; do
  pid="${job%%:*}" name="${job#*:}"
  if wait "$pid"; then cat "$cache/.$name.log"; else cat "$cache/.$name.log" >&2; failed+=("$name"); fi
done
[ ${#failed[@]} -eq 0 ] || { echo "toolchain: ${failed[*]} failed (logs above)" >&2; exit 1; }
if want python-tools; then
  ln -sfn "$venv/bin/checkov" "$bin/checkov"
  ln -sfn "$venv/bin/moto_server" "$bin/moto_server"
fi
want groovy && ln -sfn "$groovy_dir/groovy-$GROOVY_VERSION.jar" "$repo/.toolchain/groovy.jar"
want groovy && ln -sfn "$groovy_harness_dir/groovy-$GROOVY_HARNESS_VERSION.jar" "$repo/.toolchain/groovy-harness.jar"

command -v promtool >/dev/null || echo "note: promtool (Debian package prometheus) is installed by 'make system-deps'" >&2

elapsed=$(($(date +%s) - t_all))
record "${components[*]// /+}" - "$elapsed" total
step "toolchain ready in ${elapsed} s (${components[*]})"
want aws-provider && step "OpenTofu CLI config: TF_CLI_CONFIG_FILE=$repo/.toolchain/tofu.rc"
exit 0
