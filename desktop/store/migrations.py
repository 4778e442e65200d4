"""Versioned schema changes for a sqlite-utils database.

Each migration runs once, in order, inside a transaction; the version reached is
kept in `PRAGMA user_version`, so an old data dir is brought forward on open and
a newer one is refused rather than damaged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from desktop.domain.errors import StartupError, startup_error

Migration = Callable[[sqlite_utils.Database], None]


class SchemaTooNew(StartupError):
    """The file was written by a newer version of the application."""


def refused_opening(path: Path, exc: BaseException) -> BaseException:
    """What opening the database file `path` says when `exc` stopped it: a schema too new,
    named with its file, or an unreadable file in words; anything else as it was."""
    if isinstance(exc, SchemaTooNew) and exc.path is None:
        return SchemaTooNew(f"{exc.message} ({path})", exc.next_step, path=path)
    if isinstance(exc, OSError | sqlite3.Error):
        return startup_error(path, exc)
    return exc


def migrate(db: sqlite_utils.Database, migrations: Sequence[Migration], name: str) -> int:
    while True:
        with write_transaction(db):
            current = int(db.execute("PRAGMA user_version").fetchone()[0])
            if current > len(migrations):
                raise SchemaTooNew(
                    f"The {name} database is from a newer version of the application "
                    f"(schema {current}, this version knows {len(migrations)}).",
                    "Update the application.",
                )
            if current == len(migrations):
                return current
            # Read and step inside one write transaction: two processes opening an old
            # file at once apply each migration exactly once.
            migrations[current](db)
            db.execute(f"PRAGMA user_version = {current + 1}")


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """All or nothing, holding the write lock from the start.

    BEGIN IMMEDIATE makes a second process (the CLI beside the window) wait for the
    lock instead of reading a state this transaction is about to change. sqlite-utils
    nests its own writes inside as savepoints. Inside a caller's transaction this one
    joins it as a savepoint, so a change and its audit entry can commit together.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    pending: list[Callable[[], object]] = []
    setattr(db, _AFTER_COMMIT, pending)
    try:
        try:
            yield db
        except BaseException:
            db.conn.rollback()
            raise
        db.conn.commit()
    finally:
        setattr(db, _AFTER_COMMIT, None)
    for callback in pending:
        callback()


_AFTER_COMMIT = "_icorerx_after_commit"


def after_commit(db: sqlite_utils.Database, callback: Callable[[], object]) -> bool:
    """Run `callback` once the `write_transaction` now open on `db` has committed.

    False when no `write_transaction` is open (the caller then runs it itself once its
    own change is committed); a rolled-back transaction runs nothing.
    """
    pending: list[Callable[[], object]] | None = getattr(db, _AFTER_COMMIT, None)
    if pending is None:
        return False
    if callback not in pending:
        pending.append(callback)
    return True
