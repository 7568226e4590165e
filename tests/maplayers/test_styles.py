"""Styles: the claims classes and their counts, the territories by Nation, the parcels' labels."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from qgis.core import (
    NULL,
    QgsFeature,
    QgsGeometry,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, Qt

from imperial_land.core.common import settings
from imperial_land.core.maplayers.fields import ClaimFields
from imperial_land.core.maplayers.sample import sample_layer
from imperial_land.core.maplayers.styles import (
    claims_renderer,
    style_claims,
    style_parcels,
    style_territories,
)
from tests.support.style_counts import class_counts

TODAY = dt.date(2026, 3, 15)
LABELS = [
    "Expired",
    "Expiring within 90 days",
    "Active",
    "Suspended (held)",
    "Renewal pending (held)",
    "Other status",
]


def claims_layer(rows: list[tuple], expiry_type: str = "date", with_code: bool = True):
    """A memory claims layer; rows are (title, status code, status text, expiry or None)."""
    fields = "field=TIT_NO:string&field=STI_DES_FR:string&field=DET_NOM:string"
    fields += f"&field=TIT_DAT_EX:{expiry_type}"
    if with_code:
        fields += "&field=STI_CODE:string"
    layer = QgsVectorLayer(f"Polygon?crs=EPSG:4269&{fields}", "claims", "memory")
    features = []
    for n, (title, code, text, expiry) in enumerate(rows):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(n, 50, n + 0.01, 50.01)))
        if expiry is None:
            value = NULL
        elif expiry_type == "date":
            value = QDate(expiry.year, expiry.month, expiry.day)
        else:
            value = expiry.strftime("%Y%m%d")
        attrs = {"TIT_NO": title, "STI_DES_FR": text, "DET_NOM": "X", "TIT_DAT_EX": value}
        if with_code:
            attrs["STI_CODE"] = code
        for name, attr in attrs.items():
            feature[name] = attr
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    return layer


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


SIX = [  # one per class, in legend order
    ("2500003", "S", "Suspendu", days(-5)),
    ("2500002", "A", "Actif", days(10)),
    ("2500001", "A", "Actif", days(200)),
    ("2500004", "S", "Suspendu", days(300)),
    ("2500005", "R", "En attente de renouvellement", days(-20)),  # past expiry, still held
    ("2500006", "V", "Révoqué", days(300)),
]


def test_rule_labels_in_order():
    renderer = claims_renderer(None, ClaimFields(), 90, TODAY)
    assert [r.label() for r in renderer.rootRule().children()] == LABELS
    assert [r.isElse() for r in renderer.rootRule().children()] == [False] * 5 + [True]


def test_six_claims_one_per_class(qgis_app):
    layer = claims_layer(SIX)
    style_claims(layer, expiry_days=90, today=TODAY)
    assert layer.renderer().type() == "RuleRenderer"
    assert class_counts(layer, layer.renderer()) == Counter({label: 1 for label in LABELS})


def test_boundaries_and_empty_expiry(qgis_app):
    rows = [
        ("1", "A", "Actif", days(0)),  # expires today: expiring, not expired
        ("2", "A", "Actif", days(90)),  # last day of the window
        ("3", "A", "Actif", days(91)),  # beyond it: active
        ("4", "A", "Actif", None),  # no expiry, active status
        ("5", "R", "En attente de renouvellement", None),  # renewal pending: held
        ("6", "R", "En attente de renouvellement", days(-1)),  # past expiry, renewal pending
        ("7", "R", "En attente de renouvellement", days(30)),  # renewal asked: not an alert
        ("8", "S", "Suspendu", days(30)),  # suspended, held: expiring like an active one
        ("9", None, None, None),  # no status at all: other
        ("10", None, "Expiré", days(100)),  # the status says expired
    ]
    layer = claims_layer(rows)
    counts = class_counts(layer, claims_renderer(layer, ClaimFields(), 90, TODAY))
    assert counts == Counter({LABELS[0]: 1, LABELS[1]: 3, LABELS[2]: 2, LABELS[4]: 3, LABELS[5]: 1})


def test_suspended_and_renewal_pending_have_their_own_live_symbols():
    renderer = claims_renderer(None, ClaimFields(), 90, TODAY)
    symbols = {r.label(): r.symbol().symbolLayer(0) for r in renderer.rootRule().children()}
    looks = {
        label: (layer.fillColor().name(), layer.strokeStyle()) for label, layer in symbols.items()
    }
    assert len(set(looks.values())) == 6  # every class drawn its own way
    assert looks["Active"] == ("#2e9e44", Qt.SolidLine)
    assert looks["Suspended (held)"] == ("#9acd32", Qt.DashLine)
    assert looks["Renewal pending (held)"] == ("#1f8a70", Qt.DotLine)
    assert looks["Other status"] == ("#8c8c8c", Qt.SolidLine)


def test_text_expiry_and_status_text_only(qgis_app):
    """GESTIM's YYYYMMDD text dates, and a layer without the status-code field."""
    layer = claims_layer(SIX, expiry_type="string", with_code=False)
    fields = ClaimFields(status_code="STI_CODE")  # configured, but absent: status text is used
    counts = class_counts(layer, claims_renderer(layer, fields, 90, TODAY))
    assert counts == Counter({label: 1 for label in LABELS})


