"""The plugin's jobs, one package per job (docs/architecture.md)."""

from __future__ import annotations

import importlib
from typing import Any, Callable


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A package's module `__getattr__` (PEP 562): each entry point of `exports` (name ->
    module inside the package) is imported from its module on first use, so importing a package
    costs nothing at plugin start-up and no import cycle can form between packages."""

    def entry_point(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{exports[name]}"), name)

    return entry_point
