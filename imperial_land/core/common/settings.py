"""The plugin's settings over QgsSettings, with every default in one place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qgis.core import QgsSettings

from imperial_land.core.common.paths import profile_dir

PREFIX = "imperial_land/"

GESTIM_ACTIVE_URL = (
    "https://diffusion.mern.gouv.qc.ca/Public/GESTIM/telechargements/Province_shape/"
    "TITRES_ACTIFS_ACTIVE_TITLES.zip"
)
GESTIM_ALL_URL = (
    "https://diffusion.mern.gouv.qc.ca/Public/GESTIM/telechargements/Province_shape/"
    "TITRES_TITLES_ALL.zip"
)
WFS_URL = "https://servicesvectoriels.atlas.gouv.qc.ca/IDS_SGM_WFS/service.svc/get"

DEFAULTS: dict[str, Any] = {
    # Sources
    "gestim/active_url": GESTIM_ACTIVE_URL,
    "gestim/all_url": GESTIM_ALL_URL,
    "wfs/url": WFS_URL,
    "wfs/type_name": "SGM:Actifs",
    "http/timeout_s": 60,
    "http/retries": 4,
    "http/connect_timeout_s": 15,
    "http/backoff_s": 1.0,
    "http/max_retry_after_s": 120,
    # The company: its holder names as GESTIM spells them (one per entry)
    "company/holders": ["Imperial Mining Group Ltd.", "Groupe Minier Imperial ltée"],
    # Alerts and thresholds
    "alerts/expiry_days": 90,
    # Consultation: a flag whose last contact is older than this many days needs attention
    "consultation/stale_days": 90,
    "overlap/sliver_ha": 0.01,
    "overlap/ellipsoid": "GRS80",
    # Overlap report: prepared territories kept in the profile between runs (overlap/prepared.py)
    "overlap/keep_prepared": True,
    # Field names on the input layers (GESTIM's for claims)
    "fields/claim_id": "TIT_NO",
    "fields/claim_status": "STI_DES_FR",
    "fields/claim_status_code": "STI_CODE",
    "fields/claim_expiry": "TIT_DAT_EX",
    "fields/claim_holder": "DET_NOM",
    "fields/claim_type": "TT_CODE",
    "fields/parcel_id": "NO_LOT",
    "fields/territory_nation": "NATION",
    "fields/territory_name": "NAME",
    "fields/territory_distance": "",
    # Overlap report: the last folder a report went to ("" until the first report)
    "report/last_folder": "",
    # Register
    "register/path": "",
    "register/pg_lock_timeout_s": 60,  # PostGIS: how long a sync waits for another one
    # Staking watch: company land watched after each sync (JSON lines: watch/layers.py) and the
    # watch distances (metres): a layer's own, else watch/distance_m; around company claims
    "watch/layers": [],
    "watch/distance_m": 2000.0,
    "watch/claims_distance_m": 2000.0,
    # Offline packs: basemap zoom range and the most tiles one pack may hold
    "pack/zoom_min": 8,
    "pack/zoom_max": 14,
    "pack/max_tiles": 20000,
}


def _settings() -> QgsSettings:
    return QgsSettings()


def get(key: str) -> Any:
    """The value of `key`, typed like its default."""
    default = DEFAULTS[key]
    value = _settings().value(PREFIX + key, default)
    if isinstance(default, bool):
        return str(value).lower() in ("1", "true", "yes")
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, list):
        if isinstance(value, str):
            return [v for v in value.split("\n") if v.strip()]
        return list(value or [])
    return value


def set_value(key: str, value: Any) -> None:
    """Store `value` for `key` (must be a known key)."""
    if key not in DEFAULTS:
        raise KeyError(key)
    _settings().setValue(PREFIX + key, value)


def reset(key: str) -> None:
    """Forget the stored value of `key` so its default applies again."""
    _settings().remove(PREFIX + key)


def default_register_path() -> Path:
    """The register GeoPackage used when the user picked none: inside the QGIS profile."""
    chosen = get("register/path")
    if chosen:
        return Path(chosen)
    return profile_dir("register.gpkg")
