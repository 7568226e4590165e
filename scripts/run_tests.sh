#!/usr/bin/env bash
# Runs the whole suite inside a real headless QGIS (pytest-qgis), with the project on PYTHONPATH.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
exec .venv/bin/python -m pytest "$@"
