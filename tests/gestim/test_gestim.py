"""Reading GESTIM zips, folders and downloads into records: exact rows, accents, dates, errors."""

from __future__ import annotations

import datetime
import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import shapely
from qgis.core import QgsProcessingFeedback

from imperial_land.core.common.errors import Cancelled, UserError
from imperial_land.core.gestim.reader import DownloadState, read_gestim_source, read_gestim_zip
from tests.support.gestim_builder import (
    ACTIVE_LAYER,
    COMPANY,
    GESTIM_SCHEMA,
    HOLDER,
    build_gestim_zip,
    cell_polygon,
    corrupt_zip,
    damage_zip_member,
    gestim_zip_bytes,
    make_titles,
    sample_rows,
    title_row,
    write_gestim_shapefile,
)

EXPECTED = [  # TIT_NO, DET_NO, DET_NOM, DET_POURC, STI_CODE, STI_DES_FR, TIT_DAT_EX
    ("2512345", 1, "Société minière du Nord ltée", 100.0, "A", "Actif", datetime.date(2027, 3, 14)),
    ("2512346", 7, "Imperial Mining Group Ltd.", 60.0, "A", "Actif", datetime.date(2027, 3, 14)),
    ("2512346", 8, "Exploration Côte-Nord inc.", 40.0, "A", "Actif", datetime.date(2027, 3, 14)),
    ("2512347", 7, "Imperial Mining Group Ltd.", 100.0, "R", "En attente de renouvellement",
     datetime.date(2026, 12, 1)),
    ("2512348", 9, "Ressources Bédard-Légaré", 100.0, "A", "Actif", datetime.date(2027, 3, 14)),
]  # fmt: skip
KEYS = ("TIT_NO", "DET_NO", "DET_NOM", "DET_POURC", "STI_CODE", "STI_DES_FR", "TIT_DAT_EX")


def _summary(rows: list[dict]) -> list[tuple]:
    return [tuple(row[k] for k in KEYS) for row in rows]


@pytest.fixture
def sample_zip(tmp_path) -> Path:
    return build_gestim_zip(tmp_path / "TITRES_ACTIFS_ACTIVE_TITLES.zip", sample_rows())


def test_zip_rows_are_read_exactly(sample_zip):
    batch = read_gestim_zip(sample_zip)
    assert _summary(batch.rows) == EXPECTED
    assert batch.fields == list(GESTIM_SCHEMA)
    assert batch.crs_authid == "EPSG:4269"
    assert batch.source == str(sample_zip)
    assert batch.titles() == ["2512345", "2512346", "2512347", "2512348"]  # 5 rows, 4 titles
    first = batch.rows[0]
    assert list(first) == [*list(GESTIM_SCHEMA), "geometry_wkb"]
    assert first["TIT_DAT_EM"] == datetime.date(2021, 3, 15)
    assert type(first["TIT_DAT_EM"]) is datetime.date
    assert first["TIT_NB_REN"] == 1 and type(first["TIT_NB_REN"]) is int
    assert first["TIT_SUPRF"] == 52.87
    assert first["TT_DES_FR"] == "Claim désigné sur carte"


def test_geometry_comes_as_wkb_in_the_source_crs(sample_zip):
    batch = read_gestim_zip(sample_zip)
    geometries = [shapely.from_wkb(row["geometry_wkb"]) for row in batch.rows]
    assert [g.bounds for g in geometries] == [
        cell_polygon(*cell).bounds for cell in [(0, 0), (1, 0), (1, 0), (0, 1), (1, 1)]
    ]
    assert geometries[0].bounds == (-67.0, 50.5, -67.0 + 1 / 120, 50.5 + 1 / 120)
    assert geometries[0].equals(cell_polygon(0, 0))


def test_dbf_is_cp1252_and_accents_decode_exactly(sample_zip):
    with zipfile.ZipFile(sample_zip) as archive:
        dbf = archive.read(ACTIVE_LAYER + ".dbf")
    assert b"Soci\xe9t\xe9 mini\xe8re du Nord lt\xe9e" in dbf  # cp1252 bytes on disk
    assert "Société".encode() not in dbf
    holders = [row["DET_NOM"] for row in read_gestim_zip(sample_zip).rows]
    assert holders[0] == "Société minière du Nord ltée"
    assert holders[4] == "Ressources Bédard-Légaré"


