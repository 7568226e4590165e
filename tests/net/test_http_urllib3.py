"""The download tests again on the other major of urllib3 than the system's (1.26 <-> 2.x).

urllib3 2 raises on a short body and keeps none of the bytes already received (1.26 returned
them), so a broken download could never resume there. scripts/setup.sh installs the other major
(with a requests that takes it) into .venv/other-urllib3; this runs tests/net/test_http.py on it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import urllib3

ROOT = Path(__file__).resolve().parents[2]
OTHER = ROOT / ".venv" / "other-urllib3"


@pytest.mark.skipif(not OTHER.is_dir(), reason="no .venv/other-urllib3 (scripts/setup.sh)")
def test_downloads_resume_on_the_other_urllib3_major():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join([str(OTHER), str(ROOT), env.get("PYTHONPATH", "")])
    probe = "import urllib3, requests; print(urllib3.__version__, requests.__version__)"
    versions = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    assert versions[0].split(".")[0] != urllib3.__version__.split(".")[0]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/net/test_http.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"urllib3 {versions[0]}:\n{done.stdout[-4000:]}\n{done.stderr}"
    assert " passed" in done.stdout.splitlines()[-1]
