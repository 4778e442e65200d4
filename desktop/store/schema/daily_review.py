"""Schema v8: the audit log's daily reviews, append-only like the log itself."""

from __future__ import annotations

import sqlite_utils

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS audit_day_reviews (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL,
        head_seq INTEGER NOT NULL,
        head_hash TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        reviewed_at TEXT NOT NULL,
        incident INTEGER NOT NULL,
        note TEXT NOT NULL,
        audit_seq INTEGER NOT NULL,
        UNIQUE (day, head_seq)
    )""",
    """CREATE TRIGGER IF NOT EXISTS audit_day_reviews_no_update
       BEFORE UPDATE ON audit_day_reviews
       BEGIN SELECT RAISE(ABORT, 'audit reviews are append-only: they cannot be changed'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_day_reviews_no_delete
       BEFORE DELETE ON audit_day_reviews
       BEGIN SELECT RAISE(ABORT, 'audit reviews are append-only: they cannot be deleted'); END""",
]


def migrate_daily_reviews(db: sqlite_utils.Database) -> None:
    """Schema v8: one row per day reviewed (per chain head), append-only."""
    for statement in _SCHEMA:
        db.execute(statement)
