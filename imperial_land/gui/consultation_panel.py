"""Dock panel "Consultation": add the consultation layers (forms, relations) and show the
summary per Nation."""

from __future__ import annotations

import datetime as dt

from qgis.core import Qgis, QgsProject, QgsVectorLayer
from qgis.gui import QgisInterface
from qgis.PyQt.QtWidgets import QWidget

from imperial_land.core.common import UserError, settings, tr
from imperial_land.core.consultation import (
    ConsultationStore,
    add_consultation_layers,
    consultation_layers,
    flag_sites_of_layer,
    is_flags_layer,
    register_summary,
    summary_html,
)
from imperial_land.core.register import open_register
from imperial_land.gui.ui_loader import load_form

ConsultationForm = load_form("consultation_panel")


class ConsultationPanel(QWidget, ConsultationForm):
    """The consultation register: its layers and its summary per Nation."""

    @classmethod
    def title(cls) -> str:
        return tr("Consultation")

    def __init__(self, iface: QgisInterface, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.iface = iface
        self.register_edit.setText(str(settings.get("register/path") or ""))
        self.layers_button.clicked.connect(self.add_layers)
        self.sites_button.clicked.connect(self.record_sites)
        self.summary_button.clicked.connect(self.show_summary)

    def target(self) -> str | None:
        return self.register_edit.text().strip() or None

    def add_layers(self) -> int:
        """Add the three layers; the number added (0 and a message when it cannot)."""
        register = None
        try:
            register = open_register(self.target())
            if not register.exists():
                raise UserError(tr("This register holds no claim register yet: run a sync first."))
            layers = add_consultation_layers(QgsProject.instance(), register)
        except UserError as exc:
            self._message(str(exc), Qgis.MessageLevel.Warning)
            return 0
        finally:
            if register is not None:
                register.close()
        self._message(
            tr("Consultation layers added: open a site's form to record contacts."),
            Qgis.MessageLevel.Success,
        )
        return len(layers)

    def record_sites(self) -> int:
        """Record the sites of the project's flags layer; the number of sites created."""
        flags = [
            node.layer()
            for node in QgsProject.instance().layerTreeRoot().findLayers()
            if isinstance(node.layer(), QgsVectorLayer) and is_flags_layer(node.layer())
        ]
        if not flags:
            self._message(
                tr("No flags layer in the project: run the overlap report first."),
                Qgis.MessageLevel.Warning,
            )
            return 0
        register = None
        try:
            register = open_register(self.target())
            if not register.exists():
                raise UserError(tr("This register holds no claim register yet: run a sync first."))
            made = ConsultationStore(register).sites_from_flags(flag_sites_of_layer(flags[0]))
        except UserError as exc:
            self._message(str(exc), Qgis.MessageLevel.Warning)
            return 0
        finally:
            if register is not None:
                register.close()
        for layer in consultation_layers(QgsProject.instance()).values():
            layer.dataProvider().reloadData()
            layer.triggerRepaint()
        self._message(
            tr("{count} consultation site(s) recorded.").format(count=len(made)),
            Qgis.MessageLevel.Success,
        )
        return len(made)

    def show_summary(self) -> bool:
        try:
            items = register_summary(self.target())
        except UserError as exc:
            self._message(str(exc), Qgis.MessageLevel.Warning)
            return False
        self.summary_view.setHtml(summary_html(items, dt.date.today()))
        return True

    def _message(self, text: str, level: Qgis.MessageLevel) -> None:
        self.iface.messageBar().pushMessage(tr("Imperial Land"), text, level, 8)
