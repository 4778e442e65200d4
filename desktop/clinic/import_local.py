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

The triggers that keep signed prescriptions unchangeable are not bypassed: a prescription
is added as pending, then signed with its signature, then marked sent, as the triggers
allow. Only a row signed before signatures were archived (a desk older than schema 7,
signed but with no signature) cannot be added that way; for those rows alone the one
trigger that asks for a signature is disabled INSIDE the import's transaction and enabled
again before it commits (a rollback also restores it). The append-only triggers are never
touched: the copy only inserts.

The clinic's audit chain stays keyed with the desk's audit key: whoever checks the
clinic's trail needs that key, so it is kept with the clinic's backups.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sqlite3
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any, TextIO

import psycopg
from psycopg import sql

from desktop.clinic.connect import FAILED, OK, REFUSED
from desktop.clinic.moved import MOVED_NOTE, moved_note, note_text
from desktop.clinic.password import read_password
from desktop.clinic.schema import Connection, require_current
from desktop.clinic.server import CONNECT_TIMEOUT_S, open_connection
from desktop.clinic.settings import ClinicAddress, ClinicError, ClinicSettings
from desktop.config import Settings
from desktop.domain.audit import ChainReport, check_chain
from desktop.domain.errors import UserFacingError, generic_message
from desktop.store.audit import COLUMNS as AUDIT_COLUMNS
from desktop.store.audit import audit_key
from desktop.store.audit_anchor import HEAD_FILE, log_id
from desktop.store.database import AppStore

TABLES: Mapping[str, str] = {
    "users": "username",
    "patients": "id",
    "prescriptions": "id",
    "rx_signing_keys": "fingerprint",
    "epcs_designations": "id",
    "epcs_grants": "id",
    "practice": "id",
    "password_throttles": "username",
    "audit": "seq",
    "audit_day_reviews": "id",
}
"""Every table of a desk's database, in the order copied (a prescription names its patient),
with the key its rows are read back in."""

_TEXT_KEYS = {"username", "fingerprint"}
_IDENTITY = (
    "patients",
    "prescriptions",
    "epcs_designations",
    "epcs_grants",
    "practice",
    "audit_day_reviews",
)
_SIGNATURE = ("prescriber_name", "prescriber_dea", "content_hash", "signature", "key_fingerprint")
_LEGACY_TRIGGER = "prescriptions_signed_with_a_signature"

NOUNS: Mapping[str, tuple[str, str]] = {
    "users": ("person", "people"),
    "patients": ("patient", "patients"),
    "prescriptions": ("prescription", "prescriptions"),
    "rx_signing_keys": ("signing key", "signing keys"),
    "epcs_designations": ("EPCS designation", "EPCS designations"),
    "epcs_grants": ("EPCS grant", "EPCS grants"),
    "practice": ("practice record", "practice records"),
    "password_throttles": ("password throttle", "password throttles"),
    "audit": ("audit entry", "audit entries"),
    "audit_day_reviews": ("daily review", "daily reviews"),
}

IMPORT_LOCK = 0x1C0E_7258_0000_0002
"""The advisory lock an import holds: two imports at once cannot both find the database empty."""

NOT_CONNECTED = (
    "This workstation is not connected to a clinic database, so there is nowhere to move "
    "the records to.",
    "Run icorerx clinic connect first (with this workstation's --data-dir), then run "
    "icorerx clinic import-local again.",
)

STILL_LOCAL = (
    "note: this version of iCoreRx still keeps each desk's records in its own database; the "
    "clinic database holds this desk's history for the version whose desks share it."
)


class ImportRefused(ClinicError):
    """The import will not start (or was stopped before anything was kept): exit 2."""


class ImportFailed(ClinicError):
    """The server or the read-back stopped the import; the transaction was rolled back: exit 1."""


