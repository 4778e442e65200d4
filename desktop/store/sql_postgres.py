"""The clinic database's side of `store.sql`: the `Sql` interface on one psycopg connection.

A module of its own so that a single desk, which never opens PostgreSQL, never loads psycopg.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import TupleRow

from desktop.store.sql import Cursor, Dialect, dict_rows, insert_statement, lock_id

PgConnection = psycopg.Connection[TupleRow]
_OPEN = (psycopg.pq.TransactionStatus.INTRANS, psycopg.pq.TransactionStatus.INERROR)


class PostgresSql:
    """The clinic database, through one psycopg connection (autocommit outside `transaction`)."""

    dialect: Dialect = "postgresql"
    like = "ILIKE"
    no_index = ""

    def __init__(self, conn: PgConnection) -> None:
        if conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS:
            conn.rollback()  # a read before (e.g. the schema's version) left one open
        conn.autocommit = True  # a statement outside `transaction` commits on its own
        self.conn = conn
        self._pending: list[Callable[[], object]] | None = None
        self._depth = 0
        self._savepoints = 0
        self._unreleased: dict[int, str] = {}
        """Savepoints whose block ended, by depth: released with the next one taken there."""

    @staticmethod
    def translate(statement: str) -> str:
        """`?` placeholders as psycopg's `%s`; a literal `%` (LIKE 'a%') doubled."""
        return statement.replace("%", "%%").replace("?", "%s")

    def execute(self, statement: str, params: Sequence[object] = ()) -> Cursor:
        return self.conn.execute(self.translate(statement).encode(), list(params))

    def query(self, statement: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(self.translate(statement).encode(), list(params))
        return dict_rows(cursor, cursor.description)

    def insert(self, table: str, row: Mapping[str, object]) -> None:
        self.execute(*insert_statement(table, row))

    def insert_returning_id(self, table: str, row: Mapping[str, object]) -> int:
        statement, values = insert_statement(table, row)
        return int(self.execute(f"{statement} RETURNING id", values).fetchone()[0])

    def insert_or_ignore(self, table: str, row: Mapping[str, object]) -> None:
        statement, values = insert_statement(table, row)
        self.execute(f"{statement} ON CONFLICT DO NOTHING", values)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; inside an open one, a savepoint of it. Then the after-commit calls."""
        if self._pending is not None:
            with self._savepoint():
                yield
            return
        self._pending = []
        self._unreleased.clear()
        try:
            with self.conn.transaction():
                yield
            pending = self._pending
        finally:
            self._pending = None
            self._unreleased.clear()
            self._depth = 0
        for callback in pending:
            callback()

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[None]:
        """A savepoint the block rolls back to if it fails, and that is never released alone.

        A savepoint that served its block needs no RELEASE of its own: the commit ends it,
        and so does the release of the savepoint around it. Each RELEASE would be one more
        round trip, and the audit entry of a signature is appended three savepoints deep,
        holding the audit chain's lock that every other desk waits for. So a savepoint is
        released only in the same statement that takes the next one at its depth (which
        keeps a loop of many blocks in one transaction from nesting them all).
        """
        depth = self._depth + 1
        self._savepoints += 1
        name = f"icorerx_sp_{self._savepoints}"
        earlier = self._unreleased.pop(depth, None)
        release = f"RELEASE SAVEPOINT {earlier}; " if earlier else ""
        self.conn.execute(f"{release}SAVEPOINT {name}".encode(), prepare=False)
        self._depth = depth
        try:
            yield
        except BaseException:
            self._forget_below(depth)
            if self.conn.info.transaction_status in _OPEN:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}".encode(), prepare=False)
            raise
        finally:
            self._depth = depth - 1
            self._unreleased[depth] = name
        self._forget_below(depth)

    def _forget_below(self, depth: int) -> None:
        """The savepoints inside the one at `depth` end with it: none is left to release."""
        for deeper in [d for d in self._unreleased if d > depth]:
            del self._unreleased[deeper]

    @property
    def in_transaction(self) -> bool:
        return self._pending is not None

    def after_commit(self, callback: Callable[[], object]) -> bool:
        if self._pending is None:
            return False
        if callback not in self._pending:
            self._pending.append(callback)
        return True

    def serialise(self, name: str) -> None:
        """Every desk appending under `name` waits here until this transaction ends."""
        if self._pending is None:
            raise RuntimeError("serialise() belongs inside a transaction")
        self.execute("SELECT pg_advisory_xact_lock(?)", [lock_id(name)])

    def serialised(self, name: str, statement: str, params: Sequence[object] = ()) -> Cursor:
        """Take the lock and run `statement` after it, both sent in one round trip.

        Every round trip made while the lock is held is time every other desk waits to
        append, so the lock and the read of the chain's head go out together (a pipeline).
        They stay two statements: in READ COMMITTED a statement reads the rows committed
        when IT starts, so one statement that took the lock and then read the head would
        read the head as it was before it waited, and chain to a row already chained to.
        """
        if self._pending is None:
            raise RuntimeError("serialise() belongs inside a transaction")
        if not psycopg.Pipeline.is_supported():
            self.serialise(name)
            return self.execute(statement, params)
        with self.conn.pipeline():
            self.execute("SELECT pg_advisory_xact_lock(?)", [lock_id(name)])
            cursor = self.execute(statement, params)
        return cursor

    def append_serialised(
        self, name: str, read: str, write: Callable[[Any], tuple[str, Sequence[object]]]
    ) -> None:
        """See `Sql.append_serialised`. In a transaction of its own: two round trips, the lock
        held for the second alone (the write and the commit sent together), not four."""
        if self._pending is not None or not psycopg.Pipeline.is_supported():
            with self.transaction():
                statement, params = write(self.serialised(name, read).fetchone())
                self.execute(statement, params)
            return
        conn = self.conn
        try:
            with conn.pipeline():
                conn.execute(b"BEGIN")
                self.execute("SELECT pg_advisory_xact_lock(?)", [lock_id(name)])
                head = self.execute(read)
            statement, params = write(head.fetchone())
            with conn.pipeline():
                self.execute(statement, params)
                conn.execute(b"COMMIT")
        except BaseException:
            if conn.info.transaction_status in _OPEN:
                with contextlib.suppress(psycopg.Error):
                    conn.execute(b"ROLLBACK")
            raise

    def for_update(self) -> str:
        return " FOR UPDATE"

    def json_text(self, column: str, field: str) -> str:
        return f"(({column})::jsonb ->> '{field}')"

    def folder(self) -> Path | None:
        return None

    def close(self) -> None:
        self.conn.close()
