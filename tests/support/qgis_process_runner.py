"""The real qgis_process binary on a private profile, with the plugin linked from this checkout.

QGIS's own Python lacks shapely & co., so the venv's packages go on PYTHONPATH, as a user would
pip them into QGIS's Python.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QGIS_PROCESS = "/usr/bin/qgis_process.bin"  # Debian's wrapper passes an option it rejects

needs_qgis_process = pytest.mark.skipif(
    not Path(QGIS_PROCESS).exists(), reason="qgis_process.bin is not installed"
)


def _link_plugin(plugins_dir: Path) -> Path:
    spec = importlib.util.spec_from_file_location("link_plugin", ROOT / "scripts/link_plugin.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.link_plugin(plugins_dir)


class QgisProcess:
    """qgis_process with its own profile under `base` and the plugin enabled there."""

    def __init__(self, base: Path) -> None:
        _link_plugin(base / "plugins")
        (base / "home").mkdir(parents=True, exist_ok=True)
        venv_packages = sysconfig.get_paths()["purelib"]
        self.env = dict(os.environ)
        self.env.update(
            HOME=str(base / "home"),
            QGIS_CUSTOM_CONFIG_PATH=str(base / "profile"),
            QGIS_OPTIONS_PATH=str(base / "profile"),
            QGIS_PLUGINPATH=str(base / "plugins"),
            QT_QPA_PLATFORM="offscreen",
            LANG="C.UTF-8",
            PYTHONPATH=os.pathsep.join([str(ROOT), venv_packages]),
        )
        enabled = self.run("plugins", "enable", "imperial_land")
        assert "Enabled imperial_land" in enabled.stdout, enabled.stdout + enabled.stderr

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """`qgis_process.bin ARGS`, its output captured as text."""
        return subprocess.run(
            [QGIS_PROCESS, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
