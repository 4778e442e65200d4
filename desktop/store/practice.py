"""The practice row: which practice a data dir belongs to, and whether it is a demo.

One row (id 1). A data dir set up with `icorerx setup` or the first-run screen holds its
clinic's row (`demo` 0): demo data is never added to it. Demo provisioning writes a demo
row; data dirs made before this table have none (they were all demo workstations).
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from desktop.domain.practice import Practice
from desktop.store.sql import Sql, as_sql

TABLE = "practice"


def migrate_practice(db: sqlite_utils.Database) -> None:
    db.table(TABLE).create(
        {
            "id": int,
            "name": str,
            "address": str,
            "demo": int,
            "set_up_at": str,
            "set_up_by": str,
        },
        pk="id",
        not_null={"name", "demo"},
    )


def read_practice(db: sqlite_utils.Database | Sql) -> Practice | None:
    rows = as_sql(db).query(f"SELECT * FROM {TABLE} WHERE id = 1")
    if not rows:
        return None
    row = rows[0]
    at = row.get("set_up_at")
    return Practice(
        name=str(row["name"]),
        address=str(row.get("address") or ""),
        demo=bool(row["demo"]),
        set_up_at=dt.datetime.fromisoformat(str(at)) if at else None,
        set_up_by=row.get("set_up_by"),
    )


def write_practice(db: sqlite_utils.Database | Sql, practice: Practice) -> None:
    """Insert the row (inside the caller's transaction); there is only ever one."""
    as_sql(db).insert(
        TABLE,
        {
            "id": 1,
            "name": practice.name,
            "address": practice.address,
            "demo": int(practice.demo),
            "set_up_at": (practice.set_up_at or dt.datetime.now(dt.UTC)).isoformat(),
            "set_up_by": practice.set_up_by,
        },
    )
