"""With QGIS's locale set to French, the menu, dock, panels and algorithms speak French."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QEvent
from qgis.PyQt.QtWidgets import QMenu

import imperial_land
from imperial_land.core.common.i18n import remove_translator, tr

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "i18n" / "imperial_land_fr.ts"
QM = ROOT / "i18n" / "imperial_land_fr.qm"


@pytest.fixture
def french():
    """QGIS's own locale override set to French (as Settings > Options > General does)."""
    if not QM.exists() or QM.stat().st_mtime < TS.stat().st_mtime:
        lrelease = shutil.which("lrelease")
        assert lrelease, "lrelease missing: run `make translations`"
        subprocess.run([lrelease, "-silent", str(TS), "-qm", str(QM)], check=True)
    settings = QgsSettings()
    before = settings.value("locale/userLocale", None)
    settings.setValue("locale/userLocale", "fr")
    yield
    remove_translator()
    if before is None:
        settings.remove("locale/userLocale")
    else:
        settings.setValue("locale/userLocale", before)


def _menu(main_window) -> QMenu:
    for action in main_window.menuBar().actions():
        menu = action.menu()
        if menu is not None and menu.objectName() == "ImperialLandMenu":
            return menu
    raise AssertionError("no Imperial Land menu")


def test_plugin_in_french(qgis_iface, qgis_processing, french):
    plugin = imperial_land.classFactory(qgis_iface)  # installs the translator from the locale
    plugin.initGui()
    try:
        assert tr("Load land layers") == "Charger les couches foncières"
        menu = _menu(qgis_iface.mainWindow())
        assert menu.title() == "Terres Imperial"
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        assert texts[0] == "Panneau Terres Imperial"
        assert "Charger les couches foncières…" in texts
        assert plugin.dock.windowTitle() == "Terres Imperial"
        tabs = plugin.dock.content.tabs
        assert tabs.tabText(0) == "Couches"
        layers_panel = plugin.dock.panel_at(0)
        assert layers_panel.claims_box.title() == "Titres miniers"
        assert layers_panel.load_button.text() == "Charger"
        assert tabs.tabText(2) == "État des chevauchements et veille"
        watch_panel = plugin.dock.panel_at(2)
        assert watch_panel.state_box.title() == "État des chevauchements tenu dans le registre"
        assert watch_panel.save_watch_button.text() == "Enregistrer la veille"
        assert watch_panel.watch_kind.itemText(0) == "lot"
        provider = QgsApplication.processingRegistry().providerById("imperial_land")
        assert provider.name() == "Imperial – Terres et titres miniers"
        algorithm = provider.algorithm("loadlandlayers")
        assert algorithm.displayName() == "Charger les couches foncières"
        assert algorithm.group() == "Terres et titres"
        labels = {p.name(): p.description() for p in algorithm.parameterDefinitions()}
        assert labels["CLAIMS"] == "Titres miniers"
        assert labels["CLAIM_EXPIRY_FIELD"] == "Titres : champ de la date d'expiration"
    finally:
        plugin.unload()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert tr("Load land layers") == "Load land layers"  # translator gone with the plugin


def test_messages_in_french(qgis_app, french):
    from qgis.core import QgsProject, QgsVectorLayer

    from imperial_land.core.common.errors import UserError
    from imperial_land.core.common.i18n import install_translator
    from imperial_land.core.maplayers.overlay import add_land_layers

    assert install_translator() == "fr"
    points = QgsVectorLayer("Point?crs=EPSG:4326&field=NATION:string", "puits", "memory")
    with pytest.raises(UserError) as error:
        add_land_layers(QgsProject(), territories=points)
    assert str(error.value) == (
        "La couche des territoires ancestraux « puits » n'est pas une couche de polygones ; "
        "choisissez une couche de polygones."
    )


def test_the_settings_dialog_fits_a_laptop_screen_in_french(qgis_app, french):
    """Opened from the Layers tab on a 1366 x 768 screen, in French (its longest labels): the
    groups scroll inside the dialog, nothing is cut at its width and OK stays on screen (its
    least height was 1,254 pixels, OK off a 1080-pixel screen)."""
    from imperial_land.core.common.i18n import install_translator
    from imperial_land.gui.settings_dialog import SettingsDialog

    assert install_translator() == "fr"
    dialog = SettingsDialog()
    dialog.show()
    QCoreApplication.processEvents()
    try:
        label = dialog.stale_days_label.text()
        assert label == "Consultation à relancer après (jours sans contact)"
        assert (dialog.width(), dialog.height()) == (760, 640)
        assert dialog.minimumSizeHint().height() <= 600
        assert dialog.scroll.horizontalScrollBar().maximum() == 0
        assert dialog.scroll.verticalScrollBar().maximum() > 0  # the rest scrolls
    finally:
        dialog.close()
