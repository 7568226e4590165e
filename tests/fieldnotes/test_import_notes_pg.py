"""Field notes into a PostGIS register: same rows as a GeoPackage, photos as absolute paths in
the photo folder, the previous text kept, the notes layer and the claim's history."""

from __future__ import annotations

import psycopg
import pytest

from tests.fieldnotes.support import UUIDS, add_notes, edit_note, first_value, phone_copy
from tests.pack.test_pack_build import PACK, build

pytestmark = pytest.mark.postgis
SCHEMA = "terrain"


@pytest.fixture(scope="module")
def built(qgis_app, tmp_path_factory):
    from imperial_land.core.common.paths import sample_gpkg

    return build(sample_gpkg(), tmp_path_factory.mktemp("packs"), basemap_layers=[])


def test_import_into_postgis(built, pg_connection, postgis_server, postgis_db, tmp_path):
    from qgis.core import QgsProject, QgsVectorLayer

    from imperial_land.core.common.errors import UserError
    from imperial_land.core.fieldnotes import import_field_notes
    from imperial_land.core.register import add_notes_layer, title_history
    from imperial_land.core.register.pg import open_pg_register, pg_target

    target = pg_target(pg_connection, SCHEMA)
    register = open_pg_register(target)
    register.ensure_schema()
    register.close()
    gpkg = built.folder / f"{PACK}.gpkg"
    title = first_value(gpkg, "claims", "TIT_NO")
    folder = phone_copy(built.folder, tmp_path / "phone")
    add_notes(folder, title, first_value(gpkg, "parcels", "NO_LOT"))

    with pytest.raises(UserError, match="choose a photo folder the team can reach"):
        import_field_notes(folder, target)
    photos = tmp_path / "share" / "photos"
    result = import_field_notes(folder, target, photos)
    assert result.new == UUIDS
    conninfo = postgis_server.conninfo(postgis_db)
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            f"SELECT uuid, kind, observed, title, photos, ST_SRID(geom) FROM {SCHEMA}.field_notes "
            "ORDER BY fid"
        ).fetchall()
    first = photos / UUIDS[0]
    assert rows == [
        (
            UUIDS[0],
            "claim_post",
            "2026-07-14T10:30:05Z",
            title,
            f"{first / f'note_{UUIDS[0]}_1.jpg'}\n{first / f'note_{UUIDS[0]}_2.jpg'}",
            4269,
        ),
        (UUIDS[1], "access", "2026-07-14T11:02:00Z", None, None, 4269),
        (
            UUIDS[2],
            "cultural_site",
            "2026-07-15T09:15:00Z",
            None,
            str(photos / UUIDS[2] / f"note_{UUIDS[2]}_1.jpg"),
            4269,
        ),
    ]
    again = import_field_notes(folder, target, photos)
    assert (again.new, again.updated, again.unchanged) == ([], [], UUIDS)
    edit_note(folder, UUIDS[0], "Borne remplacée")
    edited = import_field_notes(folder, target, photos)
    assert edited.updated == [UUIDS[0]]
    with psycopg.connect(conninfo) as conn:
        assert conn.execute(
            f"SELECT note_uuid, note FROM {SCHEMA}.field_note_versions"
        ).fetchall() == [(UUIDS[0], "Borne nord-est trouvée, étiquette lisible")]
        assert conn.execute(f"SELECT count(*) FROM {SCHEMA}.field_notes").fetchone() == (3,)
    register = open_pg_register(target)
    try:
        history = title_history(register, title)
    finally:
        register.close()
    assert [(h.kind, h.old_value, h.new_value) for h in history][-2:] == [
        ("field_note", None, "Borne remplacée"),
        ("field_note_edit", "Borne nord-est trouvée, étiquette lisible", "Borne remplacée"),
    ]
    project = QgsProject()
    layer = add_notes_layer(project, target)
    assert isinstance(layer, QgsVectorLayer) and layer.featureCount() == 3
    project.clear()
