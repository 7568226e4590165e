"""Loading offline packs: zip or folder, manifest checks, zip-slip, styled group, rendering."""

from __future__ import annotations

import json
import re
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from tests.support.panel_tasks import hold_job, wait_for_panel

PACK = "crew-pack"
CLAIM_COLOR = "#123456"


def make_pack(gpkg: Path, out_dir: Path):
    """A pack of the sample data for the Sept-Iles AOI, claims drawn in CLAIM_COLOR."""
    from qgis.core import QgsFillSymbol, QgsSingleSymbolRenderer, QgsVectorLayer

    from imperial_land.core.pack.build import build_pack
    from imperial_land.core.pack.request import PackRequest

    layers = [
        QgsVectorLayer(f"{gpkg}|layername={table}", table, "ogr")
        for table in ("claims", "parcels", "territories")
    ]
    symbol = QgsFillSymbol.createSimple({"color": CLAIM_COLOR, "outline_color": "#c80a0a"})
    layers[0].setRenderer(QgsSingleSymbolRenderer(symbol))
    aoi_layer = QgsVectorLayer(f"{gpkg}|layername=aoi", "aoi", "ogr")
    aoi = next(f for f in aoi_layer.getFeatures() if f["NAME"] == "Sept-Iles plant site")
    request = PackRequest(PACK, aoi.geometry(), aoi_layer.crs(), layers, out_dir, layers, 11, 13)
    return build_pack(request)


@pytest.fixture(scope="module")
def pack(qgis_app, tmp_path_factory):
    from imperial_land.core.common.paths import sample_gpkg

    return make_pack(sample_gpkg(), tmp_path_factory.mktemp("built"))


