"""The WFS client against a real local WFS: bbox tiles, merge without duplicates, field mapping."""

from __future__ import annotations

import datetime

import pytest
import shapely
from shapely.geometry import box

from imperial_land.core.common.errors import UserError
from imperial_land.core.gestim.reader import fetch_wfs
from imperial_land.core.gestim.wfs import wfs_tiles
from tests.support.gestim_builder import wfs_feature
from tests.support.gestim_fixtures import WfsServer

AREA = (-67.0, 50.5, -66.0, 51.5)  # 1 x 1 degree: four 0.5-degree tiles
TILES = [
    (-67.0, 50.5, -66.5, 51.0),
    (-66.5, 50.5, -66.0, 51.0),
    (-67.0, 51.0, -66.5, 51.5),
    (-66.5, 51.0, -66.0, 51.5),
]


def _features(with_ids: bool = True) -> list[dict]:
    """Six features: one per tile corner, one across the W/E edge with two holders, one on the
    centre touching all four tiles, plus one outside the area."""
    specs = [
        ("2600001", "Société minière du Nord ltée", box(-66.9, 50.6, -66.8, 50.7)),
        ("2600002", "Imperial Mining Group Ltd.", box(-66.55, 50.6, -66.45, 50.7)),
        ("2600002", "Exploration Côte-Nord inc.", box(-66.55, 50.6, -66.45, 50.7)),
        ("2600003", "Ressources Bédard-Légaré", box(-66.55, 50.95, -66.45, 51.05)),
        ("2600004", "Mines Nordiques", box(-66.3, 51.2, -66.2, 51.3)),
        ("2600005", "Mines Nordiques", box(-66.9, 51.2, -66.8, 51.3)),
        ("2600009", "Hors zone", box(-65.5, 50.6, -65.4, 50.7)),
    ]
    return [
        wfs_feature(
            number,
            holder,
            geometry,
            fid=f"Actifs.{index}" if with_ids else None,
            TIT_DAT_EX="2027-03-14",
            STI_DES_FR="Actif",
        )
        for index, (number, holder, geometry) in enumerate(specs, start=1)
    ]


MERGED = [
    ("2600001", "Société minière du Nord ltée"),
    ("2600002", "Imperial Mining Group Ltd."),
    ("2600002", "Exploration Côte-Nord inc."),
    ("2600003", "Ressources Bédard-Légaré"),
    ("2600005", "Mines Nordiques"),  # tile 3 (north-west) comes before tile 4 (north-east)
    ("2600004", "Mines Nordiques"),
]


def _pairs(batch) -> list[tuple]:
    return [(row["TIT_NO"], row["DET_NOM"]) for row in batch.rows]


def test_tiles_cover_the_area_exactly():
    assert wfs_tiles(AREA, 0.5) == TILES
    assert wfs_tiles((-67.0, 50.5, -66.2, 50.8), 0.5) == [
        (-67.0, 50.5, -66.5, 50.8),
        (-66.5, 50.5, -66.2, 50.8),
    ]


def test_four_tiles_with_overlapping_features_merge_without_duplicates(httpserver, fast_http):
    server = WfsServer(httpserver, _features())
    batch = fetch_wfs(server.url, "SGM:Actifs", AREA, tile_deg=0.5, options=fast_http)
    assert server.bboxes() == TILES
    assert _pairs(batch) == MERGED  # 11 features came back over the 4 tiles
    assert batch.titles() == ["2600001", "2600002", "2600003", "2600005", "2600004"]
    assert batch.fields == ["TIT_NO", "DET_NOM", "TIT_DAT_EX", "STI_DES_FR"]
    assert batch.crs_authid == "EPSG:4326"
    assert batch.source == server.url
    assert batch.source_date == datetime.date.today()
    assert {row["TIT_DAT_EX"] for row in batch.rows} == {datetime.date(2027, 3, 14)}
    geometry = shapely.from_wkb(batch.rows[0]["geometry_wkb"])
    assert geometry.equals(box(-66.9, 50.6, -66.8, 50.7))
    request = server.requests[0]
    assert (request["typeNames"], request["srsName"], request["request"]) == (
        "SGM:Actifs",
        "EPSG:4326",
        "GetFeature",
    )
    assert "startIndex" not in request


