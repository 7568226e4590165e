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
