"""Every pack carries an editable field-notes layer with a form QField shows ready to use; the
other packed layers stay read-only copies."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from tests.pack.test_pack_build import PACK, build

KINDS = ["claim_post", "access", "cultural_site", "environmental", "meeting", "other"]


@pytest.fixture(scope="module")
def pack(qgis_app, tmp_path_factory):
    from imperial_land.core.common.paths import sample_gpkg

    return build(sample_gpkg(), tmp_path_factory.mktemp("packs"), basemap_layers=[])


def _project(pack):
    from qgis.core import QgsProject

    project = QgsProject()
    assert project.read(str(pack.project_path))
    return project


def test_notes_layer_is_an_empty_point_layer_of_its_own_file(pack):
    with closing(sqlite3.connect(pack.folder / "field_notes.gpkg")) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(field_notes)")]
        kind = conn.execute(
            "SELECT geometry_type_name, srs_id FROM gpkg_geometry_columns "
            "WHERE table_name = 'field_notes'"
        ).fetchone()
        assert conn.execute("SELECT count(*) FROM field_notes").fetchone() == (0,)
    assert columns == [
        "fid",
        "geom",
        "uuid",
        "kind",
        "observed",
        "author",
        "note",
        "title",
        "lot",
        "photo_1",
        "photo_2",
        "photo_3",
    ]
    assert kind == ("POINT", 32198)
    manifest = json.loads((pack.folder / "manifest.json").read_text(encoding="utf-8"))
    editable = [e["path"] for e in manifest["files"] if e.get("editable")]
    assert editable == ["field_notes.gpkg"]
    assert manifest["field_notes"]["geopackage"] == "field_notes.gpkg"
    assert manifest["field_notes"]["photos"] == "DCIM"
    assert "field_notes" not in [e["table"] for e in manifest["layers"]]


def test_notes_form_is_configured_for_qfield(pack):
    from imperial_land.core.pack.qfield import unconfigured

    project = _project(pack)
    notes = project.mapLayersByName("Field notes")[0]
    claims = project.mapLayersByName("claims")[0]
    parcels = project.mapLayersByName("parcels")[0]
    fields = notes.fields()

    def widget(name: str):
        setup = notes.editorWidgetSetup(fields.indexOf(name))
        return setup.type(), setup.config()

    assert not notes.readOnly()
    assert all(layer.readOnly() for layer in (claims, parcels))
    assert unconfigured(list(project.mapLayers().values())) == []
    assert notes.customProperty("QFieldSync/action") == "copy"
    assert notes.customProperty("QFieldSync/cloud_action") == "offline"
    assert claims.customProperty("QFieldSync/cloud_action") == "no_action"
    naming = json.loads(notes.customProperty("QFieldSync/attachment_naming"))
    assert naming["photo_2"] == "'DCIM/note_' || \"uuid\" || '_2.{extension}'"
    kind_type, kind_config = widget("kind")
    assert kind_type == "ValueMap"
    assert [next(iter(item.values())) for item in kind_config["map"]] == KINDS
    assert [next(iter(item)) for item in kind_config["map"]] == [
        "Claim post",
        "Access",
        "Cultural site",
        "Environmental",
        "Meeting",
        "Other",
    ]
    title_type, title_config = widget("title")
    assert (title_type, title_config["Layer"], title_config["Key"]) == (
        "ValueRelation",
        claims.id(),
        "TIT_NO",
    )
    lot_type, lot_config = widget("lot")
    assert (lot_type, lot_config["Layer"], lot_config["Key"]) == (
        "ValueRelation",
        parcels.id(),
        "NO_LOT",
    )
    for name in ("photo_1", "photo_2", "photo_3"):
        photo_type, photo_config = widget(name)
        assert photo_type == "ExternalResource"
        assert (photo_config["RelativeStorage"], photo_config["DocumentViewer"]) == (1, 1)
    assert notes.defaultValueDefinition(fields.indexOf("uuid")).expression() == (
        "uuid('WithoutBraces')"
    )
    assert notes.defaultValueDefinition(fields.indexOf("observed")).expression() == "now()"
    assert notes.editFormConfig().readOnly(fields.indexOf("uuid"))
    assert notes.attributeAlias(fields.indexOf("lot")) == "Parcel lot"
    project.clear()


def test_notes_form_in_french(qgis_app, tmp_path):
    from imperial_land.core.common.i18n import install_translator, remove_translator
    from imperial_land.core.common.paths import sample_gpkg

    assert install_translator("fr") == "fr"
    try:
        french = build(sample_gpkg(), tmp_path, basemap_layers=[])
    finally:
        remove_translator()
    project = _project(french)
    notes = project.mapLayersByName("Notes de terrain")[0]
    fields = notes.fields()
    config = notes.editorWidgetSetup(fields.indexOf("kind")).config()
    assert [next(iter(item)) for item in config["map"]][:3] == [
        "Poteau de claim",
        "Accès",
        "Site culturel",
    ]
    assert notes.attributeAlias(fields.indexOf("lot")) == "Lot"
    assert PACK in french.project_path.name
    project.clear()
