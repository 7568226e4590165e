"""Download one file: conditional GET, streaming to a .part file, size + SHA-256, Range resume."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import requests
from qgis.core import QgsProcessingFeedback

from imperial_land.core.common import UserError, check_cancelled, ensure_feedback, tr, update_sha256
from imperial_land.core.net.http import (
    Client,
    DownloadState,
    HttpOptions,
    network_error,
    status_error,
)

CHUNK_BYTES = 1 << 16
ProgressCallback = Callable[[int, "int | None"], None]


@dataclass
class DownloadResult:
    """The outcome of one download call."""

    state: DownloadState
    path: Path | None  # the complete file; None when the server answered 304 Not Modified
    received_bytes: int  # bytes that came over the network in this call
    resumed: bool  # True when a partial download was continued with Range


def part_path(dest: Path) -> Path:
    """Where the download of `dest` is streamed before it is complete and checked."""
    return dest.with_name(dest.name + ".part")


def _meta_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part.json")


def _read_meta(dest: Path) -> dict:
    """What was recorded about the partial download of `dest` (url, etag, last_modified)."""
    try:
        info = json.loads(_meta_path(dest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def _resume_validator(dest: Path, url: str) -> tuple[int, str | None]:
    """(bytes on disk, If-Range validator) of a partial download of `url`, else (0, None)."""
    part, meta = part_path(dest), _meta_path(dest)
    if part.exists() and meta.exists():
        info = _read_meta(dest)
        etag = info.get("etag") or ""
        validator = etag if etag and not etag.startswith("W/") else info.get("last_modified")
        size = part.stat().st_size
        if info.get("url") == url and validator and size > 0:
            return size, validator
    for stale in (part, meta):
        if stale.exists():
            stale.unlink()
    return 0, None


def _content_range_start_total(value: str) -> tuple[int, int | None]:
    match = re.match(r"bytes\s+(\d+)-(\d+)/(\d+|\*)", value or "")
    if not match:
        return -1, None
    total = match.group(3)
    return int(match.group(1)), (int(total) if total != "*" else None)


def _truncated(url: str, got: int, expected: int | None) -> UserError:
    return UserError(
        tr(
            "The download of {url} stopped early: {got} of {expected} bytes received. "
            "Run it again: it resumes where it stopped."
        ).format(url=url, got=got, expected=expected if expected is not None else "?")
    )


def _report(feedback: QgsProcessingFeedback) -> ProgressCallback:
    """The progress function of one download: the feedback's bar and text."""

    def report(done: int, total: int | None) -> None:
        if total:
            feedback.setProgress(100.0 * done / total)
            text = tr("Downloaded {done:.1f} of {total:.1f} MB").format(
                done=done / 1e6, total=total / 1e6
            )
        else:
            text = tr("Downloaded {done:.1f} MB").format(done=done / 1e6)
        feedback.setProgressText(text)

    return report


def download(
    url: str,
    dest: Path,
    previous: DownloadState | None = None,
    feedback: QgsProcessingFeedback | None = None,
    options: HttpOptions | None = None,
) -> DownloadResult:
    """Download `url` to `dest` unless unchanged since `previous` (304: nothing downloaded).

    Streams to `dest`.part, resumes it with Range when the server allows (206; a 200 restarts),
    checks the size against Content-Length, renames to `dest` only when complete.
    """
    feedback = ensure_feedback(feedback)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with Client(options) as client:
        for _attempt in range(2):
            offset, validator = _resume_validator(dest, url)
            headers = {"Accept-Encoding": "identity"}
            if previous is not None and previous.url == url:
                if previous.etag:
                    headers["If-None-Match"] = previous.etag
                if previous.last_modified:
                    headers["If-Modified-Since"] = previous.last_modified
            if offset and validator:
                headers["Range"] = f"bytes={offset}-"
                headers["If-Range"] = validator
            response = client.get(url, headers=headers, stream=True)
            with response:
                if response.status_code == 416 and offset:
                    part_path(dest).unlink()
                    continue
                if response.status_code == 304:
                    return DownloadResult(previous or DownloadState(url=url), None, 0, False)
                return _stream(url, dest, response, offset, feedback, client)
    raise UserError(tr("The server refused to resume the download of {url}.").format(url=url))


def _stream(
    url: str,
    dest: Path,
    response: requests.Response,
    offset: int,
    feedback: QgsProcessingFeedback,
    client: Client,
) -> DownloadResult:
    """Write the body of a 200/206 answer to the .part file and move it to `dest` when complete."""
    length = response.headers.get("Content-Length")
    if response.status_code == 206 and offset:
        start, expected = _content_range_start_total(response.headers.get("Content-Range", ""))
        if start != offset:
            raise UserError(
                tr("The server resumed the download of {url} at the wrong place.").format(url=url)
            )
    elif response.status_code == 200:
        offset = 0
        expected = int(length) if length and length.isdigit() else None
    else:
        raise status_error(url, response)
    part, meta = part_path(dest), _meta_path(dest)
    known = _read_meta(dest) if offset else {}  # a 206 may omit the validators
    etag = response.headers.get("ETag") or known.get("etag")
    last_modified = response.headers.get("Last-Modified") or known.get("last_modified")
    meta.write_text(
        json.dumps({"url": url, "etag": etag, "last_modified": last_modified}), encoding="utf-8"
    )
    hasher = update_sha256(part) if offset else hashlib.sha256()
    report = _report(feedback)
    if hasattr(response.raw, "enforce_content_length"):
        # urllib3 2 raises on a short body and drops the bytes it had read (1.26 gave them):
        # keep them all, so a broken download resumes; the size is checked below.
        response.raw.enforce_content_length = False
    received = 0
    with open(part, "ab" if offset else "wb") as stream:
        try:
            for chunk in response.iter_content(CHUNK_BYTES):
                check_cancelled(feedback)
                stream.write(chunk)
                hasher.update(chunk)
                received += len(chunk)
                report(offset + received, expected)
        except requests.exceptions.ChunkedEncodingError as error:
            raise _truncated(url, offset + received, expected) from error
        except requests.RequestException as error:
            raise network_error(url, error, client.options) from error
    size = offset + received
    if expected is not None and size != expected:
        raise _truncated(url, size, expected)
    os.replace(part, dest)
    meta.unlink()
    state = DownloadState(url, etag, last_modified, hasher.hexdigest(), size)
    return DownloadResult(state, dest, received, offset > 0)
