#!/usr/bin/env bash
# Installs what `make test` and `make demo` need, and nothing that is already there.
# Debian packages (as root), then a venv from /usr/bin/python3 that sees QGIS's bindings.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  python3-qgis qgis            # QGIS 3.22 LTR bindings and qgis_process
  python3-venv                 # venv for /usr/bin/python3
  pyqt5-dev-tools              # pylupdate5
  qttools5-dev-tools           # lrelease
  postgresql-15 postgresql-15-postgis-3   # throwaway PostGIS server for the team-register tests
  poppler-utils                # pdftoppm, to look at report PDFs as PNG
  xvfb                         # X server for the desktop QGIS tests (tests/test_desktop.py)
)

missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: need root to install ${missing[*]} (run as root or install them yourself)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv from /usr/bin/python3 with system site packages"
  /usr/bin/python3 -m venv --system-site-packages .venv
fi

stamp=.venv/.requirements.sha256
want=$(cat requirements.txt constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python requirements into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
  echo "$want" > "$stamp"
fi
