"""The overlap job: inputs and fast reading, the equal-area frame, geometry repair and pieces,
pairs, consultation flags, results and the in-process engine; sql/ runs it in PostGIS.
Entry points: engine.run_overlap, choice.run_overlap_where, request (what the dock and
Processing share), results.OverlapResult, proximity.proximity_pairs (on-or-near pairs with the
engine's areas and distances, for the staking watch).

The names below are the package's entry points: code outside the package imports them from
here (`from imperial_land.core.overlap import ...`), never from the modules, so the modules can
change freely. They load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imperial_land.core import lazy_exports

_EXPORTS = {
    "AOI_CLAIM": "results",
    "CLAIM_TERRITORY": "results",
    "FeatureRef": "results",
    "OverlapOptions": "engine",
    "OverlapPair": "results",
    "OverlapResult": "results",
    "PARCEL_CLAIM": "results",
    "PolygonSet": "proximity",
    "Proximity": "proximity",
    "add_provenance": "provenance",
    "aoi_name_field": "inputs",
    "check_in_database": "choice",
    "check_two_layers": "request",
    "feature_key": "inputs",
    "layer_extent": "equal_area",
    "layer_polygons": "proximity",
    "make_valid_polygons": "geometry",
    "proximity_pairs": "proximity",
    "register_data_date": "provenance",
    "report_cache": "prepared",
    "run_overlap": "engine",
    "run_overlap_sql": "sql.engine",
    "run_overlap_where": "choice",
    "run_summary": "request",
    "selected_features": "request",
    "to_qgs": "geometry",
    "to_shapely": "geometry",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.overlap.choice import check_in_database as check_in_database
    from imperial_land.core.overlap.choice import run_overlap_where as run_overlap_where
    from imperial_land.core.overlap.engine import OverlapOptions as OverlapOptions
    from imperial_land.core.overlap.engine import run_overlap as run_overlap
    from imperial_land.core.overlap.equal_area import layer_extent as layer_extent
    from imperial_land.core.overlap.geometry import make_valid_polygons as make_valid_polygons
    from imperial_land.core.overlap.geometry import to_qgs as to_qgs
    from imperial_land.core.overlap.geometry import to_shapely as to_shapely
    from imperial_land.core.overlap.inputs import aoi_name_field as aoi_name_field
    from imperial_land.core.overlap.inputs import feature_key as feature_key
    from imperial_land.core.overlap.prepared import report_cache as report_cache
    from imperial_land.core.overlap.provenance import add_provenance as add_provenance
    from imperial_land.core.overlap.provenance import register_data_date as register_data_date
    from imperial_land.core.overlap.proximity import PolygonSet as PolygonSet
    from imperial_land.core.overlap.proximity import Proximity as Proximity
    from imperial_land.core.overlap.proximity import layer_polygons as layer_polygons
    from imperial_land.core.overlap.proximity import proximity_pairs as proximity_pairs
    from imperial_land.core.overlap.request import check_two_layers as check_two_layers
    from imperial_land.core.overlap.request import run_summary as run_summary
    from imperial_land.core.overlap.request import selected_features as selected_features
    from imperial_land.core.overlap.results import AOI_CLAIM as AOI_CLAIM
    from imperial_land.core.overlap.results import CLAIM_TERRITORY as CLAIM_TERRITORY
    from imperial_land.core.overlap.results import PARCEL_CLAIM as PARCEL_CLAIM
    from imperial_land.core.overlap.results import FeatureRef as FeatureRef
    from imperial_land.core.overlap.results import OverlapPair as OverlapPair
    from imperial_land.core.overlap.results import OverlapResult as OverlapResult
    from imperial_land.core.overlap.sql.engine import run_overlap_sql as run_overlap_sql


__getattr__ = lazy_exports(__name__, _EXPORTS)
