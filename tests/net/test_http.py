"""The HTTP client against a real local server: conditional GET, retries, timeouts, resume."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
from pathlib import Path

import pytest
from qgis.core import QgsNetworkAccessManager, QgsProcessingFeedback, QgsSettings
from qgis.PyQt.QtNetwork import QNetworkProxy

from imperial_land.core.common.errors import Cancelled, UserError
from imperial_land.core.net.download import download, part_path
from imperial_land.core.net.http import DownloadState, HttpOptions, plugin_version, qgis_proxies
from tests.support.feedback import RecordingFeedback
from tests.support.gestim_fixtures import ZIP_PATH, GestimServer

USER_AGENT = f"ImperialLandClaims/{plugin_version()} (QGIS plugin)"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_user_agent_names_the_plugin_version():
    assert plugin_version() == "0.1.0"
    assert USER_AGENT == "ImperialLandClaims/0.1.0 (QGIS plugin)"


def test_first_download_writes_file_state_and_progress(gestim_server, fast_http, tmp_path):
    dest = tmp_path / "titles.zip"
    feedback = RecordingFeedback()
    progress: list[float] = []
    feedback.progressChanged.connect(progress.append)
    result = download(gestim_server.url, dest, None, feedback, fast_http)
    body = gestim_server.body
    assert result.path == dest
    assert dest.read_bytes() == body
    assert result.state == DownloadState(
        gestim_server.url, gestim_server.etag, gestim_server.last_modified, _sha(body), len(body)
    )
    assert result.received_bytes == len(body)
    assert result.resumed is False
    assert progress[-1] == 100.0 and progress == sorted(progress)
    megabytes = f"{len(body) / 1e6:.1f}"
    assert feedback.texts[-1] == f"Downloaded {megabytes} of {megabytes} MB"
    assert gestim_server.statuses() == [200]
    assert gestim_server.log[0]["user_agent"] == USER_AGENT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["titles.zip"]


def test_unchanged_file_answers_304_and_nothing_is_downloaded(gestim_server, fast_http, tmp_path):
    dest = tmp_path / "titles.zip"
    first = download(gestim_server.url, dest, None, options=fast_http)
    sent_before = gestim_server.sent_bytes()
    second = download(gestim_server.url, dest, first.state, options=fast_http)
    assert second.path is None
    assert second.received_bytes == 0
    assert second.state == first.state
    assert gestim_server.statuses() == [200, 304]
    assert gestim_server.log[1]["if_none_match"] == gestim_server.etag
    assert gestim_server.log[1]["if_modified_since"] == gestim_server.last_modified
    assert gestim_server.sent_bytes() == sent_before == len(gestim_server.body)


def test_if_modified_since_alone_gives_304(gestim_server, fast_http, tmp_path):
    previous = DownloadState(gestim_server.url, None, gestim_server.last_modified)
    result = download(gestim_server.url, tmp_path / "t.zip", previous, options=fast_http)
    assert result.path is None
    assert gestim_server.statuses() == [304]
    assert gestim_server.log[0]["if_none_match"] is None
    assert not (tmp_path / "t.zip").exists()


def test_500_then_200_succeeds_after_a_retry(gestim_server, fast_http, tmp_path):
    gestim_server.then(status=500)
    result = download(gestim_server.url, tmp_path / "t.zip", None, options=fast_http)
    assert gestim_server.statuses() == [500, 200]
    assert result.path.read_bytes() == gestim_server.body


def test_503_every_time_fails_clearly_after_the_retries(gestim_server, fast_http, tmp_path):
    gestim_server.then(status=503, times=3)
    with pytest.raises(UserError, match=r"HTTP 503 .*even after retrying"):
        download(gestim_server.url, tmp_path / "t.zip", None, options=fast_http)
    assert gestim_server.statuses() == [503, 503, 503]  # first try + 2 retries
    assert list(tmp_path.iterdir()) == []


def test_429_retry_after_is_honoured(gestim_server, fast_http, tmp_path):
    gestim_server.then(status=429, headers={"Retry-After": "1"})
    start = time.monotonic()
    result = download(gestim_server.url, tmp_path / "t.zip", None, options=fast_http)
    waited = time.monotonic() - start
    assert gestim_server.statuses() == [429, 200]
    assert 1.0 <= waited < 5.0  # Retry-After 1 s, not the 0.01 s backoff
    assert result.path.read_bytes() == gestim_server.body


def test_retry_after_longer_than_the_cap_is_cut_to_the_cap(gestim_server, tmp_path):
    options = HttpOptions(2, 3, retries=1, backoff_s=0.01, max_retry_after_s=0.5)
    gestim_server.then(status=429, headers={"Retry-After": "3600"})
    start = time.monotonic()
    download(gestim_server.url, tmp_path / "t.zip", None, options=options)
    assert 0.5 <= time.monotonic() - start < 5.0  # 0.5 s cap, not 3600 s
    assert gestim_server.statuses() == [429, 200]


def test_timeout_gives_a_clear_message_and_no_file(gestim_server, tmp_path):
    options = HttpOptions(connect_timeout_s=1, read_timeout_s=0.3, retries=0, backoff_s=0.01)
    gestim_server.then(delay=1.0)
    with pytest.raises(UserError, match=r"did not answer within .*read 0\.3 s"):
        download(gestim_server.url, tmp_path / "t.zip", None, options=options)
    assert list(tmp_path.iterdir()) == []


def test_404_gives_a_clear_message_and_no_file(gestim_server, fast_http, tmp_path):
    gestim_server.then(status=404)
    with pytest.raises(UserError) as error:
        download(gestim_server.url, tmp_path / "t.zip", None, options=fast_http)
    assert str(error.value) == (
        f"The file was not found on the server (HTTP 404): {gestim_server.url}. "
        "GESTIM may have moved its province files: the current address is linked from "
        "GESTIM's document site, https://documents-gestim.mines.gouv.qc.ca/cartes. "
        "Set it as the source address in the plugin settings."
    )
    assert gestim_server.statuses() == [404]  # a 404 is not retried
    assert list(tmp_path.iterdir()) == []


def test_connection_refused_gives_a_clear_message(fast_http, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/t.zip"
    with pytest.raises(
        UserError, match=r"Could not connect to 127\.0\.0\.1:\d+ \(connection refused"
    ):
        download(url, tmp_path / "t.zip", None, options=fast_http)
    assert list(tmp_path.iterdir()) == []


def test_truncated_download_is_refused_and_not_kept_under_the_final_name(
    gestim_server, fast_http, tmp_path
):
    dest = tmp_path / "t.zip"
    size = len(gestim_server.body)
    gestim_server.then(truncate_to=100)
    with pytest.raises(UserError) as error:
        download(gestim_server.url, dest, None, options=fast_http)
    assert f"stopped early: 100 of {size} bytes received" in str(error.value)
    assert not dest.exists()
    assert part_path(dest).read_bytes() == gestim_server.body[:100]


def test_interrupted_download_resumes_with_range(gestim_server, fast_http, tmp_path):
    dest = tmp_path / "t.zip"
    size = len(gestim_server.body)
    gestim_server.then(truncate_to=100)
    with pytest.raises(UserError, match=r"stopped early: 100 of \d+ bytes received"):
        download(gestim_server.url, dest, None, options=fast_http)
    result = download(gestim_server.url, dest, None, options=fast_http)
    assert gestim_server.statuses() == [200, 206]
    assert gestim_server.log[1]["range"] == "bytes=100-"
    assert result.resumed is True
    assert result.received_bytes == size - 100
    assert dest.read_bytes() == gestim_server.body
    assert result.state.sha256 == _sha(gestim_server.body)
    assert result.state.size == size
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.zip"]


def test_resume_falls_back_to_a_full_download_when_the_server_answers_200(
    gestim_server, fast_http, tmp_path
):
    dest = tmp_path / "t.zip"
    gestim_server.allow_range = False
    gestim_server.then(truncate_to=100)
    with pytest.raises(UserError, match=r"stopped early: 100 of \d+ bytes received"):
        download(gestim_server.url, dest, None, options=fast_http)
    result = download(gestim_server.url, dest, None, options=fast_http)
    assert gestim_server.statuses() == [200, 200]
    assert gestim_server.log[1]["range"] == "bytes=100-"
    assert result.resumed is False
    assert result.received_bytes == len(gestim_server.body)
    assert dest.read_bytes() == gestim_server.body


def test_partial_of_an_older_file_is_not_glued_to_the_new_one(gestim_server, fast_http, tmp_path):
    dest = tmp_path / "t.zip"
    gestim_server.then(truncate_to=100)
    with pytest.raises(UserError, match=r"stopped early: 100 of \d+ bytes received"):
        download(gestim_server.url, dest, None, options=fast_http)
    new_body = os.urandom(5000)
    gestim_server.publish(new_body)  # next week's file: another ETag, If-Range fails
    result = download(gestim_server.url, dest, None, options=fast_http)
    assert gestim_server.statuses() == [200, 200]
    assert dest.read_bytes() == new_body
    assert result.state.sha256 == _sha(new_body)


def test_bytes_downloaded_show_on_the_feedback(gestim_server, fast_http, tmp_path):
    gestim_server.publish(os.urandom(400_000))
    feedback = RecordingFeedback()
    download(gestim_server.url, tmp_path / "t.zip", None, feedback, fast_http)
    assert len(feedback.texts) == 7  # 400,000 bytes in 64 KiB chunks
    assert feedback.texts[0] == "Downloaded 0.1 of 0.4 MB"
    assert feedback.texts[-1] == "Downloaded 0.4 of 0.4 MB"
    assert feedback.progress() == 100.0


class _CancelAfterFirstChunk(QgsProcessingFeedback):
    def setProgressText(self, text: str) -> None:
        self.cancel()


def test_cancel_between_chunks_stops_and_keeps_no_final_file(gestim_server, fast_http, tmp_path):
    gestim_server.publish(os.urandom(400_000))
    dest = tmp_path / "t.zip"
    with pytest.raises(Cancelled):
        download(gestim_server.url, dest, None, _CancelAfterFirstChunk(), fast_http)
    assert not dest.exists()
    assert part_path(dest).stat().st_size == 65536  # one chunk, kept for a later resume


@pytest.fixture
def qgis_proxy_settings():
    keys = ["proxyEnabled", "proxyType", "proxyHost", "proxyPort", "proxyUser", "proxyPassword"]
    yield QgsSettings()
    for key in keys:
        QgsSettings().remove("proxy/" + key)


def test_proxy_comes_from_qgis_network_settings(qgis_proxy_settings):
    qs = qgis_proxy_settings
    assert qgis_proxies() == {}
    qs.setValue("proxy/proxyEnabled", True)
    qs.setValue("proxy/proxyType", "HttpProxy")
    qs.setValue("proxy/proxyHost", "proxy.example.org")
    qs.setValue("proxy/proxyPort", 3128)
    qs.setValue("proxy/proxyUser", "land")
    qs.setValue("proxy/proxyPassword", "p@ss")
    url = "http://land:p%40ss@proxy.example.org:3128"
    assert qgis_proxies() == {"http": url, "https": url}
    qs.setValue("proxy/proxyType", "Socks5Proxy")
    assert qgis_proxies()["https"] == "socks5h://land:p%40ss@proxy.example.org:3128"
    qs.setValue("proxy/proxyType", "DefaultProxy")
    assert qgis_proxies() == {}


def test_excluded_urls_and_fallback_proxy(qgis_proxy_settings):
    qs = qgis_proxy_settings
    qs.setValue("proxy/proxyEnabled", True)
    qs.setValue("proxy/proxyHost", "proxy.example.org")
    qs.setValue("proxy/proxyPort", 3128)
    qs.setValue("proxy/proxyExcludedUrls", "https://intranet.example|http://10.")
    try:
        assert qgis_proxies("https://intranet.example/gestim.zip") == {}
        assert qgis_proxies("http://10.1.2.3/x.zip") == {}
        assert qgis_proxies("https://diffusion.mern.gouv.qc.ca/x.zip")["https"] == (
            "http://proxy.example.org:3128"
        )
    finally:
        qs.remove("proxy/proxyExcludedUrls")
    qs.setValue("proxy/proxyEnabled", False)
    manager = QgsNetworkAccessManager.instance()
    manager.setFallbackProxyAndExcludes(
        QNetworkProxy(QNetworkProxy.ProxyType.HttpProxy, "fallback.example.org", 8080), [], []
    )
    try:
        assert qgis_proxies("https://a.example/x.zip") == {
            "http": "http://fallback.example.org:8080",
            "https": "http://fallback.example.org:8080",
        }
    finally:
        manager.setFallbackProxyAndExcludes(QNetworkProxy(), [], [])
    assert qgis_proxies("https://a.example/x.zip") == {}


def test_download_goes_through_the_qgis_proxy(httpserver, qgis_proxy_settings, fast_http, tmp_path):
    server = GestimServer(httpserver)
    server.publish(b"zip bytes through the proxy")
    qs = qgis_proxy_settings
    qs.setValue("proxy/proxyEnabled", True)
    qs.setValue("proxy/proxyType", "HttpProxy")
    qs.setValue("proxy/proxyHost", httpserver.host)
    qs.setValue("proxy/proxyPort", httpserver.port)
    # A host that does not resolve: only the proxy (the local server) can answer.
    url = "http://gestim.invalid" + ZIP_PATH
    result = download(url, tmp_path / "t.zip", None, options=fast_http)
    assert (tmp_path / "t.zip").read_bytes() == b"zip bytes through the proxy"
    assert result.state.url == url
    assert server.statuses() == [200]


def test_http_options_come_from_the_settings(fast_http_settings):
    assert fast_http_settings == HttpOptions(2.0, 3.0, 2, 0.01, 3.0)
    assert HttpOptions().timeout == (15.0, 60.0)


def test_part_file_of_another_url_is_discarded(gestim_server, fast_http, tmp_path):
    dest = tmp_path / "t.zip"
    part_path(dest).write_bytes(b"junk")
    Path(str(part_path(dest)) + ".json").write_text(
        '{"url": "http://elsewhere/x.zip", "etag": "\\"e\\""}', encoding="utf-8"
    )
    result = download(gestim_server.url, dest, None, options=fast_http)
    assert gestim_server.log[0]["range"] is None
    assert dest.read_bytes() == gestim_server.body
    assert result.resumed is False


@pytest.fixture
def self_signed_server(tmp_path):
    """An HTTPS server on 127.0.0.1 whose certificate no authority signed."""
    import ssl
    import subprocess

    from pytest_httpserver import HTTPServer

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = HTTPServer(host="127.0.0.1", ssl_context=context)
    server.start()
    server.expect_request("/t.zip").respond_with_data(b"never trusted")
    yield server
    server.clear()
    server.stop()


def test_tls_certificate_is_always_verified(self_signed_server, fast_http, tmp_path):
    url = self_signed_server.url_for("/t.zip")
    assert url.startswith("https://127.0.0.1:")
    with pytest.raises(UserError, match="certificate could not be verified"):
        download(url, tmp_path / "t.zip", None, options=fast_http)
    assert list(tmp_path.glob("t.zip*")) == []


def test_resumed_answer_without_validators_keeps_those_of_the_partial(httpserver, tmp_path):
    from werkzeug.wrappers import Response

    body = os.urandom(3000)
    cut = Response(body[:1000], headers={"ETag": '"v1"'})
    cut.headers["Content-Length"] = "3000"  # announced, not sent
    rest = Response(body[1000:], status=206, headers={"Content-Range": "bytes 1000-2999/3000"})
    answers = iter([cut, rest])
    httpserver.expect_request("/t.zip").respond_with_handler(lambda request: next(answers))
    url, dest = httpserver.url_for("/t.zip"), tmp_path / "t.zip"
    options = HttpOptions(2, 3, retries=0, backoff_s=0.01)
    with pytest.raises(UserError, match="stopped early: 1000 of 3000 bytes"):
        download(url, dest, None, options=options)
    result = download(url, dest, None, options=options)
    assert dest.read_bytes() == body
    assert (result.state.etag, result.state.sha256, result.resumed) == ('"v1"', _sha(body), True)


def test_resume_at_the_wrong_offset_is_refused(httpserver, tmp_path):
    from werkzeug.wrappers import Response

    dest = tmp_path / "t.zip"
    part_path(dest).write_bytes(b"x" * 100)
    Path(str(part_path(dest)) + ".json").write_text(
        json.dumps({"url": httpserver.url_for("/t.zip"), "etag": '"v1"'}), encoding="utf-8"
    )
    httpserver.expect_request("/t.zip").respond_with_response(
        Response(b"y" * 50, status=206, headers={"Content-Range": "bytes 50-99/100"})
    )
    with pytest.raises(UserError, match=r"resumed the download of .* at the wrong place"):
        download(httpserver.url_for("/t.zip"), dest, None, options=HttpOptions(retries=0))
    assert not dest.exists()
