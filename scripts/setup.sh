#!/usr/bin/env bash
# Installs what `make test` and `make demo` need, and nothing that is already there.
# Debian packages (as root), then a venv from /usr/bin/python3 that sees QGIS's bindings.
# Works on Debian 12 (QGIS 3.22), 13 (3.40) and sid (3.44): the names that change between
# releases (PostgreSQL's major, numpy's major) are read from the system, not written here.
set -euo pipefail
cd "$(dirname "$0")/.."

need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: need root to $1 (run as root or do it yourself)" >&2
    exit 1
  fi
}

apt_updated=0
apt_update() {
  if [ "$apt_updated" -eq 0 ]; then
    need_root "run apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
}

# PostgreSQL's major version: the one Debian's `postgresql` metapackage depends on
# (15 on Debian 12, 17 on 13, 18 on sid). An installed server with PostGIS wins.
pg_major() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4nr); do
    local major=${dir#/usr/lib/postgresql/}; major=${major%/bin}
    if [ -e "/usr/share/postgresql/$major/extension/postgis.control" ]; then
      echo "$major"; return
    fi
  done
  apt-cache depends postgresql 2>/dev/null | sed -n 's/^ *Depends: postgresql-\([0-9][0-9]*\)$/\1/p' | head -n1
}

PG=$(pg_major)
if [ -z "$PG" ]; then
  apt_update
  PG=$(pg_major)
fi
if [ -z "$PG" ]; then
  echo "setup: cannot tell which PostgreSQL this distribution ships (no 'postgresql' package)" >&2
  exit 1
fi

DEB_PACKAGES=(
  python3-qgis qgis            # QGIS LTR bindings and qgis_process
  python3-venv                 # venv for /usr/bin/python3
  python3-fiona                # tests only: Debian's fiona uses the system GDAL/PROJ (never PyPI's)
  pyqt5-dev-tools              # pylupdate5
  qttools5-dev-tools           # lrelease
  "postgresql-$PG" "postgresql-$PG-postgis-3"   # throwaway PostGIS server for the team register
  poppler-utils                # pdftoppm, to look at report PDFs as PNG
  xvfb                         # X server for the desktop QGIS tests (tests/desktop/)
  zip                          # make package
)

missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  need_root "install ${missing[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv from /usr/bin/python3 with system site packages"
  /usr/bin/python3 -m venv --system-site-packages .venv
fi

# QGIS's and GDAL's compiled bindings are built on the system numpy: pip must keep its major
# (numpy 1 on Debian 12, numpy 2 on 13 and later).
numpy_major=$(/usr/bin/python3 -c 'import numpy; print(numpy.__version__.split(".")[0])')
constraints=.venv/constraints.txt
{
  cat constraints.txt
  echo "numpy>=$numpy_major,<$((numpy_major + 1))"
} > "$constraints.new"
mv "$constraints.new" "$constraints"

# The download tests also run on the other major of urllib3 (1.26 <-> 2.x) than the system's:
# it goes to its own folder, put on PYTHONPATH by tests/test_http_urllib3.py only.
urllib3_major=$(/usr/bin/python3 -c 'import urllib3; print(urllib3.__version__.split(".")[0])')
if [ "$urllib3_major" -ge 2 ]; then other_urllib3="urllib3>=1.26,<2"; else other_urllib3="urllib3>=2,<3"; fi

stamp=.venv/.requirements.sha256
want=$( (cat requirements.txt "$constraints"; echo "$other_urllib3") | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python requirements into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt -c "$constraints"
  rm -rf .venv/other-urllib3
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-compile \
    --target .venv/other-urllib3 "$other_urllib3" "requests>=2.32,<3" -c "$constraints"
  echo "$want" > "$stamp"
fi

# No wheel that carries its own PROJ or GDAL may be loaded inside QGIS: their data and libraries
# would replace QGIS's own for the rest of the session (fiona's PyPI wheel breaks EPSG look-ups
# on PROJ 9.6). Debian's python3-fiona/python3-pyproj are fine (they use the system's).
bundled=$(.venv/bin/python - <<'PY'
import importlib.util, pathlib, sys
for name in ("fiona", "pyproj", "rasterio", "pyogrio"):
    spec = importlib.util.find_spec(name)
    if spec and spec.origin and spec.origin.startswith(sys.prefix + "/"):
        top = pathlib.Path(spec.origin).parent
        if any((top / d).is_dir() for d in ("proj_data", "gdal_data", "../" + name + ".libs")):
            print(name)
PY
)
if [ -n "$bundled" ]; then
  echo "setup: removing wheels that bundle their own PROJ/GDAL from .venv:" $bundled
  # shellcheck disable=SC2086
  .venv/bin/python -m pip uninstall -q -y $bundled
fi
