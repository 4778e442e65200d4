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


def round_trips(sql: Any, action: Callable[[], object]) -> list[str]:
    """What the desk sent while `action` ran on `sql` (a `PostgresSql`), one item per round
    trip: a simple query's text, or the statements a Sync ended joined with ' + '
    ('(prepared)' when they were prepared before)."""
    pgconn = sql.conn.pgconn
    with tempfile.TemporaryFile("w+") as trace:
        pgconn.trace(trace.fileno())
        try:
            action()
        finally:
            pgconn.untrace()
        trace.seek(0)
        trips, statements = [], []
        for line in trace:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 4 or fields[1] != "F":
                continue
            if fields[3].startswith("Parse"):
                statements.append(fields[4].split('"')[3] if fields[4].count('"') >= 4 else "")
            elif fields[3].startswith("Query"):
                trips.append(fields[4])
            elif fields[3].startswith("Sync"):
                trips.append(" + ".join(statements) or "(prepared)")
                statements = []
    return trips
