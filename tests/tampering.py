"""What an attacker with write access to the database file does, for tests that catch it."""

from __future__ import annotations

import sqlite3


def drop_triggers(conn: sqlite3.Connection) -> None:
    """What an attacker with the database file does first."""
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.commit()


def tamper(sql, *statements: str) -> None:
    """Write to the audit table as someone who holds the database (its file, or the owner's
    login on the clinic's server) would: its append-only triggers go first."""
    if sql.dialect == "sqlite":
        drop_triggers(sql.db.conn)
    else:
        sql.execute("ALTER TABLE audit DISABLE TRIGGER USER")
    for statement in statements:
        sql.execute(statement)
