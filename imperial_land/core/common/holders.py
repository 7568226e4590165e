"""Is this holder the company? The one rule, used by the overlap flags and the expiry alert."""

from __future__ import annotations

import re
import unicodedata


def normalise_holder(name: str | None) -> str:
    """A holder name folded for comparison: no accents, no case, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKD", str(name or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


class HolderMatcher:
    """Says whether a holder name is one of the company's names."""

    def __init__(self, company_holders: list[str]) -> None:
        self.names = {normalise_holder(name) for name in company_holders} - {""}

    def __bool__(self) -> bool:
        return bool(self.names)

    def is_company(self, holder: str | None) -> bool:
        return normalise_holder(holder) in self.names


# Separators between holders when one text names several (the WFS's TITULAIRE): ";", "|" or a
# line break. A comma is not one: it appears inside company names ("Mines X, inc.").
_HOLDER_SEPARATORS = re.compile(r"\s*(?:;|\||\r?\n)\s*")


def split_holders(text: str | None) -> list[str]:
    """The holders named in one text, in order, each once (spacing trimmed); [] when empty."""
    found: dict[str, str] = {}
    for part in _HOLDER_SEPARATORS.split(str(text or "")):
        name = " ".join(part.split())
        if name and normalise_holder(name) not in found:
            found[normalise_holder(name)] = name
    return list(found.values())
