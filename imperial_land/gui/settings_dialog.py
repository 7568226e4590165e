"""The plugin's settings dialog: company holder names, alert days (expiries, consultations
without contact), the report's sliver threshold and whether it keeps its territories prepared,
field names, source addresses and the network's timeouts and retries."""

from __future__ import annotations

from typing import Any, Callable

from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QWidget

from imperial_land.core.common import settings
from imperial_land.gui.ui_loader import load_form

SettingsForm = load_form("settings_dialog")

# Line edit in the form -> settings key it edits.
TEXT_KEYS = {
    "field_claim_id": "fields/claim_id",
    "field_claim_status": "fields/claim_status",
    "field_claim_status_code": "fields/claim_status_code",
    "field_claim_expiry": "fields/claim_expiry",
    "field_claim_holder": "fields/claim_holder",
    "field_claim_type": "fields/claim_type",
    "field_parcel_id": "fields/parcel_id",
    "field_territory_nation": "fields/territory_nation",
    "field_territory_name": "fields/territory_name",
    "field_territory_distance": "fields/territory_distance",
    "gestim_active_url": "gestim/active_url",
    "gestim_all_url": "gestim/all_url",
    "wfs_url": "wfs/url",
    "wfs_type_name": "wfs/type_name",
}

# Spin box in the form -> settings key it edits (ints, and the float back-off and slivers).
NUMBER_KEYS = {
    "stale_days": "consultation/stale_days",
    "sliver_ha": "overlap/sliver_ha",
    "http_connect_timeout": "http/connect_timeout_s",
    "http_timeout": "http/timeout_s",
    "http_retries": "http/retries",
    "http_backoff": "http/backoff_s",
    "http_max_retry_after": "http/max_retry_after_s",
}


class SettingsDialog(QDialog, SettingsForm):
    """Edits the stored settings; OK saves, Restore Defaults refills the form with defaults."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.show_values(settings.get)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        restore = self.button_box.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(lambda: self.show_values(lambda key: settings.DEFAULTS[key]))

    def show_values(self, value_of: Callable[[str], Any]) -> None:
        """Fill the form from `value_of(key)` (stored settings or defaults)."""
        self.holders.setPlainText("\n".join(value_of("company/holders")))
        self.expiry_days.setValue(int(value_of("alerts/expiry_days")))
        self.keep_prepared.setChecked(bool(value_of("overlap/keep_prepared")))
        for widget_name, key in TEXT_KEYS.items():
            getattr(self, widget_name).setText(str(value_of(key)))
        for widget_name, key in NUMBER_KEYS.items():
            getattr(self, widget_name).setValue(value_of(key))

    def save(self) -> None:
        """Store what the form shows."""
        holders = [line.strip() for line in self.holders.toPlainText().splitlines()]
        settings.set_value("company/holders", [h for h in holders if h])
        settings.set_value("alerts/expiry_days", self.expiry_days.value())
        settings.set_value("overlap/keep_prepared", self.keep_prepared.isChecked())
        for widget_name, key in TEXT_KEYS.items():
            settings.set_value(key, getattr(self, widget_name).text().strip())
        for widget_name, key in NUMBER_KEYS.items():
            settings.set_value(key, getattr(self, widget_name).value())

    def accept(self) -> None:
        self.save()
        super().accept()