def rezip(source: Path, target: Path, changes: dict[str, bytes | None]) -> None:
    """Copy a zip, replacing (bytes) or dropping (None) the entries named in `changes`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in changes:
                if changes[info.filename] is not None:
                    new.writestr(info.filename, changes[info.filename])
            else:
                new.writestr(info, old.read(info.filename))


def test_load_zip_adds_styled_group_and_renders(pack, qgis_app, tmp_path):
    from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

    from imperial_land.core.pack.load import load_pack
    from tests.support.render import render_layers_png

    project = QgsProject()
    loaded = load_pack(pack.zip_path, project, tmp_path / "field")
    assert loaded.folder == tmp_path / "field" / PACK
    group = project.layerTreeRoot().findGroup(PACK)
    assert project.layerTreeRoot().children()[0] is group
    assert [node.name() for node in group.children()] == [
        "claims",
        "parcels",
        "territories",
        "Basemap",
    ]
    vectors = [layer for layer in loaded.layers if isinstance(layer, QgsVectorLayer)]
    assert [(v.name(), v.featureCount()) for v in vectors] == [
        ("claims", 5),
        ("parcels", 30),
        ("territories", 2),
    ]
    assert all(layer.isValid() for layer in loaded.layers)
    assert isinstance(loaded.layers[-1], QgsRasterLayer)
    assert vectors[0].renderer().symbol().color().name() == CLAIM_COLOR  # from layer_styles
    extent = vectors[1].extent()  # the parcels inside the AOI, EPSG:32198
    picture = render_layers_png(
        loaded.layers, extent, vectors[1].crs(), tmp_path / "pack_preview.png"
    )
    from qgis.PyQt.QtGui import QImage

    image = QImage(str(picture))
    assert (image.width(), image.height()) == (800, 600)
    colors = {image.pixelColor(x, y).name() for x in range(0, 800, 4) for y in range(0, 600, 4)}
    assert CLAIM_COLOR in colors  # the claims are drawn with their packed style
    assert len(colors) > 3
    project.clear()


def test_load_folder_checks_and_adds(pack, qgis_app):
    from qgis.core import QgsProject

    from imperial_land.core.pack.load import load_pack

    project = QgsProject()
    loaded = load_pack(pack.folder, project)
    assert loaded.folder == pack.folder and loaded.name == PACK
    assert len(project.mapLayers()) == 4
    project.clear()


@pytest.mark.parametrize(
    "entry",
    ["../evil.txt", f"{PACK}/../../evil.txt", "/tmp/evil.txt", "C:/evil.txt"],
)
def test_zip_slip_entries_are_refused(pack, qgis_app, tmp_path, entry):
    from qgis.core import QgsProject

    from imperial_land.core.common.errors import UserError
    from imperial_land.core.pack.load import load_pack

    bad_zip = tmp_path / "bad.zip"
    shutil.copy(pack.zip_path, bad_zip)
    with zipfile.ZipFile(bad_zip, "a") as archive:
        archive.writestr(entry, "pwned")
    target = tmp_path / "target" / "inner"
    project = QgsProject()
    with pytest.raises(
        UserError, match="would be written outside the target folder: " + re.escape(entry)
    ):
        load_pack(bad_zip, project, target)
    assert not target.exists()
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "target" / "evil.txt").exists()
    assert project.mapLayers() == {}


def test_zip_symlink_entry_is_refused(pack, qgis_app, tmp_path):
    from imperial_land.core.common.errors import UserError
    from imperial_land.core.pack.load import open_pack

    bad_zip = tmp_path / "link.zip"
    shutil.copy(pack.zip_path, bad_zip)
    link = zipfile.ZipInfo(f"{PACK}/passwd")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(bad_zip, "a") as archive:
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(UserError, match=f"outside the target folder: {PACK}/passwd"):
        open_pack(bad_zip, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_zip_with_changed_file_is_refused_and_removed(pack, qgis_app, tmp_path):
    from qgis.core import QgsProject

    from imperial_land.core.common.errors import UserError
    from imperial_land.core.pack.load import load_pack

    gpkg_entry = f"{PACK}/{PACK}.gpkg"
    with zipfile.ZipFile(pack.zip_path) as archive:
        data = bytearray(archive.read(gpkg_entry))
    data[-1] ^= 0xFF
    changed = tmp_path / "changed.zip"
    rezip(pack.zip_path, changed, {gpkg_entry: bytes(data)})
    project = QgsProject()
    with pytest.raises(UserError, match=rf"altered: {PACK}\.gpkg\)"):
        load_pack(changed, project, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []
    assert project.mapLayers() == {}


def test_folder_with_missing_file_names_it(pack, qgis_app, tmp_path):
    from qgis.core import QgsProject

    from imperial_land.core.common.errors import UserError
    from imperial_land.core.pack.load import load_pack

    copy = tmp_path / PACK
    shutil.copytree(pack.folder, copy)
    (copy / "basemap.mbtiles").unlink()
    project = QgsProject()
    with pytest.raises(UserError, match=r"missing: basemap\.mbtiles\)"):
        load_pack(copy, project)
    assert project.mapLayers() == {}
    names = {p.name for p in copy.iterdir()}  # nothing deleted by the check
    assert {"crew-pack.gpkg", "crew-pack.qgz", "manifest.json"} <= names
    assert "basemap.mbtiles" not in names


def test_project_referencing_missing_file_is_refused(pack, qgis_app, tmp_path):
    from qgis.core import QgsProject

    from imperial_land.core.common.errors import UserError
    from imperial_land.core.pack.load import load_pack
    from imperial_land.core.pack.manifest import write_manifest

    copy = tmp_path / PACK
    shutil.copytree(pack.folder, copy)
    qgz = copy / f"{PACK}.qgz"
    with zipfile.ZipFile(qgz) as archive:
        qgs_name = next(n for n in archive.namelist() if n.endswith(".qgs"))
        qgs = archive.read(qgs_name).decode("utf-8")
    assert f"./{PACK}.gpkg|layername=parcels" in qgs
    qgs = qgs.replace(f"./{PACK}.gpkg|layername=parcels", "./lots-2019.gpkg|layername=parcels")
    rezip(pack.project_path, qgz, {qgs_name: qgs.encode("utf-8")})
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    write_manifest(
        copy, {k: v for k, v in manifest.items() if k not in ("files", "format_version")}
    )
    project = QgsProject()
    with pytest.raises(
        UserError, match=r"points to files it does not hold \(missing: \./lots-2019\.gpkg\)"
    ):
        load_pack(copy, project)
    assert project.mapLayers() == {}
    assert project.layerTreeRoot().children() == []


def test_not_a_pack(qgis_app, tmp_path):
    from imperial_land.core.common.errors import UserError
    from imperial_land.core.pack.load import open_pack

    with pytest.raises(
        UserError, match=r"'empty' is not an offline pack: it has no manifest\.json"
    ):
        (tmp_path / "empty").mkdir()
        open_pack(tmp_path / "empty")
    with pytest.raises(UserError, match="is not a readable zip"):
        (tmp_path / "junk.zip").write_bytes(b"not a zip")
        open_pack(tmp_path / "junk.zip")


def test_loadpack_algorithm_adds_group_to_project(
    pack, plugin_provider, qgis_new_project, tmp_path
):
    import processing
    from qgis.core import QgsProject

    result = processing.run(
        "imperial_land:loadpack", {"PACK": str(pack.zip_path), "TARGET_FOLDER": str(tmp_path)}
    )
    project = QgsProject.instance()
    assert result["FOLDER"] == str(tmp_path / PACK)
    group = project.layerTreeRoot().findGroup(PACK)
    assert [project.mapLayer(i).name() for i in result["LAYERS"]] == [
        "claims",
        "parcels",
        "territories",
        "Basemap",
    ]
    assert [node.layerId() for node in group.children()] == result["LAYERS"]


def test_loadpack_algorithm_takes_the_manifest_of_a_pack_folder(
    pack, plugin_provider, qgis_new_project
):
    """Processing's file parameter takes a file, not a folder: a pack folder is given by its
    manifest.json, as importfieldnotes takes it (it was read as a zip: 'not a readable zip')."""
    import processing
    from qgis.core import QgsProject

    manifest = pack.folder / "manifest.json"
    result = processing.run("imperial_land:loadpack", {"PACK": str(manifest)})
    assert result["FOLDER"] == str(pack.folder)
    names = [QgsProject.instance().mapLayer(i).name() for i in result["LAYERS"]]
    assert names == ["claims", "parcels", "territories", "Basemap"]


def test_panel_builds_pack_for_map_extent_in_a_task(
    qgis_app, qgis_iface, qgis_new_project, tmp_path
):

    from qgis.core import (
        Qgis,
        QgsCoordinateReferenceSystem,
        QgsProject,
        QgsRectangle,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import Qt

    from imperial_land.core.common.paths import sample_gpkg
    from imperial_land.gui.pack_panel import PackPanel

    gpkg = sample_gpkg()
    project = QgsProject.instance()
    for table in ("claims", "parcels", "territories", "aoi"):
        project.addMapLayer(QgsVectorLayer(f"{gpkg}|layername={table}", table, "ogr"))
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:32198"))
    canvas.resize(400, 340)
    canvas.setExtent(QgsRectangle(137325.4, 686672.5, 139325.4, 688372.5))
    panel = PackPanel(qgis_iface)
    checked = [
        panel.layers_list.item(i).text()
        for i in range(panel.layers_list.count())
        if panel.layers_list.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert checked == ["claims", "parcels", "territories"]
    panel.aoi_source.setCurrentIndex(panel.aoi_source.findData("extent"))
    panel.folder_edit.setText(str(tmp_path))
    panel.pack_name.setText("panel-pack")
    panel.zoom_min.setValue(12)
    panel.zoom_max.setValue(12)
    request = panel.request()
    assert request.aoi.boundingBox().contains(QgsRectangle(137325.4, 686672.5, 139325.4, 688372.5))
    panel.build()
    wait_for_panel(panel, 60)
    assert panel.task is None and panel.progress_bar.value() == 100
    successes = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Success)
    assert successes and "Offline pack written" in successes[-1]
    assert (tmp_path / "panel-pack" / "manifest.json").is_file()
    assert (tmp_path / "panel-pack.zip").is_file()
    panel.unload()


def test_manifest_naming_files_outside_the_pack_is_refused(pack, qgis_app, tmp_path):
    from imperial_land.core.common.errors import UserError
    from imperial_land.core.pack.load import open_pack

    copy = tmp_path / PACK
    shutil.copytree(pack.folder, copy)
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"].append({"path": "../../etc/passwd", "size": 1, "sha256": "0"})
    manifest["basemap"]["file"] = "../../etc/passwd"
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(UserError, match=r"names files outside the pack: \.\./\.\./etc/passwd\."):
        open_pack(copy)


def test_panel_cancel_leaves_nothing(qgis_app, qgis_iface, qgis_new_project, tmp_path, monkeypatch):

    from qgis.core import Qgis, QgsCoordinateReferenceSystem, QgsProject, QgsRectangle

    from imperial_land.core.maplayers.sample import sample_layers
    from imperial_land.gui.pack_panel import PackPanel

    QgsProject.instance().addMapLayers(list(sample_layers()))
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4269"))
    canvas.setExtent(QgsRectangle(-66.6, 50.2, -66.5, 50.3))
    bar = qgis_iface.messageBar()
    bar.clear_messages()
    panel = PackPanel(qgis_iface)
    panel.aoi_source.setCurrentIndex(panel.aoi_source.findData("extent"))
    panel.folder_edit.setText(str(tmp_path))
    release = hold_job(monkeypatch, "imperial_land.gui.pack_panel", "build_pack")
    panel.build()
    panel.cancel()
    release()
    wait_for_panel(panel, 60)
    assert panel.task is None
    assert panel.build_button.isEnabled() and not panel.cancel_button.isEnabled()
    warnings = bar.get_messages(Qgis.MessageLevel.Warning)
    assert len(warnings) == 1 and "Cancelled by the user; nothing was written." in warnings[0]
    assert list(tmp_path.iterdir()) == []
    panel.unload()


def test_same_zip_loads_twice_other_pack_in_the_way_is_refused(pack, qgis_app, tmp_path):
    from imperial_land.core.common.errors import UserError
    from imperial_land.core.pack.load import open_pack

    first = open_pack(pack.zip_path, tmp_path)
    again = open_pack(pack.zip_path, tmp_path)  # already unzipped: reused, checked
    assert (first.unzipped, again.unzipped) == (True, False)
    assert again.folder == first.folder == tmp_path / PACK and again.manifest["name"] == PACK
    first = first.folder
    (first / "manifest.json").write_text('{"files": []}', encoding="utf-8")  # another pack
    with pytest.raises(UserError, match="already exists; load that folder"):
        open_pack(pack.zip_path, tmp_path)
    (first / "manifest.json").write_bytes((pack.folder / "manifest.json").read_bytes())
    (first / f"{PACK}.gpkg").write_bytes(b"damaged")
    with pytest.raises(UserError, match=rf"altered: {PACK}\.gpkg"):
        open_pack(pack.zip_path, tmp_path)
    assert (first / f"{PACK}.gpkg").read_bytes() == b"damaged"  # not deleted: it was there


def test_listed_problems_names_only_the_kinds_found():
    from imperial_land.core.pack.manifest import listed_problems

    kinds = [
        ("missing: {files}", ["a.gpkg", "b.qgz"]),
        ("altered: {files}", []),
        ("outside the pack: {files}", ["../x.tif"]),
    ]
    assert listed_problems(kinds) == "missing: a.gpkg, b.qgz; outside the pack: ../x.tif"
    assert listed_problems([("missing: {files}", [])]) == ""


def test_manifest_naming_a_table_the_pack_lacks_is_refused(pack, qgis_app, tmp_path):
    from qgis.core import QgsProject

    from imperial_land.core.common.errors import UserError
    from imperial_land.core.pack.load import load_pack

    copy = tmp_path / PACK
    shutil.copytree(pack.folder, copy)
    manifest_path = copy / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["layers"][1].update(table="ghost", title="Ghost lots")
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    project = QgsProject()
    with pytest.raises(UserError, match=r"^The layer 'Ghost lots' of the pack cannot be opened\.$"):
        load_pack(copy, project)
    assert project.mapLayers() == {}
    assert project.layerTreeRoot().children() == []


def _panel_loading(iface, zip_path: Path):
    """A pack panel that started loading `zip_path`, the message bar cleared first."""
    from imperial_land.gui.pack_panel import PackPanel

    iface.messageBar().clear_messages()
    panel = PackPanel(iface)
    panel.load_from(zip_path)
    return panel


def test_panel_loads_a_zip_in_a_task(pack, qgis_app, qgis_iface, qgis_new_project, tmp_path):
    from qgis.core import Qgis, QgsProject

    copy = tmp_path / f"{PACK}.zip"
    shutil.copy(pack.zip_path, copy)
    panel = _panel_loading(qgis_iface, copy)
    assert not panel.load_button.isEnabled() and panel.cancel_button.isEnabled()
    wait_for_panel(panel, 60)
    assert panel.load_button.isEnabled() and not panel.cancel_button.isEnabled()
    group = QgsProject.instance().layerTreeRoot().findGroup(PACK)
    assert [node.name() for node in group.children()] == [
        "claims",
        "parcels",
        "territories",
        "Basemap",
    ]
    assert qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Success) == [
        f"Offline packs:Pack '{PACK}' loaded: 4 layers."
    ]
    assert (tmp_path / PACK / "manifest.json").is_file()
    panel.unload()


def test_panel_refuses_an_altered_pack_and_adds_nothing(
    pack, qgis_app, qgis_iface, qgis_new_project, tmp_path
):
    from qgis.core import Qgis, QgsProject

    altered = tmp_path / f"{PACK}.zip"
    rezip(pack.zip_path, altered, {f"{PACK}/{PACK}.qgz": b"not the project"})
    panel = _panel_loading(qgis_iface, altered)
    wait_for_panel(panel, 60)
    warnings = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Warning)
    assert len(warnings) == 1 and f"altered: {PACK}.qgz" in warnings[0]
    assert QgsProject.instance().mapLayers() == {}
    assert [p.name for p in tmp_path.iterdir()] == [altered.name]  # unzipped folder removed
    panel.unload()


def test_panel_load_cancelled_leaves_nothing(
    pack, qgis_app, qgis_iface, qgis_new_project, tmp_path, monkeypatch
):
    from qgis.core import Qgis, QgsProject

    copy = tmp_path / f"{PACK}.zip"
    shutil.copy(pack.zip_path, copy)
    release = hold_job(monkeypatch, "imperial_land.gui.pack_panel", "open_pack")
    panel = _panel_loading(qgis_iface, copy)
    panel.cancel()
    release()
    wait_for_panel(panel, 60)
    warnings = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Warning)
    assert len(warnings) == 1 and "Cancelled by the user; nothing was written." in warnings[0]
    assert QgsProject.instance().mapLayers() == {}
    assert [p.name for p in tmp_path.iterdir()] == [copy.name]
    panel.unload()


def test_cancelled_unzip_removes_what_it_wrote(pack, qgis_app, tmp_path):
    from imperial_land.core.common.errors import Cancelled
    from imperial_land.core.pack.load import extract_pack

    seen: list[float] = []

    def tick(fraction: float) -> None:
        seen.append(fraction)
        if len(seen) == 2:  # the first entry is written, then the user cancels
            raise Cancelled()

    with pytest.raises(Cancelled):
        extract_pack(pack.zip_path, tmp_path / "field", tick)
    assert seen[0] == 0.0 and 0.0 < seen[1] < 1.0
    assert list((tmp_path / "field").iterdir()) == []


def _feedback_cancelling_at_the_checks():
    """A feedback that cancels once the checksums start (after the unzip)."""
    from qgis.core import QgsProcessingFeedback

    class Feedback(QgsProcessingFeedback):
        def pushInfo(self, info: str) -> None:
            if info.startswith("Checking the pack's files"):
                self.cancel()

    return Feedback()


def test_cancel_during_the_checks_removes_the_unzipped_folder(pack, qgis_app, tmp_path):
    from qgis.core import QgsProcessingFeedback

    from imperial_land.core.common.errors import Cancelled
    from imperial_land.core.pack.load import open_pack

    feedback = _feedback_cancelling_at_the_checks()
    with pytest.raises(Cancelled):
        open_pack(pack.zip_path, tmp_path / "field", feedback)
    assert list((tmp_path / "field").iterdir()) == []
    progress: list[float] = []
    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(progress.append)
    opened = open_pack(pack.zip_path, tmp_path / "field", feedback)
    assert opened.unzipped and progress == sorted(progress) and progress[-1] > 90.0


def test_panel_warns_when_the_layers_cannot_be_added_and_removes_what_it_unzipped(
    pack, qgis_app, qgis_iface, qgis_new_project, tmp_path
):
    from qgis.core import Qgis, QgsProject

    manifest = json.loads((pack.folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["layers"][1].update(table="ghost", title="Ghost lots")
    broken = tmp_path / f"{PACK}.zip"
    rezip(pack.zip_path, broken, {f"{PACK}/manifest.json": json.dumps(manifest).encode()})
    panel = _panel_loading(qgis_iface, broken)
    wait_for_panel(panel, 60)
    warnings = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Warning)
    assert warnings == ["Offline packs:The layer 'Ghost lots' of the pack cannot be opened."]
    assert QgsProject.instance().mapLayers() == {}
    assert [p.name for p in tmp_path.iterdir()] == [broken.name]
    panel.unload()


def test_a_damaged_zip_is_said_and_leaves_nothing(pack, qgis_app, tmp_path):
    """A pack whose compressed bytes were damaged on the way (a broken USB copy): one plain
    line naming the zip and the entry, no traceback, nothing left in the target folder."""
    from qgis.core import QgsProject

    from imperial_land.core.common.errors import UserError
    from imperial_land.core.pack.load import load_pack

    gpkg_entry = f"{PACK}/{PACK}.gpkg"
    data = bytearray(pack.zip_path.read_bytes())
    with zipfile.ZipFile(pack.zip_path) as archive:
        info = archive.getinfo(gpkg_entry)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for at in range(start + 64, start + min(info.compress_size, 4096), 7):
        data[at] ^= 0x5A  # inside the deflated stream, past the local header
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    (tmp_path / "out").mkdir()
    with pytest.raises(UserError) as error:
        load_pack(damaged, QgsProject(), tmp_path / "out")
    assert str(error.value).startswith(f"The zip 'damaged.zip' is damaged ({gpkg_entry}: ")
    assert str(error.value).endswith("); copy it again.")
    assert list((tmp_path / "out").iterdir()) == []
