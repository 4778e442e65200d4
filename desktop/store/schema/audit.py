"""Schema v3: the audit table, append-only by its triggers (21 CFR 1311.150)."""

from __future__ import annotations

import sqlite_utils

_SCHEMA = [
    """CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT,
        workstation TEXT NOT NULL,
        event TEXT NOT NULL,
        patient_id INTEGER,
        token_serial TEXT,
        outcome TEXT NOT NULL,
        reason TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )""",
    "CREATE INDEX audit_at ON audit (at)",
    "CREATE INDEX audit_actor ON audit (actor, at)",
    "CREATE INDEX audit_event ON audit (event, at)",
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
       BEGIN SELECT RAISE(ABORT, 'audit rows are append-only: they cannot be changed'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
       BEGIN SELECT RAISE(ABORT, 'audit rows are append-only: they cannot be deleted'); END""",
]


def migrate_audit(db: sqlite_utils.Database) -> None:
    """Schema v3: the audit table, its indexes, and the triggers that keep it append-only."""
    for statement in _SCHEMA:
        db.execute(statement)
