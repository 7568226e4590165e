"""The consultation tables as project layers, edited with QGIS's own attribute forms: relations
site -> events -> commitments, value maps for the fixed lists, date widgets, relation editors
and mandatory fields. Works on a GeoPackage and on a PostGIS register (the PostgreSQL provider
writes only the fields an editor changed, so two people's edits to one row are both kept).
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsAttributeEditorContainer,
    QgsAttributeEditorField,
    QgsAttributeEditorRelation,
    QgsDefaultValue,
    QgsEditFormConfig,
    QgsEditorWidgetSetup,
    QgsFieldConstraints,
    QgsProject,
    QgsRelation,
    QgsRelationContext,
    QgsVectorLayer,
)

from imperial_land.core.common import UserError, compat, tr
from imperial_land.core.consultation.labels import form_labels, site_kind_labels, status_labels
from imperial_land.core.register import (
    COMMITMENTS,
    COMMITMENTS_TABLE,
    DATE,
    EVENTS,
    EVENTS_TABLE,
    SITES,
    SITES_TABLE,
    RegisterBackend,
    Table,
)

LAYER_PROPERTY = "imperial_land/consultation"  # the table a layer shows
SITE_EVENTS = "imperial_land_consultation_site_events"
EVENT_COMMITMENTS = "imperial_land_consultation_event_commitments"
SITE_COMMITMENTS = "imperial_land_consultation_site_commitments"
DATE_FORMAT = "yyyy-MM-dd"


def layer_names() -> dict[str, str]:
    return {
        SITES_TABLE: tr("Consultation sites"),
        EVENTS_TABLE: tr("Consultation events"),
        COMMITMENTS_TABLE: tr("Commitments"),
    }


def field_aliases() -> dict[str, str]:
    """Translated names of the consultation fields, for the forms."""
    return {
        "site_role": tr("Kind of site"),
        "site_key": tr("Site (lot, area or title)"),
        "site_name": tr("Site name"),
        "nation": tr("Nation"),
        "status": tr("Status"),
        "owner": tr("Owner"),
        "stage": tr("Project step"),
        "overlap_ha": tr("Overlap with the territory (ha)"),
        "notes": tr("Notes"),
        "site_id": tr("Site"),
        "event_date": tr("Date of the contact"),
        "form": tr("Form of contact"),
        "participants": tr("Participants"),
        "summary": tr("Summary"),
        "concerns": tr("Concerns raised"),
        "answers": tr("Answers"),
        "documents": tr("Documents (paths or URLs)"),
        "event_id": tr("Event"),
        "what": tr("What was agreed"),
        "by_whom": tr("By whom"),
        "due_date": tr("Due date"),
        "done_date": tr("Done date"),
    }


def layer_source(register: RegisterBackend, table: str) -> tuple[str, str]:
    """(data source, provider) of one consultation table of the register."""
    if hasattr(register, "schema"):
        from imperial_land.core.storage import layer_uri

        uri = layer_uri(register.info, register.schema, table, None, "fid")  # type: ignore
        return uri, "postgres"
    return f"{Path(register.path)}|layername={table}", "ogr"  # type: ignore[attr-defined]


def _value_map(labels: dict[str, str]) -> QgsEditorWidgetSetup:
    return QgsEditorWidgetSetup(
        "ValueMap", {"map": [{label: code} for code, label in labels.items()]}
    )


def _date_widget() -> QgsEditorWidgetSetup:
    return QgsEditorWidgetSetup(
        "DateTime",
        {
            "field_format": DATE_FORMAT,
            "display_format": DATE_FORMAT,
            "calendar_popup": True,
            "allow_null": True,
        },
    )


def _reference(relation: QgsRelation) -> QgsEditorWidgetSetup:
    return QgsEditorWidgetSetup(
        "RelationReference",
        {
            "Relation": relation.id(),
            "AllowNULL": False,
            "ShowForm": False,
            "MapIdentification": False,
            "ReadOnly": False,
            "OrderByValue": True,
            "AllowAddFeatures": False,
        },
    )


def _configure_fields(layer: QgsVectorLayer, table: Table) -> None:
    aliases = field_aliases()
    fields = layer.fields()
    choices = {"site_role": site_kind_labels(), "status": status_labels(), "form": form_labels()}
    fid = fields.indexOf("fid")
    if fid >= 0:
        layer.setEditorWidgetSetup(fid, QgsEditorWidgetSetup("Hidden", {}))
    for column in table.columns:
        index = fields.indexOf(column.name)
        if index < 0:
            continue
        layer.setFieldAlias(index, aliases.get(column.name, column.name))
        if column.name in choices:
            layer.setEditorWidgetSetup(index, _value_map(choices[column.name]))
        elif column.kind == DATE:
            layer.setEditorWidgetSetup(index, _date_widget())
        elif column.name in ("summary", "concerns", "answers", "notes", "documents"):
            layer.setEditorWidgetSetup(
                index, QgsEditorWidgetSetup("TextEdit", {"IsMultiline": True, "UseHtml": False})
            )
        if column.required:
            layer.setFieldConstraint(
                index,
                QgsFieldConstraints.ConstraintNotNull,
                QgsFieldConstraints.ConstraintStrengthHard,
            )
        if column.default is not None:
            layer.setDefaultValueDefinition(index, QgsDefaultValue(f"'{column.default}'"))


def _form(layer: QgsVectorLayer, table: Table, relations: list[tuple[QgsRelation, str]]) -> None:
    """A drag-and-drop form: the fields, then a relation editor per child table."""
    config = layer.editFormConfig()
    config.setLayout(QgsEditFormConfig.TabLayout)
    config.clearTabs()
    root = config.invisibleRootContainer()
    box = QgsAttributeEditorContainer(tr("Record"), root)
    compat.set_group_box(box)
    fields = layer.fields()
    for column in table.columns:
        index = fields.indexOf(column.name)
        if index >= 0:
            box.addChildElement(QgsAttributeEditorField(column.name, index, box))
    root.addChildElement(box)
    for relation, label in relations:
        editor = QgsAttributeEditorRelation(relation, root)
        editor.setLabel(label)
        editor.setShowLabel(True)
        root.addChildElement(editor)
    layer.setEditFormConfig(config)


def _relation(
    project: QgsProject,
    rel_id: str,
    name: str,
    child: QgsVectorLayer,
    parent: QgsVectorLayer,
    column: str,
) -> QgsRelation:
    manager = project.relationManager()
    if manager.relation(rel_id).isValid():
        manager.removeRelation(rel_id)
    relation = QgsRelation(QgsRelationContext(project))
    relation.setId(rel_id)
    relation.setName(name)
    relation.setReferencingLayer(child.id())
    relation.setReferencedLayer(parent.id())
    relation.addFieldPair(column, "fid")
    if not relation.isValid():
        raise UserError(
            tr("The consultation relation '{name}' could not be set up.").format(name=name)
        )
    manager.addRelation(relation)
    return relation


def consultation_layers(project: QgsProject) -> dict[str, QgsVectorLayer]:
    """The project's consultation layers, by table (those the plugin added)."""
    found = {}
    for layer in project.mapLayers().values():
        table = layer.customProperty(LAYER_PROPERTY)
        if isinstance(layer, QgsVectorLayer) and table:
            found[str(table)] = layer
    return found


