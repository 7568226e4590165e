"""The GeoPackage register: schema, QGIS opens it, one-transaction writes, failures roll back."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from qgis.core import QgsGeometry, QgsProcessingFeedback, QgsVectorLayer

from imperial_land.core.common.errors import Cancelled, UserError
from imperial_land.core.register.backend import (
    WRITE_STEPS,
    Change,
    FieldSpec,
    RegisterDiff,
    RowState,
)
from imperial_land.core.register.gpkg import GpkgRegister, open_register
from tests.support.register_helpers import a_run, cell_wkb, dump, file_digest, reg_row

NEW_CHANGE = Change("2512345-1", "2512345", "", None, None, "new")


@pytest.fixture
def register(tmp_path: Path, qgis_app):
    reg = GpkgRegister(tmp_path / "register.gpkg")
    assert reg.ensure_schema() is True  # created
    assert reg.ensure_schema() is False  # already there: nothing done
    yield reg
    reg.close()


def _filled(register: GpkgRegister) -> GpkgRegister:
    rows = [reg_row("2512345-1"), reg_row("2512346-1", cell=(1, 0)), reg_row("2512346-2")]
    rows[2].geometry_wkb = cell_wkb(1, 0)
    register.apply(RegisterDiff(new=rows), a_run(new=3), [NEW_CHANGE])
    return register


def _layer(register: GpkgRegister) -> QgsVectorLayer:
    layer = QgsVectorLayer(*register.layer_uri())
    assert layer.isValid()
    return layer


def test_new_register_is_a_geopackage_qgis_opens(register):
    layer = _layer(register)
    assert layer.featureCount() == 0
    assert layer.crs().authid() == "EPSG:4269"
    names = [f.name() for f in layer.fields()]
    assert names[:3] == ["fid", "TIT_NO", "TER_CODE"]
    for local in ("local_notes", "local_priority", "local_project", "local_contact"):
        assert local in names
    for table in ("sync_runs", "changes"):
        runs = QgsVectorLayer(f"{register.path}|layername={table}", table, "ogr")
        assert runs.isValid() and runs.featureCount() == 0
    conn = sqlite3.connect(str(register.path))
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    assert conn.execute("SELECT extension_name FROM gpkg_extensions").fetchall() == [
        ("gpkg_rtree_index",)
    ]


def test_rows_written_are_read_back_by_qgis_exactly(register):
    _filled(register)
    register.close()
    layer = _layer(register)
    assert layer.featureCount() == 3
    features = {f["reg_key"]: f for f in layer.getFeatures()}
    assert sorted(features) == ["2512345-1", "2512346-1", "2512346-2"]
    first = features["2512345-1"]
    assert first["DET_NOM"] == "Société minière du Nord ltée"
    assert first["TIT_DAT_EX"].toPyDate() == dt.date(2027, 3, 14)
    assert first["TIT_SUPRF"] == pytest.approx(52.87)
    assert first["first_run_id"] == 1 and first["last_run_id"] == 1
    assert bytes(first.geometry().asWkb()) == cell_wkb(0, 0)
    conn = sqlite3.connect(str(register.path))
    boxes = conn.execute("SELECT id, minx, maxx, miny, maxy FROM rtree_claims_geom ORDER BY id")
    cell = 1.0 / 120.0
    got = boxes.fetchall()
    assert [r[0] for r in got] == [1, 2, 3]
    # the R-tree keeps float32 boxes, rounded outwards
    assert got[0][1:] == pytest.approx((-67.0, -67.0 + cell, 50.5, 50.5 + cell), abs=1e-5)
    assert got[0][2] >= -67.0 + cell and got[0][4] >= 50.5 + cell


def test_apply_updates_marks_gone_and_back_without_touching_local_fields(register):
    _filled(register)
    register.conn.execute(
        "UPDATE claims SET local_notes = 'Option to JV', local_priority = 1 "
        "WHERE reg_key = '2512345-1'"
    )
    changed = reg_row("2512345-1", STI_CODE="S", STI_DES_FR="Suspendu")
    changed.src_hash = "hash-new"
    diff = RegisterDiff(changed=[changed], gone=["2512346-2"], gone_date=dt.date(2026, 11, 23))
    run_id = register.apply(diff, a_run(status=1, gone=1), [])
    assert run_id == 2
    rows = register.conn.execute(
        "SELECT reg_key, STI_CODE, src_hash, gone_date, local_notes, local_priority, last_run_id "
        "FROM claims ORDER BY fid"
    ).fetchall()
    assert rows == [
        ("2512345-1", "S", "hash-new", None, "Option to JV", 1, 2),
        ("2512346-1", "A", "hash-2512346-1", None, None, None, 1),
        ("2512346-2", "A", "hash-2512346-2", "2026-11-23", None, None, 2),
    ]
    back = reg_row("2512346-2", cell=(1, 0))
    register.apply(RegisterDiff(back=[back]), a_run(back=1), [])
    states = register.read_states()
    assert states["2512346-2"] == RowState("hash-2512346-2", None)
    assert register.read_values(["TIT_NO"]) == {
        "2512345-1": {"TIT_NO": "2512345"},
        "2512346-1": {"TIT_NO": "2512346"},
        "2512346-2": {"TIT_NO": "2512346"},
    }


def test_runs_and_changes_are_recorded(register):
    _filled(register)
    runs = register.runs()
    assert len(runs) == 1
    assert (runs[0].id, runs[0].source, runs[0].outcome) == (1, "test.zip", "applied")
    assert runs[0].counts["new"] == 3 and runs[0].counts["gone"] == 0
    assert runs[0].counts == {
        "new": 3, "status": 0, "holder": 0, "expiry": 0, "area": 0, "geometry": 0,
        "other": 0, "gone": 0, "back": 0,
    }  # fmt: skip
    assert (runs[0].n_rows, runs[0].finished) == (0, dt.datetime(2026, 11, 23, 6, 0, 5))
    assert runs[0].started == dt.datetime(2026, 11, 23, 6, 0, 0)
    assert register.changes(1) == [Change("2512345-1", "2512345", "", None, None, "new", run_id=1)]


def test_new_source_field_becomes_a_column(register):
    row = reg_row("2512345-1", NEW_FIELD="x")
    diff = RegisterDiff(new_fields=[FieldSpec("NEW_FIELD", "text")], new=[row])
    register.apply(diff, a_run(new=1), [])
    assert register.source_fields()[-1] == FieldSpec("NEW_FIELD", "text")
    assert register.read_rows(["2512345-1"])["2512345-1"].values["NEW_FIELD"] == "x"


@pytest.mark.parametrize("step", WRITE_STEPS)
def test_failure_at_any_write_step_leaves_the_register_unchanged(register, step):
    _filled(register)
    register.close()
    before, before_bytes = dump(register.path), file_digest(register.path)

    def explode(name: str) -> None:
        if name == step:
            raise RuntimeError(f"killed at {name}")

    register.step_hook = explode
    changed = reg_row("2512345-1", STI_CODE="S")
    diff = RegisterDiff(
        new_fields=[FieldSpec("EXTRA", "text")],
        new=[reg_row("2512399-1", cell=(5, 5))],
        changed=[changed],
        gone=["2512346-1"],
        back=[],
    )
    with pytest.raises(RuntimeError, match=f"killed at {step}"):
        register.apply(diff, a_run(new=1), [NEW_CHANGE])
    register.close()
    assert dump(register.path) == before
    assert file_digest(register.path) == before_bytes


def test_cancel_during_apply_rolls_back(register):
    _filled(register)
    register.close()
    before = dump(register.path)
    feedback = QgsProcessingFeedback()
    register.step_hook = lambda name: feedback.cancel() if name == "update" else None
    rows = [reg_row(f"26{i:05d}-1", cell=(i, 3)) for i in range(20)]
    changed = [reg_row("2512345-1", STI_CODE="S")]
    with pytest.raises(Cancelled):
        register.apply(RegisterDiff(new=rows, changed=changed), a_run(), [], feedback)
    register.close()
    assert dump(register.path) == before


def test_locked_register_gives_a_clear_message_and_stays_unchanged(register):
    _filled(register)
    register.close()
    before = dump(register.path)
    other = sqlite3.connect(str(register.path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    register.conn.execute("PRAGMA busy_timeout = 100")
    try:
        with pytest.raises(UserError, match="locked by another program"):
            register.apply(RegisterDiff(gone=["2512345-1"]), a_run(), [])
    finally:
        other.execute("ROLLBACK")
        other.close()
    register.close()
    assert dump(register.path) == before


def test_a_file_that_is_not_a_register_is_refused_untouched(tmp_path, qgis_app):
    text = tmp_path / "notes.gpkg"
    text.write_text("not a database at all, just some notes " * 20)
    data = text.read_bytes()
    with pytest.raises(UserError, match="is not a GeoPackage"):
        GpkgRegister(text).ensure_schema()
    assert text.read_bytes() == data
    other = tmp_path / "other.gpkg"
    conn = sqlite3.connect(str(other))
    conn.execute("CREATE TABLE claims (id INTEGER)")
    conn.commit()
    conn.close()
    before = dump(other)
    with pytest.raises(UserError, match="not a claim register"):
        GpkgRegister(other).ensure_schema()
    assert dump(other) == before


def test_qgis_edits_keep_the_spatial_index_after_a_sync(register):
    _filled(register)
    register.close()
    layer = _layer(register)
    fid = next(f.id() for f in layer.getFeatures() if f["reg_key"] == "2512345-1")
    assert layer.startEditing()
    moved = QgsGeometry.fromWkt("MultiPolygon (((-60 45, -59 45, -59 46, -60 46, -60 45)))")
    assert layer.changeGeometry(fid, moved)
    assert layer.changeAttributeValue(fid, layer.fields().indexOf("local_notes"), "moved")
    assert layer.commitChanges()
    del layer
    conn = sqlite3.connect(str(register.path))
    box = conn.execute("SELECT minx, maxx, miny, maxy FROM rtree_claims_geom WHERE id = ?", (fid,))
    assert box.fetchone() == (-60.0, -59.0, 45.0, 46.0)
    assert register.read_rows(["2512345-1"])["2512345-1"].values["TIT_NO"] == "2512345"


def test_open_register_defaults_to_the_profile_path(tmp_path, qgis_app):
    from imperial_land.core.common import settings

    settings.set_value("register/path", str(tmp_path / "chosen.gpkg"))
    try:
        reg = open_register(None)
        assert isinstance(reg, GpkgRegister) and reg.path == tmp_path / "chosen.gpkg"
        assert not reg.exists()
        assert not (tmp_path / "chosen.gpkg").exists()
    finally:
        settings.reset("register/path")


def test_register_can_live_in_an_existing_geopackage_beside_other_layers(
    tmp_path, sample_gpkg, qgis_app
):
    import shutil

    from osgeo import ogr

    path = tmp_path / "project.gpkg"
    shutil.copy(sample_gpkg, path)
    with pytest.raises(UserError, match="not a claim register"):
        GpkgRegister(path).ensure_schema()  # the sample's own claims layer is no register
    dataset = ogr.Open(str(path), 1)
    dataset.DeleteLayer("claims")
    dataset = None
    others = {
        name: QgsVectorLayer(f"{path}|layername={name}", name, "ogr").featureCount()
        for name in ("parcels", "territories")
    }
    register = GpkgRegister(path)
    register.ensure_schema()
    register.apply(RegisterDiff(new=[reg_row("2512345-1")]), a_run(new=1), [NEW_CHANGE])
    register.close()
    claims = QgsVectorLayer(*register.layer_uri())
    assert claims.isValid() and claims.featureCount() == 1
    for name, count in others.items():
        assert QgsVectorLayer(f"{path}|layername={name}", name, "ogr").featureCount() == count


def _window(conn: sqlite3.Connection, xmin: float, xmax: float, ymin: float, ymax: float):
    rows = conn.execute(
        "SELECT id FROM rtree_claims_geom "
        "WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?",
        (xmin, xmax, ymin, ymax),
    )
    return sorted(r[0] for r in rows)


def test_first_sync_packs_the_spatial_index_later_syncs_keep_it(register):
    """A first sync fills the empty R-tree in one packed pass; later syncs edit that tree."""
    rows = [reg_row(f"25{i:05d}-1", cell=(i % 100, i // 100)) for i in range(3000)]
    register.apply(RegisterDiff(new=rows), a_run(new=3000), [])
    cell = 1.0 / 120.0  # 30": row r of column c holds fid 100 r + c + 1
    with closing(sqlite3.connect(str(register.path))) as conn:
        assert conn.execute("SELECT rtreecheck('rtree_claims_geom')").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM rtree_claims_geom").fetchone() == (3000,)
        root = conn.execute(
            "SELECT substr(data, 1, 2) FROM rtree_claims_geom_node WHERE nodeno = 1"
        )
        assert int.from_bytes(root.fetchone()[0], "big") == 2  # 3,000 boxes: leaves, level, root
        nodes = conn.execute("SELECT count(*) FROM rtree_claims_geom_node").fetchone()[0]
        assert nodes == 59 + 2 + 1  # packed full: 59 leaves of <= 51 boxes, 2 above, the root
        inside = (-67.0 + 10.2 * cell, -67.0 + 11.8 * cell, 50.5 + 20.2 * cell, 50.5 + 21.8 * cell)
        assert _window(conn, *inside) == [2011, 2012, 2111, 2112]  # cells x 10-11, y 20-21
    moved = reg_row("2500000-1", cell=(500, 500))  # fid 1 moves far away
    diff = RegisterDiff(changed=[moved], gone=["2500001-1"], gone_date=dt.date(2026, 11, 29))
    register.apply(diff, a_run(geometry=1, gone=1), [])
    far = (-67.0 + 500.2 * cell, -67.0 + 500.8 * cell, 50.5 + 500.2 * cell, 50.5 + 500.8 * cell)
    first_cell = (-67.0 + 0.2 * cell, -67.0 + 0.8 * cell, 50.5 + 0.2 * cell, 50.5 + 0.8 * cell)
    with closing(sqlite3.connect(str(register.path))) as conn:
        assert conn.execute("SELECT rtreecheck('rtree_claims_geom')").fetchone() == ("ok",)
        assert _window(conn, *far) == [1]
        assert _window(conn, *first_cell) == []
        assert conn.execute("SELECT count(*) FROM rtree_claims_geom").fetchone() == (3000,)
