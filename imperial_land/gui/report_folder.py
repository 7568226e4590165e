"""Where the overlap report goes by default: never a temporary folder.

The project's own folder when the project is saved, else the last folder a report went to
(kept in the settings), else the user's home folder.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProject

from imperial_land.core.common import settings


def default_report_folder(project: QgsProject) -> Path:
    """The folder the report panel starts with for `project`."""
    if project.fileName():
        folder = Path(project.absolutePath())
        if folder.is_dir():
            return folder
    last = str(settings.get("report/last_folder") or "")
    if last and Path(last).is_dir():
        return Path(last)
    return Path.home()


def remember_report_folder(folder: Path) -> None:
    """Keep `folder` as the last one used."""
    settings.set_value("report/last_folder", str(folder))
