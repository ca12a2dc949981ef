#!/usr/bin/env python3
"""Keep the GitOps repository's deployed image tags when the charts are republished over it.

Usage: carry-image-tags.py <old-helm-dir> <new-helm-dir>

The GitOps repository's helm/<chart>/values-<env>.yaml hold the image tag each environment runs (the
pipeline and the portal's promotions commit it there); this repository's copies hold only a starting
value. For every values file with an image.tag in both trees, the old tree's tag is written into the new
file (set-image-tag.py's edit: nothing else changes). A values file new to the GitOps repository keeps
the tag it comes with. Prints one line per carried tag.
"""

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location("set_image_tag", Path(__file__).with_name("set-image-tag.py"))
set_image_tag = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(set_image_tag)


def carry(old: Path, new: Path) -> list[str]:
    carried = []
    for old_file in sorted(old.glob("*/values-*.yaml")):
        new_file = new / old_file.relative_to(old)
        if not new_file.exists():
            continue
        try:
            tag = set_image_tag.get_tag(old_file.read_text())
        except ValueError:
            continue  # no image.tag there (a chart without an image of its own)
        text = new_file.read_text()
        if set_image_tag.get_tag(text) != tag:
            new_file.write_text(set_image_tag.set_tag(text, tag))
        carried.append(f"{new_file.relative_to(new.parent)}: image.tag {tag}")
    return carried


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    for line in carry(Path(argv[1]), Path(argv[2])):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
