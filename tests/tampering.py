"""What an attacker with write access to the database file does, for tests that catch it."""

from __future__ import annotations

import sqlite3


def drop_triggers(conn: sqlite3.Connection) -> None:
    """What an attacker with the database file does first."""
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.commit()
