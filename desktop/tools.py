"""Command-line tools for a clinic's IT person: seed import and the token inventory.

They work on the embedded identity service of a data dir; a clinic on a real
identity server manages seeds there instead.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from desktop.config import Settings
from desktop.domain.errors import UserFacingError
from desktop.exostar.local import LocalIdentityService, create_adapter

BAD_INPUT = 2


def _local(data_dir: Path) -> LocalIdentityService:
    settings = Settings.load(data_dir)
    if settings.adapter != "local":
        raise UserFacingError(
            f'This data dir uses the "{settings.adapter}" identity service, not the embedded one.',
            "Import seeds and list tokens on that server instead.",
        )
    return create_adapter(data_dir, settings.adapter_options)


def import_seeds(
    data_dir: Path,
    file: Path,
    *,
    psk_file: Path | None = None,
    psk_stdin: bool = False,
    password_file: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Import a vendor's seed file. The pre-shared key comes from a file or standard input,
    never the command line, where every user of the computer could read it."""
    from desktop.exostar.local.pskc_import import read_seed_path, read_seeds

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        psk = _psk(psk_file, psk_stdin, stdin or sys.stdin)
        password = _password(password_file)
        contents = read_seeds(read_seed_path(file), psk=psk, password=password)
        service = _local(data_dir)
        try:
            report = service.import_seeds(contents.records, source=file.name)
        finally:
            service.close()
    except UserFacingError as exc:
        print(f"icorerx: {exc}\nNothing was imported.", file=err)
        return BAD_INPUT
    print(f"Imported {len(report.imported)} token seed(s) from {file.name}.", file=out)
    for serial in report.imported:
        print(f"  + {serial}", file=out)
    if report.duplicates:
        print(f"Already in the inventory, left unchanged: {', '.join(report.duplicates)}", file=out)
    if contents.serial_from_key_id:
        print(
            "The file gives no device serial for "
            f"{', '.join(contents.serial_from_key_id)}: the Key Id was used as the serial "
            "(as privacyIDEA does). Check it against the number printed on the token.",
            file=out,
        )
    return 0


def list_tokens(data_dir: Path, as_json: bool, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    service = _local(data_dir)
    try:
        rows = service.token_overview()
    finally:
        service.close()
    if as_json:
        print(json.dumps(rows, indent=2), file=out)
        return 0
    if not rows:
        print(
            "No token seeds yet: import the vendor's file with  icorerx seeds import FILE", file=out
        )
        return 0
    print(f"{'SERIAL':<14} {'KIND':<5} {'STATUS':<11} OWNER", file=out)
    for row in rows:
        print(
            f"{row['serial']:<14} {row['kind']:<5} {row['status']:<11} {row['owner'] or '-'}",
            file=out,
        )
    return 0


def _psk(path: Path | None, from_stdin: bool, stdin: TextIO) -> bytes | None:
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) else "it is not text"
            raise UserFacingError(
                f"The pre-shared key file {path} could not be read ({why}).",
                "Check the path and its permissions; the file holds the key in hexadecimal.",
            ) from exc
    elif from_stdin:
        text = stdin.readline()
    else:
        return None
    cleaned = "".join(text.split()).replace(":", "")
    try:
        key = bytes.fromhex(cleaned)
    except ValueError as exc:
        raise UserFacingError(
            "The pre-shared key must be in hexadecimal (32 hex digits for AES-128).",
            "Copy it from the vendor's key letter.",
        ) from exc
    if not key:
        raise UserFacingError(
            "The pre-shared key is empty.", "Give the key from the vendor's key letter."
        )
    return key


def _password(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise UserFacingError(
            f"The password file {path} could not be read ({exc.strerror}).",
            "Check the path and its permissions.",
        ) from exc
