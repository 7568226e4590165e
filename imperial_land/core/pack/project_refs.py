"""Read the files a pack's project (.qgz) points to, and check they are all inside the pack."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from imperial_land.core.common import UserError, tr
from imperial_land.core.pack.manifest import listed_problems


def project_xml(qgz: Path) -> ET.Element:
    """The root element of the .qgs inside a .qgz."""
    try:
        with zipfile.ZipFile(qgz) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".qgs"))
            return ET.fromstring(archive.read(name))
    except (OSError, zipfile.BadZipFile, StopIteration, ET.ParseError) as exc:
        raise UserError(
            tr("The pack's project '{file}' cannot be read.").format(file=qgz.name)
        ) from exc


def project_sources(qgz: Path) -> list[str]:
    """The file part of every layer's datasource, as written in the project."""
    return [
        (element.text or "").split("|")[0]
        for element in project_xml(qgz).iter("datasource")
        if (element.text or "").strip()
    ]


def check_project_sources(folder: Path, project_name: str) -> None:
    """UserError naming the project's files that are absolute, outside the pack or missing."""
    qgz = folder / project_name
    if not project_name or not qgz.is_file():
        raise UserError(
            tr("The pack has no project file '{file}'.").format(file=project_name or "?")
        )
    root = folder.resolve()
    absolute, outside, missing = [], [], []
    for source in project_sources(qgz):
        if Path(source).is_absolute():
            absolute.append(source)
            continue
        path = (folder / source).resolve()
        if root not in path.parents:
            outside.append(source)
        elif not path.is_file():
            missing.append(source)
    problems = listed_problems(
        [
            (tr("missing: {files}"), missing),
            (tr("outside the pack: {files}"), outside),
            (tr("absolute paths: {files}"), absolute),
        ]
    )
    if problems:
        raise UserError(
            tr("The pack's project '{file}' points to files it does not hold ({problems}).").format(
                file=project_name, problems=problems
            )
        )
