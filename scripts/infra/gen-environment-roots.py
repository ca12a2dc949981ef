#!/usr/bin/env python3
"""Writes the OpenTofu environment roots infra/environments/{dev,staging,prod} from one template.

Usage: scripts/infra/gen-environment-roots.py [--check]

The three roots are the same configuration with different inputs: their .tf files are generated from
infra/environments/_root/ (the one place to edit them), each with a header naming its template; what
differs per environment lives only in the files the root keeps by hand (terraform.tfvars,
backend.tfbackend, sandbox.tfvars, sandbox.tfbackend). The roots stay real folders because
scripts/ci/tofu-*.sh, the Jenkinsfiles, the sandbox and the moto e2e address infra/environments/<env>.
--check writes nothing and exits 1 naming every root file that differs from its generated form (or a
generated file whose template is gone); tests/infra/test_repo_consistency.py runs it.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "infra" / "environments" / "_root"
ENVIRONMENTS = ("dev", "staging", "prod")
HEADER = "# GENERATED from infra/environments/_root/{name} by scripts/infra/gen-environment-roots.py: edit the template.\n"
KEPT = {"terraform.tfvars", "backend.tfbackend", "sandbox.tfvars", "sandbox.tfbackend"}


def generated(env: str) -> dict[Path, str]:
    """Each generated file of one root and its content."""
    return {ROOT / "infra" / "environments" / env / t.name: HEADER.format(name=t.name) + t.read_text()
            for t in sorted(TEMPLATE.glob("*.tf"))}


def main(argv: list[str]) -> int:
    check = argv[1:] == ["--check"]
    if argv[1:] not in ([], ["--check"]):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    problems = []
    for env in ENVIRONMENTS:
        want = generated(env)
        for path, text in want.items():
            if not path.exists() or path.read_text() != text:
                problems.append(f"{path.relative_to(ROOT)} differs from its template")
                if not check:
                    path.write_text(text)
        for path in sorted((ROOT / "infra" / "environments" / env).glob("*.tf")):
            if path not in want:
                problems.append(f"{path.relative_to(ROOT)} has no template in infra/environments/_root/")
                if not check:
                    path.unlink()
        missing = KEPT - {p.name for p in (ROOT / "infra" / "environments" / env).iterdir()}
        if missing:
            problems.append(f"infra/environments/{env} lacks {', '.join(sorted(missing))} (kept by hand, never generated)")
    for p in problems:
        print(("DIFFERS " if check else "wrote   ") + p, file=sys.stderr)
    return 1 if check and problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
