"""The pieces behind the desktop fixes: roles, transform context, label font, QField actions,
the dock's role boxes (with damaged projects), the report folder, a claim's history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from qgis.core import (
    QgsAction,
    QgsCoordinateReferenceSystem,
    QgsDatumTransform,
    QgsFontUtils,
    QgsProcessingUtils,
    QgsProject,
    QgsVectorLayer,
)

from imperial_land.core.common import settings
from imperial_land.core.maplayers.actions import ACTION_ID
from imperial_land.core.maplayers.label_font import label_font_family
from imperial_land.core.maplayers.overlay import add_land_layers
from imperial_land.core.maplayers.roles import ROLE_PROPERTY, Role, layers_with_role, role_of
from imperial_land.core.maplayers.sample import sample_layers
from imperial_land.core.maplayers.transform_context import (
    chosen_context,
    project_crses,
    unprompted_options,
)
from imperial_land.core.pack.qfield import CABLE_ACTION, CLOUD_ACTION, unconfigured
from imperial_land.core.register.gpkg import GpkgRegister
from imperial_land.core.register.history import title_history
from imperial_land.core.sync.run import sync_register
from imperial_land.gui.report_folder import default_report_folder
from imperial_land.gui.role_combos import RoleCombos, choice_key, pick
from tests.support.gestim_builder import COMPANY, gestim_zip_bytes, sample_rows

QUEBEC = QgsCoordinateReferenceSystem("EPSG:32198")
NAD83 = QgsCoordinateReferenceSystem("EPSG:4269")
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


@pytest.fixture
def project(qgis_app):
    project = QgsProject.instance()
    project.clear()
    yield project
    project.clear()


def test_role_values_are_the_stored_text():
    assert [r.value for r in Role] == [
        "claims",
        "parcels",
        "territories",
        "aoi",
        "flags",
        "basemap",
    ]
    assert Role.parse("claims") is Role.CLAIMS
    assert Role.parse("removed-role") is None and Role.parse(None) is None


def test_loaded_layers_carry_their_role_and_the_claims_history_action(project):
    loaded = add_land_layers(project, *sample_layers())
    for role in ("claims", "parcels", "territories"):
        assert loaded.layers[role].customProperty(ROLE_PROPERTY) == role
        assert layers_with_role(project, Role(role)) == [loaded.layers[role]]
    action = loaded.layers["claims"].actions().action(ACTION_ID)
    assert action.isValid() and action.type() == QgsAction.ActionType.GenericPython
    assert {"Feature", "Canvas"} <= set(action.actionScopes())
    assert "show_claim_history" in action.command()
    # loading again replaces the action, never stacks copies
    add_land_layers(project, claims=loaded.layers["claims"])
    ids = [a.id() for a in loaded.layers["claims"].actions().actions()]
    assert ids.count(ACTION_ID) == 1


def test_transform_context_holds_runnable_operations_for_every_pair(project):
    loaded = add_land_layers(project, *sample_layers())
    project.setCrs(QUEBEC)
    crses = project_crses(project)
    assert {c.authid() for c in crses} >= {"EPSG:32198", "EPSG:4326", "EPSG:4269"}
    context = chosen_context(crses)
    for source in crses:
        for destination in crses:
            if source == destination:
                continue
            # each way its own entry (tests/maplayers/test_transform_context.py says why)
            operation = context.calculateCoordinateOperation(source, destination)
            runnable = [
                d.proj for d in QgsDatumTransform.operations(source, destination) if d.isAvailable
            ]
            assert operation == (runnable[0] if runnable else ""), (
                source.authid(),
                destination.authid(),
            )
    assert loaded.layers  # the load itself filled the project's context already
    assert project.transformContext().hasTransform(NAD83, WGS84)


def test_a_layer_opened_outside_a_project_has_its_wgs84_operation(tmp_path):
    """The report's own layers (the PDF map's copies, the flags shown) get the operation to
    WGS 84 that QGIS needs for each layer's WGS 84 extent: no "Cannot use preferred transform"
    in the desktop's message bar (tests/desktop/test_desktop.py runs the dock for it)."""
    options = unprompted_options(QUEBEC)
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:32198", "copy", "memory", options)
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    operation = layer.transformContext().calculateCoordinateOperation(QUEBEC, wgs84)
    runnable = [d.proj for d in QgsDatumTransform.operations(QUEBEC, wgs84) if d.isAvailable]
    assert operation == (runnable[0] if runnable else "")
    assert layer.transformContext().hasTransform(QUEBEC, wgs84) == bool(runnable)


