#!/usr/bin/env python3
"""Set `image.tag` in a Helm values file, changing nothing else (comments, order, quoting kept).

Usage: set-image-tag.py <values-file> <tag>

Only the `tag:` key directly under the top-level `image:` mapping is edited; a file without exactly one
such key is an error (exit 3), so a malformed values file is never half-edited. The new tag is written
double-quoted, as the values files keep it, and any trailing comment on that line survives.
"""

import re
import sys

SEMVER = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$")
TOP_KEY = re.compile(r"^([A-Za-z0-9_.-]+):")
TAG_LINE = re.compile(r"^(?P<indent>[ ]+)tag:(?P<space>[ ]*)(?P<value>\"[^\"]*\"|'[^']*'|[^#\s]+)?(?P<rest>[ ]*(#.*)?)$")


def _tag_line(lines: list[str]) -> tuple[int, re.Match]:
    """The one `tag:` line directly under the top-level `image:` mapping."""
    in_image = False
    image_indent = None
    hits = []
    for i, line in enumerate(lines):
        top = TOP_KEY.match(line)
        if top:
            in_image = top.group(1) == "image" and line.rstrip().endswith(":")
            image_indent = None
            continue
        if not in_image or not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if image_indent is None:
            image_indent = indent
        if indent != image_indent:
            continue
        m = TAG_LINE.match(line)
        if m:
            hits.append((i, m))
    if len(hits) != 1:
        raise ValueError(f"expected exactly one image.tag key, found {len(hits)}")
    return hits[0]


def get_tag(text: str) -> str:
    """The image.tag a values file holds, unquoted."""
    _, m = _tag_line(text.split("\n"))
    return (m.group("value") or "").strip("\"'")


def set_tag(text: str, tag: str) -> str:
    lines = text.split("\n")
    i, m = _tag_line(lines)
    lines[i] = f'{m.group("indent")}tag: "{tag}"{m.group("rest") or ""}'
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    path, tag = argv[1], argv[2]
    if not SEMVER.match(tag):
        print(f"tag must be semver, got {tag!r}", file=sys.stderr)
        return 2
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        new = set_tag(text, tag)
    except (OSError, ValueError) as e:
        print(f"{path}: {e}", file=sys.stderr)
        return 3
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
