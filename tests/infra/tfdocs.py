#!/usr/bin/env python3
"""terraform-docs-style tables for infra/modules/*/README.md, from variables.tf and outputs.tf.

Usage: tfdocs.py --write   rewrite the part between <!-- BEGIN_TF_DOCS --> and <!-- END_TF_DOCS -->
       tfdocs.py --check   exit 1 when a README is missing or out of date (make infra-test runs this)

A small HCL reader, enough for our own modules' style (one top-level block per variable/output,
description and default on their own lines); terraform-docs itself is not reachable here.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BEGIN, END = "<!-- BEGIN_TF_DOCS -->", "<!-- END_TF_DOCS -->"


def blocks(text, kind):
    """Yield (name, body) of each top-level `kind "name" { ... }` block."""
    for m in re.finditer(rf'^{kind} "([^"]+)" \{{\n', text, re.M):
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        yield m.group(1), text[m.end(): i - 1]


def attr(body, name):
    """A top-level attribute of a block body (two-space indent), possibly spanning lines."""
    m = re.search(rf"^  {name}\s*=\s*", body, re.M)
    if not m:
        return None
    rest = body[m.end():]
    if rest.startswith('"'):
        return re.match(r'"((?:[^"\\]|\\.)*)"', rest).group(1)
    depth, out = 0, []
    for ch in rest:
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        if ch == "\n" and depth == 0:
            break
        out.append(ch)
    return " ".join("".join(out).split())


def cell(s):
    return (s or "").replace("|", "\\|").replace("\n", " ")


def render(module):
    variables = "".join(p.read_text() for p in sorted(module.glob("variables.tf")))
    outputs = "".join(p.read_text() for p in sorted(module.glob("outputs.tf")))
    providers = (module / "versions.tf").read_text()
    lines = [BEGIN, "## Requirements", "", "| Name | Version |", "|------|---------|"]
    lines.append(f"| opentofu | {attr(providers, 'required_version') or '>= 1.10.0'} |")
    m = re.search(r'hashicorp/aws"\s*version\s*=\s*"([^"]+)"', providers)
    lines += [f"| aws | {m.group(1) if m else ''} |", "", "## Inputs", "",
              "| Name | Description | Type | Default | Required |", "|------|-------------|------|---------|:--------:|"]
    for name, body in blocks(variables, "variable"):
        default = attr(body, "default")
        lines.append(f"| {name} | {cell(attr(body, 'description'))} | `{cell(attr(body, 'type'))}` | "
                     f"{'`' + cell(default) + '`' if default is not None else 'n/a'} | {'no' if default is not None else 'yes'} |")
    lines += ["", "## Outputs", "", "| Name | Description |", "|------|-------------|"]
    for name, body in blocks(outputs, "output"):
        lines.append(f"| {name} | {cell(attr(body, 'description'))} |")
    lines.append(END)
    return "\n".join(lines)


def main(mode):
    stale = []
    for module in sorted((ROOT / "infra" / "modules").iterdir()):
        readme = module / "README.md"
        table = render(module)
        text = readme.read_text() if readme.exists() else f"# {module.name}\n\n{BEGIN}\n{END}\n"
        if BEGIN not in text:
            text += f"\n{BEGIN}\n{END}\n"
        new = text[: text.index(BEGIN)] + table + text[text.index(END) + len(END):]
        if new != text:
            stale.append(str(readme.relative_to(ROOT)))
            if mode == "--write":
                readme.write_text(new)
    if mode == "--check" and stale:
        sys.exit(f"out of date (run make infra-docs): {', '.join(stale)}")
    print(("updated: " if mode == "--write" else "up to date: ") + (", ".join(stale) if mode == "--write" else "all module READMEs"))


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("--write", "--check"):
        sys.exit(__doc__)
    main(sys.argv[1])
