"""The clinic database's side of `store.sql`: the `Sql` interface on one psycopg connection.

A module of its own so that a single desk, which never opens PostgreSQL, never loads psycopg.

The connection can be lost at any moment (the server restarted, the network dropped):
every call that loses it raises `ClinicServerAway` (`store.server_away`), and the next
call outside a transaction opens a new one with the same settings (`reconnect`). A
connection the server hung up on while it sat idle is noticed before it is used (its
socket has something to read: the server's goodbye), so the first save after a
restart does not fail for nothing. Nothing is ever re-sent here: a statement or a
transaction that broke is reported, and a write that a retry could repeat carries an
idempotency key (`store.write_keys`) that makes the person's retry safe.
"""

from __future__ import annotations

import contextlib
import logging
import select
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg.rows import TupleRow

from desktop.store.pg_pipeline import Statement, pipelined
from desktop.store.server_away import ClinicServerAway, ServerReach
from desktop.store.sql import Cursor, Dialect, dict_rows, insert_statement, lock_id

PgConnection = psycopg.Connection[TupleRow]
Reconnect = Callable[[], PgConnection]
"""Opens a new connection with the settings of the first (address, password, CA), or raises
`ClinicServerAway` when the server cannot be reached."""

R = TypeVar("R")
log = logging.getLogger(__name__)
_OPEN = (psycopg.pq.TransactionStatus.INTRANS, psycopg.pq.TransactionStatus.INERROR)

_LOST_STATES = ("08", "57P01", "57P02", "57P03", "25P03", "57P05")
"""SQLSTATEs of a connection that is gone: class 08 (connection exception), the server's
administrator shutdown, crash shutdown, "cannot connect now", and the server ending a
session left idle inside its transaction or idle at all (a desk that was frozen)."""


def connection_lost(conn: PgConnection, exc: BaseException) -> bool:
    """Is `exc` the connection going away (rather than a statement the server refused)?"""
    if conn.closed or conn.broken:
        return True
    state = getattr(exc, "sqlstate", None) or ""
    return isinstance(exc, psycopg.InterfaceError) or state.startswith(_LOST_STATES)