def add_consultation_layers(
    project: QgsProject, register: RegisterBackend, group_name: str | None = None
) -> dict[str, QgsVectorLayer]:
    """Add (or replace) the three consultation layers of `register` in `project`, with their
    relations and forms; returns them by table name."""
    from imperial_land.core.consultation.store import ConsultationStore

    ConsultationStore(register)  # an older register gets its consultation tables first
    for old in consultation_layers(project).values():
        project.removeMapLayer(old.id())
    names = layer_names()
    layers: dict[str, QgsVectorLayer] = {}
    for table in (SITES, EVENTS, COMMITMENTS):
        source, provider = layer_source(register, table.name)
        layer = QgsVectorLayer(source, names[table.name], provider)
        if not layer.isValid():
            raise UserError(
                tr("The register has no table '{table}' that QGIS can open.").format(
                    table=table.name
                )
            )
        layer.setCustomProperty(LAYER_PROPERTY, table.name)
        layers[table.name] = layer
    root = project.layerTreeRoot()
    group = root.findGroup(group_name or tr("Consultation")) or root.insertGroup(
        0, group_name or tr("Consultation")
    )
    for layer in layers.values():
        project.addMapLayer(layer, False)
        group.addLayer(layer)
    sites, events, commitments = (layers[t] for t in (SITES_TABLE, EVENTS_TABLE, COMMITMENTS_TABLE))
    site_events = _relation(
        project, SITE_EVENTS, tr("Events of the site"), events, sites, "site_id"
    )
    event_commitments = _relation(
        project, EVENT_COMMITMENTS, tr("Commitments of the event"), commitments, events, "event_id"
    )
    site_commitments = _relation(
        project, SITE_COMMITMENTS, tr("Commitments of the site"), commitments, sites, "site_id"
    )
    for layer, table in ((sites, SITES), (events, EVENTS), (commitments, COMMITMENTS)):
        _configure_fields(layer, table)
    sites.setDisplayExpression('"site_key" || \' - \' || "nation"')
    events.setDisplayExpression('to_string("event_date") || \' - \' || "form"')
    commitments.setDisplayExpression('"what"')
    fields = events.fields()
    events.setEditorWidgetSetup(fields.indexOf("site_id"), _reference(site_events))
    fields = commitments.fields()
    commitments.setEditorWidgetSetup(fields.indexOf("event_id"), _reference(event_commitments))
    commitments.setEditorWidgetSetup(fields.indexOf("site_id"), _reference(site_commitments))
    # A commitment's site is its event's: filled from the event, kept in step with it.
    commitments.setDefaultValueDefinition(
        fields.indexOf("site_id"),
        QgsDefaultValue(
            f"attribute(get_feature('{events.id()}', 'fid', \"event_id\"), 'site_id')", True
        ),
    )
    # An event records the site's overlap as known at the contact.
    events.setDefaultValueDefinition(
        events.fields().indexOf("overlap_ha"),
        QgsDefaultValue(
            f"attribute(get_feature('{sites.id()}', 'fid', \"site_id\"), 'overlap_ha')"
        ),
    )
    _form(
        sites,
        SITES,
        [(site_events, tr("Events")), (site_commitments, tr("Commitments"))],
    )
    _form(events, EVENTS, [(event_commitments, tr("Commitments"))])
    _form(commitments, COMMITMENTS, [])
    return layers
