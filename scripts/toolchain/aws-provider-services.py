#!/usr/bin/env python3
"""The AWS services this tree uses, and a trimmed service registry for the hashicorp/aws provider.

Usage:
  aws-provider-services.py types                       aws_* resource/data/ephemeral types in infra/
  aws-provider-services.py services <provider-src>     the provider's service packages that define them (the
                                                       trim adds those whose clients they call; see trim())
  aws-provider-services.py trim <provider-copy>
        edits a private copy of the provider module in place (see below); prints the services kept.

Why: hashicorp/aws registers every one of its ~250 service packages in one generated file,
internal/provider/sdkv2/service_packages_gen.go (`func servicePackages(ctx)`); the framework provider and the
client cache (conns.AWSClient) get their list from it. A second generated file, internal/conns/awsclient_gen.go,
has one `XClient(ctx)` accessor per AWS SDK client and so imports all ~260 SDK services. Compiling and linking
all of that is ≈ 50 CPU-minutes and ≈ 9-10 GB of memory on our 2-core machines. The trim keeps the same
provider source and filters exactly those two generated files: the registry to the service packages our types
live in plus every service whose client a compiled package calls (an accessor creates its client through its
service package's registration, so s3, which tags buckets through S3 Control, needs s3control registered:
"unknown service package: s3control" otherwise), repeated until nothing new is called; the accessors to the
ones called. Go refuses -overlay for files under GOMODCACHE, so the build uses a hard-linked copy of the
module with the two files rewritten, through a `replace` directive.
A type that is missing makes `tofu validate` of the root that uses it fail ("The provider hashicorp/aws does
not support resource type …"), so the validate stage proves the list complete; the list is computed from
infra/ on every build, never edited by hand.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REGISTRY = Path("internal/provider/sdkv2/service_packages_gen.go")
CLIENTS = Path("internal/conns/awsclient_gen.go")
MODULE = "github.com/hashicorp/terraform-provider-aws"

# Blocks that name a provider type: resource/data/ephemeral in *.tf, and the mocks/overrides of tofu test
# files (a mock of a type the provider lacks fails `tofu test` too, so they count as uses).
_TYPE_RE = re.compile(
    r'^\s*(?:resource|data|ephemeral|mock_resource|mock_data|override_resource|override_data)\s+"(aws_[a-z0-9_]+)"',
    re.MULTILINE,
)
_TYPENAME_RE = re.compile(r'TypeName:\s*"(aws_[a-z0-9_]+)"')


def infra_types(infra: Path = REPO / "infra") -> list[str]:
    found: set[str] = set()
    for path in sorted(infra.rglob("*")):
        if path.suffix in {".tf", ".hcl"} and ".terraform" not in path.parts:
            found.update(_TYPE_RE.findall(path.read_text()))
    return sorted(found)


def type_index(provider_src: Path) -> dict[str, str]:
    """Type name → service package, read from each package's own generated registration."""
    index: dict[str, str] = {}
    for gen in sorted((provider_src / "internal/service").glob("*/service_package_gen.go")):
        for name in _TYPENAME_RE.findall(gen.read_text()):
            index.setdefault(name, gen.parent.name)
    return index


def services_for(types: list[str], provider_src: Path) -> list[str]:
    index = type_index(provider_src)
    missing = [t for t in types if t not in index]
    if missing:
        raise SystemExit(f"no service package of this provider defines: {', '.join(missing)}")
    return sorted({index[t] for t in types})


def trimmed_registry(source: str, services: list[str]) -> str:
    """The generated registry with only `services`: their import lines and their ServicePackage(ctx) calls."""
    keep = set(services)
    out: list[str] = []
    seen: set[str] = set()
    for line in source.splitlines(keepends=True):
        imp = re.match(r'\s*"github\.com/hashicorp/terraform-provider-aws/internal/service/([a-z0-9]+)"', line)
        call = re.match(r"\s*([a-z0-9]+)\.ServicePackage\(ctx\),", line)
        name = (imp or call).group(1) if (imp or call) else None
        if name is not None and name not in keep:
            continue
        if call:
            seen.add(name)
        out.append(line)
    absent = keep - seen
    if absent:
        raise SystemExit(f"the registry has no ServicePackage call for: {', '.join(sorted(absent))}")
    return "".join(out)


_ACCESSOR_RE = re.compile(r"^func \(c \*AWSClient\) (\w+Client)\(ctx context\.Context\) \*(\w+)\.Client \{\n.*?\n\}\n\n?", re.MULTILINE | re.DOTALL)
_SDK_IMPORT_RE = re.compile(r'^\t(?:(\w+) )?"github\.com/aws/aws-sdk-go-v2/service/([a-z0-9]+)"\n', re.MULTILINE)


