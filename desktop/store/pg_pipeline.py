"""Statements sent to the clinic database together: one round trip that ends on its Sync.

psycopg's own pipeline (`Connection.pipeline()`) ends with a Sync and then a Flush request.
PostgreSQL starts the clock of `idle_in_transaction_session_timeout` only when the last
message it answered was a Sync; after a Flush it waits for the next message with no clock
running. A desk that froze (a laptop lid shut, a stopped process) right after such a
pipeline left its transaction open would never be ended by the server, and would hold the
locks it took for good: the audit chain's, which every other desk's signature waits for.

Here the statements go out in libpq's pipeline mode with a Sync and nothing after it, and
every answer is read, up to the Sync's. Their parameters are adapted and their rows loaded
by psycopg (the connection's adapters), so a statement reads the same as through
`Connection.execute`, and a refused one raises the same psycopg error.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from psycopg import abc, pq
from psycopg.adapt import PyFormat, Transformer
from psycopg.generators import fetch_many, send
from psycopg.rows import TupleRow

PgConnection = psycopg.Connection[TupleRow]
Statement = tuple[str, Sequence[object]]
"""A statement with `?` placeholders, and its parameters."""

_Send = tuple[bytes, Sequence[abc.Buffer | None], abc.Transformer]
"""A statement as sent: its text, its parameters adapted, and what adapted them."""
_FAILED = (pq.ExecStatus.FATAL_ERROR, pq.ExecStatus.PIPELINE_ABORTED)


class Rows:
    """One statement's answer, read in full: a `store.sql.Cursor`, as `execute` gives back."""

    def __init__(self, result: pq.abc.PGresult, tx: abc.Transformer, encoding: str) -> None:
        tuples = result.status == pq.ExecStatus.TUPLES_OK
        tx.set_pgresult(result)
        self._rows: list[tuple[Any, ...]] = tx.load_rows(0, result.ntuples, tuple) if tuples else []
        self.description: list[tuple[Any, ...]] | None = None
        if tuples:
            self.description = [
                (_name(result.fname(i), encoding), result.ftype(i), None, None, None, None, None)
                for i in range(result.nfields)
            ]
        affected = result.command_tuples
        self.rowcount = -1 if affected is None else affected
        self._next = 0

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[tuple[Any, ...]]:
        rest, self._next = self._rows[self._next :], len(self._rows)
        return rest

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.fetchall())


def _name(name: bytes | None, encoding: str) -> str:
    return "" if name is None else name.decode(encoding)


def numbered(statement: str, count: int) -> str:
    """`?` placeholders as PostgreSQL's `$1`, `$2`...: `count` of them, or a ProgrammingError
    (as psycopg raises for a statement and parameters that do not match)."""
    parts = statement.split("?")
    if len(parts) - 1 != count:
        raise psycopg.ProgrammingError(
            f"the statement has {len(parts) - 1} placeholders but {count} parameters were passed"
        )
    return "".join(f"{part}${i}" for i, part in enumerate(parts[:-1], 1)) + parts[-1]


def pipelined(conn: PgConnection, statements: Sequence[Statement]) -> list[Rows]:
    """Run `statements` in one round trip ending on its Sync; their answers, in order.

    Every answer up to the Sync's is read before anything is raised, so the connection is
    ready for its next statement whatever happened. The first statement the server refused
    raises its psycopg error (the ones after it were skipped), as a psycopg pipeline does; the
    connection lost on the way with no error said is a `psycopg.OperationalError`.
    """
    encoding = conn.info.encoding
    sends: list[_Send] = []
    for statement, params in statements:  # adapted before anything is sent: a bad one sends none
        tx = Transformer(conn)
        values = tx.dump_sequence(list(params), [PyFormat.AUTO] * len(params))
        sends.append((numbered(statement, len(params)).encode(encoding), values, tx))
    with conn.lock:
        if conn.closed:
            raise psycopg.OperationalError("the connection is closed")
        answers, complete = _exchange(conn, sends)
    failed = [answer for answer in answers if answer.status in _FAILED]
    if failed and failed[0].status == pq.ExecStatus.FATAL_ERROR:
        raise psycopg.errors.error_from_result(failed[0], encoding=encoding)
    if not complete:
        said = conn.pgconn.get_error_message(encoding)
        raise psycopg.OperationalError(said or "the connection ended before every answer came")
    if failed:
        raise psycopg.errors.PipelineAborted("pipeline aborted")
    return [Rows(answer, tx, encoding) for answer, (_, _, tx) in zip(answers, sends, strict=True)]


def _exchange(conn: PgConnection, sends: Sequence[_Send]) -> tuple[list[pq.abc.PGresult], bool]:
    """Send, then read each statement's answer (the first failure, or the last result) up to
    the Sync's; and whether they all came (False: the connection ended on the way)."""
    pgconn = conn.pgconn
    pgconn.enter_pipeline_mode()
    try:
        for query, values, tx in sends:
            pgconn.send_query_params(
                query, values or None, param_types=tx.types, param_formats=tx.formats
            )
        pgconn.pipeline_sync()  # the last message: no Flush request after it
        conn.wait(send(pgconn))
        answers: list[pq.abc.PGresult] = []
        while (results := conn.wait(fetch_many(pgconn))) and (
            results[-1].status != pq.ExecStatus.PIPELINE_SYNC
        ):
            failed = [r for r in results if r.status in _FAILED]
            answers.append(failed[0] if failed else results[-1])
        complete = bool(results) and pgconn.status != pq.ConnStatus.BAD
        return answers, complete and len(answers) == len(sends)
    finally:
        _leave_pipeline_mode(conn)


def _leave_pipeline_mode(conn: PgConnection) -> None:
    """Out of pipeline mode; a connection whose answers could not all be read (interrupted on
    the way) is closed, not used again with an answer left unread."""
    if conn.pgconn.status == pq.ConnStatus.BAD:
        return
    try:
        conn.pgconn.exit_pipeline_mode()
    except psycopg.OperationalError:
        conn.close()
