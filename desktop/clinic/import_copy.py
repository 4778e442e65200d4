"""The clinic's side of `icorerx clinic import-local`: one transaction, read back before it commits.

`copy_into_clinic` takes the advisory lock `IMPORT_LOCK`, refuses a clinic database that
holds any record or an earlier import, copies every table of the desk's database (`TABLES`,
ids kept, COPY for speed), sets each identity sequence past the highest id, reads every
table back against the desk's and checks the audit chain over the rows PostgreSQL returns
(`chain_in_clinic`: the same HMAC check as `AuditLog.verify`, `desktop.domain.audit.
check_chain`), then records the import in `clinic_imports`. Anything wrong, or the server
going away, rolls all of it back.

The triggers that keep signed prescriptions unchangeable are not bypassed: a prescription
is added as pending, then signed with its signature, then marked sent, as the triggers
allow. Only a row signed before signatures were archived (a desk older than schema 7:
signed, no signature) cannot be added that way; for those rows alone the one trigger that
asks for a signature is disabled INSIDE this transaction and enabled again before it
commits (a rollback restores it too). The append-only triggers are never touched: the copy
only inserts.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import psycopg
from psycopg import sql

from desktop.clinic.audit_key import KEY_LOCK, check_value, recorded
from desktop.clinic.import_check import check_chain_in_clinic, read_back
from desktop.clinic.import_source import (
    IMPORT_LOCK,
    TABLES,
    ImportFailed,
    ImportRefused,
    Source,
    listed,
    names,
    one,
)
from desktop.clinic.schema import Connection, require_current
from desktop.clinic.settings import ClinicAddress, ClinicError
from desktop.store.audit_key import AUDIT_KEY, KEY_FILE

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


def require_current_schema(conn: Connection, address: ClinicAddress) -> None:
    try:
        require_current(conn, address.url)
    except ClinicError as exc:
        raise ImportRefused(exc.message, exc.next_step) from exc
    except psycopg.errors.InsufficientPrivilege as exc:
        raise _not_allowed(address, exc) from exc
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
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [KEY_LOCK])  # no desk appends
            _refuse_unless_empty(conn, address, source)
            _record_the_desks_key(conn, address, source, moment)
            _check_columns(conn, source)
            for table in TABLES:
                _copy_table(conn, desk, source, table)
            _advance_sequences(conn, source)
            read_back(conn, desk, source)
            check_chain_in_clinic(conn, source)
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
        raise _not_allowed(address, exc) from exc
    except psycopg.Error as exc:
        raise _stopped(address, exc) from exc


def _not_allowed(address: ClinicAddress, exc: psycopg.Error) -> ImportRefused:
    return ImportRefused(
        f"The clinic database {address} does not let its user {address.user} do all the "
        f"import needs ({_said(exc)}). Nothing was copied: the import is one transaction.",
        "Connect this workstation with the login that owns the clinic database (the one its "
        "tables were created with: icorerx clinic connect --url ...), then run the import again.",
    )


def _stopped(address: ClinicAddress, exc: psycopg.Error) -> ImportFailed:
    return ImportFailed(
        f"The clinic database server at {address.server} stopped the import ({_said(exc)}). "
        "Nothing was copied: the import is one transaction, and it was rolled back.",
        "Check that the server is running and read its log for the reason, then run the "
        "command again.",
    )


def _said(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _record_the_desks_key(
    conn: Connection, address: ClinicAddress, source: Source, moment: dt.datetime
) -> None:
    """The desk's audit key becomes the clinic's (its trail is chained with it): recorded,
    unless a workstation already made the clinic's own key, which must then be the same."""
    if not source.key:
        return  # no trail moved in: the clinic's first workstation to start makes the key
    record = recorded(conn)
    if record is None:
        conn.execute(
            "INSERT INTO clinic_audit_key (check_value, made_by, kept_at, made_at) "
            "VALUES (%s, %s, %s, %s)",
            [
                check_value(source.key),
                source.workstation,
                f"{KEY_FILE} in {source.folder}, or its OS keyring entry {AUDIT_KEY.service}",
                moment.isoformat(timespec="seconds"),
            ],
        )
    elif not record.matches(source.key):
        raise ImportRefused(
            f"The clinic database {address} already has its own audit key, made by "
            f"{record.made_by} on {record.made_at[:10]}, and this desk's trail is chained "
            "with another: the two cannot be one trail.",
            "Nothing was copied. Move the desk into a new, empty clinic database (create "
            "it, run icorerx clinic connect and then this import before any workstation "
            "starts on it).",
        )