def test_features_without_ids_are_merged_on_their_content(httpserver, fast_http):
    server = WfsServer(httpserver, _features(with_ids=False))
    batch = fetch_wfs(server.url, "SGM:Actifs", AREA, options=fast_http)
    assert _pairs(batch) == MERGED


def test_a_tile_the_server_truncated_is_split(httpserver, fast_http):
    server = WfsServer(httpserver, _features())
    server.cap = 2  # the server returns 2 features at most, numberMatched tells the truth
    batch = fetch_wfs(server.url, "SGM:Actifs", AREA, options=fast_http)
    assert sorted(_pairs(batch)) == sorted(MERGED)
    assert len(server.requests) == 12  # 4 tiles, the 2 southern ones split in 4
    assert server.bboxes()[1] == (-67.0, 50.5, -66.75, 50.75)


def test_a_tile_still_truncated_after_splitting_fails_rather_than_lose_titles(
    httpserver, fast_http
):
    server = WfsServer(httpserver, _features())
    server.cap = 1  # the two holders of 2600002 share one cell: never fits
    with pytest.raises(UserError, match="only part of the features of a tile"):
        fetch_wfs(server.url, "SGM:Actifs", AREA, options=fast_http)


def test_bad_area_is_refused_before_any_request(httpserver, fast_http):
    server = WfsServer(httpserver, _features())
    with pytest.raises(UserError, match="is empty: its minimum must be below its maximum"):
        fetch_wfs(server.url, "SGM:Actifs", (-66.0, 50.5, -67.0, 51.5), options=fast_http)
    with pytest.raises(UserError, match="not in longitude/latitude degrees"):
        fetch_wfs(server.url, "SGM:Actifs", (250000, 5600000, 260000, 5610000), options=fast_http)
    with pytest.raises(UserError, match="needs 43200 WFS requests"):
        fetch_wfs(
            server.url, "SGM:Actifs", (-80.0, 45.0, -56.0, 63.0), tile_deg=0.1, options=fast_http
        )
    assert server.requests == []


def test_wfs_error_answer_gives_a_clear_message(httpserver, fast_http):
    exception = "<ows:ExceptionReport><ows:Exception>bad typeName</ows:Exception>"
    httpserver.expect_request("/wfs").respond_with_data(exception, status=400)
    with pytest.raises(UserError, match=r"The server answered HTTP 400 \(BAD REQUEST\)"):
        fetch_wfs(httpserver.url_for("/wfs"), "SGM:Nope", AREA, options=fast_http)


def test_wfs_answer_that_is_not_geojson_gives_a_clear_message(httpserver, fast_http):
    httpserver.expect_request("/wfs").respond_with_data("<wfs:FeatureCollection/>", status=200)
    with pytest.raises(UserError, match="did not answer GeoJSON for SGM:Actifs: <wfs:Feature"):
        fetch_wfs(httpserver.url_for("/wfs"), "SGM:Actifs", AREA, options=fast_http)


def test_wfs_layer_without_no_titre_is_refused(httpserver, fast_http):
    feature = {"type": "Feature", "geometry": box(-66.9, 50.6, -66.8, 50.7).__geo_interface__,
               "properties": {"CMI_NOM": "Parc national"}}  # fmt: skip
    server = WfsServer(httpserver, [feature])
    with pytest.raises(UserError, match=r"has no NO_TITRE \(title number\); properties: CMI_NOM"):
        fetch_wfs(server.url, "SGM:Contraintes_majeures", AREA, options=fast_http)


# --- GeoServer as it really answers (issue 15) ------------------------------------------------


