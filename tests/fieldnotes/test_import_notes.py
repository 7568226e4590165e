"""Field notes back from QField: a pack built, notes added and edited with plain OGR as QField
does, zipped back, imported; exact register rows and photos; broken returns refused whole."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

from tests.fieldnotes.support import (
    NOTES,
    UUIDS,
    add_notes,
    edit_note,
    first_value,
    phone_copy,
    photo_bytes,
    zip_back,
)
from tests.pack.test_pack_build import PACK, build

COLUMNS = "uuid, kind, observed, author, note, title, lot, photos, pack"


@pytest.fixture(scope="module")
def built(qgis_app, tmp_path_factory):
    from imperial_land.core.common.paths import sample_gpkg

    return build(sample_gpkg(), tmp_path_factory.mktemp("packs"), basemap_layers=[])


@pytest.fixture
def register(tmp_path, qgis_app) -> Path:
    from imperial_land.core.register.gpkg import GpkgRegister

    path = tmp_path / "office" / "register.gpkg"
    reg = GpkgRegister(path)
    reg.ensure_schema()
    reg.close()
    return path


@pytest.fixture
def returned(built, tmp_path) -> Path:
    """The pack as it comes back from the phone, notes and photos added (a folder)."""
    folder = phone_copy(built.folder, tmp_path / "phone")
    gpkg = built.folder / f"{PACK}.gpkg"
    add_notes(folder, first_value(gpkg, "claims", "TIT_NO"), first_value(gpkg, "parcels", "NO_LOT"))
    return folder


def _rows(register: Path, query: str) -> list[tuple]:
    with closing(sqlite3.connect(register)) as conn:
        return conn.execute(query).fetchall()


def _state(register: Path) -> tuple:
    """Every field-note row and every photo file beside the register."""
    photos = register.parent / "register_photos"
    files = sorted(
        (p.relative_to(photos).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
        for p in photos.rglob("*")
        if p.is_file()
    )
    return (
        _rows(register, "SELECT * FROM field_notes ORDER BY fid"),
        _rows(register, "SELECT * FROM field_note_versions ORDER BY fid"),
        files,
    )


def _import(source: Path, register: Path):
    from imperial_land.core.fieldnotes import import_field_notes

    return import_field_notes(source, str(register))


def test_import_zip_twice_then_an_edit(built, returned, register, tmp_path):
    gpkg = built.folder / f"{PACK}.gpkg"
    title = first_value(gpkg, "claims", "TIT_NO")
    lot = first_value(gpkg, "parcels", "NO_LOT")
    zip_path = zip_back(returned, tmp_path / "back.zip")

    result = _import(zip_path, register)
    assert (result.new, result.updated, result.unchanged) == (UUIDS, [], [])
    photo = "register_photos/{0}/note_{0}_{1}.jpg"
    assert _rows(register, f"SELECT {COLUMNS} FROM field_notes ORDER BY fid") == [
        (
            UUIDS[0],
            "claim_post",
            "2026-07-14T10:30:05Z",
            "J. Tremblay",
            "Borne nord-est trouvée, étiquette lisible",
            title,
            None,
            photo.format(UUIDS[0], 1) + "\n" + photo.format(UUIDS[0], 2),
            PACK,
        ),
        (
            UUIDS[1],
            "access",
            "2026-07-14T11:02:00Z",
            "J. Tremblay",
            "Chemin forestier fermé par une barrière",
            None,
            None,
            None,
            PACK,
        ),
        (
            UUIDS[2],
            "cultural_site",
            "2026-07-15T09:15:00Z",
            "M. Vollant",
            "Ancien campement; ne pas circuler",
            None,
            lot,
            photo.format(UUIDS[2], 1),
            PACK,
        ),
    ]
    # the points, moved from the pack's CRS (EPSG:32198) into the register's (EPSG:4269)
    from imperial_land.core.fieldnotes.store import NotesStore
    from imperial_land.core.register.gpkg import GpkgRegister

    reg = GpkgRegister(register)
    points = {uuid: (row.x, row.y) for uuid, row in NotesStore(reg).notes().items()}
    reg.close()
    # QGIS's own transform: fiona's wheel carries its own PROJ data (issue 12)
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsCoordinateTransformContext,
        QgsPointXY,
    )

    to_nad83 = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:32198"),
        QgsCoordinateReferenceSystem("EPSG:4269"),
        QgsCoordinateTransformContext(),
    )
    for uuid, note in zip(UUIDS, NOTES):
        moved = to_nad83.transform(QgsPointXY(note[2], note[3]))
        assert points[uuid] == pytest.approx((moved.x(), moved.y()), abs=1e-9)
    # the photos, copied beside the register, byte for byte
    for uuid, names in ((UUIDS[0], ["post_ne.jpg", "post_tag.jpg"]), (UUIDS[2], ["camp.jpg"])):
        for index, name in enumerate(names, start=1):
            copied = register.parent / photo.format(uuid, index)
            assert copied.read_bytes() == photo_bytes(name)
    assert sorted(p.name for p in result.photos) == sorted(
        f"note_{u}_{i}.jpg" for u, i in ((UUIDS[0], 1), (UUIDS[0], 2), (UUIDS[2], 1))
    )

    before = _state(register)
    again = _import(zip_path, register)  # the same pack again: nothing new
    assert (again.new, again.updated, again.unchanged, again.photos) == ([], [], UUIDS, [])
    assert _state(register) == before

    edit_note(returned, UUIDS[1], "Barrière ouverte le 16 juillet")
    edited = _import(zip_back(returned, tmp_path / "edited.zip"), register)
    assert (edited.new, edited.updated) == ([], [UUIDS[1]])
    assert _rows(register, f"SELECT note FROM field_notes WHERE uuid = '{UUIDS[1]}'") == [
        ("Barrière ouverte le 16 juillet",)
    ]
    assert _rows(
        register, "SELECT note_uuid, pack, kind, note, author FROM field_note_versions"
    ) == [(UUIDS[1], PACK, "access", "Chemin forestier fermé par une barrière", "J. Tremblay")]
    assert _rows(register, "SELECT count(*) FROM field_notes") == [(3,)]


def test_import_a_folder(returned, register):
    result = _import(returned, register)
    assert len(result.new) == 3
    assert _rows(register, "SELECT count(*) FROM field_notes") == [(3,)]


def _refused(source: Path, register: Path) -> str:
    from imperial_land.core.common.errors import UserError

    before = _state(register)
    with pytest.raises(UserError) as caught:
        _import(source, register)
    assert _state(register) == before  # the register stays as it was
    return str(caught.value)


def test_altered_read_only_layer_is_refused(returned, register, tmp_path):
    with open(returned / f"{PACK}.gpkg", "ab") as data:
        data.write(b"edited in the field")
    message = _refused(zip_back(returned, tmp_path / "altered.zip"), register)
    assert message == (
        f"The returned pack '{PACK}' was refused (read-only files changed: {PACK}.gpkg); "
        "no note was imported."
    )


def test_missing_photo_is_refused(returned, register):
    missing = f"DCIM/note_{UUIDS[2]}_1.jpg"
    (returned / missing).unlink()
    assert _refused(returned, register) == (
        f"The returned pack '{PACK}' was refused (note {UUIDS[2]}: photo missing: {missing}); "
        "no note was imported."
    )


def test_zip_slip_entry_is_refused(returned, register, tmp_path):
    zip_path = zip_back(returned, tmp_path / "slip.zip", {"../../evil.txt": b"x"})
    assert _refused(zip_path, register) == (
        "The zip 'slip.zip' was refused: these entries would be written outside the target "
        "folder: ../../evil.txt."
    )
    assert not (tmp_path / "evil.txt").exists()


def test_notes_layer_with_a_foreign_schema_is_refused(returned, register):
    from osgeo import ogr, osr

    (returned / "field_notes.gpkg").unlink()
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(returned / "field_notes.gpkg"))
    crs = osr.SpatialReference()
    crs.ImportFromEPSG(32198)
    layer = source.CreateLayer("field_notes", crs, ogr.wkbPolygon)
    for name in ("uuid", "observed", "author", "note", "title", "lot", "photo_1", "photo_2"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    source = None
    assert _refused(returned, register) == (
        f"The returned pack '{PACK}' was refused (the notes layer is not the one the pack left "
        "with: columns missing: kind, photo_3; columns of another type: observed (String); "
        "geometry not a point: Polygon); no note was imported."
    )


def test_a_bad_note_refuses_the_whole_pack(returned, register):
    edit_note(returned, UUIDS[1], "bear", column="kind")
    assert _refused(returned, register) == (
        f"The returned pack '{PACK}' was refused (note {UUIDS[1]}: unknown kind 'bear'); "
        "no note was imported."
    )


def test_zip_entries_of_the_returned_pack(returned, tmp_path):
    names = zipfile.ZipFile(zip_back(returned, tmp_path / "z.zip")).namelist()
    assert f"{PACK}/DCIM/note_{UUIDS[0]}_2.jpg" in names


def test_algorithm_imports_and_refuses(plugin_provider, returned, register, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    outputs = processing.run(
        "imperial_land:importfieldnotes",
        {"PACK": str(returned / "manifest.json"), "REGISTER": str(register)},
    )
    assert (outputs["NEW"], outputs["UPDATED"], outputs["UNCHANGED"]) == (3, 0, 0)
    assert outputs["SUMMARY"] == (
        f"Field notes of '{PACK}': 3 new, 0 updated, 0 already in the register; 3 photos copied."
    )
    (returned / f"DCIM/note_{UUIDS[0]}_2.jpg").unlink()
    with pytest.raises(QgsProcessingException, match=f"photo missing: DCIM/note_{UUIDS[0]}_2"):
        processing.run(
            "imperial_land:importfieldnotes",
            {"PACK": str(returned / "manifest.json"), "REGISTER": str(register)},
        )


def test_panel_imports_in_a_task_and_shows_the_notes(
    returned, register, qgis_app, qgis_iface, qgis_new_project, tmp_path
):
    from qgis.core import Qgis, QgsProject

    from imperial_land.core.common import settings
    from imperial_land.gui.pack_panel import PackPanel
    from tests.support.panel_tasks import wait_for_panel

    settings.set_value("register/path", str(register))
    try:
        qgis_iface.messageBar().clear_messages()
        panel = PackPanel(qgis_iface)
        panel.import_notes_from(zip_back(returned, tmp_path / "back.zip"))
        assert not panel.notes_button.isEnabled()
        wait_for_panel(panel, 60)
        assert panel.notes_button.isEnabled()
        assert qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Success) == [
            f"Offline packs:Field notes of '{PACK}': 3 new, 0 updated, 0 already in the "
            "register; 3 photos copied."
        ]
        layer = QgsProject.instance().mapLayersByName("Field notes (register)")[0]
        assert layer.featureCount() == 3
        assert sorted(f["uuid"] for f in layer.getFeatures()) == sorted(UUIDS)
        kinds = layer.editorWidgetSetup(layer.fields().indexOf("kind")).config()["map"]
        assert {"Claim post": "claim_post"} in kinds
        panel.import_notes_from(returned)  # again: the same layer, refreshed, not a second one
        wait_for_panel(panel, 60)
        assert len(QgsProject.instance().mapLayersByName("Field notes (register)")) == 1
        panel.unload()
    finally:
        settings.reset("register/path")


def test_notes_are_part_of_the_claims_history(built, returned, register, tmp_path):
    from imperial_land.core.register.gpkg import GpkgRegister
    from imperial_land.core.register.history import title_history

    title = first_value(built.folder / f"{PACK}.gpkg", "claims", "TIT_NO")
    _import(returned, register)
    edit_note(returned, UUIDS[0], "Borne nord-est remplacée")
    _import(returned, register)
    reg = GpkgRegister(register)
    try:
        history = title_history(reg, title)
    finally:
        reg.close()
    replaced = _rows(register, "SELECT replaced FROM field_note_versions")[0][0]
    assert [(h.date, h.field, h.old_value, h.new_value, h.kind) for h in history] == [
        (
            "2026-07-14 10:30",
            "Field note: Claim post (J. Tremblay)",
            None,
            "Borne nord-est remplacée",
            "field_note",
        ),
        (
            replaced.replace("T", " ")[:16],
            "Field note edited: Claim post",
            "Borne nord-est trouvée, étiquette lisible",
            "Borne nord-est remplacée",
            "field_note_edit",
        ),
    ]


def test_unreadable_notes_file_and_pack_without_notes(returned, register):
    import json

    (returned / "field_notes.gpkg").write_bytes(b"not a GeoPackage")
    assert _refused(returned, register) == (
        f"The returned pack '{PACK}' was refused (the notes file field_notes.gpkg cannot be "
        "read); no note was imported."
    )
    manifest_path = returned / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    del manifest["field_notes"]  # a pack built before packs carried notes
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert _refused(returned, register) == (
        f"The pack '{PACK}' was built without a field-notes layer; there is nothing to import."
    )


def test_the_overlap_report_lists_the_notes_on_its_titles_and_parcels(returned, register):
    """A note on a claim title or parcel lot of the report is in the report's field-notes table
    (HTML and PDF alike); a note on neither is not."""
    from qgis.core import QgsVectorLayer

    from imperial_land.core.common.paths import sample_gpkg
    from imperial_land.core.consultation import consultation_view
    from imperial_land.core.overlap import OverlapOptions, run_overlap
    from imperial_land.core.report.model import report_tables

    _import(returned, register)
    gpkg = returned / f"{PACK}.gpkg"
    title = first_value(gpkg, "claims", "TIT_NO")
    lot = first_value(gpkg, "parcels", "NO_LOT")
    layers = {
        name: QgsVectorLayer(f"{sample_gpkg()}|layername={name}", name, "ogr")
        for name in ("claims", "parcels", "territories")
    }
    result = run_overlap(
        layers["claims"],
        layers["parcels"],
        layers["territories"],
        options=OverlapOptions(distance_m=50_000.0, company_holders=[]),
    )
    keys = {ref.key for pair in result.pairs for ref in (pair.a, pair.b)}
    assert title in keys and lot in keys  # the notes' title and lot are in the report
    view = consultation_view(result, register)
    table = next(t for t in report_tables(result, view) if t.key == "field_notes")
    assert table.rows == [
        [title, "Claim post", "2026-07-14T10:30:05Z", "J. Tremblay", NOTES[0][6]],
        [lot, "Cultural site", "2026-07-15T09:15:00Z", "M. Vollant", NOTES[2][6]],
    ]
