"""Real local HTTP servers for GESTIM tests (pytest-httpserver on 127.0.0.1).

GestimServer publishes a zip like diffusion.mern.gouv.qc.ca does (ETag, Last-Modified, 304 on a
conditional GET, 206 on Range) and plays scripted answers first, in order: `then(status=500)`,
`then(status=429, headers={"Retry-After": "1"})`, `then(truncate_to=100)`, `then(delay=2)`.
WfsServer answers GetFeature with the features intersecting the requested bbox.
Loaded for every test by tests/conftest.py (pytest_plugins).
"""

from __future__ import annotations

import datetime
import email.utils
import hashlib
import itertools
import json
import random
import time
from typing import Any

import pytest
import shapely
from shapely.geometry import mapping, shape
from werkzeug.wrappers import Request, Response

from imperial_land.core.net.http import HttpOptions
from tests.support.gestim_builder import (
    features_in_bbox,
    gestim_zip_bytes,
    sample_rows,
    wfs_feature,
)

ZIP_PATH = "/Public/GESTIM/telechargements/Province_shape/TITRES_ACTIFS_ACTIVE_TITLES.zip"
FAST = {
    "connect_timeout_s": 2.0,
    "read_timeout_s": 3.0,
    "retries": 2,
    "backoff_s": 0.01,
    "max_retry_after_s": 3.0,
}


class GestimServer:
    """Serves one zip at `url`, with validators, conditional GET, Range, and scripted answers."""

    def __init__(self, httpserver: Any, path: str = ZIP_PATH) -> None:
        self.httpserver = httpserver
        self.path = path
        self.body = b""
        self.etag: str | None = None
        self.last_modified: str | None = None
        self.allow_range = True
        self.plan: list[dict[str, Any]] = []
        self.log: list[dict[str, Any]] = []
        httpserver.expect_request(path).respond_with_handler(self._handle)

    @property
    def url(self) -> str:
        """The zip's address on the local server."""
        return self.httpserver.url_for(self.path)

    def publish(
        self,
        data: bytes,
        modified: datetime.datetime = datetime.datetime(2026, 11, 23, 6, 0, 0),
        etag: str | None = None,
    ) -> None:
        """Serve `data` from now on (a new weekly file): new ETag and Last-Modified."""
        self.body = data
        self.etag = etag or f'"{hashlib.sha1(data).hexdigest()[:16]}"'
        stamp = modified.replace(tzinfo=datetime.timezone.utc).timestamp()
        self.last_modified = email.utils.formatdate(stamp, usegmt=True)

    def then(
        self,
        status: int | None = None,
        headers: dict[str, str] | None = None,
        truncate_to: int | None = None,
        delay: float = 0.0,
        times: int = 1,
    ) -> GestimServer:
        """Script the next answer(s): an error status, a body cut at `truncate_to`, a delay."""
        for _ in range(times):
            self.plan.append(
                {"status": status, "headers": headers or {}, "truncate_to": truncate_to,
                 "delay": delay}
            )  # fmt: skip
        return self

    def sent_bytes(self) -> int:
        """Body bytes the server sent so far."""
        return sum(entry["sent"] for entry in self.log)

    def statuses(self) -> list[int]:
        """The status of every answer so far, in order."""
        return [entry["status"] for entry in self.log]

    def _log(self, request: Request, status: int, sent: int) -> None:
        self.log.append(
            {
                "status": status,
                "sent": sent,
                "range": request.headers.get("Range"),
                "if_none_match": request.headers.get("If-None-Match"),
                "if_modified_since": request.headers.get("If-Modified-Since"),
                "user_agent": request.headers.get("User-Agent"),
            }
        )

    def _not_modified(self, request: Request) -> bool:
        if request.headers.get("If-None-Match"):
            return request.headers["If-None-Match"] == self.etag
        since = request.headers.get("If-Modified-Since")
        if since and self.last_modified:
            return email.utils.parsedate_to_datetime(since) >= email.utils.parsedate_to_datetime(
                self.last_modified
            )
        return False

    def _handle(self, request: Request) -> Response:
        step = self.plan.pop(0) if self.plan else {}
        if step.get("delay"):
            time.sleep(step["delay"])
        if step.get("status"):
            self._log(request, step["status"], 0)
            return Response(b"error", status=step["status"], headers=step["headers"])
        validators = {"ETag": self.etag, "Last-Modified": self.last_modified}
        if self._not_modified(request):
            self._log(request, 304, 0)
            return Response(status=304, headers=validators)
        body, status, headers = self.body, 200, dict(validators)
        wanted = request.headers.get("Range", "")
        if_range = request.headers.get("If-Range")
        if (
            self.allow_range
            and wanted.startswith("bytes=")
            and if_range in (None, self.etag, self.last_modified)
        ):
            start = int(wanted[6:].split("-")[0])
            headers["Content-Range"] = f"bytes {start}-{len(self.body) - 1}/{len(self.body)}"
            body, status = self.body[start:], 206
        length = len(body)
        if step.get("truncate_to") is not None:
            body = body[: step["truncate_to"]]
        self._log(request, status, len(body))
        response = Response(body, status=status, headers=headers)
        response.headers["Content-Length"] = str(length)  # the full length, even when cut
        return response


