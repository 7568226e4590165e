"""Start the real desktop QGIS under Xvfb, plugin installed from its zip in a throwaway profile.

`run_probe(zip, projects, screens, workdir)` runs tests/desktop/probe.py inside it (`--code`)
and returns what the probe saw (see that file). Used by tests/desktop/test_desktop.py and
`make screenshots`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).resolve().parents[1] / "desktop" / "probe.py"
QGIS = shutil.which("qgis") or "/usr/bin/qgis"
XVFB = shutil.which("Xvfb") or "/usr/bin/Xvfb"
PROFILE_INI = """[PythonPlugins]
imperial_land=true

[qgis]
showTips=false
checkVersion=false
allowVersionCheck=false

[core]
NewsFeed\\httpsfeedqgisorg\\disabled=true
"""


def available() -> str:
    """'' when this machine can run the desktop QGIS, else why not."""
    for path, what in ((QGIS, "qgis"), (XVFB, "Xvfb (Debian package xvfb)")):
        if not Path(path).exists():
            return f"{what} is not installed"
    return ""


def install_profile(plugin_zip: Path, profiles: Path) -> Path:
    """A throwaway profiles folder: the plugin unzipped into it and enabled, tips off."""
    profile = profiles / "profiles" / "default"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(plugin_zip) as archive:
        archive.extractall(plugins)
    (profile / "QGIS").mkdir(parents=True, exist_ok=True)
    (profile / "QGIS" / "QGIS3.ini").write_text(PROFILE_INI, encoding="utf-8")
    return profiles


class Xvfb:
    """A private X display (Xvfb picks a free number and tells it through -displayfd)."""

    def __init__(self, size: str = "1600x1000x24") -> None:
        read, write = os.pipe()
        self.process = subprocess.Popen(
            [XVFB, "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.stop()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _site_packages() -> str:
    """The venv's site-packages (shapely, requests...) for the desktop QGIS's Python."""
    return sysconfig.get_paths()["purelib"]


def run_probe(
    plugin_zip: Path,
    projects: list[Path],
    screens: Path,
    workdir: Path,
    timeout_s: float = 120.0,
    tab_screens: bool = True,
) -> dict:
    """Open `projects` one after the other in a desktop QGIS; return the probe's findings."""
    profiles = install_profile(plugin_zip, workdir / "profiles")
    result_path = workdir / "probe-result.json"
    job_path = workdir / "probe-job.json"
    job_path.write_text(
        json.dumps(
            {
                "projects": [str(p) for p in projects],
                "screens": str(screens),
                "result": str(result_path),
                "tab_screens": tab_screens,
            }
        ),
        encoding="utf-8",
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("QT_QPA_PLATFORM", "QGIS_PLUGINPATH", "QGIS_CUSTOM_CONFIG_PATH")
    }
    env["PYTHONPATH"] = _site_packages()
    env["IMPERIAL_LAND_PROBE"] = str(job_path)
    env["LC_ALL"] = env["LANG"] = "C.UTF-8"
    env.setdefault("XDG_RUNTIME_DIR", str(workdir))
    xvfb = Xvfb()
    env["DISPLAY"] = xvfb.display
    log = workdir / "qgis.log"
    started = time.monotonic()
    try:
        with log.open("wb") as out:
            qgis = subprocess.Popen(
                [
                    QGIS,
                    "--nologo",
                    "--noversioncheck",
                    "--profiles-path",
                    str(profiles),
                    "--code",
                    str(PROBE),
                ],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                qgis.wait(timeout_s)
            except subprocess.TimeoutExpired:
                os.killpg(qgis.pid, signal.SIGKILL)
                qgis.wait()
    finally:
        xvfb.stop()
    if not result_path.exists():
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"the desktop QGIS wrote no result; its output:\n{tail}")
    result = json.loads(result_path.read_text(encoding="utf-8"))
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


if __name__ == "__main__":  # quick look: python -m tests.support.desktop_qgis ZIP OUT PROJECT...
    out = Path(sys.argv[2]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    found = run_probe(Path(sys.argv[1]), [Path(p).resolve() for p in sys.argv[3:]], out, out)
    print(json.dumps(found, indent=2))