def _refuse_unless_empty(conn: Connection, address: ClinicAddress, source: Source) -> None:
    done = conn.execute(
        "SELECT source_dir, source_workstation, imported_at, imported_by, audit_log_id, "
        "audit_head_hash FROM clinic_imports"
    ).fetchone()
    if done is not None:
        folder, desk, at, by, kept_log, kept_head = done
        what = (
            f"the records moved in from {folder} (desk {desk}) on {_when(at)}, by workstation {by}"
        )
        if (kept_log, kept_head) == (source.log_id, source.chain.last_hash):
            raise ImportRefused(
                f"The clinic database {address} already holds this desk's records: {what}.",
                "Nothing was copied, and nothing more needs to be.",
            )
        raise ImportRefused(
            f"The clinic database {address} already holds {what}. A clinic database takes "
            "the history of one single desk, once.",
            "Nothing was copied. Keep this desk's data folder as its archive (icorerx audit "
            "export --csv keeps its audit trail); its records cannot be merged into another "
            "desk's history.",
        )
    counts = {
        table: int(one(conn, sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))[0])
        for table in TABLES
    }
    held = {table: n for table, n in counts.items() if n}
    if held:
        raise ImportRefused(
            f"The clinic database {address} already holds records ({listed(held)}): a desk's "
            "history is moved only into an empty clinic database.",
            "Nothing was copied. Keep this desk's data folder as its archive (icorerx audit "
            "export --csv keeps its audit trail), or name a new, empty database with icorerx "
            "clinic connect.",
        )


def _when(text: str) -> str:
    try:
        return dt.datetime.fromisoformat(text).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return text


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


def _copy_table(conn: Connection, desk: sqlite3.Connection, source: Source, table: str) -> None:
    """One table's rows, as they are, with their ids (COPY: a long trail goes fast)."""
    columns = source.columns[table]
    target = "import_prescriptions" if table == "prescriptions" else table
    if table == "prescriptions":
        conn.execute("CREATE TEMP TABLE import_prescriptions (LIKE prescriptions) ON COMMIT DROP")
    rows = desk.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {TABLES[table]}")
    query = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(target), names(columns))
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
        ).format(names(plain), names(plain))
    )
    signature = sql.SQL(", ").join(
        sql.SQL("{0} = t.{0}").format(sql.Identifier(column)) for column in _SIGNATURE
    )
    legacy = one(
        conn,
        sql.SQL(
            "SELECT count(*) FROM import_prescriptions WHERE status IN ('signed', 'sent') "
            "AND (signature IS NULL OR key_fingerprint IS NULL OR content_hash IS NULL "
            "OR prescriber_name IS NULL)"
        ),
    )[0]
    if legacy:  # signed before signatures were archived: this transaction only
        # ALTER TABLE refuses a table with change-feed events waiting for the commit:
        # they run now (the clinic's counter goes up once either way).
        conn.execute("SET CONSTRAINTS prescriptions_changed IMMEDIATE")
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
        (top,) = one(conn, sql.SQL("SELECT max(id) FROM {}").format(sql.Identifier(table)))
        highest = max(int(top or 0), source.rx_sequence if table == "prescriptions" else 0)
        if highest:
            conn.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, highest])