def test_parcel_labels_name_a_font_on_this_system(project):
    loaded = add_land_layers(project, *sample_layers())
    family = loaded.layers["parcels"].labeling().settings().format().font().family()
    assert family == label_font_family()
    assert QgsFontUtils.fontFamilyOnSystem(family)


def test_pack_project_layers_are_qfield_read_only_copies(tmp_path, qgis_processing):
    from imperial_land.core.maplayers.sample import sample_layer
    from imperial_land.core.pack.build import build_pack
    from imperial_land.core.pack.request import PackRequest

    aoi_layer = sample_layer("aoi")
    aoi = next(f for f in aoi_layer.getFeatures() if f["NAME"] == "Sept-Iles plant site")
    layers = [sample_layer(n) for n in ("claims", "parcels", "territories")]
    request = PackRequest(
        "site", aoi.geometry(), aoi_layer.crs(), layers, tmp_path, layers[:1], 10, 11
    )
    built = build_pack(request)
    packed = QgsProject()
    assert packed.read(str(built.folder / "site.qgz"))
    every = list(packed.mapLayers().values())
    assert len(every) == 5
    assert unconfigured(every) == []
    notes = packed.mapLayersByName("Field notes")[0]  # the one layer QField edits
    assert notes.customProperty(CLOUD_ACTION) == "offline" and not notes.readOnly()
    opened = [layer for layer in every if layer is not notes]
    for layer in opened:
        assert layer.customProperty(CABLE_ACTION) == "copy"
        assert layer.customProperty(CLOUD_ACTION) == "no_action"
        assert not isinstance(layer, QgsVectorLayer) or layer.readOnly()
    assert sorted(r.value for r in map(role_of, opened)) == [
        "basemap",
        "claims",
        "parcels",
        "territories",
    ]
    assert packed.transformContext().coordinateOperations() != {}
    packed.clear()


def test_role_boxes_pick_marked_layers_and_keep_the_users_choice(project, qgis_iface):
    from qgis.gui import QgsMapLayerComboBox

    boxes = {Role.CLAIMS: QgsMapLayerComboBox(), Role.PARCELS: QgsMapLayerComboBox()}
    for box in boxes.values():
        box.setAllowEmptyLayer(True)  # as the panels' boxes
    combos = RoleCombos("test", boxes, None)
    loaded = add_land_layers(project, *sample_layers())
    combos.refresh()
    assert boxes[Role.CLAIMS].currentLayer() is loaded.layers["claims"]
    assert boxes[Role.PARCELS].currentLayer() is loaded.layers["parcels"]
    # the user picks another layer: kept in the project
    claims_box = boxes[Role.CLAIMS]
    claims_box.setLayer(loaded.layers["territories"])
    claims_box.activated.emit(claims_box.currentIndex())  # as a user's click does
    stored, _ok = project.readEntry("imperial_land", choice_key("test", Role.CLAIMS))
    assert stored == loaded.layers["territories"].id()
    combos.refresh()
    assert boxes[Role.CLAIMS].currentLayer() is loaded.layers["territories"]
    combos.disconnect_project()


def test_damaged_projects_give_empty_boxes_that_say_why(project):
    loaded = add_land_layers(project, *sample_layers())
    loaded.layers["parcels"].removeCustomProperty(ROLE_PROPERTY)
    layer, why = pick(project, "test", Role.PARCELS)
    assert layer is None and "marked as parcels" in why
    loaded.layers["claims"].setCustomProperty(ROLE_PROPERTY, "no-such-role")
    assert pick(project, "test", Role.CLAIMS)[0] is None
    project.writeEntry("imperial_land", choice_key("test", Role.TERRITORIES), "gone_id")
    layer, why = pick(project, "test", Role.TERRITORIES)
    assert layer is None and "no longer in it" in why
    assert pick(project, "test", Role.AOI) == (None, "")  # optional: nothing to say


