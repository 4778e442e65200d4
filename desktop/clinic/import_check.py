"""Before an import commits: every table read back from the clinic database against the
desk's, and the audit chain checked over the rows PostgreSQL returns."""

from __future__ import annotations

import sqlite3
from itertools import zip_longest

from psycopg import sql

from desktop.clinic.import_source import (
    NOUNS,
    TABLES,
    TEXT_KEYS,
    ImportFailed,
    Source,
    head,
    names,
    one,
)
from desktop.clinic.schema import Connection
from desktop.domain.audit import ChainReport, check_chain
from desktop.store.audit_rows import COLUMNS as AUDIT_COLUMNS
from desktop.store.audit_rows import as_hashed


def read_back(conn: Connection, desk: sqlite3.Connection, source: Source) -> None:
    """Every table's rows as PostgreSQL returns them, against the desk's; ImportFailed if not.

    The audit trail is checked by its chain instead (`_check_chain_in_clinic`), which
    covers every column of every entry.
    """
    for table, key in TABLES.items():
        if table == "audit":
            (count,) = one(conn, sql.SQL("SELECT count(*) FROM audit"))
            if int(count) != source.counts["audit"]:
                raise differs("audit", f"{count} entries, the desk has {source.counts['audit']}")
            continue
        columns = source.columns[table]
        order = sql.SQL('{} COLLATE "C"' if key in TEXT_KEYS else "{}").format(sql.Identifier(key))
        query = sql.SQL("SELECT {} FROM {} ORDER BY {}").format(
            names(columns), sql.Identifier(table), order
        )
        theirs = desk.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {key}")
        checked = 0
        with conn.cursor(name=f"import_read_{table}") as ours:
            ours.itersize = 2000
            ours.execute(query)
            for mine, kept in zip_longest(theirs, ours):
                if mine is None or kept is None or tuple(mine) != tuple(kept):
                    where = mine[columns.index(key)] if mine is not None else "(none)"
                    raise differs(table, f"first at {key} {where}")
                checked += 1
        if checked != source.counts[table]:
            raise differs(table, f"{checked} rows, the desk has {source.counts[table]}")


def differs(table: str, where: str) -> ImportFailed:
    what = NOUNS[table][1] if table in NOUNS else table
    return ImportFailed(
        f"The clinic database returned the desk's {what} differently from how they were "
        f"copied ({where}). Nothing was kept: the import was rolled back.",
        "Tell the clinic's IT person; keep using this desk's own database meanwhile.",
    )


def chain_in_clinic(conn: Connection, key: bytes) -> ChainReport:
    """The audit trail's HMAC chain, checked over the rows the clinic database returns."""

    def seq_of_hash(value: str) -> int | None:
        row = conn.execute("SELECT seq FROM audit WHERE hash = %s", [value]).fetchone()
        return None if row is None else int(row[0])

    query = sql.SQL("SELECT {} FROM audit ORDER BY seq").format(names(AUDIT_COLUMNS))
    with conn.transaction(), conn.cursor(name="import_audit_chain") as cursor:
        cursor.itersize = 2000  # a long trail is read in steps, never whole
        cursor.execute(query)
        rows = (as_hashed(dict(zip(AUDIT_COLUMNS, values, strict=True))) for values in cursor)
        return check_chain(key, rows, seq_of_hash)


def check_chain_in_clinic(conn: Connection, source: Source) -> None:
    report = chain_in_clinic(conn, source.key)
    if (
        not report.ok
        or report.checked != source.chain.checked
        or report.last_hash != source.chain.last_hash
    ):
        raise differs("audit trail", f"{report.summary}; the desk's: {head(source.chain)}")
