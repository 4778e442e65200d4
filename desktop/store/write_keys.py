"""Idempotency keys: a write that a retry could repeat is done once, whatever the network did.

When the clinic database server goes away at the moment a save commits, the workstation
cannot know whether the change was kept (`ClinicServerAway(unknown=True)`), and the person
will press Save or Sign again. So the controller makes one key (a uuid4) per attempt and
sends the same key with each retry of it; the store writes the key in the same
transaction as the change, with the change's result (the new prescription's id, the ids
signed). A retry whose key is already there gets that first result back and writes
nothing: no second prescription, no second signature, no second audit entry.

The claim comes first in the transaction (`INSERT ... ON CONFLICT DO NOTHING`): on
PostgreSQL a retry that races a first attempt still committing waits on the key's
unique index, then reads what the first one kept. The same table and the same code run
on a single desk's SQLite file, where it costs one small insert per save.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlite_utils

from desktop.store.sql import Sql

SIGN = "sign"
ADD_PRESCRIPTION = "add_prescription"
REMOVE_PRESCRIPTION = "remove_prescription"


class KeyReused(RuntimeError):
    """A key sent with a different kind of write than the one it was first used for: a defect."""


def migrate_write_keys(db: sqlite_utils.Database) -> None:
    """Schema v9: the keys of writes done, with what each first answered."""
    db.execute(
        """CREATE TABLE IF NOT EXISTS write_keys (
            key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            result TEXT,
            at TEXT NOT NULL
        )"""
    )


def done(sql: Sql, key: str, kind: str) -> str | None:
    """What the write with `key` answered when it was done, or None if it never was."""
    row = sql.execute("SELECT kind, result FROM write_keys WHERE key = ?", [key]).fetchone()
    if row is None:
        return None
    if row[0] != kind:
        raise KeyReused(f"key {key} was first used for {row[0]}, not {kind}")
    return "" if row[1] is None else str(row[1])


def once(sql: Sql, key: str | None, kind: str, write: Callable[[], str]) -> tuple[str, bool]:
    """`write()` in one transaction with its key; (its result, True), or, when the key was
    already kept, (the first result, False) without writing anything. No key: just write."""
    if key is None:
        with sql.transaction():
            return write(), True
    with sql.transaction():
        claimed = sql.execute(
            "INSERT INTO write_keys (key, kind, at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
            [key, kind, dt.datetime.now(dt.UTC).isoformat()],
        ).rowcount
        if claimed != 1:
            first = done(sql, key, kind)
            if first is None:  # cannot be: the key was there a statement ago
                raise KeyReused(f"key {key} vanished")
            return first, False
        result = write()
        sql.execute("UPDATE write_keys SET result = ? WHERE key = ?", [result, key])
    return result, True


KEPT_FOR = dt.timedelta(days=30)
"""How long a key is kept: a retry comes within minutes of its attempt, or after the server
came back; a month is far past any retry, and the table stays small."""


def forget_old(sql: Sql, now: dt.datetime | None = None) -> int:
    """Drop the keys older than `KEPT_FOR`; how many. (`at` is UTC in ISO form: its text
    sorts as its time.)"""
    cutoff = ((now or dt.datetime.now(dt.UTC)) - KEPT_FOR).astimezone(dt.UTC).isoformat()
    with sql.transaction():
        return sql.execute("DELETE FROM write_keys WHERE at < ?", [cutoff]).rowcount


def ids_text(ids: list[int]) -> str:
    return ",".join(str(i) for i in ids)


def ids_of(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]
