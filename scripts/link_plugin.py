"""Make a QGIS plugin folder that points at this checkout (for QGIS desktop or qgis_process).

    .venv/bin/python scripts/link_plugin.py [PLUGINS_DIR]

PLUGINS_DIR defaults to the default profile's folder,
~/.local/share/QGIS/QGIS3/profiles/default/python/plugins. It gets `imperial_land/` holding
symbolic links to the package's files, metadata.txt, resources/ and i18n/: edits in the
checkout show up after a plugin reload, and nothing is copied.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "imperial_land"
DEFAULT_DIR = Path.home() / ".local/share/QGIS/QGIS3/profiles/default/python/plugins"


def link_plugin(plugins_dir: Path) -> Path:
    """Create (or refresh) plugins_dir/imperial_land as links into the checkout."""
    target = plugins_dir / PACKAGE.name
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    entries = [p for p in PACKAGE.iterdir() if p.name != "__pycache__"]
    entries += [ROOT / "metadata.txt", ROOT / "resources", ROOT / "i18n"]
    for entry in entries:
        (target / entry.name).symlink_to(entry)
    return target


def main() -> None:
    plugins_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    print(f"linked {link_plugin(plugins_dir)} -> {PACKAGE}")


if __name__ == "__main__":
    main()
