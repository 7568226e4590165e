"""Title statuses: live ones (active, suspended, renewal pending) and their stored text."""

from __future__ import annotations

from imperial_land.core.common.status import LIVE, TitleStatus, is_live, title_status


def test_statuses_are_stored_as_gestim_writes_them():
    assert [s.value for s in TitleStatus] == ["Actif", "Suspendu", "En attente de renouvellement"]
    assert f"{TitleStatus.SUSPENDED}" == "Suspendu" and TitleStatus.ACTIVE == "Actif"
    assert set(TitleStatus) == LIVE


def test_codes_and_texts_in_either_language_name_the_status():
    assert title_status("A", "Actif") is TitleStatus.ACTIVE
    assert title_status("S", "  SUSPENDU ") is TitleStatus.SUSPENDED
    assert title_status(None, "Pending renewal") is TitleStatus.RENEWAL_PENDING
    assert title_status("R", "En attente de  renouvellement") is TitleStatus.RENEWAL_PENDING
    assert title_status("E", "Expiré") is None and title_status(None, None) is None
    assert is_live("S", "Suspendu") and not is_live("V", "Révoqué")
