"""GESTIM title statuses: which are held rights ("live"), and how each is recognised.

`TitleStatus` members are stored as GESTIM's French text (STI_DES_FR). A title is live when it is
active, suspended or waiting for its renewal: the last two are still held rights, so the map
styles them with the live ones (each with its own symbol) and the expiry alert counts them. The
one place that says which texts and codes mean what (the map's expressions and the alert use
it).
"""

from __future__ import annotations

from typing import Any

from imperial_land.core.common.enums import TextEnum


class TitleStatus(TextEnum):
    """A live title's status, as GESTIM writes it in French."""

    ACTIVE = "Actif"
    SUSPENDED = "Suspendu"
    RENEWAL_PENDING = "En attente de renouvellement"


# Texts and codes (lower case, trimmed) that name each live status: GESTIM's STI_CODE "A" for
# active (the others' codes are not known), the French and English descriptions.
STATUS_TEXTS: dict[TitleStatus, tuple[str, ...]] = {
    TitleStatus.ACTIVE: ("a", "actif", "active"),
    TitleStatus.SUSPENDED: ("suspendu", "suspended"),
    TitleStatus.RENEWAL_PENDING: (
        "en attente de renouvellement",
        "pending renewal",
        "renewal pending",
        "awaiting renewal",
    ),
}
EXPIRED_TEXTS = ("expiré", "expire", "expired")
LIVE = frozenset(TitleStatus)


def _plain(value: Any) -> str:
    return " ".join(str(value or "").split()).casefold()


def title_status(*values: Any) -> TitleStatus | None:
    """The live status named by the first of `values` (code, French text, English text...) that
    names one; None when none does (expired, annulled, unknown)."""
    for value in values:
        text = _plain(value)
        for status, texts in STATUS_TEXTS.items():
            if text in texts:
                return status
    return None


def is_live(*values: Any) -> bool:
    """True for an active, suspended or renewal-pending title."""
    return title_status(*values) in LIVE
