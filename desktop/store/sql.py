"""The one SQL interface the stores call, on SQLite (a single desk) or PostgreSQL (a clinic).

The stores write their statements once, with `?` placeholders and ISO text for times,
and call `execute`, `query`, `insert` and `transaction` here. Every difference between
the two databases lives in this module:

- placeholders: `?` on SQLite; `%s` on PostgreSQL (a literal `%` is doubled);
- a write transaction: `BEGIN IMMEDIATE` on SQLite (`migrations.write_transaction`), so a
  second process waits for the lock instead of reading a state about to change; a
  transaction on PostgreSQL. Inside an open one, either joins it as a savepoint;
- serialising writers that read-then-append (the audit chain): SQLite's write lock is
  already held from `BEGIN IMMEDIATE`; PostgreSQL takes `pg_advisory_xact_lock`, held
  until the transaction ends (`serialise`; `serialised` sends the read that follows the
  lock in the same round trip);
- rows another desk may be changing at the same moment: `FOR UPDATE` on PostgreSQL
  (`for_update`), nothing on SQLite, where the write lock already keeps them;
- a new row's id: `lastrowid` on SQLite, `RETURNING` on PostgreSQL (`insert`);
- "insert unless it is there": `INSERT OR IGNORE` / `ON CONFLICT DO NOTHING`;
- case-blind matching of names: `LIKE` / `ILIKE` (`like`);
- walking by seq, not by another column's index: SQLite's `+column` (`no_index`);
- a text field of the JSON kept as text: `json_extract` / `::jsonb ->>` (`json_text`).
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

import sqlite_utils

from desktop.store.migrations import after_commit, write_transaction

Dialect = Literal["sqlite", "postgresql"]


class Cursor(Protocol):
    """What `execute` gives back: sqlite3's and psycopg's cursors both are one."""

    @property
    def rowcount(self) -> int: ...

    @property
    def description(self) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Sql(Protocol):
    """A store's connection to its database, whichever database that is."""

    dialect: Dialect
    like: str
    """The case-blind LIKE: SQLite's own LIKE; ILIKE on PostgreSQL."""
    no_index: str
    """Put before a column to keep SQLite off its index (`+at`); nothing on PostgreSQL."""

    def execute(self, statement: str, params: Sequence[object] = ()) -> Cursor: ...

    def query(self, statement: str, params: Sequence[object] = ()) -> list[dict[str, Any]]: ...

    def insert(self, table: str, row: Mapping[str, object]) -> None: ...

    def insert_returning_id(self, table: str, row: Mapping[str, object]) -> int: ...

    def insert_or_ignore(self, table: str, row: Mapping[str, object]) -> None: ...

    def transaction(self) -> contextlib.AbstractContextManager[None]: ...

    @property
    def in_transaction(self) -> bool: ...

    def after_commit(self, callback: Callable[[], object]) -> bool: ...

    def serialise(self, name: str) -> None: ...

    def serialised(self, name: str, statement: str, params: Sequence[object] = ()) -> Cursor:
        """`serialise(name)`, then `statement`: in one round trip where the database allows."""
        ...

    def append_serialised(
        self, name: str, read: str, write: Callable[[Any], tuple[str, Sequence[object]]]
    ) -> None:
        """In the caller's transaction (a savepoint of it) or one of its own: take the lock
        `name`, run `read`, give its first row (or None) to `write`, run the statement that
        returns. The read-then-append of the audit chain."""
        ...

    def for_update(self) -> str: ...

    def json_text(self, column: str, field: str) -> str: ...

    def folder(self) -> Path | None: ...

    def close(self) -> None: ...


def insert_statement(
    table: str, row: Mapping[str, object], verb: str = "INSERT"
) -> tuple[str, list[Any]]:
    columns = list(row)
    marks = ", ".join("?" for _ in columns)
    return f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({marks})", list(row.values())


def upsert(sql: Sql, table: str, row: Mapping[str, object], key: str) -> None:
    """Insert the row, or update the one with the same `key`: one statement on both databases."""
    statement, values = insert_statement(table, row)
    changes = ", ".join(f"{column} = excluded.{column}" for column in row if column != key)
    sql.execute(f"{statement} ON CONFLICT ({key}) DO UPDATE SET {changes}", values)