def test_expiry_days_from_settings(qgis_app):
    layer = claims_layer(SIX)
    settings.set_value("alerts/expiry_days", 5)
    try:
        renderer = claims_renderer(layer, ClaimFields(), None, TODAY)
    finally:
        settings.reset("alerts/expiry_days")
    labels = [r.label() for r in renderer.rootRule().children()]
    assert labels[1] == "Expiring within 5 days"
    # The claim expiring in 10 days is now simply active.
    assert class_counts(layer, renderer) == Counter(
        {
            "Expired": 1,
            "Active": 2,
            "Suspended (held)": 1,
            "Renewal pending (held)": 1,
            "Other status": 1,
        }
    )


def expected_sample_class(feature, today: dt.date) -> str:
    """The class computed independently of the renderer, from the attributes."""
    expiry = feature["TIT_DAT_EX"].toPyDate()
    if feature["STI_DES_FR"] == "En attente de renouvellement":
        return "Renewal pending (held)"
    if expiry < today:
        return "Expired"
    if expiry <= today + dt.timedelta(days=90):
        return "Expiring within 90 days"
    return {"A": "Active", "S": "Suspended (held)"}.get(feature["STI_CODE"], "Other status")


def test_sample_counts_per_class_today(qgis_app, sample_gpkg):
    layer = sample_layer("claims")
    style_claims(layer, expiry_days=90)  # relative to now(): the map shows today's state
    today = dt.date.today()
    expected = Counter(expected_sample_class(f, today) for f in layer.getFeatures())
    assert class_counts(layer, layer.renderer()) == expected
    assert set(expected) == set(LABELS) - {"Other status"}  # every status the sample has
    assert sum(expected.values()) == layer.featureCount()


def test_territories_by_nation_translucent(qgis_app, sample_gpkg):
    layer = sample_layer("territories")
    style_territories(layer)
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol"
    assert renderer.classAttribute() == "NATION"
    assert [c.value() for c in renderer.categories()] == [
        "Innu of Matimekush-Lac John",
        "Innu of Uashat mak Mani-utenam",
        "Naskapi Nation of Kawawachikamach",
        "Nunavik Inuit",
    ]
    colors = set()
    for category in renderer.categories():
        fill = category.symbol().symbolLayer(0)
        assert fill.color().alpha() == 45  # translucent: overlaps stay visible
        assert fill.strokeColor().alpha() == 255  # solid outline
        assert fill.strokeColor().rgb() == fill.color().rgb()
        colors.add(fill.color().rgb())
    assert len(colors) == 4
    counts = class_counts(layer, renderer)
    assert counts == Counter({c.label(): 1 for c in renderer.categories()})


def test_parcels_single_symbol_with_lot_labels(qgis_app, sample_gpkg):
    layer = sample_layer("parcels")
    style_parcels(layer)
    assert layer.renderer().type() == "singleSymbol"
    assert layer.labelsEnabled()
    label_settings = layer.labeling().settings()
    assert label_settings.fieldName == "NO_LOT"
    assert label_settings.scaleVisibility and label_settings.minimumScale == 100000.0


def test_committed_qml_files_match_the_code(qgis_app, sample_gpkg):
    """resources/styles/*.qml (scripts/export_styles.py) classify the sample as the code does."""
    from imperial_land.core.common.paths import resource

    for name, style in [
        ("claims", style_claims),
        ("parcels", style_parcels),
        ("territories", style_territories),
    ]:
        from_code, from_file = sample_layer(name), sample_layer(name)
        style(from_code)
        message, ok = from_file.loadNamedStyle(str(resource("styles", f"{name}.qml")))
        assert ok, message
        assert from_file.renderer().type() == from_code.renderer().type()
        assert class_counts(from_file, from_file.renderer()) == class_counts(
            from_code, from_code.renderer()
        )
    parcels = sample_layer("parcels")
    parcels.loadNamedStyle(str(resource("styles", "parcels.qml")))
    assert parcels.labelsEnabled() and parcels.labeling().settings().fieldName == "NO_LOT"


def test_the_legend_in_french(qgis_app):
    from imperial_land.core.common.i18n import install_translator, remove_translator

    assert install_translator("fr") == "fr"
    try:
        renderer = claims_renderer(None, ClaimFields(), 90, TODAY)
    finally:
        remove_translator()
    assert [r.label() for r in renderer.rootRule().children()] == [
        "Expiré",
        "Expire d'ici 90 jours",
        "Actif",
        "Suspendu (droit détenu)",
        "En attente de renouvellement (droit détenu)",
        "Autre statut",
    ]
