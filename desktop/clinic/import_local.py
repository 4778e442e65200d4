"""`icorerx clinic import-local DATA_DIR`: a single desk's records into the clinic database, once.

The clinic's first desk usually has a history: people, patients, prescriptions with their
signatures, EPCS designations and grants, password throttles, daily reviews and the whole
audit trail. This moves all of it into the clinic database this workstation is connected
to (`icorerx clinic connect`), in this order and stopping at the first thing wrong:

1. the desk's audit trail must verify where it is (`AuditLog.verify`, as `icorerx audit
   verify` checks it: the chain, its anchor and, for a desk on privacyIDEA, the checkpoint
   kept there): a broken trail is never carried into the clinic's;
2. the clinic database must be reachable, its schema current, and it must hold no records
   and no earlier import: it takes one desk's history, once;
3. every table is copied in ONE transaction, ids kept (audit entry numbers, prescription
   ids), the identity sequences then set past the highest id (and past ids the desk used
   and removed, so a prescription number is never given twice);
4. before that transaction commits, everything is read back from the clinic database: each
   table's rows against the desk's, and the audit chain checked with the same HMAC check
   over the rows PostgreSQL returns (count and last hash equal to the desk's). Any
   difference rolls everything back;
5. the import is recorded in `clinic_imports` (schema step 9: at most one row, append-only)
   in the same transaction, and once committed the desk's folder gets a note
   (`MOVED-TO-CLINIC.txt`). Nothing in the folder is ever deleted.

The copy itself, and why no trigger is weakened by it, is `import_copy`.

The clinic's audit chain stays keyed with the desk's audit key: whoever checks the
clinic's trail needs that key, so it is kept with the clinic's backups.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from desktop.clinic.connect import FAILED, OK, REFUSED
from desktop.clinic.import_copy import copy_into_clinic, require_current_schema
from desktop.clinic.import_source import (
    NOT_MOVED,
    TABLES,
    ImportRefused,
    Source,
    head,
    listed,
)
from desktop.clinic.moved import MOVED_NOTE, moved_note, note_text
from desktop.clinic.password import read_password
from desktop.clinic.server import CONNECT_TIMEOUT_S, open_connection
from desktop.clinic.settings import ClinicAddress, ClinicError, ClinicSettings
from desktop.config import Settings
from desktop.domain.audit import ChainReport
from desktop.domain.errors import UserFacingError, generic_message
from desktop.store.audit_anchor import HEAD_FILE, log_id
from desktop.store.audit_key import audit_key
from desktop.store.database import AppStore

NOT_CONNECTED = (
    "This workstation is not connected to a clinic database, so there is nowhere to move "
    "the records to.",
    "Run icorerx clinic connect first (with this workstation's --data-dir), then run "
    "icorerx clinic import-local again.",
)

COPY_AUDIT_KEY = (
    "note: every workstation of the clinic needs this desk's audit key to start on the clinic "
    "database (it is recorded there as the clinic's): on a workstation that holds it, run "
    "icorerx clinic audit-key --export FILE, and on each other one icorerx clinic audit-key "
    "--import FILE (or copy audit.key from the desk's folder into each workstation's data "
    "folder)."
)


def import_local(
    data_dir: Path,
    source_dir: Path,
    *,
    timeout_s: float = CONNECT_TIMEOUT_S,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Move `source_dir`'s records into this workstation's clinic database; 0, 1 or 2."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        settings = Settings.load(data_dir)
        clinic = ClinicSettings.from_settings(settings)
        if clinic is None:
            raise ImportRefused(*NOT_CONNECTED)
        address = clinic.address
        folder = source_dir.expanduser().resolve()
        _refuse_if_moved(folder)
        from desktop.audit_cli import open_existing_store

        store = open_existing_store(folder, on_clinic=False)
    except UserFacingError as exc:
        print(f"icorerx: nothing was imported. {exc}", file=err)
        return REFUSED
    workstation = settings.workstation or socket.gethostname()
    try:
        with _snapshot(store):
            try:
                source = _read_source(store, folder)
            except ImportRefused:
                raise
            except UserFacingError as exc:  # a missing audit key, a settings file to fix
                raise ImportRefused(exc.message, exc.next_step) from exc
            print(f"ok   the audit trail of {folder} is intact ({head(source.chain)})", file=out)
            password = _password(data_dir, address)
            conn = open_connection(address, password, ca_file=clinic.ca_path, timeout_s=timeout_s)
            try:
                conn.autocommit = True  # the import's transaction is a real one, not a savepoint
                require_current_schema(conn, address)
                moment = dt.datetime.now(dt.UTC)
                copy_into_clinic(conn, store.db.conn, source, address, workstation, moment)
            finally:
                conn.close()
    except ImportRefused as exc:
        print(f"icorerx: nothing was imported. {exc}", file=err)
        return REFUSED
    except UserFacingError as exc:
        print(f"icorerx: nothing was imported. {exc}", file=err)
        return FAILED
    except (sqlite3.Error, OSError) as exc:
        print(f"icorerx: nothing was imported. {generic_message(exc)}", file=err)
        return REFUSED
    finally:
        store.close()
    moved = listed(source.counts)
    print(f"ok   moved into the clinic database {address} in one transaction: {moved}", file=out)
    print(
        "ok   read back from the clinic database: every table's rows match this desk's, and "
        f"the audit chain verifies there ({head(source.chain)})",
        file=out,
    )
    try:
        note = _mark_moved(folder, address, workstation, moment, moved)
    except OSError as exc:
        print(
            f"icorerx: the records ARE in the clinic database, but the note {folder / MOVED_NOTE} "
            f"could not be written ({exc.strerror or exc}). Do not use {folder} for new "
            "records: they would not reach the clinic database.",
            file=err,
        )
        return FAILED
    print(f"ok   {folder} is marked as moved ({note}); nothing in it was deleted", file=out)
    if source.chain.checked:
        print(
            "note: the clinic's audit trail is checked with this desk's audit key (audit.key in "
            f"{folder}, or its OS keyring entry icorerx-audit): keep it with the clinic "
            "database's backups.",
            file=out,
        )
    print(COPY_AUDIT_KEY, file=out)
    return OK


# --- the desk's side ------------------------------------------------------------------------
def _refuse_if_moved(folder: Path) -> None:
    moved = moved_note(folder)
    if moved is not None:
        raise ImportRefused(
            f"The records of {folder} were already moved into the clinic database "
            f"{moved.clinic_url} on {moved.when}; a desk is moved once.",
            "Nothing more needs to be done. If that database is gone for good and this folder "
            f"must be moved again, move {moved.path.name} out of the folder first.",
        )


@contextlib.contextmanager
def _snapshot(store: AppStore) -> Iterator[None]:
    """One read transaction on the desk's database: what is verified is what is copied."""
    conn = store.db.conn
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.rollback()  # only read: nothing to keep