class WfsServer:
    """Answers WFS 2.0 the way GeoServer does: GetFeature gives the features intersecting the
    request's bbox as GeoJSON, with feature ids made up on every request (a table without a
    key), at most `count` features (and `cap`); DescribeFeatureType gives the XSD of the
    properties.

    `cap`: at most this many features per answer. `number_matched`: False leaves numberMatched
    out of the answers. `swap_axes`: "bbox" reads the bbox latitude first (every tile empty),
    "coordinates" answers with latitude/longitude coordinates (features outside their tile).
    `describe`: False answers DescribeFeatureType with an error (the answers' properties count);
    `schema`: the property names it describes (default: those of the features).
    """

    def __init__(self, httpserver: Any, features: list[dict[str, Any]], path: str = "/wfs"):
        self.httpserver = httpserver
        self.features = features
        self.path = path
        self.cap: int | None = None
        self.number_matched = True
        self.swap_axes: str | None = None
        self.describe = True
        self.schema: list[str] | None = None  # DescribeFeatureType's names (default: the answers')
        self.requests: list[dict[str, str]] = []  # GetFeature requests' arguments
        self.headers: list[dict[str, str]] = []  # every request's headers
        self.described = 0
        self._ids = itertools.count(random.randint(1000, 9000))
        httpserver.expect_request(path).respond_with_handler(self._handle)

    @property
    def url(self) -> str:
        """The WFS address on the local server."""
        return self.httpserver.url_for(self.path)

    def bboxes(self) -> list[tuple[float, ...]]:
        """The bbox of every GetFeature request so far, in order."""
        return [tuple(float(v) for v in r["bbox"].split(",")[:4]) for r in self.requests]

    def _schema(self) -> str:
        names: dict[str, None] = dict.fromkeys(self.schema or [])
        for feature in self.features if self.schema is None else ():
            names.update(dict.fromkeys(feature.get("properties") or {}))
        elements = "".join(
            f'<xsd:element maxOccurs="1" minOccurs="0" name="{name}" nillable="true" '
            f'type="xsd:string"/>'
            for name in names
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
            'xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:SGM="http://sgm" '
            'elementFormDefault="qualified" targetNamespace="http://sgm">'
            '<xsd:complexType name="ActifsType"><xsd:complexContent>'
            '<xsd:extension base="gml:AbstractFeatureType"><xsd:sequence>'
            '<xsd:element maxOccurs="1" minOccurs="0" name="SHAPE" nillable="true" '
            'type="gml:MultiSurfacePropertyType"/>'
            f"{elements}"
            "</xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>"
            '<xsd:element name="Actifs" substitutionGroup="gml:AbstractFeature" '
            'type="SGM:ActifsType"/></xsd:schema>'
        )

    def _answer(self, feature: dict[str, Any]) -> dict[str, Any]:
        answer = dict(feature)
        answer["id"] = f"Actifs.fid-{next(self._ids):x}"  # made up per request
        if self.swap_axes == "coordinates":
            swapped = shapely.transform(shape(feature["geometry"]), lambda xy: xy[:, ::-1])
            answer["geometry"] = mapping(swapped)
        return answer

    def _handle(self, request: Request) -> Response:
        args = dict(request.args)
        self.headers.append(dict(request.headers))
        if args.get("request") == "DescribeFeatureType":
            self.described += 1
            if not self.describe:
                return Response("<ows:ExceptionReport/>", status=400)
            return Response(self._schema(), content_type="text/xml; subtype=gml/3.2")
        self.requests.append(args)
        bbox = tuple(float(v) for v in args["bbox"].split(",")[:4])
        if self.swap_axes == "bbox":
            bbox = (bbox[1], bbox[0], bbox[3], bbox[2])
        found = features_in_bbox(self.features, bbox) if -90 <= bbox[1] <= 90 else []
        limits = [n for n in (self.cap, int(args.get("count") or 0) or None) if n is not None]
        shown = found[: min(limits)] if limits else found
        answer: dict[str, Any] = {"type": "FeatureCollection"}
        if self.number_matched:
            answer["numberMatched"] = len(found)
        answer["numberReturned"] = len(shown)
        answer["features"] = [self._answer(feature) for feature in shown]
        return Response(json.dumps(answer), content_type="application/geo+json")


def sample_wfs_features() -> list[dict[str, Any]]:
    """WFS features for the sample rows (ids "Actifs.<n>", one per row)."""
    features = []
    for number, row in enumerate(sample_rows(), start=1):
        features.append(
            wfs_feature(
                row["TIT_NO"],
                row["DET_NOM"],
                row["geometry"],
                fid=f"Actifs.{number}",
                TIT_DAT_EX=row["TIT_DAT_EX"].isoformat(),
                STI_DES_FR=row["STI_DES_FR"],
            )
        )
    return features


@pytest.fixture
def fast_http() -> HttpOptions:
    """HttpOptions with short timeouts and a tiny backoff, so failure tests stay fast."""
    return HttpOptions(**FAST)


@pytest.fixture
def fast_http_settings():
    """The same fast values stored in the plugin settings (for code that reads the settings)."""
    from imperial_land.core.common import settings

    keys = {
        "http/connect_timeout_s": int(FAST["connect_timeout_s"]),
        "http/timeout_s": int(FAST["read_timeout_s"]),
        "http/retries": FAST["retries"],
        "http/backoff_s": FAST["backoff_s"],
        "http/max_retry_after_s": int(FAST["max_retry_after_s"]),
    }
    for key, value in keys.items():
        settings.set_value(key, value)
    yield HttpOptions.from_settings()
    for key in keys:
        settings.reset(key)


@pytest.fixture
def gestim_server(httpserver) -> GestimServer:
    """A local GESTIM download server publishing the five sample rows (builder.sample_rows)."""
    server = GestimServer(httpserver)
    server.publish(gestim_zip_bytes(sample_rows()))
    return server


@pytest.fixture
def wfs_server(httpserver) -> WfsServer:
    """A local WFS serving the sample rows as SGM:Actifs features."""
    return WfsServer(httpserver, sample_wfs_features())