def update(sql: Sql, table: str, key: tuple[str, object], values: Mapping[str, object]) -> int:
    """Set `values` on the row whose `key` column holds the value given; how many rows."""
    changes = ", ".join(f"{column} = ?" for column in values)
    statement = f"UPDATE {table} SET {changes} WHERE {key[0]} = ?"
    return sql.execute(statement, [*values.values(), key[1]]).rowcount


def dict_rows(cursor: Cursor, description: Sequence[Any] | None) -> list[dict[str, Any]]:
    names = [column[0] for column in description or ()]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


class SqliteSql:
    """The single desk's file, through the `sqlite_utils.Database` the stores always used."""

    dialect: Dialect = "sqlite"
    like = "LIKE"
    no_index = "+"

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def execute(self, statement: str, params: Sequence[object] = ()) -> Cursor:
        """sqlite-utils commits a write made outside a transaction, as PostgreSQL does."""
        return self.db.execute(statement, list(params))

    def query(self, statement: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        cursor = self.db.execute(statement, list(params))
        return dict_rows(cursor, cursor.description)

    def insert(self, table: str, row: Mapping[str, object]) -> None:
        self.db.execute(*insert_statement(table, row))

    def insert_returning_id(self, table: str, row: Mapping[str, object]) -> int:
        return int(self.db.execute(*insert_statement(table, row)).lastrowid or 0)

    def insert_or_ignore(self, table: str, row: Mapping[str, object]) -> None:
        self.db.execute(*insert_statement(table, row, "INSERT OR IGNORE"))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with write_transaction(self.db):
            yield

    @property
    def in_transaction(self) -> bool:
        return self.db.conn.in_transaction

    def after_commit(self, callback: Callable[[], object]) -> bool:
        return after_commit(self.db, callback)

    def serialise(self, name: str) -> None:
        """Nothing to take: `BEGIN IMMEDIATE` already holds the file's one write lock."""
        if not self.db.conn.in_transaction:
            raise RuntimeError("serialise() belongs inside a transaction")

    def serialised(self, name: str, statement: str, params: Sequence[object] = ()) -> Cursor:
        self.serialise(name)
        return self.execute(statement, params)

    def append_serialised(
        self, name: str, read: str, write: Callable[[Any], tuple[str, Sequence[object]]]
    ) -> None:
        with self.transaction():
            statement, params = write(self.serialised(name, read).fetchone())
            self.execute(statement, params)

    def for_update(self) -> str:
        return ""

    def json_text(self, column: str, field: str) -> str:
        return f"json_extract({column}, '$.{field}')"

    def folder(self) -> Path | None:
        for _seq, name, file in self.db.conn.execute("PRAGMA database_list"):
            if name == "main" and file:
                return Path(file).parent
        return None

    def close(self) -> None:
        self.db.close()


def lock_id(name: str) -> int:
    """A stable 64-bit advisory lock number for `name` (the same at every desk)."""
    return 0x1C0E_7258_0000_0000 | zlib.crc32(name.encode())


def as_sql(db: sqlite_utils.Database | Sql) -> Sql:
    """The SQL interface of `db`: a `sqlite_utils.Database` is wrapped, an `Sql` kept."""
    if isinstance(db, sqlite_utils.Database):
        return SqliteSql(db)
    return db


def sqlite_db(sql: Sql) -> sqlite_utils.Database:
    """The single desk's `sqlite_utils.Database` behind `sql`, for what runs on SQLite only."""
    if isinstance(sql, SqliteSql):
        return sql.db
    raise NotOnClinicDatabase()


class NotOnClinicDatabase(RuntimeError):
    """A store that still speaks to SQLite alone was asked for on the clinic database."""

    def __init__(self) -> None:
        super().__init__("this part of the store runs on a single desk's SQLite file only")


def database_errors() -> tuple[type[Exception], ...]:
    """What either database raises for a statement it refuses. psycopg's errors only once
    psycopg is loaded (`store.sql_postgres`): a single desk never loads it."""
    psycopg = sys.modules.get("psycopg")
    return (sqlite3.Error,) if psycopg is None else (sqlite3.Error, psycopg.Error)