def _read_source(store: AppStore, folder: Path) -> Source:
    """The desk's tables, counts and verified audit chain; ImportRefused when not movable."""
    db = store.db.conn
    present = {
        str(name)
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    present -= NOT_MOVED
    unknown, missing = sorted(present - set(TABLES)), sorted(set(TABLES) - present)
    if unknown:
        raise ImportRefused(
            f"The database in {folder} has tables this version of iCoreRx cannot move "
            f"({', '.join(unknown)}).",
            "Move it with the version of iCoreRx that wrote it.",
        )
    if missing:
        raise ImportRefused(
            f"The database in {folder} lacks tables every desk's database has "
            f"({', '.join(missing)}): it is damaged.",
            "Restore the folder from its backup, then run the command again.",
        )
    columns = {
        table: [str(row[1]) for row in db.execute(f"PRAGMA table_info({table})")]
        for table in TABLES
    }
    counts = {
        table: int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) for table in TABLES
    }
    if not any(counts.values()):
        raise ImportRefused(
            f"The database in {folder} holds no records: there is nothing to move.",
            "Check the folder named (a desk's data folder holds icorerx.sqlite and audit.key).",
        )
    chain, key = _verified_chain(store, folder, counts["audit"])
    found = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'prescriptions'").fetchone()
    source_settings = Settings.load(folder)
    return Source(
        folder=folder,
        workstation=source_settings.workstation or socket.gethostname(),
        key=key,
        chain=chain,
        log_id=log_id(key) if key else "",
        columns=columns,
        counts=counts,
        rx_sequence=int(found[0]) if found else 0,
    )


def _verified_chain(store: AppStore, folder: Path, entries: int) -> tuple[ChainReport, bytes]:
    """The desk's chain as `icorerx audit verify` checks it; ImportRefused unless intact."""
    if entries == 0 and not (folder / HEAD_FILE).exists():
        return ChainReport(ok=True, checked=0), b""  # no trail, and none ever anchored
    from desktop.audit_cli import read_checkpoint
    from desktop.exostar.base import AdapterError

    audit = store.audit  # a missing audit key beside entries: StartupError, said as it is
    try:
        _keeps, checkpoint = read_checkpoint(folder, audit.log_id)
    except AdapterError as exc:
        raise ImportRefused(
            "The desk's audit trail could not be checked against the identity service's "
            f"checkpoint: {exc}",
            "Nothing was copied. Make the identity service reachable, then run the command again.",
        ) from exc
    report = audit.verify(checkpoint=checkpoint)
    if not report.ok:
        raise ImportRefused(
            f"The audit trail of {folder} does not verify, and a broken trail is never carried "
            f"into the clinic's: {report.summary}",
            "Nothing was copied. Find out what happened to it first (icorerx audit verify "
            f"--data-dir {folder} says the same); restore the folder from its backup, then run "
            "the command again.",
        )
    return report, audit_key(folder, create=False)


# --- the clinic's side ----------------------------------------------------------------------
def _password(data_dir: Path, address: ClinicAddress) -> str:
    try:
        return read_password(data_dir, address)
    except ClinicError as exc:
        raise ImportRefused(exc.message, exc.next_step) from exc


# --- words and the note ---------------------------------------------------------------------
def _mark_moved(
    folder: Path, address: ClinicAddress, workstation: str, moment: dt.datetime, moved: str
) -> Path:
    """Write the note whole or not at all; return where."""
    path = folder / MOVED_NOTE
    tmp = folder / f".{MOVED_NOTE}.tmp"
    when = moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(note_text(address.url, when, workstation, moved))
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path
