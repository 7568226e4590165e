"""One HTTP client for the plugin: retries with backoff, timeouts, QGIS's proxy, clear errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from qgis.core import QgsNetworkAccessManager, QgsSettings
from qgis.PyQt.QtNetwork import QNetworkProxy
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.util.retry import Retry

from imperial_land.core.common import PLUGIN_DIR, UserError, settings, tr

RETRY_STATUSES = (429, 500, 502, 503, 504)


@dataclass
class DownloadState:
    """What is known about the last download of a URL (the register stores it per sync run)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    size: int | None = None


@dataclass
class HttpOptions:
    """Timeouts (s), retries and backoff of the client; defaults come from the settings."""

    connect_timeout_s: float = 15.0
    read_timeout_s: float = 60.0
    retries: int = 4
    backoff_s: float = 1.0
    max_retry_after_s: float = 120.0

    @classmethod
    def from_settings(cls) -> HttpOptions:
        """The options the user set (Settings > imperial_land/http/...)."""
        return cls(
            connect_timeout_s=float(settings.get("http/connect_timeout_s")),
            read_timeout_s=float(settings.get("http/timeout_s")),
            retries=int(settings.get("http/retries")),
            backoff_s=float(settings.get("http/backoff_s")),
            max_retry_after_s=float(settings.get("http/max_retry_after_s")),
        )

    @property
    def timeout(self) -> tuple[float, float]:
        """(connect, read) as requests wants it."""
        return (self.connect_timeout_s, self.read_timeout_s)


class CappedRetry(Retry):
    """urllib3 Retry that honours Retry-After but never waits longer than `max_retry_after`."""

    max_retry_after: float = 120.0

    def get_retry_after(self, response: Any) -> float | None:
        value = super().get_retry_after(response)
        return None if value is None else min(float(value), self.max_retry_after)

    def new(self, **kw: Any) -> CappedRetry:
        retry = super().new(**kw)
        retry.max_retry_after = self.max_retry_after
        return retry


def plugin_version() -> str:
    """The version in metadata.txt (inside an installed plugin, or beside the package)."""
    for folder in (PLUGIN_DIR, PLUGIN_DIR.parent):
        metadata = Path(folder) / "metadata.txt"
        if metadata.exists():
            for line in metadata.read_text(encoding="utf-8").splitlines():
                if line.startswith("version="):
                    return line.split("=", 1)[1].strip()
    return "0"


def user_agent() -> str:
    """The User-Agent every request of the plugin sends."""
    return f"ImperialLandClaims/{plugin_version()} (QGIS plugin)"


def _proxy_url(scheme: str, host: str, port: int, user: str, password: str) -> str:
    credentials = ""
    if user:
        credentials = quote(user, safe="")
        if password:
            credentials += ":" + quote(password, safe="")
        credentials += "@"
    return f"{scheme}://{credentials}{host}:{port}"


def _setting_list(settings_: QgsSettings, key: str) -> list[str]:
    value = settings_.value(key, [])
    items = value.split("|") if isinstance(value, str) else list(value or [])
    return [item.strip() for item in items if item and item.strip()]


def _bypasses_proxy(url: str, settings_: QgsSettings) -> bool:
    """True when QGIS says `url` must not go through the proxy (excluded / no-proxy URLs)."""
    manager = QgsNetworkAccessManager.instance()
    prefixes = _setting_list(settings_, "proxy/proxyExcludedUrls")
    prefixes += _setting_list(settings_, "proxy/noProxyUrls")
    prefixes += list(manager.excludeList()) + list(manager.noProxyList())
    return any(url.startswith(prefix) for prefix in prefixes if prefix)


def qgis_proxies(url: str = "") -> dict[str, str]:
    """requests' proxies from QGIS's network settings (Settings > Options > Network), else from
    QgsNetworkAccessManager's fallback proxy; {} = none (requests then honours the system's)."""
    qs = QgsSettings()
    if url and _bypasses_proxy(url, qs):
        return {}
    if str(qs.value("proxy/proxyEnabled", False)).lower() in ("true", "1"):
        kind = str(qs.value("proxy/proxyType", "HttpProxy"))
        host = str(qs.value("proxy/proxyHost", "") or "")
        if kind == "DefaultProxy" or not host:
            return {}
        port = int(qs.value("proxy/proxyPort", 0) or 0)
        user = str(qs.value("proxy/proxyUser", "") or "")
        password = str(qs.value("proxy/proxyPassword", "") or "")
        scheme = "socks5h" if kind == "Socks5Proxy" else "http"
        proxy_url = _proxy_url(scheme, host, port, user, password)
        return {"http": proxy_url, "https": proxy_url}
    proxy = QgsNetworkAccessManager.instance().fallbackProxy()
    kinds = QNetworkProxy.ProxyType
    if proxy.hostName() and proxy.type() not in (kinds.DefaultProxy, kinds.NoProxy):
        scheme = "socks5h" if proxy.type() == kinds.Socks5Proxy else "http"
        proxy_url = _proxy_url(
            scheme, proxy.hostName(), proxy.port(), proxy.user(), proxy.password()
        )
        return {"http": proxy_url, "https": proxy_url}
    return {}