class PostgresSql:
    """The clinic database, through one psycopg connection (autocommit outside `transaction`)."""

    dialect: Dialect = "postgresql"
    like = "ILIKE"
    no_index = ""

    def __init__(self, conn: PgConnection, reconnect: Reconnect | None = None) -> None:
        self.conn = self._ready(conn)
        self._reconnect = reconnect
        self._pending: list[Callable[[], object]] | None = None
        self._depth = 0
        self._savepoints = 0
        self._unreleased: dict[int, str] = {}
        """Savepoints whose block ended, by depth: released with the next one taken there."""
        self.reach = ServerReach()
        """Away after a call lost the server, back after one succeeds (the status bar)."""

    @staticmethod
    def _ready(conn: PgConnection) -> PgConnection:
        if conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS:
            conn.rollback()  # a read before (e.g. the schema's version) left one open
        conn.autocommit = True  # a statement outside `transaction` commits on its own
        return conn

    @staticmethod
    def translate(statement: str) -> str:
        """`?` placeholders as psycopg's `%s`; a literal `%` (LIKE 'a%') doubled."""
        return statement.replace("%", "%%").replace("?", "%s")

    # --- the connection, kept alive ------------------------------------------------------
    def _usable(self) -> PgConnection:
        """The connection for the next statement: inside a transaction the one it began on
        (a transaction never moves to another connection); outside, a live one."""
        if self._pending is not None:
            if self.conn.closed or self.conn.broken:
                raise ClinicServerAway(detail="the connection broke inside a transaction")
            return self.conn
        if self.conn.closed or self.conn.broken or self._hung_up():
            self._reopen()
        return self.conn

    def _hung_up(self) -> bool:
        """Did the server end this idle connection (a restart, an administrator)? Only a
        socket with something to read costs a round trip; a quiet one is taken as live."""
        try:
            readable, _, _ = select.select([self.conn.fileno()], [], [], 0)
            if not readable:
                return False
            self.conn.execute(b"SELECT 1")  # a notice or a notification: still fine
        except (psycopg.Error, OSError, ValueError):
            return True
        return False

    def _reopen(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()
        if self._reconnect is None:
            self.reach.lost()
            raise ClinicServerAway(detail="the connection was lost and cannot be reopened")
        try:
            conn = self._reconnect()
        except ClinicServerAway as exc:
            log.warning("the clinic database is still out of reach: %s", exc.detail)
            self.reach.lost()
            raise
        except (psycopg.OperationalError, psycopg.InterfaceError, OSError) as exc:
            log.warning("the clinic database is still out of reach: %s", exc)
            self.reach.lost()
            raise ClinicServerAway(detail=str(exc)) from exc
        self.conn = self._ready(conn)
        log.info("reconnected to the clinic database")

    def _call(self, work: Callable[[PgConnection], R]) -> R:
        conn = self._usable()
        try:
            result = work(conn)
        except psycopg.Error as exc:
            if not connection_lost(conn, exc):
                raise
            self.reach.lost()
            log.warning("the clinic database connection was lost: %s", exc)
            raise ClinicServerAway(detail=str(exc)) from exc
        self.reach.answered()
        return result

    # --- statements ------------------------------------------------------------------------
    def execute(self, statement: str, params: Sequence[object] = ()) -> Cursor:
        query = self.translate(statement).encode()
        return self._call(lambda conn: conn.execute(query, list(params)))

    def query(self, statement: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        cursor = self.execute(statement, params)
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
        """One transaction; inside an open one, a savepoint of it. Then the after-commit calls.

        The server lost at COMMIT is `ClinicServerAway(unknown=True)`: it may have kept
        the change. Lost before, the server rolled it back: nothing was kept.
        """
        if self._pending is not None:
            with self._savepoint():
                yield
            return
        conn = self._usable()  # outside one: a live connection before BEGIN
        self._pending = []
        self._unreleased.clear()
        committing = False
        try:
            try:
                with conn.transaction():
                    yield
                    committing = True
            except psycopg.Error as exc:
                raise self._lost(conn, exc, unknown=committing) from exc
            pending = self._pending
        finally:
            self._pending = None
            self._unreleased.clear()
            self._depth = 0
        self.reach.answered()
        for callback in pending:
            callback()

    def _lost(self, conn: PgConnection, exc: Exception, *, unknown: bool) -> Exception:
        """`exc` as `ClinicServerAway` when it is the connection going away; else itself."""
        if not connection_lost(conn, exc):
            return exc
        self.reach.lost()
        log.warning("the clinic database connection was lost: %s", exc)
        return ClinicServerAway(unknown=unknown, detail=str(exc))

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
            if not self.conn.broken and self.conn.info.transaction_status in _OPEN:
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
        self.execute(*_lock(name))

    def serialised(self, name: str, statement: str, params: Sequence[object] = ()) -> Cursor:
        """Take the lock and run `statement` after it, both sent in one round trip.

        Every round trip made while the lock is held is time every other desk waits to
        append, so the lock and the read of the chain's head go out together (a pipeline).
        They stay two statements: in READ COMMITTED a statement reads the rows committed
        when IT starts, so one statement that took the lock and then read the head would
        read the head as it was before it waited, and chain to a row already chained to.
        The exchange ends on its Sync (`store.pg_pipeline`), so the server still ends this
        desk's session if it freezes right after, with the lock held.
        """
        if self._pending is None:
            raise RuntimeError("serialise() belongs inside a transaction")
        if not psycopg.Pipeline.is_supported():
            self.serialise(name)
            return self.execute(statement, params)
        lock = _lock(name)
        return self._call(lambda conn: pipelined(conn, [lock, (statement, params)])[-1])

    def append_serialised(
        self, name: str, read: str, write: Callable[[Any], tuple[str, Sequence[object]]]
    ) -> None:
        """See `Sql.append_serialised`. In a transaction of its own: two round trips, the lock
        held for the second alone (the write and the commit sent together), not four.

        The connection lost on the way is `ClinicServerAway`, `unknown` once the commit
        was sent (it may have been kept)."""
        if self._pending is not None or not psycopg.Pipeline.is_supported():
            with self.transaction():
                statement, params = write(self.serialised(name, read).fetchone())
                self.execute(statement, params)
            return
        conn = self._usable()
        committing = False
        try:
            head = pipelined(conn, [("BEGIN", ()), _lock(name), (read, ())])[-1]
            statement, params = write(head.fetchone())
            committing = True
            pipelined(conn, [(statement, params), ("COMMIT", ())])
        except BaseException as exc:
            if isinstance(exc, psycopg.Error) and connection_lost(conn, exc):
                raise self._lost(conn, exc, unknown=committing) from exc
            if conn.info.transaction_status in _OPEN:
                with contextlib.suppress(psycopg.Error):
                    conn.execute(b"ROLLBACK")
            raise
        self.reach.answered()

    def for_update(self) -> str:
        return " FOR UPDATE"

    def json_text(self, column: str, field: str) -> str:
        return f"(({column})::jsonb ->> '{field}')"

    def folder(self) -> Path | None:
        return None

    def close(self) -> None:
        self.conn.close()


def _lock(name: str) -> Statement:
    """The statement that takes the lock `name` until the transaction ends."""
    return "SELECT pg_advisory_xact_lock(?)", [lock_id(name)]
