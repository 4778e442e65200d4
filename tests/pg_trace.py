"""Round trips to the clinic database, read from libpq's protocol trace: each is time the desk
waits for the server (and, inside a transaction, time another desk waits on its locks).

One Sync (statements sent with parameters, in one pipeline or alone) or one simple Query
(BEGIN, SAVEPOINT, COMMIT...) sent by the desk is one round trip: each is answered before the
desk goes on. `tests/test_clinic_round_trips.py` checks which trips the audit chain's lock is
held for; `bench/clinic.py` prints how many one prescription takes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any


def sent(sql: Any, action: Callable[[], object]) -> list[list[str]]:
    """The messages the desk sent while `action` ran on `sql` (a `PostgresSql`): each as
    libpq's trace gives its fields after the direction (name, then what it carries)."""
    pgconn = sql.conn.pgconn
    with tempfile.TemporaryFile("w+") as trace:
        pgconn.trace(trace.fileno())
        try:
            action()
        finally:
            pgconn.untrace()
        trace.seek(0)
        fields = [line.rstrip("\n").split("\t") for line in trace]
    return [f[3:] for f in fields if len(f) >= 4 and f[1] == "F"]


def sent_names(sql: Any, action: Callable[[], object]) -> list[str]:
    """The names of the messages the desk sent while `action` ran (Parse, Sync, Flush...)."""
    return [message[0].split(" ")[0] for message in sent(sql, action)]


def round_trips(sql: Any, action: Callable[[], object]) -> list[str]:
    """What the desk sent while `action` ran on `sql` (a `PostgresSql`), one item per round
    trip: a simple query's text, or the statements a Sync ended joined with ' + '
    ('(prepared)' when they were prepared before)."""
    trips: list[str] = []
    statements: list[str] = []
    for message in sent(sql, action):
        name, carried = message[0], message[1] if len(message) > 1 else ""
        if name.startswith("Parse"):
            statements.append(carried.split('"')[3] if carried.count('"') >= 4 else "")
        elif name.startswith("Query"):
            trips.append(carried)
        elif name.startswith("Sync"):
            trips.append(" + ".join(statements) or "(prepared)")
            statements = []
    return trips