@dataclass(frozen=True)
class Source:
    """A desk's data folder, checked and read inside one snapshot of its database."""

    folder: Path
    workstation: str
    key: bytes
    chain: ChainReport
    log_id: str
    columns: Mapping[str, list[str]]
    counts: Mapping[str, int]
    rx_sequence: int
    """The highest prescription id the desk ever gave (SQLite's AUTOINCREMENT record)."""


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

        store = open_existing_store(folder)
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
            print(f"ok   the audit trail of {folder} is intact ({_head(source.chain)})", file=out)
            password = _password(data_dir, address)
            conn = open_connection(address, password, ca_file=clinic.ca_path, timeout_s=timeout_s)
            try:
                conn.autocommit = True  # the import's transaction is a real one, not a savepoint
                _require_current(conn, address)
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
    moved = _listed(source.counts)
    print(f"ok   moved into the clinic database {address} in one transaction: {moved}", file=out)
    print(
        "ok   read back from the clinic database: every table's rows match this desk's, and "
        f"the audit chain verifies there ({_head(source.chain)})",
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
    print(STILL_LOCAL, file=out)
    return OK


# --- the desk's side ------------------------------------------------------------------------
def _refuse_if_moved(folder: Path) -> None:
    moved = moved_note(folder)
    if moved is not None:
        raise ImportRefused(
            f"The records of {folder} were already moved into the clinic database "
            f"{moved.clinic_url} on {moved.when}; a desk is moved once.",
            f"Use the clinic database. If that database is gone for good and this folder must "
            f"be moved again, move {moved.path.name} out of the folder first.",
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
    from desktop.audit_cli import _read_checkpoint
    from desktop.exostar.base import AdapterError

    audit = store.audit  # a missing audit key beside entries: StartupError, said as it is
    try:
        checkpoint = _read_checkpoint(folder, audit.log_id)
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


def _require_current(conn: Connection, address: ClinicAddress) -> None:
    try:
        require_current(conn, address.url)
    except ClinicError as exc:
        raise ImportRefused(exc.message, exc.next_step) from exc
    except psycopg.Error as exc:
        raise _stopped(address, exc) from exc


def copy_into_clinic(
    conn: Connection,
    desk: sqlite3.Connection,
    source: Source,
    address: ClinicAddress,
    workstation: str,
    moment: dt.datetime,
) -> None:
    """Everything, checked by reading it back, and the import's record: one transaction."""
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
            _refuse_unless_empty(conn, address)
            _check_columns(conn, source)
            for table in TABLES:
                _copy_table(conn, desk, source, table)
            _advance_sequences(conn, source)
            _read_back(conn, desk, source)
            _check_chain_in_clinic(conn, source)
            conn.execute(
                "INSERT INTO clinic_imports (source_dir, source_workstation, audit_log_id, "
                "audit_entries, audit_head_hash, row_counts, imported_at, imported_by) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    str(source.folder),
                    source.workstation,
                    source.log_id,
                    source.chain.checked,
                    source.chain.last_hash,
                    json.dumps(dict(source.counts), sort_keys=True),
                    moment.isoformat(timespec="seconds"),
                    workstation,
                ],
            )
    except psycopg.errors.InsufficientPrivilege as exc:
        raise ImportRefused(
            f"The clinic database {address} does not let its user {address.user} do all the "
            f"import needs ({_said(exc)}). Nothing was copied: the import is one transaction.",
            "Run the import with the database owner's login (the one icorerx clinic connect "
            "created the tables with).",
        ) from exc
    except psycopg.Error as exc:
        raise _stopped(address, exc) from exc


def _stopped(address: ClinicAddress, exc: psycopg.Error) -> ImportFailed:
    return ImportFailed(
        f"The clinic database server at {address.server} stopped the import ({_said(exc)}). "
        "Nothing was copied: the import is one transaction, and it was rolled back.",
        "Check that the server is running and read its log for the reason, then run the "
        "command again.",
    )


def _said(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _refuse_unless_empty(conn: Connection, address: ClinicAddress) -> None:
    done = conn.execute(
        "SELECT source_dir, source_workstation, imported_at, imported_by FROM clinic_imports"
    ).fetchone()
    if done is not None:
        folder, desk, at, by = done
        raise ImportRefused(
            f"The clinic database {address} already holds the records moved in from {folder} "
            f"(desk {desk}) on {at}, by workstation {by}. A clinic database takes the history "
            "of one single desk, once.",
            "Nothing was copied. Keep this desk's data folder as its archive (icorerx audit "
            "export --csv keeps its audit trail); its records cannot be merged into another "
            "desk's history.",
        )
    counts = {
        table: int(_one(conn, sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))[0])
        for table in TABLES
    }
    held = {table: n for table, n in counts.items() if n}
    if held:
        raise ImportRefused(
            f"The clinic database {address} already holds records ({_listed(held)}): a desk's "
            "history is moved only into an empty clinic database.",
            "Nothing was copied. Keep this desk's data folder as its archive (icorerx audit "
            "export --csv keeps its audit trail), or name a new, empty database with icorerx "
            "clinic connect.",
        )


def _one(conn: Connection, query: sql.SQL | sql.Composed) -> tuple[Any, ...]:
    row = conn.execute(query).fetchone()
    assert row is not None  # an aggregate always answers one row
    return tuple(row)


def _check_columns(conn: Connection, source: Source) -> None:
    for table, columns in source.columns.items():
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s",
            [table],
        ).fetchall()
        if {str(name) for (name,) in rows} != set(columns):
            raise ImportFailed(
                f"The clinic database's table {table} does not have the columns of the desk's.",
                "Nothing was copied. Update iCoreRx on this workstation to the version the "
                "clinic's other desks run, then run the command again.",
            )


