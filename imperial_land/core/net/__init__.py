"""HTTP with retries and conditional GET (http.py), resumable checked downloads (download.py).

The names below are the package's entry points: code outside the package imports them from
here (`from imperial_land.core.net import ...`), never from the modules, so the modules can
change freely. They load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imperial_land.core import lazy_exports

_EXPORTS = {
    "Client": "http",
    "DownloadState": "http",
    "HttpOptions": "http",
    "download": "download",
    "status_error": "http",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.net.download import download as download
    from imperial_land.core.net.http import Client as Client
    from imperial_land.core.net.http import DownloadState as DownloadState
    from imperial_land.core.net.http import HttpOptions as HttpOptions
    from imperial_land.core.net.http import status_error as status_error


__getattr__ = lazy_exports(__name__, _EXPORTS)


# `download` is both a module and its entry point: bound here, so callers get the function, not
# the module Python sets on the package when the module is first imported.
from imperial_land.core.net.download import download as download  # noqa: E402
