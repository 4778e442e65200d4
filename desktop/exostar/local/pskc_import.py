"""Read token seeds from a vendor's PSKC file (RFC 6030) into `SeedRecord`s.

A seed file is untrusted input that carries secrets, so this module is strict:

* XML declarations that can attack the reader (DOCTYPE, ENTITY, external references) are
  refused before python-pskc sees the bytes, because python-pskc hands them to lxml unguarded
  when lxml is installed.
* All or nothing: one bad token rejects the whole file, so an inventory is never half-imported
  and the IT person fixes the file once instead of chasing which tokens made it in.
* The MAC of an encrypted value is checked before the value is decrypted, which lets us tell
  "wrong key or password" from "file altered or damaged", and a CBC-encrypted value without a
  MAC is refused (RFC 6030 requires one) instead of being trusted silently (`pskc_keys`).

It is pure: it reads bytes and returns records; storing them is the caller's business.
"""

from __future__ import annotations

import io
import os
import stat
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError as XMLParseError

from cryptography.utils import CryptographyDeprecationWarning
from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import fromstring as safe_fromstring  # type: ignore[import-untyped]
from pskc import PSKC
from pskc.exceptions import PSKCError

from desktop.domain.seeds import SeedRecord
from desktop.exostar.local.pskc_keys import (
    ASK_VENDOR,
    NOTHING,
    SeedFileError,
    TokenReader,
    unlock,
)

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Real seed files are kilobytes; the cap keeps a hostile file from exhausting memory."""
_HOSTILE_MARKERS = (b"<!doctype", b"<!entity")
_PICK_FILE = f"{NOTHING} Check that you chose the PSKC seed file (.pskc or .xml) the vendor sent."


@dataclass(frozen=True)
class SeedFile:
    """What a seed file holds, and what the import report should say about how it was read."""

    records: list[SeedRecord]
    serial_from_key_id: list[str] = field(default_factory=list)
    """Serials taken from the Key Id because the token had no DeviceInfo serial (as
    privacyIDEA's importer does)."""


def read_seed_path(path: Path) -> bytes:
    """The file's bytes, its size checked before it is read.

    A FIFO, a device such as /dev/zero, or a file larger than `MAX_FILE_BYTES` is refused
    without reading it; the read itself stops one byte past the cap, so a file that grows
    while it is read is refused too. Opened non-blocking: a FIFO with no writer does not hang.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise SeedFileError(
            f"{path} could not be read ({exc.strerror}).",
            "Check the path and that you may read the file, then try again.",
        ) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SeedFileError(
                f"{path} is not a regular file (it is a device, pipe or folder).", _PICK_FILE
            )
        if info.st_size > MAX_FILE_BYTES:
            raise _too_big(info.st_size)
        with os.fdopen(fd, "rb", buffering=0, closefd=False) as handle:
            data = _read_at_most(handle, MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SeedFileError(
            f"{path} could not be read ({exc.strerror}).", "Check the file and try again."
        ) from exc
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(len(data))
    return data


def _read_at_most(handle: io.RawIOBase, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = handle.read(min(left, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _too_big(size: int) -> SeedFileError:
    return SeedFileError(
        f"The file is {size / (1024 * 1024):.1f} MB; a token seed file is a few kilobytes "
        f"and at most {MAX_FILE_BYTES // (1024 * 1024)} MB is accepted.",
        _PICK_FILE,
    )


@contextmanager
def _quiet_library() -> Iterator[None]:
    """python-pskc reaches TripleDES and Camellia through names cryptography has deprecated;
    that warning is for the library's authors, never for the person importing seeds."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=CryptographyDeprecationWarning)
        yield


def read_seed_file(
    data: bytes, *, psk: bytes | None = None, password: str | None = None
) -> list[SeedRecord]:
    """Every token in a PSKC file, or `SeedFileError` if anything in it is wrong."""
    return read_seeds(data, psk=psk, password=password).records


def read_seeds(data: bytes, *, psk: bytes | None = None, password: str | None = None) -> SeedFile:
    """Every token in a PSKC file, or `SeedFileError` if anything in it is wrong.

    `psk` is the vendor's pre-shared (transport) key; `password` is for files whose key is
    derived with PBKDF2. Neither is needed for a file with plain seeds.
    """
    psk, password = psk or None, password or None  # an empty entry means "none given"
    _refuse_hostile_xml(data)
    with _quiet_library():
        return _read(data, psk, password)


def _read(data: bytes, psk: bytes | None, password: str | None) -> SeedFile:
    container = _parse(data)
    credential = unlock(container, psk=psk, password=password)
    if not container.devices:
        raise SeedFileError("The seed file contains no tokens.", _PICK_FILE)
    records: list[SeedRecord] = []
    from_key_id: list[str] = []
    seen: dict[str, int] = {}
    for position, device in enumerate(container.devices, start=1):
        if len(device.keys) != 1:
            serial = _serial(device.serial)
            named = f" (serial {serial})" if serial else ""
            raise SeedFileError(
                f"Token {position} in the file{named} has {len(device.keys)} keys; a hardware "
                "token has exactly one.",
                ASK_VENDOR,
            )
        key = device.keys[0]
        serial = _serial(device.serial)
        if not serial and _serial(key.id):
            serial = _serial(key.id)  # no DeviceInfo serial: the Key Id, as privacyIDEA does
            from_key_id.append(serial)
        where = f"Token {position} in the file" + (f" (serial {serial})" if serial else "")
        if not serial:
            raise SeedFileError(f"{where} has no serial number and no Key Id.", ASK_VENDOR)
        if serial in seen:
            raise SeedFileError(
                f"The serial {serial} appears more than once in the seed file "
                f"(tokens {seen[serial]} and {position}).",
                ASK_VENDOR,
            )
        seen[serial] = position
        token = TokenReader(where, credential, password_given=password is not None)
        records.append(token.record(key, serial))
    return SeedFile(records, from_key_id)


def _serial(text: str | None) -> str:
    return "".join((text or "").split()).replace("-", "").upper()


def _refuse_hostile_xml(data: bytes) -> None:
    """Refuse oversized files and any DTD or entity before a full parser sees the bytes."""
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(len(data))
    hostile = SeedFileError(
        "The seed file contains a DOCTYPE or ENTITY declaration. Real seed files never do, and "
        "such declarations can be used to attack the computer that reads them, so it was not "
        "opened.",
        f"{NOTHING} Ask the token vendor for the original file; do not edit it by hand.",
    )
    # A byte scan in the encodings an XML file may use, then a real parse that forbids
    # declarations: the scan catches what the parse might read differently, and vice versa.
    lowered = data.lower()
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        if any(marker.decode().encode(encoding) in lowered for marker in _HOSTILE_MARKERS):
            raise hostile
    try:
        safe_fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise hostile from exc
    except (XMLParseError, ValueError, LookupError) as exc:  # LookupError: unknown encoding
        raise _not_xml() from exc


def _not_xml() -> SeedFileError:
    return SeedFileError(
        "The file is not valid XML, so it is not a usable PSKC seed file "
        "(it may be damaged or cut short).",
        f"{NOTHING} Download the seed file from the vendor again.",
    )


def _parse(data: bytes) -> PSKC:
    """python-pskc's model of the file; any reading failure is the file's fault."""
    try:
        return PSKC(io.BytesIO(data))
    except PSKCError as exc:
        if "KeyContainer" in str(exc) or "version" in str(exc).lower():
            raise SeedFileError(
                "The file is XML but not a PSKC (RFC 6030) token seed file that this "
                f"application can read ({exc}).",
                _PICK_FILE,
            ) from exc
        raise _not_xml() from exc
    except (ValueError, OverflowError) as exc:  # bad base64, numbers or dates in an element
        raise SeedFileError(
            f"The seed file has a value that cannot be read ({exc}).", ASK_VENDOR
        ) from exc
