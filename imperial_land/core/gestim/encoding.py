"""The text encoding of a GESTIM .dbf, and the check that its texts were decoded right.

The `.cpg` beside the `.dbf` names the encoding when there is one; else the dBASE header's
language byte when it names one; else cp1252, GESTIM's. Text that still decodes to mojibake
("Ã©" for "é": a UTF-8 file read as cp1252) is refused rather than recorded as changed holders.
"""

from __future__ import annotations

import codecs
from typing import Any

from imperial_land.core.common import UserError, tr

try:
    from osgeo import gdal
except ImportError:  # pragma: no cover - GDAL's Python bindings ship with QGIS
    gdal = None

DEFAULT_ENCODING = "cp1252"
LDID_BYTE = 29  # offset of the language driver id in a dBASE header
# dBASE language driver id -> Python codec (0 = none named)
LDID_CODECS = {
    0x01: "cp437",
    0x02: "cp850",
    0x03: "cp1252",
    0x57: "cp1252",
    0x58: "cp1252",
    0x59: "cp1252",
    0x64: "cp852",
    0x65: "cp866",
    0x66: "cp865",
    0x67: "cp861",
    0x6A: "cp737",
    0x6B: "cp857",
    0xC8: "cp1250",
    0xC9: "cp1251",
    0xCA: "cp1254",
    0xCB: "cp1253",
}
# .cpg texts that are not Python codec names
CPG_NAMES = {"65001": "utf-8", "UTF8": "utf-8", "ANSI 1252": "cp1252", "ANSI": "cp1252"}


def _read(path: str, size: int = 4096) -> bytes | None:
    """The first bytes of a GDAL path (plain or /vsizip/), None when there is no such file."""
    if gdal is None or gdal.VSIStatL(path) is None:
        return None
    handle = gdal.VSIFOpenL(path, "rb")
    if handle is None:
        return None
    try:
        return bytes(gdal.VSIFReadL(1, size, handle) or b"")
    finally:
        gdal.VSIFCloseL(handle)


def _sibling(vsi: str, suffix: str) -> bytes | None:
    stem = vsi[:-4]
    for candidate in (suffix, suffix.upper()):
        data = _read(stem + candidate)
        if data is not None:
            return data
    return None


def cpg_codec(text: str, where: str) -> str:
    """The Python codec a .cpg names (UTF-8, 65001, 1252, ANSI 1252, ISO-8859-1, 88591...)."""
    name = " ".join(text.strip().upper().split())
    candidates = [CPG_NAMES.get(name, name)]
    if name.isdigit():
        candidates.append("cp" + name)
        if name.startswith("8859") and len(name) > 4:
            candidates.append("iso-8859-" + name[4:].lstrip("_-"))
    for candidate in candidates:
        try:
            return codecs.lookup(candidate).name
        except LookupError:
            continue
    raise UserError(
        tr(
            "The .cpg file of {where} names an encoding this plugin does not know: '{name}'. "
            "Fix the .cpg (for example UTF-8 or 1252) or remove it to read the file as cp1252."
        ).format(where=where, name=text.strip())
    )


def dbf_encoding(vsi: str, where: str) -> str:
    """The codec of the .dbf beside the shapefile at GDAL path `vsi`: its .cpg, else the dBASE
    language byte, else cp1252."""
    cpg = _sibling(vsi, ".cpg")
    if cpg is not None and cpg.strip():
        return cpg_codec(cpg.decode("ascii", errors="replace"), where)
    header = _sibling(vsi, ".dbf")
    if header is not None and len(header) > LDID_BYTE:
        codec = LDID_CODECS.get(header[LDID_BYTE])
        if codec is not None:
            return codecs.lookup(codec).name
    return codecs.lookup(DEFAULT_ENCODING).name


def looks_mojibake(text: str) -> bool:
    """True for text that is UTF-8 read as cp1252 or Latin-1 ("SociÃ©tÃ©" for "Société")."""
    if text.isascii():
        return False
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != text:
            return True
    return False


def undecodable_error(where: str, encoding: str, raw: bytes) -> UserError:
    """The message for a .dbf text its encoding cannot decode (a wrong .cpg)."""
    sample = raw.decode("latin-1").strip()[:60]
    return UserError(
        tr(
            "The texts of {where} are not {encoding} ('{sample}' cannot be read that way): the "
            ".cpg file beside the .dbf names the wrong encoding. Fix or remove the .cpg and read "
            "the file again; the register is unchanged."
        ).format(where=where, encoding=encoding, sample=sample)
    )


def check_decoded(
    columns: dict[str, list[Any]], fields: list[str], where: str, encoding: str
) -> None:
    """Refuse texts that decoded to mojibake: the file is UTF-8 but was read as `encoding`."""
    for name in fields:
        values = columns.get(name) or []
        sample = next((value for value in values if value is not None), None)
        if type(sample) is not str:
            continue
        wrong = {v for v in set(values) if type(v) is str and looks_mojibake(v)}
        if wrong:
            value = next(v for v in values if v in wrong)  # the first in source order
            raise UserError(
                tr(
                    "The texts of {where} look wrongly decoded: {field} holds '{value}' "
                    "(UTF-8 read as {encoding}). Add a .cpg file holding UTF-8 beside the "
                    ".dbf (or fix the one there) and read the file again; the register is "
                    "unchanged."
                ).format(where=where, field=name, value=value, encoding=encoding)
            )