def test_dbase_date_fields_are_real_dates_too(tmp_path):
    path = build_gestim_zip(tmp_path / "d.zip", sample_rows(), date_type="date")
    rows = read_gestim_zip(path).rows
    assert [r["TIT_DAT_EX"] for r in rows] == [row[6] for row in EXPECTED]
    assert {r["TIT_DAT_EM"] for r in rows} == {datetime.date(2021, 3, 15)}


def test_unknown_fields_are_kept_and_empty_values_are_none(tmp_path):
    rows = [
        title_row(2600001, NOUV_CHAMP="Zone spéciale", ZON_DAT_MJ="20260105"),
        title_row(2600002, holder="", TIT_SUPRF=None, NOUV_CHAMP="", ZON_DAT_MJ=""),
    ]
    extra = {"NOUV_CHAMP": "str:30", "ZON_DAT_MJ": "str:8"}
    batch = read_gestim_zip(build_gestim_zip(tmp_path / "x.zip", rows, extra_fields=extra))
    assert batch.fields[-2:] == ["NOUV_CHAMP", "ZON_DAT_MJ"]
    assert [(r["NOUV_CHAMP"], r["ZON_DAT_MJ"]) for r in batch.rows] == [
        ("Zone spéciale", datetime.date(2026, 1, 5)),
        (None, None),
    ]
    assert batch.rows[1]["DET_NOM"] is None
    assert batch.rows[1]["TIT_SUPRF"] is None


def test_crs_is_read_from_the_prj_never_assumed(tmp_path):
    path = build_gestim_zip(tmp_path / "w.zip", sample_rows()[:1], crs="EPSG:4326")
    assert read_gestim_zip(path).crs_authid == "EPSG:4326"


def test_zip_with_shapefile_in_a_subfolder(tmp_path):
    path = build_gestim_zip(tmp_path / "s.zip", sample_rows(), folder_in_zip="Province_shape")
    assert _summary(read_gestim_zip(path).rows) == EXPECTED


def test_corrupt_zip_gives_a_clear_message(sample_zip):
    corrupt_zip(sample_zip)
    with pytest.raises(
        UserError, match=r"is not a valid zip file \(corrupt or incomplete download"
    ):
        read_gestim_zip(sample_zip)


def test_zip_with_a_damaged_member_gives_a_clear_message(tmp_path):
    path = build_gestim_zip(tmp_path / "d.zip", make_titles(300))
    damage_zip_member(path, ".dbf")
    with pytest.raises(UserError) as error:
        read_gestim_zip(path)
    assert str(error.value) == (
        "d.zip is damaged: TITRES_ACTIFS_ACTIVE_TITLES.dbf fails its checksum. Download it again."
    )


def test_zip_without_prj_gives_a_clear_message(tmp_path):
    path = build_gestim_zip(tmp_path / "n.zip", sample_rows(), prj=False)
    with pytest.raises(UserError) as error:
        read_gestim_zip(path)
    assert str(error.value) == (
        "n.zip has no .prj file beside TITRES_ACTIFS_ACTIVE_TITLES.shp: the coordinate system "
        "cannot be known (GESTIM's files always have one). Get the complete file again."
    )


def test_shapefile_without_tit_no_gives_a_clear_message(tmp_path):
    path = build_gestim_zip(tmp_path / "m.zip", sample_rows(), drop_fields=["TIT_NO"])
    with pytest.raises(
        UserError, match=r"has no TIT_NO field \(title number\); fields found: TT_CODE"
    ):
        read_gestim_zip(path)


