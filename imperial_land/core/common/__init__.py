"""Shared by every job: errors, feedback and cancel, tasks, translation, paths, settings,
dependency checks, checksums, bulk-loop helpers, partial outputs (built hidden, moved into
place), the company-holder rule, the enum base and shapely's loading on its own GEOS.

The names below are the package's entry points: code outside the package imports them from
here (`from imperial_land.core.common import ...`), never from the modules, so the modules can
change freely. They load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imperial_land.core import lazy_exports

_EXPORTS = {
    "Cancelled": "errors",
    "CoreTask": "tasks",
    "Done": "tasks",
    "EXPIRED_TEXTS": "status",
    "HolderMatcher": "holders",
    "Job": "tasks",
    "LOG_TAG": "tasks",
    "PLUGIN_DIR": "paths",
    "STATUS_TEXTS": "status",
    "StepProgress": "feedback",
    "TextEnum": "enums",
    "Tick": "feedback",
    "TitleStatus": "status",
    "UserError": "errors",
    "check_cancelled": "feedback",
    "current_language": "i18n",
    "default_register_path": "settings",
    "ensure_feedback": "feedback",
    "file_sha256": "checksums",
    "gc_paused": "bulk",
    "icon_path": "paths",
    "install_translator": "i18n",
    "is_live": "status",
    "load_shapely": "shapely_geos",
    "missing_message": "dependencies",
    "normalise_holder": "holders",
    "partial_folder": "partial",
    "refuse_folder": "partial",
    "profile_dir": "paths",
    "remove_stale": "partial",
    "remove_translator": "i18n",
    "resource": "paths",
    "sample_gpkg": "paths",
    "split_holders": "holders",
    "tr": "i18n",
    "update_sha256": "checksums",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.common.bulk import gc_paused as gc_paused
    from imperial_land.core.common.checksums import file_sha256 as file_sha256
    from imperial_land.core.common.checksums import update_sha256 as update_sha256
    from imperial_land.core.common.dependencies import missing_message as missing_message
    from imperial_land.core.common.enums import TextEnum as TextEnum
    from imperial_land.core.common.errors import Cancelled as Cancelled
    from imperial_land.core.common.errors import UserError as UserError
    from imperial_land.core.common.feedback import StepProgress as StepProgress
    from imperial_land.core.common.feedback import Tick as Tick
    from imperial_land.core.common.feedback import check_cancelled as check_cancelled
    from imperial_land.core.common.feedback import ensure_feedback as ensure_feedback
    from imperial_land.core.common.holders import HolderMatcher as HolderMatcher
    from imperial_land.core.common.holders import normalise_holder as normalise_holder
    from imperial_land.core.common.holders import split_holders as split_holders
    from imperial_land.core.common.i18n import current_language as current_language
    from imperial_land.core.common.i18n import install_translator as install_translator
    from imperial_land.core.common.i18n import remove_translator as remove_translator
    from imperial_land.core.common.i18n import tr as tr
    from imperial_land.core.common.partial import partial_folder as partial_folder
    from imperial_land.core.common.partial import refuse_folder as refuse_folder
    from imperial_land.core.common.partial import remove_stale as remove_stale
    from imperial_land.core.common.paths import PLUGIN_DIR as PLUGIN_DIR
    from imperial_land.core.common.paths import icon_path as icon_path
    from imperial_land.core.common.paths import profile_dir as profile_dir
    from imperial_land.core.common.paths import resource as resource
    from imperial_land.core.common.paths import sample_gpkg as sample_gpkg
    from imperial_land.core.common.settings import default_register_path as default_register_path
    from imperial_land.core.common.shapely_geos import load_shapely as load_shapely
    from imperial_land.core.common.status import EXPIRED_TEXTS as EXPIRED_TEXTS
    from imperial_land.core.common.status import STATUS_TEXTS as STATUS_TEXTS
    from imperial_land.core.common.status import TitleStatus as TitleStatus
    from imperial_land.core.common.status import is_live as is_live
    from imperial_land.core.common.tasks import LOG_TAG as LOG_TAG
    from imperial_land.core.common.tasks import CoreTask as CoreTask
    from imperial_land.core.common.tasks import Done as Done
    from imperial_land.core.common.tasks import Job as Job


__getattr__ = lazy_exports(__name__, _EXPORTS)
