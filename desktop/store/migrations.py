"""Versioned schema changes for a sqlite-utils database.

Each migration runs once, in order, inside a transaction; the version reached is
kept in `PRAGMA user_version`, so an old data dir is brought forward on open and
a newer one is refused rather than damaged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]


class SchemaTooNew(Exception):
    """The file was written by a newer version of the application."""


def migrate(db: sqlite_utils.Database, migrations: Sequence[Migration], name: str) -> int:
    current = int(db.execute("PRAGMA user_version").fetchone()[0])
    if current > len(migrations):
        raise SchemaTooNew(
            f"The {name} database is from a newer version of the application "
            f"(schema {current}, this version knows {len(migrations)}). Update the application."
        )
    for version, step in enumerate(migrations[current:], start=current + 1):
        with db.conn:
            step(db)
            db.execute(f"PRAGMA user_version = {version}")
    return len(migrations)
