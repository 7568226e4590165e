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


def test_message_names_packages_and_the_safe_command_per_platform():
    wanted = ["shapely>=2.0", "psycopg[binary]>=3.1"]
    debian = dependencies.missing_message(wanted, "debian")
    assert "shapely>=2.0 psycopg[binary]>=3.1" in debian
    assert "sudo apt install python3-shapely python3-psycopg" in debian
    assert "python3 -m pip install --user 'shapely>=2.0' 'psycopg[binary]>=3.1'" in debian
    windows = dependencies.missing_message(wanted, "windows")
    assert "OSGeo4W installer (Advanced install): python3-shapely." in windows
    assert "python -m pip install 'psycopg[binary]>=3.1'" in windows
    other = dependencies.missing_message(["requests>=2.28"], "other")
    assert "python3 -m pip install 'requests>=2.28'" in other


def test_nothing_that_carries_its_own_gdal_or_proj_is_asked_for():
    """fiona's, pyproj's and rasterio's wheels bring a second GDAL/PROJ into QGIS (fiona's broke
    EPSG look-ups on QGIS 3.40): the plugin needs none of them, and its message never asks for
    them."""
    every = {**dependencies.REQUIRED, **dependencies.OPTIONAL}
    assert not {"fiona", "pyproj", "rasterio", "pyogrio", "geopandas"} & set(every)
    for platform in ("debian", "windows", "other"):
        message = dependencies.missing_message(["fiona"], platform)
        assert "pip install fiona" not in message and "apt install" not in message
        assert "Never install fiona, pyproj or rasterio from pip" in message


def test_every_algorithm_loads(plugin_provider):
    names = sorted(a.name() for a in plugin_provider.algorithms())
    assert names == [
        "buildpack",
        "consultationsummary",
        "importfieldnotes",
        "initpgregister",
        "loadlandlayers",
        "loadpack",
        "overlapreport",
        "syncgestim",
        "watchreport",
    ]
