"""Read token seeds from a vendor's PSKC file (RFC 6030) into `SeedRecord`s.

A seed file is untrusted input that carries secrets, so this module is strict:

* XML declarations that can attack the reader (DOCTYPE, ENTITY, external references) are
  refused before python-pskc sees the bytes, because python-pskc hands them to lxml unguarded
  when lxml is installed.
* All or nothing: one bad token rejects the whole file, so an inventory is never half-imported
  and the IT person fixes the file once instead of chasing which tokens made it in.
* The MAC of an encrypted value is checked before the value is decrypted, which lets us tell
  "wrong key or password" from "file altered or damaged", and a CBC-encrypted value without a
  MAC is refused (RFC 6030 requires one) instead of being trusted silently.

It is pure: it reads bytes and returns records; storing them is the caller's business.
"""

from __future__ import annotations

import hmac
import io
import os
import re
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
from pskc.encryption import algorithm_key_lengths
from pskc.exceptions import DecryptionError, KeyDerivationError, PSKCError
from pskc.key import EncryptedValue, Key

from desktop.domain.errors import UserFacingError
from desktop.domain.models import TokenKind
from desktop.domain.seeds import ALGORITHMS, SeedRecord

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Real seed files are kilobytes; the cap keeps a hostile file from exhausting memory."""
MIN_KEY_BYTES = 16
"""RFC 4226 section 4 requires a shared secret of at least 128 bits."""
MAX_PBKDF2_ITERATIONS = 2_000_000
"""A file may ask for any iteration count; cap it so a hostile file cannot hang the app."""
MAX_PBKDF2_KEY_BYTES = 64

_KINDS = {"hotp": TokenKind.HOTP, "totp": TokenKind.TOTP}
_KIND_NAME = re.compile(r"(?:^|[:#/\-_.\s])([ht]otp)$", re.IGNORECASE)
"""The algorithm's name at the end of its URI, however the RFC, its drafts or a vendor spell
it: `urn:ietf:params:xml:ns:keyprov:pskc:hotp`, `urn:ietf:params:xml:ns:keyprov:pskc#hotp`,
`http://www.ietf.org/keyprov/pskc#totp`, plain `HOTP`, `OATH-HOTP`... privacyIDEA's own
importer goes by the last four letters alone."""
_FIELD_LABELS = {
    "secret": "seed",
    "counter": "counter",
    "time_offset": "time value",
    "time_interval": "time step",
    "time_drift": "clock drift",
}
_HOSTILE_MARKERS = (b"<!doctype", b"<!entity")
_NOTHING = "Nothing was imported."
_ASK_VENDOR = f"{_NOTHING} Ask the token vendor for a corrected seed file."
_PICK_FILE = f"{_NOTHING} Check that you chose the PSKC seed file (.pskc or .xml) the vendor sent."


class SeedFileError(UserFacingError):
    """The seed file cannot be imported; the message says which token and why."""


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
    credential = _unlock(container, psk=psk, password=password)
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
                _ASK_VENDOR,
            )
        key = device.keys[0]
        serial = _serial(device.serial)
        if not serial and _serial(key.id):
            serial = _serial(key.id)  # no DeviceInfo serial: the Key Id, as privacyIDEA does
            from_key_id.append(serial)
        where = f"Token {position} in the file" + (f" (serial {serial})" if serial else "")
        if not serial:
            raise SeedFileError(f"{where} has no serial number and no Key Id.", _ASK_VENDOR)
        if serial in seen:
            raise SeedFileError(
                f"The serial {serial} appears more than once in the seed file "
                f"(tokens {seen[serial]} and {position}).",
                _ASK_VENDOR,
            )
        seen[serial] = position
        token = _Token(where, credential, password_given=password is not None)
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
        f"{_NOTHING} Ask the token vendor for the original file; do not edit it by hand.",
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
        f"{_NOTHING} Download the seed file from the vendor again.",
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
            f"The seed file has a value that cannot be read ({exc}).", _ASK_VENDOR
        ) from exc


def _unlock(container: PSKC, *, psk: bytes | None, password: str | None) -> str | None:
    """Set the decryption key; returns which credential it came from, for error wording."""
    encryption = container.encryption
    derivation = encryption.derivation
    if password is not None and derivation.algorithm:
        if (derivation.pbkdf2_iterations or 0) > MAX_PBKDF2_ITERATIONS or (
            derivation.pbkdf2_key_length or 0
        ) > MAX_PBKDF2_KEY_BYTES:
            raise SeedFileError(
                "The seed file asks for unreasonable password settings "
                f"({derivation.pbkdf2_iterations} rounds).",
                _ASK_VENDOR,
            )
        try:
            encryption.derive_key(password)
        except KeyDerivationError as exc:
            raise SeedFileError(
                f"The seed file's password protection cannot be used ({exc}).", _ASK_VENDOR
            ) from exc
        return "password"
    if psk is not None:
        encryption.key = psk
        return "pre-shared key"
    return None


@dataclass(frozen=True)
class _Token:
    """One token being read: where it is in the file, for messages, and how it was unlocked."""

    where: str
    credential: str | None
    password_given: bool

    def error(self, problem: str, next_step: str = _ASK_VENDOR) -> SeedFileError:
        return SeedFileError(f"{self.where}: {problem}.", next_step)

    def record(self, key: Key, serial: str) -> SeedRecord:
        """Validate the token's key and map it; raises on the first problem."""
        uri = (key.algorithm or "").strip()
        match = _KIND_NAME.search(uri)
        kind = _KINDS.get(match.group(1).lower()) if match else None
        if kind is None:
            stated = f"is {uri!r}" if uri else "is not stated"
            raise self.error(
                f"its algorithm {stated}, which is neither HOTP (event-based) nor TOTP "
                "(time-based); only HOTP and TOTP tokens can be imported"
            )
        suite = (key.algorithm_suite or "sha1").lower().rsplit("#", 1)[-1]
        algorithm = suite.replace("hmac", "").replace("-", "").replace("_", "").strip()
        if algorithm not in ALGORITHMS:
            raise self.error(f"its hash {key.algorithm_suite} is not SHA-1, SHA-256 or SHA-512")
        digits = key.response_length or 6
        if digits not in (6, 8):
            raise self.error(f"it shows {digits}-digit codes; only 6 or 8 digits are supported")
        if (key.response_encoding or "DECIMAL").upper() != "DECIMAL":
            raise self.error(f"its codes are {key.response_encoding}, not decimal digits")
        secret = self.reveal(key, "secret")
        if not isinstance(secret, bytes) or not secret:
            raise self.error("it has no seed (secret key)")
        if len(secret) < MIN_KEY_BYTES:
            raise self.error(
                f"its seed is {len(secret)} bytes; at least {MIN_KEY_BYTES} are required"
            )
        counter = self.reveal_int(key, "counter", 0)
        if counter < 0:
            raise self.error(f"its counter is negative ({counter})")
        step = self.reveal_int(key, "time_interval", 30)
        if step <= 0:
            raise self.error(f"its time step is {step} seconds")
        drift = self.reveal_int(key, "time_drift", 0)
        self.reveal(key, "time_offset")  # not mapped, but decrypting it checks its MAC too
        return SeedRecord(
            serial=serial,
            kind=kind,
            algorithm=algorithm,
            digits=digits,
            step=step,
            counter=counter,
            drift=drift,
            key=secret,
            manufacturer=(key.manufacturer or "").strip(),
            model=(key.model or "").strip(),
        )

    def reveal_int(self, key: Key, field: str, default: int) -> int:
        value = self.reveal(key, field)
        if value is None:
            return default
        if not isinstance(value, int):
            raise self.error(f"its {_FIELD_LABELS[field]} is not a number")
        return value

    def reveal(self, key: Key, field: str) -> object:
        """A key field's value, decrypted with its MAC checked first when it is encrypted."""
        raw: object = getattr(key, "_" + field, None)  # python-pskc's undecrypted value
        if not isinstance(raw, EncryptedValue):
            return raw
        label = _FIELD_LABELS[field]
        container = key.device.pskc
        algorithm = raw.algorithm or container.encryption.algorithm
        try:
            lengths = algorithm_key_lengths(algorithm)
        except DecryptionError as exc:
            raise self.error(
                f"its {label} is encrypted with {algorithm}, which is unsupported"
            ) from exc
        secret_key = container.encryption.key
        if secret_key is None:
            if self.password_given:
                raise self.error(
                    f"its {label} is encrypted with a pre-shared key, but a password was entered",
                    f"{_NOTHING} Enter the pre-shared key the vendor sent separately.",
                )
            raise self.error(
                f"its {label} is encrypted, and no pre-shared key or password was entered",
                f"{_NOTHING} Enter the pre-shared key or password the vendor sent separately "
                "from the file, then import again.",
            )
        check_secret = f"{_NOTHING} Check the {self.credential} the vendor sent and try again."
        if len(secret_key) not in lengths:
            raise self.error(
                f"the {self.credential} is {len(secret_key)} bytes long, but {algorithm} needs "
                f"{' or '.join(str(n) for n in lengths)}",
                check_secret,
            )
        wrong = f"its {label} could not be decrypted: the {self.credential} is wrong"
        if raw.mac_value is None:
            if algorithm and algorithm.endswith("-cbc"):  # key-wrap modes carry their own check
                raise self.error(f"its encrypted {label} has no integrity check (MAC)")
        else:
            try:
                container.mac.key  # noqa: B018 - decrypting the MAC key fails on a wrong key
            except DecryptionError as exc:
                raise self.error(wrong, check_secret) from exc
            try:
                expected = container.mac.generate_mac(raw.cipher_value)
            except DecryptionError as exc:
                raise self.error(
                    f"its integrity check method ({container.mac.algorithm}) is unsupported"
                ) from exc
            if not hmac.compare_digest(expected, raw.mac_value):
                try:  # an old draft put the MAC over the plaintext; python-pskc checks both
                    return raw.get_value(container)
                except DecryptionError as exc:
                    # Without a separate MAC key the MAC is keyed with the decryption key, so
                    # a wrong key looks the same as an altered file.
                    own_key = getattr(container.mac, "_key", None) is not None
                    maybe = "" if own_key else f", or the {self.credential} is wrong"
                    raise self.error(
                        f"the integrity check (MAC) of its {label} failed: the file was "
                        f"altered or damaged after the vendor made it{maybe}",
                        f"{_NOTHING} Do not use this file; get a fresh copy from the vendor.",
                    ) from exc
        try:
            return raw.get_value(container)
        except DecryptionError as exc:
            raise self.error(wrong, check_secret) from exc