def _names(columns: list[str]) -> sql.Composed:
    return sql.SQL(", ").join(sql.Identifier(column) for column in columns)


def _copy_table(conn: Connection, desk: sqlite3.Connection, source: Source, table: str) -> None:
    """One table's rows, as they are, with their ids (COPY: a long trail goes fast)."""
    columns = source.columns[table]
    target = "import_prescriptions" if table == "prescriptions" else table
    if table == "prescriptions":
        conn.execute("CREATE TEMP TABLE import_prescriptions (LIKE prescriptions) ON COMMIT DROP")
    rows = desk.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {TABLES[table]}")
    query = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(target), _names(columns))
    with conn.cursor() as cursor, cursor.copy(query) as copy:
        for row in rows:
            copy.write_row(row)
    if table == "prescriptions":
        _prescriptions_the_triggers_way(conn, columns)


def _prescriptions_the_triggers_way(conn: Connection, columns: list[str]) -> None:
    """Added as pending, then signed with the signature, then sent: as the triggers allow."""
    plain = [c for c in columns if c not in ("status", *_SIGNATURE)]
    conn.execute(
        sql.SQL(
            "INSERT INTO prescriptions ({}, status) SELECT {}, 'pending' "
            "FROM import_prescriptions ORDER BY id"
        ).format(_names(plain), _names(plain))
    )
    signature = sql.SQL(", ").join(
        sql.SQL("{0} = t.{0}").format(sql.Identifier(column)) for column in _SIGNATURE
    )
    legacy = _one(
        conn,
        sql.SQL(
            "SELECT count(*) FROM import_prescriptions WHERE status IN ('signed', 'sent') "
            "AND (signature IS NULL OR key_fingerprint IS NULL OR content_hash IS NULL "
            "OR prescriber_name IS NULL)"
        ),
    )[0]
    if legacy:  # signed before signatures were archived: this transaction only
        conn.execute(_trigger("DISABLE"))
    conn.execute(
        sql.SQL(
            "UPDATE prescriptions p SET status = 'signed', {} FROM import_prescriptions t "
            "WHERE p.id = t.id AND t.status IN ('signed', 'sent')"
        ).format(signature)
    )
    if legacy:
        conn.execute(_trigger("ENABLE"))
    conn.execute(
        "UPDATE prescriptions p SET status = 'sent' FROM import_prescriptions t "
        "WHERE p.id = t.id AND t.status = 'sent'"
    )
    conn.execute(
        sql.SQL(
            "UPDATE prescriptions p SET status = t.status, {} FROM import_prescriptions t "
            "WHERE p.id = t.id AND t.status NOT IN ('pending', 'signed', 'sent')"
        ).format(signature)
    )


def _trigger(action: str) -> sql.Composed:
    verb = sql.SQL("DISABLE" if action == "DISABLE" else "ENABLE")
    return sql.SQL("ALTER TABLE prescriptions {} TRIGGER {}").format(
        verb, sql.Identifier(_LEGACY_TRIGGER)
    )