def test_random_feature_ids_and_a_title_straddling_two_tiles_give_one_row(httpserver, fast_http):
    straddling = wfs_feature(
        "2600010", "Mines Nordiques", box(-66.6, 50.6, -66.4, 50.7), fid=None, STATUT="Actif"
    )
    server = WfsServer(httpserver, [straddling])
    batch = fetch_wfs(server.url, "SGM:Actifs", AREA, tile_deg=0.5, options=fast_http)
    assert _pairs(batch) == [("2600010", "Mines Nordiques")]
    assert batch.rows[0]["STI_DES_FR"] == "Actif"  # STATUT, a known alias
    assert shapely.from_wkb(batch.rows[0]["geometry_wkb"]).equals(box(-66.6, 50.6, -66.4, 50.7))


def test_requests_send_typenames_only_count_and_no_origin_and_describe_once(httpserver, fast_http):
    server = WfsServer(httpserver, _features())
    fetch_wfs(server.url, "SGM:Actifs", AREA, options=fast_http, count=500)
    assert server.described == 1
    assert len(server.requests) == 4
    for args in server.requests:
        assert args["typeNames"] == "SGM:Actifs" and "typeName" not in args
        assert args["count"] == "500"
        assert "startIndex" not in args
    assert all("Origin" not in headers for headers in server.headers)


def test_a_tile_capped_at_count_without_number_matched_is_split(httpserver, fast_http):
    server = WfsServer(httpserver, _features())
    server.number_matched = False
    batch = fetch_wfs(server.url, "SGM:Actifs", AREA, options=fast_http, count=3)
    assert sorted(_pairs(batch)) == sorted(MERGED)
    # the two southern tiles answer 3 (= count) with no numberMatched: each is split in four
    assert server.bboxes()[:2] == [(-67.0, 50.5, -66.5, 51.0), (-67.0, 50.5, -66.75, 50.75)]
    assert len(server.requests) == 12


def test_features_outside_their_tile_are_an_axis_order_error(httpserver, fast_http):
    server = WfsServer(httpserver, _features())
    server.swap_axes = "coordinates"
    with pytest.raises(UserError) as error:
        fetch_wfs(server.url, "SGM:Actifs", AREA, options=fast_http)
    assert str(error.value) == (
        f"The WFS at {server.url} returned features outside the requested area: the server "
        "reads the area's longitude and latitude in the other order. Nothing was written; check "
        "the WFS address and its axis order (bbox=minlon,minlat,maxlon,maxlat,EPSG:4326)."
    )


def test_wfs_names_are_mapped_through_the_alias_table_and_unknown_ones_kept(httpserver, fast_http):
    feature = wfs_feature(
        "2600001", "Mines Nordiques", box(-66.9, 50.6, -66.8, 50.7),
        DATE_EXPIRATION="2027-03-14", SUPERFICIE=52.87, NOM_FEUILLET="22O12",
    )  # fmt: skip
    server = WfsServer(httpserver, [feature])
    batch = fetch_wfs(server.url, "SGM:Actifs", AREA, options=fast_http)
    assert batch.fields == ["TIT_NO", "DET_NOM", "TIT_DAT_EX", "TIT_SUPRF", "NOM_FEUILLET"]
    assert batch.renamed == {
        "TIT_NO": "NO_TITRE",
        "DET_NOM": "TITULAIRE",
        "TIT_DAT_EX": "DATE_EXPIRATION",
        "TIT_SUPRF": "SUPERFICIE",
    }
    assert batch.rows[0]["TIT_DAT_EX"] == datetime.date(2027, 3, 14)
    assert batch.rows[0]["NOM_FEUILLET"] == "22O12"


