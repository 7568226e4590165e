"""Write the plugin's styles as QML files under resources/styles/, for use without the plugin.

    .venv/bin/python scripts/export_styles.py

The styles are built by imperial_land/core/maplayers/styles.py on the sample layers (GESTIM
field names, the four Nations of the sample); QGIS loads them with Layer Properties > Style >
Load Style.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qgis.core import QgsApplication  # noqa: E402


def export_styles(folder: Path) -> list[Path]:
    """claims.qml, parcels.qml and territories.qml in `folder`."""
    from imperial_land.core.maplayers.sample import sample_layer
    from imperial_land.core.maplayers.styles import style_claims, style_parcels, style_territories

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, style in [
        ("claims", style_claims),
        ("parcels", style_parcels),
        ("territories", style_territories),
    ]:
        layer = sample_layer(name)
        style(layer)
        path = folder / f"{name}.qml"
        message, ok = layer.saveNamedStyle(str(path))
        if not ok:
            raise RuntimeError(f"could not write {path}: {message}")
        written.append(path)
    return written


def main() -> None:
    app = QgsApplication([], False)
    app.initQgis()
    for path in export_styles(ROOT / "resources" / "styles"):
        print(f"wrote {path}")
    app.exitQgis()


if __name__ == "__main__":
    main()