def _advance_sequences(conn: Connection, source: Source) -> None:
    """Each identity sequence past the highest id kept: the next row never takes an old id."""
    for table in _IDENTITY:
        (top,) = _one(conn, sql.SQL("SELECT max(id) FROM {}").format(sql.Identifier(table)))
        highest = max(int(top or 0), source.rx_sequence if table == "prescriptions" else 0)
        if highest:
            conn.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, highest])


def _read_back(conn: Connection, desk: sqlite3.Connection, source: Source) -> None:
    """Every table's rows as PostgreSQL returns them, against the desk's; ImportFailed if not.

    The audit trail is checked by its chain instead (`_check_chain_in_clinic`), which
    covers every column of every entry.
    """
    for table, key in TABLES.items():
        if table == "audit":
            (count,) = _one(conn, sql.SQL("SELECT count(*) FROM audit"))
            if int(count) != source.counts["audit"]:
                raise _differs("audit", f"{count} entries, the desk has {source.counts['audit']}")
            continue
        columns = source.columns[table]
        order = sql.SQL('{} COLLATE "C"' if key in _TEXT_KEYS else "{}").format(sql.Identifier(key))
        query = sql.SQL("SELECT {} FROM {} ORDER BY {}").format(
            _names(columns), sql.Identifier(table), order
        )
        theirs = desk.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {key}")
        checked = 0
        with conn.cursor(name=f"import_read_{table}") as ours:
            ours.itersize = 2000
            ours.execute(query)
            for mine, kept in zip_longest(theirs, ours):
                if mine is None or kept is None or tuple(mine) != tuple(kept):
                    where = mine[columns.index(key)] if mine is not None else "(none)"
                    raise _differs(table, f"first at {key} {where}")
                checked += 1
        if checked != source.counts[table]:
            raise _differs(table, f"{checked} rows, the desk has {source.counts[table]}")


def _differs(table: str, where: str) -> ImportFailed:
    return ImportFailed(
        f"The clinic database returned the desk's {table} differently from how they were "
        f"copied ({where}). Nothing was kept: the import was rolled back.",
        "Tell the clinic's IT person; keep using this desk's own database meanwhile.",
    )


def chain_in_clinic(conn: Connection, key: bytes) -> ChainReport:
    """The audit trail's HMAC chain, checked over the rows the clinic database returns."""

    def seq_of_hash(value: str) -> int | None:
        row = conn.execute("SELECT seq FROM audit WHERE hash = %s", [value]).fetchone()
        return None if row is None else int(row[0])

    query = sql.SQL("SELECT {} FROM audit ORDER BY seq").format(_names(AUDIT_COLUMNS))
    with conn.transaction(), conn.cursor(name="import_audit_chain") as cursor:
        cursor.itersize = 2000  # a long trail is read in steps, never whole
        cursor.execute(query)
        rows = (_as_hashed(dict(zip(AUDIT_COLUMNS, values, strict=True))) for values in cursor)
        return check_chain(key, rows, seq_of_hash)


def _as_hashed(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row as it was hashed: its details decoded (text that is no object stays text)."""
    try:
        details = json.loads(row["details"])
    except (TypeError, ValueError):
        return row
    return dict(row, details=details) if isinstance(details, dict) else row


def _check_chain_in_clinic(conn: Connection, source: Source) -> None:
    report = chain_in_clinic(conn, source.key)
    if (
        not report.ok
        or report.checked != source.chain.checked
        or report.last_hash != source.chain.last_hash
    ):
        raise _differs("audit trail", f"{report.summary}; the desk's: {_head(source.chain)}")


# --- words and the note ---------------------------------------------------------------------
def _head(chain: ChainReport) -> str:
    if not chain.checked:
        return "no entries"
    noun = "entry" if chain.checked == 1 else "entries"
    return f"{chain.checked:,} {noun}, last hash {chain.last_hash[:12]}\u2026"


def _listed(counts: Mapping[str, int]) -> str:
    parts = [
        f"{n:,} {NOUNS[table][0] if n == 1 else NOUNS[table][1]}"
        for table, n in counts.items()
        if n
    ]
    return ", ".join(parts) or "nothing"


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
