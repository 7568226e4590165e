"""A project's coordinate transform context chosen on purpose, so QGIS asks nothing on open.

For every pair of the project's CRSs (its layers', its own, and WGS 84, which the desktop uses
for coordinates and the map's extent), the best operation that this machine's PROJ can run is
recorded. A pair whose every operation needs a missing grid gets no entry: QGIS then uses its
ballpark fallback without asking. A desktop QGIS that finds an entry for a pair neither shows
"Select Transformation" nor warns "Cannot use preferred transform".
"""

from __future__ import annotations

from itertools import combinations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsCsException,
    QgsDatumTransform,
    QgsMapLayer,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)

WGS84 = "EPSG:4326"
# runnable_operation's answers this session, by the CRSs' keys (`_key`).
_RUNNABLE: dict[tuple[str, str], str] = {}


def runnable_operation(
    source: QgsCoordinateReferenceSystem, destination: QgsCoordinateReferenceSystem
) -> str:
    """The PROJ string of the most accurate operation this machine can run; '' for none.

    Operations come from PROJ in its order of preference; the first available one wins. Each
    pair is asked of PROJ once a session: on QGIS 3.40 every look-up prints PROJ's complaint
    about each missing grid on stderr (24 lines from Quebec Lambert to WGS 84, 196 from NAD83),
    and the projects ask again at every layer added.
    """
    key = (_key(source), _key(destination))
    if key not in _RUNNABLE:
        available = (
            details.proj
            for details in QgsDatumTransform.operations(source, destination)
            if details.isAvailable and details.proj
        )
        _RUNNABLE[key] = next(available, "")
    return _RUNNABLE[key]


def _key(crs: QgsCoordinateReferenceSystem) -> str:
    """A CRS's authority code, or its WKT when it has none."""
    return crs.authid() or crs.toWkt(QgsCoordinateReferenceSystem.WKT2_2019)


def project_crses(
    project: QgsProject, layers: list[QgsMapLayer] | None = None
) -> list[QgsCoordinateReferenceSystem]:
    """Distinct valid CRSs of the project, its layers (and `layers`), and WGS 84."""
    candidates = [project.crs(), QgsCoordinateReferenceSystem(WGS84)]
    candidates += [layer.crs() for layer in project.mapLayers().values()]
    candidates += [layer.crs() for layer in layers or []]
    crses: list[QgsCoordinateReferenceSystem] = []
    for crs in candidates:
        if crs.isValid() and all(crs != known for known in crses):
            crses.append(crs)
    return crses


def chosen_context(
    crses: list[QgsCoordinateReferenceSystem],
    context: QgsCoordinateTransformContext | None = None,
) -> QgsCoordinateTransformContext:
    """`context` (or an empty one) with an operation for each way between two of `crses`
    where a runnable one exists, each way the one PROJ ranks first.

    Both ways, each with its own entry: QGIS would run one way's entry reversed for the other,
    but QGIS 3.40 (Debian 13's 3.40.6) fails every bounding box through a reversed entry
    (`bounding_box`), such as each layer's WGS 84 extent ("Error transforming extent"). A pair
    held both ways costs no look-up (a project the plugin recorded before). A pair held one way
    with PROJ's first choice (this plugin's projects before, or a user who kept the default)
    gets the other way too; a pair held with another operation is someone's choice and stays
    as it is, reversed the other way.
    """
    context = QgsCoordinateTransformContext(context) if context else QgsCoordinateTransformContext()
    for first, second in combinations(crses, 2):
        ways = [(first, second), (second, first)]
        missing = [way for way in ways if not _held_this_way(context, *way)]
        held = [way for way in ways if way not in missing]
        if not missing or any(
            context.calculateCoordinateOperation(*way) != runnable_operation(*way) for way in held
        ):
            continue  # both ways held, or someone's own choice (QGIS runs it reversed)
        for source, destination in missing:
            operation = runnable_operation(source, destination)
            if operation:
                context.addCoordinateOperation(source, destination, operation)
    return context


def _held_this_way(
    context: QgsCoordinateTransformContext,
    source: QgsCoordinateReferenceSystem,
    destination: QgsCoordinateReferenceSystem,
) -> bool:
    """Whether `context` holds an entry from `source` to `destination` (not the other way)."""
    if not context.hasTransform(source, destination):
        return False
    return not context.mustReverseCoordinateOperation(source, destination)


def record_transforms(project: QgsProject, layers: list[QgsMapLayer] | None = None) -> None:
    """Fill `project`'s transform context for its CRSs and those of `layers` (to be added).

    Call it before adding layers (the desktop asks on add) and before writing the project.
    """
    context = chosen_context(project_crses(project, layers), project.transformContext())
    project.setTransformContext(context)


def unprompted_options(crs: QgsCoordinateReferenceSystem) -> QgsVectorLayer.LayerOptions:
    """Options for a layer in `crs` opened outside a project (a file the plugin just wrote):
    QGIS works out each layer's WGS 84 extent as it loads it, and without an operation chosen
    for that pair a desktop QGIS warns "Cannot use preferred transform" (a missing grid)."""
    return QgsVectorLayer.LayerOptions(_with_wgs84(crs))


def settle_unprompted(layer: QgsMapLayer) -> None:
    """Give `layer`, opened outside a project (qgis_process's inputs), the operation to WGS 84
    that `unprompted_options` gives the plugin's own: its copies (the PDF map's) work out their
    WGS 84 extent through it, and QGIS no longer prints "Using non-preferred coordinate
    operation" about a grid this machine lacks."""
    layer.setTransformContext(_with_wgs84(layer.crs(), layer.transformContext()))


def _with_wgs84(
    crs: QgsCoordinateReferenceSystem, context: QgsCoordinateTransformContext | None = None
) -> QgsCoordinateTransformContext:
    """`context` with the operations between `crs` and WGS 84 (`chosen_context`)."""
    return chosen_context([crs, QgsCoordinateReferenceSystem(WGS84)], context)


def bounding_box(transform: QgsCoordinateTransform, box: QgsRectangle) -> QgsRectangle:
    """`transform.transformBoundingBox(box)`; when QGIS fails it, the box through the operation
    `chosen_context` picks between the same CRSs, held the way it is asked.

    QGIS 3.40 as Debian 13 ships it (3.40.6, qgis/QGIS#61999) fails every box through an
    operation that the transform context holds the other way round ("Invalid coordinate"), as
    QGIS's "Select Transformation" records a user's choice. Later QGIS releases fall back to
    PROJ's own choice (qgis/QGIS#60759); that one may need a grid this machine lacks, and QGIS
    then warns "Cannot use preferred transform" (the desktop) or "Using non-preferred
    coordinate operation" (qgis_process). A box is approximate anyway. A box that fails both
    ways raises the second failure.
    """
    try:
        return transform.transformBoundingBox(box)
    except QgsCsException:
        source, destination = transform.sourceCrs(), transform.destinationCrs()
        context = chosen_context([source, destination])
        return QgsCoordinateTransform(source, destination, context).transformBoundingBox(box)
