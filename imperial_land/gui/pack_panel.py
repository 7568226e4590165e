"""Dock panel "Offline packs": pick the area, layers, basemap and zooms; build in a task; load."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import QgsMapToolExtent
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QFileDialog, QListWidgetItem, QWidget

from imperial_land.core.common import CoreTask, Done, Job, UserError, settings, tr
from imperial_land.core.consultation import linked_register
from imperial_land.core.fieldnotes import NotesImport, import_field_notes
from imperial_land.core.pack import (
    OpenedPack,
    PackRequest,
    PackResult,
    add_opened,
    aoi_from_rectangle,
    aoi_from_selection,
    build_pack,
    default_layers,
    open_pack,
)
from imperial_land.core.register import add_notes_layer
from imperial_land.gui.ui_loader import load_form

PackForm = load_form("pack_panel")
AOI_SELECTION, AOI_EXTENT, AOI_DRAWN = "selection", "extent", "drawn"
CANVAS = ""  # basemap entry: the layers the map canvas shows


class PackPanel(QWidget, PackForm):
    """Builds and loads offline map packs."""

    @classmethod
    def title(cls) -> str:
        return tr("Offline packs")

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.iface = iface
        self.task: CoreTask | None = None
        self.drawn: QgsRectangle | None = None
        self.draw_tool: QgsMapToolExtent | None = None
        for label, key in (
            (tr("Selected polygon feature"), AOI_SELECTION),
            (tr("Current map extent"), AOI_EXTENT),
            (tr("Drawn rectangle"), AOI_DRAWN),
        ):
            self.aoi_source.addItem(label, key)
        self.zoom_min.setValue(settings.get("pack/zoom_min"))
        self.zoom_max.setValue(settings.get("pack/zoom_max"))
        self.pack_name.setText("field-pack")
        self.draw_button.clicked.connect(self.start_drawing)
        self.browse_button.clicked.connect(self.choose_folder)
        self.build_button.clicked.connect(self.build)
        self.cancel_button.clicked.connect(self.cancel)
        self.load_button.clicked.connect(self.load)
        self.notes_button.clicked.connect(self.import_notes)
        QgsProject.instance().layersAdded.connect(self.refresh)
        QgsProject.instance().layersRemoved.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args) -> None:
        """Fill the layer list (defaults checked) and the basemap choices from the project."""
        project = QgsProject.instance()
        checked = set(default_layers(project))
        self.layers_list.clear()
        for layer in project.mapLayers().values():
            if isinstance(layer, QgsVectorLayer):
                item = QListWidgetItem(layer.name())
                item.setData(Qt.ItemDataRole.UserRole, layer.id())
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                state = Qt.CheckState.Checked if layer in checked else Qt.CheckState.Unchecked
                item.setCheckState(state)
                self.layers_list.addItem(item)
        self.basemap_source.clear()
        self.basemap_source.addItem(tr("Layers shown on the map"), CANVAS)
        for theme in project.mapThemeCollection().mapThemes():
            self.basemap_source.addItem(tr("Map theme: {theme}").format(theme=theme), theme)

    def start_drawing(self) -> None:
        canvas = self.iface.mapCanvas()
        self.draw_tool = QgsMapToolExtent(canvas)
        self.draw_tool.extentChanged.connect(self._drawn)
        canvas.setMapTool(self.draw_tool)

    def _drawn(self, rectangle: QgsRectangle) -> None:
        self.drawn = QgsRectangle(rectangle)
        self.aoi_source.setCurrentIndex(self.aoi_source.findData(AOI_DRAWN))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Folder for the pack"))
        if folder:
            self.folder_edit.setText(folder)

    def _aoi(self) -> tuple[QgsGeometry, QgsCoordinateReferenceSystem]:
        canvas = self.iface.mapCanvas()
        crs = canvas.mapSettings().destinationCrs()
        source = self.aoi_source.currentData()
        if source == AOI_SELECTION:
            return aoi_from_selection(self.iface.activeLayer())
        if source == AOI_EXTENT:
            return aoi_from_rectangle(canvas.extent(), crs)
        return aoi_from_rectangle(self.drawn, crs)

    def _layers(self) -> list:
        project = QgsProject.instance()
        items = [self.layers_list.item(i) for i in range(self.layers_list.count())]
        layers = [
            project.mapLayer(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]
        return [layer for layer in layers if layer is not None]

    def _basemap(self) -> list:
        theme = self.basemap_source.currentData()
        if theme:
            return QgsProject.instance().mapThemeCollection().mapThemeVisibleLayers(theme)
        return self.iface.mapCanvas().layers()

    def request(self) -> PackRequest:
        """The pack the panel describes; UserError when something is missing."""
        if not self.folder_edit.text().strip():
            raise UserError(tr("Choose the folder for the pack."))
        aoi, crs = self._aoi()
        return PackRequest(
            name=self.pack_name.text().strip(),
            aoi=aoi,
            aoi_crs=crs,
            layers=self._layers(),
            out_dir=Path(self.folder_edit.text().strip()),
            basemap_layers=self._basemap(),
            zoom_min=self.zoom_min.value(),
            zoom_max=self.zoom_max.value(),
            consultation_register=linked_register(),
        )

    def build(self) -> None:
        try:
            request = self.request()
        except UserError as exc:
            self._message(str(exc), Qgis.MessageLevel.Warning)
            return
        self._start(
            tr("Building the offline pack '{name}'").format(name=request.name),
            lambda feedback: build_pack(request, feedback),
            self._built,
        )

    def _start(self, description: str, job: Job, on_done: Done) -> None:
        """Run `job` in a CoreTask tied to the progress bar and the Cancel button."""
        self.task = CoreTask(description, job, on_done)
        self.task.progressChanged.connect(lambda value: self.progress_bar.setValue(int(value)))
        self._running(True)
        QgsApplication.taskManager().addTask(self.task)

    def _built(self, result: PackResult | None, error: str | None) -> None:
        self._running(False)
        self.task = None
        if error:
            self._message(error, Qgis.MessageLevel.Warning)
            return
        self.progress_bar.setValue(100)
        self._message(
            tr("Offline pack written: {folder} and {zip}.").format(
                folder=str(result.folder), zip=result.zip_path.name
            ),
            Qgis.MessageLevel.Success,
        )

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Load offline pack"), "", tr("Offline pack (*.zip manifest.json)")
        )
        if path:
            self.load_from(Path(path))

    def load_from(self, source: Path) -> None:
        """Unzip and check the pack in a task (checksums of every file), then add its layers."""
        source = source.parent if source.name == "manifest.json" else source
        self._start(
            tr("Checking the offline pack '{name}'").format(name=source.name),
            lambda feedback: open_pack(source, None, feedback),
            self._opened,
        )

    def _opened(self, opened: OpenedPack | None, error: str | None) -> None:
        self._running(False)
        self.task = None
        if error:
            self._message(error, Qgis.MessageLevel.Warning)
            return
        try:
            loaded = add_opened(opened, QgsProject.instance())
        except UserError as exc:
            self._message(str(exc), Qgis.MessageLevel.Warning)
            return
        self.progress_bar.setValue(100)
        self._message(
            tr("Pack '{name}' loaded: {count} layers.").format(
                name=loaded.name, count=len(loaded.layers)
            ),
            Qgis.MessageLevel.Success,
        )

    def import_notes(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Import field notes"), "", tr("Returned pack (*.zip manifest.json)")
        )
        if path:
            self.import_notes_from(Path(path))

    def import_notes_from(self, source: Path, photo_dir: Path | None = None) -> None:
        """Import a returned pack's field notes into the linked register in a task, then show
        the register's notes on the map."""
        source = source.parent if source.name == "manifest.json" else source
        target = linked_register()
        if target is None:
            self._message(
                tr("There is no claim register yet: run a GESTIM sync first."),
                Qgis.MessageLevel.Warning,
            )
            return
        if target.startswith("pg:") and photo_dir is None:
            folder = QFileDialog.getExistingDirectory(self, tr("Folder for the notes' photos"))
            if not folder:
                return
            photo_dir = Path(folder)
        self._start(
            tr("Importing the field notes of '{name}'").format(name=source.name),
            lambda feedback: import_field_notes(source, target, photo_dir, feedback),
            lambda result, error: self._notes_imported(target, result, error),
        )

    def _notes_imported(self, target: str, result: NotesImport | None, error: str | None) -> None:
        self._running(False)
        self.task = None
        if error:
            self._message(error, Qgis.MessageLevel.Warning)
            return
        self.progress_bar.setValue(100)
        try:
            add_notes_layer(QgsProject.instance(), target)
        except UserError as exc:
            self._message(str(exc), Qgis.MessageLevel.Warning)
            return
        self._message(result.summary(), Qgis.MessageLevel.Success)

    def _running(self, running: bool) -> None:
        self.build_button.setEnabled(not running)
        self.load_button.setEnabled(not running)
        self.notes_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if running:
            self.progress_bar.setValue(0)

    def _message(self, text: str, level: Qgis.MessageLevel) -> None:
        self.iface.messageBar().pushMessage(tr("Offline packs"), text, level, 8)

    def unload(self) -> None:
        """Stop a running build and give the map tool back."""
        self.cancel()
        QgsProject.instance().layersAdded.disconnect(self.refresh)
        QgsProject.instance().layersRemoved.disconnect(self.refresh)
        if self.draw_tool is not None:
            self.iface.mapCanvas().unsetMapTool(self.draw_tool)
            self.draw_tool = None
