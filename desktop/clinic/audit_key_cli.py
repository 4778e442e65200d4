"""`icorerx clinic audit-key --export FILE | --import FILE`: the clinic's audit key to a new desk.

Every desk of a clinic needs the clinic's one audit key (`desktop.clinic.audit_key`). IT
takes it from a desk that has it with `--export FILE` (an owner-only file, never written
over, holding the 32 bytes of the key, as `audit.key` does) and gives it to the new desk
with `--import FILE`: the key is checked against the clinic database's record (its check
value) before it is kept in that desk's key store (the OS keyring, else the owner-only
`audit.key` of its data folder, as `desktop.keys` chooses). Nothing is written when the
file is not the clinic's key, or when the desk already holds another key (that one is
never overwritten: records of the desk's own may be chained with it). The file should
be deleted once imported.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from desktop.clinic.audit_key import (
    Connection,
    check_value,
    clinic_key,
    not_the_clinics,
    recorded,
    shown,
)
from desktop.clinic.connect import FAILED, OK, REFUSED
from desktop.clinic.password import read_password
from desktop.clinic.server import CONNECT_TIMEOUT_S, open_connection
from desktop.clinic.settings import ClinicError, ClinicSettings
from desktop.config import Settings
from desktop.domain.errors import StartupError, UserFacingError
from desktop.keys import HeldKey, get_key
from desktop.store.audit_key import AUDIT_KEY, KEY_BYTES

NOT_CONNECTED = ClinicError(
    "This workstation is not connected to a clinic database, so there is no clinic audit key "
    "to check against.",
    "Run icorerx clinic connect first (with this workstation's --data-dir), then run the "
    "command again.",
)


def export_key(
    data_dir: Path,
    path: Path,
    *,
    timeout_s: float = CONNECT_TIMEOUT_S,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Write this workstation's audit key, checked to be the clinic's, to a new owner-only file."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        settings, clinic = _connected(data_dir)
        try:
            held = get_key(data_dir, AUDIT_KEY, create=False)
        except StartupError as exc:
            raise ClinicError(
                f"This workstation holds no audit key to export ({exc.message})",
                "Export it from a workstation that starts on the clinic database, or from "
                "the one that made it.",
            ) from exc
        with _clinic(data_dir, clinic, timeout_s) as conn:
            record = recorded(conn)
            if record is not None and not record.matches(held.value):
                raise not_the_clinics(clinic.address, record, data_dir, held.where)
            if record is None:  # not recorded yet: check it, and record it if it is the one
                workstation = settings.workstation or socket.gethostname()
                clinic_key(conn, clinic.address, data_dir, workstation, key=held.value)
        _write_new(path, held.value)
    except UserFacingError as exc:
        print(f"icorerx: nothing was written. {exc}", file=err)
        return REFUSED
    except OSError as exc:
        print(
            f"icorerx: nothing was written. {path} could not be written "
            f"({exc.strerror or exc}). Name a new file in a folder you can write to.",
            file=err,
        )
        return FAILED
    print(
        f"ok   the clinic's audit key (check value {shown(check_value(held.value))}) is in "
        f"{path}, readable by you alone",
        file=out,
    )
    print(
        "next carry it to the new workstation, run there: icorerx clinic audit-key --import "
        f"{path.name}, then delete the file (it unlocks the clinic's audit trail).",
        file=out,
    )
    return OK


def import_key(
    data_dir: Path,
    path: Path,
    *,
    timeout_s: float = CONNECT_TIMEOUT_S,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Keep the key in `path` as this workstation's audit key, once it is checked to be the
    clinic's; refused (nothing written) otherwise."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        settings, clinic = _connected(data_dir)
        value = _read_key(path)
        _refuse_another_key(data_dir, value)
        workstation = settings.workstation or socket.gethostname()
        with _clinic(data_dir, clinic, timeout_s) as conn:
            record = recorded(conn)
            if record is not None and not record.matches(value):
                raise ClinicError(
                    f"{path} is not the clinic's audit key: its check value is "
                    f"{shown(check_value(value))}, the clinic's (made by {record.made_by} on "
                    f"{record.made_at[:10]}) is {shown(record.check)}. Nothing was kept.",
                    f"Export it again on {record.made_by} (icorerx clinic audit-key --export "
                    "FILE) and import that file.",
                )
            if record is None:  # the clinic's first key, or one from before keys were recorded
                clinic_key(conn, clinic.address, data_dir, workstation, key=value)
        _keep(data_dir, value)
    except UserFacingError as exc:
        print(f"icorerx: nothing was kept. {exc}", file=err)
        return REFUSED
    where = get_key(data_dir, AUDIT_KEY, create=False).where
    print(
        f"ok   the clinic's audit key (check value {shown(check_value(value))}) is kept in {where}",
        file=out,
    )
    print(f"next delete {path}; this workstation can start on the clinic database.", file=out)
    return OK


# --- the parts -------------------------------------------------------------------------------


def _connected(data_dir: Path) -> tuple[Settings, ClinicSettings]:
    settings = Settings.load(data_dir)
    clinic = ClinicSettings.from_settings(settings)
    if clinic is None:
        raise NOT_CONNECTED
    return settings, clinic


@contextlib.contextmanager
def _clinic(data_dir: Path, clinic: ClinicSettings, timeout_s: float) -> Iterator[Connection]:
    address = clinic.address
    conn = open_connection(
        address, read_password(data_dir, address), ca_file=clinic.ca_path, timeout_s=timeout_s
    )
    try:
        conn.autocommit = True
        yield conn
    finally:
        conn.close()


def _read_key(path: Path) -> bytes:
    try:
        value = path.read_bytes()
    except OSError as exc:
        raise ClinicError(
            f"{path} cannot be read ({exc.strerror or exc}).",
            "Name the file icorerx clinic audit-key --export wrote (or the audit.key of the "
            "workstation that made the key).",
        ) from exc
    if len(value) != KEY_BYTES:
        raise ClinicError(
            f"{path} is not an audit key file ({len(value)} bytes; an audit key is {KEY_BYTES}).",
            "Name the file icorerx clinic audit-key --export wrote, carried over unchanged.",
        )
    return value


def _refuse_another_key(data_dir: Path, value: bytes) -> None:
    try:
        held = get_key(data_dir, AUDIT_KEY, create=False)
    except StartupError:
        return  # none yet (or one that cannot be read: `_keep` says so)
    _same(data_dir, held, value)


def _keep(data_dir: Path, value: bytes) -> None:
    """In this workstation's key store, unless it already holds another key (then refused)."""
    try:
        held = get_key(data_dir, AUDIT_KEY, create=True, value=value)
    except StartupError as exc:
        raise ClinicError(exc.message, exc.next_step) from exc
    _same(data_dir, held, value)


def _same(data_dir: Path, held: HeldKey, value: bytes) -> None:
    if held.value != value:
        raise ClinicError(
            f"This workstation already holds another audit key ({held.where}, check value "
            f"{shown(check_value(held.value))}), and it is never written over: records of this "
            "workstation's own may be chained with it. Nothing was kept.",
            f"Keep a copy of that key, then move it out of {data_dir} (or delete the OS keyring "
            f"entry {AUDIT_KEY.service} once copied) and run the command again.",
        )


def _write_new(path: Path, value: bytes) -> None:
    """A new owner-only file (never over an existing one), written whole or not at all."""
    if path.exists():
        raise ClinicError(
            f"{path} already exists; it is not written over.",
            "Name a new file (or move that one away), then run the command again.",
        )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(value)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
