"""Missing Python packages are named with the command that installs them."""

from __future__ import annotations

from imperial_land.core.common import dependencies


def test_installed_requirements_are_not_reported():
    assert dependencies.missing() == []


def test_absent_and_too_old_packages_are_reported():
    wanted = {
        "no_such_module_imperial": ("no-such-package", (1, 0)),
        "shapely": ("shapely", (99, 0)),
        "requests": ("requests", (2, 0)),
    }
    assert dependencies.missing(wanted) == ["no-such-package>=1.0", "shapely>=99.0"]


def test_message_names_packages_and_command():
    message = dependencies.missing_message(["shapely>=2.0", "fiona>=1.9"])
    assert "shapely>=2.0 fiona>=1.9" in message
    assert "pip install shapely>=2.0 fiona>=1.9" in message


def test_every_algorithm_loads(plugin_provider):
    names = sorted(a.name() for a in plugin_provider.algorithms())
    assert names == [
        "buildpack",
        "consultationsummary",
        "initpgregister",
        "loadlandlayers",
        "loadpack",
        "overlapreport",
        "syncgestim",
    ]
