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
    psk_hex: str | None,
    password_file: Path | None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    from desktop.exostar.local.pskc_import import read_seed_file

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        psk = _psk(psk_hex)
        password = _password(password_file)
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise UserFacingError(
                f"{file} could not be read ({exc.strerror}).", "Check the path and try again."
            ) from exc
        records = read_seed_file(data, psk=psk, password=password)
        service = _local(data_dir)
        try:
            report = service.import_seeds(records, source=file.name)
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


def _psk(text: str | None) -> bytes | None:
    if text is None:
        return None
    cleaned = text.strip().replace(" ", "").replace(":", "")
    try:
        return bytes.fromhex(cleaned)
    except ValueError as exc:
        raise UserFacingError(
            "--psk must be the pre-shared key in hexadecimal (32 hex digits for AES-128).",
            "Copy it from the vendor's key letter.",
        ) from exc


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