def test_report_folder_is_the_projects_then_the_last_one_never_temp(project, tmp_path):
    settings.set_value("report/last_folder", str(tmp_path))
    assert default_report_folder(project) == tmp_path
    settings.reset("report/last_folder")
    assert default_report_folder(project) == Path.home()
    saved = tmp_path / "work"
    saved.mkdir()
    project.write(str(saved / "p.qgz"))
    assert default_report_folder(project) == saved
    unsaved = QgsProject()
    assert default_report_folder(unsaved) == Path.home()
    assert default_report_folder(unsaved) != Path(QgsProcessingUtils.tempFolder())


def test_claim_history_lists_a_titles_changes(tmp_path, gestim_server, fast_http, qgis_app):
    def sync():
        return sync_register(
            gestim_server.url,
            tmp_path / "register.gpkg",
            today=dt.date(2026, 10, 1),
            cache_dir=tmp_path / "cache",
            http_options=fast_http,
            holders=[COMPANY],
            alert_days=90,
        )

    sync()
    rows = sample_rows()
    rows[0].update(STI_CODE="S", STI_DES_FR="Suspendu", STI_DES_AN="Suspended")
    gestim_server.publish(gestim_zip_bytes(rows), etag='"week2"')
    sync()
    register = GpkgRegister(tmp_path / "register.gpkg")
    try:
        history = title_history(register, "2512345")
        generic = title_history(_RunByRun(register), "2512345")
    finally:
        register.close()
    assert [(h.kind, h.field, h.old_value, h.new_value, h.run_id) for h in history] == [
        ("status", "STI_CODE", "A", "S", 2),
        ("status", "STI_DES_FR", "Actif", "Suspendu", 2),
        ("status", "STI_DES_AN", "Active", "Suspended", 2),
        ("new", "", None, None, 1),  # newest run first; the first sync brought the title
    ]
    assert all(h.date.startswith(str(dt.date.today().year)) for h in history)
    assert generic == history  # the PostGIS path (run by run) gives the same rows
    layer = QgsVectorLayer(f"{tmp_path / 'register.gpkg'}|layername=claims", "claims", "ogr")
    from imperial_land.gui.claim_history import history_of

    feature = next(f for f in layer.getFeatures() if str(f["TIT_NO"]) == "2512345")
    title, entries = history_of(layer, feature.id())
    assert title == "2512345" and entries == history


def test_the_register_layers_find_their_operations_recorded(
    project, tmp_path, gestim_server, fast_http
):
    """The register's claims and field notes (NAD83) added to a project in Web Mercator (WGS
    84): the operation each way between the two is recorded before the add, so the desktop
    neither asks nor warns of a missing grid."""
    from imperial_land.core.register import add_notes_layer, add_register_layer

    path = tmp_path / "register.gpkg"
    sync_register(gestim_server.url, path, cache_dir=tmp_path / "cache", http_options=fast_http)
    mercator = QgsCoordinateReferenceSystem("EPSG:3857")
    project.setCrs(mercator)
    added = [add_register_layer(project, path), add_notes_layer(project, str(path))]
    context = project.transformContext()
    assert [layer.crs().authid() for layer in added] == ["EPSG:4269", "EPSG:4269"]
    for source, destination in ((NAD83, mercator), (mercator, NAD83)):
        runnable = [
            d.proj for d in QgsDatumTransform.operations(source, destination) if d.isAvailable
        ]
        assert context.calculateCoordinateOperation(source, destination) == runnable[0]
        assert not context.mustReverseCoordinateOperation(source, destination)


class _RunByRun:
    """A backend seen only through RegisterBackend's runs() and changes() (as PostGIS is)."""

    def __init__(self, backend):
        self.backend = backend

    def runs(self):
        return self.backend.runs()

    def changes(self, run_id):
        return self.backend.changes(run_id)