def test_folder_and_shp_are_sources_too(tmp_path):
    shp = write_gestim_shapefile(tmp_path / "office", sample_rows())
    batch, state = read_gestim_source(str(tmp_path / "office"), tmp_path / "cache", None)
    assert _summary(batch.rows) == EXPECTED
    assert batch.source == str(tmp_path / "office")
    assert batch.source_date == datetime.date.fromtimestamp(shp.stat().st_mtime)
    again, same = read_gestim_source(str(tmp_path / "office"), tmp_path / "cache", state)
    assert again is None and same.sha256 == state.sha256
    batch_shp, _ = read_gestim_source(str(shp), tmp_path / "cache", None)
    assert _summary(batch_shp.rows) == EXPECTED
    assert not (tmp_path / "cache").exists()  # local sources are read in place


def test_local_zip_unchanged_then_changed(sample_zip, tmp_path):
    batch, state = read_gestim_source(str(sample_zip), tmp_path / "cache", None)
    assert state.sha256 == hashlib.sha256(sample_zip.read_bytes()).hexdigest()
    assert state.size == sample_zip.stat().st_size
    assert len(batch.rows) == 5
    assert read_gestim_source(sample_zip.as_uri(), tmp_path / "cache", state)[0] is None
    build_gestim_zip(sample_zip, sample_rows()[:2])
    changed, new_state = read_gestim_source(str(sample_zip), tmp_path / "cache", state)
    assert changed.titles() == ["2512345", "2512346"]
    assert new_state.sha256 != state.sha256


def test_missing_local_source_gives_a_clear_message(tmp_path):
    with pytest.raises(UserError, match=r"The GESTIM source .*nowhere\.zip does not exist"):
        read_gestim_source(str(tmp_path / "nowhere.zip"), tmp_path, None)


def test_download_then_unchanged_then_new_week(gestim_server, fast_http, tmp_path):
    cache = tmp_path / "cache"
    batch, state = read_gestim_source(gestim_server.url, cache, None, options=fast_http)
    assert _summary(batch.rows) == EXPECTED
    assert batch.source == gestim_server.url
    assert batch.source_date == datetime.date(2026, 11, 23)  # from Last-Modified
    assert state.etag == gestim_server.etag
    assert list(cache.iterdir()) == []  # read, then removed: nothing piles up in the cache

    unchanged, same = read_gestim_source(gestim_server.url, cache, state, options=fast_http)
    assert unchanged is None and same == state
    assert gestim_server.statuses() == [200, 304]
    assert gestim_server.log[1]["sent"] == 0

    rows = sample_rows()
    rows[0]["DET_NOM"] = COMPANY
    gestim_server.publish(gestim_zip_bytes(rows), datetime.datetime(2026, 11, 30, 6, 0))
    fresh, new_state = read_gestim_source(gestim_server.url, cache, state, options=fast_http)
    assert fresh.rows[0]["DET_NOM"] == COMPANY and HOLDER != COMPANY
    assert fresh.source_date == datetime.date(2026, 11, 30)
    assert new_state.etag == gestim_server.etag != state.etag
    assert list(cache.iterdir()) == []


def test_same_bytes_under_a_new_etag_count_as_unchanged(gestim_server, fast_http, tmp_path):
    _batch, state = read_gestim_source(gestim_server.url, tmp_path, None, options=fast_http)
    gestim_server.publish(gestim_server.body, etag='"republished"')
    again, new_state = read_gestim_source(gestim_server.url, tmp_path, state, options=fast_http)
    assert gestim_server.statuses() == [200, 200]
    assert again is None
    assert new_state.sha256 == state.sha256 and new_state.etag == '"republished"'
    assert list(tmp_path.iterdir()) == []  # the same bytes again: removed too


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"prj": False}, "has no .prj file"),
        ({"drop_fields": ["TIT_NO"]}, "has no TIT_NO field"),
    ],
)
def test_bad_downloaded_zip_is_refused_and_not_cached(
    gestim_server, fast_http, tmp_path, options, message
):
    gestim_server.publish(gestim_zip_bytes(sample_rows(), **options))
    with pytest.raises(UserError, match=message):
        read_gestim_source(gestim_server.url, tmp_path, None, options=fast_http)
    assert list(tmp_path.iterdir()) == []