def trimmed_clients(source: str, used: set[str]) -> str:
    """The generated AWSClient accessors with only the `used` ones, and only the SDK imports those need."""
    kept_pkgs: set[str] = set()

    def keep_accessor(m: re.Match[str]) -> str:
        if m.group(1) in used:
            kept_pkgs.add(m.group(2))
            return m.group(0)
        return ""

    body = _ACCESSOR_RE.sub(keep_accessor, source)
    return _SDK_IMPORT_RE.sub(lambda m: m.group(0) if (m.group(1) or m.group(2)) in kept_pkgs else "", body)


def accessors_called(go_dirs: list[Path], accessors: set[str]) -> set[str]:
    """Accessor names that the non-test Go files of `go_dirs` mention (calls and method values alike)."""
    pattern = re.compile(r"\.(\w+Client)\b")
    used: set[str] = set()
    for d in go_dirs:
        for f in d.glob("*.go"):
            if not f.name.endswith("_test.go") and f.resolve() != (d / "awsclient_gen.go").resolve():
                used.update(n for n in pattern.findall(f.read_text()) if n in accessors)
    return used


_IMPORT_BLOCK_RE = re.compile(r"^import\s*\((.*?)^\)|^import\s+(?:\w+\s+)?(\"[^\"]+\")", re.MULTILINE | re.DOTALL)
_BUILD_IGNORE_RE = re.compile(r"^//go:build\s+(ignore|generate|tools)\b", re.MULTILINE)


def module_dirs(provider_src: Path) -> list[Path]:
    """Directories of the provider's own packages that its main package imports, directly or not.

    Read from the import blocks of non-test Go files rather than `go list -deps`: go list would load the
    untrimmed client file, which imports every AWS SDK service, and so download all ~260 SDK modules that
    the trimmed build never needs. Files kept out of every build (//go:build ignore|generate|tools) do not
    count; other build constraints are not evaluated, which can only keep an accessor too many."""
    seen: set[Path] = set()
    todo = [provider_src]
    while todo:
        d = todo.pop()
        if d in seen or not d.is_dir():
            continue
        seen.add(d)
        for f in d.glob("*.go"):
            if f.name.endswith("_test.go"):
                continue
            text = f.read_text()
            if _BUILD_IGNORE_RE.search(text):
                continue
            for block, single in _IMPORT_BLOCK_RE.findall(text):
                for path in re.findall(r'"([^"]+)"', block or single):
                    if path.startswith(MODULE + "/"):
                        todo.append(provider_src / path[len(MODULE) + 1 :])
    return sorted(seen)


def replace_file(path: Path, text: str) -> None:
    """Write `path` in the hard-linked copy without touching the module cache's inode."""
    path.unlink()
    path.write_text(text)


def client_services(clients_source: str, provider_src: Path) -> dict[str, str]:
    """Accessor name → the service package its client is created through (its `names.X` constant)."""
    by_const: dict[str, str] = {}
    for gen in (provider_src / "internal/service").glob("*/service_package_gen.go"):
        m = re.search(r"ServicePackageName\(\) string \{\s*return names\.(\w+)", gen.read_text())
        if m:
            by_const[m.group(1)] = gen.parent.name
    out: dict[str, str] = {}
    for m in _ACCESSOR_RE.finditer(clients_source):
        const = re.search(r"names\.(\w+)", m.group(0))
        if const and const.group(1) in by_const:
            out[m.group(1)] = by_const[const.group(1)]
    return out


def trim(provider_copy: Path) -> list[str]:
    registry = provider_copy / REGISTRY
    full_registry = registry.read_text()
    clients = provider_copy / CLIENTS
    source = clients.read_text()
    accessors = {m.group(1) for m in _ACCESSOR_RE.finditer(source)}
    via = client_services(source, provider_copy)
    services = set(services_for(infra_types(), provider_copy))
    while True:  # until the registered services call no client of an unregistered one
        replace_file(registry, trimmed_registry(full_registry, sorted(services)))
        used = accessors_called(module_dirs(provider_copy), accessors)
        needed = services | {via[a] for a in used if a in via}
        if needed == services:
            break
        services = needed
    replace_file(clients, trimmed_clients(source, used))
    kept = sorted(services)
    (provider_copy / "NURA-TRIMMED.txt").write_text(
        "services: " + " ".join(kept) + "\nclients: " + " ".join(sorted(used)) + "\n"
    )
    return kept


def main(argv: list[str]) -> int:
    if argv[:1] == ["types"] and len(argv) == 1:
        print("\n".join(infra_types()))
    elif argv[:1] == ["services"] and len(argv) == 2:
        print("\n".join(services_for(infra_types(), Path(argv[1]))))
    elif argv[:1] == ["trim"] and len(argv) == 2:
        print(" ".join(trim(Path(argv[1]))))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