class Client:
    """A requests Session with retries, timeouts, User-Agent, TLS verification and QGIS's proxy."""

    def __init__(self, options: HttpOptions | None = None) -> None:
        self.options = options or HttpOptions.from_settings()
        retry = CappedRetry(
            total=self.options.retries,
            connect=self.options.retries,
            read=self.options.retries,
            status=self.options.retries,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "HEAD"}),
            backoff_factor=self.options.backoff_s,
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        retry.max_retry_after = self.options.max_retry_after_s
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = user_agent()
        self.session.verify = True

    def get(
        self, url: str, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> requests.Response:
        """GET with the client's timeouts and proxy; network failures raise UserError."""
        try:
            return self.session.get(
                url,
                headers=headers,
                timeout=self.options.timeout,
                proxies=qgis_proxies(url) or None,
                verify=True,
                **kwargs,
            )
        except requests.RequestException as error:
            raise network_error(url, error, self.options) from error

    def close(self) -> None:
        """Close the pooled connections."""
        self.session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _chain(error: BaseException) -> list[BaseException]:
    """The error, its args that are errors, and their reasons/causes (urllib3 nests them)."""
    seen: list[BaseException] = []
    todo: list[Any] = [error]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or item in seen:
            continue
        seen.append(item)
        todo.extend(item.args)
        todo.extend([getattr(item, "reason", None), item.__cause__, item.__context__])
    return seen


def network_error(url: str, error: BaseException, options: HttpOptions) -> UserError:
    """A clear, translated UserError for a requests/urllib3 failure."""
    host = urlsplit(url).netloc or url
    chain = _chain(error)
    # urllib3's NewConnectionError subclasses ConnectTimeoutError: test it first.
    if any(isinstance(e, NewConnectionError) for e in chain):
        return UserError(
            tr(
                "Could not connect to {host} (connection refused or host unreachable). Check the "
                "address, the network and QGIS's proxy settings."
            ).format(host=host)
        )
    if any(isinstance(e, (requests.Timeout, ConnectTimeoutError, ReadTimeoutError)) for e in chain):
        return UserError(
            tr(
                "The server {host} did not answer within the time allowed "
                "(connect {connect} s, read {read} s). Try again later or raise the timeout "
                "in the plugin settings."
            ).format(host=host, connect=options.connect_timeout_s, read=options.read_timeout_s)
        )
    if any(isinstance(e, requests.exceptions.SSLError) for e in chain):
        return UserError(
            tr(
                "The secure connection to {host} failed: its certificate could not be verified "
                "({detail}). TLS verification cannot be switched off."
            ).format(host=host, detail=str(error))
        )
    if any(isinstance(e, requests.exceptions.ProxyError) for e in chain):
        return UserError(
            tr(
                "The proxy refused or failed the request to {host}. Check QGIS's proxy settings "
                "(Settings > Options > Network)."
            ).format(host=host)
        )
    if any(isinstance(e, ProtocolError) for e in chain):
        return UserError(
            tr("The connection to {host} broke during the transfer. Try again.").format(host=host)
        )
    return UserError(tr("The request to {url} failed: {detail}").format(url=url, detail=str(error)))


# Where GESTIM links its current province files (named when the download address answers 404).
GESTIM_DOCUMENTS_URL = "https://documents-gestim.mines.gouv.qc.ca/cartes"


def status_error(url: str, response: requests.Response) -> UserError:
    """A clear, translated UserError for an HTTP status the plugin cannot use."""
    if response.status_code == 404:
        return UserError(
            tr(
                "The file was not found on the server (HTTP 404): {url}. GESTIM may have moved "
                "its province files: the current address is linked from GESTIM's document site, "
                "{site}. Set it as the source address in the plugin settings."
            ).format(url=url, site=GESTIM_DOCUMENTS_URL)
        )
    if response.status_code == 407:
        return UserError(
            tr(
                "The proxy asks for a user name and password (HTTP 407): set them in QGIS's "
                "network settings (Settings > Options > Network)."
            )
        )
    if response.status_code in RETRY_STATUSES:
        return UserError(
            tr(
                "The server answered HTTP {status} ({reason}) for {url}, even after retrying. "
                "It may be busy or down: try again later."
            ).format(status=response.status_code, reason=response.reason or "", url=url)
        )
    return UserError(
        tr("The server answered HTTP {status} ({reason}) for {url}.").format(
            status=response.status_code, reason=response.reason or "", url=url
        )
    )
