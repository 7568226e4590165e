"""A consultation register for the hand-made report result (report_cases.hand_result)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from imperial_land.core.consultation.attention import flag_sites
from imperial_land.core.consultation.store import ConsultationStore
from imperial_land.core.register.gpkg import GpkgRegister
from tests.support.report_cases import INNU, LOT, NASKAPI, hand_result

TODAY = dt.date(2026, 11, 1)


def contacted_register(path: Path) -> Path:
    """A register at `path` where the parcel was contacted for both Nations in October, when it
    met the Naskapi territory on 40 ha only (it now does on 100 ha); the titles have no
    record."""
    register = GpkgRegister(path)
    store = ConsultationStore(register)
    earlier = hand_result()
    for pair in earlier.pairs:
        if pair.a.key == LOT and pair.nation == NASKAPI:
            pair.overlap_ha = 40.0
    store.sites_from_flags(
        [f for f in flag_sites(earlier) if f[0] == "parcels"]  # parcel sites only
    )
    snapshot = store.snapshot()
    naskapi = snapshot.site("parcels", LOT, NASKAPI)
    innu = snapshot.site("parcels", LOT, INNU)
    store.add_event(naskapi.fid, dt.date(2026, 10, 20), "letter", concerns="Water quality")
    store.add_event(innu.fid, dt.date(2026, 10, 21), "meeting", concerns="Caribou")
    store.add_commitment(store.events()[-1].fid, "Share the drilling plan", due_date="2026-12-01")
    register.close()
    return path