def test_the_schema_comes_from_describe_feature_type_even_for_an_empty_area(httpserver, fast_http):
    server = WfsServer(httpserver, _features())
    batch = fetch_wfs(server.url, "SGM:Actifs", (-70.0, 45.0, -69.5, 45.5), options=fast_http)
    assert batch.n_rows == 0
    assert batch.fields == ["TIT_NO", "DET_NOM", "TIT_DAT_EX", "STI_DES_FR"]
    server.describe = False  # no DescribeFeatureType: the answers' properties are used
    batch = fetch_wfs(server.url, "SGM:Actifs", AREA, options=fast_http)
    assert batch.fields == ["TIT_NO", "DET_NOM", "TIT_DAT_EX", "STI_DES_FR"]


def test_a_titulaire_naming_several_holders_gives_one_row_per_holder(httpserver, fast_http):
    feature = wfs_feature(
        "2600002", "Imperial Mining Group Ltd. ; Exploration Côte-Nord inc.",
        box(-66.9, 50.6, -66.8, 50.7),
    )  # fmt: skip
    server = WfsServer(httpserver, [feature])
    batch = fetch_wfs(server.url, "SGM:Actifs", AREA, options=fast_http)
    assert _pairs(batch) == [
        ("2600002", "Imperial Mining Group Ltd."),
        ("2600002", "Exploration Côte-Nord inc."),
    ]


def test_describe_feature_type_gives_the_order_but_only_answered_properties_are_fields(
    httpserver, fast_http
):
    server = WfsServer(httpserver, _features())
    # the server describes one property its answers never carry (SUPERFICIE), in its own order
    server.schema = ["STI_DES_FR", "SUPERFICIE", "NO_TITRE", "TITULAIRE", "TIT_DAT_EX"]
    batch = fetch_wfs(server.url, "SGM:Actifs", AREA, options=fast_http)
    assert batch.fields == ["STI_DES_FR", "TIT_NO", "DET_NOM", "TIT_DAT_EX"]
    assert "TIT_SUPRF" not in batch.rows[0]  # never blanked in the register
    empty = fetch_wfs(server.url, "SGM:Actifs", (-70.0, 45.0, -69.5, 45.5), options=fast_http)
    assert empty.fields == ["STI_DES_FR", "TIT_SUPRF", "TIT_NO", "DET_NOM", "TIT_DAT_EX"]


def test_a_wfs_address_answering_404_says_so(httpserver, fast_http):
    httpserver.expect_request("/wfs").respond_with_data("not here", status=404)
    url = httpserver.url_for("/wfs")
    with pytest.raises(UserError) as error:
        fetch_wfs(url, "SGM:Actifs", AREA, options=fast_http)
    assert str(error.value) == (
        f"The WFS was not found (HTTP 404): {url}. Check the WFS address in the plugin settings."
    )


def test_geojson_geometries_become_2d_little_endian_wkb():
    """A WFS feature's geometry as the register stores it: Z dropped, None when absent or
    empty (multi-polygons with holes, as GESTIM publishes titles)."""
    from imperial_land.core.gestim.records import geometry_wkb

    square = [[-66.5, 50.2], [-66.4, 50.2], [-66.4, 50.3], [-66.5, 50.3], [-66.5, 50.2]]
    hole = [[-66.48, 50.22], [-66.47, 50.22], [-66.47, 50.23], [-66.48, 50.22]]
    with_z = [[x, y, 12.5] for x, y in square]
    multi = {"type": "MultiPolygon", "coordinates": [[with_z, hole]]}
    wkb = geometry_wkb(multi)
    assert wkb[:5] == b"\x01\x06\x00\x00\x00"  # little-endian 2D MultiPolygon
    geom = shapely.from_wkb(wkb)
    assert not shapely.has_z(geom)
    assert shapely.get_coordinates(geom).tolist() == [*square, *hole]
    assert geom.area == pytest.approx(0.01 - 0.00005)
    assert geometry_wkb(None) is None
    assert geometry_wkb({"type": "Polygon", "coordinates": []}) is None
    point = shapely.from_wkb(geometry_wkb({"type": "Point", "coordinates": [-66.4, 50.2, 3.0]}))
    assert point.wkt == "POINT (-66.4 50.2)"