def test_corrupt_downloaded_zip_is_refused_and_not_cached(gestim_server, fast_http, tmp_path):
    """Named by its URL: the cache file it went to means nothing to the user."""
    gestim_server.publish(gestim_server.body[:-200])
    with pytest.raises(UserError) as caught:
        read_gestim_source(gestim_server.url, tmp_path, None, options=fast_http)
    assert str(caught.value).startswith(f"{gestim_server.url} is not a valid zip file (")
    assert str(caught.value).endswith("). Download it again.")
    assert list(tmp_path.iterdir()) == []
    gestim_server.publish(b"<html>Maintenance</html>")  # a 200 that is no zip at all
    with pytest.raises(UserError) as caught:
        read_gestim_source(gestim_server.url, tmp_path, None, options=fast_http)
    assert str(caught.value) == (
        f"{gestim_server.url} is not a valid zip file (corrupt or incomplete download). "
        "Download it again."
    )


def test_404_source_gives_a_clear_message(gestim_server, fast_http, tmp_path):
    gestim_server.then(status=404)
    with pytest.raises(UserError, match=r"not found on the server \(HTTP 404\)"):
        read_gestim_source(gestim_server.url, tmp_path, None, options=fast_http)
    previous = DownloadState(gestim_server.url, '"old"')
    gestim_server.then(status=404)
    with pytest.raises(UserError, match=r"not found on the server \(HTTP 404\)"):
        read_gestim_source(gestim_server.url, tmp_path, previous, options=fast_http)
    assert list(tmp_path.iterdir()) == []


def test_cancel_while_reading(sample_zip):
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(Cancelled):
        read_gestim_zip(sample_zip, feedback)


def _gdal_objects_in_traceback(error: BaseException) -> list[str]:
    """'function: name' of every GDAL object still held by a frame of the error's tracebacks
    (its causes' too)."""
    from osgeo import gdal, ogr

    held, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        tb = error.__traceback__
        while tb is not None:
            frame = tb.tb_frame
            held += [
                f"{frame.f_code.co_name}: {name}"
                for name, value in frame.f_locals.items()
                if isinstance(value, (gdal.Dataset, ogr.DataSource, ogr.Layer, ogr.Feature))
            ]
            tb = tb.tb_next
        error = error.__cause__ or error.__context__
    return held


FAILED_READS = {  # build_gestim_zip options of a read that fails
    "cancelled": {},
    "wrong cpg": {"cpg_text": "UTF-8"},
    "no TIT_NO": {"drop_fields": ["TIT_NO"]},
    "no prj": {"prj": False},
}


# The OGR reader (GDAL < 3.6) takes GDAL's own recoding, which does not refuse a wrong .cpg.
@pytest.mark.parametrize(
    "failure, arrow",
    [(failure, True) for failure in FAILED_READS]
    + [(failure, False) for failure in FAILED_READS if failure != "wrong cpg"],
)
def test_a_failed_read_leaves_no_gdal_dataset_open(tmp_path, monkeypatch, failure, arrow):
    """The error's traceback keeps the reader's frames until the garbage collector gets to them:
    a GDAL dataset held there keeps the file open, and closing it after QGIS exited crashes
    (the suite segfaulted at exit on QGIS 3.40). Every GDAL handle is released on error."""
    if not arrow:
        monkeypatch.setattr("imperial_land.core.gestim.reader.arrow_available", lambda: False)
    feedback = QgsProcessingFeedback()
    path = build_gestim_zip(tmp_path / "f.zip", sample_rows(), **FAILED_READS[failure])
    if failure == "cancelled":
        feedback.cancel()
    with pytest.raises(Cancelled if failure == "cancelled" else UserError) as error:
        read_gestim_zip(path, feedback)
    assert _gdal_objects_in_traceback(error.value) == []


def test_without_arrow_the_ogr_reader_gives_the_same_batch(sample_zip, monkeypatch):
    by_arrow = read_gestim_zip(sample_zip)
    monkeypatch.setattr("imperial_land.core.gestim.reader.arrow_available", lambda: False)
    by_ogr = read_gestim_zip(sample_zip)
    assert by_ogr.rows == by_arrow.rows
    assert by_ogr.crs_authid == by_arrow.crs_authid == "EPSG:4269"


