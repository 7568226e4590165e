# Imperial Land & Claims - build, test, demo, package.
# Every target that runs code first makes sure the machine has what it needs (scripts/setup.sh).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen
export PYTHONPATH := $(CURDIR)
PLUGIN := imperial_land
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)

.PHONY: setup test test-matrix demo lint format translations ts package clean screenshots

setup:
	@bash scripts/setup.sh

translations: setup
	@lrelease -silent i18n/*.ts
	@echo "translations: $$(ls i18n/*.qm | tr '\n' ' ')"

# Refresh i18n/*.ts with every tr() string in the code (existing translations kept).
ts: setup
	@$(PY) scripts/i18n.py update

lint: setup
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

format: setup
	@$(VENV)/bin/ruff format .
	@$(VENV)/bin/ruff check --fix .

test: setup translations
	@$(VENV)/bin/ruff check .
	@bash scripts/run_tests.sh $(PYTEST_ARGS)

# The suite and the demo on QGIS 3.22 (this machine), 3.40 (Debian 13) and 3.44 (sid), the last two
# in cached debootstrap systems (scripts/matrix.sh; about 10 minutes from scratch). Not run by CI.
test-matrix:
	@bash scripts/matrix.sh

demo: setup translations
	@$(PY) scripts/demo.py demo-output

# Open the written projects in the real desktop QGIS (Xvfb); PNGs in demo-output/screens/.
screenshots: setup translations
	@bash scripts/run_tests.sh -m desktop tests/desktop/test_desktop.py

package: setup translations
	@rm -rf build/package && mkdir -p build/package dist
	@cp -r $(PLUGIN) build/package/$(PLUGIN)
	@mkdir -p build/package/$(PLUGIN)/resources build/package/$(PLUGIN)/i18n
	@cp -r resources/. build/package/$(PLUGIN)/resources/
	@cp i18n/*.qm build/package/$(PLUGIN)/i18n/
	@cp metadata.txt LICENSE README.md build/package/$(PLUGIN)/
	@find build/package -name '__pycache__' -prune -exec rm -rf {} +
	@cd build/package && rm -f ../../dist/$(PLUGIN)-$(VERSION).zip && zip -q -r ../../dist/$(PLUGIN)-$(VERSION).zip $(PLUGIN)
	@echo "package: dist/$(PLUGIN)-$(VERSION).zip"

clean:
	@rm -rf build dist demo-output .pytest_cache .ruff_cache .qgis-settings i18n/*.qm
	@find . -name '__pycache__' -not -path './.venv/*' -prune -exec rm -rf {} +
