"""The application's schema on PostgreSQL, created or brought forward by whichever desk comes first.

Steps 1 to 8 here make what steps 1 to 8 of the SQLite migrations
(`desktop.store.schema.MIGRATIONS`) make, in PostgreSQL's words, so a clinic database holds
the same tables and columns as a single desk's file at `user_version` 9: people, patients,
prescriptions with their signature columns and signing keys, the audit trail, EPCS
designations and grants, the practice, password throttles, the daily reviews of the audit
trail, and the idempotency keys of saves. Dates and times stay ISO text, as the stores
write and the audit chain hashes them. The rules the
SQLite triggers keep (append-only audit rows and reviews, signed prescriptions immutable)
are kept by triggers here too, and an append-only table also refuses TRUNCATE. Step 9 is
the clinic's own: the record of the one desk moved in with `icorerx clinic import-local`.
Step 10 is SQLite's 9: the idempotency keys of writes a retry could repeat. Step 11 is the
clinic's own again: the change counters the desks watch for each other's writes.
Step 12 is the clinic's own too: the record of the clinic's audit key
(`desktop.clinic.audit_key`).

`ensure_schema` runs every missing step inside ONE transaction holding a transaction-level
advisory lock (`pg_advisory_xact_lock`): two workstations connecting to a new database at
once apply each step once; the second waits, then finds the schema done. The version
reached is kept in `schema_version`, one row per step applied.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql
from psycopg.rows import TupleRow

from desktop.clinic.schema_steps import MIGRATIONS
from desktop.clinic.settings import ClinicError

SCHEMA_LOCK = 0x1C0E_7258_0000_0001
"""The advisory lock every workstation takes to create or upgrade the schema."""

SCHEMA_VERSION = len(MIGRATIONS)

_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_by TEXT NOT NULL
)"""

Connection = psycopg.Connection[TupleRow]


@dataclass(frozen=True)
class SchemaResult:
    before: int
    """The version the database had (0: a new database)."""
    after: int


def current_version(conn: Connection) -> int:
    """The schema version of the clinic database (0 when it has none yet)."""
    found = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not found or not found[0]:
        return 0
    row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    return int(str(row[0])) if row else 0


def too_new(version: int, where: str) -> ClinicError:
    return ClinicError(
        f"The clinic database {where} has schema {version}, from a newer version of iCoreRx "
        f"(this one knows schema {SCHEMA_VERSION}).",
        "Update iCoreRx on this workstation to the version the clinic's other desks run.",
    )


def require_current(conn: Connection, where: str) -> int:
    """The schema version, when it is the one this version of the application uses.

    For a desk that only reads and writes (start-up, the self-test): it never changes
    the schema, and says what to do when the clinic database is behind or ahead.
    """
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise too_new(version, where)
    if version < SCHEMA_VERSION:
        state = "has no iCoreRx tables yet" if version == 0 else f"has schema {version}"
        raise ClinicError(
            f"The clinic database {where} {state}; this version of iCoreRx uses schema "
            f"{SCHEMA_VERSION}.",
            "Run icorerx clinic connect on one workstation to create or bring the tables "
            "forward, then start iCoreRx again.",
        )
    return version


def ensure_schema(
    conn: Connection, workstation: str, where: str, *, target: int = SCHEMA_VERSION
) -> SchemaResult:
    """Create the schema or bring it forward to `target`: all of it, or nothing.

    One transaction, holding the schema's advisory lock from its first statement: a
    second workstation doing the same waits on the lock, then reads the version the
    first one committed and has nothing left to do. ClinicError when the database is
    newer than this version of the application, or the role may not create tables.
    """
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEMA_LOCK])
            conn.execute(_VERSION_TABLE)
            before = current_version(conn)
            if before > SCHEMA_VERSION:
                raise too_new(before, where)
            for version in range(before + 1, target + 1):
                for statement in MIGRATIONS[version - 1]:
                    conn.execute(sql.SQL(statement))
                conn.execute(
                    "INSERT INTO schema_version (version, applied_by) VALUES (%s, %s)",
                    [version, workstation],
                )
    except psycopg.errors.InsufficientPrivilege as exc:
        raise ClinicError(
            f"The clinic database {where} does not let its user create the application's "
            f"tables ({exc.diag.message_primary or exc}).",
            "Make the user the owner of the database (ALTER DATABASE ... OWNER TO ...), or "
            "have the owner run icorerx clinic connect once.",
        ) from exc
    return SchemaResult(before=before, after=max(before, target))