def test_the_plugin_reads_gestim_with_qgis_gdal_never_fiona(sample_zip):
    """fiona's wheel brings its own GDAL and PROJ data: loaded into QGIS, it breaks EPSG look-ups
    for the rest of the session (PROJ 9.6). The plugin reads and writes with QGIS's osgeo.ogr."""
    code = (
        "import sys, pkgutil, importlib, imperial_land\n"
        "for m in pkgutil.walk_packages(imperial_land.__path__, 'imperial_land.'):\n"
        "    importlib.import_module(m.name)\n"
        "from imperial_land.core.gestim.reader import read_gestim_zip\n"
        f"read_gestim_zip({str(sample_zip)!r})\n"
        "print(sorted({'fiona', 'pyproj', 'rasterio', 'pyogrio'} & set(sys.modules)))"
    )
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


# --- encodings: .cpg, the dBASE language byte, mojibake (issue 15) ------------------------------


def _holders(path: Path) -> list[str]:
    return [row["DET_NOM"] for row in read_gestim_zip(path).rows]


HOLDERS = [row[2] for row in EXPECTED]


def test_a_utf8_dbf_with_its_cpg_reads_exactly(tmp_path):
    path = build_gestim_zip(tmp_path / "u.zip", sample_rows(), encoding="utf-8", cpg=True)
    with zipfile.ZipFile(path) as archive:
        assert archive.read(ACTIVE_LAYER + ".cpg").strip().upper() in (b"UTF-8", b"UTF8")
        assert "Société minière".encode() in archive.read(ACTIVE_LAYER + ".dbf")
    assert _summary(read_gestim_zip(path).rows) == EXPECTED


@pytest.mark.parametrize("text", ["1252", "ANSI 1252", "CP1252", "windows-1252"])
def test_a_cpg_naming_cp1252_in_any_spelling_reads_exactly(tmp_path, text):
    path = build_gestim_zip(tmp_path / "c.zip", sample_rows(), cpg_text=text)
    assert _holders(path) == HOLDERS


def test_without_cpg_the_dbase_language_byte_names_the_encoding(tmp_path):
    path = build_gestim_zip(tmp_path / "l.zip", sample_rows(), encoding="cp850", ldid=0x02)
    assert _holders(path) == HOLDERS
    folder = tmp_path / "plain"
    write_gestim_shapefile(folder, sample_rows(), ldid=0x00)  # no language named: cp1252
    assert _holders(folder) == HOLDERS


def test_a_utf8_dbf_without_cpg_is_refused_as_mojibake(tmp_path):
    path = build_gestim_zip(tmp_path / "u.zip", sample_rows(), encoding="utf-8", ldid=0x00)
    with pytest.raises(UserError) as error:
        read_gestim_zip(path)
    assert str(error.value) == (
        "The texts of u.zip look wrongly decoded: TT_DES_FR holds 'Claim dÃ©signÃ© sur carte' "
        "(UTF-8 read as cp1252). Add a .cpg file holding UTF-8 beside the .dbf (or fix the one "
        "there) and read the file again; the register is unchanged."
    )


def test_a_wrong_cpg_is_refused_with_a_clear_message(tmp_path):
    path = build_gestim_zip(tmp_path / "w.zip", sample_rows(), cpg_text="UTF-8")  # cp1252 bytes
    with pytest.raises(UserError) as error:
        read_gestim_zip(path)
    assert str(error.value) == (
        "The texts of w.zip are not utf-8 ('Claim d\xe9sign\xe9 sur carte' cannot be read that "
        "way): the .cpg file beside the .dbf names the wrong encoding. Fix or remove the .cpg "
        "and read the file again; the register is unchanged."
    )
    unknown = build_gestim_zip(tmp_path / "x.zip", sample_rows(), cpg_text="KLINGON-7")
    with pytest.raises(UserError, match="names an encoding this plugin does not know: 'KLINGON-7'"):
        read_gestim_zip(unknown)
